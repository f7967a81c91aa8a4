"""A self-contained HTML audit report: one file that opens offline and fetches nothing.

The page has a summary header (counts, two bar charts drawn in CSS) and a sortable, filterable table of
files, rendered in the browser from a JSON block embedded in the page, 500 rows at a time. Rows are
streamed to ``out`` as they arrive, so a big audit is never held in memory.

Everything shown comes from untrusted files (names, tool names, summaries quoting metadata). The Python
side escapes every string it writes into markup and writes JSON with ``<``, ``>`` and ``&`` as ``\\u``
escapes, so no value can close the ``<script>`` block that holds it; the script only ever sets
``textContent``; and a Content-Security-Policy admits no network access, images only from ``data:``, and
only the page's own script (by hash), so even an injected tag could neither run nor load anything.

The header (:mod:`.html_summary`) shows the run's :class:`~provenance.audit.state.AuditSummary`; the tool
counts name files without a tool as ``"(none)"``, which the tools chart leaves out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from ..audit.record import AuditRecord
from ..audit.state import AuditSummary
from ..phrasing import name_and_version
from ..thumbnails import valid_thumbnail
from .html_policy import policy_html
from .html_summary import escape, notice_html, summary_html, tool_group

# The fields of each row in the page's embedded JSON, in order. ``tool_name`` is the tool as counted and
# filtered (its name without a version: see :func:`tool_group`); lists of lines are joined by "\n".
# ``signals`` (the official C2PA signals) and ``policy_failed`` (the rules the file fails, "policy/rule")
# are lists joined by "; ", which the page filters on item by item; ``product`` is the Conforming Products
# List's word on a signer it names (its summary: product, assurance level, signals it may not claim), else
# empty, and ``product_status`` its status, or "disallowed" when the file claims a signal it may not.
# ``resembles`` (``--index``/``--resolve``): the fingerprint matches' sentences, one a line, best first;
# ``resembles_detail`` the same lines' distances and the stored credentials' state today;
# ``resembles_origin`` what the best match's credentials said (the "Resembles" filter).
COLUMNS = (
    "path",
    "origin",
    "tool",
    "tool_name",
    "signer",
    "timestamp",
    "identities",
    "integrity",
    "trust",
    "trust_list",
    "strength",
    "summary",
    "conflicts",
    "error",
    "thumbnail",
    "signals",
    "product",
    "product_status",
    "policy_failed",
    "resembles",
    "resembles_detail",
    "resembles_origin",
)
# Matches shown per file: the report holds up to --match-limit (5); the page lists the best ones.
MATCHES_SHOWN = 3
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
            title=escape(title),
            generated=generated,
            summary=summary_html(summary) + policy_html(summary.policies),
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
    notice = notice_html(written, summary) if truncated else ""
    out.write(_fill(tail, notice=notice, meta=_script_json(meta)))
    return written


def _fill(template: str, **values: str) -> str:
    """``{{name}}`` markers replaced in one pass, so a value that holds a marker is left as it is."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def html_row(record: AuditRecord) -> str:
    """One file's row of the page: the values of :data:`COLUMNS`, as JSON safe inside a script block."""
    row = record.row
    # The JSON line, read once, only for the parts the row holds too little of (products, matches).
    document = json.loads(record.json) if row.match or ": " in row.conforming_product else {}
    values: dict[str, str | None] = {
        "path": row.path,
        "origin": row.origin,
        "tool": name_and_version(row.tool, row.tool_version),
        "tool_name": tool_group(row.tool),
        "signer": row.signer,
        "timestamp": row.timestamp,
        "identities": "\n".join(row.identities.split("; ")) if row.identities else "",
        "integrity": row.integrity,
        "trust": row.trust,
        "trust_list": row.trust_list,
        "strength": row.strength,
        "summary": row.summary,
        "conflicts": "\n".join(row.conflict_details.split(" | ")) if row.conflict_details else "",
        "error": row.error_kind,
        "thumbnail": record.thumbnail if valid_thumbnail(record.thumbnail) else None,
        "signals": row.c2pa_signals,
        **_product(record, document),
        "policy_failed": row.policy_failed,
        **_resembles(record, document),
    }
    return _script_json([values[name] for name in COLUMNS])


def _resembles(record: AuditRecord, document: dict[str, Any]) -> dict[str, str | None]:
    """The ``resembles`` columns of a file with fingerprint matches (from ``document``, its JSON line: the
    row holds the best match's name only); empty for the others."""
    if not record.row.match:
        return {"resembles": "", "resembles_detail": "", "resembles_origin": ""}
    matches = [m for m in document.get("matches") or [] if isinstance(m, dict)]
    shown = matches[:MATCHES_SHOWN]
    more = len(matches) - len(shown)
    details = [_match_detail(m) for m in shown]
    if more > 0:
        details[-1] += f" ({more} more in the JSON report)"
    return {
        "resembles": "\n".join(" ".join(str(m.get("summary") or "").split()) for m in shown),
        "resembles_detail": "\n".join(details),
        "resembles_origin": record.row.match_origin,
    }


def _match_detail(match: dict[str, Any]) -> str:
    """``pdq 6/256, io.iscc.v0 0/64; stored credentials verified today``."""
    distances = [d for d in match.get("distances") or [] if isinstance(d, dict)]
    parts = [", ".join(f"{d.get('alg')} {d.get('distance')}/{d.get('bits')}" for d in distances)]
    if not parts[0] and match.get("similarity") is not None:
        parts = [f"similarity {match['similarity']}/100"]
    if match.get("weak"):
        parts.append("weak: a plain or noisy picture")
    credentials = match.get("credentials")
    if isinstance(credentials, dict) and credentials.get("state"):
        parts.append(f"stored credentials {credentials['state']} today")
    return "; ".join(p for p in parts if p)


def _product(record: AuditRecord, document: dict[str, Any]) -> dict[str, str | None]:
    """``product`` and ``product_status`` of a file whose signer the Conforming Products List names (from
    ``document``, its JSON line: the row's column holds the product's name only); empty for the others."""
    if ": " not in record.row.conforming_product:  # not_listed, or no manifest: nothing to read
        return {"product": "", "product_status": ""}
    product = document.get("conforming_product") or {}
    status = "disallowed" if product.get("disallowed_claimed") else str(product.get("status") or "")
    return {"product": str(product.get("summary") or record.row.conforming_product), "product_status": status}


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
