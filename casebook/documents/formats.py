"""What kind of file this is (by its bytes, never its name) and the text of each of its pages.

PDF through PDFium (pypdfium2), Word .docx through python-docx (pages split where Word broke them), images
(PNG, JPEG, TIFF — every frame of a TIFF a page) through Pillow. Bytes in, values out: nothing is written
to disk. Anything else, damaged or empty → :class:`~casebook.errors.UnreadableDocument`; a PDF that needs
a password → :class:`~casebook.errors.EncryptedDocument`.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from casebook.errors import Cancelled, UnreadableDocument

KINDS_OF_FILE = ("pdf", "docx", "image")

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "TIFF": "image/tiff",
}

# A page "has text" when its text layer holds at least this many letters: a scanned page with only a
# stamped page number or a bar code has no text worth searching.
MIN_LETTERS = 25

# Largest image (per frame) Casebook opens: 80 megapixels holds a 600 dpi A3 scan (70 megapixels), and is
# below Pillow's own decompression-bomb limit (89 megapixels), whose warning is turned into an error too.
MAX_IMAGE_PIXELS = 80_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "TIFF")  # Pillow opens multi-picture JPEGs (MPO) as JPEG

_A4 = (595.28, 841.89)

Progress = Callable[[int, int], None] | None
IsCancelled = Callable[[], bool] | None


@dataclass(frozen=True)
class Page:
    """One page: ``number`` 1-based; size in points (pixels for images)."""

    number: int
    text: str
    has_text: bool
    width: float
    height: float


@dataclass(frozen=True)
class Extracted:
    format: str
    mime: str
    pages: tuple[Page, ...]
    outline: tuple[tuple[str, int], ...] = ()  # PDF bookmarks, top level: (title, first page 1-based)
    title: str = ""
    author: str = ""

    @property
    def unreadable(self) -> list[int]:
        """Page numbers with no text layer worth the name (scans, pictures)."""
        return [p.number for p in self.pages if not p.has_text]


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def has_enough_text(text: str) -> bool:
    return letters(text) >= MIN_LETTERS


# --- sniffing ---------------------------------------------------------------------------------------------

def _refuse(filename: str, data: bytes) -> UnreadableDocument:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or ext == "doc":
        return UnreadableDocument(
            "this is an old-style Word (.doc) file, which Casebook cannot read; open it in Word, save it as "
            ".docx or PDF and import that")
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
        return UnreadableDocument(
            "this is a HEIC photo (as iPhones take them), which Casebook cannot read; share or export it as "
            "JPEG and import that")
    gif = data[:6] in (b"GIF87a", b"GIF89a")
    bmp = data[:2] == b"BM" and data[6:10] == b"\0\0\0\0"
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if gif or bmp or webp:
        return UnreadableDocument(
            "Casebook imports images as PNG, JPEG or TIFF only; save this picture as PNG or JPEG and import "
            "that")
    if ext == "pdf":
        return UnreadableDocument(
            "this file is named .pdf but is not a PDF; ask for the real PDF (or print the document to PDF) "
            "and import that")
    return UnreadableDocument()


def sniff(data: bytes, filename: str = "") -> str:
    """'pdf', 'docx' or 'image', judged by the file's bytes; the name only shapes the refusal's advice."""
    if not data:
        raise UnreadableDocument("this file is empty (0 bytes); find the complete file and import that")
    head = bytes(data[:1024])
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise UnreadableDocument(
                "this file looks like a Word document or other zip file but is damaged; ask for a fresh "
                "copy, or save it again as PDF, and import that") from None
        if "word/document.xml" in names:
            return "docx"
        raise UnreadableDocument(
            "this file is a zip archive or an Office file other than a Word document; Casebook imports "
            "PDF, Word (.docx) and images (PNG, JPEG, TIFF) — save it as PDF and import that")
    if (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")
            or head[:4] in (b"II*\x00", b"MM\x00*")):
        return "image"
    raise _refuse(filename, head)


# --- extraction ---------------------------------------------------------------------------------------------

def extract(data: bytes, filename: str = "", *, progress: Progress = None,
            cancelled: IsCancelled = None) -> Extracted:
    """Every page's text. ``progress(done, total)`` after each page; ``cancelled()`` checked before each
    page → :class:`~casebook.errors.Cancelled`."""
    fmt = sniff(data, filename)
    if fmt == "pdf":
        return _extract_pdf(data, progress, cancelled)
    if fmt == "docx":
        return _extract_docx(data, progress, cancelled)
    return _extract_image(data, progress, cancelled)


def _check(cancelled: IsCancelled) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("cancelled; the document was not imported")


def _extract_pdf(data: bytes, progress: Progress, cancelled: IsCancelled) -> Extracted:
    from casebook.documents._pdfium import PDFIUM_LOCK, open_pdf, page_text

    pdf = open_pdf(data)
    try:
        with PDFIUM_LOCK:
            total = len(pdf)
            title = _meta(pdf, "Title")
            author = _meta(pdf, "Author")
            outline = _outline(pdf, total)
        pages = []
        for i in range(total):
            _check(cancelled)
            try:
                text, width, height = page_text(pdf, i)
            except Exception:  # noqa: BLE001 - any PDFium failure on one page means the file is damaged
                raise UnreadableDocument(
                    f"page {i + 1} of this PDF is damaged and cannot be read; ask for a fresh copy (or print "
                    "it to PDF) and import that") from None
            pages.append(Page(i + 1, text, has_enough_text(text), round(width, 2), round(height, 2)))
            if progress is not None:
                progress(i + 1, total)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return Extracted("pdf", MIME["pdf"], tuple(pages), outline, title, author)


def _meta(pdf, key: str) -> str:
    try:
        value = pdf.get_metadata_value(key)
    except Exception:  # noqa: BLE001 - metadata is a nicety; a damaged Info dictionary is no reason to refuse
        return ""
    return " ".join(str(value or "").replace("\x00", "").split())


def _outline(pdf, total: int) -> tuple[tuple[str, int], ...]:
    """The top level of the bookmarks as (title, first page). When the top level is one bookmark (the
    whole dossier) holding others, its children are the top level that matters. Call under the lock."""
    try:
        top = _bookmarks(pdf, None, total)
        if len(top) == 1 and top[0][2]:
            below = _bookmarks(pdf, top[0][2], total)
            if len(below) > 1:
                return tuple((title, page) for title, page, _ in below)
        return tuple((title, page) for title, page, _ in top)
    except Exception:  # noqa: BLE001 - a broken outline is ignored, not fatal: the pages still read
        return ()


def _bookmarks(pdf, parent, total: int, limit: int = 5000) -> list[tuple[str, int, object]]:
    """One level of bookmarks: (title, first page, handle if it has children). Loops in a damaged outline
    and absurd lengths stop the walk."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    out: list[tuple[str, int, object]] = []
    seen: set[int] = set()
    node = pdfium_c.FPDFBookmark_GetFirstChild(pdf, parent)
    while node and len(seen) < limit:
        address = ctypes.addressof(node.contents)
        if address in seen:
            break
        seen.add(address)
        size = pdfium_c.FPDFBookmark_GetTitle(node, None, 0)
        title = ""
        if size > 2:
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFBookmark_GetTitle(node, buffer, size)
            title = buffer.raw[: size - 2].decode("utf-16-le", errors="replace")
        title = " ".join(title.replace("\x00", "").split())
        dest = pdfium_c.FPDFBookmark_GetDest(pdf, node)
        index = pdfium_c.FPDFDest_GetDestPageIndex(pdf, dest) if dest else -1
        if title and 0 <= index < total:
            child = pdfium_c.FPDFBookmark_GetFirstChild(pdf, node)
            out.append((title, index + 1, node if child else None))
        node = pdfium_c.FPDFBookmark_GetNextSibling(pdf, node)
    return out


