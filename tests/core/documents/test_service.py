"""Documents inside a real SQLCipher casebook: import, pages, sections, versions, page search, export,
delete, and citations of pages by records. Files are generated here (never real dossiers)."""

from __future__ import annotations

import io

import pytest

from casebook.documents.pdfgen import make_pdf
from casebook.errors import (
    BadInput,
    Cancelled,
    EncryptedDocument,
    NotFound,
    UnreadableDocument,
    ValidationError,
)
from casebook.services.documents import DocumentCited

INDEX = """INDEX TO THE PAROLE DOSSIER
Section A  Index  1
Section B  Sentence calculation  2-3
OASys assessment  4-7
Psychology risk assessment  8-10
"""


def dossier_pages(extra: int = 0) -> list[str | None]:
    """A 10-page dossier with its own index page, one scanned page (6) and ``extra`` pages at the end."""
    pages: list[str | None] = [INDEX]
    pages += [f"Sentence calculation sheet page {i}. Conditional release date and licence expiry date "
              f"are calculated by the custody office." for i in (2, 3)]
    pages += ["OASys assessment. Section 2 analysis of offences. The offender manager records the index "
              "offence and victim awareness work.",
              "OASys. Risk of serious harm is assessed as high in the community towards known adults.",
              None,
              "OASys. The prisoner completed the Kaizen programme and shows insight into his offending."]
    pages += [f"Psychology risk assessment page {i}. The psychologist considers protective factors and "
              "recommends progression to open conditions." for i in (8, 9, 10)]
    pages += [f"Addendum report page {11 + i}. A further security report notes no adjudications in the last "
              "twelve months; employment in the kitchens." for i in range(extra)]
    return pages


def pdf(extra: int = 0) -> bytes:
    return make_pdf(dossier_pages(extra), title="Parole dossier")


@pytest.fixture
def client(svc):
    cid = svc.clients.add(name="Ambrose Kettlewell")
    mid = svc.matters.add(cid, type="parole-review")
    return cid, mid


def _rows(svc, table: str) -> int:
    return svc.cb.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _all_counts(svc) -> dict[str, int]:
    return {t: _rows(svc, t) for t in ("documents", "document_files", "document_pages", "document_sections",
                                       "citations")}


# ---------------------------------------------------------------------------- import
def test_import_keeps_bytes_pages_text_and_sections(svc, client):
    cid, mid = client
    data = pdf()
    r = svc.documents.add(data, client_id=cid, kind="dossier", filename="dossier.pdf", matter_id=mid,
                          date="12/03/2026")
    d = r.document
    assert not r.duplicate
    assert (d.pages, d.format, d.kind, d.cite_as, d.version) == (10, "pdf", "dossier", "Dossier", 1)
    assert d.size == len(data) and len(d.sha256) == 64
    assert svc.documents.content(d.id) == data
    assert d.unreadable == [6] and r.unreadable == [6]
    assert "Kaizen programme" in svc.documents.page_text(d.id, 7)
    assert svc.documents.page_text(d.id, 6).strip() == ""
    names = {s.name: (s.first_page, s.last_page) for s in r.sections}
    assert any("OASys" in n and span == (4, 7) for n, span in names.items()), names
    assert any("Psychology" in n and span == (8, 10) for n, span in names.items()), names
    assert "10 pages" in r.message and "6" in r.message
    created = svc.audit.entries(entity="document", entity_id=d.id)
    assert created and created[0].action == "create"


def test_same_file_twice_is_recognised_and_nothing_added(svc, client):
    cid, _ = client
    data = pdf()
    first = svc.documents.add(data, client_id=cid, kind="dossier", filename="a.pdf")
    before = _all_counts(svc)
    again = svc.documents.add(data, client_id=cid, kind="oasys", filename="copy.pdf")
    assert again.duplicate and again.document.id == first.document.id
    assert "already" in again.message and "nothing was added" in again.message
    assert _all_counts(svc) == before


