"""Lookup: the indexed files a file (or its fingerprints) resembles, best first, with what their
credentials said and whether those credentials still verify on their own.

A match is an entry one of whose stored fingerprints is within its algorithm's threshold of the query's
(:data:`~provenance.fingerprints.algorithms.ALGORITHMS`): a near-duplicate of the picture, a lead to its
credentials, never a proof that the query is that file or has its history. ``score`` is the smallest
distance / threshold over the algorithms both sides have (0 is identical; at most 1 for a match). Matches
are ranked by the share of bits that differ over all those algorithms together, then by ``score``: the
finer hash counts for more, so a copy's original (PDQ 6 of 256, ISCC 2 of 64) ranks before a sibling
that shares its coarse ISCC but not its picture (PDQ 14, ISCC 0), which the smallest ratio alone put
first. ``weak``: one side's picture is too plain or too noisy for its fingerprint to single it out (PDQ
quality under 50, the level under which PDQ's authors discard a hash): such a match says little and is
ranked after the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from ..fingerprints import ALGORITHMS, VPDQ, Fingerprint, FingerprintResult, fingerprint
from ..trust import TrustSettings
from .repository import Repository
from .searcher import Hit, searcher_for
from .verify import CredentialCheck, verify_stored

MIN_QUALITY: Final = 50
VIDEO_MIN_FRAMES: Final = 0.8  # share of the query's frames that must match a video's


@dataclass(frozen=True, slots=True)
class Distance:
    """How far the query is from an entry by one algorithm: the nearest of its stored variants."""

    alg: str
    distance: int
    threshold: int
    bits: int
    variant: str  # the stored variant it was nearest to: full, crop95, crop90, t=SECONDS
    frames: str | None = None  # vPDQ: "matched/total" query frames

    def to_dict(self) -> dict[str, Any]:
        data = {"alg": self.alg, "distance": self.distance, "threshold": self.threshold, "bits": self.bits}
        data["variant"] = self.variant
        if self.frames is not None:
            data["frames"] = self.frames
        return data


@dataclass(frozen=True, slots=True)
class Match:
    """One indexed file the query resembles, and what its credentials said when it was indexed."""

    entry: int
    path: str
    sha256: str
    indexed_at: str
    reason: str  # why it was indexed: c2pa | ai_metadata
    media_type: str | None
    manifest_id: str | None
    distances: tuple[Distance, ...]
    score: float
    weak: bool
    # The share of bits that differ over every algorithm both sides have (0 identical, about 0.5 unrelated):
    # what matches are ranked by.
    differing: float
    original: dict[str, Any]  # its verdict when indexed: origin, tool, signer, integrity, trust, strength...
    credentials: CredentialCheck | None  # its stored manifest validated again now (None: none kept)

    @property
    def summary(self) -> str:
        """One sentence: what the file resembles and what that one declared (a lead, not a proof)."""
        o = self.original
        said = o["origin"].replace("_", "-") if o["origin"] != "unknown" else "nothing about its origin"
        tool = f' with "{o["tool"]}"' if o.get("tool") else ""
        signer = f', signed by "{o["signer"]}"' if o.get("signer") else ""
        how = "credentials" if self.reason == "c2pa" else "unsigned metadata"
        closeness = "closely" if self.score <= 0.5 else "loosely"
        weak = " Its picture is too plain or noisy for the fingerprint to say much." if self.weak else ""
        return (
            f'Resembles ({closeness}) "{self.path}", indexed {self.indexed_at}, whose {how} said {said}{tool}'
            f"{signer} (integrity then: {o['integrity']}). A fingerprint match is a lead, not a proof.{weak}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "path": self.path,
            "sha256": self.sha256,
            "indexed_at": self.indexed_at,
            "reason": self.reason,
            "media_type": self.media_type,
            "manifest_id": self.manifest_id,
            "score": round(self.score, 4),
            "differing": round(self.differing, 4),
            "weak": self.weak,
            "distances": [d.to_dict() for d in self.distances],
            "original": dict(self.original),
            "credentials": self.credentials.to_dict() if self.credentials is not None else None,
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class LookupResult:
    """The query's fingerprints, the matches best first, and how many entries were searched."""

    fingerprints: FingerprintResult
    matches: tuple[Match, ...]
    searched: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprints": self.fingerprints.to_dict(),
            "searched": self.searched,
            "matches": [m.to_dict() for m in self.matches],
        }


