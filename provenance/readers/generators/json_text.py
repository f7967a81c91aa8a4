"""Generator settings written as a JSON object into a free-text field (EXIF UserComment, mostly): SwarmUI's
``sui_image_params``, Fooocus and its forks, and ComfyUI graphs that online services write there."""

from __future__ import annotations

from . import comfyui, fooocus, swarmui
from .common import Finding, JsonProblem, load_object


def from_json_text(text: str, field: str, problems: list[str]) -> Finding | None:
    """The generator a JSON object in the metadata field ``field`` names, or None.

    Text that is not a JSON object is not a problem here (a comment may start with a brace); trouble with
    JSON nested inside a real object is reported to ``problems``.
    """
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = load_object(text, field)
    except JsonProblem:
        return None
    return (
        swarmui.from_parameters(data, field)
        or fooocus.from_json(data, field)
        or comfyui.from_json_object(data, field, problems)
    )
