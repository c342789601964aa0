"""Fixtures for the desktop app's tests (the shared ones are in tests/conftest.py).

Every test gets its own settings file (Picard-style: a fresh, defaulting settings object, so a new
setting never breaks an old test), and no background job or top-level window outlives its test.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog


@pytest.fixture(autouse=True)
def export_notice_answered(monkeypatch):
    """The once-a-session "the exported file is not encrypted" notice is modal: answered "Continue" in
    every test (a test about the notice replaces it again)."""
    from ui.widgets import export_notice

    monkeypatch.setattr(export_notice, "ask", lambda _parent: True)


@pytest.fixture(autouse=True)
def discard_answered(monkeypatch):
    """Cancelling a form with changes asks "Discard what you typed?" (modal): answered "Discard" in every
    test, as Esc and Cancel behaved before the question (a test about the question replaces it again)."""
    from ui.widgets import form

    monkeypatch.setattr(form, "confirm_discard", lambda _parent, _what: True)


@pytest.fixture(autouse=True)
def ui_settings(tmp_path_factory, qapp):
    from ui import settings as settings_mod

    path = tmp_path_factory.mktemp("settings") / "casebook.ini"
    instance = settings_mod.Settings(path)
    settings_mod.use_settings(instance)
    yield instance
    from ui import workers

    workers.wait_for_all()
    from ui import integrity

    integrity.wait_all()
    settings_mod.use_settings(None)


def _create_many(path):
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    book = Casebook.create(path, PASSPHRASE)
    try:
        with book.transaction():
            for i in range(1000):
                book.conn.execute(
                    "INSERT INTO clients(name, aliases, prison_dates, created_at, updated_at) "
                    "VALUES (?, '[]', '{}', '', '')", (f"Client {i:04d}",))
    finally:
        book.close()


@pytest.fixture
def demo_big(tmp_path, casebook_template):
    """A casebook with many plain clients (for lazy-loading tests); no matters. The test's own copy of a
    template built once per test process (see tests/conftest.py)."""
    from casebook.services import Services
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    path = casebook_template.copy("many", _create_many, tmp_path / "many.casebook")
    book = Casebook.open(path, PASSPHRASE)
    yield Services(book)
    book.close()


class Dialogs:
    """Scripted answers for run_dialog/confirm (the ``dialogs`` fixture): each filler gets the real dialog,
    which is then saved with its own Save (validated by the service); a filler returning False cancels."""

    def __init__(self) -> None:
        self.fillers: list = []
        self.opened: list[QDialog] = []
        self.answers: list[bool] = []
        self.questions: list[str] = []

    def run(self, dlg: QDialog) -> bool:
        self.opened.append(dlg)
        filler = self.fillers.pop(0)
        if filler(dlg) is False:
            dlg.reject()
            return False
        dlg.accept()  # the dialog's own Save: validates through the service
        return dlg.result() == QDialog.DialogCode.Accepted

    def confirm(self, parent, title, text, **_kw) -> bool:
        self.questions.append(text)
        return self.answers.pop(0)


@pytest.fixture
def dialogs(monkeypatch):
    from ui.widgets import form

    d = Dialogs()
    monkeypatch.setattr(form, "run_dialog", d.run)
    monkeypatch.setattr(form, "confirm", d.confirm)
    return d
