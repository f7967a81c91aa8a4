"""XMP: IPTC digital source type and AI properties (:mod:`.iptc_ai`), Google's credit line, creator tool,
Midjourney's image GUID, remote C2PA manifest pointers and the Chinese GB 45438-2025 ``AIGC`` label, from
every XMP packet of a file.

Packets are untrusted: defusedxml parses them with DTDs forbidden (no entity expansion, no external
entities) and properties are matched by namespace URI, never by prefix. The tree is built incrementally
and stops at caps real packets never meet (size, elements and attributes, depth, one tag's size): what was
read up to the cap is still used, and the cap is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
import defusedxml.ElementTree as SafeET

from .._text import clip
from ..containers._io import MB, Problems
from ..models import Check, Evidence, Origin, Strength, Tool
from ..phrasing import SOURCE_TYPE_WORDS
from ..vocab import GOOGLE_AI, origin_of_source_type, source_type_term
from .base import ReadContext, ReaderOutput
from .iptc_ai import PROPERTIES as AI_PROPERTIES
from .iptc_ai import AiFields
from .labels import ai_tool, google_credit, known_tool, tc260_label

RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_VALUES: Final = 200  # evidence items one file may produce: a hostile packet must not flood the report
MAX_URL: Final = 2048  # a longer dcterms:provenance "URL" is not passed on for fetching
# Parsing caps. Real packets (Lightroom or Photoshop with long histories) hold thousands of elements, a
# few MB, and nest about 10 deep; a tree costs about 250 bytes per element or attribute, so the element
# cap bounds it near 50 MB (an uncapped 44 MB packet of empty elements took 2.4 GB and 15 s).
MAX_PACKET: Final = 16 * MB  # a larger packet is not parsed (JPEG extended XMP is capped there too)
MAX_NODES: Final = 200_000  # elements and attributes per file, all packets together
MAX_DEPTH: Final = 100  # element nesting
MAX_MARKUP: Final = 1 * MB  # one tag, comment or processing instruction: its attributes come at once
_FEED: Final = 64 * 1024  # bytes fed to the parser at a time

# (namespace URI, local name) -> the qualified name evidence is reported under. URIs are compared without
# scheme, case and trailing slash, since writers vary on those.
_PROPERTIES: Final[dict[tuple[str, str], str]] = {
    ("iptc.org/std/iptc4xmpext/2008-02-29", "DigitalSourceType"): "Iptc4xmpExt:DigitalSourceType",
    ("iptc.org/std/iptc4xmpext/2008-02-29", "DigImageGUID"): "Iptc4xmpExt:DigImageGUID",
    ("ns.adobe.com/photoshop/1.0", "Credit"): "photoshop:Credit",
    ("ns.adobe.com/xap/1.0", "CreatorTool"): "xmp:CreatorTool",
    ("purl.org/dc/terms", "provenance"): "dcterms:provenance",
    ("www.tc260.org.cn/ns/aigc/1.0", "AIGC"): "TC260:AIGC",
    **AI_PROPERTIES,
}

_LOCAL_NAMES: Final = tuple(sorted({local.encode() for _, local in _PROPERTIES}))
_UNSEEN: Final = "\x00unseen"  # a cache marker no property name can equal


def _property(tag: str) -> str | None:
    """The qualified name of a property we read, for an ElementTree ``{uri}local`` name, else None."""
    if not tag.startswith("{"):
        return None
    uri, _, local = tag[1:].partition("}")
    uri = uri.lower().removeprefix("https://").removeprefix("http://").rstrip("/")
    return _PROPERTIES.get((uri, local))


def _values(element: Element) -> list[str]:
    """A property element's value(s): rdf:resource, plain text, or the items of rdf:Alt/Seq/Bag.

    For rdf:Alt only the x-default (else the first) item counts; structures (nested descriptions)
    yield nothing.
    """
    resource = element.get(f"{{{RDF}}}resource")
    if resource is not None:
        return [resource.strip()]
    container = next(
        (c for c in element if c.tag in (f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag")), None
    )
    if container is None:
        return [element.text.strip()] if len(element) == 0 and element.text and element.text.strip() else []
    items = [li for li in container if li.tag == f"{{{RDF}}}li" and li.text and li.text.strip()]
    if container.tag == f"{{{RDF}}}Alt" and items:
        items = [next((li for li in items if li.get(XML_LANG) == "x-default"), items[0])]
    return [li.text.strip() for li in items if li.text]


def properties(root: Element) -> Iterator[tuple[str, str]]:
    """(qualified name, value) of every property we read, as attributes or child elements, in order."""
    names: dict[str, str | None] = {}  # tag -> property name: Lightroom packets carry 100+ attributes
    for element in root.iter():
        for attribute, value in element.attrib.items():
            name = names.get(attribute, _UNSEEN)
            if name is _UNSEEN:
                name = names[attribute] = _property(attribute)
            if name is not None and value.strip():
                yield name, value.strip()
        for child in element:
            name = names.get(child.tag, _UNSEEN)
            if name is _UNSEEN:
                name = names[child.tag] = _property(child.tag)
            if name is not None:
                for value in _values(child):
                    yield name, value


def _worth_parsing(packet: bytes) -> bool:
    """Whether a packet may hold a property we read (or a DTD to refuse). Skipping the others saves the
    parse, the largest cost of this reader. UTF-16/32 packets are always parsed.
    """
    if packet[:1] == b"\x00" or packet[:2] in (b"\xfe\xff", b"\xff\xfe") or packet[1:2] == b"\x00":
        return True
    return b"<!" in packet or any(word in packet for word in _LOCAL_NAMES)


@dataclass
class _Findings:
    evidence: list[Evidence] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    ai: AiFields = field(default_factory=AiFields)

    def add(self, name: str, raw: str, meaning: str, origin: Origin | None, tool: Tool | None = None) -> None:
        self.evidence.append(
            Evidence(
                source="xmp",
                field=name,
                raw=clip(raw, 1000 if name == "TC260:AIGC" else 300),
                meaning=meaning,
                strength=Strength.UNSIGNED,
                origin=origin,
                tool=tool,
            )
        )

    def property(self, name: str, value: str) -> None:
        if name == "Iptc4xmpExt:DigitalSourceType":
            origin = origin_of_source_type(value)
            term = value.rstrip("/").rsplit("/", 1)[-1] if source_type_term(value) else value
            self.add(name, value, f"IPTC digital source type {term}: {SOURCE_TYPE_WORDS[origin]}", origin)
        elif name == "photoshop:Credit":
            google = google_credit(value)
            if google is None:
                self.add(name, value, "credit line (says nothing about origin)", None)
            else:
                origin, words = google
                self.add(name, value, words, origin, Tool(GOOGLE_AI, None, "metadata", (clip(value),)))
        elif name == "xmp:CreatorTool":
            self.creator_tool(value)
        elif name == "Iptc4xmpExt:DigImageGUID":
            self.add(name, value, "digital image GUID (Midjourney writes its job ID here)", None)
        elif name == "dcterms:provenance":
            self.provenance(value)
        elif name == "TC260:AIGC":
            label = tc260_label(value)
            if label is None:
                self.add(name, value, "GB 45438-2025 AIGC label that is not readable JSON", Origin.UNKNOWN)
            else:
                self.add(name, value, label.meaning, label.origin, label.tool)
                for detail, text, meaning in label.details:
                    self.add(detail, text, meaning, None)
        elif name in AI_PROPERTIES.values():
            self.ai.add(name, value)

    def creator_tool(self, value: str) -> None:
        tool = ai_tool(value)
        if tool is not None:
            self.add(
                "xmp:CreatorTool", value, f"made with {tool.name}, an AI generator", Origin.AI_GENERATED, tool
            )
        else:
            self.add("xmp:CreatorTool", value, "the software that wrote the file", None, known_tool(value))

    def provenance(self, value: str) -> None:
        if value.lower().startswith(("http://", "https://")) and len(value) > MAX_URL:
            meaning = f"remote manifest pointer over {MAX_URL} characters (ignored)"
        elif value.lower().startswith(("http://", "https://")):
            if value not in self.urls:
                self.urls.append(value)
            meaning = "points to a C2PA manifest stored elsewhere (not fetched)"
        elif value.startswith("self#jumbf="):
            meaning = "points to the C2PA manifest embedded in this file"
        else:
            meaning = "provenance pointer in an unrecognised form"
        self.add("dcterms:provenance", value, meaning, None)


class _Capped(Exception):
    """A parsing cap was reached; the message says which."""


class _CappedBuilder:
    """A TreeBuilder that counts elements, attributes and depth, and raises :class:`_Capped` at a cap
    before building the element that would pass it. ``events`` counts every callback, so the feeder can
    tell a single huge tag (no callback while it is buffered) from progress."""

    def __init__(self, nodes: list[int]) -> None:
        self._builder = TreeBuilder()
        self._nodes = nodes  # [remaining], shared by the packets of one file
        self._open: list[str] = []
        self.events = 0

    def start(self, tag: str, attrib: dict[str, str]) -> Element:
        self.events += 1
        self._nodes[0] -= 1 + len(attrib)
        if self._nodes[0] < 0:
            raise _Capped(f"over {MAX_NODES:,} XML elements and attributes in the file")
        if len(self._open) >= MAX_DEPTH:
            raise _Capped(f"XML nested over {MAX_DEPTH} deep")
        self._open.append(tag)
        return self._builder.start(tag, attrib)

    def end(self, tag: str) -> Element:
        self.events += 1
        self._open.pop()
        return self._builder.end(tag)

    def data(self, text: str) -> None:
        self.events += 1
        self._builder.data(text)

    def comment(self, _text: str) -> None:
        self.events += 1

    def pi(self, _target: str, _text: str | None = None) -> None:
        self.events += 1

    def close(self) -> Element | None:
        root: Element | None = self._builder.close()
        return root

    def partial(self) -> Element | None:
        """The tree read so far, its open elements closed."""
        for tag in reversed(self._open):
            self._builder.end(tag)
        self._open.clear()
        return self.close()


def _parse(packet: bytes, nodes: list[int]) -> tuple[Element | None, str | None]:
    """A packet's root element (None when the caps left nothing) and the cap reached, if one was.

    Raises ParseError or a defusedxml error for bad or hostile XML. ``nodes`` holds the elements and
    attributes the file may still have parsed; this packet's are taken off.
    """
    data = packet.strip(b"\x00 \t\r\n")
    builder = _CappedBuilder(nodes)
    parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=True)
    stalled = 0  # bytes fed since the last callback: a tag, comment or PI still being buffered
    try:
        for start in range(0, len(data), _FEED):
            seen = builder.events
            parser.feed(data[start : start + _FEED])
            stalled = stalled + _FEED if builder.events == seen else 0
            if stalled > MAX_MARKUP:
                raise _Capped(f"one tag, comment or instruction over {MAX_MARKUP // MB} MB")
        return parser.close(), None
    except _Capped as cap:
        return builder.partial(), str(cap)


class XmpReader:
    """Reads every XMP packet the container walk found."""

    name = "xmp"
    deep = False

    def read(self, ctx: ReadContext) -> ReaderOutput:
        found = _Findings()
        problems = Problems()
        nodes = [MAX_NODES]
        full = False  # MAX_VALUES reached: the packets left are not parsed
        for index, packet in enumerate(ctx.blobs.xmp, 1):
            if full:
                break
            if not _worth_parsing(packet):
                continue
            if len(packet) > MAX_PACKET:
                problems.append(f"packet {index} over {MAX_PACKET // MB} MB not parsed")
                continue
            try:
                root, cap = _parse(packet, nodes)
            except defusedxml.DefusedXmlException as error:
                problems.append(f"packet {index} refused: {type(error).__name__}")
                continue
            except ParseError as error:
                problems.append(f"packet {index} is not well-formed XML ({error})")
                continue
            if cap is not None:
                problems.append(f"packet {index}: {cap}; the rest not read")
            for name, value in properties(root) if root is not None else ():
                if len(found.evidence) >= MAX_VALUES:
                    problems.append(f"packet {index}: over {MAX_VALUES} values, the rest ignored")
                    full = True
                    break
                found.property(name, value)
        first, last, generators = found.ai.report(found.evidence, ctx.show_prompts)
        count = len(ctx.blobs.xmp)
        detail = f"{count} packet{'s' if count != 1 else ''}" + "".join(f"; {p}" for p in problems.summary())
        return ReaderOutput(
            evidence=(*first, *found.evidence, *last),
            generators=tuple(generators),
            checks=(Check(name="xmp", ran=True, detail=detail),),
            remote_manifest_urls=tuple(found.urls),
        )
