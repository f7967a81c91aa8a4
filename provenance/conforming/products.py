"""The Conforming Products List as typed records, parsed strictly from its JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._shapes import as_dict as _dict
from ..errors import ProvenanceError

SNAPSHOT = "c2pa-org/conformance-public conforming-products/ at 7dbff513, 2026-08-21"
SNAPSHOT_DATE = date(2026, 8, 21)
ATTRIBUTION = (
    "C2PA Conforming Products List (c) Coalition for Content Provenance and Authenticity (C2PA), "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), unchanged"
)


class ProductListError(ProvenanceError):
    """A conforming products list that is not the JSON array of records the C2PA publishes."""


@dataclass(frozen=True)
class Product:
    """One record of the list: a generator or validator product, identified by the distinguished name
    (``dn``: CN, O, OU, C) of the certificate it signs with, from ``min_version`` on."""

    record_id: str
    applicant: str
    status: str
    product_type: str  # generatorProduct or validatorProduct
    dn: Mapping[str, str]
    min_version: str
    max_assurance_level: int | None
    attestation_methods: tuple[str, ...]
    disallowed_inception: tuple[str, ...]
    disallowed_transformation: tuple[str, ...]
    spec_versions: tuple[str, ...]
    program_version: str
    conformance_date: str | None

    @property
    def name(self) -> str:
        return self.dn.get("CN", "").strip() or self.applicant

    @property
    def disallowed(self) -> tuple[str, ...]:
        """The signals the product may not claim, inception then transformation."""
        return self.disallowed_inception + self.disallowed_transformation


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def _product(record: Any, index: int) -> Product:
    if not isinstance(record, dict) or not isinstance(record.get("product"), dict):
        raise ProductListError(f"conforming products list: record {index} has no 'product' mapping")
    product = record["product"]
    dn = product.get("DN")
    if not isinstance(dn, dict) or not all(isinstance(v, str) for v in dn.values()):
        raise ProductListError(f"conforming products list: record {index} has no DN of strings")
    assurance = _dict(product.get("assurance"))
    level = assurance.get("maxAssuranceLevel")
    disallowed = _dict(product.get("disallowedSignals"))
    version = product.get("minVersion")
    return Product(
        record_id=str(record.get("recordId") or ""),
        applicant=str(record.get("applicant") or ""),
        status=str(record.get("status") or ""),
        product_type=str(product.get("productType") or ""),
        dn=dict(dn),
        min_version=version.strip() if isinstance(version, str) else "",
        max_assurance_level=level if isinstance(level, int) and not isinstance(level, bool) else None,
        attestation_methods=_strings(assurance.get("attestationMethods")),
        disallowed_inception=_strings(disallowed.get("inception")),
        disallowed_transformation=_strings(disallowed.get("transformation")),
        spec_versions=_strings(record.get("specVersion")),
        program_version=str(record.get("conformanceProgramVersion") or ""),
        conformance_date=_dict(record.get("dates")).get("conformance"),
    )


def parse_products(text: str) -> tuple[Product, ...]:
    """The records of a conforming products list (the JSON text the C2PA publishes)."""
    try:
        records = json.loads(text)
    except ValueError as error:
        raise ProductListError(f"conforming products list is not JSON: {error}") from error
    if not isinstance(records, list):
        raise ProductListError("conforming products list: expected a JSON array of records")
    return tuple(_product(record, i) for i, record in enumerate(records))


@cache
def bundled_products() -> tuple[Product, ...]:
    """The bundled snapshot (:data:`SNAPSHOT`), parsed once per process."""
    text = resources.files(__package__).joinpath("data", "conforming-products-list.json").read_text("utf-8")
    return parse_products(text)


def load_products(path: str | Path | None = None) -> tuple[Product, ...]:
    """A list from a file (a newer download), or the bundled snapshot."""
    if path is None:
        return bundled_products()
    try:
        return parse_products(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ProductListError(f"cannot read the conforming products list {path}: {error}") from error
