"""extract(): dispatch by media type, Pillow-opened formats without decoding, and no exception ever."""

from __future__ import annotations

import io
import random
import warnings

import pytest
from PIL import Image, ImageFile, TiffImagePlugin

from provenance.containers import Blobs
from provenance.containers.extract import extract
from tests.helpers import FIXTURES
from tests.metadata_samples import iim_record, image_bytes, itxt, png_with, xmp

PACKET = xmp({"xmp:CreatorTool": "Tiff Tool"})


def tiff_with_metadata() -> bytes:
    iim = iim_record(2, 110, b"Made with Google AI")
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[700] = PACKET
    info.tagtype[700] = 1  # BYTE
    info[33723] = iim
    info.tagtype[33723] = 7  # UNDEFINED
    info[0x0131] = "Some Software 1.0"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "TIFF", tiffinfo=info)
    return buffer.getvalue()


def test_each_media_type_goes_to_its_walker() -> None:
    packet = xmp({"xmp:CreatorTool": "x"})
    assert extract(io.BytesIO(image_bytes("JPEG", xmp=packet)), "image/jpeg").xmp == (packet,)
    assert extract(io.BytesIO(png_with([itxt("XML:com.adobe.xmp", packet)])), "image/png").xmp == (packet,)
    assert extract(io.BytesIO(image_bytes("WEBP", xmp=packet)), "image/webp").xmp == (packet,)


def test_tiff_metadata_is_read_without_decoding_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_load(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_load)
    blobs = extract(io.BytesIO(tiff_with_metadata()), "image/tiff")
    assert blobs.xmp == (PACKET,)
    assert blobs.iptc_iim == (iim_record(2, 110, b"Made with Google AI"),)
    tags = Image.Exif()
    tags.load(blobs.exif[0])
    assert dict(tags) == {0x0131: "Some Software 1.0"}
    assert blobs.problems == ()


def test_huge_dimensions_give_a_problem_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 16x16 = 256 > twice the limit
    blobs = extract(io.BytesIO(tiff_with_metadata()), "image/tiff")
    assert blobs.xmp == ()
    assert any("decompression-bomb" in problem for problem in blobs.problems)


def test_dimensions_over_the_warning_limit_still_give_metadata_silently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 200)  # 256 > 200: Pillow only warns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        blobs = extract(io.BytesIO(tiff_with_metadata()), "image/tiff")
    assert blobs.xmp == (PACKET,)


def test_audio_video_and_documents_are_skipped_quietly() -> None:
    for media_type in ("audio/wav", "video/mp4", "application/pdf"):
        assert extract(io.BytesIO(b"anything"), media_type) == Blobs()


def test_unrecognised_image_is_a_problem() -> None:
    assert extract(io.BytesIO(b"not an image"), None).problems == (
        "pillow: image format not recognised; no metadata read",
    )


def _inputs() -> list[tuple[str, bytes, str | None]]:
    samples: list[tuple[str, bytes, str | None]] = [
        ("jpeg", image_bytes("JPEG", xmp=PACKET), "image/jpeg"),
        ("png", png_with([itxt("XML:com.adobe.xmp", PACKET, compressed=True)]), "image/png"),
        ("webp", image_bytes("WEBP", xmp=PACKET), "image/webp"),
        ("tiff", tiff_with_metadata(), "image/tiff"),
        ("gif", image_bytes("GIF"), "image/gif"),
    ]
    media = FIXTURES / "media"
    for name in ("xmp_iptc_ai.jpg", "xmp_iptc_ai.png", "xmp_iptc_ai.webp", "ai_generated.avif"):
        if (media / name).is_file():
            media_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
            samples.append((name, (media / name).read_bytes(), media_type[name.rsplit(".", 1)[1]]))
    return samples


@pytest.mark.parametrize(
    ("name", "data", "media_type"), _inputs(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_damaged_input_never_raises(name: str, data: bytes, media_type: str | None) -> None:
    rng = random.Random(name)
    for cut in range(0, len(data), max(1, len(data) // 40)):
        assert isinstance(extract(io.BytesIO(data[:cut]), media_type), Blobs)
    for _ in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        assert isinstance(extract(io.BytesIO(bytes(damaged)), media_type), Blobs)
