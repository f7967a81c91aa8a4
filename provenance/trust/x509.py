"""A structural check that DER bytes are an X.509 certificate (RFC 5280 section 4.1), standard library only.

It walks the ASN.1 structure a certificate must have (tags, definite lengths that fit, nothing left
over, the fields in their order) and decodes no value beyond that: it does not verify a signature,
a date or an extension. Its job is to refuse a block that is not a certificate at all (a private key,
a request, a truncated or padded certificate, random DER) before the SDK silently skips it and a trust
list is counted with a certificate it does not have.
"""

from __future__ import annotations

from typing import Final

SEQUENCE: Final = 0x30
SET: Final = 0x31
INTEGER: Final = 0x02
BIT_STRING: Final = 0x03
OCTET_STRING: Final = 0x04
OID: Final = 0x06
BOOLEAN: Final = 0x01
UTC_TIME: Final = 0x17
GENERALIZED_TIME: Final = 0x18
VERSION: Final = 0xA0  # [0] EXPLICIT Version
ISSUER_UID: Final = 0x81  # [1] IMPLICIT UniqueIdentifier
SUBJECT_UID: Final = 0x82  # [2] IMPLICIT UniqueIdentifier
EXTENSIONS: Final = 0xA3  # [3] EXPLICIT Extensions

_Element = tuple[int, bytes]  # (tag, content)


class NotACertificate(ValueError):
    """The bytes are not an X.509 certificate; the message says where the structure breaks."""


def check_certificate(der: bytes) -> None:
    """Raise NotACertificate unless ``der`` has the structure of one X.509 certificate and nothing more."""
    certificate = _children(
        _single(_elements(der, "the certificate"), "the certificate"), SEQUENCE, "Certificate"
    )
    if [tag for tag, _ in certificate] != [SEQUENCE, SEQUENCE, BIT_STRING]:
        raise NotACertificate("Certificate is not (tbsCertificate, signatureAlgorithm, signatureValue)")
    _tbs(certificate[0])
    _algorithm(certificate[1], "signatureAlgorithm")
    _bit_string(certificate[2], "signatureValue")


def serial_number(der: bytes) -> int:
    """The serial number of a certificate that passed :func:`check_certificate` (the SDK reports a signer's
    in decimal)."""
    serial = _tbs_fields(der)[0]
    if serial[0] != INTEGER:
        raise NotACertificate("serialNumber is not an INTEGER")
    return int.from_bytes(serial[1], "big", signed=True)


NameKey = tuple[str, ...]

# String types whose bytes are not UTF-8 (ASN.1 BMPString, UniversalString).
_WIDE: Final = {0x1E: "utf-16-be", 0x1C: "utf-32-be"}


def name_keys(der: bytes) -> tuple[NameKey, NameKey]:
    """(issuer, subject) of a certificate, each reduced to the sorted, case-folded, whitespace-collapsed
    values of its attributes: coarser than any name comparison a validator makes (exact DER in x509-parser,
    OpenSSL's canonical form), so two names a validator calls equal always get the same key."""
    fields = _tbs_fields(der)
    if len(fields) < 5:
        raise NotACertificate("tbsCertificate lacks a required field")
    return _name_key(fields[2]), _name_key(fields[4])


def _tbs_fields(der: bytes) -> list[_Element]:
    """The tbsCertificate's fields from serialNumber on (its optional version left out)."""
    certificate = _children(
        _single(_elements(der, "the certificate"), "the certificate"), SEQUENCE, "Certificate"
    )
    fields = _children(certificate[0], SEQUENCE, "tbsCertificate")
    return fields[1:] if fields and fields[0][0] == VERSION else fields


def cms_certificates(der: bytes) -> list[bytes]:
    """The certificates a CMS ContentInfo of SignedData carries (an RFC 3161 timestamp token's TSA
    certificate and chain), each re-encoded as DER; [] when it carries none. A whole TimeStampResp
    (status, token), as C2PA 1.x manifests store, gives its token's. Raises NotACertificate when the
    structure is neither."""
    info = _children(_single(_elements(der, "ContentInfo"), "ContentInfo"), SEQUENCE, "ContentInfo")
    if len(info) == 2 and info[0][0] == SEQUENCE and info[1][0] == SEQUENCE:  # TimeStampResp
        info = _children(info[1], SEQUENCE, "ContentInfo")
    if len(info) != 2 or info[0][0] != OID:
        raise NotACertificate("ContentInfo is not (contentType, content)")
    signed = _children(_single(_children(info[1], VERSION, "content"), "content"), SEQUENCE, "SignedData")
    found = [element for element in signed if element[0] == VERSION]  # [0] IMPLICIT certificates
    if not found:
        return []
    return [
        _encoded(tag, content) for tag, content in _elements(found[0][1], "certificates") if tag == SEQUENCE
    ]


