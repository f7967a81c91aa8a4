"""Shared ingredients: each manifest is assessed once and listed once; the tree has a size limit."""

from __future__ import annotations

import time

from provenance.models import Ingredient, Origin
from provenance.verdict.history import MAX_TREE_NODES
from tests.verdict.builders import created, decide_store, ingredient, manifest, store


def chain(levels: int, refs: int = 2, term: str = "digitalCreation") -> list:  # type: ignore[type-arg]
    """Manifests m0..m{levels}; each lists the one below ``refs`` times as component ingredients."""
    manifests = [manifest(created(term), label="m0")]
    for n in range(1, levels + 1):
        below = tuple(ingredient(f"m{n - 1}", "componentOf", title=f"level {n - 1}") for _ in range(refs))
        manifests.append(manifest(created("digitalCreation"), label=f"m{n}", ingredients=below))
    return manifests


def nodes(ingredients: tuple[Ingredient, ...]) -> list[Ingredient]:
    return [n for i in ingredients for n in (i, *nodes(i.ingredients))]


def test_a_manifest_listed_twice_is_expanded_once_and_referenced_once() -> None:
    m0, m1 = chain(1)
    info = decide_store(store(m1, m0)).c2pa
    first, second = info.ingredients
    assert (first.manifest, first.repeated, second.manifest, second.repeated) == ("m0", False, "m0", True)
    assert first.origin is second.origin is Origin.HUMAN_MADE
    assert second.ingredients == ()


def test_a_doubling_chain_is_linear_in_nodes_and_time() -> None:
    manifests = chain(30)  # 2^30 nodes if walked as a tree
    started = time.monotonic()
    info = decide_store(store(manifests[-1], *manifests[:-1])).c2pa
    elapsed = time.monotonic() - started
    listed = nodes(info.ingredients)
    assert len(listed) == 60  # two entries per level: one expanded, one reference
    assert sum(n.repeated for n in listed) == 30
    assert info.ingredients_omitted == 0
    assert elapsed < 5  # a guard against the exponential walk (it took minutes at 24 levels)


def test_ai_declared_deep_in_a_shared_history_still_reaches_the_verdict() -> None:
    manifests = chain(20, term="trainedAlgorithmicMedia")
    verdict = decide_store(store(manifests[-1], *manifests[:-1])).verdict
    # m1 holds an AI component (m0); every level above holds a component that declares AI editing.
    assert verdict.origin is Origin.AI_EDITED


def test_the_tree_stops_at_its_node_limit_and_counts_what_it_left_out() -> None:
    wide = tuple(ingredient(f"leaf{i}", "componentOf") for i in range(MAX_TREE_NODES + 250))
    leaves = [manifest(created("digitalCapture"), label=f"leaf{i}") for i in range(MAX_TREE_NODES + 250)]
    info = decide_store(store(manifest(created("digitalCreation"), ingredients=wide), *leaves)).c2pa
    assert len(nodes(info.ingredients)) == MAX_TREE_NODES
    assert info.ingredients_omitted == 250


def test_an_ingredient_cycle_ends_with_an_unknown_leaf() -> None:
    a = manifest(created("digitalCreation"), label="a", ingredients=(ingredient("b", "componentOf"),))
    b = manifest(created("digitalCapture"), label="b", ingredients=(ingredient("a", "componentOf"),))
    info = decide_store(store(a, b)).c2pa
    (to_b,) = info.ingredients
    (back_to_a,) = to_b.ingredients
    assert (to_b.origin, back_to_a.origin, back_to_a.ingredients) == (Origin.CAPTURED, Origin.UNKNOWN, ())
