"""The HEIF/AVIF walker: EXIF and XMP items found through iinf/iloc, the C2PA uuid box, bad input."""

from __future__ import annotations

import io
import struct
import time

import pytest
from PIL import Image

from provenance.containers import _io, bmff
from provenance.containers._io import C2PA_UUID
from tests.helpers import corpus

TIFF = b"MM\x00*\x00\x00\x00\x08\x00\x00"
PACKET = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def full_box(kind: bytes, version: int, payload: bytes) -> bytes:
    return box(kind, bytes([version, 0, 0, 0]) + payload)


def infe(item_id: int, item_type: bytes, content_type: bytes = b"") -> bytes:
    payload = struct.pack(">HH", item_id, 0) + item_type + b"\x00"
    return full_box(b"infe", 2, payload + (content_type + b"\x00" if content_type else b""))


def heif(exif_at_file_offset: bool = True) -> bytes:
    """ftyp, meta (EXIF item located in the file, XMP item inside idat), mdat holding the EXIF item."""
    exif_item = struct.pack(">I", 6) + b"Exif\x00\x00" + TIFF
    ftyp = box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    iinf = full_box(
        b"iinf", 0, struct.pack(">H", 2) + infe(1, b"Exif") + infe(2, b"mime", b"application/rdf+xml")
    )
    idat = box(b"idat", PACKET)

    def iloc(exif_offset: int) -> bytes:
        entries = struct.pack(">H", 2)
        entries += struct.pack(">HHHHII", 1, 0, 0, 1, exif_offset, len(exif_item))  # method 0: file offset
        entries += struct.pack(">HHHHII", 2, 1, 0, 1, 0, len(PACKET))  # method 1: offset in idat
        return full_box(b"iloc", 1, bytes([0x44, 0x00]) + entries)

    def meta(exif_offset: int) -> bytes:
        return full_box(
            b"meta",
            0,
            full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 13) + iinf + iloc(exif_offset) + idat,
        )

    head = ftyp + meta(0)
    offset = len(head) + 8 if exif_at_file_offset else 10**9
    return ftyp + meta(offset) + box(b"mdat", exif_item)


def test_exif_and_xmp_items_are_found() -> None:
    blobs = bmff.walk(io.BytesIO(heif()))
    assert blobs.exif == (TIFF,)
    assert blobs.xmp == (PACKET,)
    assert blobs.problems == ()


def test_item_outside_the_file_is_skipped() -> None:
    blobs = bmff.walk(io.BytesIO(heif(exif_at_file_offset=False)))
    assert blobs.exif == ()
    assert blobs.xmp == (PACKET,)


def test_c2pa_uuid_box_sets_c2pa_box() -> None:
    data = box(b"ftyp", b"avif\x00\x00\x00\x00") + box(b"uuid", C2PA_UUID + b"\x00" * 20)
    assert bmff.walk(io.BytesIO(data)).c2pa_box is True


def test_truncated_box_is_a_problem() -> None:
    data = heif()
    blobs = bmff.walk(io.BytesIO(data[:-4]))
    assert any("truncated" in problem for problem in blobs.problems)


def test_garbage_meta_box_is_a_problem_not_an_exception() -> None:
    data = box(b"ftyp", b"heic\x00\x00\x00\x00") + full_box(b"meta", 0, box(b"iloc", b"\x01\x00\x00\x00\x44"))
    blobs = bmff.walk(io.BytesIO(data))
    assert blobs.exif == () and blobs.xmp == ()
    assert any("unreadable meta box" in problem for problem in blobs.problems)


def test_iphone_heic_from_the_corpus_has_camera_exif() -> None:
    with corpus("real-world/ianare__exif-py/iphone_13_pro_max.heic").open("rb") as stream:
        blobs = bmff.walk(stream)
    tags = Image.Exif()
    tags.load(blobs.exif[0])
    assert (tags[0x010F], tags[0x0110]) == ("Apple", "iPhone 13 Pro Max")
    assert len(blobs.xmp) == 1


def test_heic_xmp_item_with_a_copied_jpeg_header_is_cleaned() -> None:
    with corpus("c2pa-rs-fixtures/sample1.heic").open("rb") as stream:
        blobs = bmff.walk(stream)
    assert blobs.xmp[0].startswith(b"<?xpacket")


def many_xmp_items(count: int) -> bytes:
    """``count`` XMP items that all point at the same packet in ``idat``: the file stays small, the items
    together do not."""
    ftyp = box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    infes = b"".join(infe(n, b"mime", b"application/rdf+xml") for n in range(1, count + 1))
    iinf = full_box(b"iinf", 0, struct.pack(">H", count) + infes)
    entries = struct.pack(">H", count) + b"".join(
        struct.pack(">HHHHII", n, 1, 0, 1, 0, len(PACKET)) for n in range(1, count + 1)
    )
    iloc = full_box(b"iloc", 1, bytes([0x44, 0x00]) + entries)
    hdlr = full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 13)
    return ftyp + full_box(b"meta", 0, hdlr + iinf + iloc + box(b"idat", PACKET))


def test_items_past_the_files_budget_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_KEPT", 3 * len(PACKET))
    blobs = bmff.walk(io.BytesIO(many_xmp_items(50)))
    assert blobs.xmp == (PACKET,) * 3
    assert blobs.problems == ("bmff: metadata over 0 MB in the file; 'mime' item skipped (x47)",)


def test_extents_that_take_no_bytes_are_counted_not_looped_over() -> None:
    # iloc fields of width 0: each of 100 entries lists 65,535 extents in no bytes at all. Before the cap,
    # 6.5 million iterations (3 s) for this 1 KB file, and 4 billion for 65,535 entries (a 512 KB file).
    ftyp = box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    iinf = full_box(b"iinf", 0, struct.pack(">H", 1) + infe(1, b"mime", b"application/rdf+xml"))
    iloc = full_box(
        b"iloc", 1, b"\x00\x00" + struct.pack(">H", 100) + struct.pack(">HHHH", 1, 1, 0, 0xFFFF) * 100
    )
    hdlr = full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 13)
    started = time.monotonic()
    blobs = bmff.walk(io.BytesIO(ftyp + full_box(b"meta", 0, hdlr + iinf + iloc + box(b"idat", PACKET))))
    assert time.monotonic() - started < 10  # a hang guard
    assert blobs.problems == ("bmff: unreadable meta box (iloc lists over 100,000 items and extents)",)


def test_a_box_of_a_million_empty_boxes_is_refused() -> None:
    ftyp = box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    blobs = bmff.walk(io.BytesIO(ftyp + full_box(b"meta", 0, box(b"free", b"") * 200_000)))
    assert blobs.problems == ("bmff: unreadable meta box (over 100,000 boxes in one box)",)
