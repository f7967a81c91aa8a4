"""Fast-path checks for the tree-shaped containers, ISO BMFF and TIFF, walked the way the SDK walks them.

ISO BMFF (MP4, MOV, M4A, HEIC/HEIF, AVIF, CR3): the SDK maps the whole box tree, descending into the
container boxes listed below (``meta`` as a FullBox or, QuickTime style, a plain box: decided by peeking
at its first child, as the SDK does) and fails on a box that overruns its parent or nests too deep. It
reads the manifest store and XMP from top-level ``uuid`` boxes only.

TIFF (and DNG and the TIFF-based raw formats): the SDK maps every page of the IFD chain with its SubIFDs,
EXIF and GPS IFDs, fails on a cycle, too many pages or SubIFDs, or an IFD past the end of the file, and
reads the C2PA tag (0xCD41) from the first or last page. BigTIFF is left to the SDK.
"""

from __future__ import annotations

import struct
from typing import Final

from .._io import C2PA_UUID, TIFF_EXIF_IFD_TAG, TIFF_XMP_TAG, XMP_UUID
from .source import MAX_XMP, POINTER, Irregular, Source

MAX_DEPTH: Final = 16  # the SDK refuses 32 levels
MAX_BOXES: Final = 100_000
MAX_FTYP: Final = 1024  # brands are 4 bytes each: a real ftyp box holds a few
_CONTAINERS: Final = frozenset(
    b"moov trak mdia minf stbl moof traf edts udta dinf tref treg mvex mfra meta schi".split()
)
# The FullBox types (ISO/IEC 14496-12:2022) the SDK reads a version and flags from.
_FULL_BOXES: Final = frozenset(
    name.ljust(4)
    for name in (
        b"pdin mvhd tkhd mdhd hdlr nmhd elng stsd stdp stts ctts cslg stss stsh elst dref stsz stz2 stsc "
        b"stco co64 padb subs saiz saio mehd trex mfhd tfhd trun tfra mfro tfdt leva trep assp sbgp sgpd "
        b"csgp cprt tsel kind meta xml bxml iloc pitm ipro infe iinf iref ipma schm fiin fpar fecr gitn "
        b"fire stri stsg stvi csch sidx ssix prft srpp vmhd smhd srat chnl dmix txtC mime uri uriI hmhd "
        b"sthd vvhd medc"
    ).split()
)

C2PA_TAG: Final = 0xCD41
SUBIFD_TAG: Final = 0x014A
GPS_IFD_TAG: Final = 0x8825
MAX_PAGES: Final = 1000  # the SDK refuses 2000
MAX_SUBIFDS: Final = 1000  # the SDK refuses more than 1000
_TYPE_SIZES: Final = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


def bmff_may_carry(src: Source) -> bool:
    """True for a C2PA ``uuid`` box or XMP naming a remote manifest; Irregular where the SDK may fail."""
    size, kind = struct.unpack(">I4s", src.read(0, 8))
    if kind != b"ftyp" or not 16 <= size <= MAX_FTYP or (size - 8) % 4:
        raise Irregular  # the SDK refuses an ftyp box "too small or not aligned"
    return _BoxWalk(src).boxes(0, src.size, depth=1)


