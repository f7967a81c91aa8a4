"""The fast path: a byte-level check that proves a file carries no C2PA manifest, so the SDK can be skipped.

``may_carry_manifest`` answers False only when a walk of the container, as strict as the SDK's own
parser (c2pa-rs 0.91) or stricter, finds no manifest store, no XMP that could hold a remote-manifest
pointer (``dcterms:provenance``) and nothing the SDK could fail on. Anything else, including every
format without a walk here (MP3, FLAC, SVG, JPEG XL, PDF...) and every parse problem, answers True: the
SDK is called, as it is when the container walkers' ``Blobs`` saw a C2PA box, an XMP pointer or any
problem. A wrong True costs one SDK call; a wrong False would hide a manifest, so each rule mirrors what
the SDK reads, checked against it on the shared corpus and on truncated and mutated files
(tests/containers/test_fastpath.py):

* JPEG: segments up to the first SOS. The SDK (img-parts) stops there too: an APP11 manifest moved
  between the scans of a progressive JPEG, or after EOI, reads as absent (checked), so the entropy-coded
  data is not scanned; doing so would cost a read of the whole file for nothing. The SOS header must be
  complete and followed by data, or the SDK fails. XMP APP1 is matched as the SDK does (NUL or space).
* PNG: every chunk up to IEND must be complete, IEND's CRC included.
* RIFF (WebP, WAV, AVI): top-level chunks; a ``C2PA`` chunk, or XMP in ``XMP `` / ``_PMX``.
* GIF: blocks up to the first image, as the SDK walks them; XMP is looked for in the whole file.
* TIFF: the IFD chain with its SubIFDs, EXIF and GPS IFDs; BigTIFF is left to the SDK.
* ISO BMFF: see :mod:`.trees`.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import IO, Final

from .. import Blobs
from .._io import PNG_SIGNATURE, PNG_XMP_KEYWORD, XMP_HEADER
from .source import MAX_XMP, POINTER, Irregular, Source, mentions_pointer
from .trees import bmff_may_carry, tiff_may_carry

MAX_SEGMENTS: Final = 10_000
MAX_CHUNKS: Final = 1_000_000
MAX_BLOCKS: Final = 100_000

_XAP: Final = XMP_HEADER[:-1]  # the SDK also accepts a space instead of the NUL after it
_SOS, _APP1, _APP11 = 0xDA, 0xE1, 0xEB
_NO_LENGTH: Final = frozenset({0x00, 0x01, *range(0xD0, 0xDA)})  # RSTn, SOI, EOI, TEM: irregular here
_PNG_XMP: Final = PNG_XMP_KEYWORD.encode() + b"\x00"
_GIF_C2PA: Final = b"C2PA_GIF\x01\x00\x00"  # application identifier and authentication code
_GIF_XMP: Final = b"XMP DataXMP"


def may_carry_manifest(
    stream: IO[bytes], media_type: str | None, blobs: Blobs, size: int | None = None
) -> bool:
    """True when a C2PA manifest (embedded, or remote through an XMP pointer) can be present.

    False only when the container was walked and proves there is none. ``blobs`` are the container
    walkers' findings for the same file; the stream must be seekable (position undefined afterwards);
    ``size``: its size, when the caller knows it.
    """
    check = _CHECKS.get(media_type or "")
    if check is None or blobs.c2pa_box or blobs.problems or mentions_pointer(blobs.xmp):
        return True
    try:
        return check(Source(stream, size))
    except Exception:  # Irregular, OSError, or a bug: fail toward calling the SDK
        return True


def _jpeg(src: Source) -> bool:
    # Byte by byte from the head the file's first read holds (a plain JPEG's segments end within it);
    # Source's exact reads beyond it, which raise Irregular past the end of the file.
    head = src.head()
    in_head, size = len(head), src.size

    def at(pos: int, count: int) -> bytes:
        return head[pos : pos + count] if pos + count <= in_head else src.read(pos, count)

    def byte(pos: int) -> int:
        return head[pos] if pos < in_head else src.read(pos, 1)[0]

    if at(0, 2) != b"\xff\xd8":
        raise Irregular
    pos = 2
    xmp = bytearray()  # the SDK concatenates every XMP APP1 before looking for the pointer
    for _ in range(MAX_SEGMENTS):
        if byte(pos) != 0xFF:
            raise Irregular
        while (code := byte(pos + 1)) == 0xFF:  # fill bytes
            pos += 1
        if code in _NO_LENGTH:
            raise Irregular
        length = byte(pos + 2) << 8 | byte(pos + 3)
        end = pos + 2 + length
        if length < 2 or end > size:
            raise Irregular
        if code == _SOS:
            if end == size:  # img-parts fails on a scan without data
                raise Irregular
            return POINTER in xmp
        if code == _APP11 and b"c2pa" in at(pos + 4, min(length - 2, 64)):
            return True
        if code == _APP1 and length - 2 > len(_XAP) and at(pos + 4, len(_XAP)) == _XAP:
            xmp += at(pos + 4, length - 2)
        pos = end
    raise Irregular


def _png(src: Source) -> bool:
    if src.read(0, 8) != PNG_SIGNATURE:
        raise Irregular
    pos = 8
    for _ in range(MAX_CHUNKS):
        length, kind = struct.unpack(">I4s", src.read(pos, 8))
        end = pos + 12 + length  # length, type, data, CRC: the SDK reads every CRC up to IEND's
        if length > 0x7FFFFFFF or not kind.isalpha() or end > src.size:
            raise Irregular
        if kind == b"caBX":
            return True
        if kind == b"iTXt" and src.read(pos + 8, min(length, len(_PNG_XMP))) == _PNG_XMP:  # noqa: SIM102
            if length > MAX_XMP or POINTER in src.read(pos + 8, length):
                return True
        if kind == b"IEND":
            return False
        pos = end
    raise Irregular


def _riff(src: Source) -> bool:
    """The SDK (riff crate) reads the first RIFF chunk's top-level children up to its declared end."""
    head = src.read(0, 12)
    end = 8 + struct.unpack_from("<I", head, 4)[0]
    if head[:4] != b"RIFF" or end > src.size:
        raise Irregular
    pos = 12
    for _ in range(MAX_CHUNKS):
        if pos >= end:
            return False
        fourcc, length = struct.unpack("<4sI", src.read(pos, 8))
        if pos + 8 + length > src.size:
            raise Irregular
        if fourcc == b"C2PA":
            return True
        if fourcc in (b"XMP ", b"_PMX") and (length > MAX_XMP or POINTER in src.read(pos + 8, length)):
            return True
        pos += 8 + length + (length & 1)
    raise Irregular


