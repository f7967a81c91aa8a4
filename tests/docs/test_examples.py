"""Every code example of the documentation (docs/*.md) is run or checked against the real thing:

- ``python`` blocks run as written from the repository's root, each in a new interpreter (the Spark
  example on a stand-in for a Spark session, as the README's copy does);
- ``console`` blocks run each ``$ provenance ...`` line there, and every output line the block shows must
  be in what the command printed;
- ``sh`` blocks (examples on your own files and buckets) are checked against the command line (every
  ``provenance`` line names a real command, and every option it uses is an option of that command), and
  each of their lines that stays on this machine runs in a sandbox of sample files standing for the files
  it names (lines reaching object storage, websites or the network, or starting a server, do not run);
- ``toml`` blocks are policies: each parses as one.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO

DOCS = REPO / "docs"
ENV = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0", "COLUMNS": "100"}


def blocks(language: str) -> list[tuple[str, str]]:
    """``(id, code)`` of every ``language`` block of docs/*.md, the id naming the page and the block."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for number, code in enumerate(re.findall(rf"^```{language}\n(.*?)^```", text, re.DOTALL | re.M), 1):
            found.append((f"{page.relative_to(DOCS)}#{number}", code))
    return found


def ids(items: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in items]


PYTHON, CONSOLE, SH, TOML = blocks("python"), blocks("console"), blocks("sh"), blocks("toml")


def test_the_docs_have_examples_of_each_kind() -> None:
    assert len(PYTHON) >= 8 and len(CONSOLE) >= 4 and len(SH) >= 5 and len(TOML) >= 1


@pytest.mark.parametrize(("name", "code"), PYTHON, ids=ids(PYTHON))
def test_python_example_runs(name: str, code: str) -> None:
    if "spark.read" in code:
        from tests.docs.spark_stand_in import run_spark_example

        run_spark_example(code)
        return
    if "LocalCluster" in code:
        pytest.importorskip("distributed", reason="the cluster extra (dask[distributed]) is not installed")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=ENV, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{name}:\n{done.stderr[-3000:]}"
    assert done.stdout.strip(), f"{name} printed nothing"


@pytest.mark.parametrize(("name", "code"), CONSOLE, ids=ids(CONSOLE))
def test_console_example_runs_and_prints_what_it_shows(name: str, code: str) -> None:
    commands = [line[2:] for line in code.splitlines() if line.startswith("$ ")]
    shown = [line.strip() for line in code.splitlines() if line.strip() and not line.startswith("$ ")]
    assert commands and all(c.startswith("provenance ") for c in commands), name
    printed = ""
    for command in commands:
        args = shlex.split(command)[1:]
        done = subprocess.run(
            [sys.executable, "-m", "provenance", *args],
            cwd=REPO,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{name}: {command}\n{done.stderr[-3000:]}"
        printed += done.stdout + done.stderr
    assert [line for line in shown if line not in printed] == [], name


def _cli() -> Any:
    from typer.main import get_command

    from provenance.cli.typer_app import app

    return get_command(app)


def _resolve(root: Any, words: list[str]) -> tuple[Any, list[str]]:
    """The command a line names (following sub-commands) and the words after it."""
    command = root
    while words and hasattr(command, "list_commands") and not words[0].startswith("-"):
        sub = command.get_command(command.context_class(command, info_name="x"), words[0])
        if sub is None:
            break
        command, words = sub, words[1:]
    return command, words


def _options(command: Any) -> set[str]:
    names = {"--help"}
    for param in command.params:
        names.update(getattr(param, "opts", ()))
        names.update(getattr(param, "secondary_opts", ()))
    return names


@pytest.mark.parametrize(("name", "code"), SH, ids=ids(SH))
def test_shell_example_names_real_commands_and_options(name: str, code: str) -> None:
    root = _cli()
    lines = [line.split("#", 1)[0] for line in code.splitlines()]
    commands = [
        part.strip()
        for line in lines
        for part in re.split(r"&&|\|", line)
        if part.strip().startswith(("provenance ", ".venv/bin/provenance "))
    ]
    problems = []
    for line in commands:
        words = shlex.split(line)[1:]
        command, rest = _resolve(root, words)
        if command is root and rest and not rest[0].startswith("-"):
            problems.append(f"{line}: no command {rest[0]!r}")
        options = _options(command)
        flags = [word.split("=", 1)[0] for word in rest if word.startswith("-")]
        unknown = [flag for flag in flags if flag not in options]
        problems += [f"{line}: no option {option}" for option in unknown if option != "-"]
    assert problems == [], name


# What a shell example on your own files stands for, in the sandbox it runs in: a folder of samples.
SANDBOX_FILES = {
    "photo.jpg": "ai_generated.jpg",
    "a.jpg": "ai_edited.jpg",
    "b.png": "gen_comfyui.png",
    "image.png": "wm_sdxl.png",
    "cloud.jpg": "xmp_remote_manifest.jpg",
    "photo.c2pa": "sidecar.c2pa",
}
ARCHIVE = ("ai_edited.jpg", "ai_generated.jpg", "tampered.jpg", "captured.png", "plain.jpg", "gen_a1111.png")
# Lines that reach beyond the machine (object storage, websites, the network, a Dask scheduler, a package
# index), start a server, or need a fragmented MP4 the samples lack: checked by the test above only.
NOT_RUN = re.compile(
    r"s3://|https?://|--allow-network|--scheduler|provenance serve|trust update$|--fragment|pip install"
)


def runnable_shell_lines() -> list[tuple[str, str]]:
    lines = []
    for name, code in SH:
        for number, line in enumerate(code.splitlines(), 1):
            command = line.split("  #", 1)[0].strip()
            if command.startswith("provenance ") and not NOT_RUN.search(command):
                lines.append((f"{name}:{number}", command))
    return lines


SHELL_LINES = runnable_shell_lines()


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    media = REPO / "fixtures" / "media"
    for name, sample in SANDBOX_FILES.items():
        shutil.copyfile(media / sample, tmp_path / name)
    (tmp_path / "archive").mkdir()
    for sample in ARCHIVE:
        shutil.copyfile(media / sample, tmp_path / "archive" / sample)
    return tmp_path


def test_most_shell_lines_run() -> None:
    assert len(SHELL_LINES) >= 15


@pytest.mark.parametrize(("name", "command"), SHELL_LINES, ids=ids(SHELL_LINES))
def test_shell_example_runs_on_sample_files(name: str, command: str, sandbox: Path) -> None:
    """Each line runs in a folder of samples standing for the files it names (``/archive`` is a folder of
    six); a line with ``--fail-on`` may exit 1 (a condition matched), any other must exit 0."""
    command = command.replace("/archive", "archive")
    if "--resume" in command:  # resumes the run of the line before it
        subprocess.run(["sh", "-c", command.replace(" --resume", "")], cwd=sandbox, env=ENV, timeout=600)
    shell = command.replace("provenance ", f"{shlex.quote(sys.executable)} -m provenance ", 1)
    done = subprocess.run(
        ["sh", "-c", shell], cwd=sandbox, env=ENV, capture_output=True, text=True, timeout=600
    )
    allowed = {0, 1} if "--fail-on" in command else {0}
    assert done.returncode in allowed, f"{name}: {command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"


@pytest.mark.parametrize(("name", "code"), TOML, ids=ids(TOML))
def test_toml_example_is_a_valid_policy(name: str, code: str) -> None:
    from provenance.policy import parse_policy

    policy = parse_policy(code, name)
    assert policy.rules, name
