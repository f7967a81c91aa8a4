"""PNG: text, XMP, EXIF and C2PA chunks, found by seeking over every other chunk (IDAT is never read).

The whole file is walked, not just the part before IDAT: writers put XMP and text after the image data
too (Pillow's ``getxmp()`` misses those unless the image is decoded).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import IO, Final

from . import Blobs, TextChunk
from ._io import (
    MB,
    PNG_SIGNATURE,
    PNG_XMP_KEYWORD,
    PositionedReads,
    Readable,
    inflate,
    photoshop_iptc,
    read_exact,
    strip_exif_prefix,
)

MAX_CHUNKS: Final = 1_000_000  # a 1 GB PNG written with 1 KB IDAT chunks; each one costs a seek
MAX_READ_CHUNK: Final = 64 * MB  # the largest text/eXIf chunk read into memory
MAX_INFLATE_CHUNK: Final = 8 * MB  # decompressed size of one zTXt/iTXt
MAX_INFLATE_FILE: Final = 32 * MB  # decompressed size of all of one file's text
_READ_TYPES: Final = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})
_C2PA_TYPE: Final = b"caBX"


@dataclass
class _Walk:
    size: int
    xmp: list[bytes] = field(default_factory=list)
    exif: list[bytes] = field(default_factory=list)
    iptc: list[bytes] = field(default_factory=list)
    text: list[TextChunk] = field(default_factory=list)
    c2pa: bool = False
    inflated: int = 0
    problems: list[str] = field(default_factory=list)

    def blobs(self) -> Blobs:
        return Blobs(
            xmp=tuple(self.xmp),
            exif=tuple(self.exif),
            iptc_iim=tuple(self.iptc),
            text=tuple(self.text),
            c2pa_box=self.c2pa,
            problems=tuple(self.problems),
        )

    def inflate(self, data: bytes, what: str) -> bytes | None:
        """Decompress under both caps; a bomb or bad stream becomes a problem and None."""
        cap = min(MAX_INFLATE_CHUNK, MAX_INFLATE_FILE - self.inflated)
        out = inflate(data, cap)
        if out is None:
            self.problems.append(f"png: {what} not decompressed (corrupt, or over {cap // MB} MB)")
            return None
        self.inflated += len(out)
        return out

    def chunk(self, kind: bytes, data: bytes) -> None:
        if kind == b"eXIf":
            self.exif.append(strip_exif_prefix(data))
            return
        decoded = self.decode_text(kind, data)
        if decoded is None:
            return
        keyword, raw, text = decoded
        if keyword == PNG_XMP_KEYWORD:
            self.xmp.append(raw)
            return
        self.text.append(TextChunk(keyword, text, kind.decode("ascii")))
        if keyword.lower().startswith("raw profile type "):
            self.raw_profile(keyword[17:].strip().lower(), text)

    def decode_text(self, kind: bytes, data: bytes) -> tuple[str, bytes, str] | None:
        """(keyword, text bytes, text) of a tEXt (latin-1), zTXt (zlib, latin-1) or iTXt (UTF-8) chunk."""
        key, sep, rest = data.partition(b"\x00")
        keyword = key.decode("latin-1")
        if not sep:
            self.problems.append(f"png: {kind.decode()} chunk without keyword separator")
            return None
        if kind == b"tEXt":
            return keyword, rest, rest.decode("latin-1")
        if kind == b"zTXt":
            raw = self.inflate(rest[1:], f"zTXt {keyword!r}") if rest[:1] == b"\x00" else None
            return None if raw is None else (keyword, raw, raw.decode("latin-1"))
        # iTXt: compression flag, method, language tag\0, translated keyword\0, text
        if len(rest) < 2:
            self.problems.append(f"png: iTXt {keyword!r} truncated")
            return None
        compressed = rest[0] == 1
        parts = rest[2:].split(b"\x00", 2)
        if len(parts) < 3:
            self.problems.append(f"png: iTXt {keyword!r} malformed")
            return None
        raw_or_none = self.inflate(parts[2], f"iTXt {keyword!r}") if compressed else parts[2]
        if raw_or_none is None:
            return None
        return keyword, raw_or_none, raw_or_none.decode("utf-8", "replace")

    def raw_profile(self, name: str, text: str) -> None:
        """ImageMagick's "Raw profile type NAME" chunks ("\\nNAME\\n  LENGTH\\nHEX...") of EXIF/XMP/IPTC."""
        lines = text.strip("\n").split("\n", 2)
        try:
            data = bytes.fromhex("".join(lines[2].split())) if len(lines) == 3 else b""
        except ValueError:
            data = b""
        if not data:
            self.problems.append(f"png: raw profile {name!r} unreadable")
            return
        if name in ("exif", "app1"):
            self.exif.append(strip_exif_prefix(data))
        elif name == "xmp":
            self.xmp.append(data)
        elif name in ("iptc", "8bim"):
            self.iptc.extend(photoshop_iptc(data) if data.startswith(b"8BIM") else [data])


def walk(stream: IO[bytes]) -> Blobs:
    """The metadata chunks of a PNG. Bad input ends the walk with a problem, never raises.

    Read with positioned reads: only chunk headers and the chunks kept are read, whatever the pixels.
    """
    return _walk(PositionedReads(stream))


def _walk(stream: Readable) -> Blobs:
    state = _Walk(size=stream.seek(0, 2))
    stream.seek(0)
    if stream.read(8) != PNG_SIGNATURE:
        state.problems.append("png: bad signature")
        return state.blobs()
    for _ in range(MAX_CHUNKS):
        head = read_exact(stream, 8)
        if head is None:
            state.problems.append("png: file ends before IEND")
            break
        length, kind = struct.unpack(">I4s", head)
        if length > 0x7FFFFFFF or not kind.isalpha():
            state.problems.append(f"png: bad chunk header at offset {stream.tell() - 8}")
            break
        if kind == b"IEND":
            break
        if kind in _READ_TYPES and length <= MAX_READ_CHUNK:
            data, crc = read_exact(stream, length), read_exact(stream, 4)
            if data is None or crc is None:
                state.problems.append(f"png: truncated {kind.decode()} chunk")
                break
            if zlib.crc32(kind + data) != struct.unpack(">I", crc)[0]:
                state.problems.append(f"png: CRC mismatch in {kind.decode()} chunk (used anyway)")
            state.chunk(kind, data)
            continue
        if kind in _READ_TYPES:
            state.problems.append(f"png: {kind.decode()} chunk of {length} bytes skipped (over the cap)")
        elif kind == _C2PA_TYPE:
            state.c2pa = True
        if stream.seek(length + 4, 1) > state.size:
            state.problems.append(f"png: truncated {kind.decode('latin-1')} chunk")
            break
    else:
        state.problems.append(f"png: more than {MAX_CHUNKS} chunks; walk stopped")
    return state.blobs()
