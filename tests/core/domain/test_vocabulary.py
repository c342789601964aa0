"""The vocabularies are defined once (casebook.domain.vocabulary) and every other part reads them."""

from __future__ import annotations

import pytest

from casebook.domain import vocabulary as v


def test_deadline_rules_and_sentencing_use_the_domain_codes():
    from casebook.deadlines import rules
    from casebook.sentencing import casebook_adapter

    assert frozenset(v.SENTENCE_TYPES) == rules.SENTENCE_TYPES
    assert frozenset(v.MATTER_TYPES) == rules.MATTER_TYPES
    assert casebook_adapter.INDETERMINATE is v.INDETERMINATE_TYPES
    assert frozenset(v.ADJUSTMENT_KINDS) == casebook_adapter._ADJ
    # every sentence code the casebook stores is either indeterminate or known to the engine's adapter
    assert set(casebook_adapter._KIND) | v.INDETERMINATE_TYPES == set(v.SENTENCE_TYPES)


def test_event_types_are_read_once_from_the_rules_data():
    from casebook.deadlines import default_rules, event_types
    from casebook.services.chronology import known_event_types

    labels = v.event_type_labels()
    assert known_event_types() == labels
    def plain(types):
        return [(e.code, e.label, e.note) for e in types]

    assert plain(event_types()) == plain(v.event_types())
    assert {v.LICENCE_START_EVENT, v.RECALL_EVENT} <= set(labels)
    assert any(e.triggers for e in default_rules().event_types)


@pytest.mark.parametrize(("data", "message"), [
    ({}, "expected one or more [[event_type]] tables"),
    ({"event_type": [{"label": "X"}]}, "every [[event_type]] needs a 'code'"),
    ({"event_type": [{"code": "Bad Code", "label": "X"}]}, "lower-case letters, digits and '-'"),
    ({"event_type": [{"code": "a", "label": "X", "colour": "red"}]}, "unknown field(s): colour"),
    ({"event_type": [{"code": "a"}]}, "needs a 'label'"),
    ({"event_type": [{"code": "a", "label": "X"}, {"code": "a", "label": "Y"}]}, "declared twice"),
])
def test_event_types_file_is_checked(data, message):
    with pytest.raises(v.VocabularyError) as exc:
        v.parse_event_types(data)
    assert message in str(exc.value)
