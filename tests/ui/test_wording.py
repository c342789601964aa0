"""The core's hints said the window's way (ui.widgets.wording), checked on the messages the core really
gives, so a change of the core's wording that the window would show as a command line fails here."""

from __future__ import annotations

import datetime as dt

from casebook.deadlines import MatterFacts, TriggerEvent, WorkingCalendar, compute, default_rules
from ui.widgets.wording import COMMENCEMENT_PLACE, for_window


def test_a_rule_not_yet_in_force_says_where_the_window_sets_its_commencement():
    start = TriggerEvent(1, 1, dt.date(2025, 1, 1), "ipp-licence-start", client_id=7)
    comp = compute([start], MatterFacts("ipp-licence-termination", frozenset({"IPP"})), default_rules(),
                   WorkingCalendar())
    reason = {n.rule.id: n.reason for n in comp.not_applied}["sa2026-ipp-termination-review"]
    assert "casebook deadlines commencement sa2026" in reason  # (what the command line reads)
    shown = for_window(reason)
    assert f"({COMMENCEMENT_PLACE})" in shown
    assert "casebook" not in shown and "Settings" not in shown
    assert shown.startswith("not in force: its commencement date has not been set")
