"""Every audit format has a writer, and every writer takes records and finishes with the summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from provenance import inspect
from provenance.audit.record import record_of
from provenance.audit.state import AuditState
from provenance.formats import STREAM_FORMATS, WRITERS, Format, Target, open_writer
from tests.helpers import fixture


def test_every_format_has_a_writer() -> None:
    assert set(WRITERS) == set(Format)


@pytest.mark.parametrize("fmt", list(Format))
def test_each_writer_writes_a_record_and_closes(fmt: Format, tmp_path: Path) -> None:
    if fmt is Format.PARQUET:
        pytest.importorskip("pyarrow", reason="the `cluster` extra (pyarrow) is not installed")
    record = record_of(inspect(fixture("ai_edited.jpg")))
    out = io.StringIO()
    target = Target(stream=out, path=tmp_path / "out", rows_per_file=10)
    writer = open_writer(fmt, target)
    writer.write(record)
    state = AuditState()
    state.add(record)
    writer.close(state.summary())
    written = out.getvalue() if fmt in STREAM_FORMATS else ""
    if fmt is Format.JSONL:
        assert json.loads(written)["verdict"]["origin"] == "ai_edited"
    elif fmt is Format.CSV:
        header, row = (line.split(",") for line in written.splitlines()[:2])
        assert dict(zip(header, row, strict=False))["origin"] == "ai_edited"
    elif fmt is Format.LINES:
        assert written.startswith("ai_edited ")
    elif fmt is Format.PARQUET:
        assert len(list((tmp_path / "out").glob("part-*.parquet"))) == 1
    else:
        assert "ai_edited" in (tmp_path / "out").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(STREAM_FORMATS))
def test_a_stream_format_needs_a_stream(fmt: Format, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stream"):
        open_writer(fmt, Target(path=tmp_path / "x"))
