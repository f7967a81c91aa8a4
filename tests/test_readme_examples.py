"""Every Python example of the README and the package docstring runs as written (help(provenance) shows
the latter)."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import provenance
from tests.helpers import FIXTURES, REPO

BLOCKS = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)


def _block(marker: str) -> str:
    found = [b for b in BLOCKS if marker in b]
    assert len(found) == 1, f"one README python block with {marker!r}"
    return found[0]


def test_every_python_block_is_covered_here() -> None:
    markers = ['provenance.inspect("photo.jpg")']  # the Dask and Spark examples are on docs/auditors.md
    assert sorted(BLOCKS) == sorted(_block(m) for m in markers)


def test_the_package_docstring_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert provenance.__doc__ and ">>>" in provenance.__doc__
    failed, tried = doctest.testmod(provenance, verbose=False, report=True)
    assert tried >= 4 and failed == 0


def test_the_first_steps_example(tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / "media" / "ai_generated.jpg", tmp_path / "photo.jpg")
    done = subprocess.run(
        [sys.executable, "-c", _block("photo.jpg")], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ai_generated Declared AI-generated")
