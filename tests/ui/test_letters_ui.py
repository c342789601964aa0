"""The matter's Letters tab on real SQLCipher demo casebooks: the templates (shipped and the firm's), a
letter generated through the tab into a folder and read back with python-docx, no file replaced without
the user's say-so, the fields a template would leave empty and the way to where they are filled, the
counsel bundle cancelled leaving nothing, the list of what was generated, the once-a-session notice that
an export is not encrypted, and failures (a broken template, one the sandbox refuses, a full disk) as
one calm line with nothing written."""

from __future__ import annotations

import os

import docx
import pytest
from PySide6.QtCore import Qt

from tests.conftest import TEST_TODAY
from ui.dialogs.client_dialog import ClientDialog
from ui.dialogs.firm_dialog import FirmDialog
from ui.dialogs.matter_dialog import MatterDialog
from ui.models.letters import GeneratedModel, TemplatesModel
from ui.views import letters as letters_view
from ui.views.client_view import ClientView
from ui.views.letters import LettersTab, group_empty_fields, suggested_name
from ui.widgets import export_notice, form
from ui.workers import running_jobs

TEMPLATE_IDS = {"representations", "oral-hearing-request", "deferral-request", "witness-application",
                "reconsideration-application", "set-aside-application", "assessment-correction-request",
                "rectification-request", "subject-access-request", "complaint-comp1", "ombudsman-complaint",
                "letter-before-claim", "expert-instructions", "counsel-instructions", "client-care"}


@pytest.fixture(autouse=True)
def notice(monkeypatch):
    """The not-encrypted notice answered "Continue"; each time it is asked is recorded."""
    asked: list = []

    def ask(parent):
        asked.append(parent)
        return True

    monkeypatch.setattr(export_notice, "ask", ask)
    return asked


@pytest.fixture
def opened(monkeypatch):
    """Files the tab asked the system to open (none is really opened)."""
    paths: list[str] = []
    monkeypatch.setattr(letters_view, "open_file", lambda p: paths.append(p) or True)
    return paths


@pytest.fixture
def matter(demo_svc):
    """A parole review of the demo with a prison number."""
    for m in demo_svc.matters.list():
        if m.type == "parole-review" and demo_svc.clients.get(m.client_id).prison_number:
            return m
    raise AssertionError("the demo has no parole review")


def _save_as(monkeypatch, *answers: str) -> list[str]:
    """The save dialog answers ``answers`` in turn; the names it suggested are recorded."""
    suggested: list[str] = []
    queue = list(answers)

    def choose(_parent, _title, name, _filter):
        suggested.append(name)
        return queue.pop(0)

    monkeypatch.setattr(letters_view, "choose_save_path", choose)
    return suggested


def _tab(qtbot, svc, matter) -> LettersTab:
    tab = LettersTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1000, 560)
    tab.show()
    tab.set_matter(matter.client_id, matter.id)
    return tab


def _finish(qtbot, job) -> None:
    qtbot.waitUntil(lambda: job.outcome is not None and job not in running_jobs(), timeout=60000)


def _text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _write_template(path, *paragraphs: str, title: str = "") -> None:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.title = title
    d.save(str(path))


# ---------------------------------------------------------------------------- models
def test_models_pass_qt_model_tester(qtmodeltester, demo_svc, matter, tmp_path):
    folder = tmp_path / "firm"
    folder.mkdir()
    _write_template(folder / "representations.docx", "Dear Board, {{ client.name }}",
                    title="Our representations")
    _write_template(folder / "visit-booking.docx", "Visit for {{ client.name }}")
    demo_svc.letters.set_template_folder(folder)
    model = TemplatesModel(demo_svc)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    ids = set(model.ids())
    assert ids >= TEMPLATE_IDS and "visit-booking" in ids
    cols = [k for k, _h in model.columns]
    reps = model.row_of("representations")
    assert model.index(reps, cols.index("title")).data() == "Our representations"
    assert model.index(reps, cols.index("source")).data() == "Your firm"  # the firm's overrides Casebook's
    claim = model.row_of("letter-before-claim")
    assert model.index(claim, cols.index("source")).data() == "Casebook"
    assert model.index(model.row_of("oral-hearing-request"), cols.index("description")).data()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)

    demo_svc.letters.export_chronology(matter.id, tmp_path / "chronology.docx")
    generated = GeneratedModel(demo_svc)
    generated.set_matter(matter.id)
    qtmodeltester.check(generated, force_py=True)
    assert generated.rowCount() == 1
    assert generated.index(0, 1).data() == "Chronology (Word)"
    assert generated.index(0, 2).data() == "chronology.docx"
    assert generated.path_at(0) == str(tmp_path / "chronology.docx")
    assert generated.index(0, 0).data().startswith(f"{TEST_TODAY.day} November 2026, ")