def lookup(
    source: str | Path | bytes | IO[bytes],
    repository: Repository | str | Path,
    *,
    limit: int = 5,
    verify: bool = True,
    trust: TrustSettings | None = None,
) -> LookupResult:
    """The indexed files ``source`` (a path, bytes or a seekable stream) resembles, best first, at most
    ``limit``. ``verify``: validate each match's stored manifest again (``trust``: the lists to check its
    signer against; the bundled ones by default)."""
    query = fingerprint(source)
    with _opened(repository) as repo:
        found = lookup_fingerprints(query.fingerprints, repo, limit=limit, verify=verify, trust=trust)
        return LookupResult(query, found, repo.count())


def lookup_fingerprints(
    fingerprints: Sequence[Fingerprint],
    repository: Repository,
    *,
    limit: int = 5,
    verify: bool = True,
    trust: TrustSettings | None = None,
) -> tuple[Match, ...]:
    """As :func:`lookup`, for fingerprints already computed (or received: the soft-binding API's
    ``byBinding``). Only whole-image fingerprints and video frames of a query are used."""
    query = [f for f in fingerprints if not f.variant.startswith("crop")]
    hits = searcher_for(repository).search(query)
    weak_query = _weak(query)
    ranked: list[tuple[tuple[bool, float, float], int, tuple[Distance, ...]]] = []
    for entry, by_alg in hits.items():
        distances = tuple(_distance(alg, hit, query) for alg, hit in sorted(by_alg.items()))
        ratios = [_ratio(d) for d in distances]
        score = min(ratios)
        if score > 1:
            continue
        weak = weak_query or by_alg.get("pdq", Hit(0, "full", None)).quality_below(MIN_QUALITY)
        differing = sum(d.distance for d in distances) / max(1, sum(d.bits for d in distances))
        ranked.append(((weak, differing, score), entry, distances))
    ranked.sort()
    if trust is None and verify:
        from ..options import InspectOptions

        trust = InspectOptions().trust_settings()
    return tuple(
        _match(repository, entry, key, distances, verify, trust) for key, entry, distances in ranked[:limit]
    )


def _distance(alg: str, hit: Hit, query: Sequence[Fingerprint]) -> Distance:
    algorithm = ALGORITHMS[alg]
    frames = None
    if alg == VPDQ:
        total = sum(1 for f in query if f.alg == VPDQ)
        frames = f"{hit.frames}/{total}"
    return Distance(alg, hit.distance, algorithm.threshold, algorithm.bits, hit.variant, frames)


def _ratio(distance: Distance) -> float:
    ratio = distance.distance / max(1, distance.threshold)
    if distance.frames is not None:
        matched, total = (int(n) for n in distance.frames.split("/"))
        if total and matched / total < VIDEO_MIN_FRAMES:
            return ratio + 1.0  # too few of its frames match: not a match of the video
    return ratio


def _weak(query: Iterable[Fingerprint]) -> bool:
    qualities = [f.quality for f in query if f.alg == "pdq" and f.quality is not None]
    return bool(qualities) and min(qualities) < MIN_QUALITY


def _match(
    repo: Repository,
    entry: int,
    key: tuple[bool, float, float],
    distances: tuple[Distance, ...],
    verify: bool,
    trust: TrustSettings | None,
) -> Match:
    row = repo.entry(entry) or {}
    credentials = None
    if verify and row.get("has_store") and trust is not None:
        stored = repo.manifest_store(entry)
        if stored is not None:
            credentials = verify_stored(stored[0], stored[1], trust)
    original = {
        name: row.get(name)
        for name in (
            "origin",
            "tool",
            "signer",
            "signing_time",
            "integrity",
            "trust",
            "trust_list",
            "strength",
        )
    }
    original["summary"] = row.get("summary")
    return Match(
        entry=entry,
        path=str(row.get("path")),
        sha256=str(row.get("sha256")),
        indexed_at=str(row.get("indexed_at")),
        reason=str(row.get("reason")),
        media_type=row.get("media_type"),
        manifest_id=row.get("manifest_id"),
        distances=distances,
        score=key[2],
        weak=key[0],
        differing=key[1],
        original=original,
        credentials=credentials,
    )


def original_report(repository: Repository, entry: int) -> dict[str, Any] | None:
    """The full JSON report the entry was indexed with (to show the original's credentials in full)."""
    text = repository.report(entry)
    return json.loads(text) if text is not None else None


class _opened:
    """A repository given by path is opened (and closed) here; one given open is used as it is."""

    def __init__(self, repository: Repository | str | Path) -> None:
        self.given = repository if isinstance(repository, Repository) else None
        self.path = None if isinstance(repository, Repository) else Path(repository)
        self.repo: Repository | None = None

    def __enter__(self) -> Repository:
        if self.given is not None:
            return self.given
        assert self.path is not None
        self.repo = Repository(self.path, create=False)
        return self.repo

    def __exit__(self, *exc: object) -> None:
        if self.repo is not None:
            self.repo.close()
