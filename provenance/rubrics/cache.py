"""The bundled rubrics' parsed form, cached between runs: a pickle in the user's cache folder, keyed by the
sha256 of every bundled rubric file and of the code that defines the parsed form.

Parsing the two rubrics a signed file's report needs (PyYAML, then every json-formula expression) costs
tens of milliseconds per run; reading the pickle back costs a few. A changed rubric file, a changed parser
or another Python gives another key, so a stale pickle is never read. Any failure to read or write the
cache falls back to parsing: the cache only saves time, it never changes a result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .model import Rubric

ENV_RUBRIC_CACHE_DIR = "PROVENANCE_RUBRIC_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parents[1]
# The modules whose classes a pickled rubric holds or whose parsing produced it.
_CODE = ("rubrics/load.py", "rubrics/model.py", "rubrics/cache.py", "jsonformula")


def rubric_cache_dir() -> Path:
    """``PROVENANCE_RUBRIC_CACHE_DIR`` when set, else the per-user cache folder's ``rubrics`` subfolder."""
    override = os.environ.get(ENV_RUBRIC_CACHE_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("provenance")) / "rubrics"


def cache_key(data: Path, name: str) -> str:
    """The sha256 of the path of rubric ``name``, of every file of the bundled ``data`` folder (its
    includes) and of the parsing code, with the Python version and pickle protocol."""
    # The folder too: a rubric records where it was read from (its ``source``).
    digest = hashlib.sha256(f"{data}\0{name}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for root in (data, *(_PACKAGE / part for part in _CODE)):
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(f"\0{file.relative_to(root.parent)}\0".encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def cached(data: Path, name: str, parse: Callable[[], Rubric]) -> Rubric:
    """Rubric ``name`` of the bundled ``data`` folder from the cache, or ``parse()`` d and stored there."""
    try:
        path = rubric_cache_dir() / f"{cache_key(data, name)}.pickle"
    except OSError:
        return parse()
    try:
        rubric = pickle.loads(path.read_bytes())
        if isinstance(rubric, Rubric):
            return rubric
    except Exception:  # absent, truncated or unreadable: parse instead
        pass
    rubric = parse()
    _store(path, rubric)
    return rubric


def _store(path: Path, rubric: Rubric) -> None:
    """Write the pickle atomically (a concurrent run reads a whole file or none); failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".rubric-", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            pickle.dump(rubric, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        return
