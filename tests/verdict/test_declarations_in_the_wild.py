"""C2PA declarations found in real files: Adobe's parameter, a source type on an ingredient, gathered
assertions (issue 14, item 6)."""

from __future__ import annotations

from typing import Any

from provenance.models import Origin, Strength
from provenance.readers.base import ReaderOutput
from provenance.readers.c2pa.store import (
    Action,
    C2paRead,
    ReadStatus,
    gathered_assertions,
    has_v2_claims,
    parse_store,
)
from provenance.verdict import decide
from tests.verdict.builders import IPTC, created, decide_store, ingredient, manifest, store

AI = IPTC + "trainedAlgorithmicMedia"


def sdk_json(actions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """The SDK's Reader.json() shape for one active manifest."""
    body = {"label": "c2pa.actions.v2", "data": {"actions": actions}}
    return {
        "active_manifest": "urn:m",
        "manifests": {"urn:m": {"claim_generator": "Tool/1.0", "assertions": [body], **extra}},
        "validation_state": "Valid",
    }


def test_adobes_own_source_type_parameter_on_an_opened_action_is_read() -> None:
    opened = {"action": "c2pa.opened", "parameters": {"com.adobe.digitalSourceType": AI}}
    read = C2paRead(ReadStatus.READ, parse_store(sdk_json([opened])))
    verdict = decide(read, ReaderOutput(), trust_configured=False).verdict
    assert (verdict.origin, verdict.strength) == (Origin.AI_GENERATED, Strength.SIGNED)


def test_a_source_type_declared_on_a_component_ingredient_makes_the_work_ai_edited() -> None:
    component = ingredient(None, "componentOf", title="sky.png")
    parsed = parse_store(
        sdk_json(
            [{"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCreation"}],
            ingredients=[{"title": "sky.png", "relationship": "componentOf", "digitalSourceType": AI}],
        )
    )
    assert parsed.active is not None
    assert parsed.active.ingredients[0].source_type == AI and component.source_type is None
    decision = decide(C2paRead(ReadStatus.READ, parsed), ReaderOutput(), trust_configured=False)
    assert decision.verdict.origin is Origin.AI_EDITED
    assert any(
        e.field == "ingredient/digitalSourceType" and e.origin is Origin.AI_GENERATED
        for e in decision.evidence
    )
    (node,) = decision.c2pa.ingredients
    assert node.origin is Origin.AI_GENERATED  # the tree shows what the manifest declared for it


def test_a_source_type_declared_on_a_parent_ingredient_passes_its_origin_on() -> None:
    parent = ingredient(None, "parentOf", title="base.jpg")
    parent = type(parent)(parent.title, parent.format, parent.relationship, None, (), IPTC + "digitalCapture")
    verdict = decide_store(
        store(manifest(Action("c2pa.opened", None, None, None), ingredients=(parent,)))
    ).verdict
    assert verdict.origin is Origin.CAPTURED


def test_a_gathered_assertion_weighs_as_unsigned_metadata_not_as_the_claim() -> None:
    gathered = Action("c2pa.created", AI, None, None, attested=False)
    verdict = decide_store(store(manifest(gathered))).verdict
    assert (verdict.origin, verdict.strength) == (Origin.AI_GENERATED, Strength.UNSIGNED)
    assert "gathered assertion" in verdict.summary or "unsigned" in verdict.summary


def test_a_gathered_capture_claim_does_not_outrank_signed_ai() -> None:
    signed_ai = manifest(
        created("trainedAlgorithmicMedia"),
        Action("c2pa.created", IPTC + "digitalCapture", None, None, attested=False),
    )
    verdict = decide_store(store(signed_ai)).verdict
    assert (verdict.origin, verdict.strength) == (Origin.AI_GENERATED, Strength.SIGNED)


def test_gathered_assertions_are_read_from_the_detailed_json() -> None:
    detailed = {
        "manifests": {
            "urn:m": {
                "claim": {
                    "created_assertions": [{"url": "self#jumbf=c2pa.assertions/c2pa.hash.data"}],
                    "gathered_assertions": [{"url": "self#jumbf=c2pa.assertions/c2pa.actions.v2"}],
                }
            },
            "urn:old": {"claim": {}},
        }
    }
    assert gathered_assertions(detailed) == {"urn:m": frozenset({"c2pa.actions.v2"})}
    marked = parse_store(
        sdk_json([{"action": "c2pa.created", "digitalSourceType": AI}]), gathered_assertions(detailed)
    )
    assert marked.active is not None and [a.attested for a in marked.active.actions] == [False]
    assert has_v2_claims({"manifests": {"a": {"claim_version": 2}}}) and not has_v2_claims(sdk_json([]))
