"""The Hamming index finds exactly what a linear scan finds, in both its modes."""

from __future__ import annotations

import numpy as np
import pytest

from provenance.index.search import MIN_CODES_FOR_CHUNKS, HammingIndex


def _scan(codes: np.ndarray, owners: np.ndarray, query: np.ndarray, radius: int) -> dict[int, int]:
    distances = np.unpackbits(codes ^ query, axis=1).sum(axis=1)
    found: dict[int, int] = {}
    for owner, distance in zip(owners.tolist(), distances.tolist(), strict=True):
        if distance <= radius:
            found[owner] = min(distance, found.get(owner, distance))
    return found


def _near(rng: np.random.Generator, code: np.ndarray, flips: int) -> np.ndarray:
    bits = np.unpackbits(code)
    bits[rng.choice(len(bits), size=flips, replace=False)] ^= 1
    return np.packbits(bits)


@pytest.mark.parametrize("count", [500, MIN_CODES_FOR_CHUNKS + 5_000], ids=["linear", "chunked"])
@pytest.mark.parametrize("bits,radius", [(256, 31), (256, 47), (64, 8)])
def test_search_finds_exactly_the_codes_within_the_radius(count: int, bits: int, radius: int) -> None:
    rng = np.random.default_rng(count + bits)
    codes = rng.integers(0, 256, size=(count, bits // 8), dtype=np.uint8)
    owners = np.arange(count, dtype=np.int64) // 3  # three codes an owner, as an image and its two crops
    index = HammingIndex(bits)
    index.build(codes.tobytes(), owners)
    for i in range(40):
        query = _near(rng, codes[rng.integers(count)], int(rng.integers(0, radius + 8)))
        assert index.search(query.tobytes(), radius) == _scan(codes, owners, query, radius), i


def test_an_empty_index_finds_nothing() -> None:
    index = HammingIndex(256)
    index.build(b"", np.zeros(0, dtype=np.int64))
    assert index.search(bytes(32), 31) == {}


def test_a_query_of_another_length_is_refused() -> None:
    index = HammingIndex(64)
    index.build(bytes(16), np.arange(2, dtype=np.int64))
    with pytest.raises(ValueError, match="a query of 256 bits"):
        index.search(bytes(32), 8)
