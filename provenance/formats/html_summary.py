"""The HTML audit report's header: totals, the origin and tool charts (drawn in CSS) and the counts, from
the run's :class:`~provenance.audit.state.AuditSummary`. Every name in it comes from files and is escaped
here. Tools are counted by name without version or case (:func:`tool_key`), so "Adobe Photoshop 24.2"
and "adobe photoshop" make one bar."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping

from .._text import clip
from ..audit.state import NO_TOOL, AuditSummary
from ..models import Origin

ORIGINS = tuple(origin.value for origin in Origin)
TOP_TOOLS = 15
# A version at the end of a tool's name: "24.2.0", "v1.6", "1.0-beta" (a bare number such as "Pixel 8"
# is part of the name).
_TRAILING_VERSION = re.compile(r"\s+(?:v\d[\w.+\-]*|\d+(?:\.\d+)+[\w.+\-]*)$", re.IGNORECASE)


def tool_group(name: str) -> str:
    """A tool's name as the report counts it: without a version at its end, spaces collapsed. Names that
    differ only in case are counted together too: see :func:`tool_key`."""
    name = " ".join(name.split())
    while (shorter := _TRAILING_VERSION.sub("", name)) != name:
        name = shorter
    return name


def tool_key(name: str) -> str:
    """What tools are counted and filtered by: :func:`tool_group` without case."""
    return tool_group(name).casefold()


def _counts(value: Mapping[str, int]) -> list[tuple[str, int]]:
    """A {name: count} mapping as (name, count) pairs, largest first."""
    return sorted(value.items(), key=lambda p: (-p[1], p[0]))


def _number(value: int) -> str:
    return f"{value:,}"


def _elapsed(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


def escape(text: str) -> str:
    """HTML-escaped and ASCII (non-ASCII as character references), so any output encoding can write it."""
    return html.escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _label(text: str, limit: int = 80) -> str:
    return escape(clip(text, limit))


def _stat(value: str, label: str, cls: str = "") -> str:
    return f'<div class="stat{cls}"><span class="num">{value}</span><span class="lbl">{label}</span></div>'


def _stats_html(summary: AuditSummary) -> str:
    cards = [
        _stat(_number(summary.total), "files"),
        _stat(_number(summary.errors), "could not be read", " bad" if summary.errors else ""),
        _stat(_elapsed(summary.elapsed_s), "elapsed"),
        _stat(f"{summary.files_per_s:,.1f}", "files / s"),
    ]
    if summary.resumed:
        cards.append(_stat(_number(summary.resumed), "skipped (resumed)"))
    if summary.interrupted:
        cards.append(_stat("interrupted", "run stopped early", " warn"))
    return f'<section class="stats" aria-label="Totals">{"".join(cards)}</section>'


def _bars_html(caption: str, pairs: list[tuple[str, int]], css: str, note: str = "") -> str:
    total = sum(c for _, c in pairs) or 1
    peak = max((c for _, c in pairs), default=1) or 1
    items = []
    for name, count in pairs:
        cls = f"{css}{name}" if css == "o-" and name in ORIGINS else f"{css}other"
        items.append(
            f'<li><span class="blabel" title="{escape(name)}">{_label(name, 48)}</span>'
            f'<span class="bar" aria-hidden="true"><span class="fill {cls}" '
            f'style="width:{100 * count / peak:.1f}%"></span></span>'
            f'<span class="bval">{_number(count)} <small>({100 * count / total:.1f}%)</small></span></li>'
        )
    body = f'<ol class="bars">{"".join(items)}</ol>' if items else '<p class="empty">none</p>'
    extra = f'<p class="note">{note}</p>' if note else ""
    return f'<figure class="chart"><figcaption>{caption}</figcaption>{body}{extra}</figure>'


def _pills_html(caption: str, pairs: list[tuple[str, int]], css: str) -> str:
    if not pairs:
        return ""
    pills = "".join(
        f'<li class="pill {css}{re.sub(r"[^a-z_]", "", name)}">'
        f"{_label(name, 48)} <b>{_number(count)}</b></li>"
        for name, count in pairs
    )
    return f'<div class="pills"><h2>{caption}</h2><ul>{pills}</ul></div>'


def _tools(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """The tool counts with names that differ only in version or case counted together, each group shown
    by its most frequent spelling (without the version); largest first."""
    groups: dict[str, Counter[str]] = {}
    for name, count in counts.items():
        key = NO_TOOL if name == NO_TOOL else tool_key(name)
        groups.setdefault(key, Counter())[NO_TOOL if name == NO_TOOL else tool_group(name)] += count
    pairs = {spellings.most_common(1)[0][0]: spellings.total() for spellings in groups.values()}
    return _counts(pairs)


def summary_html(summary: AuditSummary) -> str:
    origins = _counts(summary.origin)
    tools = _tools(summary.tool)
    named = [p for p in tools if p[0] != NO_TOOL]
    unnamed = sum(c for name, c in tools if name == NO_TOOL)
    notes = []
    if len(named) > TOP_TOOLS:
        notes.append(f"{_number(len(named) - TOP_TOOLS)} more tools not shown")
    if unnamed:
        notes.append(f"{_number(unnamed)} file{'s name' if unnamed > 1 else ' names'} no tool")
    charts = _bars_html("Origin", origins, "o-") + _bars_html(
        f"Top {TOP_TOOLS} tools", named[:TOP_TOOLS], "t-", "; ".join(notes)
    )
    pills = (
        _pills_html("Integrity", _counts(summary.integrity), "i-")
        + _pills_html("Trust", _counts(summary.trust), "r-")
        + _pills_html("Errors", _counts(summary.error_kinds), "bad e-")
    )
    return (
        _stats_html(summary)
        + f'<section class="charts">{charts}</section>'
        + f'<section class="counts">{pills}</section>'
    )


def notice_html(written: int, summary: AuditSummary) -> str:
    of = f" of {_number(summary.total)}" if summary.total > written else ""
    return (
        f'<div class="notice" id="truncated" role="status">This page lists only the first '
        f"{_number(written)} files{of}: it stops at {_number(written)} rows to stay usable in a browser. "
        "The audit's JSON lines or CSV output has every file.</div>"
    )