# ---------------------------------------------------------------------------- generating a letter
def test_generate_a_letter_through_the_tab(qtbot, demo_svc, matter, tmp_path, monkeypatch, opened, notice):
    client = demo_svc.clients.get(matter.client_id)
    tab = _tab(qtbot, demo_svc, matter)
    assert tab.selected_template_id() == "representations"  # the first letter of a parole review
    out = tmp_path / "letter.docx"
    suggested = _save_as(monkeypatch, str(out))
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on the template generates it
    job = tab.job
    assert job is not None
    _finish(qtbot, job)
    assert job.outcome == "ok", job.message
    # The name offered: the template, the prison number and today, never the client's name.
    assert suggested == [f"representations – {client.prison_number} – 26 November 2026.docx"]
    assert suggested == [suggested_name("representations", client.prison_number, TEST_TODAY, ".docx")]
    assert client.name not in suggested[0]
    text = _text(out)
    assert client.name in text and client.prison_number in text
    assert "{{" not in text and "{%" not in text
    assert str(out) in tab.message.text() and "not encrypted" in tab.message.text()
    assert not tab.message.isHidden()
    # Listed as generated for this matter (from the audit log), selected; Open in Word opens it.
    assert tab.generated.rowCount() == 1
    assert tab.generated.index(0, 1).data() == "Written representations to the Parole Board"
    assert tab.generated.index(0, 2).data() == "letter.docx"
    assert tab.open_button.isEnabled()
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]
    assert [e["to"] for e in demo_svc.letters.generated(matter.id)] == [str(out)]
    assert len(notice) == 1


def test_a_file_is_replaced_only_when_the_user_says_so(qtbot, demo_svc, matter, tmp_path, monkeypatch):
    folder = tmp_path / "letters"
    folder.mkdir()
    existing = folder / "letter.docx"
    existing.write_bytes(b"the solicitor's own draft")
    tab = _tab(qtbot, demo_svc, matter)
    tab.select_template("oral-hearing-request")
    asked: list[str] = []
    answers = [False, True]

    def confirm(_parent, title, text, *, yes="Delete"):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(form, "confirm", confirm)
    # "letter" without .docx: the save dialog asked about "letter", not about "letter.docx", so the tab
    # asks. Declined: nothing is written and the file is kept.
    _save_as(monkeypatch, str(folder / "letter"), str(folder / "letter"))
    assert tab.generate() is None
    assert existing.read_bytes() == b"the solicitor's own draft"
    assert "letter.docx" in asked[0] and "Replace" in asked[0]
    assert "Nothing was written" in tab.message.text()
    assert demo_svc.letters.generated(matter.id) == []
    assert sorted(p.name for p in folder.iterdir()) == ["letter.docx"]
    # Accepted: the file is replaced by the letter.
    job = tab.generate()
    _finish(qtbot, job)
    assert job.outcome == "ok", job.message
    assert existing.read_bytes().startswith(b"PK")
    assert "Application for an oral hearing" in tab.generated.index(0, 1).data()
    assert len(asked) == 2


