"""Per-file cost of the metadata path (no pixel decoding) and of --deep, at 1 MP and 12 MP.

Run: .venv/bin/python benchmarks/signals_cost.py
Prints median milliseconds per file. The metadata path is measured on every non-C2PA file of the
shared real-world corpus (when present) and on generated 1 MP / 12 MP JPEG and PNG files.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from timing import median_ms  # benchmarks/timing.py (scripts run from this folder)

import provenance
from provenance._pipeline import run_readers
from provenance.media import sniff
from provenance.models import SourceInfo
from provenance.options import InspectOptions

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real-world"


def metadata_only(path: Path, options: InspectOptions) -> object:
    with path.open("rb") as stream:
        info = SourceInfo(str(path), path.name, path.stat().st_size, sniff(stream.read(64)))
        return run_readers(stream, info, options)


def synthetic(size: tuple[int, int], fmt: str, folder: Path) -> Path:
    rng = np.random.default_rng(1)
    pixels = (rng.random((size[1], size[0], 3)) * 40 + np.linspace(0, 200, size[0])[None, :, None]).astype(
        np.uint8
    )
    path = folder / f"synthetic_{size[0]}x{size[1]}.{fmt}"
    Image.fromarray(pixels).save(path, quality=92) if fmt == "jpg" else Image.fromarray(pixels).save(path)
    return path


def main() -> int:
    shallow = InspectOptions()
    deep = InspectOptions(deep=True)
    print("metadata path (container walk + XMP/EXIF/IIM/generator readers), median ms per file")
    if CORPUS.is_dir():
        files = [
            p
            for p in sorted(CORPUS.rglob("*"))
            if p.is_file() and p.suffix.lower() in {".jpg", ".png", ".webp", ".heic"}
        ]
        costs = []
        for path in files:
            if provenance.inspect(path).c2pa and provenance.inspect(path).c2pa.present:  # type: ignore[union-attr]
                continue
            costs.append(median_ms(lambda p=path: metadata_only(p, shallow), 15))  # type: ignore[misc]
        print(
            f"  real-world corpus, {len(costs)} files without C2PA: "
            f"median {statistics.median(costs):.3f} ms, max {max(costs):.3f} ms"
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size, label in (((1155, 866), "1 MP"), ((4000, 3000), "12 MP")):
            for fmt in ("jpg", "png"):
                path = synthetic(size, fmt, folder)
                meta = median_ms(lambda p=path: metadata_only(p, shallow), 9)  # type: ignore[misc]
                full = median_ms(lambda p=path: provenance.inspect(p), 5)  # type: ignore[misc]
                deep_ms = median_ms(lambda p=path: provenance.inspect(p, options=deep), 3)  # type: ignore[misc]
                print(
                    f"  {label} {fmt}: metadata {meta:.3f} ms | inspect (C2PA + metadata) {full:.2f} ms | "
                    f"inspect --deep {deep_ms:.1f} ms"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
