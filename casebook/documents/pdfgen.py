"""A small PDF writer on PDFium's own page-editing API — for the demo, the tests and the benchmark.

:func:`make_pdf` lays each page out on A4 in Helvetica 10 pt (wrapped to the margins, ``'\\n'`` a new
line); ``None`` draws a grey "scanned" page: filled paths only, no text layer. Helvetica is one of the 14
standard fonts, so nothing is embedded; characters outside Windows-1252 (the font's encoding) are written
without their accents, or as '?'.
Optional bookmarks (top level: title, first page) and title/author metadata are added after PDFium has
saved the pages, as a standard incremental update (PDFium's public API can read but not write them).
Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
import unicodedata
from collections.abc import Sequence

from casebook.documents._pdfium import PDFIUM_LOCK, pdfium, pdfium_c

A4 = (595.28, 841.89)
MARGIN = 56.69  # 20 mm
FONT_SIZE = 10.0
LEADING = 12.0
_CHUNK = 20
# PDFium stamps the time of saving into the information dictionary; blanked (same length, so the cross-
# reference offsets stay right) to keep the output deterministic.
_CREATION_DATE = re.compile(rb"/CreationDate\s*\([^)]*\)")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")

# Helvetica's advance widths (1/1000 em) for printable ASCII, from the standard AFM; others count as 556.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_WIDTH = {chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)}
_WIDTH.update({"\u2014": 1000, "\u2026": 1000, "\u2022": 350, "\u2018": 222, "\u2019": 222})


def _winansi(text: str) -> str:
    """Text the standard Helvetica can show: characters outside Windows-1252 lose their accents ('ł' → 'l'
    is beyond even that, so '?'), rather than turning into whatever glyph PDFium picks."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(base or "?")
    return "".join(out)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width in points of ``text`` set in Helvetica at ``size``."""
    return sum(_WIDTH.get(ch, 556) for ch in text) * size / 1000.0


def wrap(line: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """Break one line into pieces no wider than ``width`` points, at spaces where possible."""
    line = line.replace("\t", "    ").rstrip()
    limit = width * 1000.0 / size  # in 1/1000 em
    get = _WIDTH.get
    out: list[str] = []
    current: list[str] = []
    used = 0.0
    space = _WIDTH[" "]
    for word in line.split(" "):
        w = sum(get(ch, 556) for ch in word)
        if current and used + space + w <= limit:
            current.append(word)
            used += space + w
            continue
        if current:
            out.append(" ".join(current))
        while w > limit and len(word) > 1:  # a word longer than the line: cut it
            cut, acc = 0, 0.0
            while cut < len(word) - 1 and acc + get(word[cut], 556) <= limit:
                acc += get(word[cut], 556)
                cut += 1
            cut = max(cut, 1)
            out.append(word[:cut])
            word = word[cut:]
            w = sum(get(ch, 556) for ch in word)
        current, used = [word], w
    out.append(" ".join(current))
    return out


def make_pdf(pages: Sequence[str | None], *, title: str = "", author: str = "",
             bookmarks: Sequence[tuple[str, int]] = ()) -> bytes:
    """A PDF of A4 pages: each ``str`` a page's text, each ``None`` a picture-only (scanned-looking) page.

    ``bookmarks``: top-level outline entries ``(title, first page 1-based)``; ``title``/``author``: the
    document information dictionary.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    with PDFIUM_LOCK:
        final = pdfium_c.FPDF_CreateNewDocument()
        pdf = pdfium.PdfDocument(final)
        try:
            # PDFium's content generation slows down with every page already in a document (quadratic
            # overall), so pages are drawn in small documents of their own and moved into the final one.
            for start in range(0, len(pages), _CHUNK):
                chunk = pages[start:start + _CHUNK]
                doc = pdfium_c.FPDF_CreateNewDocument()
                try:
                    font = pdfium_c.FPDFText_LoadStandardFont(doc, b"Helvetica")
                    try:
                        for index, text in enumerate(chunk):
                            _page(doc, font, index, text)
                    finally:
                        pdfium_c.FPDFFont_Close(font)
                    if not pdfium_c.FPDF_ImportPagesByIndex(final, doc, None, 0, start):
                        raise RuntimeError("PDFium could not assemble the pages")
                finally:
                    pdfium_c.FPDF_CloseDocument(doc)
            buffer = io.BytesIO()
            pdf.save(buffer)
        finally:
            pdf.close()
    data = _deterministic(buffer.getvalue())
    if bookmarks or title or author:
        data = _add_outline_and_info(data, len(pages), bookmarks, title, author)
    return data


def _deterministic(data: bytes) -> bytes:
    """Blank the save time and derive the random file identifier from the content (same lengths)."""
    data = _CREATION_DATE.sub(lambda m: b" " * len(m.group(0)), data)
    match = _FILE_ID.search(data)
    if not match:
        return data
    a, b = match.span(1)
    c, d = match.span(2)
    blank = data[:a] + b"0" * (b - a) + data[b:c] + b"0" * (d - c) + data[d:]
    digest = hashlib.sha256(blank).hexdigest().upper().encode()
    return blank[:a] + digest[: b - a] + blank[b:c] + digest[: d - c] + blank[d:]


