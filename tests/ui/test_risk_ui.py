"""The Risk and Evidence tabs: models under Qt's model tester, the assessment dialog from the keyboard,
field errors with nothing saved, the matrix's gaps and click-through, the trend chart's painting."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication, QDialog

from ui.dialogs.assessment_dialog import AssessmentDialog
from ui.dialogs.evidence_dialog import EvidenceDialog
from ui.models.base import IdRole
from ui.models.risk_models import (
    AssessmentsModel,
    EvidenceModel,
    FactorsModel,
    MatrixModel,
    assessment_row,
    trend_series,
)
from ui.views.evidence import EvidenceTab
from ui.views.registry import client_tab
from ui.views.risk import RiskTab
from ui.widgets import form
from ui.widgets.risk_trend import RiskTrend


@pytest.fixture
def client(svc):
    return svc.clients.add(name="Alex Example", prison_number="A1234BC")


def _assess(svc, client, date, scores, rosh=(), **kw):
    return svc.assessments.add(client, tool="oasys", date=date, author=kw.pop("author", "Probation officer"),
                               scores=scores, rosh=rosh, **kw)


@pytest.fixture
def filled(svc, client):
    """Two legacy assessments and one new-generation one; two factors, one with evidence."""
    a1 = _assess(svc, client, "2022-03-01", [
        {"name": "OGRS3", "value": 76, "kind": "static", "band_as_issued": "medium"},
        {"name": "OVP", "value": 30, "kind": "dynamic"}],
        rosh=[{"risk_group": "public", "setting": "community", "level": "high"}])
    a2 = _assess(svc, client, "2024-06-10", [{"name": "OGRS3", "value": 60, "kind": "static"}],
                 rosh=[{"risk_group": "public", "setting": "community", "level": "medium"}])
    a3 = _assess(svc, client, "2026-02-01", [{"name": "ARP", "value": 20, "kind": "static"}])
    f1 = svc.risk_factors.add(client, "Emotional management", assessments=[a1])
    f2 = svc.risk_factors.add(client, "Sexual preoccupation", assessments=[(a2, "R6.1")])
    e1 = svc.evidence.add(client, kind="accredited-programme", date="2025-05-01", title="Completed Kaizen",
                          source="Post-programme report", page=3, factors=[f1])
    return {"assessments": [a1, a2, a3], "factors": [f1, f2], "evidence": [e1]}


@pytest.mark.parametrize("model_class", [AssessmentsModel, FactorsModel, EvidenceModel, MatrixModel])
def test_models_pass_qt_model_tester(qtmodeltester, svc, client, filled, model_class):
    model = model_class(svc)
    model.set_client(client)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected: clearing (a lock) and reloading must signal properly too
    model.clear()
    assert model.rowCount() == 0
    model.set_client(client)
    model.refresh()


def test_assessments_model_marks_an_issued_band_that_differs(svc, client, filled):
    m = AssessmentsModel(svc)
    m.set_client(client)
    cols = [k for k, _ in m.columns]
    row = m.row_of(filled["assessments"][0])
    assert m.index(row, cols.index("date")).data() == "1 March 2022"
    assert m.index(row, cols.index("rosh")).data() == "High"
    assert "OGRS3 76% high" in m.index(row, cols.index("scores")).data()
    assert m.index(row, cols.index("check")).data() == "Issued band differs"
    tip = m.index(row, cols.index("check")).data(Qt.ItemDataRole.ToolTipRole)
    assert "Issued as medium" in tip and "high" in tip
    row2 = m.row_of(filled["assessments"][1])
    assert m.index(row2, cols.index("check")).data() == ""


def test_add_assessment_from_the_keyboard(qtbot, svc, client, fixed_clock):
    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.date.hasFocus())
    assert dlg.date.text() == fixed_clock.today().strftime("%d/%m/%Y")  # today by default
    assert dlg.tool.currentData() == "oasys"

    def tab(times=1):
        for _ in range(times):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)

    tab(2)  # date → tool → author
    assert QApplication.focusWidget() is dlg.author
    qtbot.keyClicks(dlg.author, "Jo Probation")
    tab()
    assert QApplication.focusWidget() is dlg.author_role
    assert dlg.author_role.currentData() == "probation"  # OASys: the usual author by default
    tab(3)  # source, page → the first RoSH combo (children in custody)
    first_rosh = dlg.rosh.combos[("children", "custody")]
    assert QApplication.focusWidget() is first_rosh
    qtbot.keyClicks(first_rosh, "L")
    tab(len(dlg.rosh.combos))  # past the RoSH grid → the first score's predictor
    row = dlg.scores.rows[0]
    assert QApplication.focusWidget() is row.name
    qtbot.keyClicks(row.name, "OGRS3")
    tab()
    qtbot.keyClicks(row.value, "62")
    tab()
    qtbot.keyClicks(row.kind, "S")
    tab()
    qtbot.keyClicks(row.band, "H")
    assert not dlg.conclusions.isVisible() and dlg.sections.isVisible()  # OASys: no psychology fields
    tab(4 * (len(dlg.scores.rows) - 1) + 2)  # the other score rows, "Another score row" → section 3
    harm3, offending3 = dlg.sections.boxes[3]
    assert QApplication.focusWidget() is harm3
    assert not dlg.sections.boxes[1][0].isEnabled() and not dlg.sections.boxes[13][1].isEnabled()
    qtbot.keyClick(harm3, Qt.Key.Key_Space)
    tab()
    qtbot.keyClick(offending3, Qt.Key.Key_Space)
    tab(len(dlg.sections.chain()) - 1)  # the other sections → PNI
    assert QApplication.focusWidget() is dlg.pni
    qtbot.keyClicks(dlg.pni, "Moderate")
    tab()
    for _ in range(2):  # — → category 1 → category 2
        qtbot.keyClick(dlg.mappa_category, Qt.Key.Key_Down)
    tab()
    for _ in range(2):
        qtbot.keyClick(dlg.mappa_level, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.mappa_level, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert dlg.result() == QDialog.DialogCode.Accepted
    [a] = svc.assessments.for_client(client)
    assert (a.tool, a.date, a.author) == ("oasys", fixed_clock.today(), "Jo Probation")
    assert (a.author_role, a.pni, a.mappa_category, a.mappa_level) == ("probation", "moderate", 2, 2)
    [sec] = svc.assessments.sections_of(a.id)
    assert (sec.section, sec.linked_to_harm, sec.linked_to_offending) == (3, True, True)
    [s] = svc.assessments.scores_of(a.id)
    assert (s.name, s.value, s.kind, s.band_as_issued) == ("ogrs3", 62, "static", "high")
    [r] = svc.assessments.rosh_of(a.id)
    assert (r.risk_group, r.setting, r.level) == ("children", "custody", "low")


def test_a_bad_score_shows_its_field_error_and_saves_nothing(qtbot, svc, client):
    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    row = dlg.scores.rows[0]
    row.name.setCurrentIndex(row.name.findData("ogrs3"))
    row.value.setText("120")
    dlg.page.setText("0")
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.isVisible()
    assert "OGRS3 must be from 0 to 100" in dlg.form.message("score")
    assert dlg.form.message("score").startswith("Scores")
    assert "positive whole number" in dlg.form.message("page")
    assert svc.assessments.for_client(client) == []


def test_a_future_date_is_shown_under_the_date(qtbot, svc, client, fixed_clock):
    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.date.setDate(fixed_clock.today() + dt.timedelta(days=1))
    dlg.accept()
    assert "future" in dlg.form.message("date")
    assert svc.assessments.for_client(client) == []


def test_matrix_shows_the_gap_and_opens_the_evidence(qtbot, svc, client, filled, monkeypatch):
    tab = EvidenceTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    tab.set_client(client)
    m = tab.matrix_model
    assert m.rowCount() == 2 and m.columnCount() == 2
    gap_row = next(r for r in range(m.rowCount()) if m.is_gap(r))
    assert "no evidence" in m.index(gap_row, 0).data()
    assert m.index(gap_row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Sexual preoccupation" in tab.gap_note.text() and tab.gap_note.isVisible()
    linked = 1 - gap_row
    assert m.index(linked, 1).data() == MatrixModel.MARK
    opened = []

    def run(dlg):
        opened.append(dlg)
        return False

    monkeypatch.setattr(form, "run_dialog", run)
    tab.matrix.setFocus()
    tab.matrix.setCurrentIndex(m.index(linked, 1))
    qtbot.keyClick(tab.matrix, Qt.Key.Key_Return)
    assert len(opened) == 1 and isinstance(opened[0], EvidenceDialog)
    assert opened[0].evidence_id == filled["evidence"][0] == m.index(linked, 1).data(IdRole)
    assert tab.selected_id() == filled["evidence"][0]


def test_evidence_dialog_adds_with_factors(qtbot, svc, client, filled):
    dlg = EvidenceDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.title.setText("Twelve months adjudication-free")
    dlg.kind.setCurrentIndex(dlg.kind.findData("behaviour"))
    dlg.factors.boxes[filled["factors"][1]].setChecked(True)
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert svc.evidence.factors_of(dlg.saved_id) == [filled["factors"][1]]


def test_risk_tab_lists_and_charts(qtbot, svc, client, filled):
    tab = RiskTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    tab.set_client(client)
    assert tab.model.rowCount() == 3 and tab.factors_model.rowCount() == 2
    assert {s.key for s in tab.trend.series} == {"rosh", "ogrs3", "ovp", "arp"}
    assert tab.trend.change == dt.date(2026, 2, 1)
    tab.select(filled["assessments"][0])
    assert "Issued as medium" in tab.detail.text()
    assert client_tab("risk").factory is not None and client_tab("evidence").plain_title == "Evidence"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_trend_chart_paints_with_labels_inside(qtbot, svc, client, filled, count):
    rows = [assessment_row(svc, svc.assessments.get(a)) for a in filled["assessments"][:count]]
    series, change = trend_series(rows)
    w = RiskTrend()
    qtbot.addWidget(w)
    w.set_series(series, change)
    for size in ((420, 220), (700, 320)):
        w.resize(*size)
        w.grab()  # paints
        assert w.label_rects
        bounds = QRectF(w.rect())
        assert all(bounds.contains(r) for r in w.label_rects), (size, w.label_rects)
    if count == 3:
        assert change == dt.date(2026, 2, 1)
        assert "New-generation predictors from 1 February 2026" in w.accessibleDescription()
    if count == 0:
        assert series == [] and "No assessments" in w.accessibleDescription()


def test_assessment_and_evidence_drafts_survive_a_lock(qtbot, svc, client, filled):
    from ui import drafts

    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.author.setText("Dr Example")
    dlg.rosh.set("public", "community", "high")
    dlg.scores.add_row()
    last = dlg.scores.rows[-1]
    last.name.setCurrentIndex(last.name.findData("vrp"))
    last.value.setText("41")
    draft = drafts.capture(dlg)
    assert draft is not None and draft.args == {"client_id": client}
    again = AssessmentDialog(svc, client)
    qtbot.addWidget(again)
    again.restore_draft(draft.values)
    assert again.author.text() == "Dr Example"
    assert again.rosh.values() == [{"risk_group": "public", "setting": "community", "level": "high"}]
    assert again.scores.values() == [{"name": "vrp", "value": "41", "kind": None, "band_as_issued": None}]

    ev = EvidenceDialog(svc, client)
    qtbot.addWidget(ev)
    ev.title.setText("Half typed")
    ev.factors.boxes[filled["factors"][1]].setChecked(True)
    d2 = drafts.capture(ev)
    ev2 = EvidenceDialog(svc, client)
    qtbot.addWidget(ev2)
    ev2.restore_draft(d2.values)
    assert ev2.title.text() == "Half typed" and ev2.factors.values() == [filled["factors"][1]]


def test_editing_an_assessment_changes_its_details_and_keeps_its_scores(qtbot, svc, client, filled):
    aid = filled["assessments"][0]
    dlg = AssessmentDialog(svc, client, assessment_id=aid)
    qtbot.addWidget(dlg)
    assert dlg.scores.rows[0].name.currentData() == "ogrs3" and dlg.scores.rows[0].value.isEnabled()
    dlg.author.setText("Senior probation officer")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert svc.assessments.get(aid).author == "Senior probation officer"
    assert [s.name for s in svc.assessments.scores_of(aid)] == ["ogrs3", "ovp"]


def test_editing_an_assessment_changes_its_scores_rosh_and_sections(qtbot, svc, client, filled):
    aid = filled["assessments"][0]
    dlg = AssessmentDialog(svc, client, assessment_id=aid)
    qtbot.addWidget(dlg)
    dlg.show()
    first = dlg.scores.rows[0]
    first.value.clear()
    qtbot.keyClicks(first.value, "81")
    second = dlg.scores.rows[1]
    second.name.setCurrentIndex(0)
    second.value.clear()  # the OVP row emptied: the score goes
    dlg.rosh.set("public", "community", "very high")
    qtbot.keyClick(dlg.sections.boxes[11][1], Qt.Key.Key_Space)  # section 11: linked to offending
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    scores = svc.assessments.scores_of(aid)
    assert [(s.name, s.value, s.band_as_issued) for s in scores] == [("ogrs3", 81, "medium")]
    [r] = svc.assessments.rosh_of(aid)
    assert (r.risk_group, r.setting, r.level) == ("public", "community", "very high")
    [sec] = svc.assessments.sections_of(aid)
    assert (sec.section, sec.linked_to_harm, sec.linked_to_offending) == (11, False, True)
    again = AssessmentDialog(svc, client, assessment_id=aid)  # read back
    qtbot.addWidget(again)
    assert again.scores.rows[0].value.text() == "81" and again.sections.boxes[11][1].isChecked()


def test_a_psychology_report_from_the_keyboard(qtbot, svc, client, fixed_clock):
    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.date.hasFocus())
    qtbot.keyClick(dlg.date, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.tool, "HCR")
    assert dlg.tool.currentData() == "hcr-20-v3"
    assert dlg.author_role.currentData() == "prison-psychologist"
    assert dlg.conclusions.isVisible() and not dlg.sections.isVisible() and not dlg.pni.isVisible()
    qtbot.keyClick(dlg.tool, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.author, "Dr Example")
    qtbot.keyClick(dlg.author, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.author_role, "Independent")
    dlg.conclusions.setFocus()
    qtbot.keyClicks(dlg.conclusions, "Risk manageable in the community")
    qtbot.keyClick(dlg.conclusions, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.recommendation
    qtbot.keyClicks(dlg.recommendation, "Open conditions")
    qtbot.keyClick(dlg.recommendation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    [a] = svc.assessments.for_client(client)
    assert (a.tool, a.author, a.author_role) == ("hcr-20-v3", "Dr Example", "independent-expert")
    assert (a.conclusions, a.recommendation) == ("Risk manageable in the community", "Open conditions")
    again = AssessmentDialog(svc, client, assessment_id=a.id)
    qtbot.addWidget(again)
    assert again.author_role.currentData() == "independent-expert"
    assert again.recommendation.text() == "Open conditions"


def test_the_assessment_dialog_fits_a_small_screen(qtbot, svc, client):
    dlg = AssessmentDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.height() <= 700 and dlg.width() <= 1300


def test_editing_evidence_unticks_and_ticks_factors(qtbot, svc, client, filled):
    eid = filled["evidence"][0]
    f1, f2 = filled["factors"]
    dlg = EvidenceDialog(svc, client, evidence_id=eid)
    qtbot.addWidget(dlg)
    dlg.show()
    box1, box2 = dlg.factors.boxes[f1], dlg.factors.boxes[f2]
    assert box1.isChecked() and box1.isEnabled() and not box2.isChecked()
    qtbot.keyClick(box1, Qt.Key.Key_Space)  # unticked: unlinked
    qtbot.keyClick(box2, Qt.Key.Key_Space)
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert svc.evidence.factors_of(eid) == [f2]
    again = EvidenceDialog(svc, client, evidence_id=eid)
    qtbot.addWidget(again)
    assert again.factors.values() == [f2]
    qtbot.keyClick(again.factors.boxes[f2], Qt.Key.Key_Space)
    again.accept()
    assert svc.evidence.factors_of(eid) == []


def test_an_empty_risk_factors_list_says_what_goes_there(qtbot, svc, client):
    """The Risk tab's factors list was an empty white box, nothing saying what belongs in it or why."""
    tab = RiskTab(svc)
    qtbot.addWidget(tab)
    tab.set_client(client)
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.no_factors.isVisible() and "No risk factors yet" in tab.no_factors.text()
    assert "Evidence tab" in tab.no_factors.text()
    svc.risk_factors.add(client, "Emotional management")
    tab.refresh()
    assert not tab.no_factors.isVisible()
    tab.clear()
    assert not tab.no_factors.isVisible()
