"""Small helpers the container walkers share: bounded reads, capped zlib, Photoshop resource blocks."""

from __future__ import annotations

import struct
import zlib
from typing import Final, Protocol

MB: Final = 1024 * 1024
PSIR_IPTC: Final = 0x0404  # Photoshop image resource holding IPTC-IIM records


class Readable(Protocol):
    """The part of a binary stream the walkers use."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


def read_exact(stream: Readable, size: int) -> bytes | None:
    """``size`` bytes from the stream, or None when the file ends first (truncation)."""
    data = stream.read(size)
    return data if len(data) == size else None


def strip_exif_prefix(data: bytes) -> bytes:
    """EXIF as a bare TIFF structure: drops the ``Exif\\0\\0`` header some containers keep."""
    return data[6:] if data.startswith(b"Exif\x00") else data


def inflate(data: bytes, cap: int) -> bytes | None:
    """zlib-decompress at most ``cap`` bytes; None when the output would exceed it or the data is bad.

    ``max_length`` keeps a zip bomb from ever allocating more than ``cap`` bytes.
    """
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error:
        return None
    if len(out) > cap or inflater.unconsumed_tail:
        return None
    return out


def photoshop_iptc(data: bytes) -> list[bytes]:
    """The IPTC-IIM payloads (resource 0x0404) in a run of Photoshop ``8BIM`` image resource blocks.

    Each block: "8BIM", a 2-byte id, a Pascal name padded to an even size, a 4-byte size, data padded
    to even. A block that overruns the data ends the walk.
    """
    found: list[bytes] = []
    pos = 0
    while pos + 12 <= len(data) and data[pos : pos + 4] == b"8BIM":
        (resource_id,) = struct.unpack_from(">H", data, pos + 4)
        name_len = data[pos + 6]
        pos += 6 + ((name_len + 2) & ~1)  # length byte + name, padded to even
        if pos + 4 > len(data):
            break
        (size,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if pos + size > len(data):
            break
        if resource_id == PSIR_IPTC and size:
            found.append(data[pos : pos + size])
        pos += (size + 1) & ~1
    return found
