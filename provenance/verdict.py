"""Evidence -> verdict: pure functions, no I/O.

The three strengths of evidence are never mixed up: a signed statement counts as ``signed`` only while its
hashes and signature verify; absence of any declaration is ``unknown``, never "not AI".
"""

from __future__ import annotations

from dataclasses import dataclass

from . import integrity as integ
from .c2pa_origin import Assessment, assess
from .models import (
    C2paInfo,
    Evidence,
    Ingredient,
    Integrity,
    Origin,
    SoftBinding,
    StatusCode,
    StatusScope,
    Strength,
    Tool,
    Trust,
    Verdict,
)
from .readers.c2pa.store import C2paRead, ReadStatus

# A statement whose signature verifies (the certificate may have expired since; integrity says so).
VERIFYING = frozenset({Integrity.INTACT, Integrity.CREDENTIAL_EXPIRED})

ORIGIN_WORDS = {
    Origin.AI_GENERATED: "AI-generated",
    Origin.AI_EDITED: "AI-edited (a work with AI-generated parts)",
    Origin.SYNTHETIC: "synthetic (made by an algorithm without a trained model)",
    Origin.CAPTURED: "captured (a camera or recording)",
    Origin.HUMAN_MADE: "made by people with ordinary tools",
    Origin.UNKNOWN: "unknown",
}


@dataclass(frozen=True, slots=True)
class C2paAssessment:
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    info: C2paInfo


def _codes_text(codes: tuple[StatusCode, ...]) -> str:
    return "; ".join(f"{c.code} ({c.explanation})" if c.explanation else c.code for c in codes)


def _tool_text(tool: Tool | None) -> str:
    if tool is None:
        return ""
    return f" by {tool.name}" + (f" {tool.version}" if tool.version else "")


def _signer_text(verdict_signer: str | None) -> str:
    return f" signed by {verdict_signer}" if verdict_signer else " signed"


def _trust_text(trust: Trust, trust_list: str | None) -> str:
    if trust is Trust.TRUSTED:
        return f"; the signer is trusted ({trust_list} list)"
    if trust is Trust.UNTRUSTED:
        return (
            "; the signer is NOT on the configured trust lists: anyone can make a certificate in any name, "
            "so the names of the signer and the tool are unverified"
        )
    return (
        "; the signer was not checked against a trust list (none configured: see `provenance trust update`)"
    )


def _ingredient_problems(ingredients: tuple[Ingredient, ...]) -> list[str]:
    problems = []
    for ing in ingredients:
        bad = tuple(c for c in ing.status_codes if not integ.is_neutral(c.code))
        if bad:
            problems.append(
                f"{ing.title or 'an ingredient'}: {', '.join(dict.fromkeys(c.code for c in bad))}"
            )
        problems.extend(_ingredient_problems(ing.ingredients))
    return problems


def summarise(
    *,
    origin: Origin,
    tool: Tool | None,
    signer: str | None,
    integrity: Integrity,
    trust: Trust,
    trust_list: str | None,
    deciding: tuple[StatusCode, ...],
    ingredient_problems: list[str],
) -> str:
    """One sentence (or two) a moderator can read aloud."""
    signed = _signer_text(signer)
    if origin is Origin.UNKNOWN:
        head = f"A C2PA manifest{signed} is present but declares no origin (no digital source type)"
    else:
        head = f"Declared {ORIGIN_WORDS[origin]}{_tool_text(tool)}, in a C2PA manifest{signed}"
    if integrity is Integrity.INTACT:
        text = f"{head}; it verifies{_trust_text(trust, trust_list)}."
    elif integrity is Integrity.CREDENTIAL_EXPIRED:
        text = (
            f"{head.rstrip('.')}. Content and signature are intact, but the signing certificate has expired "
            "and no "
            f"trusted timestamp proves it was valid at signing ({_codes_text(deciding)})"
            f"{_trust_text(trust, trust_list)}."
        )
    elif integrity is Integrity.CREDENTIAL_INVALID:
        text = (
            f"{head}, but the signing certificate is not valid for C2PA ({_codes_text(deciding)}); "
            "the statement cannot be relied on."
        )
    elif integrity is Integrity.TAMPERED:
        text = (
            f"{head}, but it NO LONGER VERIFIES: the file or its manifest changed after signing "
            f"({_codes_text(deciding)})."
        )
    else:
        text = f"{head}, but the manifest is malformed ({_codes_text(deciding) or 'validation failed'})."
    if ingredient_problems:
        text += " An ingredient's credential did not validate: " + "; ".join(ingredient_problems[:3]) + "."
    return text


