"""One verdict from many signals: signed outranks unsigned outranks watermark; disagreements are listed."""

from __future__ import annotations

from collections.abc import Sequence

from provenance.models import C2paInfo, Evidence, Integrity, Origin, Strength, Tool, Trust, Verdict
from provenance.readers.base import ReaderOutput
from provenance.readers.c2pa.store import C2paRead, ReadStatus
from provenance.verdict import decide
from provenance.verdict.assessment import C2paAssessment
from provenance.verdict.combine import combine


def c2pa(
    origin: Origin = Origin.UNKNOWN,
    integrity: Integrity = Integrity.NOT_SIGNED,
    strength: Strength = Strength.NONE,
    trust: Trust = Trust.NOT_APPLICABLE,
) -> Verdict:
    return Verdict(
        origin,
        None,
        None,
        integrity,
        trust,
        "C2PA" if trust is Trust.TRUSTED else None,
        strength,
        "C2PA says so.",
    )


def merge(
    verdict: Verdict,
    c2pa_evidence: Sequence[Evidence],
    other: Sequence[Evidence],
    file_name: str | None = None,
) -> Verdict:
    found = verdict.integrity not in (Integrity.NOT_SIGNED, Integrity.UNSUPPORTED)
    assessment = C2paAssessment(verdict, tuple(c2pa_evidence), C2paInfo(found, found), found)
    return combine(assessment, other, file_name=file_name)[0]


def item(
    origin: Origin | None,
    strength: Strength = Strength.UNSIGNED,
    source: str = "xmp",
    tool: str | None = None,
) -> Evidence:
    return Evidence(
        source,
        "field",
        "raw",
        "meaning",
        strength,
        origin,
        None,
        Tool(tool, None, "metadata", ()) if tool else None,
    )


def test_unsigned_ai_metadata_establishes_ai_but_says_it_is_unsigned() -> None:
    v = merge(c2pa(), [], [item(Origin.AI_GENERATED, source="png-text", tool="ComfyUI")])
    assert (v.origin, v.strength) == (Origin.AI_GENERATED, Strength.UNSIGNED)
    assert v.tool is not None and v.tool.name == "ComfyUI"
    assert "unsigned" in v.summary and "forged" in v.summary


def test_trusted_signed_manifest_outranks_unsigned_metadata_and_the_disagreement_is_reported() -> None:
    signed = c2pa(Origin.CAPTURED, Integrity.INTACT, Strength.SIGNED, Trust.TRUSTED)
    v = merge(signed, [item(Origin.CAPTURED, Strength.SIGNED, "c2pa")], [item(Origin.AI_GENERATED)])
    assert (v.origin, v.strength) == (Origin.CAPTURED, Strength.SIGNED)
    assert len(v.conflicts) == 1 and "ai_generated" in v.conflicts[0]


def test_agreeing_signals_raise_no_conflict() -> None:
    signed = c2pa(Origin.AI_GENERATED, Integrity.INTACT, Strength.SIGNED)
    v = merge(signed, [item(Origin.AI_GENERATED, Strength.SIGNED, "c2pa")], [item(Origin.AI_GENERATED)])
    assert v.conflicts == ()


def test_watermark_alone_establishes_ai_with_watermark_strength() -> None:
    v = merge(c2pa(), [], [item(Origin.AI_GENERATED, Strength.WATERMARK, "watermark", "Stable Diffusion XL")])
    assert (v.origin, v.strength) == (Origin.AI_GENERATED, Strength.WATERMARK)
    assert "watermark" in v.summary


def test_unsigned_metadata_outranks_a_watermark() -> None:
    v = merge(
        c2pa(),
        [],
        [
            item(Origin.AI_GENERATED, Strength.WATERMARK, "watermark"),
            item(Origin.AI_EDITED, Strength.UNSIGNED),
        ],
    )
    assert (v.origin, v.strength) == (Origin.AI_EDITED, Strength.UNSIGNED)


def test_informational_metadata_does_not_make_an_origin() -> None:
    v = merge(c2pa(), [], [item(None, source="exif")])
    assert (v.origin, v.strength) == (Origin.UNKNOWN, Strength.NONE)


def test_tampered_ai_manifest_is_a_listed_disagreement() -> None:
    tampered = c2pa(Origin.AI_GENERATED, Integrity.TAMPERED, Strength.UNSIGNED)
    v = merge(tampered, [item(Origin.AI_GENERATED, Strength.UNSIGNED, "c2pa")], [])
    assert any("no longer verifies" in c for c in v.conflicts)


def test_file_name_is_never_evidence_but_is_noted() -> None:
    v = merge(c2pa(), [], [], file_name="ChatGPT Image Mar 3.png")
    assert v.origin is Origin.UNKNOWN
    assert any("file names are not evidence" in c for c in v.conflicts)


def test_xmp_remote_manifest_pointer_makes_integrity_remote_unverified() -> None:
    signals = ReaderOutput(remote_manifest_urls=("https://example.test/m.c2pa",))
    v = decide(C2paRead(ReadStatus.ABSENT), signals, trust_configured=False).verdict
    assert v.integrity is Integrity.REMOTE_UNVERIFIED
    assert "https://example.test/m.c2pa" in v.summary


def test_unsigned_capture_claim_is_weak_and_says_so() -> None:
    v = merge(c2pa(), [], [item(Origin.CAPTURED, tool="Leica")])
    assert (v.origin, v.strength) == (Origin.CAPTURED, Strength.UNSIGNED)
    assert "could be forged" in v.summary
