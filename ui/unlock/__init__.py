"""The unlock window and its parts.

* :mod:`ui.unlock.window` — :class:`UnlockWindow`: the two pages, the busy bar, unlocking and creating
  off the GUI thread through :mod:`casebook.session`.
* :mod:`ui.unlock.open_page` — open a recent or chosen casebook (passphrase or remembered key, demo).
* :mod:`ui.unlock.create_page` — create a new casebook.
* :mod:`ui.unlock.strength` — :class:`StrengthMeter`, also used by the change-passphrase dialog.
"""

from __future__ import annotations

from casebook.session import DEMO_PASSPHRASE, MIN_STRENGTH, data_dir, demo_path
from ui.unlock.strength import STRENGTH_WORDS, StrengthMeter
from ui.unlock.window import UnlockWindow

__all__ = ["DEMO_PASSPHRASE", "MIN_STRENGTH", "STRENGTH_WORDS", "StrengthMeter", "UnlockWindow", "data_dir",
           "demo_path"]
