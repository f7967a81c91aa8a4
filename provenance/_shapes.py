"""Values read out of parsed JSON (the SDK's manifest store, bundled lists) taken only in the shape the
code expects: anything else reads as empty, so a malformed or hostile document cannot raise a TypeError
deep inside a reader."""

from __future__ import annotations

from typing import Any


def as_text(value: Any) -> str | None:
    """``value`` when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []
