"""The watermark reader: the dwtDct mark of SD 1.x/2.x, SDXL and FLUX reference code, decoded in NumPy.

Reference numbers below come from running the real ``invisible-watermark`` 0.2.0 decoder (OpenCV 4.14,
PyWavelets 1.9) on the same files with ``cv2.imread``; our ``"uint8"`` reading must reproduce them exactly.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from typing import Literal

import numpy as np
import pytest
from PIL import Image

from fixtures.signals_watermark import base_image
from provenance.containers import Blobs
from provenance.models import Check, Evidence, Origin, Strength, Tool, Watermark
from provenance.readers import dwtdct
from provenance.readers.base import ReadContext, ReaderOutput
from provenance.readers.watermark import MAX_PIXELS, MISS, VARIANTS, WatermarkReader, assess
from tests.helpers import corpus, fixture

BY_NAME = {variant.name: variant for variant in VARIANTS}
# What each reference embedder hands the encoder: float32 pixels (SDXL, FLUX) or a uint8 image (SD1, SD2).
PIPELINE: dict[str, Literal["float", "uint8"]] = {
    "SDXL": "float",
    "FLUX": "float",
    "SD1": "uint8",
    "SD2": "uint8",
}


def png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def read_bytes(data: bytes, media_type: str | None = "image/png") -> ReaderOutput:
    return WatermarkReader().read(ReadContext(Blobs(), io.BytesIO(data), media_type, len(data)))


def read_fixture(name: str) -> ReaderOutput:
    return read_bytes(fixture(name).read_bytes())


def marks(out: ReaderOutput) -> dict[str, Watermark]:
    return {mark.variant: mark for mark in out.watermarks}


def detected(out: ReaderOutput) -> set[str]:
    return {mark.variant for mark in out.watermarks if mark.detected}


def detail(out: ReaderOutput) -> str:
    (check,) = out.checks
    assert check.name == "watermark"
    return check.detail or ""


def test_reader_identity() -> None:
    reader = WatermarkReader()
    assert (reader.name, reader.deep) == ("watermark", True)


def test_patterns_are_the_published_ones() -> None:
    as_int = {name: int("".join("1" if b else "0" for b in v.bits), 2) for name, v in BY_NAME.items()}
    assert as_int["SDXL"] == 0xB3EC907BB19E and BY_NAME["SDXL"].bits.size == 48
    assert (
        as_int["FLUX"] == 0b001010101111111010000111100111001111010100101110
        and BY_NAME["FLUX"].bits.size == 46
    )
    assert np.packbits(BY_NAME["SD1"].bits).tobytes() == b"StableDiffusionV1"
    assert np.packbits(BY_NAME["SD2"].bits).tobytes() == b"SDV2"
    assert [v.threshold for v in VARIANTS] == [40, 40, 110, 29]


def test_u_channel_matches_opencv_bgr2yuv() -> None:
    # cv2.cvtColor(px, COLOR_BGR2YUV)[..., 1] for these BGR pixels, from OpenCV 4.14.
    bgr = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255], [10, 200, 30], [200, 10, 90]])
    b, g, r = (bgr[:, i].astype(np.int32) for i in range(3))
    assert dwtdct._u_plane_u8(b, g, r).tolist() == [128, 128, 239, 91, 70, 199]


@pytest.mark.parametrize(
    ("name", "variant", "order", "reference_count"),
    [
        ("wm_sdxl.png", "SDXL", "BGR", 46),
        ("wm_sdxl.png", "SDXL", "RGB", 20),
        ("wm_sdxl_rgb.png", "SDXL", "RGB", 42),
        ("wm_flux.png", "FLUX", "BGR", 40),
        ("wm_sd1.png", "SD1", "BGR", 127),
        ("wm_none.png", "SDXL", "BGR", 27),
        ("wm_none.png", "SD1", "RGB", 67),
    ],
)
def test_uint8_reading_reproduces_the_reference_decoder(
    name: str, variant: str, order: str, reference_count: int
) -> None:
    pixels = np.asarray(Image.open(fixture(name)).convert("RGB"))
    bits = dwtdct.decode_bits(pixels, BY_NAME[variant].bits.size, channel_order=order)
    assert int(np.count_nonzero(bits == BY_NAME[variant].bits)) == reference_count


@pytest.mark.parametrize("order", ["BGR", "RGB"])
@pytest.mark.parametrize("variant", ["SDXL", "FLUX", "SD1", "SD2"])
def test_round_trip_detects_each_variant_in_each_channel_order(variant: str, order: str) -> None:
    marked = dwtdct.encode_bits(
        base_image(), BY_NAME[variant].bits, channel_order=order, pipeline=PIPELINE[variant]
    )
    out = read_bytes(png(marked))
    assert detected(out) == {variant}
    mark = marks(out)[variant]
    assert mark.channel_order == order
    assert mark.bits_matched >= BY_NAME[variant].threshold


def test_float_reading_finds_float_embedder_marks_the_reference_decoder_misses() -> None:
    # Warm pixels (blue below luma) make the float32 embedders' U negative; the reference decoder, whose
    # chroma offset is 128 instead of 0.5, then reads those blocks inverted.
    warm = np.clip(base_image().astype(int) + np.array([70, 20, -70]), 0, 255).astype(np.uint8)
    marked = dwtdct.encode_bits(warm, BY_NAME["SDXL"].bits, channel_order="BGR", pipeline="float")
    table = dwtdct.vote_table(marked)
    count = {
        r: int(np.count_nonzero(dwtdct.fold_votes(v, 48) == BY_NAME["SDXL"].bits)) for r, v in table.items()
    }
    assert count["BGR", "uint8"] < 40 <= count["BGR", "float"]
    assert detected(read_bytes(png(marked))) == {"SDXL"}


@pytest.mark.parametrize(
    ("name", "variant", "order", "matched"),
    [
        ("wm_sdxl.png", "SDXL", "BGR", 48),
        ("wm_sdxl_rgb.png", "SDXL", "RGB", 48),
        ("wm_flux.png", "FLUX", "BGR", 46),
        ("wm_sd1.png", "SD1", "BGR", 127),
    ],
)
def test_fixture_is_detected_with_its_variant_and_order(
    name: str, variant: str, order: str, matched: int
) -> None:
    out = read_fixture(name)
    assert detected(out) == {variant}
    assert marks(out)[variant] == Watermark(
        "dwtDct", variant, True, matched, BY_NAME[variant].bits.size, order
    )
    assert detail(
        out
    ) == f"dwtDct: {variant} detected ({matched}/{BY_NAME[variant].bits.size} bits, {order} order, " + (
        "float reading)" if PIPELINE[variant] == "float" else "uint8 reading)"
    )


def test_detection_is_watermark_strength_evidence_naming_the_product() -> None:
    (evidence,) = read_fixture("wm_sdxl.png").evidence
    assert evidence == Evidence(
        source="watermark",
        field="dwtDct/SDXL",
        raw="48/48 bits",
        meaning="invisible watermark of the SDXL reference code detected "
        "(pixel evidence; the pattern is public and can be forged or erased)",
        strength=Strength.WATERMARK,
        origin=Origin.AI_GENERATED,
        tool=Tool("Stable Diffusion XL", None, "watermark", ("SDXL",)),
    )


def test_unmarked_fixture_reports_every_variant_as_not_detected_without_evidence() -> None:
    out = read_fixture("wm_none.png")
    assert [m.variant for m in out.watermarks] == ["SDXL", "FLUX", "SD1", "SD2"]
    assert not detected(out) and out.evidence == ()
    assert detail(out) == f"dwtDct (SDXL, FLUX, SD1, SD2): {MISS}"
    assert MISS == "not detected (a miss proves nothing: JPEG 4:2:0, resizing or cropping erase it)"


@pytest.mark.parametrize("name", ["SDXL", "FLUX", "SD1", "SD2"])
def test_threshold_is_inclusive(name: str) -> None:
    variant = BY_NAME[name]
    for matched in (variant.threshold - 1, variant.threshold):
        bits = variant.bits.copy()
        bits[: bits.size - matched] ^= True  # flip exactly the bits that must not match
        votes = np.tile(bits, 3)  # three blocks per bit, all agreeing
        table = {r: votes if r == ("BGR", "uint8") else np.zeros(0, dtype=np.bool_) for r in dwtdct.READINGS}
        out = assess(table)
        mark = marks(out)[name]
        assert (mark.bits_matched, mark.detected) == (matched, matched == variant.threshold)
        assert [e.field for e in out.evidence] == ([f"dwtDct/{name}"] if mark.detected else [])


def test_decodings_of_different_lengths_are_not_prefixes() -> None:
    # Block k carries bit k % n, so the 136-bit reading of an SDXL mark does not start with the SDXL bits.
    votes = dwtdct.block_votes(
        np.asarray(Image.open(fixture("wm_sdxl.png"))), channel_order="BGR", pipeline="float"
    )
    assert np.array_equal(dwtdct.fold_votes(votes, 48), BY_NAME["SDXL"].bits)
    assert not np.array_equal(dwtdct.fold_votes(votes, 136)[:48], BY_NAME["SDXL"].bits)


def test_a_bit_tie_decodes_as_one_and_an_uncarried_bit_as_zero() -> None:
    # EmbedMaxDct.decode: mean * 255 > 127, so 1 of 2 votes is a 1; np.mean of no votes is nan, never > 127.
    assert dwtdct.fold_votes(np.array([True, False, False, False]), 2).tolist() == [True, False]
    assert dwtdct.fold_votes(np.array([True]), 3).tolist() == [True, False, False]


@pytest.mark.parametrize("name", ["wm_sdxl.png", "wm_sdxl_rgb.png", "wm_flux.png", "wm_sd1.png"])
def test_jpeg_444_at_quality_95_keeps_the_mark(name: str) -> None:
    out = io.BytesIO()
    Image.open(fixture(name)).save(out, "JPEG", quality=95, subsampling=0)
    assert detected(read_bytes(out.getvalue(), "image/jpeg")) == detected(read_fixture(name))


@pytest.mark.parametrize(
    ("name", "variant", "at_most"),
    # Measured with Pillow's libjpeg-turbo: 39/48, 32/48, 30/46, 81/136. 4:2:0 averages chroma over 2x2
    # cells, which is the Haar LL the mark lives in, so it partly survives and quantisation does the rest;
    # wm_sdxl.png lands one bit under its threshold, too close to promise a miss, so its bound is looser.
    [
        ("wm_sdxl.png", "SDXL", 43),
        ("wm_sdxl_rgb.png", "SDXL", 36),
        ("wm_flux.png", "FLUX", 34),
        ("wm_sd1.png", "SD1", 90),
    ],
)
def test_jpeg_420_at_quality_95_damages_the_mark(name: str, variant: str, at_most: int) -> None:
    out = io.BytesIO()
    Image.open(fixture(name)).save(out, "JPEG", quality=95, subsampling=2)
    assert marks(read_bytes(out.getvalue(), "image/jpeg"))[variant].bits_matched <= at_most


def test_alpha_is_dropped_like_cv2_imread() -> None:
    rgba = np.dstack([np.asarray(Image.open(fixture("wm_flux.png"))), np.full((256, 256), 200, np.uint8)])
    assert detected(read_bytes(png(rgba))) == {"FLUX"}


def test_grayscale_image_is_read_without_detection() -> None:
    gray = base_image()[:, :, 1]
    out = read_bytes(png(gray))
    assert len(out.watermarks) == 4 and not detected(out)


@pytest.mark.parametrize("shape", [(0, 0, 3), (3, 5, 3), (7, 300, 3), (100, 100, 3)])
def test_decoding_an_image_smaller_than_one_block_gives_zero_bits(shape: tuple[int, int, int]) -> None:
    pixels = np.full(shape, 90, dtype=np.uint8)
    assert dwtdct.decode_bits(pixels, 48, channel_order="BGR").tolist() == [False] * 48


def test_image_under_the_reference_minimum_is_not_checked() -> None:
    out = read_bytes(png(base_image()[:200, :200]))
    assert out.watermarks == () and out.evidence == ()
    assert out.checks == (
        Check(
            "watermark", False, "not run: 200x200 is under the 256x256 pixels the reference embedder needs"
        ),
    )


def test_one_row_image_of_enough_pixels_is_read_and_not_detected() -> None:
    strip = np.asarray(Image.fromarray(base_image()).resize((65536, 1)))
    out = read_bytes(png(strip))
    assert len(out.watermarks) == 4 and not detected(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size but holds almost no pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))


@pytest.mark.parametrize(("side", "shown"), [(10_000, "10000x10000"), (20_000, "the declared size")])
def test_huge_declared_size_is_refused_before_decoding(side: int, shown: str) -> None:
    # 100 MP passes Pillow's own bomb check and meets ours; 400 MP trips Pillow's first.
    start = time.perf_counter()
    out = read_bytes(_png_header_only(side, side))
    assert time.perf_counter() - start < 1.0
    assert out.watermarks == () and out.evidence == ()
    limit = MAX_PIXELS // 1_000_000
    assert out.checks == (
        Check("watermark", False, f"not run: {shown} is over the {limit} MP limit for pixel checks"),
    )


def test_undecodable_bytes_and_other_media_are_not_run() -> None:
    assert (
        detail(read_bytes(b"not an image", None))
        == "not run: the image could not be decoded (UnidentifiedImageError)"
    )
    assert detail(read_bytes(b"RIFF", "audio/wav")).startswith(
        "not run: the dwtDct watermark is embedded in images"
    )


def test_camera_photo_is_not_detected() -> None:
    out = read_bytes(corpus("real-world/ianare__exif-py/DSCN0010.jpg").read_bytes(), "image/jpeg")
    assert len(out.watermarks) == 4 and not detected(out) and out.evidence == ()


def test_thumbnail_sized_camera_photo_is_not_checked() -> None:
    out = read_bytes(corpus("real-world/ianare__exif-py/Canon_40D.jpg").read_bytes(), "image/jpeg")
    assert detail(out) == "not run: 100x68 is under the 256x256 pixels the reference embedder needs"


@pytest.mark.parametrize("name", ["sdxl_simple_example.png", "sdxlturbo_example.png", "flux_dev_example.png"])
def test_comfyui_outputs_carry_no_mark(name: str) -> None:
    # ComfyUI never calls the embedder, so its SDXL and FLUX outputs read like unmarked images.
    out = read_bytes(corpus(f"real-world/comfyanonymous__ComfyUI_examples/{name}").read_bytes())
    assert len(out.watermarks) == 4 and not detected(out)
