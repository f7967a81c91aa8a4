"""The audit's terminal view as a person sees it, at 80 and 160 columns: records above the progress bar,
a bar that ends full, columns that line up, paths shortened in the middle."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES

pytest.importorskip("pyte", reason="the pyte terminal emulator is not installed")
from tests.cli.terminal import screen_of  # after the skip: it needs pyte

RECORD = re.compile(r"^(ai_generated|ai_edited|captured|human_made|synthetic|unknown|error) ")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = (
        tmp_path_factory.mktemp("audit") / "a-rather-long-folder-name-for-the-terminal" / "and-a-second-one"
    )
    shutil.copytree(FIXTURES / "media", root)
    return root


@pytest.mark.parametrize("columns", [80, 160])
def test_records_then_a_full_bar_then_the_summary(tree: Path, columns: int) -> None:
    files = sum(1 for p in tree.iterdir() if p.is_file() and p.suffix != ".c2pa")  # sidecar.c2pa: no record
    lines = screen_of(["audit", str(tree), "--jobs", "2"], columns=columns, lines=400)
    records = [
        line
        for line in lines
        if re.match(r"^(ai_generated|ai_edited|captured|human_made|synthetic|unknown|error) ", line)
    ]
    assert len(records) == files, "\n".join(lines)
    bars = [line for line in lines if line.startswith("audit ")]
    assert len(bars) == 1, "\n".join(lines)  # one bar, not a bar repeated between records
    assert f"{files}/{files}" in bars[0]
    assert lines.index(bars[0]) > lines.index(records[-1])  # the records are above it
    assert any("provenance audit summary" in line for line in lines[lines.index(bars[0]) :])
    # Columns line up whatever the values: the tool column starts at the same place on every line.
    integrity_ends = {len(line[:14]) + 18 for line in records}
    assert all(line[13] == " " and line[32] == " " for line in records), "\n".join(records)
    assert len(integrity_ends) == 1
    for line in records:
        assert len(line) <= columns
        assert line.endswith((".jpg", ".png", ".webp", ".tif", ".gif", ".wav", ".pdf", ".avif"))  # name kept
    if columns == 80:
        assert any("…" in line for line in records)  # the long folder names were shortened in the middle
