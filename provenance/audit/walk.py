"""Lazy, memory-bounded walk of the paths given to ``provenance audit``.

Yields a ``Path`` per regular file to inspect and a ``Skipped`` record per entry that will not be inspected
(special files, symlinks, unreadable directories...), so an audit's record count stays honest. It never
raises for filesystem conditions and never opens anything but directories (opening a FIFO would hang).

Rules:
- Command-line paths are taken even when hidden or not matching ``include`` (the user named them) and are
  resolved through symlinks, like ``find -H``; ``exclude`` still applies to them, by name and as given.
- Below a root, ``exclude`` and the hidden policy apply to every entry (a matching directory is not
  descended) and ``include`` to every entry but directories. Patterns are case-sensitive ``fnmatch`` globs
  tried on the ``/``-separated path relative to the root and on the name; ``**/`` may also match no folder.
- Each directory's entries are sorted by name; the walk is depth-first, pre-order, with an explicit stack.
- Every directory's (st_dev, st_ino) is remembered, so none is walked twice: reached again through a symlink
  it gives ``Skipped("symlink_loop")``; reached again through overlapping roots or a bind mount it is
  passed over silently (its files were already yielded once). Symlinked files are not de-duplicated.
- An entry that vanishes between listing and the stat it needs gives ``Skipped("not_found")``. A regular
  file needs no stat (``DirEntry`` type info), so one that vanishes is yielded and the reader reports it.
- Paths keep names as the OS gave them (undecodable bytes as surrogate escapes, so they can be opened);
  ``Skipped.message`` and ``display_path()`` are always printable and UTF-8 encodable.
"""

from __future__ import annotations

import errno
import fnmatch
import itertools
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class WalkOptions:
    """Which entries of the walked trees to take."""

    include: tuple[str, ...] = ()  # globs; empty = every file
    exclude: tuple[str, ...] = ()  # globs; a matching directory is not descended
    hidden: bool = False  # take dot-files and dot-directories
    follow_symlinks: bool = False  # follow symlinks to files and directories


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry the walk met but does not hand on for inspection, and why.

    ``reason`` is one of: fifo, socket, device, symlink, symlink_loop, broken_symlink, permission_denied,
    not_found, unreadable_directory, not_a_file.
    """

    path: str  # as the OS gave it; may hold surrogate escapes, so print display_path(path)
    reason: str
    message: str  # a printable, UTF-8-encodable sentence


_DEFAULTS = WalkOptions()
_SPECIAL: tuple[tuple[Callable[[int], bool], str, str], ...] = (
    (stat.S_ISFIFO, "fifo", "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket", "a socket"),
    (stat.S_ISBLK, "device", "a block device"),
    (stat.S_ISCHR, "device", "a character device"),
)
_Key = tuple[int, int]


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as printable text: non-UTF-8 bytes become ``\\xNN`` escapes, so printing never fails."""
    text = os.fspath(path)
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def walk(
    paths: Sequence[str | Path], options: WalkOptions = _DEFAULTS, passed: Counter[str] | None = None
) -> Iterator[Path | Skipped]:
    """Each regular file under ``paths`` as a ``Path``; each entry passed over, with why, as ``Skipped``.

    ``passed``: counts the entries left out by the options, by reason ("hidden", "excluded", "not
    included"; a folder counts once, its contents are never listed)."""
    for item in _walk(paths, options, passed):
        yield item if isinstance(item, Skipped) else Path(item)


def walk_paths(
    paths: Sequence[str | Path], options: WalkOptions = _DEFAULTS, passed: Counter[str] | None = None
) -> Iterator[str | Skipped]:
    """As :func:`walk`, each file's path as ``str(Path(...))`` would give it (the same normalised text:
    no ``./`` or doubled ``/``), without a ``Path`` object per file: an audit's parent walks thousands of
    files a second. A folder's normalised form is worked out once for the files it holds."""
    folder_seen, prefix = None, ""
    for item in _walk(paths, options, passed):
        if isinstance(item, Skipped):
            yield item
            continue
        folder, _, name = item.rpartition("/")
        if not folder or not name:  # a file given by name alone, or at the root: Path decides
            yield str(Path(item))
            continue
        if folder != folder_seen:
            folder_seen, normal = folder, str(Path(folder))
            prefix = "" if normal == "." else normal if normal.endswith("/") else normal + "/"
        yield prefix + name


def count(
    paths: Sequence[str | Path],
    options: WalkOptions = _DEFAULTS,
    keep: Callable[[Path], bool] | None = None,
) -> int:
    """How many ``Path`` items ``walk(paths, options)`` would yield now (a progress total), of those
    ``keep`` keeps."""
    found = (item for item in _walk(paths, options) if not isinstance(item, Skipped))
    return sum(1 for path in found if keep is None or keep(Path(path)))


def compile_globs(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    """Each glob, plus its variants where a ``**/`` matches no folder (``a/**/b`` also matches ``a/b``)."""
    variants: dict[str, None] = {}
    for pattern in patterns:
        parts = pattern.split("**/")
        for joins in itertools.product(("**/", ""), repeat=len(parts) - 1):
            variants[parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))] = None
    return [re.compile(fnmatch.translate(variant)) for variant in variants]


