"""Fooocus and its forks: a JSON object of settings (or A1111 infotext), and ``fooocus_scheme``.

Each writes its own JSON, and each is named as itself (the names are in ``vocab.FOOOCUS_FAMILY``):

* Fooocus: ``parameters`` JSON with ``version`` "Fooocus v2.5.5" and ``metadata_scheme`` "fooocus", beside a
  ``fooocus_scheme`` chunk (JPEG: the same JSON in UserComment).
* RuinedFooocus: ``parameters`` JSON with ``"software": "RuinedFooocus"``, ``Prompt``, ``base_model_name``.
* FooocusPlus: JSON keyed by its labels (``Prompt``, ``Base Model``, ``Backend Engine``, ``Metadata Scheme``,
  ``Version`` as a bare number such as "1.0.0.05") in a PNG ``Comment`` chunk (its default "simple"
  scheme) or ``parameters``; JPEG: UserComment, with Software "FooocusPlus 1.0.0.05, Preset: ...".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Final

from ...vocab import FOOOCUS_FAMILY
from .common import Finding, JsonProblem, Table, get, load_object, text_of

# FooocusPlus writes its version as a bare number ("1.0.0.05"); its label-keyed JSON names no product.
_BARE_VERSION: Final = re.compile(r"\d+(?:\.\d+){1,3}")
_PLUS_KEYS: Final = frozenset({"Backend Engine", "Metadata Scheme"})


def family_name(text: str) -> str | None:
    """The Fooocus-family product a marker starts with ("Fooocus v2.5.5" -> "Fooocus"), or None."""
    squeezed = "".join(text.lower().split())
    return next((name for word, name in FOOOCUS_FAMILY if squeezed.startswith(word)), None)


def _version_after(name: str, text: str) -> str | None:
    """The version after the product name ("FooocusPlus 1.0.0.05, Preset: x" -> "1.0.0.05")."""
    rest = re.sub(r"^\s*" + r"\s*".join(map(re.escape, name)), "", text, flags=re.I).strip(" ,")
    match = re.match(r"[vV]?\d[\w.\-]*", rest)
    return match.group(0) if match else None


def _finding(name: str, version: str | None, model: str | None, prompt: str | None, keyword: str) -> Finding:
    return Finding(
        name=name,
        version=version,
        model=model,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=(keyword,),
        summary=f"{keyword}: {' '.join(filter(None, (name, version)))} metadata, base_model {model}",
    )


def from_json(data: dict[str, Any], keyword: str, scheme_chunk: bool = False) -> Finding | None:
    """A Fooocus-family finding from a settings JSON object found under ``keyword``, or None.

    ``scheme_chunk``: a ``fooocus_scheme`` chunk sits beside it (Fooocus named itself there).
    """
    software = text_of(data.get("software"), 64) or ""
    if family_name(software) == "RuinedFooocus":
        model = text_of(data.get("base_model_name"))
        prompt = text_of(data.get("Prompt"), 100_000) or text_of(data.get("prompt"), 100_000)
        return _finding("RuinedFooocus", None, model, prompt, keyword)
    version_text = text_of(data.get("version"), 64) or text_of(data.get("Version"), 64) or ""
    named = family_name(version_text)
    if named is not None:
        version = _version_after(named, version_text)
    elif data.keys() >= _PLUS_KEYS and _BARE_VERSION.fullmatch(version_text):
        named, version = "FooocusPlus", version_text
    elif text_of(data.get("metadata_scheme"), 32) == "fooocus" or scheme_chunk:
        named, version = "Fooocus", None
    else:
        return None
    model = text_of(data.get("base_model")) or text_of(data.get("Base Model"))
    prompt = text_of(data.get("prompt"), 100_000) or text_of(data.get("Prompt"), 100_000)
    return _finding(named, version, model, prompt, keyword)


def from_parameters(data: dict[str, Any], table: Table) -> Finding | None:
    """Fooocus or a fork: a ``parameters`` JSON object (Fooocus also beside a ``fooocus_scheme`` chunk)."""
    finding = from_json(data, "parameters", scheme_chunk="fooocus_scheme" in table)
    if finding is not None and finding.name == "Fooocus" and "fooocus_scheme" in table:
        return replace(finding, keywords=("parameters", "fooocus_scheme"))
    return finding


def parse_comment(table: Table, problems: list[str]) -> Finding | None:
    """FooocusPlus's PNG ``Comment`` chunk: its label-keyed JSON (NovelAI's Comment JSON is not this)."""
    text = get(table, "comment")
    if text is None or not text.lstrip().startswith("{") or "Backend Engine" not in text:
        return None
    try:
        data = load_object(text, "Comment")
    except JsonProblem as exc:
        problems.append(str(exc))
        return None
    finding = from_json(data, table["comment"][0])
    return finding if finding is not None and finding.name == "FooocusPlus" else None


def parse_scheme_only(table: Table) -> Finding | None:
    """``fooocus_scheme`` with an unusable ``parameters``: Fooocus still named itself."""
    scheme = get(table, "fooocus_scheme")
    if scheme is None or scheme.strip().lower() not in ("fooocus", "a1111"):
        return None
    summary = f"fooocus_scheme: {scheme.strip()}"
    return Finding("Fooocus", None, None, None, False, (table["fooocus_scheme"][0],), summary)
