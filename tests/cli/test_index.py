"""`provenance index add|lookup|stats|remove|export` on a repository file in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.cli.exit import Exit
from tests.helpers import fixture

from ..index.tracing import _encoded, pixels

FILES = ("ai_generated.jpg", "ai_edited.jpg", "gen_comfyui.png", "plain.jpg", "tampered.jpg")


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("files")
    for name in FILES:
        shutil.copy(fixture(name), folder / name)
    index = tmp_path_factory.mktemp("index") / "index.sqlite"
    code, out, err = _run(
        "index", "add", str(folder), "--index", str(index), "--jobs", "1", "--json", "--quiet"
    )
    assert code == 0, err
    counts = json.loads(out)
    assert counts["files"] == 5 and counts["indexed"] == 4 and counts["without_provenance"] == 1
    assert counts["with_manifest_store"] == 3 and counts["entries"] == 4
    return index


def test_stats_count_the_entries(index_file: Path) -> None:
    code, out, _ = _run("index", "stats", "--index", str(index_file), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["entries"] == 4 and stats["manifest_stores"] == 3
    assert stats["files_seen"] == 5  # the file without provenance too
    code, text, _ = _run("index", "stats", "--index", str(index_file))
    words = " ".join(text.split())  # as lines wrap
    assert code == 0 and "4 entries, 3 manifest stores" in words and "5 files seen by `index add`" in words
    assert any(line.startswith("  fingerprints:") for line in text.splitlines()) and "pdq full 4" in words
    assert stats["by_reason"] == {"c2pa": 3, "ai_metadata": 1}
    assert stats["fingerprints"]["pdq full"] == 4 and stats["fingerprints"]["io.iscc.v0 crop95"] == 4
    assert stats["thresholds"] == {"io.iscc.v0": 8, "pdq": 31, "vpdq": 31}


def test_lookup_of_a_stripped_copy_names_the_original(index_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.png"
    copy.write_bytes(_encoded(pixels(fixture("gen_comfyui.png")), "PNG"))
    code, out, _ = _run("index", "lookup", str(copy), "--index", str(index_file), "--json")
    result = json.loads(out)
    assert code == 0 and result["searched"] == 4
    best = result["matches"][0]
    assert best["path"].endswith("gen_comfyui.png") and best["reason"] == "ai_metadata"
    assert best["original"]["origin"] == "ai_generated" and best["credentials"] is None
    code, text, _ = _run("index", "lookup", str(copy), "--index", str(index_file))
    assert "gen_comfyui.png" in text and "a lead, not a proof" in text


def test_export_gives_every_entry_with_its_report_and_store(index_file: Path) -> None:
    code, out, _ = _run("index", "export", "--index", str(index_file), "--manifests")
    entries = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(entries) == 4
    signed = next(e for e in entries if e["path"].endswith("ai_generated.jpg"))
    assert signed["report"]["verdict"]["origin"] == "ai_generated" and signed["manifest_store"]
    assert {f["variant"] for f in signed["fingerprints"]} == {"full", "crop95", "crop90"}


def test_remove_by_path_and_by_id(index_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index.sqlite"
    shutil.copy(index_file, copy)
    entries = [json.loads(line) for line in _run("index", "export", "--index", str(copy))[1].splitlines()]
    tampered = next(e for e in entries if e["path"].endswith("tampered.jpg"))
    folder = str(Path(tampered["path"]).parent)
    assert _run("index", "remove", "--index", str(copy), "--id", str(tampered["id"]))[0] == 0
    assert json.loads(_run("index", "stats", "--index", str(copy), "--json")[1])["entries"] == 3
    assert _run("index", "remove", folder, "--index", str(copy))[0] == 0
    assert json.loads(_run("index", "stats", "--index", str(copy), "--json")[1])["entries"] == 0


def test_a_missing_or_foreign_repository_is_a_configuration_error(tmp_path: Path) -> None:
    code, _, err = _run("index", "stats", "--index", str(tmp_path / "none.sqlite"))
    assert code == Exit.CONFIG and "no repository" in err
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not a database at all" * 100)
    code, _, err = _run("index", "stats", "--index", str(other))
    assert code == Exit.CONFIG and "not a repository" in err


def test_adding_the_same_bytes_again_replaces_the_entry(index_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index.sqlite"
    shutil.copy(index_file, copy)
    again = tmp_path / "again.jpg"
    shutil.copy(fixture("ai_generated.jpg"), again)
    assert _run("index", "add", str(again), "--index", str(copy), "--jobs", "1", "--quiet")[0] == 0
    entries = [json.loads(line) for line in _run("index", "export", "--index", str(copy))[1].splitlines()]
    assert len(entries) == 4 and any(e["path"] == str(again) for e in entries)


def test_index_add_names_itself_in_its_progress_line(tmp_path: Path) -> None:
    """Off a terminal the progress is a plain line (the first at once, then every 10 s), named by the
    command that runs."""
    folder = tmp_path / "files"
    folder.mkdir()
    shutil.copy(fixture("ai_generated.jpg"), folder)
    code, _, err = _run("index", "add", str(folder), "--index", str(tmp_path / "i.sqlite"), "--jobs", "1")
    assert code == 0, err
    assert "provenance index add: " in err and "provenance audit" not in err


def test_a_run_skips_what_an_earlier_run_saw_unchanged_and_reads_the_rest(tmp_path: Path) -> None:
    """Same path, size and modification time: skipped and counted as unchanged. A changed file, one whose
    entry was removed, one that could not be read, and every file with --rescan are read again."""
    folder = tmp_path / "files"
    folder.mkdir()
    for name in ("ai_generated.jpg", "plain.jpg", "gen_comfyui.png"):
        shutil.copy(fixture(name), folder / name)
    (folder / "empty.jpg").write_bytes(b"")  # unreadable: an error, never taken as seen
    index = str(tmp_path / "index.sqlite")

    def add(*extra: str) -> dict[str, int]:
        code, out, err = _run("index", "add", str(folder), "--index", index, "--jobs", "1", "--json", *extra)
        assert code == Exit.UNREADABLE, err  # the empty file, every time
        return {key: json.loads(out)[key] for key in ("files", "unchanged", "indexed", "errors", "entries")}

    first = add()
    assert first == {"files": 4, "unchanged": 0, "indexed": 2, "errors": 1, "entries": 2}
    assert add() == {"files": 1, "unchanged": 3, "indexed": 0, "errors": 1, "entries": 2}
    changed = folder / "ai_generated.jpg"
    os.utime(changed, (changed.stat().st_atime, changed.stat().st_mtime + 60))
    assert add() == {"files": 2, "unchanged": 2, "indexed": 1, "errors": 1, "entries": 2}
    assert _run("index", "remove", str(folder / "gen_comfyui.png"), "--index", index)[0] == 0
    assert add() == {"files": 2, "unchanged": 2, "indexed": 1, "errors": 1, "entries": 2}
    assert add("--rescan") == {"files": 4, "unchanged": 0, "indexed": 2, "errors": 1, "entries": 2}
    code, _, err = _run("index", "add", str(folder), "--index", index, "--jobs", "1")
    said = " ".join(err.split())  # as the summary line wraps
    assert code == Exit.UNREADABLE and "3 files unchanged since an earlier run skipped (--rescan" in said
