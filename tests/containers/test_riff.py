"""The WebP (RIFF) walker: XMP, EXIF and C2PA chunks, and bad input."""

from __future__ import annotations

import io
import struct

from PIL import Image

from provenance.containers import riff
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
