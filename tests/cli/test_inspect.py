"""The command line as a user runs it: output, JSON, exit codes."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import provenance
from tests.helpers import FIXTURES, REPO, fixture

ANCHOR = ["--trust-anchors", str(FIXTURES / "certs" / "test-root.pem"), "--no-trust-cache"]


def hostile_text() -> ModuleType:
    """scripts/hostile_text.py, the maker of files that carry markup and escape sequences."""
    spec = importlib.util.spec_from_file_location("hostile_text", REPO / "scripts" / "hostile_text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "240"}  # wide enough that table cells do not wrap
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_human_output_starts_with_the_verdict_and_shows_the_evidence() -> None:
    result = run("inspect", str(fixture("ai_edited.jpg")), "--tree", *ANCHOR)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Declared AI-edited") < out.index("integrity")
    assert "Evidence" in out and "compositeWithTrainedAlgorithmicMedia" in out
    assert "captured.jpg" in out  # the ingredient tree
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal


def test_without_a_trust_list_the_output_says_how_to_fix_it() -> None:
    result = run("inspect", str(fixture("ai_generated.jpg")), "--no-trust-cache", "--no-bundled-trust")
    assert "provenance trust update" in result.stdout


def test_json_for_one_file_is_an_object_and_for_several_an_array() -> None:
    one = json.loads(run("inspect", "--json", str(fixture("plain.jpg"))).stdout)
    assert one["schema_version"] == provenance.SCHEMA_VERSION and one["verdict"]["origin"] == "unknown"
    many = json.loads(
        run("inspect", "--json", str(fixture("plain.jpg")), str(fixture("tampered.jpg"))).stdout
    )
    assert [r["verdict"]["integrity"] for r in many] == ["not_signed", "tampered"]


def test_unreadable_file_still_gets_a_json_report_and_exit_3(tmp_path: Path) -> None:
    result = run("inspect", "--json", str(tmp_path / "missing.jpg"), str(fixture("plain.png")))
    assert result.returncode == 3
    reports = json.loads(result.stdout)
    assert reports[0]["error"]["kind"] == "not_found"
    assert reports[1]["error"] is None


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ("tampered", 1),
        ("ai_generated", 1),
        ("captured", 0),
        ("integrity=tampered", 1),
        # Schema 1.3: a tampered statement is never trusted, even though its certificate chains to the root.
        ("trust=trusted", 0),
        ("trust=not_applicable", 1),
    ],
)
def test_fail_on_sets_exit_1_when_a_report_matches(condition: str, code: int) -> None:
    result = run("inspect", str(fixture("tampered.jpg")), "--fail-on", condition, *ANCHOR)
    assert result.returncode == code, result.stdout + result.stderr


@pytest.mark.parametrize("condition", ["not_checked", "bogus", "origin=tampered"])
def test_bad_fail_on_is_a_usage_error(condition: str) -> None:
    result = run("inspect", str(fixture("plain.jpg")), "--fail-on", condition)
    assert result.returncode == 2


def test_missing_trust_file_is_a_configuration_error(tmp_path: Path) -> None:
    result = run("inspect", str(fixture("plain.jpg")), "--trust-anchors", str(tmp_path / "none.pem"))
    assert result.returncode == 4
    assert "none.pem" in result.stderr


def test_a_missing_trust_file_named_by_a_variable_is_an_error_once_a_file_needs_it(tmp_path: Path) -> None:
    """Named on the command line, a trust file is checked up front (above); named by a variable or the
    config file, once a file has a manifest: the lists are built for the first such file only."""
    env = {**os.environ, "PROVENANCE_TRUST_ANCHORS": str(tmp_path / "none.pem")}

    def inspect(*names: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "provenance", "inspect", "--json", *map(str, map(fixture, names))]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    plain = inspect("plain.jpg", "exif_camera.jpg")
    assert plain.returncode == 0 and len(json.loads(plain.stdout)) == 2
    signed = inspect("plain.jpg", "ai_generated.jpg")
    assert signed.returncode == 4 and "none.pem" in signed.stderr and signed.stdout == ""


def test_trust_options_change_the_outcome() -> None:
    """The fixture's throwaway root is on no public list: the bundled lists find its signer untrusted,
    no list at all checks nothing, and the root given as an anchor makes it trusted."""

    def trust(*options: str) -> tuple[str, str | None]:
        verdict = json.loads(run("inspect", "--json", *options, str(fixture("ai_generated.jpg"))).stdout)[
            "verdict"
        ]
        return verdict["trust"], verdict["trust_list"]

    assert trust() == ("untrusted", None)
    assert trust("--no-bundled-trust") == ("not_checked", None)
    assert trust("--no-bundled-trust", *ANCHOR) == ("trusted", "user")
    assert trust(*ANCHOR) == ("trusted", "user")


def test_a_path_with_markup_does_not_stop_the_other_files(tmp_path: Path) -> None:
    """A closing tag in a path (and in the file's model name) used to crash the run after the first panel."""
    (tmp_path / "a[").mkdir()
    hostile = tmp_path / "a[/]b.jpg"
    hostile.write_bytes(hostile_text().make()["text_a1111_closing_tag.png"][1])  # Model: x[/]y
    good, other = tmp_path / "good.jpg", tmp_path / "other.jpg"
    good.write_bytes(fixture("plain.jpg").read_bytes())
    other.write_bytes(fixture("tampered.jpg").read_bytes())
    for extra, code in (((), 0), (("--fail-on", "tampered"), 1)):
        result = run("inspect", str(good), str(hostile), str(other), *extra)
        assert result.returncode == code, result.stderr
        titles = [line for line in result.stdout.splitlines() if line.startswith("╭─ ")]
        assert [t.split()[1] for t in titles] == [str(good), str(hostile), str(other)]
        assert "x[/]y" in result.stdout and "Traceback" not in result.stderr


def test_an_error_message_shows_escape_sequences_as_text(tmp_path: Path) -> None:
    anchors = str(tmp_path / "\x1b]0;title\x07\x1b[2J[/]x.pem")
    result = run("inspect", str(fixture("plain.jpg")), "--trust-anchors", anchors)
    assert result.returncode == 4
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;title\\x07\\x1b[2J[/]x.pem" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("provenance ")
