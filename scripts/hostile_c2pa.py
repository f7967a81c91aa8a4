"""Hostile corpus: C2PA manifest stores that cost too much to assess (ingredient graphs).
Used by scripts/make_hostile.py.

``ingredient_graph_N.jpg``: a store of N+1 manifests in which each lists the previous one twice, as two
ingredients. Walked as a tree, the active manifest has 2^N ingredient nodes; the file grows linearly
(each level adds one manifest). Signed with a throwaway chain made by fixtures/make_fixtures.py.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

LEVELS = (14, 24)
_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _mf():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(_FIXTURES))
    import make_fixtures

    return make_fixtures


@cache
def ingredient_graph(levels: int) -> bytes:
    """A JPEG whose store is a chain of ``levels`` manifests, each listing the one below twice."""
    mf = _mf()
    pki = mf.build_pki()
    context = mf.builder_context(pki.root.pem.decode(), mf.eku_config_text())
    image = mf.encode_image(mf.base_image("paint"), "jpg")
    data = mf.sign(
        pki.es256, mf.created("level 0", mf.DIGITAL_CREATION, mf.PAINT), "image/jpeg", image, context
    )
    for level in range(1, levels + 1):
        below = mf.Ingredient(
            {"title": f"level {level - 1}", "relationship": "componentOf"}, "image/jpeg", data
        )
        definition = mf.created(f"level {level}", mf.DIGITAL_CREATION, mf.PAINT)
        data = mf.sign(pki.es256, definition, "image/jpeg", image, context, [below, below])
    return bytes(data)


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {
        f"ingredient_graph_{n}.jpg": (
            f"C2PA store of {n + 1} manifests, each listing the previous one twice (2^{n} tree nodes)",
            ingredient_graph(n),
        )
        for n in LEVELS
    }
