"""Visit mode (issue 14): a legal visit at the prison, timed with one key, with the attendance note.

A big, calm screen for the laptop on the table in the legal-visits room. Before the visit starts it
asks for the prison, the booked slot and who is attending; then **F5** starts the consultation, **F6**
waiting and **F7** travel (also buttons) — the first key starts the visit in that phase, every later
key switches phase (``svc.visits.start`` / ``switch``: saved at once, so a lock, a crash or a restart
never loses a started visit). The phase and its time are shown large; the time is read from
``svc.visits.elapsed`` every second (the services' clock: nothing here reads the wall clock).

The note pad is the visit's attendance note (a "Legal visit" note on the client's notes, found by the
search): saved through ``svc.visits.set_note`` a moment after the typing stops, and at once when the
casebook locks, when Visit mode is left and when the visit is stopped — a keystroke is never lost.
**Stop** records the mileage and who attended; the visit's travel, waiting and consultation become
time entries on the matter.

After an unlock or a restart the main window reopens Visit mode on a running visit
(``svc.visits.running()``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.errors import CasebookError, NotFound, ValidationError
from casebook.services.visits import PHASES
from ui.models.time_model import activity_text
from ui.widgets import MessageLabel, semantic
from ui.widgets.form import Form

log = logging.getLogger(__name__)

#: One key per phase (and its button).
PHASE_KEYS = {"consultation": "F5", "waiting": "F6", "travel": "F7"}
#: How long after the last keystroke the note is saved.
NOTE_DELAY_MS = 1500
TICK_MS = 1000


def clock_text(seconds: int) -> str:
    """3725 → "1:02:05"; 65 → "0:01:05"."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


def short_text(seconds: int) -> str:
    """3725 → "1 h 2 min"; 59 → "0 min"."""
    m = max(0, int(seconds)) // 60
    h, m = divmod(m, 60)
    return f"{h} h {m} min" if h else f"{m} min"


def _big(label: QLabel, scale: float, bold: bool = False) -> QLabel:
    f = QFont(label.font())
    f.setPointSizeF(max(9.0, f.pointSizeF()) * scale)
    f.setBold(bold)
    label.setFont(f)
    return label


