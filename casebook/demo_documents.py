"""Invented parole dossiers: the demo's documents and the benchmark's 1,000-page PDFs.

:func:`dossier` writes the pages of a parole dossier as the Parole Board receives it from PPCS: an index
page listing the sections with their page ranges (which :func:`casebook.documents.recognise` reads), the
sentence calculation, the previous decision, an OASys assessment, a psychological risk assessment,
security information, the adjudications history, programme reports, the POM's and COM's reports, wing
case notes and the Secretary of State's view — with a few pages that are pictures only (a signed sheet,
a handwritten letter: no text layer). Every person in it is invented and the text is stock phrasing;
given the same random generator the pages are the same.

Facts of the client's own casework (an allegation, a challenged score, an item of evidence) can be placed
in a section: :attr:`Dossier.anchors` then says on which page and in which paragraph each one landed, so
the demo can cite the page that really says it.

:func:`add_demo_documents` gives a few of the demo's parole clients such a dossier (imported through the
document service, as a user's import is) and cites its pages from their challenges, allegations,
evidence, assessments and chronology events.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from casebook.domain.dates import format_date

#: (key, title in the index, share of the pages). The index page comes first and is not listed.
SECTIONS: tuple[tuple[str, str, float], ...] = (
    ("sentence", "Sentence calculation", 0.03),
    ("decision", "Previous Parole Board decision", 0.05),
    ("oasys", "OASys assessment", 0.25),
    ("psychology", "Psychological risk assessment", 0.17),
    ("security", "Security information summary", 0.06),
    ("adjudications", "Adjudications history", 0.04),
    ("programmes", "Programme and intervention reports", 0.10),
    ("pom", "Report of the Prison Offender Manager (POM)", 0.08),
    ("com", "Report of the Community Offender Manager (COM)", 0.08),
    ("casenotes", "Wing case notes", 0.10),
    ("sos", "Secretary of State's view", 0.02),
)

PROGRAMME_NAMES = ("Kaizen", "Horizon", "the Thinking Skills Programme", "Building Better Relationships",
                   "Becoming New Me+", "New Me Strengths", "Resolve", "Identity Matters",
                   "the Healthy Sex Programme", "Building Choices", "the Healthy Identity Intervention",
                   "Living as New Me", "the Sycamore Tree course")
STAFF_FORENAMES = ("Alison", "Bethan", "Catrin", "Dominic", "Eleanor", "Farah", "Gareth", "Helen", "Imogen",
                   "Jonathan", "Kerry", "Lowri", "Marcus", "Nadia", "Oliver", "Priya", "Rachel", "Siobhan",
                   "Tomasz", "Ursula", "Victoria", "Wendy", "Yasmin")
STAFF_SURNAMES = ("Ashworth", "Blackwood", "Carrington", "Delahunty", "Fairclough", "Greenhalgh", "Hollis",
                  "Iqbal", "Jarvis", "Kettering", "Llewellyn", "Mountford", "Northcott", "Okonkwo",
                  "Pemberton", "Quigley", "Radcliffe", "Sandhu", "Threlfall", "Underwood", "Venables",
                  "Whitlock", "Yardley", "Zielinski")
ROLES = ("Supervising Officer", "Custodial Manager", "Wing Officer", "Key Worker", "Chaplain",
         "Healthcare Nurse", "Education Tutor", "Workshop Instructor", "Substance Misuse Worker",
         "Safer Custody Lead", "Programme Facilitator", "Treatment Manager")
SUBSTANCES = ("spice", "cannabis", "buprenorphine", "heroin", "crack cocaine", "hooch", "pregabalin",
              "mamba", "alcohol")
CHARGES = ("r.51(1) commits any assault", "r.51(12) has in his possession any unauthorised article",
           "r.51(22) disobeys any lawful order", "r.51(9) is found with any substance in his urine",
           "r.51(17) intentionally or recklessly damages property", "r.51(20) uses threatening words",
           "r.51(25)(a) attempts to commit any offence", "r.51(7) escapes or absconds")
OUTCOMES = ("proved: 14 days' loss of earnings", "dismissed", "not proceeded with",
            "proved: 21 days' loss of privileges", "referred to the Independent Adjudicator: 12 added days",
            "proved: caution", "dismissed after the reporting officer's evidence was inconsistent")
GRADES = ("B2", "B3", "C3", "C4", "E4", "D5")
PLACES = ("Manchester", "Liverpool", "Leeds", "Bradford", "Swansea", "Wrexham", "Cardiff", "Birmingham",
          "Nottingham", "Stoke-on-Trent", "Newport", "Sheffield", "Hull", "Bristol", "Plymouth")


@dataclass
class Dossier:
    """The pages of an invented dossier (``None``: a page with no text layer) and where things are."""

    pages: list[str | None]
    sections: list[tuple[str, int, int]]                 # (title, first page, last page)
    anchors: dict[str, tuple[int, str]] = field(default_factory=dict)  # fact key → (page, paragraph)

    def section(self, key: str) -> tuple[int, int]:
        titles = {k: t for k, t, _ in SECTIONS}
        for title, first, last in self.sections:
            if title == titles[key]:
                return first, last
        raise KeyError(key)


@dataclass
class Subject:
    """Whom the dossier is about (all invented)."""

    name: str
    prison_number: str
    prison: str
    offence: str
    sentence: str
    female: bool = False


class _Writer:
    def __init__(self, rng: random.Random, who: Subject, served: _dt.date) -> None:
        self.rng = rng
        self.who = who
        self.served = served
        surname = who.name.split()[-1]
        self.mr = f"{'Ms' if who.female else 'Mr'} {surname}"
        self.he, self.his, self.him = ("she", "her", "her") if who.female else ("he", "his", "him")

    # ---------------------------------------------------------------- small pieces
    def staff(self) -> str:
        return f"{self.rng.choice(STAFF_FORENAMES)} {self.rng.choice(STAFF_SURNAMES)}"

    def day(self, back: int = 1500) -> str:
        return format_date(self.served - _dt.timedelta(days=self.rng.randint(20, back)))

    def fill(self, template: str) -> str:
        return template.format_map(_Slots(self))

    def paragraph(self, pool: Sequence[str], sentences: tuple[int, int] = (2, 5)) -> str:
        n = min(len(pool), self.rng.randint(*sentences))
        return " ".join(self.fill(t) for t in self.rng.sample(pool, n))


class _Slots(dict):
    """A template's slots, each made only when the template asks for it (in the order it asks)."""

    def __init__(self, w: _Writer) -> None:
        super().__init__(mr=w.mr, he=w.he, his=w.his, him=w.him, He=w.he.capitalize(),
                         His=w.his.capitalize(), prison=w.who.prison, offence=w.who.offence)
        self.w = w

    def __missing__(self, key: str) -> str:
        r = self.w.rng
        make = {
            "prog": lambda: r.choice(PROGRAMME_NAMES), "prog2": lambda: r.choice(PROGRAMME_NAMES),
            "staff": self.w.staff, "role": lambda: r.choice(ROLES), "drug": lambda: r.choice(SUBSTANCES),
            "date": self.w.day, "place": lambda: r.choice(PLACES), "n": lambda: r.randint(2, 19),
            "pct": lambda: r.randint(8, 91), "grade": lambda: r.choice(GRADES),
            "charge": lambda: r.choice(CHARGES), "outcome": lambda: r.choice(OUTCOMES),
            "months": lambda: r.randint(3, 30), "sessions": lambda: r.randint(6, 40),
            "level": lambda: r.choice(("low", "medium", "high", "very high")),
            "year": lambda: r.randint(2009, 2025),
        }[key]
        return str(make())


