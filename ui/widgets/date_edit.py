"""A DD/MM/YYYY date field with inline validation and an optional empty state.

Why a line edit and not ``QDateEdit``: a ``QDateEdit`` always holds *some* date, so "not known yet"
needs a sentinel, and its section-by-section spinning is slow for people typing dates off a letter.
Here the user types ``26/11/2026`` (``26/11/26`` is not accepted: a two-digit year is ambiguous for a
date of birth), or an ISO ``2026-11-26`` pasted from elsewhere. When the text is a real date the
field's tooltip and accessible description read it back in long form ("26 November 2026"), so a
day/month slip is easy to spot; when it is not, ``error()`` says why and the field is marked invalid.

Parsing is :func:`casebook.domain.validate.parse_date`, the same function the services use, so the
form and the service never disagree about what a valid date is.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from casebook.domain.validate import format_date, parse_date
from ui.widgets import error_colour

# What may be typed at all: digits with / or - separators, at most 10 characters.
_TYPING = QRegularExpression(r"^[0-9/\-]{0,10}$")


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
        self.setMaxLength(10)
        self.setClearButtonEnabled(optional)
        # Wide enough for "00/00/0000" in the current font, without stretching across a form.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.textChanged.connect(self._on_text_changed)
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
            return parse_date(self.text(), required=False)
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
            parse_date(text, required=False)
        except ValueError as exc:
            return str(exc)
        return ""

    def isValid(self) -> bool:
        return not self.error()

    def value(self) -> str:
        """What a form passes to a service: the text as typed (the service parses it again)."""
        return self.text().strip()

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
