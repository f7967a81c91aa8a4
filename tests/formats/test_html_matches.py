"""The HTML audit report of an audit with ``--index`` (issue 17): each file that resembles indexed files shows
them, best first, as other files' statements (what their credentials said, how far, whether the stored
credentials still verify), and a "Resembles" filter picks the files by what their best match said. In
Chromium at 1280 and 1920 px; the row data without it. Screenshots in artifacts/issue17/."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from provenance import InspectOptions, inspect
from provenance.audit.engine import AuditOptions
from provenance.audit.pool import PoolOptions
from provenance.audit.record import AuditRecord, record_of
from provenance.formats.html import COLUMNS, MATCHES_SHOWN, html_row
from provenance.index import Repository, build_index
from tests.browser import opened
from tests.formats.pages import ROWS_SHOWN, report_page
from tests.formats.test_html_browser import WIDTHS
from tests.helpers import REPO, fixture, no_trust

ARTIFACTS = REPO / "artifacts" / "issue17"
INDEXED = ("ai_generated.jpg", "captured.jpg")


def _stripped(path: Path, folder: Path) -> Path:
    """A copy of the picture as a platform re-encodes it: no metadata, JPEG quality 70."""
    out = folder / f"stripped-{path.stem}.jpg"
    with Image.open(path) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=70)
    out.write_bytes(buffer.getvalue())
    return out


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[AuditRecord]:
    folder = tmp_path_factory.mktemp("matches")
    originals = folder / "originals"
    originals.mkdir()
    for name in INDEXED:
        (originals / name).write_bytes(fixture(name).read_bytes())
    repository = Repository(folder / "index.sqlite")
    build_index(AuditOptions((str(originals),), PoolOptions(jobs=1, inspect=no_trust())), repository)
    repository.close()
    options = InspectOptions(index=str(folder / "index.sqlite"))
    copy = _stripped(fixture("ai_generated.jpg"), folder)
    files = [copy, fixture("plain.jpg"), fixture("ai_generated.jpg")]
    return [record_of(inspect(path, options=options)) for path in files]


def _row(record: AuditRecord) -> dict[str, Any]:
    text = html_row(record).replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    return dict(zip(COLUMNS, json.loads(text), strict=True))


def test_a_stripped_copy_lists_what_it_resembles_best_first(records: list[AuditRecord]) -> None:
    row = _row(records[0])
    report = json.loads(records[0].json)
    lines = row["resembles"].split("\n")
    assert len(lines) == min(len(report["matches"]), MATCHES_SHOWN) >= 1
    assert lines[0] == " ".join(report["matches"][0]["summary"].split())
    assert "ai_generated.jpg" in lines[0] and "A lead, not a proof." in lines[0]
    details = row["resembles_detail"].split("\n")
    assert len(details) == len(lines)
    assert "pdq " in details[0] and "/256" in details[0] and "stored credentials verified today" in details[0]
    assert row["resembles_origin"] == "ai_generated"


def test_a_file_without_matches_has_empty_resembles_columns(records: list[AuditRecord]) -> None:
    for record in records[1:]:  # nothing like it indexed; a signed original is not looked up (--match auto)
        row = _row(record)
        assert (row["resembles"], row["resembles_detail"], row["resembles_origin"]) == ("", "", "")


@pytest.fixture(scope="module")
def report_file(records: list[AuditRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_page(records, tmp_path_factory.mktemp("page"))


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser: Any, report_file: Path) -> Iterator[Any]:
    with opened(browser, report_file.as_uri(), request.param, ROWS_SHOWN) as tab:
        yield tab


def _names(page: Any) -> list[str]:
    return [str(n) for n in page.locator("#rows td.path .name").all_inner_texts()]


def test_the_copy_shows_its_matches_as_other_files_statements(page: Any) -> None:
    row = page.locator("#rows tr").filter(has=page.locator("td.path", has_text="stripped-ai_generated.jpg"))
    box = row.locator(".resembles-box")
    assert box.get_attribute("role") == "note"
    assert "other files' statements, leads to check" in box.locator("strong").inner_text()
    items = box.locator("li").all_inner_texts()
    assert items and "originals/ai_generated.jpg" in items[0]
    assert "stored credentials verified today" in items[0]
    # the files without matches show no box
    assert page.locator("#rows tr .resembles-box").count() == 1
    width = page.viewport_size["width"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-matches-{width}.png"), full_page=True)


def test_the_resembles_filter_picks_files_by_what_their_best_match_said(page: Any) -> None:
    select = page.locator("#resembles")
    assert select.is_visible()
    options = [str(t) for t in select.locator("option").all_inner_texts()]
    assert options == ["all", "ai_generated (1)"]
    select.select_option("ai_generated")
    assert _names(page) == ["stripped-ai_generated.jpg"]
    select.select_option("")
    assert len(_names(page)) == 3
    page.fill("#filter", "A lead, not a proof")  # the matches' text is searched too
    page.wait_for_timeout(400)
    assert _names(page) == ["stripped-ai_generated.jpg"]


def test_the_filter_is_hidden_when_no_file_has_matches(browser: Any, tmp_path: Path) -> None:
    names = ("plain.jpg", "captured.jpg")
    path = report_page([record_of(inspect(fixture(name), options=no_trust())) for name in names], tmp_path)
    with opened(browser, path.as_uri(), 1280, ROWS_SHOWN) as tab:
        assert not tab.locator("#resembles").is_visible()
        assert tab.locator(".resembles-box").count() == 0
