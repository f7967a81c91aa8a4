"""The images a card shows: the uploaded file's own pixels, the thumbnail its C2PA manifest carries, and
the thumbnails the manifests give their ingredients (as the Content Credentials Verify site shows them).

Both the file's and the manifest's are shown when both exist: a manifest's thumbnail is the signer's
picture of the content, and on a file that no longer matches its manifest it may show other content than
the file's pixels. Every image goes through the bounded decoder of :mod:`provenance.thumbnails`; at most
:data:`MAX_INGREDIENT_THUMBNAILS` ingredient thumbnails per file, and none once the request no longer
wants them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from ..models import Report
from ..options import InspectOptions
from ..thumbnails import (
    MANIFEST_THUMBNAIL_MAX_PIXELS,
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
    # Schema 1.5 tracing (serve --index): each match's original, by the thumbnail its stored manifest
    # carries (None: no manifest kept, or it has no thumbnail), in the report's ``matches`` order.
    matches: tuple[str | None, ...] = ()

    def thumbnail(self) -> dict[str, str] | None:
        """The one image ``?thumbnails=true`` answered with before ``previews``: the manifest's when it has
        one, else the file's."""
        if self.manifest is not None:
            return {"data": self.manifest, "source": "c2pa_manifest"}
        return {"data": self.file, "source": "file"} if self.file is not None else None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "manifest": self.manifest,
            "ingredients": [{"manifest": m, "index": i, "data": d} for m, i, d in self.ingredients],
        }
        if self.matches:  # only a report with matches (serve --index) has them
            data["matches"] = list(self.matches)
        return data


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
    originals = match_thumbnails(report, options) if report.matches and wanted() else ()
    return Previews(own, found.active, found.ingredients, originals)


def match_thumbnails(report: Report, options: InspectOptions) -> tuple[str | None, ...]:
    """The thumbnail of each matched original, from the manifest store the repository kept."""
    if options.index is None:
        return tuple(None for _ in report.matches)
    from ..readers.c2pa.sdk import store_thumbnail
    from ..tracing import opened_repository

    repo = opened_repository(options.index)
    found: list[str | None] = []
    for match in report.matches:
        row = repo.by_manifest(match.manifest_id) if match.kind == "index" and match.manifest_id else None
        stored = repo.manifest_store(int(row["id"])) if row is not None else None
        image = store_thumbnail(stored[0], trust=options.trust_settings()) if stored is not None else None
        found.append(
            thumbnail_data_uri(io.BytesIO(image), max_full_decode_pixels=MANIFEST_THUMBNAIL_MAX_PIXELS)
            if image is not None
            else None
        )
    return tuple(found)
