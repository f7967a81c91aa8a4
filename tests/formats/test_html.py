"""The HTML audit report: self-contained, escapes everything, streams rows, caps them, and its thumbnails."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from provenance import Report, inspect
from provenance.audit.record import AuditRecord, record_of
from provenance.audit.state import AuditSummary
from provenance.formats.html import COLUMNS, write_html
from provenance.thumbnails import thumbnail_data_uri
from tests.helpers import FIXTURES, fixture

EVIL = "</script><img src=x onerror=alert(1)><!--<script>.jpg"
SUMMARY = AuditSummary(
    total=4,
    resumed=0,
    errors=1,
    error_kinds={"not_found": 1},
    elapsed_s=75.5,
    files_per_s=0.05,
    interrupted=False,
    replaced_workers=0,
    origin={"ai_edited": 1, "ai_generated": 2, "unknown": 1},
    tool={"Example Inpainter": 1, "Example Diffusion": 1, "ComfyUI": 1, "(none)": 1},
    integrity={"intact": 1, "tampered": 1, "not_signed": 1, "not_checked": 1},
    trust={"not_checked": 2, "not_applicable": 2},
)
JSON_BLOCK = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.DOTALL)


def report(name: str | Path) -> Report:
    path = name if isinstance(name, Path) else FIXTURES / "media" / name
    return inspect(path)


def at_path(data: Report, path: str) -> Report:
    return replace(data, source=replace(data.source, path=path))


def fixture_rows() -> list[AuditRecord]:
    names = ("ai_edited.jpg", "tampered.jpg", "gen_comfyui.png", "missing.jpg")
    return [record_of(report(n), thumbnail_data_uri(FIXTURES / "media" / n)) for n in names]


def render(rows: Iterable[AuditRecord], summary: AuditSummary = SUMMARY, **options: Any) -> str:
    out = io.StringIO()
    write_html(out, rows, summary, **options)
    return out.getvalue()


def blocks(page: str) -> dict[str, Any]:
    """The page's embedded JSON blocks by id, parsed."""
    return {name: json.loads(text) for name, text in JSON_BLOCK.findall(page)}


def embedded_rows(page: str) -> list[dict[str, Any]]:
    data = blocks(page)["prov-rows"]
    assert data["columns"] == list(COLUMNS)
    return [dict(zip(COLUMNS, values, strict=True)) for values in data["rows"]]


def markup(page: str) -> str:
    """The page without its embedded data."""
    return JSON_BLOCK.sub("", page)


def test_page_references_nothing_outside_itself() -> None:
    rows = [*fixture_rows(), record_of(report("xmp_remote_manifest.jpg"))]
    rest = markup(render(rows))
    assert "http://" not in rest and "https://" not in rest
    assert not re.search(r"<[a-z][^>]*\s(src|href|srcset|action|poster|data)\s*=", rest, re.IGNORECASE)
    assert "url(" not in rest and "@import" not in rest


def test_content_security_policy_allows_only_the_page_script() -> None:
    page = render(fixture_rows())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1) and "img-src data:" in policy.group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy.group(1)


def test_embedded_rows_parse_back_to_the_reports() -> None:
    rows = fixture_rows()
    parsed = embedded_rows(render(rows))
    assert len(parsed) == 4
    first = parsed[0]
    assert first["path"].endswith("fixtures/media/ai_edited.jpg")
    assert (first["origin"], first["tool"], first["integrity"]) == (
        "ai_edited",
        "Example Inpainter 1.2",
        "intact",
    )
    assert first["signer"] == "Provenance Fixtures / Provenance Fixtures ES256 Signer"
    assert (first["trust"], first["strength"], first["error"]) == ("untrusted", "signed", "")  # bundled lists
    assert first["thumbnail"] == rows[0].thumbnail and first["thumbnail"].startswith(
        "data:image/jpeg;base64,"
    )
    assert [r["summary"] for r in parsed] == [r.row.summary for r in rows]
    assert parsed[1]["integrity"] == "tampered"
    assert (parsed[3]["error"], parsed[3]["thumbnail"]) == ("not_found", None)


def test_write_html_returns_the_rows_written() -> None:
    assert write_html(io.StringIO(), fixture_rows(), SUMMARY) == 4


def test_a_hostile_file_name_cannot_leave_its_script_block(tmp_path: Path) -> None:
    folder = tmp_path / "<"  # a file name cannot hold '/', so '</script>' spans a folder and a file
    folder.mkdir()
    real = folder / EVIL.removeprefix("</")
    shutil.copy(fixture("plain.jpg"), real)
    hostile = record_of(at_path(report("plain.png"), str(tmp_path / EVIL)))
    summary = replace(SUMMARY, tool={EVIL: 3}, origin={EVIL: 1})
    page = render([record_of(report(real), thumbnail_data_uri(real)), hostile], summary, title=EVIL)
    assert "<img" not in page and "<!--" not in page and "onerror=alert(1)>" not in page
    assert page.count("</script>") == 3  # rows, meta and the page's own script
    assert page.count("<script") == 3
    assert [r["path"] for r in embedded_rows(page)] == [str(real), str(tmp_path / EVIL)]
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # the title and the charts


