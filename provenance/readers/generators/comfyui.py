"""ComfyUI: the node graph it saves in PNG ``prompt`` (API form) and ``workflow`` (editor form) chunks.

``prompt`` is ``{node_id: {"class_type": ..., "inputs": {...}}}``; inputs are literals or links
``[node_id, slot]``. ``workflow`` is ``{"nodes": [{"type": ..., "widgets_values": [...]}, ...]}``. Only a
JSON object of that shape counts: a bare ``prompt`` text chunk from another tool is not ComfyUI.
"""

from __future__ import annotations

from typing import Any

from .common import Finding, JsonProblem, Table, get, load_object, text_of

# Inputs (API form) that name the main model; any loader node may carry them.
_MODEL_INPUTS = ("ckpt_name", "unet_name")
# Node types (editor form) whose first widget is the main model.
_MODEL_LOADERS = frozenset(
    {
        "CheckpointLoaderSimple",
        "CheckpointLoader",
        "UNETLoader",
        "unCLIPCheckpointLoader",
        "ImageOnlyCheckpointLoader",
        "DiffusersLoader",
    }
)
_MAX_NODES = 5000


def _is_text_encoder(class_type: str) -> bool:
    return class_type.startswith("CLIPTextEncode")


def _from_prompt(graph: dict[str, Any]) -> tuple[list[str], list[str], bool, int] | None:
    """(models, prompt texts, starts-from-an-image, node count) from the API graph, None if not one."""
    nodes = [(key, node) for key, node in graph.items() if isinstance(node, dict) and "class_type" in node]
    if not nodes or len(nodes) > _MAX_NODES:
        return None
    models: list[str] = []
    texts: dict[str, str] = {}
    positive: set[str] = set()
    negative: set[str] = set()
    types: set[str] = set()
    for key, node in nodes:
        class_type = str(node.get("class_type"))
        types.add(class_type)
        inputs = node.get("inputs")
        if not isinstance(inputs, dict):
            continue
        for name in _MODEL_INPUTS:
            model = text_of(inputs.get(name))
            if model and model not in models:
                models.append(model)
        if _is_text_encoder(class_type):
            text = text_of(inputs.get("text"), limit=100_000)
            if text:
                texts[key] = text
        for name, bucket in (("positive", positive), ("negative", negative)):
            link = inputs.get(name)
            if isinstance(link, list) and link and isinstance(link[0], str | int):
                bucket.add(str(link[0]))
    chosen = [texts[k] for k in texts if k in positive] or [texts[k] for k in texts if k not in negative]
    from_image = "LoadImage" in types and any(t.startswith("VAEEncode") for t in types)
    return models, chosen, from_image, len(nodes)


def _from_workflow(workflow: dict[str, Any]) -> tuple[list[str], list[str], bool, int] | None:
    """The same facts from the editor form, used when there is no usable ``prompt`` chunk."""
    nodes = workflow.get("nodes")
    if not isinstance(nodes, list) or not nodes or len(nodes) > _MAX_NODES:
        return None
    models: list[str] = []
    texts: list[str] = []
    types: set[str] = set()
    for node in nodes:
        if not isinstance(node, dict):
            continue
        node_type = str(node.get("type"))
        types.add(node_type)
        widgets = node.get("widgets_values")
        first = widgets[0] if isinstance(widgets, list) and widgets else None
        if node_type in _MODEL_LOADERS:
            model = text_of(first)
            if model and model not in models:
                models.append(model)
        elif _is_text_encoder(node_type):
            text = text_of(first, limit=100_000)
            if text:
                texts.append(text)
    if not types:
        return None
    from_image = "LoadImage" in types and any(t.startswith("VAEEncode") for t in types)
    return models, texts[:1], from_image, len(nodes)


def parse_comfyui(prompt_text: str | None, workflow_text: str | None, problems: list[str]) -> Finding | None:
    """A ComfyUI finding from the ``prompt`` and/or ``workflow`` texts; JSON trouble goes to ``problems``."""
    facts = None
    keywords: list[str] = []
    if prompt_text is not None:
        try:
            facts = _from_prompt(load_object(prompt_text, "prompt"))
        except JsonProblem as exc:
            problems.append(str(exc))
        if facts is not None:
            keywords.append("prompt")
    if workflow_text is not None:
        if facts is None:
            try:
                facts = _from_workflow(load_object(workflow_text, "workflow"))
            except JsonProblem as exc:
                problems.append(str(exc))
            if facts is not None:
                keywords.append("workflow")
        elif workflow_text.lstrip().startswith("{"):
            keywords.append("workflow")  # not parsed: the API graph already said everything
    if facts is None:
        return None
    models, texts, from_image, count = facts
    model = ", ".join(models[:3]) or None
    summary = f"{'/'.join(keywords)}: ComfyUI graph of {count} nodes" + (f", model {model}" if model else "")
    return Finding(
        name="ComfyUI",
        version=None,
        model=model,
        prompt="\n".join(texts) or None,
        prompt_present=bool(texts),
        keywords=tuple(keywords),
        summary=summary,
        note="the graph starts from an input image (img2img)" if from_image else None,
    )


def parse(table: Table, problems: list[str]) -> Finding | None:
    """ComfyUI's PNG ``prompt`` and ``workflow`` chunks."""
    return parse_comfyui(get(table, "prompt"), get(table, "workflow"), problems)
