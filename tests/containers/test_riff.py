"""The WebP (RIFF) walker: XMP, EXIF and C2PA chunks, and bad input."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from provenance.containers import _io, riff
from tests.helpers import corpus
from tests.metadata_samples import image_bytes, xmp


def riff_file(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"WEBP" + b"".join(
        fourcc + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1) for fourcc, data in chunks
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_xmp_and_exif_written_by_pillow_are_found() -> None:
    exif = Image.Exif()
    exif[0x0131] = "Test"
    packet = xmp({"xmp:CreatorTool": "Test"})
    blobs = riff.walk(io.BytesIO(image_bytes("WEBP", xmp=packet, exif=exif)))
    assert blobs.xmp == (packet,)
    assert len(blobs.exif) == 1 and blobs.exif[0][:4] in (b"II*\x00", b"MM\x00*")
    assert blobs.problems == ()


def test_exif_prefix_is_stripped() -> None:
    tiff = b"II*\x00\x08\x00\x00\x00\x00\x00"
    assert riff.walk(io.BytesIO(riff_file((b"EXIF", b"Exif\x00\x00" + tiff)))).exif == (tiff,)


def test_odd_sized_chunks_are_padded() -> None:
    blobs = riff.walk(io.BytesIO(riff_file((b"ICCP", b"abc"), (b"XMP ", b"<x/>"))))
    assert blobs.xmp == (b"<x/>",)


def test_c2pa_chunk_sets_c2pa_box() -> None:
    assert riff.walk(io.BytesIO(riff_file((b"VP8L", b"\x00" * 10), (b"C2PA", b"\x00" * 8)))).c2pa_box is True


def test_truncated_chunk_is_a_problem() -> None:
    data = riff_file((b"XMP ", b"<x/>" * 20))
    blobs = riff.walk(io.BytesIO(data[:40]))
    assert blobs.xmp == ()
    assert blobs.problems  # both the RIFF size and the chunk overrun the file


def test_not_a_webp_is_a_problem() -> None:
    assert riff.walk(io.BytesIO(b"RIFF\x04\x00\x00\x00WAVE")).problems == ("riff: not a RIFF WebP file",)


def test_comfyui_webp_from_the_corpus_has_exif() -> None:
    path = corpus("real-world/comfyanonymous__ComfyUI_examples/flux_kontext_example_comic.webp")
    with path.open("rb") as stream:
        blobs = riff.walk(stream)
    assert len(blobs.exif) == 1
    tags = Image.Exif()
    tags.load(blobs.exif[0])
    assert str(tags[0x010F]).startswith("workflow:")


def test_metadata_chunks_over_16_mb_are_skipped_unread() -> None:
    head = b"XMP " + struct.pack("<I", 16 * 1024 * 1024 + 1)
    data = b"RIFF" + struct.pack("<I", 4 + len(head) + 16 * 1024 * 1024 + 2) + b"WEBP" + head
    stream = io.BytesIO(data + b"\x00" * (16 * 1024 * 1024 + 2))
    blobs = riff.walk(stream)
    assert blobs.xmp == ()
    assert blobs.problems == ("riff: 'XMP ' chunk of 16777217 bytes skipped (over the cap)",)


def test_metadata_chunks_past_the_files_budget_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_KEPT", 10)
    blobs = riff.walk(io.BytesIO(riff_file((b"XMP ", b"<x/>"), (b"XMP ", b"<y/>"), (b"XMP ", b"<z/>"))))
    assert blobs.xmp == (b"<x/>", b"<y/>")
    assert blobs.problems == ("riff: metadata over 0 MB in the file; 'XMP ' chunk skipped",)
