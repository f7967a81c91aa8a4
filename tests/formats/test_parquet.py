"""Parquet output: cells are valid UTF-8 whatever surrogates a report's text carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.audit.record import record_of
from provenance.formats.parquet import ParquetWriter
from tests.formats.test_csv import with_path

pq = pytest.importorskip("pyarrow.parquet", reason="the `cluster` extra (pyarrow) is not installed")


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("photos/caf\udce9.jpg", "photos/caf\\xe9.jpg"),  # an undecodable file-name byte (os.fsdecode)
        ("photos/odd\ud800.jpg", "photos/odd\\ud800.jpg"),  # any other lone surrogate
    ],
)
def test_lone_surrogates_are_written_as_escapes(tmp_path: Path, path: str, shown: str) -> None:
    writer = ParquetWriter(tmp_path)
    writer.write(record_of(with_path(path)))
    writer.close()
    (part,) = tmp_path.glob("part-*.parquet")
    assert pq.read_table(part).column("path").to_pylist() == [shown]
