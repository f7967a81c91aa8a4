"""A signed file whose C2PA store lists each manifest twice: linear cost, a small report."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from provenance import Ingredient, inspect
from tests.helpers import REPO

sys.path.insert(0, str(REPO / "scripts"))
hostile_c2pa = pytest.importorskip("hostile_c2pa")


def nodes(ingredients: tuple[Ingredient, ...]) -> list[Ingredient]:
    return [n for i in ingredients for n in (i, *nodes(i.ingredients))]


@pytest.mark.parametrize("levels", [14, 24])
def test_a_doubling_ingredient_graph_gives_a_small_report(tmp_path: Path, levels: int) -> None:
    path = tmp_path / f"graph_{levels}.jpg"
    path.write_bytes(hostile_c2pa.ingredient_graph(levels))
    report = inspect(path)
    assert report.c2pa is not None and report.c2pa.manifest_count == levels + 1
    listed = nodes(report.c2pa.ingredients)
    assert len(listed) == 2 * levels and sum(n.repeated for n in listed) == levels
    assert len(report.to_json()) < 200_000  # 84 MB at 14 levels before
