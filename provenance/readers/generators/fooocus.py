"""Fooocus: a ``parameters`` JSON object (its own scheme) or A1111 infotext, and ``fooocus_scheme``."""

from __future__ import annotations

from typing import Any

from .common import Finding, Table, get, text_of


def from_parameters(data: dict[str, Any], table: Table) -> Finding | None:
    """Fooocus: a ``parameters`` JSON object naming Fooocus (or beside a ``fooocus_scheme`` chunk)."""
    version_text = text_of(data.get("version"), 64) or ""
    scheme = text_of(data.get("metadata_scheme"), 32) or ""
    if not (version_text.startswith("Fooocus") or scheme == "fooocus" or "fooocus_scheme" in table):
        return None
    version = None
    if version_text.startswith("Fooocus"):
        version = version_text[len("Fooocus") :].strip() or None
    model = text_of(data.get("base_model"))
    prompt = text_of(data.get("prompt"), 100_000)
    keywords = ("parameters", "fooocus_scheme") if "fooocus_scheme" in table else ("parameters",)
    return Finding(
        name="Fooocus",
        version=version,
        model=model,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=keywords,
        summary=f"parameters: Fooocus {version or ''} metadata, base_model {model}",
    )


def parse_scheme_only(table: Table) -> Finding | None:
    """``fooocus_scheme`` with an unusable ``parameters``: Fooocus still named itself."""
    scheme = get(table, "fooocus_scheme")
    if scheme is None or scheme.strip().lower() not in ("fooocus", "a1111"):
        return None
    summary = f"fooocus_scheme: {scheme.strip()}"
    return Finding("Fooocus", None, None, None, False, (table["fooocus_scheme"][0],), summary)