def test_the_service_refuses_to_replace_a_file_the_user_was_not_asked_about(qtbot, demo_svc, matter,
                                                                          tmp_path):
    tab = _tab(qtbot, demo_svc, matter)
    out = tmp_path / "letter.docx"
    with demo_svc.cb.lock:  # the worker waits for the casebook while another file appears there
        job = tab.start_generate(tab.selected_template(), out, force=False)
        out.write_bytes(b"written meanwhile")
    _finish(qtbot, job)
    assert job.outcome == "failed"
    assert out.read_bytes() == b"written meanwhile"
    assert "already exists" in tab.message.text() and "Nothing was written" in tab.message.text()
    assert demo_svc.letters.generated(matter.id) == []


# ---------------------------------------------------------------------------- empty fields
def test_empty_fields_and_going_where_they_are_filled(qtbot, demo_svc, matter, monkeypatch):
    demo_svc.clients.update(matter.client_id, interpreter="", vulnerability="")
    demo_svc.matters.update(matter.id, ppcs_ref="")
    demo_svc.letters.set_firm(name="", address_lines=[], phone="", email="", solicitor="", sra_number="",
                              reference="")
    view = ClientView(demo_svc)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    view.set_client(matter.client_id)
    view.focus_matter(matter.id)
    matter_view = view.matters.view
    tab = matter_view.letters
    matter_view.tabs.setCurrentWidget(tab)
    assert tab.select_template("representations")
    fields = tab.refresh_empty_fields()
    assert fields == demo_svc.letters.empty_fields("representations", matter.id)
    groups = dict(tab.empty_groups())
    assert {"firm", "client", "matter"} <= set(groups)
    assert "interpreter" in groups["client"] and "vulnerability" in groups["client"]
    assert "PPCS reference" in groups["matter"]
    assert groups["firm"].startswith("Letterhead") and "SRA number" in groups["firm"]
    assert [d for d, _t in group_empty_fields(fields)] == [d for d, _t in tab.empty_groups()]

    def run(dlg):
        if isinstance(dlg, ClientDialog):
            assert dlg.focusWidget() is dlg.form.fields["interpreter"]
            dlg.interpreter.setText("Polish")
            dlg.vulnerability.setPlainText("Dyslexia")
        elif isinstance(dlg, MatterDialog):
            assert dlg.focusWidget() is dlg.form.fields["ppcs_ref"]
            dlg.ppcs_ref.setText("PPCS/2026/0042")
        elif isinstance(dlg, FirmDialog):
            dlg.name.setText("Example & Co Solicitors")
            dlg.address.setPlainText("1 High Street\nLeeds\nLS1 1AA")
            for w, v in ((dlg.phone, "0113 000 0000"), (dlg.email, "law@example.co.uk"),
                         (dlg.solicitor, "A. Solicitor"), (dlg.sra_number, "123456"),
                         (dlg.reference, "AS/PAROLE")):
                w.setText(v)
        else:
            raise AssertionError(type(dlg).__name__)
        dlg.accept()
        return dlg.result() == dlg.DialogCode.Accepted

    monkeypatch.setattr(form, "run_dialog", run)
    for dest in ("client", "matter", "firm"):  # Enter on the group's line goes there
        row = [d for d, _t in tab.empty_groups()].index(dest)
        tab.empty_list.setCurrentRow(row)
        assert tab.fill_button.text() in ("Edit client…", "Edit matter…", "Edit letterhead…")
        tab.empty_list.setFocus()
        qtbot.keyClick(tab.empty_list, Qt.Key.Key_Return)
        assert dest not in dict(tab.empty_groups()), dest  # filled in: gone from the list
    assert demo_svc.clients.get(matter.client_id).interpreter == "Polish"
    assert demo_svc.matters.get(matter.id).ppcs_ref == "PPCS/2026/0042"
    assert demo_svc.letters.context(matter.id)["firm"]["sra_number"] == "123456"

    # A matter's own record → that tab of the matter; the client's → that tab of the client.
    tab.fill_in("chronology", "")
    assert matter_view.tabs.currentWidget() is matter_view.chronology
    matter_view.tabs.setCurrentWidget(tab)
    tab.fill_in("risk", "")
    assert view.current_tab_key() == "risk"
    # Back on the Letters tab, the list is read again.
    view.show_tab("matters")
    assert matter_view.tabs.currentWidget() is tab


