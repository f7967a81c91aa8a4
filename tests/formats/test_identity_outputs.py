"""Creator identities (CAWG) in four of the five outputs: the terminal panel, the JSON report, the CSV row and
the HTML audit report (the web page: tests/serve/test_browser.py). Each identity state, from the fixtures
(``identity_*.jpg``) and, for ``unverified``, the Rust SDK's did:web fixture in the shared corpus."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

import provenance
from provenance import InspectOptions, TrustSettings, load_trust_settings
from provenance.audit.record import record_of
from provenance.audit.state import AuditSummary
from provenance.formats.csv import COLUMNS, csv_row
from provenance.formats.html import COLUMNS as HTML_COLUMNS
from provenance.formats.html import write_html
from provenance.formats.table import render
from provenance.models import Report

from ..helpers import FIXTURES, corpus, fixture


def no_trust() -> InspectOptions:
    """No trust list at all: what the SDK reads on its own (expected.tsv was made so)."""
    return InspectOptions(trust=TrustSettings())


NEWSROOM = '"Example Newsroom" (X.509 certificate issued by "Provenance Fixtures")'  # the CA's organisation
SUMMARY = AuditSummary(1, 0, 0, {}, 1.0, 1.0, False, 0, {}, {}, {}, {})
ROWS = re.compile(r'<script type="application/json" id="prov-rows">(.*?)</script>', re.DOTALL)


def _did_web() -> Path:
    return corpus("c2pa-rs-identity/claim_aggregation__adobe_connected_identities.jpg")


def cawg_trust() -> InspectOptions:
    """The fixtures' CAWG root as the only CAWG list (and no C2PA list)."""
    settings = load_trust_settings(
        cawg_anchors=[FIXTURES / "certs" / "cawg-root.pem"], use_cache=False, bundled=False
    )
    return InspectOptions(trust=settings)


# (file, options, state, trust, the panel's two lines, the CSV cell)
CASES = [
    pytest.param(
        lambda: fixture("identity_x509.jpg"),
        cawg_trust,
        "valid",
        "trusted",
        (NEWSROOM, "valid, issuer trusted (cawg list)"),
        "Example Newsroom (x509, valid, trust trusted)",
        id="valid-trusted",
    ),
    pytest.param(
        lambda: fixture("identity_untrusted.jpg"),
        cawg_trust,
        "valid",
        "untrusted",
        (
            '"Example Newsroom" (X.509 certificate issued by "Rogue Fixtures")',
            "valid, issuer on no CAWG trust list",
        ),
        "Example Newsroom (x509, valid, trust untrusted)",
        id="valid-untrusted",
    ),
    pytest.param(
        lambda: fixture("identity_x509.jpg"),
        no_trust,
        "valid",
        "not_checked",
        (NEWSROOM, "valid, issuer not checked (no CAWG trust list configured)"),
        "Example Newsroom (x509, valid, trust not_checked)",
        id="valid",
    ),
    pytest.param(
        lambda: fixture("identity_bad_signature.jpg"),
        no_trust,
        "invalid",
        "not_applicable",
        (NEWSROOM, "INVALID: rely on none of it"),
        "Example Newsroom (x509, invalid, trust not_applicable)",
        id="invalid",
    ),
    pytest.param(
        _did_web,
        no_trust,
        "unverified",
        "not_applicable",
        (
            '"testuser23" (identity claims aggregator issuer '
            '"did:web:connected-identities.identity-stage.adobe.com")',
            "not verified",
        ),
        "testuser23 (identity_claims_aggregation, unverified, trust not_applicable)",
        id="unverified",
    ),
]


def _panel(report: Report) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(render(report))
    return console.export_text()


@pytest.mark.parametrize(("path", "options", "state", "trust", "lines", "cell"), CASES)
def test_each_identity_state_in_the_panel_json_csv_and_html_report(
    path: Callable[[], Path],
    options: Callable[[], InspectOptions],
    state: str,
    trust: str,
    lines: tuple[str, str],
    cell: str,
) -> None:
    report = provenance.inspect(path(), options=options())
    # JSON
    [identity] = json.loads(report.to_json())["identities"]
    assert (identity["state"], identity["trust"]) == (state, trust)
    # The panel: who and how, then whether it holds.
    panel = [line.strip("│ ") for line in _panel(report).splitlines()]
    where = panel.index(lines[0])
    assert panel[where - 1] == "Identity (CAWG)"
    assert panel[where + 1] == lines[1]
    # CSV
    cells = dict(zip([name for name, _ in COLUMNS], csv_row(record_of(report).row), strict=True))
    assert cells["identities"] == cell
    # The HTML audit report's row.
    out = io.StringIO()
    write_html(out, [record_of(report)], SUMMARY)
    found = ROWS.search(out.getvalue())
    assert found is not None
    [row] = json.loads(found.group(1))["rows"]
    assert row[HTML_COLUMNS.index("identities")] == cell


def test_a_file_without_identity_assertions_has_none_anywhere(trusted: InspectOptions) -> None:
    report = provenance.inspect(fixture("captured.jpg"), options=trusted)
    assert report.identities == ()
    assert "Identity (CAWG)" not in _panel(report)
    assert record_of(report).row.identities == ""
