"""A self-contained HTML audit report: one file that opens offline and fetches nothing.

The page has a summary header (counts, two bar charts drawn in CSS) and a sortable, filterable table of
files, rendered in the browser from a JSON block embedded in the page, 500 rows at a time. Rows are
streamed to ``out`` as they arrive, so a big audit is never held in memory.

Everything shown comes from untrusted files (names, tool names, summaries quoting metadata). The Python
side escapes every string it writes into markup and writes JSON with ``<``, ``>`` and ``&`` as ``\\u``
escapes, so no value can close the ``<script>`` block that holds it; the script only ever sets
``textContent``; and a Content-Security-Policy admits no network access, images only from ``data:``, and
only the page's own script (by hash), so even an injected tag could neither run nor load anything.

The header shows the run's :class:`~provenance.audit.state.AuditSummary`; the tool counts name files
without a tool as ``"(none)"``, which the tools chart leaves out.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from .._text import clip
from ..audit.record import AuditRecord
from ..audit.state import NO_TOOL, AuditSummary
from ..models import Origin
from ..phrasing import name_and_version
from ..thumbnails import valid_thumbnail

# The fields of each row in the page's embedded JSON, in order.
COLUMNS = (
    "path",
    "origin",
    "tool",
    "signer",
    "timestamp",
    "identities",
    "integrity",
    "trust",
    "strength",
    "summary",
    "error",
    "thumbnail",
)
ORIGINS = tuple(origin.value for origin in Origin)
TOP_TOOLS = 15
_ROWS_MARK = "{{rows}}"


class HtmlWriter:
    """The audit's ``--html`` report as a record writer: each record's row is rendered and spooled to a
    temporary file as it arrives (never held in memory), and the page is written at :meth:`close`, when the
    summary it opens with is known."""

    def __init__(self, path: Path, *, title: str = "provenance audit", max_rows: int = 50_000) -> None:
        self.path, self.title, self.max_rows = path, title, max_rows
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, record: AuditRecord) -> None:
        self._spool.write(html_row(record) + "\n")

    def close(self, summary: AuditSummary) -> None:
        try:
            self._spool.seek(0)
            with self.path.open("w", encoding="utf-8") as page:
                write_page(
                    page,
                    (line.rstrip("\n") for line in self._spool),
                    summary,
                    title=self.title,
                    max_rows=self.max_rows,
                )
        finally:
            self._spool.close()


def write_html(
    out: TextIO,
    records: Iterable[AuditRecord],
    summary: AuditSummary,
    *,
    title: str = "provenance audit",
    max_rows: int = 50_000,
) -> int:
    """Write the page for these records to ``out``, streaming them; returns how many rows it holds."""
    return write_page(out, (html_row(r) for r in records), summary, title=title, max_rows=max_rows)


def write_page(
    out: TextIO,
    rows: Iterable[str],
    summary: AuditSummary,
    *,
    title: str = "provenance audit",
    max_rows: int = 50_000,
) -> int:
    """Write the page to ``out``, streaming ``rows`` (each the JSON of :func:`html_row`); returns how many
    rows it holds.

    Past ``max_rows`` the page stops taking rows (one more is read to know there were more) and says,
    at its top, that it lists only the first ``max_rows`` files.
    """
    if max_rows < 0:
        raise ValueError("max_rows must be 0 or more")
    head, tail = _template()
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.write(
        _fill(
            head,
            title=_escape(title),
            generated=generated,
            summary=_summary_html(summary),
            columns=_script_json(list(COLUMNS)),
        )
    )
    written = 0
    truncated = False
    for row in rows:
        if written >= max_rows:
            truncated = True
            break
        out.write(("\n" if written == 0 else ",\n") + row)
        written += 1
    meta = {"rows": written, "truncated": truncated, "max_rows": max_rows}
    notice = _notice_html(written, summary) if truncated else ""
    out.write(_fill(tail, notice=notice, meta=_script_json(meta)))
    return written


def _fill(template: str, **values: str) -> str:
    """``{{name}}`` markers replaced in one pass, so a value that holds a marker is left as it is."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def html_row(record: AuditRecord) -> str:
    """One file's row of the page: the values of :data:`COLUMNS`, as JSON safe inside a script block."""
    row = record.row
    values: dict[str, str | None] = {
        "path": row.path,
        "origin": row.origin,
        "tool": name_and_version(row.tool, row.tool_version),
        "signer": row.signer,
        "timestamp": row.timestamp,
        "identities": "\n".join(row.identities.split("; ")) if row.identities else "",
        "integrity": row.integrity,
        "trust": row.trust + (f" ({row.trust_list})" if row.trust_list else ""),
        "strength": row.strength,
        "summary": row.summary,
        "error": row.error_kind,
        "thumbnail": record.thumbnail if valid_thumbnail(record.thumbnail) else None,
    }
    return _script_json([values[name] for name in COLUMNS])


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>' or '<!--'), '>' or '&'."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _template() -> tuple[str, str]:
    """The template split around the rows, with the Content-Security-Policy hash of its script filled in."""
    text = resources.files("provenance.formats").joinpath("report_template.html").read_text("utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", text, flags=re.DOTALL)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    head, tail = text.replace("{{script_hashes}}", hashes).split(_ROWS_MARK)
    return head, tail


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


def _escape(text: str) -> str:
    """HTML-escaped and ASCII (non-ASCII as character references), so any output encoding can write it."""
    return html.escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _label(text: str, limit: int = 80) -> str:
    return _escape(clip(text, limit))


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
            f'<li><span class="blabel" title="{_escape(name)}">{_label(name, 48)}</span>'
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


def _summary_html(summary: AuditSummary) -> str:
    origins = _counts(summary.origin)
    tools = _counts(summary.tool)
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


def _notice_html(written: int, summary: AuditSummary) -> str:
    of = f" of {_number(summary.total)}" if summary.total > written else ""
    return (
        f'<div class="notice" id="truncated" role="status">This page lists only the first '
        f"{_number(written)} files{of}: it stops at {_number(written)} rows to stay usable in a browser. "
        "The audit's JSON lines or CSV output has every file.</div>"
    )
