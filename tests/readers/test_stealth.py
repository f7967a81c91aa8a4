"""The stealth reader: generation metadata hidden in pixel LSBs, decoded with bounded cost."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fixtures.signals_generators import embed_stealth
from provenance.containers import Blobs
from provenance.models import Origin, Strength
from provenance.readers import stealth
from provenance.readers.base import ReadContext, ReaderOutput
from provenance.readers.stealth import StealthReader
from provenance.readers.stealth_bits import MAX_PAYLOAD, read_stealth
from tests.helpers import corpus, fixture

PARAMS = (
    "a harbour\nNegative prompt: text\nSteps: 24, Sampler: Euler, CFG scale: 6, Seed: 9, Model: harbourMix"
)


def canvas(width: int = 64, height: int = 64, channels: int = 4) -> np.ndarray:
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
    if channels == 4:
        pixels[:, :, 3] = 255
    return pixels


def png_bytes(pixels: np.ndarray, fmt: str = "PNG", **save: object) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **save)
    return out.getvalue()


def read_bytes(
    data: bytes, media_type: str | None = "image/png", *, show_prompts: bool = False
) -> ReaderOutput:
    ctx = ReadContext(Blobs(), io.BytesIO(data), media_type, len(data), show_prompts=show_prompts)
    return StealthReader().read(ctx)


def read_path(path: Path) -> ReaderOutput:
    return read_bytes(path.read_bytes())


def detail(out: ReaderOutput) -> str:
    (check,) = out.checks
    assert check.name == "stealth"
    return check.detail or ""


def test_reader_identity() -> None:
    reader = StealthReader()
    assert (reader.name, reader.deep) == ("stealth", True)


def test_real_a1111_stealth_file() -> None:
    out = read_path(corpus("real-world/d3x-at__sd-parsers/automatic1111_stealth.png"))
    (generator,) = out.generators
    assert (generator.name, generator.version, generator.model) == (
        "AUTOMATIC1111",
        "1.9.4-169-ga30b19dd",
        "realisticVisionV51_v51VAE",
    )
    assert generator.source == "stealth:alpha:stealth_pngcomp"
    (item,) = out.evidence
    assert (item.source, item.strength, item.origin) == ("stealth", Strength.UNSIGNED, Origin.AI_GENERATED)
    assert item.field == "alpha:stealth_pngcomp"


def test_fixture_uncompressed_alpha() -> None:
    out = read_path(fixture("gen_stealth_pnginfo.png"))
    assert [(g.name, g.model) for g in out.generators] == [("Forge", "stealthFixture_v2")]


def test_prompt_only_when_asked() -> None:
    pixels = canvas()
    embed_stealth(pixels, PARAMS.encode(), signature=b"stealth_pnginfo")
    hidden = read_bytes(png_bytes(pixels))
    assert hidden.generators[0].prompt is None and "a harbour" not in hidden.evidence[0].raw
    shown = read_bytes(png_bytes(pixels), show_prompts=True)
    assert shown.generators[0].prompt == "a harbour"


@pytest.mark.parametrize(
    ("signature", "channel", "channels"),
    [
        (b"stealth_pngcomp", "alpha", 4),
        (b"stealth_rgbinfo", "rgb", 3),
        (b"stealth_rgbcomp", "rgb", 3),
        (b"stealth_rgbinfo", "rgb", 4),
    ],
)
def test_every_variant(signature: bytes, channel: str, channels: int) -> None:
    pixels = canvas(channels=channels)
    payload = PARAMS.encode()
    if signature.endswith(b"comp"):
        payload = gzip.compress(payload)
    embed_stealth(pixels, payload, signature=signature, channel=channel)
    out = read_bytes(png_bytes(pixels))
    assert [g.source for g in out.generators] == [f"stealth:{channel}:{signature.decode()}"]


def test_novelai_json_payload() -> None:
    payload = {
        "Title": "AI generated image",
        "Software": "NovelAI",
        "Source": "NovelAI Diffusion V4.5 4BDE2A90",
        "Comment": {"prompt": "a fox", "steps": 28, "sampler": "k_euler"},
    }
    pixels = canvas()
    embed_stealth(pixels, gzip.compress(json.dumps(payload).encode()), signature=b"stealth_pngcomp")
    out = read_bytes(png_bytes(pixels), show_prompts=True)
    assert [(g.name, g.model, g.prompt) for g in out.generators] == [
        ("NovelAI", "NovelAI Diffusion V4.5 4BDE2A90", "a fox")
    ]


def test_signature_found_in_a_tall_image_uses_full_decode() -> None:
    pixels = canvas(width=40, height=500)
    embed_stealth(pixels, gzip.compress(PARAMS.encode()), signature=b"stealth_pngcomp")
    assert [g.model for g in read_bytes(png_bytes(pixels)).generators] == ["harbourMix"]


def test_lossless_webp() -> None:
    pixels = canvas()
    embed_stealth(pixels, PARAMS.encode(), signature=b"stealth_pnginfo")
    out = read_bytes(png_bytes(pixels, "WEBP", lossless=True), "image/webp")
    assert [g.name for g in out.generators] == ["AUTOMATIC1111"]


def test_no_signature() -> None:
    out = read_bytes(png_bytes(canvas(width=300, height=400)))
    assert out.generators == () and out.evidence == ()
    assert out.checks[0].ran and "no stealth signature" in detail(out)


def test_zip_bomb_is_capped() -> None:
    bomb = gzip.compress(b"\0" * (8 * MAX_PAYLOAD), compresslevel=9)
    pixels = canvas(width=320, height=320)
    embed_stealth(pixels, bomb, signature=b"stealth_pngcomp")
    out = read_bytes(png_bytes(pixels))
    assert out.generators == ()
    assert "expands past" in detail(out)
    (item,) = out.evidence
    assert item.origin is None and "cap" in item.meaning


def test_declared_length_over_cap() -> None:
    pixels = canvas()
    embed_stealth(pixels, b"x", signature=b"stealth_pnginfo", length_bits=(MAX_PAYLOAD + 1) * 8)
    out = read_bytes(png_bytes(pixels))
    assert out.generators == () and "cap" in detail(out)


def test_declared_length_past_the_image() -> None:
    pixels = canvas()
    embed_stealth(pixels, b"x", signature=b"stealth_pnginfo", length_bits=8 * 4096)
    assert "past the end" in detail(read_bytes(png_bytes(pixels)))


def test_corrupt_gzip() -> None:
    pixels = canvas()
    embed_stealth(pixels, b"not gzip at all", signature=b"stealth_pngcomp")
    out = read_bytes(png_bytes(pixels))
    assert out.generators == () and "corrupt" in detail(out)


def test_payload_that_is_not_generator_metadata() -> None:
    pixels = canvas()
    embed_stealth(pixels, b"hello there", signature=b"stealth_pnginfo")
    out = read_bytes(png_bytes(pixels))
    assert out.generators == ()
    assert [e.origin for e in out.evidence] == [None]


def test_large_images_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stealth, "MAX_PIXELS", 1000)
    out = read_bytes(png_bytes(canvas()))
    assert not out.checks[0].ran and "MP limit" in detail(out)


def test_other_media_types_are_not_run() -> None:
    out = read_bytes(b"\xff\xd8\xff\xe0", "image/jpeg")
    assert not out.checks[0].ran


def test_undecodable_bytes_are_a_check_not_an_error() -> None:
    out = read_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    assert not out.checks[0].ran and "could not be decoded" in detail(out)


def test_greyscale_is_not_run() -> None:
    out = read_bytes(png_bytes(canvas(channels=4)[:, :, 0]))
    assert not out.checks[0].ran and "mode L" in detail(out)


def test_top_rows_shortcut_matches_full_decode() -> None:
    pixels = canvas(width=257, height=300)
    image = Image.open(io.BytesIO(png_bytes(pixels)))
    top = stealth._top_rows(image, 120)
    assert top is not None
    assert np.array_equal(top, pixels[:120])


def test_decoder_reads_column_major() -> None:
    pixels = canvas(width=3, height=200)
    embed_stealth(pixels, b"xy", signature=b"stealth_pnginfo")
    # The signature's 120 bits fill column 0 top to bottom before column 1 starts.
    assert np.packbits(pixels[:120, 0, 3] & 1).tobytes() == b"stealth_pnginfo"
    found = read_stealth(pixels)
    assert found is not None and found.text == "xy"


def test_real_non_stealth_pngs_are_clean() -> None:
    for path in sorted(corpus("real-world/comfyanonymous__ComfyUI_examples").glob("*.png"))[:3]:
        out = read_path(path)
        assert out.generators == () and out.evidence == (), path.name
