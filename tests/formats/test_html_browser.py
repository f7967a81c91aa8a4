"""The HTML audit report in a real browser (the system Chromium, headless, driven by Playwright) at the
window widths people use, 1280 and 1920 px (issue 15 item 4): the table fits, conflicts are shown per
file, and the filters narrow the rows. Skips without Chromium (``scripts/install-browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from provenance import InspectOptions, Report, inspect, load_trust_settings
from provenance.audit.record import AuditRecord, record_of
from provenance.models import Tool
from provenance.thumbnails import thumbnail_data_uri
from tests.browser import opened
from tests.formats.pages import ROWS_SHOWN, report_page
from tests.helpers import FIXTURES, REPO, fixture

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ARTIFACTS = REPO / "artifacts" / "report"
WIDTHS = (1280, 1920)
LONG_NAME = "an-archive-folder-whose-name-goes-on-" * 4 + "and-a-file.jpg"


def with_tool(report: Report, name: str, version: str | None) -> Report:
    return replace(report, verdict=replace(report.verdict, tool=Tool(name, version, "claim_generator_info")))


@pytest.fixture(scope="module")
def records() -> list[AuditRecord]:
    """Files of every kind the report shows: a conflict, identities, a timestamp, an error, a long path,
    and one tool named three ways (version, case)."""
    trusted = InspectOptions(trust=load_trust_settings(anchors=[FIXTURES / "certs/test-root.pem"]))
    made: list[AuditRecord] = []
    for name in ("tampered.jpg", "identity_x509.jpg", "timestamped.jpg", "gen_comfyui.png", "missing.jpg"):
        path = FIXTURES / "media" / name
        made.append(record_of(inspect(path), thumbnail_data_uri(path) if path.exists() else None))
    made.append(record_of(inspect(fixture("captured.jpg"), options=trusted)))  # trusted, user list
    generated = inspect(fixture("ai_generated.jpg"))
    for name, version in (
        ("Example Diffusion", "2.1"),
        ("example diffusion", "3.0"),
        ("Example Diffusion 2.2", None),
    ):
        made.append(record_of(with_tool(generated, name, version)))
    long = replace(generated, source=replace(generated.source, path=f"/archive/{LONG_NAME}/{LONG_NAME}"))
    made.append(record_of(with_tool(long, "A-tool-name-without-any-space-" * 4, "1.0")))
    return made


@pytest.fixture(scope="module")
def report_file(records: list[AuditRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_page(records, tmp_path_factory.mktemp("report"))


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any, report_file: Path) -> Iterator[Any]:
    with opened(browser, report_file.as_uri(), request.param, ROWS_SHOWN, fits=False) as tab:
        yield tab


def row_of(page: Any, name: str) -> Any:
    return page.locator("#rows tr").filter(has=page.locator("td.path .name", has_text=name))


def test_the_table_fits_the_window_and_every_value_its_cell(page: Any) -> None:
    width = page.viewport_size["width"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fixtures_{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wrap = page.evaluate(
        "(() => { const w = document.querySelector('.tablewrap'); return [w.scrollWidth, w.clientWidth]; })()"
    )
    assert wrap[0] <= wrap[1], f"the table overflows its box: {wrap}"
    right = page.evaluate("document.querySelector('.tablewrap').getBoundingClientRect().right")
    headers = page.evaluate(
        "[...document.querySelectorAll('#files th')].map(th => th.getBoundingClientRect().right)"
    )
    assert max(headers) <= right + 0.5  # the Summary column is not clipped
    overflowing = page.evaluate(
        """[...document.querySelectorAll('#rows td')].filter(td => td.scrollWidth > td.clientWidth + 1)
            .map(td => td.className + ': ' + td.textContent.slice(0, 60))"""
    )
    assert overflowing == []  # long paths, tool names, identities and timestamps wrap inside their cells
    identity = row_of(page, "identity_x509.jpg").locator("td.who").text_content()
    assert "Identity (CAWG)" in identity and "Example Newsroom (x509, valid" in identity
    assert "timestamp: untrusted" in row_of(page, "timestamped.jpg").locator("td.who").inner_text()


def test_conflicts_are_shown_with_the_file(page: Any, records: list[AuditRecord]) -> None:
    tampered = next(r for r in records if r.row.path.endswith("tampered.jpg"))
    expected = tampered.row.conflict_details.split(" | ")
    assert expected and expected != [""]
    summary = row_of(page, "tampered.jpg").locator("td.summary")
    assert "Signals disagree: see conflicts." in summary.inner_text()
    box = summary.locator(".conflicts")
    assert box.is_visible()
    assert box.locator("li").all_inner_texts() == expected
    assert page.locator("#rows .conflicts").count() == sum(1 for r in records if r.row.conflict_details)


def choose(page: Any, select: str, label_start: str) -> int:
    """Picks the option whose label starts with ``label_start``; returns the count its label gives."""
    labels = page.locator(f"#{select} option").all_inner_texts()
    label = next(text for text in labels if text.startswith(label_start))
    page.select_option(f"#{select}", label=label)
    return int(label.rsplit("(", 1)[1].rstrip(")"))


def shown(page: Any) -> int:
    return int(page.locator("#rows tr:not(.emptyrow)").count())


@pytest.mark.parametrize(
    ("select", "value", "column"),
    [
        ("origin", "ai_generated", "origin"),
        ("integrity", "tampered", "integrity"),
        ("trust", "trusted", "trust"),
        ("trust", "untrusted", "trust"),
        ("strength", "unsigned", "strength"),
    ],
)
def test_each_filter_keeps_the_rows_with_its_value(
    page: Any, records: list[AuditRecord], select: str, value: str, column: str
) -> None:
    count = choose(page, select, value + " (")
    assert count == sum(1 for r in records if getattr(r.row, column) == value) > 0
    assert shown(page) == count
    assert page.locator("#status").inner_text().startswith(f"Showing {count} of {count} matching files")
    page.select_option(f"#{select}", value="")
    assert shown(page) == len(records)


def test_a_tool_is_one_choice_whatever_its_version_or_case(page: Any, records: list[AuditRecord]) -> None:
    named = [r for r in records if r.row.tool.lower().startswith("example diffusion")]
    assert len(named) >= 3  # the three spellings, and any fixture made with that tool
    labels = page.locator("#tool option").all_inner_texts()
    assert [t for t in labels if t.lower().startswith("example diffusion")] == [
        f"Example Diffusion ({len(named)})"
    ]
    assert choose(page, "tool", "Example Diffusion") == len(named)
    tools = page.locator("#rows td.who .tool").all_inner_texts()
    assert {"Example Diffusion 2.1", "Example Diffusion 2.2", "example diffusion 3.0"} <= set(tools)
    assert len(tools) == len(named)
    bars = page.locator(".chart li .blabel").all_inner_texts()
    assert [b for b in bars if b.lower().startswith("example diffusion")] == ["Example Diffusion"]
