"""Fragmented MP4 (DASH, HLS): an init segment verified together with its media fragments.

The signed pair is the c2pa-rs SDK's own DASH fixture (``dashinit.mp4`` + ``dash1.m4s`` of the shared
corpus): its init segment alone does not verify (``assertion.bmffHash.mismatch``: "BMFF inithash must not
be present for non-fragmented media"); with its fragment it does. c2pa-python 0.38 cannot sign fragmented
media, so the project's own fixtures cannot include one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import provenance
from provenance.audit.pairing import read_with_another
from provenance.audit.walk import count
from provenance.cli import app
from provenance.containers.fragments import fragments_of, has_init_beside, init_prefix
from provenance.models import Integrity, Origin
from provenance.options import InspectOptions
from provenance.report_schema import report_schema
from tests.helpers import corpus


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes(b"x")


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("BigBuckBunny_2s_init.mp4", "BigBuckBunny_2s"),
        ("dashinit.mp4", "dash"),
        ("video-init.m4v", "video"),
        ("init.mp4", ""),
        ("INIT.MP4", ""),
        ("video.mp4", None),
        ("init.png", None),
        ("initial.mp4", None),
    ],
)
def test_an_init_segment_is_known_by_its_name(name: str, prefix: str | None) -> None:
    assert init_prefix(Path(name)) == prefix


def test_the_fragments_of_an_init_segment_are_its_namesakes_in_playing_order(tmp_path: Path) -> None:
    _touch(tmp_path, "v_init.mp4", "v10.m4s", "v2.m4s", "v1.m4s", "w1.m4s", "v3.mp4", "other_init.mp4")
    assert [p.name for p in fragments_of(tmp_path / "v_init.mp4")] == ["v1.m4s", "v2.m4s", "v10.m4s"]
    assert fragments_of(tmp_path / "v3.mp4") == []  # not named as an init segment
    assert has_init_beside(tmp_path / "v2.m4s")
    assert not has_init_beside(tmp_path / "w1.m4s")  # no init segment starts its name
    assert not has_init_beside(tmp_path / "v3.mp4")  # not a fragment


@pytest.fixture
def dash(tmp_path: Path) -> Path:
    """A writable copy of the SDK's signed DASH init segment and its one fragment."""
    source = corpus("c2pa-rs-fixtures")
    for name in ("dashinit.mp4", "dash1.m4s"):
        shutil.copyfile(source / name, tmp_path / name)
    return tmp_path


def _tamper(fragment: Path, target: Path) -> None:
    data = bytearray(fragment.read_bytes())
    data[data.index(b"mdat") + 100] ^= 0xFF  # one byte of the media
    target.write_bytes(bytes(data))


def test_an_init_segment_verifies_with_the_fragments_beside_it(dash: Path) -> None:
    report = provenance.inspect(dash / "dashinit.mp4")
    assert report.c2pa is not None and report.c2pa.fragments is not None
    assert (report.c2pa.fragments.count, report.c2pa.fragments.mismatched) == (1, ())
    assert report.c2pa.validation_state == "Valid"
    assert report.verdict.integrity is Integrity.INTACT
    assert "Read with its 1 media fragment." in report.verdict.summary
    c2pa_check = next(c for c in report.checks if c.name == "c2pa")
    assert "with 1 media fragments" in c2pa_check.detail
    jsonschema.validate(json.loads(report.to_json()), report_schema())


def test_alone_the_init_segment_does_not_verify(dash: Path) -> None:
    report = provenance.inspect(dash / "dashinit.mp4", options=InspectOptions(fragments=False))
    assert report.c2pa is not None and report.c2pa.fragments is None
    assert report.verdict.integrity is Integrity.TAMPERED
    assert "assertion.bmffHash.mismatch" in {c.code for c in report.verdict.status_codes}


def test_a_changed_fragment_is_named(dash: Path) -> None:
    _tamper(dash / "dash1.m4s", dash / "dash2.m4s")
    report = provenance.inspect(dash / "dashinit.mp4")
    assert report.c2pa is not None and report.c2pa.fragments is not None
    assert (report.c2pa.fragments.count, report.c2pa.fragments.mismatched) == (2, ("dash2.m4s",))
    assert report.verdict.integrity is Integrity.TAMPERED
    assert 'Fragments that do not match its hashes: "dash2.m4s" (of 2 read).' in report.verdict.summary


