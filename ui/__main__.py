"""``python -m ui``: the same as the installed ``casebook`` command (see :mod:`ui.entry`)."""

from ui.entry import main

raise SystemExit(main())
