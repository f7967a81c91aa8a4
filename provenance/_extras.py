"""Optional dependency groups ("extras"): a clear error when a feature's group is not installed."""

from __future__ import annotations

import importlib

from .errors import MissingExtraError


def require(module: str, feature: str, extra: str = "cluster") -> None:
    """Raise :class:`MissingExtraError`, naming the pip command, when ``module`` is absent."""
    try:
        importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(feature, extra, module) from error
