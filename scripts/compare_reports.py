#!/usr/bin/env python3
"""Prove a refactoring changed no output: snapshot what the command line prints, before and after, and diff.

    python scripts/compare_reports.py snapshot /tmp/before --src /tmp/base-checkout   # the old code
    python scripts/compare_reports.py snapshot /tmp/after                            # this checkout
    python scripts/compare_reports.py diff /tmp/before /tmp/after

A snapshot holds, for every file of ``fixtures/media`` and of ``../shared/corpus`` (when present):

* ``inspect/<variant>/<root>/<path>.json``: the report ``provenance inspect --json`` prints, for the
  variants ``default`` (no trust list), ``deep`` (``--deep``) and ``trusted`` (the fixtures' test root and
  the shared C2PA trust-list snapshots);
* ``panels/<root>.txt``: the terminal panels of ``inspect --tree`` at 100 columns;
* ``audit/<root>.jsonl`` and ``audit/<root>.csv``: the records of ``provenance audit``, sorted by path
  (workers finish in any order), and ``audit/<root>.summary.json`` without its timings;
* ``exit_codes.json``: the exit code of every command.

Paths in reports are relative to each root (the commands run there), so two checkouts compare equal.
Every command runs with an empty trust cache and config, so the user's own lists change nothing. ``--src``
puts another checkout's ``provenance`` package first on the import path (same interpreter and
dependencies), which is how the "before" snapshot of a change is taken.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = {"fixtures": REPO / "fixtures" / "media", "corpus": REPO.parent / "shared" / "corpus"}
TRUST = REPO.parent / "shared" / "trust"
MEDIA_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".png",
        ".webp",
        ".gif",
        ".tif",
        ".tiff",
        ".avif",
        ".heic",
        ".heif",
        ".jxl",
        ".svg",
        ".pdf",
        ".mp4",
        ".mov",
        ".m4a",
        ".mp3",
        ".wav",
        ".flac",
        ".avi",
        ".psd",
        ".dng",
        ".arw",
        ".nef",
        ".cr3",
        ".mpd",
        ".m4s",
        ".bmp",
    }
)
_TIMINGS = ("elapsed_s", "files_per_s")


def _media(root: Path) -> list[str]:
    """Every file under ``root`` that is not an oracle or a note, as sorted relative paths."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and (p.suffix.lower() in MEDIA_SUFFIXES or not p.suffix)
    )


def _trust_options() -> list[str]:
    options = [
        "--trust-anchors",
        str(REPO / "fixtures" / "certs" / "test-root.pem"),
        "--trust-config",
        str(REPO / "fixtures" / "certs" / "eku.cfg"),
    ]
    if TRUST.is_dir():
        options += ["--trust-anchors", str(TRUST / "C2PA-TRUST-LIST.pem")]
        options += ["--trust-anchors", str(TRUST / "interim-anchors.pem")]
        options += ["--allowed-certs", str(TRUST / "interim-allowed.pem")]
    return options


class Runner:
    def __init__(self, src: Path | None, home: Path) -> None:
        self.env = dict(os.environ)
        if src is not None:
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), self.env.get("PYTHONPATH")]))
        (home / "config.toml").write_text("# empty\n")
        self.env.update(
            PROVENANCE_CACHE_DIR=str(home / "cache"),
            PROVENANCE_CONFIG=str(home / "config.toml"),
            COLUMNS="100",
            TERM="dumb",
            NO_COLOR="1",
        )
        for name in ("PROVENANCE_TRUST_ANCHORS", "PROVENANCE_ALLOWED_CERTS", "PROVENANCE_TRUST_CONFIG"):
            self.env.pop(name, None)
        self.codes: dict[str, int] = {}

    def run(self, name: str, args: list[str], cwd: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "provenance", *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            check=False,
        )
        self.codes[name] = done.returncode
        if done.returncode not in (0, 1, 3):
            raise SystemExit(f"{name}: exit {done.returncode}\n{done.stderr[-3000:]}")
        return done.stdout


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def _inspect(runner: Runner, out: Path, label: str, root: Path, files: list[str]) -> None:
    variants = {"default": [], "deep": ["--deep"], "trusted": _trust_options()}
    for variant, extra in variants.items():
        text = runner.run(f"inspect {variant} {label}", ["inspect", "--json", *extra, *files], root)
        reports = json.loads(text)
        reports = reports if isinstance(reports, list) else [reports]
        assert len(reports) == len(files), f"{len(reports)} reports for {len(files)} files"
        for name, report in zip(files, reports, strict=True):
            _write(out / "inspect" / variant / label / f"{name}.json", json.dumps(report, indent=2) + "\n")
    panels = runner.run(f"panels {label}", ["inspect", "--tree", *files], root)
    _write(out / "panels" / f"{label}.txt", panels)


