"""A lock keeps every unsaved dialog in memory and reopens it, where the user was, after unlock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import PASSPHRASE
from ui import drafts
from ui.app import Shell
from ui.dialogs.client_dialog import ClientDialog, KeyDatesDialog
from ui.dialogs.event_dialog import EventDialog
from ui.dialogs.matter_dialog import MatterDialog
from ui.dialogs.note_dialog import NoteDialog
from ui.dialogs.sentence_dialog import SentenceDialog
from ui.widgets import form

TYPED = "Legal visit: client says the dossier is missing the 2024 psychology report. Zebra-7731."


@pytest.fixture(autouse=True)
def _no_kept_drafts():
    drafts.discard()
    yield
    drafts.discard()


@pytest.fixture
def shell(qtbot):
    s = Shell()
    yield s
    s.shutdown()


def _open(qtbot, shell: Shell, path, passphrase=PASSPHRASE):
    w = shell.show_unlock(path, auto_unlock=False)
    qtbot.waitExposed(w)
    w.passphrase.setText(passphrase)
    w.unlock()
    qtbot.waitUntil(lambda: shell.main_window is not None or w.message.isVisible(), timeout=10000)
    return shell.main_window


def _client_on_notes(qtbot, shell, casebook_path):
    mw = _open(qtbot, shell, casebook_path)
    svc = shell.session.services
    cid = svc.clients.add(name="Alan Abbott", prison_number="A1234BC")
    mid = svc.matters.add(cid, type="parole-review")
    mw.navigator.refresh()
    assert mw.select_client(cid)
    mw.client_view.show_tab("notes")
    return mw, cid, mid


def test_an_idle_lock_keeps_a_half_typed_note_and_reopens_it_where_the_user_was(
        qtbot, shell, casebook_path, ui_settings, monkeypatch):
    mw, cid, mid = _client_on_notes(qtbot, shell, casebook_path)
    cb = shell.session.cb
    seen = {}

    def type_then_walk_away():
        dlg = QApplication.activeModalWidget()
        seen["dialog"] = dlg
        assert isinstance(dlg, NoteDialog) and dlg.isVisible()
        dlg.text.setPlainText(TYPED)
        dlg.matter.setCurrentIndex(dlg.matter.findData(mid))
        shell.idle_lock()  # what the idle timer does after a minute without input

    QTimer.singleShot(0, type_then_walk_away)
    mw.client_view.notes.add_note("legal-visit")  # the real modal dialog: returns when the lock closes it
    assert shell.session is None and cb.closed and shell.main_window is None
    assert not seen["dialog"].isVisible()
    assert drafts.pending(casebook_path)
    # Held in memory only: not in the settings file, and the casebook itself is encrypted.
    from pathlib import Path

    for f in [Path(ui_settings.file_name()), *casebook_path.parent.iterdir()]:
        if f.is_file():
            assert b"Zebra-7731" not in f.read_bytes(), f

    # A wrong passphrase loses nothing.
    w = shell.unlock_window
    w.passphrase.setText("not the passphrase")
    w.unlock()
    qtbot.waitUntil(lambda: w.message.isVisible() and not w.is_busy(), timeout=10000)
    assert shell.main_window is None and drafts.pending(casebook_path)

    reopened = []

    def run_dialog(dialog):
        reopened.append(dialog)
        dialog.show()
        dialog.accept()  # the user presses Save
        return dialog.result() == 1

    monkeypatch.setattr(form, "run_dialog", run_dialog)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: bool(reopened), timeout=10000)
    mw = shell.main_window
    dlg = reopened[0]
    assert isinstance(dlg, NoteDialog) and dlg.services is mw.services  # the new session, not the old
    assert dlg.text.toPlainText() == TYPED
    assert dlg.kind.currentData() == "legal-visit" and dlg.matter.currentData() == mid
    assert not dlg.restored_note.isHidden() and dlg.restored_note.text() == drafts.RESTORED_TEXT
    # Back where the user was: the client, on the Notes tab.
    assert mw.stack.currentWidget() is mw.client_view and mw.client_view.client_id == cid
    assert mw.client_view.current_tab_key() == "notes"
    # Saving worked, and the tab shows the note.
    notes = mw.services.notes.for_client(cid)
    assert [(n.text, n.kind, n.matter_id) for n in notes] == [(TYPED, "legal-visit", mid)]
    qtbot.waitUntil(lambda: mw.client_view.notes.model.rowCount() == 1, timeout=3000)
    assert not drafts.pending()


def test_every_edit_dialog_keeps_its_values_over_a_lock(qtbot, shell, casebook_path, monkeypatch):
    mw, cid, mid = _client_on_notes(qtbot, shell, casebook_path)
    svc = mw.services
    eid = svc.chronology.add(mid, date="01/02/2026", type="dossier-served", text="Dossier served")
    made = [
        ClientDialog(svc, cid, parent=mw),
        MatterDialog(svc, cid, mid, parent=mw),
        EventDialog(svc, cid, event_id=eid, parent=mw),
        NoteDialog(svc, cid, parent=mw),
        SentenceDialog(svc, cid, parent=mw),
        KeyDatesDialog(svc, cid, parent=mw),
    ]
    edits = {
        ClientDialog: lambda d: (d.name.setText("Alan Abbott-Smith"),
                                 d.vulnerability.setPlainText("Hearing aid")),
        MatterDialog: lambda d: (d.title.setText("Oral hearing 2026"), d.status.setCurrentIndex(1)),
        EventDialog: lambda d: (d.text.setPlainText("Dossier served late"), d.material.setChecked(True)),
        NoteDialog: lambda d: d.text.setPlainText("Phoned the prison"),
        SentenceDialog: lambda d: (d.offence.setText("Robbery"), d.sentence_date.setText("03/04/2020"),
                                   d.custodial_term.setText("6y")),
        KeyDatesDialog: lambda d: (d.add_row("CRD"), d.table.cellWidget(0, 1).setText("01/01/2030")),
    }
    before = {}
    for d in made:
        edits[type(d)](d)
        d.open()  # window-modal, all on screen at once
        before[type(d)] = d.draft_values()
    shell.lock()
    assert all(not d.isVisible() for d in made)
    assert [k.cls for k in drafts.kept_drafts()] == [type(d) for d in made]

    reopened = []
    monkeypatch.setattr(form, "run_dialog", lambda d: reopened.append(d) and False)
    mw = _open(qtbot, shell, casebook_path)
    qtbot.waitUntil(lambda: len(reopened) == len(made), timeout=10000)
    for d in reopened:
        assert d.draft_values() == before[type(d)], type(d).__name__
        assert d.services is mw.services
    assert reopened[1].matter_id == mid and reopened[2].event_id == eid  # the same records
    assert reopened[0].name.text() == "Alan Abbott-Smith"
    assert reopened[5].table.cellWidget(0, 1).text() == "01/01/2030"
    # Cancelled this time: nothing was saved and nothing is kept.
    assert svc is not mw.services and mw.services.clients.get(cid).name == "Alan Abbott"
    assert not drafts.pending()


def test_no_open_dialog_means_nothing_kept_and_home_after_unlock(qtbot, shell, casebook_path):
    _mw, _cid, _mid = _client_on_notes(qtbot, shell, casebook_path)
    shell.lock()
    assert not drafts.pending()
    mw = _open(qtbot, shell, casebook_path)
    assert mw.stack.currentIndex() == 0  # This week, as before


def test_drafts_are_only_reopened_in_their_own_casebook(qtbot, shell, casebook_path, tmp_path, monkeypatch):
    from casebook.store import Casebook

    other = tmp_path / "other.casebook"
    Casebook.create(other, PASSPHRASE).close()
    mw, cid, _mid = _client_on_notes(qtbot, shell, casebook_path)
    d = NoteDialog(mw.services, cid, parent=mw)
    d.text.setPlainText(TYPED)
    d.open()
    shell.lock()
    reopened = []
    monkeypatch.setattr(form, "run_dialog", lambda dlg: reopened.append(dlg) and False)
    _open(qtbot, shell, other)
    qtbot.wait(50)
    assert reopened == [] and drafts.pending(casebook_path)
    shell.lock()
    assert drafts.pending(casebook_path)  # still there for its own file
    _open(qtbot, shell, casebook_path)
    qtbot.waitUntil(lambda: len(reopened) == 1, timeout=5000)
    assert reopened[0].text.toPlainText() == TYPED


def test_quitting_from_the_lock_screen_asks_before_losing_drafts(qtbot, shell, casebook_path, monkeypatch):
    mw, cid, _mid = _client_on_notes(qtbot, shell, casebook_path)
    d = NoteDialog(mw.services, cid, parent=mw)
    d.text.setPlainText(TYPED)
    d.open()
    shell.lock()
    w = shell.unlock_window
    asked = []

    def answer(choice):
        def ask(box: QMessageBox):
            asked.append(box.text())
            for b in box.buttons():
                if b.text().startswith(choice):
                    b.click()
        return ask

    monkeypatch.setattr(drafts, "_ask", answer("Don't quit"))
    with qtbot.assertNotEmitted(w.closed_by_user):
        w.close()
    assert w.isVisible() and drafts.pending(casebook_path)
    assert "unsaved form" in asked[0]

    monkeypatch.setattr(drafts, "_ask", answer("Quit and lose"))
    quits = []
    monkeypatch.setattr(shell, "quit", lambda: quits.append(1))
    w.closed_by_user.disconnect()
    w.closed_by_user.connect(shell.quit)
    w.close()
    assert not w.isVisible() and quits == [1] and not drafts.pending()


def test_closing_the_lock_screen_without_drafts_asks_nothing(qtbot, shell, casebook_path, monkeypatch):
    _open(qtbot, shell, casebook_path)
    shell.lock()
    monkeypatch.setattr(drafts, "_ask", lambda box: pytest.fail("asked"))
    w = shell.unlock_window
    w.closed_by_user.disconnect()
    w.close()
    assert not w.isVisible()
