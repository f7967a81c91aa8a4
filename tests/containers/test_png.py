"""The PNG walker: text chunks, XMP anywhere, eXIf, caBX, decompression caps, and bad input."""

from __future__ import annotations

import io
import tracemalloc
import zlib

import pytest

from provenance.containers import Blobs, TextChunk, _io, png
from tests.helpers import corpus
from tests.metadata_samples import CountingStream, chunk, image_bytes, itxt, png_with, xmp


def walk(data: bytes) -> Blobs:
    return png.walk(io.BytesIO(data))


def test_text_chunks_are_kept_in_file_order() -> None:
    data = png_with(
        [
            chunk(b"tEXt", b"parameters\x00caf\xe9"),
            chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"zipped")),
        ],
        [itxt("Title", "t\u00eftle".encode(), compressed=True)],
    )
    assert walk(data).text == (
        TextChunk("parameters", "caf\u00e9", "tEXt"),
        TextChunk("Comment", "zipped", "zTXt"),
        TextChunk("Title", "t\u00eftle", "iTXt"),
    )


def test_xmp_after_idat_is_found_and_not_listed_as_text() -> None:
    packet = xmp({"xmp:CreatorTool": "Test"})
    blobs = walk(png_with(after_idat=[itxt("XML:com.adobe.xmp", packet)]))
    assert blobs.xmp == (packet,)
    assert blobs.text == ()


def test_compressed_xmp_is_inflated() -> None:
    packet = xmp({"xmp:CreatorTool": "Zipped"})
    assert walk(png_with([itxt("XML:com.adobe.xmp", packet, compressed=True)])).xmp == (packet,)


def test_exif_chunk_is_exif_with_or_without_prefix() -> None:
    tiff = b"MM\x00*\x00\x00\x00\x08\x00\x00"
    blobs = walk(png_with([chunk(b"eXIf", tiff)], [chunk(b"eXIf", b"Exif\x00\x00" + tiff)]))
    assert blobs.exif == (tiff, tiff)


def test_cabx_chunk_sets_c2pa_box() -> None:
    assert walk(png_with([chunk(b"caBX", b"\x00" * 16)])).c2pa_box is True


def test_imagemagick_raw_exif_profile_becomes_exif() -> None:
    tiff = b"II*\x00\x08\x00\x00\x00\x00\x00"
    text = f"\nexif\n      {len(tiff) + 6}\n{(b'Exif' + bytes(2) + tiff).hex()}\n".encode()
    blobs = walk(png_with([chunk(b"zTXt", b"Raw profile type exif\x00\x00" + zlib.compress(text))]))
    assert blobs.exif == (tiff,)


