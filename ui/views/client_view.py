"""The client view: a header (who, where, category, MAPPA, age; Edit and Delete) above the tabs
declared in :mod:`ui.views.registry` (Overview, Chronology, Matters, Notes).

Contract with the main window (keep it):

* ``ClientView(services, parent=None)``
* ``set_client(client_id | None)`` — None shows a calm empty state;
* ``changed`` — emitted after any save or delete made in the view;
* ``focus_matter(matter_id)`` — select that matter (switching client if needed) and show its view;
* ``new_client()`` — opens the client dialog; returns the new id or None;
* ``clear()`` — drop everything shown and every model (on lock);
* ``tab(key)`` / ``show_tab(key)`` / ``current_tab_key()`` — the tabs by their registry key;
* ``place()`` / ``go_to(place)`` — where the user is, to come back to it after a lock.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import NotFound
from ui.dialogs.client_dialog import ClientDialog
from ui.views.overview import age_on, mappa_text
from ui.views.registry import CLIENT_TABS
from ui.widgets import form

EMPTY_TEXT = "Select a client, or press Ctrl+N to add one"


class ClientView(QWidget):
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None

        # -------------------------------------------------------------- empty state
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)  # quiet: the palette's disabled text colour
        self.empty.setAccessibleName(EMPTY_TEXT)

        # -------------------------------------------------------------- header
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)  # client data is never read as HTML
        self.name_label.setAccessibleName("Client name")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.name_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.name_label.setFont(f)
        self.facts_label = QLabel()
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label.setAccessibleName("Client summary")
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("Edit client…")
        self.edit_button.setToolTip("Edit this client's details")
        self.edit_button.clicked.connect(lambda: self.edit_client())
        self.delete_button = QPushButton("Delete client…")
        self.delete_button.clicked.connect(self.delete_client)
        head = QHBoxLayout()
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name_label)
        who.addWidget(self.facts_label)
        head.addLayout(who, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        # -------------------------------------------------------------- tabs
        # One entry per tab in ui.views.registry.CLIENT_TABS; each is also an attribute (self.notes …).
        # A tab is built the first time it is shown or asked for (self.notes, tab("notes")): until then
        # the tab bar holds an empty placeholder under the same title, so unlocking builds no tab and
        # the first client one, not ten (issue 15). A tab built later shows the current client at once.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Client tabs")
        self._index: dict[str, int] = {}
        self._tabs: dict[str, QWidget] = {}  # the tabs built so far
        self._swapping = False
        for i, spec in enumerate(CLIENT_TABS):
            placeholder = QWidget()
            placeholder.setAccessibleName(spec.accessible_name)
            self._index[spec.key] = i
            self.tabs.addTab(placeholder, spec.title)
        self.tabs.currentChanged.connect(self._on_tab_changed)

        page = QWidget()
        pv = QVBoxLayout(page)
        pv.addLayout(head)
        pv.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_client(None)

    # ------------------------------------------------------------------ contract
    def set_client(self, client_id: int | None) -> None:
        """Show ``client_id`` (None, or a client that no longer exists → the empty state)."""
        c = None
        if client_id is not None:
            try:
                c = self.services.clients.get(client_id)
            except NotFound:
                c = None
        if c is None:
            self.client_id = None
            self._drop_all()
            self.stack.setCurrentWidget(self.empty)
            return
        changed_client = c.id != self.client_id
        self.client_id = c.id
        self._fill_header(c)
        for tab in self._tabs.values():  # the tabs built so far; the others show it when built
            tab.set_client(c.id)
        if changed_client:
            self.tabs.setCurrentIndex(0)
        self._ensure(self.current_tab_key())
        self.stack.setCurrentWidget(self.page)

    def focus_matter(self, matter_id: int) -> None:
        """Select ``matter_id`` in the Matters tab and show its view (switching client if needed)."""
        try:
            m = self.services.matters.get(matter_id)
        except NotFound:
            return
        if m.client_id != self.client_id:
            self.set_client(m.client_id)
        self.matters.refresh()
        self.matters.focus_matter(matter_id)
        self.tabs.setCurrentWidget(self.matters)

    def tab(self, key: str) -> QWidget:
        """The tab registered as ``key`` in :data:`ui.views.registry.CLIENT_TABS` (built if it was not
        yet, showing the current client)."""
        if key not in self._index:
            raise KeyError(key)
        return self._ensure(key)

    def show_tab(self, key: str) -> QWidget:
        tab = self.tab(key)
        self.tabs.setCurrentWidget(tab)
        return tab

    def current_tab_key(self) -> str | None:
        i = self.tabs.currentIndex()
        return CLIENT_TABS[i].key if 0 <= i < len(CLIENT_TABS) else None

    def built_tabs(self) -> list[str]:
        """The keys of the tabs built so far (the others are placeholders until first shown)."""
        return [spec.key for spec in CLIENT_TABS if spec.key in self._tabs]

    def __getattr__(self, name: str):
        # self.overview, self.notes …: the tab, built on first use (see tab()).
        index = self.__dict__.get("_index")
        if index is not None and name in index:
            return self._ensure(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ------------------------------------------------------------------ building tabs
    def _on_tab_changed(self, index: int) -> None:
        if not self._swapping and 0 <= index < len(CLIENT_TABS):
            self._ensure(CLIENT_TABS[index].key)

    def _ensure(self, key: str | None) -> QWidget | None:
        """The tab ``key``, built on first use."""
        if key is None:
            return None
        tab = self._tabs.get(key)
        return tab if tab is not None else self._build(key)

    def _build(self, key: str) -> QWidget:
        i = self._index[key]
        spec = CLIENT_TABS[i]
        tab = spec.factory(self.services)
        tab.setAccessibleName(spec.accessible_name)
        tab.changed.connect(lambda src=tab: self._on_changed(src))
        activated = getattr(tab, "matter_activated", None)
        if activated is not None:
            activated.connect(self.focus_matter)
        place = getattr(tab, "place_requested", None)
        if place is not None:  # a matter's Letters tab: go where an empty field is filled
            place.connect(self.go_to_field)
        self._tabs[key] = tab
        setattr(self, key, tab)
        # The placeholder gives way to the tab at the same place, the same tab staying current.
        placeholder = self.tabs.widget(i)
        current = self.tabs.currentIndex()
        self._swapping = True
        self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(i)
            self.tabs.insertTab(i, tab, spec.title)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
            self._swapping = False
        placeholder.deleteLater()
        if self.client_id is not None:
            tab.set_client(self.client_id)
        return tab

    def place(self) -> dict:
        """Where the user is in this view (the client, the tab, and the tab's own place if it has one):
        kept in memory over a lock (:mod:`ui.drafts`)."""
        key = self.current_tab_key()
        inner = getattr(self._tabs.get(key) if key else None, "place", None)
        return {"client_id": self.client_id, "tab": key, "inner": inner() if callable(inner) else {}}

    def go_to(self, place: dict) -> None:
        if place.get("client_id") != self.client_id or place.get("tab") not in self._index:
            return
        tab = self.show_tab(place["tab"])
        go = getattr(tab, "go_to", None)
        if callable(go) and place.get("inner"):
            go(place["inner"])

    def go_to_field(self, dest: str, field: str = "") -> None:
        """Go where a letter's empty field is filled: the client's details (the client dialog, at that
        field) or one of the client's tabs."""
        if dest == "client":
            self.edit_client(field)
        elif dest in self._index:
            tab = self.show_tab(dest)
            target = getattr(tab, "table", None) or tab
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_client(self) -> int | None:
        """Open the client dialog; on save show the new client, emit ``changed`` and return its id."""
        dlg = ClientDialog(self.services, parent=self)
        if not form.run_dialog(dlg) or dlg.saved_id is None:
            return None
        self.set_client(dlg.saved_id)
        self.changed.emit()
        return dlg.saved_id

    def clear(self) -> None:
        """Forget the client and drop every model (the casebook is being locked)."""
        self.client_id = None
        self._drop_all()
        self.stack.setCurrentWidget(self.empty)

    # ------------------------------------------------------------------ header
    def _fill_header(self, c) -> None:
        self.name_label.setText(c.name)
        facts = [c.prison_number or "No prison number", c.prison or "Prison not recorded"]
        if c.category:
            facts.append(f"Category {c.category}")
        if mappa_text(c):
            facts.append(mappa_text(c))
        age = age_on(c.dob)
        if age is not None:
            facts.append(f"Age {age}")
        self.facts_label.setText("  ·  ".join(facts))

    def _drop_all(self) -> None:
        self.name_label.clear()
        self.facts_label.clear()
        for tab in self._tabs.values():
            tab.clear()

    # ------------------------------------------------------------------ changes
    def _on_changed(self, source: QWidget) -> None:
        """One tab saved something: bring the others (and the header) up to date, then tell the
        main window."""
        if self.client_id is None:
            return
        try:
            self._fill_header(self.services.clients.get(self.client_id))
        except NotFound:
            self.set_client(None)
            self.changed.emit()
            return
        for tab in self._tabs.values():
            if tab is not source:
                tab.refresh()
        self.changed.emit()

    def edit_client(self, focus: str = "") -> None:
        if self.client_id is None:
            return
        try:
            dlg = ClientDialog(self.services, self.client_id, parent=self)
            if focus in dlg.form.fields:
                dlg.form.fields[focus].setFocus()
            if form.run_dialog(dlg):
                self._fill_header(self.services.clients.get(self.client_id))
                self.overview.refresh()
                self.changed.emit()
        except NotFound:  # deleted meanwhile
            self.set_client(None)
            self.changed.emit()

    def delete_client(self) -> None:
        if self.client_id is None:
            return
        cid = self.client_id
        name = self.name_label.text()
        matters = self.services.matters.for_client(cid)
        n_events = len(self.services.chronology.for_client(cid))
        n_notes = len(self.services.notes.for_client(cid))
        n_sentences = len(self.services.clients.sentences(cid))
        parts = [_count(n_sentences, "sentence"), _count(len(matters), "matter"),
                 _count(n_events, "chronology event"), _count(n_notes, "note")]
        # Everything else deleted with them, named when there is any (the question named only the four
        # above, while the dossier imported into the casebook — its only copy — went too).
        docs = self.services.documents.for_client(cid)
        pages = sum(d.pages or 0 for d in docs)
        if docs:
            parts.append(_count(len(docs), "document") + (f" ({_count(pages, 'page')})" if pages else ""))
        for n, noun in ((len(self.services.assessments.for_client(cid)), "risk assessment"),
                        (len(self.services.risk_factors.for_client(cid)), "risk factor"),
                        (len(self.services.evidence.for_client(cid)), "item of evidence"),
                        (len(self.services.allegations.for_client(cid)), "allegation"),
                        (len(self.services.programmes.for_client(cid)), "programme referral"),
                        (len(self.services.contacts.list_for_client(cid)), "contact")):
            if n:
                parts.append(_count(n, noun))
        kept_only_here = (" The documents are kept only inside the casebook: export any you still need "
                          "first.") if docs else ""
        if not form.confirm(
            self, "Delete client",
            f"Delete {name} and everything recorded for them?\n\n"
            f"This also deletes their {_join(parts)}, with the deadlines computed from them."
            f"{kept_only_here} The audit log keeps a record that they were deleted. This cannot be undone.",
            yes="Delete client",
        ):
            return
        try:
            self.services.clients.delete(cid)
        except NotFound:
            pass
        self.set_client(None)
        self.changed.emit()


def _count(n: int, noun: str) -> str:
    if n != 1 and noun.startswith("item of "):
        return f"{n} items of {noun[len('item of '):]}"
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


__all__ = ["EMPTY_TEXT", "ClientView"]
