"""InvokeAI: ``invokeai_metadata`` (3.x+), ``invokeai_graph``, ``sd-metadata`` (2.x) and ``Dream`` (1.x)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .common import Finding, JsonProblem, Table, get, load_object, text_of

_DREAM_FLAG = re.compile(r"\s-[sSWHCA] ?[\w.]+")  # '"<prompt>" -s 50 -S 2980747362 -W 512 -A k_lms'
_DREAM_STEPS_OR_SEED = re.compile(r"\s-[sS] ?\d+")


def parse(table: Table, problems: list[str]) -> Finding | None:
    """InvokeAI: ``invokeai_metadata`` (3.x+), ``invokeai_graph``, ``sd-metadata`` (2.x), ``Dream`` (1.x)."""
    parts: list[_InvokePart] = []
    for key, read in (
        ("invokeai_metadata", _invoke_metadata),
        ("sd-metadata", _invoke_sd_metadata),
        ("invokeai_graph", _invoke_graph),
    ):
        if key in table:
            written, text = table[key]
            try:
                parts.append(read(written, load_object(text, written)))
            except JsonProblem as exc:
                problems.append(str(exc))
    dream = get(table, "dream")
    flag = _DREAM_FLAG.search(dream) if dream is not None else None
    if dream is not None and flag is not None and _DREAM_STEPS_OR_SEED.search(dream):
        prompt = text_of(dream[: flag.start()].strip().strip('"'), 100_000)
        parts.append(_InvokePart(table["dream"][0], None, None, prompt, None))
    if not parts:
        return None
    version = next((p.version for p in parts if p.version), None)
    model = next((p.model for p in parts if p.model), None)
    prompt = next((p.prompt for p in parts if p.prompt), None)
    note = next((p.note for p in parts if p.note), None)
    keywords = tuple(p.keyword for p in parts)
    summary = f"{'/'.join(keywords)}: InvokeAI metadata" + "".join(
        f", {label} {value}" for label, value in (("version", version), ("model", model)) if value
    )
    return Finding("InvokeAI", version, model, prompt, prompt is not None, keywords, summary, note)


class _InvokePart(NamedTuple):
    keyword: str
    version: str | None
    model: str | None
    prompt: str | None
    note: str | None


def _invoke_metadata(keyword: str, meta: dict[str, Any]) -> _InvokePart:
    model_info = meta.get("model")
    if isinstance(model_info, dict):
        model = text_of(model_info.get("model_name") or model_info.get("name"))
    else:
        model = text_of(model_info)
    mode = text_of(meta.get("generation_mode"), 64) or ""
    from_image = any(word in mode for word in ("img2img", "inpaint", "outpaint", "canvas"))
    note = f"generation_mode {mode}: starts from an input image" if from_image else None
    prompt = text_of(meta.get("positive_prompt"), 100_000)
    return _InvokePart(keyword, text_of(meta.get("app_version"), 64), model, prompt, note)


def _invoke_sd_metadata(keyword: str, meta: dict[str, Any]) -> _InvokePart:
    image = meta.get("image")
    image = image if isinstance(image, dict) else {}
    kind = text_of(image.get("type"), 32)
    note = f"type {kind}: starts from an input image" if kind in ("img2img", "inpaint") else None
    prompt = _sd_metadata_prompt(image.get("prompt"))
    version = text_of(meta.get("app_version"), 64)
    return _InvokePart(keyword, version, text_of(meta.get("model_weights")), prompt, note)


def _invoke_graph(keyword: str, graph: dict[str, Any]) -> _InvokePart:
    """The graph alone names InvokeAI; the facts worth reporting are in ``invokeai_metadata``."""
    return _InvokePart(keyword, None, None, None, None)


def _sd_metadata_prompt(value: object) -> str | None:
    if isinstance(value, list):
        parts = [text_of(p.get("prompt"), 100_000) for p in value if isinstance(p, dict)]
        return "\n".join(p for p in parts if p) or None
    return text_of(value, 100_000)
