"""The C2PA's official reading in every report of a file with a manifest (``c2pa_signals``), from the read
the report is made from, and the rubrics asked for (``InspectOptions.rubrics``), statement by statement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance import InspectOptions, RubricResult
from provenance._official import capture_crjson
from provenance.audit.record import row_of
from provenance.readers.c2pa.crjson import read_crjson
from provenance.rubrics import load_rubric
from tests.helpers import fixture, no_trust

MULTILINGUAL = """rubric_metadata:
  name: Mine
  issuer: Tests
  date: 2026-01-02T03:04:05Z
  version: 0.1
  language: en
---
- id: has_manifests
  expression: length(manifests) > `0`
  reportText:
    'true': {en: Has a manifest, fr: A un manifeste}
    'false': {en: No manifest, fr: Aucun manifeste}
- id: bad_codes
  failIfMatched: true
  expression: manifests[0].validationResults.failure[].code
  reportText:
    'true': {en: No failure, fr: Aucun échec}
    'false': {en: 'Failures: {{matches}}', fr: 'Échecs : {{matches}}'}
"""


def test_a_signed_edit_carries_the_signals_of_every_manifest_and_the_integrity_statements() -> None:
    report = provenance.inspect(fixture("ai_edited.jpg"))
    signals = report.c2pa_signals
    assert signals is not None and report.c2pa is not None
    assert (signals.rubric, signals.version) == ("C2PA Asset Signals Rubric (Local)", "1.0")
    assert signals.manifest == report.c2pa.active_manifest
    assert [(s.id, s.kind, s.statement, s.text) for s in signals.signals] == [
        ("ambiguousActions", "transformation", "transformation:signal_ambiguousActions",
         "Contains ambiguous actions"),
        ("perceptibleGenAI", "transformation", "transformation:signal_perceptibleGenAI",
         "Contains Perceptible GenAI Transformations"),
    ]  # fmt: skip
    (parent,) = signals.other_manifests
    assert parent.signals == ("capturedMedia", "ambiguousActions")
    assert signals.errors == ()
    assert row_of(report).c2pa_signals == "ambiguousActions; perceptibleGenAI"  # the CSV column
    integrity = signals.integrity
    assert integrity is not None and (integrity.rubric, integrity.manifest) == (
        "C2PA Asset Integrity Rubric",
        None,
    )
    outcomes = {s.id: s.passed for s in integrity.statements}
    assert outcomes["validation:valid_success"] is True
    assert outcomes["validation:trusted_success"] is False  # the fixtures' root is on no bundled list


def test_the_integrity_statements_say_what_failed_on_a_tampered_file() -> None:
    signals = provenance.inspect(fixture("tampered.jpg")).c2pa_signals
    assert signals is not None and signals.integrity is not None
    valid = next(s for s in signals.integrity.statements if s.id == "validation:valid_success")
    assert (valid.passed, valid.matched, valid.text) == (
        False,
        "fail",
        "Found validation mismatches: assertion.dataHash.mismatch",
    )


def test_a_file_without_a_manifest_has_no_official_reading() -> None:
    report = provenance.inspect(fixture("plain.jpg"))
    assert (report.c2pa_signals, report.conforming_product, report.rubrics) == (None, None, ())
    assert report.to_dict()["c2pa_signals"] is None


def test_a_standalone_manifest_read_with_its_file_gets_signals_too() -> None:
    report = provenance.inspect(fixture("sidecar.jpg"))
    assert report.c2pa is not None and report.c2pa.sidecar == "sidecar.c2pa"
    assert report.c2pa_signals is not None and report.c2pa_signals.signals


def test_the_captured_crjson_is_the_manifest_store_the_report_was_made_from() -> None:
    with capture_crjson() as captured:
        report = provenance.inspect(fixture("ai_generated.jpg"), options=no_trust())
    assert _timeless(captured.document) == _timeless(read_crjson(fixture("ai_generated.jpg")))
    assert report.c2pa is not None and captured.document is not None
    assert captured.document["manifests"][0]["label"] == report.c2pa.active_manifest
    with capture_crjson() as captured:
        provenance.inspect(fixture("plain.jpg"))
    assert captured.document is None


def _timeless(document: Any) -> Any:
    """A crJSON document without its validation times (each read has its own)."""
    assert document is not None
    for manifest in document["manifests"]:
        manifest["validationResults"].pop("validationTime", None)
    return document


def test_a_rubric_that_cannot_be_evaluated_costs_its_part_not_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("interpreter bug")

    monkeypatch.setattr("provenance.rubrics.official.official_signals", broken)
    report = provenance.inspect(fixture("ai_generated.jpg"))
    assert report.c2pa_signals is None and report.verdict.origin is provenance.Origin.AI_GENERATED
    assert report.checks[-1] == provenance.Check(
        "c2pa_signals", False, "failed: RuntimeError: interpreter bug"
    )


def _rubrics(path: Path, *names: str | Path, language: str = "en") -> tuple[RubricResult, ...]:
    options = InspectOptions(rubrics=tuple(load_rubric(n) for n in names), rubric_language=language)
    return provenance.inspect(path, options=options).rubrics


def test_rubrics_asked_for_report_each_statement() -> None:
    (integrity, conformance) = _rubrics(fixture("tampered.jpg"), "integrity", "conformance0.2-spec2.4")
    assert integrity.rubric == "C2PA Asset Integrity Rubric" and integrity.language == "en"
    assert [s.id for s in integrity.statements][:2] == [
        "validation:well_formed_data_present",
        "validation:well_formed_success",
    ]
    assert conformance.rubric == "C2PA Asset Conformance 0.2 Spec 2.4 Rubric"
    assert len(conformance.statements) == 31
    failed = {s.id for s in conformance.statements if s.passed is False}
    assert "validation:valid_success" in failed


def test_a_local_rubric_asked_for_reports_once_per_manifest() -> None:
    results = _rubrics(fixture("ai_edited.jpg"), "signals-local")
    assert len(results) == 2 and results[0].manifest != results[1].manifest
    assert all(r.manifest for r in results)


def test_a_users_rubric_reports_in_the_language_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(MULTILINGUAL, encoding="utf-8")
    (english,) = _rubrics(fixture("tampered.jpg"), path)
    (french,) = _rubrics(fixture("tampered.jpg"), path, language="fr")
    assert [s.text for s in english.statements] == [
        "Has a manifest",
        "Failures: signingCredential.untrusted, assertion.dataHash.mismatch",
    ]
    assert [s.text for s in french.statements] == [
        "A un manifeste",
        "Échecs : signingCredential.untrusted, assertion.dataHash.mismatch",
    ]
    assert (french.rubric, french.version, french.language) == ("Mine", "0.1", "fr")
    assert _rubrics(fixture("plain.jpg"), path) == ()
