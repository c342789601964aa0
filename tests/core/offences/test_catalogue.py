"""The offence catalogue: valid data, every flag cited and dated, search ranks what a practitioner types."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.offences import CatalogueError, catalogue, parse_catalogue

REQUIRED = [  # the offences most parole and recall work involves (issue 13)
    "cl-murder", "cl-manslaughter", "oapa1861-s18", "oapa1861-s20", "oapa1861-s47", "ta1968-s8",
    "ta1968-s9-dwelling", "ta1968-s9-non-dwelling", "ta1968-s10", "soa2003-s1", "soa2003-s2", "soa2003-s3",
    "soa2003-s5", "soa2003-s9", "pca1978-s1", "mda1971-s4-3-a", "mda1971-s5-3-a", "mda1971-s4-2-b",
    "fa1968-s1", "fa1968-s5", "fa1968-s16", "fa1968-s17-1", "fa1968-s18", "pha1997-s2a", "pha1997-s4a",
    "sca2015-s76", "pha1997-s5", "fla1996-s42a", "daa2021-s39", "sca2015-s75a", "cda1971-s1-3",
    "cda1971-s1-2", "cl-kidnapping", "cl-false-imprisonment", "oapa1861-s16", "ta2000-s11", "ta2000-s58",
    "ta2006-s5", "rta1988-s1",
]


def test_the_catalogue_loads_and_covers_the_common_offences():
    cat = catalogue()
    assert len(cat) >= 60
    missing = [i for i in REQUIRED if cat.get(i) is None]
    assert missing == []


def test_every_flag_is_cited_and_dated_and_every_unconfirmed_one_says_why():
    cat = catalogue()
    for o in cat.offences.values():
        assert o.title and o.statute
        for f in o.flags:
            assert f.flag.citation and isinstance(f.flag.since, dt.date)
            assert f.confirmed or f.note
            assert f.cite().startswith(f.flag.citation)


def test_known_schedule_paragraphs():
    cat = catalogue()
    assert cat.get("oapa1861-s18").flag("SCH15_P1").para == "6"
    assert cat.get("oapa1861-s47").flag("SCH15_P1").para == "20"
    rape = cat.get("soa2003-s1").flag("SDS40_EXCLUDED")
    assert rape.cite() == "SI 2024/844 art.3(6)(a) and Schedule, para 12"
    assert cat.get("fla1996-s42a").flag("SDS40_EXCLUDED").para == "17"
    assert cat.get("pha1997-s5").flag("SDS40_EXCLUDED_T3").para == "19A"
    assert cat.get("oapa1861-s18").maximum == "life"


@pytest.mark.parametrize("typed, first", [
    ("wounding with intent", "oapa1861-s18"), ("GBH with intent", "oapa1861-s18"), ("s.18", "oapa1861-s18"),
    ("rape", "soa2003-s1"), ("coercive", "sca2015-s76"), ("robbery", "ta1968-s8"),
    ("non-molestation", "fla1996-s42a"), ("strangulation", "sca2015-s75a"), ("ABH", "oapa1861-s47"),
    ("oapa1861-s20", "oapa1861-s20"), ("aggravated burglary", "ta1968-s10"),
])
def test_search_ranks_what_a_practitioner_types(typed, first):
    assert catalogue().search(typed)[0].id == first


def test_search_of_nothing_finds_nothing():
    assert catalogue().search("") == []
    assert catalogue().search("zzzz qqqq") == []


@pytest.mark.parametrize("data, message", [
    ({"flags": {}, "offence": [{"id": "Bad Id", "title": "x", "statute": "y", "maximum": "life"}]}, "slug"),
    ({"flags": {}, "offence": [{"id": "a", "title": "x", "statute": "y", "maximum": "ten"}]}, "maximum"),
    ({"flags": {}, "offence": [{"id": "a", "title": "x", "statute": "y", "maximum": "life",
                                "flags": [{"code": "NOPE"}]}]}, "unknown flag"),
    ({"flags": {"F": {"title": "t", "citation": "c", "since": dt.date(2020, 1, 1), "effect": "e"}},
      "offence": [{"id": "a", "title": "x", "statute": "y", "maximum": "life",
                   "flags": [{"code": "F", "confirmed": False}]}]}, "needs a note"),
    ({"flags": {}, "offence": []}, "no offences"),
])
def test_an_invalid_catalogue_is_refused(data, message):
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(data)
