"""Matches in words: one sentence per match, and the sentence the verdict's summary gains. A match is
``fingerprint`` evidence: what another file's credentials said, a lead to check, never this file's own
statement, and the words say so every time."""

from __future__ import annotations

from typing import Final

from ..models import FingerprintMatch, MatchedOriginal, Origin, Strength

ORIGIN_WORDS: Final[dict[Origin, str]] = {
    Origin.AI_GENERATED: "made by generative AI",
    Origin.AI_EDITED: "edited with generative AI",
    Origin.SYNTHETIC: "made by an algorithm",
    Origin.CAPTURED: "captured from the real world",
    Origin.HUMAN_MADE: "made or edited by people",
    Origin.UNKNOWN: "nothing about its origin",
}


def said(original: MatchedOriginal | None, signed: bool = True) -> str:
    """``whose signed credentials said made by generative AI (with "DALL-E", signed by "OpenAI")``."""
    if original is None:
        return "whose credentials the service holds"
    how = "credentials" if signed else "unsigned metadata"
    words = ORIGIN_WORDS[original.origin]
    origin = words if original.origin is Origin.UNKNOWN else f"it was {words}"
    extras = [
        f'with "{original.tool}"' if original.tool else "",
        f'signed by "{original.signer}"' if original.signer else "",
    ]
    extra = ", ".join(e for e in extras if e)
    return f"whose {how} said {origin}" + (f" ({extra})" if extra else "")


def match_summary(
    path: str | None, indexed_at: str | None, original: MatchedOriginal | None, weak: bool, signed: bool
) -> str:
    """One match in a sentence: what it resembles and what that one said; a lead, not a proof."""
    what = f'"{path}"' if path else "a file"
    when = f", indexed {indexed_at[:10]}," if indexed_at else ""
    plain = " Its picture is too plain or noisy for the fingerprint to say much." if weak else ""
    return f"Resembles {what}{when} {said(original, signed)}. A lead, not a proof.{plain}"


def verdict_sentence(matches: tuple[FingerprintMatch, ...], own: Strength) -> str:
    """What the verdict's summary gains: the best match, as fingerprint evidence, never the file's own."""
    best = matches[0]
    original = best.original
    # Signed credentials: a manifest store kept or a signer named, even when they said nothing of the
    # origin (the original's strength is then "none", not "unsigned").
    signed = (
        original is None
        or original.strength is Strength.SIGNED
        or original.signer is not None
        or best.credentials is not None
    )
    when = f" (indexed {best.indexed_at[:10]})" if best.indexed_at else ""
    where = (
        f' "{best.path}"{when}' if best.path else f" the asset of manifest {best.manifest_id} ({best.source})"
    )
    more = f" and {len(matches) - 1} more" if len(matches) > 1 else ""
    head = (
        "It carries no statement of its own, but it resembles"
        if own is Strength.NONE
        else "It also resembles"
    )
    return (
        f"{head}{where}{more}, {said(original, signed)}: fingerprint evidence, a lead to that file's "
        "credentials, not a statement about this one."
    )
