"""Values: truthiness, equality without coercion, ordering with coercion, and numbers written and read the
way the reference implementation (JavaScript) writes and reads them."""

from __future__ import annotations

from typing import Any

import pytest

from provenance.jsonformula import evaluate, format_number, truthy


@pytest.mark.parametrize("value", [None, False, 0, 0.0, "", [], {}])
def test_these_values_are_false_like(value: Any) -> None:
    assert truthy(value) is False


@pytest.mark.parametrize("value", [True, 1, -0.5, "0", [0], {"a": None}])
def test_these_values_are_true_like(value: Any) -> None:
    assert truthy(value) is True


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (-0.0, "0"), (1.0, "1"), (1.5, "1.5"), (1e21, "1e+21"),
     (123456789012345680000, "123456789012345680000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
     (14.399999999999999, "14.399999999999999"), (-2.5e-10, "-2.5e-10")],
)  # fmt: skip
def test_numbers_are_written_as_javascript_writes_them(value: float, text: str) -> None:
    assert format_number(value) == text


def test_a_boolean_is_not_equal_to_a_number() -> None:
    assert evaluate("`true` == `1`", {}) is False
    assert evaluate('`[1, {"a": true}]` == `[1.0, {"a": true}]`', {}) is True


@pytest.mark.parametrize(
    ("expression", "expected"),
    [('"12a" < 13', True), ('"a" <= 0', True), ("`null` < 1", True), ("`[1]` < 2", False),
     ('"2" < "10"', False), ('"abc" * 1', 0), ('"0x10" * 1', 16), ('" 2 " * 1', 2)],
)  # fmt: skip
def test_strings_that_are_not_numbers_read_zero_as_in_the_reference_implementation(
    expression: str, expected: Any
) -> None:
    assert evaluate(expression, {}) == expected


def test_a_projection_keeps_nulls_unlike_jmespath() -> None:
    assert evaluate("foo[?a].b", {"foo": [{"a": 1, "b": 2}, {"a": 1}, {"a": 0, "b": 3}]}) == [2, None]


def test_bare_true_false_and_null_are_field_names() -> None:
    assert evaluate("null", {"null": 5}) == 5
    assert evaluate("true", {}) is None
