"""Letters written and exported: atomic, never over an existing file without force, every one in the audit
log; the chronology export (A4 table); the counsel bundle (.zip: index, draft representations, chronology,
key dates, challenges, evidence, page index; PDFs with LibreOffice, converted in a private folder that is
removed afterwards)."""

from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest

from casebook.errors import BadInput, Cancelled
from casebook.letters import exports

BUNDLE = [
    "00-index.docx",
    "01-draft-representations.docx",
    "02-chronology.docx",
    "03-key-dates.docx",
    "04-schedule-of-challenges.docx",
    "05-evidence-index.docx",
    "06-page-index.docx",
]


def _exports(svc) -> list:
    return [e for e in svc.audit.entries(limit=100000) if e.action == "export"]


def test_letter_write_is_atomic_audited_and_never_overwrites(
    demo_svc, parole_matters, tmp_path, make_template
):
    matter = parole_matters[0]
    template = make_template("Dear {{ client.name }}")
    out = tmp_path / "letter.docx"
    assert demo_svc.letters.write(template, matter, out) == out
    first = out.read_bytes()
    with pytest.raises(BadInput, match="already exists"):
        demo_svc.letters.write(template, matter, out)
    assert out.read_bytes() == first
    demo_svc.letters.write(make_template("Hello {{ client.name }}"), matter, out, force=True)
    assert out.read_bytes() != first
    assert not list(tmp_path.glob(".*.part"))
    entries = [e for e in _exports(demo_svc) if e.entity == "letter"]
    assert len(entries) == 2 and entries[0].entity_id == matter and entries[0].detail["to"] == str(out)
    with pytest.raises(BadInput, match="folder does not exist"):
        demo_svc.letters.write(template, matter, tmp_path / "nope" / "x.docx")
    generated = demo_svc.letters.generated(matter)
    assert [g["to"] for g in generated] == [str(out), str(out)]
    assert set(generated[0]) == {"when", "template", "to", "kind"}


def test_chronology_export(demo_svc, parole_matters, tmp_path):
    import docx
    from docx.shared import Mm

    matter = parole_matters[0]
    ctx = demo_svc.letters.context(matter)
    out = tmp_path / "chronology.docx"
    demo_svc.letters.export_chronology(matter, out)
    doc = docx.Document(str(out))
    assert abs(doc.sections[0].page_width - Mm(210)) < Mm(1)
    assert abs(doc.sections[0].page_height - Mm(297)) < Mm(1)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Date", "Event", "What happened", "Source", "Disputed"]
    assert len(table.rows) == len(ctx["chronology"]) + 1
    assert table.rows[1].cells[0].text == ctx["chronology"][0]["date"]
    assert ctx["client"]["name"] in doc.paragraphs[1].text
    with pytest.raises(BadInput, match="already exists"):
        demo_svc.letters.export_chronology(matter, out)
    entry = _exports(demo_svc)[0]
    assert (entry.entity, entry.entity_id, entry.detail["to"]) == ("chronology", matter, str(out))


def test_bundle_without_pdf(demo_svc, parole_matters, tmp_path):
    import docx

    matter = parole_matters[0]
    out = tmp_path / "bundle.zip"
    steps = []
    demo_svc.letters.export_bundle(matter, out, pdf=False, progress=lambda d, t: steps.append((d, t)))
    with zipfile.ZipFile(out) as z:
        assert z.namelist() == BUNDLE
        index = docx.Document(io.BytesIO(z.read("00-index.docx")))
        listed = [r.cells[0].text for r in index.tables[0].rows[1:]]
        assert listed == BUNDLE
        for name in BUNDLE:
            d = docx.Document(io.BytesIO(z.read(name)))
            assert "{{" not in "\n".join(p.text for p in d.paragraphs)
    assert steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == list(range(1, len(steps) + 1))
    with pytest.raises(BadInput, match="already exists"):
        demo_svc.letters.export_bundle(matter, out, pdf=False)
    entry = _exports(demo_svc)[0]
    assert (entry.entity, entry.entity_id) == ("bundle", matter) and json.loads(
        entry.detail["files"]
    ) == BUNDLE


def test_bundle_cancelled_writes_nothing(demo_svc, parole_matters, tmp_path):
    out = tmp_path / "bundle.zip"
    with pytest.raises(Cancelled):
        demo_svc.letters.export_bundle(parole_matters[0], out, pdf=False, cancelled=lambda: True)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.casebook")] == []
    assert not [e for e in _exports(demo_svc) if e.entity == "bundle"]


