"""JSON output: the same schema as :meth:`provenance.Report.to_dict`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..models import Report


def render(reports: Sequence[Report], *, indent: int | None = 2) -> str:
    """One JSON object for one report, an array for several."""
    if len(reports) == 1:
        return reports[0].to_json(indent=indent)
    return json.dumps([r.to_dict() for r in reports], indent=indent, ensure_ascii=False)
