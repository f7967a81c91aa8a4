"""The HTML audit report's policy results and official C2PA signals in Chromium at 1280 and 1920 px (issues
18 and 20): pass rates per rule, the failing files one click away, a filter by failed rule and by signal,
the signals as chips in each row. Screenshots in artifacts/issue18/. Skips without Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provenance import InspectOptions, inspect
from provenance.audit.record import AuditRecord, record_of
from provenance.policy import load_policy
from tests.browser import opened
from tests.formats.pages import ROWS_SHOWN, report_page
from tests.formats.test_html_browser import WIDTHS
from tests.helpers import REPO, fixture

pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ARTIFACTS = REPO / "artifacts" / "issue18"
FILES = ("ai_generated.jpg", "captured.jpg", "tampered.jpg", "plain.jpg", "png_tc260_aigc.png")


def _records(*policies: str) -> list[AuditRecord]:
    options = InspectOptions(policies=tuple(load_policy(name) for name in policies))
    return [record_of(inspect(fixture(name), options=options)) for name in FILES]


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "policies": report_page(_records("eu-ai-act-50", "c2pa-strict"), tmp_path_factory.mktemp("policies")),
        "none": report_page(_records(), tmp_path_factory.mktemp("none")),
    }


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any, report_files: dict[str, Path]) -> Iterator[Any]:
    with opened(browser, report_files["policies"].as_uri(), request.param, ROWS_SHOWN) as tab:
        yield tab


def names(page: Any) -> list[str]:
    return [str(n) for n in page.locator("#rows td.path .name").all_inner_texts()]


def rule_row(page: Any, rule: str) -> list[str]:
    """The cells of a rule's row in the policy table, as shown."""
    row = page.locator(".rules tbody tr").filter(has=page.locator("th", has_text=rule))
    return [" ".join(str(t).split()) for t in row.locator("th, td").all_inner_texts()]


def test_each_rule_shows_its_pass_rates(page: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"fixtures_policy_{width}.png"), full_page=True)
    assert page.locator("#policy-title").inner_text().lower() == "policy rules"
    headers = [" ".join(str(t).split()) for t in page.locator(".rules thead th").all_inner_texts()]
    assert headers == ["Rule", "Share", "Passed", "Failed", "Not applicable", "Not checked"]
    assert rule_row(page, "eu-ai-act-50/marks-intact") == [
        "eu-ai-act-50/marks-intact", "", "2 (40.0%)", "1 (20.0%)", "2 (40.0%)", "0",
    ]  # fmt: skip
    assert rule_row(page, "eu-ai-act-50/watermark") == [
        "eu-ai-act-50/watermark",
        "",
        "0",
        "0",
        "0",
        "5 (100.0%)",
    ]
    assert page.locator(".rules tbody tr").count() == 11


def test_the_failing_count_shows_those_files_and_a_second_click_all(page: Any) -> None:
    button = page.locator('button.fails[data-rule="eu-ai-act-50/signed-provenance"]')
    assert button.inner_text() == "4"
    button.click()
    assert names(page) == ["captured.jpg", "tampered.jpg", "plain.jpg", "png_tc260_aigc.png"]
    assert page.locator("#rule").input_value() == "eu-ai-act-50/signed-provenance"
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("#status").inner_text() == "Showing 4 of 4 matching files (5 in this page)"
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"fixtures_policy_{width}_failing.png"))
    # The filter is in view after the click (at the window's top, or as far as the page scrolls).
    top, bottom = page.evaluate("(() => { const r = document.querySelector('#rule').getBoundingClientRect(); "
                                "return [r.top, r.bottom]; })()")  # fmt: skip
    assert top >= 0 and bottom <= 900
    button.click()
    assert len(names(page)) == 5 and page.locator("#rule").input_value() == ""
    assert button.get_attribute("aria-pressed") == "false"


def test_the_failed_rule_filter_lists_each_rule_with_its_count(page: Any) -> None:
    options = page.locator("#rule option").all_inner_texts()
    assert "eu-ai-act-50/marks-intact (1)" in options and "c2pa-strict/manifest (2)" in options
    page.select_option("#rule", "c2pa-strict/manifest")
    assert names(page) == ["plain.jpg", "png_tc260_aigc.png"]
    assert (
        page.locator('button.fails[data-rule="c2pa-strict/manifest"]').get_attribute("aria-pressed") == "true"
    )


def test_each_row_names_the_rules_it_fails_by_policy(page: Any) -> None:
    row = page.locator("#rows tr").filter(has=page.locator("td.path .name", has_text="tampered.jpg"))
    box = [" ".join(str(t).split()) for t in row.locator(".fails-box li").all_inner_texts()]
    assert row.locator(".fails-box strong").inner_text() == "Fails 7 policy rules"
    assert box == [
        "eu-ai-act-50: signed-provenance, marks-intact, time-stamped, trusted-signer",
        "c2pa-strict: verifies, trusted, time-stamped",
    ]


def test_the_official_signals_are_chips_and_a_filter(page: Any) -> None:
    row = page.locator("#rows tr").filter(has=page.locator("td.path .name", has_text="ai_generated.jpg"))
    chips = row.locator(".verdict .chip")
    assert chips.all_inner_texts() == ["fullyGenAIMedia", "ambiguousActions"]
    assert "sig-ai" in str(chips.first.get_attribute("class"))
    plain = page.locator("#rows tr").filter(has=page.locator("td.path .name", has_text="plain.jpg"))
    assert plain.locator(".chip").count() == 0
    options = page.locator("#signal option").all_inner_texts()
    assert options == ["all", "ambiguousActions (3)", "fullyGenAIMedia (2)", "capturedMedia (1)"]
    page.select_option("#signal", "fullyGenAIMedia")
    assert names(page) == ["ai_generated.jpg", "tampered.jpg"]
    page.select_option("#signal", "ambiguousActions")
    assert names(page) == ["ai_generated.jpg", "captured.jpg", "tampered.jpg"]


@pytest.mark.parametrize("width", WIDTHS)
def test_without_policies_there_is_no_rule_table_nor_rule_filter(
    browser: Any,
    report_files: dict[str, Path],
    width: int,
) -> None:
    with opened(browser, report_files["none"].as_uri(), width, ROWS_SHOWN) as tab:
        assert tab.locator(".policy").count() == 0
        assert not tab.locator("#rule").is_visible()
        assert tab.locator("#signal").is_visible()  # the signals are there without a policy
        assert tab.locator(".fails-box").count() == 0
