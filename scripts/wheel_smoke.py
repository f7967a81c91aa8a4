"""Smoke test of an installed wheel, run by scripts/check_wheel.py with a fresh venv's Python, outside the
checkout: ``python wheel_smoke.py MEDIA_DIR WORK_DIR``.

It runs the installed ``provenance`` command as a user would (inspect, a rubric per bundled rubric, audit
with the HTML report and every built-in policy, policy and trust commands, completion, and ``serve`` on a
free port with an upload), and records every file each of those processes opens under the installed
package (an audit hook in a ``sitecustomize`` module put on their PYTHONPATH). It fails when a command
fails, when an answer is not what it should be, or when a package-data file of the wheel was opened by no
command: so every piece of package data the wheel ships is exercised, from the wheel itself.

Standard library only: the venv holds the wheel and its dependencies, nothing else.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

# Package files shipped for people, loaded by no code: the licences and provenance notes of snapshots.
NOT_LOADED = re.compile(r"(^py\.typed$|/LICENSE$|/SNAPSHOT\.md$|^rubrics/data/VERSION$)")

HOOK = """\
import os, sys
_LOG, _ROOT = os.environ["SMOKE_OPENS"], os.environ["SMOKE_ROOT"]
def _hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(_ROOT):
        if not args[0].endswith((".py", ".pyc")):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(args[0] + "\\n")
