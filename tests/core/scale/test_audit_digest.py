"""The audit log keeps who, what, when, which record and which fields, never a second copy of the
casework's text (issue 15): free text is kept as its SHA-256."""

from __future__ import annotations

import hashlib
import json

from casebook.services.audit import SHORT, digest_detail_json, rewrite_old_entries


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_note_and_event_text_are_kept_as_their_hash(svc):
    cid = svc.clients.add(name="Ann Example")
    mid = svc.matters.add(cid, "parole-review")
    secret = "Client disclosed the details of the index offence at the legal visit"
    nid = svc.notes.add(cid, secret)
    eid = svc.chronology.add(mid, "2026-01-05", "report-received", "Psychology report")
    svc.notes.update(nid, text=secret + " (corrected)")
    dump = json.dumps([e.detail for e in svc.audit.entries(limit=100)])
    assert "disclosed" not in dump and "Psychology" not in dump
    [create] = [e for e in svc.audit.entries("note", nid) if e.action == "create"]
    assert create.detail["text"] == _sha(secret) and create.detail["client_id"] == cid
    [update] = [e for e in svc.audit.entries("note", nid) if e.action == "update"]
    assert json.loads(update.detail["text"]) == [_sha(secret), _sha(secret + " (corrected)")]
    [ev] = svc.audit.entries("event", eid)
    assert ev.detail["type"] == "report-received" and ev.detail["date"] == "2026-01-05"  # short values stay


def test_batch_writes_audit_every_row(svc):
    cid = svc.clients.add(name="Ann Example")
    ids = svc.notes.create_many([(cid, {"date": "2026-01-01", "text": f"note {i}"}) for i in range(5)])
    assert [e.entity_id for e in svc.audit.entries("note")] == ids[::-1]
    assert all(e.detail["text"].startswith("sha256:") for e in svc.audit.entries("note"))


def test_old_entries_can_be_rewritten(svc):
    long = "word " * 40
    old = json.dumps({"text": long, "date": "2026-01-01", "kind": json.dumps(["a" * 80, "b"])})
    new = json.loads(digest_detail_json(old))
    assert new["text"] == _sha(long.strip()) or new["text"] == _sha(long)
    assert new["date"] == "2026-01-01"
    assert json.loads(new["kind"])[0].startswith("sha256:") and json.loads(new["kind"])[1] == "b"
    assert digest_detail_json(json.dumps(new)) == json.dumps(new, sort_keys=True)  # idempotent
    conn = svc.cb.conn
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'audit'").fetchall()
    with svc.cb.transaction():
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("INSERT INTO audit(at, action, entity, entity_id, detail) VALUES ('x', 'create', "
                     "'note', 1, ?)", (old,))
        assert rewrite_old_entries(conn) == 1
        for _, sql in triggers:
            conn.execute(sql)
    assert len(long) > SHORT


def test_other_entries_keep_their_detail(svc):
    long_path = "/home/solicitor/Documents/Casebook exports/" + "a very long folder name/" * 3 + "x.docx"
    svc.audit.record("export", "letter", 1, {"to": long_path, "files": ["a.docx", "b.docx"]})
    [entry] = svc.audit.entries("letter")
    assert entry.detail["to"] == long_path and json.loads(entry.detail["files"]) == ["a.docx", "b.docx"]
