"""The command line's fast path (``inspect`` of files with flags only, without typer) runs what the typer
command runs: the same arguments, output and exit codes; anything else is left to typer."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

import provenance.cli.inspect_run
from provenance.cli import fast
from provenance.cli.exit import Exit
from provenance.cli.typer_app import app
from tests.helpers import fixture

SIGNED, PLAIN = str(fixture("ai_generated.jpg")), str(fixture("plain.jpg"))


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "a.jpg"],
        ["inspect", "--json", "a.jpg", "b c.png"],
        ["inspect", "a.jpg", "--tree", "--deep", "--show-prompts", "--allow-network", "--json"],
        ["inspect", "--no-fast-path", "--no-trust-cache", "--no-bundled-trust", "a.jpg", "--json"],
    ],
)
def test_it_takes_inspect_of_files_with_flags(argv: list[str]) -> None:
    files, _ = fast.parse(argv) or ([], {})
    assert [str(f) for f in files] == [w for w in argv[1:] if not w.startswith("-")]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["inspect"],
        ["inspect", "--json"],
        ["audit", "folder"],
        ["inspect", "--help", "a.jpg"],
        ["inspect", "a.jpg", "--format", "json"],
        ["inspect", "a.jpg", "--policy=eu-ai-act-50"],
        ["inspect", "--", "a.jpg"],
        ["inspect", "-", "a.jpg"],
        ["inspect", "", "a.jpg"],
        ["inspect", "-x.jpg"],
        ["inspect", "a.jpg", "--jsn"],
        ["--version"],
    ],
)
def test_it_leaves_everything_else_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv) is None
    assert fast.run_fast(argv) is None


def _arguments(monkeypatch: pytest.MonkeyPatch, argv: list[str], *, typer_path: bool) -> dict[str, Any]:
    """The arguments ``inspect_files`` gets from one path (``echo`` aside)."""
    seen: dict[str, Any] = {}

    def record(files: Any, **kwargs: Any) -> Exit:
        seen.update(kwargs, files=list(files))
        del seen["echo"]
        return Exit.OK

    monkeypatch.setattr(provenance.cli.inspect_run, "inspect_files", record)
    monkeypatch.setattr("provenance.cli.inspect.inspect_files", record)
    if typer_path:
        done = CliRunner().invoke(app, argv)
        assert done.exit_code == 0, done.output
    else:
        assert fast.run_fast(argv) == 0
    return seen


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", PLAIN],
        ["inspect", "--json", PLAIN, SIGNED],
        ["inspect", SIGNED, "--tree", "--deep", "--show-prompts", "--allow-network"],
        ["inspect", "--no-fast-path", "--no-trust-cache", "--no-bundled-trust", PLAIN, "--json"],
    ],
)
def test_both_paths_inspect_with_the_same_arguments(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    assert _arguments(monkeypatch, argv, typer_path=False) == _arguments(monkeypatch, argv, typer_path=True)


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "--json", SIGNED],
        ["inspect", PLAIN, SIGNED],
        ["inspect", "--tree", SIGNED],
        ["inspect", "--json", PLAIN, "missing.jpg"],
        ["inspect", "missing.jpg"],
    ],
    ids=["json", "panels", "tree", "json-unreadable", "panel-unreadable"],
)
def test_both_paths_print_the_same_and_exit_alike(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code = fast.run_fast(argv)
    printed = capsys.readouterr()
    done = CliRunner().invoke(app, argv)
    assert (code, printed.out) == (done.exit_code, done.stdout)
    assert code == (Exit.UNREADABLE if "missing.jpg" in argv else Exit.OK)


@pytest.mark.parametrize(
    ("raised", "code"), [(KeyboardInterrupt(), 130), (EOFError(), 1)], ids=["ctrl-c", "eof"]
)
def test_interruptions_exit_as_typer_makes_them(
    monkeypatch: pytest.MonkeyPatch, raised: BaseException, code: int
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Exit:
        raise raised

    monkeypatch.setattr(provenance.cli.inspect_run, "inspect_files", interrupted)
    monkeypatch.setattr("provenance.cli.inspect.inspect_files", interrupted)
    assert fast.run_fast(["inspect", PLAIN]) == code
    assert CliRunner().invoke(app, ["inspect", PLAIN]).exit_code == code


def test_shell_completion_and_other_encodings_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PROVENANCE_COMPLETE", "bash_source")
    assert fast.run_fast(["inspect", PLAIN]) is None
    monkeypatch.delenv("_PROVENANCE_COMPLETE")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert fast.run_fast(["inspect", PLAIN]) is None
