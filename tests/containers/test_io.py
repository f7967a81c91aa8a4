"""What the walkers share: the problem collector (deduplicated, counted, capped) and the per-file budget
of metadata read into memory."""

from __future__ import annotations

import pytest

from provenance.containers import _io
from provenance.containers._io import MAX_PROBLEM_KINDS, Collector, Problems, summarize


def test_repeated_problems_are_listed_once_with_a_count_in_first_seen_order() -> None:
    problems = Problems()
    for text in ("b", "a", "b", "b", "c"):
        problems.append(text)
    assert problems.summary() == ("b (x3)", "a", "c")


def test_a_million_problems_keep_memory_and_the_list_small() -> None:
    problems = Problems()
    problems.extend(f"bad thing at offset {n}" for n in range(1_000_000))
    summary = problems.summary()
    assert len(summary) == MAX_PROBLEM_KINDS + 1
    assert summary[0] == "bad thing at offset 0"
    assert summary[-1] == f"and {1_000_000 - MAX_PROBLEM_KINDS:,} more problems"
    assert len(problems._counts) == MAX_PROBLEM_KINDS


def test_counts_of_listed_kinds_go_on_after_the_cap() -> None:
    texts = [f"kind {n}" for n in range(MAX_PROBLEM_KINDS + 5)] + ["kind 0"] * 1000
    summary = summarize(texts)
    assert summary[0] == "kind 0 (x1,001)"
    assert summary[-1] == "and 5 more problems"


def test_nothing_to_report_is_empty() -> None:
    assert summarize([]) == ()
    assert not Problems()


def test_the_block_budget_skips_with_one_counted_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_BLOCKS", 3)
    collector = Collector("png")
    assert [collector.allow(10, "tEXt chunk") for _ in range(5)] == [True, True, True, False, False]
    assert collector.full
    assert collector.problems.summary() == (
        "png: over 3 metadata blocks in the file; tEXt chunk skipped (x2)",
    )


def test_the_byte_budget_counts_what_was_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "MAX_KEPT", 2 * _io.MB)
    collector = Collector("riff")
    assert collector.allow(_io.MB, "'XMP ' chunk")
    assert not collector.allow(_io.MB + 1, "'XMP ' chunk")
    assert collector.allow(_io.MB, "'EXIF' chunk")
    assert collector.problems.summary() == ("riff: metadata over 2 MB in the file; 'XMP ' chunk skipped",)
