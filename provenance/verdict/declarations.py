"""What one C2PA manifest declares on its own: digital source types on its actions, the legacy Adobe
generative-AI assertion, a free-text "AI generated" description, a capture app's own claim.

Only declarations count; anything else is ``unknown``. :mod:`.history` combines them along the ingredients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import vocab
from ..models import Evidence, Origin, Strength
from .tools import tool_for

if TYPE_CHECKING:
    from ..readers.c2pa.store import Action, Manifest

CREATE_ACTIONS = frozenset({"c2pa.created"})
OPEN_ACTIONS = frozenset({"c2pa.opened"})


@dataclass(slots=True)
class Findings:
    base: Origin = Origin.UNKNOWN  # from a created/opened action or legacy assertion
    base_agent: str | None = None
    ai_edit: bool = False
    ai_edit_agent: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # Declarations of C2PA 2.x gathered assertions: carried in the claim, not made by its signer, so
    # they weigh as unsigned metadata, never as the signed statement.
    gathered: list[Evidence] = field(default_factory=list)


def _field(action: Action) -> str:
    return f"c2pa.actions/{action.action}/digitalSourceType"


def _gathered(manifest: Manifest, action: Action, found: Findings) -> None:
    """A source type on an action of a gathered assertion: unsigned evidence, no part of the claim."""
    assert action.source_type is not None
    term = vocab.source_type_shown(action.source_type)
    found.gathered.append(
        Evidence(
            "c2pa",
            _field(action),
            action.source_type,
            f"{action.action} in a gathered assertion declares source type '{term}': carried in the "
            "manifest, not attested by its signer"
            if term
            else f"{action.action} in a gathered assertion declares an unrecognised source type",
            Strength.UNSIGNED,
            vocab.origin_of_source_type(action.source_type),
            manifest.label,
            tool_for(manifest, action.software_agent),
        )
    )


def scan_actions(manifest: Manifest, strength: Strength, found: Findings) -> None:
    for action in manifest.actions:
        creates = action.action in CREATE_ACTIONS or action.action in OPEN_ACTIONS
        if action.source_type and not action.attested:
            _gathered(manifest, action, found)
        elif action.source_type:
            origin = vocab.origin_of_source_type(action.source_type)
            known = vocab.source_type_term(action.source_type) is not None
            meaning = (
                f"{action.action} declares source type '{vocab.source_type_shown(action.source_type)}'"
                if known
                else f"{action.action} declares an unrecognised source type"
            )
            found.evidence.append(
                Evidence(
                    "c2pa",
                    _field(action),
                    action.source_type,
                    meaning,
                    strength,
                    origin if known else Origin.UNKNOWN,
                    manifest.label,
                )
            )
            if creates and origin is not Origin.UNKNOWN and found.base is Origin.UNKNOWN:
                found.base, found.base_agent = origin, action.software_agent
            elif not creates and origin in vocab.AI_ORIGINS and not found.ai_edit:
                found.ai_edit, found.ai_edit_agent = True, action.software_agent
        elif (
            action.action in CREATE_ACTIONS
            and action.description
            and vocab.AI_DESCRIPTION.search(action.description)
            and found.base is Origin.UNKNOWN
        ):
            found.base, found.base_agent = Origin.AI_GENERATED, action.software_agent
            found.evidence.append(
                Evidence(
                    "c2pa",
                    f"c2pa.actions/{action.action}/description",
                    action.description,
                    "free-text action description says AI-generated (no source type declared)",
                    strength,
                    Origin.AI_GENERATED,
                    manifest.label,
                )
            )


def scan_legacy(manifest: Manifest, strength: Strength, found: Findings) -> None:
    for description in manifest.legacy_genai:
        found.evidence.append(
            Evidence(
                "c2pa",
                "com.adobe.generative-ai",
                description,
                "legacy Adobe generative-AI assertion",
                strength,
                Origin.AI_GENERATED,
                manifest.label,
            )
        )
        if found.base is Origin.UNKNOWN:
            found.base, found.base_agent = Origin.AI_GENERATED, description


def capture_claim(manifest: Manifest) -> str | None:
    """The capture product that signed this manifest, if its own claim is all the manifest holds."""
    if any(a.action not in CREATE_ACTIONS for a in manifest.actions):
        return None
    for raw in (*manifest.generator_info, manifest.claim_generator or ""):
        name = vocab.product_name(raw)
        if name in vocab.CAPTURE_PRODUCTS:
            return name
    return None
