"""The sentence dialog takes the offence by name with completion, shows the release fraction with its
working, and asks for the release regime where the catalogue does not know the offence (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from casebook.offences import catalogue
from ui.dialogs.sentence_dialog import SentenceDialog, offence_label
from ui.widgets.form import set_combo


@pytest.fixture
def client(svc):
    return svc.clients.add(name="Test Person", prison_number="A1234BC", dob=dt.date(1990, 1, 1))


def _dialog(qtbot, svc, client, sid=None):
    dlg = SentenceDialog(svc, client, sid)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_completer_offers_catalogue_offences_with_their_statute(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    completer = dlg.offence.completer()
    completer.setCompletionPrefix("wounding")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    s18 = "Wounding or causing grievous bodily harm with intent — Offences Against the Person Act 1861 s.18"
    assert s18 in found
    completer.setCompletionPrefix("s.76")   # by statute too, anywhere in the text
    assert completer.completionCount() >= 1


def test_choosing_an_offence_shows_the_fraction_and_saves_the_id(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("01/05/2023")
    dlg.custodial_term.setText("6y")
    dlg.offence.setText(offence_label(catalogue().get("oapa1861-s18")))
    text = dlg.regime_working.text()
    assert "two-thirds (SDS+)" in text and "s.244ZA(5),(7)" in text
    # The working is shown whole: as wide as the fields, and as tall as its wrapped lines need.
    dlg.show()
    qtbot.waitExposed(dlg)
    w = dlg.regime_working
    assert w.width() >= dlg.offence.width() - 2
    qtbot.waitUntil(lambda: w.height() >= w.heightForWidth(w.width()))
    dlg.custodial_term.setText("3y")
    assert "40%" in dlg.regime_working.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    [s] = svc.clients.sentences(client)
    assert s.offence_id == "oapa1861-s18"
    assert s.offence == "Wounding or causing grievous bodily harm with intent"
    # editing shows it again and keeps the id when only the wording changes
    edit = _dialog(qtbot, svc, client, s.id)
    assert edit.chosen_offence().id == "oapa1861-s18"
    edit.offence.setText("GBH with intent, count 1")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert svc.clients.get_sentence(s.id).offence_id == "oapa1861-s18"


def test_an_unknown_offence_asks_for_the_release_regime(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("01/05/2023")
    dlg.custodial_term.setText("3y")
    dlg.offence.setText("Something the catalogue does not know")
    assert "cannot be decided from this offence" in dlg.regime_working.text()
    set_combo(dlg.release_regime, "SDS40_EXCLUDED")
    assert "as you chose" in dlg.regime_working.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [s] = svc.clients.sentences(client)
    assert s.offence_id is None and "SDS40_EXCLUDED" in s.offence_flags
    assert svc.release.check(client, today=dt.date(2026, 1, 1)).undecided == []


def test_the_panel_says_enter_the_prisons_calculation_when_there_is_none(qtbot, svc, client):
    from ui.views.release_dates import ReleaseDatesPanel

    svc.clients.add_sentence(client, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence_id="oapa1861-s18")
    check = svc.release.check(client, today=dt.date(2026, 1, 1))
    panel = ReleaseDatesPanel()
    qtbot.addWidget(panel)
    panel.show_offence_rule(check.offence_rule)
    panel.show_result(check.comparisons, check.refusal, None)
    assert panel.summary.text().startswith("Enter the prison's calculation to compare")
    assert "No differences" not in panel.summary.text()
    assert "s.244ZA" in panel.offence_rule.text() and not panel.offence_rule.isHidden()


def _completions(completer) -> list[str]:
    return [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]


S18 = "Wounding or causing grievous bodily harm with intent — Offences Against the Person Act 1861 s.18"


@pytest.mark.parametrize("typed", ["wounding with intent", "GBH with intent", "s18 OAPA",
                                   "section 18 wounding", "intent wounding"])
def test_the_completer_finds_an_offence_by_its_everyday_words_in_any_order(qtbot, svc, client, typed):
    """A user typing "wounding with intent" (the title is "Wounding or causing grievous bodily harm with
    intent") was offered nothing, and the sentence was saved with no offence the release rules know."""
    dlg = _dialog(qtbot, svc, client)
    completer = dlg.offence.completer()
    completer.setCompletionPrefix(typed)
    found = _completions(completer)
    assert S18 in found
    assert not any("s.20" in x for x in found)  # every word must match, not any


def test_a_statute_number_is_not_matched_inside_a_longer_one(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    completer = dlg.offence.completer()
    completer.setCompletionPrefix("theft act s.1")
    found = _completions(completer)
    assert "Theft — Theft Act 1968 s.1" in found
    assert not any(x.startswith("Aggravated burglary") for x in found)  # s.10


def test_an_offence_is_chosen_by_keyboard_from_its_everyday_name(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("10/06/2025")
    dlg.custodial_term.setText("8y")
    dlg.activateWindow()
    dlg.offence.setFocus()
    qtbot.waitUntil(dlg.offence.hasFocus)
    qtbot.keyClicks(dlg.offence, "wounding with intent")
    popup = dlg.offence.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dlg.offence.text() == S18
    assert "two-thirds (SDS+)" in dlg.regime_working.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [s] = svc.clients.sentences(client)
    assert s.offence_id == "oapa1861-s18"


@pytest.mark.parametrize(("typed", "stored"), [("4 years 6 months", "P4Y6M"), ("18 months", "P18M"),
                                               ("6 months and 2 years", "P2Y6M"), ("8 yrs", "P8Y")])
def test_a_term_is_taken_as_a_solicitor_writes_it(qtbot, svc, client, typed, stored):
    """Typing "4 years 6 months" was refused: "Custodial term must be a term like P4Y6M"."""
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("10/06/2025")
    dlg.offence.setText(offence_label(catalogue().get("oapa1861-s18")))
    dlg.custodial_term.setText(typed)
    assert "enter the custodial term" not in dlg.regime_working.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.form.message("custodial_term") == ""
    [s] = svc.clients.sentences(client)
    assert s.custodial_term == stored


def test_a_term_that_is_not_one_is_still_refused_under_its_field(qtbot, svc, client):
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("10/06/2025")
    dlg.custodial_term.setText("four years")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.form.message("custodial_term").startswith("Custodial term must be a term")
    assert svc.clients.sentences(client) == []


def test_an_offence_typed_but_not_chosen_is_named_in_the_working(qtbot, svc, client):
    """Typing "wounding with intent" and tabbing on (not choosing from the list) left the generic "cannot
    be decided from this offence"; the one offence those words name is now offered by name."""
    dlg = _dialog(qtbot, svc, client)
    set_combo(dlg.sentence_type, "SDS")
    dlg.sentence_date.setText("10/06/2025")
    dlg.custodial_term.setText("8y")
    dlg.offence.setText("wounding with intent")
    assert f"did you mean “{S18}”" in dlg.regime_working.text()
    dlg.offence.setText("wounding")  # three offences: no guess
    assert "did you mean" not in dlg.regime_working.text()


def test_the_offence_list_and_a_chosen_offence_read_whole(qtbot, svc, client):
    """The completion list is wide enough for title and statute (not cut to the field's width), and a
    chosen offence shows from its start, with the whole wording as the field's tooltip."""
    from PySide6.QtGui import QFontMetrics

    from ui.dialogs.sentence_dialog import POPUP_MAX_WIDTH

    dlg = _dialog(qtbot, svc, client)
    qtbot.waitExposed(dlg)
    completer = dlg.offence.completer()
    popup = completer.popup()
    label = offence_label(catalogue().get("oapa1861-s18"))
    need = QFontMetrics(popup.font()).horizontalAdvance(label)
    assert popup.minimumWidth() >= min(need, POPUP_MAX_WIDTH)
    assert popup.minimumWidth() > dlg.offence.width() or need < dlg.offence.width()
    assert POPUP_MAX_WIDTH < 1366
    completer.activated.emit(label)
    dlg.offence.setText(label)
    qtbot.waitUntil(lambda: dlg.offence.cursorPosition() == 0)
    assert dlg.offence.toolTip() == label
    # a stored offence opens at its start too
    dlg.sentence_type.setCurrentIndex(dlg.sentence_type.findData("SDS"))
    dlg.sentence_date.setText("01/05/2023")
    dlg.custodial_term.setText("3y")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [s] = svc.clients.sentences(client)
    again = _dialog(qtbot, svc, client, s.id)
    assert again.offence.cursorPosition() == 0 and again.offence.toolTip() == again.offence.text()
