"""What `provenance inspect` does once its options are read: inspect each file, show the reports, and say
which exit code the run ends with. Without typer, so that the fast path of :mod:`.fast` runs exactly what
the typer command (:mod:`.inspect`) runs."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exit import Exit

if TYPE_CHECKING:
    from ..models import Report
    from ..options import InspectOptions
    from .fail_on import FailOn


class InspectFormat(StrEnum):
    PANEL = "panel"
    JSON = "json"
    CRJSON = "crjson"


def inspect_files(
    files: Sequence[Path],
    *,
    chosen: InspectFormat,
    inspection: InspectOptions,
    conditions: FailOn,
    tree: bool,
    rubrics_asked: bool,
    manifest: Path | None,
    fragments: list[Path] | None,
    echo: Callable[[str], None],
) -> Exit:
    """Inspect ``files``, print the reports (``echo`` prints a whole text, as ``typer.echo`` does) and return
    the exit code: :attr:`Exit.FAIL_ON` when a --fail-on condition is met, else :attr:`Exit.UNREADABLE`
    when a file could not be read, else :attr:`Exit.OK`."""
    # Imported here: the pipeline only once the options are read, rich only for panels.
    from .._official import capture_crjson
    from .._pipeline import inspect
    from ..formats import json as json_format

    reports: list[Report] = []
    documents: list[Mapping[str, Any] | None] = []
    for path in files:
        with capture_crjson() as captured:
            reports.append(inspect(path, options=inspection, manifest=manifest, fragments=fragments))
        documents.append(captured.document)
    if chosen is InspectFormat.CRJSON:
        echo(json.dumps(documents[0] if len(files) == 1 else documents, indent=2, ensure_ascii=False))
    elif chosen is InspectFormat.JSON:
        echo(json_format.render(reports))
    else:
        from rich.console import Console

        from ..formats import table as table_format
        from ..models import Trust
        from .rubric_view import print_rubrics

        # The panels hold text from the files: rich.Text only, and a console that would not read markup,
        # emoji codes or highlights into a plain string either.
        console = Console(markup=False, emoji=False, highlight=False)
        for report in reports:
            # Whether any list is configured matters to a signer not checked; asked only then (a run of
            # files without a manifest never builds the lists).
            unchecked = report.verdict.trust is Trust.NOT_CHECKED
            configured = not unchecked or inspection.trust_settings().configured
            table_format.print_reports(console, [report], tree=tree, trust_configured=configured)
            print_rubrics(console, report, asked=rubrics_asked)
    # A --fail-on condition met is the answer asked for (--fail-on error included), before unreadable files.
    if conditions.conditions and _fail_on_met(conditions, reports):
        return Exit.FAIL_ON
    if any(r.error for r in reports):
        return Exit.UNREADABLE
    return Exit.OK


def _fail_on_met(conditions: FailOn, reports: list[Report]) -> bool:
    """Whether any report (as its audit row) meets a --fail-on condition; the rows are built only for a
    run that asks for conditions."""
    from ..audit.record import row_of

    return any(conditions.matches(row_of(r)) for r in reports)
