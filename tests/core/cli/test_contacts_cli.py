"""``casebook contact add|list|show|update|remove`` (issue 12) and letters addressed to a contact
(``letter render|context --to``): the JSON shapes, and bad input → one line on stderr, exit 1, nothing
saved (and never the client's data in the message)."""

from __future__ import annotations

import json

import pytest
from docx import Document


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def book(run_cli, tmp_path):
    f = str(tmp_path / "contacts.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    a = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell",
                  "--prison-number", "A1234BC"))["id"]
    b = _json(cli("--json", "client", "add", "--name", "Barnaby Quillfeather"))["id"]
    ma = _json(cli("--json", "matter", "add", "--client", a, "--type", "parole-review"))["id"]
    mb = _json(cli("--json", "matter", "add", "--client", b, "--type", "parole-review"))["id"]
    return cli, a, b, ma, mb, tmp_path


def _listed(cli, client) -> list[dict]:
    return _json(cli("--json", "contact", "list", "--client", client))


def test_add_list_show_update_remove(book):
    cli, a, b, ma, mb, _ = book
    pom = _json(cli("--json", "contact", "add", "--client", a, "--name", "Jo Example", "--role", "pom",
                    "--organisation", "HMP Example, OMU", "--email", "jo@hmpps.example",
                    "--phone", "0113 496 0000"))
    assert set(pom) == {"id"}
    psych = _json(cli("--json", "contact", "add", "--matter", ma, "--name", "Dr Ann Sample",
                      "--role", "independent-psychologist", "--address", "2 Example Road\nExampleton"))["id"]
    other = _json(cli("contact", "add", "--client", b, "--name", "Sam Other", "--role", "com",
                      "--json"))["id"]

    listed = _listed(cli, a)
    assert {c["id"] for c in listed} == {pom["id"], psych}
    one = next(c for c in listed if c["id"] == pom["id"])
    assert one == {"id": pom["id"], "client": a, "matter": None, "name": "Jo Example", "role": "pom",
                   "organisation": "HMP Example, OMU", "email": "jo@hmpps.example", "phone": "0113 496 0000",
                   "address": "", "notes": "", "role_label": "Prison offender manager (POM)"}
    # A matter's list: its own and the client's general contacts, each with its matter or null.
    by_matter = _json(cli("--json", "contact", "list", "--matter", ma))
    assert [(c["id"], c["matter"]) for c in by_matter] == [(psych, ma), (pom["id"], None)]
    assert [c["id"] for c in _json(cli("--json", "contact", "list", "--matter", mb))] == [other]

    shown = _json(cli("--json", "contact", "show", psych))
    assert shown["address"] == "2 Example Road\nExampleton" and shown["client"] == a
    text = cli("contact", "show", psych)
    assert text.returncode == 0 and "Psychologist (independent)" in text.stdout
    assert "Exampleton" in text.stdout
    assert "Jo Example (HMP Example, OMU)" in cli("contact", "list", "--client", a).stdout

    up = _json(cli("--json", "contact", "update", pom["id"], "--matter", ma, "--phone", "+44 113 496 0001"))
    assert up["matter"] == ma and up["phone"] == "+44 113 496 0001"
    assert up["changed"] == ["matter_id", "phone"]
    up = _json(cli("--json", "contact", "update", pom["id"], "--no-matter"))
    assert up["matter"] is None
    assert _json(cli("--json", "contact", "remove", psych)) == {"id": psych, "removed": True}
    assert [c["id"] for c in _listed(cli, a)] == [pom["id"]]
    none = cli("contact", "list", "--client", b, "--json")
    assert [c["id"] for c in json.loads(none.stdout)] == [other]


@pytest.mark.parametrize(("args", "says"), [
    (("--client", "{a}", "--name", "Jo Example", "--role", "governor"),
     "role: must be one of: pom, com, psychologist, independent-psychologist, ppcs, counsel, expert, family, "
     "supporter"),
    (("--client", "{a}", "--name", "Jo Example", "--role", "pom", "--email", "jo.example.org"),
     "email: must be an email address"),
    (("--client", "{a}", "--name", "Jo Example", "--role", "pom", "--phone", "ring reception"),
     "phone: may contain only digits"),
    (("--client", "{a}", "--matter", "{mb}", "--name", "Jo Example", "--role", "pom"),
     "matter id: must be one of this client's matters"),
    (("--client", "999", "--name", "Jo Example", "--role", "pom"), "no client with id 999"),
    (("--matter", "999", "--name", "Jo Example", "--role", "pom"), "no matter with id 999"),
    (("--name", "Jo Example", "--role", "pom"), "say whose contact it is: --client ID or --matter ID"),
    (("--client", "{a}", "--name", " ", "--role", "pom"), "name: is required"),
])
def test_bad_input_is_one_line_exit_1_and_nothing_saved(book, args, says):
    cli, a, b, ma, mb, _ = book
    proc = cli("contact", "add", *[s.format(a=a, mb=mb) for s in args], "--json")
    assert proc.returncode == 1, proc.stdout
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and says in proc.stderr
    assert "Traceback" not in proc.stderr and "Ambrose" not in proc.stderr
    for bad in ("jo.example.org", "ring reception", "governor"):
        assert bad not in proc.stderr  # what was typed is never repeated
    assert _listed(cli, a) == [] and _listed(cli, b) == []


