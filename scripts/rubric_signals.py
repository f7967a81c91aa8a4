#!/usr/bin/env python3
"""The C2PA's official signals over folders (the shared corpus and the fixtures by default), beside our
verdict's origin.

    python scripts/rubric_signals.py [FOLDER ...] [--all]

For every file whose report carries official signals (``provenance.inspect(path).c2pa_signals``: every
file with a manifest the SDK can read), prints (Markdown):

* the signal counts: files whose active manifest claims each signal, and files where any manifest does;
* the mapping between the active manifest's inception signals (and perceptibleGenAI) and the origin;
* every file where both speak and disagree, and the files where only our verdict speaks, counted by
  reason (with ``--all``, each of them), the reason read from the active manifest.

The mapping and the reasons are provenance.rubrics.agreement's (the agreement test uses them too).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import provenance
from provenance._official import capture_crjson
from provenance.readers.c2pa.crjson import active_manifest
from provenance.rubrics import INCEPTION, TRANSFORMATION
from provenance.rubrics.agreement import expected_origins, silence_reason

REPO = Path(__file__).resolve().parents[1]
FOLDERS = (REPO.parent / "shared" / "corpus", REPO / "fixtures" / "media")


@dataclass(frozen=True)
class Row:
    path: str
    origin: str
    active: tuple[str, ...]
    anywhere: frozenset[str]
    reason: str


def rows(folder: Path) -> list[Row]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with capture_crjson() as captured:
            report = provenance.inspect(path)
        signals = report.c2pa_signals
        if signals is None or captured.document is None:
            continue
        active = tuple(s.id for s in signals.signals)
        anywhere = frozenset((*active, *(s for m in signals.other_manifests for s in m.signals)))
        reason = silence_reason(active_manifest(dict(captured.document)) or {})
        name = f"{folder.name}/{path.relative_to(folder)}"
        found.append(Row(name, report.verdict.origin.value, active, anywhere, reason))
    return found


def print_tables(found: list[Row], *, show_silent: bool) -> None:
    print(f"## Official signals over {len(found)} files with a manifest\n")
    print("| signal | kind | active manifest | any manifest |\n|---|---|---:|---:|")
    for signal in (*INCEPTION, *TRANSFORMATION):
        kind = "inception" if signal in INCEPTION else "transformation"
        active = sum(signal in r.active for r in found)
        anywhere = sum(signal in r.anywhere for r in found)
        print(f"| {signal} | {kind} | {active} | {anywhere} |")
    none = sum(not any(s in INCEPTION for s in r.active) for r in found)
    print(f"| (no inception signal) | | {none} | |")
    print("\n## Active manifest's inception signals (and perceptibleGenAI) against our origin\n")
    print("| signals | origin | files |\n|---|---|---:|")
    pairs = Counter(
        (", ".join(s for s in r.active if s in INCEPTION or s == "perceptibleGenAI") or "(none)", r.origin)
        for r in found
    )
    for (signals, origin), count in sorted(pairs.items()):
        print(f"| {signals} | {origin} | {count} |")
    speaking = [(r, expected_origins(r.active)) for r in found]
    disagree = [(r, e) for r, e in speaking if e and r.origin not in e]
    print(f"\n## Both speak and disagree: {len(disagree)} files\n")
    for row, allowed in disagree:
        print(
            f"- `{row.path}`: signals {', '.join(row.active)}; origin {row.origin} (the signals allow "
            f"{', '.join(sorted(allowed))})"
        )
    silent = [r for r, e in speaking if not e and r.origin != "unknown"]
    print(f"\n## Only our verdict speaks: {len(silent)} files\n")
    for text, count in Counter(r.reason for r in silent).most_common():
        print(f"- {count} x {text}")
    if show_silent:
        for row in silent:
            print(f"  - `{row.path}`: origin {row.origin}; {row.reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(FOLDERS))
    parser.add_argument("--all", action="store_true", help="list every file where only our verdict speaks")
    args = parser.parse_args(argv)
    missing = [f for f in args.folders if not f.is_dir()]
    if missing:
        print(f"no folder {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    print_tables([row for folder in args.folders for row in rows(folder)], show_silent=args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
