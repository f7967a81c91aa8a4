"""What a C2PA manifest store declares about origin and tool: pure functions over parsed manifests.

Only declarations count: a digital source type on an action, the legacy Adobe generative-AI assertion,
a free-text "AI generated" action description, a capture app's own claim, and what ingredients declare.
Anything else is ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import vocab
from ..models import Evidence, HistoryStep, Ingredient, Origin, Strength, Tool
from ..phrasing import quoted
from ..readers.c2pa.store import IngredientRef, Manifest, ManifestStore
from .declarations import Findings, capture_claim, scan_actions, scan_legacy
from .tools import tool_for

MAX_DEPTH = 32
MAX_TREE_NODES = 1000  # ingredient entries a report lists; real stores have a handful


@dataclass(frozen=True, slots=True)
class Assessment:
    origin: Origin
    evidence: tuple[Evidence, ...]
    tool: Tool | None
    ingredients: tuple[Ingredient, ...] = ()
    ingredients_omitted: int = 0
    history: tuple[HistoryStep, ...] = ()
    gathered: tuple[Evidence, ...] = ()  # declarations of gathered assertions: unsigned evidence


def assess(store: ManifestStore, *, strength: Strength) -> Assessment:
    """Origin, evidence, tool and ingredient tree declared by the active manifest and its history.

    Each manifest of the store is assessed once, however many ingredients refer to it, and the tree lists
    a manifest's own ingredients only where it first appears (later references are marked ``repeated``)
    and at most :data:`MAX_TREE_NODES` entries: a crafted store of manifests that each list the previous one
    twice costs linear, not exponential, time and report size.
    """
    active = store.active
    if active is None:
        return Assessment(Origin.UNKNOWN, (), None)
    history = _History(store, strength)
    declared = history.declared(active, frozenset(), 0)
    tree = _Tree(store, history.memo)
    ingredients = tree.children(active, frozenset({active.label}), 0)
    steps = history.steps(active)
    gathered = tuple(e for d in history.memo.values() for e in d.gathered)
    return Assessment(
        declared.origin, declared.evidence, declared.tool, ingredients, tree.omitted, steps, gathered
    )


@dataclass(frozen=True, slots=True)
class _Declared:
    """What one manifest declares, with its history: the memo of :class:`_History`."""

    origin: Origin
    evidence: tuple[Evidence, ...]
    tool: Tool | None
    own: Origin = Origin.UNKNOWN  # what the manifest declares by itself, without its ingredients
    own_tool: Tool | None = None
    parent: str | None = None  # the label of its parent ingredient's manifest, when assessed
    gathered: tuple[Evidence, ...] = ()


_UNKNOWN = _Declared(Origin.UNKNOWN, (), None)


class _History:
    """Assesses manifests depth-first from the active one, each label once."""

    def __init__(self, store: ManifestStore, strength: Strength) -> None:
        self.store, self.strength = store, strength
        self.memo: dict[str, _Declared] = {}

    def declared(self, manifest: Manifest, seen: frozenset[str], depth: int) -> _Declared:
        """``seen``: the labels on the path from the active manifest (an ingredient cycle is cut there)."""
        cached = self.memo.get(manifest.label)
        if cached is not None:
            return cached
        strength = self.strength
        found = Findings()
        scan_actions(manifest, strength, found)
        scan_legacy(manifest, strength, found)
        seen = seen | {manifest.label}

        parent: _Declared | None = None
        parent_label: str | None = None
        ai_component: _Declared | None = None
        for ref in manifest.ingredients:
            child = self.store.manifests.get(ref.manifest_label) if ref.manifest_label else None
            sub = _UNKNOWN
            if child is not None and child.label not in seen and depth < MAX_DEPTH:
                sub = self.declared(child, seen, depth + 1)
            if sub.origin is Origin.UNKNOWN and ref.source_type:
                sub = _declared_on_the_ingredient(manifest, ref, strength)
            if ref.relationship == "parentOf" and parent is None:
                parent = sub
                parent_label = child.label if child is not None and sub is not _UNKNOWN else None
            elif (
                ref.relationship == "componentOf" and sub.origin in vocab.AI_ORIGINS and ai_component is None
            ):
                ai_component = sub

        evidence = list(found.evidence)
        tool_agent = found.base_agent
        origin = Origin.UNKNOWN
        tool: Tool | None = None
        parent_origin = parent.origin if parent is not None else Origin.UNKNOWN
        if found.base is Origin.AI_GENERATED:
            origin = Origin.AI_GENERATED
        elif parent is not None and parent_origin is Origin.AI_GENERATED and found.base is Origin.UNKNOWN:
            # Opened a wholly AI-generated parent: still AI-generated content, whatever was done to it since.
            origin = Origin.AI_GENERATED
            evidence.extend(parent.evidence)
            if found.ai_edit:
                tool_agent = found.ai_edit_agent
            else:
                tool = parent.tool
        elif found.base is Origin.AI_EDITED or found.ai_edit:
            origin = Origin.AI_EDITED
            tool_agent = found.base_agent if found.base is Origin.AI_EDITED else found.ai_edit_agent
        elif ai_component is not None:
            origin, tool = Origin.AI_EDITED, ai_component.tool
            evidence.append(
                Evidence(
                    "c2pa",
                    "ingredient",
                    ai_component.origin.value,
                    "a component ingredient declares AI origin",
                    strength,
                    Origin.AI_EDITED,
                    manifest.label,
                )
            )
            evidence.extend(ai_component.evidence)  # what the component itself declared
        elif parent is not None and parent_origin is Origin.AI_EDITED and found.base is Origin.UNKNOWN:
            origin, tool = Origin.AI_EDITED, parent.tool
            evidence.extend(parent.evidence)
        elif found.base is not Origin.UNKNOWN:
            origin = found.base
        elif parent is not None and parent_origin is not Origin.UNKNOWN:
            origin, tool = parent_origin, parent.tool
            evidence.extend(parent.evidence)
        elif (capture := capture_claim(manifest)) is not None:
            origin = Origin.CAPTURED
            evidence.append(
                Evidence(
                    "c2pa",
                    "claim_generator",
                    capture,
                    f"signed by the capture app {capture} (this manifest declares no edit)",
                    strength,
                    Origin.CAPTURED,
                    manifest.label,
                )
            )
        if tool is None:
            tool = tool_for(manifest, tool_agent)
        own: Origin
        if found.base is not Origin.UNKNOWN:
            own, own_tool = found.base, tool_for(manifest, found.base_agent)
        elif found.ai_edit:
            own, own_tool = Origin.AI_EDITED, tool_for(manifest, found.ai_edit_agent)
        else:
            own = Origin.CAPTURED if capture_claim(manifest) is not None else Origin.UNKNOWN
            # An edit step's tool: the software its signer says acted (the claim generator is often a
            # library that wrote the manifest, not the editor).
            agents = (a.software_agent for a in manifest.actions if a.attested and a.software_agent)
            own_tool = tool_for(manifest, next(agents, None))
        result = _Declared(origin, tuple(evidence), tool, own, own_tool, parent_label, tuple(found.gathered))
        self.memo[manifest.label] = result
        return result

    def steps(self, active: Manifest) -> tuple[HistoryStep, ...]:
        """The chain of parent manifests from the active one, as steps oldest first."""
        steps: list[HistoryStep] = []
        manifest: Manifest | None = active
        while manifest is not None and len(steps) <= MAX_DEPTH:
            declared = self.memo.get(manifest.label, _UNKNOWN)
            actions = tuple(a.action for a in manifest.actions)
            steps.append(
                HistoryStep(manifest.label, actions, declared.own, declared.own_tool, manifest.signer)
            )
            manifest = self.store.manifests.get(declared.parent) if declared.parent else None
        return tuple(reversed(steps))


def _declared_on_the_ingredient(manifest: Manifest, ref: IngredientRef, strength: Strength) -> _Declared:
    """C2PA 2.4: the source type the manifest declares for an ingredient that declares none itself."""
    assert ref.source_type is not None
    origin = vocab.origin_of_source_type(ref.source_type)
    term = vocab.source_type_shown(ref.source_type)
    name = quoted(ref.title) if ref.title else "an ingredient"
    evidence = Evidence(
        "c2pa",
        "ingredient/digitalSourceType",
        ref.source_type,
        f"the manifest declares source type '{term}' for {name}"
        if term
        else f"the manifest declares an unrecognised source type for {name}",
        strength,
        origin,
        manifest.label,
    )
    return _Declared(origin, (evidence,), None, origin)


class _Tree:
    """The report's ingredient tree, built after the assessment from its memo, with a node budget."""

    def __init__(self, store: ManifestStore, memo: dict[str, _Declared]) -> None:
        self.store, self.memo = store, memo
        self.expanded: set[str] = set()
        self.nodes = 0
        self.omitted = 0  # ingredient entries left out once the budget was spent

    def children(self, manifest: Manifest, seen: frozenset[str], depth: int) -> tuple[Ingredient, ...]:
        nodes: list[Ingredient] = []
        for ref in manifest.ingredients:
            if self.nodes >= MAX_TREE_NODES:
                self.omitted += 1
                continue
            self.nodes += 1
            child = self.store.manifests.get(ref.manifest_label) if ref.manifest_label else None
            assessed = child is not None and child.label not in seen and depth < MAX_DEPTH
            sub = self.memo.get(child.label, _UNKNOWN) if child is not None and assessed else _UNKNOWN
            if sub.origin is Origin.UNKNOWN and ref.source_type:
                sub = _declared_on_the_ingredient(manifest, ref, Strength.NONE)
            repeated = assessed and child is not None and child.label in self.expanded
            below: tuple[Ingredient, ...] = ()
            if child is not None and assessed and not repeated:
                self.expanded.add(child.label)
                below = self.children(child, seen | {child.label}, depth + 1)
            nodes.append(
                Ingredient(
                    title=ref.title,
                    format=ref.format,
                    relationship=ref.relationship,
                    manifest=ref.manifest_label,
                    claim_generator=(child.claim_generator or next(iter(child.generator_info), None))
                    if child
                    else None,
                    origin=sub.origin,
                    tool=sub.tool,
                    signer=child.signer if child else None,
                    status_codes=ref.status_codes,
                    ingredients=below,
                    repeated=repeated,
                )
            )
        return tuple(nodes)
