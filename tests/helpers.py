"""Where test inputs live: the project's own fixtures, and the shared conformance corpus beside the repo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from provenance import InspectOptions

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
TRUST_SNAPSHOTS = SHARED / "trust"


def fixture(name: str) -> Path:
    """A fixture made by fixtures/make_fixtures.py, by file name."""
    path = FIXTURES / "media" / name
    assert path.is_file(), f"missing fixture {name}: run python fixtures/make_fixtures.py"
    return path


def corpus(relative: str = "") -> Path:
    """A path inside ../shared/corpus; skips the test when the corpus is not beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared conformance corpus not found at {CORPUS} (it sits beside the repository in CI)")
    return CORPUS / relative


def trust_snapshot(name: str) -> Path:
    if not TRUST_SNAPSHOTS.is_dir():
        pytest.skip(f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}")
    return TRUST_SNAPSHOTS / name


def no_trust(**options: Any) -> InspectOptions:
    """Inspection options that check no signer against any trust list, as the SDK does by default: for tests
    about the no-trust case, or that compare with an oracle read without lists. ``InspectOptions()`` itself
    uses the bundled lists (and the test's empty cache and config: tests/conftest.py)."""
    from provenance import InspectOptions, TrustSettings

    return InspectOptions(trust=TrustSettings(), **options)


def real_world_rows(keep: Callable[[dict[str, str]], bool] | None = None) -> list[dict[str, str]]:
    """The rows of real-world/index.tsv that ``keep`` keeps; one placeholder row when the corpus is absent,
    so that a test parametrised with them skips saying so (not "got empty parameter set")."""
    import csv

    path = CORPUS / "real-world" / "index.tsv"
    if not path.is_file():
        return [{"file": "(corpus absent)", "your_label": "", "has_c2pa": ""}]
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if keep is None or keep(r)]


def label(row: dict[str, str]) -> str:
    """The hand label of an index.tsv row, without its reason ("ai_declared", "none", ...)."""
    return row["your_label"].split(" ", 1)[0]


def recorded_files(root: Path) -> int:
    """How many files under ``root`` an audit gives a record: all but those read with another (a
    standalone manifest beside its asset, a media fragment beside its init segment)."""
    from provenance.audit.pairing import read_with_another
    from provenance.options import InspectOptions

    options = InspectOptions()
    return sum(1 for p in root.rglob("*") if p.is_file() and not read_with_another(p, options))