# ---------------------------------------------------------------------------- stock phrasing by section
OASYS = (
    "{mr} was interviewed for this assessment on {date} by video link from {prison}.",
    "The index offence ({offence}) was committed when {he} was under the influence of {drug}.",
    "{He} accepts responsibility for the offence but minimises the degree of planning involved.",
    "There is a pattern of offending when {his} accommodation breaks down and {he} returns to {place}.",
    "Criminogenic needs linked to risk of serious harm: relationships, lifestyle, thinking and behaviour.",
    "{He} has completed {prog} and the facilitators describe good engagement and a developing insight.",
    "{His} OGRS3 score is {pct}% over two years, placing {him} in the {level} band for proven reoffending.",
    "The risk of serious harm to the public in the community is assessed as {level}.",
    "The risk to known adults, in particular a former partner, is assessed as {level} in the community.",
    "There is no evidence of {his} posing a risk to children; no child safeguarding concerns are recorded.",
    "Protective factors include family support, a stable work record in custody and sustained abstinence.",
    "{He} has held the enhanced incentives level for {months} months and works as a wing cleaner.",
    "Section 7 (lifestyle and associates): {he} previously spent {his} time with peers involved in supply.",
    "Section 8 (drug misuse): a history of daily use of {drug} from the age of fifteen is recorded.",
    "Section 9 (alcohol misuse): binge drinking at weekends was linked to the violence in {year}.",
    "Section 11 (thinking and behaviour): impulsivity and poor consequential thinking remain areas of need.",
    "Section 12 (attitudes): {he} now expresses pro-social attitudes towards supervision and authority.",
    "The sentence plan objective to complete {prog2} remains outstanding because no places are available.",
    "Risk would be greatest on release without structure, in the first weeks, or after a relationship ends.",
    "The risk management plan relies on approved premises, a curfew, an exclusion zone and drug testing.",
    "MAPPA category 2 level 2 management is proposed, with a multi-agency meeting before release.",
    "The assessor notes that the previous RoSH summary was copied forward without fresh analysis.",
    "Victim contact is in place through the Victim Contact Scheme and a licence condition is requested.",
    "Motivation to change appears genuine, although {he} becomes defensive when the offence is discussed.",
    "Countersigned by {staff}, Senior Probation Officer, on {date}.",
)
PSYCHOLOGY = (
    "I interviewed {mr} on {n} occasions at {prison}, for a total of about {sessions} hours.",
    "Sources of information included the dossier, the OASys, NOMIS case notes and the security summary.",
    "Psychometric assessment used the PAI and the PCL-R; the total score was below the research threshold.",
    "H1 (history of problems with violence): present and relevant, beginning in adolescence in {place}.",
    "H5 (substance use): present; use of {drug} was closely linked to the index offence.",
    "H7 (personality disorder): traits of emotional instability are present, but no disorder is diagnosed.",
    "C1 (insight): partially present; {he} can describe {his} risk factors but not always apply the skills.",
    "C4 (instability): not currently present; there have been no incidents of violence for {months} months.",
    "R1 (professional services and plans): the release plan is detailed and the COM has a good rapport.",
    "R5 (stress or coping): stress on release, debt and housing uncertainty could undermine coping.",
    "Formulation: violence has functioned to manage shame and to restore status in front of peers.",
    "Scenario planning: a repeat of serious violence is most likely in the context of intoxication.",
    "The completion of {prog} has given {him} a vocabulary for {his} risk, but the skills are untested.",
    "In my opinion the risk of serious harm is not imminent and is manageable under the proposed plan.",
    "I recommend that {he} progresses to open conditions before release is considered.",
    "Further one-to-one work with a psychologist on emotional regulation would consolidate the gains.",
    "{He} presented as polite and engaged, though guarded when asked about the victim's injuries.",
    "The HCR-20 V3 summary risk rating for future violence is {level}; for serious physical harm, {level}.",
    "The Offender Personality Disorder pathway screening was positive and a case formulation was completed.",
)
SECURITY = (
    "{date}: intelligence report graded {grade} suggests {mr} is involved in supplying {drug} on the wing.",
    "{date}: an information report states {he} was seen passing an item to another prisoner at exercise.",
    "{date}: cell search negative; no unauthorised items found.",
    "{date}: security information graded {grade} links {him} to a debt on the wing; not corroborated.",
    "{date}: an unauthorised mobile phone SIM card was found in a communal area near {his} cell.",
    "{date}: police intelligence disclosure: no further action on an allegation by a former partner.",
    "{date}: the Security Department reviewed the intelligence and found no current concerns.",
    "{date}: visits monitored after information graded {grade}; nothing of concern was observed.",
    "The summary has been redacted for the protection of sources under the gisting procedure.",
)
ADJUDICATIONS = (
    "{date}: charged under {charge}; {outcome}.",
    "{date}: charged under {charge} following a cell search; {outcome}.",
    "{date}: charged under {charge} after a mandatory drug test positive for {drug}; {outcome}.",
)
PROGRAMMES = (
    "{mr} completed {prog} at {prison}, attending {sessions} of the scheduled sessions.",
    "The facilitators, {staff} and {staff}, report that {he} contributed openly in group discussions.",
    "Post-programme review: {he} identified {his} high-risk situations and wrote a relapse prevention plan.",
    "The treatment manager recommends consolidation of the skills through one-to-one work.",
    "{He} was assessed as suitable for {prog2}, but the programme is not delivered at this establishment.",
    "A referral for {prog2} was placed on hold because there are no places for at least {months} months.",
    "The Substance Misuse Service records {n} sessions of recovery work and a completed twelve-week course.",
    "Education: Level 2 English and maths achieved; {he} is now studying for a Level 3 qualification.",
    "Workshop report from {staff}, {role}: reliable, punctual and trusted to work without supervision.",
)
POM = (
    "I have been {mr}'s Prison Offender Manager since {date} and have met {him} {n} times.",
    "{His} custodial behaviour has been good; {he} has had no proven adjudications for {months} months.",
    "{He} has held the enhanced level of the incentives scheme and works in the kitchens as an orderly.",
    "Mandatory drug tests, random and on suspicion, have all been negative since {year}.",
    "{He} has maintained family ties through social visits and video calls with {his} sister in {place}.",
    "I support a move to open conditions so that {he} can test {his} skills on temporary release.",
    "I do not support release at this review because the sentence plan objectives are not complete.",
    "Key work sessions have covered consequential thinking, relationships and managing frustration.",
    "Categorisation review on {date}: Category C maintained; an application for Category D is pending.",
    "{He} has been a peer supporter on the induction wing and a Listener trained by the Samaritans.",
)
COM = (
    "I am {mr}'s Community Offender Manager in {place} and have supervised {him} since {date}.",
    "An approved premises bed has been requested in {place}; the referral is under consideration.",
    "Proposed licence conditions: residence at approved premises, a curfew, an exclusion zone, drug testing.",
    "A condition not to contact the victim or the victim's family, directly or indirectly, is proposed.",
    "{He} would be managed under MAPPA at level {n} with a multi-agency meeting before release.",
    "The Victim Liaison Officer has been informed and the victim's representations will be considered.",
    "A referral to the community substance misuse service has been made and accepted.",
    "I assess the risk as manageable in the community under the proposed risk management plan.",
    "If released, {he} would be supported by {his} family and by a mentor from a local charity in {place}.",
    "Employment: an offer of work with a local employer in {place} has been confirmed in writing.",
)
CASENOTES = (
    "{date} ({role}, {staff}): {mr} was polite and compliant during the regime today; no issues.",
    "{date} ({role}, {staff}): calmly de-escalated a dispute between two prisoners on the landing.",
    "{date} ({role}, {staff}): attended education all week; tutor reports good progress.",
    "{date} ({role}, {staff}): became frustrated about a cancelled visit but accepted the explanation.",
    "{date} ({role}, {staff}): negative voluntary drug test under the compact.",
    "{date} ({role}, {staff}): raised concerns about debt on the wing; referred to the safer custody team.",
    "{date} ({role}, {staff}): completed the gym induction and attends regularly.",
    "{date} ({role}, {staff}): refused to attend work; said {he} felt unwell; seen by healthcare.",
)
DECISION = (
    "The panel considered a dossier of {n}0 pages, with reports from the POM, the COM and a psychologist.",
    "The panel heard evidence from {mr}, the POM, the COM and the prison psychologist by video link.",
    "The panel found that the core risk reduction work had been completed, but was not yet tested.",
    "The panel noted a proven adjudication for possession of an unauthorised article in {year}.",
    "The panel was not satisfied that it is no longer necessary for the protection of the public "
    "that {mr} should be confined.",
    "The panel did not recommend a transfer to open conditions, given the outstanding work on {prog}.",
    "The panel encourages {him} to complete {prog} and to build a record of safe progression.",
)
SOS = (
    "The Secretary of State's view is that {mr} should remain in closed conditions at this review.",
    "The Secretary of State is content for the panel to consider the case on the evidence before it.",
    "The Secretary of State does not support a move to open conditions before {prog} is completed.",
)
POOLS = {"oasys": OASYS, "psychology": PSYCHOLOGY, "security": SECURITY, "adjudications": ADJUDICATIONS,
         "programmes": PROGRAMMES, "pom": POM, "com": COM, "casenotes": CASENOTES, "decision": DECISION,
         "sos": SOS}
