"""JPEG: metadata segments up to the first SOS marker; the entropy-coded image data is never read.

APP1 carries XMP (standard and extended, ISO 16684 / Adobe XMP Part 3) and EXIF, APP13 carries Photoshop
image resources (IPTC-IIM in resource 0x0404), APP11 carries JUMBF boxes (C2PA).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import IO, Final

from . import Blobs
from ._io import MB, XMP_HEADER, Collector, photoshop_iptc, read_exact

XMP_EXTENSION_HEADER: Final = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_HEADER: Final = b"Exif\x00"
PHOTOSHOP_HEADER: Final = b"Photoshop 3.0\x00"

MAX_SEGMENTS: Final = 10_000  # a 16 MB C2PA store needs ~260 APP11 segments; real files have a few dozen
MAX_EXTENDED_XMP: Final = 16 * MB  # all extended XMP of one file together
_JUNK_SCAN: Final = 4096  # how far to look for the next marker after stray bytes

_SOI, _EOI, _SOS, _APP1, _APP11, _APP13 = 0xD8, 0xD9, 0xDA, 0xE1, 0xEB, 0xED
_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7: no length field
_EXT_HEAD: Final = len(XMP_EXTENSION_HEADER) + 32 + 8  # header, GUID, full length, offset


@dataclass
class _ExtendedXmp:
    """The pieces of one extended XMP packet (keyed by its GUID), reassembled at the end of the walk."""

    length: int
    parts: dict[int, bytes] = field(default_factory=dict)

    def assemble(self) -> bytes | None:
        data = bytearray()
        for offset in sorted(self.parts):
            if offset != len(data):
                return None  # a gap or an overlap
            data += self.parts[offset]
        return bytes(data) if len(data) == self.length else None


@dataclass
class _Walk:
    xmp: list[bytes] = field(default_factory=list)
    exif: list[bytes] = field(default_factory=list)
    photoshop: bytearray = field(default_factory=bytearray)
    extended: dict[bytes, _ExtendedXmp] = field(default_factory=dict)
    extended_total: int = 0
    c2pa: bool = False
    size: int = 0
    found: Collector = field(default_factory=lambda: Collector("jpeg"))

    def app1(self, payload: bytes) -> None:
        if payload.startswith(XMP_HEADER):
            if self.found.allow(len(payload), "XMP segment"):
                self.xmp.append(payload[len(XMP_HEADER) :])
        elif payload.startswith(XMP_EXTENSION_HEADER):
            self.extended_part(payload)
        elif payload.startswith(EXIF_HEADER) and self.found.allow(len(payload), "EXIF segment"):
            self.exif.append(payload[6:])

    def app13(self, payload: bytes) -> None:
        if payload.startswith(PHOTOSHOP_HEADER) and self.found.allow(len(payload), "Photoshop segment"):
            self.photoshop += payload[len(PHOTOSHOP_HEADER) :]

    def extended_part(self, payload: bytes) -> None:
        if len(payload) < _EXT_HEAD:
            self.found.problem("extended XMP segment too short")
            return
        guid = payload[len(XMP_EXTENSION_HEADER) : len(XMP_EXTENSION_HEADER) + 32]
        length, offset = struct.unpack_from(">II", payload, _EXT_HEAD - 8)
        chunk = payload[_EXT_HEAD:]
        packet = self.extended.get(guid)
        if packet is None:
            if self.extended_total + length > MAX_EXTENDED_XMP:
                self.found.problem(f"extended XMP over {MAX_EXTENDED_XMP // MB} MB ignored")
                return
            if not self.found.allow(length, "extended XMP"):
                return
            self.extended_total += length
            packet = self.extended[guid] = _ExtendedXmp(length)
        if packet.length != length or offset + len(chunk) > length:
            self.found.problem("extended XMP segment with inconsistent length or offset")
            return
        packet.parts[offset] = chunk

    def blobs(self) -> Blobs:
        for guid, packet in self.extended.items():
            data = packet.assemble()
            if data is None:
                self.found.problem(f"extended XMP {guid.decode('latin-1')!r} is incomplete")
            else:
                self.xmp.append(data)
        return Blobs(
            xmp=tuple(self.xmp),
            exif=tuple(self.exif),
            iptc_iim=tuple(photoshop_iptc(bytes(self.photoshop))),
            c2pa_box=self.c2pa,
            problems=self.found.problems.summary(),
        )


def walk(stream: IO[bytes]) -> Blobs:
    """The metadata in a JPEG's header segments. Bad input ends the walk with a problem, never raises."""
    state = _Walk(size=stream.seek(0, 2))
    stream.seek(0)
    if stream.read(2) != b"\xff\xd8":
        state.found.problem("no SOI marker")
        return state.blobs()
    for _ in range(MAX_SEGMENTS):
        marker = _next_marker(stream, state.found)
        if marker is None or marker in (_SOS, _EOI):
            break
        if marker == _SOI or marker in _STANDALONE:
            continue
        head = read_exact(stream, 2)
        if head is None:
            state.found.problem("truncated segment length")
            break
        (length,) = struct.unpack(">H", head)
        if length < 2:
            state.found.problem(f"bad segment length {length} for marker 0x{marker:02X}")
            break
        if not _segment(stream, marker, length - 2, state):
            state.found.problem(f"truncated segment 0x{marker:02X}")
            break
    else:
        state.found.problem(f"more than {MAX_SEGMENTS} segments before SOS; walk stopped")
    return state.blobs()


def _segment(stream: IO[bytes], marker: int, size: int, state: _Walk) -> bool:
    """Read or skip one segment's payload; False when the file ends inside it."""
    if marker in (_APP1, _APP13):
        payload = read_exact(stream, size)
        if payload is None:
            return False
        if marker == _APP1:
            state.app1(payload)
        else:
            state.app13(payload)
        return True
    if marker == _APP11:
        # JUMBF in APP11: "JP", instance (2), sequence (4), then the superbox whose description box is
        # labelled "c2pa". Only the head is read; the manifest itself is the C2PA reader's business.
        head = stream.read(min(size, 64))
        if b"jumb" in head and b"c2pa" in head:
            state.c2pa = True
        size -= len(head)
    # Seeking past the end does not fail, so compare with the file size instead.
    return stream.seek(size, 1) <= state.size


def _next_marker(stream: IO[bytes], notes: Collector) -> int | None:
    """The next marker code, skipping 0xFF fill bytes and (with a problem noted) stray bytes."""
    byte = stream.read(1)
    if byte != b"\xff":
        if not byte:
            notes.problem("file ends before SOS")
            return None
        start = stream.tell() - 1
        junk = byte + stream.read(_JUNK_SCAN)
        found = junk.find(b"\xff")
        if found < 0:
            notes.problem(f"no marker found after stray bytes at offset {start}")
            return None
        notes.problem(f"{found} stray bytes before a marker at offset {start}")
        stream.seek(start + found + 1)
    while True:
        byte = stream.read(1)
        if not byte:
            notes.problem("file ends before SOS")
            return None
        if byte != b"\xff":
            if byte == b"\x00":
                notes.problem("stuffed 0xFF00 outside entropy-coded data")
                return None
            return byte[0]
