"""Additional days along the booking timeline, checked against HMPPS's own source (issue 13).

The HMPPS *Calculate Release Dates* service (``ministryofjustice/calculate-release-dates-api``) tests its
booking timeline only through its JSON example suite: it has no Kotlin unit test that builds a timeline
booking inline, so each rule here was read from the main source (named "CRDS <class>, read for the rule")
and every date is worked by hand from the statute.

The rule settled here (the open question "the newer HMPPS ADA handler for days awarded between
sentences"): the three stored versions of ``TimelineAwardedAdjustmentCalculationHandler`` agree that days
awarded while a sentence of the booking is being served in custody are added to the sentences of that
period, and that days awarded while no sentence is being served in custody are *prospective* (PADA) and
added to the sentence(s) imposed next. They differ only on days awarded while an earlier sentence's licence
runs: the oldest and the two newest versions treat them as prospective unless a sentence on licence is a
recalled one (``licenceSentences.none { it.isRecall() }``); a middle version dropped them. The newest is
implemented. Additional days and prospective additional days: CJA 2003 s.257; Prison Rules 1999 r.55.

Days are counted as HMPPS and PSI 03/2015 count them: a term of N days from the sentence date ends on
sentence date + N − 1; a release after D days falls on sentence date + D − 1.
"""

from __future__ import annotations

from datetime import date

import pytest

from casebook.sentencing import InvalidBooking, NotSupported, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.model import AdjustmentIn, BookingIn, Movement, SentenceIn

DOB = date(1980, 1, 1)


def sds(sa, term, ident, **kw):
    return SentenceIn("SDS", sa, term, offence_date=date(2020, 1, 1), ident=ident, **kw)


def dates(*sentences, adjustments=(), profile="sds-50", movements=()):
    b = BookingIn(sentences=list(sentences), adjustments=list(adjustments), date_of_birth=DOB,
                  profile=profile, movements=tuple(movements))
    return calculate(b).as_iso_dict()


def ada(on, days):
    return AdjustmentIn("ADA", days, applies_from=on)


def rada(on, days):
    return AdjustmentIn("RADA", days, applies_from=on)


# 1 year from 1 Jan 2022 (365 days): one-half = 183 days → 2 Jul 2022 (a Saturday); expiry 31 Dec 2022.
FIRST = sds(date(2022, 1, 1), Term(years=1), "a")
# 1 year from 1 Mar 2023 (366 days to 29 Feb 2024): one-half = 183 days → 30 Aug 2023.
SECOND = sds(date(2023, 3, 1), Term(years=1), "b")


# ---- days awarded between periods in custody are prospective: they fall to the next sentence ------------
@pytest.mark.parametrize("awarded", [
    date(2022, 9, 1),    # released from the first sentence on 2 Jul 2022, its licence running to 31 Dec 2022
    date(2023, 2, 1),    # the first sentence expired: out of custody and off licence
])
def test_days_awarded_after_release_and_before_the_next_sentence_are_added_to_it(awarded):
    # CRDS TimelineAwardedAdjustmentCalculationHandler, read for the rule: with no sentence of the booking
    # being served in custody and none recalled, the days are prospective (PADA) and the next sentence
    # imposed takes them (TimelineSentenceCalculationHandler shares them on its date). Second sentence: 30 Aug
    # 2023 + 10 = 9 Sep 2023 (was 30 Aug 2023: the days were given to the first, already served, sentence).
    got = dates(FIRST, SECOND, adjustments=[ada(awarded, 10)])
    assert got["CRD"] == "2023-09-09"
    assert got["SLED"] == "2024-02-29"


def test_days_restored_between_periods_are_taken_off_the_next_sentence_too():
    # Same handler: restored days made while out of custody count against the prospective total (ADA − RADA).
    # 10 awarded in custody on 1 Mar 2022 (first release 2 Jul → 12 Jul 2022); 4 restored on 1 Oct 2022, after
    # release: the second sentence takes −4: 30 Aug 2023 − 4 = 26 Aug 2023.
    got = dates(FIRST, SECOND, adjustments=[ada(date(2022, 3, 1), 10), rada(date(2022, 10, 1), 4)])
    assert got["CRD"] == "2023-08-26"


