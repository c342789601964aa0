"""What the unlock window's two pages share: their heading and the "remember on this device" box."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QLabel

from casebook.session import Availability


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def apply_availability(box: QCheckBox, availability: Availability) -> None:
    """Disable "remember on this device" with the reason where there is no keyring; else explain it."""
    if not availability.available:
        box.setEnabled(False)
        box.setChecked(False)
        box.setToolTip(availability.reason)
        box.setAccessibleDescription(availability.reason)
    else:
        box.setToolTip("Keep the key in the system keyring so this casebook opens without the "
                       "passphrase on this device. The passphrase is never stored.")