ONE_LINERS = ("security", "adjudications", "casenotes")  # sections of short dated entries


def _allocate(total: int) -> list[tuple[str, str, int, int]]:
    """Page ranges of the sections in ``total`` pages (page 1 is the index)."""
    body = total - 1
    if body < len(SECTIONS):
        raise ValueError(f"a dossier needs at least {len(SECTIONS) + 1} pages")
    counts = [max(1, round(share * body)) for _, _, share in SECTIONS]
    while sum(counts) > body:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < body:
        counts[counts.index(max(counts))] += 1
    out, first = [], 2
    for (key, title, _), n in zip(SECTIONS, counts, strict=True):
        out.append((key, title, first, first + n - 1))
        first += n
    return out


def dossier(rng: random.Random, who: Subject, *, pages: int = 60, served: _dt.date, lines: int = 40,
            scanned: int = 2, facts: dict[str, list[tuple[str, str]]] | None = None) -> Dossier:
    """An invented parole dossier of ``pages`` pages about ``who``, served on ``served``.

    ``lines``: about how many lines of text a page carries (a dense report page has 40–50); ``scanned``:
    how many pages are pictures only (no text layer); ``facts``: section key → [(key, text)], each text
    placed as a numbered paragraph of that section (its page and paragraph in :attr:`Dossier.anchors`).
    """
    w = _Writer(rng, who, served)
    plan = _allocate(pages)
    facts = facts or {}
    # Pictures only: the signed calculation sheet, and handwritten letters among the case notes.
    picture: set[int] = set()
    candidates = [p for key, _, a, b in plan if key in ("sentence", "casenotes", "pom", "programmes")
                  for p in range(a + (key == "sentence"), b + 1)]
    if scanned and plan[0][3] > plan[0][2]:
        picture.add(plan[0][3])  # the last page of the sentence calculation: the signed sheet, scanned
    rng.shuffle(candidates)
    for p in candidates:
        if len(picture) >= scanned:
            break
        picture.add(p)
    out: list[str | None] = [_index_page(w, plan)]
    anchors: dict[str, tuple[int, str]] = {}
    for number, (key, title, first, last) in enumerate(plan, start=1):
        text_pages = [p for p in range(first, last + 1) if p not in picture]
        placed: dict[int, list[tuple[str, str]]] = {}
        for fact in facts.get(key, []):
            if text_pages:
                placed.setdefault(rng.choice(text_pages), []).append(fact)
        para = 0
        for p in range(first, last + 1):
            if p in picture:
                out.append(None)
                continue
            body = [f"Parole dossier: {who.name} ({who.prison_number})   {title}", ""]
            if p == first:
                body += [f"{number}. {title.upper()}", ""]
            if key == "sentence":
                body += _sentence_lines(w)
            else:
                budget = lines - len(body) - 2
                for fkey, text in placed.get(p, []):
                    para += 1
                    label = f"{number}.{para}"
                    anchors[fkey] = (p, label)
                    body += [f"{label} {text}", ""]
                    budget -= len(text) // 90 + 2
                while budget > 2:
                    para += 1
                    text = (w.fill(rng.choice(POOLS[key])) if key in ONE_LINERS
                            else w.paragraph(POOLS[key]))
                    body += [f"{number}.{para} {text}", ""]
                    budget -= len(text) // 90 + 2
            body.append(f"Dossier page {p}")
            out.append("\n".join(body))
    sections = [(title, first, last) for _, title, first, last in plan]
    return Dossier(pages=out, sections=sections, anchors=anchors)


