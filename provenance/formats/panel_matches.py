"""The panel's "Resembles" part (``--index``, ``--resolve``): the files this one resembles, best first.

A fingerprint match is another file's statement, found because the pictures look alike: the heading says
so, each match shows how far (per algorithm), what the other file's credentials said when it was indexed,
and whether they still verify on their own today. The ``fingerprint`` evidence items the matches add to the
report are not repeated in the Evidence table.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .._text import for_terminal
from ..models import FingerprintMatch, Report

HEADING = "Resembles"
NOTE = ": fingerprint matches, what other files' credentials said; leads to check, not this file's statement"
CREDENTIAL_STYLE = {"verified": "green", "expired": "yellow", "failed": "red", "unreadable": "red"}


def matches_part(report: Report) -> Group | None:
    """The section, or None for a report without matches."""
    if not report.matches:
        return None
    heading = Text.assemble((HEADING, "bold"), (NOTE, "dim"))
    return Group(heading, *(_match(i, m) for i, m in enumerate(report.matches, 1)))


def _match(rank: int, match: FingerprintMatch) -> Padding:
    name = match.path or match.manifest_id or match.source
    lines = [Text(for_terminal(name), style="bold", overflow="fold")]
    if match.indexed_at:
        lines[0].append(f"  indexed {match.indexed_at[:10]}", style="dim")
    if match.kind == "resolve":
        lines[0].append(f"  from {for_terminal(match.source)}", style="dim")
    how = ", ".join(f"{d.alg} {d.distance}/{d.bits}" for d in match.distances)
    if how:
        how += " (a match at most " + ", ".join(str(d.threshold) for d in match.distances) + ")"
    if not how and match.similarity is not None:
        how = f"similarity {match.similarity}/100"
    if how:
        lines.append(Text("distance  " + how + ("; weak: a plain or noisy picture" if match.weak else "")))
    original = match.original
    if original is not None:
        said = original.origin.value
        said += f', "{original.tool}"' if original.tool else ""
        said += f', signed by "{original.signer}"' if original.signer else ""
        if match.kind == "index":  # a resolution API's answer says nothing of the asset's own check
            said += f" (integrity then {original.integrity.value}, trust {original.trust.value})"
        lines.append(Text("said      " + for_terminal(said)))
    credentials = match.credentials
    if credentials is not None:
        signature = credentials.signature or "-"
        today = f"{credentials.state} on its own: signature {signature}, signer {credentials.trust}"
        today += "".join(f", {p}" for p in credentials.problems)
        lines.append(
            Text.assemble("today     ", (for_terminal(today), CREDENTIAL_STYLE.get(credentials.state, "")))
        )
    # The rank in a column of its own: a long path wraps beside it rather than leaving it alone on a line.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(f"{rank}.", style="bold"), Group(*lines))
    return Padding(grid, (0, 0, 0, 2))
