"""Where an audit worker's time goes, per file class: the worker's whole work on one file against the
SDK's own part of it.

Run: .venv/bin/python benchmarks/audit_classes.py [--runs 30] [--save]

In one process, as an audit worker runs (SDK context built, modules imported, trust lists loaded once),
median milliseconds per file of: the worker's work (``inspect`` with the audit's default options, the
record and its pickling for the pipe); ``c2pa.Reader(...).json()`` and ``crjson()`` with the Context the
worker reads that file with (the default trust lists cut down to what its signers could chain to:
provenance/trust/narrow.py); the same with the whole lists, then without ``crjson()``; a plain Reader
without trust lists (what the plain c2pa loop of ``audit_speed.py`` pays). The classes: a small JPEG
without provenance, the signed JPEG and PNG fixtures, a 4 MB signed camera JPEG and an MP4 video of the
shared corpus (when present). "beyond the SDK" is the worker's work less its own SDK read (narrowed
lists, crJSON): the container walk, the metadata readers, the verdict, the official reading and the record.
"""

from __future__ import annotations

import argparse
import io
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import load_average, save
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
CLASSES = {
    "signed JPEG (fixture)": REPO / "fixtures" / "media" / "ai_generated.jpg",
    "signed PNG (fixture)": REPO / "fixtures" / "media" / "ai_generated.png",
    "signed camera JPEG, 4 MB": SHARED
    / "c2pa-public-testfiles"
    / "image"
    / "jpeg"
    / "truepic-20230212-landscape.jpg",
    "signed MP4 video": SHARED / "c2pa-rs-fixtures" / "video1.mp4",
}


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: what load from other work changes least
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--save", action="store_true", help="write the figures to benchmarks/figures.json")
    args = parser.parse_args()
    import c2pa

    from provenance._pipeline import inspect
    from provenance.audit.record import record_of
    from provenance.options import InspectOptions
    from provenance.readers.c2pa import sdk
    from provenance.readers.c2pa.contexts import narrowed_context
    from provenance.readers.c2pa.sdk import context
    from provenance.trust import load_trust_settings

    load_before = load_average()
    options = InspectOptions(trust=load_trust_settings(use_cache=False))
    trusted = context(trust=options.trust)
    plain = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}})
    folder = Path(tempfile.mkdtemp(prefix="provenance-classes-"))
    small = folder / "plain.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (90, 120, 150)).save(buffer, "JPEG", quality=85)
    small.write_bytes(buffer.getvalue())
    classes = {"JPEG without provenance": small, **{k: v for k, v in CLASSES.items() if v.is_file()}}

    def worker(path: Path) -> object:
        return pickle.dumps(record_of(inspect(path, options=options)).to_wire())

    def read(path: Path, ctx: object, crjson: bool) -> None:
        try:
            reader = c2pa.Reader(str(path), context=ctx)
        except c2pa.C2paError:
            return
        with reader:
            reader.json()
            if crjson:
                reader.crjson()

    def narrowed(path: Path) -> object:
        """The Context the worker reads ``path`` with: the lists cut down to what its signers could use."""
        chains = sdk._chains_of(path, None) or []
        return narrowed_context(options.trust, [der for c in chains for der in (*c.chain, *c.timestamps)])

    rows: dict[str, dict[str, float]] = {}
    for name, path in classes.items():
        rows[name] = {
            "worker": median_ms(lambda p=path: worker(p), args.runs),
            "sdk_narrowed_crjson": median_ms(lambda p=path: read(p, narrowed(p), True), args.runs),
            "sdk_trusted_crjson": median_ms(lambda p=path: read(p, trusted, True), args.runs),
            "sdk_trusted": median_ms(lambda p=path: read(p, trusted, False), args.runs),
            "sdk_plain": median_ms(lambda p=path: read(p, plain, False), args.runs),
        }
    print(f"median CPU ms per file of {args.runs} runs (load average {load_before} -> {load_average()})")
    header = ("class", "worker", "its SDK read", "whole lists+crJSON", "whole lists", "plain SDK", "beyond")
    print(f"{header[0]:<28}" + "".join(f"{h:>19}" for h in header[1:]))
    for name, r in rows.items():
        beyond = r["worker"] - r["sdk_narrowed_crjson"] if name != "JPEG without provenance" else r["worker"]
        keys = ("worker", "sdk_narrowed_crjson", "sdk_trusted_crjson", "sdk_trusted", "sdk_plain")
        print(f"{name:<28}" + "".join(f"{c:19.2f}" for c in (*(r[k] for k in keys), beyond)))
    print("(a file without provenance never reaches the SDK in the audit: the fast path proves it has none)")
    if args.save:
        rounded = {name: {k: round(v, 2) for k, v in r.items()} for name, r in rows.items()}
        save("audit_classes", {"runs": args.runs, "cpu_ms": rounded}, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
