"""The images a card shows: the uploaded file's own pixels, the thumbnail its C2PA manifest carries, and
the thumbnails the manifests give their ingredients (as the Content Credentials Verify site shows them).

Both the file's and the manifest's are shown when both exist: a manifest's thumbnail is the signer's
picture of the content, and on a file that no longer matches its manifest it may show other content than
the file's pixels. Every image goes through the bounded decoder of :mod:`provenance.thumbnails`; at most
:data:`MAX_INGREDIENT_THUMBNAILS` ingredient thumbnails per file, and none once the request no longer
wants them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from ..models import Report
from ..options import InspectOptions
from ..thumbnails import (
    MANIFEST_THUMBNAIL_PEAK_BYTES,
    manifest_thumbnails,
    thumbnail_cost,
    thumbnail_data_uri,
)

MAX_INGREDIENT_THUMBNAILS = 24


@dataclass(frozen=True, slots=True)
class Previews:
    """A card's images as small JPEG ``data:`` URIs: the file's own, its active manifest's, and its
    ingredients' as (label of the manifest that lists the ingredient, its place in that list, URI)."""

    file: str | None = None
    manifest: str | None = None
    ingredients: tuple[tuple[str, int, str], ...] = ()

    def thumbnail(self) -> dict[str, str] | None:
        """The one image ``?thumbnails=true`` answered with before ``previews``: the manifest's when it has
        one, else the file's."""
        if self.manifest is not None:
            return {"data": self.manifest, "source": "c2pa_manifest"}
        return {"data": self.file, "source": "file"} if self.file is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "manifest": self.manifest,
            "ingredients": [{"manifest": m, "index": i, "data": d} for m, i, d in self.ingredients],
        }


def previews_cost(stream: IO[bytes]) -> int:
    """Bytes of memory :func:`previews` may need at once: decoding the file's pixels (from its header), or
    one manifest thumbnail, whichever is more (they are decoded one after the other)."""
    return max(thumbnail_cost(stream), MANIFEST_THUMBNAIL_PEAK_BYTES)


def previews(
    stream: IO[bytes], report: Report, options: InspectOptions, *, wanted: Callable[[], bool] = lambda: True
) -> Previews:
    """The file's images; ``wanted()`` is asked before each image after the first."""
    own = thumbnail_data_uri(stream)
    if not wanted():
        return Previews(own)
    found = manifest_thumbnails(
        stream, report, options, max_ingredients=MAX_INGREDIENT_THUMBNAILS, wanted=wanted
    )
    return Previews(own, found.active, found.ingredients)
