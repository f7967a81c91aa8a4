"""The SDK gets only the anchors a file's signers could chain to, and decides exactly as with the whole lists.

c2pa-rs parses every certificate of its trust settings on each read; narrowing them per file saved about
0.5 ms per signed file (benchmarks/audit_speed.py). These tests pin that the narrowing never changes a
result: every fixture and corpus file reads the same both ways, a trusted signer stays trusted, and a
signer whose chain was not read first falls back to the whole lists.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from provenance import TrustSettings, load_trust_settings
from provenance.containers.manifest_store import ManifestStore, manifest_store
from provenance.readers.c2pa import sdk
from provenance.readers.c2pa.chains import SignatureCertificates, signature_chains
from provenance.readers.c2pa.store import C2paRead, ReadStatus
from provenance.trust import TrustList
from provenance.trust.bundles import pem_certificates, to_pem
from provenance.trust.narrow import narrowed_sdk_trust
from provenance.trust.settings import USER_LIST
from tests.helpers import FIXTURES, corpus

ROOT = (FIXTURES / "certs" / "test-root.pem").read_text(encoding="ascii")
ROGUE = (FIXTURES / "certs" / "rogue-root.pem").read_text(encoding="ascii")
EKU = (FIXTURES / "certs" / "eku.cfg").read_text(encoding="ascii")
SIGNED = FIXTURES / "media" / "ai_generated.jpg"
MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic", ".gif", ".tif", ".tiff", ".mp4", ".mov"}
MEDIA_SUFFIXES |= {".m4a", ".wav", ".mp3", ".pdf", ".svg", ".jxl", ".dng", ".c2pa", ".avi", ".flac", ".arw"}


def _chains(path: Path) -> list[SignatureCertificates]:
    store = manifest_store(path)
    assert isinstance(store, ManifestStore)
    chains = signature_chains(store.data)
    assert chains is not None
    return chains


def _certificates(path: Path) -> list[bytes]:
    return [der for found in _chains(path) for der in (*found.chain, *found.timestamps)]


def _anchors(section: Any, name: str) -> list[bytes]:
    entry = next(e for e in section["anchors"] if e["trust_uri"] == name)
    return pem_certificates(entry["trust_anchors"], check=False)


def _full_read(path: Path, trust: TrustSettings, monkeypatch: pytest.MonkeyPatch) -> C2paRead:
    with monkeypatch.context() as patch:
        patch.setattr(sdk, "_chains_of", lambda source, manifest: None)  # the whole lists
        return sdk.read(path, allow_network=False, trust=trust)


def test_only_the_anchors_a_chain_can_reach_are_given_to_the_sdk() -> None:
    trust = TrustSettings(lists=(TrustList(USER_LIST, ROGUE + ROOT, None),), eku_config=EKU)
    narrowed = narrowed_sdk_trust(trust, _certificates(SIGNED))
    assert _anchors(narrowed.section, USER_LIST) == pem_certificates(ROOT)  # the rogue root is left out
    assert narrowed.section["trust_config"] == EKU
    # a certificate that chains to neither root: nothing to give, the same key for every such file
    unrelated = narrowed_sdk_trust(trust, pem_certificates(ROGUE))
    assert _anchors(unrelated.section, USER_LIST) == pem_certificates(ROGUE)  # a root reaches itself
    assert narrowed_sdk_trust(trust, []).section["anchors"][0]["trust_anchors"] == ""
    assert len({narrowed.key, unrelated.key, narrowed_sdk_trust(trust, []).key}) == 3


def test_an_allowed_certificate_is_kept_only_for_its_own_signer() -> None:
    leaf = _chains(SIGNED)[0].chain[0]
    other = pem_certificates(ROGUE)[0]
    trust = TrustSettings(lists=(TrustList("interim (legacy)", "", to_pem([other, leaf])),))
    entry = narrowed_sdk_trust(trust, _certificates(SIGNED)).section["anchors"][0]
    assert pem_certificates(entry["allowed_list"], check=False) == [leaf]
    assert "allowed_list" not in narrowed_sdk_trust(trust, []).section["anchors"][0]


def test_lists_and_their_order_keep_their_names() -> None:
    trust = TrustSettings(lists=(TrustList(USER_LIST, ROGUE, None), TrustList("c2pa", ROOT, None)))
    section = narrowed_sdk_trust(trust, _certificates(SIGNED)).section
    assert [e["trust_uri"] for e in section["anchors"]] == [e["trust_uri"] for e in trust.to_sdk()["anchors"]]


def _media(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in MEDIA_SUFFIXES]


def _same_both_ways(files: list[Path], trust: TrustSettings, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose read was narrowed; asserts each reads the same as with the whole lists."""
    narrowed: list[str] = []
    for path in files:
        if sdk._chains_of(path, None) is not None:
            narrowed.append(path.name)
        assert sdk.read(path, allow_network=False, trust=trust) == _full_read(path, trust, monkeypatch), path
    return narrowed


def _trust_of(path: Path, trust: TrustSettings) -> str | None:
    found = sdk.read(path, allow_network=False, trust=trust)
    return found.store.validation_state if found.status is ReadStatus.READ and found.store else None


def test_every_fixture_reads_the_same_as_with_the_whole_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = load_trust_settings(use_cache=False)
    fixture_root = replace(bundled, lists=(*bundled.lists, TrustList(USER_LIST, ROOT, None)), eku_config=EKU)
    files = _media(FIXTURES / "media")
    narrowed = _same_both_ways(files, fixture_root, monkeypatch)
    assert len(narrowed) >= 20
    assert _trust_of(SIGNED, fixture_root) == "Trusted"  # trusted through a narrowed read
    assert _trust_of(SIGNED, bundled) == "Valid"  # and not trusted where its root is not listed


def test_every_corpus_file_reads_the_same_as_with_the_bundled_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    files = _media(corpus())
    trust = load_trust_settings(use_cache=False)
    narrowed = _same_both_ways(files, trust, monkeypatch)
    assert len(narrowed) >= 100
    # real signers on the interim list, one with a timestamp authority checked against it too
    assert _trust_of(corpus("real-world/contentauth__verify-site/butteryfly.jpg"), trust) == "Trusted"
    stamped = sdk.read(corpus("c2pa-rs-fixtures/CACA.jpg"), allow_network=False, trust=trust)
    assert stamped.store is not None
    assert "timeStamp.trusted" in {code.code for code in stamped.store.successes}


def test_a_signer_whose_chain_was_not_read_falls_back_to_the_whole_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust = TrustSettings(lists=(TrustList(USER_LIST, ROOT, None),), eku_config=EKU)
    wrong = [SignatureCertificates(tuple(pem_certificates(ROGUE)), ())]  # not the file's signer
    whole: list[object] = []
    real_context = sdk.context
    monkeypatch.setattr(sdk, "_chains_of", lambda source, manifest: wrong)
    monkeypatch.setattr(sdk, "context", lambda *, trust: whole.append(trust) or real_context(trust=trust))
    found = sdk.read(SIGNED, allow_network=False, trust=trust)
    assert whole == [trust]  # the narrowed read (no anchor for this signer) was not taken
    assert found.store is not None and found.store.validation_state == "Trusted"
