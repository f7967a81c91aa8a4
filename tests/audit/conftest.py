"""Fixtures of the object storage and Dask engine tests: an S3-compatible server and a local Dask cluster."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.audit.cluster_helpers import S3_ENV, free_port
from tests.helpers import FIXTURES


@dataclass(frozen=True)
class S3:
    endpoint: str
    bucket: str
    prefix: str  # holds a copy of fixtures/media
    client: Any

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


@pytest.fixture(scope="module")
def s3() -> Iterator[S3]:
    """moto's S3 server on a free 127.0.0.1 port, with fixtures/media under s3://media/in."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    saved = {k: os.environ.get(k) for k in S3_ENV}
    os.environ.update(S3_ENV)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        import boto3

        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket="media")
        for path in sorted((FIXTURES / "media").iterdir()):
            client.upload_file(str(path), "media", f"in/{path.name}")
        yield S3(endpoint, "media", "in", client)
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """Two worker processes, one thread each, as the issue asks; shared by a module's tests.

    The workers get moto's dummy credentials in their environment, as real workers get theirs.
    """
    from distributed import LocalCluster

    for key, value in S3_ENV.items():
        os.environ.setdefault(key, value)
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
    )
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("media") / "tree"
    root.mkdir()
    for path in (FIXTURES / "media").iterdir():
        (root / path.name).write_bytes(path.read_bytes())
    return root
