"""A repository's lookup results (:mod:`provenance.index`) as the report's ``matches``: typed, with the
original's verdict as enums (a value this version does not know reads ``unknown``/``not_checked``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from ..index import CredentialCheck, Match
from ..models import (
    FingerprintMatch,
    Integrity,
    MatchDistance,
    MatchedOriginal,
    Origin,
    StoredCredentials,
    Strength,
    Trust,
)
from .words import match_summary

E = TypeVar("E", bound=StrEnum)


def report_match(match: Match, source: str) -> FingerprintMatch:
    """One repository match as a report's ``matches`` entry; ``source``: the repository file."""
    original = matched_original(match.original)
    distances = tuple(
        MatchDistance(d.alg, d.distance, d.threshold, d.bits, d.variant, d.frames) for d in match.distances
    )
    return FingerprintMatch(
        source=source,
        kind="index",
        manifest_id=match.manifest_id,
        path=match.path,
        indexed_at=match.indexed_at,
        distances=distances,
        similarity=similarity(match.differing),
        weak=match.weak,
        original=original,
        credentials=stored_credentials(match.credentials),
        summary=match_summary(match.path, match.indexed_at, original, match.weak, match.reason == "c2pa"),
    )


def matched_original(row: dict[str, Any]) -> MatchedOriginal:
    """The original's verdict as the repository kept it."""
    return MatchedOriginal(
        origin=_enum(Origin, row.get("origin"), Origin.UNKNOWN),
        tool=row.get("tool"),
        signer=row.get("signer"),
        signing_time=row.get("signing_time"),
        integrity=_enum(Integrity, row.get("integrity"), Integrity.NOT_CHECKED),
        trust=_enum(Trust, row.get("trust"), Trust.NOT_CHECKED),
        trust_list=row.get("trust_list"),
        strength=_enum(Strength, row.get("strength"), Strength.NONE),
        summary=row.get("summary"),
    )


def stored_credentials(check: CredentialCheck | None) -> StoredCredentials | None:
    if check is None:
        return None
    return StoredCredentials(
        check.state,
        check.signature,
        check.trust,
        check.problems,
        check.set_aside,
        check.checked_at,
        check.summary,
    )


def similarity(differing: float) -> int:
    """0-100, 100 identical, 0 unrelated, as the soft-binding resolution API's ``similarityScore`` reads:
    the share of bits that differ (:attr:`~provenance.index.lookup.Match.differing`: 0 identical, half
    for unrelated pictures) turned around, so matches read best first in the order they are ranked."""
    return max(0, min(100, round(100 * (1 - 2 * differing))))


def _enum(kind: type[E], value: object, default: E) -> E:
    try:
        return kind(str(value))
    except ValueError:
        return default
