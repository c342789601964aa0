"""Inline-error form helpers shared by every dialog and editable view.

The pattern (one for the whole app):

* a :class:`Form` lays fields out in a ``QFormLayout``; each field is registered under the *service's*
  field name (``prison_number``, ``sentence_date`` …) with its visible label;
* the dialog collects values and calls the service; a :class:`casebook.errors.ValidationError` comes
  back with ``.errors = {field: message}`` and :meth:`Form.show_errors` puts each message in a label
  right under its own field ("Prison number must be a letter, four digits and two letters …"), sets
  the widget's accessible description to it and focuses the first bad field. Nothing was saved: the
  services validate every field before they write anything;
* :class:`FormDialog` keeps OK enabled; pressing it runs :meth:`FormDialog.save`; a failed save keeps
  the dialog open with the messages shown; Esc cancels.

Modal entry points go through :func:`run_dialog` and :func:`confirm` so tests can drive them without a
nested event loop (monkeypatch ``ui.widgets.form.run_dialog`` / ``confirm``).
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import CasebookError, ValidationError
from ui import drafts
from ui.widgets import ERROR_COLOUR, ERROR_COLOUR_DARK, error_colour
from ui.widgets.date_edit import DateEdit


def mark_as_error(label: QLabel) -> None:
    label.setStyleSheet(f"color: {error_colour()};")


def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True if it was accepted. Tests replace this function."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str = "Delete") -> bool:
    """Ask before something destructive. The safe choice (Cancel) is the default button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the text may quote client data: never HTML
    box.setText(text)
    ok = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def confirm_discard(parent: QWidget | None, what: str) -> bool:
    """Asked when a form with unsaved changes is cancelled (Esc, Cancel, the window's close button):
    True to throw the changes away. "Keep editing" is the default and what Esc answers."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Discard changes?")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Discard what you typed in “{what}”? It has not been saved.")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something went wrong that is not a field error (e.g. the record has gone)."""
    QMessageBox.information(parent, title, text)