# --- Word ---------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Content that is not the document's current text: the fallback copy of a text box (Word writes every
# text box twice), text moved away from here and tracked deletions.
_SKIP = {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback", _W + "moveFrom", _W + "del"}


def _extract_docx(data: bytes, progress: Progress, cancelled: IsCancelled) -> Extracted:
    texts, pictures, (width, height), title, author = docx_pages(data)
    total = len(texts)
    pages = []
    for i, text in enumerate(texts):
        _check(cancelled)
        n = letters(text)
        has_text = n >= MIN_LETTERS or (n > 0 and not pictures[i])
        pages.append(Page(i + 1, text, has_text, width, height))
        if progress is not None:
            progress(i + 1, total)
    return Extracted("docx", MIME["docx"], tuple(pages), (), title, author)


# A Word file unpacks to far less than this; a "zip bomb" claims gigabytes. (Python's zipfile never reads
# past the size an entry declares, so checking the declared sizes is enough.)
MAX_DOCX_UNPACKED = 512 * 1024 * 1024


def _check_zip_sizes(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UnreadableDocument(
            "this Word document is damaged and cannot be read; open it in Word, save it again (or as PDF) "
            "and import that") from None
    if unpacked > MAX_DOCX_UNPACKED:
        raise UnreadableDocument(
            "this Word document unpacks to more than 512 MB, too large to open safely; save it as PDF and "
            "import that")


def docx_pages(data: bytes) -> tuple[list[str], list[bool], tuple[float, float], str, str]:
    """(page texts, whether each page holds a picture, page size in points, title, author).

    Pages split at explicit page breaks (a page-break run, "page break before", a next-page section
    break) and at ``w:lastRenderedPageBreak`` — where Word itself broke the page when the file was last
    saved — a rendered break right after another break being the same break. Body paragraphs and tables
    in document order; a table's cells are separated by tabs, its rows by line breaks.
    """
    import docx
    from lxml import etree

    _check_zip_sizes(data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception:  # noqa: BLE001 - python-docx raises many kinds of error for a broken package
        raise UnreadableDocument(
            "this Word document cannot be read (it is damaged, or a template or macro document); open it "
            "in Word, save it as a .docx document or PDF and import that") from None
    try:
        section = document.sections[0]
        size = (round(section.page_width.pt, 2), round(section.page_height.pt, 2))
    except Exception:  # noqa: BLE001 - no or odd section properties: assume A4
        size = _A4
    props = document.core_properties
    title = " ".join((props.title or "").split())
    author = " ".join((props.author or "").split())

    pages: list[list[str]] = [[]]
    pictures = [False]
    state = {"just_broke": True}

    def emit(s: str) -> None:
        pages[-1].append(s)
        if s.strip():
            state["just_broke"] = False

    def new_page() -> None:
        pages.append([])
        pictures.append(False)
        state["just_broke"] = True

    in_cell = 0
    skipping = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in _SKIP:
            skipping += 1 if event == "start" else -1
            continue
        if skipping:
            continue
        if event == "start":
            if tag == _W + "t":
                emit(el.text or "")
            elif tag == _W + "tab":
                if el.getparent() is not None and el.getparent().tag == _W + "r":
                    emit("\t")
            elif tag in (_W + "cr", _W + "br"):
                kind = el.get(_W + "type")
                if kind == "page":
                    new_page()
                elif kind != "column":
                    emit("\n")
            elif tag == _W + "lastRenderedPageBreak":
                if not state["just_broke"]:
                    new_page()
            elif tag == _W + "noBreakHyphen":
                emit("-")
            elif tag == _W + "sym":
                emit(" ")
            elif tag in (_W + "drawing", _W + "pict"):
                pictures[-1] = True
            elif tag == _W + "pageBreakBefore" and el.get(_W + "val", "true") not in ("0", "false", "off"):
                if not state["just_broke"]:
                    new_page()
            elif tag == _W + "tc":
                in_cell += 1
        else:
            if tag == _W + "p":
                emit(" " if in_cell else "\n")
                ppr = el.find(_W + "pPr")
                sect = ppr.find(_W + "sectPr") if ppr is not None else None
                if sect is not None:
                    kind = sect.find(_W + "type")
                    if kind is None or kind.get(_W + "val") not in ("continuous", "nextColumn"):
                        new_page()
            elif tag == _W + "tc":
                in_cell -= 1
                if pages[-1] and pages[-1][-1] == " ":
                    pages[-1].pop()
                emit("\t")
            elif tag == _W + "tr":
                emit("\n")
    texts = []
    for parts in pages:
        lines = "".join(parts).replace("\r", "").split("\n")
        texts.append("\n".join(line.strip(" \t") for line in lines).strip("\n"))
    # Trailing empty pages from a final break with nothing after it are not pages.
    while len(texts) > 1 and not texts[-1].strip() and not pictures[len(texts) - 1]:
        texts.pop()
        pictures.pop()
    return texts, pictures[: len(texts)], size, title, author


# --- images -------------------------------------------------------------------------------------------------

def open_image(data: bytes):
    """A Pillow image (lazy), its format checked and its size capped. Damaged → UnreadableDocument."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big() from None
    except Exception:  # noqa: BLE001 - Pillow raises OSError, SyntaxError, ValueError… for bad files
        raise _damaged_image() from None
    check_image_size(image)
    return image


def check_image_size(image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _damaged_image()
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_big()


def load_frame(image, index: int):
    """Seek to frame ``index`` (0-based) and decode it; damaged → UnreadableDocument."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.seek(index)
            check_image_size(image)
            image.load()
    except UnreadableDocument:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big() from None
    except Exception:  # noqa: BLE001 - truncated or corrupt image data
        raise _damaged_image() from None
    return image


def frame_count(image) -> int:
    if image.format == "TIFF":
        return max(1, int(getattr(image, "n_frames", 1)))
    return 1


def orientation(image) -> int:
    """The EXIF orientation tag of the current frame (1 = upright; 5–8 turn it a quarter), 0 if none."""
    try:
        return int(image.getexif().get(0x0112, 0) or 0)
    except Exception:  # noqa: BLE001 - a damaged EXIF block just means "as stored"
        return 0


def _damaged_image() -> UnreadableDocument:
    return UnreadableDocument(
        "this image is damaged or incomplete and cannot be read; ask for a fresh copy (or a PDF) and import "
        "that")


def _too_big() -> UnreadableDocument:
    return UnreadableDocument(
        "this image is too large to open safely (over 80 megapixels); scan or export it at a lower "
        "resolution, or as a PDF, and import that")


def _extract_image(data: bytes, progress: Progress, cancelled: IsCancelled) -> Extracted:
    image = open_image(data)
    try:
        fmt = image.format or ""
        total = frame_count(image)
        pages = []
        for i in range(total):
            _check(cancelled)
            frame = load_frame(image, i)
            width, height = frame.size
            if orientation(frame) in (5, 6, 7, 8):  # a phone photo taken sideways: size as displayed
                width, height = height, width
            pages.append(Page(i + 1, "", False, float(width), float(height)))
            if progress is not None:
                progress(i + 1, total)
    finally:
        image.close()
    return Extracted("image", MIME.get(fmt, "image/" + fmt.lower()), tuple(pages), (), "", "")
