"""`provenance audit` end to end, as a pipeline runs it: records, formats, resume, interrupts, crashes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema

from provenance.report_schema import report_schema
from tests.helpers import FIXTURES, recorded_files


def audit(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", "audit", *args], capture_output=True, text=True, timeout=timeout
    )


def media_copy(tmp_path: Path, copies: int = 1) -> tuple[Path, int]:
    """A folder with ``copies`` copies of every fixture, in subfolders; returns it and the file count."""
    root = tmp_path / "tree"
    for n in range(copies):
        shutil.copytree(FIXTURES / "media", root / f"copy{n:03d}")
    return root, recorded_files(root)


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_one_schema_valid_record_per_file(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path)
    out = tmp_path / "out.jsonl"
    result = audit(str(root), "--output", str(out), "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    rows = records(out)
    assert len(rows) == count
    assert len({r["source"]["path"] for r in rows}) == count  # type: ignore[index]
    for row in rows:
        jsonschema.validate(row, report_schema())


def test_undecodable_file_names_are_recorded_as_valid_utf8_and_resumed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    target = os.path.join(os.fsencode(folder), b"caf\xe9.jpg")
    with open(target, "wb") as handle:
        handle.write((FIXTURES / "media" / "plain.jpg").read_bytes())
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run resumes: the escaped path must match the file again
        result = audit(str(folder), "--quiet", "--resume", "-o", str(out))
        assert result.returncode == 0, result.stderr
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["source"]["path"] == os.fsdecode(target)


def test_stdout_carries_only_data_and_the_summary_goes_to_stderr(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path)
    result = audit(str(root), "--jobs", "1")
    lines = result.stdout.splitlines()
    assert len(lines) == count and all(json.loads(line) for line in lines)
    assert "provenance audit summary" in result.stderr


def test_csv_output_has_the_documented_header_and_one_row_per_file(tmp_path: Path) -> None:
    from provenance.formats.csv import COLUMNS

    root, count = media_copy(tmp_path)
    result = audit(str(root), "--format", "csv", "--quiet")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [name for name, _ in COLUMNS]
    assert len(rows) == count + 1


def test_summary_json_counts_by_origin_integrity_and_errors(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path)
    summary = tmp_path / "summary.json"
    audit(str(root), "--output", str(tmp_path / "o.jsonl"), "--summary-json", str(summary), "--quiet")
    data = json.loads(summary.read_text())
    assert data["total"] == count
    # tampered.jpg, manifest_transplant.jpg and manifest_reinserted.jpg
    assert data["integrity"]["tampered"] == 3
    assert data["origin"]["ai_generated"] >= 8
    assert data["files_per_s"] > 0


def test_fail_on_and_exit_codes(tmp_path: Path) -> None:
    root, _ = media_copy(tmp_path)
    assert audit(str(root), "-o", str(tmp_path / "a.jsonl"), "--fail-on", "tampered", "-q").returncode == 1
    assert (
        audit(
            str(root), "-o", str(tmp_path / "b.jsonl"), "--fail-on", "integrity=not_checked", "-q"
        ).returncode
        == 0
    )
    assert audit(str(root), "--fail-on", "bogus", "-q").returncode == 2


def test_special_files_get_a_skipped_record_and_do_not_hang(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path)
    os.mkfifo(root / "pipe.jpg")
    out = tmp_path / "o.jsonl"
    result = audit(str(root), "-o", str(out), "-q", timeout=60)
    rows = records(out)
    assert len(rows) == count + 1
    [fifo] = [r for r in rows if r["error"]]
    assert fifo["error"]["kind"] == "skipped_fifo"  # type: ignore[index]
    assert result.returncode == 3


def test_resume_completes_an_interrupted_output_without_duplicates(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path, copies=3)
    out = tmp_path / "o.jsonl"
    assert audit(str(root), "-o", str(out), "-q").returncode == 0
    lines = out.read_text().splitlines()
    # Keep a third of the records and half of the next one, as a killed run leaves them.
    out.write_text("\n".join(lines[: count // 3]) + "\n" + lines[count // 3][:40])
    result = audit(str(root), "-o", str(out), "--resume")
    assert result.returncode == 0, result.stderr
    rows = records(out)
    assert len(rows) == count
    assert len({r["source"]["path"] for r in rows}) == count  # type: ignore[index]
    assert f"{count // 3} already recorded" in result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return False
    return "spawn_main" in cmdline and "resource_tracker" not in cmdline


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", "audit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_lines(path: Path, n: int, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().count("\n") >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} records after {limit} s")


def test_killing_a_worker_mid_run_loses_no_record(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path, copies=8)
    out = tmp_path / "o.jsonl"
    process = _start([str(root), "-o", str(out), "--jobs", "2", "--deep", "-q"])
    _wait_for_lines(out, 20)
    workers = [pid for pid in _children(process.pid) if _is_worker(pid)]
    assert workers, "no worker processes found"
    os.kill(workers[-1], signal.SIGKILL)
    process.communicate(timeout=300)
    rows = records(out)
    assert len(rows) == count
    assert len({r["source"]["path"] for r in rows}) == count  # type: ignore[index]
    crashed = [r for r in rows if r["error"] and r["error"]["kind"] == "worker_crashed"]  # type: ignore[index]
    assert len(crashed) <= 1


def test_ctrl_c_finishes_in_flight_files_flushes_and_exits_130(tmp_path: Path) -> None:
    root, count = media_copy(tmp_path, copies=8)
    out = tmp_path / "o.jsonl"
    process = _start([str(root), "-o", str(out), "--jobs", "2", "--deep"])
    _wait_for_lines(out, 20)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted" in stderr
    partial = records(out)  # every line is a complete record
    assert 0 < len(partial) < count
    assert audit(str(root), "-o", str(out), "--resume", "--deep", "-q").returncode == 0
    assert len(records(out)) == count


def test_per_file_timeout_becomes_one_error_record(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big"
    big.mkdir()
    Image.radial_gradient("L").resize((4000, 3000)).convert("RGB").save(big / "slow.png")
    shutil.copy(FIXTURES / "media" / "plain.jpg", big / "fast.jpg")
    out = tmp_path / "o.jsonl"
    audit(str(big), "-o", str(out), "--deep", "--timeout", "0.2", "-q")
    rows = {Path(r["source"]["path"]).name: r for r in records(out)}  # type: ignore[index]
    assert rows["slow.png"]["error"]["kind"] == "timeout"  # type: ignore[index]
    assert rows["fast.jpg"]["error"] is None


def test_html_report_is_written_and_self_contained(tmp_path: Path) -> None:
    root, _count = media_copy(tmp_path)
    page = tmp_path / "report.html"
    assert audit(str(root), "-o", str(tmp_path / "o.jsonl"), "--html", str(page), "-q").returncode == 0
    text = page.read_text()
    assert "<html" in text.lower() and 'src="http' not in text and 'href="http' not in text
    assert text.count("data:image/jpeg;base64,") >= 10


def test_audit_takes_the_same_trust_options_as_inspect(tmp_path: Path) -> None:
    certs = FIXTURES / "certs"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "media" / "ai_generated.jpg", folder)
    out = tmp_path / "o.jsonl"
    trust = ["--trust-anchors", str(certs / "test-root.pem"), "--trust-config", str(certs / "eku.cfg")]
    result = audit(str(folder), "-q", "-o", str(out), *trust, "--no-trust-cache")
    assert result.returncode == 0, result.stderr
    assert records(out)[0]["verdict"]["trust"] == "trusted"  # type: ignore[index]
    missing = audit(str(folder), "-q", "-o", str(out), "--trust-config", str(tmp_path / "nope.cfg"))
    assert missing.returncode == 4
