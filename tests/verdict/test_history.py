"""Origin and tool from parsed manifests: written as SDK-shaped JSON, parsed, then assessed."""

from typing import Any

from provenance.models import Origin, Strength
from provenance.readers.c2pa.store import parse_store
from provenance.verdict.history import assess

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def manifest(
    actions: list[dict[str, Any]] | None = None,
    *,
    generator: str = "Tool/1.0",
    ingredients: list[dict[str, Any]] | None = None,
    assertions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: list[dict[str, Any]] = list(assertions or [])
    if actions is not None:
        body.append({"label": "c2pa.actions.v2", "data": {"actions": actions}})
    return {
        "claim_generator": generator,
        "assertions": body,
        "ingredients": ingredients or [],
        "signature_info": {"issuer": "Org", "common_name": "CN"},
    }


def store(active: dict[str, Any], **others: dict[str, Any]) -> Any:
    return parse_store(
        {"active_manifest": "m", "manifests": {"m": active, **others}, "validation_state": "Valid"}
    )


def origin_of(active: dict[str, Any], **others: dict[str, Any]) -> Origin:
    return assess(store(active, **others), strength=Strength.SIGNED).origin


def test_created_with_trained_algorithmic_media_is_ai_generated() -> None:
    assert origin_of(
        manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}])
    ) is (Origin.AI_GENERATED)


def test_edit_with_composite_trained_is_ai_edited() -> None:
    m = manifest(
        [{"action": "c2pa.edited", "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia"}]
    )
    assert origin_of(m) is Origin.AI_EDITED


def test_placed_ai_content_on_a_capture_is_ai_edited() -> None:
    m = manifest(
        [
            {"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCapture"},
            {"action": "c2pa.placed", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"},
        ]
    )
    assert origin_of(m) is Origin.AI_EDITED


def test_capture_and_human_and_synthetic_terms() -> None:
    for term, origin in [
        ("digitalCapture", Origin.CAPTURED),
        ("digitalCreation", Origin.HUMAN_MADE),
        ("algorithmicMedia", Origin.SYNTHETIC),
    ]:
        assert origin_of(manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + term}])) is origin


def test_legacy_adobe_generative_ai_assertion_is_ai_generated() -> None:
    m = manifest(
        [{"action": "c2pa.created"}],
        assertions=[{"label": "com.adobe.generative-ai", "data": {"description": "Adobe Firefly"}}],
    )
    assert origin_of(m) is Origin.AI_GENERATED


def test_no_source_type_is_unknown_never_not_ai() -> None:
    assert origin_of(manifest([{"action": "c2pa.created"}, {"action": "c2pa.resized"}])) is Origin.UNKNOWN


def test_unrecognised_source_type_is_unknown_but_kept_as_evidence() -> None:
    result = assess(
        store(manifest([{"action": "c2pa.created", "digitalSourceType": "http://x.example/ai"}])),
        strength=Strength.SIGNED,
    )
    assert result.origin is Origin.UNKNOWN
    assert [e.raw for e in result.evidence] == ["http://x.example/ai"]


def test_ai_description_without_source_type_counts_and_says_so() -> None:
    m = manifest(
        [
            {
                "action": "c2pa.created",
                "description": "AI Generated Image",
                "softwareAgent": "Image Creator from Designer",
            }
        ]
    )
    result = assess(store(m), strength=Strength.SIGNED)
    assert result.origin is Origin.AI_GENERATED
    assert "free-text" in result.evidence[0].meaning
    assert result.tool is not None and result.tool.name == "Microsoft Bing Image Creator"


def test_capture_app_claim_without_actions_is_captured() -> None:
    assert origin_of(manifest(None, generator="Truepic_Lens_iOS/1.5.0 libc2pa/3.6.5")) is Origin.CAPTURED


def test_unknown_claim_generator_without_actions_is_unknown() -> None:
    assert origin_of(manifest(None, generator="libc2pa/4.0.17")) is Origin.UNKNOWN


