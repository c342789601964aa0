"""Full-text search over every searched kind of record and every page of every document (FTS5 inside
the encrypted file)."""

from __future__ import annotations

import re

from casebook.domain import SearchHit

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


_PHRASE_RE = re.compile(r'"([^"]*)"')


def fts_query(text: str) -> str | None:
    """User text → a safe FTS5 query: every word must appear, the last one as a prefix; words typed
    inside double quotes must appear together, in that order (a phrase).

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
    if tail:  # the last word typed outside quotes is a prefix (search as you type)
        parts[-1] += "*"
    return " ".join(parts)


def fts_phrases(text: str) -> list[str]:
    """The phrases of :func:`fts_query` one by one (each a valid FTS5 query of its own)."""
    q = fts_query(text)
    return re.findall(r'"[^"]*"\*?', q) if q else []


class SearchService:
    def __init__(self, cb, documents=None) -> None:
        self.cb = cb
        self.documents = documents

    def query(self, text: str, limit: int = 50, kinds: tuple[str, ...] | None = None) -> list[SearchHit]:
        q = fts_query(text)
        if not q:
            return []
        want_pages = self.documents is not None and (kinds is None or "page" in kinds)
        kinds = tuple(k for k in kinds if k != "page") if kinds else None
        hits = self._records(q, limit, kinds) if kinds is None or kinds else []
        pages = self.documents.search(text, limit=limit) if want_pages else []
        # Records first, then pages; when both overflow, pages keep at least half the places.
        hits = hits[: limit - min(len(pages), limit // 2)] if hits else hits
        for h in pages[: limit - len(hits)]:
            hits.append(SearchHit(kind="page", ref_id=h.document_id, client_id=h.client_id, matter_id=None,
                                      title=h.label + (f" — {h.section}" if h.section else ""),
                                      snippet=h.snippet, client_name=h.client_name, page=h.page))
        return hits

    def _records(self, q: str, limit: int, kinds: tuple[str, ...] | None) -> list[SearchHit]:
        sql = """
            SELECT s.kind, s.ref_id, s.client_id, s.matter_id, s.title,
                   snippet(search_index, 5, '[', ']', ' … ', 12) AS snip,
                   coalesce(c.name, '')
            FROM search_index s LEFT JOIN clients c ON c.id = s.client_id
            WHERE search_index MATCH ?"""
        args: list = [q]
        if kinds:
            sql += f" AND s.kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        sql += " ORDER BY rank LIMIT ?"
        args.append(int(limit))
        return [
            SearchHit(kind=r[0], ref_id=int(r[1]), client_id=r[2], matter_id=r[3], title=r[4] or "",
                      snippet=r[5] or "", client_name=r[6])
            for r in self.cb.conn.execute(sql, args).fetchall()
        ]
