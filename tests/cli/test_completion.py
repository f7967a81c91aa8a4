"""`provenance completion SHELL`: its script completes commands, options and values in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app

COMMAND = Path(sys.executable).parent / "provenance"  # the console script installed beside this Python


def _script(shell: str) -> str:
    done = CliRunner().invoke(app, ["completion", shell])
    assert done.exit_code == 0, done.output
    return done.output


def _bash_completions(tmp_path: Path, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` (empty: a new word), with the script loaded as the
    documentation says (``eval "$(provenance completion bash)"``) and the function bash would call."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    if not COMMAND.is_file():
        pytest.skip(f"no console script at {COMMAND}: install the package (pip install -e .)")
    quoted = " ".join(f"'{word}'" for word in words)
    program = (
        'eval "$(provenance completion bash)"\n'
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_provenance_completion provenance\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{COMMAND.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", program],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_a_command_name(tmp_path: Path) -> None:
    assert _bash_completions(tmp_path, "provenance", "aud") == ["audit"]


def test_bash_lists_the_subcommands_of_a_group(tmp_path: Path) -> None:
    assert sorted(_bash_completions(tmp_path, "provenance", "trust", "")) == ["show", "update"]


def test_bash_completes_an_option_name(tmp_path: Path) -> None:
    assert sorted(_bash_completions(tmp_path, "provenance", "audit", "--fo")) == [
        "--follow-symlinks",
        "--format",
    ]


def test_bash_completes_an_option_value_from_its_choices(tmp_path: Path) -> None:
    assert _bash_completions(tmp_path, "provenance", "audit", "--format", "") == [
        "jsonl",
        "csv",
        "lines",
        "parquet",
        "html",
    ]


def test_bash_completes_the_completion_commands_own_shells(tmp_path: Path) -> None:
    assert _bash_completions(tmp_path, "provenance", "completion", "") == ["bash", "zsh", "fish"]


@pytest.mark.parametrize(
    ("shell", "registration"),
    [
        ("bash", "complete -o default -F _provenance_completion provenance"),
        ("zsh", "compdef _provenance_completion provenance"),
        ("fish", "complete --command provenance"),
    ],
)
def test_each_shells_script_registers_provenance_and_calls_it_back(shell: str, registration: str) -> None:
    script = _script(shell)
    assert registration in script
    assert f"_PROVENANCE_COMPLETE=complete_{shell}" in script


def test_an_unknown_shell_is_a_usage_error() -> None:
    done = CliRunner().invoke(app, ["completion", "powershell"])
    assert done.exit_code == 2
