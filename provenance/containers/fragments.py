"""Fragmented MP4 (DASH, HLS/CMAF): which media fragments belong to an init segment, by their names.

A fragmented MP4 is an init segment (``ftyp`` + ``moov``, no media) and fragment files (``styp``/``moof`` +
``mdat``). Its C2PA manifest sits in the init segment and hashes every fragment (``c2pa.hash.bmff.v2``
with a Merkle tree), so the init segment verifies only together with its fragments, and a fragment
alone carries nothing to read. Players find the fragments through a playlist; on disk, packagers name
them after the init segment: ``NAME_init.mp4`` (or ``NAME-init.mp4``, ``NAMEinit.mp4``, ``init.mp4``) and
``NAME1.m4s``, ``NAME2.m4s``... in the same folder. That naming is the rule here: an init segment's
fragments are the ``.m4s`` files of its folder whose names start with the init segment's name without
its ``init`` ending.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

FRAGMENT_SUFFIXES = frozenset({".m4s"})
INIT_SUFFIXES = frozenset({".mp4", ".m4v", ".m4a", ".cmfv", ".cmfa", ".mov"})
_INIT_STEM = re.compile(r"^(?P<prefix>.*?)[-_.]?init$", re.IGNORECASE)
_NUMBERS = re.compile(r"(\d+)")


def init_prefix(path: Path) -> str | None:
    """The name its fragments start with, when ``path`` is named as an init segment; else None."""
    if path.suffix.lower() not in INIT_SUFFIXES:
        return None
    match = _INIT_STEM.match(path.stem)
    return match["prefix"] if match else None


def is_fragment(path: Path) -> bool:
    return path.suffix.lower() in FRAGMENT_SUFFIXES


def fragments_of(init: Path) -> list[Path]:
    """The fragment files beside an init segment, in playing order (by the numbers in their names)."""
    prefix = init_prefix(init)
    if prefix is None:
        return []
    return sorted(
        (
            init.parent / name
            for name in _listing(str(init.parent))
            if is_fragment(Path(name)) and name.startswith(prefix)
        ),
        key=lambda p: natural(p.name),
    )


def has_init_beside(fragment: Path) -> bool:
    """Whether an init segment in the fragment's folder claims it (then it is read with that one)."""
    if not is_fragment(fragment):
        return False
    return any(fragment.name.startswith(prefix) for prefix in _init_prefixes(str(fragment.parent)))


def natural(name: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in _NUMBERS.split(name)]


@functools.lru_cache(maxsize=16)
def _init_prefixes(folder: str) -> tuple[str, ...]:
    """The init segments' prefixes of a folder: listed once, not once per fragment (DASH folders hold
    thousands of fragments)."""
    prefixes = (init_prefix(Path(name)) for name in _listing(folder))
    return tuple(prefix for prefix in prefixes if prefix is not None)


def _listing(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.is_file()]
    except OSError:
        return []


def forget() -> None:
    """Drop the cached listings of :func:`has_init_beside` (an audit run starts with fresh ones)."""
    _init_prefixes.cache_clear()
