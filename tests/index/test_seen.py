"""The repository's memory of the files `index add` inspected (``seen``): what a later run skips."""

from __future__ import annotations

from pathlib import Path

import provenance
from provenance.audit.record import record_of
from provenance.fingerprints import ISCC, Fingerprint
from provenance.index import IndexItem, Repository
from tests.helpers import fixture


def _item(path: str, n: int) -> IndexItem:
    prints = (Fingerprint(ISCC, "ISCC:test", bytes([n]) * 8, "test", "full"),)
    return IndexItem(path, "c2pa", f"{n:064x}", 10, None, prints, None, None, None)


def test_keys_of_all_64_bits_come_back_and_removing_an_entry_forgets_its_path(tmp_path: Path) -> None:
    record = record_of(provenance.inspect(fixture("ai_generated.jpg")))
    keys = {"/a/one.jpg": 0, "/a/two.jpg": (1 << 63) + 5, "/a/b/three.jpg": (1 << 64) - 1, "/c.jpg": 7}
    with Repository(tmp_path / "index.sqlite") as repo:
        for n, (path, key) in enumerate(keys.items()):
            repo.add(_item(path, n), record, commit=False)
            repo.mark_seen(path, key)
        repo.commit()
        assert repo.seen_keys() == set(keys.values())
        ids = {row["path"]: row["id"] for row in repo.entries()}
        assert repo.remove(ids=[ids["/c.jpg"]]) == 1
        assert repo.seen_keys() == set(keys.values()) - {7}
        assert repo.remove(paths=["/a/b"]) == 1  # a folder: all under it
        assert repo.seen_keys() == {0, (1 << 63) + 5}
    with Repository(tmp_path / "index.sqlite") as repo:  # kept in the file
        assert repo.seen_keys() == {0, (1 << 63) + 5}
