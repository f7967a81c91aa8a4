"""The C2PA part of the verdict: what the manifest store declares, whether it still verifies, and whether
its signer is trusted. Pure functions over the typed read; no I/O and no SDK.

A signed statement counts as ``signed`` only while its hashes and signature verify; a file without a
manifest is ``unknown``, never "not AI".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from ..models import (
    C2paInfo,
    Evidence,
    Fragments,
    Ingredient,
    Integrity,
    Origin,
    SoftBinding,
    StatusCode,
    StatusScope,
    Strength,
    Trust,
    Verdict,
)
from ..phrasing import quoted, signer_name
from ..readers.c2pa.read import C2paRead, ReadStatus
from . import integrity as integ
from . import summary
from .assessment import C2paAssessment, without_manifest
from .credential_words import identities_text
from .history import assess
from .identity import assess_identities
from .timestamp import timestamp_of

# A statement whose signature verifies (the certificate may have expired since; integrity says so).
VERIFYING = frozenset({Integrity.INTACT, Integrity.CREDENTIAL_EXPIRED})


def _fragments_text(fragments: Fragments | None) -> str:
    """What a fragmented MP4's init segment was verified with (its manifest hashes every fragment)."""
    if fragments is None:
        return ""
    unread = f" {fragments.omitted} more were not read (over the limit)." if fragments.omitted else ""
    if fragments.mismatched:
        names = ", ".join(quoted(name, 80) for name in fragments.mismatched[:5])
        more = f" and {len(fragments.mismatched) - 5} more" if len(fragments.mismatched) > 5 else ""
        return f" Fragments that do not match its hashes: {names}{more} (of {fragments.count} read).{unread}"
    return f" Read with its {fragments.count} media fragment{'s' if fragments.count != 1 else ''}.{unread}"


def assess_c2pa(
    read: C2paRead,
    *,
    pointer: str | None,
    trust_configured: bool,
    allowed_lists: Mapping[str, str] = MappingProxyType({}),
) -> C2paAssessment:
    """The verdict, evidence and report section of a C2PA read.

    ``pointer``: the remote-manifest address, from the SDK or else from the file's XMP, resolved once by
    the caller; ``allowed_lists``: serial number -> name of the list that allows a certificate one by one.
    """
    store = read.store
    identities = assess_identities(
        read.identities, manifest=store.active_label if store else None, cawg=read.cawg
    )
    if read.status is ReadStatus.READ and store is not None and store.active is None and store.active_label:
        return replace(_unloaded(read, store.failures), identities=identities)
    if read.status is not ReadStatus.READ or store is None or store.active is None:
        return without_manifest(read, pointer)

    active = store.active
    signer = active.signer
    if signer is not None:
        signer = replace(signer, timestamp=timestamp_of(signer, store, read.signature))
    failures = store.failures
    # The ingredients' own failures (ingredientDeltas) are their defects, not the active manifest's.
    ingredient_failures = tuple(c for c in store.ingredient_failures if c not in failures)
    integrity = integ.integrity_of(failures, store.validation_state, ingredient_failures)
    strength = Strength.SIGNED if integrity in VERIFYING else Strength.UNSIGNED
    found = assess(store, strength=strength)
    checked = integ.trust_of(
        store.successes,
        store.failures,
        configured=trust_configured,
        signer_serial=active.signer.serial_number if active.signer else None,
        allowed_lists=allowed_lists,
    )
    # A statement that no longer verifies vouches for nothing; the summary still names a list it chains to.
    trust, trust_list, chained_to = integ.applicable_trust(*checked, integrity)
    text = summary.manifest_summary(
        origin=found.origin,
        tool=found.tool,
        signer=signer_name(signer),
        integrity=integrity,
        trust=trust,
        trust_list=trust_list,
        deciding=integ.deciding_codes(failures, integrity),
        ingredient_problems=_ingredient_problems(found.ingredients, ingredient_failures),
        chained_to=chained_to,
        history=found.history,
        timestamp=signer.timestamp if signer is not None else None,
    ) + _fragments_text(read.fragments)
    if integrity in VERIFYING:
        text += identities_text(identities)
    ingredient_codes = tuple(
        StatusCode(c.code, c.explanation, c.url, StatusScope.INGREDIENT)
        for c in _all_ingredient_codes(found.ingredients)
    )
    verdict = Verdict(
        origin=found.origin,
        tool=found.tool,
        signer=signer,
        integrity=integrity,
        trust=trust,
        trust_list=trust_list,
        strength=strength if found.origin is not Origin.UNKNOWN else Strength.NONE,
        summary=text,
        status_codes=tuple(dict.fromkeys(failures + ingredient_failures + ingredient_codes)),
        history=found.history,
    )
    info = C2paInfo(
        present=True,
        embedded=read.embedded,
        active_manifest=store.active_label,
        validation_state=store.validation_state,
        remote_url=pointer,
        sidecar=read.sidecar,
        fragments=read.fragments,
        manifest_count=len(store.manifests),
        title=active.title,
        format=active.format,
        claim_generator=active.claim_generator or next(iter(active.generator_info), None),
        ingredients=found.ingredients,
        ingredients_omitted=found.ingredients_omitted,
        soft_bindings=tuple(
            SoftBinding(alg, m.label, value)
            for m in store.manifests.values()
            for alg, value in zip(
                m.soft_bindings, _padded(m.soft_binding_values, len(m.soft_bindings)), strict=True
            )
        ),
    )
    evidence = found.evidence + _soft_binding_evidence(info, strength)
    return C2paAssessment(verdict, evidence, info, True, found.gathered, identities)


