"""Hostile corpus: strings that try to take over a terminal or a page (markup, escape sequences).
Used by scripts/make_hostile.py.

:data:`STRINGS` is the corpus of hostile strings (tests feed each output view every one of them);
:func:`make` returns media files that carry them where the readers report them: the PNG ``parameters``
text (AUTOMATIC1111 infotext: model, version, prompt), XMP ``CreatorTool``, EXIF ``Software`` and
``ImageDescription``, and the file names themselves. A name cannot hold ``/``, so a closing tag such as
``[/]`` in a path (``a[/]b.jpg``: the folder ``a[``) is left to the tests, which make the folder.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_hostile import jpeg, jpeg_segment, png, png_chunk, xmp_packet

LINK = "[link=https://evil.example]Verified by Adobe[/link]"
STRINGS: tuple[str, ...] = (
    "[/]",  # rich: "closing tag '[/]' has nothing to close" (a crash)
    "a[/]b",
    "[/bold]",
    "[bold red]x",
    LINK,
    "[@click=app.quit]click me[/]",
    ":warning: :cross_mark:",  # rich emoji codes
    "\\[bold]escaped markup\\",  # a markup escape, and a trailing backslash
    "\x1b]0;title\x07",  # OSC 0: the window title
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write "evil" to the clipboard
    "\x1b]8;;https://evil.example\x1b\\Verified by Adobe\x1b]8;;\x1b\\",  # an OSC 8 hyperlink
    "\x1b[31mred\x1b[0m",
    "\x9b31m",  # C1 CSI
    "\x9d0;title\x9c",  # C1 OSC ... ST
    "one\x85two",  # C1 NEL (a line break to some terminals)
    "\x00nul\x07bell\x08backspace\x7fdel",
    "\u202eexe.jpg",  # right-to-left override: shows "gpj.exe"
    "photo\u202egpj.exe",
    "\u2066isolate\u2069 \u200bzero\u200dwidth\ufeff",
    "a\r\nb",
    "tab\there\rover\u2028line\u2029para",
    "\udcff\udc80",  # undecodable bytes of a file name (os.fsdecode's surrogates)
    "[/]" * 2000,
    "x" * 20000 + "\x1b[2J",
)


def _infotext(model: str, version: str, prompt: str) -> str:
    """AUTOMATIC1111 generation parameters; values JSON-quoted as A1111 does for unusual text."""
    return (
        f"{prompt}\nNegative prompt: {prompt}\n"
        "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 64x64, Model hash: 0123456789, "
        f"Model: {json.dumps(model)}, Version: {json.dumps(version)}"
    )


def _parameters_png(text: str) -> bytes:
    """``text`` in a PNG iTXt ``parameters`` chunk (UTF-8, uncompressed)."""
    return png(png_chunk(b"iTXt", b"parameters\x00\x00\x00\x00\x00" + text.encode("utf-8", "surrogatepass")))


def _xmp_jpeg(creator_tool: str) -> bytes:
    """A JPEG whose XMP names ``creator_tool`` (XML escapes; C0 controls other than CR/LF/tab are not
    allowed in XML, so the C1 controls, bidi overrides and markup carry the attack here)."""
    value = "".join(
        f"&#{ord(c)};" if c in "\r\n\t" or ord(c) > 0x7E else c
        for c in creator_tool.replace("&", "&amp;").replace("<", "&lt;")
    )
    packet = xmp_packet(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{value}</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return jpeg(jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet))


def _exif_jpeg(tags: dict[int, bytes]) -> bytes:
    """A JPEG with one little-endian IFD0 of ASCII ``tags`` (raw bytes: EXIF ASCII holds any byte)."""
    count = len(tags)
    data_at = 8 + 2 + 12 * count + 4
    entries, data = b"", b""
    for tag, value in sorted(tags.items()):
        value += b"\x00"
        if len(value) <= 4:
            entries += struct.pack("<HHI", tag, 2, len(value)) + value.ljust(4, b"\x00")
        else:
            entries += struct.pack("<HHII", tag, 2, len(value), data_at + len(data))
            data += value
    tiff = b"II*\x00" + struct.pack("<IH", 8, count) + entries + b"\x00\x00\x00\x00" + data
    return jpeg(jpeg_segment(0xE1, b"Exif\x00\x00" + tiff))


def _named(plain: bytes) -> dict[str, tuple[str, bytes]]:
    """A plain JPEG under names that are themselves the attack (``/`` aside, a name holds any byte)."""
    names = {
        "[bold red]x[link=https:evil.example]Verified by Adobe.jpg": "a file name with rich markup",
        "\x1b]0;title\x07\x1b[2J.jpg": "a file name that sets the window title and clears the screen",
        "\x1b]52;c;ZXZpbA==\x07.jpg": "a file name that writes to the clipboard (OSC 52)",
        "photo\u202egpj.png": "a file name with a right-to-left override (reads 'photognp.jpg')",
        "\x9b31m.jpg": "a file name with a C1 CSI",
        "[b]" * 80 + ".jpg": "a 244-character file name of markup",
    }
    return {name: (what, plain) for name, what in names.items()}


def make() -> dict[str, tuple[str, bytes]]:
    """{file name: (what it is, its bytes)}."""
    esc = "\x1b]0;title\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m"
    exif_escape = b"\x1b]0;title\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07"
    items: dict[str, tuple[str, bytes]] = {
        "text_a1111_closing_tag.png": (
            "A1111 parameters whose Model is 'x[/]y' (a rich closing tag)",
            _parameters_png(_infotext("x[/]y", "v1.6.0", "a cat")),
        ),
        "text_a1111_link.png": (
            "A1111 parameters whose Model is a rich [link] reading 'Verified by Adobe', in the prompt too",
            _parameters_png(_infotext(LINK, "[bold red]v1.6.0", LINK)),
        ),
        "text_a1111_escapes.png": (
            "A1111 parameters whose Model, Version and prompt hold terminal escapes (title, clear, OSC 52, "
            "C1 CSI), a right-to-left override and CR LF",
            _parameters_png(_infotext(esc, "\u202e0.6.1v", f"a\r\nb {esc}")),
        ),
        "text_a1111_long.png": (
            "A1111 parameters whose Model is '[/]' 80 times (240 characters)",
            _parameters_png(_infotext("[/]" * 80, "v1.6.0", "[/]" * 5000)),
        ),
        "text_xmp_creator_tool.jpg": (
            "XMP CreatorTool 'Adobe Photoshop' with a rich link, '[/]', C1 CSI and OSC, a right-to-left "
            "override and CR LF",
            _xmp_jpeg(f"Adobe Photoshop 25.0 {LINK} [/] \x9b2J\x9d0;title\x9c \u202egpj.exe\r\nline two"),
        ),
        "text_xmp_creator_tool_long.jpg": (
            "XMP CreatorTool of 15,000 '[/]' (45,000 characters)",
            _xmp_jpeg("[/]" * 15000),
        ),
        "text_a1111_exif_software.jpg": (
            "EXIF Software 'Adobe Photoshop' with ESC sequences (title, clear, OSC 52) and '[/]', and an "
            "ImageDescription of A1111 parameters whose Model holds the same",
            _exif_jpeg(
                {
                    0x0131: b"Adobe Photoshop 25.0 [/]" + exif_escape,
                    0x010E: _infotext("m[/]" + exif_escape.decode(), "v1.6.0", "a cat").encode(),
                }
            ),
        ),
    }
    items |= _named(jpeg())
    return items
