"""The JSON Schema shipped in the package is the one scripts/make_schema.py makes from the report model."""

from __future__ import annotations

import subprocess
import sys

from provenance import ErrorKind
from provenance.report_schema import report_schema
from tests.helpers import REPO


def test_the_shipped_schema_matches_the_model() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/make_schema.py", "--check"], cwd=REPO, capture_output=True, check=False
    )
    assert done.returncode == 0, "run: python scripts/make_schema.py (the models changed)"


def test_error_kinds_are_listed_in_the_schema() -> None:
    kinds = report_schema()["$defs"]["error"]["properties"]["kind"]["enum"]
    assert kinds == [kind.value for kind in ErrorKind]
    assert "skipped_fifo" in kinds and "worker_crashed" in kinds
