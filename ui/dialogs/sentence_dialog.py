"""Add or edit a sentence; add a sentence adjustment (remand, tagged bail, UAL, ADA/RADA …).

The offence is chosen by name from the offence catalogue (a completer showing each offence's statute);
the release regime that follows from offence, term, age at sentence and date is shown with its working
(:func:`casebook.offences.decide`). An offence the catalogue does not know leaves the choice to the user:
the dialog asks for the release regime instead of assuming one.

Terms are typed as a solicitor writes them ("4 years 6 months", "18 months"), the short ``4y 6m`` or
ISO-8601 periods (``P4Y6M``); the long form ("4 years, 6 months") is read back beside the field. Which
terms a sentence type needs is the service's rule (determinate → custodial term; EDS → extension;
life/IPP → minimum term): its messages appear under the fields, nothing is decided here.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from casebook.domain import ADJUSTMENT_KINDS, RECALL_TYPES, SENTENCE_TYPES
from casebook.domain.validate import format_date, format_period, parse_period
from casebook.errors import ValidationError
from casebook.offences import Offence, age_on, catalogue, decide
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo

_UNITS = {"y": "Y", "yr": "Y", "yrs": "Y", "year": "Y", "years": "Y",
          "m": "M", "mth": "M", "mths": "M", "month": "M", "months": "M",
          "w": "W", "wk": "W", "wks": "W", "week": "W", "weeks": "W",
          "d": "D", "day": "D", "days": "D"}
_TERM_PART = re.compile(r"(\d+)\s*([a-z]+)")


def everyday_term(text: str) -> str:
    """A term as a solicitor writes it ("4 years 6 months", "18 months", "2 years and 3 days", "4 yrs")
    in the short form the service reads ("4Y6M"); anything else is returned as typed, for the service
    to judge. (Typing "4 years" was refused with "must be a term like P4Y6M".)"""
    t = (text or "").strip().lower()
    if not t or t.startswith("p"):
        return text
    rest = re.sub(r"[,&]|\band\b", " ", t)
    parts = _TERM_PART.findall(rest)
    if not parts or _TERM_PART.sub("", rest).strip():
        return text
    units = [_UNITS.get(u) for _n, u in parts]
    if None in units or len(set(units)) != len(units):
        return text
    order = "YMWD"
    pairs = sorted(((u, n) for (n, _u), u in zip(parts, units, strict=True)), key=lambda p: order.index(p[0]))
    return "".join(f"{n}{u}" for u, n in pairs)


_TERMS = ("custodial_term", "extension_term", "minimum_term")
_ISO_EXAMPLES = (("a term like P4Y6M, P18M or P2Y3D (years, months, weeks, days)",
                  "a term like 4 years 6 months, 18 months or 2 years 3 days"),
                 ("e.g. P4Y6M (4 years 6 months)", "e.g. 4 years 6 months"),
                 ("e.g. P4Y6M", "e.g. 4 years 6 months"))


def everyday_message(message: str) -> str:
    """A term's error as the form asks for the term ("4 years 6 months"), where the service's message
    gives ISO examples ("P4Y6M"), which the field also takes."""
    for iso, everyday in _ISO_EXAMPLES:
        message = message.replace(iso, everyday)
    return message


def _term_edit(value: str | None) -> QLineEdit:
    edit = QLineEdit(value or "")
    edit.setPlaceholderText("e.g. 4 years 6 months, 4y 6m or P4Y6M")

    def read_back(text: str) -> None:
        try:
            p = parse_period(everyday_term(text))
        except ValueError:
            p = None
        long_form = format_period(p) if p else ""
        edit.setToolTip(long_form or "Years, months, weeks, days: P4Y6M, P18M, P2Y3D")
        edit.setAccessibleDescription(long_form)

    edit.textChanged.connect(read_back)
    read_back(edit.text())
    return edit


#: The release regime the user records where the catalogue does not decide it (stored as offence flags).
REGIMES = (("", "Decide from the offence"),
           ("SDS40_ELIGIBLE", "40% where in force (not excluded from SDS40)"),
           ("SDS40_EXCLUDED", "One-half (excluded from SDS40)"))
_REGIME_FLAGS = {code for code, _ in REGIMES if code}
#: Types whose release fraction the offence decides.
_OFFENCE_DECIDES = ("SDS", "YOI", "SDS_PLUS")


def offence_label(o: Offence) -> str:
    """How an offence appears in the completer: 'Title — Statute s.N'."""
    return f"{o.title} — {o.citation}"


#: Everyday short names, read as the words the catalogue uses ("GBH with intent", "s18 OAPA").
ABBREVIATIONS = {"gbh": "grievous bodily harm", "abh": "actual bodily harm",
                 "oapa": "offences against the person", "soa": "sexual offences act",
                 "cdca": "criminal damage act", "mda": "misuse of drugs act"}


def offence_query(text: str) -> list[re.Pattern]:
    """What a typed offence text asks for: one pattern per word, each to be found somewhere in the label.

    Words may come in any order and skip the catalogue's own ("wounding with intent" finds "Wounding or
    causing grievous bodily harm with intent"); "s18", "s 18" and "section 18" mean "s.18" (and not
    "s.180"); GBH, ABH and OAPA are spelt out.
    """
    t = re.sub(r"\b(?:section|sec|s)\.?\s*(?=\d)", "s.", (text or "").lower())
    words = [w for w in re.split(r"[\s,;]+", t) if w and w not in ("—", "-", "–")]
    out: list[re.Pattern] = []
    for w in words:
        w = ABBREVIATIONS.get(w, w)
        tail = r"(?!\d)" if w[-1].isdigit() else ""
        out.append(re.compile(re.escape(w) + tail))
    return out


def offence_matches(query: list[re.Pattern], label: str) -> bool:
    low = label.lower()
    return all(p.search(low) for p in query)


class _OffenceFilter(QSortFilterProxyModel):
    """The catalogue's labels whose text holds every word typed (see :func:`offence_query`)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._query: list[re.Pattern] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._query = offence_query(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        if not self._query:
            return True
        return offence_matches(self._query, self.sourceModel().index(row, 0, parent).data() or "")