def _no_manifest(read: C2paRead) -> tuple[Integrity, str]:
    if read.status is ReadStatus.REMOTE:
        url = read.remote_url or "an unreadable address"
        if read.error_message and "could not fetch" in read.error_message:
            return Integrity.REMOTE_UNVERIFIED, (
                f"The file points to a remote C2PA manifest at {url}, which could not be fetched "
                f"({read.error_message}). Origin unknown."
            )
        return Integrity.REMOTE_UNVERIFIED, (
            f"The file points to a remote C2PA manifest at {url}, not fetched (offline by default; "
            "use --allow-network to fetch and verify it). Origin unknown."
        )
    if read.status is ReadStatus.UNSUPPORTED:
        return Integrity.UNSUPPORTED, (
            "No provenance could be checked: the C2PA SDK does not read this kind of file. "
            "Unknown does not mean 'not AI'."
        )
    if read.status is ReadStatus.FAILED:
        return Integrity.MALFORMED, (
            f"The file carries C2PA data that could not be read ({read.error_message}). Origin unknown."
        )
    return Integrity.NOT_SIGNED, (
        "No provenance declared: the file carries no C2PA manifest. "
        "This does not mean it is not AI-generated."
    )


def assess_c2pa(read: C2paRead, *, trust_configured: bool) -> C2paAssessment:
    """Turn what the C2PA reader found into a verdict, evidence items and the report's c2pa section."""
    store = read.store
    if read.status is not ReadStatus.READ or store is None or store.active is None:
        integrity, summary = _no_manifest(read)
        verdict = Verdict(
            Origin.UNKNOWN, None, None, integrity, Trust.NOT_APPLICABLE, None, Strength.NONE, summary
        )
        sdk_error = f"{read.error_kind}: {read.error_message}" if read.error_kind else None
        info = C2paInfo(
            present=read.status is ReadStatus.REMOTE,
            embedded=False,
            remote_url=read.remote_url,
            sdk_error=sdk_error,
        )
        return C2paAssessment(verdict, (), info)

    active = store.active
    failures = store.failures + tuple(c for c in store.ingredient_failures if c not in store.failures)
    integrity = integ.integrity_of(failures, store.validation_state)
    strength = Strength.SIGNED if integrity in VERIFYING else Strength.UNSIGNED
    found: Assessment = assess(store, strength=strength)
    trust, trust_list = integ.trust_of(store.successes, store.failures, configured=trust_configured)
    chained_to = None
    if trust is Trust.TRUSTED and integrity in (Integrity.TAMPERED, Integrity.MALFORMED):
        # A statement that no longer verifies vouches for nothing, whoever's certificate signed it: it may
        # be a real signature copied onto other content (schema 1.3). The summary still names the list.
        trust, chained_to, trust_list = Trust.NOT_APPLICABLE, trust_list, None
    signer = active.signer
    signer_name = (signer.organization or signer.common_name) if signer else None
    problems = _ingredient_problems(found.ingredients)
    summary = summarise(
        origin=found.origin,
        tool=found.tool,
        signer=signer_name,
        integrity=integrity,
        trust=trust,
        trust_list=trust_list,
        deciding=integ.deciding_codes(failures, integrity),
        ingredient_problems=problems,
    )
    if chained_to is not None:
        summary += (
            f" Its certificate chains to the {chained_to} trust list, but that does not make the statement "
            "trusted: a real signature can be copied onto other content."
        )
    ingredient_codes = tuple(
        StatusCode(c.code, c.explanation, c.url, StatusScope.INGREDIENT)
        for c in _all_ingredient_codes(found.ingredients)
    )
    codes = tuple(dict.fromkeys(failures + ingredient_codes))
    verdict = Verdict(
        origin=found.origin,
        tool=found.tool,
        signer=signer,
        integrity=integrity,
        trust=trust,
        trust_list=trust_list,
        strength=strength if found.origin is not Origin.UNKNOWN else Strength.NONE,
        summary=summary,
        status_codes=codes,
    )
    info = C2paInfo(
        present=True,
        embedded=read.embedded,
        active_manifest=store.active_label,
        validation_state=store.validation_state,
        remote_url=read.remote_url,
        manifest_count=len(store.manifests),
        title=active.title,
        format=active.format,
        claim_generator=active.claim_generator or next(iter(active.generator_info), None),
        ingredients=found.ingredients,
        soft_bindings=tuple(
            SoftBinding(alg, m.label) for m in store.manifests.values() for alg in m.soft_bindings
        ),
    )
    return C2paAssessment(verdict, found.evidence + _soft_binding_evidence(info, strength), info)


def _all_ingredient_codes(ingredients: tuple[Ingredient, ...]) -> list[StatusCode]:
    codes: list[StatusCode] = []
    for ing in ingredients:
        codes.extend(ing.status_codes)
        codes.extend(_all_ingredient_codes(ing.ingredients))
    return codes


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
