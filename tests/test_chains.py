"""Signed shapes found in real files (fixtures/chains.py): edit chains, Gemini's watermark step, laundered
captures, Adobe's source-type parameter, gathered assertions, a sidecar manifest."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import provenance
from provenance import InspectOptions, Origin, Strength, Trust
from tests.helpers import FIXTURES, fixture


def test_an_edited_capture_is_captured_with_its_edit_in_the_history(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("edited_capture.jpg"), options=trusted).verdict
    assert (verdict.origin, verdict.strength) == (Origin.CAPTURED, Strength.SIGNED)
    assert verdict.tool is not None and verdict.tool.name == "Example Camera"
    assert [(s.origin, s.tool.name if s.tool else None) for s in verdict.history] == [
        (Origin.CAPTURED, "Example Camera"),
        (Origin.UNKNOWN, "Example Editor"),
    ]
    assert (
        'History: captured with "Example Camera 3.0", '
        'then opened and colour-adjusted in "Example Editor 5.1".' in verdict.summary
    )


def test_a_broadcast_chain_reads_captured_with_three_steps(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("broadcast_chain.jpg"), options=trusted).verdict
    assert verdict.origin is Origin.CAPTURED and len(verdict.history) == 3
    assert verdict.history[-1].actions == ("c2pa.opened", "c2pa.watermarked")
    assert 'then opened and watermarked in "Example Broadcaster 2.0".' in verdict.summary
    assert verdict.conflicts == ()


def test_geminis_watermark_step_is_no_conflict_and_the_library_reads_as_the_product(
    trusted: InspectOptions,
) -> None:
    verdict = provenance.inspect(fixture("gemini_like.jpg"), options=trusted).verdict
    assert (verdict.origin, verdict.conflicts) == (Origin.AI_GENERATED, ())
    assert verdict.tool is not None and verdict.tool.name == "Google Gemini / Imagen / Veo"
    assert '(declared "Google C2PA Core Generator Library")' in verdict.summary


@pytest.mark.parametrize("name", ["laundered_capture.png", "laundered_capture.jpg"])
def test_a_laundered_capture_claim_does_not_hide_the_ai_declaration(
    name: str, trusted: InspectOptions
) -> None:
    verdict = provenance.inspect(fixture(name), options=trusted).verdict
    assert (verdict.origin, verdict.strength, verdict.trust) == (
        Origin.AI_GENERATED,
        Strength.UNSIGNED,
        Trust.UNTRUSTED,
    )
    assert verdict.conflicts[0].startswith('The C2PA manifest signed by "Rogue Fixtures" declares captured')


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    certs = FIXTURES / "certs"
    trust = ["--trust-anchors", str(certs / "test-root.pem"), "--trust-config", str(certs / "eku.cfg")]
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args, *trust, "--no-trust-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_fail_on_catches_the_laundered_file_in_inspect_and_audit(tmp_path: Path) -> None:
    shutil.copy(fixture("laundered_capture.png"), tmp_path)
    inspected = _cli(
        "inspect", "--json", "--fail-on", "ai_generated", str(tmp_path / "laundered_capture.png")
    )
    assert inspected.returncode == 1, inspected.stderr
    assert json.loads(inspected.stdout)["verdict"]["origin"] == "ai_generated"
    audited = _cli("audit", str(tmp_path), "--quiet", "--fail-on", "ai_generated,ai_edited")
    assert audited.returncode == 1, audited.stderr
    assert json.loads(audited.stdout)["verdict"]["origin"] == "ai_generated"


def test_adobes_source_type_parameter_on_an_opened_action(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("adobe_opened_ai.jpg"), options=trusted).verdict
    assert (verdict.origin, verdict.strength) == (Origin.AI_GENERATED, Strength.SIGNED)


def test_a_gathered_ai_declaration_weighs_as_unsigned(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("gathered_ai.jpg"), options=trusted).verdict
    assert (verdict.origin, verdict.strength, verdict.trust) == (
        Origin.AI_GENERATED,
        Strength.UNSIGNED,
        Trust.TRUSTED,
    )
    assert "gathered assertion" in verdict.summary


def test_a_sidecar_beside_the_file_is_its_manifest(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("sidecar.jpg"), options=trusted)
    assert report.c2pa is not None and report.c2pa.sidecar == "sidecar.c2pa"
    assert (report.verdict.origin, report.verdict.strength) == (Origin.AI_GENERATED, Strength.SIGNED)
    alone = provenance.inspect(fixture("sidecar.jpg"), options=InspectOptions(sidecars=False))
    assert alone.verdict.origin is Origin.UNKNOWN


def test_a_sidecar_given_for_another_file_does_not_verify(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("plain.jpg"), options=trusted, manifest=fixture("sidecar.c2pa"))
    assert report.c2pa is not None and report.c2pa.sidecar == "sidecar.c2pa"
    assert report.verdict.integrity.value == "tampered"


def test_the_audit_reads_a_sidecar_with_its_asset_not_as_a_file(tmp_path: Path) -> None:
    for name in ("sidecar.jpg", "sidecar.c2pa", "plain.png"):
        shutil.copy(fixture(name), tmp_path)
    (tmp_path / "lonely.c2pa").write_bytes(b"not a manifest")
    done = _cli("audit", str(tmp_path), "--quiet")
    records = {
        Path(json.loads(line)["source"]["path"]).name: json.loads(line) for line in done.stdout.splitlines()
    }
    assert set(records) == {"sidecar.jpg", "plain.png", "lonely.c2pa"}
    assert records["sidecar.jpg"]["c2pa"]["sidecar"] == "sidecar.c2pa"
