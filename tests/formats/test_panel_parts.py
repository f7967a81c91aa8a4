"""The panel's "C2PA signals" and "Policy" parts rendered by rich alone (the terminal's view:
tests/cli/test_official_policy_terminal.py): what each shows, and that text from a policy file or a
manifest is shown as it reads, never as markup or escape sequences."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from provenance import inspect
from provenance.formats.panel_official import official_part
from provenance.formats.panel_policy import policy_part
from provenance.models import (
    C2paManifestSignals,
    C2paSignal,
    C2paSignals,
    PolicyResult,
    Report,
    RuleResult,
    RuleStatus,
    Severity,
)
from tests.helpers import fixture


def shown(part: object, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, markup=False, emoji=False, highlight=False)
    console.print(part)
    return console.export_text()


def rule(name: str, status: RuleStatus, severity: Severity = Severity.ERROR, why: str = "") -> RuleResult:
    return RuleResult(name, status, severity, f"clause of {name}", why or f"why {name}")


def _plain() -> Report:
    return inspect(fixture("plain.jpg"))


def test_no_policy_and_no_manifest_no_parts() -> None:
    assert policy_part(_plain()) is None and official_part(_plain()) is None


def test_failures_come_first_with_why_and_clause_and_the_rest_is_folded() -> None:
    rules = (
        rule("a-pass", RuleStatus.PASSED),
        rule("a-fail", RuleStatus.FAILED, why="integrity is 'tampered'"),
        rule("no-cover", RuleStatus.NOT_APPLICABLE),
        rule("b-pass", RuleStatus.PASSED),
        rule("unseen", RuleStatus.NOT_CHECKED, Severity.WARNING),
    )
    text = shown(policy_part(replace(_plain(), policies=(PolicyResult("house", rules),))))
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines == [
        "Policy house: 1 failed, 1 not checked, 2 passed, 1 not applicable",
        "fail a-fail (error): integrity is 'tampered'",
        "clause of a-fail",
        "not checked unseen (warning): why unseen",
        "clause of unseen",
        "pass a-pass, b-pass",
        "not applicable no-cover",
    ]


def test_a_policy_files_names_are_shown_as_they_read() -> None:
    hostile = "[bold red]x[/] \x1b[2J"
    result = PolicyResult(hostile, (rule(hostile, RuleStatus.FAILED, why=hostile),))
    text = shown(policy_part(replace(_plain(), policies=(result,))), width=160)
    assert "[bold red]x[/] \\x1b[2J" in text and "\x1b" not in text


def test_signals_with_their_texts_and_the_ingredients_signals_once_with_a_count() -> None:
    signals = C2paSignals(
        rubric="Signals",
        version="1.0",
        manifest="urn:a",
        signals=(C2paSignal("perceptibleGenAI", "transformation", "s", "Contains perceptible GenAI"),),
        other_manifests=(
            C2paManifestSignals("urn:b", ("capturedMedia", "ambiguousActions")),
            C2paManifestSignals("urn:c", ("capturedMedia",)),
        ),
    )
    text = " ".join(shown(official_part(replace(_plain(), c2pa_signals=signals))).split())
    assert text == (
        "C2PA signals official, by the Signals 1.0 claimed perceptibleGenAI: Contains perceptible GenAI "
        "ingredients capturedMedia (2 manifests), ambiguousActions"
    )


def test_a_manifest_that_claims_no_signal_says_so() -> None:
    signals = C2paSignals(rubric="Signals", version="1.0", manifest="urn:a", signals=())
    text = " ".join(shown(official_part(replace(_plain(), c2pa_signals=signals))).split())
    assert "claimed none claimed by the active manifest" in text


def test_a_match_s_rank_keeps_its_long_path_beside_it() -> None:
    """The "Resembles" part: the rank has a column of its own, so a path too long for the line folds
    beside it (it used to leave "1." alone on a line) and every line of the match starts under the path."""
    from provenance.formats.panel_matches import matches_part
    from provenance.models import (
        FingerprintMatch,
        Integrity,
        MatchDistance,
        MatchedOriginal,
        Origin,
        Strength,
        Trust,
    )

    path = "/archive/" + "/".join(["a-rather-long-folder-name"] * 4) + "/adobe-20220124-CA.jpg"
    original = MatchedOriginal(
        Origin.AI_GENERATED,
        "Tool",
        "Signer",
        None,
        Integrity.INTACT,
        Trust.TRUSTED,
        "c2pa",
        Strength.SIGNED,
        None,
    )
    match = FingerprintMatch(
        "index.sqlite",
        "index",
        None,
        path,
        "2026-11-28T10:00:00",
        (MatchDistance("pdq", 6, 31, 256, "full"),),
        95,
        False,
        original,
        None,
        "",
    )
    report = replace(_plain(), matches=(match,))
    lines = shown(matches_part(report), width=60).splitlines()
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1."))
    assert lines[first].strip() == "1. " + path[: len(lines[first].strip()) - 3]  # the path starts beside it
    indent = lines[first].index("1.") + 3
    body = lines[first + 1 : first + 6]
    assert all(line[:indent].strip() == "" for line in body), lines
    assert "".join(line[indent:].rstrip() for line in [lines[first], *body]).startswith(path)
