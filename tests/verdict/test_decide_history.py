"""Origin from ingredients (parents, components, cycles, depth) and the tool chosen, through decide()."""

from __future__ import annotations

import pytest

from provenance.models import Origin, Strength, Tool
from provenance.readers.c2pa.store import Action, Manifest
from provenance.verdict.history import MAX_DEPTH

from .builders import ACTIVE, created, decide_manifest, edited, ingredient, manifest, opened

PARENT = "urn:c2pa:parent"


def dalle_parent() -> Manifest:
    return manifest(
        created("trainedAlgorithmicMedia", agent="DALL·E"), label=PARENT, claim_generator="OpenAI-API"
    )


DALLE = Tool("OpenAI DALL·E", None, "software_agent", ("DALL·E", "OpenAI-API"))


def test_opening_an_ai_generated_parent_is_ai_generated_with_the_parents_tool_and_evidence() -> None:
    active = manifest(opened(), claim_generator="ChatGPT", ingredients=(ingredient(PARENT),))
    decision = decide_manifest(active, dalle_parent())
    assert (decision.verdict.origin, decision.verdict.tool) == (Origin.AI_GENERATED, DALLE)
    assert [(e.origin, e.manifest) for e in decision.evidence] == [(Origin.AI_GENERATED, PARENT)]


def test_an_ai_generated_parent_with_the_manifests_own_ai_edit_takes_the_edits_tool() -> None:
    active = manifest(
        opened(),
        edited("compositeWithTrainedAlgorithmicMedia", agent="Adobe Photoshop/25.1"),
        ingredients=(ingredient(PARENT),),
    )
    verdict = decide_manifest(active, dalle_parent()).verdict
    assert verdict.origin is Origin.AI_GENERATED
    assert verdict.tool == Tool("Adobe Photoshop", "25.1", "software_agent", ("Adobe Photoshop/25.1",))


def test_an_ai_generated_parent_with_a_non_ai_edit_keeps_the_parents_tool() -> None:
    active = manifest(opened(), edited("humanEdits", agent="GIMP/2.10"), ingredients=(ingredient(PARENT),))
    verdict = decide_manifest(active, dalle_parent()).verdict
    assert (verdict.origin, verdict.tool) == (Origin.AI_GENERATED, DALLE)


def test_an_ai_component_makes_ai_edited_with_its_tool_and_an_ingredient_evidence_item() -> None:
    part = dalle_parent()
    active = manifest(opened(), edited(name="c2pa.placed"), ingredients=(ingredient(PARENT, "componentOf"),))
    decision = decide_manifest(active, part)
    assert (decision.verdict.origin, decision.verdict.tool) == (Origin.AI_EDITED, DALLE)
    evidence, *declared = decision.evidence
    assert (evidence.field, evidence.raw, evidence.meaning, evidence.origin, evidence.manifest) == (
        "ingredient",
        "ai_generated",
        "a component ingredient declares AI origin",
        Origin.AI_EDITED,
        ACTIVE,
    )
    # ...followed by what the component itself declared, so a moderator sees which source type it was.
    assert [(e.origin, e.manifest) for e in declared] == [(Origin.AI_GENERATED, PARENT)]


def child(*actions: Action, label: str = PARENT) -> Manifest:
    return manifest(*actions, label=label, claim_generator="Child_Tool/3.0")


