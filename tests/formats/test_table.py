"""The terminal panel's ingredient tree."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO

from rich.console import Console

from provenance import inspect
from provenance.formats.table import render
from provenance.models import Ingredient, Origin
from tests.helpers import fixture


def _bare(title: str | None = None, relationship: str = "inputTo") -> Ingredient:
    return Ingredient(title, "image/jpeg", relationship, None, None, Origin.UNKNOWN, None, None, ())


def _panel_with(ingredients: tuple[Ingredient, ...]) -> str:
    report = inspect(fixture("ai_edited.jpg"))
    assert report.c2pa is not None
    report = replace(report, c2pa=replace(report.c2pa, ingredients=report.c2pa.ingredients + ingredients))
    console = Console(file=StringIO(), width=100, color_system=None)
    console.print(render(report, tree=True))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def test_untitled_inputs_are_summarised_not_listed() -> None:
    out = _panel_with((*(_bare() for _ in range(12)), _bare("mask.png")))
    assert "12 untitled inputs  inputTo  (no manifest)" in out
    assert out.count("(untitled)") == 0
    assert "mask.png" in out and "captured.jpg" in out  # titled ones and the parent are still listed


def test_one_untitled_input_is_listed_as_itself() -> None:
    out = _panel_with((_bare(),))
    assert "untitled inputs" not in out and out.count("(untitled)") == 1