def matches_globs(patterns: list[re.Pattern[str]], rel: str, name: str) -> bool:
    return any(p.match(rel) or p.match(name) for p in patterns)


def _walk(
    paths: Sequence[str | Path], options: WalkOptions, passed: Counter[str] | None = None
) -> Iterator[str | Skipped]:
    include, exclude = compile_globs(options.include), compile_globs(options.exclude)
    visited: set[_Key] = set()

    def taken(rel: str, name: str) -> bool:
        return not include or matches_globs(include, rel, name)

    for given in paths:
        path = os.fspath(given)
        name = os.path.basename(os.path.normpath(path))
        if exclude and matches_globs(exclude, Path(path).as_posix(), name):
            continue
        try:
            st = os.stat(path)
        except OSError as error:
            yield _failed(path, error, "broken_symlink" if os.path.islink(path) else "not_found")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            yield from _walk_tree(path, key, options, exclude, taken, visited, passed)
        else:
            yield path if stat.S_ISREG(st.st_mode) else _special(path, st.st_mode)


def _walk_tree(
    top: str,
    key: _Key,
    options: WalkOptions,
    exclude: list[re.Pattern[str]],
    taken: Callable[[str, str], bool],
    visited: set[_Key],
    passed: Counter[str] | None,
) -> Iterator[str | Skipped]:
    if key in visited:
        return
    visited.add(key)
    entries = _scan(top)
    if isinstance(entries, Skipped):
        yield entries
        return
    # One frame per directory on the current path: its remaining entries, its relative prefix, its key.
    stack: list[tuple[Iterator[os.DirEntry[str]], str, _Key]] = [(iter(entries), "", key)]
    while stack:
        frame_entries, prefix, _ = stack[-1]
        entry = next(frame_entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith(".") and not options.hidden:
            if passed is not None:
                passed["hidden"] += 1
            continue
        rel = prefix + name
        if exclude and matches_globs(exclude, rel, name):
            if passed is not None:
                passed["excluded"] += 1
            continue
        is_link = False
        try:
            is_link = entry.is_symlink()
            if is_link:
                if not options.follow_symlinks:
                    if taken(rel, name):
                        yield _not_followed(entry.path)
                    continue
                st = os.stat(entry.path)
            elif entry.is_file(follow_symlinks=False):
                if taken(rel, name):
                    yield entry.path
                elif passed is not None:
                    passed["not included"] += 1
                continue
            else:
                st = entry.stat(follow_symlinks=False)
        except OSError as error:
            if taken(rel, name):
                yield _failed(entry.path, error, "broken_symlink" if is_link else "not_found")
            continue
        if not stat.S_ISDIR(st.st_mode):
            if taken(rel, name):
                yield entry.path if stat.S_ISREG(st.st_mode) else _special(entry.path, st.st_mode)
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:
            if is_link:
                yield _loop(entry.path, ancestor=any(frame[2] == key for frame in stack))
            continue
        visited.add(key)
        entries = _scan(entry.path)
        if isinstance(entries, Skipped):
            yield entries
        else:
            stack.append((iter(entries), rel + "/", key))


def _scan(path: str) -> list[os.DirEntry[str]] | Skipped:
    """One directory's entries sorted by name (held only while that directory is being walked)."""
    try:
        with os.scandir(path) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        return _failed(path, error, "unreadable_directory")


def _failed(path: str, error: OSError, reason: str) -> Skipped:
    """The record for an OS error on ``path``; ``reason`` is the one to use when nothing more precise fits."""
    shown = display_path(path)
    if isinstance(error, PermissionError):
        return Skipped(path, "permission_denied", f"{shown}: permission denied.")
    if error.errno == errno.ELOOP:
        return Skipped(path, "symlink_loop", f"{shown}: too many levels of symbolic links.")
    if isinstance(error, FileNotFoundError) and reason != "broken_symlink":
        return Skipped(path, "not_found", f"{shown} does not exist (or disappeared during the walk).")
    if reason == "broken_symlink":
        return Skipped(path, reason, f"{shown} is a symbolic link whose target cannot be reached.")
    return Skipped(path, reason, f"{shown} could not be read: {error.strerror or error}.")


def _not_followed(path: str) -> Skipped:
    message = f"{display_path(path)} is a symbolic link; links are not followed unless asked to."
    return Skipped(path, "symlink", message)


def _loop(path: str, ancestor: bool) -> Skipped:
    where = "one of its own parent folders" if ancestor else "a folder already walked"
    return Skipped(path, "symlink_loop", f"{display_path(path)} links to {where}; it was not walked again.")


def _special(path: str, mode: int) -> Skipped:
    for test, reason, what in _SPECIAL:
        if test(mode):
            return Skipped(
                path, reason, f"{display_path(path)} is {what}, not a regular file; it was not opened."
            )
    return Skipped(path, "not_a_file", f"{display_path(path)} is not a regular file; it was not opened.")
