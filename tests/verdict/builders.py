"""Builders for decide()'s inputs: the typed C2PA read (stores, manifests, actions, ingredients) and the
other readers' output, built directly as the frozen dataclasses (no SDK JSON in between)."""

from __future__ import annotations

from provenance.models import Evidence, Origin, Signer, StatusCode, StatusScope, Strength, Tool
from provenance.readers.base import ReaderOutput
from provenance.readers.c2pa.store import (
    Action,
    C2paRead,
    IngredientRef,
    Manifest,
    ManifestStore,
    ReadStatus,
)
from provenance.verdict import Decision, decide

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
ACTIVE = "urn:c2pa:active"
SIGNER = Signer("Example Org", "Example CN", "2024-05-01T12:00:00+00:00", "Es256", "42")


def action(
    name: str = "c2pa.created",
    term: str | None = None,
    *,
    agent: str | None = None,
    description: str | None = None,
    source_type: str | None = None,
) -> Action:
    """An action; ``term`` is an IPTC local name (prefixed here), ``source_type`` a raw URI as is."""
    return Action(name, source_type or (IPTC + term if term else None), agent, description)


def created(term: str | None = None, *, agent: str | None = None, description: str | None = None) -> Action:
    return action("c2pa.created", term, agent=agent, description=description)


def opened(term: str | None = None, *, agent: str | None = None) -> Action:
    return action("c2pa.opened", term, agent=agent)


def edited(term: str | None = None, *, agent: str | None = None, name: str = "c2pa.edited") -> Action:
    return action(name, term, agent=agent)


def codes(*names: str, scope: StatusScope = StatusScope.ACTIVE) -> tuple[StatusCode, ...]:
    """Status codes without explanation, so a summary lists them by code alone."""
    return tuple(StatusCode(name, None, None, scope) for name in names)


def ingredient(
    label: str | None,
    relationship: str = "parentOf",
    *,
    title: str | None = "ingredient.jpg",
    format: str | None = "image/jpeg",
    status_codes: tuple[StatusCode, ...] = (),
) -> IngredientRef:
    return IngredientRef(title, format, relationship, label, status_codes)


def manifest(
    *actions: Action,
    label: str = ACTIVE,
    claim_generator: str | None = None,
    generator_info: tuple[str, ...] = (),
    title: str | None = "image.jpg",
    format: str | None = "image/jpeg",
    legacy_genai: tuple[str, ...] = (),
    soft_bindings: tuple[str, ...] = (),
    ingredients: tuple[IngredientRef, ...] = (),
    signer: Signer | None = SIGNER,
) -> Manifest:
    return Manifest(
        label=label,
        claim_generator=claim_generator,
        generator_info=generator_info,
        title=title,
        format=format,
        actions=actions,
        assertion_labels=(),
        legacy_genai=legacy_genai,
        soft_bindings=soft_bindings,
        ingredients=ingredients,
        signer=signer,
    )


def store(
    active: Manifest,
    *others: Manifest,
    validation_state: str | None = "Valid",
    failures: tuple[StatusCode, ...] = (),
    successes: tuple[StatusCode, ...] = (),
    ingredient_failures: tuple[StatusCode, ...] = (),
    active_label: str | None = None,
) -> ManifestStore:
    """A store whose active manifest is ``active`` (unless ``active_label`` says otherwise)."""
    return ManifestStore(
        active_label=active.label if active_label is None else active_label,
        manifests={m.label: m for m in (active, *others)},
        validation_state=validation_state,
        failures=failures,
        successes=successes,
        ingredient_failures=ingredient_failures,
    )


def item(
    origin: Origin | None,
    strength: Strength = Strength.UNSIGNED,
    *,
    source: str = "xmp",
    field: str = "Iptc4xmpExt:DigitalSourceType",
    raw: str = "raw value",
    tool: str | None = None,
) -> Evidence:
    """One piece of evidence from a reader other than C2PA."""
    named = Tool(tool, None, "metadata", (tool,)) if tool else None
    return Evidence(source, field, raw, "what it means", strength, origin, None, named)


def decide_store(
    manifests: ManifestStore,
    *evidence: Evidence,
    trust_configured: bool = False,
    file_name: str | None = None,
    urls: tuple[str, ...] = (),
    embedded: bool = True,
    remote_url: str | None = None,
) -> Decision:
    """decide() on a store that was read and validated, with other readers' evidence."""
    read = C2paRead(ReadStatus.READ, manifests, remote_url=remote_url, embedded=embedded)
    return decide(
        read,
        ReaderOutput(evidence=evidence, remote_manifest_urls=urls),
        trust_configured=trust_configured,
        file_name=file_name,
    )


def decide_manifest(active: Manifest, *others: Manifest, validation_state: str | None = "Valid") -> Decision:
    """decide() on a store of these manifests, no failure code, nothing else found, trust not configured."""
    return decide_store(store(active, *others, validation_state=validation_state))


def decide_without_store(
    read: C2paRead,
    *evidence: Evidence,
    urls: tuple[str, ...] = (),
    file_name: str | None = None,
) -> Decision:
    """decide() on a read without a manifest store (absent, remote, unsupported, failed)."""
    signals = ReaderOutput(evidence=evidence, remote_manifest_urls=urls)
    return decide(read, signals, trust_configured=False, file_name=file_name)