sys.addaudithook(_hook)
"""


class Smoke:
    """The installed package, a work folder, and the environment every command runs in."""

    def __init__(self, media: Path, work: Path) -> None:
        import provenance  # the installed one: this script runs outside the checkout

        self.package = Path(provenance.__file__).resolve().parent
        self.media, self.work = media, work
        hook = work / "hook"
        hook.mkdir(parents=True, exist_ok=True)
        (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
        self.opens = work / "opens.log"
        home = work / "home"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(hook),
            "SMOKE_OPENS": str(self.opens),
            "SMOKE_ROOT": str(self.package),
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "COLUMNS": "120",
        }
        self.command = str(Path(sys.executable).parent / "provenance")

    def run(self, *args: str, expect: int = 0) -> str:
        """Run ``provenance ARGS`` in the work folder; its stdout."""
        started = time.monotonic()
        done = subprocess.run(
            [self.command, *args], cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600
        )
        print(f"  provenance {' '.join(args)}: exit {done.returncode}, {time.monotonic() - started:.1f} s")
        if done.returncode != expect:
            raise SystemExit(f"FAIL: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def python(self, code: str, *args: str) -> str:
        """Run CODE with the venv's Python (the same audit hook) in the work folder; its stdout."""
        done = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=self.work, env=self.env, capture_output=True, text=True
        )
        print(f"  python -c ... ({len(args)} arguments): exit {done.returncode}")
        if done.returncode != 0:
            raise SystemExit(f"FAIL: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def opened(self) -> set[str]:
        lines = self.opens.read_text(encoding="utf-8").splitlines() if self.opens.exists() else []
        return {Path(line).resolve().relative_to(self.package).as_posix() for line in lines}

    def data_files(self) -> set[str]:
        return {
            path.relative_to(self.package).as_posix()
            for path in self.package.rglob("*")
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
        }


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAIL: {message}")


def cli_checks(smoke: Smoke) -> None:
    media = smoke.media
    version = smoke.run("--version")
    check("media-provenance" in version and "report schema" in version, f"--version: {version!r}")

    report = json.loads(smoke.run("inspect", str(media / "ai_edited.jpg"), "--json"))
    check(report["verdict"]["origin"] == "ai_edited", f"ai_edited.jpg reads {report['verdict']['origin']}")
    schema = json.loads((smoke.package / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    missing = set(schema["required"]) - set(report)
    check(not missing, f"the report lacks the schema's required fields {missing}")
    check(report["verdict"]["trust"] in {"trusted", "untrusted"}, "the bundled trust lists are not in force")

    panel = smoke.run("inspect", str(media / "ai_edited.jpg"), str(media / "gen_comfyui.png"))
    check("ai_edited.jpg" in panel and "gen_comfyui.png" in panel, "the panel names both files")

    names = sorted(p.name.removeprefix("asset-rubric-").removesuffix(".yml") for p in rubric_files(smoke))
    for name in names:
        out = smoke.run("inspect", str(media / "ai_generated.jpg"), "--rubric", name)
        check(len(out) > 0, f"rubric {name} printed nothing")

    records, html = smoke.work / "audit.jsonl", smoke.work / "report.html"
    policies = [arg for name in policy_names(smoke) for arg in ("--policy", name)]
    smoke.run("audit", str(media), "-o", str(records), "--html", str(html), *policies)
    lines = records.read_text(encoding="utf-8").splitlines()
    check(
        len(lines) == len(list(media.iterdir())),
        f"{len(lines)} records for {len(list(media.iterdir()))} files",
    )
    check(all(json.loads(line).get("policies") for line in lines), "a record has no policy results")
    page = html.read_text(encoding="utf-8")
    check("ai_edited.jpg" in page and "Content-Security-Policy" in page, "the HTML report lacks its content")

    # The composables the bundled rubrics were built from (fragments a user's rubric file may include) are
    # loaded by no command: each is read from the wheel as YAML, by the rubric loader's PyYAML.
    loaded = smoke.python(
        "import sys, yaml\n"
        "for path in sys.argv[1:]:\n"
        "    with open(path, encoding='utf-8') as f:\n"
        "        print(len(list(yaml.safe_load_all(f))))",
        *(str(p) for p in sorted((smoke.package / "rubrics" / "data" / "composables").glob("*.yml"))),
    )
    check(all(int(n) > 0 for n in loaded.split()), f"the composable rubrics: {loaded!r}")

    check("eu-ai-act-50" in smoke.run("policy", "list"), "policy list")
    check("c2pa" in smoke.run("trust", "show"), "trust show")
    smoke.run("trust", "update", "--from", str(smoke.package / "trust" / "bundled"))
    check("_PROVENANCE_COMPLETE" in smoke.run("completion", "bash"), "completion bash")


def rubric_files(smoke: Smoke) -> list[Path]:
    return sorted((smoke.package / "rubrics" / "data").glob("asset-rubric-*.yml"))


def policy_names(smoke: Smoke) -> list[str]:
    return sorted(p.stem for p in (smoke.package / "policy" / "builtin").glob("*.toml"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        body: bytes = answer.read()
        return body


def upload(url: str, path: Path) -> bytes:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        reply: bytes = answer.read()
        return reply


def serve_checks(smoke: Smoke) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = smoke.work / "serve.log"  # a file, not a pipe: a pipe nobody reads fills and blocks the server
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen(
            [smoke.command, "serve", "--port", str(port)],
            cwd=smoke.work,
            env=smoke.env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = json.loads(get(base + "/v1/health"))
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"FAIL: serve exited {server.returncode}: {log.read_text()}") from None
                check(time.monotonic() < deadline, f"serve did not answer within 60 s: {log.read_text()}")
                time.sleep(0.3)
        check(health["status"] == "ok", f"health: {health}")
        page = get(base + "/").decode()
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
            name = asset.removeprefix("/static/")
            served = get(base + asset)
            check(served == (smoke.package / "serve" / "static" / name).read_bytes(), f"{asset} differs")
        check(json.loads(get(base + "/v1/report-schema"))["title"], "the report schema endpoint")
        answer = json.loads(upload(base + "/v1/inspect", smoke.media / "ai_generated.jpg"))
        check(answer["verdict"]["origin"] == "ai_generated", f"upload: {answer['verdict']}")
        print(f"  provenance serve --port {port}: page, assets, schema and an upload answered")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # the lines show as they come
    media, work = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    smoke = Smoke(media, work)
    print(f"smoke test of the installed package at {smoke.package}")
    cli_checks(smoke)
    serve_checks(smoke)
    shipped = smoke.data_files()
    unused = sorted(name for name in shipped - smoke.opened() if not NOT_LOADED.search(name))
    check(not unused, f"package data no command opened (not exercised): {unused}")
    print(f"smoke test passed: {len(shipped)} package-data files, every loadable one opened from the wheel")
    return 0


if __name__ == "__main__":
    sys.exit(main())
