"""A self-contained HTML audit report: one file that opens offline and fetches nothing.

The page has a summary header (counts, two bar charts drawn in CSS) and a sortable, filterable table of
files, rendered in the browser from a JSON block embedded in the page, 500 rows at a time. Rows are
streamed to ``out`` as they arrive, so a big audit is never held in memory.

Everything shown comes from untrusted files (names, tool names, summaries quoting metadata). The Python
side escapes every string it writes into markup and writes JSON with ``<``, ``>`` and ``&`` as ``\\u``
escapes, so no value can close the ``<script>`` block that holds it; the script only ever sets
``textContent``; and a Content-Security-Policy admits no network access, images only from ``data:``, and
only the page's own script (by hash), so even an injected tag could neither run nor load anything.

The ``summary`` mapping (as made by the audit engine) is read defensively; missing keys are left out::

    {"total": int, "errors": int, "elapsed_s": float, "files_per_s": float,
     "origin": {name: count}, "tool": {name: count}, "integrity": {name: count}, "trust": {name: count},
     # optional: "resumed": int, "interrupted": bool, "error_kinds": {kind: count}}

The tool counts may name files without a tool as ``"(none)"``; the tools chart leaves that key out.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import stat
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, TextIO

from PIL import Image, ImageOps

from .csv import flatten

# The fields of each row in the page's embedded JSON, in order.
COLUMNS = (
    "path",
    "origin",
    "tool",
    "signer",
    "integrity",
    "trust",
    "strength",
    "summary",
    "error",
    "thumbnail",
)
ORIGINS = ("ai_generated", "ai_edited", "synthetic", "captured", "human_made", "unknown")
NO_TOOL_KEYS = frozenset({"(none)", "None", "null", ""})
TOP_TOOLS = 15
THUMBNAIL_PREFIX = "data:image/jpeg;base64,"
MAX_THUMBNAIL_CHARS = 8_192  # a thumbnail_data_uri() one stays under ~6 KB; anything bigger is dropped
# Formats a thumbnail is made from: common image formats Pillow decodes itself. Not EPS (Pillow hands
# it to Ghostscript), nor the rarer scientific and legacy decoders, which untrusted files should not reach.
THUMBNAIL_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP", "AVIF")
_THUMBNAIL_QUALITIES = (70, 50, 35)
_THUMBNAIL_BUDGET = 6_144  # characters of data URI
_VALID_THUMBNAIL = re.compile(r"data:image/jpeg;base64,[A-Za-z0-9+/]+={0,2}")
_ROWS_MARK = "{{rows}}"


@dataclass(frozen=True)
class HtmlRow:
    """One file of the report: its report dict (:meth:`provenance.Report.to_dict`) and an optional
    thumbnail as a ``data:image/jpeg;base64,`` URI (see :func:`thumbnail_data_uri`)."""

    report: Mapping[str, Any]
    thumbnail: str | None = None


def write_html(
    out: TextIO,
    rows: Iterable[HtmlRow],
    summary: Mapping[str, Any],
    *,
    title: str = "provenance audit",
    max_rows: int = 50_000,
) -> int:
    """Write the page to ``out``, streaming ``rows``; returns how many rows it holds.

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
        out.write(("\n" if written == 0 else ",\n") + _script_json(_row(row)))
        written += 1
    meta = {"rows": written, "truncated": truncated, "max_rows": max_rows}
    notice = _notice_html(written, summary) if truncated else ""
    out.write(_fill(tail, notice=notice, meta=_script_json(meta)))
    return written


