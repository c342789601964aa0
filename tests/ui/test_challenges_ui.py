"""The Challenges and Programmes tabs: models under Qt's model tester, a challenge added from the
keyboard, a step recorded and its next due shown, a bad date shown under its field with nothing saved,
a referral offered only its allowed next statuses, the schedule sorted by next due and by status."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from casebook.domain.dates import format_date
from casebook.risk import vocab
from ui.dialogs.allegation_dialog import AllegationDialog
from ui.dialogs.challenge_dialog import ChallengeDialog, StepDialog
from ui.dialogs.referral_dialog import ReferralDialog, ReferralStatusDialog
from ui.models.challenge_models import (
    AllegationsModel,
    ChallengesModel,
    HistoryModel,
    IdSortProxy,
    ReferralsModel,
)
from ui.views.challenges import ChallengesTab
from ui.views.matter_view import MatterView
from ui.views.programmes import ProgrammesTab
from ui.views.registry import client_tab
from ui.widgets import form


@pytest.fixture
def client(svc):
    return svc.clients.add(name="Alex Example", prison_number="A1234BC")


@pytest.fixture
def matter(svc, client):
    return svc.matters.add(client, type="parole-review", title="Parole review 2026")


@pytest.fixture
def filled(svc, client, matter, fixed_clock):
    today = fixed_clock.today()
    c1 = svc.challenges.add(matter, assertion="Mr Example has shown no remorse", source="OASys", page=12,
                            paragraph="2.8", ground="factual-error")
    c2 = svc.challenges.add(matter, assertion="Risk to children is high", source="Psychology report",
                            page=4, ground="unsupported-by-evidence", status="conceded")
    c3 = svc.challenges.add(matter, assertion="Refused to engage with Kaizen", source="PAR",
                            ground="out-of-date")
    svc.challenges.step(c1, "correction-request", today - dt.timedelta(days=40))
    svc.challenges.step(c3, "correction-request", today - dt.timedelta(days=3))
    a1 = svc.allegations.add(client, text="Assault on staff, 2019", source="Security report", page=2,
                             status="disputed")
    r1 = svc.programmes.refer(client, "kaizen", today - dt.timedelta(days=100))
    svc.programmes.set_status(r1, "on-hold", today - dt.timedelta(days=50), reason="No places this year")
    return {"challenges": [c1, c2, c3], "allegations": [a1], "referrals": [r1]}


def _models(svc):
    return {
        "challenges": ChallengesModel(svc),
        "allegations": AllegationsModel(svc),
        "referrals": ReferralsModel(svc),
    }


@pytest.mark.parametrize("name", ["challenges", "allegations", "referrals"])
def test_models_pass_qt_model_tester(qtmodeltester, svc, client, filled, name):
    model = _models(svc)[name]
    model.set_client(client)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.clear()
    assert model.rowCount() == 0
    model.set_client(client)
    model.refresh()


def test_proxy_and_history_pass_qt_model_tester(qtmodeltester, svc, client, filled):
    proxy = IdSortProxy(ChallengesModel(svc))
    proxy.set_client(client)
    proxy.sort(5)
    qtmodeltester.check(proxy, force_py=True)
    history = HistoryModel()
    history.set_rows(svc.programmes.history(filled["referrals"][0]))
    qtmodeltester.check(history, force_py=True)
    assert history.rowCount() == 2
    history.clear()


def test_add_a_challenge_from_the_keyboard(qtbot, svc, client, matter):
    dlg = ChallengeDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.assertion.hasFocus())
    assert dlg.matter.currentData() == matter

    def tab():
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)

    qtbot.keyClicks(dlg.assertion, "Has not completed any offending behaviour work")
    tab()
    assert QApplication.focusWidget() is dlg.source
    qtbot.keyClicks(dlg.source, "OASys 2026")
    tab()
    qtbot.keyClicks(dlg.page, "14")
    tab()
    qtbot.keyClicks(dlg.paragraph, "R7.2")
    tab()
    assert QApplication.focusWidget() is dlg.ground
    qtbot.keyClicks(dlg.ground, "F")  # Factual error
    tab()
    qtbot.keyClicks(dlg.position, "Completed TSP in 2024")
    tab()
    assert QApplication.focusWidget() is dlg.status
    qtbot.keyClick(dlg.status, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert dlg.result() == QDialog.DialogCode.Accepted
    [c] = svc.challenges.for_matter(matter)
    assert (c.assertion, c.source, str(c.page), c.paragraph, c.ground, c.status) == (
        "Has not completed any offending behaviour work", "OASys 2026", "14", "R7.2", "factual-error",
        "disputed")
    assert c.position == "Completed TSP in 2024"


def test_a_client_with_no_matter_is_told_before_typing_a_challenge(qtbot, svc, client, dialogs):
    """With no matter yet, Add challenge… opened the form; the quoted assertion was typed, and only
    Save said "Matter is required: open a matter for the client first" (Cancel then lost it). Now the
    tab says so first and Add challenge… waits for a matter."""
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.set_client(client)
    assert not tab.add_button.isEnabled()
    assert "belongs to a matter" in tab.empty.text() and "New matter" in tab.empty.text()
    assert tab.add() is None and dialogs.opened == []
    svc.matters.add(client, type="parole-review")
    tab.refresh()
    assert tab.add_button.isEnabled()
    assert tab.empty.text() == "No challenges yet. Press Insert to add one."


def test_a_challenge_without_a_ground_saves_nothing(qtbot, svc, client, matter):
    dlg = ChallengeDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.assertion.setPlainText("Something")
    dlg.accept()
    assert dlg.isVisible() and "choose one" in dlg.form.message("ground")
    assert "Source document" in dlg.form.message("source")
    assert svc.challenges.for_matter(matter) == []


def test_record_a_step_and_see_next_due(qtbot, svc, client, matter, fixed_clock, monkeypatch):
    cid = svc.challenges.add(matter, assertion="No remorse", source="OASys", ground="factual-error")
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    tab.set_client(client)
    col = [k for k, _ in tab.source_model.columns].index("next_due")
    assert tab.model.index(0, col).data() == ""
    assert "No steps yet" in tab.detail.text()

    def run(dlg):
        assert isinstance(dlg, StepDialog)
        assert dlg.step.currentData() == "correction-request"  # the first step
        assert dlg.date.text() == fixed_clock.today().strftime("%d/%m/%Y")  # today by default
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(form, "run_dialog", run)
    assert tab.record_step() is not None
    [v] = svc.challenges.steps_of(cid)
    nd = svc.challenges.next_due(cid)
    assert nd is not None
    assert tab.model.index(tab.model.row_of(cid), col).data().startswith(format_date(nd.due))
    assert "Correction request" in tab.model.index(0, col - 1).data()
    assert format_date(nd.due) in tab.detail.text() and nd.title in tab.detail.text()
    assert v.step.date == fixed_clock.today()


def test_a_future_step_date_shows_a_field_error_and_saves_nothing(qtbot, svc, client, matter, fixed_clock):
    cid = svc.challenges.add(matter, assertion="No remorse", source="OASys", ground="factual-error")
    events = len(svc.chronology.for_matter(matter))
    dlg = StepDialog(svc, cid)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.date.setDate(fixed_clock.today() + dt.timedelta(days=1))
    dlg.accept()
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert "future" in dlg.form.message("date")
    assert svc.challenges.steps_of(cid) == []
    assert len(svc.chronology.for_matter(matter)) == events


def test_referral_status_offers_only_the_allowed_next(qtbot, svc, client, filled, fixed_clock):
    rid = filled["referrals"][0]
    dlg = ReferralStatusDialog(svc, rid)
    qtbot.addWidget(dlg)
    offered = [dlg.status.itemData(i) for i in range(dlg.status.count())]
    assert tuple(offered) == vocab.next_statuses("on-hold") and offered
    assert "submitted" not in offered
    assert dlg.date.text() == fixed_clock.today().strftime("%d/%m/%Y")
    dlg.status.setCurrentIndex(0)
    dlg.reason.setText("Place offered")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert svc.programmes.history(rid)[-1].status == offered[0]


def test_refer_from_the_searchable_catalogue(qtbot, svc, client, fixed_clock):
    dlg = ReferralDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    name = vocab.programme("kaizen").name
    dlg.programme.setEditText(name.upper())
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    [r] = svc.programmes.for_client(client)
    assert r.programme == "kaizen" and r.date == fixed_clock.today()
    assert [h.status for h in svc.programmes.history(r.id)] == ["submitted"]


def test_a_future_referral_date_saves_nothing(qtbot, svc, client, fixed_clock):
    dlg = ReferralDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.programme.setCurrentIndex(0)
    dlg.date.setDate(fixed_clock.today() + dt.timedelta(days=3))
    dlg.accept()
    assert dlg.isVisible() and "future" in dlg.form.message("date")
    assert svc.programmes.for_client(client) == []


def test_schedule_sorts_by_next_due_and_by_status(qtbot, svc, client, filled):
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    tab.set_client(client)
    c1, c2, c3 = filled["challenges"]
    # opens sorted by next due: c1 (stepped 40 days ago) is due first, the one with no step last
    assert tab.model.ids() == [c1, c3, c2]
    keys = [k for k, _ in tab.source_model.columns]
    tab.table.sortByColumn(keys.index("next_due"), Qt.SortOrder.DescendingOrder)
    assert tab.model.ids()[0] == c2
    tab.table.sortByColumn(keys.index("status"), Qt.SortOrder.AscendingOrder)
    statuses = [tab.model.record(r).challenge.status for r in range(3)]
    order = [t.id for t in vocab.challenge_statuses()]
    assert statuses == sorted(statuses, key=order.index)
    # selection and editing follow the sorted order
    tab.table.selectRow(0)
    assert tab.selected_id() == tab.model.id_at(0)


def test_challenge_status_is_changed_through_edit(qtbot, svc, client, filled, monkeypatch):
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_client(client)
    cid = filled["challenges"][0]
    tab.select(cid)

    def run(dlg):
        dlg.status.setCurrentIndex(dlg.status.findData("corrected"))
        dlg.accept()
        return True

    monkeypatch.setattr(form, "run_dialog", run)
    tab.edit()
    assert svc.challenges.get(cid).status == "corrected"
    assert tab.model.index(tab.model.row_of(cid), 3).data() == "Corrected"


def test_allegations_add_and_status(qtbot, svc, client, filled, monkeypatch):
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_client(client)
    assert tab.allegations_model.rowCount() == 1

    def run(dlg):
        if isinstance(dlg, AllegationDialog):
            dlg.text.setPlainText("Possession of a mobile phone")
            dlg.page.setText("0")  # bad: shown under the page, nothing saved
            dlg.accept()
            assert "Page" in dlg.form.message("page")
            assert len(svc.allegations.for_client(client)) == 1
            dlg.page.setText("7")
        else:
            dlg.status.setCurrentIndex(dlg.status.findData("no-factual-basis"))
        dlg.accept()
        return dlg.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(form, "run_dialog", run)
    aid = tab.add_allegation()
    assert aid is not None and tab.allegations_model.rowCount() == 2
    tab.change_allegation_status()
    assert svc.allegations.get(aid).status == "no-factual-basis"


def test_programmes_tab_shows_history_on_selection(qtbot, svc, client, filled):
    tab = ProgrammesTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    tab.set_client(client)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 2).data() == "On hold"
    assert tab.model.index(0, 4).data() == "No places this year"
    assert tab.history_model.rowCount() == 2
    assert "Kaizen" in tab.history_title.text()
    assert client_tab("programmes").plain_title == "Programmes"
    assert client_tab("challenges").shortcut == "Alt+G"


def test_matter_view_shows_the_matters_challenges(qtbot, svc, client, matter, filled):
    other = svc.matters.add(client, type="parole-review", title="Earlier review")
    svc.challenges.add(other, assertion="Elsewhere", source="OASys", ground="methodology")
    mv = MatterView(svc)
    qtbot.addWidget(mv)
    mv.set_matter(matter)
    assert sorted(mv.challenges.model.ids()) == sorted(filled["challenges"])
    assert mv.tabs.indexOf(mv.challenges) >= 0
    mv.set_matter(other)
    assert mv.challenges.model.rowCount() == 1
    mv.clear()
    assert mv.challenges.model.rowCount() == 0


def test_step_dialog_draft_survives_a_lock(qtbot, svc, client, filled):
    from ui import drafts

    dlg = StepDialog(svc, filled["challenges"][0])
    qtbot.addWidget(dlg)
    dlg.notes.setPlainText("Chased by phone")
    draft = drafts.capture(dlg)
    assert draft is not None and draft.args == {"challenge_id": filled["challenges"][0]}
    again = StepDialog(svc, filled["challenges"][0])
    qtbot.addWidget(again)
    again.restore_draft(draft.values)
    assert again.notes.toPlainText() == "Chased by phone"


def test_search_names_challenges_and_allegations(svc, client, filled):
    from ui.models.search_model import SearchModel

    m = SearchModel(svc)
    m.set_query("remorse")
    rows = [(m.index(r, 0).data(), m.index(r, 1).data()) for r in range(m.rowCount())]
    assert ("Challenge", "Factual error") in rows
    m.set_query("assault")
    assert ("Allegation", "Disputed") in [(m.index(r, 0).data(), m.index(r, 1).data())
                                          for r in range(m.rowCount())]


def test_add_a_challenge_with_evidence_linked(qtbot, svc, client, matter):
    e1 = svc.evidence.add(client, kind="accredited-programme", date="2024-05-01", title="Completed TSP")
    e2 = svc.evidence.add(client, kind="behaviour", date="2025-01-10", title="Enhanced IEP")
    other = svc.clients.add(name="Sam Other", prison_number="B2345CD")
    svc.evidence.add(other, kind="behaviour", date="2025-01-10", title="Not this client's")
    dlg = ChallengeDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.assertion.hasFocus())
    assert dlg.evidence.count() == 2 and dlg.evidence.values() == []
    qtbot.keyClicks(dlg.assertion, "Has not completed any offending behaviour work")
    dlg.source.setText("OASys 2026")
    dlg.ground.setCurrentIndex(dlg.ground.findData("factual-error"))
    dlg.status.setFocus()
    qtbot.keyClick(dlg.status, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.evidence
    row = dlg.evidence.row(dlg.evidence.item_for(e2))
    dlg.evidence.setCurrentRow(row)
    qtbot.keyClick(dlg.evidence, Qt.Key.Key_Space)  # Space ticks the current item
    assert dlg.evidence.values() == [e2]
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert svc.challenges.evidence_of(dlg.saved_id) == [e2]
    # editing shows the links as saved and changes them with the rest, in one save
    edit = ChallengeDialog(svc, client, challenge_id=dlg.saved_id)
    qtbot.addWidget(edit)
    assert edit.evidence.values() == [e2] and edit.evidence.isEnabled()
    edit.status.setCurrentIndex(edit.status.findData("corrected"))
    edit.evidence.set_values([e1])
    edit.accept()
    assert edit.result() == QDialog.DialogCode.Accepted
    assert svc.challenges.evidence_of(dlg.saved_id) == [e1]
    assert svc.challenges.get(dlg.saved_id).status == "corrected"
    # a bad edit saves nothing: neither the field nor the evidence
    bad = ChallengeDialog(svc, client, challenge_id=dlg.saved_id)
    qtbot.addWidget(bad)
    bad.assertion.setPlainText("")
    bad.evidence.set_values([e1, e2])
    bad.accept()
    assert bad.result() != QDialog.DialogCode.Accepted
    assert svc.challenges.evidence_of(dlg.saved_id) == [e1]
    assert svc.challenges.get(dlg.saved_id).assertion.startswith("Has not completed")


def test_challenge_evidence_draft_survives_a_lock(qtbot, svc, client, matter):
    from ui import drafts

    e1 = svc.evidence.add(client, kind="behaviour", date="2025-01-10", title="Enhanced IEP")
    dlg = ChallengeDialog(svc, client)
    qtbot.addWidget(dlg)
    dlg.assertion.setPlainText("Half typed")
    dlg.evidence.set_values([e1])
    draft = drafts.capture(dlg)
    again = ChallengeDialog(svc, client)
    qtbot.addWidget(again)
    again.restore_draft(draft.values)
    assert again.assertion.toPlainText() == "Half typed" and again.evidence.values() == [e1]
