"""Versions: this package's (from its installed metadata, written once in pyproject.toml) and the SDK's."""

from __future__ import annotations

from functools import cache
from importlib import metadata

# The distribution's name on the package index ("provenance" there is an unrelated caching library);
# the import name and the command stay `provenance`.
DISTRIBUTION = "media-provenance"


@cache
def package_version() -> str:
    """The installed distribution's version; ``0+unknown`` when run from a source tree never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def sdk_version() -> str:
    """The version of the C2PA SDK (c2pa-rs) inside c2pa-python. Loads the SDK."""
    from .readers.c2pa.sdk import SDK_VERSION

    return SDK_VERSION
