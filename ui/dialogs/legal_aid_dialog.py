"""A matter's legal aid (issue 14): the UFN, the fee earner, CRM1 means and CRM3; a class of work opened
or closed; a CRM4 prior authority for an expert with its estimate.

The UFN (``DDMMYY/NNN``) is checked as it is typed (form, a real date not in the future, not used on
another matter) and "New UFN" fills in the next free number for the date of first instruction.
``svc.legal_aid`` validates and saves; each message appears under its own field and nothing is saved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from casebook.errors import BadInput, CasebookError, ValidationError
from casebook.legal_aid import engine
from casebook.legal_aid.schemes import CLASSES
from ui.widgets import unconfirmed
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo

YES_NO = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def _pounds_text(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


class LegalAidDialog(FormDialog):
    """``LegalAidDialog(services, matter_id)``: create or change the matter's legal-aid record."""

    def __init__(self, services, matter_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Legal aid", parent)
        self.services = services
        self.matter_id = matter_id
        la = services.legal_aid.for_matter(matter_id)
        f = self.form
        ufn_row = QWidget()
        row = QHBoxLayout(ufn_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.ufn = QLineEdit(la.ufn if la and la.ufn else "")
        self.ufn.setPlaceholderText("DDMMYY/NNN")
        self.ufn.setMaxLength(10)
        self.ufn.setAccessibleName("UFN")
        self.new_ufn_button = QPushButton("&New UFN")
        self.new_ufn_button.setToolTip("The next free number for the date of first instruction (today if the "
                                       "UFN field has no date yet)")
        self.new_ufn_button.clicked.connect(lambda _c=False: self.fill_new_ufn())
        row.addWidget(self.ufn, 1)
        row.addWidget(self.new_ufn_button)
        ufn_row.setFocusProxy(self.ufn)
        f.add("ufn", "&UFN", ufn_row,
              help_text="The date the client first instructed (DDMMYY) and a number for that day; its date "
                        "chooses the fee scheme (on or before 21 December 2025: 2016; from 22 December "
                        "2025: 2025).")
        f.fields["ufn"] = self.ufn  # messages and focus go to the line edit itself
        self.scheme = QLabel()
        self.scheme.setAccessibleName("Fee scheme")
        self.scheme.setEnabled(False)
        f.layout.addRow("", self.scheme)
        self.ufn.textChanged.connect(lambda _t: self.check_ufn())
        self.fee_earner = f.add("fee_earner", "&Fee earner", QLineEdit(la.fee_earner if la else ""))
        self.crm1 = f.add("crm1_signed_on", "CRM&1 signed", DateEdit(value=la.crm1_signed_on if la else None))
        self.passported = f.add("means_passported", "&Passported benefit", QComboBox())
        passported = None if la is None else la.means_passported
        fill_combo(self.passported, YES_NO, "" if passported is None else ("yes" if passported else "no"))
        self.income = f.add("means_weekly_income", "&Weekly income (£)",
                            QLineEdit(_pounds_text(la.means_weekly_income) if la else ""))
        self.capital = f.add("means_capital", "Ca&pital (£)",
                             QLineEdit(_pounds_text(la.means_capital) if la else ""))
        self.means_notes = f.add("means_notes", "&Means notes", QLineEdit(la.means_notes if la else ""))
        self.crm3_applied = f.add("crm3_applied_on", "CRM&3 applied",
                                  DateEdit(value=la.crm3_applied_on if la else None),
                                  help_text="Advocacy assistance (disciplinary, sentence review, Parole "
                                            "Board, reconsideration) needs CRM3.")
        self.crm3_granted = f.add("crm3_granted_on", "CRM3 &granted",
                                  DateEdit(value=la.crm3_granted_on if la else None))
        self.crm3_reference = f.add("crm3_reference", "CRM3 &reference",
                                    QLineEdit(la.crm3_reference if la else ""))
        self.notes = f.add("notes", "N&otes", QLineEdit(la.notes if la else ""))
        self.check_ufn()
        self.resize(600, self.sizeHint().height())
        self.ufn.setFocus(Qt.FocusReason.OtherFocusReason)

    def check_ufn(self) -> bool:
        """Live validation: the message under the field as soon as the UFN is complete, or wrong."""
        text = self.ufn.text().strip()
        self.scheme.clear()
        if not text:
            self.form._set_error("ufn", "")
            return True
        try:
            value = self.services.legal_aid.check_ufn(text, self.matter_id)
        except ValidationError as exc:
            # While typing, an unfinished UFN is not yet an error; a wrong one is.
            if len(text) < 10 and engine.UFN_RE.match(text.ljust(10, "0")[:6] + "/001"):
                self.form._set_error("ufn", "")
            else:
                self.form._set_error("ufn", exc.errors.get("ufn", "is not a valid UFN"))
            return False
        self.form._set_error("ufn", "")
        day = engine.parse_ufn(value)[1]
        scheme = self.services.legal_aid.schemes.for_date(day)
        if scheme is not None:
            self.scheme.setText(f"Fee scheme: {scheme.name}")
        return True

    def fill_new_ufn(self) -> None:
        text = self.ufn.text().strip()
        day = None
        if len(text) >= 6 and text[:6].isdigit():
            day = f"{text[0:2]}/{text[2:4]}/20{text[4:6]}"
        try:
            self.ufn.setText(self.services.legal_aid.new_ufn(day))
        except (BadInput, ValidationError, ValueError) as exc:
            msg = getattr(exc, "message", None) or "does not start with a real date (DDMMYY)"
            if isinstance(exc, ValidationError):
                msg = next(iter(exc.errors.values()))
            self.form._set_error("ufn", msg)

    def values(self) -> dict:
        return {
            "ufn": self.ufn.text().strip() or None,
            "fee_earner": self.fee_earner.text().strip(),
            "crm1_signed_on": self.crm1.value(),
            "means_passported": combo_value(self.passported) or None,
            "means_weekly_income": self.income.text().strip(),
            "means_capital": self.capital.text().strip(),
            "means_notes": self.means_notes.text().strip(),
            "crm3_applied_on": self.crm3_applied.value(),
            "crm3_granted_on": self.crm3_granted.value(),
            "crm3_reference": self.crm3_reference.text().strip(),
            "notes": self.notes.text().strip(),
        }

    def save(self) -> int:
        return self.services.legal_aid.set(self.matter_id, **self.values()).id


class ClassDialog(FormDialog):
    """``ClassDialog(services, matter_id, code=None)``: open a class of work, or change its dates
    (closing it: the closed date puts it in that month's claims)."""

    def __init__(self, services, matter_id: int, code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Class {code}" if code else "Open a class of work", parent)
        self.services = services
        self.matter_id = matter_id
        self.code = code
        current = next((c for c in services.legal_aid.classes(matter_id) if c.code == code), None)
        f = self.form
        self.klass = f.add("class", "&Class", QComboBox())
        taken = {c.code for c in services.legal_aid.classes(matter_id)} - {code}
        fill_combo(self.klass, [(k, f"{k} — {label}") for k, label in CLASSES.items() if k not in taken],
                   code)
        self.klass.setEnabled(code is None)
        self.opened_on = f.add("opened_on", "&Opened", DateEdit(
            optional=False, value=current.opened_on if current else services.clock.today()))
        self.closed_on = f.add("closed_on", "C&losed", DateEdit(value=current.closed_on if current else None),
                               help_text="Closing the class puts its claim in that month's claims.")
        self.notes = f.add("notes", "&Notes", QLineEdit(current.notes if current else ""))
        self.resize(560, self.sizeHint().height())

    def save(self) -> int:
        la = self.services.legal_aid
        for field, w in (("opened_on", self.opened_on), ("closed_on", self.closed_on)):
            if not w.isValid():
                raise ValidationError({field: w.error()})
        with self.services.cb.transaction():
            if self.code is None:
                code = combo_value(self.klass)
                cid = la.open_class(self.matter_id, code, self.opened_on.value(), self.notes.text().strip())
                if self.closed_on.value():
                    la.update_class(self.matter_id, code, closed_on=self.closed_on.value())
                return cid
            la.update_class(self.matter_id, self.code, opened_on=self.opened_on.value(),
                            closed_on=self.closed_on.value() or None, notes=self.notes.text().strip())
            return next(c.id for c in la.classes(self.matter_id) if c.code == self.code)


class Crm4Dialog(FormDialog):
    """``Crm4Dialog(services, matter_id)``: a prior authority (CRM4) for an expert, with the estimate
    and whether it is within the auto-grant limits, worked out as it is typed."""

    def __init__(self, services, matter_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Prior authority (CRM4)", parent)
        self.services = services
        self.matter_id = matter_id
        experts = services.legal_aid.schemes.experts
        f = self.form
        self.expert = f.add("expert", "&Expert", QComboBox())
        fill_combo(self.expert, [(k, e.title) for k, e in (experts.experts.items() if experts else [])])
        self.expert_name = f.add("expert_name", "Expert's &name", QLineEdit())
        self.hours = f.add("hours", "&Hours", QLineEdit())
        self.hourly_rate = f.add("hourly_rate", "Hourly &rate (£)", QLineEdit())
        self.travel_hours = f.add("travel_hours", "&Travel hours", QLineEdit("0"))
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.estimate.setAccessibleName("Estimate")
        self.estimate.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        f.layout.addRow("Estimate:", self.estimate)
        self.limits_note = None
        if experts is not None and not experts.confirmed:
            # The auto-grant limits are from the LAA's forms code, not a published table: said calmly.
            note = QLabel("unconfirmed: the auto-grant limits come from the LAA's forms code, not a "
                          "published table — check before relying on them")
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {unconfirmed.colour().name()};")
            note.setToolTip(unconfirmed.tooltip(experts.source, experts.note))
            note.setAccessibleName("Unconfirmed auto-grant limits")
            note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            mark = QLabel()
            h = note.fontMetrics().height()
            mark.setPixmap(unconfirmed.icon().pixmap(h, h))
            f.layout.addRow(mark, note)
            self.limits_note = note
        self.applied_on = f.add("applied_on", "&Applied", DateEdit())
        self.granted_on = f.add("granted_on", "&Granted", DateEdit())
        self.reference = f.add("reference", "Re&ference", QLineEdit())
        for w in (self.hours, self.hourly_rate, self.travel_hours):
            w.textChanged.connect(lambda _t: self.update_estimate())
        self.expert.currentIndexChanged.connect(lambda _i: self.update_estimate())
        self.update_estimate()
        self.resize(560, self.sizeHint().height())

    def update_estimate(self) -> None:
        try:
            est = engine.crm4_estimate(self.services.legal_aid.schemes, combo_value(self.expert),
                                       Decimal(self.hours.text().strip()),
                                       Decimal(self.hourly_rate.text().strip().replace("£", "")),
                                       Decimal(self.travel_hours.text().strip() or "0"))
        except (InvalidOperation, ValueError):
            self.estimate.setText("Give the hours and the hourly rate.")
            return
        within = "within the auto-grant limits" if est.within_auto_grant else \
            "over the auto-grant limits (" + "; ".join(est.reasons) + "): explain why on CRM4"
        self.estimate.setText(f"£{est.total:,.2f}, {within}.")

    def save(self) -> int:
        try:
            return self.services.legal_aid.add_prior_authority(
                self.matter_id, expert=combo_value(self.expert), expert_name=self.expert_name.text().strip(),
                hours=self.hours.text().strip(), hourly_rate=self.hourly_rate.text().strip().replace("£", ""),
                travel_hours=self.travel_hours.text().strip() or "0", applied_on=self.applied_on.value(),
                granted_on=self.granted_on.value(), reference=self.reference.text().strip())
        except CasebookError:
            raise


__all__ = ["ClassDialog", "Crm4Dialog", "LegalAidDialog"]
