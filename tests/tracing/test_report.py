"""The report's tracing parts (schema 1.5): ``fingerprints`` when asked for, ``matches`` from a manifest
repository, ``fingerprint`` evidence that never becomes the file's own statement."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from provenance import inspect
from provenance.audit.record import row_of
from provenance.models import Integrity, Origin, Strength
from provenance.report_schema import report_schema
from tests.helpers import fixture, no_trust
from tests.index.tracing import _encoded, photo_like


def test_fingerprints_are_reported_only_when_asked_for() -> None:
    pytest.importorskip("iscc_core")
    assert inspect(fixture("ai_edited.jpg"), options=no_trust()).fingerprints is None
    report = inspect(fixture("ai_edited.jpg"), options=no_trust(fingerprint=True))
    assert report.fingerprints is not None and report.fingerprints.media == "image"
    values = {v.alg: v for v in report.fingerprints.values}
    assert set(values) == {"io.iscc.v0", "pdq"}
    assert values["io.iscc.v0"].value.startswith("ISCC:") and values["io.iscc.v0"].registered
    assert len(values["pdq"].value) == 64 and not values["pdq"].registered
    assert all(v.variant == "full" for v in values.values())  # the crops stay in the repository
    jsonschema.validate(json.loads(report.to_json()), report_schema())


def test_a_stripped_copy_resembles_its_original_as_fingerprint_evidence(
    repository_path: Path, stripped_copy: Path
) -> None:
    report = inspect(stripped_copy, options=no_trust(index=str(repository_path)))
    best = report.matches[0]
    assert best.path is not None and best.path.endswith("ai_edited.jpg") and best.kind == "index"
    assert [(d.alg, d.distance) for d in best.distances] == [("io.iscc.v0", 0), ("pdq", 0)]
    assert best.original is not None and best.original.origin is Origin.AI_EDITED
    assert best.original.tool == "Example Inpainter" and best.original.integrity is Integrity.INTACT
    assert best.credentials is not None and best.credentials.state == "verified"
    # The file's own statement is unchanged: nothing declared, nothing signed.
    assert report.verdict.origin is Origin.UNKNOWN and report.verdict.strength is Strength.NONE
    evidence = [e for e in report.evidence if e.strength is Strength.FINGERPRINT]
    assert evidence and evidence[0].origin is Origin.AI_EDITED and evidence[0].source == "fingerprint"
    assert (
        "fingerprint evidence" in report.verdict.summary
        and "not a statement about this one" in report.verdict.summary
    )
    assert report.fingerprints is None  # not asked for
    jsonschema.validate(json.loads(report.to_json()), report_schema())


def test_the_best_match_and_its_origin_are_csv_columns(repository_path: Path, stripped_copy: Path) -> None:
    row = row_of(inspect(stripped_copy, options=no_trust(index=str(repository_path))))
    assert row.match.endswith("ai_edited.jpg (io.iscc.v0 0/64, pdq 0/256)")
    assert row.match_origin == "ai_edited"


def test_an_unrelated_picture_resembles_nothing(repository_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "unrelated.jpg"
    path.write_bytes(_encoded(photo_like(7), "JPEG", quality=85))
    report = inspect(path, options=no_trust(index=str(repository_path)))
    assert report.matches == () and report.verdict.origin is Origin.UNKNOWN
    assert any(c.name == "index" and c.ran and "2 entries" in (c.detail or "") for c in report.checks)


def test_match_auto_leaves_files_with_a_valid_manifest_alone(repository_path: Path) -> None:
    signed = fixture("ai_edited.jpg")
    auto = inspect(signed, options=no_trust(index=str(repository_path)))
    assert auto.matches == () and any(c.name == "index" and not c.ran for c in auto.checks)
    always = inspect(signed, options=no_trust(index=str(repository_path), match="always"))
    assert always.matches[0].path == str(signed)
    assert always.verdict.strength is Strength.SIGNED  # its own statement still rests on its signature
    assert "It also resembles" in always.verdict.summary


def test_options_without_tracing_leave_the_report_as_it_was(stripped_copy: Path) -> None:
    plain = inspect(stripped_copy, options=no_trust())
    assert plain.matches == () and plain.fingerprints is None
    assert not any(c.name in ("fingerprint", "index") for c in plain.checks)
    assert plain.evidence == ()


def test_policies_can_test_a_match_and_its_origin(repository_path: Path, stripped_copy: Path) -> None:
    from provenance.policy import FACTS

    traced = inspect(stripped_copy, options=no_trust(index=str(repository_path)))
    plain = inspect(stripped_copy, options=no_trust())
    assert (
        FACTS["fingerprint.matched"].read(traced) is True
        and FACTS["fingerprint.matched"].read(plain) is False
    )
    assert FACTS["fingerprint.match_origin"].read(traced) == "ai_edited"
    assert FACTS["fingerprint.match_origin"].read(plain) is None
    assert FACTS["soft_binding.fits"].read(plain) is False
