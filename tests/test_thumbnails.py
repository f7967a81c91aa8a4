"""Thumbnails: small JPEG data URIs of common image formats, refused for anything else or too large."""

from __future__ import annotations

import base64
import importlib.util
import io
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from provenance.thumbnails import thumbnail_cost, thumbnail_data_uri
from tests.helpers import FIXTURES, REPO, fixture


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


def hostile_serve() -> ModuleType:
    """scripts/hostile_serve.py: the crafted images that cost a thumbnail too much."""
    spec = importlib.util.spec_from_file_location("hostile_serve", REPO / "scripts" / "hostile_serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    paths = {}
    for name, (_, data) in hostile_serve().make().items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize(
    "name",
    ["serve_flat_8000x8000.png", "serve_flat_8000x8000_rgba.png", "serve_flat_8000x8000_progressive.jpg"],
)
def test_a_64_megapixel_image_that_must_be_decoded_in_full_is_refused_from_its_header(
    crafted: dict[str, Path], name: str
) -> None:
    started = time.perf_counter()
    assert thumbnail_data_uri(crafted[name]) is None
    assert time.perf_counter() - started < 0.5  # a full decode took 0.6-1.8 s
    assert thumbnail_cost(crafted[name]) == 0


def test_the_largest_image_decoded_in_full_still_gets_a_thumbnail(crafted: dict[str, Path]) -> None:
    path = crafted["serve_flat_4000x4000_rgba.png"]
    assert thumbnail_data_uri(path) is not None
    assert thumbnail_cost(path) == 4000 * 4000 * 8


def _jpeg(tmp_path: Path, side: int, *, progressive: bool) -> Path:
    path = tmp_path / f"{side}{'_progressive' if progressive else ''}.jpg"
    with Image.new("RGB", (side, side), (10, 120, 200)) as image:
        image.save(path, "JPEG", quality=60, progressive=progressive)
    return path


def test_a_sequential_jpeg_is_decoded_reduced_so_the_full_decode_cap_does_not_apply(tmp_path: Path) -> None:
    sequential = _jpeg(tmp_path, 1600, progressive=False)
    progressive = _jpeg(tmp_path, 1600, progressive=True)
    # 2.56 MP, over a full-decode cap of 1 MP: the sequential JPEG decodes at 1/8 (200x200), the
    # progressive one would need every coefficient of the image.
    assert thumbnail_data_uri(sequential, max_full_decode_pixels=1_000_000) is not None
    assert thumbnail_data_uri(progressive, max_full_decode_pixels=1_000_000) is None
    assert thumbnail_data_uri(progressive) is not None
    assert thumbnail_cost(sequential) == 200 * 200 * 8


def test_thumbnailing_the_crafted_images_stays_small_in_memory(crafted: dict[str, Path]) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status for the peak resident memory")
    refused = [str(p) for name, p in crafted.items() if "8000x8000" in name]
    script = (
        "import sys\nfrom provenance.thumbnails import thumbnail_data_uri\n"
        "for path in sys.argv[1:]:\n    thumbnail_data_uri(path)\n"
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *refused], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 80, f"peak RSS {done.stdout.strip()} MB"  # was 250-520 MB
