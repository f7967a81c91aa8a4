"""Hostile corpus: metadata bombs: XMP element floods, problem floods, huge uncompressed text.
Used by scripts/make_hostile.py."""

from __future__ import annotations


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {}