def test_a_changed_fragment_read_first_still_fails(dash: Path, tmp_path: Path) -> None:
    bad = tmp_path / "elsewhere.m4s"
    _tamper(dash / "dash1.m4s", bad)
    report = provenance.inspect(dash / "dashinit.mp4", fragments=[bad, dash / "dash1.m4s"])
    assert report.verdict.integrity is Integrity.TAMPERED
    assert report.c2pa is not None and report.c2pa.fragments is not None
    assert report.c2pa.fragments.mismatched == ("elsewhere.m4s",)


def test_fragments_given_by_the_caller_replace_those_beside(dash: Path, tmp_path: Path) -> None:
    other = tmp_path / "moved"
    other.mkdir()
    shutil.move(dash / "dash1.m4s", other / "segment-001.m4s")
    assert provenance.inspect(dash / "dashinit.mp4").verdict.integrity is Integrity.TAMPERED  # none beside
    report = provenance.inspect(dash / "dashinit.mp4", fragments=[other / "segment-001.m4s"])
    assert report.verdict.integrity is Integrity.INTACT
    stream = provenance.inspect((dash / "dashinit.mp4").open("rb"), fragments=[other / "segment-001.m4s"])
    assert stream.verdict.integrity is Integrity.INTACT


def test_fragments_over_the_limit_are_counted_not_read(dash: Path) -> None:
    shutil.copyfile(dash / "dash1.m4s", dash / "dash2.m4s")
    report = provenance.inspect(dash / "dashinit.mp4", options=InspectOptions(max_fragments=1))
    assert report.c2pa is not None and report.c2pa.fragments is not None
    assert (report.c2pa.fragments.count, report.c2pa.fragments.omitted) == (1, 1)
    assert "1 more were not read (over the limit)." in report.verdict.summary


def test_a_missing_fragment_is_a_clean_error(dash: Path) -> None:
    report = provenance.inspect(dash / "dashinit.mp4", fragments=[dash / "gone.m4s"])
    assert report.verdict.integrity is Integrity.MALFORMED
    assert "cannot read the fragment" in report.verdict.summary


def test_a_fragment_alone_says_where_its_manifest_is(dash: Path) -> None:
    lone = dash / "lone"
    lone.mkdir()
    shutil.copyfile(dash / "dash1.m4s", lone / "dash1.m4s")
    report = provenance.inspect(lone / "dash1.m4s")
    assert (report.verdict.origin, report.verdict.integrity) == (Origin.UNKNOWN, Integrity.UNSUPPORTED)
    assert "read without its init segment" in report.verdict.summary
    assert "Unknown does not mean 'not AI'" in report.verdict.summary


def test_cli_inspect_reads_named_fragments(dash: Path, tmp_path: Path) -> None:
    moved = tmp_path / "m.m4s"
    shutil.move(dash / "dash1.m4s", moved)
    runner = CliRunner()
    done = runner.invoke(app, ["inspect", "--json", str(dash / "dashinit.mp4"), "--fragment", str(moved)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["c2pa"]["fragments"] == {"count": 1, "mismatched": [], "omitted": 0}
    panel = runner.invoke(app, ["inspect", str(dash / "dashinit.mp4"), "--fragment", str(moved)])
    assert "fragments  1 read with this init segment, all match" in panel.output
    two = runner.invoke(app, ["inspect", str(dash / "dashinit.mp4"), str(moved), "--fragment", str(moved)])
    assert two.exit_code == 2 and "--fragment goes with one file" in two.output


def test_audit_reads_fragments_with_their_init_segment(dash: Path) -> None:
    _tamper(dash / "dash1.m4s", dash / "dash2.m4s")
    lone = dash / "lone"
    lone.mkdir()
    shutil.copyfile(dash / "dash1.m4s", lone / "x1.m4s")
    out = dash.parent / f"{dash.name}.jsonl"
    done = CliRunner().invoke(app, ["audit", str(dash), "--jobs", "1", "--quiet", "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    by_name = {row["source"]["name"]: row for row in rows}
    assert sorted(by_name) == ["dashinit.mp4", "x1.m4s"]  # dash1/dash2 are read with their init segment
    assert by_name["dashinit.mp4"]["c2pa"]["fragments"]["mismatched"] == ["dash2.m4s"]
    assert by_name["x1.m4s"]["verdict"]["integrity"] == "unsupported"
    # The progress total counts what gets a record.
    assert count([dash], keep=lambda p: not read_with_another(p, InspectOptions())) == 2
