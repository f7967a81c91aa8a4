"""What the container walkers and the fast path share: format constants, positioned and bounded reads,
capped zlib, Photoshop resource blocks, and the :class:`Collector` of one walk's problems and metadata."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Iterable
from typing import IO, Final, Protocol

MB: Final = 1024 * 1024
PSIR_IPTC: Final = 0x0404  # Photoshop image resource holding IPTC-IIM records
C2PA_UUID: Final = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")  # ISO BMFF uuid box of a manifest store
XMP_UUID: Final = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")  # ISO BMFF uuid box of an XMP packet
XMP_HEADER: Final = b"http://ns.adobe.com/xap/1.0/\x00"  # JPEG APP1 XMP (also copied into other formats)
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD: Final = "XML:com.adobe.xmp"  # the iTXt keyword of a PNG's XMP packet
TIFF_XMP_TAG: Final = 700
TIFF_EXIF_IFD_TAG: Final = 0x8769

# What one walk may hold. Real files carry a handful of metadata blocks (a PNG from a generator a few
# dozen text chunks) and a few MB; a hostile one can carry a million blocks or a GiB (sparse).
MAX_BLOCKS: Final = 1000  # metadata blocks (XMP, EXIF, IIM, text) read into memory per file
MAX_KEPT: Final = 64 * MB  # their bytes together
MAX_PROBLEM_KINDS: Final = 20  # distinct problems listed per walk or reader; the others are counted


class Readable(Protocol):
    """The part of a binary stream the walkers use."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


class PositionedReads:
    """The read/seek/tell subset the walkers use, plus :meth:`pread`: ``os.pread`` on a file's descriptor
    (a buffered reader would refill 8 KB on every seek: a 12 MP PNG has ~400 IDAT chunks, 5 ms instead of
    0.5 ms), seek and read on a stream without one. The stream's own position is left alone."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._pos = 0
        self._fd: int | None
        try:
            self._fd = stream.fileno()
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            self._fd = None

    def pread(self, offset: int, size: int) -> bytes:
        """At most ``size`` bytes at ``offset`` (fewer at the end of the file)."""
        if self._fd is not None:
            return os.pread(self._fd, size, offset)
        self._stream.seek(offset)
        return self._stream.read(size)

    def size(self) -> int:
        if self._fd is not None:
            return os.fstat(self._fd).st_size
        return self._stream.seek(0, io.SEEK_END)

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            size = max(0, self.size() - self._pos)
        data = self.pread(self._pos, size)
        self._pos += len(data)
        return data

    def seek(self, offset: int, whence: int = 0, /) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence == io.SEEK_END:
            offset += self.size()
        self._pos = max(0, offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


class Problems:
    """Problems deduplicated by their text, each once with how often it occurred ("... (x1,000)"), at
    most :data:`MAX_PROBLEM_KINDS` texts, then how many more: a file of a million bad chunks gives a short
    list, and memory stays bounded however many are added."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._more = 0

    def append(self, text: str) -> None:
        count = self._counts.get(text)
        if count is not None:
            self._counts[text] = count + 1
        elif len(self._counts) < MAX_PROBLEM_KINDS:
            self._counts[text] = 1
        else:
            self._more += 1

    def extend(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.append(text)

    def __bool__(self) -> bool:
        return bool(self._counts)

    def summary(self) -> tuple[str, ...]:
        listed = tuple(text if n == 1 else f"{text} (x{n:,})" for text, n in self._counts.items())
        return listed + ((f"and {self._more:,} more problems",) if self._more else ())


def summarize(texts: Iterable[str]) -> tuple[str, ...]:
    """``texts`` deduplicated and capped as :class:`Problems` does."""
    problems = Problems()
    problems.extend(texts)
    return problems.summary()


class Collector:
    """One walk's problems and its budget of metadata read into memory: at most :data:`MAX_BLOCKS`
    blocks and :data:`MAX_KEPT` bytes per file. A block over the budget is skipped, unread, with a problem.
    """

    def __init__(self, container: str) -> None:
        self.container = container  # "png", "jpeg"...: the problems' prefix
        self.problems = Problems()
        self.blocks = 0
        self.kept = 0

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.container}: {text}")

    @property
    def full(self) -> bool:
        """Whether no more blocks may be read."""
        return self.blocks >= MAX_BLOCKS

    def stop(self, what: str) -> None:
        """The problem of a walk that ends because its budget is spent: nothing more would be read."""
        self.problem(f"over {MAX_BLOCKS:,} {what}; walk stopped")

    def allow(self, size: int, what: str) -> bool:
        """Whether a block of ``size`` bytes may be read; counted when it may."""
        if self.full:
            self.problem(f"over {MAX_BLOCKS:,} metadata blocks in the file; {what} skipped")
            return False
        if self.kept + size > MAX_KEPT:
            self.problem(f"metadata over {MAX_KEPT // MB} MB in the file; {what} skipped")
            return False
        self.blocks += 1
        self.kept += size
        return True


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
