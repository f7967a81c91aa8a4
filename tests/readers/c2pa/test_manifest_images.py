"""The thumbnails a manifest store carries, read through the SDK: the active manifest's, then its
ingredients' breadth first, bounded in number and read one at a time."""

from __future__ import annotations

from provenance.readers.c2pa.sdk import manifest_images
from provenance.trust import TrustSettings
from tests.helpers import fixture


def images(name: str, most: int) -> list[tuple[bool, int]]:
    with fixture(name).open("rb") as stream:
        return [
            (i.manifest is None, i.index)
            for i in manifest_images(stream, trust=TrustSettings(), max_ingredients=most)
        ]


def test_the_active_thumbnail_comes_first_then_each_ingredient_by_its_place() -> None:
    assert images("broadcast_chain.jpg", 24) == [(True, -1), (False, 0), (False, 0)]


def test_no_more_ingredient_thumbnails_than_asked_for() -> None:
    assert images("broadcast_chain.jpg", 1) == [(True, -1), (False, 0)]
    assert images("broadcast_chain.jpg", 0) == [(True, -1)]


def test_a_file_without_a_manifest_has_none() -> None:
    assert images("plain.jpg", 24) == []
