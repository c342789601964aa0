"""The pure document library: what a file is, its pages' text, page images, sections, version changes.

No database and no Qt: bytes in, values out, nothing written to disk. Every PDFium call holds
:data:`PDFIUM_LOCK` (PDFium is not thread-safe).
"""

from casebook.documents._pdfium import PDFIUM_LOCK
from casebook.documents.formats import KINDS_OF_FILE, Extracted, Page, extract, sniff
from casebook.documents.pdfgen import make_pdf
from casebook.documents.reader import Bitmap, Reader, Rect
from casebook.documents.sections import Section, VersionDiff, diff, page_range, parse_pages, recognise

__all__ = [
    "KINDS_OF_FILE",
    "PDFIUM_LOCK",
    "Bitmap",
    "Extracted",
    "Page",
    "Reader",
    "Rect",
    "Section",
    "VersionDiff",
    "diff",
    "extract",
    "make_pdf",
    "page_range",
    "parse_pages",
    "recognise",
    "sniff",
]
