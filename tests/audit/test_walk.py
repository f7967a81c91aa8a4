"""The audit walk: what it yields, what it skips and why, and that it never hangs or raises on odd trees."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from provenance.audit.walk import Skipped, WalkOptions, count, display_path, walk, walk_paths

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX filesystem feature")


def make(root: Path, *names: str) -> None:
    """Empty files (and their folders) at the given relative paths."""
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).touch()


def run(
    paths: Sequence[str | Path], options: WalkOptions | None = None, seconds: float = 5
) -> list[Path | Skipped]:
    """walk() consumed in a thread; fails the test past ``seconds`` (an opened FIFO would hang)."""
    box: list[list[Path | Skipped] | BaseException] = []

    def target() -> None:
        try:
            box.append(list(walk(paths, options or WalkOptions())))
        except BaseException as error:
            box.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"walk did not finish within {seconds} s"
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def files(items: list[Path | Skipped], root: Path) -> list[str]:
    return [item.relative_to(root).as_posix() for item in items if isinstance(item, Path)]


def skips(items: list[Path | Skipped], root: Path) -> list[tuple[str, str]]:
    return [(Path(i.path).relative_to(root).as_posix(), i.reason) for i in items if isinstance(i, Skipped)]


def test_regular_files_come_depth_first_in_name_order(tmp_path: Path) -> None:
    make(tmp_path, "b.jpg", "a/z.png", "a/b/c.jpg", "a.jpg", "c/d.jpg")
    assert files(run([tmp_path]), tmp_path) == ["a/b/c.jpg", "a/z.png", "a.jpg", "b.jpg", "c/d.jpg"]


def test_count_equals_the_number_of_paths_walk_yields(tmp_path: Path) -> None:
    make(tmp_path, "a.jpg", "b.txt", "d/e.jpg", ".hidden.jpg")
    (tmp_path / "link.jpg").symlink_to(tmp_path / "a.jpg")
    options = WalkOptions(include=("*.jpg",))
    assert count([tmp_path], options) == len(files(run([tmp_path], options), tmp_path)) == 2


def test_include_matches_the_name_or_the_path_relative_to_the_root(tmp_path: Path) -> None:
    make(tmp_path, "a.jpg", "b.png", "photos/c.png", "photos/x/d.png", "other/e.png")
    assert files(run([tmp_path], WalkOptions(include=("*.jpg",))), tmp_path) == ["a.jpg"]
    options = WalkOptions(include=("photos/**/*.png",))  # "**/" may also match no folder at all
    assert files(run([tmp_path], options), tmp_path) == ["photos/c.png", "photos/x/d.png"]


def test_excluded_directory_is_not_descended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "keep/a.jpg", "skip/b.jpg", "keep/skip/c.jpg", "keep/d.tmp")
    scanned: list[str] = []
    real_scandir = os.scandir

    def spy(path: str) -> object:
        scanned.append(os.path.basename(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", spy)
    items = run([tmp_path], WalkOptions(exclude=("skip", "*.tmp")))
    assert files(items, tmp_path) == ["keep/a.jpg"]
    assert "skip" not in scanned


def test_hidden_entries_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    make(tmp_path, ".h.jpg", ".git/x.jpg", "a/.b.jpg", "a/c.jpg")
    assert files(run([tmp_path]), tmp_path) == ["a/c.jpg"]
    assert files(run([tmp_path], WalkOptions(hidden=True)), tmp_path) == [
        ".git/x.jpg",
        ".h.jpg",
        "a/.b.jpg",
        "a/c.jpg",
    ]


def test_an_explicit_file_is_taken_even_hidden_or_not_included_but_exclude_applies(tmp_path: Path) -> None:
    make(tmp_path, ".secret.txt")
    named = tmp_path / ".secret.txt"
    assert run([named], WalkOptions(include=("*.jpg",))) == [named]
    assert run([named], WalkOptions(exclude=("*.txt",))) == []


def test_a_missing_path_is_reported_not_found_and_the_walk_goes_on(tmp_path: Path) -> None:
    make(tmp_path, "a.jpg")
    items = run([tmp_path / "nope", tmp_path])
    assert skips(items, tmp_path) == [("nope", "not_found")] and files(items, tmp_path) == ["a.jpg"]


@needs_posix
def test_symlinks_are_reported_not_followed_by_default(tmp_path: Path) -> None:
    make(tmp_path, "d/a.jpg", "t/b.jpg")
    (tmp_path / "t/file.jpg").symlink_to(tmp_path / "d/a.jpg")
    (tmp_path / "t/dir").symlink_to(tmp_path / "d")
    items = run([tmp_path / "t"])
    assert files(items, tmp_path) == ["t/b.jpg"]
    assert skips(items, tmp_path) == [("t/dir", "symlink"), ("t/file.jpg", "symlink")]


@needs_posix
def test_symlinks_are_followed_with_the_option(tmp_path: Path) -> None:
    make(tmp_path, "d/a.jpg", "t/b.jpg")
    (tmp_path / "t/file.jpg").symlink_to(tmp_path / "d/a.jpg")
    (tmp_path / "t/dir").symlink_to(tmp_path / "d")
    items = run([tmp_path / "t"], WalkOptions(follow_symlinks=True))
    assert files(items, tmp_path) == ["t/b.jpg", "t/dir/a.jpg", "t/file.jpg"] and skips(items, tmp_path) == []


@needs_posix
def test_a_symlink_loop_ends_with_a_skipped_record(tmp_path: Path) -> None:
    make(tmp_path, "sub/a.jpg")
    (tmp_path / "sub/up").symlink_to("..")
    (tmp_path / "self").symlink_to(".")
    items = run([tmp_path], WalkOptions(follow_symlinks=True))
    assert files(items, tmp_path) == ["sub/a.jpg"]
    assert skips(items, tmp_path) == [("self", "symlink_loop"), ("sub/up", "symlink_loop")]
    assert all("parent" in item.message for item in items if isinstance(item, Skipped))


@needs_posix
def test_a_directory_reached_through_two_links_is_walked_once(tmp_path: Path) -> None:
    make(tmp_path, "t/real/a.jpg")
    (tmp_path / "t/link1").symlink_to("real")
    (tmp_path / "t/link2").symlink_to("real")
    items = run([tmp_path / "t"], WalkOptions(follow_symlinks=True))
    assert files(items, tmp_path) == ["t/link1/a.jpg"]
    # t/real itself is then passed over silently: it is not a link, and its files were yielded once.
    assert skips(items, tmp_path) == [("t/link2", "symlink_loop")]


def test_overlapping_roots_yield_each_file_once(tmp_path: Path) -> None:
    make(tmp_path, "a/b/c.jpg", "a/d.jpg")
    items = run([tmp_path / "a/b", tmp_path / "a", tmp_path / "a"])
    assert files(items, tmp_path) == ["a/b/c.jpg", "a/d.jpg"] and skips(items, tmp_path) == []


@needs_posix
def test_broken_and_self_referencing_symlinks_are_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.jpg").symlink_to(tmp_path / "gone.jpg")
    (tmp_path / "ouroboros").symlink_to("ouroboros")
    items = run([tmp_path], WalkOptions(follow_symlinks=True))
    assert skips(items, tmp_path) == [("broken.jpg", "broken_symlink"), ("ouroboros", "symlink_loop")]
    assert skips(run([tmp_path / "broken.jpg"]), tmp_path) == [("broken.jpg", "broken_symlink")]


@needs_posix
def test_a_fifo_is_skipped_without_being_opened(tmp_path: Path) -> None:
    make(tmp_path, "a.jpg")
    os.mkfifo(tmp_path / "pipe.jpg")
    items = run([tmp_path])
    assert files(items, tmp_path) == ["a.jpg"] and skips(items, tmp_path) == [("pipe.jpg", "fifo")]
    assert skips(run([tmp_path / "pipe.jpg"]), tmp_path) == [
        ("pipe.jpg", "fifo")
    ]  # named on the command line


@needs_posix
def test_a_socket_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # AF_UNIX paths are limited to about 100 bytes
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.sock")
        assert skips(run([tmp_path]), tmp_path) == [("s.sock", "socket")]


@needs_posix
def test_an_unreadable_directory_is_reported_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "a/x.jpg", "locked/y.jpg", "z.jpg")
    locked = tmp_path / "locked"
    if os.geteuid() == 0:  # root reads a mode-000 folder anyway: make scandir refuse as it would for a user
        real_scandir = os.scandir

        def refusing(path: str) -> object:
            if path == str(locked):
                raise PermissionError(13, "Permission denied", path)
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
    locked.chmod(0)
    try:
        items = run([tmp_path])
    finally:
        locked.chmod(0o755)
    assert files(items, tmp_path) == ["a/x.jpg", "z.jpg"]
    assert skips(items, tmp_path) == [("locked", "permission_denied")]


def test_a_directory_that_disappears_is_reported_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "gone/a.jpg", "b.jpg")
    real_scandir = os.scandir

    def vanishing(path: str) -> object:
        if path.endswith("gone"):
            raise FileNotFoundError(2, "No such file or directory", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", vanishing)
    items = run([tmp_path])
    assert files(items, tmp_path) == ["b.jpg"] and skips(items, tmp_path) == [("gone", "not_found")]


@pytest.mark.skipif(sys.platform != "linux", reason="Linux allows any bytes in a file name")
def test_names_that_are_not_utf8_are_yielded_openable_and_printable(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path)
    os.mkdir(raw + b"/dir\xff")
    with open(raw + b"/dir\xff/caf\xe9.jpg", "wb") as out:
        out.write(b"x")
    os.mkfifo(raw + b"/dir\xff/pipe\xfe")
    items = run([tmp_path])
    path = next(item for item in items if isinstance(item, Path))
    skipped = next(item for item in items if isinstance(item, Skipped))
    assert path.read_bytes() == b"x" and os.fsencode(path).endswith(b"/dir\xff/caf\xe9.jpg")
    assert display_path(path).endswith("/dir\\xff/caf\\xe9.jpg")
    assert skipped.reason == "fifo" and "/dir\\xff/pipe\\xfe is a FIFO" in skipped.message
    for text in (display_path(path), skipped.message, json.dumps(str(path)), json.dumps(skipped.path)):
        text.encode("utf-8")  # strict: must not raise


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    folders = [tmp_path / "d"]
    for _ in range(sys.getrecursionlimit() + 100):
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "leaf.jpg").touch()
        assert count([tmp_path]) == 1
    finally:  # shutil.rmtree, which cleans tmp_path up, recurses and would fail on this depth
        (folders[-1] / "leaf.jpg").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


@pytest.mark.parametrize("roots", [["."], ["./"], ["a//b/", "./a/../a"], ["z.jpg", "./z.jpg", "a/x.jpg"]])
def test_walk_paths_gives_the_text_of_walks_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roots: list[str]
) -> None:
    """The audit's str walk names every file exactly as ``str(Path)`` of :func:`walk` does (records keep
    their paths): no ``./``, no doubled ``/``."""
    for name in ("a/x.jpg", "a/b/y.jpg", "z.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    expected = [str(item) if isinstance(item, Path) else item for item in walk(roots)]
    assert list(walk_paths(roots)) == expected
    assert all(not item.startswith("./") and "/./" not in item and "//" not in item for item in expected)
