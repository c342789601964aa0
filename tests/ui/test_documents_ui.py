"""The dossier on the desktop: the Documents tab (import through the real dialog and background job,
cancel and failure saving nothing, a duplicate, delete of a cited document), the page viewer (opens at a
cited page, next/previous/go to, find with highlights, zoom, Word documents as text, a render fast
enough for the GUI thread), citations from the record tabs (add, typed, open, remove), the global
search's page hits, and viewers closed on lock and reopened after unlock. Real SQLCipher casebooks;
the PDFs are generated in the test."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casebook.documents.pdfgen import make_pdf
from tests.conftest import PASSPHRASE
from ui import drafts, viewer
from ui.dialogs.citation_dialog import AddCitationDialog, CiteDialog
from ui.dialogs.document_dialog import DocumentDetailsDialog
from ui.dialogs.document_sections import SectionsDialog
from ui.models.documents import CitationsModel, DocumentsModel, SectionsModel, page_ranges
from ui.viewer.window import DocumentViewer
from ui.views import documents as documents_view
from ui.views.challenges import ChallengesTab
from ui.views.chronology import ChronologyTab
from ui.views.documents import DocumentsTab
from ui.widgets import form

INDEX = ("INDEX\nOASys assessment ........ 4 - 20\nPsychology report (Dr Smith) ....... 21 - 35\n"
         "Decision letter ..... 36\n")


def _pages(n: int = 40, scanned=(2, 3)) -> list[str | None]:
    pages: list[str | None] = [INDEX]
    for i in range(2, n + 1):
        if i in scanned:
            pages.append(None)
        elif i == 17:
            pages.append("Mr Example shows limited insight into his offending.\n" * 8)
        elif i == 30:
            pages.append("The psychologist found some insight developing since 2024.\n" * 6)
        else:
            pages.append(f"Page {i}. The prison offender manager reports steady progress on the wing.\n" * 10)
    return pages


@pytest.fixture(autouse=True)
def _no_viewers_left():
    viewer.discard()
    yield
    viewer.close_all()
    viewer.discard()
    drafts.discard()


@pytest.fixture
def client(svc):
    return svc.clients.add(name="Alex Example", prison_number="A1234BC")


@pytest.fixture
def matter(svc, client):
    return svc.matters.add(client, type="parole-review", title="Parole review 2026")


@pytest.fixture
def pdf_path(tmp_path):
    p = tmp_path / "dossier.pdf"
    p.write_bytes(make_pdf(_pages(), title="Parole dossier", author="HMPPS"))
    return p


@pytest.fixture
def doc(svc, client, pdf_path):
    return svc.documents.add(pdf_path, client_id=client, kind="dossier").document.id


@pytest.fixture
def challenge(svc, matter):
    return svc.challenges.add(matter, assertion="Mr Example has shown no insight", source="OASys",
                              ground="factual-error")


def _finish(qtbot, job) -> None:
    """Wait until the job has ended and its outcome signals have been handled on the GUI thread."""
    from ui.workers import running_jobs

    qtbot.waitUntil(lambda: job.outcome is not None and job not in running_jobs(), timeout=20000)


def _tab(qtbot, svc, client) -> DocumentsTab:
    tab = DocumentsTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1200, 600)
    tab.show()
    tab.set_client(client)
    return tab


def _details(monkeypatch, **values):
    """Answer the import's details dialog with ``values`` (the real dialog, saved by Import)."""
    seen = []

    def run(dlg):
        if isinstance(dlg, DocumentDetailsDialog):
            seen.append(dlg)
            for name, v in values.items():
                w = dlg.form.fields[name]
                if hasattr(w, "setCurrentIndex"):
                    w.setCurrentIndex(w.findData(v))
                else:
                    w.setText(v)
            dlg.accept()
            return dlg.result() == dlg.DialogCode.Accepted
        raise AssertionError(f"unexpected dialog {type(dlg).__name__}")

    monkeypatch.setattr(form, "run_dialog", run)
    return seen


