"""What the app's views ask the services, read without the whole history (issue 15, bench_app_views.py):
the same answers as before, from fewer rows.

* ``RecordStore.where`` reads records straight from the cursor: the same records as ``spec.from_row``
  of every row, for every kind.
* ``ChronologyService.for_client(types=…)`` / ``for_matter(since=…)``: the filtered lists.
* The release check reads only the licence events of an IPP/DPP client (none for anyone else), with
  the same result as the licence history of the whole chronology.
* ``LetterService.generated``: what was written for a matter, from the audit log read once and then
  only what was added since — the same as the query over the whole log, and never stale.
"""

from __future__ import annotations

import datetime as dt

from casebook.domain.records import RECORDS
from casebook.services.records import RecordStore
from casebook.services.release import licence_history

TODAY = dt.date(2026, 11, 26)


def _generated_by_query(svc, matter_id: int, limit: int = 200) -> list[tuple[str, str, str]]:
    """The question as it was asked before: the whole log, newest first."""
    return svc.cb.conn.execute(
        "SELECT at, entity, detail FROM audit WHERE action = 'export' AND entity_id = ? "
        "AND entity IN ('letter', 'chronology', 'bundle') ORDER BY id DESC LIMIT ?",
        (matter_id, limit)).fetchall()


def _as_generated(rows):
    import json

    return [{"when": at, "template": json.loads(d or "{}").get("template") or entity,
             "to": json.loads(d or "{}").get("to", ""), "kind": entity} for at, entity, d in rows]


def test_where_reads_the_same_records_as_from_row_for_every_kind(demo_svc):
    seen = 0
    for spec in RECORDS:
        store = RecordStore(spec, demo_svc.cb, demo_svc.audit)
        expected = [spec.from_row(r) for r in store.select()]
        assert store.where() == expected
        seen += len(expected)
        if expected:  # and a filtered, limited read
            first = expected[0]
            assert store.where("id = ?", (first.id,)) == [first]
            assert store.where(limit=2) == expected[:2]
            assert store.where("id = :id", {"id": first.id}) == [first]
    assert seen > 100  # the demo has records of several kinds


def test_chronology_filters_equal_the_whole_list_filtered(demo_svc):
    svc = demo_svc
    for client in svc.clients.list():
        every = svc.chronology.for_client(client.id)
        for types in (["recall"], ["ipp-licence-start", "recall", "re-release"], ["note", "letter-sent"]):
            assert svc.chronology.for_client(client.id, types=types) == [e for e in every if e.type in types]
        assert svc.chronology.for_client(client.id, types=[]) == []
        for m in svc.matters.for_client(client.id):
            events = svc.chronology.for_matter(m.id)
            for since in (TODAY - dt.timedelta(days=400), TODAY, dt.date(2000, 1, 1)):
                assert svc.chronology.for_matter(m.id, since=since) == [e for e in events if e.date >= since]


def _ipp_client(svc, kind="IPP"):
    cid = svc.clients.add(name="Ann Example")
    svc.clients.add_sentence(cid, sentence_type=kind, sentence_date="2010-01-01", minimum_term="P4Y",
                             offence="Robbery")
    return cid


def test_release_check_reads_only_the_licence_events(svc, monkeypatch):
    cid = _ipp_client(svc)
    mid = svc.matters.add(cid, "ipp-licence-termination")
    rid = svc.matters.add(cid, "recall-review")
    for i in range(40):  # a long chronology the check has no need of
        svc.chronology.add(mid, dt.date(2020, 1, 1) + dt.timedelta(days=20 * i), "note", f"visit {i}")
    svc.chronology.add(mid, "2021-01-10", "ipp-licence-start", "Released")
    svc.chronology.add(rid, "2024-06-01", "recall", "Recalled")
    svc.chronology.add(rid, "2025-03-01", "re-release", "Re-released")
    life = svc.clients.add(name="Bob Example")
    svc.clients.add_sentence(life, sentence_type="LIFE", sentence_date="2010-01-01", minimum_term="P10Y",
                             offence="Murder")
    lm = svc.matters.add(life, "parole-review")
    svc.chronology.add(lm, "2023-02-28", "ipp-licence-start", "Recorded in error on a life case")

    read: list[tuple[int, object]] = []
    real = svc.chronology.for_client

    def spy(client_id, *, types=None):
        out = real(client_id, types=types)
        read.append((len(out), types))
        return out

    monkeypatch.setattr(svc.chronology, "for_client", spy)
    check = svc.release.check(cid, today=TODAY)
    assert read and all(types is not None for _n, types in read)
    assert sum(n for n, _t in read) == 3  # the start, the recall and the re-release: not the 40 notes
    whole = real(cid)
    assert check.licence == licence_history(whole, {"IPP"})
    assert check.licence.recalled_since_release is True
    read.clear()
    life_check = svc.release.check(life, today=TODAY)
    assert read == []  # a life sentence: no licence history read at all
    assert life_check.licence == licence_history(real(life), {"LIFE"})


