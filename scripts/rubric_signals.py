#!/usr/bin/env python3
"""The C2PA's official signals over a folder (the shared corpus by default), beside our verdict's origin.

    python scripts/rubric_signals.py [FOLDER] [--all]

For every file with a manifest the SDK can read, the bundled signals rubric is evaluated on each manifest
of its crJSON and ``provenance.inspect(path).verdict.origin`` is read. Prints (Markdown):

* the signal counts: files whose active manifest claims each signal, and files where any manifest does;
* the mapping between the active manifest's inception signals (and perceptibleGenAI) and the origin;
* every file where both speak and disagree, and (with ``--all``) every file where only our verdict
  speaks, each with the reason read from its active manifest.

An inception signal speaks for the origin our vocabulary gives its digital source type (fullyGenAIMedia:
trainedAlgorithmicMedia -> ai_generated, capturedMedia: digitalCapture -> captured, ...); perceptibleGenAI
speaks for an AI origin; mediaUnknownProvenance and blankCanvas say nothing of the origin.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import provenance
from provenance.readers.c2pa.crjson import active_manifest, read_crjson
from provenance.rubrics import INCEPTION, TRANSFORMATION, official_signals
from provenance.vocab import AI_ORIGINS, origin_of_source_type

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
SIGNAL_SOURCE_TYPES = {
    "fullyGenAIMedia": IPTC + "trainedAlgorithmicMedia",
    "partlyGenAICreation": IPTC + "compositeWithTrainedAlgorithmicMedia",
    "compositionMayContainGenAI": IPTC + "composite",
    "capturedMedia": IPTC + "digitalCapture",
    "capturedMediaStitched": IPTC + "compositeCapture",
    "screenCaptureMayContainGenAI": IPTC + "screenCapture",
    "nonGenAIDigitalCreation": IPTC + "digitalCreation",
}


@dataclass(frozen=True)
class Row:
    path: str
    origin: str
    active: tuple[str, ...]
    anywhere: frozenset[str]
    reason: str


def expected_origins(signals: tuple[str, ...]) -> set[str]:
    """The origins the active manifest's signals allow; empty when they say nothing of the origin."""
    allowed = {
        origin_of_source_type(SIGNAL_SOURCE_TYPES[s]).value for s in signals if s in SIGNAL_SOURCE_TYPES
    }
    if "perceptibleGenAI" in signals:
        allowed = {o.value for o in AI_ORIGINS} if not allowed else allowed | {"ai_edited"}
    return allowed


def reason(manifest: dict[str, Any]) -> str:
    """Why the rubric reads the active manifest as it does, in a few words."""
    assertions = manifest.get("assertions") or {}
    v2 = assertions.get("c2pa.actions.v2")
    if not isinstance(v2, dict):
        labels = sorted(k for k in assertions if k.split("__")[0].startswith("c2pa.actions"))
        if labels:
            return (
                f"only a v1 actions assertion ({', '.join(labels)}): the rubric reads c2pa.actions.v2 alone"
            )
        return "no actions assertion: nothing for the rubric to read"
    actions = [a for a in v2.get("actions") or [] if isinstance(a, dict)]
    known = set(SIGNAL_SOURCE_TYPES.values())
    shown = []
    for action in actions[:4]:
        source_type = action.get("digitalSourceType")
        if not isinstance(source_type, str):
            shown.append(str(action.get("action")))
        elif source_type.strip() in known and source_type not in known:
            shown.append(f"{action.get('action')} [{source_type!r}: not the exact URI the rubric compares]")
        else:
            shown.append(f"{action.get('action')} [{source_type.rsplit('/', 1)[-1]}]")
    return f"actions.v2: {', '.join(shown) or 'none'}"


def rows(folder: Path) -> list[Row]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        document = read_crjson(path)
        if document is None:
            continue
        signals = official_signals(document)
        manifest = active_manifest(document) or {}
        active = signals.active.ids if signals.active else ()
        anywhere = frozenset(s for m in signals.manifests for s in m.ids)
        origin = provenance.inspect(path).verdict.origin.value
        found.append(Row(str(path.relative_to(folder)), origin, active, anywhere, reason(manifest)))
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
            f"{', '.join(sorted(allowed))}): {row.reason}"
        )
    silent = [r for r, e in speaking if not e and r.origin != "unknown"]
    print(f"\n## Only our verdict speaks: {len(silent)} files\n")
    reasons = Counter(r.reason.split(":")[0] for r in silent)
    for text, count in reasons.most_common():
        print(f"- {count} x {text}")
    if show_silent:
        for row in silent:
            print(f"  - `{row.path}`: origin {row.origin}; {row.reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--all", action="store_true", help="list every file where only our verdict speaks")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no folder {args.folder}", file=sys.stderr)
        return 2
    print_tables(rows(args.folder), show_silent=args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
