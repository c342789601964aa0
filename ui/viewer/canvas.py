"""The page itself: a rendered page image centred on a quiet background, with find hits highlighted.

The canvas draws what it is given and nothing else: an image (a ``QImage`` made from the page's pixels
in memory, never a file), the hits as fractions of the page (origin top-left), and a line of text while
a page is being rendered or cannot be shown. It sits in a ``QScrollArea`` that resizes it to fill the
viewport, so a small page is centred and a large one scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 14

#: Bitmap modes (casebook.documents.reader.Bitmap.mode) → QImage formats (bytes in memory order).
_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "BGR": QImage.Format.Format_BGR888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "BGRA": QImage.Format.Format_ARGB32_Premultiplied,  # little-endian: B, G, R, A in memory; opaque
    "BGRX": QImage.Format.Format_RGB32,
    "L": QImage.Format.Format_Grayscale8,
}


def to_qimage(bitmap) -> QImage:
    """A ``QImage`` that owns a copy of ``bitmap``'s pixels (the bitmap's bytes may go)."""
    fmt = _FORMATS.get(bitmap.mode)
    if fmt is None:
        raise ValueError(f"unknown bitmap mode {bitmap.mode!r}")
    img = QImage(bitmap.pixels, bitmap.width, bitmap.height, bitmap.stride, fmt)
    return img.copy()


class PageCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Page")
        self._image: QImage | None = None
        self._page_size = QSize(0, 0)  # device-independent pixels
        self._hits: list = []
        self._current_hit = -1
        self._message = ""

    # ------------------------------------------------------------------ what is shown
    def set_page(self, image: QImage | None, size: QSize, hits: Sequence = (), message: str = "") -> None:
        """Show ``image`` (None: an empty page of ``size`` with ``message`` on it)."""
        self._image = image
        self._page_size = QSize(size)
        self._hits = list(hits)
        self._current_hit = 0 if self._hits else -1
        self._message = message
        self.setMinimumSize(self._page_size + QSize(2 * MARGIN, 2 * MARGIN))
        self.updateGeometry()
        self.update()

    def set_hits(self, hits: Sequence) -> None:
        self._hits = list(hits)
        self._current_hit = 0 if self._hits else -1
        self.update()

    def hits(self) -> list:
        return list(self._hits)

    def image(self) -> QImage | None:
        return self._image

    def message(self) -> str:
        return self._message

    def clear(self) -> None:
        self._image = None
        self._hits = []
        self._message = ""
        self.update()

    def page_rect(self) -> QRectF:
        w, h = self._page_size.width(), self._page_size.height()
        x = max(MARGIN, (self.width() - w) / 2)
        y = MARGIN if self.height() <= h + 2 * MARGIN else max(MARGIN, (self.height() - h) / 2)
        return QRectF(x, y, w, h)

    def hit_rect(self, i: int) -> QRectF:
        """Where hit ``i`` is on the widget (for scrolling it into view)."""
        r = self._hits[i]
        page = self.page_rect()
        return QRectF(page.x() + r.x0 * page.width(), page.y() + r.y0 * page.height(),
                      (r.x1 - r.x0) * page.width(), (r.y1 - r.y0) * page.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._page_size + QSize(2 * MARGIN, 2 * MARGIN)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Mid).lighter(130))
        if self._page_size.isEmpty():
            p.end()
            return
        page = self.page_rect()
        p.fillRect(page.translated(2, 3), QColor(0, 0, 0, 40))  # a soft edge, not a drop shadow show
        if self._image is not None and not self._image.isNull():
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            p.drawImage(page, self._image)
        else:
            p.fillRect(page, QColor("white"))
            if self._message:
                p.setPen(QColor(90, 90, 90))
                p.drawText(page.adjusted(24, 24, -24, -24),
                           int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._message)
        for i in range(len(self._hits)):
            r = self.hit_rect(i).adjusted(-1, -1, 1, 1)
            strong = i == self._current_hit
            p.fillRect(r, QColor(255, 176, 0, 120) if strong else QColor(255, 214, 0, 90))
            p.setPen(QPen(QColor(200, 120, 0), 1))
            p.drawRect(r)
        p.end()


__all__ = ["PageCanvas", "to_qimage"]