def _index_page(w: _Writer, plan) -> str:
    who = w.who
    lines = ["PAROLE DOSSIER", "INDEX OF DOCUMENTS", "",
             f"Prisoner: {who.name}   Prison number: {who.prison_number}   Establishment: {who.prison}",
             f"Served by the Public Protection Casework Section on {format_date(w.served)}.", "",
             "Document                                                                 Pages"]
    for n, (_, title, first, last) in enumerate(plan, start=1):
        pages = f"{first}" if first == last else f"{first} \u2013 {last}"
        lines.append(f"{n}. {title} {'.' * max(4, 70 - len(title))} {pages}")
    lines += ["", "Pages marked as scanned copies could not be converted to text by PPCS."]
    return "\n".join(lines)


def _sentence_lines(w: _Writer) -> list[str]:
    who = w.who
    # No line ends in a number (this page follows the index, and must not read as more of it).
    return [
        f"Name: {who.name}.", f"Prison number: {who.prison_number}.", f"Establishment: {who.prison}.",
        f"Index offence: {who.offence}.", f"Sentence: {who.sentence}", "",
        f"Date of sentence: {w.day(4000)} (Crown Court).",
        f"Days of remand in custody credited: {w.rng.randint(30, 400)} days.",
        f"Tariff or custodial term expiry: {w.day(900)} (as calculated).",
        f"Parole eligibility date: {w.day(600)} (review referred by PPCS).",
        f"Calculated by {w.staff()}, Offender Management Unit; checked by {w.staff()}.", "",
        "This calculation is based on the warrant and the orders of the court held on file. A signed copy "
        "of the calculation sheet follows.",
    ]