def test_pdf_conversion_happens_in_a_private_folder_removed_afterwards(
    demo_svc, parole_matters, tmp_path, monkeypatch
):
    """With a stand-in for LibreOffice: the folder it works in is the user's alone and is gone after."""
    seen = {}

    def fake_run(args, cwd, timeout):
        seen["mode"] = stat.S_IMODE(cwd.stat().st_mode)
        seen["cwd"] = cwd
        outdir = args[args.index("--outdir") + 1]
        for src in args[args.index(outdir) + 1 :]:
            name = src.rsplit("/", 1)[-1][:-5] + ".pdf"
            (cwd / "out" / name).write_bytes(b"%PDF-1.4 fake")
        return True

    monkeypatch.setattr(exports, "_run", fake_run)
    monkeypatch.setattr(exports, "soffice", lambda: "/usr/bin/soffice-standin")
    out = tmp_path / "bundle.zip"
    demo_svc.letters.export_bundle(parole_matters[0], out)
    assert seen["mode"] == 0o700 and not seen["cwd"].exists()
    with zipfile.ZipFile(out) as z:
        pdfs = [n for n in z.namelist() if n.startswith("pdf/")]
    assert pdfs == sorted(f"pdf/{n[:-5]}.pdf" for n in BUNDLE[1:])

    def failing_run(args, cwd, timeout):
        seen["cwd"] = cwd
        return False

    monkeypatch.setattr(exports, "_run", failing_run)
    out2 = tmp_path / "bundle2.zip"
    demo_svc.letters.export_bundle(parole_matters[0], out2)
    assert not seen["cwd"].exists()
    with zipfile.ZipFile(out2) as z:
        assert z.namelist() == BUNDLE  # no PDFs, still a bundle


@pytest.mark.skipif(exports.soffice() is None, reason="LibreOffice is not installed")
def test_bundle_with_libreoffice(demo_svc, parole_matters, tmp_path):
    import tempfile
    from pathlib import Path

    temp = Path(tempfile.gettempdir())
    before = {p.name for p in temp.glob("casebook-convert-*")}
    out = tmp_path / "bundle.zip"
    demo_svc.letters.export_bundle(parole_matters[0], out)
    with zipfile.ZipFile(out) as z:
        pdfs = [n for n in z.namelist() if n.startswith("pdf/")]
        assert len(pdfs) == 6 and all(z.read(n).startswith(b"%PDF") for n in pdfs)
    after = {p.name for p in temp.glob("casebook-convert-*")}
    assert after <= before


def test_cli_render_and_exports(demo_svc, parole_matters, run_cli, tmp_path):
    matter = str(parole_matters[0])
    demo_svc.close()
    base = ("--file", "demo.casebook")
    r = run_cli(*base, "letter", "list", "--json")
    assert r.returncode == 0
    listed = json.loads(r.stdout)
    assert all(set(t) == {"id", "title", "description", "source"} for t in listed)
    r = run_cli(*base, "letter", "render", "client-care", "--matter", matter, "-o", "care.docx")
    assert r.returncode == 0 and (tmp_path / "care.docx").is_file(), r.stderr
    r = run_cli(*base, "letter", "render", "client-care", "--matter", matter, "-o", "care.docx")
    assert r.returncode == 1 and "already exists" in r.stderr and r.stderr.count("\n") == 1
    r = run_cli(*base, "letter", "render", "client-care", "--matter", matter, "-o", "care.docx", "--force")
    assert r.returncode == 0
    r = run_cli(*base, "letter", "render", "no-such-letter", "--matter", matter, "-o", "x.docx")
    assert r.returncode == 1 and "no letter template" in r.stderr and not (tmp_path / "x.docx").exists()
    r = run_cli(*base, "letter", "render", "client-care", "--matter", "9999", "-o", "y.docx")
    assert r.returncode == 1 and not (tmp_path / "y.docx").exists()
    r = run_cli(*base, "letter", "render", "--matter", matter, "-o", "z.docx")
    assert r.returncode == 1 and not (tmp_path / "z.docx").exists()
    r = run_cli(*base, "export", "chronology", "--matter", matter, "-o", "chron.docx")
    assert r.returncode == 0 and (tmp_path / "chron.docx").is_file()
    r = run_cli(*base, "export", "chronology", "--matter", matter, "-o", "chron.docx")
    assert r.returncode == 1 and "already exists" in r.stderr
    r = run_cli(*base, "export", "bundle", "--matter", matter, "-o", "bundle.zip", "--no-pdf")
    assert r.returncode == 0 and zipfile.ZipFile(tmp_path / "bundle.zip").namelist() == BUNDLE
    r = run_cli(*base, "export", "bundle", "--matter", matter, "-o", "bundle.zip", "--no-pdf")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    r = run_cli(*base, "export", "bundle", "--matter", matter, "-o", "bundle.docx")
    assert r.returncode == 1 and "must end in .zip" in r.stderr
    r = run_cli(*base, "audit", "--json")
    audit = r.stdout
    assert audit.count('"export"') >= 4
