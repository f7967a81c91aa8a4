"""Files signed in the test with a certificate in a listed product's name (the shared corpus has no Google
or Pixel file): the fixture script's throwaway PKI issues the leaf."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.helpers import FIXTURES

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
PIXEL = {"C": "US", "O": "Google LLC", "CN": "Pixel Camera"}
GOOGLE_SERVICE = {
    "C": "US",
    "O": "Google LLC",
    "OU": "Google System 90291",
    "CN": "Google Media Processing Services",
}
SNAPSEED = {"C": "US", "O": "Google LLC", "OU": "Snapseed iOS", "CN": "Snapseed"}

Sign = Callable[[dict[str, str], dict[str, str], str], bytes]


@pytest.fixture(scope="module")
def signer_kit() -> Iterator[Any]:
    pytest.importorskip("cryptography")
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_fixtures as mf

        pki = mf.build_pki()
        context = mf.builder_context(pki.root.pem.decode(), mf.eku_config_text())
        yield mf, pki, context
    finally:
        sys.path.remove(str(FIXTURES))


@pytest.fixture(scope="module")
def sign_jpeg(signer_kit: Any) -> Sign:
    """Sign a captured-scene JPEG whose claim signer has the DN ``subject``, made by ``generator`` (its
    claim_generator_info), created with the digital source type ``source_type`` (an IPTC term)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    mf, pki, context = signer_kit
    oids = {"C": NameOID.COUNTRY_NAME, "O": NameOID.ORGANIZATION_NAME, "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
            "CN": NameOID.COMMON_NAME}  # fmt: skip

    def sign(subject: dict[str, str], generator: dict[str, str], source_type: str) -> bytes:
        name = x509.Name([x509.NameAttribute(oids[key], value) for key, value in subject.items()])
        leaf = mf._issue(name, mf._p256(), pki.intermediate, ca=False)
        identity = mf.SigningIdentity("listed", "ES256", leaf, pki.intermediate)
        definition = mf.created("listed.jpg", IPTC + source_type, generator)
        definition["claim_generator_info"] = [generator]
        signed: bytes = mf.sign(identity, definition, "image/jpeg", mf.base_media("capture", "jpg"), context)
        return signed

    return sign
