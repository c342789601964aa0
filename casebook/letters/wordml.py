"""Small pieces of WordprocessingML for the template helpers: a whole table from values, built as XML text
with every value escaped (nothing from the data is ever read as markup).

A template puts a table where a paragraph of its own says ``{{p chronology_table() }}`` (docxtpl's
``{{p …}}`` replaces that paragraph with what the helper returns). The tables use the built-in "Table
Grid" look drawn with explicit borders (so they look the same whether or not the template defines that
style), a bold header row repeated on every page, and column widths in millimetres shared across the
170 mm between 20 mm margins of an A4 page.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

#: Twentieths of a point per millimetre (Word's "dxa" unit).
DXA_PER_MM = 56.6929
#: The width between 20 mm margins on A4 portrait.
TEXT_WIDTH_MM = 170

_ILLEGAL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def clean(text: object) -> str:
    """``text`` as XML-safe text: control characters Word refuses are dropped, markup escaped."""
    s = "" if text is None else str(text)
    return escape(s.translate(_ILLEGAL))


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = str(text).split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{clean(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{inner}</w:r>"


def _cell(text: str, width_dxa: int, bold: bool = False, shade: bool = False) -> str:
    shd = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if shade else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_dxa}" w:type="dxa"/>{shd}</w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>{_run(text, bold)}</w:p></w:tc>'
    )


def table_xml(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float] | None = None,
    *,
    empty: str = "None recorded.",
) -> Markup:
    """A bordered table (header row repeated on each page) as WordprocessingML, followed by an empty
    paragraph (a table may not end a table cell or the document). No rows → one paragraph ``empty``."""
    if not rows:
        return Markup(f"<w:p>{_run(empty)}</w:p>")
    n = len(header)
    if not widths_mm or len(widths_mm) != n:
        widths_mm = [TEXT_WIDTH_MM / n] * n
    total = sum(widths_mm) or 1
    dxa = [int(w / total * TEXT_WIDTH_MM * DXA_PER_MM) for w in widths_mm]
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(dxa)}" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>'
    ]
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in dxa)
    out.append("</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
    out.extend(_cell(h, w, bold=True, shade=True) for h, w in zip(header, dxa, strict=True))
    out.append("</w:tr>")
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        cells = list(row)[:n] + [""] * (n - len(row))
        out.extend(_cell("" if c is None else str(c), w) for c, w in zip(cells, dxa, strict=True))
        out.append("</w:tr>")
    out.append("</w:tbl><w:p/>")
    return Markup("".join(out))


__all__ = ["TEXT_WIDTH_MM", "clean", "table_xml"]
