"""The shipped letter templates (``resources/templates/*.docx``): each exists, is A4 with 2 cm margins,
names itself in its core properties, keeps every Jinja tag inside one Word run, carries the legal anchors
the letter rests on, is what ``build_templates.py`` builds, and renders in a Jinja sandbox (docxtpl) for
a full and for an empty context without leftover tags, "None" or empty headings.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import re
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
docxtpl = pytest.importorskip("docxtpl")

ROOT = Path(__file__).resolve().parents[3]
FOLDER = ROOT / "resources" / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")

IDS = ("representations", "oral-hearing-request", "deferral-request", "witness-application",
       "reconsideration-application", "set-aside-application", "assessment-correction-request",
       "rectification-request", "subject-access-request", "complaint-comp1", "ombudsman-complaint",
       "letter-before-claim", "expert-instructions", "counsel-instructions", "client-care")

# The law (and the practice) each letter must state: every string must appear in the template's text.
ANCHORS: dict[str, tuple[str, ...]] = {
    "representations": ("rule 18 of the Parole Board Rules 2019", "SI 2019/1038",
                        "section 28(6)(b) of the Crime (Sentences) Act 1997", "[2013] UKSC 47",
                        "section 246A(6)(b) of the Criminal Justice Act 2003", "section 255C",
                        "*R (Pearce) v Parole Board* [2023] UKSC 13", "section 239(6)", "wholly persuasive",
                        "low risk of absconding", "*Osborn v Parole Board* [2013] UKSC 61",
                        "The past", "The present", "The future", "Professional recommendations",
                        "The legal test", "Decision sought"),
    "oral-hearing-request": ("rule 20 of the Parole Board Rules 2019", "28 days",
                             "*Osborn v Parole Board* [2013] UKSC 61",
                             "Facts important to risk are in dispute",
                             "Explanation or mitigation", "independent assessment of risk",
                             "What oral evidence would add"),
    "deferral-request": ("rule 6 of the Parole Board Rules 2019", "rule 4(4)", "14 days"),
    "witness-application": ("rule 13 of the Parole Board Rules 2019",),
    "reconsideration-application": ("rule 28 of the Parole Board Rules 2019", "rule 28(3)", "21 days",
                                    "error of law", "irrationality", "procedural unfairness"),
    "set-aside-application": ("rule 28A of the Parole Board Rules 2019", "SI 2022/717", "21 days",
                              "interests of justice", "error of law or fact"),
    "assessment-correction-request": ("page", "paragraph", "The correct position", "The evidence",
                                      "section 46 of the Data Protection Act 2018", "[2023] UKSC 13"),
    "rectification-request": ("section 46 of the Data Protection Act", "section 48", "section 54",
                              "one month", "section 51", "section 167", "Part 3"),
    "subject-access-request": ("section 45 of the Data Protection Act", "Article 15 of the UK GDPR",
                               "section 54", "one month"),
    "complaint-comp1": ("COMP1", "COMP1A", "Prisons and Probation Ombudsman",
                        "Prisoner Complaints Policy Framework"),
    "ombudsman-complaint": ("Prisons and Probation Ombudsman", "three months", "terms of reference",
                            "COMP1A"),
    "letter-before-claim": ("Pre-Action Protocol for Judicial Review", "14 days", "CPR", "54.5(1)",
                            "ADR", "Interested parties", "Address for reply and service"),
    "expert-instructions": ("prior authority", "Legal Aid Agency", "CRM4", "The questions", "Documents sent",
                            "Timetable", "independent"),
    "counsel-instructions": ("Counsel is instructed", "key dates", "Time limits", "The issues",
                             "The challenges", "The evidence", "Counsel is asked to"),
    "client-care": ("Legal Ombudsman", "legal aid", "Legal Aid Agency", "PRISON RULE 39",
                    "six months", "Solicitors Regulation Authority", "What we will do"),
}


def _path(tid: str) -> Path:
    return FOLDER / f"{tid}.docx"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()
                if n.startswith("word/") and n.endswith(".xml") and re.search(r"document|header|footer", n)}


def _text(document) -> str:
    """Every paragraph of the body and of its tables, each on a line (table cells too)."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def _literal(document) -> str:
    """The template's text with emphasis marked as the builder writes it (*italic* case names)."""
    out = []
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for p in paragraphs:
        out.append("".join(f"*{r.text}*" if r.italic and r.text.strip() else r.text for r in p.runs))
    return "\n".join(out)


