"""Fingerprint values as others write them, read back into the bits we compare: a ``c2pa.soft-binding``
block's value, a soft-binding resolution API query's ``value``.

The C2PA soft-binding resolution API sends a value "base64-encoded, in the algorithm's own format"; a
manifest's soft-binding block holds a text value whose format the algorithm defines. Neither is pinned
down for the ISCC, so both forms are read: the ISCC's canonical text (``ISCC:EEA...``), the binary ISCC
(2 header bytes and the 8-byte body) and the bare 8-byte body, each as it is or base64-encoded. PDQ and
vPDQ: 64 hex digits (ThreatExchange's form) or the 32 bytes base64-encoded. What we send is
:func:`api_value`: base64 of the binary ISCC, base64 of the 32 PDQ bytes.
"""

from __future__ import annotations

import base64
import binascii

from .algorithms import ALGORITHMS, ISCC
from .model import Fingerprint

_ISCC_HEADER_BYTES = 2


def bits_of(alg: str, value: str) -> bytes | None:
    """The hash bits ``value`` holds for the algorithm ``alg``; None when it is not a value of it."""
    algorithm = ALGORITHMS.get(alg)
    if algorithm is None:
        return None
    width = algorithm.bits // 8
    text = value.strip()
    if alg == ISCC:
        return _iscc_bits(text, width)
    if len(text) == width * 2:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    raw = _base64(text)
    return raw if raw is not None and len(raw) == width else None


def api_value(fingerprint: Fingerprint) -> str:
    """The value a soft-binding resolution API is sent for this fingerprint (base64, see the module)."""
    if fingerprint.alg == ISCC:
        body = fingerprint.value.removeprefix("ISCC:")
        binary = base64.b32decode(body + "=" * (-len(body) % 8))
        return base64.b64encode(binary).decode()
    return base64.b64encode(fingerprint.bits).decode()


def _iscc_bits(text: str, width: int) -> bytes | None:
    if text.upper().startswith("ISCC:"):
        body = text[5:].upper()
        try:
            binary = base64.b32decode(body + "=" * (-len(body) % 8))
        except (binascii.Error, ValueError):
            return None
        return _iscc_body(binary, width)
    raw = _base64(text)
    if raw is None:
        return None
    if raw[:5].upper() == b"ISCC:":
        return _iscc_bits(raw.decode("ascii", "replace"), width)
    return _iscc_body(raw, width)


def _iscc_body(binary: bytes, width: int) -> bytes | None:
    """The body of a binary ISCC unit (header then body), or a bare body of the right width."""
    if len(binary) == width:
        return binary
    if len(binary) == width + _ISCC_HEADER_BYTES:
        return binary[_ISCC_HEADER_BYTES:]
    return None


def _base64(text: str) -> bytes | None:
    try:
        padded = text + "=" * (-len(text) % 4)
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
