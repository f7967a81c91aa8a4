"""What ``index stats`` and ``index export`` show: counts over the repository, and its entries as data."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..fingerprints import ALGORITHMS
from .repository import Repository


def stats(repository: Repository) -> dict[str, Any]:
    """Counts: entries by reason, origin, integrity, trust and media type; fingerprints by algorithm;
    manifest stores kept; the first and last indexing time; the file's size; the match thresholds."""
    counts: dict[str, Counter[str]] = {
        k: Counter() for k in ("reason", "origin", "integrity", "trust", "media_type")
    }
    stores = 0
    first = last = None
    for entry in repository.entries():
        for key, counter in counts.items():
            counter[str(entry[key] or "")] += 1
        stores += bool(entry["has_store"])
        first = min(first or entry["indexed_at"], entry["indexed_at"])
        last = max(last or entry["indexed_at"], entry["indexed_at"])
    prints = dict(
        repository.db.execute(
            "SELECT alg || ' ' || variant, count(*) FROM fingerprints GROUP BY alg, variant ORDER BY 1"
        ).fetchall()
    )
    return {
        "path": str(repository.path),
        "entries": repository.count(),
        "manifest_stores": stores,
        # Files `index add` inspected, indexed or not, that its next run skips while they stay unchanged.
        "files_seen": repository.seen_count(),
        **{f"by_{key}": dict(counter.most_common()) for key, counter in counts.items()},
        "fingerprints": prints,
        "first_indexed": first,
        "last_indexed": last,
        "file_bytes": _size(repository),
        "thresholds": {name: a.threshold for name, a in ALGORITHMS.items()},
    }


def _size(repository: Repository) -> int:
    pages = repository.db.execute("PRAGMA page_count").fetchone()[0]
    size = repository.db.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def export(repository: Repository, *, manifests: bool = False) -> Iterator[dict[str, Any]]:
    """Every entry as one JSON-ready dict: its columns, fingerprints and report; with ``manifests``, its
    manifest store too (base64), so the repository can be rebuilt or shared without the original files."""
    for entry in repository.entries():
        data = dict(entry)
        data["has_manifest_store"] = bool(data.pop("has_store"))
        data["fingerprints"] = [
            {k: v for k, v in f.items() if v is not None} for f in repository.fingerprints(entry["id"])
        ]
        text = repository.report(entry["id"])
        data["report"] = json.loads(text) if text is not None else None
        if manifests:
            stored = repository.manifest_store(entry["id"])
            data["manifest_store"] = base64.b64encode(stored[0]).decode("ascii") if stored else None
        yield data
