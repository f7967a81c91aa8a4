"""`provenance serve`: a web page and HTTP API for moderators, over the library's ``inspect``.

``create_app`` is imported on first use, so that the CLI's other commands do not pay for loading the web
framework (about 0.3 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import ServeSettings, is_loopback

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["ServeSettings", "create_app", "is_loopback"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