# ---------------------------------------------------------------------------- the demo's documents
#: How many parole clients of the demo get a dossier (the first with risk work, in client order).
DEMO_DOSSIERS = 3


def add_demo_documents(svc, ids: list[int], seed, today: _dt.date,
                       cancelled: Callable[[], bool] | None = None) -> None:
    """A dossier for the first :data:`DEMO_DOSSIERS` parole clients with risk work, imported through the
    document service, and citations of its pages from the client's own records."""
    done = 0
    for i, client_id in enumerate(ids):
        if done >= DEMO_DOSSIERS:
            return
        if cancelled is not None and cancelled():
            from casebook.errors import Cancelled

            raise Cancelled()
        if not svc.assessments.for_client(client_id):
            continue
        _demo_dossier(svc, random.Random(f"{seed}-dossier-{i}"), client_id, today, cancelled)
        done += 1


def _demo_dossier(svc, rng: random.Random, client_id: int, today: _dt.date, cancelled) -> None:
    from casebook.documents import make_pdf

    client = svc.clients.get(client_id)
    sentence = svc.clients.sentences(client_id)[0]
    matters = [m for m in svc.matters.for_client(client_id) if m.type in ("parole-review", "recall-review")]
    matter = matters[0]
    challenges = svc.challenges.for_matter(matter.id)
    allegations = svc.allegations.for_client(client_id)
    evidence = svc.evidence.for_client(client_id)
    assessments = svc.assessments.for_client(client_id)
    events = svc.chronology.for_matter(matter.id)
    served = next((e.date for e in events if e.type == "dossier-served"), today - _dt.timedelta(days=60))

    facts: dict[str, list[tuple[str, str]]] = {}
    for c in challenges:
        facts.setdefault("oasys", []).append((f"challenge:{c.id}", f"{c.assertion} (as recorded by the "
                                              "assessor in this OASys)."))
    for a in allegations:
        key = "adjudications" if "adjudication" in (a.source or "").lower() else "security"
        facts.setdefault(key, []).append((f"allegation:{a.id}", a.text))
    for e in evidence[:4]:
        key = {"accredited-programme": "programmes", "one-to-one-work": "programmes", "release-plan": "com",
               "behaviour": "pom", "education-work": "programmes", "drug-tests": "pom"}.get(e.kind, "pom")
        facts.setdefault(key, []).append((f"evidence:{e.id}", f"{e.title} ({e.source}, "
                                          f"{format_date(e.date)})."))
    psych = [a for a in assessments if a.tool != "oasys"]
    for a in psych[:1]:
        facts.setdefault("psychology", []).append(
            (f"assessment:{a.id}", f"Conclusions: {a.conclusions} Recommendation: {a.recommendation}"))
    oasys = [a for a in assessments if a.tool == "oasys"]
    if oasys:
        newest = max(oasys, key=lambda a: a.date)
        facts.setdefault("oasys", []).append(
            (f"assessment:{newest.id}", f"RoSH summary, completed on {format_date(newest.date)}: "
                                        f"{newest.conclusions}"))
    for e in [e for e in events if e.type == "report-received"][:1]:  # the OASys's RoSH and OGRS3
        facts.setdefault("oasys", []).append((f"event:{e.id}", f"Summary of this assessment: {e.text}"))

    who = Subject(client.name, client.prison_number or "", client.prison or "HMP Wakefield",
                  sentence.offence or "the index offence", _SENTENCES.get(sentence.sentence_type, ""),
                  female=client.name.split()[0] in _FEMALE)
    book = dossier(rng, who, pages=rng.randint(40, 50), served=served, lines=24,
                   scanned=rng.randint(1, 2), facts=facts)
    data = make_pdf(book.pages, title=f"Parole dossier: {client.name}", author="PPCS")
    prepared = svc.documents.prepare(data, filename=f"dossier-{who.prison_number or client_id}.pdf",
                                     cancelled=cancelled)
    result = svc.documents.commit(prepared, client_id=client_id, kind="dossier", matter_id=matter.id,
                                  date=served, author="Public Protection Casework Section")
    doc_id = result.document.id
    for key, (page, para) in sorted(book.anchors.items(), key=lambda kv: kv[1]):
        target, target_id = key.split(":")
        svc.citations.add(target, int(target_id), doc_id, page, paragraph=para)
    served_event = next((e for e in events if e.type == "dossier-served"), None)
    if served_event is not None:
        svc.citations.add("event", served_event.id, doc_id, 1, note="The dossier's index")
    sentenced = next((e for e in events if e.type == "sentence"), None)
    if sentenced is not None:
        svc.citations.add("event", sentenced.id, doc_id, book.section("sentence")[0],
                          note="Sentence calculation")


_SENTENCES = {"IPP": "Imprisonment for public protection, with a minimum term.",
              "LIFE": "Life imprisonment, with a minimum term set under Schedule 21.",
              "EDS": "Extended determinate sentence.", "SDS": "Standard determinate sentence; recalled."}
_FEMALE = {"Amy", "Chloe", "Danielle", "Gemma", "Jade", "Kelly", "Leanne", "Sophie"}
