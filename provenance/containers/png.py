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
    Collector,
    PositionedReads,
    Readable,
    inflate,
    photoshop_iptc,
    read_exact,
    strip_exif_prefix,
)

MAX_CHUNKS: Final = 1_000_000  # a 1 GB PNG written with 1 KB IDAT chunks; each one costs a seek
MAX_READ_CHUNK: Final = 64 * MB  # the largest eXIf chunk read into memory
# Text (tEXt, zTXt, iTXt, XMP included), stored or decompressed alike: real text chunks are KB (a ComfyUI
# workflow, an XMP packet with a long history: a few MB).
MAX_TEXT_CHUNK: Final = 8 * MB  # one chunk: what is read, and what it decompresses to
MAX_TEXT_FILE: Final = 32 * MB  # all of one file's text
_TEXT_TYPES: Final = frozenset({b"tEXt", b"zTXt", b"iTXt"})
_READ_TYPES: Final = _TEXT_TYPES | {b"eXIf"}
_C2PA_TYPE: Final = b"caBX"


@dataclass
class _Walk:
    size: int
    xmp: list[bytes] = field(default_factory=list)
    exif: list[bytes] = field(default_factory=list)
    iptc: list[bytes] = field(default_factory=list)
    text: list[TextChunk] = field(default_factory=list)
    c2pa: bool = False
    text_bytes: int = 0  # text kept so far, stored or decompressed
    found: Collector = field(default_factory=lambda: Collector("png"))

    def blobs(self) -> Blobs:
        return Blobs(
            xmp=tuple(self.xmp),
            exif=tuple(self.exif),
            iptc_iim=tuple(self.iptc),
            text=tuple(self.text),
            c2pa_box=self.c2pa,
            problems=self.found.problems.summary(),
        )

    def text_room(self) -> int:
        """How many bytes of text one more chunk may hold (read, or decompressed)."""
        return min(MAX_TEXT_CHUNK, MAX_TEXT_FILE - self.text_bytes)

    def may_read(self, kind: bytes, length: int) -> bool:
        """Whether a metadata chunk is small enough to read; a problem when it is not."""
        name = kind.decode()
        if kind == b"eXIf" and length > MAX_READ_CHUNK:
            self.found.problem(f"eXIf chunk of {length} bytes skipped (over the cap)")
            return False
        if kind in _TEXT_TYPES and length > MAX_TEXT_CHUNK:
            self.found.problem(f"{name} chunk over {MAX_TEXT_CHUNK // MB} MB skipped")
            return False
        if kind in _TEXT_TYPES and length > self.text_room():
            self.found.problem(f"text over {MAX_TEXT_FILE // MB} MB in the file; {name} chunk skipped")
            return False
        return self.found.allow(length, f"{name} chunk")

    def inflate(self, data: bytes, what: str) -> bytes | None:
        """Decompress under both caps; a bomb or bad stream becomes a problem and None."""
        cap = self.text_room()
        out = inflate(data, cap)
        if out is None:
            self.found.problem(f"{what} not decompressed (corrupt, or over {cap // MB} MB)")
            return None
        self.text_bytes += len(out)
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
            self.found.problem(f"{kind.decode()} chunk without keyword separator")
            return None
        if kind == b"tEXt":
            self.text_bytes += len(rest)
            return keyword, rest, rest.decode("latin-1")
        if kind == b"zTXt":
            raw = self.inflate(rest[1:], f"zTXt {keyword!r}") if rest[:1] == b"\x00" else None
            return None if raw is None else (keyword, raw, raw.decode("latin-1"))
        # iTXt: compression flag, method, language tag\0, translated keyword\0, text
        if len(rest) < 2:
            self.found.problem(f"iTXt {keyword!r} truncated")
            return None
        compressed = rest[0] == 1
        parts = rest[2:].split(b"\x00", 2)
        if len(parts) < 3:
            self.found.problem(f"iTXt {keyword!r} malformed")
            return None
        if not compressed:
            self.text_bytes += len(parts[2])
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
            self.found.problem(f"raw profile {name!r} unreadable")
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
        state.found.problem("bad signature")
        return state.blobs()
    for _ in range(MAX_CHUNKS):
        head = read_exact(stream, 8)
        if head is None:
            state.found.problem("file ends before IEND")
            break
        length, kind = struct.unpack(">I4s", head)
        if length > 0x7FFFFFFF or not kind.isalpha():
            state.found.problem(f"bad chunk header at offset {stream.tell() - 8}")
            break
        if kind == b"IEND":
            break
        if kind in _READ_TYPES and state.found.full:
            # Nothing more would be read: a flood of small chunks (a million tEXt) is not walked to its end.
            state.found.stop("metadata chunks")
            break
        if kind in _READ_TYPES and state.may_read(kind, length):
            data, crc = read_exact(stream, length), read_exact(stream, 4)
            if data is None or crc is None:
                state.found.problem(f"truncated {kind.decode()} chunk")
                break
            if zlib.crc32(kind + data) != struct.unpack(">I", crc)[0]:
                state.found.problem(f"CRC mismatch in {kind.decode()} chunk (used anyway)")
            state.chunk(kind, data)
            continue
        if kind == _C2PA_TYPE:
            state.c2pa = True
        if stream.seek(length + 4, 1) > state.size:
            state.found.problem(f"truncated {kind.decode('latin-1')} chunk")
            break
    else:
        state.found.problem(f"more than {MAX_CHUNKS} chunks; walk stopped")
    return state.blobs()
