"""The `inspect` panel and `trust show` as a person sees them in an 80- and a 160-column terminal (issue 15
items 5 and 9): titles that keep the file name, words never cut in the evidence, each hint said once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, corpus, fixture

pytest.importorskip("pyte", reason="the pyte terminal emulator is not installed")
from tests.cli.terminal import screen_of  # after the skip: it needs pyte

NO_CACHE = "--no-trust-cache"
LONG = "a-rather-long-folder-name-for-the-terminal/and-a-second-one-that-makes-it-longer"


def titles(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("╭─")]


@pytest.mark.parametrize("columns", [80, 160])
def test_a_long_path_is_shortened_in_its_folders_and_keeps_the_file_name(
    tmp_path: Path, columns: int
) -> None:
    folder = tmp_path / LONG / LONG
    folder.mkdir(parents=True)
    for name in ("holiday-photo-number-one.jpg", "holiday-photo-number-two.jpg"):
        shutil.copy(fixture("plain.jpg"), folder / name)
    names = [str(folder / "holiday-photo-number-one.jpg"), str(folder / "holiday-photo-number-two.jpg")]
    lines = screen_of(["inspect", *names], columns=columns)
    first, second = titles(lines)
    assert "holiday-photo-number-one.jpg ─" in first and "holiday-photo-number-two.jpg ─" in second
    assert first != second
    assert "…" in first and len(first) == columns  # the folders were shortened to fit
    assert first.endswith("╮")


@pytest.mark.parametrize("columns", [80, 160])
def test_checks_not_run_are_grouped_by_why_and_say_not_run_once(columns: int) -> None:
    lines = screen_of(["inspect", str(fixture("ai_generated.jpg")), NO_CACHE], columns=columns)
    text = " ".join(lines)
    assert "not run: stealth, watermark: pixel checks need --deep" in text
    assert not any(line.count("not run") > 1 for line in lines), "\n".join(lines)


def evidence_rows(lines: list[str]) -> list[str]:
    """The lines of the evidence table's body (between its header rule and its bottom border)."""
    start = next(i for i, line in enumerate(lines) if "┡" in line)
    end = next(i for i in range(start, len(lines)) if "└" in lines[i])
    return lines[start + 1 : end]


def cells(rows: list[str]) -> list[str]:
    """Each column's text across the rows, a line's pieces joined by a space."""
    split = [line[2:-2].strip()[1:-1].split("│") for line in rows]  # inside the panel's and table's borders
    return [" ".join(cell.strip() for cell in column if cell.strip()) for column in zip(*split, strict=True)]


def test_at_80_columns_evidence_cells_are_folded_on_words() -> None:
    lines = screen_of(["inspect", str(fixture("ai_generated.jpg")), NO_CACHE], columns=80)
    assert all(len(line) <= 80 for line in lines)
    where, value, meaning, origin = cells(evidence_rows(lines))
    # Broken only at spaces or at a seam of a long token (after "/" or ".", between camelCase words).
    assert origin == "ai_generated (signed)"
    assert value.replace(" ", "") == "trainedAlgorithmicMedia" and value.split() in (
        ["trainedAlgorithmicMedia"],
        ["trained", "AlgorithmicMedia"],
        ["trainedAlgorithmic", "Media"],
        ["trained", "Algorithmic", "Media"],
    )
    assert meaning.startswith("c2pa.created declares source type")
    assert where.replace(" ", "") == "c2pa:c2pa.actions/c2pa.created/digitalSourceType"
    for piece in where.split():
        assert re.fullmatch(r"c2pa:|(c2pa\.|actions/|created/|digital|Source|Type)+", piece), where


def test_at_160_columns_the_evidence_has_a_column_per_fact() -> None:
    lines = screen_of(["inspect", str(fixture("ai_generated.jpg")), NO_CACHE], columns=160)
    header = next(line for line in lines if "source" in line and "meaning" in line)
    assert re.sub(r"[┃\s]+", " ", header).strip(" │") == "source field value meaning origin strength"
    source, field, value, meaning, origin, strength = cells(evidence_rows(lines))
    assert (source, value, origin, strength) == ("c2pa", "trainedAlgorithmicMedia", "ai_generated", "signed")
    assert field.replace(" ", "") == "c2pa.actions/c2pa.created/digitalSourceType"
    assert meaning == "c2pa.created declares source type 'trainedAlgorithmicMedia'"


def test_validation_codes_stay_whole_at_80_columns() -> None:
    lines = screen_of(["inspect", str(fixture("tampered.jpg")), NO_CACHE], columns=80)
    text = "\n".join(lines)
    assert "assertion.dataHash.mismatch" in text and "signingCredential.untrusted" in text


@pytest.mark.parametrize("columns", [80, 160])
def test_without_a_trust_list_the_way_out_is_said_once_and_names_no_bundled_trust(columns: int) -> None:
    args = ["inspect", str(fixture("ai_generated.jpg")), NO_CACHE, "--no-bundled-trust"]
    text = " ".join(line.strip("│ ") for line in screen_of(args, columns=columns))
    assert text.count("trust update") == 1, text
    assert "--no-bundled-trust" in text and "--trust-anchors FILE" in text
    assert "(certificate not checked: no trust list in force)" in text


@pytest.mark.parametrize("columns", [80, 160])
def test_a_trust_list_named_with_parentheses_reads_without_nested_ones(columns: int) -> None:
    path = corpus("real-world/contentauth__verify-site/butteryfly.jpg")
    lines = screen_of(["inspect", str(path), NO_CACHE], columns=columns)
    text = " ".join(line.strip("│ ") for line in lines)
    assert any(re.search(r"trust +trusted, interim \(legacy\) list", line) for line in lines), "\n".join(
        lines
    )
    assert "the interim (legacy) trust list vouches for the signer" in text
    assert "(interim (legacy)" not in text


def test_trust_show_at_80_columns_keeps_each_source_whole_and_indented(tmp_path: Path) -> None:
    folder = tmp_path / LONG / "and-yet-another-folder-so-that-the-path-is-longer-than-a-line"
    folder.mkdir(parents=True)
    for name in ("roots-one.pem", "roots-two.pem"):
        shutil.copy(FIXTURES / "certs" / "test-root.pem", folder / name)
    args = ["trust", "show", NO_CACHE, "--trust-anchors", str(folder / "roots-one.pem")]
    lines = screen_of([*args, "--trust-anchors", str(folder / "roots-two.pem")], columns=80)
    start = next(i for i, line in enumerate(lines) if line.startswith("  user "))
    block = lines[start + 1 : next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  c2pa "))]
    assert all(line.startswith("    ") for line in block), "\n".join(block)  # nothing at the margin
    joined = "".join(line.strip() for line in block)
    assert joined == f"from {folder / 'roots-one.pem'},{folder / 'roots-two.pem'}"
    assert sum("roots-one.pem" in line or "roots-two.pem" in line for line in block) == 2
    eku = next(i for i, line in enumerate(lines) if line.startswith("EKU configuration"))
    assert any("506f98c3" in line for line in lines[eku : eku + 2]), lines[eku : eku + 2]  # not cut mid-word
