"""Contacts (issue 12): the people on a case, the client's or one matter's, on a real SQLCipher casebook.
Adding, changing and removing them (audited like every record), a matter's list (its own and the
client's general ones), the global search, and bad input → a clear message and nothing saved."""

from __future__ import annotations

import json

import pytest

from casebook.domain.contacts import email, phone, role_code
from casebook.domain.records import CONTACTS, SEARCH_KINDS
from casebook.domain.vocabulary import CONTACT_ROLES
from casebook.errors import NotFound, ValidationError
from casebook.services.contacts import OTHER_CLIENT


@pytest.fixture
def case(svc):
    a = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    b = svc.clients.add(name="Barnaby Quillfeather", prison_number="B2345CD")
    ma = svc.matters.add(a, "parole-review")
    ma2 = svc.matters.add(a, "complaint")
    mb = svc.matters.add(b, "recall-review")
    return svc, a, b, ma, ma2, mb


def _count(svc) -> int:
    return svc.cb.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]


def _audits(svc) -> int:
    return svc.cb.conn.execute("SELECT count(*) FROM audit WHERE entity = 'contact'").fetchone()[0]


def test_the_required_roles_are_in_the_vocabulary():
    assert {"pom", "com", "psychologist", "ppcs", "counsel", "expert", "family", "supporter", "other"} \
        <= set(CONTACT_ROLES)


def test_add_get_and_list_for_client_and_matter(case):
    svc, a, b, ma, ma2, mb = case
    pom = svc.contacts.add(a, name="Jo Example", role="pom", organisation="HMP Example, OMU",
                           email="jo.example@hmpps.example", phone="+44 (0)113 496 0000")
    psych = svc.contacts.add(matter_id=ma, name="Dr Ann Sample", role="independent-psychologist")
    counsel = svc.contacts.add(a, matter_id=ma2, name="Sam Brief", role="counsel")
    svc.contacts.add(b, name="Other Client's POM", role="pom")

    c = svc.contacts.get(pom)
    assert (c.client_id, c.matter_id, c.role) == (a, None, "pom")
    assert c.role_label == "Prison offender manager (POM)"
    assert c.phone == "+44 (0)113 496 0000" and c.display == "Jo Example (HMP Example, OMU)"
    # By matter alone: the client is the matter's.
    assert svc.contacts.get(psych).client_id == a
    assert {x.id for x in svc.contacts.list_for_client(a)} == {pom, psych, counsel}
    # A matter's list: its own first, then the client's general ones; never another matter's.
    assert [x.id for x in svc.contacts.list_for_matter(ma)] == [psych, pom]
    assert [x.id for x in svc.contacts.list_for_matter(ma2)] == [counsel, pom]
    assert CONTACTS.to_json(svc.contacts.get(psych))["matter"] == ma
    assert CONTACTS.to_json(c)["matter"] is None


def test_roles_are_forgiving_about_case_and_spaces(case):
    svc, a, *_ = case
    cid = svc.contacts.add(a, name="Dr Ann Sample", role="Independent psychologist")
    assert svc.contacts.get(cid).role == "independent-psychologist"
    assert role_code(" POM ") == "pom"


@pytest.mark.parametrize(("fields", "field", "says"), [
    ({"name": "X", "role": "governor"}, "role", "must be one of: pom, com, psychologist"),
    ({"name": "X", "role": ""}, "role", "is required"),
    ({"name": "", "role": "pom"}, "name", "is required"),
    ({"name": "X", "role": "pom", "email": "jo.example"}, "email", "@"),
    ({"name": "X", "role": "pom", "email": "jo@example"}, "email", "domain"),
    ({"name": "X", "role": "pom", "email": "jo@.example"}, "email", "domain"),
    ({"name": "X", "role": "pom", "phone": "0113 496 0000 ext. 4"}, "phone", "digits, spaces and + ( ) -"),
    ({"name": "X", "role": "pom", "phone": "()-+"}, "phone", "digits"),
    ({"name": "X", "role": "pom", "phone": "1" * 41}, "phone", "too long"),
])
def test_bad_input_says_what_is_wrong_and_saves_nothing(case, fields, field, says):
    svc, a, *_ = case
    before, audits = _count(svc), _audits(svc)
    with pytest.raises(ValidationError) as err:
        svc.contacts.add(a, **fields)
    assert field in err.value.errors and says in err.value.errors[field]
    bad = str(fields.get(field) or "")
    if len(bad) > 3:
        assert bad not in err.value.message  # the message never repeats what was typed
    assert (_count(svc), _audits(svc)) == (before, audits)


def test_a_matter_of_another_client_is_refused_and_nothing_is_saved(case):
    svc, a, b, ma, ma2, mb = case
    before = _count(svc)
    with pytest.raises(ValidationError) as err:
        svc.contacts.add(a, matter_id=mb, name="Jo Example", role="pom")
    assert err.value.errors == {"matter_id": OTHER_CLIENT}
    with pytest.raises(ValidationError) as err:  # every fault at once
        svc.contacts.add(a, matter_id=mb, name="", role="boss")
    assert set(err.value.errors) == {"matter_id", "name", "role"}
    with pytest.raises(ValidationError):
        svc.contacts.add(a, matter_id=999, name="Jo Example", role="pom")
    cid = svc.contacts.add(a, name="Jo Example", role="pom")
    with pytest.raises(ValidationError) as err:
        svc.contacts.update(cid, matter_id=mb, organisation="Moved")
    assert err.value.errors == {"matter_id": OTHER_CLIENT}
    c = svc.contacts.get(cid)
    assert (c.matter_id, c.organisation) == (None, "")
    assert _count(svc) == before + 1


