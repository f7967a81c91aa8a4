"""PySpark is not installed here: a stand-in for a Spark session hands the Spark example's ``reports``
function real rows of sample files and records what the example writes (the README's and the auditors
page's copies of the example run through it)."""

from __future__ import annotations

import textwrap
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from tests.helpers import FIXTURES


def run_spark_example(block: str) -> None:
    """Run the Spark example ``block`` on a stand-in for a Spark session and check what it wrote."""
    rows = [
        SimpleNamespace(path=str(p), content=p.read_bytes(), modificationTime=datetime.fromtimestamp(1e9))
        for p in sorted((FIXTURES / "media").glob("*.png"))[:3]
    ]
    written: dict[str, Any] = {}

    class Frame:
        def __getattr__(self, name: str) -> Any:  # read, format, option, load, select: the chain
            return self

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return self

        @property
        def rdd(self) -> Any:
            return SimpleNamespace(mapPartitions=lambda f: Result(list(f(iter(rows)))))

    class Result:
        def __init__(self, items: list[Any]) -> None:
            written["items"] = items

        def toDF(self, columns: list[str]) -> Any:
            written["columns"] = columns
            return SimpleNamespace(
                write=SimpleNamespace(parquet=lambda target: written.update(target=target))
            )

    exec(textwrap.dedent(block), {"spark": Frame()})
    assert written["columns"] == ["path", "origin", "report"]
    assert [item[0] for item in written["items"]] == [r.path for r in rows]
    assert written["target"] == "s3a://bucket/audit/"