def test_only_jpeg_data_uris_are_kept_as_thumbnails() -> None:
    base = report("plain.png")
    bad = [
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        'data:image/jpeg;base64,AAAA" onerror="alert(1)',
        "data:image/jpeg;base64," + "A" * 20_000,
    ]
    parsed = embedded_rows(render([record_of(base, uri) for uri in bad]))
    assert [r["thumbnail"] for r in parsed] == [None] * len(bad)


def test_rows_past_max_rows_are_not_read_and_the_page_says_so() -> None:
    read = 0

    def endless() -> Iterable[AuditRecord]:
        nonlocal read
        for data in itertools.repeat(report("plain.png")):
            read += 1
            yield record_of(data)

    out = io.StringIO()
    assert write_html(out, endless(), replace(SUMMARY, total=1_234_567), max_rows=3) == 3
    page = out.getvalue()
    assert read == 4  # one past the cap, to know there were more
    assert len(embedded_rows(page)) == 3
    assert blocks(page)["prov-meta"] == {"rows": 3, "truncated": True, "max_rows": 3}
    assert "lists only the first 3 files of 1,234,567" in page


def test_no_notice_when_every_row_fits() -> None:
    page = render(fixture_rows(), max_rows=4)
    assert "lists only the first" not in page
    assert blocks(page)["prov-meta"]["truncated"] is False


def test_a_negative_max_rows_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        render([], max_rows=-1)


def test_header_shows_totals_and_both_charts() -> None:
    page = markup(render(fixture_rows()))
    for text in (
        "4</span>",
        "files",
        "1 min 15 s",
        "0.1</span>",
        "Origin",
        "Top 15 tools",
        "Integrity",
        "Trust",
    ):
        assert text in page
    assert 'title="ai_generated"' in page and 'title="Example Inpainter"' in page
    assert 'title="(none)"' not in page and "1 file names no tool" in page


def test_tools_chart_stops_at_fifteen() -> None:
    tools = {f"Tool {i:02d}": 100 - i for i in range(20)}
    page = render([], replace(SUMMARY, tool=tools))
    assert 'title="Tool 14"' in page and 'title="Tool 15"' not in page
    assert "5 more tools not shown" in page


def test_page_with_no_rows_is_valid() -> None:
    empty = replace(SUMMARY, total=0, errors=0, error_kinds={}, origin={}, tool={}, integrity={}, trust={})
    assert embedded_rows(render([], empty)) == []


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_chromium_renders_rows_as_text(tmp_path: Path) -> None:
    hostile = record_of(at_path(report("plain.png"), "/photos/" + EVIL))
    page = tmp_path / "report.html"
    with page.open("w", encoding="utf-8") as out:
        write_html(out, [*fixture_rows(), hostile], SUMMARY)
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    body = dom.split('<tbody id="rows">', 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == 5
    assert body.count('<img alt="" decoding="async" loading="lazy" src="data:image/jpeg;base64,') == 3
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img src" not in dom
    assert "Showing 5 of 5 matching files" in dom


def test_template_markers_in_values_are_not_expanded() -> None:
    page = render([], replace(SUMMARY, tool={"{{meta}}": 1}), title="{{summary}}")
    assert "<title>{{summary}}</title>" in page and 'title="{{meta}}"' in page


def test_tool_names_that_differ_only_in_version_or_case_are_counted_as_one() -> None:
    tools = {"Adobe Photoshop": 2, "adobe photoshop": 1, "Adobe Photoshop 24.2.0": 1, "Photoshop v25": 1}
    page = markup(render([], replace(SUMMARY, tool={**tools, "Google Pixel 8": 1, "Google Pixel 9": 1})))
    page = page[page.index("Top 15 tools") :]
    bars = dict(re.findall(r'<span class="blabel" title="([^"]+)">.*?<span class="bval">([\d,]+) ', page))
    assert bars == {"Adobe Photoshop": "4", "Photoshop": "1", "Google Pixel 8": "1", "Google Pixel 9": "1"}


def test_each_row_carries_its_conflicts_and_its_trust_list_apart() -> None:
    rows = fixture_rows()
    parsed = embedded_rows(render(rows))
    assert parsed[1]["conflicts"].split("\n") == rows[1].row.conflict_details.split(" | ") != [""]
    assert (parsed[0]["trust"], parsed[0]["trust_list"], parsed[0]["conflicts"]) == ("untrusted", "", "")
    assert parsed[0]["tool_name"] == "Example Inpainter"
