"""The JPEG walker: XMP (standard and extended), EXIF, Photoshop IIM, C2PA JUMBF, and bad input."""

from __future__ import annotations

import io
import struct

import pytest

from provenance.containers import _io, jpeg
from tests.helpers import corpus
from tests.metadata_samples import (
    CountingStream,
    extended_xmp_segments,
    iim_record,
    image_bytes,
    jpeg_with,
    photoshop_iim,
    segment,
    xmp,
)

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
GUID = b"0123456789ABCDEF0123456789ABCDEF"


def test_standard_xmp_written_by_pillow_is_found() -> None:
    packet = xmp({"xmp:CreatorTool": "Test"})
    blobs = jpeg.walk(io.BytesIO(image_bytes("JPEG", xmp=packet)))
    assert blobs.xmp == (packet,)
    assert blobs.problems == ()


def test_exif_comes_without_its_prefix() -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Canon"
    blobs = jpeg.walk(io.BytesIO(image_bytes("JPEG", exif=exif)))
    assert len(blobs.exif) == 1
    assert blobs.exif[0][:4] in (b"II*\x00", b"MM\x00*")


def test_extended_xmp_is_reassembled_from_parts_in_any_order() -> None:
    extended = b"<x:xmpmeta>" + b"A" * 150 + b"</x:xmpmeta>"
    parts = extended_xmp_segments(GUID, extended, 50)
    data = jpeg_with(segment(0xE1, XMP_HEADER + b"<main/>"), *reversed(parts))
    blobs = jpeg.walk(io.BytesIO(data))
    assert blobs.xmp == (b"<main/>", extended)
    assert blobs.problems == ()


def test_incomplete_extended_xmp_is_a_problem_not_a_packet() -> None:
    parts = extended_xmp_segments(GUID, b"B" * 120, 50)
    blobs = jpeg.walk(io.BytesIO(jpeg_with(parts[0], parts[2])))
    assert blobs.xmp == ()
    assert any("incomplete" in problem for problem in blobs.problems)


def test_extended_xmp_over_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jpeg, "MAX_EXTENDED_XMP", 100)
    blobs = jpeg.walk(io.BytesIO(jpeg_with(*extended_xmp_segments(GUID, b"C" * 150, 50))))
    assert blobs.xmp == ()
    assert any("extended XMP over" in problem for problem in blobs.problems)


def test_extended_xmp_part_beyond_its_declared_length_is_refused() -> None:
    header = b"http://ns.adobe.com/xmp/extension/\x00" + GUID + struct.pack(">II", 10, 5)
    blobs = jpeg.walk(io.BytesIO(jpeg_with(segment(0xE1, header + b"0123456789"))))
    assert blobs.xmp == ()
    assert any("inconsistent" in problem for problem in blobs.problems)


def test_photoshop_segment_yields_iptc_iim() -> None:
    iim = iim_record(2, 110, b"Made with Google AI")
    blobs = jpeg.walk(io.BytesIO(jpeg_with(photoshop_iim(iim))))
    assert blobs.iptc_iim == (iim,)


def test_app11_jumbf_labelled_c2pa_sets_c2pa_box() -> None:
    jumbf = b"JP\x02\x11\x00\x00\x00\x01" + struct.pack(">I", 60) + b"jumb" + struct.pack(">I", 40) + b"jumd"
    jumbf += b"c2pa\x00\x11\x00\x10\x80\x00\x00\xaa\x00\x38\x9b\x71\x03c2pa\x00"
    assert jpeg.walk(io.BytesIO(jpeg_with(segment(0xEB, jumbf)))).c2pa_box is True


def test_app11_without_c2pa_label_does_not_set_c2pa_box() -> None:
    jumbf = b"JP\x02\x11\x00\x00\x00\x01" + struct.pack(">I", 40) + b"jumb" + b"\x00" * 28 + b"cai\x00"
    assert jpeg.walk(io.BytesIO(jpeg_with(segment(0xEB, jumbf)))).c2pa_box is False


def test_fill_bytes_before_a_marker_are_skipped() -> None:
    app1 = segment(0xE1, XMP_HEADER + b"<fill/>")
    blobs = jpeg.walk(io.BytesIO(jpeg_with(b"\xff\xff\xff" + app1)))
    assert blobs.xmp == (b"<fill/>",)
    assert blobs.problems == ()