def test_newer_dossier_keeps_both_and_says_what_changed(svc, client):
    cid, _ = client
    v1 = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="v1.pdf").document
    r = svc.documents.add(pdf(extra=3), client_id=cid, kind="dossier", filename="v2.pdf")
    v2 = r.document
    assert (v2.version, v2.previous_id, v2.pages) == (2, v1.id, 13)
    assert r.changes is not None
    assert (r.changes.old_pages, r.changes.new_pages) == (10, 13)
    assert r.changes.new_page_ranges == [(11, 13)]
    assert "11–13" in r.message
    # the new version is "Dossier"; the old one is renamed so citations stay unambiguous
    assert v2.cite_as == "Dossier"
    assert svc.documents.get(v1.id).cite_as == "Dossier v1"
    assert [d.id for d in svc.documents.versions(v1.id)] == [v1.id, v2.id]
    assert len(svc.documents.for_client(cid)) == 2


def test_scanned_pages_are_reported(svc, client):
    cid, _ = client
    data = make_pdf(["A letter from the offender manager about progress on the wing, with enough words.",
                     None, None, "Another readable page with more than twenty five letters on it."])
    r = svc.documents.add(data, client_id=cid, kind="correspondence", filename="letter.pdf")
    assert r.unreadable == [2, 3]
    assert "2–3" in r.message
    assert not svc.documents.page_has_text(r.document.id, 2)
    assert svc.documents.page_has_text(r.document.id, 1)


def test_cancelled_import_leaves_nothing(svc, client):
    cid, _ = client
    before = _all_counts(svc)
    seen = []

    def progress(done, total):
        seen.append((done, total))

    with pytest.raises(Cancelled):
        svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="x.pdf", progress=progress,
                          cancelled=lambda: len(seen) >= 3)
    assert _all_counts(svc) == before
    assert seen and seen[-1][1] == 10


def test_failed_commit_leaves_nothing(svc, client, monkeypatch):
    cid, _ = client
    prepared = svc.documents.prepare(pdf(), filename="x.pdf")
    before = _all_counts(svc)
    audit_before = len(svc.audit.entries(limit=10_000))
    real = svc.documents.sections_store.cb.conn

    class Boom(Exception):
        pass

    def fail_pages(*a, **k):
        raise Boom()

    # fail half-way: after the description and bytes, at the sections
    monkeypatch.setattr(prepared, "sections", [object()])  # not a Section: the insert fails
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back
        svc.documents.commit(prepared, client_id=cid, kind="dossier")
    assert real.in_transaction is False
    assert _all_counts(svc) == before
    assert len(svc.audit.entries(limit=10_000)) == audit_before


@pytest.mark.parametrize("data, error", [
    (b"", UnreadableDocument),
    (b"just some text, not a document\n" * 10, UnreadableDocument),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", UnreadableDocument),  # truncated, no xref
])
def test_unreadable_files_are_refused_with_nothing_saved(svc, client, data, error):
    cid, _ = client
    before = _all_counts(svc)
    with pytest.raises(error) as exc:
        svc.documents.add(data, client_id=cid, kind="other", filename="bad.pdf")
    assert "\n" not in exc.value.message
    assert _all_counts(svc) == before


def test_password_protected_pdf_is_refused(svc, client):
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="Confidential psychology report")
    doc.set_encryption(owner_password="owner-secret", user_password="user-secret")
    data = bytes(doc.output())
    cid, _ = client
    before = _all_counts(svc)
    with pytest.raises(EncryptedDocument) as exc:
        svc.documents.add(data, client_id=cid, kind="psychology", filename="locked.pdf")
    assert "password" in exc.value.message
    assert _all_counts(svc) == before


def test_size_limit_is_configured_and_enforced(svc, client, tmp_path):
    cid, _ = client
    assert svc.documents.max_bytes() == 500 * 1024 * 1024
    svc.documents.set_max_bytes(1024 * 1024)
    big = tmp_path / "big.pdf"
    big.write_bytes(pdf() + b"%" + b"0" * (1024 * 1024))
    before = _all_counts(svc)
    with pytest.raises(BadInput) as exc:
        svc.documents.add(big, client_id=cid, kind="dossier")
    assert "limit" in exc.value.message and "1 MB" in exc.value.message
    assert _all_counts(svc) == before
    for bad in (0, 10, 10**12, "lots"):
        with pytest.raises(BadInput):
            svc.documents.set_max_bytes(bad)
    assert svc.documents.max_bytes() == 1024 * 1024


