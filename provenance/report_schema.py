"""The JSON Schema of a report, shipped inside the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``Report.to_dict()`` validates against."""
    text = resources.files("provenance").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
