"""The raw C2PA manifest store (its JUMBF bytes) out of a file, for the manifest repository.

c2pa-python 0.38 has no call that returns the store's bytes (its Reader gives JSON and resources only), so
the store is cut out of the container here, where the C2PA specification puts it:

* JPEG: the APP11 segments of JUMBF (``JP``, box instance, sequence number) up to the first scan,
  reassembled: each continuation segment repeats the superbox's 8-byte header (16 with an extended
  length), which is dropped.
* PNG: the ``caBX`` chunk. RIFF (WebP, WAV, AVI): the top-level ``C2PA`` chunk. GIF: the ``C2PA_GIF``
  application extension's data sub-blocks.
* ISO BMFF (MP4, MOV, M4A, HEIC, AVIF): the top-level ``uuid`` box of the C2PA UUID whose purpose is
  ``manifest``: after the FullBox header, the purpose string and an 8-byte offset.
* TIFF (and DNG): the 0xCD41 tag of the first IFD. A standalone ``.c2pa`` file is the store itself.

PDF, SVG, JPEG XL and the audio formats other than WAV are not cut here: :func:`manifest_store` says so.
The bytes are checked by the SDK, not here: tests/containers/test_manifest_store.py validates every
extracted store of the corpus against its file and gets the file's own validation results back.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from .. import media
from ._io import C2PA_UUID, PNG_SIGNATURE
from .fastpath.source import Irregular, Source

MAX_STORE_BYTES: Final = 64 * 1024 * 1024
_MAX_ITEMS: Final = 1_000_000  # segments, chunks, blocks or boxes walked before giving up
_GIF_C2PA: Final = b"C2PA_GIF\x01\x00\x00"


@dataclass(frozen=True, slots=True)
class ManifestStore:
    """A store's bytes and the media type of the file it came from (the SDK needs it to re-validate)."""

    data: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class NotExtracted:
    """Why no store was cut out: none found, a format not walked here, a damaged container, too large."""

    reason: str


def manifest_store(path: str | Path) -> ManifestStore | NotExtracted:
    """The C2PA manifest store embedded in the file at ``path``, or why none was extracted."""
    try:
        with open(path, "rb") as handle:
            return manifest_store_of(handle)
    except OSError as error:
        return NotExtracted(f"the file could not be read ({error.strerror or error})")


def manifest_store_of(stream: IO[bytes]) -> ManifestStore | NotExtracted:
    """As :func:`manifest_store`, for a seekable binary stream."""
    stream.seek(0)
    head = stream.read(media.SNIFF_BYTES)
    kind = "application/c2pa" if head[4:8] == b"jumb" else media.sniff(head) or ""
    walker = _WALKERS.get(kind)
    if walker is None:
        return NotExtracted(f"manifest stores are not extracted from {kind or 'this kind of file'}")
    try:
        data = walker(Source(stream))
    except (Irregular, OSError, struct.error, IndexError):
        return NotExtracted("the container is damaged where the manifest store should be")
    if data is None:
        return NotExtracted("no embedded manifest store")
    if len(data) > MAX_STORE_BYTES:
        return NotExtracted(f"the manifest store is larger than {MAX_STORE_BYTES} bytes")
    return ManifestStore(data, kind)


def _whole(src: Source) -> bytes | None:
    return _bounded(src, 0, src.size)


def _bounded(src: Source, offset: int, size: int) -> bytes:
    if size > MAX_STORE_BYTES:
        return b"\0" * (MAX_STORE_BYTES + 1)  # reported as too large without reading it
    return src.read(offset, size)


def _jpeg(src: Source) -> bytes | None:
    pos = 2
    parts: dict[int, list[tuple[int, int, int]]] = {}
    for _ in range(_MAX_ITEMS):
        marker = src.read(pos, 2)
        if marker[0] != 0xFF:
            raise Irregular
        if marker[1] == 0xFF:  # a fill byte
            pos += 1
            continue
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            pos += 2
            continue
        if marker[1] in (0xDA, 0xD9):  # start of scan, end of image: the SDK looks no further
            break
        (length,) = struct.unpack(">H", src.read(pos + 2, 2))
        if marker[1] == 0xEB and length > 10 and src.read(pos + 4, 2) == b"JP":
            instance, sequence = struct.unpack(">HI", src.read(pos + 6, 6))
            parts.setdefault(instance, []).append((sequence, pos + 12, length - 10))
        pos += 2 + length
    for pieces in parts.values():
        pieces.sort()
        first = _bounded(src, pieces[0][1], pieces[0][2])
        if b"c2pa" not in first[:64]:
            continue
        data = bytearray(first)
        for _sequence, offset, size in pieces[1:]:
            header = 16 if struct.unpack(">I", src.read(offset, 4))[0] == 1 else 8
            data += _bounded(src, offset + header, size - header)
            if len(data) > MAX_STORE_BYTES:
                break
        return bytes(data)
    return None


