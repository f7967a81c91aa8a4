"""Tracing stripped copies: an index built on the audit engine from the fixtures and the shared corpus,
then copies of every indexed picture (re-encoded, resized, cropped, converted, stripped of metadata) looked
up, and unrelated pictures looked up. Run with -s for the figures (the README quotes them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest

from provenance.audit.engine import AuditOptions
from provenance.audit.pool import PoolOptions
from provenance.index import Repository, build_index
from tests.helpers import CORPUS, FIXTURES, corpus, no_trust

from .tracing import COPIES, HARDER, Original, Tally, _encoded, false_matches, originals, photo_like, trace

# Folders of the corpus with no provenance and no relation to the indexed pictures (other sources).
UNRELATED_FOLDERS = (
    "real-world/ianare__exif-py",
    "real-world/numbersprotocol__pyc2pa",
    "real-world/starlinglab__c2pa_viewer",
)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    paths = [str(FIXTURES / "media")] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    repo = Repository(tmp_path_factory.mktemp("index") / "index.sqlite")
    state, counts = build_index(AuditOptions(tuple(paths), PoolOptions(jobs=2, inspect=no_trust())), repo)
    assert state.errors == 0 or CORPUS.is_dir()  # the corpus holds hostile files on purpose
    assert 0 < repo.count() <= counts.indexed  # the same bytes in two folders are one entry
    yield repo
    repo.close()


@pytest.fixture(scope="module")
def indexed(repository: Repository) -> list[Original]:
    return originals(repository)


def _report(title: str, tally: Tally, copies: list[str]) -> None:
    print(f"\n{title}: best match is the original (or the same picture indexed twice)")
    for name in copies:
        big, small = tally.recall(name, True), tally.recall(name, False)
        print(f"  {name:26} substantial {big[0]}/{big[1]}   small or plain {small[0]}/{small[1]}")


def _fixtures(items: list[Original]) -> list[Original]:
    return [o for o in items if o.path.is_relative_to(FIXTURES)]


def _corpus(items: list[Original]) -> list[Original]:
    return [o for o in items if o.path.is_relative_to(CORPUS)]


def test_only_files_with_provenance_are_indexed(repository: Repository) -> None:
    reasons = {e["path"].rsplit("/", 1)[-1]: e["reason"] for e in repository.entries()}
    assert reasons["ai_generated.jpg"] == "c2pa" and reasons["gen_comfyui.png"] == "ai_metadata"
    assert "plain.jpg" not in reasons and "exif_camera.jpg" not in reasons


def test_stripped_copies_of_the_fixtures_trace_back(repository: Repository, indexed: list[Original]) -> None:
    items = _fixtures(indexed)
    tally = trace(repository, items, COPIES)
    _report("fixtures", tally, list(COPIES))
    # The fixtures are 64x48 drawings and 64x64 noise: too small or plain to single out after lossy
    # coding (reported above); the same pixels without their metadata are always found.
    assert tally.recall("metadata removed", False) == (len(items), len(items))


def test_stripped_copies_of_the_corpus_trace_back(repository: Repository, indexed: list[Original]) -> None:
    corpus()
    items = _corpus(indexed)
    tally = trace(repository, items, {**COPIES, **HARDER})
    _report("corpus", tally, [*COPIES, *HARDER])
    print("  misses:", {k: v[:6] for k, v in tally.misses.items()})
    substantial = sum(1 for o in items if o.substantial)
    assert substantial >= 60
    for name in COPIES:
        assert tally.recall(name, True) == (substantial, substantial), (name, tally.misses.get(name))


def _unrelated() -> Iterator[tuple[str, bytes]]:
    for seed in range(60):
        yield f"synthetic {seed}", _encoded(photo_like(seed + 1000), "JPEG", quality=85)
    if CORPUS.is_dir():
        for folder in UNRELATED_FOLDERS:
            for path in sorted((CORPUS / folder).iterdir()):
                if path.suffix.lower() in (".jpg", ".jpeg", ".png"):
                    yield path.name, path.read_bytes()


def test_unrelated_pictures_match_nothing(repository: Repository) -> None:
    matched, tried, found = false_matches(repository, _unrelated())
    print(f"\nunrelated pictures: {matched} of {tried} matched something among {repository.count()} entries")
    assert tried >= 60 and matched == 0, found


def test_a_match_says_what_the_original_declared_and_whether_it_still_verifies(
    repository: Repository,
) -> None:
    from provenance.index import lookup

    from .tracing import pixels

    copy = _encoded(pixels(Path(FIXTURES / "media" / "ai_edited.jpg")), "PNG")
    best = lookup(copy, repository, limit=1).matches[0]
    assert best.path.endswith("ai_edited.jpg") and best.score == 0
    assert best.original["origin"] == "ai_edited" and best.original["tool"] == "Example Inpainter"
    assert best.credentials is not None and best.credentials.state == "verified"
    assert best.credentials.set_aside == ("assertion.dataHash.mismatch",)
    assert "a lead, not a proof" in best.summary


def _served_originals(
    repository: Repository, indexed: list[Original], count: int
) -> list[tuple[Original, set[str]]]:
    """Substantial corpus pictures whose manifest store is kept, with the manifest ids of their twins."""
    stored = {e["id"]: e["manifest_id"] for e in repository.entries() if e["manifest_id"]}
    chosen = []
    for original in _corpus(indexed):
        wanted = {
            stored[t] for t in original.twins if t in stored and repository.manifest_store(t) is not None
        }
        if original.substantial and wanted:
            chosen.append((original, wanted))
    return chosen[:count]


def test_stripped_copies_trace_back_through_the_resolution_api(
    repository: Repository, indexed: list[Original]
) -> None:
    """The same copies, through /matches/byContent and /matches/byBinding (io.iscc.v0) of serve --index."""
    corpus()
    from starlette.testclient import TestClient

    from provenance.fingerprints import api_value_of, fingerprint
    from provenance.serve import ServeSettings, create_app

    from .tracing import pixels

    http = TestClient(create_app(ServeSettings(inspect=no_trust(index=str(repository.path)))))
    sample = _served_originals(repository, indexed, 20)
    by_content, by_binding, tried = 0, 0, 0
    for original, wanted in sample:
        picture = pixels(original.path)
        for make in COPIES.values():
            copy = make(picture)
            tried += 1
            found = http.post("/matches/byContent", content=copy).json()["matches"]
            by_content += bool(found) and found[0]["manifestId"] in wanted
            iscc = fingerprint(copy).of("io.iscc.v0")
            assert iscc is not None
            answer = http.get("/matches/byBinding", params={"alg": "io.iscc.v0", "value": api_value_of(iscc)})
            by_binding += any(m["manifestId"] in wanted for m in answer.json()["matches"])
    print(
        f"\nresolution API, {len(sample)} corpus originals x {len(COPIES)} copies: byContent best match "
        f"{by_content}/{tried}, byBinding (ISCC alone) among the matches {by_binding}/{tried}"
    )
    assert len(sample) >= 10 and by_content == tried and by_binding == tried


def test_stripped_copies_trace_back_through_resolve(repository: Repository, indexed: list[Original]) -> None:
    """inspect --resolve against a real serve --index on 127.0.0.1."""
    corpus()
    from provenance import inspect
    from provenance.serve import ServeSettings
    from tests.serve.servers import running

    from .tracing import pixels

    sample = _served_originals(repository, indexed, 5)
    with (
        running(ServeSettings(inspect=no_trust(index=str(repository.path)))) as url,
        TemporaryDirectory() as tmp,
    ):
        for n, (original, wanted) in enumerate(sample):
            copy = Path(tmp) / f"copy{n}.jpg"
            copy.write_bytes(COPIES["jpeg q70"](pixels(original.path)))
            report = inspect(copy, options=no_trust(resolve=(url,), resolve_private=True))
            assert report.matches and report.matches[0].manifest_id in wanted, original.path.name
            assert report.matches[0].kind == "resolve"