# ---------------------------------------------------------------------------- models
def test_models_pass_qt_model_tester(qtmodeltester, svc, client, doc, challenge):
    svc.documents.add_section(doc, "Addendum", "37-40")
    svc.citations.add("challenge", challenge, doc, 17, paragraph="4")
    docs = DocumentsModel(svc)
    docs.set_client(client)
    assert docs.rowCount() == 1
    qtmodeltester.check(docs, force_py=True)
    row = {k: docs.index(0, i).data() for i, (k, _h) in enumerate(docs.columns)}
    assert row["pages"] == "40" and row["unreadable"] == "2" and row["kind"] == "Parole dossier"
    assert "2–3" in docs.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)
    cites = CitationsModel(svc)
    cites.set_target("challenge", challenge)
    qtmodeltester.check(cites, force_py=True)
    assert cites.index(0, 0).data() == "Dossier p.17 ¶4 — OASys assessment"
    sections = SectionsModel()
    sections.set_sections(svc.documents.sections(doc))
    qtmodeltester.check(sections, force_py=True)
    assert [sections.index(r, 1).data() for r in range(sections.rowCount())][:3] == ["4–20", "21–35", "36–40"]
    for m in (docs, cites, sections):
        m.clear()
        assert m.rowCount() == 0


def test_page_text_reads_as_paragraphs_in_the_narrow_pane():
    from ui.viewer.window import reflow

    text = ("2. PREVIOUS DECISION\n"
            "The panel noted a proven adjudication for possession of an unauthorised article in\n"
            "2010 and considered a dossier of 190 pages, including the reports of the POM and\n"
            "the COM.\n"
            "Short line\n")
    assert reflow(text) == ("2. PREVIOUS DECISION\nThe panel noted a proven adjudication for possession "
                            "of an unauthorised article in 2010 and considered a dossier of 190 pages, "
                            "including the reports of the POM and the COM.\nShort line\n")
    assert reflow("a\nb") == "a\nb"


def test_page_ranges_are_compact():
    assert page_ranges([9, 3, 4, 5, 11, 12, 4]) == "3–5, 9, 11–12"
    assert page_ranges([]) == ""


# ---------------------------------------------------------------------------- import
def test_import_through_the_dialog_and_background_job(qtbot, svc, client, matter, pdf_path, monkeypatch):
    tab = _tab(qtbot, svc, client)
    assert "No documents yet" in tab.empty.text()
    monkeypatch.setattr(documents_view, "choose_file", lambda _parent: str(pdf_path))
    seen = _details(monkeypatch, kind="dossier", title="Dossier for the 2026 review", date="01/11/2026",
                    author="PPCS", matter_id=matter)
    job = tab.add()
    assert seen and seen[0].cite_as.text() == "Dossier"  # follows the kind
    assert job is not None
    _finish(qtbot, job)
    assert job.outcome == "ok"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [d] = svc.documents.for_client(client)
    assert (d.title, d.author, d.pages, d.matter_id, d.unreadable) == (
        "Dossier for the 2026 review", "PPCS", 40, matter, [2, 3])
    assert d.date.isoformat() == "2026-11-01"
    msg = tab.message.text()
    assert "Imported 40 pages" in msg and "2–3" in msg
    assert "OASys assessment (4–20)" in msg and "Decision letter (36" in msg
    assert tab.selected_id() == d.id and "no text on 2 pages (scanned): 2–3" in tab.detail.text()
    # The same file again: recognised, nothing added.
    job = tab.add()
    _finish(qtbot, job)
    assert "already in the casebook" in tab.message.text() and "nothing was added" in tab.message.text()
    assert len(svc.documents.for_client(client)) == 1
    # A newer dossier: both kept, and what changed is said.
    newer = pdf_path.with_name("dossier-v2.pdf")
    newer.write_bytes(make_pdf([*_pages(), "Addendum: the psychologist's further report.\n" * 6] * 1))
    _details(monkeypatch, kind="dossier")
    job = tab.add(str(newer))
    _finish(qtbot, job)
    assert tab.last_result.changes is not None
    assert "Version 2" in tab.message.text() and tab.last_result.changes.summary() in tab.message.text()
    assert len(svc.documents.for_client(client)) == 2
    assert tab.model.index(tab.model.row_of(tab.last_result.document.id), 6).data() == "2"


