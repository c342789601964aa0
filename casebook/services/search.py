"""Full-text search over every searched kind of record and every page of every document (FTS5 inside
the encrypted file).

At scale (issue 15: ten years of casework, 200,000 indexed records) the cost of a search must not grow
with the number of matches or the size of a note:

- **Ranked a page at a time, over a bounded window.** The matches are read newest first (FTS5 walks its
  doclist in rowid order and stops at the LIMIT) up to :data:`WINDOW` of them, with their bm25 rank;
  those are sorted by rank and one page (``limit``/``offset``) is returned. A word with fewer matches
  than the window (almost every real search) is ranked exactly; a word in everything ("the") is ranked
  among its most recent :data:`WINDOW` matches, at a cost that no longer grows with the casebook.
- **Snippets only for the rows shown**, made here from at most :data:`SNIPPET_SCAN` characters of the
  record's text (FTS5's ``snippet()`` tokenises the whole value: a 1 MB note took minutes), so their
  cost does not depend on a note's size.
- **Prefixes bounded**: the last word typed is a prefix only from :data:`PREFIX_MIN` characters (two and
  three letter prefixes use the index's prefix tables); a single letter matches as a word, since
  ``p*`` would merge the doclists of every word starting with p.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable

from casebook.domain import SearchHit
from casebook.errors import Cancelled
from casebook.store.sqlite import DatabaseError

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

#: The most matches read and ranked for one search (newest first); see the module's doc.
WINDOW = 1000
#: A word typed last becomes a prefix query from this many characters.
PREFIX_MIN = 2
#: How much of a record's text a snippet looks through for the words searched.
SNIPPET_SCAN = 20_000
#: Words in a snippet (as FTS5's ``snippet(…, 12)``).
SNIPPET_WORDS = 12


_PHRASE_RE = re.compile(r'"([^"]*)"')


def fts_query(text: str, prefix_min: int = PREFIX_MIN) -> str | None:
    """User text → a safe FTS5 query: every word must appear, the last one as a prefix (when it has at
    least ``prefix_min`` characters); words typed inside double quotes must appear together, in that
    order (a phrase).

    Words are quoted, so FTS5 operators typed by the user (``NEAR``, ``-``, ``*``, quotes) are taken
    literally and never cause a syntax error.
    """
    text = text or ""
    if text.count('"') % 2:  # an unclosed quote: the phrase runs to the end
        text += '"'
    parts: list[str] = []
    pos = 0
    for m in _PHRASE_RE.finditer(text):
        parts += [f'"{w}"' for w in _TOKEN_RE.findall(text[pos:m.start()])]
        words = _TOKEN_RE.findall(m.group(1))
        if words:
            parts.append('"' + " ".join(words) + '"')
        pos = m.end()
    tail = _TOKEN_RE.findall(text[pos:])
    parts += [f'"{w}"' for w in tail]
    if not parts:
        return None
    if tail and len(tail[-1]) >= prefix_min:  # the last word typed outside quotes is a prefix
        parts[-1] += "*"
    return " ".join(parts)


def fts_phrases(text: str) -> list[str]:
    """The phrases of :func:`fts_query` one by one (each a valid FTS5 query of its own)."""
    q = fts_query(text)
    return re.findall(r'"[^"]*"\*?', q) if q else []


def _pattern(q: str) -> re.Pattern | None:
    """The words of the FTS5 query ``q`` as one case-insensitive pattern (prefixes match a word's start)."""
    alts = []
    for m in re.finditer(r'"([^"]*)"(\*?)', q):
        words = m.group(1).split()
        for i, w in enumerate(words):
            prefix = m.group(2) and i == len(words) - 1
            alts.append(re.escape(w) + (r"\w*" if prefix else r"(?!\w)"))
    if not alts:
        return None
    alts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.IGNORECASE)


def make_snippet(text: str, pattern: re.Pattern | None, words: int = SNIPPET_WORDS) -> str:
    """About ``words`` words of ``text`` around the first match of ``pattern``, matches in ``[…]`` and
    `` … `` where text was left out; looks at no more than :data:`SNIPPET_SCAN` characters."""
    if not text:
        return ""
    head = text[:SNIPPET_SCAN]
    m = pattern.search(head) if pattern is not None else None
    at = m.start() if m else 0
    lo = max(0, at - 200)
    seg = head[lo:at + 600]
    toks = list(_TOKEN_RE.finditer(seg))
    if not toks:
        return ""
    i = next((k for k, t in enumerate(toks) if t.end() > at - lo), 0)
    first = max(0, i - 3) if m else 0
    chosen = toks[first:first + words]
    s, e = chosen[0].start(), chosen[-1].end()
    piece = seg[s:e]
    if pattern is not None:
        piece = pattern.sub(lambda x: f"[{x.group(0)}]", piece)
    piece = " ".join(piece.split())
    return ("… " if lo + s > 0 else "") + piece + (" …" if lo + e < len(text) else "")


