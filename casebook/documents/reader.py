"""An open document in memory, for the viewer: page sizes, page images, find-on-page, page text.

A :class:`Reader` holds the file's bytes and (for a PDF) one PDFium document; every PDFium call holds
:data:`PDFIUM_LOCK`. Close it (or use it as a context manager) to release PDFium's memory promptly.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from casebook.documents import formats
from casebook.documents._pdfium import PDFIUM_LOCK, open_pdf, page_text, pdfium_c
from casebook.errors import BadInput, Unsupported

__all__ = ["PDFIUM_LOCK", "Bitmap", "Rect", "Reader"]

MAX_SCALE = 8.0
MAX_RENDER_PIXELS = 60_000_000  # a page image larger than this (240 MB as BGRA) is refused


@dataclass(frozen=True)
class Bitmap:
    """A page image, always ``mode == "BGRA"``: 4 bytes a pixel in the order blue, green, red, alpha (alpha
    always 255, the page is opaque), rows ``stride`` bytes apart, top row first.

    On a little-endian machine this is exactly Qt's ``QImage.Format_ARGB32`` (and, being opaque, also
    ``Format_RGB32`` / ``Format_ARGB32_Premultiplied``), so the UI wraps it without converting:
    ``QImage(bm.pixels, bm.width, bm.height, bm.stride, QImage.Format.Format_ARGB32)`` — keep ``bm`` alive
    as long as that QImage (or ``.copy()`` it). Pillow: ``Image.frombuffer("RGBA", (w, h), pixels, "raw",
    "BGRA", stride, 1)``.
    """

    width: int
    height: int
    stride: int
    mode: str
    pixels: bytes


@dataclass(frozen=True)
class Rect:
    """A rectangle on a page as fractions (0..1) of the page's displayed width and height, origin top-left."""

    x0: float
    y0: float
    x1: float
    y1: float


def _clamp(v: float) -> float:
    return 0.0 if v < 0 else 1.0 if v > 1 else v