def test_zip_bomb_is_refused_without_allocating_it() -> None:
    compressor = zlib.compressobj(9)
    bomb = b"".join(compressor.compress(bytes(1024 * 1024)) for _ in range(200)) + compressor.flush()
    data = png_with([chunk(b"zTXt", b"bomb\x00\x00" + bomb)])  # 200 MB inflated
    tracemalloc.start()
    blobs = walk(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert blobs.text == ()
    assert any("zTXt 'bomb' not decompressed" in problem for problem in blobs.problems)
    assert peak < 3 * png.MAX_TEXT_CHUNK


def test_decompressed_text_per_file_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(png, "MAX_TEXT_CHUNK", 600)
    monkeypatch.setattr(png, "MAX_TEXT_FILE", 1000)
    text = [chunk(b"zTXt", f"k{i}\x00\x00".encode() + zlib.compress(b"x" * 400)) for i in range(3)]
    blobs = walk(png_with([*text, chunk(b"tEXt", b"plain\x00" + b"y" * 300)]))
    assert [t.keyword for t in blobs.text] == ["k0", "k1"]  # 800 bytes; k2 would reach 1,200
    assert any("zTXt 'k2' not decompressed" in problem for problem in blobs.problems)
    assert any("tEXt chunk skipped" in problem for problem in blobs.problems)  # stored text counts too


def test_corrupt_zlib_is_a_problem() -> None:
    blobs = walk(png_with([chunk(b"zTXt", b"bad\x00\x00not zlib")]))
    assert blobs.text == ()
    assert any("zTXt 'bad'" in problem for problem in blobs.problems)


def test_crc_mismatch_is_reported_and_the_chunk_still_used() -> None:
    blobs = walk(png_with([chunk(b"tEXt", b"k\x00v", crc=0)]))
    assert blobs.text == (TextChunk("k", "v", "tEXt"),)
    assert any("CRC mismatch" in problem for problem in blobs.problems)


def test_image_data_is_never_read() -> None:
    data = png_with(after_idat=[chunk(b"tEXt", b"late\x00yes")], size=(256, 256), noise=True)
    stream = CountingStream(data)
    blobs = png.walk(stream)
    assert blobs.text == (TextChunk("late", "yes", "tEXt"),)
    assert stream.bytes_read < 200 < len(data) // 100


def test_truncated_file_is_a_problem() -> None:
    data = png_with([chunk(b"tEXt", b"first\x00kept")])
    blobs = walk(data[: data.index(b"IDAT") + 10])
    assert blobs.text == (TextChunk("first", "kept", "tEXt"),)
    assert any("truncated" in problem or "ends before IEND" in problem for problem in blobs.problems)


def test_bad_chunk_type_stops_the_walk() -> None:
    data = image_bytes("PNG")
    data = data[:33] + b"\x00\x00\x00\x01\x00\x01\x02\x03x\x00\x00\x00\x00" + data[33:]
    assert any("bad chunk header" in problem for problem in walk(data).problems)


def test_not_a_png_is_a_problem() -> None:
    assert walk(b"\xff\xd8\xff").problems == ("png: bad signature",)


def test_comfyui_png_from_the_corpus_has_prompt_and_workflow() -> None:
    path = corpus("real-world/comfyanonymous__ComfyUI_examples/sdxl_simple_example.png")
    with path.open("rb") as stream:
        blobs = png.walk(stream)
    assert [t.keyword for t in blobs.text] == ["prompt", "workflow"]
    assert blobs.problems == ()


def test_png_with_c2pa_and_xmp_from_the_corpus() -> None:
    path = corpus("real-world/starlinglab__2022-bijeljina-investigation/C031.png")
    with path.open("rb") as stream:
        blobs = png.walk(stream)
    assert blobs.c2pa_box is True
    assert len(blobs.xmp) == 1


def test_plain_text_over_the_chunk_cap_is_skipped_unread() -> None:
    big = chunk(b"tEXt", b"k\x00" + bytes(png.MAX_TEXT_CHUNK))
    stream = CountingStream(png_with([big, chunk(b"tEXt", b"small\x00kept")]))
    blobs = png.walk(stream)
    assert blobs.text == (TextChunk("small", "kept", "tEXt"),)
    assert blobs.problems == ("png: tEXt chunk over 8 MB skipped",)
    assert stream.bytes_read < 100_000


def test_uncompressed_itxt_counts_toward_the_files_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(png, "MAX_TEXT_FILE", 1000)
    chunks = [itxt(f"k{n}", b"x" * 400) for n in range(3)]
    blobs = walk(png_with(chunks))
    assert [t.keyword for t in blobs.text] == ["k0", "k1"]
    assert blobs.problems == ("png: text over 0 MB in the file; iTXt chunk skipped",)


def test_a_flood_of_text_chunks_stops_the_walk_with_counted_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_BLOCKS", 50)
    flood = [chunk(b"tEXt", b"k\x00v", crc=0)] * 10_000
    blobs = walk(png_with(flood))
    assert len(blobs.text) == 50
    assert blobs.problems == (
        "png: CRC mismatch in tEXt chunk (used anyway) (x50)",
        "png: over 50 metadata chunks; walk stopped",
    )
