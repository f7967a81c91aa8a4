"""The conforming product in the terminal panel of files signed in listed Google products' names (the shared
corpus has none), at 80 and 160 columns: the product and its assurance level, and a signal the list says
the product may not claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conforming.conftest import PIXEL, SNAPSEED, Sign

pytest.importorskip("pyte", reason="the pyte terminal emulator is not installed")
from tests.cli.terminal import screen_of
from tests.cli.test_official_policy_terminal import body


@pytest.mark.parametrize("columns", [80, 160])
def test_listed_google_products_read_with_their_assurance_level_and_disallowed_signal(
    tmp_path: Path, sign_jpeg: Sign, columns: int
) -> None:
    pixel, snapseed = tmp_path / "pixel.jpg", tmp_path / "snapseed.jpg"
    pixel.write_bytes(sign_jpeg(PIXEL, {"name": "Pixel Camera", "version": "69307851"}, "digitalCapture"))
    snapseed.write_bytes(sign_jpeg(SNAPSEED, {"name": "Snapseed", "version": "4.0.9"}, "digitalCapture"))
    lines = screen_of(["inspect", str(pixel), str(snapseed), "--no-trust-cache"], columns=columns, lines=300)
    assert all(len(line) <= columns for line in lines)
    text = body(lines)
    claimed = "claimed capturedMedia: Contains Captured Media ambiguousActions: Contains ambiguous actions"
    assert claimed in text
    assert "product Pixel Camera (Google LLC): a conforming generator product, assurance level 2" in text
    assert (
        "product Snapseed (Google LLC): a conforming generator product, assurance level 1; it may not claim "
        "capturedMedia, which this manifest claims"
    ) in text
    assert "not on the conforming products list" not in text