# ---------------------------------------------------------------------------- exports
def test_counsel_bundle_cancelled_leaves_nothing(qtbot, demo_svc, matter, tmp_path, monkeypatch):
    from casebook.letters import exports

    monkeypatch.setattr(exports, "soffice", lambda: None)  # Word files only: no LibreOffice run here
    tab = _tab(qtbot, demo_svc, matter)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "bundle.zip"
    # The worker waits for the casebook's lock, held here until the cancel has been asked for.
    with demo_svc.cb.lock:
        job = tab.export_bundle(str(out))
        assert job is not None and not tab.generate_button.isEnabled()
        job.dialog.canceled.emit()  # the progress dialog's Cancel button
    _finish(qtbot, job)
    assert job.outcome == "cancelled"
    assert list(folder.iterdir()) == []
    assert "cancelled" in tab.message.text() and "Nothing was written" in tab.message.text()
    assert demo_svc.letters.generated(matter.id) == [] and tab.generated.rowCount() == 0
    assert tab.generate_button.isEnabled()

    # Not cancelled: the bundle is written and listed, and the line says where and what it holds.
    job = tab.export_bundle(str(out))
    _finish(qtbot, job)
    assert job.outcome == "ok", job.message
    assert out.is_file() and str(out) in tab.message.text()
    assert "no PDFs" in tab.message.text()
    assert tab.generated.index(0, 1).data() == "Counsel bundle (.zip)"
    assert not tab.open_button.isEnabled() and tab.folder_open_button.isEnabled()  # not a Word file


def test_export_menu_writes_the_chronology_and_lists_it(qtbot, demo_svc, matter, tmp_path, monkeypatch,
                                                        opened):
    view = ClientView(demo_svc)
    qtbot.addWidget(view)
    view.set_client(matter.client_id)
    view.focus_matter(matter.id)
    matter_view = view.matters.view
    suggested = _save_as(monkeypatch, str(tmp_path / "chronology.docx"))
    assert matter_view.export_button.isEnabled()
    assert [a.text() for a in matter_view.export_button.menu().actions()] == ["Export &chronology…",
                                                                        "Export counsel &bundle…"]
    matter_view.export_chronology_action.trigger()
    tab = matter_view.letters
    assert matter_view.tabs.currentWidget() is tab  # the result is shown where the exports are listed
    client = demo_svc.clients.get(matter.client_id)
    assert suggested == [f"chronology – {client.prison_number} – 26 November 2026.docx"]
    assert "Chronology written to" in tab.message.text() and str(tmp_path) in tab.message.text()
    assert tab.generated.index(0, 1).data() == "Chronology (Word)"
    assert client.name in _text(tmp_path / "chronology.docx")
    tab.generated_table.setFocus()
    qtbot.keyClick(tab.generated_table, Qt.Key.Key_Return)  # Enter opens it
    assert opened == [str(tmp_path / "chronology.docx")]


def test_not_encrypted_notice_once_a_session(qtbot, demo_svc, matter, tmp_path, monkeypatch, notice):
    from casebook.services import Services

    tab = _tab(qtbot, demo_svc, matter)
    assert tab.export_chronology(str(tmp_path / "one.docx"))
    assert tab.export_chronology(str(tmp_path / "two.docx"))
    assert len(notice) == 1  # said once, before the first export
    # Another session (a new unlock: new services) is told again; declining writes nothing.
    monkeypatch.setattr(export_notice, "ask", lambda parent: notice.append(parent) and False)
    other = _tab(qtbot, Services(demo_svc.cb), matter)
    assert other.export_chronology(str(tmp_path / "three.docx")) is None
    assert len(notice) == 2
    assert not (tmp_path / "three.docx").exists()
    assert export_notice.TEXT == ("The file you save is not encrypted. Keep it somewhere safe, or delete it "
                                  "after use.")