POPUP_MAX_WIDTH = 900   # px: the list fits a 1366-pixel-wide laptop screen beside the dialog's labels


class OffenceCompleter(QCompleter):
    """Completes an offence by any of the words of its title or statute, in any order.

    Qt's own filter finds only one run of text ("wounding with intent" found nothing, the title being
    "Wounding or causing grievous bodily harm with intent"); here the typed text filters the list word by
    word and Qt is handed an empty prefix, which every remaining label matches.
    """

    def __init__(self, labels: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self._filter = _OffenceFilter(self)
        self._filter.setSourceModel(QStringListModel(labels, self))
        self.setModel(self._filter)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(10)
        # The list is as wide as its longest label (title and statute read whole), within a laptop's
        # screen; Qt would otherwise make it only as wide as the field and cut the statute off.
        popup = self.popup()
        metrics = QFontMetrics(popup.font())
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        popup.setMinimumWidth(min(widest + 40, POPUP_MAX_WIDTH))
        if isinstance(parent, QLineEdit):
            # A chosen offence shows from its start (Qt leaves the cursor at the end, so a long label
            # showed only "…us bodily harm with intent — Offences Against the Person Act 1861 s.18").
            # The field is the timer's context: the call is dropped if the dialog has closed.
            def to_start(_text: str, edit: QLineEdit = parent) -> None:
                QTimer.singleShot(0, edit, lambda: edit.setCursorPosition(0))
            self.activated.connect(to_start)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        self._filter.set_text(path)
        return [""]


def offences_matching(text: str) -> list[Offence]:
    """The catalogue offences whose title or statute hold every word of ``text`` (as the completer)."""
    query = offence_query(text)
    return [o for o in catalogue().offences.values() if query and offence_matches(query, offence_label(o))]


def offence_completer(parent: QWidget) -> QCompleter:
    """A completer over the catalogue, matching every typed word anywhere in the title or statute."""
    labels = [offence_label(o) for o in sorted(catalogue().offences.values(), key=lambda o: o.title)]
    return OffenceCompleter(labels, parent)


def offence_for_text(text: str) -> Offence | None:
    """The catalogue offence a typed or completed text names: a completion, an id, or an exact title."""
    t = (text or "").strip()
    if not t:
        return None
    cat = catalogue()
    for o in cat.offences.values():
        if t == offence_label(o) or t.lower() == o.title.lower():
            return o
    return cat.get(t)


class SentenceDialog(FormDialog):
    """``SentenceDialog(services, client_id, sentence_id=None)``."""

    def __init__(self, services, client_id: int, sentence_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit sentence" if sentence_id else "New sentence", parent)
        self.services = services
        self.client_id = client_id
        self.sentence_id = sentence_id
        s = services.clients.get_sentence(sentence_id) if sentence_id else None
        f = self.form

        self.sentence_type = f.add("sentence_type", "Sentence &type", QComboBox())
        fill_combo(self.sentence_type, [("", "Choose…"), *SENTENCE_TYPES.items()], s.sentence_type
                   if s else "")
        self.sentence_date = f.add("sentence_date", "&Date of sentence",
                                   DateEdit(optional=False, value=s.sentence_date if s else None))
        self.offence = f.add("offence", "&Offence", QLineEdit(s.offence if s else ""),
                             help_text="Type part of the name or statute and choose from the list: the "
                                       "release fraction follows from the offence.")
        self.offence.setCompleter(offence_completer(self.offence))
        self.offence.textChanged.connect(self.offence.setToolTip)   # the whole wording, however long
        self._stored_offence_id = s.offence_id if s else None
        if s and s.offence_id and catalogue().get(s.offence_id) and not s.offence:
            self.offence.setText(offence_label(catalogue().get(s.offence_id)))
        self.offence.setToolTip(self.offence.text())
        self.offence.setCursorPosition(0)
        self.offence_date = f.add("offence_date", "Date of o&ffence",
                                  DateEdit(value=s.offence_date if s else None))
        self.custodial_term = f.add("custodial_term", "&Custodial term",
                                    _term_edit(s.custodial_term if s else None))
        self.extension_term = f.add("extension_term", "E&xtension period",
                                    _term_edit(s.extension_term if s else None),
                                    help_text="Extended sentences only.")
        self.minimum_term = f.add("minimum_term", "&Minimum term (tariff)",
                                  _term_edit(s.minimum_term if s else None),
                                  help_text="Life, IPP and DPP only: the tariff as pronounced.")
        self.consecutive_to = f.add("consecutive_to", "Co&nsecutive to", QComboBox())
        others = [(x.id, f"{SENTENCE_TYPES.get(x.sentence_type, x.sentence_type)}, "
                         f"{format_date(x.sentence_date)}{' – ' + x.offence if x.offence else ''}")
                  for x in services.clients.sentences(client_id) if x.id != sentence_id]
        fill_combo(self.consecutive_to, [(None, "Concurrent / not consecutive"), *others],
                   s.consecutive_to if s else None)
        flags = list(s.offence_flags) if s else []
        self.release_regime = f.add("release_regime", "Release re&gime", QComboBox(),
                                    help_text="Only where the offence is not in the catalogue. For "
                                              "two-thirds release choose the sentence type SDS+.")
        fill_combo(self.release_regime, list(REGIMES), next((x for x in flags if x in _REGIME_FLAGS), ""))
        self.regime_working = QLabel()
        self.regime_working.setWordWrap(True)
        # As wide as the fields (a wrapped label otherwise keeps its narrow size hint: "Set by the").
        self.regime_working.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.regime_working.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.regime_working.setAccessibleName("Release fraction and its working")
        f.layout.addRow(QLabel("Release fraction:"), self.regime_working)
        self.offence_flags = f.add("offence_flags", "Offence fl&ags",
                                   QLineEdit(", ".join(x for x in flags if x not in _REGIME_FLAGS)),
                                   help_text="Codes from the calculation, separated by commas (e.g. "
                                             "S250 for detention under s.250).")
        self.recall_type = f.add("recall_type", "&Recall", QComboBox())
        fill_combo(self.recall_type, [("", "Not recalled"), *RECALL_TYPES.items()], (s.recall_type or "")
                   if s else "")
        self.recall_date = f.add("recall_date", "Date of reca&ll",
                                 DateEdit(value=s.recall_date if s else None))
        self.notes = f.add("notes", "Not&es", QPlainTextEdit(s.notes if s else ""))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.required_choices = {"sentence_type": self.sentence_type}
        client = services.clients.get(client_id)
        self._dob = getattr(client, "dob", None)
        for w in (self.offence, self.custodial_term, self.offence_flags):
            w.textChanged.connect(self.update_regime)
        for w in (self.sentence_type, self.release_regime):
            w.currentIndexChanged.connect(self.update_regime)
        for w in (self.sentence_date, self.offence_date):
            w.textChanged.connect(self.update_regime)
        self.update_regime()
        self.resize(540, self.sizeHint().height())
        self.sentence_type.setFocus()

    def chosen_offence(self) -> Offence | None:
        o = offence_for_text(self.offence.text())
        if o is None and self._stored_offence_id and self.offence.text().strip():
            return catalogue().get(self._stored_offence_id)  # (edited wording keeps the chosen offence)
        return o

    def regime_text(self) -> str:
        """The release fraction and its working, or the question the user must answer."""
        stype = combo_value(self.sentence_type) or ""
        if stype not in _OFFENCE_DECIDES:
            return "Set by the sentence type (the offence does not change it)." if stype else ""
        o = self.chosen_offence()
        regime = combo_value(self.release_regime) or ""
        if o is None:
            if stype == "SDS_PLUS":
                return "Two-thirds (SDS+), as recorded by the sentence type."
            if regime:
                return f"{dict(REGIMES)[regime]}, as you chose (the offence is not in the catalogue)."
            typed = self.offence.text().strip()
            near = offences_matching(typed) if typed else []
            if len(near) == 1:  # typed, then Tab before choosing: name the one it must mean
                return (f"The release fraction cannot be decided until the offence is chosen from the list: "
                        f"did you mean “{offence_label(near[0])}”? Type part of its name and choose it with "
                        "↓ and Enter.")
            return ("The release fraction cannot be decided from this offence: choose the offence from the "
                    "list, or choose the release regime above.")
        term, when = everyday_term(self.custodial_term.text().strip()), self.sentence_date.date()
        try:
            iso = parse_period(term)
        except ValueError:
            iso = None
        if not iso:
            return f"{o.short}: enter the custodial term to see the release fraction."
        if when is None:
            return f"{o.short}: enter the date of sentence to see the release fraction."
        flags = {x.strip().upper() for x in self.offence_flags.text().replace(";", ",").split(",")}
        d = decide(o, term=iso, sentence_date=when, offence_date=self.offence_date.date(),
                   age_at_sentence=age_on(self._dob, when), section250="S250" in flags)
        return d.text()

    def update_regime(self, *_args) -> None:
        try:
            text = self.regime_text()
        except (ValueError, TypeError):
            text = ""
        self.regime_working.setText(text)
        self.regime_working.setAccessibleDescription(text)

    def values(self) -> dict:
        flags = [x.strip() for x in self.offence_flags.text().replace(";", ",").split(",") if x.strip()]
        regime = combo_value(self.release_regime) or ""
        flags = [x for x in flags if x.upper() not in _REGIME_FLAGS] + ([regime] if regime else [])
        offence = self.chosen_offence()
        text = self.offence.text()
        if offence is not None and text.strip() == offence_label(offence):
            text = offence.title
        return {
            "sentence_type": combo_value(self.sentence_type) or "",
            "sentence_date": self.sentence_date.value(),
            "offence": text,
            "offence_id": offence.id if offence else None,
            "offence_date": self.offence_date.value(),
            "custodial_term": everyday_term(self.custodial_term.text()),
            "extension_term": everyday_term(self.extension_term.text()),
            "minimum_term": everyday_term(self.minimum_term.text()),
            "consecutive_to": combo_value(self.consecutive_to),
            "offence_flags": flags,
            "recall_type": combo_value(self.recall_type) or "",
            "recall_date": self.recall_date.value(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> int:
        try:
            if self.sentence_id:
                self.services.clients.update_sentence(self.sentence_id, **self.values())
                return self.sentence_id
            return self.services.clients.add_sentence(self.client_id, **self.values())
        except ValidationError as exc:  # the form's own words for a term, not only the ISO notation
            raise ValidationError({k: everyday_message(m) if k in _TERMS else m
                                   for k, m in exc.errors.items()}) from None


class AdjustmentDialog(FormDialog):
    """Add one adjustment to a client's sentence calculation (days, and optionally the period)."""

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("New adjustment", parent)
        self.services = services
        self.client_id = client_id
        f = self.form
        self.kind = f.add("kind", "&Kind", QComboBox())
        fill_combo(self.kind, [("", "Choose…"), *ADJUSTMENT_KINDS.items()], "")
        self.days = f.add("days", "&Days", QSpinBox())
        self.days.setRange(0, 100_000)
        self.days.setSpecialValueText("Not set")
        self.days.setAccessibleDescription("Number of days")
        self.from_date = f.add("from_date", "&From", DateEdit())
        self.to_date = f.add("to_date", "&To", DateEdit())
        self.required_choices = {"kind": self.kind}
        self.kind.setFocus()

    def values(self) -> dict:
        days = self.days.value()
        return {
            "kind": combo_value(self.kind) or "",
            "days": days if days else None,
            "from_date": self.from_date.value(),
            "to_date": self.to_date.value(),
        }

    def save(self) -> int:
        return self.services.clients.add_adjustment(self.client_id, **self.values())


__all__ = ["AdjustmentDialog", "SentenceDialog"]
