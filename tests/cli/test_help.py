"""Every command's help, rendered as a person reads it: conventional placeholders, no Python types."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from provenance.cli import app

COMMANDS = [[], ["inspect"], ["audit"], ["serve"], ["trust"], ["trust", "update"], ["trust", "show"]]
PYTHON_TYPES = re.compile(r"<(bool|int|float|str|path|list\[[^\]]*\]|int range|float range)[^>]*>")


def _help(command: list[str], columns: int = 120) -> str:
    done = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": str(columns)})
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "provenance")
def test_help_shows_no_python_types(command: list[str]) -> None:
    text = _help(command)
    assert not PYTHON_TYPES.search(text), PYTHON_TYPES.search(text)
    assert "[x>=" not in text and "{" not in text.split("\n", 3)[1]  # no "{files}" in the usage line


def test_inspect_and_audit_read_like_a_cli() -> None:
    inspect = _help(["inspect"])
    assert "Usage: root inspect [OPTIONS] FILES..." in inspect
    assert re.search(r"--json\s+Print the JSON report", inspect)  # a flag shows no placeholder
    assert re.search(r"--trust-anchors\s+FILE\s+PEM file", inspect)
    audit = _help(["audit"])
    assert "Usage: root audit [OPTIONS] [PATHS...]" in audit  # optional: --urls FILE may give them
    assert re.search(r"--jobs\s+-j\s+N\s+Worker processes", audit)
    assert re.search(r"--format\s+\[jsonl\|csv\|lines\|parquet\|html\]", audit)
