"""Claim-signature certificates read from a manifest store before the SDK reads it (provenance.trust.narrow
uses them): real stores give their chains and timestamp authorities; damaged or hostile ones give None
(the reader then hands the SDK every anchor), never an exception."""

from __future__ import annotations

import struct

import cbor2
import pytest

from provenance.containers.manifest_store import ManifestStore, manifest_store
from provenance.readers.c2pa.chains import signature_chains
from provenance.trust.bundles import pem_certificates
from provenance.trust.x509 import (
    NotACertificate,
    _encoded,
    _name_key,
    cms_certificates,
    name_keys,
    serial_number,
)
from tests.helpers import FIXTURES, corpus, fixture

CN = bytes((0x06, 0x03, 0x55, 0x04, 0x03))  # OID 2.5.4.3


def _store(path: object) -> bytes:
    found = manifest_store(str(path))
    assert isinstance(found, ManifestStore)
    return found.data


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _superbox(label: bytes, *children: bytes) -> bytes:
    description = _box(b"jumd", b"\x00" * 16 + b"\x03" + label + b"\x00")
    return _box(b"jumb", description + b"".join(children))


def test_a_signed_fixture_gives_its_signer_first() -> None:
    chains = signature_chains(_store(fixture("ai_generated.jpg")))
    assert chains is not None and len(chains) == 1
    leaf, *rest = chains[0].chain
    issuer, subject = name_keys(leaf)
    assert "provenance fixtures es256 signer" in subject
    assert name_keys(rest[0])[1] == issuer  # the intermediate that issued it follows
    assert chains[0].timestamps == ()


def test_a_timestamped_fixture_gives_its_time_stamp_authority() -> None:
    chains = signature_chains(_store(fixture("expired_timestamped.jpg")))
    assert chains is not None and chains[0].timestamps
    assert all(serial_number(der) for der in chains[0].timestamps)


def test_every_signature_of_a_store_with_ingredients() -> None:
    chains = signature_chains(_store(corpus("c2pa-rs-fixtures/CACA.jpg")))
    assert chains is not None and len(chains) >= 2
    assert all(found.chain and found.timestamps for found in chains)


def test_a_c2pa_1_signer_with_a_text_x5chain_label_and_a_whole_timestamp_response() -> None:
    old = signature_chains(_store(corpus("c2pa-public-testfiles/image/jpeg/adobe-20220124-C.jpg")))
    assert old is not None and old[0].chain and old[0].timestamps
    text_label = signature_chains(_store(corpus("c2pa-rs-fixtures/prerelease.jpg")))
    assert text_label is not None and text_label[0].chain


def _cose(headers: dict[object, object]) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -7}), headers, None, b"sig"]))


@pytest.mark.parametrize(
    "store",
    [
        b"",
        b"\x00\x00\x00\x10jumb\x00\x00",  # a box that does not fit
        _box(b"jumb", _box(b"free", b"")),  # a superbox without its description
        _superbox(b"c2pa.signature", _box(b"cbor", b"\xff\xff")),  # not CBOR
        _superbox(b"c2pa.signature", _box(b"cbor", cbor2.dumps([1, 2]))),  # not a COSE_Sign1
        _superbox(b"c2pa.signature", _box(b"cbor", _cose({}))),  # no chain
        _superbox(b"c2pa.signature", _box(b"cbor", _cose({33: "text"}))),  # a chain that is not bytes
        _superbox(b"c2pa.signature", _box(b"cbor", _cose({33: b"x", "sigTst": {"tstTokens": [1]}}))),
        _superbox(b"c2pa.store", _box(b"free", b"")),  # no signature at all
    ],
)
def test_a_store_that_cannot_be_walked_gives_none(store: bytes) -> None:
    assert signature_chains(store) is None


def test_nesting_past_a_manifest_stores_depth_gives_none() -> None:
    deep = _superbox(b"c2pa.signature", _box(b"cbor", _cose({33: b"cert"})))
    assert signature_chains(deep) is not None  # the smallest store this module reads
    for _ in range(12):
        deep = _superbox(b"c2pa", deep)
    assert signature_chains(deep) is None


def test_name_keys_equal_where_a_validator_compares_names_equal() -> None:
    """Case, spacing and string type (UTF8String, BMPString) do not change the key."""

    def name(tag: int, value: bytes) -> bytes:
        attribute = _encoded(0x30, CN + _encoded(tag, value))
        return _encoded(0x30, _encoded(0x31, attribute))

    root = (FIXTURES / "certs" / "test-root.pem").read_text(encoding="ascii")
    der = pem_certificates(root)[0]
    issuer, subject = name_keys(der)
    assert issuer == subject  # a self-signed root
    utf8 = _name_key((0x30, name(0x0C, b"Test  Root CA")[2:]))
    bmp = _name_key((0x30, name(0x1E, "test root ca".encode("utf-16-be"))[2:]))
    assert utf8 == bmp == ("test root ca",)


def test_cms_certificates_refuses_what_is_not_signed_data() -> None:
    with pytest.raises(NotACertificate):
        cms_certificates(b"\x30\x03\x02\x01\x01")
    assert (
        cms_certificates(_encoded(0x30, bytes((0x06, 0x01, 0x00)) + _encoded(0xA0, _encoded(0x30, b""))))
        == []
    )