def test_generated_equals_the_whole_log_and_follows_new_exports(demo_svc, tmp_path):
    svc = demo_svc
    matters = [m.id for c in svc.clients.list()[:3] for m in svc.matters.for_client(c.id)][:3]
    a, b = matters[0], matters[1]
    assert svc.letters.generated(a) == _as_generated(_generated_by_query(svc, a)) == []
    for i in range(3):
        svc.letters.export_chronology(a, tmp_path / f"a{i}.docx")
        svc.notes.add(svc.matters.get(a).client_id, f"between {i}")  # other entries in between
        svc.letters.export_chronology(b, tmp_path / f"b{i}.docx")
        for mid in (a, b, matters[2]):  # asked after every write: the cache never goes stale
            assert svc.letters.generated(mid) == _as_generated(_generated_by_query(svc, mid))
    assert [g["to"] for g in svc.letters.generated(a)] == [str(tmp_path / f"a{i}.docx") for i in (2, 1, 0)]
    assert svc.letters.generated(a, limit=2) == _as_generated(_generated_by_query(svc, a, 2))
    assert svc.letters.generated(a, limit=0) == []
    # Services opened afresh over the same file (a new session) give the same answer.
    from casebook.services import Services

    assert Services(svc.cb).letters.generated(b) == svc.letters.generated(b)


def test_generated_inside_a_rolled_back_transaction_keeps_nothing(demo_svc, tmp_path):
    svc = demo_svc
    mid = svc.matters.for_client(svc.clients.list()[0].id)[0].id
    svc.letters.export_chronology(mid, tmp_path / "kept.docx")
    assert len(svc.letters.generated(mid)) == 1
    try:
        with svc.cb.transaction():
            svc.audit.record("export", "letter", mid, {"template": "t", "to": "gone.docx"})
            assert [g["to"] for g in svc.letters.generated(mid)] == ["gone.docx", str(tmp_path / "kept.docx")]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert [g["to"] for g in svc.letters.generated(mid)] == [str(tmp_path / "kept.docx")]
    assert svc.letters.generated(mid) == _as_generated(_generated_by_query(svc, mid))


def _statements(cb):
    """Count the statements run on the connection while the block runs."""
    ran: list[str] = []
    cb.conn.set_trace_callback(ran.append)
    return ran


def test_ids_equal_the_records_ids_in_order_and_get_many_is_one_query(demo_svc, monkeypatch):
    svc = demo_svc
    for client in svc.clients.list():
        events = svc.chronology.for_client(client.id)
        assert svc.chronology.ids_for_client(client.id) == [e.id for e in events]
        for m in svc.matters.for_client(client.id):
            assert svc.chronology.ids_for_matter(m.id) == [e.id for e in svc.chronology.for_matter(m.id)]
    every = svc.chronology.where()
    assert len(every) > 60
    wanted = [e.id for e in every[::-1][:60]] + [every[0].id, 10**9, 2**70]  # a repeat, two that name nothing
    ran = _statements(svc.cb)
    try:
        got = svc.chronology.get_many(wanted)
    finally:
        svc.cb.conn.set_trace_callback(None)
    assert got == {e.id: e for e in every if e.id in set(wanted)}
    assert got == {i: svc.chronology.get(i) for i in wanted if i < 10**9}
    assert len([s for s in ran if s.lstrip().upper().startswith("SELECT")]) == 1  # not one per id
    assert svc.chronology.get_many([]) == {}
    monkeypatch.setattr("casebook.services.records.ROWS_PER_STATEMENT", 7)  # several statements
    ran = _statements(svc.cb)
    try:
        got = svc.chronology.get_many([e.id for e in every] * 2)
    finally:
        svc.cb.conn.set_trace_callback(None)
    assert got == {e.id: e for e in every}
    assert len([s for s in ran if s.lstrip().upper().startswith("SELECT")]) == -(-len(every) // 7)
