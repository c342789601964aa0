"""The client view on the demo casebook: header and tabs, the chronology driven from the keyboard,
matters, notes, the Overview's sentences and key dates, focus_matter, the empty state and ``changed``.

Modal dialogs and confirmations go through ``ui.widgets.form.run_dialog`` / ``confirm``; the tests
replace those with functions that fill the real dialog and press Save (or Cancel).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.views.client_view import EMPTY_TEXT, ClientView
from ui.widgets.form import set_combo

D = Qt.ItemDataRole.DisplayRole




@pytest.fixture
def view(qtbot, demo_svc):
    v = ClientView(demo_svc)
    qtbot.addWidget(v)
    v.resize(1100, 760)
    v.show()
    return v


@pytest.fixture
def changes(view):
    seen = []
    view.changed.connect(lambda: seen.append(1))
    return seen


def _client_with_two_matters(svc):
    for cid in svc.clients.ids():
        if len(svc.matters.for_client(cid)) >= 2:
            return cid
    raise AssertionError("the demo has a client with two matters")


def _column(model, col):
    return [model.data(model.index(r, col), D) for r in range(model.rowCount())]


def _tab_titles(view):
    return [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]


# ---------------------------------------------------------------------------- showing a client
def test_empty_state_until_a_client_is_set(view, demo_svc):
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == EMPTY_TEXT == "Select a client, or press Ctrl+N to add one"
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    assert view.stack.currentWidget() is view.page
    view.set_client(None)
    assert view.stack.currentWidget() is view.empty
    assert view.name_label.text() == "" and view.chronology.model.rowCount() == 0
    view.set_client(987654)  # no such client: calm, not a crash
    assert view.stack.currentWidget() is view.empty


def test_set_client_shows_the_name_header_and_tabs(view, demo_svc):
    cid = demo_svc.clients.ids()[3]
    c = demo_svc.clients.get(cid)
    view.set_client(cid)
    assert view.name_label.text() == c.name
    facts = view.facts_label.text()
    assert c.prison_number in facts and c.prison in facts
    if c.category:
        assert f"Category {c.category}" in facts
    # no placeholder tabs
    assert _tab_titles(view) == ["Overview", "Chronology", "Documents", "Matters", "Notes", "Contacts",
                                 "Risk", "Evidence", "Challenges", "Programmes"]
    assert view.tabs.currentWidget() is view.overview
    assert view.overview.identity["prison_number"].text() == c.prison_number
    events = demo_svc.chronology.for_client(cid)
    assert view.chronology.model.ids() == [e.id for e in events]
    dates = [e.date for e in events]
    assert dates == sorted(dates)
    assert view.matters.model.ids() == [m.id for m in demo_svc.matters.for_client(cid)]
    assert view.notes.model.ids() == [n.id for n in demo_svc.notes.for_client(cid)]
    assert view.overview.sentences.rowCount() == len(demo_svc.clients.sentences(cid))
    assert view.overview.key_dates.rowCount() == len(c.prison_dates)


def test_switching_clients_replaces_everything(view, demo_svc):
    a, b = demo_svc.clients.ids()[:2]
    view.set_client(a)
    view.tabs.setCurrentWidget(view.notes)
    view.set_client(b)
    assert view.name_label.text() == demo_svc.clients.get(b).name
    assert view.tabs.currentWidget() is view.overview
    assert set(view.chronology.model.ids()) == {e.id for e in demo_svc.chronology.for_client(b)}


# ---------------------------------------------------------------------------- chronology through the UI
def test_add_edit_delete_an_event_from_the_keyboard(qtbot, view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    view.tabs.setCurrentWidget(view.chronology)
    tab, table = view.chronology, view.chronology.table
    before = tab.model.rowCount()
    matter = demo_svc.matters.for_client(cid)[0]

    def fill_new(dlg):
        set_combo(dlg.matter, matter.id)
        dlg.date.setText("20/11/2026")
        set_combo(dlg.type, "legal-visit" if dlg.type.findData("legal-visit") >= 0 else "report-received")
        dlg.text.setPlainText("Visited at the prison to go through the dossier")
        dlg.source.setText("Attendance note")

    dialogs.fillers.append(fill_new)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert len(dialogs.opened) == 1
    assert tab.model.rowCount() == before + 1
    new_id = dialogs.opened[-1].saved_id
    assert demo_svc.chronology.get(new_id).text == "Visited at the prison to go through the dossier"
    row = tab.model.row_of(new_id)
    assert tab.model.data(tab.model.index(row, 3), D) == "Visited at the prison to go through the dossier"
    assert tab.selected_id() == new_id  # the new event is selected
    assert _column(tab.model, 0) == sorted(_column(tab.model, 0),
                                           key=lambda s: dt.datetime.strptime(s, "%d %B %Y"))
    assert len(changes) == 1

    # Enter edits the selected event.
    def fill_edit(dlg):
        assert dlg.event_id == new_id
        dlg.text.setPlainText("Visited; went through the dossier and the PAROM1 timetable")
        dlg.page.setText("12")

    dialogs.fillers.append(fill_edit)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    row = tab.model.row_of(new_id)
    assert tab.model.data(tab.model.index(row, 3),
                          D) == "Visited; went through the dossier and the PAROM1 timetable"
    assert tab.model.data(tab.model.index(row, 5), D) == "12"
    assert demo_svc.chronology.get(new_id).page == "12"
    assert len(changes) == 2

    # Delete asks first; "Cancel" keeps it.
    dialogs.answers.append(False)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "20 November 2026" in dialogs.questions[-1]
    assert tab.model.row_of(new_id) >= 0 and demo_svc.chronology.get(new_id)
    assert len(changes) == 2
    dialogs.answers.append(True)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert tab.model.row_of(new_id) == -1
    assert tab.model.rowCount() == before
    assert new_id not in {e.id for e in demo_svc.chronology.for_client(cid)}
    assert len(changes) == 3


def test_invalid_event_in_the_ui_saves_nothing_and_keeps_the_table(qtbot, view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    before = view.chronology.model.ids()

    def fill_bad(dlg):
        dlg.date.setText("30/02/2026")
        set_combo(dlg.type, "referral")
        set_combo(dlg.matter, demo_svc.matters.for_client(cid)[0].id)

    def check_and_cancel(dlg):
        fill_bad(dlg)
        dlg.accept()
        assert dlg.form.message("date") == "Date is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
        return False

    dialogs.fillers.append(check_and_cancel)
    view.chronology.add_button.click()
    assert view.chronology.model.ids() == before
    assert [e.id for e in demo_svc.chronology.for_client(cid)] == before
    assert changes == []


def test_ctrl_shift_n_adds_an_event(qtbot, view, demo_svc, dialogs):
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    view.tabs.setCurrentWidget(view.chronology)
    view.activateWindow()
    view.chronology.table.setFocus()
    qtbot.waitUntil(lambda: view.chronology.table.hasFocus())
    before = len(demo_svc.chronology.for_client(cid))

    def fill(dlg):
        set_combo(dlg.matter, demo_svc.matters.for_client(cid)[0].id)
        dlg.date.setText("21/11/2026")
        set_combo(dlg.type, "referral")

    dialogs.fillers.append(fill)
    qtbot.keyClick(view.chronology.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(dialogs.opened) == 1
    assert len(demo_svc.chronology.for_client(cid)) == before + 1
    assert view.chronology.model.rowCount() == before + 1


def test_filter_by_matter(view, demo_svc):
    cid = _client_with_two_matters(demo_svc)
    view.set_client(cid)
    tab = view.chronology
    assert tab.filter.count() == 1 + len(demo_svc.matters.for_client(cid))
    m = demo_svc.matters.for_client(cid)[0]
    tab.filter.setCurrentIndex(tab.filter.findData(m.id))
    assert tab.model.ids() == [e.id for e in demo_svc.chronology.for_matter(m.id)]
    assert set(_column(tab.model, 1)) <= {m.title}
    tab.filter.setCurrentIndex(0)
    assert len(tab.model.ids()) == len(demo_svc.chronology.for_client(cid))


# ---------------------------------------------------------------------------- matters
def test_focus_matter_switches_client_and_shows_the_matter(view, demo_svc):
    a, b = demo_svc.clients.ids()[:2]
    view.set_client(a)
    m = demo_svc.matters.for_client(b)[-1]
    view.focus_matter(m.id)
    assert view.client_id == b
    assert view.name_label.text() == demo_svc.clients.get(b).name
    assert view.tabs.currentWidget() is view.matters
    assert view.matters.selected_id() == m.id
    mv = view.matters.view
    assert mv.matter_id == m.id
    assert mv.title.text() == (m.title or m.type_label)
    assert mv.chronology.model.ids() == [e.id for e in demo_svc.chronology.for_matter(m.id)]
    assert mv.deadlines.matter_id == m.id


def test_new_matter_from_the_overview_opens_it_and_refreshes_the_other_tabs(view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[1]
    view.set_client(cid)
    n = len(demo_svc.matters.for_client(cid))

    def fill(dlg):
        set_combo(dlg.type, "categorisation")
        dlg.title.setText("Cat D review")

    dialogs.fillers.append(fill)
    view.overview.new_matter_button.click()
    matters = demo_svc.matters.for_client(cid)
    assert len(matters) == n + 1
    new = next(m for m in matters if m.title == "Cat D review")
    assert view.tabs.currentWidget() is view.matters and view.matters.view.matter_id == new.id
    assert view.chronology.filter.findData(new.id) >= 0  # the chronology's filter knows it
    assert new.id in view.overview.matters_model.ids()
    assert changes


def test_edit_and_delete_a_matter(view, demo_svc, dialogs, changes):
    cid = _client_with_two_matters(demo_svc)
    view.set_client(cid)
    m = demo_svc.matters.for_client(cid)[0]
    view.focus_matter(m.id)

    def fill(dlg):
        set_combo(dlg.status, "hearing-listed")

    dialogs.fillers.append(fill)
    view.matters.view.edit_button.click()
    assert demo_svc.matters.get(m.id).status == "hearing-listed"
    assert view.matters.view.details["status"].text() == "Hearing listed"
    row = view.matters.model.row_of(m.id)
    assert view.matters.model.data(view.matters.model.index(row, 2), D) == "Hearing listed"

    events = [e.id for e in demo_svc.chronology.for_matter(m.id)]
    dialogs.answers.append(True)
    view.matters.view.delete_button.click()
    assert "cannot be undone" in dialogs.questions[-1]
    assert m.id not in [x.id for x in demo_svc.matters.for_client(cid)]
    assert not set(events) & set(view.chronology.model.ids())
    assert m.id not in view.matters.model.ids()
    assert view.matters.view.matter_id in view.matters.model.ids()


def test_delete_matter_names_the_time_and_challenges_that_go_with_it(qtbot, svc_client, dialogs):
    """The question named the chronology, deadlines and notes only: the matter's recorded time (its legal
    aid claim), challenges and directions were deleted with it unmentioned."""
    svc, cid = svc_client
    mid = svc.matters.add(cid, "parole-review")
    svc.time.add(mid, "preparation", 90, date="02/10/2026")
    svc.challenges.add(mid, assertion="No insight", source="OASys", ground="factual-error")
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    v.focus_matter(mid)
    dialogs.answers.append(False)
    v.matters.view.delete_button.click()
    question = dialogs.questions[-1]
    assert "1 time entry" in question and "1 challenge" in question and "legal aid" in question
    assert "direction" not in question  # none: not named
    assert "Documents filed under it are kept" in question
    assert svc.matters.get(mid)  # kept: the answer was no


def test_event_added_in_the_matter_view_reaches_the_client_chronology(view, demo_svc, dialogs):
    cid = demo_svc.clients.ids()[0]
    m = demo_svc.matters.for_client(cid)[0]
    view.set_client(cid)
    view.focus_matter(m.id)

    def fill(dlg):
        assert dlg.matter.currentData() == m.id
        dlg.date.setText("25/11/2026")
        set_combo(dlg.type, "referral")
        dlg.text.setPlainText("Re-referred")

    dialogs.fillers.append(fill)
    view.matters.view.chronology.add_button.click()
    new_id = dialogs.opened[-1].saved_id
    assert new_id in view.matters.view.chronology.model.ids()
    assert new_id in view.chronology.model.ids()


# ---------------------------------------------------------------------------- notes, overview, client
def test_notes_add_edit_delete(view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[2]
    view.set_client(cid)
    tab = view.notes
    before = tab.model.rowCount()

    def fill(dlg):
        assert dlg.kind.currentData() == "legal-visit"
        dlg.text.setPlainText("Legal visit: went through the dossier.")
        dlg.date.setText("26/11/2026")

    dialogs.fillers.append(fill)
    tab.visit_button.click()
    assert tab.model.rowCount() == before + 1
    nid = dialogs.opened[-1].saved_id
    assert tab.selected_id() == nid
    assert tab.preview.toPlainText() == "Legal visit: went through the dossier."

    dialogs.fillers.append(lambda dlg: dlg.text.setPlainText("Legal visit: dossier and PAROM1."))
    tab.edit_button.click()
    assert demo_svc.notes.get(nid).text == "Legal visit: dossier and PAROM1."
    assert tab.model.data(tab.model.index(tab.model.row_of(nid), 3), D) == "Legal visit: dossier and PAROM1."

    dialogs.answers.append(True)
    tab.delete_button.click()
    assert "legal visit note of 26 November 2026" in dialogs.questions[-1]
    assert tab.model.rowCount() == before
    assert nid not in [n.id for n in demo_svc.notes.for_client(cid)]
    assert len(changes) == 3


@pytest.fixture
def svc_client(svc):
    return svc, svc.clients.add(name="Test Person", prison_number="A1234BC", dob="05/01/1980")


def test_overview_on_a_fresh_client(qtbot, svc_client, dialogs):
    svc, cid = svc_client
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    ov = v.overview
    assert ov.sentences.rowCount() == 0 and ov.key_dates.rowCount() == 0

    def sentence(dlg):
        set_combo(dlg.sentence_type, "SDS")
        dlg.sentence_date.setText("14/03/2022")
        dlg.custodial_term.setText("P4Y")
        dlg.offence.setText("Burglary")

    dialogs.fillers.append(sentence)
    ov.add_sentence_button.click()
    assert ov.sentences.rowCount() == 1
    assert [ov.sentences.item(0, c).text() for c in range(4)] == [
        "Standard determinate sentence", "14 March 2022", "Burglary", "custodial 4 years"]

    def adjustment(dlg):
        set_combo(dlg.kind, "REMAND")
        dlg.days.setValue(35)

    dialogs.fillers.append(adjustment)
    ov.add_adjustment_button.click()
    assert [ov.adjustments.item(0, c).text() for c in range(2)] == ["Remand in custody", "35"]

    def key_dates(dlg):
        r = dlg.add_row("CRD")
        dlg.table.cellWidget(r, 1).setText("11/02/2024")

    dialogs.fillers.append(key_dates)
    ov.key_dates_button.click()
    assert [ov.key_dates.item(0, c).text() for c in range(2)] == ["CRD – Conditional release date",
                                                                  "11 February 2024"]
    assert svc.clients.get(cid).prison_dates == {"CRD": dt.date(2024, 2, 11)}

    ov.sentences.selectRow(0)
    dialogs.answers.append(True)
    ov.delete_sentence_button.click()
    assert svc.clients.sentences(cid) == [] and ov.sentences.rowCount() == 0
    ov.adjustments.selectRow(0)
    dialogs.answers.append(False)
    ov.delete_adjustment_button.click()
    assert len(svc.clients.adjustments(cid)) == 1


def test_new_client_returns_the_id_and_shows_it(qtbot, svc, dialogs):
    v = ClientView(svc)
    qtbot.addWidget(v)
    seen = []
    v.changed.connect(lambda: seen.append(1))
    dialogs.fillers.append(lambda dlg: False)  # Cancel
    assert v.new_client() is None
    assert svc.clients.count() == 0 and seen == []

    def fill(dlg):
        dlg.name.setText("New Client")
        dlg.prison_number.setText("B2345CD")

    dialogs.fillers.append(fill)
    cid = v.new_client()
    assert cid == svc.clients.ids()[0]
    assert v.client_id == cid and v.name_label.text() == "New Client"
    assert seen == [1]


def test_edit_client_updates_header(view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    dialogs.fillers.append(lambda dlg: dlg.prison.setText("HMP Leyhill"))
    view.edit_button.click()
    assert demo_svc.clients.get(cid).prison == "HMP Leyhill"
    assert "HMP Leyhill" in view.facts_label.text()
    assert view.overview.identity["prison"].text() == "HMP Leyhill"
    assert changes == [1]


def test_delete_client_confirms_says_it_cascades_and_empties_the_view(view, demo_svc, dialogs, changes):
    cid = demo_svc.clients.ids()[0]
    matters = demo_svc.matters.for_client(cid)
    events = demo_svc.chronology.for_client(cid)
    view.set_client(cid)
    dialogs.answers.append(False)
    view.delete_button.click()
    assert demo_svc.clients.get(cid) and changes == []
    question = dialogs.questions[-1]
    assert demo_svc.clients.get(cid).name in question
    assert f"{len(matters)} matter" in question and f"{len(events)} chronology event" in question
    dialogs.answers.append(True)
    view.delete_button.click()
    assert cid not in demo_svc.clients.ids()
    assert demo_svc.chronology.for_client(cid) == []  # cascaded
    assert view.stack.currentWidget() is view.empty and view.client_id is None
    assert changes == [1]


def test_delete_client_names_the_documents_and_risk_records_that_go_with_them(qtbot, svc_client, dialogs):
    """The question named sentences, matters, events and notes only: the dossier imported into the
    casebook (its only copy), the risk assessments, evidence and contacts were deleted unmentioned."""
    from casebook.documents.pdfgen import make_pdf

    svc, cid = svc_client
    svc.documents.add(make_pdf(["Page one", "Page two", "Page three"], title="Dossier"), filename="d.pdf",
                      client_id=cid, kind="dossier")
    svc.assessments.add(cid, tool="oasys", date="2026-01-10")
    svc.evidence.add(cid, kind="accredited-programme", date="2025-05-01", title="Completed Kaizen")
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    dialogs.answers.append(False)
    v.delete_button.click()
    question = dialogs.questions[-1]
    assert "1 document (3 pages)" in question and "kept only inside the casebook" in question
    assert "1 risk assessment" in question and "1 item of evidence" in question
    assert "contact" not in question  # none: not named
    assert svc.clients.get(cid)  # kept: the answer was no


def test_clear_drops_every_model(view, demo_svc):
    cid = demo_svc.clients.ids()[0]
    view.set_client(cid)
    view.focus_matter(demo_svc.matters.for_client(cid)[0].id)
    view.clear()
    assert view.stack.currentWidget() is view.empty
    assert view.client_id is None and view.name_label.text() == ""
    for model in (view.chronology.model, view.notes.model, view.matters.model, view.overview.matters_model,
                  view.matters.view.chronology.model):
        assert model.rowCount() == 0 and model._cache == {}
    assert view.overview.sentences.rowCount() == 0 and view.overview.key_dates.rowCount() == 0
    assert view.matters.view.matter_id is None


def test_overview_release_dates_compare_the_prisons_sheet_with_our_check(qtbot, svc_client, dialogs):
    svc, cid = svc_client
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="31/10/2024", custodial_term="P3Y",
                             offence="Possession of an offensive weapon")
    svc.clients.add_adjustment(cid, "REMAND", 41)
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    panel = v.overview.release_panel
    assert panel.differing_codes() == []
    ours = {panel.model.row_data(r)["code"]: panel.model.row_data(r)["ours"]
            for r in range(panel.model.rowCount())}
    assert "CRD" in ours and ours["CRD"] is not None
    # The prison's sheet says something else for the CRD: entered through the key dates dialog, the
    # comparison marks it and the timeline flags it.
    wrong = ours["CRD"] + dt.timedelta(days=14)

    def key_dates(dlg):
        r = dlg.add_row("CRD")
        dlg.table.cellWidget(r, 1).setDate(wrong)

    dialogs.fillers.append(key_dates)
    v.overview.key_dates_button.click()
    assert panel.differing_codes() == ["CRD"]
    row = next(r for r in range(panel.model.rowCount()) if panel.model.row_data(r)["code"] == "CRD")
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    assert "The prison's date is 14 days later than ours." in panel.detail.text()
    assert ("CRD", wrong, True) in panel.timeline.marks()
    assert panel.timeline.marks()[0] == ("Sentenced", dt.date(2024, 10, 31), False)


def test_release_dates_speak_the_windows_language_and_lead_with_the_difference(qtbot, svc_client,
                                                                              dialogs):
    """A solicitor comparing the prison's CRD read "Offence rule — Sentence 41: …" (a database number),
    "(casebook deadlines commencement sa2026-progression-model DATE)" (a command line), and the working
    of a differing date with the difference itself in its last sentence."""
    svc, cid = svc_client
    other = svc.clients.add(name="Someone Else")
    for _ in range(2):  # so this client's sentence has a database number other than 1
        svc.clients.add_sentence(other, sentence_type="SDS", sentence_date="01/01/2020", custodial_term="P2Y")
    sid = svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="10/06/2025", custodial_term="P8Y",
                                   offence_id="oapa1861-s18")
    assert sid != 1
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    panel = v.overview.release_panel
    rule = panel.offence_rule.text()
    assert "Sentence 1 (10 June 2025):" in rule and f"Sentence {sid}:" not in rule
    ours = {panel.model.row_data(r)["code"]: panel.model.row_data(r)["ours"]
            for r in range(panel.model.rowCount())}

    def key_dates(dlg):
        r = dlg.add_row("CRD")
        dlg.table.cellWidget(r, 1).setDate(ours["CRD"] - dt.timedelta(days=1))

    dialogs.fillers.append(key_dates)
    v.overview.key_dates_button.click()
    row = next(r for r in range(panel.model.rowCount()) if panel.model.row_data(r)["code"] == "CRD")
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    detail = panel.detail.text()
    assert detail.startswith("Differs from the prison's date. The prison's date is 1 day earlier than ours.")
    shown = [rule, detail] + [panel.model.row_data(r)["working"] for r in range(panel.model.rowCount())]
    for text in shown:
        assert "casebook deadlines" not in text and "Settings →" not in text
        assert f"Sentence {sid}:" not in text
    if "progression model" in rule:  # the note about the Sentencing Act 2026 model, while it applies
        assert "(“Bank holidays…” on This week)" in rule
    assert "Offence rule —" not in detail  # over the table already, not repeated in each working


def test_overview_without_sentences_says_why_there_are_no_dates(qtbot, svc_client):
    svc, cid = svc_client
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    assert "no sentences recorded" in v.overview.release_panel.refusal.text()


def test_ipp_overview_shows_review_and_licence_milestones_and_follows_the_chronology(
        qtbot, svc_client, dialogs):
    svc, cid = svc_client
    svc.clients.add_sentence(cid, sentence_type="IPP", sentence_date="01/05/2008", minimum_term="P5Y",
                             offence="Robbery")
    mid = svc.matters.add(cid, "ipp-licence-termination")
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    panel = v.overview.release_panel
    codes = [panel.milestones_model.data(panel.milestones_model.index(r, 0), Qt.ItemDataRole.UserRole + 1)
             for r in range(panel.milestones_model.rowCount())]
    assert codes == ["PRE_TARIFF_SIFT", "REVIEW_START", "TED"]
    assert not panel.milestones.isHidden()
    # Recording the first release in the matter's chronology (through the UI) adds the licence milestones.
    v.focus_matter(mid)

    def fill(dlg):
        dlg.date.setText("15/01/2024")
        set_combo(dlg.type, "ipp-licence-start")
        dlg.text.setPlainText("Released on licence")

    dialogs.fillers.append(fill)
    v.matters.view.chronology.add_button.click()
    eid = dialogs.opened[-1].saved_id
    labels = [m[0] for m in panel.timeline.marks()]
    assert "Termination review" in labels and "Automatic termination" in labels
    assert ("Termination review", dt.date(2027, 1, 15), False) in panel.timeline.marks()
    svc.chronology.delete(eid)
    v.overview.refresh()
    assert "Termination review" not in [m[0] for m in panel.timeline.marks()]


def test_every_demo_client_opens_on_every_tab(qtbot, view, demo_svc):
    for cid in demo_svc.clients.ids():
        view.set_client(cid)
        assert view.name_label.text() == demo_svc.clients.get(cid).name
        for i in range(view.tabs.count()):
            view.tabs.setCurrentIndex(i)
        for m in demo_svc.matters.for_client(cid):
            view.focus_matter(m.id)
            assert view.matters.view.matter_id == m.id


def test_acting_on_a_record_deleted_elsewhere_refreshes_instead_of_failing(qtbot, svc_client, dialogs):
    svc, cid = svc_client
    sid = svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="31/10/2024", custodial_term="P3Y")
    mid = svc.matters.add(cid, "complaint")
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    v.overview.sentences.selectRow(0)
    svc.clients.delete_sentence(sid)  # e.g. through the CLI, while the view is open
    v.overview.edit_sentence_button.click()
    assert dialogs.opened == [] and v.overview.sentences.rowCount() == 0
    v.focus_matter(mid)
    svc.matters.delete(mid)
    v.matters.view.edit_button.click()
    assert dialogs.opened == [] and v.matters.model.rowCount() == 0
    svc.clients.delete(cid)
    v.edit_button.click()
    assert v.stack.currentWidget() is v.empty


def test_matters_list_keys_new_enter_and_delete(qtbot, view, demo_svc, dialogs):
    cid = _client_with_two_matters(demo_svc)
    view.set_client(cid)
    view.tabs.setCurrentWidget(view.matters)
    lst = view.matters.list
    first = view.matters.selected_id()
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert view.matters.view.tabs.currentWidget() is view.matters.view.chronology
    dialogs.answers.append(True)
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert first not in [m.id for m in demo_svc.matters.for_client(cid)]
    assert first not in view.matters.model.ids()
    dialogs.fillers.append(lambda dlg: set_combo(dlg.type, "adjudication"))
    qtbot.keyClick(lst, Qt.Key.Key_Insert)
    new = dialogs.opened[-1].saved_id
    assert demo_svc.matters.get(new).type == "adjudication"
    assert view.matters.selected_id() == new == view.matters.view.matter_id


def test_client_text_is_shown_as_plain_text_never_html(qtbot, svc, dialogs):
    from PySide6.QtWidgets import QLabel

    cid = svc.clients.add(name="<b>Bold</b> <img src=x>", prison_number="A1234BC", vulnerability="<i>x</i>")
    v = ClientView(svc)
    qtbot.addWidget(v)
    v.set_client(cid)
    for label in (v.name_label, v.overview.identity["vulnerability"]):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert v.name_label.text() == "<b>Bold</b> <img src=x>"
    rich = [w for w in v.findChildren(QLabel) if w.textFormat() != Qt.TextFormat.PlainText
            and "<" in w.text()]
    assert rich == []


def test_tab_moves_between_controls_not_through_read_only_labels(view, demo_svc):
    from PySide6.QtWidgets import QLabel

    view.set_client(demo_svc.clients.ids()[0])
    labels = [w for w in view.findChildren(QLabel) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert labels == []
    assert view.overview.add_sentence_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_opening_clients_writes_no_column_widths(view, demo_svc):
    # Only a width the user drags is remembered: opening clients (their matters fitted to their titles)
    # must not take the fitted widths for the user's, nor write the settings file on every client opened.
    from ui.widgets.columns import saved_widths

    for (cid,) in demo_svc.cb.conn.execute("SELECT id FROM clients ORDER BY id LIMIT 6").fetchall():
        view.set_client(cid)
    assert saved_widths("overview_matters") == {}