def _unloaded(read: C2paRead, failures: tuple[StatusCode, ...]) -> C2paAssessment:
    """A manifest store whose active manifest the SDK could not load (it names it, and says why): malformed,
    never "no manifest"."""
    codes = tuple(c for c in failures if not integ.is_neutral(c.code))
    text = summary.unreadable_c2pa(summary.codes_text(codes) or "the active manifest could not be loaded")
    verdict = Verdict(
        Origin.UNKNOWN,
        None,
        None,
        Integrity.MALFORMED,
        Trust.NOT_APPLICABLE,
        None,
        Strength.NONE,
        text,
        failures,
    )
    store = read.store
    info = C2paInfo(
        present=True,
        embedded=read.embedded,
        active_manifest=store.active_label if store else None,
        validation_state=store.validation_state if store else None,
        sidecar=read.sidecar,
        manifest_count=len(store.manifests) if store else 0,
    )
    return C2paAssessment(verdict, (), info, True)


def _ingredient_problems(
    ingredients: tuple[Ingredient, ...], deltas: tuple[StatusCode, ...] = ()
) -> list[str]:
    """Each ingredient's failures in words, depth first; then the SDK's ingredient failures no entry of the
    tree carries (its validation deltas)."""
    problems = _tree_problems(ingredients)
    listed = {code for problem in problems for code in problem.rsplit(": ", 1)[-1].split(", ")}
    rest = [c.code for c in deltas if not integ.is_neutral(c.code) and c.code not in listed]
    if rest:
        problems.append(f"an ingredient: {', '.join(dict.fromkeys(rest))}")
    return problems


def _tree_problems(ingredients: tuple[Ingredient, ...]) -> list[str]:
    problems = []
    for ing in ingredients:
        bad = tuple(c for c in ing.status_codes if not integ.is_neutral(c.code))
        if bad:
            problems.append(
                f"{quoted(ing.title) if ing.title else 'an ingredient'}: "
                f"{', '.join(dict.fromkeys(c.code for c in bad))}"
            )
        problems.extend(_tree_problems(ing.ingredients))
    return problems


def _all_ingredient_codes(ingredients: tuple[Ingredient, ...]) -> list[StatusCode]:
    codes: list[StatusCode] = []
    for ing in ingredients:
        codes.extend(ing.status_codes)
        codes.extend(_all_ingredient_codes(ing.ingredients))
    return codes


def _padded(values: tuple[str | None, ...], length: int) -> tuple[str | None, ...]:
    return (*values, *(None,) * (length - len(values)))[:length]


def _soft_binding_evidence(info: C2paInfo, strength: Strength) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            "c2pa",
            "c2pa.soft-binding",
            b.algorithm,
            "the manifest declares a watermark or fingerprint binding (declared, not detected)",
            strength,
            None,
            b.manifest,
        )
        for b in info.soft_bindings
    )