def test_update_show_remove_refuse_bad_input(book):
    cli, a, b, ma, mb, _ = book
    cid = _json(cli("--json", "contact", "add", "--client", a, "--name", "Jo Example", "--role", "pom"))["id"]
    for args, says in (
        (("update", cid, "--matter", mb), "matter id: must be one of this client's matters"),
        (("update", cid, "--role", "boss", "--organisation", "Not saved"), "role: must be one of"),
        (("update", cid, "--email", "x@y"), "email: must be an email address"),
        (("update", cid), "nothing to change"),
        (("update", 999, "--name", "X"), "no contact with id 999"),
        (("show", 999), "no contact with id 999"),
        (("remove", 999), "no contact with id 999"),
        (("list", "--client", 999), "no client with id 999"),
        (("list", "--matter", 999), "no matter with id 999"),
    ):
        proc = cli("contact", *args)
        assert proc.returncode == 1 and says in proc.stderr and proc.stderr.count("\n") == 1, (args, proc)
    c = _listed(cli, a)[0]
    assert (c["matter"], c["role"], c["organisation"], c["email"]) == (None, "pom", "", "")
    # Both --client and --matter for a list: a usage error (exit 2).
    assert cli("contact", "list", "--client", a, "--matter", ma).returncode == 2


def test_found_by_the_global_search(book):
    cli, a, b, ma, *_ = book
    cid = _json(cli("--json", "contact", "add", "--matter", ma, "--name", "Dr Ann Sample",
                    "--role", "independent-psychologist", "--organisation", "Exampleton Forensic"))["id"]
    for words in ("Sample", "exampleton", "psychologist"):
        hits = [h for h in _json(cli("--json", "search", words)) if h["kind"] == "contact"]
        assert [(h["id"], h["client"], h["matter"]) for h in hits] == [(cid, a, ma)], words


def _text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_letters_offer_the_contacts_as_addressees(book):
    cli, a, b, ma, mb, tmp = book
    pom = _json(cli("--json", "contact", "add", "--client", a, "--name", "Jo Example", "--role", "pom",
                    "--email", "jo@hmpps.example"))["id"]
    psych = _json(cli("--json", "contact", "add", "--matter", ma, "--name", "Dr Ann Sample",
                      "--role", "independent-psychologist", "--address", "2 Example Road; Exampleton"))["id"]
    theirs = _json(cli("--json", "contact", "add", "--client", b, "--name", "Sam Other",
                       "--role", "pom"))["id"]

    ctx = _json(cli("--json", "letter", "context", "--matter", ma))
    assert [c["id"] for c in ctx["contacts"]] == [psych, pom]
    assert ctx["contacts"][0]["general"] is False and ctx["contacts"][1]["general"] is True
    assert ctx["addressee"] is None
    ctx = _json(cli("--json", "letter", "context", "--matter", ma, "--to", psych))
    assert ctx["addressee"]["name"] == "Dr Ann Sample"
    assert ctx["addressee"]["address_lines"] == ["2 Example Road", "Exampleton"]
    assert ctx["addressee"]["role_label"] == "Psychologist (independent)"

    out = tmp / "to-pom.docx"
    done = cli("--json", "letter", "render", "assessment-correction-request", "--matter", ma, "--to", pom,
               "-o", out)
    assert done.returncode == 0, done.stderr
    text = _text(out)
    assert "Dear Jo Example," in text and "By email: jo@hmpps.example" in text
    # Without --to, a letter to someone in particular goes to the contact in the usual role.
    out = tmp / "expert.docx"
    assert cli("letter", "render", "expert-instructions", "--matter", ma, "-o", out).returncode == 0
    text = _text(out)
    assert "Dear Dr Ann Sample," in text and "2 Example Road\nExampleton" in text
    out = tmp / "counsel.docx"
    assert cli("letter", "render", "counsel-instructions", "--matter", ma, "-o", out).returncode == 0
    assert "Counsel:" not in _text(out)  # no counsel yet: nothing to fill in wrongly
    out = tmp / "representations.docx"
    done = cli("letter", "render", "representations", "--matter", ma, "--to", psych, "-o", out)
    assert done.returncode == 0  # a template that names no addressee renders as before
    # Another client's contact, or no such contact: one line, exit 1, nothing written.
    for to, says in ((theirs, f"contact {theirs} is not one of matter {ma}'s contacts"),
                     (999, "no contact with id 999")):
        bad = tmp / f"bad-{to}.docx"
        proc = cli("letter", "render", "representations", "--matter", ma, "--to", to, "-o", bad)
        assert proc.returncode == 1 and says in proc.stderr and not bad.exists()
    from casebook.services import Services  # the audit entry keeps the contact's id, not the name
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    book_ = Casebook.open(tmp / "contacts.casebook", PASSPHRASE)
    try:
        entries = {e.detail["template"]: e.detail for e in Services(book_).audit.entries(entity="letter")}
        assert entries["assessment-correction-request"]["addressee"] == pom
        assert entries["expert-instructions"]["addressee"] == psych  # the default, recorded all the same
        assert "addressee" not in entries["counsel-instructions"]
        assert "Jo Example" not in json.dumps(list(entries.values()))
    finally:
        book_.close()
