"""The manifest store cut out of a file is the one the SDK reads: validated against its own file, it gives
the file's own validation results, for every fixture and corpus file with an embedded manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.containers.manifest_store import ManifestStore, NotExtracted, manifest_store
from provenance.readers.c2pa import sdk
from provenance.readers.c2pa.store import C2paRead, ReadStatus
from provenance.trust import TrustSettings
from tests.helpers import CORPUS, FIXTURES, fixture

NO_TRUST = TrustSettings()


def _results(read: C2paRead) -> tuple[object, ...] | None:
    store = read.store
    if store is None:
        return None
    return (
        store.validation_state,
        sorted(c.code for c in store.failures),
        sorted(c.code for c in store.successes),
    )


def _embedded(root: Path) -> list[Path]:
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    return [
        p
        for p in files
        if (r := sdk.read(p, trust=NO_TRUST, allow_network=False)).status is ReadStatus.READ and r.embedded
    ]


def _check(paths: list[Path]) -> list[str]:
    wrong = []
    for path in paths:
        extracted = manifest_store(path)
        if not isinstance(extracted, ManifestStore):
            if path.suffix.lower() != ".pdf":  # PDF stores are not cut out (documented)
                wrong.append(f"{path.name}: {extracted.reason}")
            continue
        own = sdk.read(path, trust=NO_TRUST, allow_network=False)
        again = sdk.read(path, sidecar=("stored.c2pa", extracted.data), trust=NO_TRUST, allow_network=False)
        if _results(own) != _results(again):
            wrong.append(f"{path.name}: {_results(own)} != {_results(again)}")
    return wrong


def test_every_fixture_store_validates_as_the_file_does() -> None:
    paths = _embedded(FIXTURES / "media")
    assert len(paths) >= 25
    assert _check(paths) == []


def test_every_corpus_store_validates_as_the_file_does() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared conformance corpus not found at {CORPUS}")
    paths = _embedded(CORPUS)
    assert len(paths) >= 100
    assert _check(paths) == []


@pytest.mark.parametrize(
    "name,kind",
    [
        ("ai_generated.jpg", "image/jpeg"),
        ("ai_generated.png", "image/png"),
        ("ai_generated.webp", "image/webp"),
        ("ai_generated.gif", "image/gif"),
        ("ai_generated.tif", "image/tiff"),
        ("ai_generated.avif", "image/avif"),
        ("ai_generated.wav", "audio/wav"),
        ("sidecar.c2pa", "application/c2pa"),
    ],
)
def test_each_container_gives_its_store_and_its_type(name: str, kind: str) -> None:
    found = manifest_store(fixture(name))
    assert isinstance(found, ManifestStore) and found.media_type == kind
    assert found.data[4:8] == b"jumb" and b"c2pa" in found.data[:64]


def test_files_without_a_store_say_why() -> None:
    assert manifest_store(fixture("plain.jpg")) == NotExtracted("no embedded manifest store")
    assert "application/pdf" in manifest_store(fixture("ai_generated.pdf")).reason  # type: ignore[union-attr]
    truncated = fixture("ai_generated.png").read_bytes()[:300]
    assert isinstance(manifest_store_of_bytes(truncated), NotExtracted)


def manifest_store_of_bytes(data: bytes) -> ManifestStore | NotExtracted:
    import io

    from provenance.containers.manifest_store import manifest_store_of

    return manifest_store_of(io.BytesIO(data))
