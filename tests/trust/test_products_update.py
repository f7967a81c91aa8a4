"""`provenance trust update` refreshes the C2PA Conforming Products List with the trust lists: from its
owner's address, a mirror or a local folder (--from DIR), checked before the cache is touched, kept in the
same cache, and in force wherever the cached trust lists are."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from provenance.conforming.cache import (
    PRODUCTS_FILE,
    PRODUCTS_URL,
    bundled_list,
    products_in_force,
    saved_products,
)
from provenance.conforming.products import SNAPSHOT
from provenance.errors import TrustUpdateError
from provenance.trust import load_trust_settings
from provenance.trust.cache import CACHE_FILES
from provenance.trust.known import known_snapshot
from provenance.trust.update import update_cache
from tests.helpers import REPO, TRUST_SNAPSHOTS
from tests.trust.https_server import Tls, make_tls, serve_https

BUNDLED = REPO / "provenance" / "conforming" / "data" / PRODUCTS_FILE

pytestmark = pytest.mark.skipif(
    not TRUST_SNAPSHOTS.is_dir(), reason=f"shared trust-list snapshots not found at {TRUST_SNAPSHOTS}"
)


def _source(tmp_path: Path, products: bytes | None = None) -> Path:
    """A folder with the five trust-list files and, unless None, ``products`` as the products list."""
    folder = tmp_path / "source"
    folder.mkdir()
    for name in CACHE_FILES:
        shutil.copy(TRUST_SNAPSHOTS / name, folder / name)
    if products is not None:
        (folder / PRODUCTS_FILE).write_bytes(products)
    return folder


def _newer() -> bytes:
    """The bundled list with one more product: content this version does not know."""
    records = json.loads(BUNDLED.read_text(encoding="utf-8"))
    product = {"productType": "generatorProduct", "DN": {"CN": "New Cam", "O": "Example"}}
    records.append({"recordId": "r-new", "applicant": "Example", "status": "conformant", "product": product})
    return json.dumps(records).encode()


def test_the_list_is_fetched_from_where_the_c2pa_publishes_it() -> None:
    assert PRODUCTS_URL == (
        "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/conforming-products/"
        "conforming-products-list.json"
    )


def test_the_bundled_snapshot_is_a_published_list_this_version_knows() -> None:
    assert known_snapshot(PRODUCTS_FILE, hashlib.sha256(BUNDLED.read_bytes()).hexdigest()) == SNAPSHOT


def test_an_update_from_a_folder_saves_the_list_and_puts_it_in_force(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    update_cache(folder=_source(tmp_path, BUNDLED.read_bytes()), directory=directory)
    assert (directory / PRODUCTS_FILE).read_bytes() == BUNDLED.read_bytes()
    saved = saved_products(directory)
    assert saved is not None and (saved.certificate_count, saved.snapshot) == (174, SNAPSHOT)
    trust = load_trust_settings(environ={**os.environ, "PROVENANCE_CACHE_DIR": str(directory)})
    listed = products_in_force(trust, directory)
    assert listed.products == bundled_list().products
    assert listed.name.startswith("cache (fetched ") and listed.name.endswith(f"/source): {SNAPSHOT}")
    off = load_trust_settings(environ={**os.environ, "PROVENANCE_CACHE_DIR": str(directory)}, use_cache=False)
    assert products_in_force(off, directory) == bundled_list()  # --no-trust-cache: the bundled one


def test_a_folder_without_the_list_updates_the_trust_lists_and_leaves_the_bundled_list(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "cache"
    update_cache(folder=_source(tmp_path), directory=directory)
    assert saved_products(directory) is None and not (directory / PRODUCTS_FILE).exists()


def test_a_file_that_is_not_a_products_list_is_refused_and_the_cache_kept(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    update_cache(folder=_source(tmp_path, BUNDLED.read_bytes()), directory=directory)
    before = {p.name: p.read_bytes() for p in directory.iterdir()}
    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "source", bad)
    (bad / PRODUCTS_FILE).write_text('{"not": "a list"}')
    with pytest.raises(TrustUpdateError, match="not a conforming products list"):
        update_cache(folder=bad, directory=directory, accept_unknown=True)
    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before


def test_a_list_this_version_does_not_know_is_refused_from_a_folder_unless_accepted(tmp_path: Path) -> None:
    directory, source = tmp_path / "cache", _source(tmp_path, _newer())
    with pytest.raises(TrustUpdateError, match=f"{PRODUCTS_FILE} from the local folder"):
        update_cache(folder=source, directory=directory)
    update_cache(folder=source, directory=directory, accept_unknown=True)
    trust = load_trust_settings(environ={**os.environ, "PROVENANCE_CACHE_DIR": str(directory)})
    listed = products_in_force(trust, directory)
    assert len(listed.products) == 175 and listed.name.endswith("/source)")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


def test_a_mirror_with_the_list_gives_it_and_one_without_does_not(tmp_path: Path, tls: Tls) -> None:
    source = _source(tmp_path, BUNDLED.read_bytes())
    with serve_https(tls, functools.partial(_Quiet, directory=str(source))) as url:
        update_cache(mirror=url, directory=tmp_path / "a", tls=tls.client())
        (source / PRODUCTS_FILE).unlink()
        update_cache(mirror=url, directory=tmp_path / "b", tls=tls.client())  # HTTP 404: not an error
    saved = saved_products(tmp_path / "a")
    assert saved is not None and saved.url == f"{url}/{PRODUCTS_FILE}"
    assert saved_products(tmp_path / "b") is None


def test_the_command_says_what_it_saved_and_when_the_folder_had_no_list(tmp_path: Path) -> None:
    env = {**os.environ, "PROVENANCE_CACHE_DIR": str(tmp_path / "cache")}

    def update(folder: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "trust", "update", "--from", str(folder)],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        )  # fmt: skip
        return done.stdout

    with_list = update(_source(tmp_path, BUNDLED.read_bytes()))
    assert "Saved 6 files" in with_list
    assert f"{PRODUCTS_FILE}: 174 products, from " in with_list and f"matches {SNAPSHOT}" in with_list
    (tmp_path / "source" / PRODUCTS_FILE).unlink()
    without = update(tmp_path / "source")
    assert "Saved 5 files" in without
    assert "the bundled snapshot of the C2PA Conforming Products List stays in force" in " ".join(
        without.split()
    )
