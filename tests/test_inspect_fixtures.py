"""inspect() on the project's own signed fixtures: every declaration, integrity and trust outcome."""

from __future__ import annotations

import io
import json
from typing import Any

import jsonschema
import pytest

import provenance
from provenance import InspectOptions, Integrity, Origin, Strength, Trust
from provenance.report_schema import report_schema
from tests.helpers import FIXTURES, fixture, no_trust

AI_FORMATS = ["jpg", "png", "webp", "tif", "gif", "wav", "pdf", "avif"]


@pytest.mark.parametrize("ext", AI_FORMATS)
def test_ai_generated_in_every_format_is_trusted_and_intact(ext: str, trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture(f"ai_generated.{ext}"), options=trusted).verdict
    assert (verdict.origin, verdict.integrity, verdict.trust, verdict.strength) == (
        Origin.AI_GENERATED,
        Integrity.INTACT,
        Trust.TRUSTED,
        Strength.SIGNED,
    )
    assert verdict.tool is not None and (verdict.tool.name, verdict.tool.version) == (
        "Example Diffusion",
        "2.1",
    )
    assert verdict.signer is not None and verdict.signer.organization


@pytest.mark.parametrize(
    ("name", "origin", "tool"),
    [
        ("captured.jpg", Origin.CAPTURED, "Example Camera"),
        ("captured.png", Origin.CAPTURED, "Example Camera"),
        ("captured.webp", Origin.CAPTURED, "Example Camera"),
        ("human_made.jpg", Origin.HUMAN_MADE, "Example Paint"),
        ("synthetic.png", Origin.SYNTHETIC, "Example Fractal"),
        ("ai_edited.jpg", Origin.AI_EDITED, "Example Inpainter"),
    ],
)
def test_declared_origin_and_tool(name: str, origin: Origin, tool: str, trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture(name), options=trusted).verdict
    assert verdict.origin is origin
    assert verdict.tool is not None and verdict.tool.name == tool
    assert verdict.integrity is Integrity.INTACT


def test_ai_edited_composite_shows_its_captured_ingredient(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("ai_edited.jpg"), options=trusted)
    assert report.c2pa is not None
    [ingredient] = report.c2pa.ingredients
    assert (ingredient.relationship, ingredient.origin) == ("parentOf", Origin.CAPTURED)
    assert ingredient.tool is not None and ingredient.tool.name == "Example Camera"


def test_pixel_tampered_file_is_reported_tampered_with_the_sdk_code(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("tampered.jpg"), options=trusted).verdict
    assert verdict.integrity is Integrity.TAMPERED
    assert "assertion.dataHash.mismatch" in [c.code for c in verdict.status_codes]
    # The AI statement is still reported, but it no longer counts as a verified signed statement.
    assert verdict.origin is Origin.AI_GENERATED
    assert verdict.strength is Strength.UNSIGNED
    assert "NO LONGER VERIFIES" in verdict.summary


def test_signer_outside_the_anchors_is_untrusted_but_intact(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("untrusted.jpg"), options=trusted).verdict
    assert (verdict.integrity, verdict.trust) == (Integrity.INTACT, Trust.UNTRUSTED)
    assert "(certificate not on a trust list)" in verdict.summary


def test_expired_signer_is_credential_expired_not_tampered(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("expired.jpg"), options=trusted).verdict
    assert verdict.integrity is Integrity.CREDENTIAL_EXPIRED
    assert "signingCredential.expired" in [c.code for c in verdict.status_codes]
    assert "expired" in verdict.summary


def test_watermark_declaration_is_recorded_as_declared(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("watermark_declared.jpg"), options=trusted)
    assert report.c2pa is not None
    assert [b.algorithm for b in report.c2pa.soft_bindings] == ["com.example.watermark"]
    [item] = [e for e in report.evidence if e.field == "c2pa.soft-binding"]
    assert "declared, not detected" in item.meaning


@pytest.mark.parametrize("name", ["plain.jpg", "plain.png"])
def test_no_manifest_is_unknown_never_not_ai(name: str) -> None:
    verdict = provenance.inspect(fixture(name)).verdict
    assert (verdict.origin, verdict.integrity, verdict.strength) == (
        Origin.UNKNOWN,
        Integrity.NOT_SIGNED,
        Strength.NONE,
    )
    assert "does not mean it is not AI-generated" in verdict.summary


def test_without_a_trust_list_trust_is_not_checked() -> None:
    verdict = provenance.inspect(fixture("ai_generated.jpg"), options=no_trust()).verdict
    assert verdict.trust is Trust.NOT_CHECKED
    assert "not checked" in verdict.summary


