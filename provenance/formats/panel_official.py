"""The panel's "C2PA signals" part: the C2PA's own reading of a file with a manifest, beside our verdict.

The official signals the active manifest claims (each id with the rubric's report text), those its
ingredients' manifests claim, and the Conforming Products List's word on the signer (the listed product
and its assurance level, or "not on the conforming products list", and any signal it may not claim).
Report texts and product names come from the bundled rubric and list, signal ids from the file's own
manifest: all of it goes to rich as ``Text`` made safe by :func:`~provenance._text.for_terminal`.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .._text import for_terminal
from ..models import C2paSignals, ConformingProduct, ProductConformance, Report

# Inception signals that say generative AI made or may have made the content, shown in the AI colour.
AI_SIGNALS = frozenset(
    {
        "fullyGenAIMedia",
        "partlyGenAICreation",
        "compositionMayContainGenAI",
        "screenCaptureMayContainGenAI",
        "perceptibleGenAI",
        "perceptiblePossiblyGenAI",
    }
)
CAPTURE_SIGNALS = frozenset({"capturedMedia", "capturedMediaStitched"})
PRODUCT_STYLE = {
    ProductConformance.CONFORMING: "green",
    ProductConformance.NOT_LISTED: "dim",
    ProductConformance.VERSION_BELOW_MINIMUM: "yellow",
    ProductConformance.VERSION_UNKNOWN: "yellow",
    ProductConformance.NOT_CONFORMANT: "red",
}


def signal_style(signal: str) -> str:
    """The colour of a signal id: AI in magenta (as the AI origins), a capture in green."""
    return "magenta" if signal in AI_SIGNALS else "green" if signal in CAPTURE_SIGNALS else ""


def _claimed(signals: C2paSignals) -> Text:
    if not signals.signals:
        return Text("none claimed by the active manifest", style="dim")
    text = Text()
    for index, signal in enumerate(signals.signals):
        if index:
            text.append("\n")
        text.append(for_terminal(signal.id), style=signal_style(signal.id))
        if signal.text:
            text.append(": " + for_terminal(signal.text), style="dim")
    return text


def _ingredients(signals: C2paSignals) -> Text | None:
    """The signals the other manifests of the store claim, each once, with how many manifests claim it."""
    counts = Counter(signal for other in signals.other_manifests for signal in dict.fromkeys(other.signals))
    if not counts:
        return None
    text = Text()
    for index, (signal, count) in enumerate(counts.items()):
        text.append(", " if index else "")
        text.append(for_terminal(signal), style=signal_style(signal))
        if count > 1:
            text.append(f" ({count} manifests)", style="dim")
    return text


def _product(product: ConformingProduct) -> Text:
    style = "red" if product.disallowed_claimed else PRODUCT_STYLE.get(product.status, "")
    return Text(for_terminal(product.summary), style=style)


def official_part(report: Report) -> Group | None:
    """The "C2PA signals" part of a file's panel; None for a file without a manifest the SDK read."""
    signals, product = report.c2pa_signals, report.conforming_product
    if signals is None and product is None:
        return None
    heading = Text("C2PA signals", style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    if signals is not None:
        heading.append(for_terminal(f"  official, by the {signals.rubric} {signals.version}"), "dim")
        grid.add_row("claimed", _claimed(signals))
        ingredients = _ingredients(signals)
        if ingredients is not None:
            grid.add_row("ingredients", ingredients)
        if signals.errors:
            errors = ", ".join(for_terminal(e) for e in signals.errors)
            grid.add_row("not evaluated", Text(errors + " (these claim nothing)", style="yellow"))
    if product is not None:
        grid.add_row("product", _product(product))
    return Group(heading, Padding(grid, (0, 0, 0, 2)))
