"""The repository's fingerprints in memory, one :class:`~.search.HammingIndex` per algorithm, answering
"which entries are within each algorithm's threshold of these fingerprints".

Built from the packed codes (:mod:`.packed`) on the first lookup and kept per repository file until its
generation changes (an add or a remove). For the entries one algorithm finds, the other algorithms'
distances are computed too, so a match shows every distance both sides have.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..fingerprints import ALGORITHMS, VPDQ, Fingerprint
from .packed import Codes, load_codes
from .repository import Repository
from .search import HammingIndex


@dataclass(frozen=True, slots=True)
class Hit:
    """An entry's nearest stored fingerprint of one algorithm: distance, variant, its PDQ quality, and for
    vPDQ how many of the query's frames found one of its frames."""

    distance: int
    variant: str
    quality: int | None
    frames: int = 0

    def quality_below(self, level: int) -> bool:
        return self.quality is not None and 0 <= self.quality < level


class _Table:
    """One algorithm's codes, ordered by entry, with their index."""

    def __init__(self, bits: int, packed: Codes):
        self.index = HammingIndex(bits)
        self.index.build(packed.codes, np.arange(len(packed.entries), dtype=np.int64))
        self.entries = packed.entries
        self.names = packed.names
        self.variants = packed.variants
        self.quality = packed.quality
        self.width = bits // 8
        self.codes = (
            np.frombuffer(packed.codes, dtype=np.uint8).reshape(-1, self.width) if packed.codes else None
        )

    def hit(self, row: int, distance: int, frames: int = 0) -> Hit:
        quality = int(self.quality[row])
        return Hit(distance, self.names[self.variants[row]], quality if quality >= 0 else None, frames)

    def nearest(self, entry: int, query: bytes) -> Hit | None:
        """The entry's nearest code to ``query`` (a distance shown beside another algorithm's match)."""
        start, end = np.searchsorted(self.entries, [entry, entry + 1])
        if self.codes is None or start == end:
            return None
        q = np.frombuffer(query, dtype=np.uint8)
        distances = np.bitwise_count(self.codes[start:end] ^ q).sum(axis=1)
        best = int(np.argmin(distances))
        return self.hit(int(start) + best, int(distances[best]))


class Searcher:
    """Every algorithm's table of one repository, at one generation."""

    def __init__(self, repository: Repository) -> None:
        self.generation = repository.generation
        self.tables: dict[str, _Table] = {}
        for name, algorithm in ALGORITHMS.items():
            packed = load_codes(repository, name)
            self.generation = min(self.generation, packed.generation)  # rebuilt next time if it moved on
            if len(packed.entries):
                self.tables[name] = _Table(algorithm.bits, packed)

    def search(self, query: Sequence[Fingerprint]) -> dict[int, dict[str, Hit]]:
        """Entries within threshold by at least one algorithm -> their hit per algorithm both sides have."""
        found: dict[int, dict[str, Hit]] = {}
        for fp in query:
            table = self.tables.get(fp.alg)
            if table is None or fp.alg == VPDQ:
                continue
            for row, distance in table.index.search(fp.bits, ALGORITHMS[fp.alg].threshold).items():
                entry = int(table.entries[row])
                current = found.setdefault(entry, {}).get(fp.alg)
                if current is None or distance < current.distance:
                    found[entry][fp.alg] = table.hit(row, distance)
        self._video(query, found)
        for entry, hits in found.items():
            for fp in query:
                table = self.tables.get(fp.alg)
                if fp.alg not in hits and table is not None and fp.alg != VPDQ:
                    near = table.nearest(entry, fp.bits)
                    if near is not None:
                        hits[fp.alg] = near
        return found

    def _video(self, query: Sequence[Fingerprint], found: dict[int, dict[str, Hit]]) -> None:
        """vPDQ: per entry, how many query frames have a frame of it within threshold, and the nearest."""
        table = self.tables.get(VPDQ)
        frames = [fp for fp in query if fp.alg == VPDQ]
        if table is None or not frames:
            return
        best: dict[int, tuple[int, int]] = {}  # entry -> (distance, row)
        counts: dict[int, int] = {}
        for fp in frames:
            matched: dict[int, tuple[int, int]] = {}
            for row, distance in table.index.search(fp.bits, ALGORITHMS[VPDQ].threshold).items():
                entry = int(table.entries[row])
                if entry not in matched or distance < matched[entry][0]:
                    matched[entry] = (distance, row)
            for entry, (distance, row) in matched.items():
                counts[entry] = counts.get(entry, 0) + 1
                if entry not in best or distance < best[entry][0]:
                    best[entry] = (distance, row)
        for entry, (distance, row) in best.items():
            found.setdefault(entry, {})[VPDQ] = table.hit(row, distance, counts[entry])


_cache: dict[Path, Searcher] = {}
_lock = threading.Lock()


def searcher_for(repository: Repository) -> Searcher:
    """The repository's searcher, built on first use and again after every change of its entries."""
    key = repository.path.resolve()
    generation = repository.generation
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.generation == generation:
            return cached
    built = Searcher(repository)
    with _lock:
        _cache[key] = built
    return built
