"""Sentencing rules as dated, cited data.

Every number the engine uses lives here, with where it comes from. The engine reads these tables and
never hard-codes a fraction or a commencement date. Sources are cited as practitioners write them
(CJA 2003 = Criminal Justice Act 2003, PCSCA 2022 = Police, Crime, Sentencing and Courts Act 2022,
PSI 03/2015 = Prison Service Instruction 03/2015 *Calculation of release dates*, SI = statutory
instrument; the full list is in docs/rules-sources.md). "CRDS" = the HMPPS Calculate Release Dates
service (public MoJ code, ministryofjustice/calculate-release-dates-api, its `application-*.yml`
parameters), which is evidence of how HMPPS computes dates, not law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casebook.sentencing.model import LazyWorking, Working


@dataclass(frozen=True)
class Rule:
    key: str
    text: str
    citation: str
    confirmed: bool = True


RULES: dict[str, Rule] = {r.key: r for r in [
    Rule("TERM_DAYS", "A term is counted in days from the sentence date inclusive; a year is 12 calendar "
                      "months",
         "PSI 03/2015 para 5.5; CRDS model/Duration.kt"),
    Rule("SDS_HALF", "Standard determinate sentence: automatic release on licence at one-half",
         "Criminal Justice Act 2003 s.244(3)(a)"),
    Rule("SDS_PLUS", "SDS+: release at two-thirds (7 years+ for Sch.15 offences carrying life from 1 April "
         "2020; 4 years+ for specified sexual/violent offences from 28 June 2022)",
         "CJA 2003 s.244ZA (SI 2020/158; PCSCA 2022 s.130)"),
    Rule("SDS40", "SDS40: release at 40% for eligible standard determinate sentences",
         "SI 2024/844 art.3; CJA 2003 s.244(3)(a) as amended"),
    Rule("SDS40_TRANCHE", "SDS40 commencement by tranche: existing sentences under 5 years from 10 September "
         "2024, others from 22 October 2024; where the 40% point has passed, release on the tranche date; "
         "where the 50% point is before the tranche date, the 50% point stands",
         "SI 2024/844 art.2-3; CRDS application-calculation-params.yml"),
    Rule("PROGRESSION", "Progression model: SDS release at one-third, SDS+ at one-half, phased in by "
                        "sentence length",
         "Sentencing Act 2026; CRDS application-sds-progression-model*.yml", confirmed=False),
    Rule("EDS_DISCRETIONARY", "EDS: Parole Board may release from two-thirds of the custodial term (PED); "
         "automatic release at the end of the custodial term (CRD); licence to the end of the extension "
         "period",
         "CJA 2003 s.246A (as amended by CJCA 2015 s.4, from 13 April 2015)"),
    Rule("EDS_AUTOMATIC", "EDS (pre-13 April 2015, custodial term under 10 years, not Sch.15B): automatic "
         "release at two-thirds of the custodial term",
         "CJA 2003 s.246A as originally enacted (LASPO 2012)"),
    Rule("SOPC_HALF",
         "SOPC sentenced before 28 June 2022: PED at one-half of the custodial term; automatic release at "
         "the end of the custodial term", "CJA 2003 s.244A; CRDS SOPC_PED_AT_HALFWAY"),
    Rule("SOPC_TWO_THIRDS",
         "SOPC sentenced on or after 28 June 2022: PED at two-thirds of the custodial term",
         "CJA 2003 s.244A as amended by PCSCA 2022; CRDS SOPC_PED_AT_TWO_THIRDS", confirmed=False),
    Rule("SOPC_TERRORIST_U18",
         "Special sentence of detention for a terrorist offender of particular concern (under 18): PED at "
         "two-thirds of the custodial term whenever imposed; automatic release at the end of the custodial "
         "term", "Sentencing Act 2020 s.252A (CTSA 2021 s.22); CJA 2003 s.247A; CRDS "
         "SentenceIdentificationService (sdopcu18: SOPC_PED_AT_TWO_THIRDS)", confirmed=False),
    Rule("AFINE", "Imprisonment in default of payment of a fine: unconditional release at one-half of the "
                  "term",
         "CJA 2003 s.258(2); CRDS AFINE_ARD_AT_HALFWAY"),
    Rule("AFINE_FULL",
         "Default term for a fine of £10 million or more imposed from 1 June 2015: served in full, "
         "no release before the end of the term",
         "CJA 2003 s.258 as amended (amending provision UNCONFIRMED); "
         "CRDS AFINE_ARD_AT_FULL_TERM, ImportantDates.A_FINE_TEN_MILLION_FULL_RELEASE_DATE", confirmed=False),
    Rule("BOTUS", "Committal for breach of top-up supervision: served in full, without remand credit",
         "CJA 2003 s.256AC (Offender Rehabilitation Act 2014); CRDS BOTUS"),
    Rule("ORA_LICENCE",
         "Consecutive terms mixing offences before and after 1 February 2015 (under 12 months): "
         "licence for one-half of the post-ORA terms after release", "Offender Rehabilitation Act 2014 "
         "s.1-2; PSI 03/2015 example 25"),
    Rule("PREVIOUS_SLED",
         "A later SLED recorded by the latest confirmed calculation before this one stands where asked for "
         "(the previously recorded SLED); a TUSED before it is dropped",
         "CJA 2003 s.249(1) (a licence remains in force to the end of its sentence); CRDS "
         "CalculationService / PreviouslyRecordedSLEDService (usePreviouslyRecordedSLEDIfFound)",
         confirmed=False),
    Rule("CJA1991_LONG",
         "CJA 1991 sentence of 4 years or more: released on licence at the standard determinate release "
         "point with the licence to sentence expiry, as HMPPS calculates it; for a Schedule 15 offence "
         "release is instead at the Parole Board's direction from one-half and automatic at two-thirds",
         "CJA 2003 Sch.20A (LASPO 2012 Sch.16); CRDS SentenceIdentificationService", confirmed=False),
    Rule("LED_THREE_QUARTERS",
         "CJA 1991 sentences of 12 months to under 4 years: licence to three-quarters of "
         "the term",
         "Criminal Justice Act 1991 s.37(1); CJA 2003 Sch.2 transitional provisions (SI 2005/950)"),
    Rule("DTO", "Detention and training order: release at the mid-point of the term (MTD); the court/HMPPS "
         "may release one or two months early or late (ETD/LTD) for terms of 8 months to 2 years",
         "Sentencing Act 2020 ss.241-244 (formerly PCC(S)A 2000 s.102)"),
    Rule("REMAND", "Time on remand in custody counts as time served", "CJA 2003 s.240ZA"),
    Rule("TAGGED_BAIL", "Credit for qualifying curfew with electronic monitoring (as directed by the court)",
         "CJA 2003 s.240A"),
    Rule("UAL", "Time unlawfully at large does not count towards the sentence", "Prison Act 1952 s.49(2); "
         "PSI 03/2015"),
    Rule("ADA", "Additional days awarded at adjudication are added to the release date (restored days "
                "subtracted)",
         "CJA 2003 s.257; Prison Rules 1999 r.55, r.61"),
    Rule("SLED", "Licence runs to sentence expiry (combined sentence and licence expiry date)",
         "CJA 2003 s.249"),
    Rule("ARD",
         "Sentences under 12 months for offences before 1 February 2015: release unconditionally (ARD)",
         "CJA 2003 s.243A"),
    Rule("TUSED", "Top-up supervision to 12 months after release for sentences over 1 day and under 2 years "
         "for offences on or after 1 February 2015, the offender 18 or over at the end of the custodial part "
         "(a detention and training order: at its half-way point)",
         "CJA 2003 s.256AA (Offender Rehabilitation Act 2014); DTOs: Sentencing Act 2020 "
         "s.247 (formerly PCC(S)A 2000 s.106B, ORA 2014 s.6)"),
    Rule("HDC", "Home detention curfew eligibility (sentences of at least 12 weeks)", "CJA 2003 s.246; "
         "CRDS application-calculation-params.yml (hdced)"),
    Rule("HDC_365", "HDC window up to 365 days before CRD from 3 June 2025", "SI 2024/1331 art.2"),
    Rule("HDC_REPEAL", "Home detention curfew repealed for adult sentences (Sentencing Act 2026): no HDCED "
         "on or after 2 September 2026; s.250 detention and default terms keep HDC",
         "Sentencing Act 2026; CRDS feature toggle applyPostHdcedRepealRules (HdcedExtractionService)",
         confirmed=False),
    Rule("HDC_SUSPENDED", "Adult home detention curfew suspended ('clean stop'): no HDCED for a booking with "
         "an adult sentence; s.250 detention and default terms keep HDC",
         "CJA 2003 s.246 (the suspending provision UNCONFIRMED); CRDS feature toggle adultHdcSuspended, "
         "ImportantDates HDC_CLEAN_STOP_DATE", confirmed=False),
    Rule("ERS", "Early removal scheme eligibility for foreign nationals",
         "CJA 2003 s.260; CRDS ersed parameters"),
    Rule("ERS_SNAPSHOT", "Early removal for a consecutive chain spanning 23 September 2025 (HMPPS toggle "
         "useLatestErsedFromPreErs30Snapshot): the transition from the ERS50 date its earlier terms had "
         "before that date, never earlier than the chain's ERS30 date",
         "CJA 2003 s.260; CRDS CRS-2812 (feature toggle)", confirmed=False),
    Rule("SDS40_T3", "Offences excluded from SDS40 from 16 December 2024 (breach of restraining order, SHPO, "
         "stalking protection order; disclosing private sexual images; …): the exclusion applies to "
         "sentences imposed before that date where the person is still in custody on it",
         "SI 2024/1331; CRDS TimelineTrancheThreeCalculationHandler"),
    Rule("SDS40_OUT_OF_CUSTODY", "SDS40 does not move the release point of sentences being served by a "
         "person out of prison when SDS40 commenced (released on HDC, early removal or ECSL; or released "
         "otherwise and not unlawfully at large over the commencement date)",
         "SI 2024/844 art.3; CRDS TimelineTrancheCalculationHandler", confirmed=False),
    Rule("RELEASE_MOVEMENT", "A sentence imposed after a recorded release starts a new period in custody "
         "with its own adjustments (an early removal that failed, or after 28 June 2022, is not a release)",
         "CJA 2003 ss.240ZA, 260; CRDS booking timeline (external movements)", confirmed=False),
    Rule("ERS30", "Early removal scheme from 23 September 2025: removal after 30% of the custodial period "
         "(or of the period to PED), and no more than 4 years before release; sentences imposed before then "
         "keep the earlier (one-half, 544-day) date where it falls before 23 September 2025, and otherwise "
         "their date under the new rules but not before 23 September 2025",
         "CJA 2003 s.260 as amended in 2025 (amending instrument UNCONFIRMED); CRDS ErsedCalculator, "
         "ImportantDates.ERS30_COMMENCEMENT_DATE, ersed ers-30 parameters", confirmed=False),
    Rule("RECALL_STANDARD",
         "Standard recall: no automatic re-release; post-recall release date defaults to the "
         "sentence (licence) expiry", "CJA 2003 s.255C; CRDS"),
    Rule("RECALL_FIXED",
         "Fixed-term recall: automatic re-release after 14/28/56 days from return to custody, "
         "not later than sentence expiry", "CJA 2003 s.255B; Sentencing Act 2026 (56 days)"),
    Rule("RECALL_MIXED", "Fixed-term recall of sentences of 12 months or more and under 12 months imposed on "
         "different dates: re-release at the end of the recall period, but not after the 12-month sentence's "
         "release (or, where that falls within 14 days of the return to custody, the other sentence's)",
         "CJA 2003 s.255B; CRDS FixedTermRecallsService", confirmed=False),
    Rule("RECALL_FTR56", "56-day fixed-term recall: re-release 56 days after return to custody, not before "
         "the person's FTR56 tranche date (decided by the recalls expiring after the latest licence "
         "revocation; none where no revocation is recorded), not later than sentence expiry",
         "CJA 2003 s.255B as amended by the Sentencing Act 2026; CRDS FTR_56 tranches, "
         "FTR56TrancheSelectionStrategy, TrancheAllocationService", confirmed=False),
    Rule("CONSECUTIVE", "Consecutive terms are aggregated into one term from the first sentence date",
         "CJA 2003 s.264; PSI 03/2015"),
    Rule("CONCURRENT", "Concurrent sentences: the latest release date and the latest expiry date govern",
         "PSI 03/2015; CRDS BookingExtractionService"),
    Rule("ESED", "Effective sentence end date: the latest unadjusted expiry date",
         "PSI 03/2015 (concurrent and consecutive sentences); CRDS BookingExtractionService"),
    Rule("BOTUS_TUSED", "After committal for breach of top-up supervision the supervision recorded before "
         "runs on: its end date stands where it is after the committal expires",
         "CJA 2003 s.256AC; CRDS BookingExtractionService (BOTUS latest TUSED)"),
]}

_WORKING_TEXT: dict[tuple[str, ...], tuple[str, str, bool]] = {}


def working(rule_key: str, arithmetic, *more: str, confirmed: bool = True) -> Working:
    """The working of a date: the rule's text, the citations of it and of any ``more`` rules it rests on,
    and the arithmetic; confirmed only where every rule is (and ``confirmed``)."""
    key = (rule_key, *more)
    cached = _WORKING_TEXT.get(key)
    if cached is None:
        rule = RULES[rule_key]
        citation = "; ".join(dict.fromkeys([rule.citation, *(RULES[k].citation for k in more)]))
        cached = _WORKING_TEXT[key] = (
            rule.text,
            citation,
            rule.confirmed and all(RULES[k].confirmed for k in more),
        )
    if not isinstance(arithmetic, str):   # a function writing the text when it is first read
        return LazyWorking(cached[0], cached[1], arithmetic, confirmed and cached[2])
    return Working(cached[0], cached[1], arithmetic, confirmed and cached[2])


@dataclass(frozen=True)
class HdcParams:
    """HDC parameters [CRDS application-calculation-params.yml, hdced]."""

    minimum_custodial_days: int = 42
    below_midpoint_minimum_days: int = 28
    minimum_days_on_hdc: int = 14
    midpoint_days: int = 360
    above_midpoint_deduction: int = 179


HDC_PRE_365 = HdcParams()
# SI 2024/1331 art.2: window 365 days before CRD from 3 June 2025 (CRDS "post-hdc-365": mid-point 730, 364).
HDC_POST_365 = HdcParams(midpoint_days=730, above_midpoint_deduction=364)
HDC_365_COMMENCEMENT = date(2025, 6, 3)

# Key commencement dates (each cited).
CJA_2003_COMMENCEMENT = date(2005, 4, 4)       # CJA 2003 Part 12 (SI 2005/950)
LASPO_COMMENCEMENT = date(2012, 12, 3)         # LASPO 2012 ss.109-124 (SI 2012/2906)
EDS_AUTOMATIC_END = date(2015, 4, 13)          # CJCA 2015 s.4 (SI 2015/778): no EDS automatic release after
ORA_COMMENCEMENT = date(2015, 2, 1)            # Offender Rehabilitation Act 2014 (SI 2015/40)
SENTENCING_CODE_COMMENCEMENT = date(2020, 12, 1)  # Sentencing Act 2020 (SI 2020/1236)
PCSC_COMMENCEMENT = date(2022, 6, 28)          # PCSCA 2022 ss.130-132 (SI 2022/632)

TUSED_MONTHS = 12
AFINE_FULL_TERM_MIN_AMOUNT = 10_000_000        # fines of £10m+: default term served in full …
AFINE_FULL_TERM_COMMENCEMENT = date(2015, 6, 1)  # … for terms imposed from 1 June 2015 (CRDS ImportantDates)
# Committals for civil matters (contempt, maintenance and the like) served as default terms: remand and tagged
# bail are not credited (CJA 2003 s.240ZA applies to sentences for offences only). The offence codes HMPPS
# treats so (CRDS Offence.CIVIL_OFFENCE_CODES; TimelineCalculator.setAdjustments).
CIVIL_OFFENCE_CODES = frozenset({"ZZ01001", "ZZ01002", "ZZ01003", "ZZ01004", "ZZ01005", "ZZ01008", "ZZ01010",
                                 "XX00000-016N"})
# Early removal: from 28 June 2022 time removed under the scheme does not count as a release ("stop the
# clock", PCSCA 2022; CRDS ImportantDates.ERS_STOP_CLOCK_COMMENCEMENT). Amending section UNCONFIRMED.
ERS_STOP_CLOCK_COMMENCEMENT = date(2022, 6, 28)
ERS50_MAX_DAYS = 544                           # CRDS ersed: ers-50-max-period 544 days


@dataclass(frozen=True)
class ErsScheme:
    """An early removal scheme: removal no earlier than ``fraction`` of the period to release (or PED)
    and no more than the maximum period before it [CJA 2003 s.260; CRDS application-calculation-params.yml
    ``ersed``]."""

    name: str
    rule: str
    numerator: int
    denominator: int
    max_days: int = 0          # maximum period before release in days …
    max_years: int = 0         # … or in calendar years


# Before 23 September 2025: one-half of the custodial period, at most 544 days before release
# (CRDS ers-50-release-point 0.5, ers-50-max-period 544 DAYS).
ERS50 = ErsScheme("ERS50", "ERS", 1, 2, max_days=ERS50_MAX_DAYS)
# From 23 September 2025: 30% of the custodial period, at most 4 years before release (CRDS
# ers-30-release-point 0.3, ers-30-max-period 4 YEARS; ImportantDates.ERS30_COMMENCEMENT_DATE).
ERS30 = ErsScheme("ERS30", "ERS30", 3, 10, max_years=4)
ERS30_COMMENCEMENT = date(2025, 9, 23)
FTR_DAYS = {"FTR14": 14, "FTR28": 28, "FTR56": 56}
# 56-day fixed-term recall (Sentencing Act 2026), phased in by the longest term still running at the
# return to custody; a release date that would fall before the person's tranche date moves to it, and
# additional days awarded after the return are added afterwards [Sentencing Act 2026 commencement, as
# HMPPS applies it: CRDS application-calculation-params.yml FTR_56 tranches; UNCONFIRMED]. Lengths in
# years below which each tranche applies.
FTR56_TRANCHES = (
    (5, date(2026, 3, 31)), (6, date(2026, 4, 14)), (7, date(2026, 4, 21)), (8, date(2026, 4, 28)),
    (9, date(2026, 5, 5)), (None, date(2026, 5, 12)),
)


@dataclass(frozen=True)
class Tranche:
    name: str
    commencement: date
    below_days: int | None = None    # bookings whose longest term is shorter than this many days
    below_years: int | None = None   # … or shorter than this many years (None: everything left)


@dataclass(frozen=True)
class EarlyRelease:
    """A change of release point phased in by tranche (a 'regime')."""

    name: str
    rule: str
    tranches: tuple[Tranche, ...]
    confirmed: bool = True


# SDS40: SI 2024/844 art.2-3 (tranche 1: existing sentences under 5 years, 10 Sep 2024; tranche 2: 22 Oct
# 2024).
SDS40 = EarlyRelease(
    "SDS40", "SDS40",
    (Tranche("SDS40 tranche 1", date(2024, 9, 10), below_years=5),
     Tranche("SDS40 tranche 2", date(2024, 10, 22))))
SDS40_TRANCHE_3 = date(2024, 12, 16)           # SI 2024/1331: further exclusions

# Sentencing Act 2026 progression model, "October" profile: SDS released at one-third, SDS+ at one-half
# [CRDS application-sds-progression-model-alt-2.yml, release-multiplier SDS ONE_THIRD, SDS_PLUS ONE_HALF].
# Existing sentences are brought in by tranche: a booking is in the first tranche none of whose counted
# sentences is LONGER than its length in days (CRDS tranche type SENTENCE_LENGTH_LESS_THAN_OR_EQUAL_TO
# 574, 882, 1162, 1561, 2121, 2758, 3283, 3654, 4396 days; final tranche 8 June 2027), tranche 1 from
# 1 October 2026 [same file; the HMPPS suite's profile "sds-progression-model-october" matches it]. The
# Act's commencement regulations were not seen: UNCONFIRMED. ``below_days`` = limit + 1.
PROGRESSION_OCTOBER = EarlyRelease(
    "Progression model", "PROGRESSION",
    (Tranche("progression tranche 1", date(2026, 10, 1), below_days=574 + 1),
     Tranche("progression tranche 2", date(2026, 10, 13), below_days=882 + 1),
     Tranche("progression tranche 3", date(2026, 11, 10), below_days=1162 + 1),
     Tranche("progression tranche 4", date(2026, 12, 8), below_days=1561 + 1),
     Tranche("progression tranche 5", date(2027, 1, 12), below_days=2121 + 1),
     Tranche("progression tranche 6", date(2027, 2, 9), below_days=2758 + 1),
     Tranche("progression tranche 7", date(2027, 3, 9), below_days=3283 + 1),
     Tranche("progression tranche 8", date(2027, 4, 13), below_days=3654 + 1),
     Tranche("progression tranche 9", date(2027, 5, 11), below_days=4396 + 1),
     Tranche("progression tranche 10", date(2027, 6, 8))),
    confirmed=False)

# Home detention curfew under the Sentencing Act 2026 changes, as HMPPS switches them on by feature toggle
# [CRDS FeatureToggles applyPostHdcedRepealRules, adultHdcSuspended ("Adult HDC suspended (clean stop)");
# HdcedExtractionService; ImportantDates HDC_CLEAN_STOP_DATE / PROGRESSION_COMMENCEMENT_DATE = 2 September
# 2026]. Detention under Sentencing Act 2020 s.250 and default terms keep HDC. UNCONFIRMED against the Act.
HDC_REPEAL_COMMENCEMENT = date(2026, 9, 2)

# HMPPS feature toggles a booking may carry (CRDS config/FeatureToggles.kt), and what this engine does with
# each. A toggle not listed here is refused: its effect on the dates is unknown.
FEATURE_TOGGLES = {
    # rule sets switched on (handled in tranches.py / progression.py / hdc.py / ers.py)
    "applyPostRecallRepealRules": "top-up supervision repealed (Sentencing Act 2026): no TUSED",
    "applyPostHdcedRepealRules": "HDC repealed from 2 September 2026 for adult sentences",
    "adultHdcSuspended": "adult HDC suspended ('clean stop')",
    "progressionTrancheOneManualJourney": "progression tranche 1 bookings go to a manual calculation",
    "routeProgressionModelScheduleExclusionToManual": "a Sentencing Act 2026 schedule exclusion goes to a "
                                                      "manual calculation",
    "useLatestErsedFromPreErs30Snapshot": "ERSED of a chain spanning 23 September 2025 from its pre-ERS30 "
                                          "date",
    "useERS30Calculation": "ERS30 from 23 September 2025: always applied here (ers.py)",
    # release and re-admission history: always applied here (movements.py)
    "externalMovementsEnabled": "movement history applied",
    "externalMovementsSds40": "out of prison when SDS40 commenced: applied (movements.py)",
    "externalMovementsAdjustmentSharing": "a recorded release starts a new period in custody: applied",
    # no effect on the dates of a booking as given
    "routePreProgressionExtinguishedSentenceToManual":
        "remand beyond the custodial period is already refused",
    "progressionModelScheduleExclusionEnabled": "the exclusion markers arrive with the booking",
    "recordARecallFtr56Rules": "record-a-recall journey only",
    "storeSentenceLevelDates": "storage only",
    "storeOperativeSentenceEnvelope": "storage only",
    "secondCheckEnabled": "user journey only",
    "supportInactiveSentencesAndAdjustments": "selection of the booking's data only",
    "useAdjustmentsApi": "source of the adjustments only",
}

# Offence markers that keep a sentence out of the progression model (CRDS exclusion names).
PROGRESSION_EXCLUSIONS = frozenset(
    {"PROGRESSION_MODEL_SCHEDULE_13_PART_3", "SA2026_PROGRESSION_MODEL_SCHEDULE"}
)


@dataclass(frozen=True)
class Profile:
    """A rules profile: which changes are in force (used for 'what if' profiles in the HMPPS suite)."""

    name: str
    sds40: bool = False
    progression: EarlyRelease | None = None


PROFILES: dict[str, Profile] = {
    # The law as at the date of the HMPPS suite: SDS40 in force.
    "calculation-params": Profile("calculation-params", sds40=True),
    # A 'before SDS40' profile (the suite pushes the SDS40 tranches into 2054).
    "sds-50": Profile("sds-50"),
    # Sentencing Act 2026 progression model (October tranche profile).
    "sds-progression-model-october": Profile("sds-progression-model-october", sds40=True,
                                             progression=PROGRESSION_OCTOBER),
}
DEFAULT_PROFILE = "calculation-params"
