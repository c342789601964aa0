"""The page viewer: one window per document, opening at a given page.

Left, the document's sections (click or Enter goes to the first page); in the middle, the page rendered
from the document's bytes in memory (``services.documents.reader(id).render``), never from a file;
right, the page's text (selectable, with Copy). The toolbar pages (PgUp/PgDn, ← →, Home/End), goes to a
page (Ctrl+G), zooms (Ctrl+=, Ctrl+-, Ctrl+0 fits the width) and finds (Ctrl+F, then F3/Shift+F3 from
page to page; the hits on the page are highlighted). "Cite this page…" (Ctrl+Shift+C) attaches the page to a
record of the client.

Rendering must feel instant: only the visible page is rendered, a few rendered pages are kept, the
next page is rendered ahead in a worker thread, and a page is rendered in the GUI thread only while
renders are measured to take under :data:`GUI_RENDER_BUDGET_MS`; above that, in the worker, with a
calm "Rendering page N…" meanwhile. A Word document has no page images: the text pane takes the room.

The window holds decrypted pages in memory, so it closes when the casebook locks (:mod:`ui.viewer`
reopens it at the same page after unlock). Its title never names the client.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import CasebookError
from ui.models.documents import date_text, document_name, kind_label, page_ranges, pages_text, section_pages
from ui.viewer.canvas import PageCanvas, to_qimage
from ui.widgets import semantic

log = logging.getLogger(__name__)

#: Render in the GUI thread only while a render takes less than this (measured as the viewer runs).
GUI_RENDER_BUDGET_MS = 100.0
#: Rendered pages kept (the current one, the neighbours, a few the user went back to) …
CACHE_PAGES = 6
#: … and never more than this much memory for them (a page at 400 % is tens of megabytes).
CACHE_BYTES = 160 * 1024 * 1024
#: 100 % is the page at its printed size on a 96 dpi screen (PDF points are 1/72 inch).
POINTS_TO_PIXELS = 96 / 72
ZOOMS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)

DOCX_NOTE = ("This is a Word document: it has no page images, so each page's text is shown as Word laid "
             "it out when the document was last saved.")
NO_TEXT_NOTE = "This page has no text layer (it was scanned): read it on the page image."


def reflow(text: str) -> str:
    """The page's text for reading in a narrow pane: a line the page's layout broke only because it
    reached the margin (a long line) runs on into the next; short lines (headings, the ends of
    paragraphs, list items) keep their breaks. Words are never changed."""
    lines = text.split("\n")
    longest = max((len(x.rstrip()) for x in lines), default=0)
    if longest < 40:
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.rstrip()
        if joining and stripped:
            out[-1] = out[-1] + " " + stripped.lstrip()
        else:
            out.append(stripped)
        joining = bool(stripped) and len(stripped) >= 0.75 * longest and not stripped.endswith((":", "."))
    return "\n".join(out)


class _Renderer(QObject):
    """Renders pages in one worker thread; ``done(page, key, image, ms)`` arrives on the GUI thread."""

    done = Signal(int, object, object, float)

    def __init__(self, reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casebook-render")
        self._pending: set = set()
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, page: int, key, scale: float) -> bool:
        with self._lock:
            if self._closed or key in self._pending:
                return False
            self._pending.add(key)
        self._pool.submit(self._run, page, key, scale)
        return True

    def _run(self, page: int, key, scale: float) -> None:  # worker thread
        image = None
        t0 = time.perf_counter()
        try:
            if not self._closed:
                image = to_qimage(self._reader.render(page, scale))
        except Exception as exc:  # noqa: BLE001 - reported as "could not be shown", never with its text
            log.warning("a page could not be rendered: %s", type(exc).__name__)
        ms = (time.perf_counter() - t0) * 1000
        with self._lock:
            self._pending.discard(key)
        if not self._closed:
            self.done.emit(page, key, image, ms)

    def pending(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


class _TextPane(QPlainTextEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setAccessibleName("Page text")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)


class DocumentViewer(QWidget):
    """``DocumentViewer(services, document_id, page=1, parent=None)`` — a top-level window."""

    #: A citation was added from this window (the client's record tabs refresh their lists).
    cited = Signal(str, int)
    #: The window closed: (document id, the page it was at).
    closed = Signal(int, int)

    def __init__(self, services, document_id: int, page: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setObjectName("DocumentViewer")
        self.services = services
        self.document_id = document_id
        self.document = services.documents.get(document_id)
        self.reader = services.documents.reader(document_id)
        self.page_count = int(self.reader.page_count)
        self.can_render = bool(self.reader.can_render())
        self.page = 1
        self.zoom = 1.0
        self.fit_width = True
        self.find_text = ""
        self.find_pages: list[int] = []
        #: Milliseconds of each render, newest last (GUI-thread and worker renders alike).
        self.render_ms: list[float] = []
        self.gui_renders = 0
        self._gui_ok = True
        self._cache: OrderedDict = OrderedDict()
        self._renderer = _Renderer(self.reader, self) if self.can_render else None
        if self._renderer is not None:
            self._renderer.done.connect(self._on_rendered)
        self._closing = False
        #: The record the user came from (a citation's), offered first by "Cite this page…".
        self.cite_context: tuple[str, int] | None = None
        self._sections = self._load_sections()

        # The window title names the kind of document, never the client (task switchers show it).
        self.setWindowTitle(f"{kind_label(self.document)} — Casebook")
        self.setAccessibleName("Document viewer")
        self._build()
        self._shortcuts()
        self.resize(self._default_size())
        self.go_to_page(page)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        d = self.document
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleName("Document")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.heading.font()
        f.setBold(True)
        self.heading.setFont(f)
        bits = [document_name(d)]
        if kind_label(d).casefold() != document_name(d).casefold():
            bits.append(kind_label(d))
        bits.append(f"cited as “{d.cite_as}”")
        if d.date:
            bits.append(date_text(d.date))
        if d.author:
            bits.append(d.author)
        self.heading.setText("  ·  ".join(bits))

        def tool(text: str, tip: str, slot) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            return b

        self.prev_button = tool("‹ Previous", "Previous page (Page Up)", self.previous_page)
        self.next_button = tool("Next ›", "Next page (Page Down)", self.next_page)
        self.page_spin = QSpinBox()
        self.page_spin.setRange(1, max(1, self.page_count))
        self.page_spin.setAccessibleName("Page number")
        self.page_spin.setToolTip("Go to page (Ctrl+G)")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda n: self.go_to_page(n) if n != self.page else None)
        page_label = QLabel("&Page")
        page_label.setBuddy(self.page_spin)
        self.of_label = QLabel(f"of {self.page_count:,}")

        self.zoom_out_button = tool("−", "Zoom out (Ctrl+-)", self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400 %") + 6)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = tool("+", "Zoom in (Ctrl+=)", self.zoom_in)
        self.fit_button = tool("Fit width", "Fit the page to the window's width (Ctrl+0)", self.fit_to_width)
        self.fit_button.setCheckable(True)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in document (Ctrl+F)")
        self.find_edit.setAccessibleName("Find in document")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(180)
        self.find_edit.setMaximumWidth(340)
        self.find_edit.returnPressed.connect(self._find_or_next)
        self.find_edit.textChanged.connect(self._find_text_changed)
        self.find_prev_button = tool("▲", "Previous page with a hit (Shift+F3)", self.previous_hit)
        self.find_next_button = tool("▼", "Next page with a hit (F3)", self.next_hit)
        self.find_status = QLabel()
        self.find_status.setAccessibleName("Find result")
        widest = "Found on 1,000 pages"
        self.find_status.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest))

        self.cite_button = QPushButton("&Cite this page…")
        self.cite_button.setToolTip("Cite this page on a challenge, allegation, evidence, assessment or "
                                    "chronology event of this client (Ctrl+Shift+C)")
        self.cite_button.clicked.connect(self.cite_page)

        bar = QHBoxLayout()
        bar.setSpacing(4)
        for w in (self.prev_button, self.next_button, page_label, self.page_spin, self.of_label):
            bar.addWidget(w)
        bar.addSpacing(12)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.find_edit, 1)
        bar.addWidget(self.find_prev_button)
        bar.addWidget(self.find_next_button)
        bar.addWidget(self.find_status, 1)
        bar.addWidget(self.cite_button)

        # Sections
        self.sections_list = QListWidget()
        self.sections_list.setAccessibleName("Sections")
        self.sections_list.setToolTip("Click, or Enter, to go to the section's first page")
        self.sections_list.setWordWrap(True)
        self.sections_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sections_list.itemClicked.connect(self._section_clicked)
        self.sections_list.itemActivated.connect(self._section_clicked)
        sections_box = QWidget()
        sv = QVBoxLayout(sections_box)
        sv.setContentsMargins(0, 0, 0, 0)
        sec_title = QLabel("&Sections")
        sec_title.setBuddy(self.sections_list)
        sv.addWidget(sec_title)
        sv.addWidget(self.sections_list, 1)
        self.sections_box = sections_box
        self._fill_sections()

        # The page
        self.canvas = PageCanvas()
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setAccessibleName("Page image")
        self.scroll.installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)
        self.canvas.installEventFilter(self)
        self.docx_note = QLabel(DOCX_NOTE)
        self.docx_note.setWordWrap(True)
        self.docx_note.setAccessibleName("About this document")

        # The page's text
        self.text = _TextPane()
        self.copy_button = QPushButton("Cop&y text")
        self.copy_button.setToolTip("Copy the selected text, or the whole page's text if nothing is selected")
        self.copy_button.clicked.connect(self.copy_text)
        self.text_note = QLabel()
        self.text_note.setWordWrap(True)
        self.text_note.setEnabled(False)
        text_box = QWidget()
        tv = QVBoxLayout(text_box)
        tv.setContentsMargins(0, 0, 0, 0)
        trow = QHBoxLayout()
        t_title = QLabel("Page &text")
        t_title.setBuddy(self.text)
        trow.addWidget(t_title)
        trow.addStretch(1)
        trow.addWidget(self.copy_button)
        tv.addLayout(trow)
        if not self.can_render:
            tv.addWidget(self.docx_note)
            # The whole window is text: lines of a readable length rather than the window's width.
            text_box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 110)
        tv.addWidget(self.text_note)
        tv.addWidget(self.text, 1)
        self.text_box = text_box

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(sections_box)
        if self.can_render:
            self.split.addWidget(self.scroll)
        else:
            self.scroll.hide()
        if self.can_render:
            self.split.addWidget(text_box)
        else:
            centred = QWidget()
            row = QHBoxLayout(centred)
            row.setContentsMargins(0, 0, 0, 0)
            row.addStretch(1)
            row.addWidget(text_box, 100)
            row.addStretch(1)
            self.split.addWidget(centred)
        if self.can_render:
            self.split.setStretchFactor(0, 0)
            self.split.setStretchFactor(1, 3)
            self.split.setStretchFactor(2, 1)
        else:
            self.split.setStretchFactor(0, 0)
            self.split.setStretchFactor(1, 1)

        self.section_label = QLabel()
        self.section_label.setTextFormat(Qt.TextFormat.PlainText)
        self.section_label.setAccessibleName("Section of this page")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Viewer status")
        self.status.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        self.hint = QLabel("PgUp/PgDn pages · Ctrl+G go to · Ctrl+F find, F3 next · Ctrl+= / Ctrl+- zoom · "
                           "Esc closes" if self.can_render else
                           "PgUp/PgDn pages · Ctrl+G go to · Ctrl+F find, F3 next · Esc closes")
        self.hint.setEnabled(False)
        self.hint.setAccessibleName("Keyboard")
        foot = QHBoxLayout()
        foot.addWidget(self.section_label, 1)
        foot.addWidget(self.status)
        foot.addSpacing(12)
        foot.addWidget(self.hint)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 6)
        lay.setSpacing(6)
        lay.addWidget(self.heading)
        lay.addLayout(bar)
        lay.addWidget(self.split, 1)
        lay.addLayout(foot)

        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            w.setEnabled(self.can_render)
            w.setVisible(self.can_render)  # a Word document has nothing to zoom
        self._update_zoom_label()

    def _shortcuts(self) -> None:
        taken: set[str] = set()

        def sc(keys, slot) -> None:
            """One QShortcut per key sequence; a sequence given twice (a platform's standard key is
            often also spelt out) would make both ambiguous, so each is registered once."""
            seqs: list[QKeySequence] = []
            for k in keys:
                seqs += QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) \
                    else [QKeySequence(k)]
            for seq in seqs:
                text = seq.toString()
                if not text or text in taken:
                    continue
                taken.add(text)
                s = QShortcut(seq, self)
                s.setContext(Qt.ShortcutContext.WindowShortcut)
                s.activated.connect(slot)

        sc(["PgDown"], self.next_page)
        sc(["PgUp"], self.previous_page)
        sc(["Ctrl+Home"], lambda: self.go_to_page(1))
        sc(["Ctrl+End"], lambda: self.go_to_page(self.page_count))
        sc(["Ctrl+G"], self.focus_page_number)
        sc(["F3"], self.next_hit)
        sc(["Shift+F3"], self.previous_hit)
        sc(["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn], self.zoom_in)
        sc(["Ctrl+-", QKeySequence.StandardKey.ZoomOut], self.zoom_out)
        sc(["Ctrl+0"], self.fit_to_width)
        sc([QKeySequence.StandardKey.Find], self.focus_find)
        sc(["Ctrl+Shift+C"], self.cite_page)
        sc(["Ctrl+W", QKeySequence.StandardKey.Close], self.close)
        sc(["Esc"], self._escape)

    def _default_size(self) -> QSize:
        screen = (self.parentWidget().screen() if self.parentWidget() is not None else None) \
            or QApplication.primaryScreen()
        avail = screen.availableGeometry().size() if screen is not None else QSize(1366, 768)
        return QSize(min(1240, avail.width() - 40), min(860, avail.height() - 40))

    def _fill_sections(self) -> None:
        self.sections_list.clear()
        for s in self._sections:
            first, last = section_pages(s)
            item = QListWidgetItem(f"{s.name}\n   p.{pages_text(first, last)}")
            item.setData(Qt.ItemDataRole.UserRole, first)
            item.setToolTip(f"{s.name}, pages {pages_text(first, last)}")
            self.sections_list.addItem(item)
        # A document without sections gives the page the room (Sections… on the Documents tab names them).
        self.sections_box.setVisible(bool(self._sections))

    def reload_sections(self) -> None:
        """The document's sections changed (Sections… on the Documents tab)."""
        self._sections = self._load_sections()
        self._fill_sections()
        self._show_section()

    def _load_sections(self) -> list:
        try:
            return sorted(self.services.documents.sections(self.document_id), key=lambda s: section_pages(s))
        except CasebookError:
            return []

    # ------------------------------------------------------------------ navigation
    def go_to_page(self, page: int) -> None:
        page = max(1, min(int(page), self.page_count or 1))
        if page != self.page:
            self.scroll.verticalScrollBar().setValue(0)  # a new page starts at its top
        self.page = page
        if self.page_spin.value() != page:
            self.page_spin.blockSignals(True)
            self.page_spin.setValue(page)
            self.page_spin.blockSignals(False)
        self.canvas.setAccessibleDescription(f"Page {page:,} of {self.page_count:,}")
        self.prev_button.setEnabled(page > 1)
        self.next_button.setEnabled(page < self.page_count)
        self._show_text()
        self._show_section()
        if self.can_render and self.isVisible():  # before it shows, showEvent renders at the real width
            self._show_image()
        self._update_find_status()

    def next_page(self) -> None:
        if self.page < self.page_count:
            self.go_to_page(self.page + 1)

    def previous_page(self) -> None:
        if self.page > 1:
            self.go_to_page(self.page - 1)

    def focus_page_number(self) -> None:
        self.page_spin.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_spin.selectAll()

    def _section_clicked(self, item: QListWidgetItem) -> None:
        first = item.data(Qt.ItemDataRole.UserRole)
        if first:
            self.go_to_page(int(first))

    def _section_row(self, page: int) -> int:
        """The row of the narrowest section holding ``page`` (-1 if none), as the service decides."""
        best, width = -1, None
        for i, s in enumerate(self._sections):
            first, last = section_pages(s)
            if first <= page <= last and (width is None or last - first < width):
                best, width = i, last - first
        return best

    def section_name(self, page: int | None = None) -> str:
        row = self._section_row(self.page if page is None else page)
        return self._sections[row].name if row >= 0 else ""

    def _show_section(self) -> None:
        name = self.section_name()
        self.section_label.setText(f"Page {self.page:,} of {self.page_count:,}"
                                   + (f"  ·  {name}" if name else ""))
        self.sections_list.blockSignals(True)
        self.sections_list.setCurrentRow(self._section_row(self.page))
        self.sections_list.blockSignals(False)

    def _show_text(self) -> None:
        try:
            text = self.reader.text(self.page)
        except CasebookError as exc:
            text = ""
            self.text_note.setText(exc.message)
        unreadable = self.page in set(self.document.unreadable or ())
        self.text.setPlainText(reflow(text))
        if unreadable and self.can_render:
            self.text_note.setText(NO_TEXT_NOTE)
        elif not text.strip():
            self.text_note.setText("No text on this page.")
        else:
            self.text_note.clear()
        self.text_note.setVisible(bool(self.text_note.text()))
        self._mark_text_hits()

    # ------------------------------------------------------------------ rendering
    def _scale(self) -> float:
        """Render scale (pixels per PDF point, times the screen's pixel ratio) for the current zoom."""
        return self._zoom_for_page() * POINTS_TO_PIXELS * self.devicePixelRatioF()

    def _zoom_for_page(self) -> float:
        if not self.fit_width:
            return self.zoom
        w, _h = self.reader.page_size(self.page)
        avail = self.scroll.viewport().width() - 2 * 14 - 4
        if w <= 0 or avail <= 100:
            return self.zoom
        return max(ZOOMS[0], min(ZOOMS[-1], avail / (w * POINTS_TO_PIXELS)))

    def _key(self, page: int, scale: float):
        return (page, round(scale, 3))

    def _page_size_px(self, page: int) -> QSize:
        w, h = self.reader.page_size(page)
        z = self._zoom_for_page() * POINTS_TO_PIXELS
        return QSize(max(1, round(w * z)), max(1, round(h * z)))

    def _show_image(self) -> None:
        page = self.page
        scale = self._scale()
        key = self._key(page, scale)
        size = self._page_size_px(page)
        img = self._cache.get(key)
        if img is None and self._gui_ok:
            img = self._render_now(page, scale)
        if img is None:
            if self._renderer is not None and self._renderer.submit(page, key, scale):
                self.status.setText(f"Rendering page {page:,}…")
            self.canvas.set_page(None, size, self._hits_on(page), f"Rendering page {page:,}…")
        else:
            self._cache[key] = img
            self._cache.move_to_end(key)
            self._trim_cache()
            img.setDevicePixelRatio(self.devicePixelRatioF())
            self.canvas.set_page(img, size, self._hits_on(page))
            self._scroll_to_hit()
            self._prefetch()
        self._update_zoom_label()

    def _render_now(self, page: int, scale: float) -> QImage | None:
        t0 = time.perf_counter()
        try:
            img = to_qimage(self.reader.render(page, scale))
        except Exception as exc:  # noqa: BLE001 - never a traceback; a calm line on the page instead
            log.warning("a page could not be rendered: %s", type(exc).__name__)
            self.canvas.set_page(None, self._page_size_px(page), (), "This page could not be shown.")
            return None
        ms = (time.perf_counter() - t0) * 1000
        self.render_ms.append(ms)
        self.gui_renders += 1
        if ms > GUI_RENDER_BUDGET_MS:
            self._gui_ok = False  # from now on in the worker thread
        return img

    def _on_rendered(self, page: int, key, image, ms: float) -> None:
        if self._closing or image is None:
            if not self._closing and page == self.page and image is None:
                self.canvas.set_page(None, self._page_size_px(page), (), "This page could not be shown.")
            return
        self.render_ms.append(ms)
        self._gui_ok = ms <= GUI_RENDER_BUDGET_MS
        self._cache[key] = image
        self._trim_cache()
        if page == self.page and key == self._key(self.page, self._scale()):
            self.status.clear()
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self.canvas.set_page(image, self._page_size_px(page), self._hits_on(page))
            self._scroll_to_hit()
            self._prefetch()

    def _prefetch(self) -> None:
        """Render the next page ahead (in the worker), so Page Down is instant."""
        if self._renderer is None or self.page >= self.page_count:
            return
        nxt = self.page + 1
        scale = self._scale()
        key = self._key(nxt, scale)
        if key not in self._cache:
            self._renderer.submit(nxt, key, scale)

    def _trim_cache(self) -> None:
        while len(self._cache) > CACHE_PAGES or (
                len(self._cache) > 1 and sum(i.sizeInBytes() for i in self._cache.values()) > CACHE_BYTES):
            self._cache.popitem(last=False)

    def cached_pages(self) -> list[int]:
        return [k[0] for k in self._cache]

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fit_width and self.can_render:
            self._refit.start()

    @property
    def _refit(self) -> QTimer:
        t = getattr(self, "_refit_timer", None)
        if t is None:
            t = self._refit_timer = QTimer(self)
            t.setSingleShot(True)
            t.setInterval(60)
            t.timeout.connect(lambda: self._show_image() if not self._closing else None)
        return t

    # ------------------------------------------------------------------ zoom
    def _update_zoom_label(self) -> None:
        if not self.can_render:
            self.zoom_label.setText("")
            return
        self.zoom_label.setText(f"{round(self._zoom_for_page() * 100)} %")
        self.fit_button.setChecked(self.fit_width)

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOMS if z > self._zoom_for_page() + 0.001), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self._set_zoom(next((z for z in reversed(ZOOMS) if z < self._zoom_for_page() - 0.001), ZOOMS[0]))

    def _set_zoom(self, zoom: float) -> None:
        if not self.can_render:
            return
        self.fit_width = False
        self.zoom = zoom
        self._show_image()

    def fit_to_width(self) -> None:
        if not self.can_render:
            return
        self.fit_width = True
        self._show_image()

    # ------------------------------------------------------------------ find
    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _find_text_changed(self, text: str) -> None:
        if not text.strip() and self.find_text:
            self.find("")

    def _find_or_next(self) -> None:
        text = self.find_edit.text().strip()
        if text and text == self.find_text:
            self.next_hit()
        else:
            self.find(text)

    def find(self, text: str) -> list[int]:
        """Find ``text`` in the document: the pages with hits; go to the first from this page on."""
        text = (text or "").strip()
        self.find_text = text
        if self.find_edit.text().strip() != text:
            self.find_edit.blockSignals(True)
            self.find_edit.setText(text)
            self.find_edit.blockSignals(False)
        if not text:
            self.find_pages = []
        else:
            try:
                self.find_pages = sorted(set(self.services.documents.find(self.document_id, text)))
            except CasebookError as exc:
                self.find_pages = []
                self.find_status.setText(exc.message)
                return []
        if self.find_pages:
            target = next((p for p in self.find_pages if p >= self.page), self.find_pages[0])
            if target != self.page:
                self.go_to_page(target)
            else:
                self._refresh_hits()
        else:
            self._refresh_hits()
        self._update_find_status()
        return list(self.find_pages)

    def next_hit(self) -> None:
        if not self.find_pages:
            if self.find_edit.text().strip() and self.find_edit.text().strip() != self.find_text:
                self.find(self.find_edit.text())
            return
        nxt = next((p for p in self.find_pages if p > self.page), self.find_pages[0])
        self.go_to_page(nxt)

    def previous_hit(self) -> None:
        if not self.find_pages:
            return
        prev = next((p for p in reversed(self.find_pages) if p < self.page), self.find_pages[-1])
        self.go_to_page(prev)

    def _hits_on(self, page: int) -> list:
        if not self.find_text or not self.can_render or page not in self.find_pages:
            return []
        try:
            return list(self.reader.find(page, self.find_text))
        except CasebookError:
            return []

    def _refresh_hits(self) -> None:
        if self.can_render:
            self.canvas.set_hits(self._hits_on(self.page))
            self._scroll_to_hit()
        self._mark_text_hits()

    def _scroll_to_hit(self) -> None:
        if self.canvas.hits():
            r = self.canvas.hit_rect(0).toRect()
            self.scroll.ensureVisible(r.center().x(), r.center().y(), 60, 120)

    def _mark_text_hits(self) -> None:
        sels = []
        if self.find_text:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 214, 0, 140))
            doc = self.text.document()
            cur = doc.find(self.find_text, 0)
            while not cur.isNull() and len(sels) < 200:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cur
                sel.format = fmt
                sels.append(sel)
                cur = doc.find(self.find_text, cur)
            if sels:
                first = QTextCursor(sels[0].cursor)
                first.clearSelection()
                self.text.setTextCursor(first)
                self.text.ensureCursorVisible()
        self.text.setExtraSelections(sels)

    def _update_find_status(self) -> None:
        if not self.find_text:
            self.find_status.clear()
            return
        n = len(self.find_pages)
        if n == 0:
            self.find_status.setText("Not found")
            return
        if self.page in self.find_pages:
            self.find_status.setText(f"Hit page {self.find_pages.index(self.page) + 1:,} of {n:,}")
        else:
            self.find_status.setText(f"Found on {n:,} page{'' if n == 1 else 's'}")
        self.find_status.setToolTip("Pages: " + page_ranges(self.find_pages))

    # ------------------------------------------------------------------ text, citing, closing
    def copy_text(self) -> str:
        from ui.session import copy_text

        cur = self.text.textCursor()
        text = cur.selectedText().replace("\u2029", "\n") if cur.hasSelection() else self.text.toPlainText()
        if text:
            copy_text(text)
            self.status.setText("Selected text copied." if cur.hasSelection() else
                                f"Page {self.page:,}'s text copied.")
        return text

    def cite_page(self) -> int | None:
        from ui.dialogs.citation_dialog import CiteDialog
        from ui.widgets import form

        target, target_id = self.cite_context or (None, None)
        dlg = CiteDialog(self.services, self.document.client_id, document_id=self.document_id,
                         page=self.page, target=target, target_id=target_id, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.status.setText(f"Cited: {dlg.saved_label}.")
            self.cited.emit(dlg.target, dlg.target_id)
            return dlg.saved_id
        return None

    def _escape(self) -> None:
        if self.find_edit.hasFocus() and self.find_edit.text():
            self.find_edit.clear()
            self.canvas.setFocus()
            return
        self.close()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Wheel and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                self.zoom_in() if dy > 0 else self.zoom_out()
            return True  # Ctrl+wheel zooms, as in every document viewer
        if event.type() == QEvent.Type.KeyPress and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            k = event.key()
            if k == Qt.Key.Key_Right:
                self.next_page()
                return True
            if k == Qt.Key.Key_Left:
                self.previous_page()
                return True
            if k == Qt.Key.Key_Home:
                self.go_to_page(1)
                return True
            if k == Qt.Key.Key_End:
                self.go_to_page(self.page_count)
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.can_render:
            self.split.setSizes([200, max(400, self.width() - 200 - 330), 330])
            self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
            self.layout().activate()
            if not self._closing:
                self._show_image()
        else:
            self.split.setSizes([220, max(400, self.width() - 220)])
            self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.release()
        super().closeEvent(event)

    def release(self) -> None:
        """Drop every decrypted page (images, text) and the document's bytes. Idempotent."""
        if self._closing:
            return
        self._closing = True
        if self._renderer is not None:
            self._renderer.close()
        self._cache.clear()
        self.canvas.clear()
        self.text.clear()
        try:
            self.reader.close()
        except Exception as exc:  # noqa: BLE001 - closing must always complete
            log.warning("the document reader did not close cleanly: %s", type(exc).__name__)
        self.closed.emit(self.document_id, self.page)


__all__ = ["DocumentViewer"]
