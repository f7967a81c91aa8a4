"""Every PEM block of a trust list must be an X.509 certificate: the structural check and what it refuses."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from provenance.errors import TrustConfigError, TrustUpdateError
from provenance.trust import load_trust_settings
from provenance.trust.bundles import pem_certificates
from provenance.trust.cache import CACHE_FILES
from provenance.trust.update import update_cache
from provenance.trust.x509 import NotACertificate, check_certificate
from tests.helpers import FIXTURES, TRUST_SNAPSHOTS

KEY = ec.generate_private_key(ec.SECP256R1())
NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test")])


def pem_files() -> list[Path]:
    shared = sorted(TRUST_SNAPSHOTS.glob("*.pem")) if TRUST_SNAPSHOTS.is_dir() else []
    return [*shared, *sorted((FIXTURES / "certs").glob("*.pem"))]


def pem(der: bytes) -> str:
    b64 = base64.b64encode(der).decode()
    return (
        "-----BEGIN CERTIFICATE-----\n"
        + "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
        + ("\n-----END CERTIFICATE-----\n")
    )


def certificate_der() -> bytes:
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(NAME)
        .issuer_name(NAME)
        .public_key(KEY.public_key())
        .serial_number(7)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(KEY, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def not_certificates() -> dict[str, bytes]:
    good = certificate_der()
    now = dt.datetime.now(dt.UTC)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(NAME)
        .last_update(now)
        .next_update(now + dt.timedelta(days=1))
        .sign(KEY, hashes.SHA256())
    )
    csr = x509.CertificateSigningRequestBuilder().subject_name(NAME).sign(KEY, hashes.SHA256())
    return {
        "private key": KEY.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "public key": KEY.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "request": csr.public_bytes(serialization.Encoding.DER),
        "revocation list": crl.public_bytes(serialization.Encoding.DER),
        "truncated": good[:-1],
        "padded": good + b"\x00\x00",
        "two certificates": good + good,
        "indefinite length": b"\x30\x80" + good[4:] + b"\x00\x00",
        "64 bytes of a sequence": b"\x30\x3e" + b"\x02\x01\x00" * 20 + b"\x05\x00",
    }


def test_every_certificate_of_the_shared_lists_and_fixtures_passes_and_matches_cryptography() -> None:
    files = pem_files()
    assert files
    for path in files:
        text = path.read_text()
        ours = pem_certificates(text)
        theirs = x509.load_pem_x509_certificates(text.encode())
        assert [c.public_bytes(serialization.Encoding.DER) for c in theirs] == ours, path


def test_a_certificate_made_here_passes() -> None:
    check_certificate(certificate_der())


@pytest.mark.parametrize("kind", sorted(not_certificates()))
def test_what_is_not_a_certificate_is_refused(kind: str) -> None:
    der = not_certificates()[kind]
    with pytest.raises(NotACertificate):
        check_certificate(der)
    with pytest.raises(ValueError, match=r"certificate 2 is not an X\.509 certificate"):
        pem_certificates(pem(certificate_der()) + pem(der))


def test_unchecked_reading_skips_only_the_structure_check() -> None:
    """For the bundled lists (their sha256 already matched): the same certificates, base64 and END lines
    still checked, the DER structure not."""
    good, bad = certificate_der(), not_certificates()["64 bytes of a sequence"]
    assert pem_certificates(pem(good) + pem(bad), check=False) == [good, bad]
    with pytest.raises(ValueError, match="has no '-----END CERTIFICATE-----' line"):
        pem_certificates(pem(good) + "-----BEGIN CERTIFICATE-----\nMIIB\n", check=False)
    with pytest.raises(ValueError, match="is not valid base64"):
        pem_certificates("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n", check=False)


def test_a_begin_line_without_its_end_is_refused() -> None:
    text = pem(certificate_der()) + "-----BEGIN CERTIFICATE-----\nMIIB\n"
    with pytest.raises(ValueError, match="certificate 2 has no '-----END CERTIFICATE-----' line"):
        pem_certificates(text)


def test_an_anchor_file_holding_a_key_labelled_certificate_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "anchors.pem"
    path.write_text(pem(certificate_der()) + pem(not_certificates()["private key"]))
    with pytest.raises(TrustConfigError, match=r"not an X\.509 certificate") as caught:
        load_trust_settings(anchors=[path], environ={"PROVENANCE_CACHE_DIR": str(tmp_path / "none")})
    assert str(path) in str(caught.value)


def test_an_update_with_a_non_certificate_in_a_list_is_refused_and_leaves_the_cache(tmp_path: Path) -> None:
    if not TRUST_SNAPSHOTS.is_dir():
        pytest.skip(f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}")
    source = tmp_path / "lists"
    source.mkdir()
    for name in CACHE_FILES:
        (source / name).write_bytes((TRUST_SNAPSHOTS / name).read_bytes())
    with (source / "interim-allowed.pem").open("a") as handle:
        handle.write(pem(not_certificates()["request"]))
    with pytest.raises(
        TrustUpdateError, match=r"interim-allowed\.pem: not a valid interim-allowed\.pem"
    ) as caught:
        update_cache(folder=source, accept_unknown=True, directory=tmp_path / "cache")
    assert "certificate 87 is not an X.509 certificate" in str(caught.value)
    assert not (tmp_path / "cache").exists()
