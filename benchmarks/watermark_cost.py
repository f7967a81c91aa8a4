"""Per-file cost of the dwtDct watermark check at 512x512, 1024x1024 and 12 MP (4000x3000).

Run: .venv/bin/python benchmarks/watermark_cost.py [runs]
Prints median milliseconds per file for three stages: the NumPy decoding alone (all four readings, both
channel orders, then the four variants), the whole reader on a PNG and on a quality-90 JPEG of the same
pixels (which adds Pillow's image decode). Images are synthetic, textured and SDXL-marked.
"""

from __future__ import annotations

import io
import sys
from functools import partial

import numpy as np
from PIL import Image
from timing import median_ms  # benchmarks/timing.py (scripts run from this folder)

from provenance.containers import Blobs
from provenance.readers.base import ReadContext
from provenance.readers.dwtdct import encode_bits, vote_table
from provenance.readers.watermark import VARIANTS, WatermarkReader, assess

SIZES = {"512x512": (512, 512), "1024x1024": (1024, 1024), "12 MP": (3000, 4000)}


def textured(rows: int, cols: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    small = Image.fromarray(rng.integers(40, 215, (rows // 8 + 1, cols // 8 + 1, 3), dtype=np.uint8))
    return np.asarray(small.resize((cols, rows), Image.Resampling.BICUBIC))


def encoded(pixels: np.ndarray, fmt: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {"compress_level": 1}))
    return out.getvalue()


def decode_only(pixels: np.ndarray) -> object:
    return assess(vote_table(pixels))


def read(data: bytes, media_type: str) -> object:
    return WatermarkReader().read(ReadContext(Blobs(), io.BytesIO(data), media_type, len(data)))


def main(runs: int) -> None:
    sdxl = next(v for v in VARIANTS if v.name == "SDXL").bits
    print(f"median of {runs} runs, ms per file")
    print(f"{'size':>10} {'decode only':>12} {'reader, PNG':>12} {'reader, JPEG':>13}")
    for label, (rows, cols) in SIZES.items():
        pixels = encode_bits(textured(rows, cols), sdxl, channel_order="BGR", pipeline="float")
        png, jpeg = encoded(pixels, "PNG"), encoded(pixels, "JPEG")
        decode = median_ms(partial(decode_only, pixels), runs)
        whole_png = median_ms(partial(read, png, "image/png"), runs)
        whole_jpeg = median_ms(partial(read, jpeg, "image/jpeg"), runs)
        print(f"{label:>10} {decode:12.1f} {whole_png:12.1f} {whole_jpeg:13.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
