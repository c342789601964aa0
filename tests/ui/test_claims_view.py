"""The monthly claims view (issue 14): the month's claims in a table (Qt's model tester), a claim that
could not be worked out drawn in the error colour and said in words, the selected claim's working, CSV
and Word exports written off the GUI thread and read back, never replacing a file without asking, and
the view at 1366×768 from the main window's menu. The suite runs on 26 November 2026."""

from __future__ import annotations

import csv
import zipfile
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casebook.legal_aid.claims import CSV_COLUMNS
from ui.models.time_model import ClaimsModel
from ui.views import claims as claims_mod
from ui.views.claims import ClaimsView, months_before
from ui.widgets import form, semantic


def _wait(qtbot, job) -> None:
    """Until the job has finished and its outcome has been handled on the GUI thread."""
    from ui import workers

    qtbot.waitUntil(lambda: job.outcome is not None and job not in workers.running_jobs(), timeout=10000)


@pytest.fixture
def month(svc):
    """Three classes closed in November 2026 (one without a UFN) and one closed in October."""
    c = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    parole = svc.matters.add(c, "parole-review")
    svc.legal_aid.set(parole, ufn="011026/001", fee_earner="J. Okafor")
    svc.legal_aid.open_class(parole, "PRIC", "01/10/2026")
    svc.legal_aid.set_rate("2025", "preparation", "60.00", "test")
    svc.time.add(parole, "preparation", 90, date="02/10/2026")
    svc.legal_aid.close_class(parole, "PRIC", "20/11/2026")
    adjudication = svc.matters.add(c, "adjudication")
    svc.legal_aid.set(adjudication, ufn="201225/001")
    svc.legal_aid.open_class(adjudication, "PRIB", "20/12/2025")
    svc.legal_aid.close_class(adjudication, "PRIB", "10/11/2026")
    complaint = svc.matters.add(c, "complaint")
    svc.legal_aid.open_class(complaint, "PRIA", "01/11/2026")
    svc.legal_aid.close_class(complaint, "PRIA", "12/11/2026")
    older = svc.matters.add(c, "recall-review")
    svc.legal_aid.set(older, ufn="010926/001")
    svc.legal_aid.open_class(older, "PRIA", "01/09/2026")
    svc.legal_aid.close_class(older, "PRIA", "30/10/2026")
    return SimpleNamespace(svc=svc, parole=parole, complaint=complaint)


@pytest.fixture
def view(qtbot, month):
    v = ClaimsView(month.svc)
    qtbot.addWidget(v)
    v.resize(1000, 640)
    v.show()
    v.set_month("2026-11")
    return v



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

def test_months_newest_first():
    import datetime as dt

    months = months_before(dt.date(2026, 1, 15), 3)
    assert months == [("2026-01", "January 2026"), ("2025-12", "December 2025"), ("2025-11", "November 2025")]


def test_claims_model_passes_qt_model_tester(qtmodeltester, month):
    model = ClaimsModel()
    model.set_month(month.svc.legal_aid.claims("2026-11"))
    qtmodeltester.check(model, force_py=True)
    model.clear()
    qtmodeltester.check(model, force_py=True)


def test_the_months_claims_with_the_problem_highlighted(view, month):
    m = view.model
    assert m.rowCount() == 3  # closed in November; the October one is not here
    ufns = [m.index(r, 0).data() for r in range(3)]
    assert ufns == ["201225/001", "", "011026/001"]  # in the order closed
    bad = ufns.index("")
    assert m.has_problem(bad) and not m.has_problem(0)
    assert m.index(bad, 0).data(Qt.ItemDataRole.ForegroundRole).color() == semantic("error")
    assert m.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    problem = m.index(bad, m.columns.index(("problem", "Problem"))).data()
    assert "no UFN" in problem and "Time & legal aid tab" in problem and "--ufn" not in problem
    assert "1 claim could not be worked out" in view.problems.text() and view.problems.isVisible()
    assert "3 claims closed in November 2026" in view.summary.text()
    assert m.index(2, 4).data() == "20 November 2026"
    assert m.index(2, 2).data(Qt.ItemDataRole.ToolTipRole).startswith("PRIC — ")
    view.table.selectRow(2)
    assert "PRIC1" in view.working.toPlainText() and "Scheme" in view.working.toPlainText()
    view.table.selectRow(bad)
    assert view.working.toPlainText().startswith("Not worked out:")
    view.set_month("2026-10")
    assert m.rowCount() == 1 and not view.problems.isVisible()
    view.set_month("2026-08")
    assert m.rowCount() == 0 and "nothing to claim" in view.summary.text()
    assert not view.csv_button.isEnabled() and not view.docx_button.isEnabled()


def test_csv_and_word_exports_read_back_and_never_replace_silently(qtbot, view, tmp_path, monkeypatch):
    out = tmp_path / "claims.csv"
    monkeypatch.setattr(claims_mod, "choose_save_path", lambda *_a: str(out))
    job = view.export_csv()
    _wait(qtbot, job)
    assert job.outcome == "ok" and "CSV written: 3 claims" in view.message.text()
    with open(out, newline="", encoding="utf-8-sig") as fh:  # with a BOM, for Excel
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["ufn"] for r in rows] == ["201225/001", "", "011026/001"]
    assert rows[2]["fee_code"] == "PRIC1" and rows[2]["claim"] == "542.14" and rows[1]["problem"]

    # The same name again: asked first; "keep it" writes nothing.
    before = out.read_bytes()
    asked = []
    monkeypatch.setattr(form, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    assert view.export_csv() is None
    assert asked and "already exists" in asked[0] and out.read_bytes() == before
    assert "Nothing was written" in view.message.text()
    # "Replace": written again.
    out.write_text("old", encoding="utf-8")
    monkeypatch.setattr(form, "confirm", lambda *a, **k: True)
    job = view.export_csv()
    _wait(qtbot, job)
    assert out.read_text(encoding="utf-8-sig").startswith("ufn,")

    # The Word summary: a name without .docx gets it.
    chosen = tmp_path / "summary"
    job = view.export_docx(str(chosen))
    _wait(qtbot, job)
    docx = tmp_path / "summary.docx"
    assert job.outcome == "ok" and docx.exists()
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "011026/001" in body and "PRIC1" in body
    assert "Word summary written: 3 claims" in view.message.text()


def test_an_export_that_fails_says_so_and_writes_nothing(qtbot, view, tmp_path):
    job = view.export_csv(str(tmp_path / "no such folder" / "claims.csv"))
    _wait(qtbot, job)
    assert job.outcome == "failed" and view.message.text().startswith("Nothing was written: that folder")
    assert view.csv_button.isEnabled()


def test_claims_from_the_menu_at_1366x768(qtbot, request, month, tmp_path):
    svc = month.svc
    mw = _main_window(request, svc)
    mw.resize(1366, 768)
    mw.show()
    mw.menu_actions["claims"].trigger()
    view = mw.claims_view
    assert view is not None and mw.stack.currentWidget() is view
    assert view.current_month() == "2026-11" and view.model.rowCount() == 3
    QApplication.processEvents()
    assert view.table.viewport().height() >= 3 * view.table.rowHeight(0)
    for b in (view.csv_button, view.docx_button, view.rates_button, view.back_button):
        assert b.isVisible() and b.width() >= b.sizeHint().width(), b.text()
    assert mw.grab().save(str(tmp_path / "claims.png"))
    view.back_button.click()
    assert mw.stack.currentWidget() is not view
