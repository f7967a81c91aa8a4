"""The public trust lists provenance knows: the files each is made of, where their owners publish them, and
the name reports give each list.

The same three lists come from two places: the snapshots shipped in the package (:mod:`.bundled`) and the
cache written by ``provenance trust update`` (:mod:`.cache`); a list from the cache replaces the bundled list
of the same key (:mod:`.load`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

# "cawg": anchors of creator identity (CAWG X.509) certificates, never of claim signers (schema 1.5).
TrustKind = Literal["manifest", "tsa", "cawg"]

_C2PA_BASE = "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list"
# Every file of a published list, and the address its owner publishes it at.
LIST_FILES: Mapping[str, str] = MappingProxyType(
    {
        "C2PA-TRUST-LIST.pem": f"{_C2PA_BASE}/C2PA-TRUST-LIST.pem",
        "C2PA-TSA-TRUST-LIST.pem": f"{_C2PA_BASE}/C2PA-TSA-TRUST-LIST.pem",
        "interim-anchors.pem": "https://contentcredentials.org/trust/anchors.pem",
        "interim-allowed.pem": "https://contentcredentials.org/trust/allowed.pem",
        "interim-store.cfg": "https://contentcredentials.org/trust/store.cfg",
    }
)
EKU_FILE = "interim-store.cfg"  # the extended key usages the interim list accepts; goes with that list


@dataclass(frozen=True, slots=True)
class PublishedList:
    """One public list: its key, the name a report gives it, and its files."""

    key: str  # "c2pa", "interim", "c2pa-tsa": a cached list replaces the bundled list of the same key
    name: str  # in `verdict.trust_list` and `trust show`
    kind: TrustKind
    anchors: str  # file of root CAs
    allowed: str | None = None  # file of individually allowed end-entity certificates
    # The day its owner stopped updating it: a legacy list is never "out of date", and reports say legacy.
    frozen: date | None = None


PUBLISHED: tuple[PublishedList, ...] = (
    PublishedList("c2pa", "c2pa", "manifest", "C2PA-TRUST-LIST.pem"),
    # The Content Credentials "known certificate" list, frozen since 2026-01-01 but still what older
    # credentials (Adobe, OpenAI, Microsoft, Truepic, Amazon...) chain to.
    PublishedList(
        "interim",
        "interim (legacy)",
        "manifest",
        "interim-anchors.pem",
        "interim-allowed.pem",
        date(2026, 1, 1),
    ),
    PublishedList("c2pa-tsa", "c2pa-tsa", "tsa", "C2PA-TSA-TRUST-LIST.pem"),
)


def tagged(name: str, label: str) -> str:
    """A list name marked with where its unvouched content came from: "c2pa (mirror example.org)",
    "interim (legacy, local copy)"; never the official name alone."""
    if not label:
        return name
    return f"{name[:-1]}, {label})" if name.endswith(")") else f"{name} ({label})"


__all__ = ["EKU_FILE", "LIST_FILES", "PUBLISHED", "PublishedList", "TrustKind", "tagged"]
