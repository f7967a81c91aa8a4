"""The C2PA's official signals in the report of every file of the shared corpus and the fixtures with a
manifest, and their agreement with our verdict's ``origin``: where both speak they agree, except for the
files listed here with the reason (the README's "Official signals and our origin"); where only our verdict
speaks, the reason is one of the known differences of what each reads (provenance.rubrics.agreement)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import provenance
from provenance._official import capture_crjson
from provenance.readers.c2pa.crjson import active_manifest, read_crjson
from provenance.rubrics.agreement import UNEXPLAINED, expected_origins, silence_reason
from tests.helpers import CORPUS, FIXTURES

# Both speak and disagree, on purpose.
DISAGREEMENTS = {
    "fixtures/laundered_capture.jpg": "a digitalCapture claim that no trust list vouches for, signed over an "
    "image whose metadata declares AI: the verdict sets the claim aside (README, the verdict's exception)",
    "fixtures/laundered_capture.png": "the same, in a PNG",
}


@cache
def _files() -> tuple[tuple[str, Path], ...]:
    roots = {"fixtures": FIXTURES / "media", "corpus": CORPUS}
    return tuple(
        (f"{name}/{path.relative_to(root)}", path)
        for name, root in roots.items()
        if root.is_dir()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    )


@cache
def _readings() -> dict[str, tuple[provenance.Report, dict[str, object] | None]]:
    found = {}
    for name, path in _files():
        with capture_crjson() as captured:
            report = provenance.inspect(path)
        found[name] = (report, dict(captured.document) if captured.document is not None else None)
    return found


def _corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared conformance corpus not found at {CORPUS} (it sits beside the repository in CI)")


def test_every_corpus_file_with_a_manifest_carries_the_official_signals() -> None:
    _corpus()
    with_manifest = [name for name, path in _files() if name.startswith("corpus/") and read_crjson(path)]
    assert len(with_manifest) == 100
    readings = _readings()
    assert [n for n in with_manifest if readings[n][0].c2pa_signals is None] == []
    assert all(not readings[n][0].c2pa_signals.errors for n in with_manifest)  # type: ignore[union-attr]
    without = [n for n, (report, document) in readings.items() if document is None]
    assert all(readings[n][0].c2pa_signals is None for n in without)


def test_where_the_signals_and_the_origin_both_speak_they_agree_or_the_reason_is_listed() -> None:
    disagree = {}
    for name, (report, _) in _readings().items():
        if report.c2pa_signals is None:
            continue
        allowed = expected_origins(s.id for s in report.c2pa_signals.signals)
        if allowed and report.verdict.origin not in allowed:
            disagree[name] = report.verdict.origin.value
    assert disagree == dict.fromkeys(DISAGREEMENTS, "ai_generated")


def test_where_only_our_origin_speaks_the_reason_is_a_known_difference() -> None:
    reasons: Counter[str] = Counter()
    unexplained = []
    for name, (report, document) in _readings().items():
        if report.c2pa_signals is None or document is None or report.verdict.origin.value == "unknown":
            continue
        if expected_origins(s.id for s in report.c2pa_signals.signals):
            continue
        reason = silence_reason(active_manifest(document) or {})
        reasons[reason] += 1
        if reason == UNEXPLAINED:
            unexplained.append(name)
    assert unexplained == []
    assert sum(reasons.values()) >= 6  # the fixtures alone have 4 (opened edits, Adobe's parameter, ...)


def test_the_corpus_signal_counts_are_those_the_readme_gives() -> None:
    _corpus()
    counts: Counter[str] = Counter()
    for name, (report, _) in _readings().items():
        if name.startswith("corpus/") and report.c2pa_signals is not None:
            counts.update(s.id for s in report.c2pa_signals.signals)
    assert dict(counts) == {
        "ambiguousActions": 98,
        "mediaUnknownProvenance": 1,
        "nonEditorial": 1,
        "perceptibleGenAI": 1,
    }