def _gif(src: Source) -> bool:
    """Blocks up to the first image descriptor (where the SDK stops looking for C2PA), as it parses them."""
    head = src.read(0, 13)
    if head[:3] != b"GIF":
        raise Irregular
    pos = 13
    if head[10] & 0x80:  # global colour table
        pos += 3 * 2 ** ((head[10] & 7) + 1)
    for _ in range(MAX_BLOCKS):
        introducer = src.read(pos, 1)[0]
        if introducer == 0x3B:  # trailer
            break
        if introducer == 0x2C:  # image descriptor: the SDK walks its data too, unless a local table follows
            if not src.read(pos + 9, 1)[0] & 0x80:
                _skip_sub_blocks(src, pos + 11)
            break
        label = src.read(pos + 1, 1)[0] if introducer == 0x21 else None
        if label == 0xFF:  # application extension
            if src.read(pos + 2, 1) != b"\x0b":
                raise Irregular
            if src.read(pos + 3, 11) == _GIF_C2PA:
                return True
            pos = _skip_sub_blocks(src, pos + 14)
        elif label == 0xFE:  # comment
            pos = _skip_sub_blocks(src, pos + 2)
        elif label == 0xF9:  # graphic control: skipped by a fixed size
            pos += 8
        elif label == 0x21:  # the SDK's label for a plain-text extension (0x01, which it rejects)
            pos = _skip_sub_blocks(src, pos + 13)
        else:
            raise Irregular
    else:
        raise Irregular
    return src.contains(_GIF_XMP)  # the SDK looks for XMP in every block, errors ignored


def _skip_sub_blocks(src: Source, pos: int) -> int:
    """The offset after a chain of GIF data sub-blocks (size byte, data) ended by a zero size."""
    window, base = b"", pos
    while True:
        if pos - base >= len(window):
            base, window = pos, src.read_up_to(pos, 65536)
            if not window:
                raise Irregular
        size = window[pos - base]
        pos += 1 + size
        if size == 0:
            return pos


_CHECKS: Final[dict[str, Callable[[Source], bool]]] = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/webp": _riff,
    "audio/wav": _riff,
    "video/x-msvideo": _riff,
    "image/gif": _gif,
    "image/tiff": tiff_may_carry,
    # The SDK reads any file with "ftyp" at offset 4 as ISO BMFF, whatever the brand (checked).
    "image/heic": bmff_may_carry,
    "image/heif": bmff_may_carry,
    "image/avif": bmff_may_carry,
    "image/x-canon-cr3": bmff_may_carry,
    "video/mp4": bmff_may_carry,
    "video/quicktime": bmff_may_carry,
    "audio/mp4": bmff_may_carry,
}
