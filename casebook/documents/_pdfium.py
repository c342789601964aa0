"""The one door to PDFium: its lock, opening a PDF from bytes, and a page's text.

PDFium is not thread-safe: every call into it — opening, reading, rendering, closing — holds
:data:`PDFIUM_LOCK` (re-entrant, so helpers may nest). Long work (extracting a 1,000-page file) takes the
lock page by page, so the viewer can render between two pages of an import running in a worker thread.
Everything pypdfium2 opens here is closed explicitly, under the lock: its garbage-collection finalisers
would otherwise close handles on whatever thread happens to collect them.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from casebook.errors import EncryptedDocument, UnreadableDocument

if TYPE_CHECKING:  # (also how PyInstaller's analysis sees the dependency)
    import pypdfium2
    import pypdfium2.raw


class _Deferred:
    """A module imported when it is first used: PDFium and its bindings take about 7 MB of memory and
    are not needed until a document is imported, read or shown (issue 15: the app's memory at unlock)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


pdfium: pypdfium2 = _Deferred("pypdfium2")  # type: ignore[assignment,valid-type]
pdfium_c: pypdfium2.raw = _Deferred("pypdfium2.raw")  # type: ignore[assignment,valid-type]

PDFIUM_LOCK = threading.RLock()

# Control characters PDFium may put in extracted text: NUL, and 0x02 / U+FFFE (its marks for a hyphen it
# inferred at the end of a line). Tabs and line breaks stay.
_DROP = {0: None, 2: None, 0xFFFE: None, 0xFEFF: None}


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF held in memory (never a file). Password-protected → EncryptedDocument; else damaged →
    UnreadableDocument. The caller closes it (under the lock)."""
    if not isinstance(data, bytes):
        data = bytes(data)
    with PDFIUM_LOCK:
        try:
            return pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise EncryptedDocument() from None
            raise UnreadableDocument(
                "this PDF is damaged or incomplete and cannot be opened; ask for a fresh copy (or open it "
                "in a PDF reader, print it to PDF) and import that") from None


def normalise(text: str) -> str:
    """Line breaks as '\\n', no NULs or PDFium's own marks, no trailing spaces on a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def textpage_text(textpage) -> str:
    """All the text of a PDFium text page. Call under the lock.

    Bounded-text extraction over the page box: PDFium sizes the buffer itself, so characters outside the
    Basic Multilingual Plane (two UTF-16 units each) are safe, unlike FPDFText_GetText's fixed buffer —
    and on plain pages it is no slower.
    """
    if pdfium_c.FPDFText_CountChars(textpage) <= 0:
        return ""
    return normalise(textpage.get_text_bounded(errors="replace"))


def page_text(pdf: pdfium.PdfDocument, index: int) -> tuple[str, float, float]:
    """(text, width, height) of the page at 0-based ``index``; opens and closes the page itself."""
    with PDFIUM_LOCK:
        page = pdf.get_page(index)
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                return textpage_text(textpage), width, height
            finally:
                textpage.close()
        finally:
            page.close()