def test_days_awarded_in_custody_stay_with_that_period():
    # Awarded on 1 Mar 2022 while serving the first sentence: they move its release (12 Jul 2022) but the
    # second sentence, imposed after that release, starts a new period without them (CRDS
    # BookingTimelineService; CJA 2003 s.257 adds days to the term being served). CRD 30 Aug 2023.
    got = dates(FIRST, SECOND, adjustments=[ada(date(2022, 3, 1), 10)])
    assert got["CRD"] == "2023-08-30"


def test_days_awarded_before_the_first_sentence_are_added_to_it():
    # Prospective days awarded on remand (Prison Rules 1999 r.55) are added when the sentence is imposed: the
    # timeline has no sentence in custody on 1 Dec 2021, so the days wait for the first one. 2 Jul 2022 + 5 =
    # 7 Jul 2022.
    assert dates(FIRST, adjustments=[ada(date(2021, 12, 1), 5)])["CRD"] == "2022-07-07"


def test_days_awarded_while_serving_earlier_additional_days_still_count():
    # 10 days awarded on 1 Mar 2022 hold the person to 12 Jul 2022; 5 more awarded on 8 Jul 2022, while
    # still in custody serving those days, move the release again: 17 Jul 2022. Each award is taken on its
    # own date against the release as it then stood (CRDS TimelineAwardedAdjustmentCalculationHandler).
    got = dates(FIRST, adjustments=[ada(date(2022, 3, 1), 10), ada(date(2022, 7, 8), 5)])
    assert got["CRD"] == "2022-07-17"


def test_days_awarded_after_release_from_an_earlier_period_are_placed_against_its_own_credit():
    # A third period's sentence is placed against the second period's release with the second period's
    # credit only. 1 month from 4 Mar 2024 with 16 days' remand: released on the day, 4 Mar. 3 months from
    # 11 Mar 2024 (92 days, day 46 = 25 Apr) with its own 10 days' remand: 15 Apr 2024. 5 days awarded on
    # 2 Apr 2024 fall while the second sentence is served (not after a release on 30 Mar, which the earlier
    # sentence's remand would give): 20 Apr 2024.
    a = sds(date(2024, 3, 4), Term(months=1), "a")
    b = sds(date(2024, 3, 11), Term(months=3), "b")
    got = dates(a, b, adjustments=[
        AdjustmentIn("REMAND", 16, date(2024, 3, 4), date(2024, 2, 17), date(2024, 3, 3)),
        AdjustmentIn("REMAND", 10, date(2024, 3, 11), date(2024, 3, 1), date(2024, 3, 10)),
        ada(date(2024, 4, 2), 5)])
    assert got["CRD"] == "2024-04-20"


# ---- days awarded after the last release ------------------------------------------------------------------
@pytest.mark.parametrize("awarded", [date(2022, 7, 3), date(2022, 9, 1), date(2022, 12, 31)])
def test_days_awarded_after_the_last_release_are_rejected(awarded):
    # CRDS AdjustmentsAfterReleaseDateValidator (ADJUSTMENT_AFTER_RELEASE_ADA, "the from date ... should be
    # the date of the adjudication hearing"), read for the rule: an award dated after the latest release is
    # rejected. Additional days can only be awarded to a prisoner (CJA 2003 s.257; Prison Rules 1999 r.55);
    # the engine used to add them to a release already past.
    with pytest.raises(InvalidBooking):
        dates(FIRST, adjustments=[ada(awarded, 10)])


def test_days_restored_after_the_last_release_are_rejected():
    # Same validator, ADJUSTMENT_AFTER_RELEASE_RADA: 10 awarded on 1 Mar 2022 (release 12 Jul 2022), 3
    # restored on 1 Aug 2022.
    with pytest.raises(InvalidBooking):
        dates(FIRST, adjustments=[ada(date(2022, 3, 1), 10), rada(date(2022, 8, 1), 3)])


def test_days_awarded_on_the_friday_before_a_saturday_release_count():
    # Release Saturday 2 Jul 2022: HMPPS's timeline takes it on Friday 1 Jul (the last working day), so an
    # award on 1 Jul is made in custody: 2 Jul + 10 = 12 Jul 2022.
    assert dates(FIRST, adjustments=[ada(date(2022, 7, 1), 10)])["CRD"] == "2022-07-12"


