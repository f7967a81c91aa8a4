"""The AI-generator reader: what Stable Diffusion front ends and other image generators write into PNG
text chunks (and Draw Things into XMP), as unsigned evidence that a generator made the image.

Recognised: AUTOMATIC1111 / Forge / SD.Next (``parameters`` infotext), Fooocus (``parameters`` JSON +
``fooocus_scheme``) and its forks RuinedFooocus (``parameters``) and FooocusPlus (``Comment``), SwarmUI
(``parameters`` JSON with ``sui_image_params``), ComfyUI (``prompt`` / ``workflow`` graphs), NovelAI
(``Software``, ``Source``, ``Comment``), InvokeAI (``invokeai_metadata``, ``invokeai_graph``,
``sd-metadata``, ``Dream``), Midjourney (``Description`` "... Job ID: <uuid>"), Draw Things (XMP) and a
``Software`` chunk naming DreamStudio or Draw Things. Also the Chinese GB 45438-2025 implicit label in an
``AIGC`` text chunk (a declaration, not a generator). Nothing here decodes pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from ..._text import clip, clip_line
from ...models import Check, Evidence, Generator, Origin, Strength
from ..base import ReadContext, ReaderOutput
from ..labels import tc260_label
from .common import Finding, Table, to_report

_XMP_KEYWORD = "xml:com.adobe.xmp"


@cache
def _parsers() -> tuple[Callable[[Table, list[str]], Finding | None], ...]:
    """The parsers, in order: a later finding with a name already found adds nothing (e.g. fooocus_scheme
    after parameters). Loaded with the first file that has text chunks (most files have none)."""
    from . import comfyui, fooocus, invokeai, midjourney, novelai, software
    from .parameters import parse_parameters

    return (
        parse_parameters,
        lambda table, _problems: fooocus.parse_scheme_only(table),
        fooocus.parse_comment,
        comfyui.parse,
        novelai.parse,
        invokeai.parse,
        lambda table, _problems: midjourney.parse(table),
        lambda table, _problems: software.parse(table),
    )


def find_in_table(table: Table, problems: list[str]) -> list[Finding]:
    """Every generator the text-chunk table names, at most one finding per generator name."""
    findings: list[Finding] = []
    for parse in _parsers():
        finding = parse(table, problems)
        if finding is not None and all(f.name != finding.name for f in findings):
            findings.append(finding)
    return findings


class GeneratorReader:
    """Reads generator metadata from ``ctx.blobs.text`` (and Draw Things XMP). Metadata only, no pixels."""

    name = "generators"
    deep = False

    def read(self, ctx: ReadContext) -> ReaderOutput:
        table: Table = {}  # lowercased keyword -> (keyword as written, text); the first chunk wins
        chunk_types: dict[str, str] = {}
        for chunk in ctx.blobs.text:
            key = chunk.keyword.lower()
            if key not in table:
                table[key] = (chunk.keyword, chunk.text)
                chunk_types[key] = chunk.chunk_type
        problems: list[str] = []
        generators: list[Generator] = []
        evidence: list[Evidence] = []

        for finding in find_in_table(table, problems) if table else ():  # no text chunk names nothing
            written = tuple(table[k.lower()][0] if k.lower() in table else k for k in finding.keywords)
            main = written[0]
            generator, item = to_report(
                replace(finding, keywords=written),
                evidence_source="png-text",
                generator_source=f"png:{chunk_types.get(main.lower(), 'tEXt')} {main}",
                raw_text=table[main.lower()][1] if main.lower() in table else finding.summary,
                show_prompts=ctx.show_prompts,
            )
            generators.append(generator)
            evidence.append(item)

        packets = list(ctx.blobs.xmp)
        if _XMP_KEYWORD in table:
            packets.append(table[_XMP_KEYWORD][1].encode("utf-8", errors="replace"))
        for packet in packets:
            from .drawthings import parse_drawthings  # only for a file with XMP

            found = parse_drawthings(packet, problems)
            if found is not None and all(g.name != found.name for g in generators):
                generator, item = to_report(
                    found,
                    evidence_source="xmp",
                    generator_source=f"xmp:{found.keywords[-1]}",
                    raw_text=found.summary,
                    show_prompts=ctx.show_prompts,
                )
                generators.append(generator)
                evidence.append(item)

        if "aigc" in table:
            evidence.extend(_aigc_label(table))

        return ReaderOutput(
            evidence=tuple(evidence),
            generators=tuple(generators),
            checks=(
                Check(
                    name=self.name,
                    ran=True,
                    detail=_detail(generators, len(table), problems, "aigc" in table),
                ),
            ),
        )


def _aigc_label(table: Table) -> list[Evidence]:
    """The GB 45438-2025 label in an ``AIGC`` text chunk: the deciding item, then its other elements."""
    keyword, text = table["aigc"]
    label = tc260_label(text)

    def item(field: str, raw: str, meaning: str, origin: Origin | None = None) -> Evidence:
        tool = label.tool if label is not None and origin is not None else None
        return Evidence("png-text", field, clip(raw, 1000), meaning, Strength.UNSIGNED, origin, None, tool)

    if label is None:
        return [item(keyword, text, "GB 45438-2025 AIGC label that is not readable JSON", Origin.UNKNOWN)]
    return [
        item(keyword, text, label.meaning, label.origin),
        *(item(field, value, meaning) for field, value, meaning in label.details),
    ]


def _detail(generators: list[Generator], chunk_count: int, problems: list[str], aigc: bool = False) -> str:
    if generators:
        text = "generator metadata: " + ", ".join(f"{g.name} ({g.source})" for g in generators)
    elif chunk_count:
        text = f"no generator metadata in {chunk_count} PNG text keyword(s)"
    else:
        text = "no PNG text chunks or generator XMP"
    if aigc:
        text += "; a GB 45438-2025 AIGC label chunk"
    if problems:
        text += "; problems: " + "; ".join(clip_line(p, 160) for p in problems[:5])
    return text
