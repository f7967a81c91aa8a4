"""Real files from generators, editors and cameras (../shared/corpus/real-world, labelled in index.tsv)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import provenance
from provenance import InspectOptions, Origin, Trust, TrustSettings, load_trust_settings
from tests.helpers import corpus, label, real_world_rows, trust_snapshot

AI_ORIGINS = {Origin.AI_GENERATED, Origin.AI_EDITED}

# Files whose AI statement lives in a C2PA manifest -> the product family the tool must name.
C2PA_AI_TOOLS = {
    "TRUEPIC__truepic-c2pa-verify-ui-android/t5.jpg": "Adobe Firefly",
    "TrustNXT__c2pa-ts/amazon-titan-g1.png": "Amazon Titan",
    "contentauth__c2pa-js-legacy/genai-actions-v2.jpg": "Adobe Firefly",
    "contentauth__c2pa-js-legacy/test.jpg": "Adobe Firefly",
    "contentauth__c2pa-node/ingredient-with-data-types.jpg": "Adobe Firefly",
    "contentauth__verify-site/butteryfly.jpg": "Adobe Firefly",
    "digimarc-corp__c2pa-content-credentials-extension/firefly-1.jpg": "Adobe Firefly",
    "digimarc-corp__c2pa-content-credentials-extension/genai-picture-validate-protected.jpg": "Adobe Firefly",
    "microsoft__c2pa-extension-validator/DALL-E_cloud_surfing_puppy.webp": "OpenAI",
    "microsoft__c2pa-extension-validator/bing_creator_cloud_surfing_puppy.jpg": "Microsoft Bing",
}


@pytest.fixture(scope="module")
def snapshot_trust() -> TrustSettings:
    """The public trust lists as a user gets them from `provenance trust update` (test snapshots)."""
    return load_trust_settings(
        anchors=[trust_snapshot("C2PA-TRUST-LIST.pem"), trust_snapshot("interim-anchors.pem")],
        allowed=[trust_snapshot("interim-allowed.pem")],
        eku_config=trust_snapshot("interim-store.cfg"),
        use_cache=False,
    )


def test_every_c2pa_ai_file_of_the_index_is_listed_here() -> None:
    rows = real_world_rows(lambda r: label(r) == "ai_declared" and r["has_c2pa"] == "yes")
    corpus()
    assert sorted(r["file"] for r in rows) == sorted(C2PA_AI_TOOLS)


@pytest.mark.parametrize(("name", "family"), sorted(C2PA_AI_TOOLS.items()))
def test_c2pa_ai_declarations_give_an_ai_origin_and_the_right_tool(name: str, family: str) -> None:
    verdict = provenance.inspect(corpus("real-world") / name).verdict
    assert verdict.origin in AI_ORIGINS, verdict.summary
    assert verdict.tool is not None and verdict.tool.name.startswith(family), verdict.tool


def test_photoshop_generative_fill_is_ai_edited() -> None:
    path = corpus("real-world/digimarc-corp__c2pa-content-credentials-extension/gen-fill.jpg")
    assert provenance.inspect(path).verdict.origin is Origin.AI_EDITED


@pytest.mark.parametrize(
    "row",
    real_world_rows(lambda r: label(r) == "camera_capture" and r["has_c2pa"] == "yes"),
    ids=lambda r: r["file"],
)
def test_c2pa_camera_captures_are_captured(row: dict[str, str]) -> None:
    assert provenance.inspect(corpus("real-world") / row["file"]).verdict.origin is Origin.CAPTURED


@pytest.mark.parametrize("row", real_world_rows(lambda r: label(r) == "none"), ids=lambda r: r["file"])
def test_files_without_declarations_never_get_an_ai_origin(row: dict[str, str]) -> None:
    verdict = provenance.inspect(corpus("real-world") / row["file"]).verdict
    assert verdict.origin not in AI_ORIGINS


@pytest.mark.parametrize("row", real_world_rows(), ids=lambda r: r["file"])
def test_every_file_gets_a_schema_valid_report(row: dict[str, str]) -> None:
    import jsonschema

    from provenance.report_schema import report_schema

    report = provenance.inspect(corpus("real-world") / row["file"])
    jsonschema.validate(report.to_dict(), report_schema())
    assert report.error is None


@pytest.mark.parametrize(
    "name",
    [
        "contentauth__verify-site/butteryfly.jpg",  # Adobe Firefly
        "digimarc-corp__c2pa-content-credentials-extension/firefly-1.jpg",  # Adobe Firefly
        "microsoft__c2pa-extension-validator/bing_creator_cloud_surfing_puppy.jpg",  # needs the EKU config
        "microsoft__c2pa-extension-validator/DALL-E_cloud_surfing_puppy.webp",  # OpenAI
        "TrustNXT__c2pa-ts/amazon-titan-g1.png",  # Amazon
    ],
)
def test_generator_signers_are_trusted_with_the_public_lists(
    name: str, snapshot_trust: TrustSettings
) -> None:
    verdict = provenance.inspect(
        corpus("real-world") / name, options=InspectOptions(trust=snapshot_trust)
    ).verdict
    assert verdict.trust is Trust.TRUSTED, verdict.summary
    assert verdict.integrity.value == "intact"
    assert verdict.origin in AI_ORIGINS


def test_microsoft_file_is_credential_invalid_without_the_eku_configuration() -> None:
    path = corpus("real-world/microsoft__c2pa-extension-validator/bing_creator_cloud_surfing_puppy.jpg")
    lists_alone = replace(InspectOptions().trust, eku_config=None, eku_origin=None)  # bundled, no store.cfg
    verdict = provenance.inspect(path, options=InspectOptions(trust=lists_alone)).verdict
    assert verdict.integrity.value == "credential_invalid"
    assert "certificate missing required EKU" in verdict.summary


# Signed files whose signer no list in the package vouches for, and why (measured with the bundled lists).
NOT_TRUSTED_BY_DEFAULT = {
    # Digimarc's 2023 signing certificate is on no list (the interim list allows a 2024 one).
    "digimarc-corp__c2pa-content-credentials-extension/photo-rddm-validate-protected.jpg": "untrusted",
    "digimarc-corp__c2pa-content-credentials-extension/genai-picture-validate-protected.jpg": "untrusted",
    # Truepic's certificate has expired and no timestamp proves it was valid at signing: the SDK reports the
    # chain untrusted (signingCredential.untrusted beside signingCredential.expired).
    "TRUEPIC__truepic-c2pa-verify-ui-android/t8.jpg": "untrusted",
}


@pytest.mark.parametrize(
    "row",
    real_world_rows(lambda r: r["has_c2pa"] == "yes"),
    ids=lambda r: r["file"],
)
def test_with_no_options_signed_files_from_companies_on_the_public_lists_are_trusted(
    row: dict[str, str],
) -> None:
    """A fresh install, no flag, no download: the bundled lists decide. Every signature that still verifies
    is trusted through the list that vouches for it, unless listed above; one that no longer verifies is
    not_applicable."""
    verdict = provenance.inspect(corpus("real-world") / row["file"]).verdict
    if verdict.integrity.value in ("intact", "credential_expired"):
        expected = NOT_TRUSTED_BY_DEFAULT.get(row["file"], "trusted")
        assert verdict.trust.value == expected, verdict.summary
        assert verdict.trust_list == ("interim (legacy)" if expected == "trusted" else None)
    else:
        assert verdict.trust is Trust.NOT_APPLICABLE


@pytest.mark.parametrize("row", real_world_rows(), ids=lambda r: r["file"])
def test_pixel_checks_only_add_what_the_pixels_hold(row: dict[str, str]) -> None:
    """With --deep the expected origins still hold: a file's declared origin never changes, and an unknown
    one becomes AI only when the pixel checks find a declaration (the stealth PNG info file)."""
    path = corpus("real-world") / row["file"]
    plain, deep = provenance.inspect(path), provenance.inspect(path, options=InspectOptions(deep=True))
    if plain.verdict.origin is Origin.UNKNOWN and deep.verdict.origin is not Origin.UNKNOWN:
        assert deep.verdict.origin in AI_ORIGINS and label(row) == "ai_declared"
        assert any(e.source.startswith(("stealth", "watermark")) for e in deep.evidence)
    else:
        assert deep.verdict.origin is plain.verdict.origin
        assert (deep.verdict.tool and deep.verdict.tool.name) == (
            plain.verdict.tool and plain.verdict.tool.name
        )


def test_an_edit_chain_names_the_creating_tool_and_the_editor_in_its_history() -> None:
    """Issue 14's example: a Truepic capture opened and re-signed in Photoshop."""
    verdict = provenance.inspect(corpus("real-world/TRUEPIC__truepic-c2pa-verify-ui-android/t3.jpg")).verdict
    assert verdict.origin is Origin.CAPTURED
    assert verdict.tool is not None and verdict.tool.name == "Truepic Lens"
    assert [s.tool.name if s.tool else None for s in verdict.history] == ["Truepic Lens", "Adobe Photoshop"]
    assert (
        'History: captured with "Truepic Lens", then opened, rotated and colour-adjusted in'
        in verdict.summary
    )
