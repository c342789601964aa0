"""The matter's Time & legal aid tab (issue 14): the time model (Qt's model tester), time recorded,
changed and deleted through the real dialog (rounded up to units; bad minutes or a bad date refused
under the field with nothing saved), Ctrl+T from the main window, the UFN checked as typed and "New
UFN", a class opened and closed, CRM4 with its estimate, the meter at the lower fee's limit and one
penny over it, rates needed → the rates dialog, and the tab at 1366×768. The suite runs on
26 November 2026 (tests/conftest.py)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from ui.dialogs.legal_aid_dialog import ClassDialog, Crm4Dialog, LegalAidDialog
from ui.dialogs.rates_dialog import RatesDialog
from ui.dialogs.time_dialog import TimeEntryDialog
from ui.models.time_model import TimeModel
from ui.views.matter_view import MatterView
from ui.widgets import form

DISPLAY = Qt.ItemDataRole.DisplayRole




@pytest.fixture
def case(svc):
    client = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    matter = svc.matters.add(client, "parole-review")
    return SimpleNamespace(svc=svc, client=client, matter=matter)


@pytest.fixture
def view(qtbot, case):
    v = MatterView(case.svc)
    qtbot.addWidget(v)
    v.resize(1000, 640)
    v.show()
    v.set_matter(case.matter)
    v.tabs.setCurrentWidget(v.time)
    return v


def _count(svc, table: str) -> int:
    return svc.cb.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]



def _main_window(request, svc):
    """The main window over ``svc``, torn down (as a lock does) before the casebook closes."""
    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=svc.cb, services=svc)))

    def close() -> None:
        mw.teardown()
        mw.close()

    request.addfinalizer(close)
    return mw

def test_time_model_passes_qt_model_tester(qtmodeltester, case):
    svc = case.svc
    svc.time.add(case.matter, "preparation", 7, date="01/11/2026", description="Read the dossier",
                 fee_earner="J. Okafor")
    svc.time.add(case.matter, "letters-out", items=2, date="02/11/2026")
    model = TimeModel(svc)
    model.set_matter(case.matter)
    qtmodeltester.check(model, force_py=True)
    assert [model.index(0, c).data(DISPLAY) for c in range(4)] == \
        ["1 November 2026", "Preparation", "12 min", "2"]  # 7 minutes → two 6-minute units
    assert model.index(1, 2).data(DISPLAY) == "2 letters"
    assert "J. Okafor" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    model.clear()
    qtmodeltester.check(model, force_py=True)


def test_record_change_and_delete_time_through_the_dialog(view, case, dialogs):
    svc, tab = case.svc, view.time

    def fill(dlg: TimeEntryDialog):
        dlg.minutes.setText("25")
        assert "5 units: 30 min claimed" in dlg.rounded.text()
        dlg.date.setText("03/11/2026")
        dlg.description.setPlainText("Drafted representations")

    dialogs.fillers.append(fill)
    eid = tab.add_time()
    e = svc.time.get(eid)
    assert (e.minutes_raw, e.units, e.minutes, str(e.date)) == (25, 5, 30, "2026-11-03")
    assert tab.model.rowCount() == 1 and "30 min recorded (5 units" in tab.totals.text()
    assert tab.edit_button.isEnabled()

    dialogs.fillers.append(lambda dlg: dlg.minutes.setText("31"))
    tab.edit_time()
    assert svc.time.get(eid).minutes == 36

    def to_items(dlg: TimeEntryDialog):  # the same work recorded as two routine letters instead
        form.set_combo(dlg.activity, "letters-out")
        dlg.minutes.clear()
        dlg.items.setText("2")

    dialogs.fillers.append(to_items)
    tab.edit_time()
    (e,) = svc.time.for_matter(case.matter)
    assert (e.activity, e.items, e.minutes_raw, e.units) == ("letters-out", 2, 0, 0)
    assert tab.model.index(0, 2).data() == "2 letters" and tab.delete_button.isEnabled()
    dialogs.answers.append(True)
    tab.delete_time()
    assert tab.model.rowCount() == 0 and _count(svc, "time_entries") == 0


@pytest.mark.parametrize(("minutes", "date", "field", "words"), [
    ("0", "03/11/2026", "minutes", "positive whole number"),
    ("ten", "03/11/2026", "minutes", "positive whole number"),
    ("", "03/11/2026", "minutes", "is required"),
    ("20", "31/02/2026", "date", "real date"),
])
def test_bad_time_is_refused_under_the_field_and_nothing_saved(qtbot, case, minutes, date, field, words):
    svc = case.svc
    before = _count(svc, "time_entries"), _count(svc, "audit")
    dlg = TimeEntryDialog(svc, case.matter)
    qtbot.addWidget(dlg)
    dlg.minutes.setText(minutes)
    dlg.date.setText(date)
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.saved_id is None
    assert words in dlg.form.message(field)
    assert (_count(svc, "time_entries"), _count(svc, "audit")) == before


def test_items_only_for_letters_calls_and_emails(qtbot, case):
    dlg = TimeEntryDialog(case.svc, case.matter)
    qtbot.addWidget(dlg)
    assert not dlg.items.isEnabled()
    form.set_combo(dlg.activity, "calls")
    assert dlg.items.isEnabled()
    dlg.items.setText("3")
    dlg.accept()
    assert dlg.saved_id is not None
    assert case.svc.time.get(dlg.saved_id).items == 3


def test_ufn_checked_as_typed_and_new_ufn(qtbot, case, svc):
    other = svc.matters.add(case.client, "complaint")
    svc.legal_aid.set(other, ufn="261126/001")
    dlg = LegalAidDialog(svc, case.matter)
    qtbot.addWidget(dlg)
    dlg.ufn.setText("2611")  # unfinished: not an error yet
    assert dlg.form.message("ufn") == ""
    dlg.ufn.setText("321126/001")
    assert "real date" in dlg.form.message("ufn")
    dlg.ufn.setText("261126/001")
    assert "already used" in dlg.form.message("ufn")
    before = _count(svc, "legal_aid")
    dlg.accept()
    assert dlg.saved_id is None and _count(svc, "legal_aid") == before  # nothing saved
    dlg.ufn.clear()
    dlg.fill_new_ufn()
    assert dlg.ufn.text() == "261126/002" and dlg.form.message("ufn") == ""
    assert "2025" in dlg.scheme.text()
    dlg.ufn.setText("211225/001")
    assert "2016" in dlg.scheme.text()  # 21 December 2025: the 2016 scheme
    dlg.fee_earner.setText("J. Okafor")
    dlg.income.setText("120.50")
    dlg.accept()
    la = svc.legal_aid.for_matter(case.matter)
    assert (la.ufn, la.fee_earner, la.means_weekly_income) == ("211225/001", "J. Okafor", 12050)


def test_classes_crm4_and_the_meter_at_the_limit(view, case, dialogs):
    svc, tab = case.svc, view.time
    assert "Set the UFN" in tab.meter.message.text()
    svc.legal_aid.set(case.matter, ufn="011026/001")

    def open_pric(dlg: ClassDialog):
        form.set_combo(dlg.klass, "PRIC")
        dlg.opened_on.setText("01/10/2026")

    dialogs.fillers.append(open_pric)
    tab.open_class()
    assert [c.code for c in svc.legal_aid.classes(case.matter)] == ["PRIC"]
    # Rates chosen so the PRIC1 limit is met exactly: £1,158.07 of preparation at £60 an hour would not
    # be whole minutes, so the rate is the limit itself for one hour.
    fee = svc.legal_aid.fees_json(case.matter)
    limit = fee["limit"]
    svc.legal_aid.set_rate("2025", "preparation", f"{limit:.2f}", "test")
    entry = svc.time.add(case.matter, "preparation", 60, date="02/10/2026")
    tab.refresh()
    (meter,) = tab.meter.meters
    assert meter.fee["status"] == "fixed-fee" and meter.fee["to_limit"] == 0
    assert meter.bar.value() == meter.bar.maximum()  # at the limit: full, not over
    assert "Within the fixed fee PRIC1" in meter.status.text()
    assert "£0.00 to the lower fee's limit" in meter.status.text()
    # One penny over: the higher standard fee, with the escape threshold as the next limit.
    svc.legal_aid.set_rate("2025", "preparation", f"{limit + 0.01:.2f}", "test")
    tab.refresh()
    (meter,) = tab.meter.meters
    assert meter.fee["status"] == "higher-standard-fee" and meter.fee["fee_code"] == "PRIC2"
    assert "Higher standard fee PRIC2" in meter.status.text() and "escape threshold" in meter.status.text()
    assert meter.bar.value() < meter.bar.maximum()
    meter.working_button.setChecked(True)
    assert meter.working.isVisible() and "PRIC1 fee limit" in meter.working.text()
    # Work with no rate: rates needed, and the button goes to the rates dialog.
    svc.time.add(case.matter, "letters-out", items=2, date="03/10/2026")
    tab.refresh()
    (meter,) = tab.meter.meters
    assert meter.fee["status"] == "rates-needed" and "routine letters" in meter.status.text()

    def rates(dlg: RatesDialog):
        assert dlg.scheme_id == "2025"
        assert "unconfirmed" in dlg.note.text() and "UNCONFIRMED" not in dlg.note.text()
        dlg.rows["letter"].rate.setText("4.50")
        dlg.rows["letter"].source.setText("my contract schedule")

    dialogs.fillers.append(rates)
    meter.rates_button.click()
    assert svc.legal_aid.rates("2025")["letter"] == Decimal("4.50")
    assert tab.meter.meters[0].fee["status"] != "rates-needed"
    # Close the class.
    dialogs.fillers.append(lambda dlg: dlg.closed_on.setText("20/11/2026"))
    tab.edit_class()
    assert str(svc.legal_aid.classes(case.matter)[0].closed_on) == "2026-11-20"
    assert "closed 20 November 2026" in tab.classes.item(0).text()

    def crm4(dlg: Crm4Dialog):
        form.set_combo(dlg.expert, "psychologist")
        dlg.hours.setText("20")
        dlg.hourly_rate.setText("107.64")
        assert "over the auto-grant limits" in dlg.estimate.text() and "16 hours" in dlg.estimate.text()

    dialogs.fillers.append(crm4)
    tab.add_crm4()
    assert "estimate £2,152.80" in tab.crm4.text()
    assert svc.time.get(entry).minutes == 60


def test_rates_dialog_refuses_a_bad_amount_and_saves_nothing(qtbot, svc):
    dlg = RatesDialog(svc, "2016")
    qtbot.addWidget(dlg)
    dlg.rows["attendance"].rate.setText("50.00")
    form.set_combo(dlg.scheme, "2025")  # typed rates are kept while switching
    dlg.rows["travel"].rate.setText("lots")
    before = _count(svc, "legal_aid_rates")
    dlg.accept()
    assert dlg.saved_id is None and "amount in pounds" in dlg.form.message("travel")
    assert _count(svc, "legal_aid_rates") == before
    dlg.rows["travel"].rate.setText("27.60")
    dlg.accept()
    assert svc.legal_aid.rates("2016") == {"attendance": Decimal("50.00")}
    assert svc.legal_aid.rates("2025") == {"travel": Decimal("27.60")}


def test_ctrl_t_records_time_from_the_matter_screen(qtbot, request, case, dialogs):
    svc = case.svc
    mw = _main_window(request, svc)
    mw.show()
    mw.record_time()  # nothing shown yet
    assert "Open a client's matter first" in mw.statusBar().currentMessage()
    mw.open_matter(case.matter)
    view = mw.client_view.matters.view
    view.tabs.setCurrentWidget(view.chronology)
    mw.activateWindow()
    view.chronology.table.setFocus()
    qtbot.waitUntil(lambda: view.chronology.table.hasFocus())
    dialogs.fillers.append(lambda dlg: dlg.minutes.setText("12"))
    qtbot.keyClick(view.chronology.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert len(dialogs.opened) == 1 and isinstance(dialogs.opened[0], TimeEntryDialog)
    assert view.tabs.currentWidget() is view.time and view.time.model.rowCount() == 1
    assert svc.time.for_matter(case.matter)[0].minutes == 12


def test_the_tab_reads_at_1366x768(qtbot, request, case, tmp_path):
    svc = case.svc
    svc.legal_aid.set(case.matter, ufn="011026/001", fee_earner="J. Okafor")
    svc.legal_aid.open_class(case.matter, "PRIC", "01/10/2026")
    for i in range(6):
        svc.time.add(case.matter, "preparation", 20 + i, date=f"0{i + 2}/10/2026", description=f"Work {i}")
    mw = _main_window(request, svc)
    mw.resize(1366, 768)
    mw.show()
    mw.open_matter(case.matter)
    view = mw.client_view.matters.view
    view.tabs.setCurrentWidget(view.time)
    QApplication.processEvents()
    tab = view.time
    assert tab.table.viewport().height() >= 4 * tab.table.rowHeight(0)
    (meter,) = tab.meter.meters
    assert meter.bar.isVisible() and meter.status.isVisible()
    assert meter.status.height() >= meter.status.heightForWidth(meter.status.width()) - 1
    for b in (tab.add_button, tab.edit_button, tab.delete_button, meter.working_button):
        assert b.isVisible() and b.width() >= b.sizeHint().width(), b.text()
    assert tab.scroll.widget().width() <= tab.scroll.viewport().width()  # nothing cut off at the side
    assert mw.grab().save(str(tmp_path / "time_tab.png"))


def test_the_matter_header_shows_the_ufn_and_classes(qtbot, case, fixed_clock):
    svc = case.svc
    v = MatterView(svc)
    qtbot.addWidget(v)
    v.set_matter(case.matter)
    assert v.details["legal_aid_class"].text() == "Not set"  # nothing recorded yet
    ufn = svc.legal_aid.new_ufn()
    svc.legal_aid.set(case.matter, ufn=ufn)
    svc.legal_aid.open_class(case.matter, "PRIC")
    v.set_matter(case.matter)
    assert v.details["legal_aid_class"].text() == f"UFN {ufn} · PRIC (open)"
