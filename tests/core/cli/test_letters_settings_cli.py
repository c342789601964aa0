"""`letter firm` and `letter folder`: the letterhead and the firm's template folder from the command line
(what the app's settings do), with a firm's template replacing a shipped one by its id."""

from __future__ import annotations

import json

import docx


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_firm_letterhead_and_template_folder(run_cli, tmp_path):
    f = str(tmp_path / "letters.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    assert _json(cli("--json", "letter", "firm"))["name"] == ""
    firm = _json(cli("--json", "letter", "firm", "--name", "Smith & Co", "--address", "1 Road",
                     "--address", "Town", "--sra-number", "123456"))
    assert (firm["name"], firm["address_lines"], firm["sra_number"]) == ("Smith & Co", ["1 Road", "Town"],
                                                                         "123456")
    assert _json(cli("--json", "letter", "firm", "--phone", "01632 960 001"))["name"] == "Smith & Co"  # kept

    folder = tmp_path / "firm-templates"
    folder.mkdir()
    d = docx.Document()
    d.core_properties.title = "Our own client care letter"
    d.add_paragraph("Dear {{ client.name }}, from {{ firm.name }}.")
    d.save(str(folder / "client-care.docx"))
    assert _json(cli("--json", "letter", "folder", folder))["folder"] == str(folder.resolve())
    listed = {t["id"]: t for t in _json(cli("--json", "letter", "list"))}
    assert listed["client-care"]["source"] == "user" and listed["representations"]["source"] == "shipped"

    client = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell"))["id"]
    matter = _json(cli("--json", "matter", "add", "--client", client, "--type", "parole-review"))["id"]
    out = tmp_path / "care.docx"
    assert cli("letter", "render", "client-care", "--matter", matter, "-o", out).returncode == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Dear Ambrose Kettlewell, from Smith & Co." in text

    missing = cli("letter", "folder", tmp_path / "nope")
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert _json(cli("--json", "letter", "folder", "--clear"))["folder"] is None
    assert {t["id"]: t for t in _json(cli("--json", "letter", "list"))}["client-care"]["source"] == "shipped"
    blank = _json(cli("--json", "letter", "firm", "--address", ""))
    assert blank["address_lines"] == []  # an empty line is dropped, not stored
