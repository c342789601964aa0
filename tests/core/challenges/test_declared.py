"""The programme-access log and the challenge's steps and links are declared with the other records, so
validation, the audit trail and the integrity report's counts come from one place."""

from __future__ import annotations

from casebook.domain.records import RECORDS, spec_for
from casebook.store.backup import check, data_tables

#: Tables that hold data but are not kinds of record (settings, marks on computed deadlines, the log, and a
#: document's bytes and page text, written only by its import and gone with it), and the stored deadlines
#: (derived from the records, schema v10).
NOT_RECORDS = {"meta", "settings", "deadline_state", "audit", "document_files", "document_pages",
               "deadline_cache", "deadline_cache_dirty", "deadline_cache_types", "deadline_cache_meta"}


def test_every_data_table_is_a_declared_record(svc):
    declared = {s.table for s in RECORDS}
    assert set(data_tables(svc.cb.conn)) - NOT_RECORDS == declared


def test_the_integrity_report_counts_referrals_and_steps(svc):
    cid = svc.clients.add(name="Ambrose Kettlewell")
    mid = svc.matters.add(cid, "parole-review")
    rid = svc.programmes.refer(cid, "kaizen", "2026-01-10")
    svc.programmes.set_status(rid, "awaiting-assessment", "2026-02-01")
    xid = svc.challenges.add(mid, assertion="He never engaged", source="OASys", ground="factual-error")
    svc.challenges.step(xid, "comp1", "2026-11-02")
    counts = check(svc.cb)["counts"]
    assert (counts["programme_referrals"], counts["referral_status"], counts["challenge_steps"],
            counts["challenge_events"], counts["challenge_evidence"]) == (1, 2, 1, 1, 0)
    assert spec_for("challenge-step").table == "challenge_steps"
    assert spec_for("referral_status").entity == "referral-status"