def test_exactly_the_shipped_templates_exist():
    found = sorted(p.stem for p in FOLDER.glob("*.docx"))
    assert set(IDS) <= set(found), sorted(set(IDS) - set(found))
    assert len(IDS) == 15


@pytest.mark.parametrize("tid", IDS)
def test_a4_with_2cm_margins_and_core_properties(tid):
    d = docx.Document(str(_path(tid)))
    for s in d.sections:
        assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
        assert {round(s.left_margin.mm), round(s.right_margin.mm), round(s.top_margin.mm),
                round(s.bottom_margin.mm)} == {20}
    cp = d.core_properties
    assert cp.title and len(cp.title) > 10
    assert cp.subject and len(cp.subject) > 40
    assert cp.language == "en-GB"


@pytest.mark.parametrize("tid", IDS)
def test_every_jinja_tag_sits_in_one_run(tid):
    from lxml import etree

    for name, xml in _parts(_path(tid)).items():
        root = etree.fromstring(xml)
        for n, p in enumerate(root.iter(W + "p"), 1):
            spans, pos = [], 0
            for r in p.iter(W + "r"):
                t = "".join(x.text or "" for x in r.iter(W + "t"))
                spans.append((pos, pos + len(t)))
                pos += len(t)
            text = "".join("".join(x.text or "" for x in r.iter(W + "t")) for r in p.iter(W + "r"))
            for m in TAG.finditer(text):
                assert any(a <= m.start() and m.end() <= b for a, b in spans), \
                    f"{tid} {name} paragraph {n}: tag split across runs: {m.group(0)}"
            leftover = TAG.sub("", text)
            assert "{{" not in leftover and "{%" not in leftover and "%}" not in leftover, \
                f"{tid} {name} paragraph {n}: unbalanced tag in {text!r}"


@pytest.mark.parametrize("tid", IDS)
def test_control_tags_stand_alone(tid):
    """A {%p …%} tag is the whole of its paragraph and a {%tr …%} tag sits alone in its row, so docxtpl
    removes the paragraph or row without taking text with it."""
    d = docx.Document(str(_path(tid)))
    for p in d.paragraphs:
        if "{%p " in p.text:
            assert re.fullmatch(r"\{%p [^}%]*%\}", p.text), p.text
    for table in d.tables:
        for row in table.rows:
            texts = [c.text for c in row.cells]
            if any("{%tr " in t for t in texts):
                assert re.fullmatch(r"\{%tr [^}%]*%\}", texts[0]) and not any(texts[1:]), texts


@pytest.mark.parametrize("tid", IDS)
def test_legal_anchors(tid):
    d = docx.Document(str(_path(tid)))
    text = _text(d)
    literal = _literal(d)
    for anchor in ANCHORS[tid]:
        found = anchor in literal if "*" in anchor else anchor.lower() in text.lower()
        assert found, f"{tid}: missing {anchor!r}"
    assert "{{ client.name }}" in text and "{{ today }}" in text
    assert "../shared" not in text and "DOMAIN.md" not in text  # the law itself, never our notes


@pytest.mark.parametrize("tid", IDS)
def test_letter_lint_finds_nothing(tid):
    lint = pytest.importorskip("casebook.letters.lint")
    assert [str(f) for f in lint.lint(_path(tid))] == []


