"""A deterministic demo casebook of realistic English & Welsh prison-law casework.

Everyone in it is invented: names are random pairings from lists of common forenames and surnames,
identifiers are generated (with valid check letters), and the narrative text is stock phrasing.
Prisons are real public establishments. Given the same ``seed`` and ``as_of`` date the output is
identical; dates are placed around ``as_of`` (default today) so the demo always has deadlines due
this week, some overdue, and hearings ahead.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable

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
    return ids


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
        svc.chronology.add(m3, released + (today - released) // 2, "recall",
                           "IPP licence revoked; returned to custody.", source="Revocation notice", page="1")
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
                                today=today)
    if calc.result is None:
        return {}
    wanted = ("PED", "HDCED", "CRD", "ARD", "PRRD", "SLED", "SED", "LED", "TUSED")
    return {code: r.date for code, r in calc.result.dates.items() if code in wanted}


def _chronology(svc, rng: random.Random, today: _dt.date, matter_id: int, sent_date: _dt.date,
                profile: str) -> None:
    add = svc.chronology.add
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