def test_stray_bytes_between_segments_are_skipped_with_a_problem() -> None:
    app1 = segment(0xE1, XMP_HEADER + b"<stray/>")
    blobs = jpeg.walk(io.BytesIO(jpeg_with(b"\x00\x00" + app1)))
    assert blobs.xmp == (b"<stray/>",)
    assert any("stray bytes" in problem for problem in blobs.problems)


def test_truncated_segment_keeps_what_came_before() -> None:
    first = segment(0xE1, XMP_HEADER + b"<first/>")
    second = segment(0xE1, XMP_HEADER + b"<second/>" + b" " * 100)
    data = image_bytes("JPEG")[:2] + first + second[:40]
    blobs = jpeg.walk(io.BytesIO(data))
    assert blobs.xmp == (b"<first/>",)
    assert any("truncated" in problem for problem in blobs.problems)


def test_truncated_skipped_segment_is_noticed() -> None:
    data = image_bytes("JPEG")[:2] + segment(0xE2, b"x" * 200)[:50]
    assert any("truncated" in problem for problem in jpeg.walk(io.BytesIO(data)).problems)


def test_segment_length_below_two_is_a_problem() -> None:
    data = b"\xff\xd8\xff\xe1\x00\x01rest"
    assert any("bad segment length" in problem for problem in jpeg.walk(io.BytesIO(data)).problems)


def test_not_a_jpeg_is_a_problem() -> None:
    assert jpeg.walk(io.BytesIO(b"GIF89a")).problems == ("jpeg: no SOI marker",)


def test_empty_input_is_a_problem() -> None:
    assert jpeg.walk(io.BytesIO(b"")).problems == ("jpeg: no SOI marker",)


def test_segment_count_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jpeg, "MAX_SEGMENTS", 5)
    blobs = jpeg.walk(io.BytesIO(jpeg_with(*[segment(0xE2, b"x")] * 10)))
    assert any("more than 5 segments" in problem for problem in blobs.problems)


def test_entropy_coded_data_is_never_read() -> None:
    data = image_bytes("JPEG", size=(256, 256), noise=True, quality=95)
    sos = data.index(b"\xff\xda")
    stream = CountingStream(data)
    jpeg.walk(stream)
    assert stream.furthest <= sos + 2
    assert stream.bytes_read < 2000 < len(data) // 10


def test_camera_jpeg_from_the_corpus_has_exif_and_no_c2pa() -> None:
    path = corpus("real-world/ianare__exif-py/Canon_40D.jpg")
    with path.open("rb") as stream:
        blobs = jpeg.walk(stream)
    assert len(blobs.exif) == 1
    assert blobs.c2pa_box is False
    assert blobs.problems == ()


def test_c2pa_jpeg_from_the_corpus_has_c2pa_box_and_xmp() -> None:
    path = corpus("real-world/contentauth__opensource.contentauth.org/Sunset.jpg")
    with path.open("rb") as stream:
        blobs = jpeg.walk(stream)
    assert blobs.c2pa_box is True
    assert len(blobs.xmp) == 1


def test_photoshop_iim_from_the_corpus() -> None:
    path = corpus("c2pa-rs-fixtures/IMG_0003.jpg")
    with path.open("rb") as stream:
        blobs = jpeg.walk(stream)
    assert len(blobs.iptc_iim) == 1
    assert blobs.iptc_iim[0][:1] == b"\x1c"


def test_metadata_segments_past_the_files_budget_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_BLOCKS", 3)
    segments = [segment(0xE1, XMP_HEADER + b"<p%d/>" % n) for n in range(5)]
    blobs = jpeg.walk(io.BytesIO(jpeg_with(*segments)))
    assert blobs.xmp == (b"<p0/>", b"<p1/>", b"<p2/>")
    assert blobs.problems == ("jpeg: over 3 metadata blocks in the file; XMP segment skipped (x2)",)


def test_thousands_of_stray_bytes_make_a_capped_list() -> None:
    com = segment(0xFE, b"x")
    blobs = jpeg.walk(io.BytesIO(jpeg_with(com, *[b"\x00" + com] * 5000)))
    assert len(blobs.problems) == _io.MAX_PROBLEM_KINDS + 1
    assert blobs.problems[-1] == f"and {5000 - _io.MAX_PROBLEM_KINDS:,} more problems"
