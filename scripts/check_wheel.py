#!/usr/bin/env python3
"""Build the sdist and the wheel, check them, install the wheel in a fresh venv and smoke-test it there.

    python scripts/check_wheel.py                 # build from the checkout (python -m build), then check
    python scripts/check_wheel.py --dist DIR      # check the one .whl and .tar.gz already in DIR

Steps, each failing the run: ``python -m build`` (the wheel is built from the sdist); ``twine check
--strict`` on both; every file git tracks under ``provenance/`` is in the wheel and in the sdist (so package
data the code loads cannot be left out by the package-data globs of pyproject.toml), and the wheel holds
nothing but ``provenance/`` and its metadata (and a copy of the built wheel less the report schema must
fail that check); the wheel installs into a new venv in a temporary folder
outside the checkout, with its dependencies from the package index; scripts/wheel_smoke.py runs there
(see it: every command, ``serve`` with an upload, and every package-data file opened). Prints the sizes
and the time of each step.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "provenance"
# The fixtures the smoke test inspects and audits: signed (AI-edited with an ingredient, AI-generated,
# tampered), generator metadata, a GB 45438 label, plain files.
SMOKE_MEDIA = (
    "ai_edited.jpg",
    "ai_generated.jpg",
    "tampered.jpg",
    "gen_comfyui.png",
    "xmp_tc260_aigc.jpg",
    "captured.png",
    "plain.jpg",
)


class CheckFailed(Exception):
    """A step of the check failed; the message says which and why."""


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    print(f"== {name}", flush=True)
    yield
    print(f"   {name}: {time.monotonic() - started:.1f} s", flush=True)


def run(command: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckFailed(
            f"{what} failed (exit {done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )


def build(out: Path) -> None:
    run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], REPO, "python -m build")


def artifacts(dist: Path) -> tuple[Path, Path]:
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise CheckFailed(f"{dist} must hold one wheel and one sdist: {[p.name for p in dist.iterdir()]}")
    return wheels[0], sdists[0]


def tracked_package_files() -> set[str]:
    """Every file git tracks under provenance/: the code, and the package data it loads."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--", PACKAGE], cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout:
        raise CheckFailed(f"git ls-files found nothing under {PACKAGE}/ in {REPO}: {done.stderr.strip()}")
    return {name for name in done.stdout.split("\0") if name}


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


def sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        # Each member is under one top folder, "media_provenance-0.1.0/".
        return {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile() and "/" in m.name}


def check_contents(wheel: Path, sdist: Path, expected: set[str]) -> None:
    in_wheel, in_sdist = wheel_names(wheel), sdist_names(sdist)
    problems = []
    if missing := sorted(expected - in_wheel):
        problems.append(f"tracked files missing from the wheel {wheel.name}: {missing}")
    if missing := sorted(expected - in_sdist):
        problems.append(f"tracked files missing from the sdist {sdist.name}: {missing}")
    strays = sorted(n for n in in_wheel if not n.startswith(f"{PACKAGE}/") and ".dist-info/" not in n)
    if strays:
        problems.append(f"the wheel holds files outside {PACKAGE}/: {strays}")
    if missing := sorted({"pyproject.toml", "README.md"} - in_sdist):
        problems.append(f"the sdist lacks {missing}")
    if problems:
        raise CheckFailed("\n".join(problems))
    data = [n for n in expected if not n.endswith(".py")]
    print(f"   all {len(expected)} tracked files under {PACKAGE}/ are in both ({len(data)} of them data)")


def without(wheel: Path, removed: str, target: Path) -> Path:
    """A copy of ``wheel`` without the member ``removed`` (its RECORD left as it was: only the contents
    check reads it)."""
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            if item.filename != removed:
                copy.writestr(item, source.read(item.filename))
    return target


def check_catches_a_missing_file(wheel: Path, sdist: Path, expected: set[str], scratch: Path) -> None:
    """The check itself, on the wheel just built less one package-data file: it must fail, naming it."""
    removed = f"{PACKAGE}/schema/report.schema.json"
    doctored = without(wheel, removed, scratch / f"doctored-{wheel.name}")
    try:
        check_contents(doctored, sdist, expected)
    except CheckFailed as failure:
        if removed not in str(failure):
            raise CheckFailed(
                f"the contents check failed a wheel without {removed} for another reason"
            ) from failure
        print(f"   a copy of the wheel without {removed} fails the check, as it should")
        return
    raise CheckFailed(f"the contents check passed a wheel without {removed}")


def smoke(wheel: Path, scratch: Path) -> None:
    environment = scratch / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", str(wheel)], scratch, f"pip install {wheel.name}")
    media = scratch / "media"
    media.mkdir()
    for name in SMOKE_MEDIA:
        shutil.copyfile(REPO / "fixtures" / "media" / name, media / name)
    work = scratch / "work"
    work.mkdir()
    script = scratch / "wheel_smoke.py"  # run from the scratch folder: nothing of the checkout on sys.path
    shutil.copyfile(REPO / "scripts" / "wheel_smoke.py", script)
    done = subprocess.run([str(python), "-I", str(script), str(media), str(work)], cwd=work, text=True)
    if done.returncode != 0:
        raise CheckFailed(f"the smoke test of the installed wheel failed (exit {done.returncode})")


def check(dist: Path | None) -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="check-wheel-") as temporary:
        scratch = Path(temporary)
        if dist is None:
            dist = scratch / "dist"
            with step("build the sdist and the wheel"):
                build(dist)
        wheel, sdist = artifacts(dist)
        print(
            f"   {wheel.name}: {wheel.stat().st_size:,} bytes; {sdist.name}: {sdist.stat().st_size:,} bytes"
        )
        with step("twine check"):
            run(
                [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                REPO,
                "twine check",
            )
        with step("contents"):
            expected = tracked_package_files()
            check_contents(wheel, sdist, expected)
            check_catches_a_missing_file(wheel, sdist, expected, scratch)
        with step("install in a fresh venv and smoke-test"):
            smoke(wheel, scratch)
    print(f"check-wheel passed in {time.monotonic() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dist", type=Path, help="check the wheel and sdist in this folder instead of building"
    )
    arguments = parser.parse_args()
    try:
        check(arguments.dist)
    except CheckFailed as failure:
        print(f"check-wheel FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
