"""Metadata bombs (issue 12 items 2, 8, 9): XMP that builds a huge tree, problem floods, huge uncompressed
text. Each file is inspected in a fresh process whose peak resident memory is measured; the caps must be
reported as problems of the file, and what precedes a cap still read."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from provenance import InspectOptions
from provenance._pipeline import run_readers
from provenance.models import SourceInfo
from tests.helpers import REPO

HANG_GUARD_S = 60  # a hang guard, not a speed test
_PEAK = """
import json, sys
from provenance import InspectOptions, inspect
report = inspect(sys.argv[1], options=InspectOptions(deep=sys.argv[2] == "deep"))
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024
print(json.dumps({"peak_mb": peak, "report": json.loads(report.to_json())}))
"""


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hostile_metadata", REPO / "scripts" / "hostile_metadata.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crafted files of scripts/hostile_metadata.py, the sparse ones included."""
    folder = tmp_path_factory.mktemp("metadata_bombs")
    for name, (_, data) in MAKER.make().items():
        (folder / name).write_bytes(data)
    MAKER.make_sparse(folder)
    return folder


def _inspect_measured(path: Path, deep: bool = False) -> tuple[int, dict[str, Any]]:
    """(peak resident MB, JSON report) of ``inspect`` in a fresh process."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status for the peak resident memory")
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path), "deep" if deep else "fast"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return out["peak_mb"], out["report"]


def _details(report: dict[str, Any], name: str) -> list[str]:
    return [check["detail"] for check in report["checks"] if check["name"] == name]


# ---- item 2: XMP that would build a huge tree ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cap"),
    [
        ("xmp_elements.png", "over 200,000 XML elements and attributes in the file; the rest not read"),
        ("xmp_deep.png", "XML nested over 100 deep; the rest not read"),
        ("xmp_attributes.png", "one tag, comment or instruction over 1 MB; the rest not read"),
    ],
)
def test_an_xmp_tree_bomb_stops_at_its_cap_and_says_so(bombs: Path, name: str, cap: str) -> None:
    # Before the caps: 453 MB (1.95 million elements), 338 MB (a million deep), 211 MB (600,000 attributes).
    peak, report = _inspect_measured(bombs / name)
    assert peak < 150, f"peak RSS {peak} MB"
    assert _details(report, "xmp") == [f"1 packet; packet 1: {cap}"]
    # What came before the cap is still read: the packet's CreatorTool attribute.
    assert [(e["field"], e["raw"]) for e in report["evidence"]] == [("xmp:CreatorTool", "Bomb 1.0")]


def test_an_uncompressed_xmp_chunk_of_44_mb_is_not_read(tmp_path: Path) -> None:
    # The issue's own file: 11 million empty elements, 2.4 GB and 15 s before.
    path = tmp_path / "xmp_44mb.png"
    packet = MAKER.element_bomb(11_000_000)
    path.write_bytes(MAKER.png(MAKER.png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)))
    started = time.monotonic()
    peak, report = _inspect_measured(path)
    assert peak < 200, f"peak RSS {peak} MB"
    assert time.monotonic() - started < 10
    assert _details(report, "container") == ["png: iTXt chunk over 8 MB skipped"]


# ---- item 8: problem floods ----------------------------------------------------------------------------


def test_a_flood_of_identical_problems_is_one_counted_check(bombs: Path) -> None:
    # Before: 100,006 checks and a 12 MB report for 100,000 tEXt chunks with bad CRCs.
    _, report = _inspect_measured(bombs / "text_crc_flood.png")
    assert _details(report, "container") == [
        "png: CRC mismatch in tEXt chunk (used anyway) (x1,000)",
        "png: over 1,000 metadata chunks; walk stopped",
    ]
    assert len(json.dumps(report)) < 20_000


def test_a_million_bad_crcs_stay_a_short_list(tmp_path: Path) -> None:
    # The 14 MB file, walked and read without the C2PA SDK (which the problems send it to): before,
    # a million checks (a 123 MB report, 735 MB resident).
    data = MAKER.crc_flood(1_000_000)
    info = SourceInfo(None, "flood.png", len(data), "image/png")
    started = time.monotonic()
    signals = run_readers(io.BytesIO(data), info, InspectOptions())
    assert time.monotonic() - started < 10
    assert [c.detail for c in signals.checks if c.name == "container"] == [
        "png: CRC mismatch in tEXt chunk (used anyway) (x1,000)",
        "png: over 1,000 metadata chunks; walk stopped",
    ]


def test_distinct_problems_are_capped_with_a_count_of_the_rest(bombs: Path) -> None:
    # 9,000 stray bytes, each at its own offset: 9,006 checks before.
    _, report = _inspect_measured(bombs / "stray_flood.jpg")
    details = _details(report, "container")
    assert len(details) == 21
    assert details[0] == "jpeg: 1 stray bytes before a marker at offset 7"
    assert details[-1] == "and 8,980 more problems"


def test_a_flood_of_corrupt_compressed_chunks_is_capped(bombs: Path) -> None:
    # 20,000 zTXt chunks with distinct keywords that do not inflate: 20,006 checks before.
    _, report = _inspect_measured(bombs / "ztxt_corrupt_flood.png")
    details = _details(report, "container")
    assert len(details) == 21
    assert details[0] == "png: zTXt 'k0' not decompressed (corrupt, or over 8 MB)"
    assert details[-1] == "and 981 more problems"  # 980 more zTXt, then the walk stopping


def test_a_flood_of_xmp_packets_gives_one_short_check(bombs: Path) -> None:
    # 3,000 packets each naming CreatorTool: before, one "over 200 values" problem per packet after the 200th.
    _, report = _inspect_measured(bombs / "xmp_packets.png")
    assert _details(report, "xmp") == ["1000 packets; packet 201: over 200 values, the rest ignored"]
    assert _details(report, "container") == ["png: over 1,000 metadata chunks; walk stopped"]
    assert len(report["evidence"]) == 200


# ---- item 9: uncompressed text is capped as compressed text is -----------------------------------------


def test_a_gigabyte_of_plain_text_chunks_is_not_read(bombs: Path) -> None:
    # 16 sparse tEXt chunks of 64 MB: 1,194 MB resident and 6 s before.
    started = time.monotonic()
    peak, report = _inspect_measured(bombs / "text_1gb.png")
    assert peak < 150, f"peak RSS {peak} MB"
    assert time.monotonic() - started < 10
    assert _details(report, "container") == ["png: tEXt chunk over 8 MB skipped (x16)"]


def test_plain_text_counts_toward_the_files_text_cap(bombs: Path) -> None:
    # 40 tEXt chunks of 7 MB (each under the per-chunk cap): 344 MB resident before, all 280 MB kept.
    peak, report = _inspect_measured(bombs / "text_many_7mb.png")
    assert peak < 200, f"peak RSS {peak} MB"
    assert _details(report, "container") == [
        "png: CRC mismatch in tEXt chunk (used anyway) (x4)",
        "png: text over 32 MB in the file; tEXt chunk skipped (x36)",
    ]
