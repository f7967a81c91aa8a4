"""audit --evidence DIR: the pack an auditor keeps, checked file by file."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from provenance.cli import app
from tests.helpers import fixture


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_pack_holds_what_was_audited_how_and_with_what(tmp_path: Path) -> None:
    folder, pack = tmp_path / "in", tmp_path / "pack"
    folder.mkdir()
    for name in ("ai_generated.jpg", "plain.png", "png_tc260_aigc.png"):
        shutil.copyfile(fixture(name), folder / name)
    (folder / "empty.jpg").write_bytes(b"")  # unreadable: a record, no hash
    args = [
        "audit",
        str(folder),
        "--policy",
        "gb-45438",
        "--evidence",
        str(pack),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--quiet",
    ]
    done = subprocess.run([sys.executable, "-m", "provenance", *args], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr  # the empty file
    assert sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file()) == [
        "MANIFEST.sha256",
        "files.sha256",
        "policies/gb-45438.toml",
        "records.jsonl",
        "run.json",
        "summary.json",
        "trust.json",
    ]
    hashes = dict(reversed(line.split("  ", 1)) for line in (pack / "files.sha256").read_text().splitlines())
    assert hashes == {str(p): _sha256(p) for p in folder.iterdir() if p.name != "empty.jpg"}
    records = [json.loads(line) for line in (pack / "records.jsonl").read_text().splitlines()]
    assert len(records) == 4 and all(r["policies"] for r in records)
    manifest = dict(
        reversed(line.split("  ", 1)) for line in (pack / "MANIFEST.sha256").read_text().splitlines()
    )
    assert manifest == {name: _sha256(pack / name) for name in manifest} and len(manifest) == 6
    run = json.loads((pack / "run.json").read_text())
    assert run["tool"]["distribution"] == "media-provenance" and run["schema_version"] == "1.5"
    assert run["offline"] is True and run["command"][1:4] == ["audit", str(folder), "--policy"]
    trust = json.loads((pack / "trust.json").read_text())
    assert {item["name"] for item in trust["lists"]} >= {"c2pa", "interim (legacy)"}
    assert (pack / "policies" / "gb-45438.toml").read_text().startswith('name = "gb-45438"')
    assert json.loads((pack / "summary.json").read_text())["total"] == 4


def test_a_folder_with_files_is_refused_before_any_work(tmp_path: Path) -> None:
    pack = tmp_path / "old-pack"
    pack.mkdir()
    (pack / "records.jsonl").write_text("{}\n")
    done = CliRunner().invoke(app, ["audit", str(fixture("plain.jpg")), "--evidence", str(pack), "--quiet"])
    assert done.exit_code == 2 and "not empty" in done.output
