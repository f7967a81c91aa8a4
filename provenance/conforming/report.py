"""The Conforming Products List's word on a file's signer as the report gives it (``conforming_product``,
schema 1.5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..models import ConformingProduct, ProductConformance
from ..readers.c2pa.crjson import active_manifest, signer_subject
from .cache import ProductList
from .match import ProductMatch, match_signer


def product_part(match: ProductMatch, products_list: str) -> ConformingProduct:
    """A match as the report's type; ``products_list`` names the list it was made with."""
    product = match.product
    return ConformingProduct(
        status=ProductConformance(match.conformance.value),
        product=product.name if product is not None else None,
        applicant=(product.applicant or None) if product is not None else None,
        record_id=(product.record_id or None) if product is not None else None,
        min_version=(product.min_version or None) if product is not None else None,
        version=match.version,
        assurance_level=product.max_assurance_level if product is not None else None,
        disallowed_claimed=match.disallowed_claimed,
        summary=match.summary,
        products_list=products_list,
    )


def conforming_part(
    crjson: Mapping[str, Any], claimed: Iterable[str], products: ProductList
) -> ConformingProduct | None:
    """The list's word on the active manifest's signer, with the official signals that manifest claims
    (``claimed``) checked against those its product may not claim; None without a manifest."""
    manifest = active_manifest(dict(crjson))
    if manifest is None:
        return None
    match = match_signer(signer_subject(manifest), manifest, tuple(claimed), products.products)
    return product_part(match, products.name)
