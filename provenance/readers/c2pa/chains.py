"""The certificate chains a manifest store's claim signatures carry, read before the SDK reads the store.

Each manifest's ``c2pa.signature`` box holds a COSE_Sign1 structure (CBOR) whose ``x5chain`` header
(label 33, or the text "x5chain" of early signers; protected, or unprotected in C2PA 1.x) carries the
signing certificate first, then the intermediates; its ``sigTst``/``sigTst2`` header carries RFC 3161
timestamp tokens, whose time-stamp authority certificates the SDK checks against the same lists.
:mod:`provenance.trust.narrow` uses them to hand the SDK only the trust anchors a signer could chain to.
Nothing here is trusted: the SDK still verifies every signature and chain; a store this module cannot
walk gives None, and the reader then uses every anchor.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import cbor2

from ...trust.x509 import cms_certificates

_SIGNATURE_LABEL: Final = b"c2pa.signature"
_X5CHAIN: Final = (33, "x5chain")  # COSE's label; the text label of early C2PA 1.x signers
_COSE_SIGN1_TAG: Final = 18
_TIMESTAMPS: Final = ("sigTst", "sigTst2")
_MAX_DEPTH: Final = 8  # store > manifest > signature > cbor: deeper is not a manifest store
_MAX_BOXES: Final = 100_000


class _Unreadable(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class SignatureCertificates:
    """One claim signature's certificates (DER)."""

    chain: tuple[bytes, ...]  # x5chain: the signer's certificate first
    timestamps: tuple[bytes, ...]  # the certificates its timestamp tokens carry


def signature_chains(store: bytes) -> list[SignatureCertificates] | None:
    """Every claim signature's certificates, in store order; None when the store cannot be walked or a
    signature carries no chain (or a timestamp token) this module can read."""
    try:
        found = [_certificates_of(payload) for payload in _signature_payloads(store)]
    except Exception:  # hostile bytes: any failure means "use every anchor"
        return None
    if not found or any(not signature.chain for signature in found):
        return None
    return found


def _signature_payloads(store: bytes) -> list[bytes]:
    found: list[bytes] = []
    budget = [_MAX_BOXES]
    for kind, body in _boxes(store, 0, len(store), budget):
        if kind == b"jumb":
            _walk_superbox(store, body, 1, found, budget)
    return found


def _walk_superbox(
    data: bytes, span: tuple[int, int], depth: int, found: list[bytes], budget: list[int]
) -> None:
    if depth > _MAX_DEPTH:
        raise _Unreadable("JUMBF nested too deeply")
    children = list(_boxes(data, span[0], span[1], budget))
    if not children or children[0][0] != b"jumd":
        raise _Unreadable("a superbox without its description box")
    label = _label(data, children[0][1])
    for kind, body in children[1:]:
        if kind == b"jumb":
            _walk_superbox(data, body, depth + 1, found, budget)
        elif kind == b"cbor" and label == _SIGNATURE_LABEL:
            found.append(data[body[0] : body[1]])


def _label(data: bytes, span: tuple[int, int]) -> bytes | None:
    start, end = span
    if end - start < 17 or not data[start + 16] & 0x02:  # 16-byte type, toggles; bit 1: a label follows
        return None
    stop = data.find(b"\x00", start + 17, end)
    return data[start + 17 : stop if stop >= 0 else end]


def _boxes(data: bytes, start: int, end: int, budget: list[int]) -> list[tuple[bytes, tuple[int, int]]]:
    out: list[tuple[bytes, tuple[int, int]]] = []
    pos = start
    while pos + 8 <= end:
        budget[0] -= 1
        if budget[0] < 0:
            raise _Unreadable("too many boxes")
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise _Unreadable("truncated box header")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise _Unreadable("a box that does not fit")
        out.append((kind, (pos + header, pos + size)))
        pos += size
    return out


def _certificates_of(payload: bytes) -> SignatureCertificates:
    value: Any = cbor2.loads(payload)
    if isinstance(value, cbor2.CBORTag):
        if value.tag != _COSE_SIGN1_TAG:
            raise _Unreadable("not a COSE_Sign1")
        value = value.value
    if not isinstance(value, list | tuple) or len(value) != 4 or not isinstance(value[0], bytes):
        raise _Unreadable("not a COSE_Sign1")
    headers = [h for h in (cbor2.loads(value[0]) if value[0] else {}, value[1]) if isinstance(h, Mapping)]
    chain = next((_certificates(h[label]) for h in headers for label in _X5CHAIN if label in h), ())
    stamps = [token for h in headers for label in _TIMESTAMPS if label in h for token in _tokens(h[label])]
    return SignatureCertificates(chain, tuple(der for token in stamps for der in cms_certificates(token)))


def _tokens(container: Any) -> list[bytes]:
    """The DER tokens of a tstContainer ({"tstTokens": [{"val": bytes}]})."""
    if not isinstance(container, Mapping) or not isinstance(container.get("tstTokens"), list | tuple):
        raise _Unreadable("a timestamp header that is not a tstContainer")
    tokens = [token.get("val") if isinstance(token, Mapping) else None for token in container["tstTokens"]]
    found = [token for token in tokens if isinstance(token, bytes)]
    if not found or len(found) != len(tokens):
        raise _Unreadable("a timestamp token that is not bytes")
    return found


def _certificates(value: Any) -> tuple[bytes, ...]:
    if isinstance(value, bytes):
        return (value,)
    if isinstance(value, list | tuple) and value and all(isinstance(item, bytes) for item in value):
        return tuple(value)
    raise _Unreadable("x5chain is neither a certificate nor a list of them")
