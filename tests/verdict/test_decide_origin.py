"""Origin from the active manifest's own declarations, through decide(): source types, actions, the legacy
Adobe assertion, free-text descriptions and capture apps' own claims."""

from __future__ import annotations

import pytest

from provenance.models import Evidence, Origin, Strength, Tool
from provenance.readers.c2pa.store import Action

from .builders import ACTIVE, IPTC, action, created, decide_manifest, edited, manifest, opened


@pytest.mark.parametrize(
    ("term", "origin"),
    [
        ("trainedAlgorithmicMedia", Origin.AI_GENERATED),
        ("compositeWithTrainedAlgorithmicMedia", Origin.AI_EDITED),
        ("algorithmicMedia", Origin.SYNTHETIC),
        ("digitalCapture", Origin.CAPTURED),
        ("digitalCreation", Origin.HUMAN_MADE),
        ("humanEdits", Origin.HUMAN_MADE),
        ("composite", Origin.HUMAN_MADE),
    ],
)
def test_each_source_type_class_on_a_created_action_gives_its_origin(term: str, origin: Origin) -> None:
    verdict = decide_manifest(manifest(created(term))).verdict
    assert (verdict.origin, verdict.strength) == (origin, Strength.SIGNED)


def test_a_declared_source_type_is_evidence_with_its_term_and_manifest() -> None:
    decision = decide_manifest(manifest(created("trainedAlgorithmicMedia")))
    assert decision.evidence == (
        Evidence(
            "c2pa",
            "c2pa.actions/c2pa.created/digitalSourceType",
            IPTC + "trainedAlgorithmicMedia",
            "c2pa.created declares source type 'trainedAlgorithmicMedia'",
            Strength.SIGNED,
            Origin.AI_GENERATED,
            ACTIVE,
        ),
    )


def test_an_unknown_source_type_uri_is_unknown_and_its_evidence_says_unrecognised() -> None:
    uri = "http://example.test/sourcetype/magic"
    decision = decide_manifest(manifest(action("c2pa.created", source_type=uri)))
    assert (decision.verdict.origin, decision.verdict.strength) == (Origin.UNKNOWN, Strength.NONE)
    [evidence] = decision.evidence
    assert (evidence.raw, evidence.origin) == (uri, Origin.UNKNOWN)
    assert evidence.meaning == "c2pa.created declares an unrecognised source type"


def test_a_manifest_that_declares_nothing_is_unknown_with_no_strength_and_no_evidence() -> None:
    decision = decide_manifest(manifest(created(), edited(name="c2pa.resized")))
    assert (decision.verdict.origin, decision.verdict.strength) == (Origin.UNKNOWN, Strength.NONE)
    assert decision.evidence == ()


@pytest.mark.parametrize(
    ("actions", "origin"),
    [
        pytest.param((opened("trainedAlgorithmicMedia"),), Origin.AI_GENERATED, id="opened-ai-is-generated"),
        pytest.param((edited("trainedAlgorithmicMedia"),), Origin.AI_EDITED, id="edit-with-ai-is-edited"),
        pytest.param(
            (edited("trainedAlgorithmicMedia", name="c2pa.placed"),), Origin.AI_EDITED, id="placed-ai"
        ),
        pytest.param(
            (edited("compositeWithTrainedAlgorithmicMedia"),), Origin.AI_EDITED, id="edit-composite-ai"
        ),
        pytest.param(
            (created("digitalCapture"), edited("trainedAlgorithmicMedia")),
            Origin.AI_EDITED,
            id="capture-then-ai-edit",
        ),
        pytest.param(
            (created("trainedAlgorithmicMedia"), edited("compositeWithTrainedAlgorithmicMedia")),
            Origin.AI_GENERATED,
            id="ai-created-then-ai-edit-stays-generated",
        ),
        pytest.param(
            (created("trainedAlgorithmicMedia"), created("digitalCapture")),
            Origin.AI_GENERATED,
            id="first-created-decides",
        ),
        # A second creating action's AI source type is ignored once a non-AI base is set (see doubts).
        pytest.param(
            (created("digitalCapture"), opened("trainedAlgorithmicMedia")),
            Origin.CAPTURED,
            id="later-ai-opened-after-capture-is-ignored",
        ),
        # Non-AI source types on edit actions decide nothing (humanEdits on c2pa.edited: see doubts).
        pytest.param((edited("digitalCapture"),), Origin.UNKNOWN, id="edit-with-capture-type"),
        pytest.param((edited("humanEdits"),), Origin.UNKNOWN, id="edit-with-human-edits"),
        pytest.param(
            (action("c2pa.created", source_type="http://example.test/x"), edited("trainedAlgorithmicMedia")),
            Origin.AI_EDITED,
            id="unrecognised-created-then-ai-edit",
        ),
    ],
)
def test_created_opened_and_edit_actions(actions: tuple[Action, ...], origin: Origin) -> None:
    assert decide_manifest(manifest(*actions)).verdict.origin is origin


