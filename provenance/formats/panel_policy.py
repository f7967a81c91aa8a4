"""The panel's "Policy" part (``--policy``): each labelling policy's rules for one file, compact.

A heading per policy counts its outcomes; a failed rule (and one that could not be checked) gets a line
of its own with why, and the clause it stands for under it; the rules that passed, and those that do
not cover the file, are folded into one line each. A policy file is the user's and its texts are shown
as ``Text`` made safe by :func:`~provenance._text.for_terminal`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .._text import for_terminal
from ..models import PolicyResult, Report, RuleResult, RuleStatus, Severity

# The order outcomes are counted and listed in: what needs attention first.
ORDER = (RuleStatus.FAILED, RuleStatus.NOT_CHECKED, RuleStatus.PASSED, RuleStatus.NOT_APPLICABLE)
COUNT_WORDS = {
    RuleStatus.FAILED: "failed",
    RuleStatus.NOT_CHECKED: "not checked",
    RuleStatus.PASSED: "passed",
    RuleStatus.NOT_APPLICABLE: "not applicable",
}

# Each outcome's word in the rules' column; those that pass or do not apply are folded into one line each.
OUTCOME_WORDS = {
    RuleStatus.FAILED: "fail",
    RuleStatus.NOT_CHECKED: "not checked",
    RuleStatus.PASSED: "pass",
    RuleStatus.NOT_APPLICABLE: "not applicable",
}
FOLDED = {RuleStatus.PASSED: "green", RuleStatus.NOT_APPLICABLE: "dim"}


def _failed_style(rule: RuleResult) -> str:
    return "bold red" if rule.severity is Severity.ERROR else "yellow"


def _heading(result: PolicyResult) -> Text:
    counts = {status: sum(r.status is status for r in result.rules) for status in ORDER}
    errors = any(r.status is RuleStatus.FAILED and r.severity is Severity.ERROR for r in result.rules)
    style = "bold red" if errors else "yellow" if counts[RuleStatus.FAILED] else "green"
    heading = Text.assemble(("Policy ", "bold"), (for_terminal(result.policy), "bold"), ": ")
    counted = ", ".join(f"{n} {COUNT_WORDS[s]}" for s, n in counts.items() if n)
    heading.append(counted or "no rules", style=style)
    return heading


def _attention(rule: RuleResult) -> tuple[Text, Text]:
    """A failed or unchecked rule: its outcome, then its id and severity, why, and the clause under it."""
    failed = rule.status is RuleStatus.FAILED
    word = Text(OUTCOME_WORDS[rule.status], style=_failed_style(rule) if failed else "yellow")
    detail = Text(for_terminal(rule.rule), style="bold")
    detail.append(f" ({rule.severity.value})", style="dim")
    if rule.why:
        detail.append(": " + for_terminal(rule.why))
    if rule.clause:
        detail.append("\n" + for_terminal(rule.clause), style="dim")
    return word, detail


def policy_table(result: PolicyResult, *, word_width: int = 0) -> Group:
    """One policy's results: the heading, then the rules by outcome (``word_width``: the outcome column's
    width, so that the policies of one panel line up)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, min_width=word_width)
    grid.add_column()
    for rule in result.rules:
        if rule.status in (RuleStatus.FAILED, RuleStatus.NOT_CHECKED):
            grid.add_row(*_attention(rule))
    for status, style in FOLDED.items():
        names = [for_terminal(r.rule) for r in result.rules if r.status is status]
        if names:
            grid.add_row(Text(OUTCOME_WORDS[status], style=style), Text(", ".join(names), style=style))
    return Group(_heading(result), Padding(grid, (0, 0, 0, 2)))


def policy_part(report: Report) -> Group | None:
    """The "Policy" part of a file's panel; None when no policy was applied."""
    if not report.policies:
        return None
    statuses = {rule.status for result in report.policies for rule in result.rules}
    width = max((len(OUTCOME_WORDS[status]) for status in statuses), default=0)
    parts: list[RenderableType] = []
    for result in report.policies:
        if parts:
            parts.append(Text(""))
        parts.append(policy_table(result, word_width=width))
    return Group(*parts)
