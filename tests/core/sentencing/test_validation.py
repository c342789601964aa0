"""Bad input gets one clear message, never a date: the HMPPS pre-calculation validators (CRDS
``ValidationCode``), each as a check of ``casebook.sentencing.validation``.

The booking-level checks run in ``engine.validate`` (for every booking); the checks HMPPS applies to its
source data, and those that need today's date or the release date, run where a person types the record in
(``casebook_adapter.calculate_for_client``). Each test has a rejected case and, where the line is a date or
a length, the valid case beside it. Each rule's law is cited in ``validation.py``.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

import pytest

from casebook.sentencing import calculate
from casebook.sentencing.casebook_adapter import calculate_for_client
from casebook.sentencing.durations import Term
from casebook.sentencing.model import AdjustmentIn, BookingIn, InvalidBooking, NotSupported, SentenceIn

TODAY = date(2026, 1, 1)


def sds(**kw) -> SentenceIn:
    base = dict(kind="SDS", sentenced_at=date(2024, 1, 10), term=Term(years=2), offence_date=date(2023, 5, 1),
                ident="1", label="Robbery")
    base.update(kw)
    return SentenceIn(**base)


def run(*sentences: SentenceIn, adjustments=(), **kw):
    return calculate(BookingIn(sentences=list(sentences), adjustments=list(adjustments), **kw))


def rejected(*sentences: SentenceIn, adjustments=(), **kw) -> str:
    with pytest.raises(InvalidBooking) as exc:
        run(*sentences, adjustments=adjustments, **kw)
    return str(exc.value)


# ------------------------------------------------------------------------------------- engine.validate
def test_a_sentence_with_no_length_is_named():
    # CRDS ZERO_IMPRISONMENT_TERM
    msg = rejected(sds(term=Term()))
    assert msg.startswith("sentence 1 (Robbery) has no length") and "custodial term" in msg


def test_extended_sentence_extension_at_least_one_year_from_laspo():
    # CRDS EDS_LICENCE_TERM_LESS_THAN_ONE_YEAR; the 1-year minimum came with the LASPO EDS (3 Dec 2012).
    eds = dict(kind="EDS", term=Term(years=4), sentenced_at=date(2021, 5, 1), offence_date=date(2020, 6, 1))
    assert "under 1 year" in rejected(sds(**eds, extension=Term(months=11)))
    assert "under 1 year" in rejected(sds(**eds, extension=Term(days=364)))
    assert run(sds(**eds, extension=Term(years=1))).dates
    assert run(sds(**eds, extension=Term(days=365))).dates   # 1 May 2021 + 365 days is the year's end


def test_extended_sentence_extension_at_most_eight_years():
    # CRDS EDS_LICENCE_TERM_MORE_THAN_EIGHT_YEARS
    eds = dict(kind="EDS", term=Term(years=4), sentenced_at=date(2021, 5, 1), offence_date=date(2020, 6, 1))
    assert "over 8 years" in rejected(sds(**eds, extension=Term(years=8, days=1)))
    assert run(sds(**eds, extension=Term(years=8))).dates


def test_automatic_release_extended_sentence_ends_13_april_2015():
    # CRDS LASPO_AR_SENTENCE_TYPE_INCORRECT (CJCA 2015 s.4)
    eds = dict(kind="EDS", eds_automatic=True, term=Term(years=4), extension=Term(years=2),
               offence_date=date(2014, 6, 1))
    msg = rejected(sds(**eds, sentenced_at=date(2015, 4, 13)))
    assert "13 April 2015" in msg and "Parole Board" in msg
    assert run(sds(**eds, sentenced_at=date(2015, 4, 12))).dates


def test_sopc_licence_period_is_one_year():
    # CRDS SOPC_LICENCE_TERM_NOT_12_MONTHS
    sopc = dict(kind="SOPC", term=Term(years=5), sentenced_at=date(2021, 5, 1), offence_date=date(2020, 6, 1))
    assert "exactly 1 year" in rejected(sds(**sopc, extension=Term(years=2)))
    assert "exactly 1 year" in rejected(sds(**sopc, extension=Term(months=6)))
    assert run(sds(**sopc, extension=Term(months=12))).dates


def test_sopc_before_13_april_2015_is_rejected():
    # CRDS SOPC18_SOPC21 / SEC236A type-against-date checks (CJCA 2015 s.6: SOPC from 13 April 2015)
    sopc = dict(kind="SOPC", term=Term(years=5), extension=Term(years=1), offence_date=date(2014, 6, 1))
    assert "13 April 2015" in rejected(sds(**sopc, sentenced_at=date(2015, 4, 12)))
    assert run(sds(**sopc, sentenced_at=date(2015, 4, 13))).dates


def test_one_detention_and_training_order_is_at_most_24_months():
    # Sentencing Act 2020 s.236(1)
    dto = dict(kind="DTO", sentenced_at=date(2023, 3, 1), offence_date=date(2022, 12, 1))
    assert "at most 24 months" in rejected(sds(**dto, term=Term(years=2, months=1)))
    assert run(sds(**dto, term=Term(months=24))).dates
    # consecutive orders may total more
    a = sds(**dto, term=Term(months=18), ident="1")
    b = sds(**dto, term=Term(months=12), ident="2", consecutive_to="1")
    assert run(a, b).dates


def test_consecutive_to_itself():
    msg = rejected(sds(consecutive_to="1"))
    assert msg.startswith("sentence 1 (Robbery) is entered as consecutive to itself")


def test_consecutive_to_a_sentence_not_recorded():
    # CRDS BROKEN_CONSECUTIVE_CHAINS
    msg = rejected(sds(), sds(ident="2", label="Theft", consecutive_to="9"))
    assert msg.startswith("sentence 2 (Theft) is consecutive to a sentence that is not recorded (id 9)")


def test_consecutive_to_a_sentence_imposed_later():
    # CRDS CONSECUTIVE_TO_SENTENCE_IMPOSED_AFTER
    first = sds(sentenced_at=date(2024, 3, 1))
    second = sds(ident="2", label="Theft", sentenced_at=date(2024, 2, 1), consecutive_to="1")
    msg = rejected(first, second)
    assert "sentence 2 (Theft)" in msg and "imposed later (1 March 2024)" in msg
    assert run(first, sds(ident="2", sentenced_at=date(2024, 3, 1), consecutive_to="1")).dates


def test_fixed_term_recall_needs_a_return_to_custody_date():
    # CRDS FTR_NO_RETURN_TO_CUSTODY_DATE (was refused as unsupported)
    recalled = sds(sentenced_at=date(2023, 1, 10), recall_type="FTR28")
    msg = rejected(recalled)
    assert msg.startswith("sentence 1 (Robbery) is a fixed-term recall with no date of return to custody")
    assert run(recalled, return_to_custody=date(2024, 1, 5)).dates


def test_fixed_term_recall_returned_before_the_sentence():
    # CRDS FTR_RTC_DATE_BEFORE_SENTENCE_DATE
    recalled = sds(sentenced_at=date(2023, 1, 10), recall_type="FTR28")
    assert "before the sentence date" in rejected(recalled, return_to_custody=date(2023, 1, 9))


def test_detention_and_training_order_with_a_recall_is_refused():
    # CRDS UNSUPPORTED_CALCULATION_DTO_WITH_RECALL
    dto = sds(kind="DTO", term=Term(months=12), sentenced_at=date(2024, 3, 1), offence_date=date(2023, 12, 1))
    recalled = sds(ident="2", sentenced_at=date(2023, 1, 10), recall_type="STANDARD")
    with pytest.raises(NotSupported, match="a detention and training order with a recalled sentence"):
        run(dto, recalled, return_to_custody=date(2024, 2, 1))


def test_more_days_restored_than_awarded():
    # Prison Rules 1999 r.61: only days awarded can be restored (a negative award would bring release forward)
    adj = [AdjustmentIn("ADA", 5, date(2024, 3, 1)), AdjustmentIn("RADA", 6, date(2024, 4, 1))]
    assert "6 restored additional days but only 5 awarded" in rejected(sds(), adjustments=adj)
    adj[1] = AdjustmentIn("RADA", 5, date(2024, 4, 1))
    assert run(sds(), adjustments=adj).dates["CRD"] == run(sds()).dates["CRD"]


def test_consecutive_sentences_in_a_loop_are_named():
    msg = rejected(sds(consecutive_to="2"), sds(ident="2", label="Theft", consecutive_to="1"))
    assert "loop (sentence 1 (Robbery) → sentence 2 (Theft) → sentence 1 (Robbery))" in msg


def test_28_day_recall_on_a_sentence_under_12_months():
    # CRDS FTR_TYPE_28_DAYS_SENTENCE_LT_12_MONTHS (CJA 2003 s.255B: 14 days under 12 months)
    short = dict(sentenced_at=date(2024, 1, 10), term=Term(months=11), recall_type="FTR28")
    msg = rejected(sds(**short), return_to_custody=date(2024, 5, 1))
    assert msg.startswith("sentence 1 (Robbery) is recorded as a 28-day fixed-term recall")
    assert run(sds(**(short | {"term": Term(months=12)})), return_to_custody=date(2024, 5, 1)).dates
    # a line of consecutive sentences counts as one term (CRDS FTR_TYPE_28_DAYS_AGGREGATE_LT_12_MONTHS)
    four = dict(short, term=Term(months=4))
    msg = rejected(sds(**four), sds(**four, ident="2", consecutive_to="1"),
                   return_to_custody=date(2024, 3, 1))
    assert "the line of consecutive sentences is under 12 months" in msg
    line = [sds(**short), sds(**short, ident="2", consecutive_to="1")]   # 22 months
    assert run(*line, return_to_custody=date(2024, 5, 1)).dates


# ------------------------------------------------------------------------------ typed in (the casebook)
def sentence(**kw):
    base = dict(id=1, client_id=1, sentence_type="SDS", offence="Robbery", offence_date=date(2023, 5, 1),
                sentence_date=date(2024, 1, 10), custodial_term="P2Y", extension_term=None, minimum_term=None,
                consecutive_to=None, offence_flags=["SDS40_ELIGIBLE"], recall_type=None, recall_date=None)
    base.update(kw)
    return NS(**base)


def adjustment(kind, days, from_date=None, to_date=None, id=1):
    return NS(id=id, client_id=1, kind=kind, days=days, from_date=from_date, to_date=to_date)


def client(sentences, adjustments=(), today=TODAY):
    return calculate_for_client(sentences, list(adjustments), today=today)


def refusal(sentences, adjustments=(), today=TODAY) -> str:
    c = client(sentences, adjustments, today)
    assert c.result is None, c.result.as_iso_dict()
    assert c.refusal.startswith("the sentence details are incomplete or invalid: ")
    return c.refusal


def test_remand_entered_with_its_dates_is_credited():
    # The remand's own dates are before the sentence; they were taken as the date it applies from, which put
    # it against no sentence of the booking: 30 days of remand were silently not credited.
    plain = client([sentence()], [adjustment("REMAND", 30)])
    dated = client([sentence()], [adjustment("REMAND", 30, date(2023, 12, 1), date(2023, 12, 30))])
    assert dated.result.as_iso_dict() == plain.result.as_iso_dict()
    # 2 years from 10 Jan 2024 = 731 days; 40% = 293 days → CRD 28 Oct 2024; − 30 days remand → 28 Sep 2024.
    assert dated.result.dates["CRD"].date == date(2024, 9, 28)


def test_offence_date_after_the_sentence_date():
    # CRDS OFFENCE_DATE_AFTER_SENTENCE_START_DATE
    msg = refusal([sentence(offence_date=date(2024, 1, 11))])
    assert "sentence 1 (Robbery): the offence date (11 January 2024) is after the sentence date" in msg
    assert client([sentence(offence_date=date(2024, 1, 10))]).result


def test_adjustment_period_ending_before_it_begins():
    # CRDS ADJUSTMENT_INVALID_DATE_RANGE
    msg = refusal([sentence()], [adjustment("TAGGED_BAIL", 5, date(2023, 12, 10), date(2023, 12, 1))])
    assert "the tagged bail of 5 days from 10 December 2023 to 1 December 2023" in msg
    assert "ends before it begins" in msg


def test_more_days_of_remand_than_the_period_holds():
    msg = refusal([sentence()], [adjustment("REMAND", 31, date(2023, 12, 1), date(2023, 12, 30))])
    assert "31 days cannot be counted for a period of 30 days" in msg
    assert client([sentence()], [adjustment("REMAND", 30, date(2023, 12, 1), date(2023, 12, 30))]).result


def test_remand_on_or_after_the_sentence_date():
    # CRDS REMAND_ON_OR_AFTER_SENTENCE_DATE
    msg = refusal([sentence()], [adjustment("REMAND", 10, date(2024, 1, 1), date(2024, 1, 10))])
    assert "remand must end before the sentence date (10 January 2024)" in msg
    assert client([sentence()], [adjustment("REMAND", 9, date(2024, 1, 1), date(2024, 1, 9))]).result


def test_remand_periods_that_overlap():
    # CRDS REMAND_OVERLAPS_WITH_REMAND (a shared day counts as an overlap)
    first = adjustment("REMAND", 10, date(2023, 12, 1), date(2023, 12, 10))
    sharing = adjustment("REMAND", 5, date(2023, 12, 10), date(2023, 12, 14), id=2)
    assert "overlap: enter each day of remand once" in refusal([sentence()], [first, sharing])
    after = adjustment("REMAND", 5, date(2023, 12, 11), date(2023, 12, 15), id=2)
    assert client([sentence()], [first, after]).result


def test_additional_days_without_a_date_where_it_decides():
    two = [sentence(), sentence(id=2, sentence_date=date(2024, 6, 1), offence_date=date(2024, 2, 1))]
    msg = refusal(two, [adjustment("ADA", 10)])
    assert ("the additional days awarded of 10 days has no date: enter the date of the adjudication "
            "hearing") in msg
    assert client(two, [adjustment("ADA", 10, date(2024, 7, 1))]).result
    assert client([sentence()], [adjustment("ADA", 10)]).result   # one sentence: the date decides nothing


@pytest.mark.parametrize(("adj", "expected"), [
    (adjustment("ADA", 10, date(2026, 1, 2)), "is dated in the future"),                  # FUTURE_DATED_ADA
    (adjustment("RADA", 0, date(2026, 1, 2)), "is dated in the future"),                  # FUTURE_DATED_RADA
    (adjustment("UAL", 10, date(2025, 12, 25), date(2026, 1, 3)), "runs into the future"),  # FUTURE_DATED_UAL
])
def test_adjustments_dated_after_today(adj, expected):
    assert expected in refusal([sentence(sentence_date=date(2025, 3, 1))], [adj])


def test_recall_and_sentence_dated_after_today():
    # CRDS FTR_RTC_DATE_IN_FUTURE / REVOCATION_DATE_IN_THE_FUTURE
    old = dict(sentence_date=date(2023, 1, 10), offence_date=date(2022, 5, 1), recall_type="FTR28",
               custodial_term="P4Y")
    msg = refusal([sentence(**old, recall_date=date(2026, 1, 2))])
    assert "the recall date (2 January 2026) is in the future" in msg
    assert client([sentence(**old, recall_date=date(2026, 1, 1))]).result
    assert "is in the future" in refusal([sentence(sentence_date=date(2026, 1, 2))])


def test_additional_days_dated_after_release():
    # CRDS ADJUSTMENT_AFTER_RELEASE_ADA: CRD 28 October 2024 without additional days.
    msg = refusal([sentence()], [adjustment("ADA", 10, date(2024, 10, 29))])
    assert "dated after release (28 October 2024)" in msg
    assert client([sentence()], [adjustment("ADA", 10, date(2024, 10, 28))]).result
    # each award moves the release on: a second hearing within the first award's days stands
    both = [adjustment("ADA", 10, date(2024, 10, 28)), adjustment("ADA", 3, date(2024, 11, 7), id=2)]
    assert client([sentence()], both).result.dates["CRD"].date == date(2024, 11, 10)


def test_missing_offence_date_refused_only_where_it_decides():
    # CRDS OFFENCE_MISSING_DATE. A 10-month sentence of 2016: an offence before 1 February 2015 gave no
    # licence (ORA 2014), so the offence date decides the dates.
    short = sentence(offence_date=None, sentence_date=date(2016, 1, 10), custodial_term="P10M")
    msg = refusal([short])
    assert "no offence date" in msg and "before 1 February 2015" in msg
    # A 5-year sentence of 2024: every offence date gives the same dates.
    assert client([sentence(offence_date=None, custodial_term="P5Y")]).result


def test_extended_determinate_sentence_before_laspo():
    # CRDS type-against-date checks: the EDS exists from 3 December 2012
    eds = dict(sentence_type="EDS", offence_date=date(2009, 5, 1), custodial_term="P4Y", extension_term="P3Y")
    msg = refusal([sentence(**eds, sentence_date=date(2012, 12, 2))])
    assert "can only be imposed from 3 December 2012" in msg and "automatic release" in msg
    assert client([sentence(**eds, sentence_date=date(2012, 12, 3))]).result
    # an EDS with automatic release did not exist before 3 December 2012 either (CJA 2003 s.246A as enacted)
    auto = eds | {"sentence_type": "EDS_AUTO"}
    assert client([sentence(**auto, sentence_date=date(2012, 12, 2))]).refusal


def test_remand_for_a_dto_imposed_before_28_june_2022():
    # CRDS PRE_PCSC_DTO_WITH_ADJUSTMENT: the remand was silently not credited
    dto = dict(sentence_type="DTO", offence_date=date(2021, 1, 1), custodial_term="P12M")
    msg = refusal([sentence(**dto, sentence_date=date(2022, 6, 27))], [adjustment("REMAND", 30)])
    assert "not deducted from a detention and training order imposed before 28 June 2022" in msg
    assert "not deducted" in refusal([sentence(**dto, sentence_date=date(2022, 6, 27))],
                                     [adjustment("TAGGED_BAIL", 10)])
    # (with the date of birth a DTO's top-up supervision turns on: Sentencing Act 2020 s.247)
    assert calculate_for_client([sentence(**dto, sentence_date=date(2022, 6, 28))],
                                [adjustment("REMAND", 30)], today=TODAY,
                                date_of_birth=date(2006, 1, 1)).result


def test_offence_date_more_than_100_years_ago():
    # CRDS OFFENCE_DATE_OVER_OR_UNDER_100_YEARS_AGO
    assert "more than 100 years ago" in refusal([sentence(offence_date=date(1925, 12, 31))])


def test_recall_after_the_sentence_expired():
    # 2 years from 10 January 2023 expires 9 January 2025: a recall on 1 February 2025 recalls nothing.
    old = dict(sentence_date=date(2023, 1, 10), offence_date=date(2022, 5, 1), recall_type="FTR28")
    msg = refusal([sentence(**old, recall_date=date(2025, 2, 1))])
    assert "the recall date (1 February 2025) is after the sentence expired (9 January 2025)" in msg
    assert client([sentence(**old, recall_date=date(2025, 1, 9))]).result


def test_offence_chosen_under_the_wrong_act_for_its_date():
    # CRDS SE2020_INVALID_OFFENCE_DETAIL and INCORRECT_OFFENCE_BREACH_97 (Sentencing Act 2020 from 1 Dec 2020)
    code = dict(offence_id="sc2020-s363", offence_flags=[], sentence_date=date(2021, 6, 1))
    msg = refusal([sentence(**code, offence_date=date(2020, 11, 30))])
    assert "applies only to offences from 1 December 2020" in msg
    assert client([sentence(**code, offence_date=date(2020, 12, 1))]).result
    pha = dict(offence_id="pha1997-s5", offence_flags=[], sentence_date=date(2021, 6, 1))
    msg = refusal([sentence(**pha, offence_date=date(2020, 12, 1))])
    assert "breached under the Sentencing Act 2020 s.363" in msg
    assert client([sentence(**pha, offence_date=date(2020, 11, 30))]).result


def test_more_days_unlawfully_at_large_than_the_period_holds():
    msg = refusal([sentence()], [adjustment("UAL", 12, date(2024, 3, 1), date(2024, 3, 10))])
    assert "the time unlawfully at large of 12 days from 1 March 2024 to 10 March 2024" in msg
    assert "cannot be counted for a period of 10 days" in msg


def test_unlawfully_at_large_before_the_first_sentence():
    # The engine leaves such a period out: it was entered to no effect.
    msg = refusal([sentence()], [adjustment("UAL", 5, date(2023, 12, 1), date(2023, 12, 5))])
    assert "the period is before the first sentence (10 January 2024)" in msg
    assert client([sentence()], [adjustment("UAL", 5, date(2024, 1, 10), date(2024, 1, 14))]).result


def test_standard_recall_dated_before_the_sentence():
    recalled = dict(recall_type="STANDARD", custodial_term="P4Y")
    msg = refusal([sentence(**recalled, recall_date=date(2024, 1, 9))])
    assert "the recall date (9 January 2024) is before the sentence date (10 January 2024)" in msg
    assert client([sentence(**recalled, recall_date=date(2025, 1, 9))]).result


def test_recall_date_without_a_recall_type():
    msg = refusal([sentence(recall_date=date(2025, 1, 9))])
    assert msg.endswith("sentence 1 (Robbery) has a recall date but no recall type: choose the recall type "
                        "(standard, or fixed-term 14, 28 or 56 days), or clear the date")


def test_remand_while_serving_another_sentence():
    # CJA 2003 s.240ZA(4); CRDS REMAND_OVERLAPS_WITH_SENTENCE. Sentence 1 (1 year from 10 January 2023) is
    # served until release at one-half on 11 July 2023; remand for sentence 2 from 1 March to 16 September
    # 2023 has 67 days outside it.
    first = sentence(offence_date=date(2022, 5, 1), sentence_date=date(2023, 1, 10), custodial_term="P1Y")
    second = sentence(id=2, offence_date=date(2023, 3, 1), offence="Theft", custodial_term="P3Y")
    period = dict(from_date=date(2023, 3, 1), to_date=date(2023, 9, 16))
    msg = refusal([first, second], [adjustment("REMAND", 68, **period)])
    assert "overlaps sentence 1 (Robbery), served from 10 January 2023 until release on 11 July 2023" in msg
    assert "which leaves 67 days" in msg
    assert client([first, second], [adjustment("REMAND", 67, **period)]).result


# ------------------------------------------------------------------- CRDS unit tests, translated inline
@pytest.mark.parametrize(("extension", "valid"), [
    (Term(years=0), False), (Term(months=11), False),     # "should have license term of at least 1 year"
    (Term(months=11, weeks=5), True), (Term(days=377), True),   # "... at least 1 year valid"
    (Term(years=8, days=1), False),                       # "should have license term of at less than 8 years"
])
def test_crds_eds_licence_term_bounds(extension, valid):
    # CRDS unit test ValidationServiceTest (EDS sentenced 1 May 2021, 1-year custodial term); LASPO 2012 /
    # Sentencing Act 2020 s.281: an extension period of at least 1 and at most 8 years.
    eds = sds(kind="EDS", term=Term(years=1), extension=extension, sentenced_at=date(2021, 5, 1),
              offence_date=date(2020, 6, 1))
    if not valid:
        rejected(eds)
    else:
        assert run(eds).dates


def test_crds_remand_examples():
    # CRDS unit test AdjustmentsBeforeCalculationValidatorTest: remand 10 → 1 January 2024 (invalid range);
    # remand 1-10 and 5-15 January 2024 (overlap). Here for a sentence of 1 February 2024.
    later = sentence(sentence_date=date(2024, 2, 1))
    assert "ends before it begins" in refusal([later], [adjustment("REMAND", 9, date(2024, 1, 10),
                                                                   date(2024, 1, 1))])
    both = [adjustment("REMAND", 10, date(2024, 1, 1), date(2024, 1, 10)),
            adjustment("REMAND", 11, date(2024, 1, 5), date(2024, 1, 15), id=2)]
    assert "overlap" in refusal([later], both)


def test_missing_fields_say_what_to_enter():
    # CRDS SENTENCE_HAS_NO_IMPRISONMENT_TERM / SENTENCE_HAS_NO_LICENCE_TERM, as typed in
    assert refusal([sentence(custodial_term=None)]).endswith(
        "sentence 1 custodial term is missing: enter it as pronounced, e.g. P2Y6M")
    assert refusal([sentence(sentence_type="EDS", custodial_term="P4Y")]).endswith(
        "sentence 1 extension period is missing: enter it as pronounced, e.g. P2Y6M")
    assert refusal([sentence(sentence_date=None)]).endswith(
        "sentence 1 (Robbery) has no sentence date: enter the date it was passed")
    assert refusal([sentence()], [adjustment("REMAND", -1)]).endswith(
        "has no valid number of days: enter the days as a whole number, 0 or more")


def test_fixed_term_recall_of_an_extended_sentence_is_rejected():
    # CJA 2003 s.255A(2): an extended sentence prisoner is not considered for automatic release after recall.
    eds = dict(sentence_type="EDS", offence_date=date(2019, 5, 1), sentence_date=date(2020, 1, 10),
               custodial_term="P4Y", extension_term="P3Y", recall_date=date(2024, 6, 1))
    msg = refusal([sentence(**eds, recall_type="FTR28")])
    assert "cannot be recalled for a fixed term" in msg and "s.255A(2)" in msg and "Standard recall" in msg
    assert client([sentence(**eds, recall_type="STANDARD")]).result
