"""Opening a client with a long chronology (issue 15): the columns are fitted from a sample of rows,
never by asking for every cell (the chronology tab's resizeColumnsToContents did, twice per open)."""

from __future__ import annotations

from ui.views.chronology import ChronologyTab


def test_opening_a_long_chronology_asks_for_a_bounded_number_of_cells(qtbot, svc):
    cid = svc.clients.add(name="Ann Example")
    mid = svc.matters.add(cid, "parole-review")
    n = 1500
    svc.chronology.create_many([(mid, {"date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", "type": "note",
                                       "text": f"entry {i} about the dossier"}) for i in range(n)])
    tab = ChronologyTab(svc)
    qtbot.addWidget(tab)
    tab.resize(900, 500)
    tab.show()
    calls = []
    real = tab.model.data

    def counting(index, role=0):
        calls.append(index.row())
        return real(index, role)

    tab.model.data = counting
    tab.set_client(cid)
    qtbot.wait(50)  # the deferred column fit
    assert tab.model.rowCount() == n
    rows_asked = set(calls)
    assert rows_asked and len(rows_asked) <= 400, f"{len(rows_asked)} of {n} rows were asked for"
