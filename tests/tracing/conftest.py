"""A small manifest repository for the tracing tests: two fixtures that carry provenance (a signed AI edit,
a ComfyUI PNG), indexed as ``index add`` indexes them; and stripped copies of them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from provenance import inspect
from provenance.audit.record import record_of
from provenance.index import Repository, index_item
from tests.helpers import fixture, no_trust

INDEXED = ("ai_edited.jpg", "gen_comfyui.png")


@pytest.fixture(scope="session")
def repository_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    pytest.importorskip("iscc_core")
    pytest.importorskip("pdqhash")
    path = tmp_path_factory.mktemp("tracing") / "index.sqlite"
    with Repository(path) as repo:
        for name in INDEXED:
            report = inspect(fixture(name), options=no_trust())
            item = index_item(str(fixture(name)), report)
            assert item is not None
            repo.add(item, record_of(report))
    yield path


def stripped(name: str) -> bytes:
    """The fixture's pixels as a PNG with no metadata: what a platform that strips everything serves."""
    with Image.open(fixture(name)) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "PNG")
        return buffer.getvalue()


@pytest.fixture
def stripped_copy(tmp_path: Path) -> Path:
    path = tmp_path / "copy.png"
    path.write_bytes(stripped("ai_edited.jpg"))
    return path
