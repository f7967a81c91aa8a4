"""The SDK gets only the anchors a file's signers could chain to, and decides exactly as with the whole lists.

c2pa-rs parses every certificate of its trust settings on each read; narrowing them per file saved about
0.5 ms per signed file (benchmarks/audit_speed.py). These tests pin that the narrowing never changes a
result: every fixture and corpus file reads the same both ways, a trusted signer stays trusted, and a
signer whose chain was not read first falls back to the whole lists.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import c2pa
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

sys.path.insert(0, str(FIXTURES))
import make_fixtures as mf

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
    assert narrowed_sdk_trust(trust, []).section == {"trust_config": EKU}  # no lists, the same EKUs
    assert len({narrowed.key, unrelated.key, narrowed_sdk_trust(trust, []).key}) == 3


def test_an_allowed_certificate_is_kept_only_for_its_own_signer() -> None:
    leaf = _chains(SIGNED)[0].chain[0]
    other = pem_certificates(ROGUE)[0]
    trust = TrustSettings(lists=(TrustList("interim (legacy)", "", to_pem([other, leaf])),))
    entry = narrowed_sdk_trust(trust, _certificates(SIGNED)).section["anchors"][0]
    assert pem_certificates(entry["allowed_list"], check=False) == [leaf]
    assert "anchors" not in narrowed_sdk_trust(trust, []).section  # nothing reachable: no lists at all


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


def _signed_with_ekus(folder: Path, ekus: list[str]) -> tuple[Path, str]:
    """A JPEG signed in the test by a leaf with these extended key usages (as real signers with only the
    document-signing EKU are) under a PKI made as the fixture script makes its own, and that PKI's root."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    pki = mf.build_pki()
    key = ec.generate_private_key(ec.SECP256R1())
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    builder = (
        x509.CertificateBuilder()
        .subject_name(mf._name("EKU Test Signer", "Provenance Fixtures"))
        .issuer_name(pki.intermediate.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(mf.VALID_FROM)
        .not_valid_after(mf.VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(pki.intermediate.key.public_key()),
            critical=False,
        )
    )
    builder = builder.add_extension(
        x509.ExtendedKeyUsage([x509.ObjectIdentifier(oid) for oid in ekus]), critical=False
    )
    leaf = mf.Issued(cert=builder.sign(pki.intermediate.key, hashes.SHA256()), key=key)
    identity = mf.SigningIdentity("eku test", "ES256", leaf, pki.intermediate)
    definition = mf.created(
        "eku", "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", mf.DIFFUSION
    )
    out = folder / f"eku-{'-'.join(ekus)}.jpg"
    # the signing side accepts these EKUs, so that the reading side's answer is what is tested
    builder_ctx = mf.builder_context(pki.root.pem.decode(), mf.eku_config_text() + "\n".join(ekus) + "\n")
    with open(out, "wb") as handle:
        c2pa.Builder(definition, context=builder_ctx).sign(
            identity.signer(), "image/jpeg", io.BytesIO(mf.base_media("capture", "jpg")), handle
        )
    return out, pki.root.pem.decode()


@pytest.mark.parametrize(
    "ekus",
    [
        ["1.3.6.1.5.5.7.3.36"],  # document signing only, as Microsoft Designer and Bing signed
        ["1.3.6.1.4.1.62558.2.1"],  # the C2PA claim-signing EKU only
        ["1.3.6.1.5.5.7.3.4"],  # email protection, as the fixtures' signers
    ],
)
def test_a_signer_with_odd_extended_key_usages_reads_the_same(
    ekus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With and without an anchor it could chain to (the fixture root listed or not): narrowing leaves
    no list at all in the second case, which c2pa-rs answers before it looks at the EKUs."""
    path, root = _signed_with_ekus(tmp_path, ekus)
    bundled = load_trust_settings(use_cache=False)
    listed = replace(bundled, lists=(*bundled.lists, TrustList(USER_LIST, root, None)), eku_config=EKU)
    states = []
    for trust in (bundled, replace(bundled, eku_config=None), listed, replace(listed, eku_config=None)):
        found = sdk.read(path, allow_network=False, trust=trust)
        assert found == _full_read(path, trust, monkeypatch)
        assert found.store is not None
        states.append((found.store.validation_state, sorted(c.code for c in found.store.failures)))
    # what was compared: untrusted, invalid for its EKU, and trusted through a narrowed list
    assert {state for state, _ in states} <= {"Valid", "Invalid", "Trusted"}
    assert states[2][0] == ("Trusted" if ekus == ["1.3.6.1.5.5.7.3.4"] else "Invalid")
