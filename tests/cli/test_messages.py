"""Exit codes and messages a person meets when something is off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from tests.helpers import fixture

WIDE = {"COLUMNS": "400"}


def _flat(output: str) -> str:
    return " ".join(output.replace("│", " ").split())


@pytest.mark.parametrize("command", ["inspect", "audit"])
def test_fail_on_error_exits_1_for_a_missing_file(command: str, tmp_path: Path) -> None:
    args = [command, str(fixture("plain.jpg")), str(tmp_path / "gone.jpg"), "--fail-on", "error"]
    done = CliRunner().invoke(app, [*args, "--quiet"] if command == "audit" else args)
    assert done.exit_code == 1, done.output
    without = CliRunner().invoke(app, [command, str(tmp_path / "gone.jpg")])
    assert without.exit_code == 3  # unreadable, when no --fail-on condition asks about it


def test_an_unknown_fail_on_condition_lists_the_valid_ones() -> None:
    done = CliRunner().invoke(app, ["inspect", str(fixture("plain.jpg")), "--fail-on", "tamperd"], env=WIDE)
    text = _flat(done.output)
    assert done.exit_code == 2
    assert "unknown condition 'tamperd'" in text
    assert "integrity: intact, tampered," in text and "trust: trusted, untrusted," in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "--format", "xml"], "unknown format 'xml': choose jsonl, csv, lines, parquet, html"),
        (["inspect", "--format", "xml"], "unknown format 'xml': choose panel, json, crjson"),
        (["audit", "--engine", "spark"], "unknown engine 'spark': choose local, dask"),
        (["index", "add", "--engine", "spark"], "unknown engine 'spark': choose local, dask"),
    ],
)
def test_an_unknown_choice_names_the_valid_ones(args: list[str], message: str) -> None:
    done = CliRunner().invoke(app, [*args, str(fixture("plain.jpg"))], env=WIDE)
    assert done.exit_code == 2
    assert message in _flat(done.output)
    assert "Value error" not in done.output


def test_choices_read_in_any_case() -> None:
    done = CliRunner().invoke(app, ["inspect", "--format", "JSON", str(fixture("plain.jpg"))])
    assert done.exit_code == 0, done.output
    assert done.output.lstrip().startswith("{")


def test_version_names_the_tool_the_sdk_and_the_schema() -> None:
    done = CliRunner().invoke(app, ["--version"])
    assert done.exit_code == 0
    assert re.fullmatch(
        r"provenance \S+ \(media-provenance\); C2PA SDK c2pa-rs \d+\.\d+\.\d+; report schema \d+\.\d+\n",
        done.output,
    ), done.output
