"""ISO BMFF images (HEIC/HEIF/AVIF): EXIF and XMP items of the top-level ``meta`` box, C2PA ``uuid`` box.

Pillow cannot open HEIC without a plug-in, and its AVIF plug-in reads the whole file, so the item
tables are walked here (ISO/IEC 14496-12 ``iinf``/``iloc``, ISO/IEC 23008-12 EXIF items). The media
data box is skipped by seeking.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Final

from . import Blobs
from ._io import C2PA_UUID, MB, XMP_HEADER, XMP_UUID, Collector, read_exact, strip_exif_prefix

MAX_BOXES: Final = 10_000
MAX_META: Final = 16 * MB
MAX_ITEM: Final = 16 * MB
MAX_ENTRIES: Final = 100_000  # boxes inside one box, items and extents in iloc: real images list dozens


@dataclass
class _Item:
    kind: bytes  # item_type: b"Exif", b"mime"...
    content_type: str = ""
    method: int = 0  # iloc construction method: 0 file offset, 1 idat offset
    extents: list[tuple[int, int]] = field(default_factory=list)


def walk(stream: IO[bytes]) -> Blobs:
    """The metadata of an ISO BMFF image. Bad input ends the walk with a problem, never raises."""
    xmp: list[bytes] = []
    exif: list[bytes] = []
    found = Collector("bmff")
    c2pa = False
    size = stream.seek(0, 2)
    pos = 0
    for _ in range(MAX_BOXES):
        if pos + 8 > size:
            break
        stream.seek(pos)
        box_size, kind, header = _box_header(stream, size - pos)
        if box_size < header or pos + box_size > size:
            found.problem(f"bad or truncated {kind.decode('latin-1')!r} box at offset {pos}")
            break
        body = box_size - header
        if kind == b"meta" and body <= MAX_META:
            meta = stream.read(body)
            try:
                items = _meta_items(meta)
                idat = _idat(meta) if any(item.method == 1 for item in items) else b""
                for item in items:
                    data = _item_data(stream, idat, item, size, found)
                    if item.kind == b"Exif" and data:
                        exif.append(_exif_payload(data))
                    elif data:
                        xmp.append(data.removeprefix(XMP_HEADER))
            except (IndexError, ValueError, struct.error) as error:
                found.problem(f"unreadable meta box ({error})")
        elif kind == b"uuid" and body >= 16:
            uuid = stream.read(16)
            c2pa = c2pa or uuid == C2PA_UUID
            if uuid == XMP_UUID and body - 16 <= MAX_ITEM and found.allow(body - 16, "XMP uuid box"):
                xmp.append(stream.read(body - 16))
        pos += box_size
    else:
        found.problem(f"more than {MAX_BOXES} top-level boxes; walk stopped")
    return Blobs(xmp=tuple(xmp), exif=tuple(exif), c2pa_box=c2pa, problems=found.problems.summary())


def _box_header(stream: IO[bytes], remaining: int) -> tuple[int, bytes, int]:
    """(box size, type, header size) at the stream position; size 0 means "to the end of the file"."""
    head = read_exact(stream, 8) or b"\x00" * 8
    box_size, kind = struct.unpack(">I4s", head)
    if box_size == 1:
        large = read_exact(stream, 8)
        return (struct.unpack(">Q", large)[0], kind, 16) if large else (0, kind, 16)
    return (remaining if box_size == 0 else box_size), kind, 8


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes laid end to end in ``data[start:end]``."""
    pos = start
    for _ in range(MAX_ENTRIES):
        if pos + 8 > end:
            return
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError(f"bad {kind.decode('latin-1')!r} box size")
        yield kind, pos + header, pos + size
        pos += size
    raise ValueError(f"over {MAX_ENTRIES:,} boxes in one box")


def _uint(data: bytes, pos: int, width: int) -> int:
    if pos + width > len(data):
        raise IndexError("field past the end of its box")
    return int.from_bytes(data[pos : pos + width], "big")


def _cstring(data: bytes, pos: int, end: int) -> tuple[str, int]:
    stop = data.find(b"\x00", pos, end)
    stop = end if stop < 0 else stop
    return data[pos:stop].decode("utf-8", "replace"), stop + 1