def test_unknown_client_contact_or_matter(case):
    svc, *_ = case
    with pytest.raises(NotFound, match="no client with id 999"):
        svc.contacts.add(999, name="Jo Example", role="pom")
    with pytest.raises(NotFound, match="no matter with id 999"):
        svc.contacts.add(matter_id=999, name="Jo Example", role="pom")
    with pytest.raises(ValidationError, match="give a client or a matter"):
        svc.contacts.add(name="Jo Example", role="pom")
    for call in (lambda: svc.contacts.get(999), lambda: svc.contacts.remove(999),
                 lambda: svc.contacts.update(999, name="X"), lambda: svc.contacts.list_for_client(999),
                 lambda: svc.contacts.list_for_matter(999)):
        with pytest.raises(NotFound):
            call()
    assert _count(svc) == 0


def test_update_and_remove_are_audited_like_every_record(case):
    svc, a, b, ma, *_ = case
    cid = svc.contacts.add(a, name="Jo Example", role="pom", email="jo@hmpps.example")
    changed = svc.contacts.update(cid, role="com", matter_id=ma, email="jo@probation.example")
    assert set(changed) == {"role", "matter_id", "email"}
    assert svc.contacts.update(cid, role="com") == {}  # nothing changed, nothing logged
    c = svc.contacts.get(cid)
    assert (c.role, c.matter_id) == ("com", ma)
    svc.contacts.update(cid, matter_id=None)  # back to the client's general contact
    assert svc.contacts.get(cid).matter_id is None
    svc.contacts.remove(cid)
    with pytest.raises(NotFound):
        svc.contacts.get(cid)
    log = {e.action: e for e in svc.audit.entries(entity="contact", entity_id=cid)}
    assert set(log) == {"create", "update", "delete"}
    assert json.loads(log["update"].detail["role"]) == ["pom", "com"]  # the first update (newest first)
    # What a deleted contact leaves in the log: its client, matter and role — never the name or email.
    assert log["delete"].detail == {"client_id": a, "matter_id": None, "role": "com"}
    assert "Jo Example" not in str(log["delete"].detail)


def test_found_by_name_organisation_and_role_in_the_global_search(case):
    svc, a, b, ma, *_ = case
    assert SEARCH_KINDS["contact"] is CONTACTS
    cid = svc.contacts.add(a, matter_id=ma, name="Dr Ann Sample", role="independent-psychologist",
                           organisation="Exampleton Forensic Psychology")
    for words in ("Sample", "Exampleton forensic", "psychologist"):
        hits = [h for h in svc.search.query(words) if h.kind == "contact"]
        found = [(h.ref_id, h.client_id, h.matter_id, h.title) for h in hits]
        assert found == [(cid, a, ma, "Dr Ann Sample")]
    svc.contacts.update(cid, name="Dr Ann Other")
    assert not [h for h in svc.search.query("Sample") if h.kind == "contact"]
    svc.contacts.remove(cid)
    assert not [h for h in svc.search.query("Other") if h.kind == "contact"]


def test_deleting_the_client_deletes_their_contacts(case):
    svc, a, b, ma, *_ = case
    svc.contacts.add(a, name="Jo Example", role="pom")
    svc.contacts.add(b, name="Sam Other", role="com")
    svc.clients.delete(a)
    assert [c.name for c in svc.contacts.list_for_client(b)] == ["Sam Other"]
    assert _count(svc) == 1


def test_the_field_parsers():
    assert email("  jo@hmpps.example ") == "jo@hmpps.example" and email("") == "" and email(None) == ""
    assert email("first.last@justice.gov.uk") == "first.last@justice.gov.uk"
    for bad in ("jo", "jo@", "@x.org", "jo@x", "jo@x.", "jo @x.org", "jo@@x.org"):
        with pytest.raises(ValueError):
            email(bad)
    assert phone(" 0113  496 0000 ") == "0113 496 0000" and phone("") == ""
    assert phone("+44 (0)20 7946-0000") == "+44 (0)20 7946-0000"
    for bad in ("0113 x", "call me", "0113/496"):
        with pytest.raises(ValueError):
            phone(bad)


def test_the_demo_gives_parole_clients_contacts(demo_svc):
    clients = demo_svc.clients.list()
    with_contacts = [c for c in clients if demo_svc.contacts.list_for_client(c.id)]
    assert len(with_contacts) >= len(clients) // 2
    for c in with_contacts:
        roles = {x.role for x in demo_svc.contacts.list_for_client(c.id)}
        assert {"pom", "com", "ppcs"} <= roles
        for x in demo_svc.contacts.list_for_client(c.id):
            assert not x.email or x.email.endswith(".example")
