"""How matches are ranked: by the share of bits that differ over every algorithm, not by the closest one
alone, so the coarse 64-bit ISCC cannot put a sibling picture before the original."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import provenance
from provenance.audit.record import AuditRecord, record_of
from provenance.fingerprints import ISCC, PDQ, Fingerprint
from provenance.index import IndexItem, Repository, lookup_fingerprints
from provenance.models import Integrity, MatchedOriginal, Origin, Strength, Trust
from provenance.tracing.convert import similarity
from provenance.tracing.words import verdict_sentence
from tests.helpers import fixture


@pytest.fixture(scope="module")
def record() -> AuditRecord:
    return record_of(provenance.inspect(fixture("ai_generated.jpg")))


def _flipped(code: bytes, bits: int, offset: int) -> bytes:
    array = np.unpackbits(np.frombuffer(code, dtype=np.uint8))
    array[offset : offset + bits] ^= 1
    return np.packbits(array).tobytes()


def _item(name: str, iscc: bytes, pdq: bytes) -> IndexItem:
    prints = (
        Fingerprint(ISCC, "ISCC:test", iscc, "test", "full"),
        Fingerprint(PDQ, "", pdq, "test", "full", 90),
    )
    return IndexItem(
        f"/test/{name}.jpg", "c2pa", name.encode().hex().ljust(64, "0"), 10, None, prints, None, None, None
    )


def test_the_original_ranks_before_a_sibling_that_only_shares_its_iscc(
    tmp_path: Path, record: AuditRecord
) -> None:
    """The corpus's case: a copy of adobe-20220124-CA.jpg is ISCC 2 / PDQ 6 from it, and ISCC 0 / PDQ 14
    from CACA.jpg (the same scene, signed again). The smallest distance/threshold (0 for CACA's ISCC)
    named CACA first; over all 320 bits the original differs in 8, CACA in 14."""
    rng = np.random.default_rng(7)
    iscc, pdq = rng.bytes(8), rng.bytes(32)
    with Repository(tmp_path / "index.sqlite") as repo:
        repo.add(_item("sibling", iscc, _flipped(pdq, 14, 0)), record)
        repo.add(_item("original", _flipped(iscc, 2, 0), _flipped(pdq, 6, 100)), record)
        query = [Fingerprint(ISCC, "", iscc, "", "full"), Fingerprint(PDQ, "", pdq, "", "full", 90)]
        matches = lookup_fingerprints(query, repo, verify=False)
    assert [m.path for m in matches] == ["/test/original.jpg", "/test/sibling.jpg"]
    original, sibling = matches
    assert (original.differing, sibling.differing) == (8 / 320, 14 / 320)
    assert sibling.score == 0 < original.score  # the closest algorithm alone still reads as before
    assert similarity(original.differing) > similarity(sibling.differing)  # the API's order agrees


def test_similarity_reads_100_identical_and_0_unrelated() -> None:
    assert (similarity(0.0), similarity(0.025), similarity(0.5), similarity(0.6)) == (100, 95, 0, 0)


def test_signed_credentials_that_said_nothing_of_the_origin_are_not_called_unsigned_metadata() -> None:
    said_nothing = MatchedOriginal(
        Origin.UNKNOWN,
        "Make Test Images",
        "C2PA Signer",
        None,
        Integrity.INTACT,
        Trust.UNTRUSTED,
        None,
        Strength.NONE,
        None,
    )
    match = provenance.FingerprintMatch(
        "index.sqlite", "index", None, "/a.jpg", "2026-11-28", (), 95, False, said_nothing, None, ""
    )
    sentence = verdict_sentence((match,), Strength.NONE)
    assert "whose credentials said nothing about its origin" in sentence and "unsigned" not in sentence
    unsigned = MatchedOriginal(
        Origin.AI_GENERATED,
        "ComfyUI",
        None,
        None,
        Integrity.NOT_SIGNED,
        Trust.NOT_APPLICABLE,
        None,
        Strength.UNSIGNED,
        None,
    )
    match = provenance.FingerprintMatch(
        "index.sqlite", "index", None, "/b.png", "2026-11-28", (), 95, False, unsigned, None, ""
    )
    assert "whose unsigned metadata said it was made by generative AI" in verdict_sentence(
        (match,), Strength.NONE
    )
