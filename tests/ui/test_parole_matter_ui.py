"""The matter view's Directions & hearing tab: its models (Qt's model tester), the tab shown only for
parole matters, directions added, marked complied with one key, given a new date and removed through
the real dialogs; the hearing set and moved (its hearing-listed event and the chronology follow); a
witness from the client's contacts; bad input → the message under the field and nothing saved; the
timeline's hearing square and direction triangles; and the tab at 1366×768. The suite runs on
26 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from ui.dialogs.direction_dialog import DeferDialog, DirectionDialog
from ui.dialogs.hearing_dialog import HearingDialog, WitnessDialog
from ui.models.directions_model import DirectionsModel, WitnessesModel
from ui.views.matter_view import MatterView
from ui.widgets.form import set_combo
from ui.widgets.parole_timeline import ParoleTimeline

D = dt.date
DISPLAY = Qt.ItemDataRole.DisplayRole




@pytest.fixture
def case(svc):
    client = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    parole = svc.matters.add(client, "parole-review")
    complaint = svc.matters.add(client, "complaint")
    return SimpleNamespace(svc=svc, client=client, parole=parole, complaint=complaint)


@pytest.fixture
def view(qtbot, case):
    v = MatterView(case.svc)
    qtbot.addWidget(v)
    v.resize(1000, 640)
    v.show()
    v.set_matter(case.parole)
    v.tabs.setCurrentWidget(v.parole)
    return v


def _counts(svc) -> dict[str, int]:
    return {t: svc.cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("directions", "hearings", "hearing_witnesses", "events", "audit")}


def _key(widget, key) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))


def _column(model, key) -> int:
    return [k for k, _ in model.columns].index(key)


def _cells(model, key) -> list[str]:
    return [model.data(model.index(r, _column(model, key)), DISPLAY) for r in range(model.rowCount())]


# ---------------------------------------------------------------------------- models
def test_models_pass_qt_model_tester(qtmodeltester, case):
    svc = case.svc
    svc.directions.add(case.parole, "Updated OASys", "2026-11-20", party="POM")  # overdue
    late = svc.directions.add(case.parole, "Psychology report", "2026-12-10", party="psychologist")
    svc.directions.defer(late, "2027-01-14", "Time extended")
    done = svc.directions.add(case.parole, "Dossier addendum", "2026-12-01")
    svc.directions.done(done, "2026-11-25")
    model = DirectionsModel(svc)
    model.set_matter(case.parole)
    qtmodeltester.check(model, force_py=True)
    assert _cells(model, "due") == ["20 November 2026", "1 December 2026", "14 January 2027"]
    assert _cells(model, "status") == ["Overdue", "Complied 25 November 2026",
                                       "Deferred from 10 December 2026"]
    assert model.data(model.index(0, _column(model, "due")), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, _column(model, "due")), Qt.ItemDataRole.ForegroundRole) is None
    tip = model.data(model.index(2, _column(model, "status")), Qt.ItemDataRole.ToolTipRole)
    assert "First due 10 December 2026" in tip and "Time extended" in tip
    svc.hearings.add_witness(case.parole, "Dr Imogen Pryce", role="Independent psychologist")
    witnesses = WitnessesModel()
    witnesses.set_witnesses(svc.hearings.witnesses_of_matter(case.parole))
    qtmodeltester.check(witnesses, force_py=True)
    assert _cells(witnesses, "status") == ["Requested"]


# ---------------------------------------------------------------------------- the tab
def test_the_tab_is_for_parole_matters_only(view, case):
    idx = view.tabs.indexOf(view.parole)
    assert view.tabs.tabText(idx) == "Di&rections && hearing"
    assert view.tabs.isTabVisible(idx)
    assert view.parole.add_button.isEnabled()
    view.set_matter(case.complaint)
    assert not view.tabs.isTabVisible(idx)
    assert not view.parole.add_button.isEnabled() and not view.parole.hearing_button.isEnabled()
    view.set_matter(case.parole)
    assert view.tabs.isTabVisible(idx)
    view.set_matter(None)
    assert view.parole.model.rowCount() == 0


def test_add_a_direction_then_complied_with_one_key_then_a_new_date(view, case, dialogs, qtbot):
    svc, tab = case.svc, view.parole
    changed = []
    view.changed.connect(lambda: changed.append(1))

    def fill(dlg: DirectionDialog):
        dlg.text.setPlainText("Updated psychological risk assessment")
        dlg.party.setCurrentText("Secretary of State")
        dlg.made_on.setText("20/11/2026")
        dlg.due.setText("10/12/2026")

    dialogs.fillers.append(fill)
    _key(tab.table, Qt.Key.Key_Insert)
    [d] = svc.directions.for_matter(case.parole)
    assert (d.text, d.party, d.made_on, d.due, d.status) == (
        "Updated psychological risk assessment", "Secretary of State", D(2026, 11, 20), D(2026, 12, 10),
        "open")
    assert tab.selected_direction().id == d.id and changed

    _key(tab.table, Qt.Key.Key_Space)  # complied with, today
    d = svc.directions.get(d.id)
    assert (d.status, d.completed_on) == ("complied", D(2026, 11, 26))
    assert tab.complied_button.text() == "Re&open"
    _key(tab.table, Qt.Key.Key_Space)  # again: reopened
    assert svc.directions.get(d.id).status == "open"

    def defer(dlg: DeferDialog):
        dlg.to.setText("14/01/2027")
        dlg.reason.setText("Time extended by the panel chair")

    dialogs.fillers.append(defer)
    tab.defer_button.click()
    d = svc.directions.get(d.id)
    assert (d.due, d.original_due, d.status) == (D(2027, 1, 14), D(2026, 12, 10), "deferred")
    assert _cells(tab.model, "status") == ["Deferred from 10 December 2026"]

    dialogs.answers.append(True)
    _key(tab.table, Qt.Key.Key_Delete)
    assert svc.directions.for_matter(case.parole) == [] and tab.model.rowCount() == 0


def test_a_direction_without_a_due_date_is_refused_under_the_field(view, case, dialogs):
    svc, tab = case.svc, view.parole
    before = _counts(svc)
    seen = {}

    def fill(dlg: DirectionDialog):
        dlg.text.setPlainText("Psychology report")
        dlg.due.setText("")
        dlg.accept()  # Save: refused, the dialog stays open with the message under the field
        seen["open"] = dlg.result() != QDialog.DialogCode.Accepted
        seen["due"] = dlg.form.message("due")
        dlg.due.setText("31/02/2027")
        dlg.accept()
        seen["bad"] = dlg.form.message("due")
        return False

    dialogs.fillers.append(fill)
    tab.add_button.click()
    assert seen == {"open": True, "due": "Due is required (DD/MM/YYYY)",
                    "bad": "Due is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"}
    assert _counts(svc) == before


def test_setting_and_moving_the_hearing_moves_its_event(view, case, dialogs):
    svc, tab = case.svc, view.parole
    before = _counts(svc)

    def bad(dlg: HearingDialog):
        dlg.date.setText("01/03/2027")
        dlg.time.setText("25:00")
        dlg.accept()
        assert dlg.form.message("time") == (
            "Time must be a time of day as HH:MM (24-hour), e.g. 10:00 or 14:30")
        return False

    dialogs.fillers.append(bad)
    tab.hearing_button.click()
    assert _counts(svc) == before and svc.hearings.current(case.parole) is None

    def good(dlg: HearingDialog):
        dlg.date.setText("01/03/2027")
        dlg.time.setText("10:00")
        set_combo(dlg.format, "video")
        dlg.panel.setText("Judicial member and independent member")
        dlg.victim_statements.setPlainText("VPS to be read by the panel chair")

    dialogs.fillers.append(good)
    tab.hearing_button.click()
    h = svc.hearings.current(case.parole)
    assert (h.date, h.time, h.format) == (D(2027, 3, 1), "10:00", "video")
    assert tab.details["when"].text() == "1 March 2027 at 10:00 — video"
    assert tab.details["victim_statements"].text() == "VPS to be read by the panel chair"
    assert tab.hearing_button.text() == "Edit hearin&g…"
    # the chronology tab shows the listing; the timeline draws it as the hearing
    assert [e.type for e in svc.chronology.for_matter(case.parole)] == ["hearing-listed"]
    assert view.chronology.model.rowCount() == 1
    assert [i.kind for i in view.deadlines.timeline.items() if i.date == D(2027, 3, 1)] == ["hearing"]

    def move(dlg: HearingDialog):
        assert dlg.date.text() == "01/03/2027"
        dlg.date.setText("12/04/2027")

    dialogs.fillers.append(move)
    tab.hearing_button.click()
    event = svc.chronology.get(svc.hearings.current(case.parole).event_id)
    assert event.id == h.event_id and event.date == D(2027, 4, 12)
    r17 = [d.due for d in view.deadlines.model.deadlines()
           if d.rule_id == "pbr2019-r17-withholding-applications"]
    assert r17 == [D(2027, 2, 15)]


def test_a_witness_from_the_clients_contacts(view, case, dialogs):
    svc, tab = case.svc, view.parole
    with svc.cb.transaction():
        pom = svc.cb.conn.execute(
            "INSERT INTO contacts(client_id, name, role, created_at, updated_at) "
            "VALUES (?, 'Sam Okafor', 'pom', '', '') RETURNING id", (case.client,)).fetchone()[0]

    def fill(dlg: WitnessDialog):
        set_combo(dlg.contact, pom)  # fills the name and role
        assert (dlg.name.text(), dlg.role.currentText()) == ("Sam Okafor", "Prison offender manager (POM)")
        set_combo(dlg.status, "directed")

    dialogs.fillers.append(fill)
    tab.add_witness_button.click()
    [w] = svc.hearings.witnesses_of_matter(case.parole)
    assert (w.name, w.contact_id, w.status) == ("Sam Okafor", pom, "directed")
    assert _cells(tab.witnesses, "status") == ["Directed"]

    def refuse(dlg: WitnessDialog):
        set_combo(dlg.status, "refused")

    dialogs.fillers.append(refuse)
    _key(tab.witness_table, Qt.Key.Key_Return)
    assert svc.hearings.get_witness(w.id).status == "refused"

    def nameless(dlg: WitnessDialog):
        set_combo(dlg.contact, None)
        dlg.name.setText("")
        dlg.accept()
        assert dlg.form.message("name") == "Name is required"
        return False

    before = _counts(svc)
    dialogs.fillers.append(nameless)
    tab.add_witness_button.click()
    assert _counts(svc) == before


# ---------------------------------------------------------------------------- the timeline
def test_timeline_draws_the_hearing_and_directions_distinctly(qtbot):
    tl = ParoleTimeline()
    qtbot.addWidget(tl)
    tl.resize(800, tl.sizeHint().height())
    events = [SimpleNamespace(date=D(2026, 11, 2), type="referral", text=""),
              SimpleNamespace(date=D(2027, 3, 1), type="hearing-listed",
                              text="Oral hearing listed (video, 10:00).")]
    rule = SimpleNamespace(due=D(2027, 1, 4), title="Last day for a r.17 application", status="open",
                           citation="Parole Board Rules 2019 r.17(2)", confirmed=False, source="rule")
    direction = SimpleNamespace(due=D(2026, 12, 10), title="Direction: psychology report", status="open",
                                citation="Parole Board direction", confirmed=True, source="direction")
    tl.set_items(events, [rule, direction], today=D(2026, 11, 26))
    kinds = {(i.kind, i.source, i.label) for i in tl.items()}
    assert ("hearing", "rule", "Oral hearing, 10:00") in kinds
    assert ("deadline", "direction", "Direction: psychology report") in kinds
    hearing = next(i for i, it in enumerate(tl.items()) if it.kind == "hearing")
    centre = tl._mark_centre(hearing)
    assert centre.y() == tl.height() / 2  # on the axis itself
    assert tl.item_at(QPointF(centre)).kind == "hearing"
    assert "Oral hearing, 10:00: 1 March 2027." in tl.accessibleDescription()
    placed = {tl.items()[i].kind for i, _r, _t in tl.label_layout()}
    assert "hearing" in placed
    assert not tl.grab().isNull()
    # held on the day listed: one square, the hearing held
    tl.set_items([*events, SimpleNamespace(date=D(2027, 3, 1), type="oral-hearing-held", text="")], [],
                 today=D(2027, 3, 2))
    assert [i.label for i in tl.items() if i.kind == "hearing"] == ["Oral hearing held"]


# ---------------------------------------------------------------------------- at 1366×768
def test_the_tab_reads_at_1366x768(qtbot, demo_svc, tmp_path):
    from ui.main_window import MainWindow
    from ui.session import Session

    mid = demo_svc.cb.conn.execute("SELECT matter_id FROM hearings ORDER BY id").fetchone()[0]
    mw = MainWindow(Session(SimpleNamespace(cb=demo_svc.cb, services=demo_svc)))
    qtbot.addWidget(mw)
    mw.resize(1366, 768)
    mw.show()
    mw.open_matter(mid)
    view = mw.client_view.matters.view
    view.tabs.setCurrentWidget(view.parole)
    QApplication.processEvents()
    tab = view.parole
    assert tab.model.rowCount() == 3 and tab.witnesses.rowCount() >= 2
    row = tab.table.rowHeight(0)
    assert tab.table.viewport().height() >= 3 * row  # the demo's three directions in view
    for b in (tab.hearing_button, tab.add_button, tab.edit_button, tab.complied_button, tab.defer_button,
              tab.remove_button, tab.add_witness_button):
        assert b.isVisible() and b.width() >= b.sizeHint().width(), b.text()
    for label in tab.details.values():
        assert label.isVisible() and label.height() >= label.heightForWidth(label.width()) - 1
    assert mw.grab().save(str(tmp_path / "parole_tab.png"))
