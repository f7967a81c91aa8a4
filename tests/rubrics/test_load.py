"""Loading rubrics: the information block, statements, data blocks, includes and strict errors that name
the rubric and the statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.rubrics import (
    DataBlock,
    RubricError,
    bundled_names,
    load_bundled,
    load_rubric,
    parse_text,
)
from provenance.rubrics.bundled import folder
from provenance.rubrics.load import load_file

HEADER = """rubric_metadata:
  name: Test
  issuer: Tests
  date: 2026-01-02T03:04:05Z
  version: 2.0.0
  language: en
"""


def test_the_bundled_rubrics_are_the_c2pa_releases() -> None:
    assert bundled_names() == (
        "conformance0.1-spec2.2",
        "conformance0.2-spec2.2",
        "conformance0.2-spec2.4",
        "integrity",
        "signals-local",
        "text-conformance",
    )
    signals = load_bundled("signals-local")
    assert (signals.metadata.name, signals.metadata.version, signals.metadata.issuer) == (
        "C2PA Asset Signals Rubric (Local)",
        "1.0",
        "C2PA Conformance Task Force",
    )
    assert signals.local and not load_bundled("integrity").local
    assert len(signals.statements) == 14 and len(load_bundled("conformance0.2-spec2.4").statements) == 31


def test_a_rubric_loads_by_name_by_file_name_or_by_path(tmp_path: Path) -> None:
    assert load_rubric("integrity") is load_bundled("asset-rubric-integrity.yml")
    path = tmp_path / "mine.yml"
    path.write_text(HEADER + "---\n- id: one\n  expression: '`true`'\n  reportText: yes\n")
    assert load_rubric(path).metadata.name == "Test"
    assert load_rubric(str(path)).statements[0].id == "one"
    with pytest.raises(RubricError, match="no bundled rubric 'nosuch'"):
        load_rubric("nosuch")


def test_yaml_dates_and_boolean_keys_read_as_json_text() -> None:
    rubric = parse_text(
        HEADER + "---\n- id: one\n  expression: '`true`'\n  reportText:\n    true: {en: Fine}\n"
    )
    assert rubric.metadata.date == "2026-01-02T03:04:05+00:00"
    assert rubric.statements[0].report_text == {"true": {"en": "Fine"}}


def test_a_composable_rubric_gets_its_globals_through_nested_includes() -> None:
    rubric = load_file(folder().joinpath("composables"), "signal-inception-fullyGenAIMedia-local.yml")
    assert rubric.metadata.name == "Fully GenAI Media (Local)"  # the including rubric's metadata wins
    assert {"_createdWithDst", "_manifest_createdWithDst", "_manifest_signalActions"} <= set(
        rubric.expressions
    )
    assert "$inception_actions" in rubric.variables  # from globals-actions.yml, two includes down


def test_includes_merge_the_including_rubric_last_and_append_statements(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(
        HEADER + "variables:\n  $x: 1\n  $y: 1\n---\n- id: from_a\n  expression: $x\n  reportText: a\n"
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text(HEADER + "variables:\n  $y: 2\n  $z: 2\n")
    (tmp_path / "main.yml").write_text(
        HEADER.replace("name: Test", "name: Main")
        + "include:\n  - a.yml\n  - sub/b.yml\nvariables:\n  $z: 3\n"
        + "---\n- id: own\n  expression: $z\n  reportText: own\n"
    )
    rubric = load_rubric(tmp_path / "main.yml")
    assert rubric.metadata.name == "Main"
    assert rubric.variables == {"$x": 1, "$y": 2, "$z": 3}
    assert [s.id for s in rubric.statements] == ["own", "from_a"]


def test_an_include_cycle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(HEADER + "include: [b.yml]\n")
    (tmp_path / "b.yml").write_text(HEADER + "include: [a.yml]\n")
    with pytest.raises(RubricError, match="include cycle"):
        load_rubric(tmp_path / "a.yml")


def test_a_missing_include_names_the_including_rubric(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(HEADER + "include: [gone.yml]\n")
    with pytest.raises(RubricError, match=r"gone\.yml \(included by .*a\.yml\)"):
        load_rubric(tmp_path / "a.yml")


def test_data_blocks_and_information_statements_are_kept_in_order() -> None:
    rubric = parse_text(
        HEADER + "---\n- id: intro\n  title: {en: Intro}\n  reportText: Hello\n"
        "- block:\n    name: meta\n    value: '{{ expr \"@.rubric_metadata\" }}'\n"
        "- id: check\n  expression: '`true`'\n  reportText: ok\n"
    )
    assert [type(item).__name__ for item in rubric.items] == ["Statement", "DataBlock", "Statement"]
    block = rubric.items[1]
    assert isinstance(block, DataBlock) and block.name == "meta"
    assert rubric.statements[0].expression is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [", "not valid YAML"),
        ("- just a list\n", "information block"),
        ("rubric_metadata: {name: x}\n", "lacks issuer, date, version"),
        (HEADER + "variables:\n  nodollar: 1\n", "must start with '\\$'"),
        (HEADER + "---\n- id: bad\n  expression: 'a =='\n  reportText: x\n", "statement bad: .*position"),
        (HEADER + "---\n- id: dup\n  expression: a\n- id: dup\n  expression: b\n", "'dup' is not unique"),
        (HEADER + "---\n- expression: a\n", "without an id"),
        (HEADER + "expressions:\n  _f: 'nosuch(@)'\n", "expression _f: unknown function nosuch"),
    ],
)
def test_a_malformed_rubric_is_an_error_that_says_where(text: str, message: str) -> None:
    with pytest.raises(RubricError, match=message):
        parse_text(text)


def test_an_unsupported_construct_fails_at_load_naming_the_statement() -> None:
    text = (
        HEADER + "---\n- id: uses_dates\n  expression: 'false() && weekday(now(), 3) > 5'\n  reportText: x\n"
    )
    with pytest.raises(RubricError, match=r"statement uses_dates: json-formula function (weekday|now)\(\)"):
        parse_text(text)


def test_libyaml_reads_every_bundled_rubric_as_the_python_loader_does() -> None:
    """The loader uses libyaml when PyYAML has it (10x faster): the same documents, to the last value."""
    import yaml

    from provenance.rubrics.load import _documents

    for entry in folder().iterdir():
        if entry.name.endswith(".yml"):
            text = entry.read_text(encoding="utf-8")
            assert _documents(text, entry.name) == list(yaml.safe_load_all(text)), entry.name


def test_yaml_libyaml_refuses_gets_the_python_loader_s_message() -> None:
    """libyaml words it "did not find expected key": the message stays the one users always saw."""
    with pytest.raises(RubricError, match="expected <block end>, but found"):
        parse_text("information:\n  name: x\n bad: [\n")
