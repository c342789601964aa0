"""Full-text search over clients, matters, events and notes (FTS5 inside the encrypted file)."""

from __future__ import annotations

import re

from casebook.domain import SearchHit

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text → a safe FTS5 query: every word must appear, the last one as a prefix.

    Words are quoted, so FTS5 operators typed by the user (``NEAR``, ``-``, ``*``, quotes) are taken
    literally and never cause a syntax error.
    """
    words = _TOKEN_RE.findall(text or "")
    if not words:
        return None
    parts = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(parts)


class SearchService:
    def __init__(self, cb) -> None:
        self.cb = cb

    def query(self, text: str, limit: int = 50, kinds: tuple[str, ...] | None = None) -> list[SearchHit]:
        q = fts_query(text)
        if not q:
            return []
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
