"""The local manifest repository: files that carried provenance, kept with their fingerprints, report and
manifest store, so that a stripped copy can be traced back to the credentials its original had.

    from provenance.index import Repository, lookup
    result = lookup("copy.jpg", "index.sqlite")
    for match in result.matches:
        print(match.summary, [d.to_dict() for d in match.distances], match.credentials)

Build one with ``provenance index add PATH...`` (the audit engine, :func:`.build.build_index`). A match is
a near-duplicate of the picture, never a proof that the copy is that file or shares its history.
"""

from __future__ import annotations

from .build import IndexCounts, build_index
from .item import IndexItem, index_item, provenance_reason
from .lookup import Distance, LookupResult, Match, lookup, lookup_fingerprints, original_report
from .repository import Repository, RepositoryError, default_index_path
from .verify import CredentialCheck, verify_stored

__all__ = [
    "CredentialCheck",
    "Distance",
    "IndexCounts",
    "IndexItem",
    "LookupResult",
    "Match",
    "Repository",
    "RepositoryError",
    "build_index",
    "default_index_path",
    "index_item",
    "lookup",
    "lookup_fingerprints",
    "original_report",
    "provenance_reason",
    "verify_stored",
]