def test_opening_an_ai_generated_parent_stays_ai_generated_with_the_parent_tool() -> None:
    parent = manifest(
        [
            {
                "action": "c2pa.created",
                "digitalSourceType": IPTC + "trainedAlgorithmicMedia",
                "softwareAgent": "DALL·E",
            }
        ],
        generator="OpenAI-API",
    )
    active = manifest(
        None,
        generator="ChatGPT",
        ingredients=[{"title": "image.webp", "relationship": "parentOf", "active_manifest": "p"}],
    )
    result = assess(store(active, p=parent), strength=Strength.SIGNED)
    assert result.origin is Origin.AI_GENERATED
    assert result.tool is not None and result.tool.name == "OpenAI DALL·E"
    assert result.ingredients[0].origin is Origin.AI_GENERATED


def test_ai_component_placed_into_a_capture_makes_it_ai_edited() -> None:
    part = manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}])
    active = manifest(
        [{"action": "c2pa.opened"}, {"action": "c2pa.placed"}],
        ingredients=[{"title": "part.png", "relationship": "componentOf", "active_manifest": "p"}],
    )
    assert origin_of(active, p=part) is Origin.AI_EDITED


def test_input_to_ingredients_do_not_decide_origin() -> None:
    ref = manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}])
    active = manifest(
        [{"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCreation"}],
        ingredients=[{"title": "ref", "relationship": "inputTo", "active_manifest": "p"}],
    )
    assert origin_of(active, p=ref) is Origin.HUMAN_MADE


def test_ingredient_cycles_terminate() -> None:
    a = manifest(None, ingredients=[{"title": "b", "relationship": "parentOf", "active_manifest": "b"}])
    b = manifest(None, ingredients=[{"title": "m", "relationship": "parentOf", "active_manifest": "m"}])
    result = assess(store(a, b=b), strength=Strength.SIGNED)
    assert result.origin is Origin.UNKNOWN
    assert result.ingredients[0].ingredients[0].ingredients == ()


def test_tool_prefers_software_agent_then_generator_info_then_claim_generator() -> None:
    m = manifest(
        [
            {
                "action": "c2pa.created",
                "digitalSourceType": IPTC + "trainedAlgorithmicMedia",
                "softwareAgent": {"name": "Adobe Firefly", "version": "3.1"},
            }
        ],
        generator="Adobe_Firefly/1.0 c2pa-rs/0.3",
    )
    m["claim_generator_info"] = [{"name": "Adobe Firefly Web", "version": "2"}]
    tool = assess(store(m), strength=Strength.SIGNED).tool
    assert tool is not None
    assert (tool.name, tool.version, tool.source) == ("Adobe Firefly", "3.1", "software_agent")
    assert tool.raw == ("Adobe Firefly/3.1", "Adobe Firefly Web/2", "Adobe_Firefly/1.0 c2pa-rs/0.3")


def test_unknown_tool_keeps_a_readable_name() -> None:
    m = manifest(
        [
            {
                "action": "c2pa.created",
                "digitalSourceType": IPTC + "trainedAlgorithmicMedia",
                "softwareAgent": {"name": "Example Diffusion", "version": "2.1"},
            }
        ]
    )
    tool = assess(store(m), strength=Strength.SIGNED).tool
    assert tool is not None and (tool.name, tool.version) == ("Example Diffusion", "2.1")


def test_parser_drops_malformed_shapes_instead_of_guessing() -> None:
    parsed = parse_store(
        {
            "active_manifest": 3,
            "manifests": {"m": {"assertions": "nope", "ingredients": [5]}},
            "validation_results": {"activeManifest": {"failure": [{"code": 7}, {"code": "x.y"}]}},
        }
    )
    assert parsed.active is None
    assert [c.code for c in parsed.failures] == ["x.y"]
    assert parsed.manifests["m"].actions == ()