@pytest.mark.parametrize(
    ("own", "relationship", "ingredient_actions", "origin"),
    [
        pytest.param(
            (), "componentOf", (created("trainedAlgorithmicMedia"),), Origin.AI_EDITED, id="component"
        ),
        pytest.param(
            (created("digitalCapture"),),
            "componentOf",
            (created("trainedAlgorithmicMedia"),),
            Origin.AI_EDITED,
            id="ai-component-on-a-capture",
        ),
        pytest.param(
            (created("digitalCapture"),),
            "componentOf",
            (created("digitalCreation"),),
            Origin.CAPTURED,
            id="non-ai-component",
        ),
        pytest.param(
            (),
            "componentOf",
            (edited("trainedAlgorithmicMedia"),),
            Origin.AI_EDITED,
            id="ai-edited-component",
        ),
        pytest.param(
            (), "componentOf", (created("digitalCapture"),), Origin.UNKNOWN, id="component-only-capture"
        ),
        pytest.param(
            (opened(),),
            "parentOf",
            (edited("trainedAlgorithmicMedia"),),
            Origin.AI_EDITED,
            id="ai-edited-parent",
        ),
        pytest.param(
            (opened(),), "parentOf", (created("digitalCapture"),), Origin.CAPTURED, id="captured-parent"
        ),
        pytest.param(
            (opened(),), "parentOf", (created("algorithmicMedia"),), Origin.SYNTHETIC, id="synth-parent"
        ),
        pytest.param((opened(),), "parentOf", (created(),), Origin.UNKNOWN, id="parent-declares-nothing"),
        pytest.param(
            (), "inputTo", (created("trainedAlgorithmicMedia"),), Origin.UNKNOWN, id="input-to-does-not-count"
        ),
        # The manifest's own non-AI base wins over an AI parent (unlike an AI component): see doubts.
        pytest.param(
            (opened("digitalCapture"),),
            "parentOf",
            (created("trainedAlgorithmicMedia"),),
            Origin.CAPTURED,
            id="own-capture-over-ai-parent",
        ),
        pytest.param(
            (created("humanEdits"),),
            "parentOf",
            (edited("trainedAlgorithmicMedia"),),
            Origin.HUMAN_MADE,
            id="own-human-over-ai-edited-parent",
        ),
    ],
)
def test_ingredient_relationships(
    own: tuple[Action, ...], relationship: str, ingredient_actions: tuple[Action, ...], origin: Origin
) -> None:
    active = manifest(*own, ingredients=(ingredient(PARENT, relationship),))
    assert decide_manifest(active, child(*ingredient_actions)).verdict.origin is origin


def test_a_non_ai_parent_passes_on_its_origin_tool_and_evidence() -> None:
    active = manifest(opened(), claim_generator="Editor/1.0", ingredients=(ingredient(PARENT),))
    decision = decide_manifest(active, child(created("digitalCapture")))
    assert decision.verdict.origin is Origin.CAPTURED
    assert decision.verdict.tool == Tool("Child Tool", "3.0", "claim_generator", ("Child_Tool/3.0",))
    assert [e.manifest for e in decision.evidence] == [PARENT]


def test_only_the_first_parent_counts() -> None:
    second = child(created("trainedAlgorithmicMedia"), label="urn:c2pa:second")
    active = manifest(opened(), ingredients=(ingredient(PARENT), ingredient("urn:c2pa:second")))
    assert decide_manifest(active, child(created("digitalCapture")), second).verdict.origin is Origin.CAPTURED


def test_a_parent_whose_manifest_is_not_in_the_store_decides_nothing() -> None:
    decision = decide_manifest(manifest(opened(), ingredients=(ingredient("urn:c2pa:elsewhere"),)))
    assert decision.verdict.origin is Origin.UNKNOWN
    [ing] = decision.c2pa.ingredients
    assert (ing.manifest, ing.origin, ing.claim_generator, ing.signer) == (
        "urn:c2pa:elsewhere",
        Origin.UNKNOWN,
        None,
        None,
    )


def test_an_ingredient_cycle_terminates_and_the_tree_stops_at_the_repeat() -> None:
    a = manifest(opened(), ingredients=(ingredient("urn:b", title="b.jpg"),))
    b = manifest(opened(), label="urn:b", ingredients=(ingredient(ACTIVE, title="a.jpg"),))
    decision = decide_manifest(a, b)
    assert decision.verdict.origin is Origin.UNKNOWN
    [to_b] = decision.c2pa.ingredients
    [back_to_a] = to_b.ingredients
    assert (to_b.manifest, back_to_a.manifest, back_to_a.ingredients) == ("urn:b", ACTIVE, ())


def test_an_ingredient_cycle_still_finds_an_ai_parent() -> None:
    a = manifest(opened(), ingredients=(ingredient("urn:b"),))
    b = manifest(created("trainedAlgorithmicMedia"), label="urn:b", ingredients=(ingredient(ACTIVE),))
    assert decide_manifest(a, b).verdict.origin is Origin.AI_GENERATED


def test_a_manifest_listing_itself_as_parent_terminates() -> None:
    assert decide_manifest(manifest(opened(), ingredients=(ingredient(ACTIVE),))).verdict.origin is (
        Origin.UNKNOWN
    )


@pytest.mark.parametrize(
    ("ai_depth", "origin"), [(MAX_DEPTH, Origin.AI_GENERATED), (MAX_DEPTH + 1, Origin.UNKNOWN)]
)
def test_ingredients_are_followed_to_max_depth_and_no_further(ai_depth: int, origin: Origin) -> None:
    assert MAX_DEPTH == 32
    chain = [
        manifest(opened(), label=f"urn:{depth}", ingredients=(ingredient(f"urn:{depth + 1}"),))
        for depth in range(ai_depth)
    ]
    chain.append(manifest(created("trainedAlgorithmicMedia"), label=f"urn:{ai_depth}"))
    assert decide_manifest(*chain).verdict.origin is origin


