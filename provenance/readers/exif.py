"""EXIF (IFD0 and the Exif IFD) and IPTC-IIM: software, descriptions, camera make and model, the
generation parameters AI front ends write into UserComment (A1111 infotext, or JSON: SwarmUI, Fooocus and
its forks, ComfyUI graphs), Midjourney's caption, AIGC labels, and OpenAI's marks (UserComment, MakerNote).

Camera make and model are informational only: unsigned EXIF is trivially written, so it never proves a
capture. Prompts stay out of the evidence unless the caller asked for them (``show_prompts``).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Final

from .._text import clip
from ..containers._io import summarize
from ..models import Check, Evidence, Generator, Origin, Strength, Tool
from ..vocab import GOOGLE_AI
from .base import ReadContext, ReaderOutput
from .exif_text import comfyui_parts, decode_text, ifd_bytes, iim_fields, redact, user_comment
from .generators.common import Finding, to_report
from .labels import ai_tool, google_credit, known_tool, looks_like_tc260, openai_mark, tc260_label

EXIF_IFD: Final = 0x8769
IMAGE_DESCRIPTION, MAKE, MODEL, SOFTWARE, ARTIST = 0x010E, 0x010F, 0x0110, 0x0131, 0x013B
USER_COMMENT, MAKER_NOTE = 0x9286, 0x927C
MAX_MAKER_NOTE: Final = 256  # bytes of a MakerNote read: only a text mark at its start is looked for

_PLAIN: Final[dict[int, tuple[str, str]]] = {
    ARTIST: ("IFD0:Artist", "the artist named in EXIF (says nothing about origin)"),
    MAKE: ("IFD0:Make", "camera make in unsigned EXIF (informational; not proof of capture)"),
    MODEL: ("IFD0:Model", "camera model in unsigned EXIF (informational; not proof of capture)"),
}


class _Out:
    """Evidence and generators collected over all blobs of one file."""

    def __init__(self, show_prompts: bool) -> None:
        self.show_prompts = show_prompts
        self.evidence: list[Evidence] = []
        self.generators: list[Generator] = []
        self.problems: list[str] = []

    def add(
        self, field: str, raw: str, meaning: str, origin: Origin | None = None, tool: Tool | None = None
    ) -> None:
        source = "iptc" if field.startswith("IPTC:") else "exif"
        self.evidence.append(
            Evidence(source, field, clip(raw), meaning, Strength.UNSIGNED, origin, None, tool)
        )

    def software(self, raw: str) -> None:
        tool = ai_tool(raw)
        if tool is not None:
            self.add(
                "IFD0:Software", raw, f"written by {tool.name}, an AI generator", Origin.AI_GENERATED, tool
            )
        else:
            self.add("IFD0:Software", raw, "the software that wrote the file", None, known_tool(raw))

    def free_text(self, field: str, text: str, meaning: str) -> None:
        """A description or comment: an AIGC label, an OpenAI mark, a generator's parameters (Midjourney's
        "... Job ID: <uuid>", A1111-style infotext, a JSON object), or plain text."""
        if looks_like_tc260(text):
            label = tc260_label(text)
            if label is not None:
                self.add(field, text, label.meaning, label.origin, label.tool)
                for detail, value, words in label.details:
                    self.add(detail, value, words)
                return
        mark = openai_mark(text)
        if mark is not None:
            self.add(field, text, mark[0], Origin.AI_GENERATED, mark[1])
            return
        from .generators import (  # the generators' parsers: only for a text that may be theirs
            a1111,
            midjourney,
        )
        from .generators.json_text import from_json_text

        finding = midjourney.from_text(text, field) if "Job ID" in text else None
        if finding is None and "Steps:" in text:
            finding = a1111.finding(text, field)
        if finding is None and text.startswith("{"):
            finding = from_json_text(text, field, self.problems)
        if finding is not None:
            where = "iptc" if field.startswith("IPTC:") else "exif"
            self.found(finding, f"{where}:{field.split(':', 1)[1]}", text)
            return
        self.add(field, text if self.show_prompts else redact(text), meaning)

    def maker_note(self, value: object) -> None:
        """A MakerNote is camera data, unread, except OpenAI's text mark at its start."""
        if isinstance(value, bytes) and value.startswith(b"OpenAI--"):
            text = value[:MAX_MAKER_NOTE].decode("ascii", "replace").strip("\x00").strip()
            mark = openai_mark(text)
            if mark is not None:
                self.add("ExifIFD:MakerNote", text, mark[0], Origin.AI_GENERATED, mark[1])

    def comfyui(self, parts: dict[str, str], raw: str) -> None:
        """ComfyUI's WebP/JPEG EXIF: "prompt:{json}" in Model, "workflow:{json}" in Make."""
        from .generators import comfyui

        finding = comfyui.parse_comfyui(parts.get("prompt"), parts.get("workflow"), self.problems)
        if finding is not None:
            self.found(finding, "exif:Make/Model", raw, field="IFD0:Make/Model")

    def found(self, finding: Finding, where: str, raw: str, field: str | None = None) -> None:
        """A generator the metadata names, as a generator and an evidence item (under ``field``, if given)."""
        named = field or finding.keywords[0]
        generator, evidence = to_report(
            finding,
            evidence_source="iptc" if named.startswith("IPTC:") else "exif",
            generator_source=where,
            raw_text=raw,
            show_prompts=self.show_prompts,
        )
        self.generators.append(generator)
        self.evidence.append(evidence if field is None else replace(evidence, field=field))

    def exif(self, blob: bytes) -> None:
        from PIL import Image  # loaded only for files with an EXIF block

        tags = Image.Exif()
        tags.load(blob)
        texts = {
            tag: decode_text(tags.get(tag)) for tag in (IMAGE_DESCRIPTION, MAKE, MODEL, SOFTWARE, ARTIST)
        }
        comfy = comfyui_parts(texts)
        if comfy:
            self.comfyui(comfy, "; ".join(f"{key}: {value}" for key, value in comfy.items()))
        for tag, text in texts.items():
            if not text or (comfy and tag in (IMAGE_DESCRIPTION, MAKE, MODEL)):
                continue
            if tag == SOFTWARE:
                self.software(text)
            elif tag == IMAGE_DESCRIPTION:
                self.free_text("IFD0:ImageDescription", text, "image description (says nothing about origin)")
            else:
                self.add(_PLAIN[tag][0], text, _PLAIN[tag][1])
        # Fooocus writes UserComment into IFD0; everyone else into the Exif IFD.
        for field, value in (
            ("IFD0:UserComment", tags.get(USER_COMMENT)),
            ("ExifIFD:UserComment", ifd_bytes(blob, tags.get(EXIF_IFD), USER_COMMENT)),
        ):
            text = user_comment(value)
            if text:
                self.free_text(field, text, "user comment (says nothing about origin)")
        self.maker_note(ifd_bytes(blob, tags.get(EXIF_IFD), MAKER_NOTE, MAX_MAKER_NOTE))

    def iim(self, blob: bytes) -> None:
        for field, text in iim_fields(blob):
            google = google_credit(text) if field == "IPTC:Credit" else None
            if google is not None:
                origin, words = google
                self.add(field, text, words, origin, Tool(GOOGLE_AI, None, "metadata", (text,)))
            elif field == "IPTC:Caption-Abstract":
                self.free_text(field, text, "IPTC caption (says nothing about origin)")
            else:
                self.add(field, text, f"IPTC {field[5:]} (says nothing about origin)")


class ExifReader:
    """Reads the EXIF and IPTC-IIM blocks the container walk found."""

    name = "exif"
    deep = False

    def read(self, ctx: ReadContext) -> ReaderOutput:
        out = _Out(ctx.show_prompts)
        for index, blob in enumerate(ctx.blobs.exif, 1):
            # Pillow's IFD parser warns about corrupt tags (kept as problems) and can raise in many ways.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    out.exif(blob)
                except Exception as error:
                    out.problems.append(f"EXIF block {index} unreadable ({type(error).__name__})")
            out.problems.extend(dict.fromkeys(f"EXIF block {index}: {w.message}" for w in caught))
        for blob in ctx.blobs.iptc_iim:
            out.iim(blob)
        detail = f"{len(ctx.blobs.exif)} EXIF, {len(ctx.blobs.iptc_iim)} IPTC-IIM blocks"
        detail += "".join(f"; {problem}" for problem in summarize(out.problems))
        return ReaderOutput(
            evidence=tuple(out.evidence),
            generators=tuple(out.generators),
            checks=(Check(name="exif", ran=True, detail=detail),),
        )
