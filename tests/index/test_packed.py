"""The packed codes: kept in the repository file for the generation they were read at, used while it holds,
never once an entry was added or removed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import provenance
from provenance.audit.record import AuditRecord, record_of
from provenance.fingerprints import ISCC, PDQ, Fingerprint
from provenance.index import IndexItem, Repository, lookup_fingerprints
from provenance.index.packed import load_codes
from tests.helpers import fixture


@pytest.fixture(scope="module")
def record() -> AuditRecord:
    return record_of(provenance.inspect(fixture("ai_generated.jpg")))


def _item(n: int, iscc: bytes, pdq: bytes) -> IndexItem:
    prints = (
        Fingerprint(ISCC, "ISCC:test", iscc, "test", "full"),
        Fingerprint(PDQ, pdq.hex(), pdq, "test", "full", 90),
        Fingerprint(PDQ, pdq.hex(), pdq[::-1], "test", "crop95", 80),
    )
    return IndexItem(f"/test/{n}.jpg", "c2pa", f"{n:064x}", 10, None, prints, None, None, None)


def _query(iscc: bytes, pdq: bytes) -> list[Fingerprint]:
    return [Fingerprint(ISCC, "", iscc, "", "full"), Fingerprint(PDQ, "", pdq, "", "full", 90)]


def _packed_generations(repo: Repository) -> set[int]:
    return {row[0] for row in repo.db.execute("SELECT generation FROM packed")}


def test_a_lookup_packs_the_codes_in_entry_order(tmp_path: Path, record: AuditRecord) -> None:
    rng = np.random.default_rng(1)
    codes = [(rng.bytes(8), rng.bytes(32)) for _ in range(3)]
    with Repository(tmp_path / "index.sqlite") as repo:
        for n, (iscc, pdq) in enumerate(codes):
            repo.add(_item(n, iscc, pdq), record)
        lookup_fingerprints(_query(*codes[0]), repo, verify=False)
        assert _packed_generations(repo) == {repo.generation}
        packed = load_codes(repo, PDQ)
    assert packed.codes == b"".join(pdq + pdq[::-1] for _, pdq in codes)
    assert [packed.names[v] for v in packed.variants] == ["full", "crop95"] * 3
    assert packed.quality.tolist() == [90, 80] * 3
    assert packed.entries.tolist() == [1, 1, 2, 2, 3, 3]


def test_packed_codes_of_an_older_generation_are_not_used(tmp_path: Path, record: AuditRecord) -> None:
    rng = np.random.default_rng(2)
    first, second = (rng.bytes(8), rng.bytes(32)), (rng.bytes(8), rng.bytes(32))
    with Repository(tmp_path / "index.sqlite") as repo:
        repo.add(_item(1, *first), record)
        assert lookup_fingerprints(_query(*second), repo, verify=False) == ()
        repo.add(_item(2, *second), record)
        assert [m.path for m in lookup_fingerprints(_query(*second), repo, verify=False)] == ["/test/2.jpg"]
        repo.remove(["/test/2.jpg"])
        assert lookup_fingerprints(_query(*second), repo, verify=False) == ()
        assert _packed_generations(repo) == {repo.generation}


def test_a_repository_read_from_another_process_uses_the_packed_codes(
    tmp_path: Path, record: AuditRecord
) -> None:
    rng = np.random.default_rng(3)
    codes = (rng.bytes(8), rng.bytes(32))
    path = tmp_path / "index.sqlite"
    with Repository(path) as repo:
        repo.add(_item(1, *codes), record)
        repo.pack()
        # The rows are gone (as if they could not be read fast): only the packed arrays can answer.
        repo.db.execute("DELETE FROM fingerprints")
        repo.db.commit()
    with Repository(path) as repo:
        assert [m.path for m in lookup_fingerprints(_query(*codes), repo, verify=False)] == ["/test/1.jpg"]
