"""The fee meter (issue 14): for each class of work on a matter, how far the costs so far are from the
next threshold — the lower standard fee's limit, then the escape threshold — and what that means, in
words: within the fixed fee, the higher standard fee, or an escape case claimed on CRM18.

One :class:`ClassMeter` per class (``svc.legal_aid.fees_json``): a progress bar of ``fraction`` against
``limit`` with "£X of £Y" on it, the status in words (coloured calmly: ok, warning, error), the claim,
and the working in sentences (shown on request). "Rates needed" lists the rates not yet entered and
offers the rates dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.models.time_model import pounds
from ui.widgets import semantic, unconfirmed

STATUS_KIND = {"fixed-fee": "ok", "higher-standard-fee": "warning", "escape": "error",
               "rates-needed": "warning"}
RATE_NAMES = {"letter": "routine letters and emails", "call": "routine calls"}


def status_words(f: dict[str, Any]) -> str:
    """The meter's sentence: where the claim stands and how far the next threshold is."""
    status = f["status"]
    to_limit = f["to_limit"]
    if status == "escape":
        return (f"Escape case: the costs are {pounds(-to_limit)} over the escape threshold of "
                f"{pounds(f['limit'])}. Claim at hourly rates on CRM18.")
    if status == "higher-standard-fee":
        return (f"Higher standard fee {f['fee_code']}: the costs passed the lower fee's limit. "
                f"{pounds(to_limit)} to the escape threshold ({pounds(f['limit'])}).")
    if status == "rates-needed":
        missing = ", ".join(RATE_NAMES.get(k, k) for k in f["missing_rates"])
        return f"Rates needed: no hourly rate entered for {missing}, so that work counts as £0 for now."
    nxt = "escape threshold" if f["fee_code"] == "PRIA" or f["fee_code"].endswith("2") else \
        "lower fee's limit"
    return (f"Within the fixed fee {f['fee_code']} ({pounds(f['fixed_fee'])}): {pounds(to_limit)} to the "
            f"{nxt} ({pounds(f['limit'])}).")


class ClassMeter(QFrame):
    """One class's meter. ``rates_requested`` asks for the rates dialog (for ``scheme``)."""

    rates_requested = Signal(str)

    def __init__(self, fee: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fee = fee
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Fee meter for {fee['class']}")
        self.title = QLabel(f"{fee['class']} — {fee['class_label']}")
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(int(round(min(max(fee["fraction"], 0.0), 1.0) * 1000)))
        self.bar.setFormat(f"{pounds(fee['costs'])} of {pounds(fee['limit'])}")
        self.bar.setAccessibleName(f"Meter for {fee['class']}")
        self.bar.setAccessibleDescription(f"Costs counted {pounds(fee['costs'])} of the limit "
                                          f"{pounds(fee['limit'])}")
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(160)
        self.status = QLabel(status_words(fee))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Fee status")
        kind = STATUS_KIND.get(fee["status"], "info")
        self.status.setStyleSheet(f"color: {semantic(kind).name()};")
        breakdown = fee["costs_breakdown"]
        self.summary = QLabel(
            f"Scheme {fee['scheme']} · fee {fee['fee_code']} {pounds(fee['fixed_fee'])} · claim "
            f"{pounds(fee['claim'])}{' on ' + fee['form'] if fee['form'] else ''} · profit "
            f"{pounds(breakdown['profit'])}, waiting {pounds(breakdown['waiting'])}, travel "
            f"{pounds(breakdown['travel'])} (not counted)")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Costs")
        self.unconfirmed_note = None
        if not fee["rates_confirmed"]:
            mark = QLabel()
            h = self.fontMetrics().height()
            mark.setPixmap(unconfirmed.icon().pixmap(h, h))
            mark.setToolTip(unconfirmed.tooltip(
                reason="Prison-law hourly rates are not in the LAA's fee code: the costs use the rates "
                       "you entered."))
            mark.setAccessibleName("Unconfirmed: the hourly rates are the ones you entered")
            self.unconfirmed_note = mark
        self.working = QLabel("\n".join(fee["working"]))
        self.working.setWordWrap(True)
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        self.working.setAccessibleName("Working")
        self.working.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.working.hide()
        self.working_button = QPushButton("Show working")
        self.working_button.setCheckable(True)
        self.working_button.toggled.connect(self._toggle_working)
        self.rates_button = None
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.working_button)
        if fee["status"] == "rates-needed" or fee["missing_rates"] or not fee["rates_confirmed"]:
            self.rates_button = QPushButton("Hourly rates…")
            self.rates_button.setToolTip("Enter the hourly rates from your contract schedule")
            self.rates_button.clicked.connect(lambda _c=False: self.rates_requested.emit(fee["scheme"]))
            head.addWidget(self.rates_button)
        mid = QHBoxLayout()
        mid.addWidget(self.bar, 2)
        mid.addWidget(self.status, 3)
        foot = QHBoxLayout()
        if self.unconfirmed_note is not None:
            foot.addWidget(self.unconfirmed_note)
        foot.addWidget(self.summary, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(3)
        lay.addLayout(head)
        lay.addLayout(mid)
        lay.addLayout(foot)
        lay.addWidget(self.working)

    def _toggle_working(self, on: bool) -> None:
        self.working.setVisible(on)
        self.working_button.setText("Hide working" if on else "Show working")


class FeeMeter(QWidget):
    """The meters of a matter's classes; :meth:`set_fees` with ``svc.legal_aid.all_fees`` (or a message)."""

    rates_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Fee meter")
        self.meters: list[ClassMeter] = []
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Fee meter")
        self.message.setEnabled(False)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.addWidget(self.message)

    def set_fees(self, fees: list[dict[str, Any]], message: str = "") -> None:
        for m in self.meters:
            self._lay.removeWidget(m)
            m.hide()  # now: deleteLater waits for the event loop
            m.deleteLater()
        self.meters = []
        for f in fees:
            m = ClassMeter(f, self)
            m.rates_requested.connect(self.rates_requested)
            self.meters.append(m)
            self._lay.addWidget(m)
            m.show()  # at once, not when the event loop next runs
        self.message.setText(message)
        self.message.setVisible(bool(message))


__all__ = ["STATUS_KIND", "ClassMeter", "FeeMeter", "status_words"]
