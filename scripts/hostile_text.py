"""Hostile corpus: strings that try to take over a terminal or a page (markup, escape sequences).
Used by scripts/make_hostile.py."""

from __future__ import annotations


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    return {}
