"""The document and cite commands of the CLI contract: JSON shapes, ranked page search with snippets,
page text and PNG, export (audited), sections, citations, deleting a cited document, and bad files →
one line, exit 1, nothing saved. Files are generated in the test."""

from __future__ import annotations

import json
import os

import pytest

from casebook.documents.pdfgen import make_pdf

PAGES = [
    "INDEX\nOASys assessment  2-3\nPsychology risk assessment  4-5\n",
    "OASys assessment. The offender manager records limited victim awareness before the programme.",
    "OASys. The prisoner completed the Kaizen programme in 2025 and engaged fully with the facilitators.",
    "Psychology risk assessment. Protective factors include family support and stable employment plans.",
    None,
]


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def book(run_cli, tmp_path):
    f = str(tmp_path / "docs.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    client = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell"))["id"]
    matter = _json(cli("--json", "matter", "add", "--client", client, "--type", "parole-review"))["id"]
    dossier = tmp_path / "dossier.pdf"
    dossier.write_bytes(make_pdf(PAGES, title="Parole dossier"))
    return cli, client, matter, dossier, tmp_path


def _count(cli, client) -> int:
    return len(_json(cli("--json", "document", "list", "--client", client)))


def test_add_list_show_search_page(book):
    cli, client, matter, dossier, tmp = book
    out = _json(cli("--json", "document", "add", "--client", client, "--matter", matter, "--kind", "dossier",
                    "--date", "12/03/2026", dossier))
    doc = out["id"]
    assert out["pages"] == 5 and out["unreadable"] == [5] and out["duplicate"] is False
    listed = _json(cli("--json", "document", "list", "--client", client))
    assert [d["id"] for d in listed] == [doc]
    assert listed[0]["cite_as"] == "Dossier" and listed[0]["date"] == "2026-03-12"
    hits = _json(cli("--json", "document", "search", "Kaizen programme", "--client", client))
    assert hits[0]["document"] == doc and hits[0]["page"] == 3
    assert set(hits[0]) >= {"document", "title", "page", "section", "snippet"}
    assert "[Kaizen]" in hits[0]["snippet"] and "OASys" in hits[0]["section"]
    text = _json(cli("--json", "document", "page", "--document", doc, "--page", 4, "--text"))
    assert "Protective factors" in text["text"]
    plain = cli("document", "page", "--document", doc, "--page", 4, "--text")
    assert "Protective factors" in plain.stdout
    png = tmp / "p3.png"
    assert cli("document", "page", "--document", doc, "--page", 3, "--png", png, "--scale", 1).returncode == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    again = cli("document", "page", "--document", doc, "--page", 3, "--png", png)
    assert again.returncode == 1 and "exists" in again.stderr
    assert cli("document", "page", "--document", doc, "--page", 3, "--png", png, "--force").returncode == 0
    shown = _json(cli("--json", "document", "show", "--document", doc))
    assert shown["pages"] == 5 and shown["sections"]
    human = cli("document", "list", "--client", client)
    assert "Dossier" in human.stdout and "12 March 2026" in human.stdout


def test_same_file_again_is_recognised(book):
    cli, client, _, dossier, _ = book
    first = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))
    again = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))
    assert again["duplicate"] is True and again["id"] == first["id"]
    assert _count(cli, client) == 1


def test_sections_export_and_delete(book):
    cli, client, _, dossier, tmp = book
    doc = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))["id"]
    sec = _json(cli("--json", "document", "section", "--document", doc, "--name", "Security",
                    "--pages", "4-5"))
    assert (sec["first_page"], sec["last_page"]) == (4, 5)
    bad = cli("document", "section", "--document", doc, "--name", "Too far", "--pages", "4-9")
    assert bad.returncode == 1 and "last page" in bad.stderr
    out = tmp / "copy.pdf"
    assert cli("document", "export", "--document", doc, "-o", out).returncode == 0
    assert out.read_bytes() == dossier.read_bytes()
    again = cli("document", "export", "--document", doc, "-o", out)
    assert again.returncode == 1 and "exists" in again.stderr
    assert cli("document", "delete", "--document", doc).returncode == 0
    assert _count(cli, client) == 0


