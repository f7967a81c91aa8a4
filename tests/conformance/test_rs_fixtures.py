"""c2pa-rs SDK fixtures: every file gets a report or a clean per-file error matching what the SDK says.

Oracle: expected.tsv, what c2pa-python 0.38.1 reports with default settings (no trust list) and no
network, reading each file alone: so are they read here (a fragmented MP4's init segment without the
fragments beside it; read with them, ``dashinit.mp4`` verifies: tests/test_fragments.py).
"""

from __future__ import annotations

import csv

import pytest

import provenance
from provenance.models import Integrity, Origin
from tests.helpers import CORPUS, corpus, no_trust

FOLDER = "c2pa-rs-fixtures"
ALONE = no_trust(fragments=False, sidecars=False)


def _rows() -> list[dict[str, str]]:
    path = CORPUS / FOLDER / "expected.tsv"
    if not path.is_file():
        return [{"file": "(corpus absent)"}]
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["file"])
def test_report_matches_what_the_sdk_says(row: dict[str, str]) -> None:
    path = corpus(FOLDER) / row["file"]
    report = provenance.inspect(path, options=ALONE)
    verdict = report.verdict
    assert report.error is None, report.error
    assert verdict.summary
    if row["has_manifest"] == "yes":
        assert report.c2pa is not None and report.c2pa.present
        assert report.c2pa.validation_state == row["validation_state"]
        expected = {c for c in row["status_codes"].split(";") if c}
        assert expected <= {c.code for c in verdict.status_codes}
        assert verdict.integrity is (
            Integrity.INTACT if row["validation_state"] == "Valid" else Integrity.TAMPERED
        )
    elif row["has_manifest"] == "no":
        assert verdict.integrity is Integrity.NOT_SIGNED
        assert verdict.origin is Origin.UNKNOWN
    else:
        error = row["reader_error"]
        assert report.c2pa is not None
        if "Remote" in error:
            assert verdict.integrity is Integrity.REMOTE_UNVERIFIED
            assert report.c2pa.remote_url and report.c2pa.remote_url.startswith("http")
            assert report.c2pa.remote_url in verdict.summary
        elif "NotSupported" in error:
            assert verdict.integrity is Integrity.UNSUPPORTED
        else:
            assert verdict.integrity is Integrity.MALFORMED
            sdk_message = error.split(": ", 1)[1]
            assert report.c2pa.sdk_error is not None and sdk_message in report.c2pa.sdk_error


def test_hostile_fixtures_give_clean_reports() -> None:
    for name in (
        "riff_bomb_1000.wav",
        "nested_moov_1000.mp4",
        "tiff_poc.tiff",
        "no_alg.jpg",
        "prerelease.jpg",
        "id3v23_compression_underflow.mp3",
    ):
        report = provenance.inspect(corpus(FOLDER) / name)
        assert report.error is None
        assert report.verdict.origin is Origin.UNKNOWN
