"""Fingerprints of decoded pixels: the values in the algorithm list's form, stable across copies of the same
pixels, bounded decoding, and video through an isolated vPDQ process."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from PIL import Image

from provenance.fingerprints import ISCC, PDQ, VPDQ, fingerprint, hamming
from provenance.fingerprints.decode import MIN_SIDE
from tests.helpers import corpus, fixture


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _photo_like(seed: int = 1, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A picture with structure at several scales (gradients and shapes), as fingerprints expect."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : size[1], 0 : size[0]].astype(float)
    base = 120 + 60 * np.sin(x / (17 + 10 * rng.random())) + 50 * np.cos(y / (23 + 10 * rng.random()))
    image = np.stack([base, base * rng.random(), 255 - base], axis=-1)
    for _ in range(6):
        cx, cy, r = rng.integers(0, size[0]), rng.integers(0, size[1]), rng.integers(10, 60)
        image[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.integers(0, 255, 3)
    return Image.fromarray(np.clip(image, 0, 255).astype("uint8"))


def test_an_image_gets_an_iscc_in_its_canonical_form_and_a_pdq_in_hex() -> None:
    result = fingerprint(fixture("ai_generated.jpg"))
    iscc, pdq = result.of(ISCC), result.of(PDQ)
    assert result.media == "image" and result.refused is None
    assert iscc is not None and re.fullmatch(r"ISCC:EEA[A-Z2-7]{13}", iscc.value)
    assert iscc.registered and len(iscc.bits) == 8 and iscc.version.startswith("iscc-core ")
    assert (
        pdq is not None and re.fullmatch(r"[0-9a-f]{64}", pdq.value) and bytes.fromhex(pdq.value) == pdq.bits
    )
    assert not pdq.registered and pdq.quality is not None
    assert [f.variant for f in result.fingerprints] == ["full", "full"]


def test_the_iscc_value_decodes_to_the_compared_bits() -> None:
    import iscc_core

    iscc = fingerprint(fixture("captured.png")).of(ISCC)
    assert iscc is not None
    assert iscc_core.iscc_decode(iscc.value)[4] == iscc.bits


def test_the_same_pixels_in_another_container_have_the_same_fingerprints() -> None:
    picture = _photo_like()
    png = fingerprint(_encoded(picture, "PNG"))
    lossless_webp = fingerprint(_encoded(picture, "WEBP", lossless=True))
    assert [f.value for f in png.fingerprints] == [f.value for f in lossless_webp.fingerprints]


def test_a_re_encoded_and_resized_copy_stays_within_the_thresholds() -> None:
    picture = _photo_like(2)
    original = fingerprint(_encoded(picture, "PNG"))
    half = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.LANCZOS)
    for copy in (_encoded(picture, "JPEG", quality=70), _encoded(half, "PNG")):
        found = fingerprint(copy)
        for alg, limit in ((ISCC, 8), (PDQ, 31)):
            a, b = original.of(alg), found.of(alg)
            assert a is not None and b is not None and hamming(a.bits, b.bits) <= limit


def test_unrelated_pictures_are_far_apart() -> None:
    a, b = fingerprint(_encoded(_photo_like(3), "PNG")), fingerprint(_encoded(_photo_like(4), "PNG"))
    for alg, limit in ((ISCC, 8), (PDQ, 31)):
        fa, fb = a.of(alg), b.of(alg)
        assert fa is not None and fb is not None and hamming(fa.bits, fb.bits) > limit


def test_variants_add_centred_crops_of_the_original() -> None:
    result = fingerprint(_encoded(_photo_like(), "PNG"), variants=True)
    assert sorted({f.variant for f in result.fingerprints}) == ["crop90", "crop95", "full"]
    assert "crop" not in str(result.to_dict()["values"])  # the report shows the whole image only


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size in its header and holds one tiny compressed row: enough for Pillow to
    open, and a bomb if anything decoded it in full."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def test_an_image_over_the_pixel_limits_is_refused_from_its_header() -> None:
    result = fingerprint(_png_header_only(9000, 9000))
    assert result.fingerprints == () and "over the limit" in (result.refused or "")
    result = fingerprint(_png_header_only(5000, 4000))  # 20 MP: only sequential JPEGs decode reduced
    assert result.fingerprints == () and "cannot be decoded reduced" in (result.refused or "")


def test_a_tiny_image_is_refused() -> None:
    result = fingerprint(_encoded(Image.new("RGB", (MIN_SIDE - 1, 100), "white"), "PNG"))
    assert result.fingerprints == () and "too small" in (result.refused or "")


def test_a_large_sequential_jpeg_is_decoded_reduced() -> None:
    big = _photo_like(5, (4000, 3000))
    result = fingerprint(_encoded(big, "JPEG", quality=85))
    assert result.refused is None and result.of(PDQ) is not None


def test_files_without_pixels_say_so() -> None:
    assert fingerprint(fixture("ai_generated.pdf")).refused == "not an image or a video"
    assert fingerprint(b"hello").refused == "not an image or a video"


def test_a_damaged_image_is_refused_not_raised() -> None:
    data = _encoded(_photo_like(), "PNG")
    result = fingerprint(data[:200])
    assert result.fingerprints == () and result.refused is not None


def test_videos_get_a_vpdq_hash_a_second() -> None:
    pytest.importorskip(
        "vpdq", reason="vpdq (the 'video' extra) is not installed: it needs FFmpeg's dev libraries"
    )
    signed = fingerprint(corpus("c2pa-rs-fixtures/video1.mp4"))
    plain = fingerprint(corpus("c2pa-rs-fixtures/video1_no_manifest.mp4"))
    assert signed.media == "video" and [f.alg for f in signed.fingerprints] == [VPDQ, VPDQ]
    assert [f.variant for f in signed.fingerprints] == ["t=0.0", "t=1.0"]
    assert [f.value for f in signed.fingerprints] == [f.value for f in plain.fingerprints]


def test_a_video_that_crashes_the_decoder_costs_its_fingerprints_only() -> None:
    pytest.importorskip(
        "vpdq", reason="vpdq (the 'video' extra) is not installed: it needs FFmpeg's dev libraries"
    )
    # A DASH init segment has no frame: FFmpeg's scaler aborts the process it runs in (measured: SIGABRT).
    result = fingerprint(corpus("c2pa-rs-fixtures/dashinit.mp4"))
    assert result.fingerprints == () and "failed" in (result.refused or "")


def test_without_vpdq_a_video_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.fingerprints as fingerprints

    monkeypatch.setattr(fingerprints, "vpdq_available", lambda: False)
    result = fingerprint(b"\0\0\0\x18ftypmp42" + b"\0" * 40)
    assert result.media == "video" and "vpdq" in (result.refused or "")


def test_the_exif_orientation_is_applied_before_hashing() -> None:
    picture = _photo_like(6)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    turned = fingerprint(_encoded(picture, "JPEG", quality=95, exif=exif.tobytes()))
    upright = fingerprint(_encoded(picture.transpose(Image.Transpose.ROTATE_270), "JPEG", quality=95))
    assert [f.value for f in turned.fingerprints] == [f.value for f in upright.fingerprints]
