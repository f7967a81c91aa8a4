"""Fuzz smoke run: every parser target on mutated fixtures (and a corpus sample), deterministically.

A short run of what ``scripts/fuzz.py`` runs for minutes per target. Each example picks a seed, applies a
few byte-level mutations (tests/fuzz/mutate.py) and calls the target, which must return without raising
anything but its documented errors, within a few seconds.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutate import OPS, mutate, seeds
from tests.fuzz.targets import HIGH_VOLUME, TARGETS
from tests.helpers import FIXTURES

MAX_SECONDS_PER_INPUT = 5.0
# Examples per target: the cheap walkers get more; the whole inspect (SDK included) a few hundred in all.
EXAMPLES = {
    "image_readers": 150,
    "watermark_pixels": 60,
    "pillow": 400,
    "inspect_fast": 300,
    "inspect_full": 200,
}
DEFAULT_EXAMPLES = 1000

_ops = st.lists(
    st.tuples(st.integers(0, OPS - 1), st.integers(0, 1 << 30), st.integers(0, 1 << 16)), max_size=6
)


def _run(target: str, seed: int, ops: list[tuple[int, int, int]], other: int) -> None:
    pool = seeds(target)
    data = mutate(pool[seed % len(pool)], ops, pool[other % len(pool)])
    start = time.monotonic()
    TARGETS[target](data)
    elapsed = time.monotonic() - start
    assert elapsed < MAX_SECONDS_PER_INPUT, f"{target} took {elapsed:.1f} s on a {len(data)}-byte input"


def _smoke(target: str) -> None:
    @settings(
        max_examples=EXAMPLES.get(target, DEFAULT_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(seed=st.integers(0, 1 << 20), ops=_ops, other=st.integers(0, 1 << 20))
    def run(seed: int, ops: list[tuple[int, int, int]], other: int) -> None:
        _run(target, seed, ops, other)

    run()


@pytest.mark.parametrize("target", [*HIGH_VOLUME, "inspect_fast", "inspect_full"])
def test_target_survives_mutated_seeds(target: str) -> None:
    _smoke(target)


def test_every_regression_input_passes_every_target() -> None:
    """The inputs in fixtures/regressions (see its README) once failed a target; none may fail again."""
    for path in sorted(p for p in (FIXTURES / "regressions").iterdir() if p.suffix != ".md"):
        for target in sorted(TARGETS):
            TARGETS[target](path.read_bytes())
