"""Every dialog: a valid save creates exactly one record; a bad field shows its own message inline and
saves nothing (checked through the services); DD/MM/YYYY input; Esc/Cancel saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.conftest import TEST_TODAY
from ui.dialogs.client_dialog import ClientDialog, KeyDatesDialog
from ui.dialogs.event_dialog import EventDialog
from ui.dialogs.matter_dialog import MatterDialog
from ui.dialogs.note_dialog import NoteDialog
from ui.dialogs.sentence_dialog import AdjustmentDialog, SentenceDialog
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import set_combo

ACCEPTED = QDialog.DialogCode.Accepted
REJECTED = QDialog.DialogCode.Rejected


def _show(qtbot, dlg):
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _save(qtbot, dlg):
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def client(svc):
    return svc.clients.add(name="Test Person", prison_number="A1234BC")


@pytest.fixture
def matter(svc, client):
    return svc.matters.add(client, "parole-review", title="Parole review 2026")


# ---------------------------------------------------------------------------- the date field
def test_date_edit_parses_dd_mm_yyyy_and_reads_back_the_long_form(qtbot):
    w = DateEdit()
    qtbot.addWidget(w)
    qtbot.keyClicks(w, "26/11/2026")
    assert w.date() == dt.date(2026, 11, 26)
    assert w.toolTip() == "26 November 2026"
    assert w.isValid() and w.error() == ""
    w.setText("31/02/2026")
    assert w.date() is None
    assert w.error() == "is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
    assert w.property("invalid") is True
    w.setText("26/11/26")  # a two-digit year is refused, not guessed
    assert w.date() is None and not w.isValid()
    w.setText("2026-11-26")
    assert w.date() == dt.date(2026, 11, 26)
    w.setDate(dt.date(2025, 1, 5))
    assert w.text() == "05/01/2025"


@pytest.mark.parametrize("typed", ["26 November 2026", "26th Nov 2026", "26.11.2026", "26-11-2026"])
def test_date_edit_takes_a_date_as_letters_write_it(qtbot, svc, client, matter, typed):
    """A date typed or pasted as the letter (or Casebook itself) writes it — "26 November 2026" — was
    silently refused key by key (only digits, / and - could be typed); "26.11.2026" became "26112026"."""
    w = DateEdit()
    qtbot.addWidget(w)
    qtbot.keyClicks(w, typed)
    assert w.text() == typed
    assert w.date() == dt.date(2026, 11, 26) and w.isValid() and w.value() == "26/11/2026"
    w.editingFinished.emit()  # leaving the field
    assert w.text() == "26/11/2026"
    dlg = _show(qtbot, EventDialog(svc, client, matter))
    qtbot.keyClicks(dlg.date, typed)
    set_combo(dlg.type, "referral")
    _save(qtbot, dlg)
    [e] = svc.chronology.for_matter(matter)
    assert e.date == dt.date(2026, 11, 26)


def test_date_edit_still_refuses_what_is_not_a_date(qtbot):
    w = DateEdit()
    qtbot.addWidget(w)
    w.setText("31 February 2026")
    assert w.date() is None and w.error() == "is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
    w.setText("26 Novembre 2026")
    assert w.date() is None and not w.isValid()


def test_date_edit_empty_state_and_typing_filter(qtbot):
    optional, required = DateEdit(), DateEdit(optional=False)
    qtbot.addWidget(optional)
    qtbot.addWidget(required)
    assert optional.date() is None and optional.isValid()
    assert required.error() == "is required (DD/MM/YYYY)"
    qtbot.keyClicks(optional, "ab12/x03/2026")  # letters cannot be typed
    assert optional.text() == "12/03/2026"
    seen = []
    optional.dateChanged.connect(seen.append)
    optional.setDate(None)
    assert optional.text() == "" and seen == [None]


# ---------------------------------------------------------------------------- client
def test_client_dialog_valid_save_creates_exactly_one_client(qtbot, svc):
    dlg = _show(qtbot, ClientDialog(svc))
    qtbot.keyClicks(dlg.name, "Jordan Example")
    qtbot.keyClicks(dlg.prison_number, "a1234bc")
    assert dlg.prison_number.text() == "A1234BC"  # upper-cased as typed
    qtbot.keyClicks(dlg.dob, "05/01/1980")
    dlg.aliases.setPlainText("J. Example\nJay")
    dlg.pnc.setText("2003/0062845E")
    dlg.cro.setText("265416/21G")
    set_combo(dlg.category, "C")
    set_combo(dlg.mappa_category, 2)
    set_combo(dlg.mappa_level, 1)
    _save(qtbot, dlg)
    assert dlg.result() == ACCEPTED
    assert svc.clients.count() == 1
    c = svc.clients.get(dlg.saved_id)
    assert (c.name, c.prison_number, c.dob, c.aliases) == ("Jordan Example", "A1234BC", dt.date(1980, 1, 5),
                                                         ["J. Example", "Jay"])
    assert (c.pnc, c.cro, c.category, c.mappa_category, c.mappa_level) == \
        ("2003/0062845E", "265416/21G", "C", 2, 1)


def test_client_dialog_shows_each_error_inline_and_saves_nothing(qtbot, svc):
    dlg = _show(qtbot, ClientDialog(svc))
    dlg.prison_number.setText("A12BC")
    dlg.pnc.setText("2003/0062845A")  # wrong check letter
    dlg.dob.setText("31/02/1980")
    _save(qtbot, dlg)
    assert dlg.isVisible() and dlg.result() != ACCEPTED
    assert svc.clients.count() == 0
    assert dlg.form.message("name") == "Name is required"
    assert dlg.form.message("prison_number") == \
        "Prison number must be a letter, four digits and two letters, like A1234BC"
    assert dlg.form.message("pnc") == "PNC ID check letter does not match; please re-check the PNC ID"
    assert dlg.form.message("dob") == "Date of birth is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
    assert dlg.form.message("cro") == ""
    assert dlg.pnc.accessibleDescription() == dlg.form.message("pnc")
    # Fixing them saves, and the messages go.
    dlg.name.setText("Jordan Example")
    dlg.prison_number.setText("A1234BC")
    dlg.pnc.setText("2003/0062845E")
    dlg.dob.setText("05/01/1980")
    _save(qtbot, dlg)
    assert dlg.result() == ACCEPTED and svc.clients.count() == 1
    assert dlg.form.message("pnc") == ""


def test_client_dialog_cro_check_letter_and_duplicate_prison_number(qtbot, svc, client):
    dlg = _show(qtbot, ClientDialog(svc))
    dlg.name.setText("Someone Else")
    dlg.prison_number.setText("A1234BC")
    dlg.cro.setText("265416/21H")
    _save(qtbot, dlg)
    assert svc.clients.count() == 1
    assert dlg.form.message("prison_number") == f"Prison number is already used by client {client}"
    assert dlg.form.message("cro") == "CRO number check letter does not match; please re-check the CRO number"


def test_client_dialog_edit_updates_and_escape_cancels(qtbot, svc, client):
    dlg = _show(qtbot, ClientDialog(svc, client))
    assert dlg.name.text() == "Test Person" and dlg.prison_number.text() == "A1234BC"
    dlg.prison.setText("HMP Leyhill")
    _save(qtbot, dlg)
    assert svc.clients.get(client).prison == "HMP Leyhill"
    dlg2 = _show(qtbot, ClientDialog(svc, client))
    dlg2.name.setText("Changed")
    qtbot.keyClick(dlg2, Qt.Key.Key_Escape)
    assert dlg2.result() == REJECTED and not dlg2.isVisible()
    assert svc.clients.get(client).name == "Test Person"


def test_client_dialog_tab_order_runs_down_the_fields_then_save(qtbot, svc):
    dlg = _show(qtbot, ClientDialog(svc))
    assert dlg.name.nextInFocusChain() is dlg.aliases
    chain, w = [], dlg.interpreter
    for _ in range(3):
        w = w.nextInFocusChain()
        chain.append(w)
    assert chain[0] is dlg.vulnerability
    assert dlg.save_button in chain
    assert dlg.name.accessibleName() == "Name" and dlg.dob.accessibleName() == "Date of birth"


def test_key_dates_dialog_saves_codes_and_dates_and_refuses_bad_rows(qtbot, svc, client):
    dlg = _show(qtbot, KeyDatesDialog(svc, client))
    assert dlg.table.rowCount() == 0
    r = dlg.add_row("PED")
    dlg.table.cellWidget(r, 1).setText("01/06/2027")
    r = dlg.add_row("SLED")
    dlg.table.cellWidget(r, 1).setText("31/06/2030")
    _save(qtbot, dlg)
    assert dlg.isVisible() and svc.clients.get(client).prison_dates == {}
    assert "Row 2 (SLED)" in dlg.row_errors.text()
    dlg.table.cellWidget(r, 1).setText("30/06/2030")
    _save(qtbot, dlg)
    assert dlg.result() == ACCEPTED
    assert svc.clients.get(client).prison_dates == {"PED": dt.date(2027, 6, 1), "SLED": dt.date(2030, 6, 30)}
    # Reopened, the rows are there; removing one and saving removes it.
    dlg2 = _show(qtbot, KeyDatesDialog(svc, client))
    assert dlg2.table.rowCount() == 2
    dlg2.table.setCurrentCell(0, 1)
    dlg2.remove_current()
    _save(qtbot, dlg2)
    assert svc.clients.get(client).prison_dates == {"SLED": dt.date(2030, 6, 30)}


# ---------------------------------------------------------------------------- sentence & adjustment
def test_sentence_dialog_valid_and_invalid(qtbot, svc, client):
    dlg = _show(qtbot, SentenceDialog(svc, client))
    _save(qtbot, dlg)
    assert svc.clients.sentences(client) == []
    assert dlg.form.message("sentence_type") == "Sentence type is required: choose one"
    assert dlg.form.message("sentence_date") == "Date of sentence is required (DD/MM/YYYY)"
    set_combo(dlg.sentence_type, "EDS")
    dlg.sentence_date.setText("14/03/2022")
    dlg.custodial_term.setText("6y")
    _save(qtbot, dlg)
    assert svc.clients.sentences(client) == []
    assert dlg.form.message("extension_term") == "Extension period is required for an extended sentence"
    dlg.extension_term.setText("P4Y")
    dlg.offence_date.setText("01/04/2022")  # after the sentence date
    _save(qtbot, dlg)
    assert dlg.form.message("offence_date") == "Date of offence cannot be after the sentence date"
    assert svc.clients.sentences(client) == []
    dlg.offence_date.setText("01/04/2021")
    dlg.offence.setText("Robbery")
    _save(qtbot, dlg)
    assert dlg.result() == ACCEPTED
    [s] = svc.clients.sentences(client)
    assert (s.sentence_type, s.sentence_date, s.custodial_term, s.extension_term, s.offence_date) == (
        "EDS", dt.date(2022, 3, 14), "P6Y", "P4Y", dt.date(2021, 4, 1))
    # Edit: consecutive choices list the other sentences only.
    edit = _show(qtbot, SentenceDialog(svc, client, s.id))
    assert edit.consecutive_to.count() == 1
    edit.offence.setText("Robbery (count 2)")
    _save(qtbot, edit)
    assert svc.clients.get_sentence(s.id).offence == "Robbery (count 2)"
    assert len(svc.clients.sentences(client)) == 1


def test_sentence_dialog_cancel_saves_nothing(qtbot, svc, client):
    dlg = _show(qtbot, SentenceDialog(svc, client))
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("14/03/2022")
    dlg.custodial_term.setText("P4Y")
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dlg.result() == REJECTED
    assert svc.clients.sentences(client) == []


def test_adjustment_dialog(qtbot, svc, client):
    dlg = _show(qtbot, AdjustmentDialog(svc, client))
    set_combo(dlg.kind, "REMAND")
    dlg.days.setValue(40)
    dlg.from_date.setText("10/02/2022")
    dlg.to_date.setText("01/02/2022")
    _save(qtbot, dlg)
    assert svc.clients.adjustments(client) == []
    assert dlg.form.message("to_date") == "To cannot be before the from date"
    dlg.to_date.setText("21/03/2022")
    _save(qtbot, dlg)
    [a] = svc.clients.adjustments(client)
    assert (a.kind, a.days, a.from_date, a.to_date) == \
        ("REMAND", 40, dt.date(2022, 2, 10), dt.date(2022, 3, 21))


# ---------------------------------------------------------------------------- matter
def test_matter_dialog_new_edit_and_invalid(qtbot, svc, client):
    dlg = _show(qtbot, MatterDialog(svc, client))
    assert dlg.opened_on.date() == TEST_TODAY
    _save(qtbot, dlg)
    assert svc.matters.for_client(client) == []
    assert dlg.form.message("type") == "Type is required: choose one"
    set_combo(dlg.type, "recall-review")
    dlg.opened_on.setText("01/05/2026")
    dlg.closed_on.setText("01/04/2026")
    _save(qtbot, dlg)
    assert svc.matters.for_client(client) == []
    assert dlg.form.message("closed_on") == "Closed cannot be before the date opened"
    dlg.closed_on.clear()
    dlg.parole_board_ref.setText("PB/123")
    set_combo(dlg.legal_aid_class, "advocacy-assistance-parole")
    _save(qtbot, dlg)
    [m] = svc.matters.for_client(client)
    assert (m.type, m.title, m.opened_on, m.parole_board_ref, m.legal_aid_class) == (
        "recall-review", "Recall review", dt.date(2026, 5, 1), "PB/123", "advocacy-assistance-parole")
    edit = _show(qtbot, MatterDialog(svc, client, m.id))
    set_combo(edit.status, "hearing-listed")
    edit.title.setText("Recall review (2026)")
    _save(qtbot, edit)
    m = svc.matters.get(m.id)
    assert (m.status, m.title) == ("hearing-listed", "Recall review (2026)")
    assert len(svc.matters.for_client(client)) == 1


# ---------------------------------------------------------------------------- event
def test_event_dialog_valid_save_creates_one_event(qtbot, svc, client, matter):
    dlg = _show(qtbot, EventDialog(svc, client))
    assert dlg.matter.currentData() == matter  # the only matter is preselected
    qtbot.keyClicks(dlg.date, "26/11/2026")
    set_combo(dlg.type, "hearing-listed")
    dlg.text.setPlainText("Oral hearing listed for one day")
    dlg.source.setText("Listing letter")
    dlg.page.setText("2")
    dlg.material.setChecked(True)
    set_combo(dlg.disputed, "prospective")
    _save(qtbot, dlg)
    assert dlg.result() == ACCEPTED
    [e] = svc.chronology.for_matter(matter)
    assert (e.date, e.type, e.text, e.source, e.page, e.material, e.disputed) == (
        dt.date(2026, 11, 26), "hearing-listed", "Oral hearing listed for one day",
        "Listing letter", "2", True,
        "prospective")
    assert e.id == dlg.saved_id


def test_event_dialog_invalid_fields_show_inline_and_save_nothing(qtbot, svc, client, matter):
    dlg = _show(qtbot, EventDialog(svc, client))
    dlg.date.setText("12/13/2026")
    _save(qtbot, dlg)
    assert dlg.isVisible()
    assert svc.chronology.for_client(client) == []
    assert dlg.form.message("date") == "Date is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
    assert dlg.form.message("type") == "Type is required: choose one"
    dlg.date.setText("01/01/1890")
    set_combo(dlg.type, "referral")
    _save(qtbot, dlg)
    assert dlg.form.message("date") == "Date is before 1900; please check it"
    assert dlg.form.message("type") == ""
    assert svc.chronology.for_client(client) == []


def test_event_dialog_requires_a_matter_when_there_are_several(qtbot, svc, client, matter):
    other = svc.matters.add(client, "complaint")
    dlg = _show(qtbot, EventDialog(svc, client))
    assert not dlg.matter.currentData()
    dlg.date.setText("01/10/2026")
    set_combo(dlg.type, "comp1-submitted")
    _save(qtbot, dlg)
    assert dlg.form.message("matter").startswith("Matter is required")
    assert svc.chronology.for_client(client) == []
    set_combo(dlg.matter, other)
    _save(qtbot, dlg)
    assert [e.matter_id for e in svc.chronology.for_client(client)] == [other]


def test_event_dialog_edit_keeps_the_matter_and_escape_cancels(qtbot, svc, client, matter):
    eid = svc.chronology.add(matter, "01/10/2026", "referral", "Referred")
    dlg = _show(qtbot, EventDialog(svc, client, event_id=eid))
    assert not dlg.matter.isEnabled() and dlg.date.text() == "01/10/2026"
    dlg.text.setPlainText("Referred by PPCS")
    _save(qtbot, dlg)
    assert svc.chronology.get(eid).text == "Referred by PPCS"
    dlg2 = _show(qtbot, EventDialog(svc, client, event_id=eid))
    dlg2.text.setPlainText("Something else")
    qtbot.keyClick(dlg2, Qt.Key.Key_Escape)
    assert dlg2.result() == REJECTED
    assert svc.chronology.get(eid).text == "Referred by PPCS"


# ---------------------------------------------------------------------------- note
def test_note_dialog(qtbot, svc, client, matter):
    dlg = _show(qtbot, NoteDialog(svc, client, kind="legal-visit"))
    assert dlg.kind.currentData() == "legal-visit" and dlg.date.date() == TEST_TODAY
    _save(qtbot, dlg)
    assert dlg.form.message("text") == "Note is required"
    assert svc.notes.for_client(client) == []
    dlg.text.setPlainText("Visited; discussed the dossier.")
    dlg.date.setText("03/11/2026")
    set_combo(dlg.matter, matter)
    _save(qtbot, dlg)
    [n] = svc.notes.for_client(client)
    assert (n.text, n.kind, n.date, n.matter_id) == ("Visited; discussed the dossier.", "legal-visit",
                                                      dt.date(2026, 11, 3), matter)
    edit = _show(qtbot, NoteDialog(svc, client, n.id))
    edit.date.setText("")
    _save(qtbot, edit)
    assert edit.form.message("date") == "Date is required (DD/MM/YYYY)"
    assert svc.notes.get(n.id).date == dt.date(2026, 11, 3)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert len(svc.notes.for_client(client)) == 1


def test_a_bad_date_is_reported_when_leaving_the_field_and_cleared_when_fixed(qtbot, svc, client, matter):
    dlg = _show(qtbot, EventDialog(svc, client))
    dlg.activateWindow()
    dlg.date.setFocus()
    qtbot.waitUntil(dlg.date.hasFocus)
    qtbot.keyClicks(dlg.date, "31/04/2026")
    qtbot.keyClick(dlg.date, Qt.Key.Key_Tab)  # leaving the field checks it
    assert dlg.form.message("date") == "Date is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"
    assert dlg.date.accessibleDescription() == dlg.form.message("date")
    dlg.date.setText("30/04/2026")
    assert dlg.form.message("date") == ""
    assert dlg.date.accessibleDescription() == "30 April 2026"
    assert svc.chronology.for_client(client) == []  # checking a field never saves


def test_event_dialog_explains_the_chosen_type_from_the_rules_data(qtbot, svc, client, matter):
    from casebook.deadlines import event_types

    dlg = _show(qtbot, EventDialog(svc, client))
    assert dlg.type_note.isHidden()
    listed = next(t for t in event_types() if t.code == "hearing-listed")
    set_combo(dlg.type, "hearing-listed")
    assert dlg.type_note.text() == listed.note and not dlg.type_note.isHidden()
    assert dlg.type.currentText().endswith("(starts a time limit)") == listed.triggers
    set_combo(dlg.type, "")
    assert dlg.type_note.isHidden()


def test_inline_messages_use_a_red_that_reads_on_a_dark_palette(qtbot, qapp, svc):
    from PySide6.QtGui import QColor, QPalette

    from ui.widgets.form import ERROR_COLOUR, ERROR_COLOUR_DARK, error_colour

    light = qapp.palette()
    assert error_colour() == (ERROR_COLOUR if light.color(QPalette.ColorRole.Window).lightness() >= 128
                              else ERROR_COLOUR_DARK)
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    qapp.setPalette(dark)
    try:
        assert error_colour() == ERROR_COLOUR_DARK
        dlg = _show(qtbot, ClientDialog(svc))
        assert ERROR_COLOUR_DARK in dlg.form.error_labels["name"].styleSheet()
    finally:
        qapp.setPalette(light)


def _fill_client(dlg):
    dlg.name.setText("Another Person")
    dlg.prison_number.setText("B2345CD")


def _fill_key_dates(dlg):
    dlg.table.cellWidget(dlg.add_row("PED"), 1).setText("01/06/2027")


def _fill_sentence(dlg):
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("14/03/2022")
    dlg.custodial_term.setText("P4Y")


def _fill_adjustment(dlg):
    set_combo(dlg.kind, "UAL")
    dlg.days.setValue(3)


def _fill_matter(dlg):
    set_combo(dlg.type, "complaint")


def _fill_event(dlg):
    dlg.date.setText("01/10/2026")
    set_combo(dlg.type, "referral")


def _fill_note(dlg):
    dlg.text.setPlainText("A note")


def _snapshot(svc, client):
    c = svc.clients.get(client)
    return (svc.clients.count(), c.prison_dates, len(svc.clients.sentences(client)),
            len(svc.clients.adjustments(client)), len(svc.matters.for_client(client)),
            len(svc.chronology.for_client(client)), len(svc.notes.for_client(client)),
            len(svc.audit.entries()))


@pytest.mark.parametrize("make, fill", [
    (lambda svc, c, m: ClientDialog(svc), _fill_client),
    (lambda svc, c, m: KeyDatesDialog(svc, c), _fill_key_dates),
    (lambda svc, c, m: SentenceDialog(svc, c), _fill_sentence),
    (lambda svc, c, m: AdjustmentDialog(svc, c), _fill_adjustment),
    (lambda svc, c, m: MatterDialog(svc, c), _fill_matter),
    (lambda svc, c, m: EventDialog(svc, c), _fill_event),
    (lambda svc, c, m: NoteDialog(svc, c), _fill_note),
], ids=["client", "key-dates", "sentence", "adjustment", "matter", "event", "note"])
def test_every_dialog_escape_saves_nothing_and_save_writes_once(qtbot, svc, client, matter, make, fill):
    before = _snapshot(svc, client)
    dlg = _show(qtbot, make(svc, client, matter))
    fill(dlg)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == REJECTED and not dlg.isVisible()
    assert _snapshot(svc, client) == before
    again = _show(qtbot, make(svc, client, matter))
    fill(again)
    _save(qtbot, again)
    assert again.result() == ACCEPTED
    after = _snapshot(svc, client)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed[-1] == 7 and after[7] == before[7] + 1  # exactly one audited write
    assert len(changed) == 2  # and one kind of record changed


# ---------------------------------------------------------------------------- cancelling with changes
@pytest.fixture
def discard_question(monkeypatch):
    """The "Discard what you typed?" question, recorded and answered from ``answers`` (False: Keep
    editing)."""
    from ui.widgets import form

    asked: dict = {"what": [], "answers": []}

    def ask(_parent, what):
        asked["what"].append(what)
        return asked["answers"].pop(0)

    monkeypatch.setattr(form, "confirm_discard", ask)
    return asked


def test_escape_on_a_dialog_with_typed_text_asks_before_throwing_it_away(qtbot, svc, client, matter,
                                                                         discard_question):
    """Esc in a half-typed legal-visit note closed it at once and the note was gone."""
    dlg = _show(qtbot, NoteDialog(svc, client, kind="legal-visit"))
    dlg.text.setPlainText("Long note of the visit: his account of the index offence, the OASys errors …")
    discard_question["answers"] = [False]  # Keep editing
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible() and dlg.text.toPlainText().startswith("Long note of the visit")
    assert len(discard_question["what"]) == 1
    discard_question["answers"] = [False]
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    discard_question["answers"] = [True]  # Discard
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == REJECTED and not dlg.isVisible()
    assert svc.notes.for_client(client) == []  # and nothing was saved on the way


def test_escape_on_an_untouched_dialog_closes_without_a_question(qtbot, svc, client, matter,
                                                                 discard_question):
    from ui.dialogs.assessment_dialog import AssessmentDialog
    from ui.dialogs.challenge_dialog import ChallengeDialog
    from ui.dialogs.evidence_dialog import EvidenceDialog

    eid = svc.chronology.add(matter, "01/10/2026", "referral", "Referred")
    for dlg in (ClientDialog(svc), ClientDialog(svc, client), KeyDatesDialog(svc, client),
                SentenceDialog(svc, client), AdjustmentDialog(svc, client), MatterDialog(svc, client),
                EventDialog(svc, client), EventDialog(svc, client, event_id=eid), NoteDialog(svc, client),
                AssessmentDialog(svc, client), EvidenceDialog(svc, client), ChallengeDialog(svc, client)):
        _show(qtbot, dlg)
        assert not dlg.has_unsaved_changes(), type(dlg).__name__
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)
        assert not dlg.isVisible(), type(dlg).__name__
    assert discard_question["what"] == []


def test_a_form_taller_than_the_screen_scrolls_and_keeps_save_in_view(qtbot, svc, client, monkeypatch):
    """On a 1366×768 laptop the sentence form with a few messages grew to 732 pixels (plus its title
    bar): Save and Cancel went under the taskbar. Now a form taller than the screen scrolls."""
    monkeypatch.setattr(SentenceDialog, "available_height", lambda self: 680)
    dlg = _show(qtbot, SentenceDialog(svc, client))
    set_combo(dlg.sentence_type, "SDS")
    for field, text in ((dlg.sentence_date, "31/02/2026"), (dlg.offence_date, "31/02/2020"),
                        (dlg.custodial_term, "four"), (dlg.extension_term, "x"),
                        (dlg.recall_date, "31/02/2026")):
        field.setText(text)
    _save(qtbot, dlg)
    assert dlg.isVisible() and dlg.form.message("custodial_term")
    assert dlg.height() <= 680
    assert getattr(dlg, "form_scroll", None) is not None
    assert dlg.save_button.geometry().bottom() < dlg.height()  # Save is on the dialog, not below it
    viewport = dlg.form_scroll.viewport()
    dlg.form_scroll.ensureWidgetVisible(dlg.recall_date)  # every field can still be reached
    top = dlg.recall_date.mapTo(viewport, dlg.recall_date.rect().topLeft()).y()
    assert top >= 0 and top + dlg.recall_date.height() <= viewport.height()
    assert svc.clients.sentences(client) == []


def test_a_form_that_fits_does_not_scroll(qtbot, svc, client):
    dlg = _show(qtbot, SentenceDialog(svc, client))
    assert getattr(dlg, "form_scroll", None) is None
