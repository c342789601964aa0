"""The main window: navigator on the left, "This week" or the selected client in the middle.

It owns no data of its own: every model and view is built over the session's services and dropped
again by :meth:`MainWindow.teardown` when the casebook locks. Menus follow platform conventions
(File, Edit, View, Help) with standard shortcuts; the status bar says which file is open and that it
is encrypted.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casebook import __version__ as CASEBOOK_VERSION
from casebook.errors import CasebookError
from ui import settings as settings_mod
from ui.dialogs.preferences import PreferencesDialog
from ui.navigator import Navigator
from ui.search import SearchPanel
from ui.views.client_view import ClientView
from ui.views.this_week import ThisWeekDashboard, overdue_summary
from ui.widgets import app_icon, icon
from ui.widgets.banner import Banner

log = logging.getLogger(__name__)

__all__ = ["Banner", "MainWindow", "PreferencesDialog"]  # Banner and PreferencesDialog: their own modules

PAGE_HOME, PAGE_CLIENT = 0, 1  # Visit mode and the monthly claims are added when first shown (issue 14)
#: A search hit of these kinds opens the client tab that lists it, with the record selected (an evidence
#: or challenge hit opened the client's Overview, or its matter's chronology, instead).
HIT_TABS = {"contact": "contacts", "note": "notes", "assessment": "risk",
            "evidence": "evidence", "challenge": "challenges", "document": "documents"}
_EDIT_ACTIONS = {"undo": "undo", "redo": "redo", "cut": "cut", "copy": "copy", "paste": "paste",
                 "selectAll": "select_all"}


class MainWindow(QMainWindow):
    lock_requested = Signal()
    switch_requested = Signal(str)  # "open" or "new": lock this casebook, then open/create another
    open_path_requested = Signal(str)  # lock this casebook, then open that file (File ▸ Open recent)
    quit_requested = Signal()
    #: Room kept below the window for its title bar and frame (as for a dialog, see FormDialog).
    SCREEN_MARGIN = 48

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.services = session.services
        self._torn_down = False
        self._settings = settings_mod.settings()
        self.setWindowTitle(f"{session.path.name} — Casebook")
        self.setWindowIcon(app_icon())
        self.setObjectName("MainWindow")

        self.navigator = Navigator(self.services)
        self.navigator.setMinimumWidth(220)
        self.navigator.client_selected.connect(self._on_client_selected)
        self.navigator.home_requested.connect(self.show_home)
        self.navigator.new_client_requested.connect(self.new_client)
        self.navigator.list.activated.connect(self._into_client_view)  # Enter on a client

        self._overdue_summary = overdue_summary
        self.dashboard = ThisWeekDashboard(self.services)
        self.dashboard.setAccessibleName("This week")
        self.dashboard.open_matter.connect(self._open_from_dashboard)
        if hasattr(self.dashboard, "changed"):
            self.dashboard.changed.connect(self.navigator.refresh)
            self.dashboard.changed.connect(lambda *_: self.update_overdue_reminder())
        self.client_view = ClientView(self.services)
        self.client_view.setAccessibleName("Client")
        self.client_view.changed.connect(self._on_client_changed)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.stack.addWidget(self.client_view)

        central = QWidget()
        clay = QVBoxLayout(central)
        clay.setContentsMargins(0, 6, 6, 0)
        clay.setSpacing(6)
        self.banner: Banner | None = None
        self._central_layout = clay
        clay.addWidget(self.stack, 1)
        # A casebook keyed with the test-only KDF says so for as long as it is open (issue 15, fault 9).
        self.insecure_kdf_label: QLabel | None = None
        if getattr(getattr(session, "cb", None), "insecure_test_kdf", False):
            warning = QLabel("TEST CASEBOOK: its key was made with the insecure test-only key derivation, so "
                             "its passphrase can be guessed quickly. Never keep real client data in it.")
            warning.setObjectName("InsecureKdfWarning")
            warning.setTextFormat(Qt.TextFormat.PlainText)
            warning.setWordWrap(True)
            warning.setAccessibleName("Warning: insecure test casebook")
            warning.setStyleSheet("QLabel#InsecureKdfWarning { background: #b00020; color: white; "
                                  "font-weight: bold; padding: 4px 8px; border-radius: 4px; }")
            clay.insertWidget(0, warning)
            self.insecure_kdf_label = warning

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(central)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 900])
        self.setCentralWidget(self.splitter)

        self.search_panel = SearchPanel(self.services, self)
        self.search_panel.hit_activated.connect(self.open_hit)

        #: Visit mode and the month's claims (issue 14): built when first shown.
        self.visit_view = None
        self.claims_view = None
        self._page_before = PAGE_HOME

        self.menu_actions: dict[str, QAction] = {}
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        self._show_home_page()  # "This week" has just loaded itself: not a second time
        #: Drafts reopened after an unlock, one at a time (see ui.drafts).
        self.queued_drafts: list = []
        from ui import drafts

        drafts.restore_into(self)  # after a lock with unsaved dialogs: the same place, the dialogs again
        from ui import viewer

        viewer.restore(self)  # and the document viewers that were open, at the same pages
        from ui import integrity

        integrity.schedule(self)  # the full check, in the background: unlocking never waits for it
        self.resume_running_visit()  # a visit started before a lock or a restart: Visit mode again

    # ------------------------------------------------------------------ building
    def _action(self, key: str, text: str, slot, shortcut=None, *, tip: str = "",
                icon_name: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                a.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        if icon_name:
            a.setIcon(icon(icon_name))
            a.setProperty("casebook_icon", icon_name)
        a.triggered.connect(lambda _checked=False: slot())
        self.menu_actions[key] = a
        self.addAction(a)  # shortcuts work even with the menu bar hidden
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        SK = QKeySequence.StandardKey
        m = mb.addMenu("&File")
        m.addAction(self._action("new_client", "New &client…", self.new_client, SK.New,
                                 tip="Add a client (Ctrl+N)", icon_name="client"))
        m.addSeparator()
        m.addAction(self._action("new_casebook", "New case&book…", lambda: self.switch_requested.emit("new"),
                                 tip="Lock this casebook and create a new one"))
        m.addAction(self._action("open", "&Open casebook…",
                                 lambda: self.switch_requested.emit("open"), SK.Open,
                                 tip="Lock this casebook and open another"))
        self.recent_menu = m.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        m.addSeparator()
        # The shown matter's exports (its Letters tab says where each went).
        self.export_menu = m.addMenu("E&xport")
        self.export_menu.addAction(self._action("export_chronology", "Matter's &chronology…",
                                                lambda: self._export_matter("chronology"),
                                                tip="The shown matter's chronology as a Word table (A4)"))
        self.export_menu.addAction(self._action("export_bundle", "Counsel &bundle…",
                                                lambda: self._export_matter("bundle"),
                                                tip="The shown matter's counsel bundle (.zip)"))
        self.export_menu.aboutToShow.connect(self._update_export_menu)
        m.addSeparator()
        m.addAction(self._action("backup", "&Back up…", self.backup, "Ctrl+Shift+B",
                                 tip="Write an encrypted, verified copy of this casebook",
                                 icon_name="backup"))
        m.addAction(self._action("passphrase", "Change &passphrase…", self.change_passphrase))
        m.addSeparator()
        m.addAction(self._action("lock", "&Lock", self.lock_requested.emit, "Ctrl+L",
                                 tip="Close the casebook and return to the unlock window (Ctrl+L)",
                                 icon_name="lock"))
        quit_action = self._action("quit", "&Quit", self.quit_requested.emit, SK.Quit)
        if quit_action.shortcut().isEmpty():
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        m.addAction(quit_action)

        m = mb.addMenu("&Edit")
        for key, text, sk, method in (("undo", "&Undo", SK.Undo, "undo"), ("redo", "&Redo", SK.Redo, "redo"),
                                      (None, None, None, None),
                                      ("cut", "Cu&t", SK.Cut, "cut"), ("copy", "&Copy", SK.Copy, "copy"),
                                      ("paste", "&Paste", SK.Paste, "paste"),
                                      ("select_all", "Select &All", SK.SelectAll, "selectAll")):
            if key is None:
                m.addSeparator()
                continue
            m.addAction(self._action(key, text, lambda meth=method: self._edit(meth), sk))
        m.addSeparator()
        m.addAction(self._action("find", "&Find…", self.open_search, SK.Find,
                                 tip="Search the whole casebook (Ctrl+F)", icon_name="search"))
        m.addAction(self._action("go_to_client", "&Go to client…", self.navigator.focus_filter, "Ctrl+K",
                                 tip="Filter the client list (Ctrl+K)"))
        m.addSeparator()
        m.addAction(self._action("record_time", "Record &time…", self.record_time, "Ctrl+T",
                                 tip="Record time on the matter shown (Ctrl+T)"))
        m.addAction(self._action("hourly_rates", "Hourly rat&es…", self.hourly_rates,
                                 tip="The legal-aid hourly rates you enter, with their source"))
        m.addSeparator()
        prefs = self._action("preferences", "Pre&ferences…", self.preferences, SK.Preferences)
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        m.addAction(prefs)

        m = mb.addMenu("&View")
        m.addAction(self._action("this_week", "&This week", self.show_home, "Ctrl+1",
                                 tip="Deadlines and hearings, overdue first", icon_name="this-week"))
        m.addAction(self._action("clients", "&Clients", self._focus_clients, "Ctrl+2"))
        nav = self._action("show_navigator", "Show &navigator", self._toggle_navigator, "Ctrl+\\")
        nav.setCheckable(True)
        nav.setChecked(True)
        m.addAction(nav)
        m.addSeparator()
        m.addAction(self._action("visit_mode", "&Visit mode", self.show_visit_mode, "Ctrl+3",
                                 tip="A legal visit: the timer (F5 consultation, F6 waiting, F7 travel) and "
                                     "the attendance note (Ctrl+3)"))
        m.addAction(self._action("claims", "Monthly c&laims", self.show_claims, "Ctrl+4",
                                 tip="The month's legal-aid claims: CSV and a Word summary (Ctrl+4)"))
        m.addSeparator()
        m.addAction(self._action("refresh", "&Refresh", self.refresh, SK.Refresh))

        m = mb.addMenu("&Help")
        m.addAction(self._action("shortcuts", "&Keyboard shortcuts", self.show_shortcuts, SK.HelpContents))
        about = self._action("about", "&About Casebook", self.about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        m.addAction(about)
        about_qt = self._action("about_qt", "About &Qt", QApplication.aboutQt)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        m.addAction(about_qt)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.path.resolve()) if self.session is not None else ""
        others = [p for p in self._settings.recent_files() if p != current]
        for i, p in enumerate(others[:9], start=1):
            a = self.recent_menu.addAction(f"&{i}  {Path(p).name}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _checked=False, path=p: self.open_path_requested.emit(path))
        self.recent_menu.setEnabled(bool(others))

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setSizeGripEnabled(True)
        self.file_label = QLabel(self.session.path.name)
        self.file_label.setToolTip(str(self.session.path))
        self.file_label.setAccessibleName("Open casebook file")
        self.file_label.setContentsMargins(6, 0, 6, 0)
        self.lock_label = QLabel()
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(4)
        pad = QLabel()
        self._padlock = pad
        pad.setPixmap(icon("padlock").pixmap(QSize(14, 14), self.devicePixelRatioF()))
        self.lock_label.setText("Encrypted (SQLCipher 4)")
        row.addWidget(pad)
        row.addWidget(self.lock_label)
        box.setAccessibleName("Encrypted (SQLCipher 4)")
        box.setToolTip("The whole casebook file is encrypted with SQLCipher 4 (AES-256); the key is "
                       "derived from your passphrase with Argon2id.")
        self.encryption_indicator = box
        sb.addPermanentWidget(self.file_label)
        sb.addPermanentWidget(box)

    # ------------------------------------------------------------------ pages
    def show_home(self) -> None:
        if self._torn_down:
            return
        self._show_home_page()
        self._safely(self.dashboard.refresh)
        self.update_overdue_reminder()

    def _show_home_page(self) -> None:
        self._leaving_page()
        self.navigator.set_home_checked(True)
        self.stack.setCurrentIndex(PAGE_HOME)

    def _focus_clients(self) -> None:
        self.navigator.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_client_selected(self, client_id) -> None:
        if client_id is None:
            return
        self._safely(lambda: self.client_view.set_client(client_id))
        self._leaving_page()
        self.stack.setCurrentIndex(PAGE_CLIENT)
        self.navigator.set_home_checked(False)
        # The window title names the file, never the client: titles are shown in task switchers,
        # screen-sharing pickers and OS activity histories.

    def _into_client_view(self, _index=None) -> None:
        if self.stack.currentWidget() is self.client_view:
            self.client_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.client_view.focusNextChild()

    def _on_client_changed(self) -> None:
        """The client view saved something: re-read the ids (a rename can move the row, a delete
        removes it) without reloading the view itself; a deleted client leaves "This week" showing."""
        cid = self.navigator.current_client()
        self.navigator.refresh()
        self.update_overdue_reminder()
        if cid is not None and self.navigator.model.row_of(cid) is None:
            self.show_home()

    def select_client(self, client_id: int) -> bool:
        ok = self.navigator.select_client(client_id)
        if ok:
            self._leaving_page()
            self.stack.setCurrentIndex(PAGE_CLIENT)
        return ok

    def open_matter(self, matter_id: int) -> None:
        try:
            matter = self.services.matters.get(matter_id)
        except CasebookError as exc:
            self.statusBar().showMessage(exc.message, 8000)
            return
        if self.select_client(matter.client_id):
            self._safely(lambda: self.client_view.focus_matter(matter_id))

    def _open_from_dashboard(self, matter_id: int) -> None:
        """Open matter on This week: the matter at its Deadlines tab, the deadline chosen there selected
        (it opened on the matter's Chronology, the deadline to act on nowhere in sight)."""
        self.open_matter(matter_id)
        d = self.dashboard.selected()
        view = getattr(getattr(self.client_view, "matters", None), "view", None)
        if d is None or getattr(d, "matter_id", None) != matter_id or view is None \
                or view.matter_id != matter_id:
            return
        view.tabs.setCurrentWidget(view.deadlines)
        if view.deadlines.select(d.id):
            view.deadlines.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_hit(self, hit) -> None:
        if hit.client_id is None:
            return
        if not self.select_client(hit.client_id):
            self.statusBar().showMessage("That record is no longer in the casebook.", 8000)
            return
        if hit.kind == "page":  # a page of a document: its client's Documents tab, and the page itself
            self.client_view.show_tab("documents").select(hit.ref_id)
            self.open_document(hit.ref_id, getattr(hit, "page", None))
            return
        if hit.kind in HIT_TABS:  # a record on a client tab: that tab, with the record selected
            self._safely(lambda: self.client_view.show_tab(HIT_TABS[hit.kind]).select(hit.ref_id))
            return
        if hit.kind in ("risk-factor", "allegation"):  # listed under the assessments / the challenges
            self._safely(lambda: self.client_view.show_tab(
                "risk" if hit.kind == "risk-factor" else "challenges"))
            return
        if hit.matter_id is not None:
            self._safely(lambda: self.client_view.focus_matter(hit.matter_id))
            view = self._shown_matter_view()
            if hit.kind == "event" and view is not None:  # the event itself, in its matter's chronology
                view.tabs.setCurrentWidget(view.chronology)
                view.chronology.select(hit.ref_id)

    def open_document(self, document_id: int, page: int | None = None):
        """Show a document in its viewer, at ``page``; None (and a status message) if it cannot be opened."""
        from ui import viewer

        try:
            return viewer.open_document(self.services, document_id, page, parent=self)
        except CasebookError as exc:
            self.statusBar().showMessage(exc.message[:1].upper() + exc.message[1:], 10000)
            return None

    def open_search(self) -> None:
        self.search_panel.open_panel()

    def place(self) -> dict:
        """Where the user is: This week, or a client (tab, matter …). Memory only (ui.drafts)."""
        if self.client_view is None or self.stack.currentIndex() == PAGE_HOME \
                or self.client_view.client_id is None:
            return {"page": "home"}
        return {"page": "client", **self.client_view.place()}

    def go_to(self, place: dict) -> None:
        cid = place.get("client_id")
        if place.get("page") != "client" or cid is None or not self.select_client(cid):
            self.show_home()
            return
        self.client_view.go_to(place)

    def refresh(self) -> None:
        self.navigator.refresh()
        if self.stack.currentIndex() == PAGE_HOME:
            self._safely(self.dashboard.refresh)
        elif self.claims_view is not None and self.stack.currentWidget() is self.claims_view:
            self._safely(self.claims_view.refresh)
        else:
            cid = self.navigator.current_client()
            self._safely(lambda: self.client_view.set_client(cid))

    def show_overdue_reminder(self, today=None) -> str | None:
        """Call once after unlock: an unobtrusive banner if any deadline is overdue."""
        text = None
        try:
            text = self._overdue_summary(self.services, today)
        except Exception as exc:  # noqa: BLE001 - a reminder must never stop the casebook opening
            log.warning("overdue reminder unavailable: %s", type(exc).__name__)
        if not text:
            return None
        self.banner = Banner(text, "Show this week")
        self.banner.action_clicked.connect(self.show_home)
        self.banner.action_clicked.connect(self.banner.hide)
        self._central_layout.insertWidget(0, self.banner)
        self.banner.follow_in_tab_order(self.navigator.list)
        # "Show this week" is offered only away from This week (it was offered on it too).
        self.stack.currentChanged.connect(self._offer_this_week)
        self._offer_this_week(self.stack.currentIndex())
        self.banner.show()
        return text

    def _offer_this_week(self, index: int) -> None:
        if self.banner is not None:
            self.banner.action_button.setVisible(index != PAGE_HOME)

    def update_overdue_reminder(self, today=None) -> None:
        """Keep the unlock reminder's count true: it said "8 deadlines are overdue" above a dashboard
        counting 10 once events had been added. Recounted after every change; gone when none is overdue
        (a reminder the user dismissed stays dismissed)."""
        if self.banner is None or self.banner.isHidden() or self._torn_down:
            return
        try:
            text = self._overdue_summary(self.services, today)
        except Exception as exc:  # noqa: BLE001 - a reminder must never get in the way
            log.warning("overdue reminder unavailable: %s", type(exc).__name__)
            return
        if text:
            self.banner.label.setText(text)
        else:
            self.banner.hide()

    # ------------------------------------------------------------------ commands
    def new_client(self) -> None:
        view_new = getattr(self.client_view, "new_client", None)
        if callable(view_new):
            try:
                new_id = view_new()
            except CasebookError as exc:
                self.statusBar().showMessage(exc.message, 10000)
                return
            if isinstance(new_id, int) and not self._torn_down:
                self.navigator.refresh()
                self.select_client(new_id)
                self.statusBar().showMessage("Client added.", 5000)
            return
        from ui.dialogs.client_dialog import ClientDialog
        from ui.widgets import form

        dialog = ClientDialog(self.services, parent=self)
        if form.run_dialog(dialog) and getattr(dialog, "saved_id", None) and not self._torn_down:
            self.navigator.refresh()
            self.select_client(dialog.saved_id)
            self.statusBar().showMessage("Client added.", 5000)

    def _shown_matter_view(self):
        """The matter view of the client on screen, when it shows a matter (else None)."""
        if self._torn_down or self.stack.currentIndex() != PAGE_CLIENT or self.client_view is None:
            return None
        view = getattr(getattr(self.client_view, "matters", None), "view", None)
        return view if view is not None and view.matter_id is not None else None

    # ------------------------------------------------------------------ legal aid (issue 14)
    def _leaving_page(self) -> None:
        """Leaving Visit mode or the claims: F5 is Refresh again."""
        self.menu_actions["refresh"].setEnabled(True)

    def _show_page(self, widget) -> None:
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        if self.stack.currentWidget() is not widget and self.stack.currentIndex() in (PAGE_HOME, PAGE_CLIENT):
            self._page_before = self.stack.currentIndex()
        self.stack.setCurrentWidget(widget)
        self.navigator.set_home_checked(False)

    def _leave_page(self) -> None:
        self._leaving_page()
        view = self.visit_view
        if view is not None and self.stack.currentWidget() is view and view.running:
            self.statusBar().showMessage("The legal visit is still running: Visit mode (Ctrl+3) returns to "
                                         "it.", 15000)
        if self._page_before == PAGE_CLIENT and self.client_view is not None \
                and self.client_view.client_id is not None:
            self.stack.setCurrentIndex(PAGE_CLIENT)
        else:
            self.show_home()

    def _visit_view(self):
        if self.visit_view is None:
            from ui.views.visit_mode import VisitModeView

            self.visit_view = VisitModeView(self.services)
            self.visit_view.leave_requested.connect(self._leave_page)
            self.visit_view.changed.connect(self._after_visit_stopped)
        return self.visit_view

    def show_visit_mode(self, visit_id: int | None = None):
        """Visit mode: a running visit (the given one, else the latest running), else a new visit on the
        matter shown. Returns the view, or None (and a status message) when there is nothing to time."""
        if self._torn_down:
            return None
        if visit_id is None:
            running = self.services.visits.running()
            visit_id = running[-1].id if running else None
        view = self._visit_view()
        if visit_id is not None:
            view.open_visit(visit_id)
        elif view.visit_id is not None and view.matter_id is not None:
            pass  # a stopped visit still on screen: show it again
        else:
            shown = self._shown_matter_view()
            if shown is None:
                self.statusBar().showMessage("Open a client's matter first: a legal visit is timed on a "
                                             "matter.", 8000)
                return None
            view.open_matter(shown.matter_id)
        self._show_page(view)
        self.menu_actions["refresh"].setEnabled(False)  # F5 starts the consultation here
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return view

    def resume_running_visit(self):
        """After an unlock or a restart: a visit still running opens Visit mode again."""
        try:
            running = self.services.visits.running()
        except CasebookError:
            return None
        if not running:
            return None
        view = self.show_visit_mode(running[-1].id)
        if len(running) > 1:
            self.statusBar().showMessage(f"{len(running)} legal visits are still running; this is the "
                                         "latest.", 10000)
        return view

    def _after_visit_stopped(self) -> None:
        if self.client_view is not None:
            view = getattr(getattr(self.client_view, "matters", None), "view", None)
            if view is not None and view.matter_id is not None:
                self._safely(view.refresh)

    def show_claims(self):
        if self._torn_down:
            return None
        if self.claims_view is None:
            from ui.views.claims import ClaimsView

            self.claims_view = ClaimsView(self.services)
            self.claims_view.leave_requested.connect(self._leave_page)
            self.claims_view.rates_requested.connect(self.hourly_rates)
        self._leaving_page()  # from Visit mode: F5 is Refresh again
        self._show_page(self.claims_view)
        self._safely(self.claims_view.refresh)
        self.claims_view.month.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.claims_view

    def record_time(self):
        """Ctrl+T: the add-time dialog for the matter on screen (the matter view, or Visit mode's)."""
        view = self._shown_matter_view()
        if view is not None:
            view.tabs.setCurrentWidget(view.time)
            return view.time.add_time()
        if self.visit_view is not None and self.stack.currentWidget() is self.visit_view \
                and self.visit_view.matter_id is not None:
            from ui.dialogs.time_dialog import TimeEntryDialog
            from ui.widgets import form

            dlg = TimeEntryDialog(self.services, self.visit_view.matter_id, parent=self)
            if form.run_dialog(dlg):
                self.statusBar().showMessage("Time recorded.", 5000)
                return dlg.saved_id
            return None
        self.statusBar().showMessage("Open a client's matter first: time is recorded on a matter.", 8000)
        return None

    def hourly_rates(self, scheme_id: str = "") -> bool:
        from ui.dialogs.rates_dialog import RatesDialog
        from ui.widgets import form

        saved = form.run_dialog(RatesDialog(self.services, scheme_id or None, parent=self))
        if saved and not self._torn_down:
            self.statusBar().showMessage("Hourly rates saved.", 5000)
            view = self._shown_matter_view()
            if view is not None:
                self._safely(view.time.refresh)
            if self.claims_view is not None and self.stack.currentWidget() is self.claims_view:
                self._safely(self.claims_view.refresh)
        return bool(saved)

    def _update_export_menu(self) -> None:
        on = self._shown_matter_view() is not None
        for key in ("export_chronology", "export_bundle"):
            self.menu_actions[key].setEnabled(on)

    def _export_matter(self, what: str):
        view = self._shown_matter_view()
        if view is None:
            self.statusBar().showMessage("Open a client's matter first: exports are of one matter.", 8000)
            return None
        self.client_view.show_tab("matters")
        return view.export_chronology() if what == "chronology" else view.export_bundle()

    def backup(self) -> None:
        from ui.dialogs.backup import choose_destination

        dest = choose_destination(self, self.session.cb)
        if dest is not None and not self._torn_down:  # the casebook may have locked meanwhile
            self.start_backup(dest)

    def start_backup(self, dest):
        from ui.dialogs.backup import start_backup

        job = start_backup(self, self.session.cb, dest)
        job.succeeded.connect(lambda path: self.statusBar().showMessage(f"Backup written to {path}.", 10000))
        job.was_cancelled.connect(lambda: self.statusBar().showMessage("Backup cancelled; nothing was "
                                                                       "written.",
                                                                       8000))
        job.failed.connect(lambda msg: QMessageBox.warning(self, "Backup not written",
                                                           msg[:1].upper() + msg[1:]))
        return job

    def change_passphrase(self) -> None:
        from ui.dialogs.passphrase import ChangePassphraseDialog

        d = ChangePassphraseDialog(self.session.cb, self)
        if d.exec() == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage("Passphrase changed.", 8000)

    def preferences(self) -> None:
        PreferencesDialog(self).exec()

    def _edit(self, method: str) -> None:
        """Edit menu → the focused widget: its slot if it has one (line and text edits), otherwise the
        key press itself (item views copy their current cell on Ctrl+C), so the menu's shortcuts never
        take a key away from the widget that would have handled it."""
        w = QApplication.focusWidget()
        if w is None:
            return
        fn = getattr(w, method, None)
        if callable(fn):
            fn()
            return
        action = self.menu_actions.get(_EDIT_ACTIONS.get(method, ""))
        seq = action.shortcut() if action is not None else QKeySequence()
        if seq.isEmpty():
            return
        combo = seq[0]
        # Straight to the widget's handler: through the application the shortcut map would route the
        # key back to this very action.
        w.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, combo.key(), combo.keyboardModifiers()))

    def _toggle_navigator(self) -> None:
        self.navigator.setVisible(not self.navigator.isVisible())
        self.menu_actions["show_navigator"].setChecked(self.navigator.isVisible())

    #: The keys that work inside the pages (Help → Keyboard shortcuts listed only the menu's): without
    #: them a keyboard user could not find how to add, open or delete a record.
    PAGE_KEYS = (
        ("Add to the list that has the focus (a sentence, an event, a challenge …); on a laptop "
         "without an Insert key, its Add… button", "Insert"),
        ("Open or edit the selected row", "Enter"),
        ("Delete the selected row (asks first)", "Delete"),
        ("Add a chronology event", "Ctrl+Shift+N"),
        ("Import a document (Documents tab)", "Ctrl+I"),
        ("Go to a tab", "Alt + its underlined letter"),
        ("Move through the fields and buttons", "Tab, Shift+Tab"),
        ("Save a form / close it without saving", "Enter / Esc"),
    )

    def shortcuts_html(self) -> str:
        rows = []
        for key in ("new_client", "find", "go_to_client", "record_time", "this_week", "clients", "visit_mode",
                    "claims", "refresh", "show_navigator", "backup", "lock", "shortcuts", "quit"):
            a = self.menu_actions[key]
            rows.append(f"<tr><td>{a.text().replace('&', '')}</td><td>&nbsp;&nbsp;<b>"
                        f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>")
        rows.append("<tr><td colspan='2'><br><b>In the pages</b></td></tr>")
        rows += [f"<tr><td>{what}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>"
                 for what, keys in self.PAGE_KEYS]
        return "<table>" + "".join(rows) + "</table>"

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_html())

    def about(self) -> None:
        QMessageBox.about(
            self, "About Casebook",
            f"<h3>Casebook {CASEBOOK_VERSION}</h3>"
            "<p>An offline, encrypted casebook for prison-law and Parole Board work in England and Wales.</p>"
            "<p>Everything is kept in one SQLCipher 4 file on this computer. Nothing is sent anywhere.</p>")

    def _safely(self, fn) -> None:
        try:
            fn()
        except CasebookError as exc:
            self.statusBar().showMessage(exc.message[:1].upper() + exc.message[1:], 10000)

    # ------------------------------------------------------------------ geometry and teardown
    def _restore_geometry(self) -> None:
        geo = self._settings.get(settings_mod.MAIN_GEOMETRY)
        if geo:
            self.restoreGeometry(QByteArray(geo))
        else:  # 1280×800, or less high where the screen is (a 1366×768 laptop leaves about 728)
            avail = self.screen().availableGeometry() if self.screen() is not None else None
            if avail is None or not avail.isValid():
                self.resize(1280, 800)
            else:
                self.resize(1280, min(800, avail.height() - self.SCREEN_MARGIN))
        split = self._settings.get(settings_mod.SPLITTER_STATE)
        if split:
            self.splitter.restoreState(QByteArray(split))

    def save_geometry(self) -> None:
        self._settings.set(settings_mod.MAIN_GEOMETRY, bytes(self.saveGeometry().data()))
        self._settings.set(settings_mod.SPLITTER_STATE, bytes(self.splitter.saveState().data()))

    def teardown(self) -> None:
        """Drop every model and view (the casebook is locking). The window can only be closed after."""
        if self._torn_down:
            return
        self._torn_down = True
        from ui import integrity

        integrity.stop(self)
        self.save_geometry()
        from ui import viewer

        # Viewers hold decrypted pages: closed now, their places kept in memory to reopen after unlock.
        viewer.close_all_for_lock(self.session.path if self.session is not None else None)
        self.search_panel.clear()
        self.navigator.clear()
        # Visit mode saves the attendance note as typed before anything closes (the visit keeps running).
        for w in (self.visit_view, self.claims_view, self.client_view, self.dashboard):
            if w is None:
                continue
            clear = getattr(w, "clear", None)
            if callable(clear):
                try:
                    clear()
                except Exception as exc:  # noqa: BLE001 - locking must always complete
                    log.warning("could not clear %s: %s", type(w).__name__, type(exc).__name__)
            self.stack.removeWidget(w)
            w.hide()
            w.setParent(None)
            w.deleteLater()
        self.client_view = None
        self.dashboard = None
        self.visit_view = None
        self.claims_view = None
        if self.banner is not None:
            self.banner.deleteLater()
            self.banner = None
        self.services = None
        self.session = None

    def changeEvent(self, event) -> None:
        # The OS switched between light and dark: redraw the monochrome icons in the new text colour.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) \
                and not self._torn_down:
            self._retint()
        super().changeEvent(event)

    def _retint(self) -> None:
        for a in self.menu_actions.values():
            name = a.property("casebook_icon")
            if name:
                a.setIcon(icon(name))
        self._padlock.setPixmap(icon("padlock").pixmap(QSize(14, 14), self.devicePixelRatioF()))
        self.navigator.home_button.setIcon(icon("this-week"))

    @property
    def torn_down(self) -> bool:
        return self._torn_down

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._torn_down:
            # Closing the window quits the app (the shell locks and closes the file first).
            event.ignore()
            QTimer.singleShot(0, self.quit_requested.emit)
            return
        super().closeEvent(event)
