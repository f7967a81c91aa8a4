"""Every command's help, rendered as a person reads it: conventional placeholders, no Python types."""

from __future__ import annotations

import itertools
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


@pytest.mark.parametrize("group", [[], ["trust"], ["policy"], ["index"]], ids=lambda g: " ".join(g) or "root")
def test_the_commands_panel_reflows_each_description(group: list[str]) -> None:
    """A docstring's line breaks are not kept in the commands panel ('from where, as of when,' then 'how
    old.' alone on the next line): a description's line ends only where its next word would not fit."""
    width = 80
    panel = _help(group, columns=width).split("Commands", 1)[1]
    rows = [line[1:-1].rstrip() for line in panel.splitlines()[1:] if line.startswith("│")]
    continued = 0
    for row, following in itertools.pairwise(rows):
        name = following.strip().partition(" ")[0]
        if following.startswith("  ") and name:  # a description's next line (no command name before it)
            continued += 1
            assert len(row) + 1 + len(name) > width - 5, (row, following)
    assert continued or group == ["policy"]  # the wrapping was looked at
