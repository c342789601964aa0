"""Regression test: values Qt hands back to Python as ``None`` must not lose references to None.

With PySide6 6.12.0 on Python 3.11 the app aborts with "Fatal Python error: none_dealloc" after a few
dozen client opens (on a 500-client casebook after about 40; about 290 references lost per open).
Measured here: 6.12.0 drops one reference to ``None`` each time an empty (invalid) ``QVariant``
comes back from Qt to Python — ``QModelIndex.data()`` / ``model.data()`` / ``headerData()`` for a
role the model does not answer (the Python override returns ``None`` to Qt, Qt returns it to the
caller), and likewise ``QComboBox.itemData()``, ``QAction.data()``, ``QObject.property()``.
When Qt only paints a view or sorts a proxy (C++ calls the Python override and keeps the answer)
6.12.0 loses nothing. 6.11.2, the pinned version, loses nothing anywhere.

Each test makes thousands of such calls, counts those that returned None, and checks that
``sys.getrefcount(None)`` has not fallen by more than a small slack (on 6.12.0 it falls by one per
call: 5,998 of 6,000 here).

Self-contained on purpose (only PySide6 and pytest-qt): to check another PySide6 version, install it
in a throwaway virtualenv with pytest and pytest-qt and run
``QT_QPA_PLATFORM=offscreen python -m pytest --noconftest tests/ui/test_pyside_leak.py``.
(On Python 3.12 and later None is immortal and its count never changes; the tests then pass.)
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTableView

DisplayRole = Qt.ItemDataRole.DisplayRole
# Lost references allowed per test: unrelated Python work (frames, caches) moves the count a little.
SLACK = 50


class NoneModel(QAbstractTableModel):
    """A table that, like Casebook's models, returns None for every role it does not handle."""

    def __init__(self, rows: int = 40, columns: int = 5) -> None:
        super().__init__()
        self._rows, self._columns = rows, columns
        self.none_answers = 0  # data()/headerData() calls that returned None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DisplayRole):
        if role == DisplayRole and index.isValid():
            return f"row {index.row()} column {index.column()}"
        self.none_answers += 1
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole):
        if role == DisplayRole:
            return f"Column {section}" if orientation == Qt.Orientation.Horizontal else str(section + 1)
        self.none_answers += 1
        return None


def _none_count() -> int:
    gc.collect()
    return sys.getrefcount(None)


def _assert_kept(before: int, calls: int, at_least: int) -> None:
    after = _none_count()
    assert calls >= at_least, f"only {calls} calls returned None"
    lost = before - after
    assert lost <= SLACK, (
        f"{lost} references to None lost over {calls} calls that returned None "
        f"(PySide6 leak: pin a version that does not leak)")


ROLES = [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
         Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.UserRole]


def test_python_model_data_and_header_data_through_qt_keep_none_alive(qtbot):
    # The app's pattern: a Python model behind a C++ proxy, asked for a role it does not answer.
    model = NoneModel(rows=10, columns=3)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(3, 1)
    model.none_answers = 0
    before = _none_count()
    for _ in range(1000):
        for role in ROLES:
            assert index.data(role) is None  # QModelIndex::data -> proxy -> the Python data()
        assert proxy.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    _assert_kept(before, model.none_answers, at_least=6000)


def test_qt_model_data_and_header_data_keep_none_alive(qtbot):
    model = QStandardItemModel(3, 3)
    model.setItem(1, 1, QStandardItem("x"))
    index = model.index(1, 1)
    calls = 0
    before = _none_count()
    for _ in range(1000):
        for role in ROLES:
            calls += index.data(role) is None
        calls += model.data(index, Qt.ItemDataRole.ToolTipRole) is None
        calls += model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    _assert_kept(before, calls, at_least=7000)


def test_other_empty_variants_keep_none_alive(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("no data")
    action = QAction("no data")
    calls = 0
    before = _none_count()
    for _ in range(1000):
        calls += combo.itemData(0) is None
        calls += action.data() is None
        calls += combo.property("no-such-property") is None
    _assert_kept(before, calls, at_least=3000)


# The other direction: C++ calls the Python overrides and keeps the answers (6.12.0 loses nothing here;
# these guard against a version that leaks on the way in).
def test_painting_a_table_view_keeps_none_alive(qtbot):
    model = NoneModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 700)
    view.show()
    view.grab()  # first paint: fonts, style and caches settle before counting
    model.none_answers = 0
    before = _none_count()
    for _ in range(10):
        view.viewport().update()
        view.grab()  # paints every visible cell and header section: data() for each role Qt asks for
    _assert_kept(before, model.none_answers, at_least=2000)


def test_a_sort_filter_proxy_keeps_none_alive(qtbot):
    model = NoneModel(rows=300, columns=2)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)  # a role the model answers with None
    proxy.setFilterRole(Qt.ItemDataRole.UserRole + 1)
    proxy.setFilterFixedString("")
    proxy.sort(0)
    model.none_answers = 0
    before = _none_count()
    for column in (0, 1, 0, 1, 0, 1):
        proxy.sort(column, Qt.SortOrder.DescendingOrder)  # C++ lessThan() calls data() on the source
        proxy.invalidate()
    _assert_kept(before, model.none_answers, at_least=2000)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "--noconftest", "-q"]))
