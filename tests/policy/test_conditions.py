"""Conditions over facts: operators, combinations, dotted names, and every way a condition can be wrong."""

from __future__ import annotations

from dataclasses import replace

import pytest

import provenance
from provenance.errors import PolicyError
from provenance.models import Report
from provenance.policy.conditions import parse_condition
from tests.helpers import fixture


@pytest.fixture(scope="module")
def ai() -> Report:
    return provenance.inspect(fixture("ai_generated.jpg"))


@pytest.fixture(scope="module")
def plain() -> Report:
    return provenance.inspect(fixture("plain.jpg"))


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({}, True),
        ({"origin": "ai_generated"}, True),
        ({"origin": "captured"}, False),
        ({"origin": ["captured", "ai_generated"]}, True),
        ({"origin": {"ne": "ai_generated"}}, False),
        ({"origin": {"not_in": ["captured", "human_made"]}}, True),
        ({"trust_list": {"exists": False}}, True),  # not trusted: no list named
        ({"ai": True, "c2pa": {"present": True}}, True),  # TOML's reading of c2pa.present = true
        ({"c2pa.present": True, "c2pa.verifies": False}, False),
        ({"any": [{"origin": "captured"}, {"c2pa.soft_binding": False}]}, True),
        ({"any": [{"origin": "captured"}, {"c2pa.soft_binding": True}]}, False),
        ({"all": [{"ai": True}, {"strength": "signed"}]}, True),
        ({"not": {"integrity": "tampered"}}, True),
        ({"not": {"integrity": "intact"}}, False),
    ],
)
def test_conditions_hold_as_written(ai: Report, table: dict[str, object], expected: bool) -> None:
    assert parse_condition(table, "test").holds(ai)[0] is expected


def test_a_failed_condition_says_which_fact_and_what_it_was(plain: Report) -> None:
    ok, why = parse_condition({"ai": True, "c2pa.present": True}, "t").holds(plain)
    assert not ok
    assert why == ["ai is false, not true", "c2pa.present is false, not true"]
    ok, why = parse_condition({"origin": ["ai_generated", "ai_edited"]}, "t").holds(plain)
    assert why == ["origin is 'unknown', not one of 'ai_generated', 'ai_edited'"]
    ok, why = parse_condition({"not": {"origin": "unknown"}}, "t").holds(plain)
    assert (ok, why) == (False, ["must not hold: origin is 'unknown'"])


def test_facts_read_the_report(ai: Report, plain: Report) -> None:
    facts = provenance.policy.FACTS  # type: ignore[attr-defined]
    assert facts["c2pa.source_type"].read(ai) is True
    assert facts["c2pa.source_type"].read(plain) is False
    errored = replace(plain, error=provenance.ReportError("empty", "x is empty"))  # type: ignore[arg-type]
    assert facts["error"].read(errored) is True


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"orgin": "ai_generated"}, "unknown fact 'orgin'"),
        ({"origin": {"like": "ai"}}, "unknown operator 'like'"),
        ({"ai": "yes"}, "ai is a bool; a string 'yes' can never match"),
        ({"origin": True}, "origin is a str; a boolean True can never match"),
        ({"origin": {"in": []}}, "'in' takes a non-empty list"),
        ({"origin": {}}, "an empty operator table tests nothing"),
        ({"any": []}, "must be a non-empty list of condition tables"),
        ({"any": {"ai": True}}, "must be a non-empty list of condition tables"),
        ({"c2pa": {"presnt": True}}, "unknown fact 'c2pa'"),
        ({"trust_list": {"exists": "yes"}}, "'exists' takes true or false"),
    ],
)
def test_a_wrong_condition_is_an_error_that_says_where(table: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match=r"^rules\[0\]\.require") as caught:
        parse_condition(table, "rules[0].require")
    assert message in str(caught.value)
