"""The shell's item models: Qt's model tester, lazy fetching, filtering, search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from ui.models.clients_model import ClientsModel, IdRole, format_key_date
from ui.models.search_model import HitRole, SearchModel


def test_clients_model_passes_qt_model_tester(qtmodeltester, demo_svc):
    model = ClientsModel(demo_svc)
    assert model.rowCount() == 12
    qtmodeltester.check(model, force_py=True)
    model.set_filter("HMP")
    qtmodeltester.check(model, force_py=True)


def test_clients_model_shows_service_rows_in_name_order(demo_svc):
    model = ClientsModel(demo_svc)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    cid = model.index(0, 0).data(IdRole)
    row = demo_svc.clients.rows([cid])[cid]
    assert model.index(0, 1).data() == row["prison_number"]
    assert model.index(0, 2).data() == row["prison"]
    assert model.index(0, 3).data() == str(row["open_matters"])


def test_clients_model_fetches_nothing_until_asked_then_only_a_batch(demo_big):
    model = ClientsModel(demo_big)
    assert model.rowCount() == 1000
    assert model.fetches == 0 and not model.fetched_ids
    assert model.index(500, 0).data() == "Client 0500"
    assert model.fetches == 1
    assert len(model.fetched_ids) <= ClientsModel.BATCH
    # neighbours come from the cache: no second read
    assert model.index(501, 0).data() == "Client 0501"
    assert model.index(499, 0).data() == "Client 0499"
    assert model.fetches == 1


def test_a_view_over_a_thousand_rows_reads_only_what_is_on_screen(qtbot, demo_big):
    model = ClientsModel(demo_big)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    assert 0 < len(model.fetched_ids) <= 3 * ClientsModel.BATCH
    view.scrollToBottom()
    view.grab()
    assert model.id_at(999) in model.fetched_ids
    assert model.id_at(500) not in model.fetched_ids
    assert len(model.fetched_ids) <= 6 * ClientsModel.BATCH


def test_clients_filter_matches_name_and_prison_number(demo_svc):
    model = ClientsModel(demo_svc)
    first = model.index(0, 0)
    name, number = first.data(), model.index(0, 1).data()
    model.set_filter(name.split()[1].lower())
    assert 1 <= model.rowCount() < 12
    assert all(name.split()[1].lower() in model.index(r, 0).data().lower()
               or name.split()[1].lower() in model.index(r, 2).data().lower()
               for r in range(model.rowCount()))
    model.set_filter(number)
    assert model.rowCount() == 1 and model.index(0, 0).data() == name
    model.set_filter("no such client zzz")
    assert model.rowCount() == 0
    model.set_filter("")
    assert model.rowCount() == 12


def test_deleted_client_becomes_a_disabled_placeholder_until_refresh(svc):
    a = svc.clients.add(name="Alan Abbott")
    b = svc.clients.add(name="Barry Briggs")
    model = ClientsModel(svc)
    svc.clients.delete(b)
    model.refresh_client(b)  # the row is still listed, its record is gone
    assert model.index(1, 0).data() == "(deleted)"
    assert not (model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEnabled)
    model.refresh()
    assert model.ids() == [a]


def test_refresh_client_repaints_a_changed_row(qtbot, svc):
    cid = svc.clients.add(name="Alan Abbott")
    model = ClientsModel(svc)
    assert model.index(0, 0).data() == "Alan Abbott"
    svc.clients.update(cid, name="Alan Abbot-Smith")
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_client(cid)
    assert model.index(0, 0).data() == "Alan Abbot-Smith"


def test_clear_drops_the_services(svc):
    svc.clients.add(name="Alan Abbott")
    model = ClientsModel(svc)
    model.clear()
    assert model.rowCount() == 0 and model._services is None


def test_key_date_is_written_out_in_english():
    assert format_key_date("PED 2027-03-01") == "PED 1 March 2027"
    assert format_key_date("") == ""


def test_search_model_passes_qt_model_tester(qtmodeltester, demo_svc):
    model = SearchModel(demo_svc)
    qtmodeltester.check(model, force_py=True)
    model.set_query("parole")
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_search_model_finds_a_client_by_name_and_carries_the_hit(demo_svc):
    cid = demo_svc.clients.ids()[0]
    name = demo_svc.clients.get(cid).name
    model = SearchModel(demo_svc)
    model.set_query(name)
    hits = [model.index(r, 0).data(HitRole) for r in range(model.rowCount())]
    assert any(h.kind == "client" and h.client_id == cid for h in hits)
    assert model.index(0, 0).data() in {"Client", "Matter", "Chronology", "Note"}
    assert "[" not in (model.index(0, 3).data() or "")
    model.set_query("   ")
    assert model.rowCount() == 0


def test_search_model_shows_event_labels_not_codes(demo_svc):
    model = SearchModel(demo_svc)
    model.set_query("dossier")
    events = [r for r in range(model.rowCount()) if model.index(r, 0).data(HitRole).kind == "event"]
    assert events
    titles = {model.index(r, 1).data() for r in events}
    assert "Dossier served" in titles and "dossier-served" not in titles


def test_search_results_show_labels_not_stored_codes(svc):
    """Searching "thinking skills" listed notes titled "legal-visit", assessments titled "oasys" and
    matching text "accredited-programme Thinking Skills": the stored codes, not what the app calls them."""
    from ui.models.search_model import MarkedRole

    cid = svc.clients.add(name="Alan Example")
    svc.notes.add(cid, "Has completed Thinking Skills", kind="legal-visit")
    svc.evidence.add(cid, kind="accredited-programme", date="2024-05-01", title="Completed Thinking Skills")
    svc.assessments.add(cid, date="2026-01-10", tool="oasys",
                        conclusions="Poor consequential thinking skills")
    model = SearchModel(svc)
    model.set_query("thinking skills")
    rows = {model.index(r, 0).data(HitRole).kind: r for r in range(model.rowCount())}
    assert {"note", "evidence", "assessment"} <= set(rows)
    assert model.index(rows["note"], 1).data() == "Legal visit"
    assert model.index(rows["assessment"], 1).data() == "OASys"
    assert model.index(rows["assessment"], 0).data() == "Risk assessment"
    shown = [model.index(r, 3).data() for r in range(model.rowCount())]
    marked = [model.index(r, 3).data(MarkedRole) for r in range(model.rowCount())]
    assert not any("accredited-programme" in t or "legal-visit" in t for t in shown + marked)
    assert any("Accredited programme" in t for t in shown)
    assert any("[" in t for t in marked)  # the matched words stay marked for the bold