def _png(src: Source) -> bytes | None:
    if src.read(0, 8) != PNG_SIGNATURE:
        raise Irregular
    pos = 8
    for _ in range(_MAX_ITEMS):
        length, kind = struct.unpack(">I4s", src.read(pos, 8))
        if kind == b"caBX":
            return _bounded(src, pos + 8, length)
        if kind == b"IEND":
            return None
        pos += 12 + length
    raise Irregular


def _riff(src: Source) -> bytes | None:
    end = min(src.size, 8 + struct.unpack("<I", src.read(4, 4))[0])
    pos = 12
    for _ in range(_MAX_ITEMS):
        if pos + 8 > end:
            return None
        fourcc, length = struct.unpack("<4sI", src.read(pos, 8))
        if fourcc == b"C2PA":
            return _bounded(src, pos + 8, length)
        pos += 8 + length + (length & 1)
    raise Irregular


def _gif(src: Source) -> bytes | None:
    head = src.read(0, 13)
    pos = 13 + (3 * 2 ** ((head[10] & 7) + 1) if head[10] & 0x80 else 0)
    for _ in range(_MAX_ITEMS):
        introducer = src.read(pos, 1)[0]
        if introducer != 0x21:  # an image or the trailer: the SDK looks no further
            return None
        label = src.read(pos + 1, 1)[0]
        if label == 0xFF and src.read(pos + 2, 12) == b"\x0b" + _GIF_C2PA:
            data, pos = _sub_blocks(src, pos + 14)
            return data
        start = pos + 2 + (src.read(pos + 2, 1)[0] + 1 if label in (0xFF, 0xF9, 0x01) else 0)
        _data, pos = _sub_blocks(src, start)
    raise Irregular


def _sub_blocks(src: Source, pos: int) -> tuple[bytes, int]:
    data = bytearray()
    for _ in range(_MAX_ITEMS):
        size = src.read(pos, 1)[0]
        if size == 0:
            return bytes(data), pos + 1
        data += src.read(pos + 1, size)
        if len(data) > MAX_STORE_BYTES:
            return bytes(data), pos
        pos += 1 + size
    raise Irregular


def _bmff(src: Source) -> bytes | None:
    pos = 0
    for _ in range(_MAX_ITEMS):
        if pos + 8 > src.size:
            return None
        size, kind = struct.unpack(">I4s", src.read(pos, 8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", src.read(pos + 8, 8))[0], 16
        elif size == 0:
            size = src.size - pos
        if size < header:
            raise Irregular
        if kind == b"uuid" and src.read(pos + header, 16) == C2PA_UUID:
            body = pos + header + 16 + 4  # the uuid, then the FullBox version and flags
            purpose = src.read_up_to(body, 64).split(b"\0", 1)[0]
            if purpose == b"manifest":
                start = body + len(purpose) + 1 + 8  # the purpose's NUL, then the merkle offset
                return _bounded(src, start, pos + size - start)
        pos += size
    raise Irregular


def _tiff(src: Source) -> bytes | None:
    order = src.read(0, 2)
    endian = {b"II": "<", b"MM": ">"}.get(order)
    if endian is None or struct.unpack(endian + "H", src.read(2, 2))[0] != 42:
        raise Irregular
    (ifd,) = struct.unpack(endian + "I", src.read(4, 4))
    (count,) = struct.unpack(endian + "H", src.read(ifd, 2))
    for i in range(min(count, 4096)):
        tag, _kind, length, value = struct.unpack(endian + "HHII", src.read(ifd + 2 + 12 * i, 12))
        if tag == 0xCD41:
            return _bounded(src, value, length) if length > 4 else src.read(ifd + 10 + 12 * i, length)
    return None


_WALKERS = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/webp": _riff,
    "audio/wav": _riff,
    "video/x-msvideo": _riff,
    "image/gif": _gif,
    "image/heic": _bmff,
    "image/heif": _bmff,
    "image/avif": _bmff,
    "video/mp4": _bmff,
    "video/quicktime": _bmff,
    "audio/mp4": _bmff,
    "image/tiff": _tiff,
    "application/c2pa": _whole,
}