def test_missing_file_folder_and_bad_kind(svc, client, tmp_path):
    cid, _ = client
    with pytest.raises(NotFound):
        svc.documents.add(tmp_path / "nope.pdf", client_id=cid, kind="dossier")
    with pytest.raises(BadInput):
        svc.documents.add(tmp_path, client_id=cid, kind="dossier")
    with pytest.raises(ValidationError):
        svc.documents.add(pdf(), client_id=cid, kind="novel", filename="x.pdf")
    with pytest.raises(NotFound):
        svc.documents.add(pdf(), client_id=999, kind="dossier", filename="x.pdf")


def test_matter_must_be_the_clients(svc, client):
    cid, _ = client
    other = svc.clients.add(name="Bertram Oakes")
    other_matter = svc.matters.add(other, type="parole-review")
    with pytest.raises(ValidationError):
        svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="x.pdf", matter_id=other_matter)
    assert _rows(svc, "documents") == 0


def test_docx_and_image_import(svc, client):
    import docx
    from PIL import Image

    cid, _ = client
    d = docx.Document()
    d.add_paragraph("Sentence planning meeting minutes: the prisoner attended and engaged well throughout.")
    d.add_page_break()
    d.add_paragraph("Second page: actions agreed include a referral to the Horizon programme next year.")
    buf = io.BytesIO()
    d.save(buf)
    r = svc.documents.add(buf.getvalue(), client_id=cid, kind="correspondence", filename="minutes.docx")
    assert (r.document.format, r.document.pages) == ("docx", 2)
    assert "Horizon" in svc.documents.page_text(r.document.id, 2)
    img = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(img, "PNG")
    r = svc.documents.add(img.getvalue(), client_id=cid, kind="other", filename="scan.png")
    assert (r.document.format, r.document.pages, r.unreadable) == ("image", 1, [1])


# ---------------------------------------------------------------------------- sections
def test_user_sections_and_section_of(svc, client):
    cid, _ = client
    text = [f"Page of text with plenty of letters to count {i}" for i in range(20)]
    doc = svc.documents.add(make_pdf(text), client_id=cid, kind="dossier", filename="x.pdf").document
    sid = svc.documents.add_section(doc.id, "Security reports", "12–15")
    s = svc.documents.sections_store.get(sid)
    assert (s.first_page, s.last_page, s.source) == (12, 15, "user")
    assert svc.documents.section_of(doc.id, 13) == "Security reports"
    assert svc.documents.section_of(doc.id, 16) == ""
    inner = svc.documents.add_section(doc.id, "Adjudication", "14")
    assert svc.documents.section_of(doc.id, 14) == "Adjudication"  # the narrowest wins
    for bad in ("15-12", "0-3", "19-25", "x"):
        with pytest.raises(BadInput):
            svc.documents.add_section(doc.id, "Bad", bad)
    svc.documents.remove_section(inner)
    assert svc.documents.section_of(doc.id, 14) == "Security reports"


# ---------------------------------------------------------------------------- search
def test_page_search_ranks_pages_and_names_section_and_snippet(svc, client):
    cid, _ = client
    doc = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="d.pdf").document
    hits = svc.documents.search("Kaizen")
    assert [(h.document_id, h.page) for h in hits] == [(doc.id, 7)]
    h = hits[0]
    assert "[Kaizen]" in h.snippet and "OASys" in h.section and h.label == "Dossier p.7"
    assert "\n" not in svc.documents.search("INDEX")[0].snippet  # one line, whatever the page's layout
    # a phrase must appear as typed
    assert {h.page for h in svc.documents.search('"protective factors"')} == {8, 9, 10}
    assert svc.documents.search('"factors protective"') == []
    # prefix of the last word while typing
    assert {h.page for h in svc.documents.search("psycholog")} >= {8, 9, 10}
    assert svc.documents.find(doc.id, "OASys") == [1, 4, 5, 7]  # the index page names it too
    assert svc.documents.search("") == [] and svc.documents.search('"') == []


def test_search_filters_by_client_and_document(svc, client):
    cid, _ = client
    other = svc.clients.add(name="Bertram Oakes")
    a = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="a.pdf").document
    b = svc.documents.add(pdf(extra=1), client_id=other, kind="dossier", filename="b.pdf").document
    assert {h.document_id for h in svc.documents.search("Kaizen")} == {a.id, b.id}
    assert {h.document_id for h in svc.documents.search("Kaizen", client_id=other)} == {b.id}
    assert {h.document_id for h in svc.documents.search("Kaizen", document_id=a.id)} == {a.id}
    assert svc.documents.find(b.id, "adjudications") == [11]
    assert svc.documents.find(a.id, "adjudications") == []


