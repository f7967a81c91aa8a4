"""Policies through the library, inspect and audit: results in the report, the CSV and the summary, and
--fail-on policy."""

from __future__ import annotations

import csv
import json
import pickle
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import provenance
from provenance.cli import app
from provenance.policy import load_policy
from provenance.report_schema import report_schema
from tests.helpers import fixture


def test_the_report_carries_the_results_and_stays_schema_valid() -> None:
    options = provenance.InspectOptions(policies=(load_policy("gb-45438"), load_policy("c2pa-strict")))
    report = provenance.inspect(fixture("png_tc260_aigc.png"), options=options)
    assert [p.policy for p in report.policies] == ["gb-45438", "c2pa-strict"]
    assert report.policies[0].rules[0].clause.startswith("GB 45438-2025")
    jsonschema.validate(json.loads(report.to_json()), report_schema())
    assert provenance.inspect(fixture("png_tc260_aigc.png")).policies == ()  # none unless asked


def test_a_policy_crosses_to_worker_processes_as_its_text() -> None:
    policy = load_policy("eu-ai-act-50")
    copy = pickle.loads(pickle.dumps(policy))
    report = provenance.inspect(fixture("plain.jpg"))
    assert copy.evaluate(report) == policy.evaluate(report)


def test_the_signature_time_stamp_rule_needs_a_trusted_authority(trusted: provenance.InspectOptions) -> None:
    strict = load_policy("c2pa-strict")
    untrusted_tsa = provenance.inspect(fixture("timestamped.jpg"))
    assert {r.rule: r.status for r in strict.evaluate(untrusted_tsa).rules}["time-stamped"] == "failed"
    with_tsa = provenance.inspect(fixture("timestamped.jpg"), options=trusted)
    stamp = with_tsa.verdict.signer.timestamp if with_tsa.verdict.signer else None
    expected = "passed" if stamp is not None and stamp.status == "trusted" else "failed"
    assert {r.rule: r.status for r in strict.evaluate(with_tsa).rules}["time-stamped"] == expected


@pytest.mark.parametrize(
    ("name", "condition", "code"),
    [
        ("plain.jpg", "policy", 1),  # unmarked: machine-readable-mark (error) fails
        ("plain.jpg", "policy=watermark", 0),  # not checked without --deep: not a failure
        ("plain.jpg", "policy=eu-ai-act-50/signed-provenance", 1),
        ("ai_generated.jpg", "policy", 0),  # only warnings fail (trusted-signer, time-stamped)
        ("ai_generated.jpg", "policy=trusted-signer", 1),
    ],
)
def test_fail_on_policy(name: str, condition: str, code: int) -> None:
    args = ["inspect", str(fixture(name)), "--policy", "eu-ai-act-50", "--fail-on", condition]
    assert CliRunner().invoke(app, args).exit_code == code


def test_an_unknown_policy_is_an_error_before_any_file(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["inspect", str(fixture("plain.jpg")), "--policy", "eu-ai-act"])
    assert done.exit_code == 2 and "no built-in policy 'eu-ai-act'" in done.output


def test_audit_writes_a_column_per_rule_and_counts_them(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("ai_generated.jpg", "plain.jpg", "png_tc260_aigc.png"):
        shutil.copyfile(fixture(name), folder / name)
    out, summary = tmp_path / "out.csv", tmp_path / "summary.json"
    args = ["audit", str(folder), "--policy", "gb-45438", "--format", "csv", "-o", str(out)]
    done = CliRunner().invoke(app, [*args, "--summary-json", str(summary), "--quiet", "--jobs", "2"])
    assert done.exit_code == 0, done.output
    rows = {Path(r["path"]).name: r for r in csv.DictReader(out.open())}
    assert rows["png_tc260_aigc.png"]["policy:gb-45438/implicit-label"] == "passed"
    assert rows["plain.jpg"]["policy:gb-45438/implicit-label"] == "failed"
    assert rows["plain.jpg"]["policy:gb-45438/content-producer"] == "not_applicable"
    assert rows["plain.jpg"]["policy_failed"] == "gb-45438/implicit-label"
    counts = json.loads(summary.read_text())["policies"]
    assert counts["gb-45438/implicit-label"] == {"failed": 2, "passed": 1}