def test_days_awarded_on_the_weekend_day_of_release_are_refused():
    # An award on Saturday 2 Jul 2022 itself: the timeline has already released the person (taken on the
    # Friday) and drops it, while the validator (not after 2 Jul) lets the booking through: refused.
    with pytest.raises(NotSupported):
        dates(FIRST, adjustments=[ada(date(2022, 7, 2), 10)])


def test_days_awarded_after_a_recorded_release_are_refused():
    # A recorded release (HDC on 1 May 2022) ends the period on the timeline (CRDS
    # TimelineExternalReleaseMovementCalculationHandler); days awarded after it: not settled, refused.
    with pytest.raises(NotSupported):
        dates(FIRST, adjustments=[ada(date(2022, 6, 1), 10)],
              movements=[Movement(date(2022, 5, 1), "OUT", "HDC")])


# ---- a variation check: the prospective days never touch the earlier period --------------------------------
@pytest.mark.parametrize("days", [1, 7, 30])
def test_prospective_days_move_the_next_release_day_for_day(days):
    base = dates(FIRST, SECOND)
    got = dates(FIRST, SECOND, adjustments=[ada(date(2022, 11, 15), days)])
    assert (date.fromisoformat(got["CRD"]) - date.fromisoformat(base["CRD"])).days == days
    assert got["SLED"] == base["SLED"]


# ---- the casebook's own adjustments: remand dated by its first day ---------------------------------------
def test_casebook_remand_with_its_own_dates_is_credited_to_the_sentence_it_preceded():
    # The casebook records remand by its first and last day; HMPPS by the sentence it counts towards. Remand
    # from 11 Dec 2024 to 9 Jan 2025 (30 days) before a 3-year sentence of 10 Jan 2025 counts towards it (CJA
    # 2003 s.240ZA): 40% of 1,095 days = 438 → 23 Mar 2026 − 30 = 21 Feb 2026 (was 23 Mar 2026: dated by
    # its first day, before any sentence, it was taken for credit against a sentence not in the booking).
    from types import SimpleNamespace as NS

    from casebook.sentencing.casebook_adapter import calculate_for_client
    s = NS(id=1, client_id=1, sentence_type="SDS", offence="theft", offence_date=date(2024, 6, 1),
           sentence_date=date(2025, 1, 10), custodial_term="P3Y", extension_term=None, minimum_term=None,
           consecutive_to=None, offence_flags=[], recall_type=None, recall_date=None)
    r = NS(id=1, client_id=1, kind="REMAND", days=30, from_date=date(2024, 12, 11), to_date=date(2025, 1, 9))
    c = calculate_for_client([s], [r], today=date(2026, 1, 1))
    assert c.result.dates["CRD"].date == date(2026, 2, 21)


def test_credit_recorded_against_no_sentence_of_the_booking_is_not_given():
    # CRDS TimelineSentenceCalculationHandler, read for the rule: remand and tagged bail are shared on the
    # date of a sentence imposed (appliesToSentencesFrom == the sentence date) and never otherwise. 2 years
    # from 1 Jan 2022 (730 days, 365 → 31 Dec 2022) and 1 year from 1 Jun 2022 (183 → 30 Nov 2022); 20 days'
    # remand recorded against 1 Mar 2022, when no sentence was imposed: CRD 31 Dec 2022 (was 11 Dec 2022).
    # Recorded against 1 Jun 2022 it counts: 11 Dec 2022.
    a = sds(date(2022, 1, 1), Term(years=2), "a")
    b = sds(date(2022, 6, 1), Term(years=1), "b")
    stray = AdjustmentIn("REMAND", 20, date(2022, 3, 1), date(2021, 11, 1), date(2021, 11, 20))
    assert dates(a, b, adjustments=[stray])["CRD"] == "2022-12-31"
    own = AdjustmentIn("REMAND", 20, date(2022, 6, 1), date(2021, 11, 1), date(2021, 11, 20))
    assert dates(a, b, adjustments=[own])["CRD"] == "2022-12-11"


# ---- unlawfully at large while serving additional days --------------------------------------------------
def _ual(start, days):
    from datetime import timedelta
    return AdjustmentIn("UAL", days, applies_from=start, from_date=start,
                        to_date=start + timedelta(days=days - 1))