@pytest.mark.parametrize(
    ("act", "generator_info", "claim_generator", "tool"),
    [
        pytest.param(
            created("trainedAlgorithmicMedia", agent="Adobe Firefly/3.1"),
            ("Adobe Firefly Web/2",),
            "Adobe_Firefly/1.0 c2pa-rs/0.3",
            Tool(
                "Adobe Firefly",
                "3.1",
                "software_agent",
                ("Adobe Firefly/3.1", "Adobe Firefly Web/2", "Adobe_Firefly/1.0 c2pa-rs/0.3"),
            ),
            id="software-agent-first",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia"),
            ("Adobe Photoshop/25.0",),
            "Adobe_Photoshop/24.0 c2pa-rs/0.3",
            Tool(
                "Adobe Photoshop",
                "25.0",
                "claim_generator_info",
                ("Adobe Photoshop/25.0", "Adobe_Photoshop/24.0 c2pa-rs/0.3"),
            ),
            id="then-claim-generator-info",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia"),
            (),
            "Adobe_Photoshop/25.0 adobe_c2pa/0.7.6 c2pa-rs/0.25.2",
            Tool(
                "Adobe Photoshop",
                "25.0",
                "claim_generator",
                ("Adobe_Photoshop/25.0 adobe_c2pa/0.7.6 c2pa-rs/0.25.2",),
            ),
            id="then-claim-generator-first-word",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia", agent="Adobe Firefly"),
            (),
            "Adobe_Firefly/1.0 c2pa-rs/0.17",
            Tool(
                "Adobe Firefly", "1.0", "software_agent", ("Adobe Firefly", "Adobe_Firefly/1.0 c2pa-rs/0.17")
            ),
            id="version-from-same-product-claim-generator",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia", agent="Adobe Firefly"),
            (),
            "Adobe_Photoshop/25.0",
            Tool("Adobe Firefly", None, "software_agent", ("Adobe Firefly", "Adobe_Photoshop/25.0")),
            id="no-version-from-another-product",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia"),
            (),
            "my_tool/2.3 c2pa-rs/0.1",
            Tool("my tool", "2.3", "claim_generator", ("my_tool/2.3 c2pa-rs/0.1",)),
            id="unknown-product-keeps-a-readable-name",
        ),
        # Only the claim generator's first word is read: a spaced name or version is cut (see doubts).
        pytest.param(
            created("trainedAlgorithmicMedia"),
            (),
            "Example Editor 2.0",
            Tool("Example", None, "claim_generator", ("Example Editor 2.0",)),
            id="spaced-claim-generator-keeps-its-first-word",
        ),
        pytest.param(
            created("trainedAlgorithmicMedia"),
            (),
            "Truepic Lens 2.4 libc2pa/3.6.5",
            Tool("Truepic Lens", None, "claim_generator", ("Truepic Lens 2.4 libc2pa/3.6.5",)),
            id="known-product-spaced-version-is-lost",
        ),
        pytest.param(created("trainedAlgorithmicMedia"), (), None, None, id="nothing-names-a-tool"),
    ],
)
def test_tool_selection_order(
    act: Action, generator_info: tuple[str, ...], claim_generator: str | None, tool: Tool | None
) -> None:
    m = manifest(act, generator_info=generator_info, claim_generator=claim_generator)
    assert decide_manifest(m).verdict.tool == tool


def test_the_tool_is_the_deciding_actions_agent_not_the_first_agent() -> None:
    m = manifest(
        created("digitalCapture", agent="Pixel Camera"),
        edited("trainedAlgorithmicMedia", agent="Adobe Firefly/2.0"),
    )
    verdict = decide_manifest(m).verdict
    assert verdict.origin is Origin.AI_EDITED
    assert verdict.tool == Tool("Adobe Firefly", "2.0", "software_agent", ("Adobe Firefly/2.0",))


def test_ingredient_evidence_strength_follows_the_active_manifests_integrity() -> None:
    active = manifest(opened(), ingredients=(ingredient(PARENT),))
    decision = decide_manifest(active, dalle_parent(), validation_state="Invalid")
    assert decision.verdict.strength is Strength.UNSIGNED
    assert [e.strength for e in decision.evidence] == [Strength.UNSIGNED]