def test_global_search_includes_pages(svc, client):
    cid, _ = client
    doc = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="d.pdf").document
    hits = svc.search.query("Kaizen")
    pages = [h for h in hits if h.kind == "page"]
    assert [(h.ref_id, h.page) for h in pages] == [(doc.id, 7)]
    assert pages[0].title.startswith("Dossier p.7") and pages[0].client_id == cid
    assert all(h.kind != "page" for h in svc.search.query("Kaizen", kinds=("client",)))
    titles = [h for h in svc.search.query("Parole dossier") if h.kind == "document"]
    assert titles and titles[0].ref_id == doc.id


# ---------------------------------------------------------------------------- citations
@pytest.fixture
def cited(svc, client):
    """A dossier and one record of each kind that can cite it."""
    cid, mid = client
    doc = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="d.pdf").document
    records = {
        "allegation": svc.allegations.add(cid, text="Threatened staff", status="disputed"),
        "evidence": svc.evidence.add(cid, kind="accredited-programme", date="2026-01-10", title="Kaizen"),
        "assessment": svc.assessments.add(cid, tool="oasys", date="2026-02-01"),
        "event": svc.chronology.add(mid, "2026-02-01", "dossier-served"),
        "challenge": svc.challenges.add(mid, assertion="No insight", source="OASys", ground="factual-error",
                                        position="He completed Kaizen"),
    }
    return cid, mid, doc, records


def test_every_kind_of_record_cites_a_page(svc, cited):
    cid, _, doc, records = cited
    for target, rid in records.items():
        c = svc.citations.add(target, rid, doc.id, 7, paragraph="4" if target == "challenge" else "")
        view = svc.citations.view(c)
        assert view.target == target and view.page == 7
    ch = svc.citations.for_record("challenge", records["challenge"])
    assert [c.label for c in ch] == ["Dossier p.7 ¶4"]
    assert "OASys" in ch[0].section
    assert ch[0].target_summary.startswith("Challenge")
    assert len(svc.citations.for_document(doc.id)) == 5
    summary = {c.target: c.target_summary for c in svc.citations.for_document(doc.id)}
    assert summary["assessment"] == f"Assessment {records['assessment']}: OASys, 1 February 2026"
    assert summary["event"].startswith(f"Chronology event {records['event']}: ")
    assert summary["event"].endswith(", 1 February 2026")
    assert summary["evidence"] == f"Evidence {records['evidence']}: Kaizen, 10 January 2026"
    assert len(svc.citations.for_client(cid)) == 5


def test_citation_checks(svc, cited):
    _, _, doc, records = cited
    other = svc.clients.add(name="Bertram Oakes")
    theirs = svc.allegations.add(other, text="Something else", status="disputed")
    with pytest.raises(ValidationError):
        svc.citations.add("allegation", theirs, doc.id, 1)  # another client's document
    with pytest.raises(ValidationError):
        svc.citations.add("allegation", records["allegation"], doc.id, 11)  # beyond the last page
    with pytest.raises(ValidationError):
        svc.citations.add("allegation", records["allegation"], doc.id, 0)
    with pytest.raises(ValidationError):
        svc.citations.add("letter", 1, doc.id, 1)
    with pytest.raises(NotFound):
        svc.citations.add("evidence", 9999, doc.id, 1)
    assert _rows(svc, "citations") == 0


def test_typed_citations_parse(svc, cited):
    cid, _, doc, _ = cited
    p = svc.citations.parse
    assert p("Dossier p.7 ¶4", cid) == (doc.id, 7, "4")
    assert p("dossier p 7 para 4.2", cid) == (doc.id, 7, "4.2")
    assert p("page 3", cid) == (doc.id, 3, "")
    assert p("7", cid) == (doc.id, 7, "")
    assert p(f"#{doc.id} p.2", cid) == (doc.id, 2, "")
    assert p("Parole dossier, p.9", cid) == (doc.id, 9, "")
    for bad in ("", "Dossier", "Dossier p.99", "Psychology p.3"):
        with pytest.raises(BadInput):
            p(bad, cid)