def _page(doc, font, index: int, text: str | None) -> None:
    width, height = A4
    page = pdfium_c.FPDFPage_New(doc, index, width, height)
    try:
        if text is None:
            _scanned(page)
        else:
            _text(doc, font, page, text, width, height)
        pdfium_c.FPDFPage_GenerateContent(page)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _text(doc, font, page, text: str, width: float, height: float) -> None:
    usable_w = width - 2 * MARGIN
    usable_h = height - 2 * MARGIN
    size, leading = FONT_SIZE, LEADING
    text = _winansi(text)
    lines = [piece for line in text.split("\n") for piece in wrap(line, usable_w, size)]
    if len(lines) * leading > usable_h:  # too much for one page at 10 pt: shrink to fit rather than lose text
        size = max(3.0, FONT_SIZE * usable_h / (len(lines) * LEADING))
        leading = size * LEADING / FONT_SIZE
        lines = [piece for line in text.split("\n") for piece in wrap(line, usable_w, size)]
    y = height - MARGIN - size
    for line in lines:
        if line.strip():
            obj = pdfium_c.FPDFPageObj_CreateTextObj(doc, font, size)
            encoded = (line + "\x00").encode("utf-16-le")
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, MARGIN, y)
            pdfium_c.FPDFPage_InsertObject(page, obj)
        y -= leading


def _scanned(page) -> None:
    """A light grey sheet with darker bars where lines of type would be: pixels, no text."""
    width, height = A4
    _rect(page, 0, 0, width, height, 232)
    y = height - MARGIN - 10
    row = 0
    while y > MARGIN:
        length = (width - 2 * MARGIN) * (0.55 + 0.45 * ((row * 37) % 10) / 10)
        _rect(page, MARGIN, y, length, 6, 110)
        y -= 14
        row += 1


def _rect(page, x: float, y: float, w: float, h: float, grey: int) -> None:
    obj = pdfium_c.FPDFPageObj_CreateNewRect(x, y, w, h)
    pdfium_c.FPDFPageObj_SetFillColor(obj, grey, grey, grey, 255)
    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE, False)
    pdfium_c.FPDFPage_InsertObject(page, obj)


# --- incremental update: outline and document information -----------------------------------------------

def _pdf_string(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _object_body(data: bytes, num: int) -> bytes:
    match = re.search(rb"(?:^|[\r\n])%d 0 obj\s*(<<.*?>>)\s*endobj" % num, data, re.S)
    if not match:
        raise ValueError(f"object {num} not found")
    return match.group(1)


def _add_outline_and_info(data: bytes, page_count: int, bookmarks: Sequence[tuple[str, int]],
                          title: str, author: str) -> bytes:
    tail = data[data.rfind(b"trailer"):]
    size = int(re.search(rb"/Size\s+(\d+)", tail).group(1))
    root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", tail).group(1))
    prev = int(re.search(rb"startxref\s+(\d+)", data[data.rfind(b"startxref"):]).group(1))
    catalog = _object_body(data, root)
    objects: dict[int, bytes] = {}
    next_num = size
    extra_root = b""
    marks = [(t, p) for t, p in bookmarks if t and 1 <= p <= page_count]
    if marks:
        pages_num = int(re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog).group(1))
        kids = re.search(rb"/Kids\s*\[(.*?)\]", _object_body(data, pages_num), re.S).group(1)
        refs = re.findall(rb"(\d+)\s+0\s+R", kids)
        if len(refs) != page_count:  # not a flat page tree: point at page indices instead
            refs = None
        outlines = next_num
        items = list(range(outlines + 1, outlines + 1 + len(marks)))
        next_num = items[-1] + 1
        objects[outlines] = b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (
            items[0], items[-1], len(items))
        for i, ((name, first), num) in enumerate(zip(marks, items, strict=True)):
            target = (refs[first - 1] + b" 0 R") if refs else b"%d" % (first - 1)
            links = b"".join([b"/Prev %d 0 R" % items[i - 1] if i else b"",
                              b"/Next %d 0 R" % items[i + 1] if i + 1 < len(items) else b""])
            objects[num] = (b"<</Title " + _pdf_string(name) + b"/Parent %d 0 R" % outlines + links
                            + b"/Dest[" + target + b"/XYZ null null null]>>")
        extra_root = b"/Outlines %d 0 R/PageMode/UseOutlines" % outlines
    info = None
    if title or author:
        info = next_num
        next_num += 1
        objects[info] = b"<<" + (b"/Title " + _pdf_string(title) if title else b"") + (
            b"/Author " + _pdf_string(author) if author else b"") + b"/Producer(Casebook)>>"
    inner = re.sub(rb"/(Outlines|PageMode)\s*(\d+\s+0\s+R|/\w+)", b"", catalog[2:-2])
    objects[root] = b"<<" + inner + extra_root + b">>"

    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    nums = sorted(objects)
    start = 0
    while start < len(nums):  # contiguous runs of object numbers, one subsection each
        end = start
        while end + 1 < len(nums) and nums[end + 1] == nums[end] + 1:
            end += 1
        out += b"%d %d\n" % (nums[start], end - start + 1)
        for num in nums[start:end + 1]:
            out += b"%010d 00000 n\r\n" % offsets[num]
        start = end + 1
    file_id = hashlib.md5(bytes(data), usedforsecurity=False).hexdigest().upper().encode()
    out += (b"trailer\n<</Size %d/Root %d 0 R" % (next_num, root)
            + (b"/Info %d 0 R" % info if info else b"")
            + b"/Prev %d/ID[<" % prev + file_id + b"><" + file_id + b">]>>\n"
            + b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)
