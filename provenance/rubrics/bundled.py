"""The C2PA Asset Rubrics shipped with provenance (package data ``data/``: a dated snapshot, CC BY 4.0)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .cache import cached
from .errors import RubricError
from .model import Rubric

SNAPSHOT = (
    "c2pa-org/conformance-public asset-rubrics/ at 7dbff513, 2026-08-21 (C2PA Asset Rubrics 1.0, 2026-08-06)"
)
ATTRIBUTION = (
    "C2PA Asset Rubrics (c) Coalition for Content Provenance and Authenticity (C2PA), "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), unchanged"
)
_PREFIX, _SUFFIX = "asset-rubric-", ".yml"
SIGNALS, INTEGRITY = "signals-local", "integrity"


def folder() -> Traversable:
    return resources.files(__package__).joinpath("data")


@cache
def bundled_names() -> tuple[str, ...]:
    """The names of the bundled rubrics: ``signals-local``, ``integrity``, ``conformance0.2-spec2.4``...
    (the package's folder listed once per process: every signed file's report loads two of them)."""
    names = (
        entry.name.removeprefix(_PREFIX).removesuffix(_SUFFIX)
        for entry in folder().iterdir()
        if entry.name.startswith(_PREFIX) and entry.name.endswith(_SUFFIX)
    )
    return tuple(sorted(names))


def load_bundled(name: str) -> Rubric:
    """A bundled rubric by name (or by its file name), loaded once per process."""
    stem = name.removeprefix(_PREFIX).removesuffix(_SUFFIX)
    if stem not in bundled_names():
        raise RubricError(f"no bundled rubric {name!r}; the bundled ones are {', '.join(bundled_names())}")
    return _load(stem)


@cache
def _load(stem: str) -> Rubric:
    name = f"{_PREFIX}{stem}{_SUFFIX}"
    data = folder()
    if isinstance(data, Path):  # an installed package's folder: its parsed form is cached between runs
        return cached(data, name, lambda: _parse(data, name))
    return _parse(data, name)


def _parse(data: Traversable, name: str) -> Rubric:
    from .load import load_file  # PyYAML and the parser, only when no cached form serves

    return load_file(data, name)


def load_rubric(source: str | Path) -> Rubric:
    """A rubric file (a path), or a bundled rubric by name."""
    path = Path(source)
    if path.is_file():
        return _parse(path.resolve().parent, path.name)
    if isinstance(source, str) and "/" not in source and not source.endswith((".yml", ".yaml")):
        return load_bundled(source)
    if isinstance(source, str) and source.startswith(_PREFIX) and "/" not in source:
        return load_bundled(source)
    raise RubricError(
        f"no rubric file {source} (and no bundled rubric of that name: {', '.join(bundled_names())})"
    )
