"""SwarmUI: a JSON object whose ``sui_image_params`` has the settings, in the PNG ``parameters`` chunk or the
EXIF UserComment of its JPEG and WebP output."""

from __future__ import annotations

from typing import Any

from .common import Finding, text_of


def from_parameters(data: dict[str, Any], keyword: str = "parameters") -> Finding | None:
    """SwarmUI: a JSON object with ``sui_image_params``, in the PNG ``parameters`` chunk or (JPEG, WebP) the
    EXIF UserComment, named by ``keyword``."""
    params = data.get("sui_image_params")
    if not isinstance(params, dict):
        return None
    version = text_of(params.get("swarm_version"), 64)
    model = text_of(params.get("model"))
    prompt = text_of(params.get("prompt"), 100_000)
    return Finding(
        name="SwarmUI",
        version=version,
        model=model,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=(keyword,),
        summary=f"{keyword}: SwarmUI sui_image_params, swarm_version {version}, model {model}",
    )
