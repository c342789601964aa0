"""Builds Casebook's shipped letter templates (``resources/templates/*.docx``) with python-docx.

Run once after changing a template and commit the script and the .docx files together::

    .venv/bin/python resources/templates/build_templates.py

Each template is a real Word document with docxtpl/Jinja tags, A4 with 2 cm margins, in a neutral
house style: every paragraph uses a named style ("Normal", "Heading 1"–"Heading 3", "Title",
"List Bullet", and Casebook's own "Letterhead Name", "Letterhead", "Reference", "Addressee",
"Placeholder Note", "Small Print", "Table Text" and "Quotation"), so a firm restyles them once in Word
(Home > Styles > Modify) and every letter follows. Each Jinja tag is written as a run of its own (and
each ``{%p …%}``/``{%tr …%}`` control tag as a paragraph or table row of its own), so no tag is ever
split across Word runs. Core properties: title = the template's title, subject (and comments) = its
description, which the template registry reads.

Square-bracketed text such as "[Add …]" is for the solicitor to complete; the templates cite the law
itself (statute, statutory instrument and rule number, case names).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Arial"
TEXT_WIDTH_MM = 170  # A4 less two 20 mm margins

# A Jinja tag: printed value, statement or comment.
_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})")
# Inline emphasis marks in the builder's literal text: **bold**, *italic* (case names).
_MARK = re.compile(r"(\*\*|\*)")


# ------------------------------------------------------------------------------------------ styles
def _style(doc, name: str, *, base: str = "Normal", size: float | None = None, bold: bool | None = None,
           italic: bool | None = None, before: float | None = None, after: float | None = None,
           align=None, keep_next: bool | None = None, colour: RGBColor | None = None,
           indent_mm: float | None = None, line: float | None = None):
    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.quick_style = True
    font = st.font
    font.name = FONT
    rpr = st.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    font.color.rgb = colour or RGBColor(0, 0, 0)
    pf = st.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if align is not None:
        pf.alignment = align
    if keep_next is not None:
        pf.keep_with_next = keep_next
    if indent_mm is not None:
        pf.left_indent = Mm(indent_mm)
    if line is not None:
        pf.line_spacing = line
    return st


def _house_style(doc) -> None:
    grey = RGBColor(0x40, 0x40, 0x40)
    _style(doc, "Normal", size=11, after=6, line=1.15)
    _plain(_style(doc, "Title", size=15, bold=True, before=6, after=4, keep_next=True))
    _plain(_style(doc, "Subtitle", size=11.5, italic=False, bold=False, after=10, colour=grey))
    _style(doc, "Heading 1", size=12.5, bold=True, before=14, after=4, keep_next=True)
    _style(doc, "Heading 2", size=11.5, bold=True, before=10, after=3, keep_next=True)
    _style(doc, "Heading 3", size=11, bold=True, italic=False, before=8, after=2, keep_next=True)
    _style(doc, "List Bullet", size=11, after=3)
    _style(doc, "Letterhead Name", size=15, bold=True, after=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "Letterhead", size=9, after=0, align=WD_ALIGN_PARAGRAPH.RIGHT, colour=grey, line=1.0)
    _style(doc, "Reference", size=9.5, after=0, line=1.0)
    _style(doc, "Addressee", size=11, after=0, line=1.0)
    _style(doc, "Placeholder Note", size=10, italic=True, after=6, colour=grey)
    _style(doc, "Small Print", size=8.5, after=0, colour=grey, line=1.0)
    _style(doc, "Table Text", size=9.5, before=1.5, after=1.5, line=1.0)
    _style(doc, "Quotation", size=10.5, after=6, indent_mm=10, italic=False)
    _style(doc, "Marking", size=9.5, bold=True, after=8)
    for name in ("Header", "Footer"):
        st = _style(doc, name, size=8.5, colour=grey, after=0)
        ppr = st.element.get_or_add_pPr()
        for tabs in ppr.findall(qn("w:tabs")):  # Word's defaults are centred/right for US Letter
            ppr.remove(tabs)
        st.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), alignment=2)  # right margin


def _plain(style) -> None:
    """No border, shading or letter-spacing on a style (python-docx's Title has a blue rule)."""
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:shd"):
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern", "w:u"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)


def _a4(doc) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        section.header_distance = section.footer_distance = Mm(10)


def _page_number_footer(doc, label: str) -> None:
    """Footer: the template's short label on the left and "Page N of M" (Word fields) on the right."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.style = doc.styles["Footer"]
    p.add_run(label + "\t")
    p.add_run("Page ")
    _field(p, "PAGE")
    p.add_run(" of ")
    _field(p, "NUMPAGES")


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


# ---------------------------------------------------------------------------------------- builder
class Letter:
    """One template being built: paragraphs of literal text and Jinja tags, each tag in its own run."""

    def __init__(self, tid: str, title: str, description: str, footer: str):
        if len(description) > 255 or len(title) > 255:  # Word's core properties hold 255 characters
            raise ValueError(f"{tid}: title or description longer than 255 characters")
        self.id, self.title, self.description = tid, title, description
        self.doc = docx.Document()
        _house_style(self.doc)
        _a4(self.doc)
        _page_number_footer(self.doc, footer)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):  # python-docx's default document is empty
            body.remove(p)

    # -- runs
    @staticmethod
    def runs(paragraph, text: str) -> None:
        """Add ``text`` to ``paragraph``: each Jinja tag a run of its own; ``**`` toggles bold and a
        single ``*`` italic (case names) over literal text and tags alike."""
        bold = italic = False
        for seg in _TAG.split(text):
            if not seg:
                continue
            if _TAG.fullmatch(seg):
                run = paragraph.add_run(seg)
                run.bold, run.italic = bold or None, italic or None
                continue
            for part in _MARK.split(seg):
                if part == "**":
                    bold = not bold
                elif part == "*":
                    italic = not italic
                elif part:
                    run = paragraph.add_run(part)
                    run.bold, run.italic = bold or None, italic or None
        if bold or italic:
            raise ValueError(f"unbalanced ** or * in: {text}")

    # -- paragraphs
    def p(self, text: str = "", style: str = "Normal", *, align=None, keep_next: bool = False):
        par = self.doc.add_paragraph(style=style)
        self.runs(par, text)
        if align is not None:
            par.alignment = align
        if keep_next:
            par.paragraph_format.keep_with_next = True
        return par

    def h1(self, text: str):
        return self.p(text, "Heading 1")

    def h2(self, text: str):
        return self.p(text, "Heading 2")

    def h3(self, text: str):
        return self.p(text, "Heading 3")

    def bullet(self, text: str):
        return self.p(text, "List Bullet")

    def note(self, text: str):
        """A calm instruction for the solicitor, in square brackets, in the Placeholder Note style."""
        return self.p(text, "Placeholder Note")

    def quote(self, text: str):
        return self.p(text, "Quotation")

    def ctl(self, statement: str, style: str = "Normal"):
        """A docxtpl paragraph tag ``{%p statement %}``: the paragraph is replaced by the statement."""
        if "}" in statement or "%" in statement:
            raise ValueError(f"a {{%p %}} statement may not contain '}}' or '%': {statement}")
        return self.p("{%p " + statement + " %}", style)

    def block(self, statement: str, body: Callable[[], None], otherwise: Callable[[], None] | None = None,
              end: str | None = None) -> None:
        """``{%p statement %}`` body [``{%p else %}`` otherwise] ``{%p end… %}``."""
        self.ctl(statement)
        body()
        if otherwise is not None:
            self.ctl("else")
            otherwise()
        self.ctl(end or ("end" + statement.split()[0]))

    def if_(self, cond: str, body: Callable[[], None], otherwise: Callable[[], None] | str | None = None):
        if isinstance(otherwise, str):
            text = otherwise
            otherwise = lambda: self.note(text)  # noqa: E731
        self.block("if " + cond, body, otherwise, "endif")

    def for_(self, loop: str, body: Callable[[], None]):
        self.block("for " + loop, body, None, "endfor")

    # -- tables
    def table(self, headers: Sequence[str], cells: Sequence[str], loop: str | None, widths: Sequence[float],
              *, before_rows: Sequence[Sequence[str]] = ()):
        """A grid table: a bold header row (repeated on each page), then ``{%tr for loop %}``, one
        templated row of ``cells``, ``{%tr endfor %}`` (no loop: the row of ``cells`` once)."""
        if abs(sum(widths) - TEXT_WIDTH_MM) > 0.5:
            raise ValueError(f"table widths add up to {sum(widths)} mm, not {TEXT_WIDTH_MM}")
        t = self.doc.add_table(rows=0, cols=len(headers))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        t.autofit = False
        rows = [list(headers)] + [list(r) for r in before_rows]
        if loop:
            rows += [["{%tr for " + loop + " %}"] + [""] * (len(headers) - 1), list(cells),
                     ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
        else:
            rows.append(list(cells))
        for i, values in enumerate(rows):
            row = t.add_row()
            for cell, text, width in zip(row.cells, values, widths, strict=True):
                cell.width = Mm(width)
                par = cell.paragraphs[0]
                par.style = self.doc.styles["Table Text"]
                if i == 0:
                    par.add_run(text).bold = True
                else:
                    self.runs(par, text)
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))  # a row is never broken over two pages
            if i == 0:
                trpr.append(OxmlElement("w:tblHeader"))
                for cell in row.cells:
                    shd = OxmlElement("w:shd")
                    shd.set(qn("w:val"), "clear")
                    shd.set(qn("w:color"), "auto")
                    shd.set(qn("w:fill"), "E7E7E7")
                    cell._tc.get_or_add_tcPr().append(shd)
        for col, width in zip(t.columns, widths, strict=True):
            col.width = Mm(width)
        self.p("", "Small Print")  # a little air after the table (and Word needs a paragraph there)
        return t

    def kv_table(self, rows: Sequence[tuple[str, str, str | None]], widths=(45, 125)):
        """A borderless two-column table of label / value; a row with a condition is kept only
        when the condition is true (``{%tr if %}`` rows around it)."""
        t = self.doc.add_table(rows=0, cols=2)
        t.autofit = False
        for label, value, cond in rows:
            seq = [(label, value)]
            if cond:
                seq = [("{%tr if " + cond + " %}", ""), (label, value), ("{%tr endif %}", "")]
            for a, b in seq:
                row = t.add_row()
                for col, (cell, text, width) in enumerate(zip(row.cells, (a, b), widths, strict=True)):
                    cell.width = Mm(width)
                    par = cell.paragraphs[0]
                    par.style = self.doc.styles["Reference"]
                    if col == 0 and not text.startswith("{%"):
                        par.add_run(text).bold = True
                    else:
                        self.runs(par, text)
        for col, width in zip(t.columns, widths, strict=True):
            col.width = Mm(width)
        return t

    # -- save
    def save(self, folder: Path) -> Path:
        cp = self.doc.core_properties
        cp.title = self.title
        cp.subject = self.description
        cp.comments = self.description
        cp.author = "Casebook"
        cp.last_modified_by = "Casebook"
        cp.keywords = "casebook template " + self.id
        cp.category = "Casebook letter template"
        cp.language = "en-GB"
        import datetime as _dt

        fixed = _dt.datetime(2026, 12, 1, 9, 0, 0)  # reproducible files
        cp.created = cp.modified = fixed
        cp.revision = 1
        self._lang_en_gb()
        path = folder / f"{self.id}.docx"
        self.doc.save(path)
        return path

    def _lang_en_gb(self) -> None:
        """English (UK) proofing language on the document defaults."""
        styles = self.doc.styles.element
        rpr_default = styles.find(qn("w:docDefaults"))
        if rpr_default is None:
            return
        rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is None:
            return
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
        lang.set(qn("w:bidi"), "ar-SA")


# ------------------------------------------------------------------------------- shared fragments
CITES = '{% if x.citations %} ({{ x.citations|join("; ") }}){% endif %}'


def cites(var: str) -> str:
    """Inline citation labels ("Dossier p.143 ¶4; OASys p.12") after a record, in brackets."""
    return CITES.replace("x.", var + ".")


CLIENT_NAME = "{{ client.name }}"
CLIENT_REF = ("{{ client.name }}{% if client.prison_number %} ({{ client.prison_number }}){% endif %}")
FIRM_NAME = "{% if firm.name %}{{ firm.name }}{% else %}[Firm name]{% endif %}"
SOLICITOR = "{% if firm.solicitor %}{{ firm.solicitor }}{% else %}[Solicitor]{% endif %}"
INDETERMINATE = 'sentences|selectattr("type", "in", ["LIFE", "IPP", "DPP"])|list'
EXTENDED = 'sentences|selectattr("type", "in", ["EDS", "EDS_AUTO"])|list'
SOPC = 'sentences|selectattr("type", "equalto", "SOPC")|list'
STEPS = ("\u201c{{ c.assertion|truncate(80) }}\u201d" + CITES.replace("x.", "c.") + ": "
         "{% for s in c.steps %}{{ s.step_label }} ({{ s.date }}){% if not loop.last %}; {% endif %}"
         "{% endfor %}.")
# The tariff expiry date when it is still to come (ISO dates compare as text).
PRE_TARIFF = ('key_dates|selectattr("code", "equalto", "TED")|selectattr("ours_iso", "gt", today_iso)|list'
              ' + key_dates|selectattr("code", "equalto", "TED")|rejectattr("ours_iso")'
              '|selectattr("prison_iso", "gt", today_iso)|list')
OPEN_CHALLENGES = 'challenges|rejectattr("status", "in", ["corrected", "conceded", "withdrawn"])|list'


def deadline(rule: str) -> str:
    """A Jinja expression: the list of open deadlines made by the named rule."""
    return f'(deadlines|selectattr("rule_id", "equalto", "{rule}")|rejectattr("done")|list)'


def timed(L: Letter, rules: str | Sequence[str], with_date: str, without: str) -> None:
    """The first open deadline made by ``rules`` as ``d`` in ``with_date``; ``without`` when none is
    recorded (so the time limit is always stated)."""
    names = [rules] if isinstance(rules, str) else list(rules)
    expr = "(" + " + ".join(deadline(r) for r in names) + ")"
    L.if_(expr, lambda: L.for_("d in " + expr + "[:1]", lambda: L.p(with_date)), lambda: L.p(without))


def letterhead(L: Letter, marking: str | None = None) -> None:
    L.p(FIRM_NAME, "Letterhead Name")
    L.for_("line in firm.address_lines", lambda: L.p("{{ line }}", "Letterhead"))
    L.if_("firm.phone or firm.email", lambda: L.p(
        "{% if firm.phone %}Tel {{ firm.phone }}{% endif %}{% if firm.phone and firm.email %}  ·  {% endif %}"
        "{% if firm.email %}{{ firm.email }}{% endif %}", "Letterhead"))
    L.if_("firm.sra_number", lambda: L.p(
        "Authorised and regulated by the Solicitors Regulation Authority (SRA number {{ firm.sra_number }})",
        "Letterhead"))
    L.p("", "Letterhead")
    if marking:
        L.p(marking, "Marking")


def reference_block(L: Letter, *, their_ref: str | None = "matter.parole_board_ref",
                    their_label: str = "Parole Board ref") -> None:
    rows: list[tuple[str, str, str | None]] = [
        ("Date", "{{ today }}", None),
        ("Our ref", "{{ firm.reference }}{% if firm.reference and matter.reference %}/{% endif %}"
                    "{{ matter.reference }}", None),
    ]
    if their_ref:
        rows.append((their_label, "{{ " + their_ref + " }}", their_ref))
    rows += [
        ("PPCS ref", "{{ matter.ppcs_ref }}", "matter.ppcs_ref"),
        ("Client", "{{ client.name }}", None),
        ("Prison number", "{{ client.prison_number }}", "client.prison_number"),
        ("Date of birth", "{{ client.dob }}", "client.dob"),
        ("Prison", "{{ client.prison }}", "client.prison"),
    ]
    L.kv_table(rows)
    L.p("")


def addressee(L: Letter, lines: Sequence[str]) -> None:
    for line in lines:
        L.p(line, "Addressee")
    L.p("")


def contact_addressee(L: Letter, placeholder: Sequence[str]) -> None:
    """The letter's addressee: the contact chosen for it (``addressee``: name, organisation, address, or
    the email where there is no address), else the ``placeholder`` lines to complete."""
    def known() -> None:
        L.p("{{ addressee.name }}", "Addressee")
        L.if_("addressee.organisation", lambda: L.p("{{ addressee.organisation }}", "Addressee"))
        L.for_("line in addressee.address_lines", lambda: L.p("{{ line }}", "Addressee"))
        L.if_("addressee.email and not addressee.address_lines",
              lambda: L.p("By email: {{ addressee.email }}", "Addressee"))

    L.if_("addressee", known, lambda: [L.p(line, "Addressee") for line in placeholder])
    L.p("")


def dear(placeholder: str) -> str:
    """"Dear <the addressee's name>," or the placeholder to complete."""
    return "Dear {% if addressee %}{{ addressee.name }}{% else %}" + placeholder + "{% endif %},"


def sign_off(L: Letter, *, faithfully: bool = True, encl: Sequence[str] = ()) -> None:
    L.p("Yours faithfully" if faithfully else "Yours sincerely", keep_next=True)
    L.p("", keep_next=True)
    L.p("", keep_next=True)
    if faithfully:
        L.p(FIRM_NAME, keep_next=True)
    else:
        L.p(SOLICITOR, keep_next=True)
        L.p(FIRM_NAME, keep_next=True)
    L.p("Ref: {{ matter.reference }}", "Small Print")
    if encl:
        L.p("")
        L.p("**Enclosures**", keep_next=True)
        for e in encl:
            L.bullet(e)


def sentence_table(L: Letter) -> None:
    L.if_("sentences", lambda: L.table(
        ("Offence", "Sentence", "Date", "Term", "Tariff / minimum term"),
        ("{{ s.offence }}", "{{ s.type_label }}", "{{ s.sentence_date }}",
         "{% if s.custodial_term %}{{ s.custodial_term }}{% elif s.indeterminate %}Indeterminate"
         "{% else %}—{% endif %}{% if s.extension_term %}; extension {{ s.extension_term }}{% endif %}",
         "{% if s.minimum_term %}{{ s.minimum_term }}{% endif %}"
         "{% if s.tariff_expiry %}{% if s.minimum_term %}; {% endif %}"
         "expires {{ s.tariff_expiry }}{% endif %}"),
        "s in sentences", (48, 36, 26, 30, 30)),
        "[Add the sentence: offence, type, date, term and any tariff.]")


def key_dates_table(L: Letter) -> None:
    L.if_("key_dates", lambda: (L.table(
        ("Date", "Prison's calculation", "Our calculation", "Note"),
        ("{{ k.label }} ({{ k.code }})", "{% if k.prison %}{{ k.prison }}{% else %}—{% endif %}",
         "{% if k.ours %}{{ k.ours }}{% else %}—{% endif %}",
         "{% if k.differs %}**Differs.** {% endif %}{{ k.note }}"),
        "k in key_dates if k.prison or k.ours", (48, 34, 34, 54)),
        L.if_('key_dates|selectattr("differs")|list', lambda: L.p(
            "Where our calculation differs from the prison's, the difference is marked above. [Say whether "
            "it has been raised with the establishment's custody team, and the answer.]"))),
        "[Add the key dates (tariff expiry, parole eligibility, conditional release, sentence and licence "
        "expiry) from the prison's calculation.]")


def deadlines_table(L: Letter) -> None:
    L.if_('deadlines|rejectattr("done")|list', lambda: L.table(
        ("Due", "What", "Authority", "Confirmed"),
        ("{{ d.due }}{% if d.overdue %} (overdue){% endif %}", "{{ d.title }}", "{{ d.citation }}",
         "{% if d.confirmed %}Yes{% else %}To be confirmed{% endif %}"),
        'd in deadlines|rejectattr("done")', (30, 62, 56, 22)),
        "[No open time limits are recorded for this matter.]")


def material_facts_table(L: Letter) -> None:
    L.if_("material_facts", lambda: L.table(
        ("Date", "Event", "Source"),
        ("{{ e.date }}", "{{ e.text }}{% if e.disputed_label and e.disputed != \"undisputed\" %}"
         " [{{ e.disputed_label }}]{% endif %}",
         '{% if e.citations %}{{ e.citations|join("; ") }}{% else %}{{ e.source }}{% endif %}'),
        "e in material_facts", (28, 102, 40)),
        "[Add the material facts to the chronology, with their dossier page references.]")


def challenges_table(L: Letter, items: str = "challenges") -> None:
    L.table(
        ("Assertion and where it is made", "Ground", "Our position and the evidence", "Status"),
        ("{{ c.assertion }}{% if c.citations %} ({{ c.citations|join(\"; \") }})"
         "{% elif c.source %} ({{ c.source }}{% if c.page %} p.{{ c.page }}{% endif %}"
         "{% if c.paragraph %} ¶{{ c.paragraph }}{% endif %}){% endif %}",
         "{{ c.ground_label }}",
         "{% if c.position %}{{ c.position }}{% else %}[Add our client's position.]{% endif %}"
         "{% if c.evidence %} Evidence: {{ c.evidence|join(\"; \") }}.{% endif %}",
         "{{ c.status_label }}"),
        "c in " + items, (52, 28, 66, 24))


def allegations_section(L: Letter) -> None:
    L.if_("allegations", lambda: (
        L.p("The Supreme Court held in *R (Pearce) v Parole Board* [2023] UKSC 13 that the Board may take "
            "into account an allegation that has not been proved, but must assess each one: how far it is "
            "supported by evidence, and whether and how it bears on risk. An allegation that has no "
            "sufficient factual basis, or that is not relevant to risk, should be given no weight. Each "
            "allegation in the dossier and its status is set out below."),
        L.table(("Allegation", "Status", "Source"),
                ("{{ a.text }}", "{{ a.status_label }}",
                 '{% if a.citations %}{{ a.citations|join("; ") }}{% else %}{{ a.source }}'
                 '{% if a.page %} p.{{ a.page }}{% endif %}{% endif %}'),
                "a in allegations", (96, 34, 40)),
        L.note("[Add our client's account of each disputed allegation and why it should carry little or "
               "no weight.]")),
        "[No allegations are recorded. If the dossier refers to unproven allegations, add them with "
        "their page references.]")


def assessments_section(L: Letter) -> None:
    def one():
        L.h3("{{ a.tool_label }}, {{ a.date }}{% if a.author %} — {{ a.author }}{% endif %}"
             "{% if a.author_role %}, {{ a.author_role }}{% endif %}")
        L.if_("a.conclusions", lambda: L.p("{{ a.conclusions }}" + cites("a")))
        L.if_("a.scores", lambda: L.p(
            "Scores: {% for s in a.scores %}{{ s.name }} {{ s.value }}{% if s.band %} ({{ s.band }})"
            "{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}."))
        L.if_("a.rosh", lambda: L.p(
            "Risk of serious harm: {% for r in a.rosh %}{{ r.group }} ({{ r.setting }}): {{ r.level }}"
            "{% if not loop.last %}; {% endif %}{% endfor %}."))
        L.if_("a.recommendation", lambda: L.p("Recommendation: {{ a.recommendation }}"))
    L.if_("assessments", lambda: L.for_("a in assessments", one),
          "[Add the risk assessments in the dossier (OASys, psychology, others) with their page references.]")


def legal_test_release(L: Letter) -> None:
    """The release test by sentence and matter type (statute first, then the leading case)."""
    L.ctl("set pre_tariff = " + PRE_TARIFF)
    L.if_('matter.type == "ipp-licence-termination"', lambda: L.p(
        "The Board must direct the Secretary of State to order that our client's licence ceases to have "
        "effect if it is satisfied that it is no longer necessary for the protection of the public that the "
        "licence should remain in force (section 31A of the Crime (Sentences) Act 1997, as amended by the "
        "Victims and Prisoners Act 2024)."),
        lambda: L.if_("pre_tariff and " + INDETERMINATE, lambda: L.for_("k in pre_tariff[:1]", lambda: L.p(
            "Our client's tariff does not expire until {% if k.ours %}{{ k.ours }}{% else %}{{ k.prison }}"
            "{% endif %}, and the Board cannot direct release before then. This is a pre-tariff review: the "
            "panel is asked to advise the Secretary of State whether our client is suitable for a transfer "
            "to open conditions.")),
            lambda: legal_test_recall_or_release(L)))


def legal_test_recall_or_release(L: Letter) -> None:
    L.if_('matter.type == "recall-review"', lambda: L.p(
        "Our client has been recalled. The panel may direct re-release only if satisfied that it is no "
        "longer necessary for the protection of the public that our client should remain in prison (for a "
        "recalled determinate sentence, section 255C of the Criminal Justice Act 2003; for a recalled life "
        "or IPP sentence, section 32 of the Crime (Sentences) Act 1997)."),
        lambda: L.if_(INDETERMINATE, lambda: L.p(
            "The Board must direct release if it is satisfied that it is no longer necessary for the "
            "protection of the public that our client should be confined (section 28(6)(b) of the Crime "
            "(Sentences) Act 1997; *R (Sturnham) v Parole Board (No 2)* [2013] UKSC 47). The question is "
            "whether the risk our client presents can be safely managed in the community; our client "
            "does not have to show an absence of risk."),
            lambda: L.if_(EXTENDED, lambda: L.p(
                "Our client is serving an extended sentence. The Board must direct release if it is "
                "satisfied that it is not necessary for the protection of the public that our client should "
                "be confined (section 246A(6)(b) of the Criminal Justice Act 2003)."),
                lambda: L.if_(SOPC, lambda: L.p(
                    "Our client is serving a sentence for an offender of particular concern. The Board "
                    "must direct release if it is satisfied that it is not necessary for the protection of "
                    "the public that our client should be confined (section 244A of the Criminal Justice "
                    "Act 2003)."),
                    "[State the release test that applies to this sentence, with the statutory "
                    "provision.]"))))


def legal_test_open(L: Letter) -> None:
    L.if_(INDETERMINATE + ' and matter.type != "ipp-licence-termination"', lambda: (
        L.p("{% if pre_tariff %}The panel is asked{% else %}If the panel does not direct release, it is "
            "asked{% endif %} to recommend our client's transfer to open conditions. In advising the "
            "Secretary of State (section 239(2) of the Criminal Justice Act 2003) the panel applies the "
            "Secretary of State's directions to the Board on the transfer of indeterminate sentence "
            "prisoners to open conditions (issued under section 239(6)), which ask whether:"),
        L.bullet("our client has made sufficient progress during the sentence in addressing and reducing "
                 "risk to a level consistent with protecting the public from harm, bearing in mind that a "
                 "prisoner in open conditions may be in the community, unsupervised, on temporary release;"),
        L.bullet("our client is assessed as presenting a low risk of absconding; and"),
        L.bullet("there is a wholly persuasive case for transferring our client from closed to open "
                 "conditions at this time."),
    ))


# ------------------------------------------------------------------------------------- templates
TEMPLATES: list[Callable[[], Letter]] = []


def template(fn: Callable[[], Letter]) -> Callable[[], Letter]:
    TEMPLATES.append(fn)
    return fn


# 1 ---------------------------------------------------------------------------- representations
@template
def representations() -> Letter:
    L = Letter("representations", "Written representations to the Parole Board",
               "Representations to the Parole Board (rule 18, Parole Board Rules 2019), past / present / "
               "future: risk factors, assessments with challenges and allegations, evidence of change per "
               "factor, release plan, recommendations, the legal test, the decision sought.",
               "Representations — {{ client.name }}")
    letterhead(L)
    L.p("Written representations on behalf of " + CLIENT_REF, "Title")
    L.p("To the Parole Board{% if matter.type_label %} — {{ matter.type_label }}{% endif %}", "Subtitle")
    reference_block(L)

    L.h1("1. Introduction and decision sought")
    L.p("We act for " + CLIENT_REF + "{% if client.prison %}, who is held at {{ client.prison }}{% endif %}"
        ". These representations are made under rule 18 of the Parole Board Rules 2019 (SI 2019/1038) for "
        "the panel considering our client's case. They follow the Board's approach of looking at the past "
        "(the offending and what led to it), the present (the evidence of change) and the future (whether "
        "the risk can be managed in the community).")
    L.if_("hearing and hearing.upcoming", lambda: L.p(
        "The {% if hearing.type %}{{ hearing.type|lower }}{% else %}hearing{% endif %} is listed for "
        "{{ hearing.date }}."))
    L.p("**Decision sought.** [State precisely what is asked for: a direction for release; in the "
        "alternative, a recommendation that our client be transferred to open conditions; or a direction "
        "for an oral hearing.]")
    L.if_("client.interpreter or client.vulnerability", lambda: L.p(
        "**Adjustments.** {% if client.interpreter %}Our client needs an interpreter "
        "({{ client.interpreter }}). {% endif %}{% if client.vulnerability %}{{ client.vulnerability }}"
        "{% endif %}"))

    L.h1("2. Sentence and key dates")
    sentence_table(L)
    key_dates_table(L)
    L.if_("client.mappa_category or client.mappa_level", lambda: L.p(
        "MAPPA: {% if client.mappa_category %}category {{ client.mappa_category }}{% endif %}"
        "{% if client.mappa_category and client.mappa_level %}, {% endif %}"
        "{% if client.mappa_level %}level {{ client.mappa_level }}{% endif %}."))

    L.h1("3. The past: the offending and the risk factors")
    L.h2("The index offence and previous convictions")
    L.note("[Add a short account of the index offence and any previous convictions, with our client's "
           "current account of them and the sentencing remarks' page reference.]")
    L.if_("material_facts", lambda: (
        L.p("The material facts, with the pages of the dossier where they appear, are:"),
        material_facts_table(L)))
    L.h2("The risk factors")
    L.if_("risk_factors", lambda: (
        L.p("The reports identify the following factors as linked to our client's risk:"),
        L.for_("f in risk_factors", lambda: L.bullet(
            "**{{ f.name }}**{% if f.notes %} — {{ f.notes }}{% endif %}"))),
        "[Add the risk factors identified in the OASys and psychological risk assessment.]")

    L.h2("The risk assessments")
    assessments_section(L)
    L.h2("Challenges to the assessments")
    L.if_("challenges", lambda: (
        L.p("The following assertions in the reports are challenged. Each is set out with where it is made, "
            "the ground of challenge, our client's position and the evidence, and where the challenge has "
            "reached. The panel is asked to give no weight to an assertion that has been shown to be wrong "
            "and to treat any that remains disputed with caution."),
        challenges_table(L),
        L.for_('c in challenges|selectattr("steps")', lambda: L.p(
            "Steps taken on \u201c{{ c.assertion|truncate(60) }}\u201d: "
            "{% for s in c.steps %}{{ s.step_label }} "
            "({{ s.date }}){% if not loop.last %}; {% endif %}{% endfor %}.", "Table Text"))),
        "[No challenges are recorded. If any assertion in the reports is inaccurate or unsupported, add it "
        "with its page and paragraph.]")
    L.h2("Allegations")
    allegations_section(L)

    L.h1("4. The present: evidence of change")
    L.p("The evidence of change is set out against each risk factor:")
    L.if_("risk_factors", lambda: L.for_("f in risk_factors", lambda: (
        L.h3("{{ f.name }}"),
        L.if_("f.evidence", lambda: L.for_("t in f.evidence", lambda: L.bullet("{{ t }}")),
              "[No evidence is yet recorded against this factor: add it, or explain why the factor is no "
              "longer active.]"))),
        "[Add the risk factors, then the evidence against each.]")
    L.if_('evidence|rejectattr("kind", "equalto", "release-plan")|list', lambda: (
        L.h2("The evidence in detail"),
        L.table(("Evidence", "Date", "Factors addressed", "Source"),
                ("**{{ e.title }}**{% if e.kind_label %} ({{ e.kind_label }}){% endif %}"
                 "{% if e.notes %}. {{ e.notes }}{% endif %}",
                 "{{ e.date }}{% if e.to_date %} – {{ e.to_date }}{% endif %}",
                 '{{ e.factors|join(", ") }}',
                 '{% if e.citations %}{{ e.citations|join("; ") }}{% else %}{{ e.source }}{% endif %}'),
                'e in evidence|rejectattr("kind", "equalto", "release-plan")', (70, 28, 36, 36))))
    L.if_("programmes", lambda: (
        L.h2("Programmes"),
        L.for_("g in programmes", lambda: L.bullet(
            "{{ g.name }}: {{ g.status_label }}{% if g.date %} ({{ g.date }}){% endif %}"
            "{% if g.reason %} — {{ g.reason }}{% endif %}"))))
    L.note("[Add custodial behaviour: adjudications, incentives level, work and education, drug tests, "
           "ROTL, and our client's own account of the change.]")

    L.h1("5. The future: release plan and risk management")
    L.if_('evidence|selectattr("kind", "equalto", "release-plan")|list', lambda: L.for_(
        'e in evidence|selectattr("kind", "equalto", "release-plan")', lambda: L.bullet(
            "**{{ e.title }}**{% if e.notes %} — {{ e.notes }}{% endif %}" + cites("e"))),
        "[Add the release plan: address or Approved Premises, licence conditions proposed, supervision, "
        "support network, work and treatment in the community, and how each risk factor will be managed.]")
    L.note("[Add how the proposed licence conditions and the MAPPA arrangements meet each risk factor.]")

    L.h1("6. Professional recommendations")
    L.if_("recommendations", lambda: L.for_("r in recommendations", lambda: L.bullet(
        "{% if r.author_role %}{{ r.author_role }}{% endif %}{% if r.author %} ({{ r.author }}){% endif %}: "
        "{{ r.recommendation }}")),
        "[Add each professional's recommendation on release or open conditions.]")
    L.note("[Where professionals disagree, say why the panel should prefer the recommendation our client "
           "relies on.]")

    L.h1("7. The legal test")
    legal_test_release(L)
    legal_test_open(L)

    L.h1("8. Conclusion")
    L.p("For these reasons the panel is invited to [direct our client's release / recommend our client's "
        "transfer to open conditions / direct an oral hearing]. [If an oral hearing is sought: fairness "
        "requires one because facts central to risk are disputed and the risk assessment depends on "
        "hearing our client and the report writers (*Osborn v Parole Board* [2013] UKSC 61).]")
    L.if_("documents", lambda: (
        L.h1("Annex: documents referred to"),
        L.table(("Cited as", "Document", "Date", "Pages"),
                ("{{ d.cite_as }}", "{{ d.title }}{% if d.kind_label and d.kind_label not in d.title %} "
                 "({{ d.kind_label }}){% endif %}",
                 "{{ d.date }}", "{{ d.pages }}"),
                "d in documents", (30, 92, 28, 20))))
    L.p("")
    L.p(FIRM_NAME + ", solicitors for " + CLIENT_NAME, keep_next=True)
    L.p("{{ today }}")
    return L


# 2 ---------------------------------------------------------------------- oral-hearing-request
@template
def oral_hearing_request() -> Letter:
    L = Letter("oral-hearing-request", "Application for an oral hearing (rule 20)",
               "Application for an oral hearing under rule 20 of the Parole Board Rules 2019 after a paper "
               "decision, made within 28 days, with the Osborn v Parole Board [2013] UKSC 61 factors as "
               "headings and what oral evidence would add.",
               "Rule 20 application — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Parole Board", "[Case manager]", "[Address or email]"])
    reference_block(L)
    L.p("Dear Sir or Madam,")
    L.p("**" + CLIENT_REF + " — application for an oral hearing under rule 20 of the Parole Board Rules "
        "2019**")
    L.p("We act for {{ client.name }}."
        " The panel's provisional decision on the papers [dated …] did not direct "
        "release. Our client applies under rule 20 of the Parole Board Rules 2019 (SI 2019/1038) for the "
        "case to be decided at an oral hearing.")
    timed(L, "pbr2019-r20-oral-hearing-application",
          "This application is made within the 28 days allowed by rule 20; that period ends on {{ d.due }}.",
          "This application is made within 28 days of the provisional decision being provided, as rule 20 "
          "requires.")
    L.p("The Supreme Court held in *Osborn v Parole Board* [2013] UKSC 61 that the Board must hold an oral "
        "hearing whenever fairness to the prisoner requires one in the light of the facts of the case and "
        "the importance of what is at stake. Our client does not have to show that an oral hearing would "
        "be likely to lead to a different outcome. The factors that call for a hearing in this case are "
        "these.")
    L.h2("1. Facts important to risk are in dispute")
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The following assertions, on which the assessment of risk relies, are disputed:"),
        L.for_("c in " + OPEN_CHALLENGES, lambda: L.bullet(
            "{{ c.assertion }}" + cites("c") + " — {{ c.ground_label }}. {{ c.position }}"))),
        "[Add the facts in dispute and why they matter to risk.]")
    L.if_('allegations|selectattr("status", "in", ["disputed", "unproven-some-basis", '
          '"no-factual-basis"])|list',
          lambda: (
              L.p("The dossier also contains allegations that our client disputes. Under *R (Pearce) v "
                  "Parole Board* [2023] UKSC 13 the panel must assess each; that can fairly be done only by "
                  "hearing our client's account:"),
              L.for_('a in allegations|selectattr("status", "in", ["disputed", "unproven-some-basis", '
                     '"no-factual-basis"])', lambda: L.bullet("{{ a.text }}" + cites("a")
                                                               + " — {{ a.status_label }}."))))
    L.h2("2. Explanation or mitigation that needs to be heard")
    L.note("[Add the explanation or mitigation our client advances (for example about an adjudication, a "
           "security report or a failed test) whose credibility can only fairly be judged by hearing it.]")
    L.h2("3. An independent assessment of risk needs a hearing")
    L.p("The panel cannot fairly make its own assessment of risk, or of how it would be managed, without "
        "seeing our client and questioning those who have assessed and worked with our client.")
    L.if_("recommendations", lambda: (
        L.p("The professionals' recommendations are:"),
        L.for_("r in recommendations", lambda: L.bullet(
            "{{ r.author_role }}{% if r.author %} ({{ r.author }}){% endif %}: {{ r.recommendation }}"))))
    L.note("[Add where the professionals disagree, or where a report's conclusions need testing.]")
    L.h2("4. What is at stake")
    L.if_('key_dates|selectattr("code", "equalto", "TED")|list', lambda: L.for_(
        'k in key_dates|selectattr("code", "equalto", "TED")', lambda: L.p(
            "{% if (k.ours_iso or k.prison_iso) > today_iso %}Our client's tariff expires on "
            "{% else %}Our client's tariff expired on {% endif %}"
            "{% if k.ours %}{{ k.ours }}{% else %}{{ k.prison }}{% endif %}. [Add the time served, the time "
            "beyond tariff, previous reviews and what this decision means for our client's progression.]")),
        "[Add the length of time in custody, time beyond tariff or parole eligibility, and the "
        "consequences of the decision for our client.]")
    L.h2("5. What oral evidence would add")
    L.note("[Say who should give evidence (our client; the POM, COM and psychologists; any independent "
           "expert) and what each would address: the disputed facts, the evidence of change, the release "
           "plan and the conditions that would manage the risk.]")
    L.h2("Request")
    L.p("The panel is asked to direct an oral hearing, and to give "
        "directions for the attendance of the witnesses named above. [Add any directions sought for "
        "further reports.]")
    sign_off(L)
    return L


# 3 --------------------------------------------------------------------------- deferral-request
@template
def deferral_request() -> Letter:
    L = Letter("deferral-request", "Application for deferral or adjournment",
               "Application to the Parole Board to defer a paper decision or adjourn a hearing under its "
               "case management powers (rule 6 of the Parole Board Rules 2019): the reason, the period "
               "proposed and the directions sought.",
               "Deferral application — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Parole Board", "[Case manager / panel chair]", "[Address or email]"])
    reference_block(L)
    L.p("Dear Sir or Madam,")
    L.p("**" + CLIENT_REF + " — application for [deferral / adjournment]**")
    L.p("We act for {{ client.name }}, whose case is before the Board"
        "{% if hearing and hearing.upcoming %}, with a hearing listed for {{ hearing.date }}{% endif %}. We "
        "apply for the [paper decision to be deferred / hearing to be adjourned] and for directions under "
        "rule 6 of the Parole Board Rules 2019 (SI 2019/1038).")
    L.h2("Why the application is made")
    L.note("[Give the reason: for example, a report that is outstanding or out of date, a programme that "
           "will be completed by a known date, an independent expert's report for which prior authority has "
           "been granted, or a release plan (such as an Approved Premises place) not yet confirmed.]")
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The assessments also contain disputed assertions that have not yet been resolved by their "
            "authors:"),
        L.for_("c in " + OPEN_CHALLENGES, lambda: L.bullet(
            "{{ c.assertion }}" + cites("c") + " — {{ c.status_label }}"
            "{% if c.next_due %}; a response is due by {{ c.next_due }}{% endif %}."))))
    L.h2("Period proposed")
    L.note("[State the period proposed (for example, 12 weeks) and why it is enough.]")
    L.h2("Directions sought")
    L.note("[List the directions sought, each with who must act and by when: for example, an addendum "
           "report from the Community Offender Manager on the release plan by …]")
    L.p("The request is in our client's interests and is not made for delay: without the material "
        "identified above the panel could not fairly assess our client's risk.")
    L.p("If this application is decided by a member of the Board's staff, our client reserves the right "
        "to ask that the decision be taken again by a panel chair or duty member within 14 days (rule 4(4) "
        "of the Parole Board Rules 2019, as amended by the Parole Board (Amendment) Rules 2024).")
    sign_off(L)
    return L


# 4 ------------------------------------------------------------------------ witness-application
@template
def witness_application() -> Letter:
    L = Letter("witness-application", "Application to call a witness (rule 13)",
               "Application to the Parole Board under rule 13 of the Parole Board Rules 2019 to call a "
               "witness at the oral hearing: each witness's name, role and why their evidence is needed.",
               "Witness application — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Parole Board", "[Case manager / panel chair]", "[Address or email]"])
    reference_block(L)
    L.p("Dear Sir or Madam,")
    L.p("**" + CLIENT_REF + " — application to call witnesses (rule 13)**")
    L.p("We act for {{ client.name }}, whose case has been directed to an oral hearing"
        "{% if hearing and hearing.upcoming %} listed for {{ hearing.date }}{% endif %}. Our client applies "
        "under rule 13 of the Parole Board Rules 2019 (SI 2019/1038) for permission to call the witnesses "
        "below. A copy of this application is being sent to the Secretary of State (Public Protection "
        "Casework Section).")
    L.table(("Witness", "Role and address", "Why the evidence is needed"),
            ("[Name]", "[Occupation or relationship; address]", "[The issues the witness will address]"),
            None, (40, 55, 75))
    L.if_("recommendations", lambda: (
        L.p("The professionals who have assessed our client and whose attendance is also sought are:"),
        L.for_("r in recommendations", lambda: L.bullet(
            "{{ r.author }}{% if r.author_role %}, {{ r.author_role }}{% endif %} — to give evidence on "
            "the assessment and the recommendation made ({{ r.recommendation }})."))))
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The witnesses' evidence is needed in particular on these disputed matters:"),
        L.for_("c in " + OPEN_CHALLENGES, lambda: L.bullet("{{ c.assertion }}" + cites("c")))))
    L.note("[For a family member or supporter: say how they will support the release plan. For an "
           "independent expert: give the date of the report and confirm availability.]")
    L.p("Each witness has been told of the application and [is available on the hearing date / will give "
        "evidence by video link]. We ask the panel to grant the application and to notify the parties.")
    sign_off(L)
    return L


# 5 -------------------------------------------------------------- reconsideration-application
@template
def reconsideration_application() -> Letter:
    L = Letter("reconsideration-application", "Application for reconsideration (rule 28)",
               "Application under rule 28 of the Parole Board Rules 2019 for reconsideration of a "
               "provisional decision, within 21 days, on the grounds of error of law, irrationality or "
               "procedural unfairness; laid out as the Board's reconsideration decisions are.",
               "Rule 28 application — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Parole Board", "Reconsideration applications", "[Address or email]"])
    reference_block(L)
    L.p("Application for reconsideration under rule 28 of the Parole Board Rules 2019 — " + CLIENT_REF,
        "Title")
    L.h1("Application")
    L.p("We act for {{ client.name }}, who applies under rule 28 of the Parole Board Rules 2019 (SI "
        "2019/1038, as amended) for reconsideration of the panel's decision [dated …] [not to direct "
        "release]. The decision [was made on the papers under rule 19(1)(b) / was made after an oral "
        "hearing under rule 25(1)] and our client is serving {% if " + INDETERMINATE + " %}an indeterminate "
        "sentence{% else %}[an extended sentence / a sentence for which the Board decides initial release]"
        "{% endif %}, so the decision is eligible for reconsideration under rule 28.")
    timed(L, ("pbr2019-r28-3-reconsideration", "pbr2019-r28-reconsideration-paper"),
          "The application is made within the 21 days allowed by rule 28(3), which end on {{ d.due }}.",
          "The application is made within 21 days of the provisional decision being provided (rule 28(3)).")
    L.h1("Grounds")
    L.p("The decision should be reconsidered because it is [affected by an error of law / irrational / "
        "procedurally unfair]. Under rule 28(1) those are the only grounds; each relied on is set out "
        "below.")
    L.h2("Ground 1: error of law")
    L.note("[Say which legal test was misapplied or what the panel failed to take into account (for "
           "example, the release test in section 28(6)(b) of the Crime (Sentences) Act 1997, or weight "
           "given to an allegation without the assessment *R (Pearce) v Parole Board* [2023] UKSC 13 "
           "requires). Delete if not relied on.]")
    L.h2("Ground 2: irrationality")
    L.p("A decision is irrational if it is so outrageous in its defiance of logic or accepted standards "
        "that no sensible person who had applied their mind to the question could have arrived at it; the "
        "test is the public-law test, and the reconsideration panel gives due deference to the expertise "
        "of the panel that heard the evidence.")
    L.note("[Add why the conclusion could not rationally be reached on the evidence: for example, a "
           "refusal contrary to the unanimous professional recommendations without adequate reasons. Delete "
           "if not relied on.]")
    L.if_("recommendations", lambda: (
        L.p("The professional evidence before the panel was:"),
        L.for_("r in recommendations", lambda: L.bullet(
            "{{ r.author_role }}{% if r.author %} ({{ r.author }}){% endif %}: {{ r.recommendation }}"))))
    L.h2("Ground 3: procedural unfairness")
    L.p("Procedural unfairness concerns how the decision was reached, not what was decided: for example, "
        "that our client was not given a fair opportunity to answer material relied on, or that the panel "
        "was not properly constituted or did not follow the rules.")
    L.note("[Add what happened and why it was unfair. Delete if not relied on.]")
    L.h1("Background")
    sentence_table(L)
    key_dates_table(L)
    L.h1("The current review")
    L.if_("material_facts", lambda: material_facts_table(L),
          "[Add the history of this review: referral, dossier, representations, decision.]")
    L.h1("Remedy sought")
    L.p("Our client asks that the decision be reconsidered and that the case be [decided afresh by a new "
        "panel at an oral hearing / reconsidered by the same panel]. [Add any directions sought.]")
    L.p("")
    L.p(FIRM_NAME + ", solicitors for " + CLIENT_NAME, keep_next=True)
    L.p("{{ today }}")
    return L


# 6 -------------------------------------------------------------------- set-aside-application
@template
def set_aside_application() -> Letter:
    L = Letter("set-aside-application", "Application to set aside a decision (rule 28A)",
               "Application under rule 28A of the Parole Board Rules 2019 (inserted by SI 2022/717) to set "
               "aside a final decision in the interests of justice, for an error of law or fact or on "
               "information that was not available to the panel.",
               "Rule 28A application — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Parole Board", "Set aside applications", "[Address or email]"])
    reference_block(L)
    L.p("Application to set aside under rule 28A of the Parole Board Rules 2019 — " + CLIENT_REF, "Title")
    L.h1("Application")
    L.p("We act for {{ client.name }}, who applies under rule 28A of the Parole Board Rules 2019 (SI "
        "2019/1038, as amended by the Parole Board (Amendment) Rules 2022, SI 2022/717) for the final "
        "decision [dated …] [not to direct release] to be set aside.")
    timed(L, "pbr2019-r28a-set-aside",
          "The application is made within 21 days of the decision; that period ends on {{ d.due }}.",
          "The application is made within 21 days of the decision.")
    L.h1("The test")
    L.p("The Board may set aside a final decision under rule 28A if it is in the interests of justice to do "
        "so and it is satisfied that the decision would not have been made but for an error of law or "
        "fact (or, for a direction for release, that the direction would not have been given had "
        "information not available to the panel been available to it, or had a later change in "
        "circumstances been known).")
    L.h1("The error")
    L.note("[Identify the error of law or fact precisely and show that the decision would not have been "
           "made but for it: for example, a decision resting on an assessment whose factual basis has since "
           "been corrected by its author.]")
    L.if_('challenges|selectattr("status", "in", ["corrected", "conceded"])|list', lambda: (
        L.p("Since the decision, these assertions relied on in the dossier have been conceded or corrected:"),
        L.for_('c in challenges|selectattr("status", "in", ["corrected", "conceded"])', lambda: L.bullet(
            "{{ c.assertion }}" + cites("c") + " — {{ c.status_label }}"
            "{% if c.steps %} ({{ (c.steps|last).step_label }}, {{ (c.steps|last).date }}){% endif %}."))))
    L.h1("Why it is in the interests of justice")
    L.note("[Explain why the decision should not stand: the effect of the error on the outcome, the "
           "consequence for our client, and why reconsideration under rule 28 was not available or not "
           "suitable.]")
    L.h1("Remedy sought")
    L.p("Our client asks that the decision be set aside and that the case be [referred for a fresh "
        "decision / listed for an oral hearing before a new panel]. [Add any directions sought.]")
    L.p("")
    L.p(FIRM_NAME + ", solicitors for " + CLIENT_NAME, keep_next=True)
    L.p("{{ today }}")
    return L


# 7 ------------------------------------------------------------- assessment-correction-request
@template
def assessment_correction_request() -> Letter:
    L = Letter("assessment-correction-request", "Request to correct an assessment",
               "Letter to the author of a report (POM, COM or psychologist) asking for each contested "
               "assertion to be corrected: where it is made (document, page and paragraph), the correct "
               "position and the evidence.",
               "Correction request — {{ client.name }}")
    letterhead(L)
    contact_addressee(L, ["[Name of report author]",
                          "[Prison Offender Manager / Community Offender Manager / Psychologist]",
                          "[Address or email]"])
    reference_block(L)
    L.p(dear("[Name]"))
    L.p("**" + CLIENT_REF + " — request to correct [the OASys assessment / your report dated …]**")
    L.p("We act for {{ client.name }} in the current parole review. Having gone through the dossier with our "
        "client, we ask you to correct the following parts of [your report / the assessment], which are "
        "inaccurate, out of date or not supported by the evidence. Because the report will be read by the "
        "Parole Board and relied on in assessing risk, it matters that it is right.")
    L.if_(OPEN_CHALLENGES, lambda: L.note("[Keep only the items in this author's report.]"))
    L.if_(OPEN_CHALLENGES, lambda: L.for_("c in " + OPEN_CHALLENGES, lambda: (
        L.h3("{{ loop.index }}. {% if c.citations %}{{ c.citations|join(\"; \") }}{% else %}{{ c.source }}"
             "{% if c.page %}, page {{ c.page }}{% endif %}{% if c.paragraph %}, paragraph {{ c.paragraph }}"
             "{% endif %}{% endif %}"),
        L.p("**What the report says:** {{ c.assertion }}"),
        L.p("**Ground:** {{ c.ground_label }}."),
        L.p("**The correct position:** {% if c.position %}{{ c.position }}{% else %}[Add the correct "
            "position.]{% endif %}"),
        L.if_("c.evidence", lambda: L.p("**The evidence:** {{ c.evidence|join(\"; \") }}.")),
        L.if_('c.ground == "unproven-allegation-relied-on"', lambda: L.p(
            "The assertion repeats an allegation that has not been proved. An unproven allegation should "
            "not be presented as fact; if it is referred to at all, the report should say that it is an "
            "allegation, that our client disputes it, and what (if any) evidence supports it (*R (Pearce) "
            "v Parole Board* [2023] UKSC 13).")))),
        "[Add each contested assertion with its document, page and paragraph, the correct position and the "
        "evidence.]")
    L.p("We ask you to amend the report accordingly, or, where the passage records your professional "
        "opinion, to record that it is your opinion, the facts it rests on, and that our client disputes "
        "it. Please send us the amended report or an addendum, and confirm that the amended version will "
        "be served on the Parole Board for the dossier, by [date, 14 days from this letter].")
    L.p("If the report is not corrected we will ask the data controller to rectify the personal data under "
        "section 46 of the Data Protection Act 2018 and will consider a complaint.")
    L.p("Our client's signed authority is [enclosed / already on your file].")
    sign_off(L, faithfully=False, encl=["[Copy of the relevant pages]", "[The evidence referred to]"])
    return L


# 8 ---------------------------------------------------------------------- rectification-request
@template
def rectification_request() -> Letter:
    L = Letter("rectification-request", "Request to rectify personal data (DPA 2018 s.46)",
               "Request to the data controller under section 46 of the Data Protection Act 2018 to rectify "
               "inaccurate personal data (or complete or restrict it), with the reply due "
               "one month from receipt (section 54) and the outcome in writing (section 48).",
               "Rectification request — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Data Protection Officer", "[HM Prison and Probation Service / the Probation "
                  "Service / establishment]", "[Address or email]"])
    reference_block(L, their_ref=None)
    L.p("Dear Sir or Madam,")
    L.p("**" + CLIENT_REF + " — request for rectification under section 46 of the Data Protection Act "
        "2018**")
    L.p("We act for {{ client.name }},"
        " whose signed authority is enclosed. Our client's records held by HM Prison "
        "and Probation Service, including the assessments used in the parole process, are personal data "
        "processed for law enforcement purposes under Part 3 of the Data Protection Act 2018.")
    L.p("Under section 46 of the Act a controller must, when asked, rectify inaccurate personal data without "
        "undue delay, and complete personal data that is incomplete (which may be done by a supplementary "
        "statement). Where the data must be kept for the purposes of evidence, its processing must be "
        "restricted instead. Our client asks you to rectify the following data.")
    L.if_(OPEN_CHALLENGES, lambda: L.table(
        ("Where the data is held", "The data", "Why it is inaccurate or incomplete", "The correction sought"),
        ('{% if c.citations %}{{ c.citations|join("; ") }}{% else %}{{ c.source }}'
         '{% if c.page %} p.{{ c.page }}{% endif %}'
         '{% if c.paragraph %} ¶{{ c.paragraph }}{% endif %}{% endif %}',
         "{{ c.assertion }}", "{{ c.ground_label }}{% if c.evidence %}. Evidence: "
         "{{ c.evidence|join(\"; \") }}{% endif %}",
         "{% if c.position %}{{ c.position }}{% else %}[Add the correction sought]{% endif %}"),
        "c in " + OPEN_CHALLENGES, (34, 50, 44, 42)),
        "[Add each item of inaccurate data: where it is held (document, page, paragraph), what it says, why "
        "it is inaccurate and the correction sought.]")
    L.p("Where you consider that an item is an opinion rather than a statement of fact, please record "
        "that it is an opinion, whose opinion it is, and that our client disputes it. Where the accuracy "
        "of an item is contested and cannot be resolved, please restrict its processing and mark it as "
        "disputed.")
    L.p("Section 48 of the Act requires you to tell our client in writing whether the request is granted "
        "and, if it is refused, the reasons, and our client's rights to ask the Information Commissioner to "
        "check the lawfulness of the refusal (section 51), to complain to the Commissioner, and to apply to "
        "the court (section 167).")
    timed(L, "dpa2018-s48-rectification-reply",
          "**Please reply by {{ d.due }}**, one month from receipt of this request (section 54 of the Act).",
          "**Please reply within one month of receiving this request** (section 54 of the Act), that is by "
          "[date one month from receipt].")
    L.p("As the data is relied on in our client's current parole review, please treat this request as "
        "urgent and tell us at once if the Parole Board will receive the data before you have decided it.")
    sign_off(L, encl=["Signed authority from our client", "[Copies of the pages referred to]"])
    return L


# 9 --------------------------------------------------------------------- subject-access-request
@template
def subject_access_request() -> Letter:
    L = Letter("subject-access-request", "Subject access request (DPA 2018 s.45)",
               "Subject access request under section 45 of the Data Protection Act 2018 (and Article 15 UK "
               "GDPR for any data processed under it) for our client's prison and probation records, "
               "reply within one month (section 54).",
               "Subject access request — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Data Protection Officer", "[HM Prison and Probation Service / the Probation "
                  "Service / establishment]", "[Address or email]"])
    reference_block(L, their_ref=None)
    L.p("Dear Sir or Madam,")
    L.p("**" + CLIENT_REF + " — subject access request**")
    L.p("We act for {{ client.name }},"
        " whose signed authority and proof of identity are enclosed. Our client asks "
        "for access to personal data held about our client under section 45 of the Data Protection Act "
        "2018 and, so far as any of the data is processed under the UK GDPR rather than Part 3 of the Act, "
        "under Article 15 of the UK GDPR.")
    L.p("Please confirm whether personal data about our client is being processed and provide a copy of it, "
        "with the information section 45(2) requires: the purposes of and legal basis for the processing, "
        "the categories of data, the recipients, how long the data will be kept, the right to ask for "
        "rectification, erasure or restriction, the right to complain to the Information Commissioner, "
        "and any information about the data's origin.")
    L.h2("The records requested")
    L.p("[Delete any that are not needed.] In particular, for the period [from … to the present]:")
    for item in ("all OASys assessments, including earlier versions and the risk of serious harm "
                 "summaries and risk management plans;",
                 "psychology and psychiatric reports and assessments, and any programme reports;",
                 "case notes (NOMIS and nDelius), including offender management and key worker entries;",
                 "security information reports and intelligence held about our client, so far as they can "
                 "be disclosed;",
                 "adjudication records, incentives reviews and categorisation reviews;",
                 "sentence calculation records;",
                 "complaints and their responses;",
                 "parole dossiers and reports prepared for the Parole Board;",
                 "[any other records]."):
        L.bullet(item)
    L.p("Where any information is withheld, please say which exemption or restriction is relied on so far "
        "as the Act allows you to.")
    timed(L, "dpa2018-s45-subject-access-reply",
          "**Please reply by {{ d.due }}**, one month from receipt of this request (section 54 of the Act).",
          "**Please reply within one month of receiving this request** (section 54 of the Act), that is by "
          "[date one month from receipt].")
    L.p("The data is needed for our client's current parole review; please send it to us electronically "
        "if you can.")
    sign_off(L, encl=["Signed authority from our client", "Proof of identity"])
    return L


# 10 --------------------------------------------------------------------------- complaint-comp1
@template
def complaint_comp1() -> Letter:
    L = Letter("complaint-comp1", "Complaint (COMP1)",
               "Formal complaint on our client's behalf under the prisoner complaints procedure (stage 1, "
               "form COMP1), with what went wrong, the steps already taken and the remedy sought; appeal on "
               "COMP1A, then the Prisons and Probation Ombudsman.",
               "Complaint — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Governor", "{% if client.prison %}{{ client.prison }}{% else %}[Establishment]"
                  "{% endif %}", "[Address]", "For the attention of [the Head of Offender Management / "
                  "the complaints clerk]"])
    reference_block(L, their_ref=None)
    L.p("Dear Governor,")
    L.p("**" + CLIENT_REF + " — complaint (COMP1)**")
    L.p("We act for {{ client.name }},"
        " who has [submitted a COMP1 form dated … / asked us to make this complaint "
        "on their behalf; their signed authority is enclosed]. This letter sets out the complaint under "
        "the prisoner complaints procedure (stage 1).")
    L.h2("The complaint")
    L.note("[Say briefly what happened, when, who was involved and why it is wrong. Keep to the facts.]")
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The complaint concerns the following assertions in our client's assessments, which remain "
            "uncorrected although their authors have been asked to correct them:"),
        challenges_table(L, OPEN_CHALLENGES)))
    L.if_('challenges|selectattr("steps")|list', lambda: (
        L.h2("Steps already taken"),
        L.for_('c in challenges|selectattr("steps")', lambda: L.bullet(STEPS))))
    L.h2("The remedy sought")
    L.note("[Say exactly what our client wants: for example, the OASys to be amended and the amended "
           "version served on the Parole Board; an apology; a review of the decision.]")
    L.p("Please respond within the time the Prisoner Complaints Policy Framework allows for a stage 1 "
        "response. If our client is not satisfied with the response, our client will appeal (COMP1A) and "
        "may then refer the complaint to the Prisons and Probation Ombudsman.")
    L.note("[If the complaint is about the Probation Service (for example, a Community Offender Manager's "
           "OASys), send it to the probation region's complaints team instead, and adapt the wording.]")
    sign_off(L, encl=["[Copy of the COMP1 form]", "[Signed authority]", "[The documents referred to]"])
    return L


# 11 ----------------------------------------------------------------------- ombudsman-complaint
@template
def ombudsman_complaint() -> Letter:
    L = Letter("ombudsman-complaint", "Complaint to the Prisons and Probation Ombudsman",
               "Complaint to the Prisons and Probation Ombudsman after the internal complaints procedure "
               "has been exhausted, within three months of the final response as the Ombudsman's terms of "
               "reference require.",
               "PPO complaint — {{ client.name }}")
    letterhead(L)
    addressee(L, ["The Prisons and Probation Ombudsman", "[Address or email]"])
    reference_block(L, their_ref=None)
    L.p("Dear Ombudsman,")
    L.p("**" + CLIENT_REF + " — complaint against [HM Prison and Probation Service / the establishment / "
        "the Probation Service]**")
    L.p("We act for {{ client.name }},"
        " whose signed authority is enclosed, and ask the Ombudsman to investigate "
        "the complaint below.")
    L.h2("Eligibility")
    L.p("Our client has completed the internal complaints procedure: the complaint was made on [date] "
        "(COMP1), appealed on [date] (COMP1A), and the final response is dated [date]. This complaint is "
        "made within three months of that final response, as the Ombudsman's terms of reference require. "
        "The complaint is not the subject of legal proceedings.")
    L.for_("d in " + deadline("complaints-ppo-referral"), lambda: L.p(
        "The three months end on {{ d.due }}."))
    L.note("[The Ombudsman cannot investigate decisions of the Parole Board: a complaint about the Board's "
           "decision is for reconsideration under rule 28 or judicial review.]")
    L.h2("The complaint")
    L.note("[Summarise what happened and why it was wrong, and why the final response did not put it "
           "right.]")
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The complaint concerns these assertions in our client's assessments, which have not been "
            "corrected:"),
        challenges_table(L, OPEN_CHALLENGES)))
    L.if_('challenges|selectattr("steps")|list', lambda: (
        L.h2("What has been done to resolve it"),
        L.for_('c in challenges|selectattr("steps")', lambda: L.bullet(STEPS))))
    L.h2("The outcome sought")
    L.note("[Say what our client asks the Ombudsman to recommend: for example, that the assessment be "
           "corrected and the corrected version served on the Parole Board.]")
    L.if_("hearing and hearing.upcoming", lambda: L.p(
        "Our client's parole hearing is listed for {{ hearing.date }}; we would be grateful if the "
        "complaint could be considered with that in mind."))
    sign_off(L, encl=["Signed authority", "COMP1 and the response", "COMP1A and the final response",
                      "[The documents referred to]"])
    return L


# 12 ----------------------------------------------------------------------- letter-before-claim
@template
def letter_before_claim() -> Letter:
    L = Letter("letter-before-claim", "Letter before claim (judicial review)",
               "Letter before claim in the form the Pre-Action Protocol for Judicial Review sets out, asking "
               "for a reply within 14 days and noting the time limit in CPR 54.5(1).",
               "Letter before claim — {{ client.name }}")
    letterhead(L)
    addressee(L, ["[The proposed defendant: for the Secretary of State for Justice, the Government Legal "
                  "Department; for the Parole Board, its legal team]", "[Address or email]"])
    reference_block(L, their_ref=None)
    L.p("Dear Sir or Madam,")
    L.p("**Letter before claim: proposed claim for judicial review — R (" + CLIENT_NAME + ") v [Defendant]**")
    L.p("We write in accordance with the Pre-Action Protocol for Judicial Review.")
    L.h2("1. The proposed claimant")
    L.p(CLIENT_REF + "{% if client.prison %}, {{ client.prison }}{% endif %}"
        "{% if client.dob %}, born {{ client.dob }}{% endif %}.")
    L.h2("2. The proposed defendant")
    L.note("[The Secretary of State for Justice / the Parole Board.]")
    L.h2("3. The defendant's reference details")
    L.p("{% if matter.ppcs_ref %}PPCS reference {{ matter.ppcs_ref }}. {% endif %}"
        "{% if matter.parole_board_ref %}Parole Board reference {{ matter.parole_board_ref }}. {% endif %}"
        "[Add any other reference.]")
    L.h2("4. The claimant's legal advisers")
    L.p(FIRM_NAME + "{% if firm.address_lines %}, {{ firm.address_lines|join(\", \") }}{% endif %}"
        "{% if firm.solicitor %} ({{ firm.solicitor }}){% endif %}; reference {{ matter.reference }}.")
    L.h2("5. The decision being challenged")
    L.note("[Identify the decision: who made it, when, and what it decided (for example, the Secretary of "
           "State's decision of … rejecting the Parole Board's recommendation for a transfer to open "
           "conditions).]")
    L.h2("6. Interested parties")
    L.note("[The Parole Board / the Secretary of State for Justice / none.]")
    L.h2("7. The issue")
    L.h3("The facts")
    L.if_("material_facts", lambda: L.for_("e in material_facts", lambda: L.bullet(
        "{{ e.date }}: {{ e.text }}" + cites("e"))),
        "[Add the facts in date order.]")
    L.h3("The grounds")
    L.note("[Set out each ground concisely: illegality, irrationality, procedural unfairness, breach of "
           "Article 5 ECHR, failure to follow policy; and the legal framework.]")
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("The decision relies on these assessments, which our client has challenged and which remain "
            "uncorrected:"),
        L.for_("c in " + OPEN_CHALLENGES, lambda: L.bullet(
            "{{ c.assertion }}" + cites("c") + " — {{ c.ground_label }}; {{ c.status_label }}."))))
    L.h2("8. The action the defendant is expected to take")
    L.note("[Say exactly what the defendant should do: for example, withdraw and retake the decision within "
           "a stated time.]")
    L.h2("9. ADR proposals")
    L.p("Our client is willing to consider any proposal to resolve the matter without proceedings, and "
        "invites the defendant to reconsider the decision.")
    L.h2("10. Information sought")
    L.note("[List the information sought, with the reason.]")
    L.h2("11. Documents sought")
    L.note("[List the documents sought, for example the submission and any advice on which the decision "
           "was based.]")
    L.h2("12. Address for reply and service")
    L.p(FIRM_NAME + "{% if firm.address_lines %}, {{ firm.address_lines|join(\", \") }}{% endif %}"
        "{% if firm.email %}; by email to {{ firm.email }}{% endif %}.")
    L.h2("13. Proposed reply date")
    timed(L, "jr-pap-response-expected",
          "Please reply by **{{ d.due }}**, 14 days from the date of this letter, as the Protocol provides.",
          "Please reply within 14 days of the date of this letter, that is by **[date]**, as the Protocol "
          "provides.")
    L.for_("d in " + deadline("cpr54-5-jr-claim") + "[:1]", lambda: L.p(
        "A claim must be filed promptly and in any event within three months of the grounds arising (CPR "
        "54.5(1)); on our calculation that is by {{ d.due }}. Following the Protocol does not extend that "
        "time, and our client will issue without further notice if it becomes necessary to protect it."))
    sign_off(L)
    return L


# 13 ----------------------------------------------------------------------- expert-instructions
@template
def expert_instructions() -> Letter:
    L = Letter("expert-instructions", "Instructions to an independent psychologist",
               "Letter of instruction to an independent psychologist for a parole review, after prior "
               "authority from the Legal Aid Agency: the background, the questions, the documents sent, "
               "the timetable and the fee authorised.",
               "Instructions to expert — {{ client.name }}")
    letterhead(L, "PRIVILEGED AND CONFIDENTIAL — PREPARED FOR THE PURPOSE OF PAROLE BOARD PROCEEDINGS")
    contact_addressee(L, ["[Dr …], [Chartered and HCPC-registered forensic psychologist]",
                          "[Address or email]"])
    reference_block(L)
    L.p(dear("[Dr …]"))
    L.p("**" + CLIENT_REF + " — instructions for an independent psychological risk assessment**")
    L.p("Thank you for agreeing to accept instructions. We act for our client in "
        "{% if matter.type_label %}a {{ matter.type_label|lower }}{% else %}a parole review{% endif %} "
        "before the Parole Board.")
    L.h2("Funding and prior authority")
    L.p("The Legal Aid Agency granted prior authority for your report on [date] (form CRM4): [number] hours "
        "at £[rate] an hour, [and travel of … hours], a total of £[amount]. Please do not exceed that "
        "figure; if you expect to, tell us before doing the work so that we can ask for an increase. Your "
        "invoice should go to us, quoting our reference.")
    L.h2("Background")
    L.p(CLIENT_NAME + "{% if client.age %}, aged {{ client.age }},{% endif %} is held at "
        "{% if client.prison %}{{ client.prison }}{% else %}[prison]{% endif %}"
        "{% if client.category %} (security category {{ client.category }}){% endif %}.")
    sentence_table(L)
    key_dates_table(L)
    L.if_("risk_factors", lambda: (
        L.p("The risk factors identified in the dossier are:"),
        L.for_("f in risk_factors", lambda: L.bullet(
            "{{ f.name }}{% if f.notes %} — {{ f.notes }}{% endif %}"))))
    L.if_("assessments", lambda: (
        L.p("The assessments in the dossier are:"),
        L.for_("a in assessments", lambda: L.bullet(
            "{{ a.tool_label }}, {{ a.date }}{% if a.author %}, {{ a.author }}{% endif %}"
            "{% if a.author_role %}, {{ a.author_role }}{% endif %}"
            "{% if a.recommendation %}: {{ a.recommendation }}{% endif %}" + cites("a")))))
    L.if_(OPEN_CHALLENGES, lambda: (
        L.p("Our client disputes the following assertions in those assessments. Please consider them with "
            "the evidence and say whether, in your opinion, they are supported:"),
        L.for_("c in " + OPEN_CHALLENGES, lambda: L.bullet(
            "{{ c.assertion }}" + cites("c") + " — {{ c.ground_label }}."))))
    L.h2("The questions")
    L.p("Please address the following in your report, within your expertise:")
    for q in (
        "your formulation of our client's risk: the factors that led to the offending and how they "
        "interact;",
        "the risk our client presents now of reoffending and of serious harm, and to whom, using the "
        "structured professional judgement and actuarial tools you consider appropriate (please say which "
        "and why);",
        "what treatment or other work our client has done, what (if any) core risk-reduction work is "
        "outstanding, and whether it could be done in open conditions or in the community;",
        "your view of the assessments in the dossier, including where you agree or disagree with them and "
        "why;",
        "whether the risk could be safely managed in the community, and the licence conditions, supervision, "
        "accommodation and support that would be needed;",
        "your opinion on whether our client meets the test for release or, in the alternative, for a "
        "transfer to open conditions;",
        "anything else you consider the Parole Board should know.",
    ):
        L.bullet(q)
    L.h2("Documents sent")
    L.if_("documents", lambda: L.table(
        ("Document", "Date", "Pages"),
        ("{{ d.cite_as }}: {{ d.title }}", "{{ d.date }}", "{{ d.pages }}"),
        "d in documents", (118, 32, 20)),
        "[List the documents sent: the dossier, and any other reports.]")
    L.h2("Timetable")
    L.p("Please interview our client [by video link / at the prison] by [date]; we will arrange the "
        "legal visit. We need your report by [date], so that it can be served in time.")
    L.if_('deadlines|rejectattr("done")|rejectattr("overdue")|list', lambda: (
        L.p("The dates ahead in the review are:"),
        L.for_('d in deadlines|rejectattr("done")|rejectattr("overdue")', lambda: L.bullet(
            "{{ d.due }}: {{ d.title }}"))))
    L.if_("hearing and hearing.upcoming", lambda: L.p(
        "The oral hearing is listed for {{ hearing.date }}. If our client relies on your report, the panel "
        "may direct you to give evidence; please keep that date free if you can."))
    L.h2("Your report")
    L.p("Your duty is to give an independent and objective opinion within your expertise, whoever pays for "
        "it. Please set out your qualifications, the documents you read, the date and length of your "
        "interview, the tools you used, the facts your opinions rest on, and any matters on which you "
        "could not reach a view.")
    L.p("The report is commissioned for the purpose of the parole proceedings and is confidential to our "
        "client. Please send it only to us: we will decide with our client whether it is to be submitted "
        "to the Parole Board.")
    L.if_("client.interpreter or client.vulnerability", lambda: L.p(
        "{% if client.interpreter %}Our client needs an interpreter ({{ client.interpreter }}); we will "
        "arrange one. {% endif %}{% if client.vulnerability %}Please note: {{ client.vulnerability }}"
        "{% endif %}"))
    sign_off(L, faithfully=False, encl=["The documents listed above", "Our client's signed consent"])
    return L


# 14 ---------------------------------------------------------------------- counsel-instructions
@template
def counsel_instructions() -> Letter:
    L = Letter("counsel-instructions", "Instructions to counsel",
               "Instructions to counsel for a Parole Board hearing or a challenge: the case, key dates and "
               "time limits, the issues, the challenges to the assessments, the evidence, and what counsel "
               "is asked to do.",
               "Instructions to counsel — {{ client.name }}")
    letterhead(L, "PRIVILEGED AND CONFIDENTIAL")
    L.p("Instructions to counsel", "Title")
    L.p("In the matter of " + CLIENT_REF + "{% if matter.type_label %} — {{ matter.type_label }}{% endif %}",
        "Subtitle")
    L.if_("addressee", lambda: L.p("Counsel: {{ addressee.name }}"
                                   "{% if addressee.organisation %}, {{ addressee.organisation }}{% endif %}",
                                   "Subtitle"))
    reference_block(L)
    L.h1("1. Introduction")
    L.p("Counsel is instructed on behalf of " + CLIENT_NAME + "{% if client.prison %}, who is held at "
        "{{ client.prison }}{% endif %}. "
        "{% if matter.legal_aid_label and matter.legal_aid_class != \"private\" %}Our client is funded under "
        "the legal aid prison law contract ({{ matter.legal_aid_label }}); counsel's fee is [as agreed, "
        "paid from the fee for the case]. {% endif %}"
        "[Say in one sentence what counsel is asked to do.]")
    L.if_("client.interpreter or client.vulnerability", lambda: L.p(
        "{% if client.interpreter %}Our client needs an interpreter ({{ client.interpreter }}). {% endif %}"
        "{% if client.vulnerability %}{{ client.vulnerability }}{% endif %}"))
    L.h1("2. Documents")
    L.p("Counsel has with these instructions:")
    L.if_("documents", lambda: L.table(
        ("Cited as", "Document", "Date", "Pages"),
        ("{{ d.cite_as }}", "{{ d.title }}", "{{ d.date }}", "{{ d.pages }}"),
        "d in documents", (30, 92, 28, 20)),
        "[List the documents enclosed.]")
    L.p("Page references below are to those documents, in the form \u201cDossier p.143 ¶4\u201d.")
    L.h1("3. The sentence and key dates")
    sentence_table(L)
    key_dates_table(L)
    L.h1("4. Time limits")
    L.if_("hearing and hearing.upcoming", lambda: L.p(
        "**{% if hearing.type %}{{ hearing.type }}{% else %}Hearing{% endif %} listed for "
        "{{ hearing.date }}.**"))
    deadlines_table(L)
    L.h1("5. The history")
    material_facts_table(L)
    L.h1("6. The issues")
    L.note("[Set out the issues for the panel or the court: for example, whether core risk-reduction work "
           "is complete, whether the risk is manageable on licence, whether the disputed assertions should "
           "be given weight.]")
    L.if_("risk_factors", lambda: (
        L.h2("Risk factors and the evidence against each"),
        L.for_("f in risk_factors", lambda: L.bullet(
            "**{{ f.name }}**: {% if f.evidence %}{{ f.evidence|join(\"; \") }}"
            "{% else %}no evidence of change "
            "recorded yet{% endif %}."))))
    L.h1("7. The assessments")
    assessments_section(L)
    L.h1("8. The challenges")
    L.if_("challenges", lambda: challenges_table(L), "[No challenges are recorded.]")
    L.h2("Allegations")
    allegations_section(L)
    L.h1("9. The evidence")
    L.if_("evidence", lambda: L.table(
        ("Evidence", "Kind", "Date", "Factors", "Source"),
        ("{{ e.title }}{% if e.notes %}. {{ e.notes }}{% endif %}", "{{ e.kind_label }}",
         "{{ e.date }}{% if e.to_date %} – {{ e.to_date }}{% endif %}", '{{ e.factors|join(", ") }}',
         '{% if e.citations %}{{ e.citations|join("; ") }}{% else %}{{ e.source }}{% endif %}'),
        "e in evidence", (58, 28, 26, 28, 30)),
        "[No evidence of change is recorded.]")
    L.if_("recommendations", lambda: (
        L.h2("Professional recommendations"),
        L.for_("r in recommendations", lambda: L.bullet(
            "{{ r.author_role }}{% if r.author %} ({{ r.author }}){% endif %}: {{ r.recommendation }}"))))
    L.h1("10. Our client's instructions")
    L.note("[Add our client's instructions: what is accepted, what is disputed, what our client wants.]")
    L.h1("11. Counsel is asked to")
    for item in ("[advise in conference with our client before the hearing];",
                 "[settle written representations / a skeleton argument by …];",
                 "[represent our client at the oral hearing on …];",
                 "[advise on the merits of reconsideration or judicial review after the decision];",
                 "[anything else]."):
        L.bullet(item)
    L.p("Those instructing are happy to discuss the case at any time: " + SOLICITOR +
        "{% if firm.phone %}, {{ firm.phone }}{% endif %}{% if firm.email %}, {{ firm.email }}{% endif %}.")
    L.p("")
    L.p(FIRM_NAME, keep_next=True)
    L.p("{{ today }}")
    return L


# 15 ------------------------------------------------------------------------------- client-care
@template
def client_care() -> Letter:
    L = Letter("client-care", "Client care letter",
               "Client care letter to a client in prison: the work we will do, the legal aid class that "
               "funds it, who is responsible, confidentiality, and how to complain (our procedure and the "
               "Legal Ombudsman).",
               "Client care — {{ client.name }}")
    letterhead(L, "LEGAL CORRESPONDENCE — PRISON RULE 39 — PRIVILEGED AND CONFIDENTIAL")
    addressee(L, [CLIENT_REF, "{% if client.prison %}{{ client.prison }}{% else %}[Prison]{% endif %}",
                  "[Address]"])
    reference_block(L, their_ref=None)
    L.p("Dear {% if client.title and client.surname %}{{ client.title }} {{ client.surname }}"
        "{% else %}{{ client.name }}{% endif %},")
    L.p("**Your case: {% if matter.title %}{{ matter.title }}{% else %}{{ matter.type_label }}{% endif %}**")
    L.p("Thank you for asking us to act for you. This letter explains what we will do, how the work is "
        "paid for, and what to do if you are unhappy with our service. Please keep it.")
    L.h2("What we will do")
    L.if_('matter.type in ["parole-review", "recall-review"]', lambda: L.p(
        "We will act for you in your Parole Board review. That means getting and reading your dossier, "
        "going through it with you, challenging anything in the reports that is wrong, gathering the "
        "evidence of the work you have done, writing representations to the Parole Board, and, if there "
        "is an oral hearing, preparing you for it and representing you."),
        lambda: L.note("[Describe the work we will do for the client on this matter.]"))
    L.p("We cannot promise an outcome: the decision is for the Parole Board"
        "{% if matter.type == \"parole-review\" %} (and, for open conditions, the Secretary of State)"
        "{% endif %}. "
        "We will tell you honestly what we think of your prospects.")
    L.p("The work does not include [any other matter, such as a complaint, an appeal against conviction or "
        "sentence, or a judicial review]. If you need help with something else, tell us and we will say "
        "whether we can help and how it would be funded.")
    L.h2("How the work is paid for")
    L.if_('matter.legal_aid_class == "private"', lambda: L.note(
        "[Set out the private fee agreement: the basis of charging, an estimate, VAT, disbursements and "
        "when bills will be sent.]"),
        lambda: L.p(
            "Your case is funded by legal aid under our prison law contract with the Legal Aid Agency"
            "{% if matter.legal_aid_label and matter.legal_aid_class %}, as "
            "{{ matter.legal_aid_label }}{% endif %}. You have signed the legal aid forms and we have "
            "checked that you qualify. You will not be asked to pay us for this work. If we need a report "
            "from an independent expert we will first ask the Legal Aid Agency to authorise the cost. The "
            "Legal Aid Agency may look at your file to check our work; everything else on it is "
            "confidential."))
    L.if_('matter.legal_aid_class == "advice-assistance"', lambda: L.p(
        "Advice and assistance covers advice and written work. If the Parole Board directs an oral hearing "
        "we will apply for advocacy assistance so that we can represent you at it."))
    L.h2("Who will deal with your case")
    L.p(SOLICITOR + " will deal with your case, supervised by [name and role of supervisor]. [Name] may "
        "also help. You can write to us at the address above; put \u201cRule 39\u201d on the envelope so "
        "that it is treated as legal correspondence.{% if firm.phone %} Your family or supporters can "
        "call us on {{ firm.phone }}, but we can only discuss your case with them if you agree.{% endif %}")
    L.h2("Confidentiality and your information")
    L.p("What you tell us is confidential. We keep your information securely and use it only to act for "
        "you, as our privacy notice explains. [Enclose or refer to the privacy notice.]")
    L.h2("If you are unhappy with our service")
    L.p("Please tell us first: write to [name of complaints partner] at the address above. We will "
        "acknowledge your complaint, look into it and give you our response within eight weeks.")
    L.p("If you are still unhappy after our final response, or eight weeks after you complained, you can "
        "ask the Legal Ombudsman to look at your complaint. You must normally do so within six months of "
        "our final response, and no more than one year from the problem happening or from when you should "
        "reasonably have known about it.")
    L.quote("Legal Ombudsman, PO Box 6167, Slough SL1 0EH — telephone 0300 555 0333 — "
            "www.legalombudsman.org.uk")
    L.p("If you are concerned about our conduct (for example dishonesty or discrimination) you can also "
        "report it to the Solicitors Regulation Authority.")
    L.h2("What we need from you")
    L.p("Please tell us at once if you move prison, if your sentence or release dates change, or if you "
        "receive any letter or report about your case. Keep copies of anything you send us.")
    L.p("If anything in this letter is unclear, please write to me.")
    L.p("Yours sincerely", keep_next=True)
    L.p("", keep_next=True)
    L.p("", keep_next=True)
    L.p(SOLICITOR, keep_next=True)
    L.p(FIRM_NAME)
    return L


# ---------------------------------------------------------------------------------------- main
def build(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [fn().save(folder) for fn in TEMPLATES]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else HERE
    for path in build(folder):
        print(path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
