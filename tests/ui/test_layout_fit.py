"""Screens that fit a laptop: labels never clipped, the main column gets the room, help text never
overlaps a field. Measured with the widgets' own geometry."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from ui.models.base import ListTableModel
from ui.widgets.columns import ColumnPolicy, saved_widths
from ui.widgets.parole_timeline import ParoleTimeline
from ui.widgets.sentence_timeline import SentenceTimeline

D = dt.date
TODAY = D(2026, 12, 2)


def _deadline(due, title, confirmed=True, status="open"):
    return SimpleNamespace(due=due, title=title, status=status, confirmed=confirmed,
                           citation="Crime (Sentences) Act 1997 s.31A")


IPP_EVENTS = [(D(2025, 10, 21), "IPP/DPP licence began (first release)"), (D(2026, 5, 12), "Recall"),
              (D(2026, 11, 24), "Provisional decision provided")]
IPP_DEADLINES = [
    _deadline(D(2028, 10, 21),
              "IPP licence: qualifying period ends — termination referral to the Parole Board",
              confirmed=False),
    _deadline(D(2030, 10, 21), "IPP licence: automatic termination (if not recalled since release)",
              confirmed=False),
]


def _inside(r: QRectF, w: QWidget) -> bool:
    return r.left() >= 0 and r.top() >= 0 and r.right() <= w.width() and r.bottom() <= w.height()


@pytest.mark.parametrize("width", [755, 560])
def test_parole_timeline_labels_are_whole_inside_and_apart(qtbot, width):
    w = ParoleTimeline()
    qtbot.addWidget(w)
    w.resize(width, w.minimumHeight())
    w.set_items(IPP_EVENTS, IPP_DEADLINES, today=TODAY)
    w.grab()
    layout = w.label_layout()
    assert {w.items()[i].label for i, _r, _t in layout} == {i.label for i in w.items()}  # none left out
    for i, rect, text in layout:
        item = w.items()[i]
        assert text.startswith(item.label) and "…" not in text  # in full, never cut short
        assert _inside(rect, w), (text, rect, w.size())
        if not item.confirmed:
            assert text.endswith(" ?")
    rects = [r for _i, r, _t in layout]
    assert not any(a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1:])
    axis = w.axis_labels()
    assert axis and all(_inside(r, w) for r, _t in axis)
    assert all(len(t) == 8 for _r, t in axis)  # "Nov 2030", never "Nov 203"
    assert not any(a.intersects(b) for n, (a, _) in enumerate(axis) for b, _ in axis[n + 1:])


def test_parole_timeline_leaves_out_a_label_rather_than_clipping_it(qtbot):
    w = ParoleTimeline()
    qtbot.addWidget(w)
    w.resize(260, w.minimumHeight())
    many = [(D(2026, 11, d), f"Report received from the offender manager number {d}") for d in range(1, 28)]
    w.set_items(many, [], today=TODAY)
    w.grab()
    layout = w.label_layout()
    assert 0 < len(layout) < len(many)
    assert all(_inside(r, w) for _i, r, _t in layout)


def test_parole_timeline_of_years_of_events_keeps_labels_apart_and_its_layout_until_resized(qtbot):
    # A matter with thousands of events (the ten-year bench's busiest): the layout took seconds a paint
    # when each mark's place was worked out afresh for every later mark; it is now kept between paints.
    w = ParoleTimeline()
    qtbot.addWidget(w)
    w.resize(760, w.minimumHeight())
    events = [(D(2017, 1, 1) + dt.timedelta(days=i * 0.7), f"Security information report {i}")
              for i in range(3000)]
    w.set_items(events, IPP_DEADLINES, today=TODAY)
    w.grab()
    layout = w.label_layout()
    assert 3 < len(layout) < len(events)
    rects = [r for _i, r, _t in layout]
    assert all(_inside(r, w) for r in rects)
    assert not any(a.adjusted(-3, 0, 3, 0).intersects(b) for n, a in enumerate(rects) for b in rects[n + 1:])
    assert w.label_layout() == layout and w._layout is not None  # kept between paints …
    kept = w._layout
    w.resize(560, w.minimumHeight())
    narrower = w.label_layout()
    assert w._layout is not kept and all(_inside(r, w) for _i, r, _t in narrower)  # … not across a resize
    w.set_items(events[:2], [], today=TODAY)
    assert {w.items()[i].label for i, _r, _t in w.label_layout()} == {t for _d, t in events[:2]}


def test_sentence_timeline_labels_and_years_stay_inside(qtbot):
    t = SentenceTimeline()
    qtbot.addWidget(t)
    t.resize(700, 100)
    t.set_dates(D(2009, 6, 6), [("Tariff expiry", D(2014, 2, 8), False),
                                ("Licence termination review", D(2028, 10, 21), False),
                                ("Licence terminates automatically", D(2030, 10, 21), True)], today=TODAY)
    t.resize(700, t.minimumHeight())
    t.grab()
    boxes = t.label_boxes()
    assert len(boxes) == 4
    assert all(_inside(r, t) for _l, r in boxes + t.axis_label_boxes())
    years = t.axis_label_boxes()
    assert years and not any(a.intersects(b) for n, (_, a) in enumerate(years) for _, b in years[n + 1:])


# ---------------------------------------------------------------------------- columns
class _Model(ListTableModel):
    columns = [("date", "Date"), ("matter", "Matter"), ("type", "Type"), ("text", "What happened"),
               ("source", "Source"), ("page", "Page")]

    def data(self, index, role=0):
        if role == 0 and index.isValid():
            return self._rows[index.row()][index.column()]
        return None


ROWS = [("24 November 2026", "IPP licence termination", "Provisional decision provided",
         "Panel refused release; considering a r.28 reconsideration application", "Oral hearing decision",
         "1"),
        ("21 October 2025", "Parole review", "IPP/DPP licence began (first release)",
         "First released on IPP licence (the release before the current recall)", "Release licence", "12")]


def _table(qtbot, width=1030):
    model = _Model()
    model.set_rows(ROWS)
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(width, 300)
    view.show()
    qtbot.waitExposed(view)
    policy = ColumnPolicy(view, "test_table", main="text", caps={"matter": 150, "type": 170, "source": 150})
    policy.fit()
    return view, policy


def test_the_main_column_gets_the_room_and_dates_fit_their_content(qtbot):
    view, policy = _table(qtbot)
    avail = view.viewport().width()
    assert policy.width_of("text") >= 0.34 * avail
    fm = view.fontMetrics()
    assert policy.width_of("date") >= fm.horizontalAdvance("24 November 2026")  # a date is never squeezed
    assert policy.width_of("matter") <= 150 and policy.width_of("type") <= 170
    assert sum(policy.width_of(k) for k in policy.keys())  # noqa: SIM118 - not a dict <= avail + 1


def test_the_users_widths_are_kept(qtbot, ui_settings):
    view, policy = _table(qtbot)
    i = policy.index_of("source")
    view.horizontalHeader().resizeSection(i, 210)  # the user drags the Source column wider
    assert saved_widths("test_table") == {"source": 210}
    view2, policy2 = _table(qtbot)
    assert policy2.width_of("source") == 210
    policy2.reset()
    assert saved_widths("test_table") == {} and policy2.width_of("source") <= 150


# ---------------------------------------------------------------------------- dialogs
def _overlaps(dialog) -> list[tuple[str, str]]:
    """Pairs of visible widgets in the dialog's form whose rectangles overlap."""
    rects = []
    for w in dialog.findChildren(QWidget):
        if not w.isVisible() or w.parentWidget() is None or isinstance(w.parentWidget(), QLabel):
            continue
        if w.layout() is not None and w.findChildren(QWidget):  # containers: their children count
            continue
        if type(w).__name__ in ("QWidget", "QScrollBar", "QFrame") or w.window() is not dialog:
            continue
        tl = w.mapTo(dialog, w.rect().topLeft())
        rects.append((w, QRectF(tl.x(), tl.y(), w.width(), w.height())))
    out = []
    for n, (a, ra) in enumerate(rects):
        for b, rb in rects[n + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.adjusted(0, 0, -1, -1).intersects(rb.adjusted(0, 0, -1, -1)):
                out.append((a.accessibleName() or type(a).__name__, b.accessibleName() or type(b).__name__))
    return out


def test_the_event_dialog_grows_with_its_help_text(qtbot, svc):
    from ui.dialogs.event_dialog import EventDialog

    client = svc.clients.add(name="Alan Abbott")
    matter = svc.matters.add(client, type="parole-review")

    dlg = EventDialog(svc, client, matter)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    for i in range(dlg.type.count()):  # every type, with and without its note
        dlg.type.setCurrentIndex(i)
        qtbot.wait(1)
        assert _overlaps(dlg) == [], dlg.type.currentText()
        assert dlg.height() >= dlg.minimumSizeHint().height()
        note = dlg.type_note
        if note.isVisible():
            tl = note.mapTo(dlg, note.rect().topLeft())
            assert tl.y() + note.height() <= dlg.buttons.mapTo(dlg, dlg.buttons.rect().topLeft()).y()
