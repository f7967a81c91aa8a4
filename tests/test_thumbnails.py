"""Thumbnails: small JPEG data URIs of common image formats, refused for anything else or too large."""

from __future__ import annotations

import base64
import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from provenance.thumbnails import thumbnail_data_uri
from tests.helpers import FIXTURES, fixture


@pytest.mark.parametrize(
    "name",
    [
        "ai_edited.jpg",
        "plain.png",
        "ai_generated.webp",
        "ai_generated.gif",
        "ai_generated.tif",
        "wm_sdxl.png",
    ],
)
def test_thumbnails_are_small_jpegs(name: str) -> None:
    uri = thumbnail_data_uri(fixture(name))
    assert uri is not None and uri.startswith("data:image/jpeg;base64,")
    assert len(uri) <= 6_144
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert max(image.size) <= 96


def test_thumbnail_max_side_is_respected() -> None:
    uri = thumbnail_data_uri(fixture("wm_sdxl.png"), max_side=32)
    assert uri is not None
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert max(image.size) == 32


@pytest.mark.parametrize("name", ["ai_generated.wav", "ai_generated.pdf", "missing.jpg"])
def test_no_thumbnail_for_non_images(name: str) -> None:
    assert thumbnail_data_uri(FIXTURES / "media" / name) is None


def test_no_thumbnail_for_garbage_truncated_or_a_folder(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(bytes(range(256)) * 40)
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(fixture("wm_sdxl.png").read_bytes()[:2000])
    assert thumbnail_data_uri(garbage) is None
    assert thumbnail_data_uri(truncated) is None
    assert thumbnail_data_uri(tmp_path) is None


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.mark.parametrize("side", [9_000, 100_000])
def test_bomb_sized_image_is_refused_from_its_header(tmp_path: Path, side: int) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(side, side))
    started = time.perf_counter()
    assert thumbnail_data_uri(bomb) is None
    assert time.perf_counter() - started < 1.0


def test_max_pixels_is_the_limit() -> None:
    assert thumbnail_data_uri(fixture("plain.png"), max_pixels=100) is None