def test_cite_add_list_and_cited_delete(book):
    cli, client, matter, dossier, _ = book
    doc = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))["id"]
    ch = _json(cli("--json", "challenge", "add", "--matter", matter, "--assertion", "No victim awareness",
                   "--source", "OASys", "--ground", "factual-error", "--position", "Completed Kaizen"))["id"]
    c = _json(cli("--json", "cite", "add", "--to", f"challenge:{ch}", "--document", doc, "--page", 2,
                  "--paragraph", "4"))
    assert c["label"] == "Dossier p.2 ¶4" and "OASys" in c["section"]
    typed = _json(cli("--json", "cite", "add", "--to", f"challenge:{ch}", "--ref", "Dossier p.3"))
    assert typed["page"] == 3 and typed["document"] == doc
    listed = _json(cli("--json", "cite", "list", "--to", f"challenge:{ch}"))
    assert [x["label"] for x in listed] == ["Dossier p.2 ¶4", "Dossier p.3"]
    refused = cli("document", "delete", "--document", doc)
    assert refused.returncode == 1 and "cited" in refused.stderr and "--force" in refused.stderr
    assert _count(cli, client) == 1
    gone = _json(cli("--json", "document", "delete", "--document", doc, "--force"))
    assert gone["citations_removed"] == 2
    assert _json(cli("--json", "cite", "list", "--client", client)) == []


@pytest.mark.parametrize("content, words", [
    (b"", "not a PDF"),
    (b"hello, this is a plain text file and not a document at all\n", "not a PDF"),
    (b"%PDF-1.4\n%broken\n", "PDF"),
])
def test_bad_files_one_line_exit_1_nothing_saved(book, content, words):
    cli, client, _, _, tmp = book
    bad = tmp / "bad.pdf"
    bad.write_bytes(content)
    p = cli("document", "add", "--client", client, "--kind", "dossier", bad)
    assert p.returncode == 1
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    assert _count(cli, client) == 0


def test_missing_file_over_limit_and_bad_arguments(book):
    cli, client, _, dossier, tmp = book
    p = cli("document", "add", "--client", client, "--kind", "dossier", tmp / "nope.pdf")
    assert p.returncode == 1 and "no file" in p.stderr
    assert _json(cli("--json", "document", "limit", "1"))["max_mb"] == 1
    big = tmp / "big.pdf"
    big.write_bytes(dossier.read_bytes() + b"%" + b"0" * (1024 * 1024 + 10))
    p = cli("document", "add", "--client", client, "--kind", "dossier", big)
    assert p.returncode == 1 and "limit" in p.stderr
    p = cli("document", "add", "--client", client, "--kind", "novel", dossier)
    assert p.returncode == 1 and "kind" in p.stderr
    assert _count(cli, client) == 0
    doc = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))["id"]
    p = cli("document", "page", "--document", doc, "--page", 9, "--text")
    assert p.returncode == 1 and "1–5" in p.stderr
    p = cli("cite", "add", "--to", "letter:1", "--document", doc, "--page", 1)
    assert p.returncode == 1 and "KIND:ID" in p.stderr


def test_export_page_index_word_document(book):
    import shutil
    import subprocess

    import docx
    from docx.shared import Mm

    cli, client, matter, dossier, tmp = book
    doc = _json(cli("--json", "document", "add", "--client", client, "--kind", "dossier", dossier))["id"]
    ch = _json(cli("--json", "challenge", "add", "--matter", matter, "--assertion", "No victim awareness",
                   "--source", "OASys", "--ground", "factual-error", "--position", "Completed Kaizen"))["id"]
    _json(cli("--json", "cite", "add", "--to", f"challenge:{ch}", "--document", doc, "--page", 3,
              "--paragraph", "2"))
    out = tmp / "index.docx"
    assert cli("export", "page-index", "--client", client, "-o", out).returncode == 0
    word = docx.Document(str(out))
    sec = word.sections[0]
    assert (round(sec.page_width / Mm(1)), round(sec.page_height / Mm(1))) == (210, 297)
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "Dossier" in cells and "Dossier p.3 ¶2" in cells
    assert any("OASys" in c for c in cells) and any(c.startswith("Challenge") for c in cells)
    assert "26 November 2026" in "\n".join(p.text for p in word.paragraphs)
    again = cli("export", "page-index", "--client", client, "-o", out)
    assert again.returncode == 1 and "exists" in again.stderr
    assert cli("export", "page-index", "--client", client, "-o", tmp / "index.pdf").returncode == 1
    soffice = shutil.which("soffice")
    assert soffice or not os.environ.get("CI"), "CI installs LibreOffice (.ci/run)"
    if soffice:  # the document must convert to an A4 PDF
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to",
                        "pdf", "--outdir", str(tmp), str(out)], check=True, capture_output=True, timeout=180)
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(tmp / "index.pdf"))
        w, h = pdf[0].get_size()
        assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297)
        pdf.close()
