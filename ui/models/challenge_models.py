"""The Challenges and Programmes tabs' models: the challenges schedule (with each challenge's last
escalation step and the next deadline its steps started), the allegations, the programme referrals
and a referral's status history.

Everything shown comes from :mod:`casebook.services.challenges` and :mod:`casebook.services.programmes`
(the next due date is the deadlines engine's, through ``ChallengeService.next_due``) and the labels from
:mod:`casebook.risk.vocab`; nothing here decides a status, a step or a date.

:class:`IdSortProxy` sorts an id-backed model by its ``SortRole`` and answers the same id calls as the
model under it (``id_at``, ``row_of``, ``record`` …) in the order shown, so a :class:`RecordTab` can sit
on it unchanged.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from casebook.domain.dates import format_date
from casebook.domain.risk import Allegation, Challenge
from casebook.risk import vocab
from ui.models.base import ClientRecordsModel, IdTableModel, ListTableModel, SortRole, plain_tooltip
from ui.models.risk_models import label_of
from ui.widgets import unconfirmed

_Index = QModelIndex | QPersistentModelIndex

#: Sorts after every real date ("no next step due").
_NO_DATE = "9999-12-31"


def where_text(source: str, page: Any, paragraph: str = "") -> str:
    """``OASys 2025, p.12, para 4.3`` (what is known of it)."""
    parts = [source or ""]
    if page not in (None, ""):
        parts.append(f"p.{page}")
    if paragraph:
        parts.append(f"para {paragraph}")
    return ", ".join(p for p in parts if p)


def programme_name(code: str) -> str:
    try:
        return vocab.programme(code).name
    except ValueError:
        return code


# ---------------------------------------------------------------------------- challenges
@dataclass
class ChallengeRow:
    challenge: Challenge
    last_step: str  #: the last step's label and date ("" if none yet)
    next_due: _dt.date | None
    next_title: str  #: what is due then, with its rule
    next_confirmed: bool = True
    matter_title: str = ""

    @property
    def id(self) -> int:
        return self.challenge.id


def challenge_row(services, c: Challenge, deadlines: list[Any] | None = None) -> ChallengeRow:
    if deadlines is None:
        deadlines = services.deadlines.list(matter_id=c.matter_id)
    steps = services.challenges.steps_of(c.id, deadlines)
    last = ""
    if steps:
        s = steps[-1].step
        last = f"{label_of('escalation_step', s.step)}, {format_date(s.date)}"
    nd = services.challenges.next_due(c.id, deadlines)
    title = ""
    if nd is not None:
        title = f"{nd.title} ({unconfirmed.calm(nd.citation)})" if nd.citation else nd.title
    return ChallengeRow(c, last, nd.due if nd else None, title, nd.confirmed if nd else True)


class ChallengesModel(IdTableModel):
    """The challenges of a client's matters (``set_client``) or of one matter (``set_matter``)."""

    columns = [
        ("assertion", "Assertion"),
        ("where", "Source"),
        ("ground", "Ground"),
        ("status", "Status"),
        ("last_step", "Last step"),
        ("next_due", "Next step due"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.matter_id: int | None = None
        self._deadlines: dict[int, list[Any]] = {}
        self._status_order = {t.id: i for i, t in enumerate(vocab.challenge_statuses())}

    def set_client(self, client_id: int | None) -> None:
        self.client_id, self.matter_id = client_id, None
        self.refresh()

    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def matter_ids(self) -> list[int]:
        if self.matter_id is not None:
            return [self.matter_id]
        if self.client_id is None:
            return []
        return [m.id for m in self.services.matters.for_client(self.client_id)]

    def refresh(self) -> None:
        self._deadlines = {}
        items: list[Challenge] = []
        for mid in self.matter_ids():
            items += self.services.challenges.for_matter(mid)
        rows = [self._row(c) for c in items]
        self.set_ids([r.id for r in rows], rows)

    def clear(self) -> None:
        self.client_id = self.matter_id = None
        self._deadlines = {}
        super().clear()

    def _row(self, c: Challenge) -> ChallengeRow:
        if c.matter_id not in self._deadlines:
            self._deadlines[c.matter_id] = self.services.deadlines.list(matter_id=c.matter_id)
        return challenge_row(self.services, c, self._deadlines[c.matter_id])

    def _fetch(self, record_id: int) -> ChallengeRow:
        self._deadlines = {}  # fetched again after a change: the deadlines may have moved too
        return self._row(self.services.challenges.get(record_id))

    def _value(self, r: ChallengeRow, key: str) -> str:
        c = r.challenge
        if key == "assertion":
            return c.assertion
        if key == "where":
            return where_text(c.source, c.page, c.paragraph)
        if key == "ground":
            return label_of("challenge_ground", c.ground)
        if key == "status":
            return label_of("challenge_status", c.status)
        if key == "last_step":
            return r.last_step or "None yet"
        if key == "next_due":
            return format_date(r.next_due) if r.next_due is not None else ""
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The next due date of an unconfirmed rule carries the app's one unconfirmed mark."""
        marked = (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                  Qt.ItemDataRole.AccessibleTextRole)
        if index.isValid() and self.column_key(index.column()) == "next_due" and role in marked:
            r = self.record(index.row())
            if r is not None and r.next_due is not None and not r.next_confirmed:
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    return f"{format_date(r.next_due)}, {unconfirmed.ACCESSIBLE.lower()}"
                if role == Qt.ItemDataRole.ToolTipRole:
                    return plain_tooltip(r.next_title + "\n\n" + unconfirmed.tooltip())
                return unconfirmed.cell(role, False, text=False)
        return super().data(index, role)

    def any_unconfirmed(self) -> bool:
        return any(r is not None and r.next_due is not None and not r.next_confirmed
                   for r in (self.record(i) for i in range(self.rowCount())))

    def _sort_value(self, r: ChallengeRow, key: str) -> Any:
        if key == "next_due":
            return r.next_due.isoformat() if r.next_due else _NO_DATE
        if key == "status":
            return f"{self._status_order.get(r.challenge.status, 99):02d}"
        return self._value(r, key).lower()

    def _tooltip(self, r: ChallengeRow, key: str) -> str | None:
        if key == "next_due" and r.next_title:
            return plain_tooltip(r.next_title)
        if key == "assertion":
            text = r.challenge.assertion
            if r.challenge.position:
                text += "\n\nThe correct position: " + r.challenge.position
            return plain_tooltip(text)
        value = self._value(r, key)
        return plain_tooltip(value) if value else None


class IdSortProxy(QSortFilterProxyModel):
    """Sorts an :class:`IdTableModel` by ``SortRole``; the id calls answer in the order shown."""

    def __init__(self, source: IdTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def source(self) -> IdTableModel:
        return self.sourceModel()

    @property
    def columns(self) -> list[tuple[str, str]]:
        return self.source.columns

    def _source_row(self, row: int) -> int:
        if not 0 <= row < self.rowCount():
            return -1
        return self.mapToSource(self.index(row, 0)).row()

    def id_at(self, row: int) -> int | None:
        return self.source.id_at(self._source_row(row))

    def record(self, row: int) -> Any | None:
        r = self._source_row(row)
        return self.source.record(r) if r >= 0 else None

    def row_of(self, record_id: int) -> int:
        r = self.source.row_of(record_id)
        return self.mapFromSource(self.source.index(r, 0)).row() if r >= 0 else -1

    def ids(self) -> list[int]:
        return [self.id_at(r) for r in range(self.rowCount())]

    def set_client(self, client_id: int | None) -> None:
        self.source.set_client(client_id)

    def refresh(self) -> None:
        self.source.refresh()

    def clear(self) -> None:
        self.source.clear()

    def invalidate(self, record_id: int) -> None:  # type: ignore[override]
        self.source.invalidate(record_id)


# ---------------------------------------------------------------------------- allegations
class AllegationsModel(ClientRecordsModel):
    columns = [("text", "Allegation"), ("where", "Source"), ("status", "Status")]

    def _load(self, client_id: int) -> list[Allegation]:
        return self.services.allegations.for_client(client_id)

    def _fetch(self, record_id: int) -> Allegation:
        return self.services.allegations.get(record_id)

    def _value(self, a: Allegation, key: str) -> str:
        if key == "text":
            return a.text
        if key == "where":
            return where_text(a.source, a.page)
        if key == "status":
            return label_of("allegation_status", a.status)
        return ""

    def _tooltip(self, a: Allegation, key: str) -> str | None:
        value = self._value(a, key)
        return plain_tooltip(value) if value else None


# ---------------------------------------------------------------------------- programme referrals
@dataclass
class ReferralRow:
    referral: Any  # casebook.services.programmes.ProgrammeReferral
    history: list[Any]  # ReferralStatus, oldest first

    @property
    def id(self) -> int:
        return self.referral.id

    @property
    def current(self) -> Any | None:
        return self.history[-1] if self.history else None


class ReferralsModel(ClientRecordsModel):
    columns = [
        ("programme", "Programme"),
        ("date", "Referred"),
        ("status", "Status"),
        ("since", "Since"),
        ("reason", "Reason"),
    ]

    def _load(self, client_id: int) -> list[ReferralRow]:
        programmes = self.services.programmes
        return [ReferralRow(r, programmes.history(r.id)) for r in programmes.for_client(client_id)]

    def _fetch(self, record_id: int) -> ReferralRow:
        programmes = self.services.programmes
        return ReferralRow(programmes.get(record_id), programmes.history(record_id))

    def _value(self, r: ReferralRow, key: str) -> str:
        cur = r.current
        if key == "programme":
            return programme_name(r.referral.programme)
        if key == "date":
            return format_date(r.referral.date)
        if key == "status":
            return label_of("referral_status", cur.status) if cur else ""
        if key == "since":
            return format_date(cur.date) if cur else ""
        if key == "reason":
            return (cur.reason if cur else "") or ""
        return ""

    def _tooltip(self, r: ReferralRow, key: str) -> str | None:
        value = self._value(r, key)
        return plain_tooltip(value) if value else None


class HistoryModel(ListTableModel):
    """One referral's statuses, oldest first."""

    columns = [("date", "Date"), ("status", "Status"), ("reason", "Reason")]  # noqa: RUF012

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        h = self.row_at(index.row()) if index.isValid() else None
        if h is None or not 0 <= index.column() < len(self.columns):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        key = self.columns[index.column()][0]
        value = {"date": format_date(h.date), "status": label_of("referral_status", h.status),
                 "reason": h.reason or ""}[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(value) if value else None
        return value

    def clear(self) -> None:
        self.set_rows([])


__all__ = ["AllegationsModel", "ChallengeRow", "ChallengesModel", "HistoryModel", "IdSortProxy",
           "ReferralRow", "ReferralsModel", "challenge_row", "programme_name", "where_text"]
