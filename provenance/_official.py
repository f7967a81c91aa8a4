"""What the pipeline adds to the report of a file with a manifest from its crJSON, taken from the read the
report is made from (no second read): the C2PA's official signals, integrity statements, conforming
product and the rubrics asked for (:mod:`.rubrics.official`); and that crJSON for the callers that write
it (``inspect --format crjson``, ``audit --crjson-dir``), through :func:`capture_crjson`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .models import Report
from .options import InspectOptions
from .readers.c2pa.read import C2paRead


@dataclass(slots=True)
class CrjsonCapture:
    """The crJSON of the file inspected in a :func:`capture_crjson` block; None when it has no manifest
    (or the SDK wrote none)."""

    document: Mapping[str, Any] | None = None


_capture: ContextVar[CrjsonCapture | None] = ContextVar("provenance_crjson_capture", default=None)


@contextmanager
def capture_crjson() -> Iterator[CrjsonCapture]:
    """Keep the crJSON of the inspection made inside the block (one file per block): after ``with
    capture_crjson() as captured: report = inspect(path)``, ``captured.document`` is the manifest store the
    report was made from, as crJSON."""
    captured = CrjsonCapture()
    token = _capture.set(captured)
    try:
        yield captured
    finally:
        _capture.reset(token)


def with_official(report: Report, read: C2paRead, options: InspectOptions) -> Report:
    """``report`` with the parts made from the crJSON of ``read`` (none without one)."""
    captured = _capture.get()
    if captured is not None:
        captured.document = read.crjson
    if read.crjson is None:
        return report
    from .rubrics.official import official_reading  # the rubrics load only for files with a manifest

    official = official_reading(
        read.crjson, trust=options.trust_settings(), rubrics=options.rubrics, language=options.rubric_language
    )
    return dataclasses.replace(
        report,
        c2pa_signals=official.signals,
        conforming_product=official.product,
        rubrics=official.rubrics,
        checks=(*report.checks, *official.checks),
    )