class _BoxWalk:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.count = 0

    def boxes(self, start: int, end: int, depth: int) -> bool:
        if depth > MAX_DEPTH:
            raise Irregular
        pos = start
        while pos < end:
            self.count += 1
            if self.count > MAX_BOXES or end - pos < 8:
                raise Irregular
            size, kind = struct.unpack(">I4s", self.src.read(pos, 8))
            header = 8
            if size == 1:
                (size,) = struct.unpack(">Q", self.src.read(pos + 8, 8))
                header = 16
            elif size == 0:
                size = self.src.size - pos  # "to the end of the file"
            if size < header or pos + size > end:
                raise Irregular
            if self.box(pos, pos + header, pos + size, kind, depth):
                return True
            pos += size
        return False

    def box(self, start: int, body: int, end: int, kind: bytes, depth: int) -> bool:
        if kind == b"uuid":
            if end - body < 16:
                raise Irregular
            uuid = self.src.read(body, 16)
            if uuid == C2PA_UUID:
                return True
            if uuid == XMP_UUID and depth == 1:
                return end - body - 16 > MAX_XMP or POINTER in self.src.read(body + 16, end - body - 16)
            return False
        if kind in _CONTAINERS:
            if kind == b"meta" and self._meta_is_full_box(body, end - start):
                body += 4
            if body > end:
                raise Irregular
            return self.boxes(body, end, depth + 1)
        if kind in _FULL_BOXES and end - body < 4:
            raise Irregular
        return False

    def _meta_is_full_box(self, body: int, box_size: int) -> bool:
        """The SDK's test: a plausible child box header right after the header means QuickTime style."""
        if body + 8 > self.src.size:
            return True
        child_size, fourcc = struct.unpack(">I4s", self.src.read(body, 8))
        plausible = 0 < child_size <= box_size and all(0x20 <= byte <= 0x7E for byte in fourcc)
        return not plausible


def tiff_may_carry(src: Source) -> bool:
    """True for a C2PA tag or XMP naming a remote manifest in any IFD; Irregular where the SDK may fail."""
    head = src.read(0, 8)
    order = {b"II": "<", b"MM": ">"}.get(head[:2])
    if order is None or struct.unpack(order + "H", head[2:4])[0] != 42:
        raise Irregular  # BigTIFF (43) included: left to the SDK
    walk = _IfdWalk(src, order)
    offset = struct.unpack(order + "I", head[4:8])[0]
    seen = {offset}
    for _ in range(MAX_PAGES):
        entries, following = walk.ifd(offset)
        if walk.carries(entries) or any(walk.carries(walk.ifd(sub)[0]) for sub in walk.sub_ifds(entries)):
            return True
        if following == 0:
            return False
        if following in seen:
            raise Irregular  # the SDK refuses a cyclic chain
        seen.add(following)
        offset = following
    raise Irregular


_Entries = dict[int, tuple[int, int, bytes]]  # tag -> (type, count, the 4 value/offset bytes)


class _IfdWalk:
    def __init__(self, src: Source, order: str) -> None:
        self.src = src
        self.order = order

    def u32(self, data: bytes) -> int:
        return int(struct.unpack(self.order + "I", data)[0])

    def ifd(self, offset: int) -> tuple[_Entries, int]:
        """The entries of the IFD at ``offset`` and the offset of the next one (0 at the end)."""
        if offset == 0:
            raise Irregular
        (count,) = struct.unpack(self.order + "H", self.src.read(offset, 2))
        raw = self.src.read(offset + 2, count * 12 + 4)
        entries: _Entries = {}
        for at in range(0, count * 12, 12):
            tag, kind, n = struct.unpack_from(self.order + "HHI", raw, at)
            entries[tag] = (kind, n, raw[at + 8 : at + 12])
        return entries, self.u32(raw[-4:])

    def sub_ifds(self, entries: _Entries) -> list[int]:
        """The SubIFD, EXIF and GPS IFD offsets the SDK follows from a page."""
        found: list[int] = []
        if SUBIFD_TAG in entries:
            _kind, count, value = entries[SUBIFD_TAG]
            if count > MAX_SUBIFDS:
                raise Irregular
            data = value if count * 4 <= 4 else self.src.read(self.u32(value), count * 4)
            found += [self.u32(data[at : at + 4]) for at in range(0, count * 4, 4)]
        found += [self.u32(entries[tag][2]) for tag in (TIFF_EXIF_IFD_TAG, GPS_IFD_TAG) if tag in entries]
        return found

    def carries(self, entries: _Entries) -> bool:
        if C2PA_TAG in entries:
            return True
        if TIFF_XMP_TAG not in entries:
            return False
        kind, count, value = entries[TIFF_XMP_TAG]
        size = count * _TYPE_SIZES.get(kind, MAX_XMP + 1)
        if size > MAX_XMP:
            return True
        data = value[:size] if size <= 4 else self.src.read(self.u32(value), size)
        return POINTER in data
