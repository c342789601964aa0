"""The id-backed table models: Qt's model tester on each, and what they show."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.models.chronology_model import DELETED, ChronologyModel, IdRole, SortRole
from ui.models.matters_model import MattersModel
from ui.models.notes_model import NotesModel

D = Qt.ItemDataRole.DisplayRole


def _client_with_matters(svc):
    cid = svc.clients.add(name="Test Person", prison_number="A1234BC")
    m1 = svc.matters.add(cid, "parole-review", title="Parole review 2026", opened_on="01/02/2026")
    m2 = svc.matters.add(cid, "complaint", opened_on="01/03/2026")
    return cid, m1, m2


def _row(model, row):
    return [model.data(model.index(row, c), D) for c in range(model.columnCount())]


def test_chronology_model_passes_qt_model_tester_and_shows_events_in_date_order(svc, qtmodeltester):
    cid, m1, m2 = _client_with_matters(svc)
    e_late = svc.chronology.add(m1, "26/11/2026", "hearing-listed", "Hearing fixed", source="Listing letter",
                                page="3", material=True, disputed="disputed-by-us")
    e_early = svc.chronology.add(m2, "02/03/2026", "comp1-submitted", "COMP1 about property")
    model = ChronologyModel(svc)
    model.set_client(cid)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.ids() == [e_early, e_late]
    assert _row(model, 1) == ["26 November 2026", "Parole review 2026", "Oral hearing listed (enter the "
                                                                        "hearing date)",
                              "Hearing fixed", "Listing letter", "3", "Yes", "Disputed by us"]
    assert _row(model, 0)[1] == "Complaint"  # the default title is the type's label
    assert _row(model, 0)[6] == ""
    assert model.data(model.index(1, 0), IdRole) == e_late
    assert model.data(model.index(1, 0), SortRole) == "2026-11-26"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "Date", "Matter", "Type", "What happened", "Source", "Page", "Material", "Disputed"]


def test_chronology_model_filters_by_matter_and_refreshes(svc, qtmodeltester):
    cid, m1, m2 = _client_with_matters(svc)
    svc.chronology.add(m1, "01/04/2026", "referral", "Referred")
    svc.chronology.add(m2, "02/04/2026", "comp1-submitted", "Complaint")
    model = ChronologyModel(svc)
    model.set_client(cid)
    model.set_matter_filter(m2)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert _row(model, 0)[3] == "Complaint"
    model.set_matter_filter(None)
    assert model.rowCount() == 2
    svc.chronology.add(m1, "03/04/2026", "dossier-served", "Dossier")
    model.refresh()
    assert model.rowCount() == 3
    model.clear()
    assert model.rowCount() == 0


def test_deleted_record_shows_as_disabled_placeholder_until_refresh(svc, qtmodeltester):
    cid, m1, _ = _client_with_matters(svc)
    eid = svc.chronology.add(m1, "01/04/2026", "referral", "Referred")
    model = ChronologyModel(svc)
    model.set_client(cid)
    svc.chronology.delete(eid)
    model.invalidate(eid)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), D) == DELETED
    assert not (model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled)
    model.refresh()
    assert model.rowCount() == 0


def test_edited_record_is_shown_after_invalidate(svc):
    cid, m1, _ = _client_with_matters(svc)
    eid = svc.chronology.add(m1, "01/04/2026", "referral", "Referred")
    model = ChronologyModel(svc)
    model.set_client(cid)
    svc.chronology.update(eid, text="Referred by PPCS")
    assert model.data(model.index(0, 3), D) == "Referred"  # cached copy until told
    model.invalidate(eid)
    assert model.data(model.index(0, 3), D) == "Referred by PPCS"


def test_cache_is_bounded_and_rows_fetch_lazily(svc):
    cid, m1, _ = _client_with_matters(svc)
    ids = [svc.chronology.add(m1, dt.date(2026, 1, 1) + dt.timedelta(days=i), "referral", f"E{i}")
           for i in range(12)]
    model = ChronologyModel(svc)
    model.cache_size = 5
    model.set_client(cid)
    assert model.rowCount() == 12
    assert [model.data(model.index(r, 3), D) for r in range(12)] == [f"E{i}" for i in range(12)]
    assert len(model._cache) == 5
    assert model.ids() == ids


def test_matters_model(svc, qtmodeltester):
    cid, m1, m2 = _client_with_matters(svc)
    svc.matters.update(m2, status="closed", closed_on="05/03/2026", legal_aid_class="advice-assistance")
    model = MattersModel(svc)
    model.set_client(cid)
    qtmodeltester.check(model)
    assert model.ids() == [m2, m1]  # newest opened first
    assert _row(model, 0) == ["Complaint", "Complaint", "Closed", "1 March 2026", "5 March 2026",
                              "Advice & Assistance (free-standing)"]
    assert _row(model, 1) == ["Parole review 2026", "Parole review", "Open", "1 February 2026", "", ""]
    model.set_client(None)
    assert model.rowCount() == 0


def test_notes_model(svc, qtmodeltester):
    cid, m1, _ = _client_with_matters(svc)
    svc.notes.add(cid, "First line\nsecond line", date="01/05/2026", kind="legal-visit", matter_id=m1)
    svc.notes.add(cid, "Called the OMU", date="03/05/2026", kind="call")
    model = NotesModel(svc)
    model.set_client(cid)
    qtmodeltester.check(model)
    assert _row(model, 0) == ["3 May 2026", "Telephone call", "", "Called the OMU"]
    assert _row(model, 1) == ["1 May 2026", "Legal visit", "Parole review 2026", "First line second line"]
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ToolTipRole) == \
        "<p style='white-space:pre-wrap'>First line\nsecond line</p>"


def test_tooltips_show_client_text_literally(svc):
    cid, m1, _ = _client_with_matters(svc)
    svc.chronology.add(m1, "01/04/2026", "referral", "<b>not bold</b> & <img src=x>")
    model = ChronologyModel(svc)
    model.set_client(cid)
    tip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in tip and "<b>" not in tip


@pytest.mark.parametrize("model_cls", [ChronologyModel, MattersModel, NotesModel])
def test_models_on_demo_casebook(demo_svc, qtmodeltester, model_cls):
    cid = demo_svc.clients.ids()[0]
    model = model_cls(demo_svc)
    model.set_client(cid)
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    assert all(model.data(model.index(r, 0), D) for r in range(model.rowCount()))