def test_by_default_the_fixture_signer_is_untrusted_its_root_is_on_no_public_list() -> None:
    verdict = provenance.inspect(fixture("ai_generated.jpg")).verdict
    assert (verdict.trust, verdict.trust_list) == (Trust.UNTRUSTED, None)
    assert "(certificate not on a trust list)" in verdict.summary


def test_bytes_and_streams_give_the_same_verdict_as_the_path(trusted: InspectOptions) -> None:
    path = fixture("ai_edited.jpg")
    data = path.read_bytes()
    by_path = provenance.inspect(path, options=trusted).verdict
    assert provenance.inspect(data, options=trusted).verdict == by_path
    with path.open("rb") as handle:
        assert provenance.inspect(handle, options=trusted).verdict == by_path


class _NoSeek(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_non_seekable_stream_is_buffered_within_the_limit(trusted: InspectOptions) -> None:
    data = fixture("ai_generated.png").read_bytes()
    assert provenance.inspect(_NoSeek(data), options=trusted).verdict.origin is Origin.AI_GENERATED
    small = InspectOptions(trust=trusted.trust, max_stream_bytes=100)
    report = provenance.inspect(_NoSeek(data), options=small)
    assert report.error is not None and report.error.kind == "too_large"


def test_missing_file_gives_a_report_with_an_error() -> None:
    report = provenance.inspect(FIXTURES / "media" / "does-not-exist.jpg")
    assert report.error is not None and report.error.kind == "not_found"
    assert report.verdict.origin is Origin.UNKNOWN
    assert report.verdict.integrity is Integrity.NOT_CHECKED


def test_directory_and_empty_file_are_clean_errors(tmp_path: pytest.TempPathFactory) -> None:
    empty = tmp_path / "empty.jpg"  # type: ignore[operator]
    empty.write_bytes(b"")
    assert provenance.inspect(tmp_path).error.kind == "not_a_file"  # type: ignore[arg-type, union-attr]
    assert provenance.inspect(empty).error.kind == "empty"  # type: ignore[union-attr]


def test_wrong_source_type_raises_a_library_error() -> None:
    with pytest.raises(provenance.SourceError):
        provenance.inspect(42)  # type: ignore[arg-type]


def test_every_fixture_report_validates_against_the_shipped_schema(trusted: InspectOptions) -> None:
    schema = report_schema()
    files = sorted((FIXTURES / "media").iterdir())
    assert len(files) >= 20
    for path in files:
        report = provenance.inspect(path, options=trusted)
        jsonschema.validate(report.to_dict(), schema)
        assert report.to_dict()["schema_version"] == provenance.SCHEMA_VERSION


def test_json_text_is_the_report_data_in_compact_and_indented_form(trusted: InspectOptions) -> None:
    for path in sorted((FIXTURES / "media").iterdir()):
        report = provenance.inspect(path, options=trusted)
        compact, indented = report.to_json(), report.to_json(indent=2)
        assert json.loads(compact) == json.loads(indented) == report.to_dict(), path.name
        assert compact.startswith('{"schema_version":') and "\n" not in compact
        assert indented.startswith('{\n  "schema_version": ')


def test_undecodable_file_name_bytes_are_escaped_in_json_and_decode_back(tmp_path: Any) -> None:
    name = "caf\udce9.jpg"  # the b"\xe9" byte of a Latin-1 file name, as os.fsdecode gives it
    path = tmp_path / name
    path.write_bytes(fixture("plain.jpg").read_bytes())
    text = provenance.inspect(path).to_json()
    text.encode("utf-8")  # strict: no lone surrogate reaches the output
    assert "caf\\udce9.jpg" in text
    assert json.loads(text)["source"]["path"] == str(path)


def test_schema_enums_match_the_model() -> None:
    verdict = report_schema()["$defs"]["verdict"]["properties"]
    assert verdict["origin"]["enum"] == [o.value for o in Origin]
    assert verdict["integrity"]["enum"] == [i.value for i in Integrity]
    assert verdict["trust"]["enum"] == [t.value for t in Trust]
    assert verdict["strength"]["enum"] == [s.value for s in Strength]


def test_committed_schema_is_what_the_schema_script_writes() -> None:
    import subprocess
    import sys

    script = FIXTURES.parent / "scripts" / "make_schema.py"
    assert subprocess.run([sys.executable, str(script), "--check"], timeout=60).returncode == 0
