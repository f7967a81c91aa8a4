"""Object storage sources: fsspec listings (lazy, filtered, with size and mtime) and audits of s3:// URLs
against an S3-compatible server started on 127.0.0.1 (moto)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance._extras import require
from provenance.audit.pairing import read_with_another
from provenance.errors import MissingExtraError
from provenance.options import InspectOptions
from tests.audit.cluster_helpers import audit, records, require_cluster_extra
from tests.audit.conftest import S3

require_cluster_extra()

from provenance.audit.sources import fetch, is_url, list_objects  # noqa: E402


def test_urls_go_to_fsspec_and_plain_paths_to_the_local_walk() -> None:
    assert is_url("s3://bucket/prefix") and is_url("https://example.org/a/")
    assert not is_url("/archive/photos") and not is_url("relative/dir") and not is_url("file:///tmp/x")


def test_listing_yields_every_object_with_its_size_and_modification_time(s3: S3, media: Path) -> None:
    entries = list(list_objects(s3.url, storage_options={"endpoint_url": s3.endpoint}))
    assert sorted(e.url for e in entries) == sorted(f"s3://media/in/{p.name}" for p in media.iterdir())
    sizes = {e.url.rsplit("/", 1)[1]: e.size for e in entries}
    assert sizes["plain.jpg"] == (media / "plain.jpg").stat().st_size
    assert all(isinstance(e.modified, float) and e.modified > 1.5e9 for e in entries)


def test_listing_applies_include_and_exclude_globs(s3: S3) -> None:
    from provenance.audit.walk import WalkOptions

    walk = WalkOptions(include=("*.png",), exclude=("wm_*",))
    names = [e.url.rsplit("/", 1)[1] for e in list_objects(s3.url, walk, {"endpoint_url": s3.endpoint})]
    assert names and all(n.endswith(".png") and not n.startswith("wm_") for n in names)


def test_an_object_over_the_size_cap_is_refused_before_it_is_fetched(s3: S3) -> None:
    result = fetch("s3://media/in/plain.jpg", 10_000_000, {"endpoint_url": s3.endpoint}, cap=1000)
    assert not isinstance(result, bytes) and result.kind == "too_large"


def test_a_missing_object_is_a_not_found_result(s3: S3) -> None:
    result = fetch("s3://media/in/nothing.jpg", None, {"endpoint_url": s3.endpoint}, cap=1000)
    assert not isinstance(result, bytes) and result.kind == "not_found"


def _without(record: dict[str, object]) -> dict[str, object]:
    """A record without its path and mtime: what differs between a local copy and an uploaded object."""
    source = dict(record["source"])  # type: ignore[call-overload]
    source.pop("path"), source.pop("modified")
    return {**record, "source": source}


def test_s3_audit_gives_the_records_of_the_same_files_on_disk(s3: S3, media: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "local.jsonl", tmp_path / "s3.jsonl"
    assert audit(str(media), "-o", str(local), "-q").returncode == 0
    result = audit(s3.url, "-o", str(remote), "-q", "--storage-option", f"endpoint_url={s3.endpoint}")
    assert result.returncode == 0, result.stderr
    rows = records(remote)
    recorded = (p for p in media.iterdir() if not read_with_another(p, InspectOptions()))
    assert [r["source"]["path"] for r in rows] == sorted(f"s3://media/in/{p.name}" for p in recorded)
    # The same records, a standalone manifest read with its asset in both (c2pa.sidecar).
    assert [_without(r) for r in rows] == [_without(r) for r in records(local)]
    assert any((r["c2pa"] or {}).get("sidecar") == "sidecar.c2pa" for r in rows)


def test_resuming_an_s3_audit_skips_recorded_objects(s3: S3, tmp_path: Path) -> None:
    out = tmp_path / "s3.jsonl"
    option = ("--storage-option", f"endpoint_url={s3.endpoint}")
    assert audit(s3.url, "-o", str(out), "-q", *option).returncode == 0
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:10]) + "\n")
    result = audit(s3.url, "-o", str(out), "--resume", *option)
    assert result.returncode == 0, result.stderr
    assert "10 already recorded" in result.stderr
    assert len({r["source"]["path"] for r in records(out)}) == len(lines) == len(records(out))


def test_a_missing_extra_names_the_pip_command() -> None:
    with pytest.raises(MissingExtraError) as caught:
        require("provenance_no_such_module", "Auditing URLs")
    assert "pip install 'media-provenance[cluster]'" in caught.value.diagnostics()


def test_an_s3_audit_without_the_extra_exits_4_with_the_pip_command(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['fsspec'] = None; from provenance.cli import main; "
        "sys.argv = ['provenance', 'audit', 's3://bucket/prefix', '-q']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 4
    assert "pip install 'media-provenance[cluster]'" in result.stderr
