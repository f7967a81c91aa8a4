"""``audit --evidence DIR``: what an auditor must keep to show later what was audited, how, and with what.

The folder holds, when the run ends:

- ``records.jsonl``: every record (the JSON report of each file, with ``source.sha256``);
- ``files.sha256``: the sha256 of every audited file's bytes, ``sha256sum`` style (``HASH  PATH``), for
  the files that could be read;
- ``summary.json``: the run's summary;
- ``policies/NAME.toml``: each policy applied, as its text;
- ``trust.json``: the trust lists in force (name, kind, where they came from, their date, certificate
  count and the sha256 of their content) and the EKU configuration's;
- ``run.json``: the tool's, the SDK's and the schema's versions, the command line, start and end times;
- ``MANIFEST.sha256``: the sha256 of each file above, so the pack itself can be checked
  (``sha256sum -c MANIFEST.sha256`` in the folder).

The folder must be new or empty: a pack is never mixed with an older one.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from .._version import DISTRIBUTION, package_version, sdk_version
from ..models import SCHEMA_VERSION
from ..options import InspectOptions
from .record import AuditRecord
from .state import AuditSummary


class EvidenceWriter:
    """A record writer (formats.RecordWriter) that builds the pack as the run goes."""

    def __init__(self, folder: Path, options: InspectOptions) -> None:
        self.folder = folder
        self.options = options
        self.started = _now()
        folder.mkdir(parents=True, exist_ok=True)
        self._records: TextIO = (folder / "records.jsonl").open("w", encoding="utf-8")
        hashes = folder / "files.sha256"
        self._hashes: TextIO = hashes.open("w", encoding="utf-8", errors="backslashreplace")

    def write(self, record: AuditRecord) -> None:
        self._records.write(record.json + "\n")
        source = json.loads(record.json).get("source") or {}
        digest, path = source.get("sha256"), source.get("path")
        if isinstance(digest, str) and isinstance(path, str):
            self._hashes.write(f"{digest}  {_one_line(path)}\n")

    def close(self, summary: AuditSummary) -> None:
        self._records.close()
        self._hashes.close()
        _write_json(self.folder / "summary.json", summary.to_dict())
        policies = self.folder / "policies"
        for policy in self.options.policies:
            policies.mkdir(exist_ok=True)
            (policies / f"{_safe_name(policy.name)}.toml").write_text(policy.text, encoding="utf-8")
        _write_json(self.folder / "trust.json", _trust(self.options))
        _write_json(self.folder / "run.json", self._run())
        names = sorted(p for p in self.folder.rglob("*") if p.is_file() and p.name != "MANIFEST.sha256")
        lines = [f"{_sha256(p)}  {p.relative_to(self.folder).as_posix()}" for p in names]
        (self.folder / "MANIFEST.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _run(self) -> dict[str, Any]:
        return {
            "tool": {"name": "provenance", "distribution": DISTRIBUTION, "version": package_version()},
            "c2pa_sdk": sdk_version(),
            "schema_version": SCHEMA_VERSION,
            "command": sys.argv,
            "started": self.started,
            "finished": _now(),
            "offline": not self.options.allow_network,
            "deep": self.options.deep,
        }


def check_evidence_folder(folder: Path) -> str | None:
    """Why ``folder`` cannot take a new pack (it holds files), or None."""
    if folder.exists() and not folder.is_dir():
        return "it is not a folder"
    if folder.is_dir() and any(folder.iterdir()):
        return "it is not empty (a pack is never mixed with an older one)"
    return None


def _trust(options: InspectOptions) -> dict[str, Any]:
    trust = options.trust_settings()
    lists = [
        {
            "name": item.name,
            "kind": item.kind,
            "origin": item.origin,
            "as_of": item.as_of.isoformat() if item.as_of else None,
            "frozen": item.frozen.isoformat() if item.frozen else None,
            "certificates": item.certificate_count,
            "sha256": hashlib.sha256((item.anchors_pem + (item.allowed_pem or "")).encode()).hexdigest(),
        }
        for item in trust.lists
    ]
    eku = trust.eku_config
    return {
        "lists": lists,
        "eku_config": {
            "origin": trust.eku_origin,
            "sha256": hashlib.sha256(eku.encode()).hexdigest() if eku else None,
        },
    }


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "policy"


def _one_line(path: str) -> str:
    return path.replace("\\", "\\\\").replace("\n", "\\n")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
