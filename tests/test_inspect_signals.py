"""inspect() on the unsigned-metadata, generator and watermark fixtures: one honest verdict per file."""

from __future__ import annotations

import pytest

import provenance
from provenance import InspectOptions, Integrity, Origin, Strength
from tests.helpers import fixture
from tests.metadata_samples import SOURCE_TYPE, image_bytes, xmp

DEEP = InspectOptions(deep=True)


@pytest.mark.parametrize(
    ("name", "origin", "tool"),
    [
        ("xmp_iptc_ai.jpg", Origin.AI_GENERATED, None),
        ("xmp_iptc_ai.png", Origin.AI_GENERATED, None),  # XMP iTXt after IDAT
        ("xmp_iptc_ai.webp", Origin.AI_GENERATED, None),
        ("xmp_google_edited.jpg", Origin.AI_EDITED, "Google Gemini / Imagen / Veo"),
        ("iptc_credit_google.jpg", Origin.AI_GENERATED, "Google Gemini / Imagen / Veo"),
        ("xmp_midjourney.png", Origin.AI_GENERATED, "Midjourney"),
        ("xmp_tc260_aigc.jpg", Origin.AI_GENERATED, None),
        ("exif_fooocus.jpg", Origin.AI_GENERATED, "Fooocus"),
        ("gen_a1111.png", Origin.AI_GENERATED, "AUTOMATIC1111"),
        ("gen_comfyui.png", Origin.AI_GENERATED, "ComfyUI"),
        ("gen_novelai.png", Origin.AI_GENERATED, "NovelAI"),
        ("gen_invokeai.png", Origin.AI_GENERATED, "InvokeAI"),
        ("gen_fooocus.png", Origin.AI_GENERATED, "Fooocus"),
        ("gen_swarmui.png", Origin.AI_GENERATED, "SwarmUI"),
        # Issue 14 item 6: declarations in places the readers did not look.
        ("png_tc260_aigc.png", Origin.AI_GENERATED, None),  # PNG tEXt AIGC, producer given as a code
        ("exif_aigc_info.jpg", Origin.AI_GENERATED, "Doubao"),  # UserComment aigc_info, label type 1
        ("exif_swarmui.jpg", Origin.AI_GENERATED, "SwarmUI"),  # UTF-16 UserComment sui_image_params
        ("exif_comfyui_service.jpg", Origin.AI_GENERATED, "ComfyUI"),  # an online service's graph
        ("exif_fooocusplus.jpg", Origin.AI_GENERATED, "FooocusPlus"),
        ("gen_ruinedfooocus.png", Origin.AI_GENERATED, "RuinedFooocus"),
        ("gen_fooocusplus.png", Origin.AI_GENERATED, "FooocusPlus"),  # Comment chunk
        ("iptc_midjourney.jpg", Origin.AI_GENERATED, "Midjourney"),  # IIM caption, no XMP
        ("exif_openai_labs.jpg", Origin.AI_GENERATED, "OpenAI DALL·E"),
        ("exif_openai_makernote.jpg", Origin.AI_GENERATED, "OpenAI"),
        ("xmp_iptc_ai_system.jpg", Origin.AI_EDITED, "Stable Diffusion XL"),  # AISystemUsed alone
        (
            "xmp_iptc_ai_system_dst.jpg",
            Origin.AI_GENERATED,
            "Stable Diffusion XL",
        ),  # + trainedAlgorithmicMedia
    ],
)
def test_unsigned_declarations_give_an_origin_with_unsigned_strength(
    name: str, origin: Origin, tool: str | None
) -> None:
    verdict = provenance.inspect(fixture(name)).verdict
    assert (verdict.origin, verdict.strength, verdict.integrity) == (
        origin,
        Strength.UNSIGNED,
        Integrity.NOT_SIGNED,
    )
    assert (verdict.tool.name if verdict.tool else None) == tool
    assert "unsigned metadata" in verdict.summary and "could be forged" in verdict.summary


def test_a_named_ai_system_beside_a_capture_source_type_is_flagged_with_a_conflict() -> None:
    packet = xmp(
        {
            "Iptc4xmpExt:AISystemUsed": "Adobe Firefly",
            "Iptc4xmpExt:DigitalSourceType": SOURCE_TYPE + "digitalCapture",
        }
    )
    verdict = provenance.inspect(image_bytes("JPEG", xmp=packet)).verdict
    assert (verdict.origin, verdict.strength) == (Origin.AI_EDITED, Strength.UNSIGNED)
    assert verdict.tool is not None and verdict.tool.name == "Adobe Firefly"
    assert len(verdict.conflicts) == 1
    assert "Iptc4xmpExt:DigitalSourceType says captured" in verdict.conflicts[0]


