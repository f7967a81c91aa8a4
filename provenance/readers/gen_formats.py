"""Parsers for what each AI image generator writes into PNG text chunks, one function per family.

Every parser takes the chunks as a case-insensitive table (see :func:`gen_common.lower_keys`) and
returns a :class:`Finding` or None; JSON trouble is appended to ``problems``, never raised. The field
names and shapes come from real files (the shared corpus) and the generators' own documentation.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .comfyui import parse_comfyui
from .gen_common import Finding, JsonProblem, clip, load_object, text_of
from .sd_params import split_a1111

Table = dict[str, tuple[str, str]]  # lowercased keyword -> (keyword as written, text)

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_MIDJOURNEY_JOB = re.compile(r"Job ID:\s*" + _UUID + r"\s*$")
_MIDJOURNEY_VERSION = re.compile(r"--(v|version|niji)\s+(\d+(?:\.\d+)?)")
_DREAM_FLAG = re.compile(r"\s-[sSWHCA] ?[\w.]+")  # '"<prompt>" -s 50 -S 2980747362 -W 512 -A k_lms'
_DREAM_STEPS_OR_SEED = re.compile(r"\s-[sS] ?\d+")


def _get(table: Table, key: str) -> str | None:
    entry = table.get(key)
    return entry[1] if entry else None


def parse_parameters(table: Table, problems: list[str]) -> Finding | None:
    """``parameters``: A1111/Forge infotext, or a Fooocus / SwarmUI JSON object."""
    text = _get(table, "parameters")
    if text is None:
        return None
    if text.lstrip().startswith("{"):
        try:
            data = load_object(text, "parameters")
        except JsonProblem as exc:
            problems.append(str(exc))
            return None
        return _swarmui(data) or _fooocus(data, table)
    params = split_a1111(text)
    if params is None:
        return None
    return Finding(
        name=params.name,
        version=params.version,
        model=params.model,
        prompt=params.prompt or None,
        prompt_present=bool(params.prompt),
        keywords=("parameters",),
        summary=params.settings,
    )


def _swarmui(data: dict[str, Any]) -> Finding | None:
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
        keywords=("parameters",),
        summary=f"parameters: SwarmUI sui_image_params, swarm_version {version}, model {model}",
    )


def _fooocus(data: dict[str, Any], table: Table) -> Finding | None:
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


def parse_fooocus_scheme_only(table: Table) -> Finding | None:
    """``fooocus_scheme`` with an unusable ``parameters``: Fooocus still named itself."""
    scheme = _get(table, "fooocus_scheme")
    if scheme is None or scheme.strip().lower() not in ("fooocus", "a1111"):
        return None
    summary = f"fooocus_scheme: {scheme.strip()}"
    return Finding("Fooocus", None, None, None, False, (table["fooocus_scheme"][0],), summary)


def parse_comfyui_chunks(table: Table, problems: list[str]) -> Finding | None:
    return parse_comfyui(_get(table, "prompt"), _get(table, "workflow"), problems)


def parse_novelai(table: Table, problems: list[str]) -> Finding | None:
    """NovelAI: ``Software`` "NovelAI", ``Source`` (the model), ``Comment`` JSON, ``Description`` (prompt)."""
    software = (_get(table, "software") or "").strip()
    source = text_of(_get(table, "source"))
    comment: dict[str, Any] = {}
    comment_text = _get(table, "comment")
    if comment_text is not None and comment_text.lstrip().startswith("{"):
        try:
            comment = load_object(comment_text, "Comment")
        except JsonProblem as exc:
            problems.append(str(exc))
    title = (_get(table, "title") or "").strip()
    named = software.lower().startswith("novelai") or (source or "").lower().startswith("novelai")
    # Without the Software tag, NovelAI's fixed title plus its Comment settings still identify it.
    if not named and not (title == "AI generated image" and {"steps", "sampler"} <= comment.keys()):
        return None
    prompt = text_of(comment.get("prompt"), 100_000) or text_of(_get(table, "description"), 100_000)
    keywords = tuple(k for k in ("software", "source", "comment", "title") if k in table)
    written = tuple(table[k][0] for k in keywords) or ("Software",)
    summary = "; ".join(f"{table[k][0]}={clip(table[k][1], 40)}" for k in keywords if k != "comment")
    return Finding(
        name="NovelAI",
        version=None,
        model=source,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=written,
        summary=summary,
    )


def parse_invokeai(table: Table, problems: list[str]) -> Finding | None:
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
    dream = _get(table, "dream")
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


def parse_midjourney(table: Table) -> Finding | None:
    """Midjourney web downloads: ``Description`` = "<prompt> --v 6 Job ID: <uuid>", ``Author`` = user name."""
    text = _get(table, "description")
    if text is None or len(text) > 100_000:
        return None
    job = _MIDJOURNEY_JOB.search(text)
    if job is None:
        return None
    prompt = text[: job.start()].strip() or None
    versions = _MIDJOURNEY_VERSION.findall(text)
    version = None
    if versions:
        flag, number = versions[-1]
        version = f"niji {number}" if flag == "niji" else number
    return Finding(
        name="Midjourney",
        version=version,
        model=None,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=(table["description"][0],),
        summary=f"Description: ... Job ID: {job.group(0).split(':', 1)[1].strip()}",
    )


def parse_software_named(table: Table) -> Finding | None:
    """A PNG ``Software`` chunk that names a generator with no richer metadata of its own here."""
    software = (_get(table, "software") or "").strip()
    for needle, name in (("dreamstudio", "DreamStudio"), ("draw things", "Draw Things")):
        if needle in software.lower():
            version = software[software.lower().index(needle) + len(needle) :].strip(" v") or None
            return Finding(name, version, None, None, False, (table["software"][0],), f"Software={software}")
    return None
