"""Cost of ``--deep`` per megapixel: the dwtDct watermark and the stealth checks at 1, 12 and 48 MP.

Run: .venv/bin/python benchmarks/watermark_cost.py [--runs 3] [--save]

Median milliseconds (over rounds that run every measurement once) per file and per megapixel of each
pixel reader on synthetic, textured, SDXL-marked images: the watermark reader on a quality-90 JPEG and on
a PNG (Pillow's decode plus the NumPy decoding), the NumPy decoding alone, the stealth reader on a PNG
without a signature (it decodes only the top rows) and with one (the whole frame), and both checks on
that PNG with the frame decoded once and shared, as ``inspect --deep`` runs them, against each decoding
it for itself. The stealth check refuses images over 40 MP, the watermark check over 50 MP.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from figures import load_average, save
from PIL import Image

from provenance.containers import Blobs
from provenance.readers.base import ReadContext, ReaderOutput
from provenance.readers.dwtdct import encode_bits, vote_table
from provenance.readers.stealth import StealthReader
from provenance.readers.watermark import VARIANTS, WatermarkReader, assess

REPO = Path(__file__).resolve().parents[1]
SIZES = {"1 MP": (1000, 1000), "12 MP": (3000, 4000), "48 MP": (6000, 8000)}
PARAMS = b"a harbour\nSteps: 24, Sampler: Euler, CFG scale: 6, Seed: 9, Model: harbourMix"


def textured(rows: int, cols: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    small = Image.fromarray(rng.integers(40, 215, (rows // 8 + 1, cols // 8 + 1, 3), dtype=np.uint8))
    return np.asarray(small.resize((cols, rows), Image.Resampling.BICUBIC))


def encoded(pixels: np.ndarray, fmt: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {"compress_level": 1}))
    return out.getvalue()


def with_stealth(pixels: np.ndarray) -> np.ndarray:
    """RGBA pixels carrying an A1111 stealth-pnginfo payload in the alpha LSBs."""
    sys.path.insert(0, str(REPO))  # the fixtures' own encoder (the scripts run from benchmarks/)
    from fixtures.signals_generators import embed_stealth

    rgba = np.dstack([pixels, np.full(pixels.shape[:2], 255, dtype=np.uint8)])
    embed_stealth(rgba, PARAMS, signature=b"stealth_pnginfo")
    return rgba


def context(data: bytes, media_type: str) -> ReadContext:
    return ReadContext(Blobs(), io.BytesIO(data), media_type, len(data))


def one(reader: Callable[[ReadContext], ReaderOutput], data: bytes, media_type: str) -> ReaderOutput:
    return reader(context(data, media_type))


def both(data: bytes, shared: bool) -> None:
    """The stealth then the watermark check, on one context (one decode) or on one each."""
    first = context(data, "image/png")
    StealthReader().read(first)
    WatermarkReader().read(first if shared else context(data, "image/png"))


def interleaved(measured: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median ms of each function over ``runs`` rounds, each round calling every function once: load from
    other work on the machine hits them alike (the shared and the separate decodes are compared so)."""
    for fn in measured.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in measured}
    for _ in range(runs):
        for name, fn in measured.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def detail(output: ReaderOutput) -> str:
    return output.checks[0].detail or ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--save", action="store_true", help="write the figures to benchmarks/figures.json")
    args = parser.parse_args()
    load_before = load_average()
    sdxl = next(v for v in VARIANTS if v.name == "SDXL").bits
    rows: dict[str, dict[str, float | None]] = {}
    notes: dict[str, str] = {}
    for label, (height, width) in SIZES.items():
        megapixels = height * width / 1e6
        pixels = encode_bits(textured(height, width), sdxl, channel_order="BGR", pipeline="float")
        jpeg, png, marked = (
            encoded(pixels, "JPEG"),
            encoded(pixels, "PNG"),
            encoded(with_stealth(pixels), "PNG"),
        )
        stealth_read = one(StealthReader().read, marked, "image/png")
        if "stealth_pnginfo" not in detail(stealth_read):
            notes[label] = f"stealth: {detail(stealth_read)}"
        measured = {
            "watermark, JPEG q90": partial(one, WatermarkReader().read, jpeg, "image/jpeg"),
            "watermark, PNG": partial(one, WatermarkReader().read, png, "image/png"),
            "watermark, NumPy decoding alone": partial(lambda p: assess(vote_table(p)), pixels),
            "stealth, PNG without signature (top rows)": partial(one, StealthReader().read, png, "image/png"),
            "stealth, PNG with signature (whole frame)": partial(
                one, StealthReader().read, marked, "image/png"
            ),
            "both checks, PNG with signature, one shared decode": partial(both, marked, True),
            "both checks, PNG with signature, a decode each": partial(both, marked, False),
        }
        rows[label] = {name: ms / megapixels for name, ms in interleaved(measured, args.runs).items()}
        print(
            f"{label}: {', '.join(f'{n} {v * megapixels:.0f} ms' for n, v in rows[label].items())}",
            flush=True,
        )
    print(f"\nmedian of {args.runs} runs, ms per megapixel (load average {load_before} -> {load_average()})")
    names = list(next(iter(rows.values())))
    print(f"{'check':<52}" + "".join(f"{label:>10}" for label in SIZES))
    for name in names:
        print(f"{name:<52}" + "".join(f"{rows[label][name]:10.1f}" for label in SIZES))
    for label, note in notes.items():
        print(f"{label}: {note}")
    if args.save:
        per_mp = {
            label: {n: round(v, 2) for n, v in values.items() if v is not None}
            for label, values in rows.items()
        }
        save("deep", {"runs": args.runs, "ms_per_mp": per_mp, "notes": notes}, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
