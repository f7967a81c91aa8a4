"""The tool a C2PA manifest names: the deciding action's softwareAgent, then claim_generator_info, then
claim_generator, normalised to a product name (vocab) with its version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import vocab
from ..models import Tool

if TYPE_CHECKING:
    from ..readers.c2pa.store import Manifest


def tool_for(manifest: Manifest, agent: str | None, extra_raw: tuple[str, ...] = ()) -> Tool | None:
    """Normalise the tool: the deciding softwareAgent, then claim_generator_info, then claim_generator."""
    candidates: list[tuple[str, str]] = []
    if agent:
        candidates.append(("software_agent", agent))
    candidates += [("claim_generator_info", info) for info in manifest.generator_info]
    if manifest.claim_generator:
        candidates.append(("claim_generator", manifest.claim_generator))
    if not candidates:
        return None
    raw = tuple(dict.fromkeys([c[1] for c in candidates] + list(extra_raw)))
    source, first = candidates[0]
    token = first if source != "claim_generator" else first.split(" ")[0]
    name = vocab.product_name(first) or vocab.product_name(token)
    if name is None:
        name = token.split("/")[0].replace("_", " ").strip() or first
    version = vocab.version_in(token)
    if version is None:
        # "Adobe Firefly" as agent, "Adobe_Firefly/1.0" as claim generator: same product, take its version.
        same = (c[1].split(" ")[0] for c in candidates[1:] if vocab.product_name(c[1].split(" ")[0]) == name)
        version = next((v for v in map(vocab.version_in, same) if v), None)
    return Tool(name=name, version=version, source=source, raw=raw)
