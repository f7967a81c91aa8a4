"""ComfyUI: the node graph it saves in PNG ``prompt`` (API form) and ``workflow`` (editor form) chunks.

``prompt`` is ``{node_id: {"class_type": ..., "inputs": {...}}}``; inputs are literals or links
``[node_id, slot]``. ``workflow`` is ``{"nodes": [{"type": ..., "widgets_values": [...]}, ...]}``. Only a
JSON object of that shape counts: a bare ``prompt`` text chunk from another tool is not ComfyUI.
"""

from __future__ import annotations

from typing import Any, TypeGuard

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
_MAX_KEYS = 20  # top-level values of a UserComment object looked into for a graph
_Facts = tuple[list[str], list[str], bool, int]  # models, prompt texts, starts from an image, node count


def _is_text_encoder(class_type: str) -> bool:
    return class_type.startswith("CLIPTextEncode")


def _from_prompt(graph: dict[str, Any]) -> _Facts | None:
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


def _from_workflow(workflow: dict[str, Any]) -> _Facts | None:
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
    return None if facts is None else _finding(facts, tuple(keywords))


def _finding(facts: _Facts, keywords: tuple[str, ...], prompt: str | None = None) -> Finding:
    models, texts, from_image, count = facts
    model = ", ".join(models[:3]) or None
    summary = f"{'/'.join(keywords)}: ComfyUI graph of {count} nodes" + (f", model {model}" if model else "")
    text = "\n".join(texts) or prompt
    return Finding(
        name="ComfyUI",
        version=None,
        model=model,
        prompt=text,
        prompt_present=bool(text),
        keywords=keywords,
        summary=summary,
        note="the graph starts from an input image (img2img)" if from_image else None,
    )


def _is_api_graph(value: object) -> TypeGuard[dict[str, Any]]:
    """At least two API-form nodes (``class_type`` text, ``inputs`` object), one linked to another."""
    if not isinstance(value, dict) or len(value) > _MAX_NODES:
        return False
    nodes = {
        str(key): node
        for key, node in value.items()
        if isinstance(node, dict)
        and isinstance(node.get("class_type"), str)
        and isinstance(node.get("inputs"), dict)
    }
    return len(nodes) >= 2 and any(
        isinstance(link, list) and len(link) == 2 and str(link[0]) in nodes and type(link[1]) is int
        for node in nodes.values()
        for link in node["inputs"].values()
    )


def _is_workflow(value: object) -> TypeGuard[dict[str, Any]]:
    """An editor-form graph: a ``links`` list and at least two nodes with an ``id`` and a ``type``."""
    if not isinstance(value, dict) or not isinstance(value.get("links"), list):
        return False
    nodes = value.get("nodes")
    return isinstance(nodes, list) and (
        sum(
            1
            for node in nodes[:_MAX_NODES]
            if isinstance(node, dict) and "id" in node and isinstance(node.get("type"), str)
        )
        >= 2
    )


def _embedded(value: object, what: str, problems: list[str]) -> object:
    """A value as JSON holds it, or the object a JSON-text value encodes (one level, never deeper)."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            return load_object(value, what)
        except JsonProblem as exc:
            problems.append(str(exc))
    return value


def from_json_object(data: dict[str, Any], keyword: str, problems: list[str]) -> Finding | None:
    """ComfyUI in a JSON object that online services write into EXIF UserComment: the object is itself an
    API graph (Civitai's has nodes keyed ``resource-stack`` beside ``extra`` and ``extraMetadata``), or one
    of its first values holds a graph, as an object or as JSON text (``{"prompt": {...}, "workflow": ...}``).

    Conservative: only a real node graph counts (:func:`_is_api_graph`, :func:`_is_workflow`); a bare
    prompt or settings object is not ComfyUI. When the graph's text encoders are custom nodes, the prompt is
    taken from an ``extraMetadata`` object's ``prompt``.
    """
    graph = data if _is_api_graph(data) else None
    workflow = data if graph is None and _is_workflow(data) else None
    extra: object = None
    for key, raw in list(data.items())[:_MAX_KEYS]:
        name = str(key)
        if name.lower().replace("_", "") == "extrametadata":
            extra = _embedded(raw, name, problems)
        elif graph is None:
            value = _embedded(raw, name, problems)
            if _is_api_graph(value):
                graph = value
            elif workflow is None and _is_workflow(value):
                workflow = value
    facts = _from_prompt(graph) if graph is not None else None
    if facts is None and workflow is not None:
        facts = _from_workflow(workflow)
    if facts is None:
        return None
    prompt = text_of(extra.get("prompt"), 100_000) if isinstance(extra, dict) else None
    return _finding(facts, (keyword,), prompt)


def parse(table: Table, problems: list[str]) -> Finding | None:
    """ComfyUI's PNG ``prompt`` and ``workflow`` chunks."""
    return parse_comfyui(get(table, "prompt"), get(table, "workflow"), problems)
