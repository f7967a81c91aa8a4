"""Hostile corpus: C2PA manifest stores that cost too much to assess (ingredient graphs).
Used by scripts/make_hostile.py."""

from __future__ import annotations


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {}