def test_the_script_builds_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("build_templates", FOLDER / "build_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build(tmp_path)
    built = sorted(p.stem for p in tmp_path.glob("*.docx"))
    assert built == sorted(IDS)
    for tid in IDS:
        assert _parts(tmp_path / f"{tid}.docx") == _parts(_path(tid)), \
            f"{tid}.docx differs from what build_templates.py builds: run the script and commit both"


# ------------------------------------------------------------------ rendering in a Jinja sandbox
CITES = ["Dossier p.143 ¶4", "OASys p.12"]
FULL = {
    "today": "2 December 2026", "today_iso": "2026-12-02",
    "firm": {"name": "Harbour Lane Solicitors", "address_lines": ["12 Harbour Lane", "Bristol BS1 4XX"],
             "phone": "0117 496 0000", "email": "prison@harbourlane.example", "solicitor": "Anna Clarke",
             "sra_number": "612345", "reference": "AC"},
    "client": {"name": "John Smith", "prison_number": "A1234BC", "pnc": "", "dob": "3 March 1980", "age": 46,
               "prison": "HMP Bristol", "category": "C", "mappa_category": "Category 2",
               "mappa_level": "Level 2", "interpreter": "", "vulnerability": "", "first_name": "John",
               "surname": "Smith", "title": "Mr"},
    "sentences": [{"type": "IPP", "type_label": "Imprisonment for public protection", "offence": "Robbery",
                   "sentence_date": "4 May 2008", "custodial_term": "", "minimum_term": "3 years",
                   "extension_term": "", "tariff_expiry": "4 May 2011", "indeterminate": True}],
    "key_dates": [{"code": "TED", "label": "Tariff expiry date", "prison": "4 May 2011", "ours": "4 May 2011",
                   "prison_iso": "2011-05-04", "ours_iso": "2011-05-04", "differs": False, "note": ""},
                  {"code": "PED", "label": "Parole eligibility date", "prison": "1 May 2011",
                   "ours": "4 May 2011", "prison_iso": "2011-05-01", "ours_iso": "2011-05-04",
                   "differs": True, "note": "Remand days"}],
    "matter": {"id": 1, "type": "parole-review", "type_label": "Parole review", "title": "Parole review 2026",
               "status": "open", "reference": "SMI/0001", "parole_board_ref": "PB/123", "ppcs_ref": "",
               "legal_aid_class": "advocacy-assistance-parole",
               "legal_aid_label": "Advocacy Assistance – Parole Board", "opened_on": "1 June 2026",
               "is_parole": True},
    "deadlines": [{"title": "Oral hearing application", "due": "30 December 2026", "due_iso": "2026-12-30",
                   "rule": "Parole Board Rules 2019 r.20", "rule_id": "pbr2019-r20-oral-hearing-application",
                   "citation": "Parole Board Rules 2019 r.20 (SI 2019/1038)", "confirmed": True,
                   "done": False, "overdue": False}],
    "next_deadline": None,
    "chronology": [],
    "material_facts": [{"date": "4 May 2008", "date_iso": "2008-05-04", "type": "sentenced",
                        "type_label": "Sentenced", "text": "Sentenced to IPP", "source": "Dossier",
                        "page": "3",
                        "material": True, "disputed": "undisputed", "disputed_label": "Undisputed",
                        "citations": ["Dossier p.3"]}],
    "assessments": [{"tool": "oasys", "tool_label": "OASys", "date": "8 June 2026", "author": "P. Jones",
                     "author_role": "COM", "conclusions": "High RoSH to a known adult.",
                     "recommendation": "Release not supported",
                     "rosh": [{"group": "Known adult", "setting": "Community", "level": "High"}],
                     "scores": [{"name": "OGRS3", "value": "45%", "band": "Medium"}], "citations": CITES}],
    "risk_factors": [{"name": "Substance misuse", "notes": "", "evidence": ["Negative drug tests"]},
                     {"name": "Relationships", "notes": "", "evidence": []}],
    "evidence": [{"kind": "drug-tests", "kind_label": "Drug tests", "date": "1 January 2025",
                  "to_date": "1 June 2026", "title": "Negative drug tests", "source": "Case notes",
                  "page": "",
                  "notes": "", "factors": ["Substance misuse"], "citations": []},
                 {"kind": "release-plan", "kind_label": "Release plan", "date": "", "to_date": "",
                  "title": "Approved Premises place", "source": "", "page": "", "notes": "", "factors": [],
                  "citations": ["Dossier p.200"]}],
    "challenges": [{"assertion": "Violent to his partner in 2019", "source": "OASys", "page": "12",
                    "paragraph": "4", "ground": "unproven-allegation-relied-on",
                    "ground_label": "Unproven allegation relied on", "position": "No charge was brought.",
                    "status": "disputed", "status_label": "Disputed",
                    "steps": [{"step_label": "Correction request to the author", "date": "1 October 2026"}],
                    "evidence": ["Police letter"], "next_due": "1 December 2026", "citations": CITES}],
    "allegations": [{"text": "Assault on partner 2019", "status": "disputed", "status_label": "Disputed",
                     "source": "OASys", "page": "12", "citations": CITES}],
    "programmes": [{"name": "Kaizen", "status_label": "Completed", "date": "1 March 2024"}],
    "documents": [{"cite_as": "Dossier", "title": "Parole dossier", "kind_label": "Parole dossier",
                   "date": "22 October 2026", "pages": 48, "sections": []}],
    "recommendations": [{"author_role": "COM", "author": "P. Jones",
                         "recommendation": "Release not supported"}],
    "hearing": {"date": "3 March 2027", "date_iso": "2027-03-03", "type": "Oral hearing", "listed": True,
                "upcoming": True, "note": ""},
}


def _empty() -> dict:
    ctx = copy.deepcopy(FULL)
    for k, v in ctx.items():
        if isinstance(v, list):
            ctx[k] = []
    ctx["hearing"] = None
    ctx["firm"] = {k: ([] if k == "address_lines" else "") for k in ctx["firm"]}
    return ctx


def _render(tid: str, ctx: dict):
    from jinja2.sandbox import SandboxedEnvironment

    tpl = docxtpl.DocxTemplate(str(_path(tid)))
    tpl.render(ctx, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return docx.Document(io.BytesIO(buf.getvalue()))


@pytest.mark.parametrize("tid", IDS)
@pytest.mark.parametrize("which", ["full", "empty"])
def test_renders_cleanly(tid, which):
    out = _render(tid, FULL if which == "full" else _empty())
    text = _text(out)
    assert "{{" not in text and "{%" not in text and "None" not in text
    assert "John Smith" in text and "2 December 2026" in text
    if which == "full":
        assert "A1234BC" in text
    paragraphs = out.paragraphs
    for i, p in enumerate(paragraphs):
        if p.style.name.startswith("Heading"):
            assert p.text.strip(), f"{tid}: empty heading after {paragraphs[i - 1].text!r}"
        if p.style.name in ("List Bullet", "Placeholder Note", "Heading 1", "Heading 2", "Heading 3"):
            assert p.text.strip(), f"{tid}: empty {p.style.name} paragraph"
        assert "  " not in p.text.replace("  ·  ", " · "), f"{tid}: doubled space in {p.text!r}"
        assert not re.search(r"\s[,.;:]", p.text.replace(" …", "")), \
            f"{tid}: space before punctuation: {p.text!r}"


def _our_ref(out) -> str:
    """The "Our ref" cell of the letter's reference table."""
    for table in out.tables:
        for row in table.rows:
            if row.cells[0].text.strip() == "Our ref":
                return row.cells[1].text.strip()
    raise AssertionError("no Our ref row")


@pytest.mark.parametrize(("firm_ref", "matter_ref", "shown"), [
    ("AC", "SMI/0001", "AC/SMI/0001"), ("AC", "", "AC"), ("", "SMI/0001", "SMI/0001"), ("", "", "")])
def test_our_reference_joins_only_the_parts_there_are(firm_ref, matter_ref, shown):
    ctx = copy.deepcopy(FULL)
    ctx["firm"]["reference"], ctx["matter"]["reference"] = firm_ref, matter_ref
    assert _our_ref(_render("representations", ctx)) == shown  # (was "AC/" with no matter reference)


def test_citations_are_printed_as_labels():
    text = _text(_render("representations", FULL))
    assert "Dossier p.143 ¶4; OASys p.12" in text
    assert "section 28(6)(b)" in text  # the indeterminate release test is chosen for an IPP


def test_the_release_test_follows_the_sentence():
    ctx = copy.deepcopy(FULL)
    ctx["sentences"][0].update(type="EDS", indeterminate=False)
    text = _text(_render("representations", ctx))
    assert "section 246A(6)(b)" in text and "section 28(6)(b)" not in text
    assert "open conditions" not in text.split("7. The legal test")[1].split("8. Conclusion")[0]
    ctx["matter"]["type"] = "recall-review"
    assert "section 255C" in _text(_render("representations", ctx))


def test_a_pre_tariff_review_asks_for_open_conditions_not_release():
    ctx = copy.deepcopy(FULL)
    ctx["key_dates"][0].update(ours="24 July 2027", ours_iso="2027-07-24", prison="24 July 2027",
                               prison_iso="2027-07-24")
    test = _text(_render("representations", ctx)).split("7. The legal test")[1].split("8. Conclusion")[0]
    assert "does not expire until 24 July 2027" in test and "pre-tariff review" in test
    assert "section 28(6)(b)" not in test and "wholly persuasive" in test


def test_ipp_licence_termination_states_its_own_test():
    ctx = copy.deepcopy(FULL)
    ctx["matter"]["type"] = "ipp-licence-termination"
    test = _text(_render("representations", ctx)).split("7. The legal test")[1].split("8. Conclusion")[0]
    assert "section 31A of the Crime (Sentences) Act 1997" in test
    assert "open conditions" not in test and "section 28(6)(b)" not in test


# ------------------------------------------------------------------------- the demo's parole matters
# What each letter must say whatever the matter holds (the unconditional legal anchors).
RENDERED: dict[str, tuple[str, ...]] = {
    "representations": ("rule 18 of the Parole Board Rules 2019", "The legal test"),
    "oral-hearing-request": ("rule 20 of the Parole Board Rules 2019", "28 days", "Osborn v Parole Board"),
    "deferral-request": ("rule 6 of the Parole Board Rules 2019",),
    "witness-application": ("rule 13 of the Parole Board Rules 2019",),
    "reconsideration-application": ("rule 28 of the Parole Board Rules 2019", "21 days"),
    "set-aside-application": ("rule 28A of the Parole Board Rules 2019", "21 days"),
    "assessment-correction-request": ("section 46 of the Data Protection Act 2018",),
    "rectification-request": ("section 46 of the Data Protection Act 2018", "one month", "section 54"),
    "subject-access-request": ("section 45 of the Data Protection Act 2018", "one month"),
    "complaint-comp1": ("COMP1",),
    "ombudsman-complaint": ("three months",),
    "letter-before-claim": ("Pre-Action Protocol for Judicial Review", "14 days"),
    "expert-instructions": ("prior authority",),
    "counsel-instructions": ("Counsel is instructed",),
    "client-care": ("Legal Ombudsman",),
}


def test_every_template_renders_for_demo_parole_matters(demo_svc):
    from casebook.letters.context import build_context
    from casebook.letters.engine import render

    matters = [m for m in demo_svc.matters.list() if m.type in ("parole-review", "recall-review")]
    assert matters
    picked = matters[:3] + [m for m in matters if m.type == "recall-review"][:1]
    cited = False
    for m in picked:
        ctx = build_context(demo_svc, m.id)
        for tid in IDS:
            out = docx.Document(io.BytesIO(render(_path(tid), ctx)))
            text = _text(out)
            assert "{{" not in text and "{%" not in text and "None" not in text, tid
            assert ctx["client"]["name"] in text and ctx["client"]["prison_number"] in text, tid
            for anchor in RENDERED[tid]:
                assert anchor in text, f"{tid} for matter {m.id}: missing {anchor!r}"
            for p in out.paragraphs:
                if p.style.name.startswith("Heading") or p.style.name == "List Bullet":
                    assert p.text.strip(), f"{tid} for matter {m.id}: empty {p.style.name}"
            if tid == "representations":
                cited = cited or bool(re.search(r"Dossier p\.\d+ ¶", text))
    assert cited, "no demo representations carried a dossier citation"