@pytest.mark.parametrize(("start", "crd", "sled"), [
    (date(2022, 6, 30), "2022-07-17", "2023-01-05"),   # before the release without the additional days
    (date(2022, 7, 8), "2022-07-17", "2023-01-05"),    # while serving the 10 additional days (was: ignored)
    (date(2022, 7, 12), "2022-07-17", "2023-01-05"),   # on the release day with them
    (date(2022, 7, 13), "2022-07-12", "2022-12-31"),   # after release, on licence: does not count
])
def test_unlawfully_at_large_while_serving_additional_days_counts(start, crd, sled):
    # CRDS TimelineUalAdjustmentCalculationHandler, read for the rule: UAL moves a sentence whose release,
    # with the days awarded so far, is on or after the day it began. Prison Act 1952 s.49(2): time at large
    # does not count towards the sentence. 1 year from 1 Jan 2022: 2 Jul 2022 + 10 days awarded on 1 Mar =
    # 12 Jul 2022; 5 days at large: 17 Jul 2022, SLED 31 Dec 2022 + 5 = 5 Jan 2023.
    got = dates(FIRST, adjustments=[ada(date(2022, 3, 1), 10), _ual(start, 5)])
    assert (got["CRD"], got["SLED"]) == (crd, sled)


def test_days_awarded_after_release_do_not_keep_the_person_in_custody_for_later_ual():
    # 86 days from 11 Apr 2017 (43 → 23 May 2017). 38 days awarded on 9 Jun 2017 come after that release, so
    # they cannot make a UAL from 11 Jul 2017 count (each award on its own date, against the release as it
    # then stood): rejected as an award after release (CRDS AdjustmentsAfterReleaseDateValidator).
    s = sds(date(2017, 4, 11), Term(days=86), "a")
    with pytest.raises(InvalidBooking):
        dates(s, adjustments=[ada(date(2017, 6, 9), 38), ada(date(2017, 7, 3), 40),
                              _ual(date(2017, 7, 11), 17)])


# ---- additional days served before a later sentence, and remand over them ------------------------------
def test_additional_days_served_before_a_later_sentence_and_remand_over_them():
    # CRDS TimelineSentenceCalculationHandler.findServedAdas, read for the rule: a sentence imposed while
    # additional days are being served takes them less the days already served since the release without
    # them. 1 year from 1 Jan 2022: 2 Jul 2022 + 30 days awarded on 1 Mar = 1 Aug 2022. 6 months from 20 Jul
    # 2022 (184 days, 92 → 19 Oct 2022): 17 of the 30 days served (3-19 Jul), 13 added: 1 Nov 2022.
    second = sds(date(2022, 7, 20), Term(months=6), "b")
    assert dates(FIRST, second, adjustments=[ada(date(2022, 3, 1), 30)])["CRD"] == "2022-11-01"
    # With remand recorded for 10-19 Jul 2022 HMPPS counts those days both as served and as remand; CJA 2003
    # s.240ZA(4) gives no remand credit for a day spent serving a sentence: refused (was: the remand days
    # taken out of the days served).
    remand = AdjustmentIn("REMAND", 10, date(2022, 7, 20), date(2022, 7, 10), date(2022, 7, 19))
    with pytest.raises(NotSupported):
        dates(FIRST, second, adjustments=[ada(date(2022, 3, 1), 30), remand])


# ---- credit beyond what a period's sentences could use -------------------------------------------------
def test_an_earlier_period_with_more_credit_than_it_could_use_is_rejected():
    # CRDS ValidateSentenceHasNotBeenExtinguished / ExtinguishedSentenceGroupChecker, read for the rule: each
    # period in custody (sentence group) is checked, not only the one whose dates are given. 1 month from
    # 1 Mar 2021 (31 days, one-half 16 → 16 Mar 2021) with 30 days' remand: 14 Feb 2021, before the day before
    # sentence (28 Feb): rejected, though a later 1-year sentence of 1 Jun 2022 would give dates of its own
    # (was: CRD 30 Nov 2022).
    a = sds(date(2021, 3, 1), Term(months=1), "a")
    b = sds(date(2022, 6, 1), Term(years=1), "b")
    remand = AdjustmentIn("REMAND", 30, date(2021, 3, 1), date(2021, 1, 30), date(2021, 2, 28))
    with pytest.raises(InvalidBooking):
        dates(a, b, adjustments=[remand])
    # 14 days' remand: 16 Mar − 14 = 2 Mar 2021, not extinguished; the later sentence's CRD stands.
    remand = AdjustmentIn("REMAND", 14, date(2021, 3, 1), date(2021, 2, 15), date(2021, 2, 28))
    assert dates(a, b, adjustments=[remand])["CRD"] == "2022-11-30"


