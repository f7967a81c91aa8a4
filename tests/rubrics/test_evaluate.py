"""Evaluating rubrics: outcomes, fail/warn-if-matched, report texts in the language asked for, templates,
named expressions and per-manifest evaluation."""

from __future__ import annotations

from typing import Any

import pytest

from provenance.rubrics import RubricError, evaluate, evaluate_manifests, outcome, parse_text

HEADER = """rubric_metadata:
  name: Test Rubric
  issuer: Tests
  date: '2026-01-02'
  version: 2.0.0
  language: en
doc:meaning: 42
variables:
  $bad: [x, y]
expressions:
  _active: manifests[0]
  _first: $args[0]
  _second: $args[1]
  _isBad: contains($bad, $args[0])
  _selfName: '@.name'
  _loop: _loop()
---
"""
CRJSON: dict[str, Any] = {
    "manifests": [{"label": "m1", "name": "one", "codes": ["x", "ok", "y"]}, {"label": "m2", "name": "two"}]
}


def _run(statements: str, document: dict[str, Any] = CRJSON, language: str = "en") -> Any:
    return evaluate(parse_text(HEADER + statements), document, language=language)


@pytest.mark.parametrize(
    ("value", "expected"), [([], False), ([0], True), (True, True), (False, False), (0, False), (-1, False),
                            (2, True), (None, False), ("", True), ({}, True)]
)  # fmt: skip
def test_outcomes_read_values_as_the_reference_evaluator_does(value: Any, expected: bool) -> None:
    assert outcome(value) is expected


def test_a_statement_gives_its_value_outcome_text_rubric_and_version() -> None:
    report = _run("- id: named\n  expression: _active().name\n  reportText: {'true': {en: Named}}\n")
    result = report.result("named")
    assert result is not None
    assert (result.value, result.passed, result.text) == ("one", True, "Named")
    assert (result.rubric, result.version) == ("Test Rubric", "2.0.0")
    assert report.passed == ("named",)


def test_fail_if_matched_fails_on_matches_and_lists_them_in_the_text() -> None:
    statement = (
        "- id: no_bad\n  failIfMatched: true\n  expression: '_active().codes[?_isBad(@)]'\n"
        "  reportText:\n    'true': {en: Clean}\n    'false': {en: 'Bad codes: {{matches}}'}\n"
    )
    result = _run(statement).results[0]
    assert (result.passed, result.matches, result.text, result.matched) == (
        False,
        ("x", "y"),
        "Bad codes: x, y",
        "fail",
    )
    clean = _run(statement, {"manifests": [{"codes": ["ok"]}]}).results[0]
    assert (clean.passed, clean.text) == (True, "Clean")


def test_warn_if_matched_is_marked_as_a_warning() -> None:
    result = _run("- id: w\n  warnIfMatched: true\n  expression: '`[1]`'\n  reportText: x\n").results[0]
    assert (result.passed, result.matched) == (False, "warn")


def test_the_report_text_is_in_the_language_asked_for_english_by_default() -> None:
    statement = (
        "- id: t\n  expression: '`true`'\n  reportText:\n    'true': {en: Fine, fr: Bien, de-CH: Guet}\n"
    )
    assert _run(statement).results[0].text == "Fine"
    assert _run(statement, language="fr").results[0].text == "Bien"
    assert _run(statement, language="fr-CA").results[0].text == "Bien"
    assert _run(statement, language="de-CH").results[0].text == "Guet"
    assert _run(statement, language="es").results[0].text == "Fine"


def test_templates_reach_metadata_results_profile_and_the_document() -> None:
    statements = (
        "- id: count\n  expression: length(manifests)\n  reportText: n\n"
        "- id: summary\n  expression: '@.profile.count > `1`'\n  reportText:\n    'true':\n      en: >-\n"
        "        {{rubric_metadata.name}} {{rubric_metadata.version}}: {{count}} manifests,"
        ' first {{expr "manifests[0].name"}}, {{doc:meaning}}, {{summary}}, [{{missing}}]\n'
    )
    report = _run(statements)
    assert report.results[1].text == "Test Rubric 2.0.0: 2 manifests, first one, 42, true, []"


def test_data_blocks_are_filled_and_a_lone_template_keeps_its_type() -> None:
    report = _run(
        "- block:\n    name: meta\n    value: '{{ expr \"@.rubric_metadata\" }}'\n"
        "- block:\n    name: mixed\n    value:\n      first: '{{ expr \"manifests[0].label\" }}'\n"
        "      text: 'n={{expr \"length(manifests)\"}}'\n"
    )
    assert report.data["meta"] == {
        "name": "Test Rubric", "issuer": "Tests", "date": "2026-01-02", "version": "2.0.0", "language": "en"
    }  # fmt: skip
    assert report.data["mixed"] == {"first": "m1", "text": "n=2"}


def test_an_information_statement_has_text_and_no_outcome() -> None:
    result = _run("- id: intro\n  title: {en: Section}\n  reportText: {en: About this}\n").results[0]
    assert (result.passed, result.title, result.text, result.value) == (None, "Section", "About this", None)


def test_named_expressions_take_arguments_as_args_and_the_first_as_current_node() -> None:
    report = _run(
        "- id: a\n  expression: '_second(1, \"two\")'\n  reportText: x\n"
        "- id: b\n  expression: '_selfName(manifests[1])'\n  reportText: x\n"
        "- id: c\n  expression: 'manifests[0] | _selfName()'\n  reportText: x\n"
        "- id: d\n  expression: '_first()'\n  reportText: x\n"
    )
    assert [r.value for r in report.results] == ["two", "two", "one", None]


def test_an_expression_that_cannot_be_evaluated_is_null_with_its_error() -> None:
    result = _run("- id: e\n  expression: keys(manifests[0].name)\n  reportText: x\n").results[0]
    assert result.value is None and result.passed is None
    assert result.error is not None and result.error.startswith("FormulaTypeError")


def test_a_runaway_named_expression_is_stopped() -> None:
    result = _run("- id: loop\n  expression: _loop()\n  reportText: x\n").results[0]
    assert result.error is not None and "nested deeper" in result.error


def test_an_unsupported_template_expression_is_an_error() -> None:
    with pytest.raises(RubricError, match="function now"):
        _run("- id: t\n  expression: '`true`'\n  reportText: '{{expr \"now()\"}}'\n")


def test_a_local_rubric_is_evaluated_on_each_manifest() -> None:
    rubric = parse_text(
        HEADER + "- id: inception:signal_named\n  expression: name == 'one'\n  reportText: x\n"
    )
    assert rubric.local
    reports = evaluate_manifests(rubric, CRJSON)
    assert [(r.manifest, r.passed) for r in reports] == [("m1", ()), ("m2", ())]
    rubric = parse_text(
        HEADER + '- id: inception:signal_named\n  expression: name == "one"\n  reportText: x\n'
    )
    assert [r.passed for r in evaluate_manifests(rubric, CRJSON)] == [("inception:signal_named",), ()]