def test_cancelled_import_saves_nothing(qtbot, svc, client, tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(make_pdf([f"Page {i} " + "text " * 200 for i in range(400)]))
    tab = _tab(qtbot, svc, client)
    monkeypatch.setattr(documents_view, "choose_file", lambda _parent: str(big))
    _details(monkeypatch, kind="oasys")
    job = tab.add()
    job.dialog.canceled.emit()  # the progress dialog's Cancel button
    _finish(qtbot, job)
    assert job.outcome == "cancelled"
    assert svc.documents.for_client(client) == []
    assert svc.cb.conn.execute("SELECT count(*) FROM document_pages").fetchone()[0] == 0
    assert "cancelled" in tab.message.text() and "Nothing was saved" in tab.message.text()


def test_a_file_that_is_not_a_document_says_so_and_saves_nothing(qtbot, svc, client, tmp_path, monkeypatch):
    junk = tmp_path / "notes.pdf"
    junk.write_bytes(b"this is not a PDF at all\n" * 20)
    tab = _tab(qtbot, svc, client)
    monkeypatch.setattr(documents_view, "choose_file", lambda _parent: str(junk))
    _details(monkeypatch, kind="other")
    job = tab.add()
    _finish(qtbot, job)
    assert job.outcome == "failed"
    text = tab.message.text()
    assert text.startswith("notes.pdf was not imported:") and "Nothing was saved" in text
    assert "Traceback" not in text
    assert svc.documents.for_client(client) == []


def test_a_bad_date_is_shown_under_its_field_before_anything_runs(qtbot, svc, client):
    dlg = DocumentDetailsDialog(svc, client, filename="x.pdf")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.date.setText("31/02/2026")
    dlg.accept()
    assert dlg.isVisible() and dlg.form.message("date")
    assert dlg.values() == {}


# ---------------------------------------------------------------------------- viewer
def test_viewer_pages_goes_to_and_zooms(qtbot, svc, doc):
    v = DocumentViewer(svc, doc, 5)
    qtbot.addWidget(v)
    v.resize(1200, 720)
    v.show()
    qtbot.waitExposed(v)
    assert v.page == 5 and v.page_spin.value() == 5
    assert v.section_name() == "OASys assessment" and "OASys assessment" in v.section_label.text()
    assert v.canvas.image() is not None
    v.activateWindow()
    v.canvas.setFocus()
    qtbot.keyClick(v.canvas, Qt.Key.Key_Right)
    assert v.page == 6
    qtbot.keyClick(v.canvas, Qt.Key.Key_Left)
    assert v.page == 5
    v.next_page()
    v.next_page()
    assert v.page == 7
    v.previous_page()
    assert v.page == 6
    v.page_spin.setValue(21)  # go to page (Ctrl+G focuses this)
    assert v.page == 21 and v.section_name() == "Psychology report (Dr Smith)"
    v.go_to_page(999)
    assert v.page == 40 and not v.next_button.isEnabled()
    # A scanned page says so beside the picture (this is the test's own viewer; see below for reopening).
    v.go_to_page(2)
    assert "no text layer" in v.text_note.text()
    # Zoom: in, out, back to the width of the window.
    fit = v._zoom_for_page()
    v.zoom_in()
    assert not v.fit_width and v._zoom_for_page() > fit
    w_in = v.canvas.image().width()
    v.zoom_out()
    v.zoom_out()
    assert v.canvas.image().width() < w_in
    v.fit_to_width()
    assert v.fit_width and abs(v._zoom_for_page() - fit) < 0.01
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    wheel = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(v.scroll.viewport(), wheel)
    assert not v.fit_width and v._zoom_for_page() > fit  # Ctrl+wheel zooms
    v.fit_to_width()
    # Sections sidebar: a click goes to the section's first page.
    item = v.sections_list.item(2)
    v._section_clicked(item)
    assert v.page == 36
    assert len(v.cached_pages()) <= 6


def test_find_highlights_hits_and_f3_moves_between_pages(qtbot, svc, doc):
    v = DocumentViewer(svc, doc, 1)
    qtbot.addWidget(v)
    v.resize(1200, 720)
    v.show()
    qtbot.waitExposed(v)
    pages = v.find("insight")
    assert pages == [17, 30]
    assert v.page == 17
    assert v.canvas.hits() and all(0 <= r.x0 < r.x1 <= 1 and 0 <= r.y0 < r.y1 <= 1 for r in v.canvas.hits())
    assert v.text.extraSelections()  # and in the page's text
    assert v.find_status.text() == "Hit page 1 of 2"
    v.next_hit()
    assert v.page == 30 and v.canvas.hits()
    v.next_hit()
    assert v.page == 17  # round again
    v.previous_hit()
    assert v.page == 30
    v.go_to_page(5)
    assert v.canvas.hits() == []
    assert v.find("zebra crossing") == [] and v.find_status.text() == "Not found"


def test_viewer_keyboard_shortcuts(qtbot, svc, doc):
    v = DocumentViewer(svc, doc, 10)
    qtbot.addWidget(v)
    v.resize(1200, 720)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is v)
    v.canvas.setFocus()
    qtbot.keyClick(v.canvas, Qt.Key.Key_PageDown)
    assert v.page == 11
    qtbot.keyClick(v.canvas, Qt.Key.Key_PageUp)
    assert v.page == 10
    qtbot.keyClick(v.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert v.page_spin.hasFocus()
    qtbot.keyClick(v.canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert v.find_edit.hasFocus()
    qtbot.keyClicks(v.find_edit, "insight")
    qtbot.keyClick(v.find_edit, Qt.Key.Key_Return)
    assert v.page == 17
    qtbot.keyClick(v.find_edit, Qt.Key.Key_F3)
    assert v.page == 30
    qtbot.keyClick(v.find_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert v.page == 17
    z = v._zoom_for_page()
    qtbot.keyClick(v.canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert v._zoom_for_page() > z
    qtbot.keyClick(v.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(v.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert v._zoom_for_page() < z


def test_copy_goes_through_the_clipboard_guard(qtbot, svc, doc):
    from ui.session import clipboard_guard

    v = DocumentViewer(svc, doc, 17)
    qtbot.addWidget(v)
    text = v.copy_text()
    assert "limited insight" in text
    assert QApplication.clipboard().text() == text and clipboard_guard().holds_ours()
    clipboard_guard().clear_if_ours()


def test_a_1000_page_dossier_opens_at_its_first_page_and_pages_on(qtbot, svc, client):
    # How fast (and so whether the GUI thread or a worker renders): bench/bench_documents.py, never here.
    pdf = make_pdf([f"Page {i}. " + "The offender manager reports progress. " * 60 for i in range(1, 1001)])
    d = svc.documents.add(pdf, filename="big.pdf", client_id=client, kind="dossier").document
    assert d.pages == 1000
    v = DocumentViewer(svc, d.id, 1)
    qtbot.addWidget(v)
    v.resize(1366 - 40, 768 - 40)
    v.show()
    qtbot.waitUntil(lambda: v.canvas.image() is not None)
    assert v.render_ms  # rendered, and the time recorded
    v.next_page()
    qtbot.waitUntil(lambda: v.canvas.image() is not None)
    assert v.page == 2


def test_word_document_shows_its_text_with_a_note(qtbot, svc, client, tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Legal representations on behalf of Mr Example. " * 5)
    d.add_page_break()
    d.add_paragraph("Second page: the risk management plan is robust. " * 5)
    buf = io.BytesIO()
    d.save(buf)
    doc_id = svc.documents.add(buf.getvalue(), filename="reps.docx", client_id=client,
                               kind="correspondence").document.id
    v = DocumentViewer(svc, doc_id, 2)
    qtbot.addWidget(v)
    v.show()
    assert not v.can_render and v.scroll.isHidden()
    assert "Word document" in v.docx_note.text() and v.zoom_in_button.isHidden()
    assert v.sections_box.isHidden()  # no sections: the text has the room
    assert "risk management plan" in v.text.toPlainText()
    v.zoom_in()  # nothing to zoom: no error
    assert v.find("robust") == [2]


# ---------------------------------------------------------------------------- citations
def test_cite_this_page_from_the_viewer(qtbot, svc, client, doc, challenge, monkeypatch):
    v = viewer.open_document(svc, doc, 17)
    got = []
    viewer.signals.cited.connect(lambda t, i: got.append((t, i)))

    def run(dlg):
        assert isinstance(dlg, CiteDialog)
        assert dlg.kind.currentData() == "challenge" and dlg.record.currentData() == challenge
        dlg.paragraph.setText("4")
        dlg.accept()
        return True

    monkeypatch.setattr(form, "run_dialog", run)
    assert v.cite_page() is not None
    [c] = svc.citations.for_record("challenge", challenge)
    assert (c.document_id, c.page, c.paragraph) == (doc, 17, "4")
    assert got == [("challenge", challenge)]
    assert "Dossier p.17 ¶4" in v.status.text()


def test_citations_on_the_challenges_tab_add_open_remove(qtbot, svc, client, matter, doc, challenge,
                                                           monkeypatch):
    aid = svc.allegations.add(client, text="Assault on staff, 2019", source="Security report",
                              status="disputed")
    tab = ChallengesTab(svc)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    tab.set_client(client)
    strip = tab.citations
    assert strip.model.target == "challenge" and strip.model.target_id == challenge
    assert strip.labels() == [] and strip.empty.isVisible() and strip.add_button.isEnabled()
    assert tab.allegation_citations.model.target_id == aid

    def typed(dlg):
        assert isinstance(dlg, AddCitationDialog)
        dlg.typed.setText("Dossier p.30 para 2")
        dlg.note.setText("insight developing")
        dlg.accept()
        return dlg.result() == dlg.DialogCode.Accepted

    monkeypatch.setattr(form, "run_dialog", typed)
    assert strip.add() is not None
    assert strip.labels() == ["Dossier p.30 ¶2 — Psychology report (Dr Smith)"]
    # One click (or Enter) opens the viewer at the cited page.
    strip._open_index(strip.model.index(0, 0))
    v = viewer.viewer_of(doc)
    assert v is not None and v.page == 30 and v.isVisible()
    assert v.cite_context == ("challenge", challenge)  # "Cite this page…" offers this challenge first
    # Citing from the viewer shows up in the strip at once.
    svc.citations.add("challenge", challenge, doc, 5)
    viewer.signals.cited.emit("challenge", challenge)
    assert len(strip.labels()) == 2
    # Remove asks first.
    asked = []
    monkeypatch.setattr(form, "confirm", lambda _p, title, text, **_k: asked.append(text) or True)
    strip.list.setCurrentIndex(strip.model.index(0, 0))
    assert strip.remove()
    assert asked and "from this challenge" in asked[0]
    assert len(svc.citations.for_record("challenge", challenge)) == 1
    # The allegations' strip is its own.
    def chosen(dlg):
        dlg.typed.clear()
        dlg.document.setCurrentIndex(dlg.document.findData(doc))
        dlg.page.setValue(36)
        dlg.accept()
        return True

    monkeypatch.setattr(form, "run_dialog", chosen)
    assert tab.allegation_citations.add() is not None
    assert tab.allegation_citations.labels() == ["Dossier p.36 — Decision letter"]
    tab.clear()
    assert strip.labels() == [] and tab.allegation_citations.labels() == []


def test_a_typed_citation_that_does_not_read_is_shown_under_its_field(qtbot, svc, client, doc, challenge):
    dlg = AddCitationDialog(svc, client, "challenge", challenge)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.typed.setText("Dossier p.400")
    dlg.accept()
    assert dlg.isVisible() and "400" in dlg.form.message("typed")
    assert svc.citations.for_record("challenge", challenge) == []


def test_chronology_tab_has_citations_for_the_selected_event(qtbot, svc, client, matter, doc):
    eid = svc.chronology.add(matter, "2026-10-01", "dossier-served", text="Dossier served")
    svc.citations.add("event", eid, doc, 1)
    tab = ChronologyTab(svc)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_client(client)
    tab.select(eid)
    assert tab.citations.labels() == ["Dossier p.1"]


# ---------------------------------------------------------------------------- delete, export, sections
def test_deleting_a_cited_document_asks_and_lists_what_cites_it(qtbot, svc, client, doc, challenge,
                                                                 monkeypatch):
    svc.citations.add("challenge", challenge, doc, 17, paragraph="4")
    tab = _tab(qtbot, svc, client)
    v = viewer.open_document(svc, doc, 3)
    asked = []
    answer = [False]
    monkeypatch.setattr(form, "confirm",
                        lambda _p, title, text, **k: asked.append((title, text, k)) or answer[0])
    tab.delete()
    title, text, k = asked[0]
    assert title == "Delete cited document" and "cited 1 time" in text
    assert "Dossier p.17 ¶4" in text and "shown no insight" in text
    assert k["yes"] == "Delete document and citations"
    assert svc.documents.for_client(client)  # said no: nothing deleted
    answer[0] = True
    tab.delete()
    assert svc.documents.for_client(client) == []
    assert svc.citations.for_record("challenge", challenge) == []
    assert viewer.viewer_of(doc) is None and v._closing  # its viewer closed


def test_export_writes_the_file_where_asked(qtbot, svc, client, doc, pdf_path, tmp_path, monkeypatch):
    tab = _tab(qtbot, svc, client)
    out = tmp_path / "out" / "copy.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(documents_view, "choose_export_path", lambda _p, suggested: str(out))
    assert tab.export_document() == str(out)
    assert out.read_bytes() == pdf_path.read_bytes()
    assert "not encrypted" in tab.message.text()


def test_page_index_for_counsel(qtbot, svc, client, doc, challenge, tmp_path, monkeypatch):
    svc.citations.add("challenge", challenge, doc, 17, paragraph="4")
    tab = _tab(qtbot, svc, client)
    assert tab.index_button.isEnabled()
    out = tmp_path / "index"
    monkeypatch.setattr(documents_view, "choose_export_path", lambda _p, suggested: str(out))
    written = tab.export_page_index()
    assert written == str(out) + ".docx"
    import docx

    text = "\n".join(p.text for p in docx.Document(written).paragraphs)
    assert "Dossier" in text


def test_sections_dialog_adds_and_removes(qtbot, svc, doc):
    v = viewer.open_document(svc, doc, 38)
    assert v.section_name() == "Decision letter"
    dlg = SectionsDialog(svc, doc)
    qtbot.addWidget(dlg)
    n = dlg.model.rowCount()
    dlg.name.setText("Addendum")
    dlg.range.setText("37 to 40")
    assert dlg.add() is not None and dlg.model.rowCount() == n + 1
    v.reload_sections()
    assert v.section_name() == "Addendum" == svc.documents.section_of(doc, 38)  # the narrowest
    assert v.sections_list.count() == n + 1
    dlg.name.setText("Too far")
    dlg.range.setText("39-90")
    assert dlg.add() is None and "40" in dlg.message.text()
    dlg.table.selectRow(dlg.model.rowCount() - 1)
    dlg.remove()
    assert dlg.model.rowCount() == n and dlg.changed


# ---------------------------------------------------------------------------- search, lock
def test_a_page_hit_in_the_global_search_opens_the_viewer_there(qtbot, shell, casebook_path, pdf_path):
    mw = _open(qtbot, shell, casebook_path)
    svc = shell.session.services
    cid = svc.clients.add(name="Alex Example")
    doc_id = svc.documents.add(pdf_path, client_id=cid, kind="dossier").document.id
    mw.navigator.refresh()
    mw.open_search()
    mw.search_panel.query.setText("psychologist")
    mw.search_panel.run_query()
    model = mw.search_panel.model
    rows = [r for r in range(model.rowCount()) if model.hit(r).kind == "page"]
    assert rows
    assert model.index(rows[0], 0).data() == "Document page"
    assert model.index(rows[0], 1).data() == "Dossier p.30 — Psychology report (Dr Smith)"
    mw.search_panel.results.selectRow(rows[0])
    mw.search_panel.activate_current()
    v = viewer.viewer_of(doc_id)
    assert v is not None and v.page == 30
    assert mw.client_view.current_tab_key() == "documents"
    assert mw.client_view.documents.selected_id() == doc_id


def test_lock_closes_viewers_and_unlock_reopens_them_at_the_same_page(qtbot, shell, casebook_path, pdf_path):
    mw = _open(qtbot, shell, casebook_path)
    svc = shell.session.services
    cid = svc.clients.add(name="Alex Example")
    doc_id = svc.documents.add(pdf_path, client_id=cid, kind="dossier").document.id
    v = mw.open_document(doc_id, 21)
    assert v is not None and v.isVisible()
    shell.lock()
    assert v._closing and viewer.open_viewers() == [] and v.canvas.image() is None
    assert viewer.kept() == [(doc_id, 21)]
    mw = _open(qtbot, shell, casebook_path)
    qtbot.waitUntil(lambda: viewer.viewer_of(doc_id) is not None)
    again = viewer.viewer_of(doc_id)
    assert again.page == 21 and again.services is mw.services
    assert viewer.kept() == []


@pytest.fixture
def shell(qtbot):
    from ui.app import Shell

    s = Shell()
    yield s
    s.shutdown()


def _open(qtbot, shell, path):
    w = shell.show_unlock(path, auto_unlock=False)
    qtbot.waitExposed(w)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: shell.main_window is not None or w.message.isVisible(), timeout=10000)
    assert shell.main_window is not None
    return shell.main_window


def test_details_edits_title_date_and_how_it_is_cited(qtbot, svc, client, doc, monkeypatch):
    tab = _tab(qtbot, svc, client)

    def run(dlg):
        assert isinstance(dlg, DocumentDetailsDialog) and dlg.save_button.text() == "Save"
        dlg.title.setText("Dossier (PPCS, November 2026)")
        dlg.date.setText("02/11/2026")
        dlg.cite_as.setText("PD")
        dlg.accept()
        return dlg.result() == dlg.DialogCode.Accepted

    monkeypatch.setattr(form, "run_dialog", run)
    tab.edit_details()
    d = svc.documents.get(doc)
    assert (d.title, d.date.isoformat(), d.cite_as) == ("Dossier (PPCS, November 2026)", "2026-11-02", "PD")
    assert tab.model.index(0, 0).data() == "Dossier (PPCS, November 2026)"
    assert tab.model.index(0, 2).data() == "2 November 2026"


def test_a_document_reopens_at_the_page_it_was_closed_at(qtbot, svc, doc):
    v = viewer.open_document(svc, doc)
    assert v.page == 1
    v.go_to_page(23)
    v.close()
    again = viewer.open_document(svc, doc)
    assert again is not v and again.page == 23
    assert viewer.open_document(svc, doc, 5) is again and again.page == 5  # a cited page wins


def test_preferences_set_this_casebooks_document_limit(qtbot, shell, casebook_path):
    from ui.dialogs.preferences import PreferencesDialog

    mw = _open(qtbot, shell, casebook_path)
    d = PreferencesDialog(mw)
    qtbot.addWidget(d)
    assert d.doc_limit is not None and d.doc_limit.value() == 500
    d.doc_limit.setValue(20)
    d.accept()
    assert mw.services.documents.max_bytes() == 20 * 1024 * 1024


def test_a_file_dropped_on_the_tab_is_imported(qtbot, svc, client, pdf_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    tab = _tab(qtbot, svc, client)
    _details(monkeypatch, kind="dossier")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf_path))])
    tab.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                             Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: tab.job is not None)
    _finish(qtbot, tab.job)
    assert [d.filename for d in svc.documents.for_client(client)] == ["dossier.pdf"]
