"""The programme-access log: a client's referrals to accredited programmes, each with the status
sequence HMPPS itself uses (submitted → awaiting assessment → … → complete / deselected / withdrawn),
dated and with reasons — the evidence for representations, and for a challenge when the prison cannot
offer a place.

The programme comes from the catalogue and the statuses from the risk vocabulary
(:mod:`casebook.risk.vocab`): a status may only follow the one before it as the vocabulary allows
(``next_statuses``), on or after its date and never after today (the services' clock). A referral is
saved with its first status, ``submitted``, on the referral date. The records are declared in
:mod:`casebook.domain.records` (``PROGRAMME_REFERRALS``, ``REFERRAL_STATUS``). Every write is audited like any
other record (:class:`casebook.services.records.RecordStore`).
"""

from __future__ import annotations

from typing import Any

from casebook.domain.records import PROGRAMME_REFERRALS, REFERRAL_STATUS
from casebook.domain.risk import ProgrammeReferral, ReferralStatus, programme_id, referral_status
from casebook.errors import NotFound, ValidationError
from casebook.risk import vocab
from casebook.services.records import RecordStore


# ---------------------------------------------------------------------------- the service
class ProgrammeService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(PROGRAMME_REFERRALS, cb, audit)
        self.statuses = RecordStore(REFERRAL_STATUS, cb, audit)

    def refer(self, client_id: int, programme: Any, date: Any, notes: str = "") -> int:
        """Save a referral of ``client_id`` with its first status (submitted, on the referral date)."""
        if not self.cb.conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone():
            raise NotFound(f"no client with id {client_id}")
        values = self.validate({"programme": programme, "date": date, "notes": notes}, new=True)
        first = vocab.next_statuses(None)[0]
        with self.cb.transaction():
            rid = self.insert({"client_id": client_id, **values})
            self.statuses.insert({"referral_id": rid, "status": first, "date": values["date"], "reason": ""})
        return rid

    def set_status(self, referral_id: int, status: Any, date: Any, reason: str = "") -> int:
        """Record the referral's next status. Only a status the sequence allows after the current one,
        dated on or after it and not in the future; otherwise nothing is saved."""
        referral = self.get(referral_id)
        values, errors = REFERRAL_STATUS.validate({"status": status, "date": date, "reason": reason},
                                                  new=True, today=self.clock.today())
        history = self.history(referral_id)
        current = history[-1] if history else None
        if "status" not in errors:
            allowed = vocab.next_statuses(current.status if current else None)
            if values["status"] not in allowed:
                now = current.status if current else "none"
                errors["status"] = (f"cannot follow {now}; allowed next: {', '.join(allowed)}" if allowed
                                    else f"cannot follow {now}, which ends the referral")
        if "date" not in errors:
            before = current.date if current else referral.date
            if values["date"] < before:
                errors["date"] = f"cannot be before the previous status ({before.isoformat()})"
        if errors:
            raise ValidationError(errors)
        return self.statuses.insert({"referral_id": referral_id, **values})

    # ------------------------------------------------------------------ reading
    def for_client(self, client_id: int) -> list[ProgrammeReferral]:
        return self.where("client_id = ?", (client_id,))

    def history(self, referral_id: int) -> list[ReferralStatus]:
        return self.statuses.where("referral_id = ?", (referral_id,))

    def as_json(self, r: ProgrammeReferral) -> dict[str, Any]:
        """``id, programme, name, date, status, history`` (each ``status, date, reason``)."""
        history = self.history(r.id)
        try:
            name = vocab.programme(r.programme).name
        except ValueError:
            name = r.programme
        return {"id": r.id, "client": r.client_id, "programme": r.programme, "name": name, "date": r.date,
                "status": history[-1].status if history else None,
                "history": [REFERRAL_STATUS.to_json(h) for h in history]}


__all__ = ["PROGRAMME_REFERRALS", "REFERRAL_STATUS", "ProgrammeReferral", "ProgrammeService",
           "ReferralStatus", "programme_id", "referral_status"]
