"""An audit of a website served on 127.0.0.1: sitemap, pages, a redirect, a 404, a slow answer, a Range-
capable handler and robots.txt; with a policy; then again with --resume, which downloads nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from provenance.cli import app
from tests.audit.web_server import website

LOCAL = ["--allow-private-hosts", "--per-host-rate", "20", "--quiet", "--jobs", "1"]


def _rows(path: Path) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return {str(r["source"]["path"]).split("/", 3)[-1]: r for r in rows}  # type: ignore[index]


def test_a_website_audit_with_a_policy_then_resumed(tmp_path: Path) -> None:
    out, summary = tmp_path / "site.jsonl", tmp_path / "summary.json"
    with website(slow_seconds=0.5) as site:
        args = ["audit", f"{site.url}/sitemap.xml", "-o", str(out), "--policy", "eu-ai-act-50", *LOCAL]
        first = CliRunner().invoke(app, [*args, "--summary-json", str(summary)])
        assert first.exit_code == 3, first.output  # the 404 and the robots.txt refusal are unreadable
        rows = _rows(out)
        assert sorted(rows) == [
            "media/ai_generated.jpg",
            "media/captured.jpg",
            "media/missing.mp4",
            "media/plain.png",
            "media/tampered.jpg",
            "private/secret.html",
            "redirect",
            "slow/png_tc260_aigc.png",
        ]
        ai = rows["media/ai_generated.jpg"]
        assert ai["verdict"]["origin"] == "ai_generated"  # type: ignore[index]
        http = ai["source"]["http"]  # type: ignore[index]
        assert http["status"] == 200 and http["content_type"] == "image/jpeg" and http["etag"]
        assert http["found_on"] == f"{site.url}/sitemap.xml"
        assert rows["redirect"]["source"]["http"]["final_url"] == f"{site.url}/media/captured.jpg"  # type: ignore[index]
        assert rows["media/missing.mp4"]["error"]["kind"] == "not_found"  # type: ignore[index]
        assert rows["private/secret.html"]["error"]["kind"] == "skipped_robots"  # type: ignore[index]
        assert "/private/secret.html" not in site.paths()
        assert {p["policy"] for p in ai["policies"]} == {"eu-ai-act-50"}  # type: ignore[index, union-attr]
        network = json.loads(summary.read_text())["network"]
        assert network["requests"] == len(site.requests) and network["robots_refused"] == 1
        bodies = len(site.bodies_sent)
        again = CliRunner().invoke(app, [*args, "--resume"])
        assert again.exit_code == 0, again.output
        assert len(site.bodies_sent) == bodies  # every media file answered 304: nothing downloaded again
    assert len(_rows(out)) == 8  # nothing recorded twice


def test_metadata_only_reads_the_first_bytes_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "meta.jsonl"
    with website() as site:
        args = ["audit", f"{site.url}/page.html", "-o", str(out), "--metadata-only", *LOCAL]
        CliRunner().invoke(app, args)
        ranges = [h.get("Range") for _, p, _, h in site.requests if p.startswith("/media/")]
    assert ranges and all(r == "bytes=0-262143" for r in ranges)
    rows = _rows(out)
    plain = rows["media/plain.png"]
    assert plain["source"]["http"]["partial"] is True  # type: ignore[index]
    assert plain["verdict"]["integrity"] == "not_checked"  # type: ignore[index]
    assert "--metadata-only" in str(plain["verdict"]["summary"])  # type: ignore[index]


def test_private_addresses_are_refused_without_the_flag(tmp_path: Path) -> None:
    out = tmp_path / "refused.jsonl"
    with website() as site:
        done = CliRunner().invoke(app, ["audit", f"{site.url}/media/plain.png", "-o", str(out), "--quiet"])
        assert site.requests == []
    assert done.exit_code == 3
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert "--allow-private-hosts" in row["error"]["message"]


def test_urls_from_a_file(tmp_path: Path) -> None:
    out, listing = tmp_path / "list.jsonl", tmp_path / "urls.txt"
    with website() as site:
        listing.write_text(f"# two files\n{site.url}/media/plain.png\n\n{site.url}/media/ai_generated.jpg\n")
        done = CliRunner().invoke(app, ["audit", "--urls", str(listing), "-o", str(out), *LOCAL])
    assert done.exit_code == 0, done.output
    assert sorted(_rows(out)) == ["media/ai_generated.jpg", "media/plain.png"]
