"""Text from a file on a terminal: shown, never obeyed.

Every terminal view (the inspect panel, with and without --tree, the audit line view and the audit summary)
gets each hostile string of ``scripts/hostile_text.py`` in every value a file can set; the render must not
raise, must hold no control or format character, must make no link and no style of the file's text, and
must still show the text (escaped) so that a moderator can read it.
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from io import StringIO
from pathlib import Path
from types import ModuleType

import pytest
from rich.console import Console

from provenance import InspectOptions, inspect
from provenance._text import for_terminal
from provenance.audit.record import row_of
from provenance.audit.state import AuditSummary
from provenance.cli.audit_view import print_summary
from provenance.formats.lines import one_line
from provenance.formats.table import render
from provenance.models import (
    C2paInfo,
    Check,
    ErrorKind,
    Evidence,
    Generator,
    Ingredient,
    Integrity,
    Origin,
    Report,
    ReportError,
    Signer,
    SourceInfo,
    StatusCode,
    StatusScope,
    Strength,
    Tool,
    Trust,
    Verdict,
    Watermark,
)
from tests.helpers import REPO

UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
SGR = re.compile(r"\x1b\[[0-9;]*m")
BOX = re.compile(r"[\s\u2500-\u257f]")  # white space and box drawing: what a wrap or a border adds
WIDE = 4000  # columns: no cell wraps


def _maker() -> ModuleType:
    scripts = str(REPO / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("hostile_text")


HOSTILE = _maker()
STRINGS: tuple[str, ...] = HOSTILE.STRINGS
MAKE: dict[str, tuple[str, bytes]] = HOSTILE.make()


def _id(text: str) -> str:
    return ascii(text[:24]) + (f"..{len(text)}" if len(text) > 24 else "")


# ---- reports and renders -----------------------------------------------------------------------------------


def report_with(text: str) -> Report:
    """A report in which every value a file (or its path, the SDK, an error) can set is ``text``."""
    tool = Tool(text, text, "metadata", (text,))
    signer = Signer(text, text, text)
    code = StatusCode(text, text, text, StatusScope.ACTIVE)
    ingredient = Ingredient(
        text,
        text,
        text,
        text,
        text,
        Origin.CAPTURED,
        tool,
        signer,
        (code,),
        (Ingredient(text, None, text, None, None, Origin.UNKNOWN, None, None, ()),),
    )
    return Report(
        source=SourceInfo(text, text, 1, "image/jpeg"),
        verdict=Verdict(
            origin=Origin.AI_GENERATED,
            tool=tool,
            signer=signer,
            integrity=Integrity.INTACT,
            trust=Trust.NOT_CHECKED,
            trust_list=text,
            strength=Strength.SIGNED,
            summary=text,
            status_codes=(code, StatusCode(text, None, None, StatusScope.INGREDIENT)),
            conflicts=(text, text),
        ),
        evidence=(Evidence(text, text, text, text, Strength.UNSIGNED, Origin.AI_GENERATED, text, tool),),
        c2pa=C2paInfo(
            present=True,
            embedded=True,
            active_manifest=text,
            remote_url=text,
            title=text,
            claim_generator=text,
            ingredients=(ingredient,),
        ),
        checks=(Check(text, True), Check(text, False, text)),
        error=ReportError(ErrorKind.IO_ERROR, text),
        generators=(Generator(text, text, text, True, text, text),),
        watermarks=(Watermark(text, text, True, 40, 48, text),),
    )


def summary_with(text: str) -> AuditSummary:
    """An audit summary whose tool names and error kinds are ``text``."""
    return AuditSummary(
        total=2,
        resumed=0,
        errors=1,
        error_kinds={text: 1},
        elapsed_s=1.0,
        files_per_s=2.0,
        interrupted=False,
        replaced_workers=0,
        origin={"ai_generated": 1},
        tool={text: 1, "(none)": 1},
        integrity={"intact": 1},
        trust={"not_checked": 1},
    )


View = Callable[[Console, str], None]
VIEWS: dict[str, View] = {
    "panel": lambda console, text: console.print(render(report_with(text), trust_configured=False)),
    "tree": lambda console, text: console.print(render(report_with(text), tree=True)),
    "audit_summary": lambda console, text: print_summary(console, summary_with(text)),
}


def shown(view: View, text: str, width: int, *, colour: bool = False) -> str:
    """What the view writes to a terminal ``width`` columns wide (styles as escape codes with ``colour``)."""
    out = StringIO()
    console = Console(
        file=out, width=width, force_terminal=True, color_system="truecolor" if colour else None
    )
    view(console, text)
    return out.getvalue()


def panel(report: Report, width: int, *, colour: bool = False, tree: bool = False) -> str:
    """The inspect panel of ``report`` as a terminal ``width`` columns wide shows it."""
    return shown(lambda console, _: console.print(render(report, tree=tree)), "", width, colour=colour)


def unsafe(output: str) -> set[str]:
    """The characters of ``output`` that could act on a terminal or disguise text (a newline is ours)."""
    return {c for c in output if c != "\n" and unicodedata.category(c) in UNSAFE}


def compact(text: str) -> str:
    return BOX.sub("", text)


def readable(text: str, output: str, length: int = 60) -> bool:
    """Whether ``output`` shows ``text`` as :func:`for_terminal` writes it (its start, for long text),
    wherever a wrap or a border splits it."""
    return compact(for_terminal(text))[:length] in compact(output)


HARMLESS = "harmless text"


@pytest.fixture(scope="module")
def baseline() -> dict[tuple[str, int], str]:
    """What each view writes for harmless text, in colour (the styles that are ours) and, at width 0, how
    many times a wide terminal shows it."""
    found: dict[tuple[str, int], str] = {}
    for name, view in VIEWS.items():
        for width in (80, 160):
            found[name, width] = shown(view, HARMLESS, width, colour=True)
        found[name, 0] = shown(view, HARMLESS, WIDE)
    return found


# ---- the escaping rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Adobe Firefly 1.0 [/] [bold]x", "Adobe Firefly 1.0 [/] [bold]x"),  # markup is not its business
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
        ("\x9b31m\x85", "\\x9b31m\\x85"),
        ("\x00\x7f", "\\x00\\x7f"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\u202eexe.jpg", "\\u202eexe.jpg"),
        ("\u2066a\u2069\u200b\u200d\ufeff\u2028", "\\u2066a\\u2069\\u200b\\u200d\\ufeff\\u2028"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("caf\udce9.jpg", "caf\\xe9.jpg"),  # an undecodable byte of a file name, as the byte
        ("\ud800", "\\ud800"),
        ("café 東京 👍🏽 a\u00a0b \\x1b", "café 東京 👍🏽 a\u00a0b \\x1b"),  # printable text is kept as it is
    ],
)
def test_for_terminal_shows_controls_and_format_characters_as_escapes(raw: str, safe: str) -> None:
    assert for_terminal(raw) == safe


def test_for_terminal_can_keep_our_own_line_breaks() -> None:
    assert for_terminal("cannot read a\x1b[2J\r\nCheck the options.", keep_newlines=True) == (
        "cannot read a\\x1b[2J\\r\nCheck the options."
    )


# ---- every view, every hostile string ----------------------------------------------------------------------


@pytest.mark.parametrize("text", STRINGS, ids=_id)
@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("name", list(VIEWS))
def test_hostile_text_is_shown_and_never_obeyed(
    name: str, width: int, text: str, baseline: dict[tuple[str, int], str]
) -> None:
    plain = shown(VIEWS[name], text, width)
    assert not unsafe(plain)
    assert readable(text, plain)
    coloured = shown(VIEWS[name], text, width, colour=True)
    assert "\x1b]" not in coloured  # no hyperlink (OSC 8), no title, no clipboard
    assert set(SGR.findall(coloured)) <= set(SGR.findall(baseline[name, width]))  # no style of the file's
    assert not unsafe(SGR.sub("", coloured))


@pytest.mark.parametrize("text", [t for t in STRINGS if len(t) <= 100], ids=_id)
@pytest.mark.parametrize("name", list(VIEWS))
def test_hostile_text_is_shown_wherever_harmless_text_is(
    name: str, text: str, baseline: dict[tuple[str, int], str]
) -> None:
    """Every value shows the text as written: none takes it as markup (a tag gone, an emoji code replaced)."""
    assert shown(VIEWS[name], text, WIDE).count(for_terminal(text)) == baseline[name, 0].count(HARMLESS)


@pytest.mark.parametrize("text", STRINGS, ids=_id)
def test_the_audit_line_view_keeps_one_file_on_one_line(text: str) -> None:
    failed = report_with(text)
    inspected = replace(failed, error=None)
    for report in (failed, inspected):
        line = one_line(row_of(report))
        assert "\n" not in line and not unsafe(line)
        assert line.endswith(for_terminal(text))  # the path, last, in full
    assert for_terminal(text)[:24] in one_line(row_of(inspected))  # the tool, cut to its column


# ---- the crafted files -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_text")
    for name, (_, data) in MAKE.items():
        (folder / name).write_bytes(data)
    (folder / "a[").mkdir()
    (folder / "a[" / "]b.jpg").write_bytes(MAKE["text_a1111_closing_tag.png"][1])
    return folder


def _crafted_paths(folder: Path) -> Iterator[Path]:
    yield from (folder / name for name in MAKE)
    yield folder / "a[/]b.jpg"


@pytest.mark.parametrize("show_prompts", [False, True])
def test_every_crafted_file_renders_safely_at_both_widths(crafted: Path, show_prompts: bool) -> None:
    options = InspectOptions(show_prompts=show_prompts)
    for path in _crafted_paths(crafted):
        report = inspect(path, options=options)
        for width in (80, 160):
            for colour in (False, True):
                out = panel(report, width, colour=colour, tree=True)
                assert "\x1b]" not in out, path
                assert not unsafe(SGR.sub("", out)), path
        assert readable(str(path), panel(report, 4000), 40)


def _panel(path: Path, width: int = 160) -> str:
    return panel(inspect(path, options=InspectOptions(show_prompts=True)), width)


def test_a_closing_tag_in_a_model_name_is_shown_not_parsed(crafted: Path) -> None:
    out = _panel(crafted / "text_a1111_closing_tag.png")
    assert "x[/]y" in out


def test_a_link_in_a_model_name_is_shown_as_written_and_links_nowhere(crafted: Path) -> None:
    report = inspect(crafted / "text_a1111_link.png", options=InspectOptions(show_prompts=True))
    coloured = panel(report, 400, colour=True)
    assert "\x1b]8;" not in coloured
    assert "[link=https://evil.example]Verified by Adobe[/link]" in SGR.sub("", coloured)
    assert "[bold red]v1.6.0" in SGR.sub("", coloured)


def test_escape_sequences_in_exif_software_are_shown_as_escapes(crafted: Path) -> None:
    out = _panel(crafted / "text_a1111_exif_software.jpg", width=400)
    assert "\x1b" not in out
    assert "[/]\\x1b]0;title\\x07\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07" in out


def test_c1_controls_and_a_bidi_override_in_xmp_are_shown_as_escapes(crafted: Path) -> None:
    out = _panel(crafted / "text_xmp_creator_tool.jpg", width=400)
    assert not unsafe(out)
    assert "\\x9b2J\\x9d0;title\\x9c \\u202egpj.exe\\r\\nline two" in out


@pytest.mark.parametrize(
    "name",
    [
        "[bold red]x[link=https:evil.example]Verified by Adobe.jpg",
        "\x1b]0;title\x07\x1b[2J.jpg",
        "photo\u202egpj.png",
    ],
    ids=ascii,
)
def test_a_hostile_file_name_is_the_panel_title_as_written(crafted: Path, name: str) -> None:
    title = _panel(crafted / name).splitlines()[0]
    assert f" {for_terminal(str(crafted / name))} " in title


def test_an_undecodable_file_name_is_shown_by_its_bytes(tmp_path: Path) -> None:
    path = Path(tmp_path.as_posix() + "/caf\udce9.jpg")
    path.write_bytes(MAKE["text_a1111_closing_tag.png"][1])
    out = _panel(path)
    assert "caf\\xe9.jpg" in out.splitlines()[0] and not unsafe(out)


def test_a_line_break_in_a_value_is_shown_on_its_line() -> None:
    """A value from a file stays on one line: its newline cannot add a row that reads as one of ours."""
    out = shown(VIEWS["panel"], "Photoshop\nintegrity  tampered", 160)
    assert "Photoshop\\nintegrity  tampered Photoshop\\nintegrity  tampered" in out  # the tool's row
    assert not any(line.lstrip("│ ").startswith("integrity  tampered") for line in out.splitlines())