def uppercase_as_you_type(edit: QLineEdit) -> None:
    """Upper-case what the user types (prison numbers, PNC/CRO check letters), keeping the cursor."""

    def on_edited(text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = edit.cursorPosition()
            edit.setText(upper)
            edit.setCursorPosition(pos)

    edit.textEdited.connect(on_edited)


def fill_combo(combo: QComboBox, options: dict[str, str] | list[tuple[Any, str]],
               current: Any = None) -> None:
    """Fill ``combo`` with (code → label) items; the code is the item data. Selects ``current``."""
    combo.clear()
    items = options.items() if isinstance(options, dict) else options
    for code, label in items:
        combo.addItem(label, code)
    set_combo(combo, current)


def set_combo(combo: QComboBox, code: Any) -> None:
    i = combo.findData(code)
    if i < 0 and code is None:
        i = combo.findData("")
    combo.setCurrentIndex(max(i, 0))


def combo_value(combo: QComboBox) -> Any:
    return combo.currentData()


class Form:
    """A ``QFormLayout`` whose rows are keyed by service field names and can show inline errors."""

    def __init__(self, layout: QFormLayout | None = None) -> None:
        self.layout = layout or QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.general = QLabel()
        self.general.setWordWrap(True)
        mark_as_error(self.general)
        self.general.setAccessibleName("Form errors")
        self.general.hide()
        self.layout.addRow(self.general)

    def add(self, name: str, label: str, widget: QWidget, *, help_text: str = "") -> QWidget:
        """Add ``widget`` as the field ``name`` with a visible ``label`` (with an & mnemonic)."""
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        if help_text:
            hint = QLabel(help_text)
            hint.setWordWrap(True)
            # the field's width
            hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            hint.setEnabled(False)  # the palette's disabled text colour: a quiet hint
            box.addWidget(hint)
        err = QLabel()
        err.setTextFormat(Qt.TextFormat.PlainText)
        err.setWordWrap(True)
        err.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        mark_as_error(err)
        err.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        err.hide()
        box.addWidget(err)
        row_label = QLabel(label)
        row_label.setBuddy(widget)
        self.layout.addRow(row_label, container)
        plain = label.replace("&", "")
        widget.setAccessibleName(plain)
        self.fields[name] = widget
        self.labels[name] = plain
        self.error_labels[name] = err
        if isinstance(widget, DateEdit):
            # A date is checked as soon as the user leaves the field, not only on Save; the message
            # goes as soon as the text becomes a real date.
            widget.editingFinished.connect(lambda n=name: self._check_date(n))
            widget.textChanged.connect(lambda _t, n=name: self._recheck_date(n))
        return widget

    def _set_error(self, name: str, message: str) -> None:
        err = self.error_labels[name]
        if message:
            text = f"{self.labels[name]} {message}"
            err.setText(text)
            err.show()
            self.fields[name].setAccessibleDescription(text)
        else:
            err.clear()
            err.hide()
            w = self.fields[name]
            default = getattr(w, "default_description", None)
            w.setAccessibleDescription(default() if default else "")

    def _check_date(self, name: str) -> None:
        w = self.fields[name]
        if w.text().strip():  # an empty required date is reported on Save, not while tabbing past
            self._set_error(name, w.error())

    def _recheck_date(self, name: str) -> None:
        if not self.error_labels[name].isHidden() and self.fields[name].isValid():
            self._set_error(name, "")

    # ------------------------------------------------------------------ errors
    def clear_errors(self) -> None:
        for name in self.error_labels:
            self._set_error(name, "")
        self.general.clear()
        self.general.hide()

    def message(self, name: str) -> str:
        """The inline message currently shown for field ``name`` ("" if none)."""
        err = self.error_labels.get(name)
        return err.text() if err is not None and not err.isHidden() else ""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its own field; unknown fields go to the general line at the top."""
        self.clear_errors()
        first: QWidget | None = None
        general: list[str] = []
        for name, msg in errors.items():
            if name in self.error_labels:
                self._set_error(name, msg)
                if first is None:
                    first = self.fields[name]
            elif name:
                general.append(f"{name.replace('_', ' ').capitalize()} {msg}")
            else:
                general.append(msg)
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


class FormDialog(QDialog):
    """A dialog around a :class:`Form`: Save runs :meth:`save`; a ValidationError keeps it open.

    Subclasses build their fields in ``self.form`` and implement :meth:`save`, which calls a service
    and returns the record id. ``saved_id`` holds it after a successful save.
    """

    save_label = "Save"

    def __init_subclass__(cls, **kwargs) -> None:
        """Remember how each dialog was opened (its constructor's arguments), so a lock can reopen it
        with the values typed so far (:mod:`ui.drafts`)."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None or getattr(init, "_records_args", False):
            return
        signature = inspect.signature(init)

        @functools.wraps(init)
        def recording_init(self, *args, **kw) -> None:
            if not hasattr(self, "_ctor_args"):
                bound = signature.bind(self, *args, **kw)
                self._ctor_args = {k: v for k, v in bound.arguments.items() if k != "self"}
            init(self, *args, **kw)

        recording_init._records_args = True
        cls.__init__ = recording_init

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.saved_id: int | None = None
        #: Combo boxes whose empty "Choose…" item means "not chosen yet".
        self.required_choices: dict[str, QComboBox] = {}
        self.form = Form()
        outer = QVBoxLayout(self)
        outer.addLayout(self.form.layout)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.save_label)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)
        outer.addWidget(self.buttons)
        # The dialog is never smaller than what it holds: help text, a note under a field or an error
        # message that appears makes it grow instead of overlapping the fields below (a minimum
        # width set on the dialog itself would switch that off, so the button row carries it).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.buttons.setMinimumWidth(460 - outer.contentsMargins().left() - outer.contentsMargins().right())

    @property
    def save_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def save(self) -> int | None:  # pragma: no cover - abstract
        raise NotImplementedError

    #: Room kept below a dialog for the window's title bar and frame, and the taskbar's edge.
    SCREEN_MARGIN = 48

    def available_height(self) -> int:
        """How tall the dialog may be on its screen (0 if unknown)."""
        screen = self.screen()
        return max(screen.availableGeometry().height() - self.SCREEN_MARGIN, 0) if screen is not None else 0

    def scroll_form(self) -> None:
        """Put the form in a scroll area (the buttons stay under it, always in view)."""
        if getattr(self, "form_scroll", None) is not None:
            return
        from PySide6.QtWidgets import QFrame, QScrollArea

        outer = self.layout()
        outer.removeItem(self.form.layout)
        inner = QWidget()
        inner.setLayout(self.form.layout)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(inner)
        outer.insertWidget(0, self.form_scroll, 1)

    def _grow_to_fit(self) -> None:
        """Messages add lines: grow the dialog so none is clipped (never shrink what the user sized) — but
        never past the screen: a form taller than that scrolls, its Save and Cancel kept in view (the
        sentence form with a few messages grew to 732 pixels, its buttons under a 768-pixel laptop's
        taskbar)."""
        layout = self.layout()
        layout.invalidate()
        layout.activate()
        limit = self.available_height()
        want = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        want = max(want, self.sizeHint().height(), self.minimumSizeHint().height())
        if limit and want > limit:
            if getattr(self, "form_scroll", None) is None:
                form_width = self.form.layout.geometry().width()
                self.scroll_form()
                self.fix_tab_order()  # moving the fields into the scroll area moved them in the focus chain
                layout.invalidate()
                layout.activate()
                # Room for the fields and the scroll bar beside them (else they are cut at the right).
                margins = self.form.layout.contentsMargins()
                need = (form_width + margins.left() + margins.right()
                        + self.form_scroll.verticalScrollBar().sizeHint().width())
                self.resize(self.width() + max(0, need - self.form_scroll.width()), self.height())
                layout.invalidate()
                layout.activate()
            want = limit
        if want > self.height():
            self.resize(self.width(), want)

    def event(self, e) -> bool:
        # Whenever the layout changes (a note under a field, help text, an error), make room for it:
        # wrapped text needs more height than the layout's minimum says (height for width).
        handled = super().event(e)
        if e.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._grow_to_fit()
        return handled

    def fix_tab_order(self) -> None:
        """Tab runs down the fields in the order they were added, then to Save and Cancel (the
        button box is built first, so Qt's default order would start there)."""
        chain: list[QWidget] = [w for w in self.form.fields.values()
                                if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        chain += list(self.buttons.buttons())
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def showEvent(self, event) -> None:
        if not getattr(self, "_tab_order_fixed", False):
            self._tab_order_fixed = True
            self.fix_tab_order()
        drafts.dialog_shown(self)
        super().showEvent(event)
        if getattr(self, "_shown_values", None) is None:
            self._shown_values = self.draft_values()  # what "unchanged" means for cancel()
        self._grow_to_fit()

    # ------------------------------------------------------------------ cancelling
    def has_unsaved_changes(self) -> bool:
        """Has anything been typed or chosen since the dialog was shown (or is it a draft kept over a
        lock, never saved)?"""
        if getattr(self, "restored_note", None) is not None:
            return True
        shown = getattr(self, "_shown_values", None)
        return shown is not None and self.draft_values() != shown

    def cancel(self) -> None:
        """The user's Cancel or Esc: close without saving, asking first if that would throw away what
        was typed (Esc once used to lose a long note without a word). A program closing the dialog
        (a lock keeps it as a draft) calls reject() and is never asked."""
        if self.has_unsaved_changes() and not confirm_discard(self, self.windowTitle()):
            return
        self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if (event.spontaneous() and self.isVisible() and self.has_unsaved_changes()
                and not confirm_discard(self, self.windowTitle())):
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        drafts.dialog_closed(self)
        super().done(result)

    # ------------------------------------------------------------------ drafts (kept over a lock)
    def draft_values(self) -> dict[str, Any]:
        """Every field's value as typed, by field name (memory only: see :mod:`ui.drafts`)."""
        return {name: _widget_value(w) for name, w in self.form.fields.items()}

    def restore_draft(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            w = self.form.fields.get(name)
            if w is not None:
                _set_widget_value(w, value)

    def show_restored_note(self, text: str) -> None:
        """A calm line at the top of a dialog reopened after unlock."""
        from ui.widgets import MessageLabel

        if getattr(self, "restored_note", None) is None:
            self.restored_note = MessageLabel()
            self.restored_note.setAccessibleName("Restored draft")
            self.layout().insertWidget(0, self.restored_note)
        self.restored_note.show_message(text, "info")

    def accept(self) -> None:
        """Try to save; on a validation failure show the messages and stay open."""
        self.form.clear_errors()
        try:
            self.saved_id = self.save()
        except ValidationError as exc:
            errors = dict(exc.errors)
            for name, combo in self.required_choices.items():
                if name in errors and not combo.currentData():
                    errors[name] = "is required: choose one"  # not the service's list of codes
            self.form.show_errors(errors)
            self._grow_to_fit()
            return
        except CasebookError as exc:  # e.g. the record was deleted meanwhile
            self.form.show_errors({"": exc.message})
            self._grow_to_fit()
            return
        super().accept()


def _widget_value(w: QWidget) -> Any:
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QLineEdit):  # also DateEdit: the text as typed, even if not a date yet
        return w.text()
    if isinstance(w, QComboBox):
        return (w.currentData(), w.currentIndex())
    if isinstance(w, QAbstractButton):
        return w.isChecked()
    if isinstance(w, QAbstractSpinBox):
        return w.value()
    return None


def _set_widget_value(w: QWidget, value: Any) -> None:
    if value is None and not isinstance(w, QComboBox):
        return
    if isinstance(w, QPlainTextEdit):
        w.setPlainText(value)
    elif isinstance(w, QLineEdit):
        w.setText(value)
    elif isinstance(w, QComboBox):
        data, index = value
        i = w.findData(data) if data is not None else -1
        w.setCurrentIndex(i if i >= 0 else min(index, w.count() - 1))
    elif isinstance(w, QAbstractButton):
        w.setChecked(bool(value))
    elif isinstance(w, QAbstractSpinBox):
        w.setValue(value)


def table_defaults(view: QAbstractItemView) -> None:
    """Row selection, one row at a time, alternating colours: how every record table behaves."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in native list views


def column_chooser(view, keys: list[str], setting, *, required: tuple[str, ...] = ()) -> None:
    """Right-click a table's header to show or hide its columns; the choice is kept in ``setting``
    (a list of hidden column keys — UI state only, never data). At least one column stays shown, and
    the ``required`` ones always (e.g. the column that marks an unconfirmed rule)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from ui import settings as settings_mod

    header = view.horizontalHeader()

    def apply() -> None:
        hidden = set(settings_mod.settings().get(setting)) - set(required)
        if len(hidden & set(keys)) >= len(set(keys) - set(required)):  # nothing but the required left
            hidden = set()
        for i, key in enumerate(keys):
            view.setColumnHidden(i, key in hidden)

    def toggle(key: str, shown: bool) -> None:
        hidden = [k for k in settings_mod.settings().get(setting) if k != key]
        if not shown:
            hidden.append(key)
        settings_mod.settings().set(setting, hidden)
        apply()

    def menu(pos) -> None:
        m = QMenu(header)
        shown = [k for i, k in enumerate(keys) if not view.isColumnHidden(i)]
        for i, key in enumerate(keys):
            label = str(view.model().headerData(i, Qt.Orientation.Horizontal) or key)
            act = QAction(label, m)
            act.setCheckable(True)
            act.setChecked(key in shown)
            act.setEnabled(key not in required and not (key in shown and len(shown) == 1))
            act.toggled.connect(lambda on, k=key: toggle(k, on))
            m.addAction(act)
        m.exec(header.mapToGlobal(pos))

    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(menu)
    header.setToolTip("Right-click to choose the columns")
    view.choose_columns = toggle  # for keyboard users' menu actions and for tests
    apply()


def value_label() -> QLabel:
    """A read-only value on a details panel: plain text (client data is never read as HTML), wrapped,
    selectable with the mouse to copy it but not a Tab stop (Tab goes from action to action)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def action_button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    """A push button that calls ``slot()``, with its tooltip and an accessible name without the "&"."""
    b = QPushButton(text)
    b.setToolTip(tip)
    b.setAccessibleName(text.replace("&", "").rstrip("…"))
    b.clicked.connect(lambda _checked=False: slot())
    return b


def on_keys(view: QWidget, handlers: dict[Any, Callable[[], None]]) -> None:
    """Route plain key presses on ``view`` (Return, Enter, Delete, Insert …) to ``handlers``.

    An event filter rather than QShortcut: the keys only act while the table itself has focus, so
    Delete in a text field never deletes a record.
    """
    from PySide6.QtCore import QEvent, QObject

    class _Filter(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.KeyPress and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier
            ):
                fn = handlers.get(event.key())
                if fn is not None:
                    fn()
                    return True
            return False

    f = _Filter(view)
    view.installEventFilter(f)
    view._key_filter = f  # keep a reference


__all__ = [
    "ERROR_COLOUR",
    "ERROR_COLOUR_DARK",
    "Form",
    "FormDialog",
    "combo_value",
    "confirm",
    "error_colour",
    "fill_combo",
    "inform",
    "mark_as_error",
    "on_keys",
    "run_dialog",
    "set_combo",
    "table_defaults",
    "uppercase_as_you_type",
]
