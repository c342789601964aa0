""""This week" a page at a time (issue 15): the dashboard's table holds the first page, fetches more as it
scrolls or as the keyboard moves past the rows held, reaches every row with End; its summary gives the
whole list's counts; marking done and refreshing keep the rows shown; the unlock reminder only counts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from ui.models.deadlines_model import DeadlinesModel
from ui.views.this_week import ThisWeekDashboard, overdue_summary

D = dt.date
TODAY = D(2026, 11, 26)
PAGE = 5


@pytest.fixture
def many(svc):
    """A casebook whose "This week" has several pages of a few rows: deadlines long overdue (negative
    paper decisions over the years), some due soon, one snoozed and one direction."""
    for n in range(4):
        cid = svc.clients.add(name=f"Client {n}", prison_number=f"A{1000 + n}BC")
        svc.clients.add_sentence(cid, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
        mid = svc.matters.add(cid, "parole-review", title=f"Review {n}")
        for k in range(4):
            day = TODAY - dt.timedelta(days=100 * k + 7 * n + 20)
            svc.chronology.add(mid, day, "paper-decision-negative")
        svc.chronology.add(mid, TODAY - dt.timedelta(days=n + 1), "oral-hearing-held")
    svc.directions.add(mid, "Serve the addendum report", TODAY + dt.timedelta(days=3),
                       party="the prisoner's representatives")
    every = svc.deadlines.list(within_days=28, today=TODAY, include_done=False)
    svc.deadlines.snooze(every[4].id, TODAY + dt.timedelta(days=5), today=TODAY)
    return svc


def whole(svc, include_snoozed=False):
    return svc.deadlines.list(within_days=28, today=TODAY, include_done=False,
                              include_snoozed=include_snoozed)


@pytest.fixture
def dash(many, qtbot, monkeypatch):
    monkeypatch.setattr(DeadlinesModel, "page_size", PAGE)
    d = ThisWeekDashboard(many, today=TODAY)
    qtbot.addWidget(d)
    d.resize(900, 400)
    d.show()
    qtbot.waitExposed(d)
    return d


def ids(model):
    return [d.id for d in model.deadlines()]


def test_the_paged_model_passes_qt_model_tester(many, qtmodeltester, monkeypatch):
    monkeypatch.setattr(DeadlinesModel, "page_size", PAGE)
    model = DeadlinesModel(many)
    model.load_page(within_days=28, today=TODAY, include_snoozed=False)
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    assert ids(model) == [d.id for d in whole(many)]


def test_the_first_page_at_once_and_the_summary_counts_every_row(dash, many):
    every = whole(many)
    assert len(every) > 3 * PAGE
    assert dash.model.rowCount() <= 2 * PAGE  # the first page (and what the view asked to fill itself)
    assert dash.model.total() == len(every)
    assert ids(dash.model) == [d.id for d in every[:dash.model.rowCount()]]
    overdue = sum(1 for d in every if d.status == "overdue")
    assert f"{overdue:,} overdue" in dash.summary.text()
    assert dash.counts()["Overdue"] == overdue
    assert "1 snoozed" in dash.summary.text()


def test_scrolling_to_the_bottom_fetches_more_until_every_row(dash, many, qtbot):
    every = [d.id for d in whole(many)]
    bar = dash.table.verticalScrollBar()
    for _ in range(len(every)):
        if not dash.model.canFetchMore(QModelIndex()):
            break
        before = dash.model.rowCount()
        QApplication.processEvents()  # the scroll bar's range follows the rows held
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda before=before: dash.model.rowCount() > before, timeout=2000)
    assert ids(dash.model) == every


def test_the_keyboard_reaches_every_row(dash, many, qtbot):
    every = [d.id for d in whole(many)]
    dash.table.setFocus()
    dash.select_row(0)
    # Down past the rows held fetches the next page.
    held = dash.model.rowCount()
    for _ in range(held):
        qtbot.keyClick(dash.table, Qt.Key.Key_Down)
    assert dash.model.rowCount() > held
    assert dash.table.currentIndex().row() == held
    # Ctrl+End: the last row of the whole list, every row fetched.
    qtbot.keyClick(dash.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert dash.model.rowCount() == len(every)
    assert dash.table.currentIndex().row() == len(every) - 1
    assert dash.selected().id == every[-1]


def test_marking_done_from_the_week_keeps_the_rows_shown(dash, many, qtbot):
    dash.model.fetchMore(QModelIndex())
    dash.model.fetchMore(QModelIndex())
    shown = dash.model.rowCount()
    assert shown >= 3 * PAGE
    dash.select_row(PAGE + 1)  # a row of the second page
    target = dash.selected().id
    with qtbot.waitSignal(dash.changed, timeout=1000):
        dash.done_button.click()
    assert dash.model.row_of(target) == -1
    assert many.deadlines.get(target).status == "done"
    every = [d.id for d in whole(many)]
    assert ids(dash.model) == every[:shown]  # the rows shown before, read again (one fewer behind them)
    assert dash.model.total() == len(every)


def test_showing_the_snoozed_ones_reads_the_first_page_again(dash, many):
    assert dash.counts() == ThisWeekDashboard.counts(dash)
    hidden_total = dash.model.total()
    dash.show_snoozed.setChecked(True)
    assert dash.model.total() == hidden_total + 1
    assert ids(dash.model) == [d.id for d in whole(many, True)[:dash.model.rowCount()]]
    assert dash.model.rowCount() <= 2 * PAGE


def test_a_write_elsewhere_between_pages_reads_the_rows_again(dash, many, qtbot):
    """Rows written since the first page was read would not follow on from it: the model reads what it
    shows again rather than show a row twice or miss one."""
    mid = many.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    many.chronology.add(mid, TODAY - dt.timedelta(days=2000), "paper-decision-negative")
    dash.model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: dash.model.total() == len(whole(many)), timeout=2000)
    while dash.model.canFetchMore(QModelIndex()):
        dash.model.fetchMore(QModelIndex())
    assert ids(dash.model) == [d.id for d in whole(many)]


def test_the_unlock_reminder_counts_without_building_the_list(many, monkeypatch):
    built = []
    real = many.deadlines.list
    monkeypatch.setattr(many.deadlines, "list", lambda *a, **k: built.append(1) or real(*a, **k))
    text = overdue_summary(many, today=TODAY)
    assert built == []
    every = real(within_days=28, today=TODAY, include_done=False)
    overdue = [d for d in every if d.status == "overdue"]
    assert text.startswith(f"{len(overdue):,} deadlines are overdue (earliest due ")
    assert ", 1 of them snoozed" in text
