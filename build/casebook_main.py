"""Entry script for the packaged app: the `casebook` command, defaulting to the desktop app."""

import sys

from ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
