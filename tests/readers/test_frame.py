"""The pixel readers share one decode of the first frame (issue 16): a PNG whose top rows carry a stealth
signature, or a WebP, is decoded once for the stealth and the watermark checks, with the same results."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image, ImageFile

from fixtures.signals_generators import embed_stealth
from provenance.containers import Blobs
from provenance.readers.base import ReadContext
from provenance.readers.stealth import StealthReader
from provenance.readers.watermark import WatermarkReader

SIZE = (320, 288)  # over the watermark's 256x256 minimum, so both readers decode
PARAMS = b"a harbour\nSteps: 24, Sampler: Euler, CFG scale: 6, Seed: 9, Model: harbourMix"


def image_bytes(fmt: str) -> bytes:
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (SIZE[1], SIZE[0], 4), dtype=np.uint8)
    pixels[:, :, 3] = 255
    embed_stealth(pixels, PARAMS, signature=b"stealth_pnginfo")
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    return out.getvalue()


@pytest.fixture
def full_decodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int]]]:
    """The size of every image Pillow decodes whole (the stealth reader's top-rows decode is smaller)."""
    seen: list[tuple[int, int]] = []
    real = ImageFile.ImageFile.load

    def load(self: ImageFile.ImageFile) -> object:
        if self.size == SIZE and self.tile:  # not yet decoded: this call decodes it
            seen.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    yield seen


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_stealth_and_watermark_decode_the_frame_once(
    fmt: str, media_type: str, full_decodes: list[tuple[int, int]]
) -> None:
    data = image_bytes(fmt)
    ctx = ReadContext(Blobs(), io.BytesIO(data), media_type, len(data))
    found = StealthReader().read(ctx)
    marked = WatermarkReader().read(ctx)
    assert full_decodes == [SIZE]
    assert "stealth_pnginfo in alpha LSBs: AUTOMATIC1111" in (found.checks[0].detail or "")
    assert marked.checks[0].ran and not any(w.detected for w in marked.watermarks)


def test_each_file_decodes_its_own_frame(full_decodes: list[tuple[int, int]]) -> None:
    data = image_bytes("PNG")
    for _ in range(2):
        ctx = ReadContext(Blobs(), io.BytesIO(data), "image/png", len(data))
        StealthReader().read(ctx)
        WatermarkReader().read(ctx)
    assert full_decodes == [SIZE, SIZE]
