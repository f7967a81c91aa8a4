"""Files that are not media are counted apart, or left out with --media-only; what the walk passes over
is counted in the summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from provenance.cli import app
from tests.helpers import fixture


def _tree(root: Path) -> Path:
    (root / "sub" / ".git").mkdir(parents=True)
    shutil.copyfile(fixture("ai_generated.jpg"), root / "photo.jpg")
    shutil.copyfile(fixture("plain.png"), root / "sub" / "no-extension")  # media by its signature
    shutil.copyfile(fixture("plain.jpg"), root / ".hidden.jpg")
    (root / "sub" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "README.md").write_text("# a folder of pictures\n")
    (root / "index.json").write_text('{"photo.jpg": "ai"}\n')
    return root


def _audit(root: Path, tmp_path: Path, *extra: str) -> tuple[list[dict[str, object]], dict[str, object]]:
    out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
    args = ["audit", str(root), "-o", str(out), "--summary-json", str(summary), "--quiet", *extra]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return rows, json.loads(summary.read_text())


def test_not_media_is_counted_apart_and_hidden_entries_are_counted(tmp_path: Path) -> None:
    rows, summary = _audit(_tree(tmp_path / "tree"), tmp_path)
    assert sorted(Path(str(r["source"]["path"])).name for r in rows) == [  # type: ignore[index]
        "README.md",
        "index.json",
        "no-extension",
        "photo.jpg",
    ]
    assert summary["not_media"] == 2
    assert summary["origin"] == {"ai_generated": 1, "unknown": 1}  # the two media files only
    assert summary["passed_over"] == {"hidden": 2}  # .hidden.jpg and the .git folder (counted once)


def test_media_only_leaves_them_out(tmp_path: Path) -> None:
    rows, summary = _audit(_tree(tmp_path / "tree"), tmp_path, "--media-only")
    assert len(rows) == 2
    assert summary["not_media"] == 0
    assert summary["passed_over"] == {"hidden": 2, "not media": 2}
