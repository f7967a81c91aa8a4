"""Shortening text for a terminal: the middle goes, the ends stay (a path keeps its file name)."""

from __future__ import annotations

import pytest

from provenance._text import clip_middle, clip_path


@pytest.mark.parametrize(
    ("path", "limit", "shown"),
    [
        ("short.jpg", 21, "short.jpg"),
        ("/tmp/abc/a-rather-long-folder/and-another/ai_generated.webp", 21, "…/ai_generated.webp"),
        ("/tmp/abc/a-rather-long-folder/and-another/x.jpg", 21, "/tmp/ab…another/x.jpg"),
        ("/x/a-very-very-long-file-name-that-does-not-fit-at-all.jpg", 21, "/x/a-very-…at-all.jpg"),
    ],
)
def test_a_path_keeps_its_file_name(path: str, limit: int, shown: str) -> None:
    assert clip_path(path, limit) == shown
    assert len(clip_path(path, limit)) <= limit


def test_the_middle_goes() -> None:
    assert clip_middle("abcdefghij", 10) == "abcdefghij"
    assert clip_middle("0123456789abcdefghij", 11) == "01234…fghij"
    assert len(clip_middle("x" * 500, 60)) == 60
