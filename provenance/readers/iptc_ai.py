"""The IPTC Photo Metadata 2025.1 AI properties in XMP (``Iptc4xmpExt:AISystemUsed``, ``AISystemVersionUsed``,
``AIPromptInformation``, ``AIPromptWriterName``), turned into evidence once a file's packets are all read.

What they declare (IPTC: the AI system "used for generating or editing" the content): a named AI system
says a trained model made all or part of the content, but not which, so

* with a digital source type that declares AI in the same file, the source type decides the origin
  (generated or edited) and the AI system item is informational: it names the tool;
* otherwise ``AISystemUsed`` alone declares ``ai_edited``, the least that "AI was used" means. A source type
  that declares no AI (``digitalCapture`` beside a named AI system) is left to contradict it: the verdict
  then flags the AI, names the set-aside claim as a conflict, and never launders the AI declaration.

The version, the prompt and the prompt writer are informational. The prompt is shown only when the caller
asked for prompts, as generator prompts are; otherwise the evidence says it is present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .._text import clip
from ..models import Evidence, Generator, Origin, Strength, Tool
from ..vocab import AI_ORIGINS, normal_version, version_in
from .labels import ai_tool, known_tool

IPTC_EXT: Final = "iptc.org/std/iptc4xmpext/2008-02-29"
SYSTEM, VERSION, PROMPT, WRITER = (
    "Iptc4xmpExt:AISystemUsed",
    "Iptc4xmpExt:AISystemVersionUsed",
    "Iptc4xmpExt:AIPromptInformation",
    "Iptc4xmpExt:AIPromptWriterName",
)
# (namespace URI, local name) -> qualified name, for the XMP reader's property table.
PROPERTIES: Final[dict[tuple[str, str], str]] = {
    (IPTC_EXT, name.split(":", 1)[1]): name for name in (SYSTEM, VERSION, PROMPT, WRITER)
}
MAX_EACH: Final = 4  # values kept per property: a hostile packet repeating them must not flood the report


def _item(
    name: str, raw: str, meaning: str, origin: Origin | None = None, tool: Tool | None = None
) -> Evidence:
    return Evidence("xmp", name, clip(raw), meaning, Strength.UNSIGNED, origin, None, tool)


@dataclass
class AiFields:
    """The AI property values of one file's packets, in the order read."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        kept = self.values.setdefault(name, [])
        if len(kept) < MAX_EACH and value not in kept:
            kept.append(value)

    def tool(self, system: str) -> Tool:
        """The named AI system as a tool: a known product's name, else the name as declared."""
        declared = self.values.get(VERSION, [])
        version = normal_version(declared[0]) if declared else version_in(system)
        known = ai_tool(system) or known_tool(system)
        name = known.name if known is not None else clip(" ".join(system.split()), 80)
        return Tool(name, version or (known.version if known else None), "metadata", (clip(system),))

    def report(
        self, evidence: list[Evidence], show_prompts: bool
    ) -> tuple[list[Evidence], list[Evidence], list[Generator]]:
        """(items to put first, items to put last, generators). ``evidence`` is what the file's packets
        declared otherwise: its digital source types decide whether the AI system is informational."""
        ai_type = any(e.field == "Iptc4xmpExt:DigitalSourceType" and e.origin in AI_ORIGINS for e in evidence)
        first: list[Evidence] = []
        last: list[Evidence] = []
        generators: list[Generator] = []
        prompts = self.values.get(PROMPT, [])
        for system in self.values.get(SYSTEM, []):
            tool = self.tool(system)
            if ai_type:
                # Informational, and first: the deciding source type names no tool, and the verdict takes
                # the first tool-naming item that does not contradict it.
                meaning = f"the AI system used: {tool.name} (the digital source type decides the origin)"
                first.append(_item(SYSTEM, system, meaning, None, tool))
            else:
                # Last: a more specific AI declaration of the file (a generator, a credit line) decides first.
                meaning = f"IPTC: the AI system {tool.name} was used to generate or edit the content"
                last.append(_item(SYSTEM, system, meaning, Origin.AI_EDITED, tool))
            generators.append(
                Generator(
                    name=tool.name,
                    version=tool.version,
                    model=None,
                    prompt_present=bool(prompts),
                    source=f"xmp:{SYSTEM}",
                    prompt="\n".join(prompts) if show_prompts and prompts else None,
                )
            )
        for version in self.values.get(VERSION, []):
            last.append(_item(VERSION, version, "IPTC: the version of the AI system used (informational)"))
        for prompt in prompts:
            hidden = f"{len(prompt)} characters hidden (prompts are shown only when asked for)"
            raw = prompt if show_prompts else hidden
            last.append(_item(PROMPT, raw, "IPTC: the prompt given to the AI system (informational)"))
        for writer in self.values.get(WRITER, []):
            last.append(_item(WRITER, writer, "IPTC: the person who wrote the AI prompt (informational)"))
        return first, last, generators