def _fill(template: str, **values: str) -> str:
    """``{{name}}`` markers replaced in one pass, so a value that holds a marker is left as it is."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def thumbnail_data_uri(
    path: str | Path | IO[bytes], *, max_side: int = 96, max_pixels: int = 64_000_000
) -> str | None:
    """A small JPEG thumbnail of an image file (a path, or a seekable binary stream read from its
    start) as a ``data:`` URI, or None for anything else.

    None, never an exception, for a file that is not a supported image, is damaged, or declares more than
    ``max_pixels`` pixels (checked from the header, before any pixel is decoded). JPEGs are decoded
    downscaled (``draft``), so a 50-megapixel photo costs a fraction of a full decode.
    """
    try:
        if isinstance(path, str | Path) and not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO would block the open
        with warnings.catch_warnings():
            # Pillow warns of a bomb above its own limit at open; max_pixels, checked next, decides here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=_thumbnail_formats())
        with image:
            width, height = image.size
            if width <= 0 or height <= 0 or width * height > max_pixels:
                return None
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (max_side, max_side))
            image.thumbnail((max_side, max_side))
            small = _rgb(ImageOps.exif_transpose(image))
            for quality in _THUMBNAIL_QUALITIES:
                buffer = io.BytesIO()
                small.save(buffer, "JPEG", quality=quality, optimize=True)
                uri = THUMBNAIL_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")
                if len(uri) <= _THUMBNAIL_BUDGET:
                    return uri
            return None
    except Exception:  # Pillow raises many types for hostile input (incl. DecompressionBombError)
        return None


@cache
def _thumbnail_formats() -> tuple[str, ...]:
    """THUMBNAIL_FORMATS this Pillow build can open (AVIF is optional). Loads every plugin first:
    ``Image.open`` with ``formats`` fails on a format whose plugin is not loaded yet (MPO)."""
    Image.init()
    return tuple(f for f in THUMBNAIL_FORMATS if f in Image.OPEN)


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, transparent parts over white (a plain convert would show them black)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _row(row: HtmlRow) -> list[str | None]:
    flat = flatten(row.report)
    trust = flat["trust"] + (f" ({flat['trust_list']})" if flat["trust_list"] else "")
    tool = flat["tool"] + (f" {flat['tool_version']}" if flat["tool"] and flat["tool_version"] else "")
    values: dict[str, str | None] = {**flat, "trust": trust, "tool": tool, "error": flat["error_kind"]}
    values["thumbnail"] = row.thumbnail if valid_thumbnail(row.thumbnail) else None
    return [values[name] for name in COLUMNS]


def valid_thumbnail(value: object) -> bool:
    """Whether ``value`` is a base64 JPEG data URI of a sane size, the only image the page shows."""
    if not isinstance(value, str) or len(value) > MAX_THUMBNAIL_CHARS:
        return False
    return _VALID_THUMBNAIL.fullmatch(value) is not None


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


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _counts(value: Any) -> list[tuple[str, int]]:
    """A {name: count} mapping as (name, count) pairs, largest first; malformed entries dropped."""
    if not isinstance(value, Mapping):
        return []
    pairs = [(str(k), c) for k, v in value.items() if (c := _count(v)) is not None]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


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
    return _escape(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def _stat(value: str, label: str, cls: str = "") -> str:
    return f'<div class="stat{cls}"><span class="num">{value}</span><span class="lbl">{label}</span></div>'


def _stats_html(summary: Mapping[str, Any]) -> str:
    cards = []
    if (total := _count(summary.get("total"))) is not None:
        cards.append(_stat(_number(total), "files"))
    if (errors := _count(summary.get("errors"))) is not None:
        cards.append(_stat(_number(errors), "could not be read", " bad" if errors else ""))
    elapsed = summary.get("elapsed_s")
    if isinstance(elapsed, int | float) and not isinstance(elapsed, bool) and elapsed >= 0:
        cards.append(_stat(_elapsed(float(elapsed)), "elapsed"))
    rate = summary.get("files_per_s")
    if isinstance(rate, int | float) and not isinstance(rate, bool) and rate >= 0:
        cards.append(_stat(f"{rate:,.1f}", "files / s"))
    if resumed := _count(summary.get("resumed")):
        cards.append(_stat(_number(resumed), "skipped (resumed)"))
    if summary.get("interrupted") is True:
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


def _summary_html(summary: Mapping[str, Any]) -> str:
    origins = _counts(summary.get("origin"))
    tools = _counts(summary.get("tool"))
    named = [p for p in tools if p[0] not in NO_TOOL_KEYS]
    unnamed = sum(c for name, c in tools if name in NO_TOOL_KEYS)
    notes = []
    if len(named) > TOP_TOOLS:
        notes.append(f"{_number(len(named) - TOP_TOOLS)} more tools not shown")
    if unnamed:
        notes.append(f"{_number(unnamed)} file{'s name' if unnamed > 1 else ' names'} no tool")
    charts = _bars_html("Origin", origins, "o-") + _bars_html(
        f"Top {TOP_TOOLS} tools", named[:TOP_TOOLS], "t-", "; ".join(notes)
    )
    pills = (
        _pills_html("Integrity", _counts(summary.get("integrity")), "i-")
        + _pills_html("Trust", _counts(summary.get("trust")), "r-")
        + _pills_html("Errors", _counts(summary.get("error_kinds")), "bad e-")
    )
    return (
        _stats_html(summary)
        + f'<section class="charts">{charts}</section>'
        + f'<section class="counts">{pills}</section>'
    )


def _notice_html(written: int, summary: Mapping[str, Any]) -> str:
    total = _count(summary.get("total"))
    of = f" of {_number(total)}" if total is not None and total > written else ""
    return (
        f'<div class="notice" id="truncated" role="status">This page lists only the first '
        f"{_number(written)} files{of}: it stops at {_number(written)} rows to stay usable in a browser. "
        "The audit's JSON lines or CSV output has every file.</div>"
    )
