"""CSV output: one flat row per report, for spreadsheets and ``grep``; the JSON lines stay the full record.

A row is built from a report's JSON form (:meth:`provenance.Report.to_dict`, or one line of ``audit``'s
JSON lines output), so the audit engine can write CSV without rebuilding report objects. :data:`COLUMNS`
is the documented column set; :func:`columns_markdown` renders it as a table for the README.

Conventions:

- A missing value is an empty cell. Lists are joined with ``"; "`` in their order, duplicates dropped,
  except ``conflict_details``, whose sentences are joined with ``" | "``.
- ``modified`` is ISO 8601 in UTC to the second (``2026-01-31T12:00:00Z``); the JSON keeps the exact mtime.
- Spreadsheet formula injection is neutralised: file names and metadata come from untrusted files, and a
  spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
  before one) as a formula. Such a cell gets a leading apostrophe (``'=HYPERLINK(...)``), which
  spreadsheets show as text. Programs reading the CSV see the apostrophe too.
- Quoting is the ``csv`` module's (RFC 4180): a value with a comma, quote or line break is quoted, so a
  file name with a newline stays one record for a CSV reader, though not for line-oriented tools.
- Characters that cannot be written as UTF-8 (the lone surrogates Python uses for undecodable bytes in
  file names) are written as ``\\xNN`` escapes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "The file's path as given to the audit."),
    ("size", "Size in bytes."),
    ("modified", "Last modification time, ISO 8601 UTC to the second."),
    ("media_type", "Media type sniffed from the file's bytes, e.g. image/jpeg."),
    ("origin", "What the file declares: ai_generated, ai_edited, synthetic, captured, human_made, unknown."),
    ("tool", "The product that made or changed the content, normalised (e.g. Adobe Firefly)."),
    ("tool_version", "That product's version, when declared."),
    ("signer", "The C2PA signing certificate's organization / common name."),
    ("signing_time", "The trusted timestamp of the signature, when it has one."),
    ("integrity", "Whether the signed statement still verifies: intact, tampered, not_signed, ..."),
    ("trust", "Whether the signer chains to a trust list: trusted, untrusted, not_checked, not_applicable."),
    ("trust_list", "The trust list the signer was checked against."),
    ("strength", "The kind of evidence the origin rests on: signed, unsigned, watermark, none."),
    ("c2pa", "Where a C2PA manifest was found: embedded, remote, or empty for none."),
    ("generators", "AI generators named by unsigned metadata (PNG text, EXIF, XMP), joined by '; '."),
    ("generator_models", "Model names those generators recorded, joined by '; '."),
    ("watermark", "Invisible watermarks detected in the pixels (--deep) like 'dwtDct SDXL', joined by '; '."),
    ("status_codes", "C2PA validation status codes from the SDK, joined by '; '."),
    ("conflicts", "How many disagreements between signals the verdict noted."),
    ("conflict_details", "Those disagreements in words, joined by ' | '."),
    ("summary", "The verdict in one sentence or two."),
    ("error_kind", "Why the file could not be read (not_found, permission_denied, ...), or empty."),
    ("error_message", "The error in words."),
    ("schema_version", "The report schema version the row was made from."),
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns_markdown() -> str:
    """The column set as a Markdown table, for the README."""
    lines = ["| column | meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {_markdown_cell(text)} |" for name, text in COLUMNS]
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: Any) -> str:
    if value is None or isinstance(value, Mapping | list | tuple):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _joined(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def _modified(value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    try:
        stamp = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return repr(value)
    return stamp.isoformat(timespec="seconds").replace("+00:00", "Z")


def signer_text(signer: Any) -> str:
    """``organization / common name``, once when they are the same; empty when there is no signer."""
    signer = _dict(signer)
    if not signer:
        return ""
    parts = [p for p in (signer.get("organization"), signer.get("common_name")) if isinstance(p, str) and p]
    return " / ".join(dict.fromkeys(parts)) or "(no subject)"


def tool_text(tool: Any) -> str:
    """``name version``, or empty when no tool is named."""
    tool = _dict(tool)
    name = _text(tool.get("name"))
    version = _text(tool.get("version"))
    return f"{name} {version}" if name and version else name


def flatten(report: Mapping[str, Any]) -> dict[str, str]:
    """The report's :data:`COLUMNS` as plain strings, before CSV neutralisation; unknown shapes give ''."""
    source, verdict = _dict(report.get("source")), _dict(report.get("verdict"))
    tool, signer = _dict(verdict.get("tool")), _dict(verdict.get("signer"))
    c2pa, error = _dict(report.get("c2pa")), _dict(report.get("error"))
    generators = [_dict(g) for g in _list(report.get("generators"))]
    marks = [_dict(w) for w in _list(report.get("watermarks")) if _dict(w).get("detected") is True]
    conflicts = _list(verdict.get("conflicts"))
    where = "" if not c2pa.get("present") else "embedded" if c2pa.get("embedded") else "remote"
    return {
        "path": _text(source.get("path")),
        "size": _text(source.get("size")),
        "modified": _modified(source.get("modified")),
        "media_type": _text(source.get("media_type")),
        "origin": _text(verdict.get("origin")),
        "tool": _text(tool.get("name")),
        "tool_version": _text(tool.get("version")),
        "signer": signer_text(signer),
        "signing_time": _text(signer.get("signing_time")),
        "integrity": _text(verdict.get("integrity")),
        "trust": _text(verdict.get("trust")),
        "trust_list": _text(verdict.get("trust_list")),
        "strength": _text(verdict.get("strength")),
        "c2pa": where,
        "generators": _joined(g.get("name") for g in generators),
        "generator_models": _joined(g.get("model") for g in generators),
        "watermark": _joined(f"{_text(w.get('scheme'))} {_text(w.get('variant'))}".strip() for w in marks),
        "status_codes": _joined(_dict(c).get("code") for c in _list(verdict.get("status_codes"))),
        "conflicts": str(len(conflicts)),
        "conflict_details": _joined(conflicts, " | "),
        "summary": _text(verdict.get("summary")),
        "error_kind": _text(error.get("kind")),
        "error_message": _text(error.get("message")),
        "schema_version": _text(report.get("schema_version")),
    }


def safe_cell(value: str) -> str:
    """The value as a spreadsheet shows it as text: formula starters escaped, lone surrogates escaped."""
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return utf8_text(value)


def utf8_text(value: str) -> str:
    """``value`` if it can be written as UTF-8; else with its lone surrogates escaped as text."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:  # the surrogates os.fsdecode() makes from undecodable bytes: shown as those bytes, \xNN
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # any other lone surrogate: \udNNN
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def csv_row(report: Mapping[str, Any]) -> list[str]:
    """One CSV row for one report dict, in :data:`COLUMNS` order, each cell neutralised."""
    flat = flatten(report)
    return [safe_cell(flat[name]) for name, _ in COLUMNS]


class CsvWriter:
    """Streams reports as CSV rows. Open ``out`` with ``newline=""`` and ``encoding="utf-8"``."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow([name for name, _ in COLUMNS])
        self.rows_written = 0

    def write(self, report: Mapping[str, Any]) -> None:
        self._writer.writerow(csv_row(report))
        self.rows_written += 1
