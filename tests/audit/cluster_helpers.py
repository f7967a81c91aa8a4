"""Shared pieces of the tests of object storage sources and the Dask engine (the `cluster` extra)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, recorded_files

CLUSTER_MODULES = ("distributed", "fsspec", "s3fs", "pyarrow", "moto")
S3_ENV = {  # moto's dummy credentials; no real account is ever used
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def require_cluster_extra() -> None:
    """Skip the module when the `cluster` extra (or moto, from the `test` extra) is not installed."""
    for module in CLUSTER_MODULES:
        pytest.importorskip(module, reason=f"{module} not installed: pip install -e '.[cluster,test]'")


def audit(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **S3_ENV}
    return subprocess.run(
        [sys.executable, "-m", "provenance", "audit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def records(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return sorted(rows, key=lambda r: r["source"]["path"])


def media_tree(root: Path, copies: int = 1) -> tuple[Path, int]:
    for n in range(copies):
        shutil.copytree(FIXTURES / "media", root / f"copy{n:03d}")
    return root, recorded_files(root)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