# ---------------------------------------------------------------------------- failures
def test_failures_are_one_calm_line_and_write_nothing(qtbot, demo_svc, matter, tmp_path, monkeypatch):
    folder = tmp_path / "firm"
    folder.mkdir()
    _write_template(folder / "broken.docx", "Dear {{ client.name ", title="Broken")
    _write_template(folder / "escape.docx", "{{ client.__class__.__mro__ }}{{ ''.__class__.__base__ }}",
                    title="Escape")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    tab = _tab(qtbot, demo_svc, matter)
    assert tab.choose_template_folder(str(folder))
    assert "2 templates found" in tab.message.text()

    for template_id, words in (("broken", "error in a tag"), ("escape", "refused")):
        assert tab.select_template(template_id)
        tab.refresh_empty_fields()
        job = tab.start_generate(tab.selected_template(), out_dir / f"{template_id}.docx", False)
        _finish(qtbot, job)
        assert job.outcome == "failed"
        line = tab.message.text()
        assert words in line and "Nothing was written" in line, line
        assert "\n" not in line and "Traceback" not in line
    assert list(out_dir.iterdir()) == []

    # The disk fills up while the letter is written: nothing is left behind, not even the part file.
    import casebook.files

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(casebook.files.os, "fsync", full)
    tab.select_template("representations")
    job = tab.start_generate(tab.selected_template(), out_dir / "letter.docx", False)
    _finish(qtbot, job)
    monkeypatch.setattr(casebook.files.os, "fsync", os.fsync)
    assert job.outcome == "failed"
    assert "disk full" in tab.message.text() and "\n" not in tab.message.text()
    assert list(out_dir.iterdir()) == []
    assert demo_svc.letters.generated(matter.id) == []


def test_the_tab_fits_a_laptop_screen(qtbot, demo_svc, matter, tmp_path):
    """At 1366x768 the client view has about 1070x650: every button whole, the empty fields and the
    list of what was generated readable."""
    from PySide6.QtWidgets import QAbstractButton

    demo_svc.letters.export_chronology(matter.id, tmp_path / "chronology.docx")
    view = ClientView(demo_svc)
    qtbot.addWidget(view)
    view.resize(1070, 650)
    view.show()
    view.set_client(matter.client_id)
    view.focus_matter(matter.id)
    matter_view = view.matters.view
    tab = matter_view.letters
    matter_view.tabs.setCurrentWidget(tab)
    tab.refresh_empty_fields()
    qtbot.waitExposed(tab)
    for b in tab.findChildren(QAbstractButton) + [matter_view.export_button]:
        if b.isVisible():
            assert b.width() >= b.sizeHint().width(), b.text()
    policy = tab.generated_table.column_policy
    # Once the columns are fitted: the file's name whole, and what it was readable beside it.
    qtbot.waitUntil(lambda: policy.width_of("file") >= policy.natural_width(policy.index_of("file")))
    assert policy.width_of("what") >= policy.natural_width(policy.index_of("what"))
    row = tab.generated_table.verticalHeader().defaultSectionSize()
    assert tab.generated_table.viewport().height() >= row
    if tab.empty_list.count():
        assert tab.empty_list.viewport().height() >= 2 * tab.empty_list.sizeHintForRow(0)


def test_file_menu_exports_the_shown_matter(qtbot, demo_svc, matter, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=demo_svc.cb, services=demo_svc)))
    try:
        mw.show()
        mw._update_export_menu()
        assert not mw.menu_actions["export_chronology"].isEnabled()  # "This week": no matter shown
        mw.open_matter(matter.id)
        mw._update_export_menu()
        assert mw.menu_actions["export_chronology"].isEnabled()
        assert mw.menu_actions["export_bundle"].isEnabled()
        _save_as(monkeypatch, str(tmp_path / "from the menu.docx"))
        mw.client_view.show_tab("overview")  # from any tab: the matter's Letters tab shows the result
        mw.menu_actions["export_chronology"].trigger()
        assert (tmp_path / "from the menu.docx").is_file()
        view = mw.client_view.matters.view
        assert mw.client_view.current_tab_key() == "matters" and view.tabs.currentWidget() is view.letters
        assert "Chronology written to" in view.letters.message.text()
    finally:
        mw.teardown()
        mw.close()