class SearchService:
    def __init__(self, cb, documents=None) -> None:
        self.cb = cb
        self.documents = documents

    def query(self, text: str, limit: int = 50, kinds: tuple[str, ...] | None = None, *,
              offset: int = 0, cancelled: Callable[[], bool] | None = None) -> list[SearchHit]:
        """The best ``limit`` hits for ``text`` from ``offset`` on (a page of results): records first,
        then document pages (on the first page only: pages are searched by the documents service).
        To page through every record hit, pass ``kinds`` without ``"page"``: ``offset`` counts records,
        and a first page that holds document pages holds fewer records.

        ``cancelled``: checked while the search runs (search as you type, from a worker thread); when it
        says so the search stops and :class:`~casebook.errors.Cancelled` is raised."""
        q = fts_query(text)
        if not q:
            return []
        if cancelled is None:
            return self._query(text, q, limit, kinds, offset)
        if cancelled():
            raise Cancelled()
        with self._abortable(cancelled):
            try:
                return self._query(text, q, limit, kinds, offset)
            except DatabaseError:
                if cancelled():
                    raise Cancelled() from None
                raise

    @contextlib.contextmanager
    def _abortable(self, cancelled: Callable[[], bool]):
        """Let ``cancelled`` stop this thread's statements on the casebook's connection (SQLite's
        progress handler, consulted every few thousand steps; other threads' statements run on)."""
        me = threading.get_ident()
        conn = self.cb.conn

        def handler() -> int:
            return 1 if threading.get_ident() == me and cancelled() else 0

        conn.set_progress_handler(handler, 2000)
        try:
            yield
        finally:
            conn.set_progress_handler(None, 2000)

    def _query(self, text: str, q: str, limit: int, kinds: tuple[str, ...] | None,
               offset: int) -> list[SearchHit]:
        offset = max(0, int(offset))
        want_pages = offset == 0 and self.documents is not None and (kinds is None or "page" in kinds)
        kinds = tuple(k for k in kinds if k != "page") if kinds else None
        hits = self._records(q, limit, kinds, offset) if kinds is None or kinds else []
        pages = self.documents.search(text, limit=limit) if want_pages else []
        # Records first, then pages; when both overflow, pages keep at least half the places.
        hits = hits[: limit - min(len(pages), limit // 2)] if hits else hits
        for h in pages[: limit - len(hits)]:
            hits.append(SearchHit(kind="page", ref_id=h.document_id, client_id=h.client_id, matter_id=None,
                                      title=h.label + (f" — {h.section}" if h.section else ""),
                                      snippet=h.snippet, client_name=h.client_name, page=h.page))
        return hits

    def count(self, text: str, kinds: tuple[str, ...] | None = None, cap: int = 10_000) -> int:
        """How many records match ``text`` (counting stops at ``cap``)."""
        q = fts_query(text)
        if not q:
            return 0
        sql = "SELECT 1 FROM search_index WHERE search_index MATCH ?"
        args: list = [q]
        kinds = tuple(k for k in kinds if k != "page") if kinds else None
        if kinds:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        row = self.cb.conn.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)", [*args, int(cap)]).fetchone()
        return int(row[0])

    def _ranked(self, q: str, kinds: tuple[str, ...] | None, window: int) -> list[int]:
        """Rowids of the newest ``window`` matches, best (lowest bm25) first."""
        sql = "SELECT rowid, bm25(search_index) FROM search_index WHERE search_index MATCH ?"
        args: list = [q]
        if kinds:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        sql += " ORDER BY rowid DESC LIMIT ?"
        args.append(int(window))
        rows = self.cb.conn.execute(sql, args).fetchall()
        rows.sort(key=lambda r: (r[1], -r[0]))
        return [r[0] for r in rows]

    def _records(self, q: str, limit: int, kinds: tuple[str, ...] | None, offset: int = 0) -> list[SearchHit]:
        limit = max(0, int(limit))
        if not limit:
            return []
        ranked = self._ranked(q, kinds, max(WINDOW, offset + limit))[offset:offset + limit]
        if not ranked:
            return []
        sql = f"""
            SELECT s.rowid, s.kind, s.ref_id, s.client_id, s.matter_id, s.title,
                   substr(s.body, 1, {SNIPPET_SCAN}), coalesce(c.name, '')
            FROM search_index s LEFT JOIN clients c ON c.id = s.client_id
            WHERE s.rowid IN ({','.join('?' * len(ranked))})"""
        found = {r[0]: r for r in self.cb.conn.execute(sql, ranked).fetchall()}
        pattern = _pattern(q)
        return [
            SearchHit(kind=r[1], ref_id=int(r[2]), client_id=r[3], matter_id=r[4], title=r[5] or "",
                      snippet=make_snippet(r[6] or "", pattern), client_name=r[7])
            for r in (found[rowid] for rowid in ranked if rowid in found)
        ]
