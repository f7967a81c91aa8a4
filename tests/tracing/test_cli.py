"""``inspect`` and ``audit`` with ``--fingerprint``, ``--index FILE`` and ``--match``, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.terminal import screen_of

QUIET = {**os.environ, "COLUMNS": "240", "PROVENANCE_TRUST_MAX_AGE_DAYS": "0"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, timeout=120, env=QUIET
    )


def test_inspect_index_json_holds_the_matches(repository_path: Path, stripped_copy: Path) -> None:
    done = run("inspect", str(stripped_copy), "--index", str(repository_path), "--fingerprint", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["matches"][0]["path"].endswith("ai_edited.jpg")
    assert report["matches"][0]["original"]["origin"] == "ai_edited"
    assert [v["alg"] for v in report["fingerprints"]["values"]] == ["io.iscc.v0", "pdq"]


def test_a_missing_repository_is_a_usage_error(tmp_path: Path, stripped_copy: Path) -> None:
    done = run("inspect", str(stripped_copy), "--index", str(tmp_path / "none.sqlite"))
    assert done.returncode == 2 and "no repository at" in done.stderr


def test_the_panel_shows_what_the_copy_resembles_apart_from_its_evidence(
    repository_path: Path, stripped_copy: Path
) -> None:
    for columns in (80, 160):
        screen = "\n".join(
            screen_of(["inspect", str(stripped_copy), "--index", str(repository_path)], columns=columns)
        )
        assert "Resembles: fingerprint matches" in screen
        assert "ai_edited.jpg" in screen and "io.iscc.v0 0/64, pdq 0/256" in screen
        assert "verified on its own" in screen
        assert "Evidence" not in screen  # the copy has none of its own


def test_audit_index_csv_names_the_best_match(repository_path: Path, stripped_copy: Path) -> None:
    done = run("audit", str(stripped_copy.parent), "--index", str(repository_path), "--format", "csv", "-q")
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(io.StringIO(done.stdout)))
    assert row["match"].endswith("ai_edited.jpg (io.iscc.v0 0/64, pdq 0/256)")
    assert row["match_origin"] == "ai_edited" and row["origin"] == "unknown"
