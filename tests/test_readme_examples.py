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
    markers = ['provenance.inspect("photo.jpg")', "LocalCluster", 'spark.read.format("binaryFile")']
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


def test_the_dask_example(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the cluster extra (dask[distributed]) is not installed")
    script = tmp_path / "dask_example.py"
    script.write_text(_block("LocalCluster"))
    done = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("fixtures/media/")


def test_the_spark_example_with_a_stand_in_for_spark() -> None:
    """PySpark is not installed here: a stand-in hands the example's ``reports`` function real rows."""
    from tests.docs.spark_stand_in import run_spark_example

    run_spark_example(_block("spark.read"))
