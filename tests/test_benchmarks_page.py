"""The performance page: README's performance table and benchmarks/README.md are what
benchmarks/report.py renders from the committed benchmarks/figures.json (not the live machine), and the
page documents every benchmark script."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from tests.helpers import REPO

BENCHMARKS = REPO / "benchmarks"


def report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_report", BENCHMARKS / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_readme_table_is_the_one_the_committed_figures_give() -> None:
    report = report_module()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = report.readme_block(report.load_figures())
    assert readme.count(report.BEGIN) == 1 and readme.count(report.END) == 1
    assert block in readme, "README's performance table is stale: run benchmarks/report.py --write"


def test_the_benchmarks_page_is_the_one_the_committed_figures_give() -> None:
    report = report_module()
    page = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    assert page == report.page(report.load_figures()), "run benchmarks/report.py --write"


def test_the_page_documents_every_benchmark_with_its_command() -> None:
    page = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    for script in BENCHMARKS.glob("*.py"):
        if script.name in ("figures.py", "timing.py", "report.py"):
            continue
        assert f"## {script.name}" in page
        assert f"benchmarks/{script.name}" in page.split(f"## {script.name}", 1)[1].split("\n## ", 1)[0]


def test_the_table_follows_the_figures_file_not_a_fixed_text(tmp_path: Path) -> None:
    report = report_module()
    figures = report.load_figures()
    assert "startup" in figures, "benchmarks/startup.py --save has not been run"
    figures["startup"]["ratio_signed_vs_bare"] = 1.23
    saved = tmp_path / "figures.json"
    saved.write_text(json.dumps(figures))
    assert "| 1.23x (" in report.readme_block(report.load_figures(saved))
