"""Cost of the fast-path pre-check against the C2PA SDK, and what it saves inspect() on a batch.

Run: .venv/bin/python benchmarks/fast_path.py [--files 200]

Per file (median ms, warm page cache): the container walk inspect() does anyway, the pre-check on top of
it, the SDK read it replaces, and inspect() with and without the fast path, on plain JPEG and PNG files
of 0.3 MP and 12 MP. Then whole batches: a folder of plain JPEG and PNG files, and the shared corpus
(when present: most of its files carry manifests, so the fast path can skip few).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from timing import median_ms  # benchmarks/timing.py (scripts run from this folder)

import provenance
from provenance.containers.extract import extract
from provenance.containers.fastpath import may_carry_manifest
from provenance.media import sniff
from provenance.options import InspectOptions
from provenance.readers.c2pa.sdk import read
from provenance.trust import TrustSettings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FAST = InspectOptions(fast_path=True)


def plain_image(path: Path, size: tuple[int, int], seed: int) -> Path:
    rng = np.random.default_rng(seed)
    gradient = np.linspace(0, 200, size[0])[None, :, None]
    pixels = (rng.random((size[1], size[0], 3)) * 40 + gradient).astype(np.uint8)
    Image.fromarray(pixels).save(path, quality=90) if path.suffix == ".jpg" else Image.fromarray(pixels).save(
        path
    )
    return path


def per_file(path: Path) -> str:
    with path.open("rb") as stream:
        media_type = sniff(stream.read(64))
        blobs = extract(stream, media_type)
        walk = median_ms(lambda: extract(stream, media_type), 21)
        check = median_ms(lambda: may_carry_manifest(stream, media_type, blobs), 51)
        skipped = not may_carry_manifest(stream, media_type, blobs)
    sdk = median_ms(lambda: read(path, allow_network=False, trust=TrustSettings()), 21)
    full = median_ms(lambda: provenance.inspect(path), 11)
    fast = median_ms(lambda: provenance.inspect(path, options=FAST), 11)
    return (
        f"walk {walk:.3f} | pre-check {check:.3f} | SDK {sdk:.3f} | inspect {full:.3f} -> fast {fast:.3f}"
        f"{'' if skipped else '  (SDK still called)'}"
    )


def batch(files: list[Path]) -> tuple[float, float, int]:
    """Seconds for inspect() over ``files`` without and with the fast path (best of 3), files skipped."""

    def run(options: InspectOptions | None) -> Callable[[], None]:
        def go() -> None:
            for path in files:
                provenance.inspect(path, options=options)

        return go

    def best(fn: Callable[[], None]) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    skipped = sum(provenance.inspect(p, options=FAST).checks[0].ran is False for p in files)
    return best(run(None)), best(run(FAST)), skipped


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200, help="plain files in the batch folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("per file, median ms")
        for size, label in (((640, 480), "0.3 MP"), ((4000, 3000), "12 MP")):
            for suffix in (".jpg", ".png"):
                path = plain_image(folder / f"one_{label.replace(' ', '')}{suffix}", size, 0)
                print(f"  {label} {suffix[1:]} ({path.stat().st_size // 1024} KB): {per_file(path)}")
        plain = folder / "plain"
        plain.mkdir()
        files = [
            plain_image(plain / f"{i:04d}{'.jpg' if i % 2 else '.png'}", (640, 480), i)
            for i in range(args.files)
        ]
        full, fast, skipped = batch(files)
        print(
            f"batch of {len(files)} plain 0.3 MP JPEG/PNG files: inspect {full * 1000 / len(files):.2f} "
            f"ms/file, fast path {fast * 1000 / len(files):.2f} ms/file ({skipped} skipped the SDK): "
            f"{full / fast:.1f}x"
        )
    if CORPUS.is_dir():
        files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
        full, fast, skipped = batch(files)
        print(
            f"shared corpus, {len(files)} files ({skipped} skipped the SDK): inspect {full:.2f} s, "
            f"fast path {fast:.2f} s: {full / fast:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