def test_legacy_adobe_generative_ai_assertion_is_ai_generated_with_its_description_as_tool() -> None:
    decision = decide_manifest(manifest(legacy_genai=("Adobe Firefly",)))
    assert decision.verdict.origin is Origin.AI_GENERATED
    assert decision.verdict.tool == Tool("Adobe Firefly", None, "software_agent", ("Adobe Firefly",))
    assert decision.evidence == (
        Evidence(
            "c2pa",
            "com.adobe.generative-ai",
            "Adobe Firefly",
            "legacy Adobe generative-AI assertion",
            Strength.SIGNED,
            Origin.AI_GENERATED,
            ACTIVE,
        ),
    )


def test_legacy_assertion_does_not_override_a_created_non_ai_source_type_but_conflicts() -> None:
    verdict = decide_manifest(manifest(created("digitalCapture"), legacy_genai=("generative AI",))).verdict
    assert verdict.origin is Origin.CAPTURED
    assert verdict.conflicts == (
        "c2pa com.adobe.generative-ai says ai_generated (signed), but the verdict rests on captured",
    )


@pytest.mark.parametrize(
    ("act", "origin"),
    [
        pytest.param(created(description="AI Generated Image"), Origin.AI_GENERATED, id="created"),
        pytest.param(created(description="generated with AI"), Origin.AI_GENERATED, id="generated-with-ai"),
        pytest.param(created(description="A sunset over the sea"), Origin.UNKNOWN, id="other-text"),
        pytest.param(action("c2pa.opened", description="AI generated"), Origin.UNKNOWN, id="on-opened"),
        pytest.param(action("c2pa.edited", description="AI generated"), Origin.UNKNOWN, id="on-edit"),
        pytest.param(
            created("digitalCapture", description="AI generated"), Origin.CAPTURED, id="source-type-wins"
        ),
    ],
)
def test_free_text_ai_description_counts_only_on_a_created_action_without_source_type(
    act: Action, origin: Origin
) -> None:
    assert decide_manifest(manifest(act)).verdict.origin is origin


def test_free_text_ai_description_is_evidence_that_says_no_source_type_and_names_the_agent() -> None:
    act = created(description="AI Generated Image", agent="Image Creator from Designer")
    decision = decide_manifest(manifest(act))
    [evidence] = decision.evidence
    assert (evidence.field, evidence.raw, evidence.origin) == (
        "c2pa.actions/c2pa.created/description",
        "AI Generated Image",
        Origin.AI_GENERATED,
    )
    assert evidence.meaning == "free-text action description says AI-generated (no source type declared)"
    assert decision.verdict.tool is not None
    assert decision.verdict.tool.name == "Microsoft Bing Image Creator"


def test_a_capture_apps_own_claim_without_actions_is_captured_with_its_evidence() -> None:
    decision = decide_manifest(manifest(claim_generator="Truepic Lens 2.4 libc2pa/3.6.5"))
    assert (decision.verdict.origin, decision.verdict.strength) == (Origin.CAPTURED, Strength.SIGNED)
    assert decision.evidence == (
        Evidence(
            "c2pa",
            "claim_generator",
            "Truepic Lens",
            "signed by the capture app Truepic Lens (this manifest declares no edit)",
            Strength.SIGNED,
            Origin.CAPTURED,
            ACTIVE,
        ),
    )


@pytest.mark.parametrize(
    ("actions", "claim_generator", "generator_info", "origin"),
    [
        pytest.param((), "Truepic_Lens_iOS/1.5.0 libc2pa/3.6.5", (), Origin.CAPTURED, id="no-actions"),
        pytest.param((created(),), "Truepic Lens 2.4", (), Origin.CAPTURED, id="created-without-type"),
        pytest.param((), None, ("Google Pixel Camera/1.0",), Origin.CAPTURED, id="generator-info"),
        pytest.param((created(), edited()), "Truepic Lens 2.4", (), Origin.UNKNOWN, id="with-an-edit"),
        pytest.param((opened(),), "Truepic Lens 2.4", (), Origin.UNKNOWN, id="with-opened"),
        pytest.param((), "Truepic/2.0", (), Origin.UNKNOWN, id="not-a-capture-product"),
        pytest.param((), "Adobe_Photoshop/25.0", (), Origin.UNKNOWN, id="an-editor"),
        pytest.param(
            (created("digitalCreation"),), "Truepic Lens 2.4", (), Origin.HUMAN_MADE, id="source-type-wins"
        ),
    ],
)
def test_capture_claim_counts_only_without_edit_actions(
    actions: tuple[Action, ...], claim_generator: str | None, generator_info: tuple[str, ...], origin: Origin
) -> None:
    m = manifest(*actions, claim_generator=claim_generator, generator_info=generator_info)
    assert decide_manifest(m).verdict.origin is origin
