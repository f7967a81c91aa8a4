"""Work an audit run does only when its output needs it (issue 16): the walk is counted for a progress
total only when progress is shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.audit import engine
from provenance.cli import app
from tests.helpers import FIXTURES


def _counted_walks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *flags: str) -> int:
    """How many times the audit of a small tree counted its files (the second walk of the tree)."""
    folder = tmp_path / "tree"
    folder.mkdir()
    for name in ("plain.jpg", "ai_generated.jpg"):
        shutil.copy(FIXTURES / "media" / name, folder / name)
    calls: list[object] = []
    real = engine.count

    def counting(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "count", counting)
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(app, ["audit", str(folder), "--jobs", "1", "-o", str(out), *flags])
    assert done.exit_code == 0, done.output
    assert len(out.read_text().splitlines()) == 2
    return len(calls)


def test_a_quiet_audit_walks_the_tree_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _counted_walks(tmp_path, monkeypatch, "--quiet") == 0


def test_an_audit_showing_progress_counts_the_files_for_its_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _counted_walks(tmp_path, monkeypatch) == 1
