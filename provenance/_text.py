"""Short excerpts of untrusted text: the one place where evidence values, problems and labels are cut."""

from __future__ import annotations

ELLIPSIS = "\u2026"


def clip(text: str, limit: int = 300) -> str:
    """``text`` trimmed and cut to ``limit`` characters, the last one an ellipsis when it was cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def clip_line(text: str, limit: int = 200) -> str:
    """``text`` on one line (every run of white space becomes one space), cut as :func:`clip` does."""
    return clip(" ".join(text.split()), limit)
