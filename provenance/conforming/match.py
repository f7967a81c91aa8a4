"""Matching a manifest's signer against the Conforming Products List: the signing certificate's
distinguished name against each generator product's DN, the manifest's generator version against the
product's minimum version, and the signals the manifest claims against those the product may not claim."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .products import Product, bundled_products

NOT_LISTED = "not on the conforming products list"
_SPACE = re.compile(r"\s+")
_VERSION_PART = re.compile(r"\d+|[a-z]+")


class Conformance(Enum):
    CONFORMING = "conforming"  # a conformant generator product at or above its minimum version
    NOT_LISTED = "not_listed"  # no generator product has the signer's distinguished name
    VERSION_BELOW_MINIMUM = "version_below_minimum"  # listed, but the manifest's version is older
    VERSION_UNKNOWN = "version_unknown"  # listed from a minimum version; the manifest declares none
    NOT_CONFORMANT = "not_conformant"  # listed with a status other than "conformant"


@dataclass(frozen=True)
class ProductMatch:
    """What the list says of a manifest's signer. ``product``: the record matched (for a version below
    the minimum, the record with the lowest minimum); ``version``: the generator version compared;
    ``disallowed_claimed``: signals the manifest claims that the product may not claim."""

    conformance: Conformance
    product: Product | None
    version: str | None
    disallowed_claimed: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        product = self.product
        if self.conformance is Conformance.NOT_LISTED or product is None:
            return NOT_LISTED
        name = f"{product.name} ({product.applicant})"
        if self.conformance is Conformance.CONFORMING:
            text = f"{name}: a conforming generator product"
            if product.max_assurance_level is not None:
                text += f", assurance level {product.max_assurance_level}"
        elif self.conformance is Conformance.VERSION_BELOW_MINIMUM:
            text = f"{name} is listed from version {product.min_version}; this manifest's is {self.version}"
        elif self.conformance is Conformance.VERSION_UNKNOWN:
            text = f"{name} is listed from version {product.min_version}; this manifest declares no version"
        else:
            text = f"{name} is listed with status {product.status!r}"
        if self.disallowed_claimed:
            text += f"; it may not claim {', '.join(self.disallowed_claimed)}, which this manifest claims"
        return text


def normalise(text: str) -> str:
    """A DN attribute value compared as X.500 names are: case and runs of white space ignored."""
    return _SPACE.sub(" ", text).strip().casefold()


def dn_matches(product_dn: Mapping[str, str], subject: Mapping[str, str]) -> bool:
    """Whether a certificate subject has the product's DN: every attribute the list gives, equal; an
    attribute the list gives as "" absent or empty in the certificate; others (ST, L) not compared."""
    return all(normalise(subject.get(key, "")) == normalise(value) for key, value in product_dn.items())


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A version comparable part by part: numbers as numbers ("10" after "9"), a leading "v" dropped."""
    text = version.strip().casefold().removeprefix("v")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _VERSION_PART.findall(text))


def generator_version(manifest: Mapping[str, Any], product_name: str | None = None) -> str | None:
    """The version of the product that made the manifest, from its claim's ``claim_generator_info``: the
    entry named like the product, else the first entry with a version."""
    claim = manifest.get("claim.v2") or manifest.get("claim")
    info = claim.get("claim_generator_info") if isinstance(claim, dict) else None
    entries = [e for e in (info if isinstance(info, list) else [info]) if isinstance(e, dict)]
    versions = [(e.get("name"), e.get("version")) for e in entries if isinstance(e.get("version"), str)]
    wanted = normalise(product_name) if product_name else None
    for name, version in versions:
        if wanted and isinstance(name, str) and normalise(name) == wanted:
            return str(version)
    return str(versions[0][1]) if versions else None


def match_signer(
    subject: Mapping[str, str],
    manifest: Mapping[str, Any],
    claimed: Iterable[str] = (),
    products: Sequence[Product] | None = None,
) -> ProductMatch:
    """The list's word on a manifest signed by ``subject`` (the signer certificate's DN) that claims the
    signals ``claimed`` (ids such as ``capturedMedia``)."""
    wanted = {key: normalise(value) for key, value in subject.items()}
    dns = _generator_dns(products if products is not None else bundled_products())
    # Only the products whose DN's first attribute the subject has (in the list's order) can match.
    candidates = sorted({i for pair in wanted.items() for i in dns.by_first.get(pair, ())} | dns.unkeyed)
    listed = [
        dns.entries[i][0] for i in candidates if all(wanted.get(k, "") == v for k, v in dns.entries[i][1])
    ]
    if not listed:
        return ProductMatch(Conformance.NOT_LISTED, None, None)
    version = generator_version(manifest, listed[0].name)
    conformant = [p for p in listed if p.status == "conformant"]
    if not conformant:
        return _with_disallowed(ProductMatch(Conformance.NOT_CONFORMANT, listed[0], version), claimed)
    eligible = [p for p in conformant if not p.min_version]
    if version is not None:
        eligible += [
            p for p in conformant if p.min_version and version_key(p.min_version) <= version_key(version)
        ]
    if eligible:
        best = max(eligible, key=lambda p: version_key(p.min_version))
        return _with_disallowed(ProductMatch(Conformance.CONFORMING, best, version), claimed)
    lowest = min(conformant, key=lambda p: version_key(p.min_version))
    status = Conformance.VERSION_UNKNOWN if version is None else Conformance.VERSION_BELOW_MINIMUM
    return _with_disallowed(ProductMatch(status, lowest, version), claimed)


@dataclass(frozen=True, slots=True)
class _Dns:
    """The list's generator products with their DNs normalised, in the list's order, and where to look."""

    entries: list[tuple[Product, tuple[tuple[str, str], ...]]]
    by_first: dict[tuple[str, str], list[int]]  # a DN's first (attribute, value) -> its entries
    unkeyed: frozenset[int]  # DNs whose first value is empty: a subject without that attribute matches it


_DNS: dict[int, tuple[Sequence[Product], _Dns]] = {}


def _generator_dns(products: Sequence[Product]) -> _Dns:
    """The list's generator products with their DNs normalised (as :func:`dn_matches` compares them),
    made once per list and indexed by each DN's first attribute: every signed file is matched."""
    known = _DNS.get(id(products))
    if known is not None and known[0] is products:
        return known[1]
    entries = [
        (p, tuple((key, normalise(value)) for key, value in p.dn.items()))
        for p in products
        if p.product_type == "generatorProduct" and p.dn
    ]
    by_first: dict[tuple[str, str], list[int]] = {}
    for i, (_, dn) in enumerate(entries):
        by_first.setdefault(dn[0], []).append(i)
    unkeyed = frozenset(i for i, (_, dn) in enumerate(entries) if not dn[0][1])
    found = _Dns(entries, by_first, unkeyed)
    if len(_DNS) > 8:
        _DNS.clear()
    _DNS[id(products)] = (products, found)
    return found


def _with_disallowed(match: ProductMatch, claimed: Iterable[str]) -> ProductMatch:
    assert match.product is not None
    forbidden = set(match.product.disallowed)
    found = tuple(signal for signal in dict.fromkeys(claimed) if signal in forbidden)
    return ProductMatch(match.conformance, match.product, match.version, found)
