"""Shared pieces of the AI-generator parsers: the typed finding each format parser returns, and
defensive JSON loading (size cap, errors become a problem string, never an exception).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..._text import clip_line
from ...models import Evidence, Generator, Origin, Strength, Tool
from ...vocab import normal_version

MAX_JSON = 4 * 1024 * 1024  # bigger JSON text is not parsed (real ComfyUI workflows are well under 1 MB)
MAX_RAW = 200  # evidence excerpts stay short


class JsonProblem(Exception):
    """Why a metadata value that should be JSON could not be used (reported as a check detail)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One generator named by metadata, before it becomes report objects.

    ``prompt`` is the full prompt text when the metadata has one; callers drop it unless prompts were
    asked for. ``summary`` never holds prompt text.
    """

    name: str
    version: str | None
    model: str | None
    prompt: str | None
    prompt_present: bool
    keywords: tuple[str, ...]  # the metadata fields it rests on, main one first
    summary: str
    note: str | None = None  # e.g. "starts from an input image (img2img)"


def load_json(text: str, what: str) -> Any:
    """``json.loads`` with a size cap; raises :class:`JsonProblem` with a reason instead of anything else."""
    if len(text) > MAX_JSON:
        raise JsonProblem(f"{what}: {len(text)} characters of JSON, over the {MAX_JSON} limit; not parsed")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise JsonProblem(f"{what}: not valid JSON ({type(exc).__name__})") from None


def load_object(text: str, what: str) -> dict[str, Any]:
    """Like :func:`load_json`, but the top level must be an object."""
    value = load_json(text, what)
    if not isinstance(value, dict):
        raise JsonProblem(f"{what}: JSON is a {type(value).__name__}, not an object")
    return value


def text_of(value: object, limit: int = 256) -> str | None:
    """A non-empty string value, trimmed to ``limit`` characters, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:limit]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


Table = dict[str, tuple[str, str]]  # lowercased keyword -> (keyword as written, text)


def get(table: Table, key: str) -> str | None:
    """The text of ``key`` (lower case) in the table, or None."""
    entry = table.get(key)
    return entry[1] if entry else None


def lower_keys(chunks: Mapping[str, str]) -> Table:
    """Keyword lookup that ignores case: lowercased keyword -> (keyword as written, text); first wins."""
    table: Table = {}
    for keyword, text in chunks.items():
        table.setdefault(keyword.lower(), (keyword, text))
    return table


def to_report(
    finding: Finding,
    *,
    evidence_source: str,
    generator_source: str,
    raw_text: str,
    show_prompts: bool,
) -> tuple[Generator, Evidence]:
    """The report objects for one finding: unsigned metadata declaring AI generation.

    ``raw_text`` is the literal metadata value; it becomes the evidence excerpt only with ``show_prompts``
    (it may hold the prompt), otherwise the prompt-free summary does.
    """
    version = normal_version(finding.version)
    generator = Generator(
        name=finding.name,
        version=version,
        model=finding.model,
        prompt_present=finding.prompt_present,
        source=generator_source,
        prompt=finding.prompt if show_prompts and finding.prompt else None,
    )
    meaning = f"{finding.name} generation metadata: the image declares it was made with {finding.name}"
    if finding.model:
        meaning += f" (model {finding.model})"
    if finding.note:
        meaning += f"; {finding.note}"
    meaning += ". Unsigned: anyone can add or strip it."
    evidence = Evidence(
        source=evidence_source,
        field=finding.keywords[0],
        raw=clip_line(raw_text if show_prompts else finding.summary, MAX_RAW),
        meaning=meaning,
        strength=Strength.UNSIGNED,
        origin=Origin.AI_GENERATED,
        tool=Tool(finding.name, version, "metadata", finding.keywords),
    )
    return generator, evidence
