"""JSON output: the same schema as :meth:`provenance.Report.to_dict`."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..models import Report


def render(reports: Sequence[Report], *, indent: int | None = 2) -> str:
    """One JSON object for one report, an array for several."""
    if len(reports) == 1:
        return reports[0].to_json(indent=indent)
    if not indent:
        return "[" + ",".join(r.to_json() for r in reports) + "]"
    items = (textwrap.indent(r.to_json(indent=indent), " " * indent) for r in reports)
    return "[\n" + ",\n".join(items) + "\n]"
