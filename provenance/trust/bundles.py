"""The two file formats of trust lists: PEM bundles of certificates and EKU configurations, parsed strictly.

The SDK silently skips what it cannot parse (a damaged certificate, an OID followed by a comment); these
parsers refuse it instead, naming the block or the line, so a list never silently loses or miscounts an
entry.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

from .x509 import NotACertificate, check_certificate

_BEGIN = "-----BEGIN CERTIFICATE-----"
# PEM text :func:`to_pem` made -> the certificates it was made from. The lists' text is read again where it
# is used (the SDK's trust section, the per-file narrowing, the allowed serials): text made here needs no
# parse (about 5 ms of every process that checks a signer, with the bundled lists). Bounded: a long-lived
# process that reloads its lists drops the old ones.
_MADE: dict[str, tuple[bytes, ...]] = {}
_MADE_MAX = 64
_PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.DOTALL)
_OID = re.compile(r"[0-2](?:\.(?:0|[1-9][0-9]*))+")


def pem_certificates(text: str, *, check: bool = True) -> list[bytes]:
    """The DER bytes of every CERTIFICATE block in `text` (other blocks and labels are ignored).

    Raises ValueError when a block is not base64 of an X.509 certificate (see :mod:`.x509`) or has no END
    line: the SDK would silently skip it, and the list would count a certificate it does not have.
    ``check=False`` leaves out the structural check of each certificate (base64 and END lines are still
    checked): for the bundled files only, whose bytes match the sha256 of the files the tests check.
    """
    if not check and (made := _MADE.get(text)) is not None:
        return list(made)
    ders: list[bytes] = []
    for index, match in enumerate(_PEM_BLOCK.finditer(text), start=1):
        try:
            der = base64.b64decode("".join(match.group(1).split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"certificate {index} is not valid base64") from exc
        try:
            if check:
                check_certificate(der)
        except NotACertificate as exc:
            raise ValueError(f"certificate {index} is not an X.509 certificate ({exc})") from exc
        ders.append(der)
    if text.count(_BEGIN) != len(ders):
        raise ValueError(f"certificate {len(ders) + 1} has no '-----END CERTIFICATE-----' line")
    return ders


def to_pem(ders: Iterable[bytes]) -> str:
    """A clean PEM bundle: only certificate blocks, 64-column base64."""
    made = tuple(ders)
    out: list[str] = []
    for der in made:
        b64 = base64.b64encode(der).decode("ascii")
        lines = "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
        out.append(f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n")
    text = "".join(out)
    if made:
        if len(_MADE) >= _MADE_MAX:
            _MADE.clear()
        _MADE[text] = made
    return text


def is_clean(text: str) -> bool:
    """Whether ``text`` is a bundle :func:`to_pem` made (and so holds exactly its certificates)."""
    return text in _MADE


def eku_oids(text: str) -> list[str]:
    """The OIDs of an EKU configuration (one OID a line, `//` comment lines, blank lines).

    Raises ValueError naming the first bad line: the SDK silently ignores lines it cannot parse,
    including an OID followed by a comment.
    """
    oids: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if not _OID.fullmatch(line):
            raise ValueError(f"line {number} is neither an OID nor a // comment: {line[:60]!r}")
        oids.append(line)
    return oids


__all__ = ["eku_oids", "is_clean", "pem_certificates", "to_pem"]