def _encoded(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + content


def _name_key(element: _Element) -> NameKey:
    values: list[str] = []
    for rdn in _children(element, SEQUENCE, "name"):
        for attribute in _children(rdn, SET, "name"):
            parts = _children(attribute, SEQUENCE, "name")
            if len(parts) != 2:
                raise NotACertificate("name has an attribute that is not (type, value)")
            tag, raw = parts[1]
            text = raw.decode(_WIDE.get(tag, "utf-8"), errors="replace")
            values.append(" ".join(text.casefold().split()))
    return tuple(sorted(values))


def _tbs(element: _Element) -> None:
    fields = list(_children(element, SEQUENCE, "tbsCertificate"))
    if fields and fields[0][0] == VERSION:
        version = _single(_children(fields.pop(0), VERSION, "version"), "version")
        if version[0] != INTEGER or version[1] not in (b"\x00", b"\x01", b"\x02"):
            raise NotACertificate("version is not v1, v2 or v3")
    required = ("serialNumber", "signature", "issuer", "validity", "subject", "subjectPublicKeyInfo")
    if len(fields) < len(required):
        raise NotACertificate("tbsCertificate lacks a required field")
    serial, signature, issuer, validity, subject, spki, *optional = fields
    if serial[0] != INTEGER or not serial[1]:
        raise NotACertificate("serialNumber is not an INTEGER")
    _algorithm(signature, "signature")
    _name(issuer, "issuer")
    times = _children(validity, SEQUENCE, "validity")
    if len(times) != 2 or any(tag not in (UTC_TIME, GENERALIZED_TIME) for tag, _ in times):
        raise NotACertificate("validity is not two times")
    _name(subject, "subject")
    key = _children(spki, SEQUENCE, "subjectPublicKeyInfo")
    if len(key) != 2:
        raise NotACertificate("subjectPublicKeyInfo is not (algorithm, subjectPublicKey)")
    _algorithm(key[0], "subjectPublicKeyInfo algorithm")
    _bit_string(key[1], "subjectPublicKey")
    order = [ISSUER_UID, SUBJECT_UID, EXTENSIONS]
    for tag, content in optional:
        if tag not in order:
            raise NotACertificate(f"unexpected field (tag 0x{tag:02x}) in tbsCertificate")
        order = order[order.index(tag) + 1 :]  # each at most once, in this order
        if tag == EXTENSIONS:
            _extensions((tag, content))


def _extensions(element: _Element) -> None:
    inner = _single(_children(element, EXTENSIONS, "extensions"), "extensions")
    extensions = _children(inner, SEQUENCE, "extensions")
    if not extensions:
        raise NotACertificate("extensions is empty")
    for extension in extensions:
        parts = [tag for tag, _ in _children(extension, SEQUENCE, "extension")]
        if parts not in ([OID, OCTET_STRING], [OID, BOOLEAN, OCTET_STRING]):
            raise NotACertificate("an extension is not (extnID, critical?, extnValue)")


def _name(element: _Element, what: str) -> None:
    for rdn in _children(element, SEQUENCE, what):
        attributes = _children(rdn, SET, what)
        if not attributes:
            raise NotACertificate(f"{what} has an empty relative distinguished name")
        for attribute in attributes:
            parts = _children(attribute, SEQUENCE, what)
            if len(parts) != 2 or parts[0][0] != OID:
                raise NotACertificate(f"{what} has an attribute that is not (type, value)")


def _algorithm(element: _Element, what: str) -> None:
    parts = _children(element, SEQUENCE, what)
    if not 1 <= len(parts) <= 2 or parts[0][0] != OID or not parts[0][1]:
        raise NotACertificate(f"{what} is not an AlgorithmIdentifier")


def _bit_string(element: _Element, what: str) -> None:
    tag, content = element
    if tag != BIT_STRING or not content or content[0] > 7 or (len(content) == 1 and content[0]):
        raise NotACertificate(f"{what} is not a BIT STRING")


def _single(elements: list[_Element], what: str) -> _Element:
    if len(elements) != 1:
        raise NotACertificate(f"{what} is not exactly one DER element")
    return elements[0]


def _children(element: _Element, tag: int, what: str) -> list[_Element]:
    if element[0] != tag:
        raise NotACertificate(f"{what} has tag 0x{element[0]:02x}, expected 0x{tag:02x}")
    return _elements(element[1], what)


def _elements(data: bytes, what: str) -> list[_Element]:
    """The TLV elements that exactly fill ``data``."""
    out: list[_Element] = []
    pos = 0
    while pos < len(data):
        tag = data[pos]
        if tag & 0x1F == 0x1F:
            raise NotACertificate(f"{what}: a multi-byte tag, not used in certificates")
        if pos + 1 >= len(data):
            raise NotACertificate(f"{what}: truncated")
        first = data[pos + 1]
        pos += 2
        if first == 0x80:
            raise NotACertificate(f"{what}: an indefinite length (BER, not DER)")
        if first > 0x80:
            count = first & 0x7F
            if count > 4 or pos + count > len(data):
                raise NotACertificate(f"{what}: a length that does not fit")
            length = int.from_bytes(data[pos : pos + count], "big")
            pos += count
        else:
            length = first
        if pos + length > len(data):
            raise NotACertificate(f"{what}: truncated")
        out.append((tag, data[pos : pos + length]))
        pos += length
    return out
