"""The human view: a rich panel per file, verdict first, then the evidence behind it.

Every value that comes from a file (or from a path, the SDK or an error) goes to rich as ``Text`` made
safe by :func:`~provenance._text.for_terminal`, never as a markup string: a ``[/]`` in a tool name must
not crash the panel, a ``[link=...]`` must not become a link, an escape sequence must not reach the
terminal.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .._text import clip, clip_path, for_terminal
from ..models import (
    Identity,
    IdentityState,
    Ingredient,
    Integrity,
    Origin,
    Report,
    Signer,
    StatusScope,
    Strength,
    TimestampStatus,
    Tool,
    Trust,
)
from ..phrasing import signer_text, tool_text
from ..verdict.credential_words import identity_label, identity_status, timestamp_label, verified_text
from .folded import Column, FoldedTable
from .panel_matches import matches_part
from .panel_official import official_part
from .panel_policy import policy_part

ORIGIN_STYLE = {
    Origin.AI_GENERATED: "bold magenta",
    Origin.AI_EDITED: "bold magenta",
    Origin.SYNTHETIC: "bold yellow",
    Origin.CAPTURED: "bold green",
    Origin.HUMAN_MADE: "bold green",
    Origin.UNKNOWN: "bold",
}
INTEGRITY_STYLE = {
    Integrity.INTACT: "green",
    Integrity.TAMPERED: "bold red",
    Integrity.MALFORMED: "red",
    Integrity.CREDENTIAL_INVALID: "red",
    Integrity.CREDENTIAL_EXPIRED: "yellow",
}
TRUST_STYLE = {Trust.TRUSTED: "green", Trust.UNTRUSTED: "bold red", Trust.NOT_CHECKED: "yellow"}
TIMESTAMP_STYLE = {TimestampStatus.TRUSTED: "green", TimestampStatus.INVALID: "red"}
IDENTITY_STYLE = {
    IdentityState.VALID: "green",
    IdentityState.INVALID: "bold red",
    IdentityState.UNVERIFIED: "yellow",
}
# Said once per panel, under the facts, when no list is in force: the lists that ship with provenance are
# on by default, so this is --no-bundled-trust (or its config/variable) with no other list given.
NO_TRUST_HINT = (
    "No trust list in force, so the signer was not checked: the lists that ship with provenance are off "
    "(--no-bundled-trust, [trust] bundled = false or PROVENANCE_NO_BUNDLED_TRUST). Drop that, run "
    "`provenance trust update`, or pass --trust-anchors FILE."
)


def _safe(value: str, style: str = "") -> Text:
    """Untrusted text as rich ``Text``: shown as it reads, its controls made visible, never markup."""
    return Text(for_terminal(value), style=style)


def _tool(tool: Tool | None) -> str:
    return tool_text(tool) or "-"


def _signer(signer: Signer | None) -> str:
    return signer_text(signer) if signer is not None else "-"


def _facts(report: Report) -> Table:
    v = report.verdict
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    table.add_row("origin", Text(v.origin.value, style=ORIGIN_STYLE.get(v.origin, "")))
    table.add_row("tool", _safe(_tool(v.tool)))
    table.add_row("signer", _safe(_signer(v.signer)))
    if v.signer is not None:
        stamp = v.signer.timestamp
        style = TIMESTAMP_STYLE.get(stamp.status, "yellow") if stamp else "yellow"
        table.add_row("timestamp", _safe(timestamp_label(stamp), style))
    table.add_row("integrity", Text(v.integrity.value, style=INTEGRITY_STYLE.get(v.integrity, "")))
    trust = v.trust.value + (f", {v.trust_list} list" if v.trust_list else "")  # "interim (legacy)"
    table.add_row("trust", _safe(trust, TRUST_STYLE.get(v.trust, "")))
    table.add_row("strength", v.strength.value)
    if report.c2pa and report.c2pa.remote_url:
        table.add_row("remote manifest", _safe(report.c2pa.remote_url))
    if report.c2pa and report.c2pa.sidecar:
        table.add_row("manifest", _safe(f"standalone, from {report.c2pa.sidecar}"))
    if report.c2pa and report.c2pa.fragments:
        parts = report.c2pa.fragments
        text = f"{parts.count} read with this init segment"
        bad = len(parts.mismatched)
        text += (f", {bad} {'does' if bad == 1 else 'do'} not match") if bad else ", all match"
        table.add_row("fragments", _safe(text + (f", {parts.omitted} not read" if parts.omitted else "")))
    if report.error:
        table.add_row("error", _safe(f"{report.error.kind}: {report.error.message}", "red"))
    return table


def _short(raw: str) -> str:
    """Vocabulary URIs shown by their term (the JSON keeps the raw value); long values cut."""
    text = raw.strip()
    if text.lower().startswith(("http://", "https://")) and "digitalsourcetype/" in text.lower():
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return clip(text, 160)


EVIDENCE_COLUMNS = (
    Column("source", keep=True),
    Column("field", weight=1.0),
    Column("value", weight=1.2),
    Column("meaning", weight=1.8),
    Column("origin", keep=True),
    Column("strength", keep=True),
)
GENERATOR_COLUMNS = (
    Column("found", keep=True),
    Column("name"),
    Column("version", keep=True),
    Column("model"),
    Column("prompt", weight=2.0),
    Column("where"),
)
# Under 110 columns: where (source and field), value, meaning, and the origin with its strength below.
NARROW_EVIDENCE_COLUMNS = (
    Column("where", weight=1.0),
    Column("value", weight=1.0),
    Column("meaning", weight=2.0),
    Column("origin", keep=True),
)
STATUS_COLUMNS = (Column("code", keep=True), Column("scope", weight=0.6), Column("explanation", weight=2.0))


def _cells(*values: str) -> list[str]:
    return [for_terminal(value) for value in values]


def _evidence(report: Report) -> FoldedTable | None:
    own = [item for item in report.evidence if item.strength is not Strength.FINGERPRINT]  # see matches_part
    if not own:
        return None
    rows = [
        _cells(
            item.source,
            item.field,
            _short(item.raw),
            item.meaning,
            item.origin.value if item.origin else "-",
            item.strength.value,
        )
        for item in own
    ]
    narrow = [
        [f"{src}: {field}", raw, meaning, f"{origin}\n({strength})"]
        for src, field, raw, meaning, origin, strength in rows
    ]
    return FoldedTable("Evidence", EVIDENCE_COLUMNS, rows, narrow=(NARROW_EVIDENCE_COLUMNS, narrow))


def _generators(report: Report) -> FoldedTable | None:
    if not report.generators and not report.watermarks:
        return None
    rows = []
    for gen in report.generators:
        prompt = (
            gen.prompt
            if gen.prompt is not None
            else ("present (--show-prompts)" if gen.prompt_present else "-")
        )
        rows.append(_cells("metadata", gen.name, gen.version or "-", gen.model or "-", prompt, gen.source))
    for mark in report.watermarks:
        if mark.detected:
            where = f"{mark.bits_matched}/{mark.bits_total} bits, {mark.channel_order}"
            rows.append(_cells("watermark", f"{mark.scheme} {mark.variant}", "-", "-", "-", where))
    return FoldedTable("Generators and watermarks", GENERATOR_COLUMNS, rows)


def _identity(identity: Identity) -> Group:
    """One identity: who and how (bold), then, indented, whether it holds, what was verified, and why."""
    details = Text(for_terminal(identity_status(identity)), style=IDENTITY_STYLE.get(identity.state, ""))
    for item in identity.verified_identities:
        when = f" on {item.verified_at[:10]}" if item.verified_at else ""
        line = verified_text(item) + when + (f" <{item.uri}>" if item.uri else "")
        details.append("\nverified: " + for_terminal(line))
    for reason in identity.reasons:
        details.append("\n- " + for_terminal(reason), style="dim")
    return Group(_safe(identity_label(identity), "bold"), Padding(details, (0, 0, 0, 2)))


def _identities(report: Report) -> Group | None:
    """The CAWG identity assertions: who, how vouched for, by whom, whether it holds and why."""
    if not report.identities:
        return None
    return Group(Text("Identity (CAWG)", style="bold"), *(_identity(i) for i in report.identities))


def _conflicts(report: Report) -> Text | None:
    if not report.verdict.conflicts:
        return None
    lines = "".join(f"\n  - {for_terminal(c)}" for c in report.verdict.conflicts)
    return Text("Signals disagree:" + lines, style="yellow")


def _checks(report: Report) -> Text:
    """The checks that ran, then those that did not, grouped by why (each detail already says "not run")."""
    ran = [for_terminal(c.name) for c in report.checks if c.ran]
    why: dict[str, list[str]] = {}
    for check in report.checks:
        if not check.ran:
            reason = (check.detail or "").removeprefix("not run:").strip()
            why.setdefault(for_terminal(reason), []).append(for_terminal(check.name))
    text = Text("checks run: " + (", ".join(dict.fromkeys(ran)) or "none"), style="dim")
    if why:
        groups = [
            ", ".join(dict.fromkeys(names)) + (f": {reason}" if reason else "")
            for reason, names in why.items()
        ]
        text.append("\nnot run: " + "; ".join(groups), style="dim")
    return text


def _status(report: Report) -> FoldedTable | None:
    codes = report.verdict.status_codes
    if not codes:
        return None
    rows = [
        _cells(code.code, "ingredient" if code.scope is StatusScope.INGREDIENT else "active manifest",
               code.explanation or "")
        for code in codes
    ]  # fmt: skip
    return FoldedTable("Validation status (from the C2PA SDK)", STATUS_COLUMNS, rows)


def _is_bare_input(ing: Ingredient) -> bool:
    """An input with nothing to show: no title, no manifest, nothing under it (some tools list dozens)."""
    return ing.relationship == "inputTo" and not ing.title and not ing.manifest and not ing.ingredients


def _add_ingredients(node: Tree, ingredients: tuple[Ingredient, ...]) -> None:
    bare = [ing for ing in ingredients if _is_bare_input(ing) and not ing.status_codes]
    if len(bare) > 1:  # summarised in one line, not listed one by one
        node.add(Text(f"{len(bare)} untitled inputs  inputTo  (no manifest)", style="dim"))
        ingredients = tuple(ing for ing in ingredients if not any(ing is b for b in bare))
    for ing in ingredients:
        label = _safe(ing.title or "(untitled)", "bold")
        label.append(f"  {for_terminal(ing.relationship or '?')}", style="dim")
        if ing.manifest:
            label.append(f"  origin={ing.origin.value}", style=ORIGIN_STYLE.get(ing.origin, ""))
            if ing.tool:
                label.append(f"  tool={for_terminal(_tool(ing.tool))}")
        else:
            label.append("  (no manifest)", style="dim")
        bad = [c.code for c in ing.status_codes if c.code != "signingCredential.untrusted"]
        if bad:
            label.append("  " + for_terminal(", ".join(dict.fromkeys(bad))), style="red")
        if ing.repeated:
            label.append("  (repeated: its ingredients are listed above)", style="dim")
        _add_ingredients(node.add(label), ing.ingredients)


def _tree(report: Report) -> Tree | None:
    info = report.c2pa
    if info is None or not info.present:
        return None
    root = Tree(_safe(f"{info.title or report.source.name or 'this file'}  (active manifest)", "bold"))
    _add_ingredients(root, info.ingredients)
    if not info.ingredients:
        root.add(Text("no ingredients", style="dim"))
    if info.ingredients_omitted:
        root.add(
            Text(f"... and {info.ingredients_omitted:,} more ingredient entries (not listed)", style="dim")
        )
    return root


class FilePanel:
    """A file's panel: its title is the file's path, shortened in its folders to the width the panel is
    drawn at, so that two files never share a title (rich would cut the end, the file name)."""

    def __init__(self, report: Report, body: Group) -> None:
        self.report, self.body = report, body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        source = self.report.source
        path = for_terminal(source.path or source.name or "(stream)")
        room = max(options.max_width - 6, 8)  # "╭─ " and " ─╮"
        yield Panel(self.body, title=Text(clip_path(path, room)), title_align="left")


def render(report: Report, *, tree: bool = False, trust_configured: bool = True) -> FilePanel:
    """A panel whose first line is the verdict in words."""
    parts: list[RenderableType] = [
        _safe(report.verdict.summary, ORIGIN_STYLE.get(report.verdict.origin, "")),
        Text(""),
        _facts(report),
    ]
    if not trust_configured and report.verdict.trust is Trust.NOT_CHECKED:
        parts.append(Text(NO_TRUST_HINT, style="yellow"))
    extras = (
        _identities(report),
        _conflicts(report),
        official_part(report),
        _evidence(report),
        matches_part(report),
        _generators(report),
        _status(report),
        _tree(report) if tree else None,
        policy_part(report),
        _checks(report),
    )
    for extra in extras:
        if extra is not None:
            parts += [Text(""), extra]
    return FilePanel(report, Group(*parts))


def print_reports(console: Console, reports: list[Report], *, tree: bool, trust_configured: bool) -> None:
    for report in reports:
        console.print(render(report, tree=tree, trust_configured=trust_configured))
