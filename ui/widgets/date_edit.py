"""A DD/MM/YYYY date field with inline validation and an optional empty state.

Why a line edit and not ``QDateEdit``: a ``QDateEdit`` always holds *some* date, so "not known yet"
needs a sentinel, and its section-by-section spinning is slow for people typing dates off a letter.
Here the user types ``26/11/2026`` (``26/11/26`` is not accepted: a two-digit year is ambiguous for a
date of birth), an ISO ``2026-11-26``, or a date as a letter writes it and Casebook shows it ("26
November 2026", "26 Nov 2026", "26.11.2026"), which becomes 26/11/2026 on leaving the field. When the
text is a real date the field's tooltip and accessible description read it back in long form ("26
November 2026"), so a day/month slip is easy to spot; when it is not, ``error()`` says why and the
field is marked invalid.

Parsing is :func:`casebook.domain.validate.parse_date`, the same function the services use, so the
form and the service never disagree about what a valid date is.
"""

from __future__ import annotations

import datetime as _dt
import re

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from casebook.domain.dates import MONTHS
from casebook.domain.validate import format_date, parse_date
from ui.widgets import error_colour

# What may be typed at all: digits with / - or . separators, or a date as letters write it ("26 November
# 2026", "3rd Dec 2026"); anything else (a stray letter in 26/1x/2026) is not taken. The validator lets
# through every beginning of these, so each can be typed key by key, and pasted whole.
_TYPING = QRegularExpression(r"^(?:[0-9/.\-]{0,10}|\d{1,2}(?:st|nd|rd|th)?\s[A-Za-z]{3,9}\.?,?\s\d{4})$")
_MONTHS = {m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$")


def normalised(text: str) -> str:
    """``text`` as DD/MM/YYYY where it is a day, month and year written another way ("26 November 2026",
    the way Casebook itself shows dates; "26 Nov 2026"; "26.11.2026"; "26-11-2026"); otherwise unchanged,
    for :func:`parse_date` to accept or explain. A day that does not exist (31 February) stays wrong."""
    t = " ".join((text or "").split())
    m = _NUMERIC.match(t)
    if m:
        return f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}"
    m = _WORDS.match(t.lower())
    if m:
        name = m[2]
        month = _MONTHS.get(name[:3])
        full = MONTHS[month - 1].lower() if month else ""  # (English whatever the locale)
        if month and (full.startswith(name) or name == "sept"):
            return f"{int(m[1]):02d}/{month:02d}/{m[3]}"
    return text


class DateEdit(QLineEdit):
    """A date typed as DD/MM/YYYY. ``optional=True`` lets the field be left empty (→ ``None``)."""

    #: Emitted when the typed text changes validity or value; carries the date or None.
    dateChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True,
                 value: _dt.date | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self.setPlaceholderText("DD/MM/YYYY")
        self.setValidator(QRegularExpressionValidator(_TYPING, self))
        self.setMaxLength(20)  # "30th September 2026"
        self.setClearButtonEnabled(optional)
        # Wide enough for "00/00/0000" in the current font, without stretching across a form.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.textChanged.connect(self._on_text_changed)
        self.editingFinished.connect(self._tidy)
        self._last: object = object()
        self.setDate(value)

    # ------------------------------------------------------------------ value
    def isOptional(self) -> bool:
        return self._optional

    def setOptional(self, optional: bool) -> None:
        self._optional = optional
        self.setClearButtonEnabled(optional)
        self._on_text_changed(self.text())

    def setDate(self, value: _dt.date | None) -> None:
        """Show ``value`` as DD/MM/YYYY; ``None`` empties the field."""
        self.setText(value.strftime("%d/%m/%Y") if value else "")

    def date(self) -> _dt.date | None:
        """The typed date, or ``None`` if the field is empty or not a real date."""
        try:
            return parse_date(normalised(self.text()), required=False)
        except ValueError:
            return None

    def isEmpty(self) -> bool:
        return not self.text().strip()

    def error(self) -> str:
        """Why the text is not acceptable ("" if it is). Phrased to follow the field's label."""
        text = self.text().strip()
        if not text:
            return "" if self._optional else "is required (DD/MM/YYYY)"
        try:
            parse_date(normalised(text), required=False)
        except ValueError as exc:
            return str(exc)
        return ""

    def isValid(self) -> bool:
        return not self.error()

    def value(self) -> str:
        """What a form passes to a service: the text as typed, a date written in words or with dots as
        DD/MM/YYYY (the service parses it again)."""
        return normalised(self.text().strip())

    def _tidy(self) -> None:
        """Leaving the field: a date written another way is shown as DD/MM/YYYY."""
        tidy = normalised(self.text())
        if tidy != self.text() and self.date() is not None:
            self.setText(tidy)

    # ------------------------------------------------------------------ feedback
    def default_description(self) -> str:
        """What a screen reader hears about the field when there is no error: the date read back."""
        d = self.date()
        return format_date(d) if d is not None else "Date, DD/MM/YYYY"

    def _on_text_changed(self, _text: str) -> None:
        d = self.date()
        self.setToolTip(format_date(d) if d is not None else "Type the date as DD/MM/YYYY, e.g. 26/11/2026")
        self.setAccessibleDescription(self.default_description())
        # A dynamic property the style sheet of the app (or a test) can use to mark a bad date.
        invalid = bool(self.text().strip()) and d is None
        if self.property("invalid") != invalid:
            self.setProperty("invalid", invalid)
            # The text turns red while it is not a real date: a palette change, so the native look
            # of the field is kept (a style sheet would replace it).
            pal = self.palette()
            if invalid:
                pal.setColor(QPalette.ColorRole.Text, QColor(error_colour()))
            else:
                pal.setColor(QPalette.ColorRole.Text,
                             QApplication.palette(self).color(QPalette.ColorRole.Text))
            self.setPalette(pal)
        if d != self._last:
            self._last = d
            self.dateChanged.emit(d)


__all__ = ["DateEdit"]
