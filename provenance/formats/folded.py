"""Tables for the terminal panel whose cells fold on words: column widths chosen for the width the panel
has, and text broken at spaces, then inside a long token at its own seams (``/``, ``.``, ``:``...,
camelCase), never in the middle of a word that fits its column.

Rich folds a cell at the column's exact width, so at 80 columns ``ai_generated`` read ``ai_generate`` /
``d`` and ``signingCredential.untrusted`` ``signingCredential.untrust`` / ``ed``. Here each column says
how it may be narrowed: a short value (a source, an origin, a status code) keeps its width while the
table fits, and the prose columns share what is left by weight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

# Where a token too long for its column may be broken: after a separator, or between a lower-case
# letter and an upper-case one (camelCase).
_SEAM = re.compile(r"(?<=[/.\-_:;,=#&?@])|(?<=[a-z])(?=[A-Z])")
_SPACES = re.compile(r"( +)")
MAX_FLOOR = 16  # a prose column is never kept wider than this to spare a long word a cut


@dataclass(frozen=True, slots=True)
class Column:
    """A column's header, its share of the width left for prose (``weight``), and whether its values
    should stay whole (``keep``: short tokens such as an origin or a status code)."""

    header: str
    weight: float = 1.0
    keep: bool = False


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters: broken at spaces; a token longer than a line
    at its seams (:data:`_SEAM`), and only a seamless run longer than a line mid-run."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) <= width:
            lines.append(paragraph)
            continue
        line = ""
        for token in _SPACES.split(paragraph):
            if not token or token.isspace():
                if line and token:
                    line += token  # spaces kept inside a line, dropped at its end
                continue
            if len(line) + len(token) <= width:
                line += token
                continue
            if line.strip() and len(token) <= width:
                lines.append(line.rstrip())
                line = token
                continue
            for piece in _pieces(token, width):
                if len(line) + len(piece) > width and line.strip():
                    lines.append(line.rstrip())
                    line = ""
                line += piece
        lines.append(line.rstrip())
    return lines


def _pieces(token: str, width: int) -> list[str]:
    """The token cut at its seams, each piece at most ``width`` long (a seamless run cut where it must)."""
    pieces: list[str] = []
    for part in _SEAM.split(token):
        while len(part) > width:
            pieces.append(part[:width])
            part = part[width:]
        if part:
            pieces.append(part)
    return pieces


def _longest(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def _longest_piece(text: str) -> int:
    """The width under which :func:`fold` would have to cut a run with no seam."""
    return max((len(piece) for word in text.split() for piece in _SEAM.split(word)), default=0)


def widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], budget: int) -> list[int] | None:
    """Each column's width so that they add up to ``budget``; None when the table cannot fit.

    Short values (``keep``) keep their width while they take at most half the budget. Each prose column
    starts at the width that cuts none of its words (at most :data:`MAX_FLOOR`; less when the budget is
    short), and the room left is shared by weight, a column never getting more than it needs; what none
    needs goes to the heaviest column, so the table spans the panel as an expanded one does.
    """
    natural = [max([len(c.header)] + [_longest(row[i]) for row in rows]) for i, c in enumerate(columns)]
    heaviest = max(range(len(columns)), key=lambda i: columns[i].weight)
    if sum(natural) <= budget:
        result = list(natural)
        result[heaviest] += budget - sum(natural)
        return result
    kept = [i for i, c in enumerate(columns) if c.keep and natural[i] <= budget // 2]
    prose = [i for i in range(len(columns)) if i not in kept]
    room = budget - sum(natural[i] for i in kept)
    pieces = [max([len(c.header)] + [_longest_piece(row[i]) for row in rows]) for i, c in enumerate(columns)]
    floor = {i: min(natural[i], pieces[i], MAX_FLOOR) for i in prose}
    if sum(floor.values()) > room:  # words will be cut: narrower floors
        floor = {i: min(natural[i], max(len(columns[i].header), 6)) for i in prose}
    if not prose or sum(floor.values()) > room:
        return None
    chosen = {i: natural[i] for i in kept} | floor
    room -= sum(floor.values())
    hungry = [i for i in prose if chosen[i] < natural[i]]
    while room > 0 and hungry:
        total = sum(columns[i].weight for i in hungry)
        given = 0
        for i in hungry:
            more = min(natural[i] - chosen[i], max(int(room * columns[i].weight / total), 1), room - given)
            chosen[i] += more
            given += more
        room -= given
        hungry = [i for i in hungry if chosen[i] < natural[i]]
        if not given:
            break
    chosen[heaviest if heaviest in prose else prose[-1]] += room
    return [chosen[i] for i in range(len(columns))]


class FoldedTable:
    """A rich table (title, headers, rows of plain text) laid out for the width it is given at render
    time: see :func:`widths` and :func:`fold`. Cell text must already be safe for a terminal.

    ``narrow``: other columns and rows (the same facts in fewer columns) for a panel under ``wide_from``
    characters, where every column's borders and padding would leave the prose too little room.
    """

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        narrow: tuple[Sequence[Column], Sequence[Sequence[str]]] | None = None,
        wide_from: int = 110,
    ) -> None:
        self.title, self.columns, self.rows = title, tuple(columns), [tuple(row) for row in rows]
        self.narrow, self.wide_from = narrow, wide_from

    def _table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], max_width: int) -> Table:
        # Each column costs its width, one space each side, and a border: one border more in all.
        sizes = widths(columns, rows, max_width - 3 * len(columns) - 1)
        table = Table(title=self.title, title_justify="left", expand=sizes is None)
        for i, column in enumerate(columns):
            size = sizes[i] if sizes else None
            table.add_column(column.header, overflow="fold", width=size, min_width=size, max_width=size)
        for row in rows:
            if sizes is None:
                table.add_row(*(Text(cell) for cell in row))
            else:
                table.add_row(*(Text("\n".join(fold(cell, sizes[i]))) for i, cell in enumerate(row)))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.narrow is not None and options.max_width < self.wide_from:
            yield self._table(*self.narrow, options.max_width)
        else:
            yield self._table(self.columns, self.rows, options.max_width)
