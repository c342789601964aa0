"""The deadline UI pieces: the table model (Qt's model tester), the "This week" dashboard, the matter
tab with its done / change-date / snooze actions, the timeline picture and the unlock reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette

from ui.models.deadlines_model import DeadlineIdRole, DeadlinesModel, MatterIdRole, SortRole, details_html
from ui.views.matter_deadlines import MatterDeadlinesTab, OverrideDialog, SnoozeDialog
from ui.views.this_week import ThisWeekDashboard, overdue_summary
from ui.widgets import semantic
from ui.widgets.parole_timeline import ParoleTimeline

D = dt.date
TODAY = D(2026, 11, 26)
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def book(svc):
    lifer = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    svc.clients.add_sentence(lifer, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
    parole = svc.matters.add(lifer, "parole-review", title="Lifer review 2026")
    e_paper = svc.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    other = svc.clients.add(name="Bella Sample", prison_number="B2345CD")
    svc.clients.add_sentence(other, sentence_type="SDS", sentence_date="2022-01-10", custodial_term="P4Y")
    recall = svc.matters.add(other, "recall-review", title="Recall review")
    e_held = svc.chronology.add(recall, "2026-11-20", "oral-hearing-held")
    e_paper2 = svc.chronology.add(recall, "2026-11-10", "paper-decision-negative")
    hearing = svc.chronology.add(parole, "2027-03-15", "hearing-listed")
    return {"svc": svc, "parole": parole, "recall": recall, "e_paper": e_paper, "e_held": e_held,
            "e_paper2": e_paper2, "hearing": hearing}


def _column(model, key):
    return [k for k, _ in model.columns].index(key)


def _cell(model, row, key, role=DISPLAY):
    return model.data(model.index(row, _column(model, key)), role)


# ---------------------------------------------------------------------------- model


def test_model_passes_qt_model_tester_and_shows_deadlines(book, qtmodeltester):
    model = DeadlinesModel(book["svc"])
    model.load(today=TODAY)
    qtmodeltester.check(model)
    assert model.rowCount() == 7  # r.28 + r.20 (lifer), r.20 + r.25(6) (recall), 3 hearing-listed
    # Overdue first: the lifer's r.28 application was due 23 November 2026.
    assert _cell(model, 0, "due") == "23 November 2026"
    assert _cell(model, 0, "when") == "Overdue by 3 days"
    assert _cell(model, 0, "client") == "Alan Example"
    assert _cell(model, 0, "rule").startswith("Parole Board Rules 2019 r.28(3)")
    assert _cell(model, 0, "confirmed") == ""  # a confirmed rule needs no mark
    assert _cell(model, 0, "title", DeadlineIdRole) == (
        f"{book['e_paper']}:pbr2019-r28-reconsideration-paper"
    )
    assert _cell(model, 0, "title", MatterIdRole) == book["parole"]
    assert _cell(model, 0, "due", SortRole) == "2026-11-23"
    assert _cell(model, 0, "due", Qt.ItemDataRole.ForegroundRole).color() == semantic("error")
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "When", "Due", "Client", "Matter", "Deadline", "Rule", "Confirmed"]


def test_model_marks_unconfirmed_rules_visibly(book):
    model = DeadlinesModel(book["svc"])
    model.load(matter_id=book["parole"], today=TODAY)
    r17 = model.row_of(f"{book['hearing']}:pbr2019-hearing-prep-witnesses-confirmed")
    assert r17 >= 0
    # Calm and consistent: the small mark and the word in the secondary colour, never bold capitals;
    # the source and the reason in the tooltip.
    assert _cell(model, r17, "confirmed") == "unconfirmed"
    assert _cell(model, r17, "confirmed", Qt.ItemDataRole.FontRole) is None
    assert _cell(model, r17, "confirmed", Qt.ItemDataRole.DecorationRole) is not None
    assert _cell(model, r17, "confirmed", Qt.ItemDataRole.ForegroundRole).color() == semantic("muted")
    assert _cell(model, r17, "confirmed", Qt.ItemDataRole.AccessibleTextRole) == "Unconfirmed rule"
    tip = _cell(model, r17, "confirmed", Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Unconfirmed rule.") and "Source: Parole Board Rules 2019" in tip
    assert "Unconfirmed rule" in _cell(model, r17, "rule", Qt.ItemDataRole.ToolTipRole)
    assert not any("UNCONFIRMED" in str(_cell(model, r, k)) for r in range(model.rowCount())
                   for k in ("when", "due", "client", "matter", "title", "confirmed"))
    assert _cell(model, r17, "due") == "15 February 2027"


def test_model_tester_with_empty_and_after_clear(book, qtmodeltester):
    model = DeadlinesModel(book["svc"], columns=["bucket", "due", "title"])
    model.load(within_days=0, today=D(2026, 1, 1))
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    model.load(today=TODAY)
    assert model.rowCount() > 0
    assert _cell(model, 0, "bucket") == "Overdue"
    model.clear()
    assert model.rowCount() == 0


# ---------------------------------------------------------------------------- dashboard


def test_dashboard_groups_overdue_first_and_opens_the_matter(book, qtbot):
    dash = ThisWeekDashboard(book["svc"], today=TODAY)
    qtbot.addWidget(dash)
    model = dash.model
    # Within 28 days: r.28 (overdue 23 Nov), r.20 recall (8 Dec), r.20 lifer (30 Nov), r.25(6) (4 Dec).
    assert [_cell(model, r, "due") for r in range(model.rowCount())] == [
        "23 November 2026", "30 November 2026", "4 December 2026", "8 December 2026"]
    assert [_cell(model, r, "when") for r in range(model.rowCount())] == [
        "Overdue by 3 days", "In 4 days", "In 8 days", "In 12 days"]
    assert dash.counts() == {"Overdue": 1, "Next 7 days": 1, "8–14 days": 2, "15–28 days": 0}
    assert "1 overdue" in dash.summary.text()
    assert dash.summary.text().startswith("26 November 2026")
    assert not dash.open_button.isEnabled()
    assert dash.details.text().startswith("Select a deadline")
    dash.select_row(0)
    # the selected deadline's rule, cited in full, under the table (the Rule column is elided)
    assert "Rule: Parole Board Rules 2019 r.28(3) (SI 2019/1038)" in dash.details.text()
    assert "due 23 November 2026" in dash.details.text()
    dash.select_row(2)
    assert dash.open_button.isEnabled()
    with qtbot.waitSignal(dash.open_matter, timeout=1000) as sig:
        dash.open_button.click()
    assert sig.args == [book["recall"]]


def test_dashboard_mark_done_and_snooze(book, qtbot, monkeypatch):
    dash = ThisWeekDashboard(book["svc"], today=TODAY)
    qtbot.addWidget(dash)
    dash.select_row(0)
    first = dash.selected().id
    with qtbot.waitSignal(dash.changed, timeout=1000):
        dash.done_button.click()
    assert dash.model.row_of(first) == -1
    assert book["svc"].deadlines.get(first).status == "done"

    def fake_run(dialog):
        assert isinstance(dialog, SnoozeDialog)
        dialog.until.setText("03/12/2026")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr("ui.widgets.form.run_dialog", fake_run)
    dash.select_row(0)
    snoozed = dash.selected().id
    dash.snooze_button.click()
    assert dash.model.row_of(snoozed) == -1
    assert book["svc"].deadlines.get(snoozed).snoozed_until == D(2026, 12, 3)
    assert "1 snoozed" in dash.summary.text()
    dash.set_today(D(2026, 12, 3))
    assert dash.model.row_of(snoozed) >= 0


def test_dashboard_empty_state(svc, qtbot):
    dash = ThisWeekDashboard(svc, today=TODAY)
    qtbot.addWidget(dash)
    assert dash.model.rowCount() == 0
    assert not dash.empty.isHidden()
    # A new casebook's first screen says where deadlines come from, not only that there are none.
    assert "Deadlines come from the events in each matter's chronology" in dash.empty.text()


def test_overdue_summary(book, svc):
    text = overdue_summary(book["svc"], today=TODAY)
    assert text == "1 deadline is overdue (earliest due 23 November 2026). See “This week”."
    assert "Alan" not in text
    assert overdue_summary(book["svc"], today=D(2026, 11, 23)) is None
    later = overdue_summary(book["svc"], today=D(2026, 12, 9))
    assert later.startswith("4 deadlines are overdue (earliest due 23 November 2026)")


# ---------------------------------------------------------------------------- matter tab


def test_matter_tab_lists_timeline_and_not_applicable_rules(book, qtbot):
    tab = MatterDeadlinesTab(book["svc"], today=TODAY)
    qtbot.addWidget(tab)
    tab.set_matter(book["recall"])
    ids = [tab.model.data(tab.model.index(r, 0), DeadlineIdRole) for r in range(tab.model.rowCount())]
    assert ids == [f"{book['e_held']}:pbr2019-r25-6-decision-due",
                   f"{book['e_paper2']}:pbr2019-r20-oral-hearing-application"]
    # r.28 after the paper refusal does not apply to an SDS sentence, and the tab says so.
    assert "Apply for reconsideration of the paper decision" in tab.not_applied.text()
    assert "SDS" in tab.not_applied.text()
    kinds = [(i.kind, i.date) for i in tab.timeline.items()]
    assert ("hearing", D(2026, 11, 20)) in kinds  # the oral hearing is drawn as the hearing, not an event
    assert ("deadline", D(2026, 12, 4)) in kinds
    assert "2 deadlines" in tab.timeline.accessibleDescription()


def test_matter_tab_mark_done_and_reopen(book, qtbot):
    tab = MatterDeadlinesTab(book["svc"], today=TODAY)
    qtbot.addWidget(tab)
    tab.set_matter(book["parole"])
    did = f"{book['e_paper']}:pbr2019-r20-oral-hearing-application"
    assert tab.select(did)
    assert tab.done_button.isEnabled()
    with qtbot.waitSignal(tab.changed, timeout=1000):
        tab.done_button.click()
    assert book["svc"].deadlines.get(did).status == "done"
    assert tab.selected_id() == did
    assert tab.done_button.text().replace("&", "") == "Reopen"
    tab.done_button.click()
    assert book["svc"].deadlines.get(did, today=TODAY).status == "open"


def test_override_requires_a_reason_inline_then_saves(book, qtbot, monkeypatch):
    tab = MatterDeadlinesTab(book["svc"], today=TODAY)
    qtbot.addWidget(tab)
    tab.set_matter(book["parole"])
    did = f"{book['e_paper']}:pbr2019-r20-oral-hearing-application"
    tab.select(did)
    seen = {}

    def fake_run(dialog):
        assert isinstance(dialog, OverrideDialog)
        assert dialog.due.text() == "30/11/2026"
        dialog.due.setText("10/12/2026")
        dialog.reason.setText("")
        dialog.accept()  # no reason: stays open with the message under the field
        seen["message"] = dialog.form.message("reason")
        seen["open"] = dialog.result() != 1
        dialog.reason.setText("Duty member extended time under r.9")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr("ui.widgets.form.run_dialog", fake_run)
    tab.override_button.click()
    assert seen["open"] is True
    assert seen["message"].startswith("Reason is required")
    d = book["svc"].deadlines.get(did, today=TODAY)
    assert (d.due, d.override_reason) == (D(2026, 12, 10), "Duty member extended time under r.9")
    row = tab.model.row_of(did)
    assert tab.model.data(tab.model.index(row, 1), DISPLAY) == "10 December 2026 *"
    assert tab.clear_button.isEnabled()
    tab.clear_button.click()
    assert book["svc"].deadlines.get(did).due == D(2026, 11, 30)


def test_matter_tab_keeps_its_parts_apart_on_a_laptop_screen_when_a_deadline_is_selected(svc, qtbot):
    """At 1366×768 the tab gets about 774×442 pixels. Selecting a deadline showed its working (eight
    lines) at full height: the table shrank to one row and the buttons were drawn over the timeline's
    month labels. Now the working scrolls within four lines."""
    cid = svc.clients.add(name="Daniel Example")
    mid = svc.matters.add(cid, "parole-review")
    svc.chronology.add(mid, "2026-10-01", "referral")
    tab = MatterDeadlinesTab(svc, today=D(2026, 12, 3))
    qtbot.addWidget(tab)
    tab.set_matter(mid)
    tab.resize(774, 442)
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.model.rowCount() == 2 and tab.not_applied.text()
    tab.table.setCurrentIndex(tab.model.index(0, 2))
    assert "unconfirmed rule" in tab.details.text()

    def apart() -> bool:
        tab.layout().activate()
        return tab.done_button.geometry().top() >= tab.timeline.geometry().bottom()

    qtbot.waitUntil(apart)
    table = tab.table
    rows = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(2))
    assert table.viewport().height() + table.horizontalHeader().height() >= rows  # both deadlines in view
    assert tab.details_area.geometry().bottom() <= tab.legend.geometry().top()
    assert tab.not_applied_area.height() < 2 * tab.fontMetrics().lineSpacing() + 8  # one line for one line


def test_matter_tab_empty_and_clear(svc, qtbot):
    cid = svc.clients.add(name="Nobody Yet")
    mid = svc.matters.add(cid, "parole-review")
    tab = MatterDeadlinesTab(svc, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_matter(mid)
    assert tab.model.rowCount() == 0
    assert not tab.empty.isHidden()
    assert tab.timeline.accessibleDescription() == "No events or deadlines yet."
    tab.clear()
    assert tab.matter_id is None


# ---------------------------------------------------------------------------- timeline


def test_timeline_positions_today_and_renders(book, qtbot):
    svc = book["svc"]
    w = ParoleTimeline()
    qtbot.addWidget(w)
    w.resize(800, 200)
    events = svc.chronology.for_matter(book["parole"])
    deadlines = svc.deadlines.list(book["parole"], today=TODAY)
    w.set_items(events, deadlines, today=TODAY)
    assert w.accessibleName() == "Parole timeline"
    desc = w.accessibleDescription()
    assert "today is 26 November 2026" in desc
    assert "1 overdue" in desc
    xs = [w.x_for(i.date) for i in w.items()]
    assert xs == sorted(xs)
    start, end = w.date_range()
    assert start < D(2026, 11, 2) and end > D(2027, 3, 15)
    assert w.x_for(D(2026, 11, 2)) < w.x_for(TODAY) < w.x_for(D(2027, 3, 15))
    # Hit-testing finds the overdue deadline's diamond below the axis.
    idx = [i.date for i in w.items()].index(D(2026, 11, 23))
    hit = w.item_at(QPointF(w.x_for(D(2026, 11, 23)), w.height() / 2 + 16))
    assert hit is w.items()[idx]
    assert hit.kind == "deadline" and hit.status == "overdue"
    image = w.grab().toImage()
    assert not image.isNull()
    # Today's line is drawn in the palette's highlight colour.
    x = round(w.x_for(TODAY))
    hl = w.palette().color(QPalette.ColorRole.Highlight)
    column = {image.pixelColor(xx, 60).rgb() for xx in (x - 1, x, x + 1)}
    assert hl.rgb() in column


def test_timeline_follows_a_dark_palette(qtbot):
    w = ParoleTimeline()
    qtbot.addWidget(w)
    w.resize(400, 200)
    pal = w.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#101010"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#00ff00"))
    w.setPalette(pal)
    w.setAutoFillBackground(True)
    w.set_items([(D(2026, 11, 2), "Referral")], [], today=TODAY)
    image = w.grab().toImage()
    x = round(w.x_for(TODAY))
    assert QColor("#00ff00").rgb() in {image.pixelColor(xx, 60).rgb() for xx in (x - 1, x, x + 1)}


def test_damaged_calendar_settings_are_reported_not_hidden(book, qtbot):
    svc = book["svc"]
    with svc.cb.transaction():
        svc.cb.conn.execute("INSERT INTO settings(key, value) VALUES ('deadlines.calendar', '{\"removed\": "
                            "[\"x\"]}')")
    assert overdue_summary(svc, today=TODAY).startswith("Deadlines could not be checked: ")
    dash = ThisWeekDashboard(svc, today=TODAY)
    qtbot.addWidget(dash)
    assert dash.summary.text().startswith("Deadlines could not be computed: ")
    assert dash.model.rowCount() == 0


def test_calendar_settings_dialog_rolls_and_validates(book, qtbot, monkeypatch):
    from ui.views.this_week import CalendarSettingsDialog

    svc = book["svc"]
    # 14 Dec 2026 + 14 days = Mon 28 Dec 2026 (bank holiday).
    ev = svc.chronology.add(book["recall"], "2026-12-14", "oral-hearing-held")
    did = f"{ev}:pbr2019-r25-6-decision-due"
    dash = ThisWeekDashboard(svc, today=D(2026, 12, 20))
    qtbot.addWidget(dash)
    seen = {}

    def fake_run(dialog):
        assert isinstance(dialog, CalendarSettingsDialog)
        seen["info"] = dialog.info.text()
        dialog.roll.setChecked(True)
        dialog.extra.setText("29/12/2026, 32/12/2026")
        dialog.accept()
        seen["error"] = dialog.form.message("extra_non_working")
        dialog.extra.setText("29/12/2026")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr("ui.widgets.form.run_dialog", fake_run)
    dash.calendar_button.click()
    assert "25 December 2026 (Christmas Day)" in seen["info"]
    assert "32/12/2026" in seen["error"]
    settings = svc.deadlines.calendar_settings()
    assert (settings.roll_non_working, settings.extra_non_working) == (True, [D(2026, 12, 29)])
    # Rolled past the bank holiday (28th) and the extra closed day (29th) to Wed 30 December.
    assert svc.deadlines.get(did).due == D(2026, 12, 30)
    row = dash.model.row_of(did)
    assert _cell(dash.model, row, "due") == "30 December 2026"


def test_dashboard_export_to_calendar_and_show_snoozed(book, qtbot, monkeypatch, tmp_path):
    from icalendar import Calendar

    svc = book["svc"]
    dash = ThisWeekDashboard(svc, today=TODAY)
    qtbot.addWidget(dash)
    out = tmp_path / "week.ics"
    messages = []
    monkeypatch.setattr("ui.views.this_week.ask_ics_path", lambda parent: str(out))
    monkeypatch.setattr("ui.widgets.form.inform", lambda parent, title, text: messages.append(text))
    dash.export_button.click()
    assert messages and messages[0].startswith("Wrote 7 deadlines to ")
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 7
    assert svc.audit.entries(entity="deadlines-ics")[0].detail["count"] == 7
    # Snoozed items come back with "Show snoozed".
    first = dash.model.deadline(0).id
    svc.deadlines.snooze(first, D(2026, 12, 1), today=TODAY)
    dash.refresh()
    assert dash.model.row_of(first) == -1
    dash.show_snoozed.setChecked(True)
    row = dash.model.row_of(first)
    assert row >= 0
    assert "snoozed to 1 December 2026" in _cell(dash.model, row, "when")


def test_dashboard_columns_can_be_chosen_and_the_choice_is_kept(book, qtbot, ui_settings):
    from ui.settings import THIS_WEEK_HIDDEN_COLUMNS

    dash = ThisWeekDashboard(book["svc"], today=TODAY)
    qtbot.addWidget(dash)
    rule = dash.model.columnCount() - 1
    assert dash.table.isColumnHidden(rule)  # cited in full in the details line instead
    assert not dash.table.isColumnHidden(0)
    dash.table.choose_columns("rule", True)
    dash.table.choose_columns("matter", False)
    assert not dash.table.isColumnHidden(rule)
    assert ui_settings.get(THIS_WEEK_HIDDEN_COLUMNS) == ["matter"]
    again = ThisWeekDashboard(book["svc"], today=TODAY)
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(rule) and again.table.isColumnHidden(3)
    # a settings file that hides everything still shows every column
    ui_settings.set(THIS_WEEK_HIDDEN_COLUMNS,
                    ["when", "due", "client", "matter", "title", "confirmed", "rule"])
    third = ThisWeekDashboard(book["svc"], today=TODAY)
    qtbot.addWidget(third)
    assert not any(third.table.isColumnHidden(i) for i in range(third.model.columnCount()))


def test_due_on_a_bank_holiday_is_marked_in_the_table_and_explained(book, qtmodeltester):
    svc = book["svc"]
    # Provisional decision Fri 4 Dec 2026 + 21 days = Fri 25 Dec 2026 (Christmas Day).
    svc.chronology.add(book["parole"], "2026-12-04", "decision-provisional", "No release")
    model = DeadlinesModel(svc)
    model.load(matter_id=book["parole"], today=TODAY)
    qtmodeltester.check(model)
    row = model.row_of(next(d.id for d in model.deadlines() if d.rule_id == "pbr2019-r28-3-reconsideration"))
    assert _cell(model, row, "due") == "25 December 2026 (bank holiday)"
    tip = _cell(model, row, "due", Qt.ItemDataRole.ToolTipRole)
    assert "Falls on Christmas Day — file by 24 December" in tip
    assert "file by 24 December" in details_html(model.deadline(row))


def test_calendar_dialog_sets_a_commencement_date(book, qtbot, monkeypatch):
    from ui.views.this_week import CalendarSettingsDialog

    svc = book["svc"]
    dash = ThisWeekDashboard(svc, today=TODAY)
    qtbot.addWidget(dash)
    seen = {}

    def fake_run(dialog):
        assert isinstance(dialog, CalendarSettingsDialog)
        edit = dialog.commencements["sa2026-s42"]
        assert edit.text() == ""  # not in force until a date is given
        edit.setText("31/06/2026")
        dialog.accept()
        seen["error"] = dialog.form.message("commencement:sa2026-s42")
        edit.setText("01/06/2026")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr("ui.widgets.form.run_dialog", fake_run)
    dash.calendar_button.click()
    assert seen["error"]
    assert svc.deadlines.commencements() == {"sa2026-s42": D(2026, 6, 1)}
