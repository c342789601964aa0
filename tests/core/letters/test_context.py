"""The template context: exactly the documented names (``EXAMPLE``, ``docs/letters.md``), plain JSON values,
"" rather than None, English (UK) dates, and built with a fixed number of queries whatever the size of the
case (no query per chronology event or challenge)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from casebook.letters.context import EXAMPLE, NULLABLE, TOP_LEVEL, build_context

UK_DATE = re.compile(
    r"^([1-9]|[12]\d|3[01]) (January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4}$"
)
DATE_KEYS = {
    "today",
    "dob",
    "sentence_date",
    "tariff_expiry",
    "prison",
    "ours",
    "date",
    "due",
    "opened_on",
    "to_date",
    "next_due",
    "referred",
}


def _same_shape(example, value, path="") -> None:
    if isinstance(example, dict):
        if value is None:
            assert path.lstrip(".") in NULLABLE, f"{path} is null"
            return
        assert isinstance(value, dict), path
        assert set(value) == set(example), f"{path}: {set(value) ^ set(example)}"
        for k in example:
            _same_shape(example[k], value[k], f"{path}.{k}")
    elif isinstance(example, list):
        assert isinstance(value, list), path
        for item in value:
            _same_shape(example[0], item, f"{path}[]") if example else None
    else:
        assert value is not None, f"{path} is None"
        assert type(value) is type(example), f"{path}: {type(value).__name__} not {type(example).__name__}"


def _dates(value, key="") -> list[tuple[str, str]]:
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _dates(v, k)
    elif isinstance(value, list):
        for v in value:
            out += _dates(v, key)
    elif isinstance(value, str) and key in DATE_KEYS and value:
        out.append((key, value))
    return out


def test_context_has_exactly_the_documented_shape_for_every_demo_matter(demo_svc):
    assert tuple(EXAMPLE) == TOP_LEVEL
    _same_shape(EXAMPLE, EXAMPLE)
    seen_lists = set()
    for m in demo_svc.matters.list():
        ctx = build_context(demo_svc, m.id)
        _same_shape(EXAMPLE, ctx)
        assert json.loads(json.dumps(ctx)) == ctx  # plain JSON values only
        for key, value in _dates(ctx):
            if key == "prison" and not value[0].isdigit():
                continue  # client.prison is the establishment's name
            assert UK_DATE.match(value), (key, value)
        seen_lists |= {k for k, v in ctx.items() if isinstance(v, list) and v}
        assert (
            ctx["client"]["name"] and ctx["today"] == "26 November 2026" and ctx["today_iso"] == "2026-11-26"
        )
    # The demo exercises every list of the context somewhere.
    assert {
        "sentences",
        "key_dates",
        "deadlines",
        "chronology",
        "material_facts",
        "assessments",
        "risk_factors",
        "evidence",
        "challenges",
        "allegations",
        "programmes",
        "documents",
    } <= seen_lists


def test_contract_names_are_all_there():
    """The names the templates were written against (the shared contract), none renamed."""
    contract = {
        "firm": "name address_lines phone email solicitor sra_number reference",
        "client": "name prison_number pnc dob age prison category mappa_category mappa_level interpreter "
        "vulnerability first_name surname title",
        "sentences": "type type_label offence sentence_date custodial_term minimum_term extension_term "
        "tariff_expiry",
        "key_dates": "code label prison ours differs note",
        "matter": "id type type_label title status reference parole_board_ref ppcs_ref legal_aid_class "
        "legal_aid_label opened_on",
        "deadlines": "title due due_iso rule citation confirmed done overdue",
        "chronology": "date date_iso type type_label text source page material disputed disputed_label "
        "citations",
        "assessments": "tool tool_label date author author_role conclusions recommendation rosh scores "
        "citations",
        "risk_factors": "name notes evidence",
        "evidence": "kind kind_label date to_date title source page notes factors citations",
        "challenges": "assertion source page paragraph ground ground_label position status status_label "
        "steps evidence next_due citations",
        "allegations": "text status status_label source page citations",
        "programmes": "name status_label date",
        "documents": "cite_as title kind_label date pages sections",
        "recommendations": "author_role author recommendation",
        "hearing": "date type",
    }
    for key, names in contract.items():
        shape = EXAMPLE[key][0] if isinstance(EXAMPLE[key], list) else EXAMPLE[key]
        assert set(names.split()) <= set(shape), key
    assert {"group", "setting", "level"} <= set(EXAMPLE["assessments"][0]["rosh"][0])
    assert {"name", "value", "band"} <= set(EXAMPLE["assessments"][0]["scores"][0])
    assert {"step_label", "date"} <= set(EXAMPLE["challenges"][0]["steps"][0])
    assert {"name", "pages"} <= set(EXAMPLE["documents"][0]["sections"][0])
    assert {"today", "today_iso", "next_deadline", "material_facts"} <= set(EXAMPLE)


def test_missing_values_are_empty_strings(svc):
    cid = svc.clients.add(name="Solo")
    mid = svc.matters.add(cid, "parole-review")
    ctx = build_context(svc, mid)
    assert ctx["client"]["prison_number"] == "" and ctx["client"]["dob"] == "" and ctx["client"]["age"] == ""
    assert ctx["client"]["first_name"] == "" and ctx["client"]["surname"] == "Solo"
    assert ctx["matter"]["parole_board_ref"] == "" and ctx["matter"]["legal_aid_label"] == ""
    assert ctx["hearing"] is None and ctx["next_deadline"] is None
    assert ctx["chronology"] == [] and ctx["firm"]["address_lines"] == []
    _same_shape(EXAMPLE, ctx)


def test_firm_details_come_from_the_setting(svc):
    cid = svc.clients.add(name="Ann Example")
    mid = svc.matters.add(cid, "parole-review")
    firm = svc.letters.set_firm(name="Example & Co", address_lines=["1 High St", "Leeds"], sra_number="123")
    assert firm["name"] == "Example & Co"
    ctx = build_context(svc, mid)
    assert ctx["firm"]["address_lines"] == ["1 High St", "Leeds"] and ctx["firm"]["phone"] == ""
    from casebook.errors import BadInput

    with pytest.raises(BadInput):
        svc.letters.set_firm(colour="red")


def test_unknown_matter(svc):
    from casebook.errors import NotFound

    with pytest.raises(NotFound):
        build_context(svc, 999)


def _grow(svc, mid: int, events: int, challenges: int) -> None:
    cid = svc.matters.get(mid).client_id
    for i in range(events):
        svc.chronology.add(
            mid, dt.date(2020, 1, 1) + dt.timedelta(days=i), "note", text=f"e{i}", material=bool(i % 2)
        )
    ev = svc.evidence.add(cid, kind="behaviour", date="2024-01-01", title="Good behaviour")
    for i in range(challenges):
        ch = svc.challenges.add(mid, assertion=f"a{i}", source="OASys", ground="factual-error", evidence=[ev])
        svc.challenges.step(ch, "correction-request", "2026-11-01")
    a = svc.assessments.add(
        cid,
        tool="oasys",
        date="2026-01-01",
        rosh=[{"risk_group": "public", "setting": "community", "level": "medium"}],
    )
    svc.risk_factors.add(cid, f"factor {events}", assessments=[a])


def _queries(svc, mid: int) -> int:
    # The stored deadlines brought up to date first: how much of that cache a write left to recompute
    # is the cache's business, not the context's (schema 10).
    svc.deadlines.list()
    seen: list[str] = []
    svc.cb.conn.set_trace_callback(seen.append)
    try:
        build_context(svc, mid)
    finally:
        svc.cb.conn.set_trace_callback(None)
    return len(seen)


def test_context_is_built_with_a_fixed_number_of_queries(svc):
    cid = svc.clients.add(name="Big Case", prison_number="A1234BC")
    svc.clients.add_sentence(cid, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P14Y")
    mid = svc.matters.add(cid, "parole-review")
    _grow(svc, mid, 5, 2)
    small = _queries(svc, mid)
    _grow(svc, mid, 60, 12)
    big = _queries(svc, mid)
    assert big == small, (small, big)
    assert len(build_context(svc, mid)["chronology"]) == 65 + 14  # 65 events, 14 challenge steps


def test_context_command_prints_the_context_as_json(demo_svc, run_cli, parole_matters):
    matter = parole_matters[0]
    expected = build_context(demo_svc, matter)
    demo_svc.close()
    r = run_cli("--file", "demo.casebook", "letter", "context", "--matter", str(matter), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["client"] == expected["client"] and data["chronology"] == expected["chronology"]
    r = run_cli("--file", "demo.casebook", "letter", "context", "--matter", "9999", "--json")
    assert r.returncode == 1 and r.stdout == "" and r.stderr.count("\n") == 1


def test_docs_list_every_field():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "letters.md").read_text(encoding="utf-8")

    def walk(v, p):
        if isinstance(v, dict):
            for k, x in v.items():
                yield from walk(x, f"{p}.{k}" if p else k)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            yield p
            yield from walk(v[0], p + "[]")
        else:
            yield p

    missing = [f for f in walk(EXAMPLE, "") if f"`{f}`" not in doc]
    assert missing == []
