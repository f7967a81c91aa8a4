"""An audit pool hook for tests: the heavy modules loaded in the worker (a module of its own, so that
unpickling the hook in the worker imports nothing else)."""

from __future__ import annotations

import sys

# provenance.audit.sources: the object storage sources (urllib, the walk's globs), for URL audits only.
HEAVY = (
    *("c2pa", "PIL", "numpy", "pydantic", "rich", "typer", "fastapi", "starlette", "uvicorn", "ssl"),
    "provenance.audit.sources",
)


def heavy_loaded(path: str, report: object) -> list[str]:
    """The :data:`HEAVY` modules imported in this process so far."""
    return [name for name in HEAVY if name in sys.modules]