def test_deleting_a_cited_document_asks_first_and_says_what_cites_it(svc, cited):
    _, _, doc, records = cited
    svc.citations.add("challenge", records["challenge"], doc.id, 5)
    svc.citations.add("evidence", records["evidence"], doc.id, 7)
    with pytest.raises(DocumentCited) as exc:
        svc.documents.delete(doc.id)
    assert "challenge" in exc.value.message and "evidence" in exc.value.message
    assert {c.target for c in exc.value.citations} == {"challenge", "evidence"}
    assert svc.documents.get(doc.id)  # still there
    svc.documents.delete(doc.id, force=True)
    assert _all_counts(svc) == {"documents": 0, "document_files": 0, "document_pages": 0,
                                "document_sections": 0, "citations": 0}
    assert svc.documents.search("Kaizen") == []  # the page index forgot it too
    entry = svc.audit.entries(entity="document", entity_id=doc.id)[0]
    assert entry.action == "delete" and entry.detail["citations"] == 2


def test_deleting_a_record_removes_its_citations(svc, cited):
    _, _, doc, records = cited
    svc.citations.add("evidence", records["evidence"], doc.id, 7)
    svc.citations.add("allegation", records["allegation"], doc.id, 5)
    svc.evidence.delete(records["evidence"])
    assert [c.target for c in svc.citations.for_document(doc.id)] == ["allegation"]


def test_uncited_document_deletes_and_leaves_other_documents(svc, client):
    cid, _ = client
    a = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="a.pdf").document
    report = make_pdf(["The Kaizen programme report, written by the facilitator for the Board."])
    b = svc.documents.add(report, client_id=cid, kind="other", filename="b.pdf").document
    svc.documents.delete(a.id)
    assert [h.document_id for h in svc.documents.search("Kaizen")] == [b.id]
    assert _rows(svc, "document_pages") == 1


# ---------------------------------------------------------------------------- export, render, update
def test_export_is_the_same_bytes_and_audited(svc, client, tmp_path):
    cid, _ = client
    data = pdf()
    doc = svc.documents.add(data, client_id=cid, kind="dossier", filename="d.pdf").document
    out = svc.documents.export(doc.id, tmp_path / "out.pdf")
    assert out.read_bytes() == data
    with pytest.raises(BadInput):
        svc.documents.export(doc.id, tmp_path / "out.pdf")
    svc.documents.export(doc.id, tmp_path / "out.pdf", overwrite=True)
    with pytest.raises(BadInput):
        svc.documents.export(doc.id, tmp_path / "missing" / "out.pdf")
    exports = [e for e in svc.audit.entries(entity="document", entity_id=doc.id) if e.action == "export"]
    assert len(exports) == 2 and exports[0].detail["sha256"] == doc.sha256
    assert not list(tmp_path.glob(".*.part"))


def test_reader_renders_from_the_casebook(svc, client):
    cid, _ = client
    doc = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="d.pdf").document
    with svc.documents.reader(doc.id) as reader:
        assert reader.page_count == 10
        png = reader.png(7, 0.5)
        assert png.startswith(b"\x89PNG")
        assert reader.find(7, "kaizen")


def test_update_checks_cite_as_and_matter(svc, client):
    cid, _ = client
    a = svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="a.pdf").document
    b = svc.documents.add(make_pdf(["An OASys assessment of some length and with enough letters."]),
                          client_id=cid, kind="oasys", filename="b.pdf").document
    assert b.cite_as == "OASys"
    with pytest.raises(ValidationError):
        svc.documents.update(b.id, cite_as="dossier")
    other = svc.matters.add(svc.clients.add(name="Bertram Oakes"), type="parole-review")
    with pytest.raises(ValidationError):
        svc.documents.update(a.id, matter_id=other)
    with pytest.raises(ValidationError):
        svc.documents.update(a.id, matter_id="9999")  # no such matter: the same one line
    assert svc.documents.update(b.id, cite_as="OASys 2026", title="OASys (March 2026)") == {
        "cite_as": ["OASys", "OASys 2026"], "title": [b.title, "OASys (March 2026)"]}
    with pytest.raises(ValidationError):
        svc.documents.update(b.id, sha256="0" * 64)


def test_a_word_on_too_many_pages_lists_pages_in_reading_order_newest_document_first(svc, client,
                                                                                    monkeypatch):
    import casebook.services.documents as documents

    cid, _ = client
    old = svc.documents.add(pdf(), client_id=cid, kind="oasys", filename="a.pdf").document
    new = svc.documents.add(pdf(extra=1), client_id=cid, kind="dossier", filename="b.pdf").document
    ranked = svc.documents.search("OASys", limit=50)
    monkeypatch.setattr(documents, "BROAD_PAGES", 3)  # "OASys" is on 4 pages of each: now too common
    broad = svc.documents.search("OASys", limit=50)
    assert sorted((h.document_id, h.page) for h in broad) == sorted((h.document_id, h.page) for h in ranked)
    assert [(h.document_id, h.page) for h in broad] == [(new.id, p) for p in (1, 4, 5, 7)] + [
        (old.id, p) for p in (1, 4, 5, 7)]
    assert all("[OASys]" in h.snippet for h in broad)
    assert [h.page for h in svc.documents.search("OASys", limit=3)] == [1, 4, 5]
    assert [h.page for h in svc.documents.search("OASys", client_id=cid, document_id=old.id)] == [1, 4, 5, 7]
    # a rare word still ranks, even beside a common one
    monkeypatch.setattr(documents, "BROAD_PAGES", 600)
    assert [h.page for h in svc.documents.search("Kaizen OASys", document_id=new.id)] == [7]


def test_documents_survive_backup_and_restore_and_go_with_their_client(svc, client, tmp_path):
    from casebook import session
    from casebook.services import Services
    from casebook.store import Casebook
    from casebook.store.backup import check
    from tests.conftest import PASSPHRASE

    cid, _ = client
    data = pdf()
    doc = svc.documents.add(data, client_id=cid, kind="dossier", filename="d.pdf").document
    report = check(svc.cb)
    assert report["ok"] and report["full_text_index_ok"] and report["counts"]["documents"] == 1
    dest = session.backup(svc, tmp_path / "backup.casebook")
    restored = session.restore(dest, tmp_path / "restored.casebook", PASSPHRASE)
    book = Casebook.open(restored, PASSPHRASE)
    try:
        other = Services(book)
        assert other.documents.content(doc.id) == data
        assert [h.page for h in other.documents.search("Kaizen")] == [7]
    finally:
        book.close()
    # deleting the client deletes its documents, their pages and the page index entries
    svc.clients.delete(cid)
    assert _all_counts(svc) == {"documents": 0, "document_files": 0, "document_pages": 0,
                                "document_sections": 0, "citations": 0}
    assert svc.documents.search("Kaizen") == []
    assert check(svc.cb)["ok"]


def test_a_damaged_page_index_is_reported_by_the_check(svc, client):
    from casebook.store.backup import check

    cid, _ = client
    svc.documents.add(pdf(), client_id=cid, kind="dossier", filename="d.pdf")
    # the page text changed behind the index's back (only a damaged file or a bug could do this)
    svc.cb.conn.execute("DROP TRIGGER document_pages_au")
    with svc.cb.transaction():
        svc.cb.conn.execute("UPDATE document_pages SET text = 'something else entirely' WHERE page = 7")
    report = check(svc.cb)
    assert not report["ok"] and "page index of documents is inconsistent" in report["problems"]
    # unlocking checks the file's pages and tables, not the index against its text: it still opens
    from casebook.store import Casebook
    from casebook.store.casebook import integrity_problems
    from tests.conftest import PASSPHRASE

    assert integrity_problems(svc.cb.conn, deep=False) == []
    svc.cb.checkpoint()
    Casebook.open(svc.cb.path, PASSPHRASE).close()


def test_default_title_from_the_file_then_its_name_then_its_kind(svc, client):
    cid, _ = client
    text = ["A report with enough letters on the page to count as text for searching."]
    add = svc.documents.add
    assert add(make_pdf(text, title="Parole dossier"), client_id=cid, kind="dossier",
               filename="x.pdf").document.title == "Parole dossier"
    assert add(make_pdf(text + ["two"], title="Microsoft Word - doc1.docx"), client_id=cid, kind="oasys",
               filename="OASys_March-2026.pdf").document.title == "OASys March-2026"
    assert add(make_pdf(text + ["three"]), client_id=cid, kind="psychology",
               filename="scan0001.pdf").document.title == "Psychology report"
    assert add(make_pdf(text + ["four"]), client_id=cid, kind="other", filename="minutes.pdf",
               title="  Sentence planning minutes ").document.title == "Sentence planning minutes"
