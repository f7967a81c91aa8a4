"""CSV output: the documented columns, one flat row per report, cells a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import cache
from typing import Any

import pytest

from provenance import SCHEMA_VERSION, InspectOptions, Report, Tool, inspect
from provenance.audit.record import ReportRow, record_of, row_of
from provenance.formats.csv import COLUMNS, CsvWriter, columns_markdown, csv_row
from tests.helpers import FIXTURES, fixture

NAMES = [name for name, _ in COLUMNS]


@cache
def report(name: str, deep: bool = False) -> Report:
    """A real report for a fixture (or a missing path)."""
    path = fixture(name) if (FIXTURES / "media" / name).exists() else FIXTURES / "media" / name
    return inspect(path, options=InspectOptions(deep=deep))


def row(data: Report) -> dict[str, str]:
    return dict(zip(NAMES, csv_row(row_of(data)), strict=True))


def with_path(path: str) -> Report:
    data = report("plain.png")
    return replace(data, source=replace(data.source, path=path))


def test_header_is_the_documented_column_names() -> None:
    out = io.StringIO()
    CsvWriter(out)
    assert out.getvalue() == ",".join(NAMES) + "\n"


def test_columns_include_the_promised_set_once_each() -> None:
    promised = {
        "path", "size", "modified", "media_type", "origin", "tool", "tool_version", "signer", "signing_time",
        "integrity", "trust", "trust_list", "strength", "generators", "watermark", "status_codes",
        "conflicts", "summary", "error_kind", "error_message", "schema_version",
    }  # fmt: skip
    assert promised <= set(NAMES)
    assert len(NAMES) == len(set(NAMES))
    assert all(text.strip() for _, text in COLUMNS)


def test_the_row_has_one_field_per_column_in_order() -> None:
    assert list(ReportRow._fields) == NAMES


def test_columns_markdown_documents_every_column() -> None:
    table = columns_markdown().splitlines()
    assert table[:2] == ["| column | meaning |", "| --- | --- |"]
    assert [line.split("`")[1] for line in table[2:]] == NAMES


def test_signed_ai_edit_row() -> None:
    cells = row(report("ai_edited.jpg"))
    assert cells["path"].endswith("fixtures/media/ai_edited.jpg")
    assert cells["size"] == str(fixture("ai_edited.jpg").stat().st_size)
    assert cells["media_type"] == "image/jpeg"
    assert (cells["origin"], cells["tool"], cells["tool_version"]) == (
        "ai_edited",
        "Example Inpainter",
        "1.2",
    )
    assert cells["signer"] == "Provenance Fixtures / Provenance Fixtures ES256 Signer"
    assert cells["signing_time"] == ""
    # The fixture signer chains to a throwaway root on no public list: the bundled lists find it untrusted.
    assert (cells["integrity"], cells["trust"], cells["trust_list"]) == ("intact", "untrusted", "")
    assert (cells["strength"], cells["c2pa"]) == ("signed", "embedded")
    # The same code on the active manifest and on its ingredient is listed once.
    assert cells["status_codes"] == "signingCredential.untrusted"
    assert (cells["conflicts"], cells["conflict_details"]) == ("0", "")
    assert cells["summary"].startswith(
        'Declared AI-edited (a work with AI-generated parts) by "Example Inpainter 1.2"'
    )
    assert (cells["error_kind"], cells["error_message"]) == ("", "")
    assert cells["schema_version"] == SCHEMA_VERSION


def test_tampered_row_lists_codes_in_order_and_counts_conflicts() -> None:
    cells = row(report("tampered.jpg"))
    assert cells["integrity"] == "tampered"
    assert cells["status_codes"] == "signingCredential.untrusted; assertion.dataHash.mismatch"
    assert cells["conflicts"] == "1"
    assert cells["conflict_details"] == (
        "The manifest that declares AI no longer verifies: its hash or signature does not match."
    )


def test_unsigned_generator_row() -> None:
    cells = row(report("gen_comfyui.png"))
    assert (cells["origin"], cells["tool"], cells["strength"]) == ("ai_generated", "ComfyUI", "unsigned")
    assert (cells["generators"], cells["generator_models"]) == ("ComfyUI", "fixture_xl.safetensors")
    assert (cells["signer"], cells["integrity"], cells["c2pa"]) == ("", "not_signed", "")


def test_plain_file_row() -> None:
    cells = row(report("plain.png"))
    assert (cells["origin"], cells["tool"], cells["strength"]) == ("unknown", "", "none")
    assert (cells["integrity"], cells["trust"], cells["status_codes"]) == ("not_signed", "not_applicable", "")


def test_detected_watermark_variants_only() -> None:
    cells = row(report("wm_sdxl.png", deep=True))
    assert cells["watermark"] == "dwtDct SDXL"
    assert cells["strength"] == "watermark"


def test_remote_manifest_is_marked_remote() -> None:
    assert row(report("xmp_remote_manifest.jpg"))["c2pa"] == "remote"


def test_unreadable_file_row_has_the_error_and_no_size() -> None:
    cells = row(report("missing.jpg"))
    assert cells["error_kind"] == "not_found"
    assert cells["error_message"].endswith("missing.jpg does not exist")
    assert (cells["size"], cells["modified"], cells["media_type"]) == ("", "", "")
    assert (cells["origin"], cells["integrity"]) == ("unknown", "not_checked")


def test_modified_is_iso_utc_to_the_second() -> None:
    data = report("plain.png")
    data = replace(data, source=replace(data.source, modified=1_700_000_000.75))
    assert row(data)["modified"] == "2023-11-14T22:13:20Z"


@pytest.mark.parametrize("path", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_formula_starters_get_a_leading_apostrophe(path: str) -> None:
    assert row(with_path(path))["path"] == "'" + path


def test_formula_characters_inside_a_value_are_kept() -> None:
    assert row(with_path("photos/a=b+c-d@e.jpg"))["path"] == "photos/a=b+c-d@e.jpg"


def test_every_column_is_neutralised() -> None:
    data = report("ai_edited.jpg")
    evil = Tool("@evil", "-1", "metadata")
    cells = row(replace(data, verdict=replace(data.verdict, summary="=1+1", tool=evil)))
    assert (cells["summary"], cells["tool"], cells["tool_version"]) == ("'=1+1", "'@evil", "'-1")


def test_rows_round_trip_through_csv_reader() -> None:
    reports = [
        report("ai_edited.jpg"),
        report("tampered.jpg"),
        report("missing.jpg"),
        with_path('odd, "quoted"\nname.png'),
    ]
    out = io.StringIO(newline="")
    writer = CsvWriter(out)
    for data in reports:
        writer.write(record_of(data))
    parsed = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert parsed[0] == NAMES
    assert parsed[1:] == [csv_row(row_of(data)) for data in reports]
    assert parsed[4][0] == 'odd, "quoted"\nname.png'
    assert writer.rows_written == 4


def test_undecodable_file_name_bytes_are_written_as_escapes(tmp_path: Any) -> None:
    target = tmp_path / "out.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        CsvWriter(out).write(record_of(with_path("photos/caf\udce9.jpg")))
    assert "photos/caf\\xe9.jpg" in target.read_text("utf-8")