class Reader:
    """An open document held in memory. ``fmt`` is one of :data:`formats.KINDS_OF_FILE` (from
    :func:`formats.sniff`). A context manager; :meth:`close` releases PDFium's handles."""

    def __init__(self, data: bytes, fmt: str):
        if fmt not in formats.KINDS_OF_FILE:
            kinds = ", ".join(formats.KINDS_OF_FILE)
            raise BadInput(f"unknown kind of document '{fmt}'; expected one of {kinds}")
        self.format = fmt
        self._lock = threading.RLock()  # Pillow images are stateful (seek); one caller at a time
        self._pdf = None
        self._image = None
        self._texts: list[str] = []
        self._sizes: list[tuple[float, float]] = []
        if fmt == "pdf":
            self._pdf = open_pdf(data)
            with PDFIUM_LOCK:
                self.page_count = len(self._pdf)
        elif fmt == "docx":
            texts, _pictures, size, _title, _author = formats.docx_pages(data)
            self._texts = texts
            self._sizes = [size] * len(texts)
            self.page_count = len(texts)
        else:
            self._image = formats.open_image(data)
            self.page_count = formats.frame_count(self._image)
            self._sizes = []
            for i in range(self.page_count):
                self._image.seek(i)
                width, height = self._image.size
                if formats.orientation(self._image) in (5, 6, 7, 8):  # a phone photo taken sideways
                    width, height = height, width
                self._sizes.append((float(width), float(height)))

    # --- life cycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._pdf is not None:
                with PDFIUM_LOCK:
                    self._pdf.close()
                self._pdf = None
            if self._image is not None:
                self._image.close()
                self._image = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten Reader still closes PDFium under the lock
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing useful can be done while being collected
            pass

    # --- pages ------------------------------------------------------------------------------------------

    def _check(self, n: int) -> int:
        if not isinstance(n, int) or not 1 <= n <= self.page_count:
            raise BadInput(f"page {n} is not in this document (1–{self.page_count})")
        if self._pdf is None and self._image is None and self.format != "docx":
            raise BadInput("this document has been closed; open it again")
        return n - 1

    def page_size(self, n: int) -> tuple[float, float]:
        """(width, height) as displayed: points for PDF and Word, pixels for images."""
        i = self._check(n)
        if self._pdf is None:
            return self._sizes[i]
        with self._lock, PDFIUM_LOCK:
            return tuple(self._pdf.get_page_size(i))  # PDFium gives the size with /Rotate applied

    def can_render(self) -> bool:
        return self.format != "docx"

    def text(self, n: int) -> str:
        i = self._check(n)
        if self.format == "docx":
            return self._texts[i]
        if self.format == "image":
            return ""
        with self._lock:
            return page_text(self._pdf, i)[0]

    # --- images -----------------------------------------------------------------------------------------

    def _check_scale(self, n: int, scale: float) -> tuple[int, float, float]:
        i = self._check(n)
        if not self.can_render():
            raise Unsupported("Word documents have no page images; read the page's text instead")
        if not (isinstance(scale, int | float) and 0 < scale <= MAX_SCALE):
            raise BadInput(f"zoom must be more than 0 and at most {MAX_SCALE:g} (times actual size)")
        width, height = self.page_size(n)
        if width * scale * height * scale > MAX_RENDER_PIXELS:
            raise BadInput("that zoom makes the page image too large; choose a smaller zoom")
        return i, width, height

    def render(self, n: int, scale: float = 1.0) -> Bitmap:
        """Page ``n`` as a BGRA :class:`Bitmap` (see there), ``scale`` pixels per point (PDF) or per pixel
        (images); white background. Word documents → :class:`~casebook.errors.Unsupported`."""
        i, width, height = self._check_scale(n, scale)
        if self._pdf is not None:
            with self._lock, PDFIUM_LOCK:
                page = self._pdf.get_page(i)
                try:
                    bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255),
                                         force_bitmap_format=pdfium_c.FPDFBitmap_BGRA, may_draw_forms=False)
                    try:
                        pixels = bytes(bitmap.buffer)
                        return Bitmap(bitmap.width, bitmap.height, bitmap.stride, "BGRA", pixels)
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        frame = self._frame_rgb(i, scale)
        return Bitmap(frame.width, frame.height, frame.width * 4, "BGRA", frame.tobytes("raw", "BGRA"))

    def _frame_rgb(self, i: int, scale: float):
        """Frame ``i`` of the image, scaled, as an opaque RGBA Pillow image (transparency on white)."""
        from PIL import Image, ImageOps

        with self._lock:
            frame = formats.load_frame(self._image, i)
            if frame.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):  # 16-bit and float scans → 8-bit
                high = frame.getextrema()[1] or 1
                frame = frame.convert("F").point(lambda v: v * 255.0 / high if high > 255 else v).convert("L")
            if formats.orientation(self._image) not in (0, 1):
                frame = ImageOps.exif_transpose(frame)
            if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
                rgba = frame.convert("RGBA")
                out = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                out.alpha_composite(rgba)
            else:
                out = frame.convert("RGB").convert("RGBA")
        if scale != 1:
            size = (max(1, round(out.width * scale)), max(1, round(out.height * scale)))
            out = out.resize(size, Image.Resampling.BILINEAR if scale > 1 else Image.Resampling.BOX)
        return out

    def png(self, n: int, scale: float = 1.0) -> bytes:
        """Page ``n`` as PNG bytes (RGB), encoded in memory."""
        from PIL import Image

        bitmap = self.render(n, scale)
        image = Image.frombuffer("RGBA", (bitmap.width, bitmap.height), bitmap.pixels, "raw", "BGRA",
                                 bitmap.stride, 1).convert("RGB")
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=3)
        return out.getvalue()

    # --- find -------------------------------------------------------------------------------------------

    def find(self, n: int, text: str) -> list[Rect]:
        """Where ``text`` occurs on page ``n`` (case-insensitive), as highlight rectangles in page fractions,
        origin top-left, one per line of each hit. PDF only; other formats → []."""
        i = self._check(n)
        needle = " ".join((text or "").split())
        if self._pdf is None or not needle:
            return []
        rects: list[Rect] = []
        with self._lock, PDFIUM_LOCK:
            page = self._pdf.get_page(i)
            try:
                left, bottom, right, top = page.get_bbox()
                rotation = page.get_rotation() % 360
                w, h = (right - left) or 1.0, (top - bottom) or 1.0
                textpage = page.get_textpage()
                try:
                    searcher = textpage.search(needle, match_case=False)
                    try:
                        while (hit := searcher.get_next()) is not None:
                            start, count = hit
                            for k in range(textpage.count_rects(start, count)):
                                x0, b, x1, t = textpage.get_rect(k)
                                u0, u1 = (x0 - left) / w, (x1 - left) / w
                                v0, v1 = (top - t) / h, (top - b) / h
                                rects.append(_rotate(u0, v0, u1, v1, rotation))
                    finally:
                        searcher.close()
                finally:
                    textpage.close()
            finally:
                page.close()
        return rects


def _rotate(u0: float, v0: float, u1: float, v1: float, rotation: int) -> Rect:
    """Fractions on the unrotated page → fractions on the page as displayed (PDF /Rotate is clockwise)."""
    if rotation == 90:
        u0, v0, u1, v1 = 1 - v1, u0, 1 - v0, u1
    elif rotation == 180:
        u0, v0, u1, v1 = 1 - u1, 1 - v1, 1 - u0, 1 - v0
    elif rotation == 270:
        u0, v0, u1, v1 = v0, 1 - u1, v1, 1 - u0
    return Rect(_clamp(u0), _clamp(v0), _clamp(u1), _clamp(v1))
