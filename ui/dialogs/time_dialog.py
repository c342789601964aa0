"""Record time on a matter, or change an entry (issue 14).

Activity, minutes (rounded **up** to whole units when saved: the line under the field says what they
become) or, for routine letters, emails and calls, an item count; the date typed DD/MM/YYYY; the fee
earner (the matter's, else the casebook's) and a description. ``svc.time`` validates and saves;
a wrong field gets its message under it and nothing is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casebook.legal_aid import engine
from ui.models.time_model import minutes_text
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


class TimeEntryDialog(FormDialog):
    """``TimeEntryDialog(services, matter_id, entry_id=None, activity="preparation")``."""

    def __init__(self, services, matter_id: int, entry_id: int | None = None, activity: str = "preparation",
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit time" if entry_id else "Record time", parent)
        self.services = services
        self.matter_id = matter_id
        self.entry_id = entry_id
        e = services.time.get(entry_id) if entry_id else None
        self.unit = e.unit_minutes if e else services.time.unit_minutes()
        f = self.form
        self.activity = f.add("activity", "&Activity", QComboBox())
        fill_combo(self.activity, engine.ACTIVITIES, e.activity if e else activity)
        raw = str(e.minutes_raw) if e and e.minutes_raw else ""
        self.minutes = f.add("minutes", "&Minutes", QLineEdit(raw),
                             help_text=f"Rounded up to whole {self.unit}-minute units when saved.")
        self.minutes.setPlaceholderText("e.g. 25")
        self.minutes.setMaxLength(5)
        self.rounded = QLabel()
        self.rounded.setAccessibleName("Rounded to units")
        self.rounded.setEnabled(False)
        f.layout.addRow("", self.rounded)
        self.items = f.add("items", "&Items", QLineEdit(str(e.items) if e and e.items else ""),
                           help_text="Routine letters, emails or calls: a count instead of minutes.")
        self.items.setValidator(QIntValidator(0, 9999, self.items))
        self.items.setPlaceholderText("e.g. 2")
        self.date = f.add("date", "&Date", DateEdit(optional=False,
                                                     value=e.date if e else services.clock.today()))
        self.fee_earner = f.add("fee_earner", "&Fee earner",
                                QLineEdit(e.fee_earner if e else services.time.default_fee_earner(matter_id)))
        self.description = f.add("description", "D&escription", QPlainTextEdit(e.description if e else ""))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 12)
        self.activity.currentIndexChanged.connect(lambda _i: self._on_activity())
        self.minutes.textChanged.connect(lambda _t: self._show_rounding())
        self._on_activity()
        self._show_rounding()
        self.resize(520, self.sizeHint().height())
        self.minutes.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_activity(self) -> None:
        itemised = combo_value(self.activity) in engine.ITEM_ACTIVITIES
        self.items.setEnabled(itemised)
        if not itemised:
            self.items.clear()

    def _show_rounding(self) -> None:
        try:
            n = int(self.minutes.text().strip())
        except ValueError:
            self.rounded.clear()
            return
        if n <= 0:
            self.rounded.clear()
            return
        units = engine.units_for(n, self.unit)
        self.rounded.setText(f"= {units} unit{'' if units == 1 else 's'}: "
                             f"{minutes_text(units * self.unit)} claimed")

    def values(self) -> dict:
        return {
            "activity": combo_value(self.activity),
            "minutes": self.minutes.text().strip() or None,
            "items": self.items.text().strip() or None,
            "date": self.date.value(),
            "fee_earner": self.fee_earner.text().strip(),
            "description": self.description.toPlainText().strip(),
        }

    def save(self) -> int:
        from casebook.errors import ValidationError

        v = self.values()
        try:
            return self._save(v)
        except ValidationError as exc:  # every field's message at once, in the form's own field names
            errors = {("minutes" if k == "minutes_raw" else k): m for k, m in exc.errors.items()}
            if self.date.error():  # the service stops at the first bad number; the date is said too
                errors.setdefault("date", self.date.error())
            if v["minutes"] is None and v["items"] is None and "minutes" in errors:
                errors["minutes"] = "is required: the minutes worked" + (
                    ", or the number of items below" if self.items.isEnabled() else "")
            raise ValidationError(errors) from None

    def _save(self, v: dict) -> int:
        if self.entry_id:
            fields = {k: val for k, val in v.items() if k not in ("minutes", "items")}
            if v["minutes"] is not None:
                fields.update(minutes=v["minutes"], items=0)
            elif v["items"] is not None and self.services.time.get(self.entry_id).minutes_raw:
                # Minutes become an item count: the service cannot clear an entry's minutes, so the entry
                # is replaced (in one transaction: both or neither), keeping its visit and class.
                old = self.services.time.get(self.entry_id)
                with self.services.cb.transaction():
                    self.services.time.remove(self.entry_id)
                    self.entry_id = self.services.time.add(
                        self.matter_id, v["activity"], items=v["items"], date=v["date"],
                        description=v["description"], fee_earner=v["fee_earner"],
                        class_code=old.class_code, visit_id=old.visit_id)
                return self.entry_id
            elif v["items"] is not None:
                fields["items"] = v["items"]
            else:
                fields["minutes"] = ""
            self.services.time.update(self.entry_id, **fields)
            return self.entry_id
        return self.services.time.add(self.matter_id, v["activity"], v["minutes"], date=v["date"],
                                      items=v["items"], description=v["description"],
                                      fee_earner=v["fee_earner"])


__all__ = ["TimeEntryDialog"]
