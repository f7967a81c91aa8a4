"""Shared options are the same on every command that takes them: names, defaults and help texts."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from provenance.cli import Exit, app
from provenance.cli.options import INSPECTION_PARAMETERS, TRUST_PARAMETERS
from tests.helpers import fixture

COMMAND: Any = typer.main.get_command(app)  # typer's own click: read by duck typing
INSPECTING = ("inspect", "audit", "serve")
INSPECTION_FLAGS = {"--allow-network", "--deep", "--show-prompts", "--no-fast-path", "--policy"}
TRUST_FLAGS = {
    "--trust-anchors",
    "--allowed-certs",
    "--trust-config",
    "--no-trust-cache",
    "--no-bundled-trust",
    "--cawg-anchors",
    "--ica-issuer",
    "--config",
}


def options(*path: str) -> dict[str, Any]:
    command = COMMAND
    for name in path:
        command = command.commands[name]
    return {opt: p for p in command.params for opt in p.opts if opt.startswith("--")}


@pytest.mark.parametrize("name", INSPECTING)
def test_every_inspecting_command_takes_every_inspection_and_trust_option(name: str) -> None:
    assert set(options(name)) >= INSPECTION_FLAGS | TRUST_FLAGS


def test_shared_options_read_the_same_everywhere() -> None:
    for flag in INSPECTION_FLAGS | TRUST_FLAGS:
        seen = {(getattr(options(n)[flag], "help", None), repr(options(n)[flag].default)) for n in INSPECTING}
        assert len(seen) == 1, flag


def test_trust_show_takes_the_trust_options_only() -> None:
    shown = set(options("trust", "show"))
    assert shown >= TRUST_FLAGS and not INSPECTION_FLAGS & shown


def test_the_option_tables_cover_the_flags() -> None:
    assert len(INSPECTION_PARAMETERS) == len(INSPECTION_FLAGS)
    assert len(TRUST_PARAMETERS) == len(TRUST_FLAGS)


def test_exit_codes() -> None:
    assert [int(code) for code in Exit] == [0, 1, 2, 3, 4, 130]


def test_show_prompts_reaches_the_library_from_every_entry() -> None:
    """The decorator hands the command one InspectOptions built from the flags."""
    result = CliRunner().invoke(app, ["inspect", "--json", "--show-prompts", str(fixture("gen_a1111.png"))])
    assert result.exit_code == 0, result.output
    assert '"prompt": "' in result.output
    hidden = CliRunner().invoke(app, ["inspect", "--json", str(fixture("gen_a1111.png"))])
    assert '"prompt": null' in hidden.output
