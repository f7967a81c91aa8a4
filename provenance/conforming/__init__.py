"""The C2PA Conforming Products List: which generator products passed the Conformance Program (by their
signing certificate's distinguished name, from a minimum version, at an assurance level) and which
signals each may not claim. ``conforming_product(crjson)`` reads it for a file's active manifest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..readers.c2pa.crjson import active_manifest, signer_subject
from .match import (
    NOT_LISTED,
    Conformance,
    ProductMatch,
    dn_matches,
    generator_version,
    match_signer,
    normalise,
    version_key,
)
from .products import (
    ATTRIBUTION,
    SNAPSHOT,
    Product,
    ProductListError,
    bundled_products,
    load_products,
    parse_products,
)


def conforming_product(
    crjson: Mapping[str, Any], *, products: Sequence[Product] | None = None, language: str = "en"
) -> ProductMatch | None:
    """The list's word on the signer of the active manifest of a crJSON document, with the official
    signals that manifest claims checked against the product's disallowed signals; None without a
    manifest."""
    from ..rubrics import official_signals

    manifest = active_manifest(dict(crjson))
    if manifest is None:
        return None
    active = official_signals(crjson, language=language).active
    claimed = active.ids if active is not None else ()
    return match_signer(signer_subject(manifest), manifest, claimed, products)


__all__ = [
    "ATTRIBUTION",
    "NOT_LISTED",
    "SNAPSHOT",
    "Conformance",
    "Product",
    "ProductListError",
    "ProductMatch",
    "bundled_products",
    "conforming_product",
    "dn_matches",
    "generator_version",
    "load_products",
    "match_signer",
    "normalise",
    "parse_products",
    "version_key",
]
