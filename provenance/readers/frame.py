"""The first frame of a file, decoded once per inspection and shared by every pixel reader (``--deep``).

The stealth reader and the watermark reader each need the whole first frame of a PNG or WebP (stealth
only when the top rows show a signature, or always for WebP, which has no partial decode). Decoding it is
most of their cost (about 90 ms per megapixel for a PNG), so the first reader that needs it decodes it
here and the next one reuses it. Readers check sizes on their own lazily opened image first: this decode
is only asked for once a reader knows it will use the pixels. Importing this module loads no Pillow.
"""

from __future__ import annotations

import warnings
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image


class FirstFrame:
    """One file's fully decoded first frame, made on first use (an error is raised to each caller)."""

    __slots__ = ("_image",)

    def __init__(self) -> None:
        self._image: Image.Image | None = None

    def decoded(self, stream: IO[bytes]) -> Image.Image:
        """The loaded first frame of ``stream`` (opened as Pillow opens any format: callers that accept only
        some formats check the format of their own open first); decoded on the first call only."""
        if self._image is None:
            from PIL import Image  # only pixel readers decode: importing the readers loads no Pillow

            stream.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the readers' caps apply
                image = Image.open(stream)
                image.load()
            self._image = image
        return self._image
