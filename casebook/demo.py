"""A deterministic demo casebook of realistic English & Welsh prison-law casework.

Everyone in it is invented: names are random pairings from lists of common forenames and surnames,
identifiers are generated (with valid check letters), and the narrative text is stock phrasing.
Prisons are real public establishments. Given the same ``seed`` and ``as_of`` date the output is
identical; dates are placed around ``as_of`` (default today) so the demo always has deadlines due
this week, some overdue, and hearings ahead.

The parole clients (indeterminate and recalled) also get risk work, from a generator of its own and
after the casework, so the casework is the same with or without it: OASys assessments of both predictor
generations (a few with a band as issued that the published thresholds do not give), psychological
assessments, risk factors, evidence of risk reduction with gaps in the matrix, programme referrals,
allegations, and challenges at different steps of escalation (whose steps are chronology events).

Last, a few of them get a parole dossier (:mod:`casebook.demo_documents`): an invented PDF with an index
page, an OASys, a psychology report, security information and the rest, imported into the casebook as a
user's import is, whose pages their challenges, allegations, evidence, assessments and chronology events
cite.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from casebook.domain.dates import add_years
from casebook.domain.validate import check_letter

FORENAMES = [
    "Aaron", "Adeel", "Alan", "Andrew", "Anthony", "Barry", "Ben", "Bradley", "Callum", "Carl", "Christopher",
    "Connor", "Craig", "Daniel", "Darren", "David", "Dean", "Declan", "Dylan", "Ellis", "Emre", "Gareth",
    "Gavin", "Glyn", "Graham", "Harvey", "Ian", "Imran", "Jack", "Jamal", "James", "Jason", "Jordan",
    "Joseph", "Kai", "Karl", "Keith", "Kieran", "Kofi", "Lee", "Leon", "Lewis", "Liam", "Luke", "Marcus",
    "Mark", "Martin", "Mohammed", "Nathan", "Neil", "Owain", "Paul", "Peter", "Rhys", "Richard", "Robert",
    "Ryan", "Sam", "Scott", "Sean", "Shane", "Simon", "Stephen", "Stuart", "Terry", "Thomas", "Tyler",
    "Wayne", "Yusuf", "Zak", "Amy", "Chloe", "Danielle", "Gemma", "Jade", "Kelly", "Leanne", "Sophie",
]
SURNAMES = [
    "Abbott", "Ahmed", "Akhtar", "Appleby", "Bailey", "Barker", "Bevan", "Boateng", "Bowen", "Briggs",
    "Carter", "Clarke", "Coleman", "Cooper", "Davies", "Dawson", "Doyle", "Edwards", "Ellis", "Evans",
    "Fletcher", "Foster", "Gill", "Griffiths", "Hall", "Harper", "Hughes", "Hussain", "Jenkins", "Jones",
    "Kaur", "Kelly", "Khan", "Lawson", "Lewis", "Lloyd", "Mason", "Mensah", "Morgan", "Morris", "Murphy",
    "Nolan", "Owen", "Parry", "Patel", "Pearce", "Powell", "Price", "Pritchard", "Quinn", "Reilly",
    "Roberts", "Rowlands", "Shaw", "Singh", "Stevens", "Thomas", "Turner", "Vaughan", "Walsh", "Watkins",
    "Webb", "Wilkinson", "Williams", "Wright", "Yates",
]
PRISONS = [
    "HMP Wakefield", "HMP Frankland", "HMP Full Sutton", "HMP Whatton", "HMP Isle of Wight",
    "HMP Swaleside", "HMP Gartree", "HMP Grendon", "HMP Warren Hill", "HMP Parc", "HMP Cardiff",
    "HMP Berwyn", "HMP Birmingham", "HMP Leyhill", "HMP Ford", "HMP Erlestoke", "HMP Stafford",
    "HMP Lowdham Grange", "HMP Fosse Way", "HMP Low Newton", "HMP Bronzefield", "HMP Humber",
]
INDEX_OFFENCES = {
    "IPP": ["Robbery", "Wounding with intent (s.18 OAPA 1861)",
            "Arson being reckless as to whether life endangered", "Attempted robbery", "Sexual assault"],
    "LIFE": ["Murder", "Murder (joint enterprise)", "Manslaughter (discretionary life)"],
    "EDS": ["Rape", "Wounding with intent (s.18 OAPA 1861)", "Robbery with a firearm",
            "Sexual assault of a child under 13"],
    "SOPC": ["Sexual activity with a child", "Preparation of terrorist acts"],
    "SDS": ["Burglary (dwelling)", "Possession with intent to supply class A", "Assault occasioning ABH",
            "Affray", "Theft", "Possession of an offensive weapon"],
}
#: The offence catalogue's id for each index offence above (resources/offences): the release fraction
#: follows from it.
OFFENCE_IDS = {
    "Robbery": "ta1968-s8", "Attempted robbery": "caa1981-s1-robbery",
    "Wounding with intent (s.18 OAPA 1861)": "oapa1861-s18",
    "Arson being reckless as to whether life endangered": "cda1971-s1-2", "Sexual assault": "soa2003-s3",
    "Murder": "cl-murder", "Murder (joint enterprise)": "cl-murder",
    "Manslaughter (discretionary life)": "cl-manslaughter", "Rape": "soa2003-s1",
    "Robbery with a firearm": "ta1968-s8", "Sexual assault of a child under 13": "soa2003-s7",
    "Sexual activity with a child": "soa2003-s9", "Preparation of terrorist acts": "ta2006-s5",
    "Burglary (dwelling)": "ta1968-s9-dwelling", "Possession with intent to supply class A": "mda1971-s5-3-a",
    "Assault occasioning ABH": "oapa1861-s47", "Affray": "poa1986-s3", "Theft": "ta1968-s1",
    "Possession of an offensive weapon": "pca1953-s1",
}
PROGRAMMES = ["Kaizen", "Horizon", "Thinking Skills Programme", "Building Better Relationships",
              "Becoming New Me+", "New Me Strengths", "Resolve", "Identity Matters", "Healthy Sex Programme"]
SENTENCE_TEXT = {
    "IPP": "Sentenced to imprisonment for public protection; minimum term set by the judge.",
    "LIFE": "Sentenced to life imprisonment; minimum term set under Schedule 21.",
    "EDS": "Extended determinate sentence: custodial term plus extension period on licence.",
    "SOPC": "Sentence for an offender of particular concern: custodial term plus one year on licence.",
    "RECALL": "Standard determinate sentence.",
    "SDS": "Standard determinate sentence.",
}
REPORT_AUTHORS = ["POM", "COM", "prison psychologist", "independent psychologist", "OMU", "PPCS"]


def _prison_number(rng: random.Random, used: set[str]) -> str:
    while True:
        v = (rng.choice("ABG") + f"{rng.randint(0, 9999):04d}"
             + rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ"))
        if v not in used:
            used.add(v)
            return v


def _pnc(rng: random.Random, year: int) -> str:
    serial = f"{rng.randint(1, 999999):07d}"
    return f"{year}/{serial}{check_letter(f'{year % 100:02d}{serial}')}"


def _cro(rng: random.Random, year: int) -> str:
    serial = rng.randint(1, 999999)
    yy = f"{year % 100:02d}"
    return f"{serial}/{yy}{check_letter(yy + f'{serial:06d}')}"


def generate(services, clients: int = 25, seed: int = 1, as_of: _dt.date | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> list[int]:
    """Populate an empty casebook through the services (so the audit log is real). All or nothing."""
    if clients < 1 or clients > 20000:
        from casebook.errors import BadInput

        raise BadInput("--clients must be from 1 to 20000")
    rng = random.Random(seed)
    today = as_of or services.clock.today()
    used: set[str] = set()
    names: set[str] = set()
    ids: list[int] = []
    with services.cb.transaction():
        for i in range(clients):
            if cancelled is not None and cancelled():
                from casebook.store.backup import Cancelled

                raise Cancelled()
            ids.append(_client(services, rng, today, used, names, i))
            if progress is not None:
                progress(i + 1, clients)
        # A practitioner has dealt with the older milestones: mark those more than a few days
        # overdue as done, so the demo shows a realistic handful overdue rather than a backlog.
        for dl in services.deadlines.list(today=today):
            if dl.status == "overdue" and (today - dl.due).days > 4 and rng.random() < 0.9:
                services.deadlines.mark_done(dl.id)
        # Risk work comes last, from its own generator, so the casework above is the same with or
        # without it.
        _risk_work(services, ids, seed, today, cancelled)
        # Then a parole dossier for a few of them, whose pages their records cite.
        _documents(services, ids, seed, today, cancelled)
        # The people on each parole case (invented), from a generator of their own.
        _contacts(services, ids, seed)
        # A listed oral hearing with witnesses and the Board's directions for two parole matters.
        _hearings(services, ids, seed, today)
        # Legal aid on some parole matters (UFN, class, recorded time), from a generator of its own.
        from casebook import demo_legal_aid

        parole = [m.id for cid in ids for m in services.matters.for_client(cid) if m.type == "parole-review"]
        demo_legal_aid.generate(services, parole, seed, today)
        # An invented firm, so the demo's letters have a letterhead (the user's own replaces it).
        services.letters.set_firm(**DEMO_FIRM)
    return ids


#: The demo's letterhead: an invented firm at an invented address (no such SRA number is issued).
DEMO_FIRM = {
    "name": "Hartwell & Pryce Solicitors (demo)",
    "address_lines": ["Unit 4, Canal Wharf", "Exampleton", "EX1 2PL"],
    "phone": "01632 960 000",  # a number Ofcom keeps for drama and examples
    "email": "prisonlaw@hartwell-pryce.example",
    "solicitor": "Alex Hartwell",
    "sra_number": "000000",
    "reference": "AH/PAR",
}


#: How many parole clients get contacts (the first ones): enough to show, few enough to stay fast.
CONTACT_CLIENTS = 30


def _contacts(svc, ids: list[int], seed) -> None:
    """A POM and a COM for each of the first parole clients (the client's general contacts) and, on
    their parole matter, the PPCS caseworker and sometimes an independent psychologist, counsel or a
    family member. Every name, address, email and number is invented: the domains end in
    ``.example`` and the numbers are Ofcom's drama numbers."""
    for i, client_id in enumerate(ids[:CONTACT_CLIENTS]):
        rng = random.Random(f"{seed}-contacts-{i}")
        client = svc.clients.get(client_id)
        parole = [m for m in svc.matters.for_client(client_id)
                  if m.type in ("parole-review", "recall-review", "ipp-licence-termination")]
        if not parole:
            continue
        matter = parole[-1].id  # the first opened
        prison = client.prison or "HMP Example"
        estab = prison.removeprefix("HMP ").lower().replace(" ", "")

        name, handle = _contact_person(rng)
        svc.contacts.add(client_id, name=name, role="pom", organisation=f"{prison}, OMU",
                         email=f"{handle}@{estab}.hmpps.example", phone=_drama_phone(rng))
        name, handle = _contact_person(rng)
        office = rng.choice(["Exampleton", "Northfield", "Westbridge", "Kingsmoor"])
        svc.contacts.add(client_id, name=name, role="com", organisation=f"{office} Probation Delivery Unit",
                         email=f"{handle}@probation.example", phone=_drama_phone(rng),
                         address=f"{rng.randint(2, 90)} Station Road\n{office}\nEX{i % 9 + 1} 4PD")
        name, handle = _contact_person(rng)
        svc.contacts.add(client_id, matter_id=matter, name=name, role="ppcs",
                         organisation="Public Protection Casework Section (demo)",
                         email=f"{handle}@ppcs.example")
        if rng.random() < 0.5:
            name, handle = _contact_person(rng, "Dr ")
            svc.contacts.add(client_id, matter_id=matter, name=name, role="independent-psychologist",
                             organisation="Exampleton Forensic Psychology (demo)",
                             email=f"{handle}@forensicpsych.example", phone=_drama_phone(rng),
                             address="2 Example Road\nExampleton\nEX1 3PS",
                             notes="Prior authority (CRM4) granted; report due before the dossier deadline.")
        if rng.random() < 0.4:
            name, _ = _contact_person(rng)
            svc.contacts.add(client_id, matter_id=matter, name=name, role="counsel",
                             organisation="Example Chambers (demo)", email="clerks@examplechambers.example",
                             phone=_drama_phone(rng))
        if rng.random() < 0.4:
            surname = client.name.split()[-1]
            first = rng.choice(FORENAMES[-8:])
            svc.contacts.add(client_id, name=f"{first} {surname}", role=rng.choice(["family", "supporter"]),
                             phone=f"07700 900{rng.randint(0, 999):03d}",
                             notes="Offers accommodation on release; willing to give evidence.")


def _contact_person(rng: random.Random, title: str = "") -> tuple[str, str]:
    """An invented name and the handle of its email address."""
    first, last = rng.choice(FORENAMES), rng.choice(SURNAMES)
    return f"{title}{first} {last}", f"{first}.{last}".lower()


def _drama_phone(rng: random.Random) -> str:
    """A number from the ranges Ofcom keeps for drama and examples."""
    return rng.choice(["01632 960", "020 7946 0", "0113 496 0"]) + f"{rng.randint(0, 999):03d}"


def _hearings(svc, ids: list[int], seed, today: _dt.date) -> None:
    from casebook.demo_parole import add_demo_hearings

    add_demo_hearings(svc, ids, seed, today)


def _documents(svc, ids: list[int], seed, today: _dt.date, cancelled: Callable[[], bool] | None) -> None:
    from casebook.demo_documents import add_demo_documents

    add_demo_documents(svc, ids, seed, today, cancelled)


def _client(svc, rng: random.Random, today: _dt.date, used: set[str], names: set[str], i: int) -> int:
    profile = rng.choices(["IPP", "LIFE", "EDS", "RECALL", "SOPC", "SDS"], weights=[25, 15, 25, 20, 5, 10])[0]
    female = rng.random() < 0.06
    while True:
        first = rng.choice(FORENAMES[-8:] if female else FORENAMES[:-8])
        name = f"{first} {rng.choice(SURNAMES)}"
        if name not in names or len(names) > 4000:
            names.add(name)
            break
    age = rng.randint(19, 68) if profile != "IPP" else rng.randint(32, 66)
    dob = today - _dt.timedelta(days=age * 365 + rng.randint(0, 364))
    first_conviction = max(dob.year + 15, 1980) + rng.randint(0, 6)
    aliases = [f"{name.split()[0][0]}. {name.split()[1]}"] if rng.random() < 0.2 else []
    client_id = svc.clients.add(
        name=name,
        aliases=aliases,
        prison_number=_prison_number(rng, used),
        pnc=_pnc(rng, min(first_conviction, today.year)),
        cro=_cro(rng, min(first_conviction, today.year)) if rng.random() < 0.6 else None,
        dob=dob,
        prison=rng.choice(PRISONS[-3:] if female else PRISONS[:-3]),
        category=rng.choice(["B", "C", "C", "D"]) if not female else rng.choice(["Closed", "Open"]),
        mappa_category=rng.choice([1, 2, 2, 3]) if profile != "SDS" else None,
        mappa_level=rng.choice([1, 1, 2, 2, 3]) if profile != "SDS" else None,
        interpreter=rng.choice(["Urdu", "Polish", "Romanian", "Welsh"]) if rng.random() < 0.08 else None,
        vulnerability=rng.choice([
            "Learning disability: needs documents read aloud and explained in plain English.",
            "ADHD diagnosis; short legal visits with breaks work best.",
            "History of self-harm; ACCT closed last year.",
            "Hearing impairment: needs a loop system at hearings.",
        ]) if rng.random() < 0.2 else None,
    )
    offence = rng.choice(INDEX_OFFENCES["SDS" if profile == "RECALL" else profile])
    prison_dates: dict[str, _dt.date] = {}
    if profile in ("IPP", "LIFE"):
        sent_date = _dt.date(rng.randint(2006, 2012), rng.randint(1, 12), rng.randint(1, 28))
        if profile == "LIFE":
            sent_date = _dt.date(rng.randint(2003, 2016), rng.randint(1, 12), rng.randint(1, 28))
        tariff_years = rng.randint(2, 5) if profile == "IPP" else rng.randint(12, 22)
        tariff_days = rng.randint(0, 300)
        ted = add_years(sent_date, tariff_years) + _dt.timedelta(days=tariff_days - 1)
        svc.clients.add_sentence(
            client_id, sentence_type=profile, sentence_date=sent_date, offence=offence,
            offence_id=OFFENCE_IDS.get(offence),
            offence_date=sent_date - _dt.timedelta(days=rng.randint(120, 400)),
            minimum_term=f"P{tariff_years}Y{tariff_days}D" if tariff_days else f"P{tariff_years}Y")
        prison_dates["TED"] = ted
        matter_type = "parole-review"
    else:
        years = {"EDS": rng.randint(6, 12), "SOPC": rng.randint(4, 8), "RECALL": rng.randint(2, 5),
                 "SDS": rng.randint(2, 6)}[profile]
        sent_date = today - _dt.timedelta(days=rng.randint(int(years * 365 * 0.45), int(years * 365 * 0.8)))
        stype = {"EDS": "EDS", "SOPC": "SOPC", "RECALL": "SDS", "SDS": "SDS"}[profile]
        ext = f"P{rng.randint(2, 5)}Y" if profile == "EDS" else ("P1Y" if profile == "SOPC" else None)
        remand = rng.randint(30, 300)
        svc.clients.add_sentence(
            client_id, sentence_type=stype, sentence_date=sent_date, offence=offence,
            offence_id=OFFENCE_IDS.get(offence),
            offence_date=sent_date - _dt.timedelta(days=remand + rng.randint(10, 90)),
            custodial_term=f"P{years}Y", extension_term=ext,
            recall_type="STANDARD" if profile == "RECALL" else None,
            recall_date=today - _dt.timedelta(days=rng.randint(40, 200)) if profile == "RECALL" else None,
        )
        svc.clients.add_adjustment(client_id, "REMAND", remand)
        prison_dates.update(_sheet_dates(svc, client_id, today)
                            or {"SLED": add_years(sent_date, years) - _dt.timedelta(days=1 + remand)})
        # About one sheet in eight is wrong by a few days, as real calculation sheets sometimes are.
        if prison_dates and rng.random() < 0.125:
            code = "CRD" if "CRD" in prison_dates else sorted(prison_dates)[0]
            prison_dates[code] = prison_dates[code] + _dt.timedelta(days=rng.choice([-14, -3, 2, 7, 30]))
        matter_type = "recall-review" if profile == "RECALL" else "parole-review"
    svc.clients.update(client_id, prison_dates=prison_dates)

    matter_id = svc.matters.add(
        client_id, matter_type,
        status=rng.choice(["open", "awaiting-dossier", "representations", "hearing-listed"]),
        reference=f"CB/{today.year % 100:02d}/{1000 + i}",
        parole_board_ref=f"PB{rng.randint(100000, 999999)}",
        legal_aid_class="advocacy-assistance-parole",
        opened_on=today - _dt.timedelta(days=rng.randint(60, 200)),
    )
    _chronology(svc, rng, today, matter_id, sent_date, profile)
    # A second, smaller matter for some clients.
    if rng.random() < 0.35:
        mtype = rng.choice(["complaint", "categorisation", "adjudication"])
        m2 = svc.matters.add(client_id, mtype, legal_aid_class="advice-assistance",
                             opened_on=today - _dt.timedelta(days=rng.randint(10, 60)))
        if mtype == "complaint":
            svc.chronology.add(m2, today - _dt.timedelta(days=rng.randint(20, 40)), "comp1-submitted",
                               "COMP1 about lost property on transfer and delayed access to the gym.")
            svc.chronology.add(m2, today - _dt.timedelta(days=rng.randint(1, 6)), "comp1-reply",
                               "COMP1 answered: complaint not upheld.", source="COMP1 response", page="1")
        elif mtype == "adjudication":
            svc.chronology.add(m2, today - _dt.timedelta(days=rng.randint(3, 20)), "adjudication",
                               "Charged under r.51(22) Prison Rules (disobeys a lawful order); "
                               "referred to the IA.")
        else:
            svc.chronology.add(m2, today - _dt.timedelta(days=rng.randint(3, 30)), "other",
                               "Re-categorisation review: Category C maintained; D refused on abscond risk.")
    if profile == "IPP" and rng.random() < 0.25:
        m3 = svc.matters.add(client_id, "ipp-licence-termination",
                             legal_aid_class="advocacy-assistance-parole",
                             opened_on=today - _dt.timedelta(days=30))
        released = today - _dt.timedelta(days=rng.randint(400, 1000))
        svc.chronology.add(m3, released, "ipp-licence-start",
                           "First released on IPP licence (the release before the current recall).")
        recalled = released + (today - released) // 2
        svc.chronology.add(m3, recalled, "recall",
                           "IPP licence revoked; returned to custody.", source="Revocation notice", page="1")
        if client_id % 2 == 0 and recalled + _dt.timedelta(days=120) < today:
            # Re-released after the recall: the licence's two continuous years start again (no random
            # draw here, so the rest of the demo stays as it was).
            svc.chronology.add(m3, recalled + _dt.timedelta(days=120), "re-release",
                               "Re-released on licence after the recall (Parole Board direction).",
                               source="Release licence", page="1")
    for _ in range(rng.randint(1, 3)):
        prog = rng.choice(PROGRAMMES)
        kind, text = rng.choice([
            ("legal-visit",
             f"Legal visit. Client has completed {prog} and has a post-programme review booked. "
             "Wants an oral hearing; discussed the Osborn factors. Will ask the POM for an updated OASys."),
            ("legal-visit",
             f"Legal visit. Client on the waiting list for {prog}; no start date given. Enhanced "
             "IEP, working in the kitchens, negative MDTs for 18 months. "
             "Ask OMU about the delay in writing."),
            ("call",
             "Telephone call with the COM: release plan depends on an Approved Premises bed; will confirm "
             "within 14 days."),
            ("legal-visit",
             f"Legal visit. Disputes the psychologist's formulation; says the {prog} facilitator's "
             "report is positive. Instructed to obtain an independent psychological report (CRM4)."),
            ("note",
             "Dossier read in full. Sentence planning targets met except for the outstanding programme; "
             "no adjudications in the last two years."),
        ])
        svc.notes.add(client_id, text, date=today - _dt.timedelta(days=rng.randint(1, 90)), kind=kind)
    return client_id


def _sheet_dates(svc, client_id: int, today: _dt.date) -> dict[str, _dt.date]:
    """The dates a prison calculation sheet would give: HMPPS's own service computes them, so the demo
    takes them from our engine (which agrees with it) for the release-date codes a sheet shows."""
    from casebook.sentencing.casebook_adapter import calculate_for_client

    calc = calculate_for_client(svc.clients.sentences(client_id), svc.clients.adjustments(client_id),
                                today=today, date_of_birth=svc.clients.get(client_id).dob)
    if calc.result is None:
        return {}
    wanted = ("PED", "HDCED", "CRD", "ARD", "PRRD", "SLED", "SED", "LED", "TUSED")
    return {code: r.date for code, r in calc.result.dates.items() if code in wanted}


def _chronology(svc, rng: random.Random, today: _dt.date, matter_id: int, sent_date: _dt.date,
                profile: str) -> None:
    batch: list = []  # one batch write for the matter's chronology (issue 15: create_many)

    def add(mid: int, day: _dt.date, etype: str, text: str = "", **fields) -> None:
        batch.append((mid, {"date": day, "type": etype, "text": text, **fields}))

    add(matter_id, sent_date, "sentence", SENTENCE_TEXT[profile],
        source="Sentencing remarks", page=str(rng.randint(1, 6)), material=True)
    if profile == "RECALL":
        add(matter_id, today - _dt.timedelta(days=rng.randint(60, 150)), "recall",
            "Licence revoked; returned to custody. Recall dossier alleges missed appointments.",
            source="Part A recall dossier", page=str(rng.randint(2, 12)), material=True,
            disputed="disputed-by-us")
    referral = today - _dt.timedelta(days=rng.randint(30, 120))
    add(matter_id, referral, "referral", "Referral to the Parole Board by PPCS.",
        source="PPCS referral letter", page="1")
    add(matter_id, referral + _dt.timedelta(days=rng.randint(1, 10)), "dossier-served",
        f"Dossier served ({rng.randint(180, 720)} pages).", source="Dossier", page="1")
    add(matter_id, referral + _dt.timedelta(days=rng.randint(10, 25)), "report-received",
        f"OASys: RoSH {rng.choice(['medium', 'high', 'high'])} to the public; OGRS3 "
        f"{rng.randint(20, 70)}% over 2 years.", source="Dossier", page=str(rng.randint(30, 200)),
        material=True, disputed=rng.choice(["undisputed", "disputed-by-us"]))
    stage = rng.choice(["paper-negative", "oral-directed", "listed", "held", "provisional"])
    if stage == "paper-negative":
        add(matter_id, today - _dt.timedelta(days=rng.randint(2, 26)), "paper-decision-negative",
            "MCA panel: no release, no open conditions recommendation, on the papers (r.19(1)(b)).",
            source="MCA decision", page="1", material=True)
    elif stage == "oral-directed":
        add(matter_id, today - _dt.timedelta(days=rng.randint(5, 40)), "oral-hearing-directed",
            "MCA panel directs an oral hearing; directions for an updated psychological risk assessment.",
            source="MCA directions", page="2")
    elif stage in ("listed", "held", "provisional"):
        add(matter_id, today - _dt.timedelta(days=rng.randint(30, 60)), "oral-hearing-directed",
            "Oral hearing directed.", source="MCA directions", page="1")
        if stage == "listed":
            add(matter_id, today + _dt.timedelta(days=rng.randint(50, 90)), "hearing-listed",
                "Oral hearing listed (video link).", source="Listing notice", page="1")
        elif stage == "held":
            add(matter_id, today - _dt.timedelta(days=rng.randint(1, 12)), "oral-hearing-held",
                "Oral hearing held; panel reserved its decision.", source="Attendance note", page="")
        else:
            add(matter_id, today - _dt.timedelta(days=rng.randint(3, 18)), "decision-provisional",
                "Panel refused release; considering a r.28 reconsideration application.",
                source="Oral hearing decision", page="1", material=True)
    svc.chronology.create_many(batch)


# ---------------------------------------------------------------------------- risk work
# Assessments, risk factors, evidence of risk reduction, programme referrals, allegations and challenges
# for the parole clients (indeterminate and recalled). All of it comes from a generator of its own, after
# the casework above, so adding or changing it never moves a name or date of the casework (challenge
# steps add chronology events, and so deadlines, of their own).

#: The demo's assumption for when OASys reports began to carry the new-generation predictors (HMPPS
#: released them in December 2025; the real go-live date is unconfirmed).
NEW_PREDICTORS_FROM = _dt.date(2025, 12, 1)
LEVELS = ("low", "medium", "high", "very high")
ROSH_SLOTS = (("children", "community"), ("children", "custody"), ("public", "community"),
              ("public", "custody"), ("known-adult", "community"), ("known-adult", "custody"),
              ("staff", "community"), ("staff", "custody"), ("prisoners", "custody"))
OASYS_SECTIONS = {2: "Analysis of offences", 3: "Accommodation", 4: "Education, training and employability",
                  5: "Financial management and income", 6: "Relationships", 7: "Lifestyle and associates",
                  8: "Drug misuse", 9: "Alcohol misuse", 10: "Emotional well-being",
                  11: "Thinking and behaviour", 12: "Attitudes"}
FLAGGED_SECTIONS = (3, 4, 6, 7, 8, 9, 11, 12)  # the sections with "linked to harm / offending" flags
#: Risk work is given to the first this many parole clients: every one in the usual demo; a demo of
#: hundreds of clients is for volume, and keeps being quick to build.
RISK_CLIENTS = 30

#: Risk factors by the kind of index offence: (name, OASys section, HCR-20 v3 item, topics). A topic is
#: what evidence must address to count against the factor.
RISK_FACTORS: dict[str, list[tuple[str, int, str, frozenset[str]]]] = {
    "violence": [
        ("Use of violence to resolve conflict", 11, "H1 Violence", frozenset({"violence", "emotion"})),
        ("Emotional management (anger and hostility)", 10, "C4 Instability", frozenset({"emotion"})),
        ("Alcohol misuse", 9, "H5 Substance use", frozenset({"alcohol"})),
        ("Drug misuse", 8, "H5 Substance use", frozenset({"drugs"})),
        ("Pro-criminal associates", 7, "H2 Other antisocial behaviour", frozenset({"associates"})),
        ("Impulsivity and poor problem solving", 11, "C1 Insight", frozenset({"thinking"})),
        ("Intimate relationships", 6, "H3 Relationships", frozenset({"relationships"})),
        ("Pro-violent attitudes", 12, "H9 Violent attitudes", frozenset({"attitudes", "violence"})),
    ],
    "sexual": [
        ("Sexual preoccupation", 2, "", frozenset({"sexual"})),
        ("Intimate relationships (emotional loneliness)", 6, "", frozenset({"relationships"})),
        ("Emotional management under stress", 10, "", frozenset({"emotion"})),
        ("Hostile attitudes towards women", 12, "", frozenset({"attitudes", "sexual"})),
        ("Use of sex to cope with difficult feelings", 2, "", frozenset({"sexual", "emotion"})),
        ("Alcohol misuse", 9, "", frozenset({"alcohol"})),
        ("Poor problem solving", 11, "", frozenset({"thinking"})),
    ],
    "acquisitive": [
        ("Drug misuse (crack cocaine and heroin)", 8, "H5 Substance use", frozenset({"drugs"})),
        ("Financial management and debt", 5, "R2 Living situation", frozenset({"money"})),
        ("Pro-criminal associates", 7, "H2 Other antisocial behaviour", frozenset({"associates"})),
        ("Impulsivity and poor consequential thinking", 11, "C4 Instability", frozenset({"thinking"})),
        ("Unstable accommodation", 3, "R2 Living situation", frozenset({"housing"})),
        ("Lack of employment", 4, "H4 Employment", frozenset({"work", "money"})),
        ("Use of weapons and intimidation", 12, "H9 Violent attitudes", frozenset({"violence", "attitudes"})),
    ],
    "arson": [
        ("Fire-setting when distressed", 11, "C2 Violent ideation or intent", frozenset({"emotion"})),
        ("Alcohol misuse", 9, "H5 Substance use", frozenset({"alcohol"})),
        ("Emotional management and self-harm", 10, "R5 Stress or coping", frozenset({"emotion"})),
        ("Isolation and lack of support", 6, "R3 Personal support", frozenset({"relationships"})),
        ("Poor problem solving", 11, "C1 Insight", frozenset({"thinking"})),
        ("Unstable accommodation", 3, "R2 Living situation", frozenset({"housing"})),
    ],
}


class _Ev:
    """An item of evidence the demo may give a client, and when it can plausibly be dated."""

    def __init__(self, kind: str, title: str, source: str, topics: str, *, since: _dt.date | None = None,
                 until: _dt.date | None = None, within: int | None = None, early: bool = False,
                 period: bool = False,
                 categories: str = "BCD", themes: str = "", men: bool = False, recall: bool = True) -> None:
        self.kind, self.title, self.source = kind, title, source
        self.men, self.recall = men, recall  # men only; plausible in a recall's months in custody
        self.topics = frozenset(topics.split())
        self.since, self.until, self.period = since, until, period
        self.within, self.early = within, early  # in the last ``within`` days; in the sentence's first half
        self.categories = categories
        self.themes = frozenset(themes.split())


EVIDENCE_ITEMS = [
    _Ev("accredited-programme", "Completed Kaizen (general violence strand); post-programme review positive",
        "Kaizen post-programme report", "violence emotion attitudes thinking", since=_dt.date(2017, 6, 1),
        themes="violence arson acquisitive", men=True, recall=False),
    _Ev("accredited-programme", "Completed Horizon; open discussion of offence-related sexual thinking",
        "Horizon post-programme report", "sexual relationships attitudes", since=_dt.date(2016, 9, 1),
        themes="sexual", men=True, recall=False),
    _Ev("accredited-programme", "Completed the Healthy Sex Programme (follow-on)", "Facilitator's report",
        "sexual emotion", since=_dt.date(2018, 1, 1), themes="sexual", men=True, recall=False),
    _Ev("accredited-programme", "Completed the Thinking Skills Programme (19 sessions)",
        "Thinking Skills Programme completion report", "thinking associates", since=_dt.date(2010, 6, 1)),
    _Ev("accredited-programme", "Completed Resolve (moderate-intensity violence programme)",
        "Resolve post-programme report", "violence emotion", since=_dt.date(2011, 1, 1),
        until=_dt.date(2019, 3, 31), themes="violence arson acquisitive", recall=False),
    _Ev("accredited-programme", "Completed Building Choices (moderate intensity)", "Facilitator's report",
        "thinking relationships emotion", since=_dt.date(2024, 3, 1)),
    _Ev("accredited-programme", "Completed Building Better Relationships", "Post-programme report",
        "relationships violence", since=_dt.date(2013, 1, 1), themes="violence", men=True),
    _Ev("one-to-one-work", "Twelve one-to-one sessions with a forensic psychologist on emotional regulation",
        "Psychology one-to-one summary", "emotion violence"),
    _Ev("one-to-one-work", "Offender Personality Disorder pathway: formulation-led key work completed",
        "OPD pathway case formulation", "emotion relationships attitudes", since=_dt.date(2015, 1, 1),
        recall=False),
    _Ev("one-to-one-work", "Relapse-prevention plan written with the substance misuse team",
        "Substance misuse service letter", "alcohol drugs"),
    _Ev("one-to-one-work", "Twelve-week substance misuse recovery course completed",
        "Course certificate", "drugs alcohol"),
    _Ev("one-to-one-work", "Key work sessions with the POM on relationships and disclosure",
        "POM report", "relationships sexual", within=270),
    _Ev("behaviour", "Adjudication-free period", "Adjudications history", "violence emotion attitudes",
        period=True),
    _Ev("behaviour", "Enhanced incentives level maintained", "Incentives review", "attitudes thinking",
        period=True),
    _Ev("behaviour", "Positive case notes: calmly de-escalated a dispute on the wing", "Case notes",
        "emotion violence", within=270),
    _Ev("behaviour", "Positive case notes: keeps away from the wing's drug economy", "Case notes",
        "associates drugs", within=270),
    _Ev("education-work", "Level 2 English and maths certificates", "Education department", "work"),
    _Ev("education-work", "Trusted kitchen orderly (enhanced-only post)", "Work supervisor's report",
        "work thinking money"),
    _Ev("education-work", "Peer supporter on the induction wing", "Safer custody report",
        "relationships emotion attitudes"),
    _Ev("education-work", "Budgeting and debt course (Level 1)", "Course certificate", "money"),
    _Ev("drug-tests", "Negative mandatory drug tests, random and on suspicion", "MDT history",
        "drugs alcohol", period=True),
    _Ev("drug-tests", "Voluntary drug-testing compact kept; every test negative", "Incentives review",
        "drugs", within=270),
    _Ev("security-category", "Recategorised to Category C", "Categorisation review", "violence",
        categories="CD", early=True),
    _Ev("security-category", "Transferred to open conditions (Category D)", "Categorisation review",
        "associates", categories="D", within=730),
    _Ev("rotl", "Resettlement day release and town visits completed without incident", "ROTL log",
        "associates housing drugs alcohol", within=270, categories="D"),
    _Ev("release-plan", "Approved premises bed provisionally allocated for release", "COM's release plan",
        "housing associates drugs alcohol", within=270),
    _Ev("release-plan", "Proposed licence conditions: exclusion zone, no contact with the victim's family, "
        "curfew at the approved premises", "Part B report", "violence relationships associates", within=270,
        themes="violence arson acquisitive"),
    _Ev("release-plan", "Proposed licence conditions: polygraph, disclosure of relationships, monitored "
        "internet use", "Part B report", "sexual relationships", within=270, themes="sexual"),
    _Ev("release-plan", "Community alcohol treatment on release: referral accepted", "COM's release plan",
        "alcohol", within=270),
    _Ev("release-plan", "Offer of work with a local employer on release", "COM's release plan",
        "work money", within=270),
]

#: Baseline community RoSH levels by theme (index into LEVELS): children, public, known adult, staff,
#: prisoners (custody only).
ROSH_BASE = {"violence": (1, 2, 2, 1, 1), "sexual": (1, 2, 2, 0, 0), "acquisitive": (0, 2, 1, 1, 0),
             "arson": (1, 2, 1, 1, 1)}
#: Ranges of legacy scores by theme: OGRS3, OGP, OVP, RSR.
SCORE_BASE = {"violence": ((25, 70), (25, 65), (30, 70), (2.5, 8.0)),
              "sexual": ((10, 35), (10, 30), (8, 25), (1.5, 5.5)),
              "acquisitive": ((50, 88), (45, 80), (20, 55), (2.0, 7.5)),
              "arson": ((20, 55), (20, 50), (15, 45), (1.5, 5.0))}


@dataclass(frozen=True)
class _Misband:
    """A score an OASys printed in a band the published thresholds do not give it."""

    assessment_id: int
    date: _dt.date
    name: str
    value: float
    issued: str
    computed: str


class _Case:
    """What the risk work needs to know about a parole client."""

    def __init__(self, client, profile: str, offence: str, sentence_date: _dt.date, matter_id: int) -> None:
        self.client, self.profile, self.offence = client, profile, offence
        self.sentence_date, self.matter_id = sentence_date, matter_id
        low = offence.lower()
        if "sexual" in low or "rape" in low:
            self.theme = "sexual"
        elif "arson" in low:
            self.theme = "arson"
        elif any(w in low for w in ("robbery", "burglary", "theft", "supply")):
            self.theme = "acquisitive"
        else:
            self.theme = "violence"
        self.female = client.name.split()[0] in FORENAMES[-8:]


def _parole_case(svc, client_id: int) -> _Case | None:
    matters = [m for m in svc.matters.for_client(client_id) if m.type in ("parole-review", "recall-review")]
    sentences = svc.clients.sentences(client_id)
    if not matters or not sentences:
        return None
    s = sentences[0]
    profile = s.sentence_type if s.sentence_type in ("IPP", "LIFE") else ("RECALL" if s.recall_type else "")
    if not profile:
        return None
    return _Case(svc.clients.get(client_id), profile, s.offence or "", s.sentence_date, matters[0].id)


def _risk_work(svc, ids: list[int], seed, today: _dt.date, cancelled: Callable[[], bool] | None) -> None:
    limit = min(today, svc.clock.today())  # nothing of this is dated after the services' today
    first = True
    done = 0
    for i, client_id in enumerate(ids):
        if done >= RISK_CLIENTS:
            break
        if cancelled is not None and cancelled():
            from casebook.store.backup import Cancelled

            raise Cancelled()
        case = _parole_case(svc, client_id)
        if case is None:
            continue
        # Each client's risk work from a generator of its own: the same client gets the same work in a
        # demo of 12 clients and one of 200.
        if _client_risk(svc, random.Random(f"{seed}-risk-{i}"), limit, case, showcase=first):
            first = False
            done += 1


def _person(rng: random.Random, title: str = "") -> str:
    return f"{title}{rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(SURNAMES)}"


def _day_between(rng: random.Random, lo: _dt.date, hi: _dt.date) -> _dt.date:
    return lo + _dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _client_risk(svc, rng: random.Random, limit: _dt.date, case: _Case, showcase: bool) -> bool:
    """Give one parole client 1–3 OASys assessments, perhaps a psychological one, 3–5 risk factors
    linked to them and 3–8 items of evidence linked to the factors. ``showcase`` (the first such
    client) is sure to have a band as issued that the thresholds do not give and a factor with no
    evidence. False when the sentence is too recent for any of it."""
    start = case.sentence_date + _dt.timedelta(days=120)
    if (limit - start).days < 240:
        return False
    factors = rng.sample(RISK_FACTORS[case.theme], rng.randint(3, 5))
    oasys, misbanded = _oasys_assessments(svc, rng, limit, start, case, factors, showcase)
    psych = None
    if case.profile in ("IPP", "LIFE") and rng.random() < 0.6:
        psych = _psychology(svc, rng, limit, start, case, factors, oasys[-1][1])
    factor_ids = []
    for name, section, hcr_item, _ in factors:
        links = [(aid, f"Section {section} ({OASYS_SECTIONS[section]})") for aid, d in oasys[:-1]
                 if rng.random() < 0.7]
        links.append((oasys[-1][0], f"Section {section} ({OASYS_SECTIONS[section]})"))
        if psych is not None and rng.random() < 0.8:
            links.append((psych, hcr_item or f"Formulation, para {rng.randint(4, 9)}.{rng.randint(1, 6)}"))
        factor_ids.append(svc.risk_factors.add(case.client.id, name, assessments=links))
    gap = None
    if showcase or rng.random() < 0.4:
        # The gap is a factor nothing else covers (no other factor shares a topic it has).
        unique = [j for j, f in enumerate(factors) if _own_topics(factors, j)]
        gap = rng.choice(unique or list(range(len(factors))))
    evidence = _evidence(svc, rng, limit, start, case, factors, factor_ids, gap)
    _referrals(svc, rng, limit, start, case, showcase)
    _allegations(svc, rng, limit, case)
    if showcase or rng.random() < 0.3:
        _challenges(svc, rng, limit, case, factors, evidence, misbanded, oasys[-1], showcase)
    return True


def _own_topics(factors: list, j: int) -> frozenset[str]:
    """The topics of factor ``j`` that no other factor has."""
    others = set().union(*(f[3] for k, f in enumerate(factors) if k != j))
    return factors[j][3] - others


def _oasys_assessments(svc, rng: random.Random, limit: _dt.date, start: _dt.date, case: _Case,
                       factors: list, showcase: bool) -> tuple[list[tuple[int, _dt.date]], _Misband | None]:
    """1–3 OASys assessments, oldest first: [(id, date)]; and the score issued in the wrong band, if
    one was."""
    # The showcase's report is old enough for a challenge to have climbed the ladder since.
    newest = max(start, limit - _dt.timedelta(days=rng.randint(170 if showcase else 20, 300)))
    dates = [newest]
    for _ in range(rng.randint(1, 3 if case.profile != "RECALL" else 2) - 1):
        d = dates[-1] - _dt.timedelta(days=rng.randint(420, 1100))
        if d < start:
            break
        dates.append(d)
    dates.reverse()
    community = list(ROSH_BASE[case.theme])
    if case.profile == "LIFE" and rng.random() < 0.4:
        community[1] = 3
    community = [min(3, max(0, lvl + rng.choice((-1, 0, 0, 1)))) for lvl in community]
    community[1] = max(community[1], 1)
    ranges = SCORE_BASE[case.theme]
    ogrs3, ogp, ovp = (rng.randint(*r) for r in ranges[:3])
    rsr = rng.uniform(*ranges[3])
    osp_dc = rng.randint(14, 36)
    wrong = rng.randrange(len(dates)) if rng.random() < 0.25 else None
    if showcase:
        wrong = len(dates) - 1
    author = _person(rng)
    out = []
    wrong_score = None
    for k, d in enumerate(dates):
        if k:  # risk reduces a little between reviews, not always in every group
            community = [lvl - 1 if lvl > 0 and rng.random() < 0.3 else lvl for lvl in community]
            community[1] = max(community[1], 1)
            ogp, ovp = max(2, ogp - rng.randint(0, 8)), max(2, ovp - rng.randint(0, 8))
            rsr = max(0.3, rsr * rng.uniform(0.75, 1.0))
            ogrs3 = max(2, ogrs3 - rng.randint(0, 2))  # static: moves only with age
            if rng.random() < 0.5:
                author = _person(rng)
        rosh = []
        for group, setting in ROSH_SLOTS:
            lvl = community[("children", "public", "known-adult", "staff", "prisoners").index(group)]
            if setting == "custody" and group != "prisoners":
                lvl = max(0, lvl - rng.choice((0, 1, 1)))
            rosh.append({"risk_group": group, "setting": setting, "level": LEVELS[lvl]})
        if d >= NEW_PREDICTORS_FROM:
            scores = _new_scores(rng, case, ogrs3, ogp, ovp, rsr, osp_dc)
        else:
            scores = _legacy_scores(case, ogrs3, ogp, ovp, rsr, osp_dc)
        misbanded = _misband(rng, scores) if k == wrong else None
        for s in scores:
            s.setdefault("band_as_issued", _band(s["name"], s["value"]))
        sections = []
        for n in sorted({f[1] for f in factors if f[1] in FLAGGED_SECTIONS}):
            sections.append({"section": n, "linked_to_harm": rng.random() < 0.6, "linked_to_offending": True})
        public = LEVELS[community[1]]
        increase = ", ".join(f[0].lower() for f in factors[:2])
        aid = svc.assessments.add(
            case.client.id, tool="oasys", date=d, author=author, author_role="probation",
            source="Parole dossier" if k == len(dates) - 1 else "OASys review (previous dossier)",
            page=str(rng.randint(20, 240)), pni="high" if community[1] >= 2 else "moderate",
            mappa_category=case.client.mappa_category, mappa_level=case.client.mappa_level,
            conclusions=(f"{public.capitalize()} risk of serious harm to the public in the community. "
                         f"Risk would be greatest on release without structure or support. Factors likely "
                         f"to increase risk: {increase}. Factors likely to reduce risk: stable "
                         f"accommodation, supervision, and using the skills from offending-behaviour work."),
            rosh=rosh, scores=scores, sections=sections)
        out.append((aid, d))
        if misbanded is not None:
            issued = misbanded["band_as_issued"]
            wrong_score = _Misband(aid, d, misbanded["name"], misbanded["value"], issued,
                                   _band(misbanded["name"], misbanded["value"]) or "")
    return out, wrong_score


def _pct(value: float, decimals: int = 0) -> float:
    return round(min(99.0, max(1.0, value)), decimals)


def _legacy_scores(case: _Case, ogrs3: int, ogp: int, ovp: int, rsr: float, osp_dc: int) -> list[dict]:
    scores = [{"name": "OGRS3", "value": _pct(ogrs3), "kind": "static"},
              {"name": "OGP", "value": _pct(ogp), "kind": "dynamic"},
              {"name": "OVP", "value": _pct(ovp), "kind": "dynamic"},
              {"name": "RSR", "value": _pct(rsr, 2), "kind": "dynamic"}]
    if case.theme == "sexual":
        scores += [{"name": "OSP/DC", "value": osp_dc, "kind": "static"},
                   {"name": "OSP/IIC", "value": 0, "kind": "static"}]
    return scores


def _new_scores(rng: random.Random, case: _Case, ogrs3: int, ogp: int, ovp: int, rsr: float,
                osp_dc: int) -> list[dict]:
    static = rng.random() < 0.25  # sometimes only the static ARP/VRP (no full layer 3 assessment)
    scores = [
        {"name": "ARP", "value": _pct((ogrs3 if static else ogp) * rng.uniform(0.9, 1.1)),
         "kind": "static" if static else "dynamic"},
        {"name": "VRP", "value": _pct(ovp * rng.uniform(0.9, 1.1)),
         "kind": "static" if static else "dynamic"},
        {"name": "CSRP", "value": _pct(rsr * rng.uniform(0.85, 1.1), 2), "kind": "dynamic"},
    ]
    if case.theme in ("violence", "arson") and rng.random() < 0.5:
        scores.append({"name": "SVRP", "value": _pct(rsr * rng.uniform(0.3, 0.6), 2), "kind": "dynamic"})
    if case.theme == "sexual" and not case.female:
        scores.append({"name": "DC-SRP", "value": max(0, osp_dc - rng.randint(0, 2)), "kind": "static"})
    return scores


def _band(name: str, value: float) -> str | None:
    from casebook.risk import bands

    return bands.band_for(name, str(value))


def _misband(rng: random.Random, scores: list[dict]) -> dict:
    """Move one score to just below a threshold and print it in the band above: the kind of error on a
    report worth challenging (a band one step too high)."""
    from casebook.risk import bands

    candidates = [s for s in scores if s["name"] not in ("OSP/IIC",)]
    s = rng.choice(candidates)
    p = bands.predictor(s["name"])
    band = rng.choice(p.bands[1:])
    bound = float(band.bound)
    if band.inclusive:
        step = 1 if float(s["value"]).is_integer() and bound.is_integer() else 0.1
        value = round(bound - step, 2)
    else:
        value = bound  # "above 3.0": 3.0 itself is the band below
    s["value"] = int(value) if p.unit.whole else value
    s["band_as_issued"] = band.band
    return s


def _psychology(svc, rng: random.Random, limit: _dt.date, start: _dt.date, case: _Case, factors: list,
                newest_oasys: _dt.date) -> int:
    independent = rng.random() < 0.4
    date = _day_between(rng, max(start, newest_oasys - _dt.timedelta(days=400)),
                        limit - _dt.timedelta(days=10))
    main, other = factors[0][0].lower(), factors[1][0].lower()
    if independent:
        conclusions = (f"The treatment needs identified at sentence have largely been met. What remains "
                       f"({main}) is manageable in the community with the proposed plan: approved "
                       f"premises, specialist supervision and early warning signs shared with the COM.")
        recommendation = rng.choice([
            "Supports release on licence with the proposed risk management plan.",
            "Supports a move to open conditions as the next step; release is not yet supported.",
        ])
    else:
        conclusions = (f"Formulation: {main} and {other} were the main pathways to the index offence. "
                       f"Treatment gains are evident but not yet tested in less secure conditions. "
                       f"Scenarios: a repeat of serious harm is most likely under intoxication or "
                       f"relationship stress; imminence is low while in custody.")
        recommendation = rng.choice([
            "Does not support release at this review; supports a progressive move to open conditions.",
            f"Recommends further one-to-one work on {main} before open conditions are considered.",
            "Supports release on licence with the proposed risk management plan.",
        ])
    return svc.assessments.add(
        case.client.id, tool="rsvp" if case.theme == "sexual" else "hcr-20-v3", date=date,
        author=_person(rng, "Dr "),
        author_role="independent-expert" if independent else "prison-psychologist",
        source="Independent psychological report" if independent else "Psychological risk assessment",
        page=str(rng.randint(1, 60)), conclusions=conclusions, recommendation=recommendation)


def _evidence(svc, rng: random.Random, limit: _dt.date, start: _dt.date, case: _Case, factors: list,
              factor_ids: list[int], gap: int | None) -> list[tuple[int, _Ev]]:
    """3–8 items of evidence, each linked to the factors it addresses; the factor at ``gap`` is left
    with none (a gap in the matrix)."""
    category = {"Open": "D", "Closed": "C"}.get(case.client.category or "C", case.client.category or "C")
    linkable = [(fid, f[3]) for j, (fid, f) in enumerate(zip(factor_ids, factors, strict=True)) if j != gap]
    missing = _own_topics(factors, gap) if gap is not None else frozenset()  # nothing that addresses it
    eligible = []
    for item in EVIDENCE_ITEMS:
        if (category not in item.categories or (item.themes and case.theme not in item.themes)
                or (item.men and case.female) or (case.profile == "RECALL" and not item.recall)
                or item.topics & missing):
            continue
        lo = max(start, item.since or start)
        hi = min(limit, item.until or limit)
        if item.within:
            lo = max(lo, limit - _dt.timedelta(days=item.within))
        if item.early:
            hi = min(hi, start + (limit - start) / 2)
        if item.period:
            hi = min(hi, limit - _dt.timedelta(days=365))
        if lo <= hi:
            eligible.append((item, lo, hi))
    rng.shuffle(eligible)
    wanted = rng.randint(3, 8)
    chosen: list[tuple[_Ev, _dt.date, _dt.date]] = []
    for _, topics in linkable:  # first something for every factor that should have evidence
        for e in eligible:
            if e not in chosen and e[0].topics & topics:
                chosen.append(e)
                break
    for e in eligible:  # then more that address something, then anything
        if len(chosen) >= wanted:
            break
        if e not in chosen and any(e[0].topics & t for _, t in linkable):
            chosen.append(e)
    for e in eligible:
        if len(chosen) >= 3:
            break
        if e not in chosen:
            chosen.append(e)
    dated = sorted(((_day_between(rng, lo, hi), item) for item, lo, hi in chosen), key=lambda x: x[0])
    out = []
    for date, item in dated:
        links = [fid for fid, topics in linkable if item.topics & topics][:3]
        eid = svc.evidence.add(
            case.client.id, factors=links, kind=item.kind, date=date,
            to_date=_day_between(rng, limit - _dt.timedelta(days=30), limit) if item.period else None,
            title=item.title, source=item.source,
            page=str(rng.randint(1, 40)) if rng.random() < 0.7 else "")
        out.append((eid, item))
    return out


# What happened to a referral, as (status, reason) after "submitted": HMPPS's sequence, with the
# reasons practitioners see (lack of places above all).
REFERRAL_PATHS = {
    "no-places": [("awaiting-assessment", ""),
                  ("on-hold", "No places: the programme is not running at this prison; transfer requested "
                              "to a prison that delivers it")],
    "no-places-withdrawn": [("awaiting-assessment", ""),
                            ("on-hold", "Waiting list: no place for at least 18 months"),
                            ("withdrawn", "Not enough time to complete programme before the parole review")],
    "not-suitable": [("awaiting-assessment", ""), ("assessment-started", ""),
                     ("not-suitable", "Responsivity: learning needs identified at screening; an adapted "
                                      "programme (Becoming New Me+) advised instead")],
    "not-ready": [("awaiting-assessment", ""), ("assessment-started", ""),
                  ("suitable-but-not-ready", "Psychology one-to-one work to be completed first")],
    "moved": [("awaiting-assessment", ""),
              ("moved-to-building-choices", "Programme replaced by Building Choices at this prison")],
    "on-programme": [("awaiting-assessment", ""), ("assessment-started", ""), ("assessed-suitable", ""),
                     ("on-programme", "")],
}
REFERRAL_PROGRAMMES = {"violence": ["kaizen", "building-choices-high", "building-choices-moderate"],
                       "sexual": ["horizon", "kaizen", "healthy-sex-programme"],
                       "acquisitive": ["thinking-skills-programme", "building-choices-moderate"],
                       "arson": ["building-choices-moderate", "kaizen"]}

ALLEGATIONS = [
    ("Security information report: suspected of passing psychoactive substances on the wing.",
     "Security information summary", ("disputed", "unproven-some-basis")),
    ("Alleged assault on another prisoner; the adjudication was dismissed and the police took no action.",
     "Adjudication record", ("no-factual-basis", "disputed")),
    ("Found in possession of an unauthorised mobile phone; proved at adjudication.",
     "Adjudication record", ("proven",)),
    ("Ex-partner's report to police of threatening messages; no further action was taken.",
     "Police intelligence disclosure", ("unproven-some-basis", "disputed")),
    ("Intimidating a member of staff during a cell search (verbal only).",
     "Case notes", ("admitted", "disputed")),
]
RECALL_ALLEGATIONS = [
    ("Missed two appointments with the COM before recall.", "Part A recall report", ("admitted",)),
    ("Seen with a known associate in breach of a non-association condition.", "Part A recall report",
     ("disputed", "unproven-some-basis")),
]


def _referrals(svc, rng: random.Random, limit: _dt.date, start: _dt.date, case: _Case,
               showcase: bool) -> None:
    """0–2 programme referrals; the showcase client's first is on hold for lack of places."""
    count = rng.choice((0, 1, 1, 2)) if not showcase else 2
    programmes = REFERRAL_PROGRAMMES[case.theme]
    if case.female:
        programmes = ["building-choices-moderate"]
    for n in range(count):
        programme = programmes[n % len(programmes)]
        paths = [p for p in REFERRAL_PATHS if not (p == "moved" and programme.startswith("building-choices"))]
        path = "no-places" if showcase and n == 0 else rng.choice(paths)
        steps = REFERRAL_PATHS[path]
        if path in ("on-programme", "not-ready"):  # still under way: referred within the last year
            first = limit - _dt.timedelta(days=rng.randint(90 * len(steps), 360))
        else:
            first = limit - _dt.timedelta(days=rng.randint(90 * len(steps) + 60, 1100))
        if first < start:
            continue
        rid = svc.programmes.refer(case.client.id, programme, first)
        date = first
        for status, reason in steps:
            date = min(limit, date + _dt.timedelta(days=rng.randint(20, 80)))
            svc.programmes.set_status(rid, status, date, reason)


def _allegations(svc, rng: random.Random, limit: _dt.date, case: _Case) -> None:
    pool = ALLEGATIONS + (RECALL_ALLEGATIONS if case.profile == "RECALL" else [])
    for text, source, statuses in rng.sample(pool, rng.choice((0, 1, 1, 2))):
        svc.allegations.add(case.client.id, matter_id=case.matter_id, text=text, source=source,
                            page=str(rng.randint(1, 300)), status=rng.choice(statuses))


# Escalation so far, as (step, days before today), oldest first: a few ladders at different rungs.
LADDERS = [
    [("correction-request", 8)],
    [("correction-request", 75), ("response-chased", 52), ("rectification-request", 20),
     ("subject-access-request", 20)],
    [("correction-request", 160), ("response-chased", 140), ("comp1", 110), ("comp1a", 70)],
]


def _challenges(svc, rng: random.Random, limit: _dt.date, case: _Case, factors: list,
                evidence: list[tuple[int, _Ev]], misbanded: _Misband | None,
                newest: tuple[int, _dt.date], showcase: bool) -> None:
    """1–2 challenges to the newest OASys, each at a different step of escalation: the band printed
    on the report where it is wrong, otherwise a risk factor the evidence answers."""
    wanted = []
    if misbanded is not None:
        shown = f"{misbanded.value:g}" + ("%" if misbanded.name not in ("OSP/DC", "DC-SRP") else "")
        wanted.append(dict(
            assessment_id=misbanded.assessment_id, ground="factual-error",
            assertion=f"{misbanded.name} {shown} ({misbanded.issued})",
            position=(f"The published thresholds put {misbanded.name} {shown} in the {misbanded.computed} "
                      f"band, not {misbanded.issued}. The band and the risk assessment that relies on it "
                      f"should be corrected."), evidence=[]))
    answered = [(fid_item, f) for f in factors for fid_item in evidence if fid_item[1].topics & f[3]]
    if answered and (not wanted or showcase or rng.random() < 0.5):
        present = [a for a in answered if a[0][1].kind != "release-plan"]  # evidence of change
        (eid, item), factor = rng.choice(present or answered)
        ids = [e for e, it in evidence if it.topics & factor[3]][:3]
        wanted.append(dict(
            assessment_id=newest[0], ground="fails-to-consider-evidence",
            assertion=f"{factor[0]} remains an active and unaddressed risk factor.",
            position=(f"The assessment does not mention the evidence of work on {factor[0].lower()} "
                      f"({item.title.lower()}); the factor should be reassessed in its light."),
            evidence=ids))
    if not wanted:
        return
    # Only a ladder begun after the report was written; the first (a request made last week) always is.
    ladders = [k for k, ladder in enumerate(LADDERS) if limit - _dt.timedelta(days=ladder[0][1]) > newest[1]]
    rng.shuffle(ladders)
    for n, fields in enumerate(wanted):
        ladder = LADDERS[ladders[n % len(ladders)]]
        ev = fields.pop("evidence")
        cid = svc.challenges.add(case.matter_id, evidence=ev, source="Parole dossier (OASys)",
                                 page=str(rng.randint(20, 240)),
                                 paragraph=f"{rng.randint(2, 11)}.{rng.randint(1, 9)}", status="disputed",
                                 **fields)
        for step, days in ladder:
            date = limit - _dt.timedelta(days=days)
            svc.challenges.step(cid, step, date)
        # The earlier steps' deadlines were dealt with when the next step was taken.
        views = svc.challenges.steps_of(cid)
        last = views[-1].step.date if views else None
        for view in views:
            if view.step.date != last:
                for d in view.deadlines:
                    if d.status != "done":
                        svc.deadlines.mark_done(d.id)