def test_generator_versions_from_the_new_places() -> None:
    versions = {
        name: [(g.name, g.version) for g in provenance.inspect(fixture(name)).generators]
        for name in ("exif_fooocusplus.jpg", "iptc_midjourney.jpg", "xmp_iptc_ai_system.jpg")
    }
    assert versions == {
        "exif_fooocusplus.jpg": [("FooocusPlus", "1.0.0.05")],
        "iptc_midjourney.jpg": [("Midjourney", "7")],
        "xmp_iptc_ai_system.jpg": [("Stable Diffusion XL", "1.0")],
    }


def test_unsigned_capture_claim_is_never_reported_as_signed() -> None:
    verdict = provenance.inspect(fixture("xmp_leica_claim.jpg")).verdict
    assert (verdict.origin, verdict.strength) == (Origin.CAPTURED, Strength.UNSIGNED)
    assert verdict.tool is not None and verdict.tool.name == "Leica"


@pytest.mark.parametrize("name", ["exif_camera.jpg", "gen_caption_only.png", "wm_none.png", "plain.jpg"])
def test_files_that_declare_nothing_stay_unknown(name: str) -> None:
    verdict = provenance.inspect(fixture(name), options=DEEP).verdict
    assert (verdict.origin, verdict.strength) == (Origin.UNKNOWN, Strength.NONE)


def test_generator_details_are_reported_and_prompts_only_on_request() -> None:
    report = provenance.inspect(fixture("gen_a1111.png"))
    [gen] = report.generators
    assert (gen.name, gen.version, gen.model, gen.prompt_present, gen.prompt) == (
        "AUTOMATIC1111",
        "1.6.0",
        "fixtureModel_v1",
        True,
        None,
    )
    shown = provenance.inspect(fixture("gen_a1111.png"), options=InspectOptions(show_prompts=True))
    assert shown.generators[0].prompt


def test_stealth_info_needs_deep() -> None:
    assert provenance.inspect(fixture("gen_stealth_pnginfo.png")).verdict.origin is Origin.UNKNOWN
    deep = provenance.inspect(fixture("gen_stealth_pnginfo.png"), options=DEEP)
    assert deep.verdict.origin is Origin.AI_GENERATED
    assert [g.name for g in deep.generators] == ["Forge"]


@pytest.mark.parametrize(
    ("name", "variant", "tool"),
    [
        ("wm_sdxl.png", "SDXL", "Stable Diffusion XL"),
        ("wm_sdxl_rgb.png", "SDXL", "Stable Diffusion XL"),
        ("wm_flux.png", "FLUX", "FLUX"),
        ("wm_sd1.png", "SD1", "Stable Diffusion 1.x"),
    ],
)
def test_watermark_is_pixel_evidence_only_with_deep(name: str, variant: str, tool: str) -> None:
    shallow = provenance.inspect(fixture(name))
    assert shallow.verdict.origin is Origin.UNKNOWN
    assert any(c.name == "watermark" and not c.ran for c in shallow.checks)
    report = provenance.inspect(fixture(name), options=DEEP)
    assert (report.verdict.origin, report.verdict.strength) == (Origin.AI_GENERATED, Strength.WATERMARK)
    assert report.verdict.tool is not None and report.verdict.tool.name == tool
    assert any(w.variant == variant and w.detected for w in report.watermarks)


def test_a_watermark_miss_is_not_detected_never_not_ai() -> None:
    report = provenance.inspect(fixture("wm_none.png"), options=DEEP)
    assert not any(w.detected for w in report.watermarks)
    assert not any(e.source == "watermark" for e in report.evidence)
    [check] = [c for c in report.checks if c.name == "watermark"]
    assert check.ran and check.detail and "proves nothing" in check.detail


def test_xmp_remote_manifest_pointer_is_reported_without_fetching() -> None:
    report = provenance.inspect(fixture("xmp_remote_manifest.jpg"))
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.remote_url == "http://127.0.0.1:9/manifest.c2pa"


def test_signed_manifest_outranks_metadata(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("ai_generated.jpg"), options=trusted).verdict
    assert verdict.strength is Strength.SIGNED


def test_every_report_lists_the_checks_that_ran_and_did_not() -> None:
    report = provenance.inspect(fixture("plain.png"))
    # The fast path (default) proves plain.png has no manifest, so the SDK is not called, and it says so.
    assert report.checks[0].detail == "skipped: no manifest container found (fast path)"
    full = provenance.inspect(fixture("plain.png"), options=provenance.InspectOptions(fast_path=False))
    assert full.checks[0].ran and full.verdict == report.verdict
    assert {c.name: c.ran for c in report.checks} == {
        "c2pa": False,
        "xmp": True,
        "exif": True,
        "generators": True,
        "stealth": False,
        "watermark": False,
    }
