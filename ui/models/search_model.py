"""Global search results: a small table model over ``services.search.query``.

Search results are ranked and capped (``LIMIT``), so unlike the clients table there is nothing to
page: the model holds the hits of the current query and nothing else. The hit itself (client and
matter ids) is available through :data:`HitRole` so the shell can open it.

Search as you type runs off the GUI thread (issue 15): :meth:`SearchModel.request` starts the query in
a worker (:class:`ui.workers.Job`) and the hits arrive with :attr:`SearchModel.results_ready`. When the
next key arrives the running query is cancelled (the service stops its statements) and only the
newest text is searched next; results of an older text are never shown. One search runs at a time.
:meth:`SearchModel.set_query` still searches at once, on the calling thread.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from casebook.domain import SearchHit

HitRole = Qt.ItemDataRole.UserRole + 1
#: The matching text with its [marked] words, codes shown by their labels (the Match column's delegate).
MarkedRole = Qt.ItemDataRole.UserRole + 2

KIND_LABELS = {"client": "Client", "matter": "Matter", "event": "Chronology", "note": "Note",
               "allegation": "Allegation", "challenge": "Challenge", "page": "Document page",
               "assessment": "Risk assessment", "evidence": "Evidence"}
#: Kinds whose title is a code of a risk vocabulary list (shown by its label).
VOCAB_TITLES = {"allegation": "allegation_status", "challenge": "challenge_ground", "assessment": "tool"}
#: Vocabulary lists whose codes may appear in a hit's matching text ("accredited-programme Thinking
#: Skills"): shown by their labels there too.
SNIPPET_VOCABS = ("evidence_kind", "tool", "challenge_ground", "allegation_status")
COLUMNS = (("kind", "Type"), ("title", "Title"), ("client_name", "Client"), ("snippet", "Match"))

_Index = QModelIndex | QPersistentModelIndex


def _event_labels() -> dict[str, str]:
    try:
        from casebook.services.chronology import known_event_types

        return known_event_types()
    except Exception:  # noqa: BLE001 - labels are a nicety; the code is still meaningful
        return {}


def plain_snippet(snippet: str) -> str:
    """FTS5 marks matches with [brackets]; in a plain cell they read better as the words alone."""
    return snippet.replace("[", "").replace("]", "")


class SearchModel(QAbstractTableModel):
    LIMIT = 100
    #: The hits of the newest :meth:`request` are in the model.
    results_ready = Signal()

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self._services = services
        self._query = ""
        self._hits: list[SearchHit] = []
        self._labels: dict[str, str] | None = None
        self._generation = 0
        self._job = None
        self._pending: tuple[int, str] | None = None

    # ------------------------------------------------------------------ search as you type
    @property
    def busy(self) -> bool:
        """A search is running or waiting to run."""
        return self._job is not None or self._pending is not None

    def request(self, text: str) -> None:
        """Search ``text`` in the background; cancels the search of any earlier text."""
        self._generation += 1
        self._query = text or ""
        if self._job is not None:
            self._job.cancel()
        if self._services is None or not self._query.strip():
            self._pending = None
            self._show([])
            return
        if self._job is not None:  # it stops soon; the newest text runs after it
            self._pending = (self._generation, self._query)
            return
        self._start(self._generation, self._query)

    def _start(self, generation: int, text: str) -> None:
        from ui.workers import Job

        search = self._services.search
        limit = self.LIMIT

        def work(progress, cancelled):
            return search.query(text, limit=limit, cancelled=cancelled)

        job = Job(work, name="search")
        job.succeeded.connect(lambda hits, g=generation: self._deliver(g, hits))
        job.ended.connect(self._job_ended)
        self._job = job
        job.start()

    def _deliver(self, generation: int, hits) -> None:
        if generation == self._generation and self._services is not None:
            self._show(list(hits))

    def _job_ended(self) -> None:
        self._job = None
        if self._pending is not None and self._services is not None:
            generation, text = self._pending
            self._pending = None
            self._start(generation, text)

    def _show(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()
        self.results_ready.emit()

    def wait(self, timeout_ms: int = 10000) -> None:
        """Until no search is running or waiting (tests; Enter before the results came)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self.busy and not deadline.hasExpired():
            job = self._job
            if job is not None:
                job.wait(50)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        """Search ``text`` now, on this thread (any background search is cancelled)."""
        self._generation += 1
        self._pending = None
        if self._job is not None:
            self._job.cancel()
        self.beginResetModel()
        self._query = text or ""
        self._hits = (list(self._services.search.query(self._query, limit=self.LIMIT))
                      if self._services is not None and self._query.strip() else [])
        self.endResetModel()

    def clear(self) -> None:
        self._generation += 1
        self._pending = None
        if self._job is not None:
            self._job.cancel()
        self.beginResetModel()
        self._services = None
        self._hits = []
        self._query = ""
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def _code_labels(self) -> dict[str, str]:
        """Codes (those with a hyphen: no ordinary word is one) and their labels, for matching text."""
        if getattr(self, "_codes", None) is None:
            from casebook.domain import MATTER_TYPES, NOTE_KINDS
            from casebook.risk import vocab

            codes = {**_event_labels(), **MATTER_TYPES, **NOTE_KINDS}
            for name in SNIPPET_VOCABS:
                codes.update({t.id: t.label for t in vocab.get(name).items})
            self._codes = {k: v for k, v in codes.items() if "-" in k}
            self._code_re = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(self._codes, key=len,
                                                                                      reverse=True)) + r")\b")
        return self._codes

    def _labelled(self, text: str) -> str:
        codes = self._code_labels()
        return self._code_re.sub(lambda m: codes[m.group(1)], text) if codes else text

    def _snippet(self, h: SearchHit) -> str:
        return self._labelled(plain_snippet(h.snippet))

    def _title(self, h: SearchHit) -> str:
        if h.kind == "note":
            from casebook.domain import NOTE_KINDS

            return NOTE_KINDS.get(h.title, h.title)
        if h.kind in ("event", "matter"):
            if self._labels is None:
                from casebook.domain import MATTER_TYPES

                self._labels = {**_event_labels(), **MATTER_TYPES}
            return self._labels.get(h.title, h.title)
        if h.kind in VOCAB_TITLES:
            from casebook.risk import vocab

            term = vocab.get(VOCAB_TITLES[h.kind]).get(h.title)
            return term.label if term is not None else h.title
        return h.title

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        h = self._hits[index.row()]
        col = COLUMNS[index.column()][0]
        if role == HitRole:
            return h
        if role == MarkedRole:
            return self._labelled(h.snippet or "")
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "kind":
                return KIND_LABELS.get(h.kind, h.kind.capitalize())
            if col == "snippet":
                return self._snippet(h)
            if col == "title":
                return self._title(h)
            return getattr(h, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._snippet(h) or self._title(h)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{KIND_LABELS.get(h.kind, h.kind)}: {self._title(h)}"
        return None
