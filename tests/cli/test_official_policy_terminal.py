"""The panel's "C2PA signals" and "Policy" parts as a person sees them in an 80- and a 160-column terminal
(issues 18 and 20): the official signals with their report texts and the conforming product for a file
with a manifest, each policy's failures with why and the clause, passes folded into one line; words whole,
nothing said twice. (Files signed in listed products' names: tests/conforming/test_panel.py.)"""

from __future__ import annotations

import pytest

from tests.helpers import corpus, fixture

pytest.importorskip("pyte", reason="the pyte terminal emulator is not installed")
from tests.cli.terminal import screen_of

NO_CACHE = "--no-trust-cache"
FIREFLY = "real-world/contentauth__verify-site/butteryfly.jpg"
DALL_E = "real-world/microsoft__c2pa-extension-validator/DALL-E_cloud_surfing_puppy.webp"
TAMPERED = "c2pa-public-testfiles/image/jpeg/adobe-20220124-E-dat-CA.jpg"


def body(lines: list[str]) -> str:
    """The text inside the panels' borders, every run of spaces made one, lines joined by a space: a phrase
    found here was wrapped only at spaces (a word cut in two would read with a space inside it)."""
    inside = [line[1:-1] for line in lines if line.startswith("│") and line.endswith("│")]
    return " ".join(" ".join(inside).split())


def panels(lines: list[str]) -> list[list[str]]:
    """The lines of each file's panel."""
    found: list[list[str]] = []
    for line in lines:
        if line.startswith("╭─"):
            found.append([])
        if found:
            found[-1].append(line)
    return found


@pytest.mark.parametrize("columns", [80, 160])
def test_ai_files_show_their_official_signals_product_and_policy_passes_folded(columns: int) -> None:
    files = [str(corpus(FIREFLY)), str(corpus(DALL_E))]
    policies = ["--policy", "eu-ai-act-50", "--policy", "c2pa-strict"]
    lines = screen_of(["inspect", *files, *policies, NO_CACHE], columns=columns, lines=400)
    assert all(len(line) <= columns for line in lines)
    firefly, dall_e = (body(panel) for panel in panels(lines))
    for text in (firefly, dall_e):
        assert "C2PA signals official, by the C2PA Asset Signals Rubric (Local) 1.0" in text
        assert "claimed ambiguousActions: Contains ambiguous actions" in text
        assert "product not on the conforming products list" in text
        assert text.count("not on the conforming products list") == 1
        assert text.count("C2PA signals") == 1
        assert "Policy eu-ai-act-50: 1 not checked, 5 passed" in text
        assert "Policy c2pa-strict: 5 passed" in text
        # Passes folded into one line (or its wrap), never one line a rule.
        folded = "pass machine-readable-mark, signed-provenance, marks-intact, time-stamped, trusted-signer"
        assert folded in text
        assert "pass manifest, verifies, trusted, time-stamped, source-type" in text
        assert "watermark (warning): watermark: pixel checks need --deep; of what was checked" in text
        assert "Code of Practice, marking: an imperceptible watermark as a second layer" in text
    # The DALL-E image's ingredient is signed too: what its manifest claims is on a line of its own.
    assert "ingredients ambiguousActions" in dall_e
    assert "ingredients" not in firefly


@pytest.mark.parametrize("columns", [80, 160])
def test_a_tampered_file_shows_each_failed_rule_with_why_and_its_clause(columns: int) -> None:
    args = ["inspect", str(corpus(TAMPERED)), "--policy", "eu-ai-act-50", "--policy", "gb-45438", NO_CACHE]
    lines = screen_of(args, columns=columns, lines=300)
    text = body(lines)
    assert "Policy eu-ai-act-50: 4 failed, 1 not checked, 1 passed" in text
    assert (
        "fail marks-intact (error): integrity is 'tampered', not none of 'tampered', 'malformed' "
        "Code of Practice, marking: existing marks are not removed or altered"
    ) in text
    assert "fail trusted-signer (warning): c2pa.trusted is false, not true" in text
    assert "pass time-stamped" in text
    assert "Policy gb-45438: 1 failed, 4 not applicable" in text
    assert "fail implicit-label (error): tc260.present is false, not true" in text
    assert "not applicable label-value, content-producer, produce-id, propagation" in text
    # Each rule once: failures on a line of their own, the others only in their folded line.
    for rule in ("marks-intact", "time-stamped", "label-value", "implicit-label"):
        assert text.count(rule) == 1, rule
    assert "claimed ambiguousActions: Contains ambiguous actions" in text
    # The outcome column lines up across the two policies.
    starts = {line.index(word) for line in lines for word in ("fail  ", "pass  ") if word in line}
    assert len(starts) == 1


def test_a_file_without_a_manifest_or_policy_has_neither_part() -> None:
    lines = screen_of(["inspect", str(fixture("plain.jpg")), NO_CACHE], columns=80)
    text = body(lines)
    assert "C2PA signals" not in text and "Policy" not in text
