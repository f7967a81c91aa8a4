"""Every statement of every bundled rubric evaluates on the crJSON of every file of the shared corpus that
has a manifest: no construct the interpreter lacks, no expression that fails."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from provenance.readers.c2pa.crjson import read_crjson
from provenance.rubrics import Rubric, bundled_names, evaluate_any, load_bundled
from provenance.rubrics.bundled import folder
from provenance.rubrics.load import load_file
from tests.helpers import corpus

_STANDALONE_COMPOSABLES = ("globals", "globals-signals", "signal-")


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    root = corpus()
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        document = read_crjson(path)
        if document is not None:
            found[str(path.relative_to(root))] = document
    return found


def _rubrics() -> list[Rubric]:
    rubrics = [load_bundled(name) for name in bundled_names()]
    composables = folder().joinpath("composables")
    rubrics += [
        load_file(composables, entry.name)
        for entry in sorted(composables.iterdir(), key=lambda e: e.name)
        if entry.name.startswith(_STANDALONE_COMPOSABLES)
    ]
    return rubrics


def test_every_statement_evaluates_on_every_corpus_file_with_a_manifest(documents: dict[str, Any]) -> None:
    assert len(documents) >= 90
    rubrics = _rubrics()
    evaluated, errors = 0, Counter[str]()
    for name, document in documents.items():
        for rubric in rubrics:
            for report in evaluate_any(rubric, document):
                for result in report.results:
                    evaluated += 1
                    if result.error is not None:
                        errors[f"{name}: {rubric.metadata.name}: {result.id}: {result.error}"] += 1
    assert errors == Counter()
    assert evaluated > 10_000