def _meta_items(meta: bytes) -> list[_Item]:
    """The EXIF and XMP items the ``meta`` box declares, with their locations from ``iloc``."""
    items: dict[int, _Item] = {}
    boxes = {kind: (start, end) for kind, start, end in _children(meta, 4, len(meta))}  # 4: FullBox header
    if b"iinf" in boxes:
        start, end = boxes[b"iinf"]
        entries = start + (6 if meta[start] == 0 else 8)
        for kind, s, e in _children(meta, entries, end):
            if kind == b"infe":
                _infe(meta, s, e, items)
    if b"iloc" in boxes:
        _iloc(meta, *boxes[b"iloc"], items)
    return [item for item in items.values() if item.kind == b"Exif" or item.content_type.endswith("xml")]


def _infe(meta: bytes, start: int, end: int, items: dict[int, _Item]) -> None:
    version = meta[start]
    pos = start + 4
    if version < 2:  # no item type; a content type means a MIME item
        item_id = _uint(meta, pos, 2)
        _name, pos = _cstring(meta, pos + 4, end)
        content_type, _ = _cstring(meta, pos, end)
        items[item_id] = _Item(b"mime", content_type.lower())
        return
    id_width = 2 if version == 2 else 4
    item_id = _uint(meta, pos, id_width)
    pos += id_width + 2  # item_protection_index
    kind = meta[pos : pos + 4]
    _name, pos = _cstring(meta, pos + 4, end)
    content_type = _cstring(meta, pos, end)[0].lower() if kind == b"mime" else ""
    if kind == b"Exif" or content_type:
        items[item_id] = _Item(kind, content_type)


def _iloc(meta: bytes, start: int, end: int, items: dict[int, _Item]) -> None:
    version = meta[start]
    offset_size, length_size = meta[start + 4] >> 4, meta[start + 4] & 15
    base_size, index_size = meta[start + 5] >> 4, (meta[start + 5] & 15 if version in (1, 2) else 0)
    id_width = 4 if version == 2 else 2
    count = _uint(meta, start + 6, id_width)
    pos = start + 6 + id_width
    listed = 0
    for _ in range(count):
        item_id = _uint(meta, pos, id_width)
        pos += id_width
        method = 0
        if version in (1, 2):
            method = _uint(meta, pos, 2) & 15
            pos += 2
        base = _uint(meta, pos + 2, base_size)  # after data_reference_index
        pos += 2 + base_size
        extents = _uint(meta, pos, 2)
        pos += 2
        listed += 1 + extents  # an extent's fields may take no bytes: count them, not the bytes left
        if listed > MAX_ENTRIES:
            raise ValueError(f"iloc lists over {MAX_ENTRIES:,} items and extents")
        item = items.get(item_id)
        for _ in range(extents):
            pos += index_size
            offset, length = _uint(meta, pos, offset_size), _uint(meta, pos + offset_size, length_size)
            pos += offset_size + length_size
            if item is not None:
                item.method = method
                item.extents.append((base + offset, length))
        if pos > end:
            raise IndexError("iloc runs past its box")


def _idat(meta: bytes) -> bytes:
    """The payload of the ``meta`` box's ``idat`` box, where construction method 1 locates items."""
    return next((meta[s:e] for kind, s, e in _children(meta, 4, len(meta)) if kind == b"idat"), b"")


def _item_data(stream: IO[bytes], idat: bytes, item: _Item, size: int, found: Collector) -> bytes:
    """An item's bytes from the file (method 0) or from ``idat`` (method 1), capped: every extent is
    measured before any is read."""
    if item.method not in (0, 1):
        return b""
    extents: list[tuple[int, int]] = []
    total = 0
    for offset, length in item.extents:
        limit = (len(idat) if item.method == 1 else size) - offset
        length = limit if length == 0 else min(length, limit)
        total += length
        if length <= 0 or total > MAX_ITEM:
            return b""
        extents.append((offset, length))
    if not found.allow(total, f"{item.kind.decode('latin-1')!r} item"):
        return b""
    out = bytearray()
    for offset, length in extents:
        if item.method == 1:
            out += idat[offset : offset + length]
        else:
            stream.seek(offset)
            out += stream.read(length)
    return bytes(out)


def _exif_payload(data: bytes) -> bytes:
    """EXIF item data: a 4-byte offset to the TIFF header, then (usually "Exif\\0\\0" and) the header."""
    skip = 4 + int.from_bytes(data[:4], "big") if len(data) >= 4 else 0
    payload = strip_exif_prefix(data[skip:]) if skip < len(data) else b""
    if payload[:4] in (b"II*\x00", b"MM\x00*"):
        return payload
    found = [at for at in (data.find(b"II*\x00"), data.find(b"MM\x00*")) if at >= 0]
    return data[min(found) :] if found else payload
