"""Decision.c2pa (the report's C2PA section), the soft-binding evidence and the verdict's status codes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from provenance.models import (
    C2paInfo,
    Evidence,
    Ingredient,
    Origin,
    SoftBinding,
    StatusCode,
    StatusScope,
    Strength,
    Timestamp,
    TimestampStatus,
    Tool,
)
from provenance.readers.c2pa.store import Manifest

from .builders import ACTIVE, SIGNER, codes, created, decide_store, ingredient, item, manifest, opened, store

PARENT = "urn:c2pa:parent"
SOFT_MEANING = "the manifest declares a watermark or fingerprint binding (declared, not detected)"


def parent_manifest() -> Manifest:
    return manifest(
        created("digitalCapture"),
        label=PARENT,
        claim_generator="Child_Tool/3.0",
        soft_bindings=("com.example.fingerprint",),
    )


def test_the_c2pa_section_of_a_read_store() -> None:
    active = manifest(
        opened(),
        title="photo.jpg",
        format="image/jpeg",
        claim_generator="Adobe_Photoshop/25.0 c2pa-rs/0.25",
        generator_info=("Adobe Photoshop/25.0",),
        soft_bindings=("com.digimarc.validate.1",),
        ingredients=(ingredient(PARENT, title="parent.png", format="image/png"),),
    )
    decision = decide_store(store(active, parent_manifest()))
    assert decision.c2pa == C2paInfo(
        present=True,
        embedded=True,
        active_manifest=ACTIVE,
        validation_state="Valid",
        remote_url=None,
        sdk_error=None,
        manifest_count=2,
        title="photo.jpg",
        format="image/jpeg",
        claim_generator="Adobe_Photoshop/25.0 c2pa-rs/0.25",
        ingredients=(
            Ingredient(
                title="parent.png",
                format="image/png",
                relationship="parentOf",
                manifest=PARENT,
                claim_generator="Child_Tool/3.0",
                origin=Origin.CAPTURED,
                tool=Tool("Child Tool", "3.0", "claim_generator", ("Child_Tool/3.0",)),
                signer=SIGNER,
                status_codes=(),
            ),
        ),
        soft_bindings=(
            SoftBinding("com.digimarc.validate.1", ACTIVE),
            SoftBinding("com.example.fingerprint", PARENT),
        ),
    )
    # The verdict's signer also says what its stated signing time rests on: here no timeStamp.* code.
    stamp = Timestamp(SIGNER.signing_time, None, TimestampStatus.NOT_CHECKED)
    assert decision.verdict.signer == replace(SIGNER, timestamp=stamp)


@pytest.mark.parametrize(
    ("claim_generator", "generator_info", "expected"),
    [
        pytest.param("Tool/1.0 c2pa-rs/0.1", ("Info/2.0",), "Tool/1.0 c2pa-rs/0.1", id="claim-generator"),
        pytest.param(None, ("Info/2.0", "Other/1.0"), "Info/2.0", id="else-first-generator-info"),
        pytest.param(None, (), None, id="neither"),
    ],
)
def test_claim_generator_falls_back_to_the_first_generator_info(
    claim_generator: str | None, generator_info: tuple[str, ...], expected: str | None
) -> None:
    active = manifest(claim_generator=claim_generator, generator_info=generator_info)
    assert decide_store(store(active)).c2pa.claim_generator == expected


def test_a_child_ingredients_claim_generator_also_falls_back_to_its_generator_info() -> None:
    child = manifest(label=PARENT, generator_info=("Info/2.0",))
    decision = decide_store(store(manifest(ingredients=(ingredient(PARENT),)), child))
    assert decision.c2pa.ingredients[0].claim_generator == "Info/2.0"


@pytest.mark.parametrize(
    ("remote_url", "urls", "embedded", "expected"),
    [
        pytest.param(
            "https://example.test/r", ("https://example.test/x",), False, "https://example.test/r", id="sdk"
        ),
        pytest.param(None, ("https://example.test/x",), True, "https://example.test/x", id="xmp"),
        pytest.param(None, (), True, None, id="none"),
    ],
)
def test_remote_url_and_embedded_of_a_read_store(
    remote_url: str | None, urls: tuple[str, ...], embedded: bool, expected: str | None
) -> None:
    decision = decide_store(store(manifest()), urls=urls, embedded=embedded, remote_url=remote_url)
    assert (decision.c2pa.present, decision.c2pa.embedded, decision.c2pa.remote_url) == (
        True,
        embedded,
        expected,
    )


def test_the_ingredient_tree_nests_with_each_ingredients_own_origin_and_codes() -> None:
    bad = codes("assertion.dataHash.mismatch", scope=StatusScope.INGREDIENT)
    grandchild = manifest(created("trainedAlgorithmicMedia"), label="urn:g", signer=None)
    child = manifest(
        opened(), label=PARENT, ingredients=(ingredient("urn:g", "componentOf", status_codes=bad),)
    )
    decision = decide_store(store(manifest(opened(), ingredients=(ingredient(PARENT),)), child, grandchild))
    [one] = decision.c2pa.ingredients
    [two] = one.ingredients
    assert (one.origin, one.relationship, one.status_codes) == (Origin.AI_EDITED, "parentOf", ())
    assert (two.origin, two.relationship, two.status_codes, two.signer) == (
        Origin.AI_GENERATED,
        "componentOf",
        bad,
        None,
    )
    assert decision.verdict.origin is Origin.AI_EDITED


@pytest.mark.parametrize(
    ("failures", "strength"),
    [
        pytest.param((), Strength.SIGNED, id="intact"),
        pytest.param(("claim.malformed",), Strength.UNSIGNED, id="bad"),
    ],
)
def test_soft_bindings_are_evidence_declared_not_detected_with_the_manifests_strength(
    failures: tuple[str, ...], strength: Strength
) -> None:
    active = manifest(opened(), soft_bindings=("com.digimarc.validate.1",))
    state = "Invalid" if failures else "Valid"
    decision = decide_store(store(active, failures=codes(*failures), validation_state=state))
    assert decision.evidence == (
        Evidence(
            "c2pa", "c2pa.soft-binding", "com.digimarc.validate.1", SOFT_MEANING, strength, None, ACTIVE
        ),
    )
    assert (decision.verdict.origin, decision.verdict.strength) == (Origin.UNKNOWN, Strength.NONE)


def test_evidence_is_history_then_soft_bindings_then_other_readers() -> None:
    active = manifest(created("digitalCapture"), soft_bindings=("alg",))
    other = item(None, source="exif", field="Make")
    decision = decide_store(store(active), other)
    assert [(e.source, e.field) for e in decision.evidence] == [
        ("c2pa", "c2pa.actions/c2pa.created/digitalSourceType"),
        ("c2pa", "c2pa.soft-binding"),
        ("exif", "Make"),
    ]


def test_status_codes_are_the_failures_then_ingredient_codes_rescoped_and_deduplicated() -> None:
    failures = codes("claim.malformed", "signingCredential.untrusted")
    deltas = codes("ingredient.hashedURI.mismatch", scope=StatusScope.INGREDIENT)
    active_scoped = StatusCode(
        "assertion.dataHash.mismatch", "hash differs", "self#jumbf=x", StatusScope.ACTIVE
    )
    nested = codes("claim.missing", scope=StatusScope.INGREDIENT)
    child = manifest(label=PARENT, ingredients=(ingredient(None, status_codes=nested),))
    active = manifest(
        ingredients=(
            ingredient(PARENT, status_codes=(active_scoped,)),
            ingredient(None, status_codes=deltas),
        )
    )
    manifests = store(
        active, child, failures=failures, ingredient_failures=deltas, validation_state="Invalid"
    )
    assert decide_store(manifests).verdict.status_codes == (
        *failures,
        *deltas,
        StatusCode("assertion.dataHash.mismatch", "hash differs", "self#jumbf=x", StatusScope.INGREDIENT),
        *nested,
    )
