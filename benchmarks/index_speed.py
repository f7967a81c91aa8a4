"""The manifest repository's speed: build rate, lookup latency and size for 10^4..10^6 synthetic entries;
indexing real files beside auditing them; the memory a bounded decode takes.

    .venv/bin/python benchmarks/index_speed.py                 # everything (about 5 minutes on 2 cores)
    .venv/bin/python benchmarks/index_speed.py --sizes 10000   # one size only
    .venv/bin/python benchmarks/index_speed.py --no-files --no-memory

Synthetic entries are what ``index add`` stores for an image: a 1 KB compressed report, no manifest store
(real stores are 5 KB to 1.5 MB each: see the note printed), an ISCC and a PDQ code for the whole image and
two centred crops (random codes, the crops a few bits from the whole). Queries are half near-duplicates of
stored codes (0-24 bits flipped), half unrelated codes; latency is lookup_fingerprints() end to end
(search, ranking, entry rows; no re-verification), after the in-memory index is built. Its load time is
printed apart, twice: the first after the build (the codes read row by row, then packed into the file),
and a later one (another process, or after a restart: from the packed arrays). Real files: the fixtures
and the shared corpus, audited and indexed with the same workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provenance.audit.record import record_of  # noqa: E402
from provenance.fingerprints import ISCC, PDQ, Fingerprint  # noqa: E402
from provenance.index import IndexItem, Repository, lookup_fingerprints, searcher  # noqa: E402
from provenance.index.searcher import searcher_for  # noqa: E402

VARIANTS = ("full", "crop95", "crop90")


def _flip(rng: np.random.Generator, code: bytes, bits: int) -> bytes:
    array = np.unpackbits(np.frombuffer(code, dtype=np.uint8))
    array[rng.choice(len(array), size=bits, replace=False)] ^= 1
    return np.packbits(array).tobytes()


def _item(rng: np.random.Generator, n: int) -> tuple[IndexItem, list[bytes]]:
    prints, fulls = [], []
    for alg, width, spread in ((ISCC, 8, 4), (PDQ, 32, 20)):
        full = rng.bytes(width)
        fulls.append(full)
        for variant in VARIANTS:
            code = full if variant == "full" else _flip(rng, full, int(rng.integers(1, spread)))
            value = code.hex() if alg == PDQ else "ISCC:synthetic"
            prints.append(Fingerprint(alg, value, code, "synthetic", variant, 90 if alg == PDQ else None))
    item = IndexItem(
        f"/synthetic/{n:07d}.jpg", "c2pa", f"{n:064x}", 1000, None, tuple(prints), None, None, None
    )
    return item, fulls


def synthetic(size: int, folder: Path, template: object) -> dict[str, float]:
    rng = np.random.default_rng(size)
    path = folder / f"synthetic-{size}.sqlite"
    stored: list[list[bytes]] = []
    started = time.perf_counter()
    with Repository(path) as repo:
        for n in range(size):
            item, fulls = _item(rng, n)
            if n % max(1, size // 200) == 0:
                stored.append(fulls)
            repo.add(item, template, commit=False)  # type: ignore[arg-type]
            if n % 5000 == 4999:
                repo.commit()
        repo.commit()
        build_s = time.perf_counter() - started
        repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        started = time.perf_counter()
        searcher_for(repo)
        load_s = time.perf_counter() - started
        searcher._cache.clear()
        started = time.perf_counter()
        searcher_for(repo)
        packed_s = time.perf_counter() - started
        times, found = [], 0
        for i in range(400):
            if i % 2 == 0:
                iscc, pdq = stored[int(rng.integers(len(stored)))]
                iscc, pdq = (
                    _flip(rng, iscc, int(rng.integers(0, 6))),
                    _flip(rng, pdq, int(rng.integers(0, 25))),
                )
            else:
                iscc, pdq = rng.bytes(8), rng.bytes(32)
            query = [Fingerprint(ISCC, "", iscc, "", "full"), Fingerprint(PDQ, "", pdq, "", "full", 90)]
            t = time.perf_counter()
            matches = lookup_fingerprints(query, repo, limit=5, verify=False)
            times.append(time.perf_counter() - t)
            found += bool(matches) and i % 2 == 0
    times.sort()
    return {
        "entries": size,
        "build_per_s": size / build_s,
        "index_load_s": load_s,
        "packed_load_s": packed_s,
        "median_ms": statistics.median(times) * 1000,
        "p99_ms": times[int(len(times) * 0.99) - 1] * 1000,
        "near_found": found / 200,
        "mb": path.stat().st_size / 1e6,
    }


def real_files(folder: Path, jobs: int) -> dict[str, float]:
    from provenance.audit.engine import AuditOptions, run_audit
    from provenance.audit.pool import PoolOptions
    from provenance.audit.state import AuditState
    from provenance.index import build_index
    from provenance.options import InspectOptions

    paths = [str(ROOT / "fixtures" / "media")]
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        paths.append(str(corpus))
    options = AuditOptions(tuple(paths), PoolOptions(jobs=jobs, inspect=InspectOptions()), media_only=True)
    result: dict[str, float] = {}
    for attempt in range(2):  # the first run warms the page cache for both
        state = run_audit(options, lambda record: None, AuditState())
        result["audit_files_per_s"] = state.done / state.elapsed_s
        with Repository(folder / f"real-{attempt}.sqlite") as repo:
            state, counts = build_index(options, repo)
            result["index_files_per_s"] = state.done / state.elapsed_s
            result["files"] = state.done
            result["indexed"] = counts.indexed
            size = (folder / f"real-{attempt}.sqlite").stat().st_size
            result["kb_per_entry"] = size / 1000 / max(1, repo.count())
    return result


_MEMORY_PROBE = """
import sys
from provenance.fingerprints import fingerprint


