"""Stripped copies of indexed files, and the measure of how well lookups trace them back (shared by
tests/index/test_tracing.py and benchmarks/index_speed.py)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from provenance.fingerprints import ISCC, PDQ, fingerprint, hamming
from provenance.index import Repository, lookup_fingerprints


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _crop(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = image.size
    return image.crop((round(w * left), round(h * top), w - round(w * right), h - round(h * bottom)))


# The copies a platform makes: each from the decoded pixels, so none keeps any metadata.
COPIES: dict[str, Callable[[Image.Image], bytes]] = {
    "jpeg q70": lambda im: _encoded(im, "JPEG", quality=70),
    "resized 50%": lambda im: _encoded(
        im.resize((max(1, im.width // 2), max(1, im.height // 2))), "JPEG", quality=90
    ),
    "cropped 5% (centred)": lambda im: _encoded(_crop(im, 0.025, 0.025, 0.025, 0.025), "JPEG", quality=90),
    "webp": lambda im: _encoded(im, "WEBP", quality=80),
    "metadata removed": lambda im: _encoded(im, "PNG"),
}
# Measured and reported, not required: crops the stored centred variants do not cover.
HARDER: dict[str, Callable[[Image.Image], bytes]] = {
    "cropped 10% (centred)": lambda im: _encoded(_crop(im, 0.05, 0.05, 0.05, 0.05), "JPEG", quality=90),
    "cropped 5% (one corner)": lambda im: _encoded(_crop(im, 0.0, 0.0, 0.05, 0.05), "JPEG", quality=90),
}


def pixels(path: Path) -> Image.Image:
    """The file's picture as a viewer shows it: upright, transparency over white."""
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB")


def photo_like(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    """An unrelated synthetic picture: waves and discs at several scales, seeded."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : size[1], 0 : size[0]].astype(float)
    base = 120 + 60 * np.sin(x / (9 + 30 * rng.random()) + 6 * rng.random())
    base = base + 50 * np.cos(y / (9 + 30 * rng.random()) + 6 * rng.random())
    image = np.stack([base, base * rng.random() + 40 * rng.random(), 255 - base], axis=-1)
    for _ in range(int(rng.integers(3, 12))):
        cx, cy, r = rng.integers(0, size[0]), rng.integers(0, size[1]), rng.integers(8, 90)
        image[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.integers(0, 255, 3)
    return Image.fromarray(np.clip(image, 0, 255).astype("uint8"))


@dataclass(frozen=True, slots=True)
class Original:
    entry: int
    path: Path
    size: tuple[int, int]
    quality: int | None
    twins: frozenset[int]  # entries of the same picture: identical or near-identical whole-image hashes

    @property
    def substantial(self) -> bool:
        """At least 256 pixels a side and a PDQ quality of 50 or more: a fingerprint can single it out."""
        return min(self.size) >= 256 and self.quality is not None and self.quality >= 50


@dataclass(slots=True)
class Tally:
    found: dict[tuple[str, bool], int] = field(default_factory=dict)
    total: dict[tuple[str, bool], int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, copy: str, substantial: bool, ok: bool, name: str) -> None:
        key = (copy, substantial)
        self.total[key] = self.total.get(key, 0) + 1
        self.found[key] = self.found.get(key, 0) + ok
        if not ok:
            self.misses.setdefault(copy, []).append(name)

    def recall(self, copy: str, substantial: bool) -> tuple[int, int]:
        return self.found.get((copy, substantial), 0), self.total.get((copy, substantial), 0)


def originals(repo: Repository) -> list[Original]:
    """The indexed images with fingerprints, each with the entries that hold the same picture."""
    rows = [e for e in repo.entries() if str(e["media_type"] or "").startswith("image/")]
    prints = {e["id"]: {(f["alg"], f["variant"]): f for f in repo.fingerprints(e["id"])} for e in rows}
    found = []
    for entry in rows:
        own = prints[entry["id"]]
        if (PDQ, "full") not in own:
            continue
        twins = frozenset(
            other
            for other, theirs in prints.items()
            if (PDQ, "full") in theirs and _same_picture(own, theirs)
        )
        with Image.open(entry["path"]) as image:
            size = image.size
        found.append(Original(entry["id"], Path(entry["path"]), size, own[(PDQ, "full")]["quality"], twins))
    return found


def _same_picture(
    a: dict[tuple[str, str], dict[str, object]], b: dict[tuple[str, str], dict[str, object]]
) -> bool:
    pa, pb = bytes.fromhex(str(a[(PDQ, "full")]["value"])), bytes.fromhex(str(b[(PDQ, "full")]["value"]))
    same_iscc = a.get((ISCC, "full"), {}).get("value") == b.get((ISCC, "full"), {}).get("value")
    return hamming(pa, pb) <= 8 or (same_iscc and hamming(pa, pb) <= 31)


def trace(
    repo: Repository, items: list[Original], copies: dict[str, Callable[[Image.Image], bytes]]
) -> Tally:
    """For every original and copy: is the best match the original (or a twin of it)?"""
    tally = Tally()
    for original in items:
        picture = pixels(original.path)
        for name, make in copies.items():
            query = fingerprint(make(picture)).fingerprints
            best = lookup_fingerprints(query, repo, limit=1, verify=False)
            ok = bool(best) and best[0].entry in original.twins
            tally.add(name, original.substantial, ok, original.path.name)
    return tally


def false_matches(repo: Repository, unrelated: Iterator[tuple[str, bytes]]) -> tuple[int, int, list[str]]:
    """How many unrelated files match anything: (matched, tried, descriptions)."""
    matched, tried, found = 0, 0, []
    for name, data in unrelated:
        query = fingerprint(data).fingerprints
        if not query:
            continue
        tried += 1
        best = lookup_fingerprints(query, repo, limit=1, verify=False)
        if best:
            matched += 1
            found.append(f"{name} -> {best[0].path} {[d.to_dict() for d in best[0].distances]}")
    return matched, tried, found
