"""The release-dates panel and the sentence timeline (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette

from casebook.sentencing.casebook_adapter import DateComparison, calculate_for_client, compare
from casebook.sentencing.durations import Term
from casebook.sentencing.indeterminate import Milestone, indeterminate_milestones
from ui.views.release_dates import (
    DiffersRole,
    MilestonesModel,
    ReleaseDatesModel,
    ReleaseDatesPanel,
    when_text,
)
from ui.widgets.sentence_timeline import DIFFERS_COLOUR, DIFFERS_COLOUR_DARK, SentenceTimeline

TODAY = date(2026, 11, 26)


def rows():
    return [
        DateComparison("CRD", "Conditional release date", date(2026, 2, 21), date(2026, 3, 10), True,
                       "3 years from 10 January 2025 …", True),
        DateComparison("SLED", "Sentence and licence expiry date", date(2027, 12, 10),
                       date(2027, 12, 10), False,
                       "ends 9 January 2028 …", True),
        DateComparison("TED", "Tariff expiry date", None, date(2030, 1, 1), False, "", True),
        DateComparison("ESED", "Effective sentence end date", date(2028, 1, 9), None, False,
                       "latest expiry", False),
    ]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = ReleaseDatesModel()
    model.set_rows(rows())
    qtmodeltester.check(model)


def test_table_shows_both_dates_in_english_and_flags_difference_not_by_colour_alone(qtbot):
    panel = ReleaseDatesPanel()
    qtbot.addWidget(panel)
    panel.show_result(rows(), None, (date(2025, 1, 10), [("CRD", date(2026, 2, 21), True)], TODAY))
    m = panel.model
    assert m.rowCount() == 4 and m.columnCount() == 5
    assert m.data(m.index(0, 0)) == "Conditional release date (CRD)"
    assert m.data(m.index(0, 1)) == "10 March 2026"
    assert m.data(m.index(0, 2)) == "21 February 2026"
    # the differing row: text, icon and colour
    assert m.data(m.index(0, 3)) == "Differs"
    assert m.data(m.index(0, 3), Qt.ItemDataRole.DecorationRole) is not None
    assert m.data(m.index(0, 1), Qt.ItemDataRole.ForegroundRole) is not None
    assert m.data(m.index(0, 0), DiffersRole) is True
    # the others are not flagged
    assert m.data(m.index(1, 3)) == "Same"
    assert m.data(m.index(1, 3), Qt.ItemDataRole.DecorationRole) is None
    assert m.data(m.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert m.data(m.index(2, 2)) == "—" and m.data(m.index(2, 3)) == "Prison only"
    assert m.data(m.index(3, 2), Qt.ItemDataRole.DecorationRole) is not None  # the unconfirmed mark
    assert "Unconfirmed rule" in m.data(m.index(3, 2), Qt.ItemDataRole.AccessibleTextRole)
    assert "Unconfirmed rule" in m.data(m.index(3, 2), Qt.ItemDataRole.ToolTipRole)
    assert m.data(m.index(0, 2), Qt.ItemDataRole.DecorationRole) is None
    assert not panel.legend.isHidden()  # said once for the panel
    assert panel.differing_codes() == ["CRD"]
    assert "1 date differs from" in panel.summary.text()
    panel.table.setCurrentIndex(m.index(0, 0))
    assert panel.detail.text().startswith("Differs from the prison's date. Our working: Conditional release "
                                          "date (CRD)")
    assert panel.refusal.isHidden()


def test_refusal_is_shown_with_the_prisons_dates(qtbot):
    panel = ReleaseDatesPanel()
    qtbot.addWidget(panel)
    calc = calculate_for_client([dict(id=1, sentence_type="DCR", sentence_date=date(2008, 1, 10),
                                      offence_date=date(2003, 5, 1), custodial_term="P5Y")], [], today=TODAY)
    panel.show_result(compare(calc, {"CRD": date(2025, 1, 10)}), calc.refusal, None)
    assert not panel.refusal.isHidden()
    assert "not supported" in panel.refusal.text() and "enter the prison's dates" in panel.refusal.text()
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, 1)) == "10 January 2025"


def test_real_calculation_end_to_end(qtbot):
    panel = ReleaseDatesPanel()
    qtbot.addWidget(panel)
    calc = calculate_for_client([dict(id=1, sentence_type="SDS", sentence_date=date(2025, 1, 10),
                                      offence_date=date(2024, 6, 1), custodial_term="P3Y")],
                                [dict(id=1, kind="REMAND", days=30)], today=date(2026, 1, 1))
    comps = compare(calc, {"CRD": date(2026, 2, 21)})
    ms = [(c.code, c.ours, c.differs) for c in comps if c.ours]
    panel.show_result(comps, calc.refusal, (date(2025, 1, 10), ms, TODAY))
    assert panel.differing_codes() == []
    assert "No differences" in panel.summary.text()
    assert ("CRD", date(2026, 2, 21), False) in panel.timeline.marks()


def test_timeline_orders_dates_marks_today_and_describes_them(qtbot):
    t = SentenceTimeline()
    qtbot.addWidget(t)
    t.set_dates(date(2025, 1, 10), [("SLED", date(2027, 12, 10), False), ("CRD", date(2026, 2, 21), True)],
                today=TODAY)
    assert [m[0] for m in t.marks()] == ["Sentenced", "CRD", "SLED"]
    assert t.today == TODAY
    desc = t.accessibleDescription()
    assert "CRD 21 February 2026 (differs from the prison's date)" in desc
    assert "Today is 26 November 2026" in desc
    assert t.accessibleName() == "Sentence timeline"
    hint = t.sizeHint()
    assert hint.width() >= 400 and 60 <= hint.height() <= 400


@pytest.mark.parametrize("window", ["#ffffff", "#202020"])
def test_timeline_paints_in_light_and_dark_palettes_and_high_dpi(qtbot, window):
    t = SentenceTimeline()
    qtbot.addWidget(t)
    pal = t.palette()
    dark = QColor(window).lightness() < 128
    pal.setColor(QPalette.ColorRole.Window, QColor(window))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee" if dark else "#111111"))
    t.setPalette(pal)
    t.set_dates(date(2025, 1, 10), [("CRD", date(2026, 2, 21), True), ("SLED", date(2027, 12, 10), False)],
                today=TODAY)
    t.resize(700, t.sizeHint().height())
    expected_differs = (DIFFERS_COLOUR_DARK if dark else DIFFERS_COLOUR).lower()
    for ratio in (1.0, 2.0):
        img = QImage(int(700 * ratio), int(t.height() * ratio), QImage.Format.Format_ARGB32)
        img.setDevicePixelRatio(ratio)
        img.fill(QColor(window))
        t.render(img)
        colours = {img.pixelColor(x, y).name() for x in range(img.width()) for y in range(img.height())}
        assert expected_differs in colours, f"no 'differs' mark drawn at ratio {ratio}"
        assert pal.color(QPalette.ColorRole.WindowText).name() in colours
    # the tooltip region for the CRD mark exists
    assert any(m.label == "CRD" for _, m in t._hit)


def test_empty_timeline_says_so(qtbot):
    t = SentenceTimeline()
    qtbot.addWidget(t)
    t.set_dates(None, [])
    assert t.marks() == []
    assert "No sentence dates" in t.accessibleDescription()
    t.grab()


S66 = "Crime (Sentences) Act 1997 s.31A, as amended by Victims and Prisoners Act 2024 s.66"


def ipp_milestones():
    # The review milestones of an IPP, and its licence's as the release check adds them from the rules.
    return [*indeterminate_milestones("IPP", date(2008, 5, 1), Term(years=5)),
            Milestone("IPP_QUALIFYING", "Licence termination: qualifying period ends (referral to the Parole "
                      "Board)", date(2027, 1, 15), "3 years after the first release on 15 January 2024",
                      S66, False),
            Milestone("IPP_AUTOMATIC_TERMINATION", "Licence terminates automatically (if not terminated "
                      "earlier)", date(2029, 1, 15), "5 years beginning with the first release",
                      S66, False)]


def test_milestones_model_passes_qt_model_tester(qtmodeltester):
    model = MilestonesModel()
    model.set_milestones(ipp_milestones(), TODAY)
    qtmodeltester.check(model)


def test_unconfirmed_never_shouts_in_the_milestones(qtbot):
    milestones = ipp_milestones()
    assert any("UNCONFIRMED" in m.source for m in milestones)  # the rules data says so in capitals …
    model = MilestonesModel()
    model.set_milestones(milestones, TODAY)
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
    texts = [str(model.data(model.index(r, c), role) or "") for r in range(model.rowCount())
             for c in range(model.columnCount()) for role in roles]
    assert not [t for t in texts if "UNCONFIRMED" in t]  # … the screen says it calmly
    assert any("unconfirmed" in t for t in texts)  # and never hides it
    assert all(model.data(model.index(r, 3), Qt.ItemDataRole.FontRole) is None  # never bold
               for r in range(model.rowCount()))


def test_milestones_table_shows_dates_sources_and_unconfirmed_in_words(qtbot):
    panel = ReleaseDatesPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.milestones.isHidden() and panel.milestones_label.isHidden()
    panel.show_milestones(ipp_milestones(), TODAY)
    assert not panel.milestones.isHidden()
    m = panel.milestones_model
    rows = {m.data(m.index(r, 0)): [m.data(m.index(r, c)) for c in range(1, 6)] for r in range(m.rowCount())}
    qual = rows["Licence termination: qualifying period ends (referral to the Parole Board)"]
    # first release 15 January 2024 + 3 years (VPA 2024 s.66)
    assert qual[:3] == ["15 January 2027", "In 50 days", "unconfirmed"] and "s.66" in qual[4]
    auto = rows["Licence terminates automatically (if not terminated earlier)"]
    assert auto[0] == "15 January 2029" and auto[2] == "unconfirmed"
    sift = rows["Pre-tariff sift (open conditions referral)"]
    assert sift[0] == "30 April 2010" and sift[1] == "16 years ago" and sift[2] == "unconfirmed"
    panel.milestones.setCurrentIndex(m.index(0, 0))
    assert "source:" in panel.detail.text()
    panel.show_milestones([])
    assert panel.milestones.isHidden()
    # Recalled and not re-released: no automatic termination date, and the panel says why.
    panel.show_milestones([], TODAY, ["IPP licence ends automatically: no date while the recall of 1 June "
                                      "2024 lasts"])
    assert not panel.milestones_label.isHidden() and "1 June 2024" in panel.milestones_label.text()


def test_when_text():
    assert when_text(TODAY, TODAY) == "Today"
    assert when_text(date(2026, 11, 27), TODAY) == "In 1 day"
    assert when_text(date(2026, 11, 24), TODAY) == "2 days ago"
    assert when_text(date(2026, 11, 25), TODAY) == "1 day ago"
    assert when_text(date(2027, 2, 24), TODAY) == "In 90 days"
    assert when_text(date(2028, 10, 15), TODAY) == "In 23 months"
    assert when_text(date(2011, 2, 8), TODAY) == "15 years ago"


def test_timeline_labels_of_close_dates_never_overlap_and_the_widget_grows_to_fit(qtbot):
    t = SentenceTimeline()
    qtbot.addWidget(t)
    t.resize(600, 100)
    t.set_dates(date(2009, 6, 6), [], today=TODAY)
    one_lane = t.minimumHeight()
    close = [("Pre-tariff sift", date(2011, 2, 8), False), ("Review starts", date(2013, 8, 8), False),
             ("TED", date(2014, 2, 8), False), ("CRD", date(2014, 3, 1), True),
             ("Termination review", date(2026, 12, 1), False),
             ("Automatic termination", date(2028, 12, 1), False)]
    t.set_dates(date(2009, 6, 6), close, today=TODAY)
    assert t.minimumHeight() > one_lane  # more lanes than one above and one below
    t.resize(600, t.minimumHeight())
    t.grab()  # paints
    boxes = t.label_boxes()
    assert sorted(label for label, _ in boxes) == sorted(["Sentenced"] + [c[0] for c in close])
    for i, (a, ra) in enumerate(boxes):
        assert ra.left() >= 0 and ra.right() <= t.width(), a
        for b, rb in boxes[i + 1:]:
            assert not ra.intersects(rb), f"{a} overlaps {b}"