def peak():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's peak across fork and exec)
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmHWM"))


fingerprint(sys.argv[2])  # imports and plugins loaded on a small image first
before = peak()
result = fingerprint(sys.argv[1])
print((peak() - before) / 1024, result.refused)
"""


def memory(folder: Path) -> list[tuple[str, str]]:
    from PIL import Image

    cases = []
    rgba = Image.effect_noise((4000, 4000), 40).convert("RGBA")  # 16 MP: the largest full decode admitted
    rgba.save(folder / "16mp.png")
    Image.effect_noise((9000, 7000), 40).convert("RGB").save(folder / "63mp.jpg", quality=85)
    for name in ("16mp.png", "63mp.jpg"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _MEMORY_PROBE,
                str(folder / name),
                str(ROOT / "fixtures/media/captured.png"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        peak, refused = done.stdout.split(" ", 1)
        cases.append((name, f"+{float(peak):.0f} MB peak RSS (refused: {refused.strip()})"))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--no-files", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    import provenance

    report = provenance.inspect(ROOT / "fixtures" / "media" / "ai_generated.jpg")
    template = record_of(report)
    print(f"report template: {len(zlib.compress(template.json.encode()))} bytes compressed")
    with tempfile.TemporaryDirectory(prefix="index-speed-") as tmp:
        folder = Path(tmp)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            "entries    build/s  load s (first, later)  lookup median ms  p99 ms  near-dups found  MB on disk"
        )
        for size in args.sizes:
            r = synthetic(size, folder, template)
            print(
                f"{r['entries']:>9,}  {r['build_per_s']:>7,.0f}  {r['index_load_s']:>13.2f},"
                f" {r['packed_load_s']:>6.2f}"
                f"  {r['median_ms']:>16.2f}  {r['p99_ms']:>6.2f}  {r['near_found']:>15.0%}  {r['mb']:>10.1f}"
            )
        if not args.no_files:
            r = real_files(folder, args.jobs)
            print(json.dumps({k: round(v, 1) for k, v in r.items()}))
            ratio = r["audit_files_per_s"] / r["index_files_per_s"]
            print(f"indexing takes {ratio:.2f}x the audit's time for the same files")
        if not args.no_memory:
            for name, text in memory(folder):
                print(f"decode {name}: {text}")


if __name__ == "__main__":
    main()
