"""The HTML audit report's policy table (``--policy``): per rule, how many files passed, failed, were not
covered or could not be checked, with percentages and a bar; the number of failing files is a button that
filters the file table to them (the page's script reads ``data-rule``). Rule names come from policy files
and are escaped here."""

from __future__ import annotations

from collections.abc import Mapping

from .html_summary import escape

# The outcomes in the table's order, with their headings; "not checked" only when some rule has it.
OUTCOMES = (
    ("passed", "Passed"),
    ("failed", "Failed"),
    ("not_applicable", "Not applicable"),
    ("not_checked", "Not checked"),
)


def _share(count: int, total: int) -> str:
    return (
        f"{count:,} <small>({100 * count / total:.1f}%)</small>" if count else '<span class="zero">0</span>'
    )


def _failed(rule: str, count: int, total: int) -> str:
    """The failed cell: a button that shows the failing files (none: a plain zero)."""
    if not count:
        return '<span class="zero">0</span>'
    label = escape(f"Show the {count:,} files that fail {rule}")
    return (
        f'<button type="button" class="fails" data-rule="{escape(rule)}" aria-label="{label}" '
        f'title="{label}">{count:,}</button> <small>({100 * count / total:.1f}%)</small>'
    )


def _bar(counts: Mapping[str, int], total: int) -> str:
    parts = "".join(
        f'<span class="s-{name}" style="width:{100 * counts.get(name, 0) / total:.2f}%"></span>'
        for name, _ in OUTCOMES
        if counts.get(name, 0)
    )
    return f'<span class="stack" aria-hidden="true">{parts}</span>'


def _rule_name(rule: str) -> str:
    policy, _, name = rule.rpartition("/")
    return f'<span class="dim">{escape(policy)}/</span>{escape(name)}' if policy else escape(rule)


def policy_html(policies: Mapping[str, Mapping[str, int]]) -> str:
    """The table for the summary's ``policies`` ({"policy/rule": {status: files}}); empty without them."""
    if not policies:
        return ""
    shown = [(name, title) for name, title in OUTCOMES if name != "not_checked"]
    if any(counts.get("not_checked") for counts in policies.values()):
        shown.append(OUTCOMES[-1])
    head = "".join(f'<th scope="col">{title}</th>' for _, title in shown)
    rows = []
    for rule, counts in policies.items():
        total = sum(counts.values())
        cells = "".join(
            f"<td>{_failed(rule, counts.get(name, 0), total)}</td>"
            if name == "failed"
            else f"<td>{_share(counts.get(name, 0), total)}</td>"
            for name, _ in shown
        )
        rows.append(f'<tr><th scope="row">{_rule_name(rule)}</th><td>{_bar(counts, total)}</td>{cells}</tr>')
    return (
        '<section class="policy" aria-labelledby="policy-title"><h2 id="policy-title">Policy rules</h2>'
        '<p class="note">Files per rule. A number of failing files shows those files in the table below.</p>'
        f'<div class="ruleswrap"><table class="rules"><thead><tr><th scope="col">Rule</th>'
        f'<th scope="col"><span class="visually-hidden">Share</span></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )
