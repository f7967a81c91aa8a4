"""The Conforming Products List in force: the copy `provenance trust update` saved beside the trust lists,
when the trust cache is in force and holds one, else the bundled snapshot.

The list goes with the trust cache (one folder, one update, one swap): the update records it in the
cache's meta.json under :data:`META_KEY` (address, sha256, size, product count), and it is read back only
when its bytes still have that sha256. A cached list that cannot be used leaves the bundled one in force,
and the report's ``conforming_product.products_list`` says so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..trust import TrustSettings
from ..trust.cache import FetchedFile
from ..trust.config import cache_dir
from ..trust.known import known, known_snapshot
from .products import SNAPSHOT, SNAPSHOT_DATE, Product, ProductListError, bundled_products, parse_products

PRODUCTS_FILE = "conforming-products-list.json"
# Where the C2PA publishes the list: its public conformance repository, beside the C2PA trust lists.
PRODUCTS_URL = (
    "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/conforming-products/" + PRODUCTS_FILE
)
META_KEY = "conforming_products"
_META_FILE = "meta.json"


@dataclass(frozen=True)
class ProductList:
    """A Conforming Products List and the name reports give it (``conforming_product.products_list``)."""

    products: tuple[Product, ...]
    name: str


def saved_products(folder: Path | None = None) -> FetchedFile | None:
    """What `provenance trust update` recorded of the list it saved in the trust cache ``folder``
    (``certificate_count``: the number of products); None when it saved none."""
    try:
        meta = json.loads(((folder or cache_dir()) / _META_FILE).read_text(encoding="utf-8"))
        entry = meta[META_KEY]
        digest = str(entry["sha256"])
        return FetchedFile(
            PRODUCTS_FILE,
            str(entry["url"]),
            int(entry["size"]),
            int(entry["products"]),
            digest,
            known_snapshot(PRODUCTS_FILE, digest),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def bundled_list() -> ProductList:
    return ProductList(bundled_products(), f"bundled snapshot: {SNAPSHOT}")


def cache_in_force(trust: TrustSettings) -> bool:
    """Whether ``trust`` took lists from the cache of `provenance trust update` (it was not turned off by
    --no-trust-cache, the config file or PROVENANCE_NO_TRUST_CACHE, and its lists were not older than the
    bundled ones): the products list saved with them is then in force too."""
    return any(t.origin.startswith("cache (") for t in trust.lists)


def products_in_force(trust: TrustSettings, folder: Path | None = None) -> ProductList:
    """The list in force with these trust settings: the cached one (``folder``: the trust cache) when the
    cache is in force and holds a usable list, else the bundled snapshot."""
    if not cache_in_force(trust):
        return bundled_list()
    meta = (folder or cache_dir()) / _META_FILE
    try:
        stat = meta.stat()
    except OSError:
        return bundled_list()
    return _cached(meta, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached(meta_path: Path, mtime_ns: int, size: int) -> ProductList:
    """The list recorded in a cache's meta.json, read and checked once per version of that file."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        entry = meta.get(META_KEY) if isinstance(meta, dict) else None
        if not isinstance(entry, dict):
            return bundled_list()  # a cache written before the list was cached with the trust lists
        body = (meta_path.parent / PRODUCTS_FILE).read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        if digest != entry.get("sha256"):
            raise ProductListError(f"{meta_path.parent / PRODUCTS_FILE} changed since it was downloaded")
        products = parse_products(body.decode("utf-8"))
    except (OSError, ValueError, ProductListError) as error:
        bundled = bundled_list()
        reason = f"the cached list is unusable ({error}); run `provenance trust update`"
        return ProductList(bundled.products, f"{bundled.name} ({reason})")
    snapshot = known(PRODUCTS_FILE, digest)
    if snapshot is not None and snapshot.date < SNAPSHOT_DATE:
        return bundled_list()  # an older published list than the one shipped
    return ProductList(products, cached_name(meta, snapshot.description if snapshot else None))


def cached_name(meta: dict[str, object], snapshot: str | None) -> str:
    """``cache (fetched 2026-12-01)``, with the source when it was not the owner, and the known snapshot
    the content matches."""
    fetched = str(meta.get("fetched_at") or "?")[:10]
    source = meta.get("source")
    kind = source.get("kind") if isinstance(source, dict) else "official"
    location = source.get("location") if isinstance(source, dict) else None
    what = "mirror" if kind == "mirror" else "local folder"
    where = "" if kind == "official" else f" from the {what} {location}"
    name = f"cache (fetched {fetched}{where})"
    return f"{name}: {snapshot}" if snapshot else name