# ---- a sentence imposed after a 40% release under SDS40 ---------------------------------------------------
@pytest.mark.parametrize(("second_on", "crd"), [
    # released on 10 Sep 2024 (the tranche date) from the first sentence: a new period, no shared remand
    (date(2024, 9, 11), "2025-02-03"),
    (date(2024, 11, 1), "2025-03-26"),
    # imposed the day before the tranche commenced, while still in custody: the remand is shared
    (date(2024, 9, 9), "2025-01-22"),
])
def test_a_sentence_after_an_sds40_release_starts_a_new_period(second_on, crd):
    # CRDS BookingTimelineService.calculateLatestCustodialRelease, read for the rule: a line imposed before
    # SDS40 and in custody when the tranche commenced is released at 40%, not before the tranche date; a
    # sentence imposed after that starts a new period with its own credit only. 4 years from 1 Jan 2023
    # (1,461 days; 40% = 585 → 7 Aug 2024, − 10 days' remand = 28 Jul 2024): under 5 years, tranche 1, so
    # released on 10 Sep 2024 (SI 2024/844 art.3) — not at one-half (731 − 10 → 21 Dec 2024), which the
    # engine used to place the release at, sharing the remand with a second sentence imposed before then.
    # Second: 1 year (365 days, 40% = 146): from 11 Sep 2024 → 3 Feb 2025; from 1 Nov 2024 → 26 Mar 2025;
    # from 9 Sep 2024, with the 10 days shared: 1 Feb 2025 − 10 = 22 Jan 2025.
    a = sds(date(2023, 1, 1), Term(years=4), "a")
    b = sds(second_on, Term(years=1), "b")
    remand = AdjustmentIn("REMAND", 10, date(2023, 1, 1), date(2022, 12, 22), date(2022, 12, 31))
    assert dates(a, b, adjustments=[remand], profile="calculation-params")["CRD"] == crd


def test_days_awarded_after_release_beside_a_longer_default_term_are_refused():
    # CRDS TimelineAwardedAdjustmentCalculationHandler, read for the rule: days are added only where a line
    # other than a default term is still to be released (maxReleaseNonTermRelease). 1 year from 1 Jan 2022
    # (release 2 Jul 2022) beside a 2-year default term of the same day (730 days, 365 → 31 Dec 2022):
    # 10 days awarded on 1 Sep 2022 are dropped by HMPPS; the engine would add them to a release already
    # past.
    fine = SentenceIn("AFINE", date(2022, 1, 1), Term(years=2), ident="f")
    with pytest.raises(NotSupported):
        dates(FIRST, fine, adjustments=[ada(date(2022, 9, 1), 10)])
    # Awarded on 1 Mar 2022, while the one-year sentence is served, they count: 12 Jul 2022 (the default
    # term's release, 31 Dec 2022, stays the later one).
    assert dates(FIRST, fine, adjustments=[ada(date(2022, 3, 1), 10)])["CRD"] == "2022-12-31"


def test_sentences_of_one_day_never_count_additional_days_as_served_before_each_other():
    # Lines imposed the same day come onto the timeline together (CRDS TimelineSentenceCalculationHandler:
    # one event per date), so none is "imposed while additional days were being served" by another, even
    # where a shorter one's release without them is before the day of sentence. 114 and 125 days and 23
    # months from 11 Nov 2015, 58 days' remand, 25 days awarded on 20 Dec 2015: the 23-month term (700 days,
    # 350 → 25 Oct 2016) − 58 + 25 = 22 Sep 2016; SLED 10 Oct 2017 − 58 = 13 Aug 2017 (was refused, the
    # remand taken for days of additional days served).
    ss = [sds(date(2015, 11, 11), t, f"s{i}") for i, t in
          enumerate([Term(days=114), Term(days=125), Term(months=23)])]
    remand = AdjustmentIn("REMAND", 58, date(2015, 11, 11), date(2015, 9, 14), date(2015, 11, 10))
    got = dates(*ss, adjustments=[remand, ada(date(2015, 12, 20), 25)])
    assert (got["CRD"], got["SLED"]) == ("2016-09-22", "2017-08-13")