def _audit(runner: Runner, out: Path, label: str, root: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        records, summary = Path(scratch) / "a.jsonl", Path(scratch) / "s.json"
        common = ["audit", ".", "--jobs", "2", "--quiet", "--hidden"]
        runner.run(
            f"audit jsonl {label}", [*common, "-o", str(records), "--summary-json", str(summary)], root
        )
        lines = records.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
        lines.sort(key=lambda line: json.loads(line)["source"]["path"])
        _write(out / "audit" / f"{label}.jsonl", "\n".join(lines) + "\n")
        data = json.loads(summary.read_text())
        for key in _TIMINGS:
            data.pop(key, None)
        _write(out / "audit" / f"{label}.summary.json", json.dumps(data, indent=2, sort_keys=True) + "\n")
        text = runner.run(f"audit csv {label}", [*common, "--format", "csv"], root)
        rows = list(csv.reader(io.StringIO(text, newline="")))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([rows[0], *sorted(rows[1:])])
        _write(out / "audit" / f"{label}.csv", buffer.getvalue())
        lines_view = runner.run(f"audit lines {label}", [*common, "--format", "lines"], root)
        _write(out / "audit" / f"{label}.lines.txt", "\n".join(sorted(lines_view.splitlines())) + "\n")


def snapshot(out: Path, src: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        runner = Runner(src, Path(home))
        for label, root in ROOTS.items():
            if not root.is_dir():
                print(f"skipped {label}: {root} not found", file=sys.stderr)
                continue
            files = _media(root)
            print(f"{label}: {len(files)} files", file=sys.stderr)
            _inspect(runner, out, label, root, files)
            _audit(runner, out, label, root)
        _write(out / "exit_codes.json", json.dumps(runner.codes, indent=2, sort_keys=True) + "\n")


def diff(before: Path, after: Path, limit: int) -> int:
    """Print a unified diff of every file that differs; the exit status is the number of such files."""
    names = sorted(
        {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
        | {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    )
    changed = 0
    for name in names:
        a, b = before / name, after / name
        if not a.is_file() or not b.is_file():
            print(f"only in {'after' if b.is_file() else 'before'}: {name}")
            changed += 1
            continue
        if a.read_bytes() == b.read_bytes():
            continue
        changed += 1
        lines = difflib.unified_diff(
            a.read_text(errors="surrogateescape").splitlines(),
            b.read_text(errors="surrogateescape").splitlines(),
            f"before/{name}",
            f"after/{name}",
            lineterm="",
        )
        body = list(lines)
        print("\n".join(body[:limit]) + ("\n..." if len(body) > limit else ""))
    print(f"{changed} of {len(names)} files differ", file=sys.stderr)
    return min(changed, 100)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write the outputs of this (or --src's) code to a folder")
    snap.add_argument("out", type=Path)
    snap.add_argument("--src", type=Path, help="a checkout whose provenance package to run instead")
    compare = sub.add_parser("diff", help="compare two snapshots")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    compare.add_argument("--lines", type=int, default=40, help="diff lines shown per file")
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out, args.src.resolve() if args.src else None)
        return 0
    return diff(args.before, args.after, args.lines)


if __name__ == "__main__":
    raise SystemExit(main())
