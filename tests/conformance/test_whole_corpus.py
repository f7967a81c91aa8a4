"""Every file of the shared corpus gets a schema-valid report (or a clean per-file error) from the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

from provenance.report_schema import report_schema
from tests.helpers import corpus

MEDIA_SUFFIXES = {".json", ".md", ".tsv", ".txt"}


def test_inspect_json_on_every_corpus_file_is_schema_valid() -> None:
    files = sorted(
        str(p)
        for p in corpus().rglob("*")
        if p.is_file() and p.suffix.lower() not in MEDIA_SUFFIXES and p.name != "LICENSE"
    )
    assert len(files) > 150
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "inspect", "--json", "--no-trust-cache", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 3), result.stderr
    reports = json.loads(result.stdout)
    assert len(reports) == len(files)
    schema = report_schema()
    for report in reports:
        jsonschema.validate(report, schema)
        if report["error"] is not None:
            assert report["error"]["kind"] and report["error"]["message"]
