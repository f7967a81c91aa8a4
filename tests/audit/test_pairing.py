"""Which names of a folder an audit reads with another (object storage listings use these rules)."""

from __future__ import annotations

from pathlib import Path

from provenance.audit.pairing import FolderPairs, is_sidecar, read_with_another
from provenance.options import InspectOptions

NAMES = ["a.jpg", "a.c2pa", "lonely.c2pa", "v_init.mp4", "v2.m4s", "v10.m4s", "v1.m4s", "w1.m4s", "b.png"]


def test_a_folders_sidecars_and_fragments_go_with_their_file() -> None:
    pairs = FolderPairs.of(NAMES, InspectOptions())
    assert pairs.sidecar == {"a.jpg": "a.c2pa"}
    assert pairs.fragments == {"v_init.mp4": ("v1.m4s", "v2.m4s", "v10.m4s")}
    assert pairs.companions == {"a.c2pa", "v1.m4s", "v2.m4s", "v10.m4s"}  # lonely.c2pa, w1.m4s: records


def test_pairing_follows_the_options() -> None:
    assert FolderPairs.of(NAMES, InspectOptions(sidecars=False, fragments=False)) == FolderPairs()
    assert FolderPairs.of(NAMES, InspectOptions(sidecars=False)).sidecar == {}


def test_on_disk_the_same_rules(tmp_path: Path) -> None:
    for name in NAMES:
        (tmp_path / name).write_bytes(b"x")
    companions = {p.name for p in tmp_path.iterdir() if read_with_another(p, InspectOptions())}
    assert companions == FolderPairs.of(NAMES, InspectOptions()).companions
    assert is_sidecar(tmp_path / "a.c2pa") and not is_sidecar(tmp_path / "lonely.c2pa")
