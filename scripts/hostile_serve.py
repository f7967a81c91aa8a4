"""Hostile corpus: files that cost the web server too much (huge-pixel thumbnails).
Used by scripts/make_hostile.py."""

from __future__ import annotations


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {}
