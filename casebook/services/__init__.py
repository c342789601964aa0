"""Use-cases over an open casebook. The CLI and the desktop app both go through these."""

from __future__ import annotations

import datetime as _dt

from casebook.clock import Clock, as_clock
from casebook.services.audit import AuditService
from casebook.services.challenges import AllegationService, ChallengeService
from casebook.services.chronology import ChronologyService
from casebook.services.clients import ClientService
from casebook.services.contacts import ContactService
from casebook.services.deadlines import DeadlineService
from casebook.services.directions import DirectionService
from casebook.services.documents import CitationService, DocumentService
from casebook.services.hearings import HearingService
from casebook.services.legal_aid import LegalAidService
from casebook.services.letters import LetterService
from casebook.services.matters import MatterService
from casebook.services.notes import NoteService
from casebook.services.programmes import ProgrammeService
from casebook.services.release import ReleaseService
from casebook.services.risk import AssessmentService, EvidenceService, RiskFactorService
from casebook.services.search import SearchService
from casebook.services.time_entries import TimeService
from casebook.services.visits import VisitService


class Services:
    """Every service over one open :class:`casebook.store.Casebook`."""

    def __init__(self, cb, clock: Clock | None = None, *, today: _dt.date | None = None) -> None:
        """``clock``: the one clock every service reads "today" and timestamps from (default: the
        system's); ``today=`` is shorthand for a :class:`casebook.clock.FixedClock` on that day."""
        self.cb = cb
        self.clock = as_clock(clock, today)
        cb.clock = self.clock
        self.audit = AuditService(cb, self.clock)
        self.clients = ClientService(cb, self.audit)
        self.sentences = self.clients  # sentences and adjustments live on the client service
        self.matters = MatterService(cb, self.audit)
        self.chronology = ChronologyService(cb, self.audit)
        self.notes = NoteService(cb, self.audit)
        self.contacts = ContactService(cb, self.audit)
        self.documents = DocumentService(cb, self.audit)
        self.citations = CitationService(cb, self.audit, self.documents)
        self.documents.citations = self.citations
        self.search = SearchService(cb, self.documents)
        self.deadlines = DeadlineService(cb, self.audit)
        self.release = ReleaseService(self.clients, self.chronology, self.clock, deadlines=self.deadlines)
        self.deadlines.release = self.release
        self.assessments = AssessmentService(cb, self.audit)
        self.risk_factors = RiskFactorService(cb, self.audit)
        self.evidence = EvidenceService(cb, self.audit)
        self.programmes = ProgrammeService(cb, self.audit)
        self.allegations = AllegationService(cb, self.audit)
        self.challenges = ChallengeService(cb, self.audit, self.chronology, self.deadlines)
        self.directions = DirectionService(cb, self.audit)
        self.deadlines.directions = self.directions
        self.hearings = HearingService(cb, self.audit, self.chronology)
        self.letters = LetterService(self)
        # Legal aid (issue 14): time entries, legal visits (their times become time entries), and the
        # matter's legal aid with fees, the meter and the month's claims.
        self.time = TimeService(cb, self.audit)
        self.visits = VisitService(cb, self.audit, self.notes, self.time)
        self.legal_aid = LegalAidService(cb, self.audit, self.time)

    def close(self) -> None:
        self.cb.close()


__all__ = ["Services"]
