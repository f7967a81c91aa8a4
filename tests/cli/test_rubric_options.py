"""The command line's C2PA conformance options: ``inspect --format crjson``, ``inspect/audit --rubric`` and
``--rubric-language``, ``audit --crjson-dir``; the rubric results as a person sees them at 80 and 160
columns."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.audit.crjson_files import crjson_file
from tests.cli.terminal import screen_of
from tests.helpers import fixture


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "240"}
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, timeout=300, env=env
    )


def test_format_crjson_prints_the_manifest_store_the_report_was_made_from() -> None:
    result = run("inspect", "--format", "crjson", str(fixture("ai_edited.jpg")))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    report = json.loads(run("inspect", "--json", str(fixture("ai_edited.jpg"))).stdout)
    assert document["manifests"][0]["label"] == report["c2pa"]["active_manifest"]
    assert len(document["manifests"]) == 2 and "validationResults" in document["manifests"][0]


def test_format_crjson_of_several_files_is_an_array_with_null_for_a_file_without_a_manifest() -> None:
    result = run("inspect", "--format", "crjson", str(fixture("plain.jpg")), str(fixture("captured.jpg")))
    documents = json.loads(result.stdout)
    assert documents[0] is None and documents[1]["manifests"]
    assert json.loads(run("inspect", "--format", "crjson", str(fixture("plain.jpg"))).stdout) is None


def test_json_is_format_json_and_does_not_go_with_another_format() -> None:
    path = str(fixture("plain.jpg"))
    one, other = run("inspect", "--json", path), run("inspect", "--format", "json", path)
    assert json.loads(one.stdout)["verdict"] == json.loads(other.stdout)["verdict"]
    clash = run("inspect", "--json", "--format", "crjson", path)
    assert clash.returncode == 2 and "--json is --format json" in clash.stderr


def test_rubric_results_are_in_the_json_report() -> None:
    result = run("inspect", "--json", "--rubric", "integrity", str(fixture("tampered.jpg")))
    assert result.returncode == 0, result.stderr
    (rubric,) = json.loads(result.stdout)["rubrics"]
    outcomes = {s["id"]: s["passed"] for s in rubric["statements"]}
    assert outcomes["validation:valid_success"] is False and outcomes["validation:well_formed_success"]


def test_a_rubric_that_cannot_be_loaded_is_a_usage_error(tmp_path: Path) -> None:
    missing = run("inspect", "--rubric", "nosuch", str(fixture("plain.jpg")))
    assert missing.returncode == 2 and "no bundled rubric 'nosuch'" in missing.stderr
    broken = tmp_path / "broken.yml"
    header = "rubric_metadata: {name: B, issuer: I, date: d, version: '1'}\n---\n"
    broken.write_text(header + "- id: uses_sort_by\n  expression: 'sort_by(manifests, &label)'\n")
    result = run("inspect", "--rubric", str(broken), str(fixture("plain.jpg")))
    assert result.returncode == 2 and "uses_sort_by" in result.stderr, result.stderr
    crjson = run("inspect", "--format", "crjson", "--rubric", "integrity", str(fixture("plain.jpg")))
    assert crjson.returncode == 2 and "use --format panel or json" in crjson.stderr


@pytest.mark.parametrize("columns", [80, 160])
def test_the_rubric_results_read_under_the_panel(columns: int) -> None:
    screen = screen_of(
        ["inspect", str(fixture("tampered.jpg")), str(fixture("plain.jpg")), "--rubric", "integrity"],
        columns=columns,
    )
    text = "\n".join(screen)
    assert all(len(line) <= columns for line in screen)
    heading = screen.index("Rubric C2PA Asset Integrity Rubric 1.0: 2 failed")
    assert screen[heading + 1].split() == ["pass", "validation:well_formed_data_present"]
    failed = screen.index(" fail  validation:valid_success")
    assert screen[failed + 1].strip() == "Found validation mismatches: assertion.dataHash.mismatch"
    assert text.index("tampered.jpg") < text.index("Rubric C2PA") < text.index("plain.jpg")
    assert "Rubrics: not evaluated (no C2PA manifest the SDK could read)" in screen


# -- audit ---------------------------------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("tampered.jpg", "ai_generated.png", "plain.jpg"):
        shutil.copy(fixture(name), root / name)
    return root


def test_audit_writes_each_files_crjson_beside_its_records(tmp_path: Path) -> None:
    root, side = _tree(tmp_path), tmp_path / "crjson"
    result = run("audit", str(root), "--crjson-dir", str(side), "--quiet", "-o", str(tmp_path / "a.jsonl"))
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(side).as_posix() for p in side.rglob("*") if p.is_file())
    base = root.relative_to("/").as_posix()
    assert written == [f"{base}/ai_generated.png.crjson.json", f"{base}/tampered.jpg.crjson.json"]
    document = json.loads(crjson_file(side, str(root / "tampered.jpg")).read_text())
    codes = [c["code"] for c in document["manifests"][0]["validationResults"]["failure"]]
    assert "assertion.dataHash.mismatch" in codes


def test_audit_refuses_a_crjson_dir_inside_the_audited_folder(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = run("audit", str(root), "--crjson-dir", str(root / "side"), "--quiet")
    assert result.returncode == 2 and "inside the audited folder" in result.stderr
    assert not (root / "side").exists()


def test_audit_rubric_failures_are_a_csv_column_and_the_signals_another(tmp_path: Path) -> None:
    result = run("audit", str(_tree(tmp_path)), "--rubric", "integrity", "--format", "csv", "--quiet")
    assert result.returncode == 0, result.stderr
    rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["tampered.jpg"]["rubric_failed"] == (
        "C2PA Asset Integrity Rubric: validation:valid_success; C2PA Asset Integrity Rubric: "
        "validation:trusted_success"
    )
    assert rows["ai_generated.png"]["c2pa_signals"] == "fullyGenAIMedia; ambiguousActions"
    assert rows["plain.jpg"]["rubric_failed"] == rows["plain.jpg"]["c2pa_signals"] == ""


def test_crjson_file_names_keep_the_path_and_never_leave_the_folder() -> None:
    side = Path("/side")
    assert crjson_file(side, "/archive/2024/a.jpg") == side / "archive/2024/a.jpg.crjson.json"
    assert crjson_file(side, "photos/a.jpg") == side / "photos/a.jpg.crjson.json"
    assert crjson_file(side, "../../etc/a.jpg") == side / "%2E%2E/%2E%2E/etc/a.jpg.crjson.json"
    assert crjson_file(side, "s3://bucket/k/a.jpg") == side / "s3/bucket/k/a.jpg.crjson.json"
