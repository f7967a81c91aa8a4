"""Indexing runs on either audit engine: the pool's per-file hook fills the entries in the workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provenance.audit.engine import AuditOptions
from provenance.audit.pool import PoolOptions
from provenance.index import IndexItem, Repository, build_index, index_item, provenance_reason
from provenance.index.listing import stats
from tests.helpers import fixture, no_trust


def _folder(tmp_path: Path, names: tuple[str, ...]) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    for name in names:
        shutil.copy(fixture(name), folder / name)
    return folder


def test_the_dask_engine_builds_the_same_index(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the Dask engine needs the 'cluster' extra")
    from provenance.audit.dask_engine import DaskOptions, run_dask_audit

    folder = _folder(tmp_path, ("ai_generated.jpg", "gen_a1111.png", "plain.png"))
    options = AuditOptions((str(folder),), PoolOptions(jobs=1, inspect=no_trust()))
    with Repository(tmp_path / "index.sqlite") as repo:
        state, counts = build_index(options, repo, engine=run_dask_audit, dask=DaskOptions(workers=1))
        assert state.done == 3 and counts.indexed == 2 and counts.without_provenance == 1
        assert stats(repo)["fingerprints"]["pdq full"] == 2


def test_the_hook_keeps_only_files_with_provenance() -> None:
    import provenance

    plain = provenance.inspect(fixture("plain.jpg"), options=no_trust())
    assert provenance_reason(plain) is None and index_item(str(fixture("plain.jpg")), plain) is None
    report = provenance.inspect(fixture("xmp_iptc_ai.jpg"), options=no_trust())
    item = index_item(str(fixture("xmp_iptc_ai.jpg")), report)
    assert isinstance(item, IndexItem) and item.reason == "ai_metadata"
    assert item.store is None and item.store_missing == "the file has no C2PA manifest"


def test_a_standalone_manifest_beside_a_file_is_kept_as_its_store() -> None:
    import provenance

    report = provenance.inspect(fixture("sidecar.jpg"), options=no_trust())
    item = index_item(str(fixture("sidecar.jpg")), report)
    assert item is not None and item.reason == "c2pa" and item.store is not None
    assert item.store.data == fixture("sidecar.c2pa").read_bytes() and item.store.media_type == "image/jpeg"
