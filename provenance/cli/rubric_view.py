"""The terminal view of the rubrics asked for with ``--rubric``: under each file's panel, one table per
rubric (per manifest, for a local rubric): each statement's outcome and id, its report text under it.

Report texts can hold values of the file (a template fills in codes, labels, names): they go to rich as
``Text`` made safe by :func:`~provenance._text.for_terminal`, never as markup.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .._text import for_terminal
from ..models import Report, RubricResult, RubricStatement

_OUTCOME = {True: ("pass", "green"), False: ("fail", "bold red"), None: ("info", "dim")}


def outcome(statement: RubricStatement) -> tuple[str, str]:
    """The outcome's word and style: pass, fail, warn (a warn-if-matched statement that matched), info
    (an information statement), error (its expression could not be evaluated)."""
    if statement.error is not None:
        return "error", "yellow"
    if statement.passed is False and statement.matched == "warn":
        return "warn", "yellow"
    return _OUTCOME[statement.passed]


def rubric_table(result: RubricResult) -> Group:
    """One evaluated rubric: a heading, then a statement a row."""
    failed = sum(s.passed is False and s.matched != "warn" for s in result.statements)
    heading = Text.assemble(
        ("Rubric ", "bold"),
        (for_terminal(f"{result.rubric} {result.version}"), "bold"),
        for_terminal(f" on manifest {result.manifest}") if result.manifest else "",
        (f": {failed} failed" if failed else ": none failed", "bold red" if failed else "green"),
    )
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column("outcome", no_wrap=True)
    table.add_column("statement", overflow="fold")
    for statement in result.statements:
        word, style = outcome(statement)
        text = statement.error if statement.error is not None else statement.text
        cell = Text(for_terminal(statement.id))
        if text:
            cell.append("\n" + for_terminal(text), style="dim")
        table.add_row(Text(word, style=style), cell)
    return Group(heading, table)


def print_rubrics(console: Console, report: Report, *, asked: bool) -> None:
    """The rubrics of one report, when rubrics were ``asked`` for; a file without a manifest's crJSON says
    that nothing was evaluated."""
    if not asked:
        return
    if not report.rubrics:
        console.print(Text("Rubrics: not evaluated (no C2PA manifest the SDK could read)", style="dim"))
        console.print()
        return
    for result in report.rubrics:
        console.print(rubric_table(result))
        console.print()
