"""The hourly rates the user enters for each prison-law fee scheme (issue 14), with where each came from.

No prison-law hourly rate ships with Casebook: the LAA's fee code does not hold them and no primary
source was checked. So the dialog says so, calmly, the way every unconfirmed rule is shown
(:mod:`ui.widgets.unconfirmed`): the small mark and the scheme's own note. Each rate is pounds per
hour (per item for routine letters and calls) with a source ("my contract schedule, April 2026").
Rates typed for the other scheme are kept while switching; Save writes every changed rate through
``svc.legal_aid.set_rate``; a wrong amount gets its message under its own row and nothing is saved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from casebook.errors import ValidationError
from casebook.legal_aid import engine
from ui.widgets import unconfirmed
from ui.widgets.form import FormDialog, combo_value, fill_combo

UNCONFIRMED_RATES = ("unconfirmed: Casebook ships no prison-law hourly rates — they are not in the LAA's "
                     "fee-calculation code and no primary source was checked. Enter the rates from your "
                     "contract schedule, with where each came from. Until a rate is entered, that work "
                     "counts as £0 and the fee meter says which rates are missing.")


class _RateRow(QWidget):
    """A rate (£) and its source, side by side."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("£ 0.00")
        self.rate.setAccessibleName(f"{label}: rate in pounds")
        self.rate.setMaximumWidth(self.rate.fontMetrics().horizontalAdvance("0000000.00") + 24)
        self.source = QLineEdit()
        self.source.setPlaceholderText("Source, e.g. my contract schedule")
        self.source.setAccessibleName(f"{label}: source")
        row.addWidget(self.rate)
        row.addWidget(self.source, 1)
        self.setFocusProxy(self.rate)


class RatesDialog(FormDialog):
    """``RatesDialog(services, scheme_id=None)`` — the newer scheme if none is given."""

    def __init__(self, services, scheme_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Hourly rates", parent)
        self.services = services
        schemes = services.legal_aid.schemes.schemes
        self.scheme_id = scheme_id or schemes[-1].id
        #: what was typed per scheme, kept while switching: {scheme: {kind: (rate, source)}}
        self._typed: dict[str, dict[str, tuple[str, str]]] = {}
        f = self.form
        self.scheme = f.add("scheme", "&Scheme", QComboBox())
        fill_combo(self.scheme, [(s.id, s.name) for s in schemes], self.scheme_id)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.note.setStyleSheet(f"color: {unconfirmed.colour().name()};")
        self.note.setAccessibleName("About these rates")
        self.mark = QLabel()
        h = self.fontMetrics().height()
        self.mark.setPixmap(unconfirmed.icon().pixmap(h, h))
        note_row = QWidget()
        nr = QHBoxLayout(note_row)
        nr.setContentsMargins(0, 0, 0, 0)
        nr.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        nr.addWidget(self.note, 1)
        f.layout.insertRow(1, note_row)
        self.rows: dict[str, _RateRow] = {}
        for kind, label in engine.RATE_KINDS.items():
            row = _RateRow(label)
            self.rows[kind] = row
            f.add(kind, label, row)
        self.scheme.currentIndexChanged.connect(lambda _i: self._switch())
        self._load(self.scheme_id)
        self.resize(680, self.sizeHint().height())
        self.rows["attendance"].rate.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ values
    def _stored(self, scheme_id: str) -> dict[str, tuple[str, str]]:
        out = {}
        for r in self.services.legal_aid.rate_list():
            if r.scheme == scheme_id:
                out[r.kind] = (f"{Decimal(r.rate):.2f}", r.source or "")
        return out

    def _shown(self) -> dict[str, tuple[str, str]]:
        return {k: (w.rate.text().strip(), w.source.text().strip()) for k, w in self.rows.items()}

    def _load(self, scheme_id: str) -> None:
        self.scheme_id = scheme_id
        scheme = self.services.legal_aid.schemes.by_id(scheme_id)
        values = self._typed.get(scheme_id) or self._stored(scheme_id)
        for kind, w in self.rows.items():
            rate, source = values.get(kind, ("", ""))
            w.rate.setText(rate)
            w.source.setText(source)
        confirmed = scheme.rates_confirmed
        self.mark.setVisible(not confirmed)
        self.note.setText(UNCONFIRMED_RATES if not confirmed else "")
        self.note.setVisible(not confirmed)
        self.note.setToolTip(unconfirmed.tooltip(scheme.source, scheme.rates_note) if not confirmed else "")

    def _switch(self) -> None:
        self._typed[self.scheme_id] = self._shown()
        self.form.clear_errors()
        self._load(combo_value(self.scheme))

    def changes(self) -> list[tuple[str, str, str, str]]:
        """(scheme, kind, rate, source) for every rate typed that differs from what is saved."""
        self._typed[self.scheme_id] = self._shown()
        out = []
        for scheme_id, typed in self._typed.items():
            stored = self._stored(scheme_id)
            for kind, (rate, source) in typed.items():
                if not rate and kind not in stored:
                    continue
                if stored.get(kind) != (rate, source):
                    out.append((scheme_id, kind, rate, source))
        return out

    def save(self) -> int:
        changes = self.changes()
        errors: dict[str, tuple[str, str]] = {}
        for scheme_id, kind, rate, _source in changes:  # check every one first: nothing saved if any is wrong
            try:
                d = Decimal(rate.replace("£", "").replace(",", "").strip())
                if not d.is_finite() or d < 0 or d != d.quantize(Decimal("0.01")):
                    raise InvalidOperation
            except InvalidOperation:
                errors.setdefault(scheme_id, (kind, "must be an amount in pounds and pence, e.g. 62.50"))
        if errors:
            scheme_id, (kind, msg) = next(iter(errors.items()))
            if scheme_id != self.scheme_id:
                from ui.widgets.form import set_combo

                set_combo(self.scheme, scheme_id)
            raise ValidationError({kind: msg})
        with self.services.cb.transaction():
            for scheme_id, kind, rate, source in changes:
                try:
                    self.services.legal_aid.set_rate(scheme_id, kind, rate.replace("£", "").replace(",", ""),
                                                     source)
                except ValidationError as exc:
                    raise ValidationError({kind: next(iter(exc.errors.values()))}) from None
        return len(changes)


__all__ = ["RatesDialog"]
