"""The bundled rubrics' parsed form is cached between runs, and the cache never changes a result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provenance.rubrics import bundled
from provenance.rubrics.cache import cache_key, cached
from provenance.rubrics.load import load_file
from provenance.rubrics.model import Rubric

DATA = Path(bundled.__file__).with_name("data")
NAME = "asset-rubric-integrity.yml"


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "rubric-cache"
    monkeypatch.setenv("PROVENANCE_RUBRIC_CACHE_DIR", str(folder))
    return folder


def _counted(calls: list[str], folder: Path = DATA, name: str = NAME) -> Rubric:
    def parse() -> Rubric:
        calls.append(name)
        return load_file(folder, name)

    return cached(folder, name, parse)


def test_a_cached_rubric_is_read_back_without_parsing_and_equals_the_parsed_one() -> None:
    calls: list[str] = []
    first = _counted(calls)
    second = _counted(calls)
    assert calls == [NAME]  # parsed once, then read from the cache
    assert second == first == load_file(DATA, NAME)
    assert second is not first


def test_every_bundled_rubric_round_trips_through_the_cache(cache_folder: Path) -> None:
    for name in bundled.bundled_names():
        file = f"asset-rubric-{name}.yml"
        calls: list[str] = []
        _counted(calls, name=file)
        assert _counted(calls, name=file) == load_file(DATA, file) and calls == [file]


def test_a_changed_included_file_changes_the_key(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = cache_key(copy, NAME)
    include = copy / "composables" / "integrity-trust.yml"
    include.write_text(include.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert cache_key(copy, NAME) != before


def test_a_damaged_cache_file_is_parsed_again_and_replaced(cache_folder: Path) -> None:
    calls: list[str] = []
    _counted(calls)
    (stored,) = cache_folder.glob("*.pickle")
    stored.write_bytes(b"not a pickle")
    assert _counted(calls) == load_file(DATA, NAME) and calls == [NAME, NAME]
    assert _counted(calls) == load_file(DATA, NAME) and calls == [NAME, NAME]


def test_an_unwritable_cache_folder_still_gives_the_rubric(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_RUBRIC_CACHE_DIR", str(blocker / "rubrics"))
    calls: list[str] = []
    assert _counted(calls) == load_file(DATA, NAME)
    assert _counted(calls) == load_file(DATA, NAME) and calls == [NAME, NAME]
