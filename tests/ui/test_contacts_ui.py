"""The client's Contacts tab (issue 12): the table model (qtmodeltester), adding, editing and deleting
from the keyboard through the contact dialog, bad input shown under its field with nothing saved, the
Matter column, copying an email address through the clipboard guard, and the tab at 1366×768.

Modal dialogs and confirmations go through ``ui.widgets.form.run_dialog`` / ``confirm``; the tests
replace them with functions that fill the real dialog and press Save (or Cancel)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from ui.dialogs.contact_dialog import ALL_MATTERS, ContactDialog
from ui.models.contacts_model import GENERAL, ContactsModel
from ui.views.client_view import ClientView
from ui.views.contacts import ContactsTab
from ui.views.registry import client_tab
from ui.widgets.form import set_combo

D = Qt.ItemDataRole.DisplayRole




@pytest.fixture
def case(svc):
    a = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    b = svc.clients.add(name="Barnaby Quillfeather", prison_number="B2345CD")
    ma = svc.matters.add(a, "parole-review", title="Parole review 2026")
    mb = svc.matters.add(b, "recall-review")
    pom = svc.contacts.add(a, name="Jo Example", role="pom", organisation="HMP Example, OMU",
                           email="jo.example@hmpps.example", phone="0113 496 0000")
    psych = svc.contacts.add(a, matter_id=ma, name="Dr Ann Sample", role="independent-psychologist",
                             address="2 Example Road\nExampleton", notes="Report due in January.")
    return svc, a, b, ma, mb, pom, psych


@pytest.fixture
def tab(qtbot, case):
    svc, a, *_ = case
    t = ContactsTab(svc)
    qtbot.addWidget(t)
    t.resize(1200, 600)
    t.show()
    t.set_client(a)
    return t


def _column(model, key):
    col = [k for k, _ in model.columns].index(key)
    return [model.data(model.index(r, col), D) for r in range(model.rowCount())]


def _count(svc) -> int:
    return svc.cb.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]


# ---------------------------------------------------------------------------- the model
def test_contacts_model_passes_qt_model_tester(qtmodeltester, case):
    svc, a, b, *_ = case
    model = ContactsModel(svc)
    model.set_client(a)
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)
    model.set_client(b)  # none: a reset the tester watches
    assert model.rowCount() == 0
    model.set_client(a)
    model.clear()  # the lock
    assert model.rowCount() == 0 and model.client_id is None


def test_contacts_model_on_the_demo(qtmodeltester, demo_svc):
    model = ContactsModel(demo_svc)
    cid = next(c.id for c in demo_svc.clients.list() if demo_svc.contacts.list_for_client(c.id))
    model.set_client(cid)
    assert model.rowCount() >= 3
    qtmodeltester.check(model, force_py=True)
    assert "Prison offender manager (POM)" in _column(model, "role")


def test_columns_and_the_matter_column(tab, case):
    svc, a, b, ma, mb, pom, psych = case
    m = tab.model
    assert [h for _, h in m.columns] == ["Name", "Role", "Organisation", "Matter", "Email", "Phone"]
    assert _column(m, "name") == ["Dr Ann Sample", "Jo Example"]
    assert _column(m, "matter") == ["Parole review 2026", GENERAL]
    assert _column(m, "role") == ["Psychologist (independent)", "Prison offender manager (POM)"]
    assert _column(m, "email") == ["", "jo.example@hmpps.example"]
    assert tab.status.text() == "2 contacts"
    tab.select(psych)
    assert "Exampleton" in tab.details.toPlainText() and "Report due in January." in tab.details.toPlainText()
    assert not tab.copy_button.isEnabled()  # no email to copy
    tab.select(pom)
    assert tab.copy_button.isEnabled()


# ---------------------------------------------------------------------------- adding, editing, deleting
def test_add_edit_delete_from_the_keyboard(qtbot, tab, case, dialogs):
    svc, a, b, ma, mb, pom, psych = case
    changed = []
    tab.changed.connect(lambda: changed.append(1))

    def fill_new(dlg: ContactDialog):
        assert dlg.windowTitle() == "New contact" and dlg.matter.currentText() == ALL_MATTERS
        dlg.name.setText("Sam Brief")
        set_combo(dlg.role, "counsel")
        set_combo(dlg.matter, ma)
        dlg.organisation.setText("Example Chambers")
        dlg.email.setText("clerks@chambers.example")

    dialogs.fillers.append(fill_new)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    new = dialogs.opened[-1].saved_id
    c = svc.contacts.get(new)
    assert (c.client_id, c.matter_id, c.role, c.organisation) == (a, ma, "counsel", "Example Chambers")
    assert tab.selected_id() == new and tab.model.rowCount() == 3

    def fill_edit(dlg: ContactDialog):
        assert dlg.windowTitle() == "Edit contact" and dlg.name.text() == "Sam Brief"
        set_combo(dlg.matter, None)
        dlg.phone.setText("020 7946 0000")

    dialogs.fillers.append(fill_edit)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    c = svc.contacts.get(new)
    assert (c.matter_id, c.phone) == (None, "020 7946 0000")
    assert tab.model.data(tab.model.index(tab.model.row_of(new), 3), D) == GENERAL

    dialogs.answers.append(False)  # "No": nothing deleted
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert svc.contacts.get(new).name == "Sam Brief"
    dialogs.answers.append(True)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "Sam Brief (Counsel)" in dialogs.questions[-1]
    assert new not in [x.id for x in svc.contacts.list_for_client(a)] and tab.model.rowCount() == 2
    assert len(changed) == 3


def test_bad_input_in_the_dialog_shows_under_the_field_and_saves_nothing(qtbot, tab, case, dialogs):
    svc, *_ = case
    before = _count(svc)
    seen = {}

    def fill(dlg: ContactDialog):
        dlg.name.setText("Jo Other")
        dlg.email.setText("jo@nodot")
        dlg.phone.setText("ring the wing")
        dlg.accept()  # Save: refused, the dialog stays open with the messages
        seen["open"] = dlg.result() != QDialog.DialogCode.Accepted
        seen["role"] = dlg.form.message("role")
        seen["email"] = dlg.form.message("email")
        seen["phone"] = dlg.form.message("phone")
        return False  # then Cancel

    dialogs.fillers.append(fill)
    tab.add()
    assert seen["open"]
    assert "choose one" in seen["role"]
    assert "@ and a domain" in seen["email"] and "digits, spaces and + ( ) -" in seen["phone"]
    assert "jo@nodot" not in seen["email"]
    assert _count(svc) == before and tab.model.rowCount() == 2


def test_a_matter_of_another_client_is_refused_in_the_dialog(qtbot, case, dialogs):
    svc, a, b, ma, mb, pom, psych = case
    dlg = ContactDialog(svc, a, contact_id=pom)
    qtbot.addWidget(dlg)
    dlg.matter.addItem("someone else's", mb)  # cannot be offered; the service refuses it anyway
    dlg.matter.setCurrentIndex(dlg.matter.count() - 1)
    dlg.accept()
    assert "this client's matters" in dlg.form.message("matter_id")
    assert svc.contacts.get(pom).matter_id is None


def test_copy_email_goes_through_the_clipboard_guard(qtbot, tab, case):
    from ui.session import clipboard_guard

    svc, a, b, ma, mb, pom, psych = case
    tab.select(pom)
    tab.table.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(tab.table, Qt.Key.Key_C, ctrl_shift)
    assert QApplication.clipboard().text() == "jo.example@hmpps.example"
    assert clipboard_guard().holds_ours() and tab.status.text() == "Email address copied."
    clipboard_guard().clear_if_ours()
    tab.select(psych)
    assert tab.copy_email() == ""  # no address: nothing copied


# ---------------------------------------------------------------------------- on the client view
def test_the_client_view_has_a_contacts_tab(qtbot, case, dialogs, tmp_path):
    svc, a, *_ = case
    assert client_tab("contacts").shortcut == "Alt+S"
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.resize(1366, 768)
    v.show()
    v.set_client(a)
    tab = v.show_tab("contacts")
    assert isinstance(tab, ContactsTab) and v.contacts is tab
    assert tab.model.rowCount() == 2
    assert v.current_tab_key() == "contacts"
    # Readable at 1366×768: every column's header fits and the table shows its rows.
    header = tab.table.horizontalHeader()
    assert all(header.sectionSize(i) >= header.sectionSizeHint(i) * 0.6 for i in range(header.count()))
    assert tab.table.viewport().height() > 200
    shot = v.grab()
    assert not shot.isNull() and (shot.width(), shot.height()) == (1366, 768)
    shot.save(str(tmp_path / "contacts.png"))
    # An empty client says what to do.
    v.set_client(svc.clients.add(name="Cressida Newcome"))
    assert not tab.empty.isHidden() and "Press Insert" in tab.empty.text()
    v.clear()
    assert tab.model.rowCount() == 0


# ---------------------------------------------------------------------------- letters: the addressee
def test_the_letters_tab_offers_the_contacts_as_addressees(qtbot, case, tmp_path, monkeypatch):
    import docx

    from ui.views import letters as letters_view
    from ui.views.letters import LettersTab
    from ui.widgets import export_notice
    from ui.workers import running_jobs

    monkeypatch.setattr(export_notice, "ask", lambda _parent: True)
    svc, a, b, ma, mb, pom, psych = case
    tab = LettersTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1070, 600)
    tab.show()
    tab.set_matter(a, ma)
    items = [(tab.to_combo.itemData(i), tab.to_combo.itemText(i)) for i in range(tab.to_combo.count())]
    assert items[0] == (None, "No one in particular (the template's own wording)")  # representations
    assert [i for i, _ in items[1:]] == [psych, pom]  # the matter's own, then the client's general ones
    assert "Jo Example (HMP Example, OMU) — Prison offender manager (POM) · all matters" in items[2][1]
    assert tab.to_label.buddy() is tab.to_combo

    assert tab.select_template("expert-instructions")
    assert tab.to_combo.itemText(0) == "Usual: Dr Ann Sample — Psychologist (independent)"
    assert tab.addressee_id() is None
    assert tab.choose_addressee(pom) and tab.addressee_id() == pom
    assert tab.select_template("assessment-correction-request")
    assert tab.addressee_id() == pom  # the choice is kept from one template to the next
    assert tab.to_combo.itemText(0) == "Usual: Jo Example — Prison offender manager (POM)"

    out = tmp_path / "letter.docx"
    monkeypatch.setattr(letters_view, "choose_save_path", lambda *_a: str(out))
    job = tab.generate()
    qtbot.waitUntil(lambda: job.outcome is not None and job not in running_jobs(), timeout=60000)
    assert job.outcome == "ok", job.message
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Dear Jo Example," in text and "HMP Example, OMU" in text
    entry = svc.audit.entries(entity="letter")[0]
    assert entry.detail["addressee"] == pom and entry.detail["template"] == "assessment-correction-request"

    tab.clear()
    assert tab.to_combo.count() == 0


def test_a_contact_found_by_the_global_search_opens_on_the_contacts_tab(qtbot, case):
    from types import SimpleNamespace

    from ui.main_window import MainWindow
    from ui.session import Session

    svc, a, b, ma, mb, pom, psych = case
    mw = MainWindow(Session(SimpleNamespace(cb=svc.cb, services=svc)))
    try:
        hit = next(h for h in svc.search.query("Sample") if h.kind == "contact")
        mw.open_hit(hit)
        assert mw.client_view.client_id == a and mw.client_view.current_tab_key() == "contacts"
        assert mw.client_view.contacts.selected_id() == psych
    finally:
        mw.teardown()
        mw.close()
