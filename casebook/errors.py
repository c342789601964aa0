"""The errors a user can cause, each with the CLI exit code of the CLI contract (docs/architecture.md).

Messages are written for the user: one line, what went wrong and what to do. They never carry client
data (names, numbers, notes): services phrase them from field names and ids only.
"""

from __future__ import annotations


class CasebookError(Exception):
    """Base for every error a user may see. ``exit_code`` follows the CLI contract."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class BadInput(CasebookError):
    exit_code = 1


class UnreadableDocument(BadInput):
    """A file offered as a document is not a PDF, Word (.docx) or image (PNG, JPEG, TIFF), or is damaged.

    The message never quotes the file: it says what Casebook reads and what to do instead.
    """

    def __init__(self, message: str = ""):
        super().__init__(message or (
            "this file is not a PDF, Word (.docx) or image (PNG, JPEG, TIFF) Casebook can read, or it is "
            "damaged; save or print it as a PDF and import that"))


class EncryptedDocument(BadInput):
    """A PDF that needs a password to open (a PDF that opens without one, owner-restricted only, is fine)."""

    def __init__(self, message: str = ""):
        super().__init__(message or (
            "this PDF is protected by a password; open it with the password, save an unprotected copy "
            "(or print it to PDF) and import that"))


class NotFound(CasebookError):
    exit_code = 1


class WeakPassphrase(BadInput):
    """A new passphrase (for a new casebook, or a changed one) is below the minimum strength."""

    def __init__(self, hint: str) -> None:
        super().__init__(f"choose a stronger passphrase. {hint}")
        self.hint = hint


class ValidationError(BadInput):
    """One or more fields are invalid. ``errors`` maps field name → message, for inline display."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        first = next(iter(self.errors.items()), ("", "invalid input"))
        label = first[0].replace("_", " ")
        msg = f"{label}: {first[1]}" if label else first[1]
        if len(self.errors) > 1:
            msg += f" (and {len(self.errors) - 1} more)"
        super().__init__(msg)


class Cancelled(CasebookError):
    """The user cancelled long work (a backup, a restore, the demo); nothing was written."""

    exit_code = 1

    def __init__(self, message: str = "cancelled; nothing was written") -> None:
        super().__init__(message)


class Unsupported(CasebookError):
    exit_code = 3


class CannotUnlock(CasebookError):
    """Wrong passphrase, not a casebook, or a damaged file."""

    exit_code = 4


class WrongPassphrase(CannotUnlock):
    def __init__(self, message: str = "wrong passphrase or not a casebook file"):
        super().__init__(message)


class DamagedFile(CannotUnlock):
    pass


class TooNew(CannotUnlock):
    """The file was written by a newer Casebook; it is refused untouched."""


class DiskFull(CasebookError):
    """The disk holding the casebook is full. Writing: exit 1, the change was rolled back (nothing
    half-saved). Opening: exit 4 (it cannot be unlocked until there is room for its working files)."""

    def __init__(self, message: str = "", *, exit_code: int = 1) -> None:
        super().__init__(message or (
            "the disk holding the casebook is full; nothing was saved and nothing already saved was lost. "
            "Free some space and try again"))
        self.exit_code = exit_code


class Busy(CasebookError):
    """Another program (the app, another command) held the casebook's write lock for longer than we
    wait (the busy timeout, 5 seconds: ``casebook.store.casebook``)."""

    def __init__(self, message: str = "", *, exit_code: int = 1) -> None:
        super().__init__(message or (
            "the casebook is busy: another program (the Casebook app or another command) is saving to it. "
            "Nothing was saved; try again in a moment"))
        self.exit_code = exit_code
