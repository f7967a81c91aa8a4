"""The ``parameters`` PNG chunk: AUTOMATIC1111/Forge infotext, or a Fooocus or SwarmUI JSON object."""

from __future__ import annotations

from . import a1111, fooocus, swarmui
from .common import Finding, JsonProblem, Table, get, load_object


def parse_parameters(table: Table, problems: list[str]) -> Finding | None:
    """``parameters``: A1111/Forge infotext, or a Fooocus / SwarmUI JSON object."""
    text = get(table, "parameters")
    if text is None:
        return None
    if text.lstrip().startswith("{"):
        try:
            data = load_object(text, "parameters")
        except JsonProblem as exc:
            problems.append(str(exc))
            return None
        return swarmui.from_parameters(data) or fooocus.from_parameters(data, table)
    return a1111.finding(text, "parameters")
