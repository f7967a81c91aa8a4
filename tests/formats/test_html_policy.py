"""The HTML audit report's policy table and its rows' official signals, conforming product and failed rules,
as the page's data (the browser's view: test_html_policy_browser.py)."""

from __future__ import annotations

import json
from dataclasses import replace

from provenance import inspect
from provenance.audit.record import record_of
from provenance.formats.html import COLUMNS, html_row
from provenance.formats.html_policy import policy_html
from provenance.models import ConformingProduct, ProductConformance
from tests.helpers import fixture

SNAPSEED = ConformingProduct(
    status=ProductConformance.CONFORMING,
    product="Snapseed",
    applicant="Google LLC",
    record_id="r1",
    min_version=None,
    version="4.0.9",
    assurance_level=1,
    disallowed_claimed=("capturedMedia",),
    summary="Snapseed (Google LLC): a conforming generator product, assurance level 1; it may not claim "
    "capturedMedia, which this manifest claims",
    products_list="bundled snapshot",
)


def test_no_policy_no_table() -> None:
    assert policy_html({}) == ""


def test_a_rule_with_failures_gets_a_button_that_names_it_and_its_shares() -> None:
    page = policy_html({"house/signed": {"passed": 3, "failed": 1}, "house/labelled": {"passed": 4}})
    assert '<button type="button" class="fails" data-rule="house/signed"' in page
    assert ">1</button> <small>(25.0%)</small>" in page
    assert "3 <small>(75.0%)</small>" in page
    assert 'data-rule="house/labelled"' not in page  # nothing fails it: a plain zero
    assert "Not checked" not in page  # no rule has that outcome


def test_not_checked_gets_its_column_when_a_rule_has_it() -> None:
    page = policy_html({"p/watermark": {"not_checked": 2}})
    assert '<th scope="col">Not checked</th>' in page and "2 <small>(100.0%)</small>" in page


def test_a_policy_files_rule_names_are_escaped() -> None:
    page = policy_html({'evil/<script>"x': {"failed": 1}})
    assert "<script>" not in page and 'data-rule="evil/&lt;script&gt;&quot;x"' in page


def _row(record_json: str) -> dict[str, object]:
    return dict(zip(COLUMNS, json.loads(record_json), strict=True))


def test_a_row_carries_the_signals_and_no_product_for_an_unlisted_signer() -> None:
    row = _row(html_row(record_of(inspect(fixture("ai_generated.jpg")))))
    assert row["signals"] == "fullyGenAIMedia; ambiguousActions"
    assert (row["product"], row["product_status"], row["policy_failed"]) == ("", "", "")


def test_a_listed_product_is_its_summary_and_a_disallowed_claim_is_flagged() -> None:
    report = replace(inspect(fixture("captured.jpg")), conforming_product=SNAPSEED)
    row = _row(html_row(record_of(report)))
    assert row["product"] == SNAPSEED.summary
    assert row["product_status"] == "disallowed"
    allowed = replace(report, conforming_product=replace(SNAPSEED, disallowed_claimed=()))
    assert _row(html_row(record_of(allowed)))["product_status"] == "conforming"