class VisitModeView(QWidget):
    """``VisitModeView(services)``; :meth:`open_matter` (a visit not started yet) or :meth:`open_visit`.

    ``leave_requested`` asks the main window to go back to the casebook (the visit keeps running);
    ``changed`` follows a stop (the matter has new time entries)."""

    leave_requested = Signal()
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName("Visit mode")
        self.matter_id: int | None = None
        self.visit_id: int | None = None
        self._note_dirty = False
        self._loading = False

        self.title = _big(QLabel(), 1.35, bold=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName("Legal visit")
        self.leave_button = QPushButton("Back to the casebook")
        self.leave_button.setToolTip("The visit keeps running: Visit mode (Ctrl+3) returns to it")
        self.leave_button.clicked.connect(lambda _c=False: self.leave())
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.leave_button)

        # ---------------------------------------------------------------- before the visit starts
        self.setup = QWidget()
        self.setup_form = Form(QFormLayout())
        self.prison = self.setup_form.add("prison", "&Prison", QLineEdit())
        self.prison.setPlaceholderText("e.g. HMP Wakefield")
        self.booked_slot = self.setup_form.add("booked_slot", "&Booked slot", QLineEdit())
        self.booked_slot.setPlaceholderText("HH:MM-HH:MM, e.g. 09:30-11:30")
        self.attendees = self.setup_form.add("attendees", "&Attending", QLineEdit())
        self.attendees.setPlaceholderText("e.g. the client; counsel; an interpreter")
        sv = QVBoxLayout(self.setup)
        sv.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Press a key to start the visit in that phase: F7 travel (on the way to the prison), "
                      "F6 waiting, F5 consultation. Every change of phase is saved at once.")
        hint.setWordWrap(True)
        sv.addLayout(self.setup_form.layout)
        sv.addWidget(hint)
        sv.addStretch(1)

        # ---------------------------------------------------------------- the clock
        self.phase_label = _big(QLabel(), 2.2, bold=True)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setAccessibleName("Phase")
        self.clock = _big(QLabel("0:00:00"), 4.5)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setAccessibleName("Time in this phase")
        self.clock.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.per_phase: dict[str, QLabel] = {}
        sums = QGridLayout()
        for i, phase in enumerate(("travel", "waiting", "consultation")):
            cap = QLabel(PHASES[phase])
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            val = _big(QLabel("0 min"), 1.25)
            val.setAlignment(Qt.AlignmentFlag.AlignCenter)
            val.setAccessibleName(f"{PHASES[phase]} so far")
            self.per_phase[phase] = val
            sums.addWidget(cap, 0, i)
            sums.addWidget(val, 1, i)
        cap = QLabel("Total")
        cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.total = _big(QLabel("0 min"), 1.25, bold=True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.total.setAccessibleName("Total so far")
        sums.addWidget(cap, 0, 3)
        sums.addWidget(self.total, 1, 3)

        self.phase_buttons: dict[str, QPushButton] = {}
        keys = QHBoxLayout()
        for phase in ("consultation", "waiting", "travel"):
            b = QPushButton(f"{PHASES[phase]}  ({PHASE_KEYS[phase]})")
            b.setCheckable(True)
            b.setMinimumHeight(b.sizeHint().height() * 2)
            _big(b, 1.2)
            b.setAccessibleName(f"Start {PHASES[phase].lower()}")
            b.setToolTip(f"Start {PHASES[phase].lower()} ({PHASE_KEYS[phase]})")
            b.clicked.connect(lambda _c=False, p=phase: self.press(p))
            self.phase_buttons[phase] = b
            keys.addWidget(b)
            sc = QShortcut(QKeySequence(PHASE_KEYS[phase]), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda p=phase: self.press(p))

        clock_box = QFrame()
        clock_box.setFrameShape(QFrame.Shape.StyledPanel)
        cv = QVBoxLayout(clock_box)
        cv.addStretch(1)
        cv.addWidget(self.phase_label)
        cv.addWidget(self.clock)
        cv.addStretch(1)
        sums.setVerticalSpacing(2)
        cv.addLayout(sums)
        cv.addStretch(1)
        self.clock_box = clock_box

        # ---------------------------------------------------------------- the note
        note_caption = QLabel("Attendance &note")
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Attendance note")
        self.note.setPlaceholderText("The attendance note: saved as you type, found by the search.")
        nf = QFont(self.note.font())
        nf.setPointSizeF(max(9.0, nf.pointSizeF()) * 1.15)
        self.note.setFont(nf)
        note_caption.setBuddy(self.note)
        self.note.textChanged.connect(self._on_note_changed)
        self.note_state = QLabel()
        self.note_state.setAccessibleName("Note saved")
        self.note_state.setStyleSheet(f"color: {semantic('muted').name()};")
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)

        # ---------------------------------------------------------------- stop
        self.stop_form = Form(QFormLayout())
        self.mileage = self.stop_form.add("mileage", "&Mileage", QLineEdit())
        self.mileage.setPlaceholderText("miles, e.g. 42")
        self.stop_attendees = self.stop_form.add("attendees", "Atte&nded", QLineEdit())
        self.stop_button = QPushButton("&Stop visit")
        self.stop_button.setToolTip("Stop the timer: travel, waiting and the consultation become time "
                                    "entries on the matter")
        self.stop_button.clicked.connect(lambda _c=False: self.request_stop())
        self.message = MessageLabel()

        right = QVBoxLayout()
        right.addWidget(note_caption)
        right.addWidget(self.note, 1)
        right.addWidget(self.note_state)
        stop_box = QFrame()
        stop_box.setFrameShape(QFrame.Shape.StyledPanel)
        sb = QVBoxLayout(stop_box)
        sb.addLayout(self.stop_form.layout)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.stop_button)
        sb.addLayout(row)
        self.stop_box = stop_box
        right.addWidget(stop_box)

        left = QVBoxLayout()
        left.addWidget(self.setup, 1)
        left.addWidget(clock_box, 1)
        left.addLayout(keys)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_MS)
        self._tick_timer.timeout.connect(self.tick)
        self._show_state()

    # ------------------------------------------------------------------ opening
    def _describe(self, matter_id: int) -> str:
        try:
            m = self.services.matters.get(matter_id)
            c = self.services.clients.get(m.client_id)
        except NotFound:
            return "Legal visit"
        return f"Legal visit — {c.name}, {m.title or m.type_label}"

    def open_matter(self, matter_id: int) -> None:
        """Get ready for a new visit on ``matter_id`` (nothing is saved until a phase key is pressed)."""
        self.save_note()
        self.matter_id = matter_id
        self.visit_id = None
        self.message.clear_message()
        self.title.setText(self._describe(matter_id))
        self._loading = True
        for w in (self.prison, self.booked_slot, self.attendees, self.mileage, self.stop_attendees):
            w.clear()
        self.note.clear()
        self._loading = False
        self._note_dirty = False
        self.note_state.clear()
        self._show_state()
        self.prison.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_visit(self, visit_id: int) -> None:
        """Show a visit (a running one: the clock runs; the note as saved)."""
        self.save_note()
        v = self.services.visits.get(visit_id)
        self.visit_id = visit_id
        self.matter_id = v.matter_id
        self.message.clear_message()
        where = f" at {v.prison}" if v.prison else ""
        self.title.setText(self._describe(v.matter_id) + where)
        self._loading = True
        self.note.setPlainText(self._note_text(v))
        self.note.moveCursor(QTextCursor.MoveOperation.End)  # go on writing where the note ends
        self.stop_attendees.setText(v.attendees or "")
        self.mileage.setText(v.mileage or "")
        self._loading = False
        self._note_dirty = False
        self.note_state.setText("Note saved." if v.note_id else "")
        self._show_state()
        self.tick()
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def _note_text(self, v) -> str:
        if v.note_id is None:
            return ""
        try:
            return self.services.notes.get(v.note_id).text
        except NotFound:
            return ""

    @property
    def running(self) -> bool:
        return self.visit_id is not None and self._tick_timer.isActive()

    def _show_state(self) -> None:
        started = self.visit_id is not None
        try:
            running = started and self.services.visits.get(self.visit_id).running
        except NotFound:
            running = False
        self.setup.setVisible(not started)
        self.clock_box.setVisible(started)
        self.stop_box.setVisible(running)
        # Nothing is typed before the visit starts: a note with no visit to save it to could be lost by
        # a lock; the first phase key starts the visit and opens the pad.
        self.note.setReadOnly(not running)
        self.note.setPlaceholderText(
            "The attendance note: saved as you type, found by the search." if started else
            "Press F7 (travel), F6 (waiting) or F5 (consultation) to start the visit, then write the "
            "attendance note here: it is saved as you type.")
        for b in self.phase_buttons.values():
            b.setEnabled(self.matter_id is not None and (running or not started))
        if running:
            self._tick_timer.start()
        else:
            self._tick_timer.stop()
            for b in self.phase_buttons.values():
                b.setChecked(False)

    # ------------------------------------------------------------------ the timer
    def press(self, phase: str) -> None:
        """One key: start the visit in ``phase``, or switch to it."""
        if self.matter_id is None:
            return
        self.message.clear_message()
        try:
            if self.visit_id is None:
                self.setup_form.clear_errors()
                try:
                    self.visit_id = self.services.visits.start(
                        self.matter_id, phase=phase, prison=self.prison.text().strip(),
                        booked_slot=self.booked_slot.text().strip(), attendees=self.attendees.text().strip())
                except ValidationError as exc:
                    self.setup_form.show_errors(exc.errors)
                    return
                self.stop_attendees.setText(self.attendees.text().strip())
                self.open_visit(self.visit_id)
                if self._note_dirty or self.note.toPlainText():
                    self.save_note()
            else:
                v = self.services.visits.get(self.visit_id)
                if not v.running:
                    return
                if v.timer.get("phase") != phase:
                    self.services.visits.switch(self.visit_id, phase)
                self._show_state()
                self.tick()
        except CasebookError as exc:
            self.message.show_message(exc.message[:1].upper() + exc.message[1:])

    def tick(self) -> None:
        """Read the clock from the service (every second while the visit runs)."""
        if self.visit_id is None:
            return
        try:
            e = self.services.visits.elapsed(self.visit_id)
        except Exception as exc:  # noqa: BLE001 - the visit gone, or the casebook closed: the clock stops
            self._tick_timer.stop()
            log.warning("visit clock stopped: %s", type(exc).__name__)
            return
        phase = e["phase"]
        secs = e["seconds"]
        if phase:
            self.phase_label.setText(PHASES[phase])
            self.clock.setText(clock_text(secs[phase]))
        else:
            self.phase_label.setText("Visit stopped")
            self.clock.setText(clock_text(e["total"]))
        for p, label in self.per_phase.items():
            label.setText(short_text(secs.get(p, 0)))
        self.total.setText(short_text(e["total"]))
        for p, b in self.phase_buttons.items():
            b.setChecked(p == phase)
            f = b.font()
            if f.bold() != (p == phase):
                f.setBold(p == phase)
                b.setFont(f)

    # ------------------------------------------------------------------ the note
    def _on_note_changed(self) -> None:
        if self._loading:
            return
        self._note_dirty = True
        self.note_state.setText("Saving…")
        if self.visit_id is not None:
            self._note_timer.start()

    def save_note(self) -> bool:
        """Save the note now if it changed (the debounce, a lock, leaving, stopping). True if saved."""
        self._note_timer.stop()
        if not self._note_dirty or self.visit_id is None:
            return False
        text = self.note.toPlainText()
        try:
            v = self.services.visits.get(self.visit_id)
            if not text.strip() and v.note_id is None:
                self._note_dirty = False
                self.note_state.clear()
                return False
            self.services.visits.set_note(self.visit_id, text)
        except CasebookError as exc:
            self.note_state.setText("Note not saved: " + exc.message)
            log.warning("visit note not saved: %s", type(exc).__name__)
            return False
        self._note_dirty = False
        self.note_state.setText("Note saved.")
        return True

    # ------------------------------------------------------------------ stop and leave
    def request_stop(self) -> bool:
        """The Stop button: asked first (a stopped visit cannot be started again)."""
        from ui.widgets import form

        if self.visit_id is None or not form.confirm(
                self, "Stop the visit", "Stop the visit's timer?\n\nIts travel, waiting and consultation "
                "become time entries on the matter; the visit cannot be restarted.", yes="Stop visit"):
            return False
        return self.stop()

    def stop(self) -> bool:
        if self.visit_id is None:
            return False
        self.stop_form.clear_errors()
        self.message.clear_message()
        self.save_note()
        try:
            v = self.services.visits.stop(self.visit_id, mileage=self.mileage.text().strip(),
                                          attendees=self.stop_attendees.text().strip())
        except ValidationError as exc:
            self.stop_form.show_errors(exc.errors)
            return False
        except CasebookError as exc:
            self.message.show_message(exc.message[:1].upper() + exc.message[1:])
            return False
        self._show_state()
        self.tick()
        entries = self.services.time.for_visit(v.id)
        made = ", ".join(f"{activity_text(e.activity).lower()} {e.minutes} min" for e in entries) or "no time"
        self.message.show_message(f"Visit stopped on {format_date(v.date)}: recorded {made} on the matter.",
                                  "ok")
        self.changed.emit()
        return True

    def leave(self) -> None:
        self.save_note()
        self.leave_requested.emit()

    def hideEvent(self, event) -> None:
        self.save_note()
        super().hideEvent(event)

    def teardown(self) -> None:
        """The casebook is locking: save the note, stop the clock, forget the visit (it keeps running
        in the casebook and is shown again after unlock)."""
        try:
            self.save_note()
        finally:
            self._tick_timer.stop()
            self._note_timer.stop()
            self._loading = True
            self.note.clear()
            self._loading = False
            self.visit_id = None
            self.matter_id = None

    clear = teardown


__all__ = ["NOTE_DELAY_MS", "PHASE_KEYS", "VisitModeView", "clock_text", "short_text"]
