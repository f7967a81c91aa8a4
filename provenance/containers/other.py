"""TIFF, GIF and any other image Pillow opens lazily: metadata from the header, pixels never decoded.

``Image.open`` only parses headers (for TIFF: the first IFD); ``load()`` is never called. The EXIF tags
the EXIF reader uses come back re-serialised from ``getexif()``, which for TIFF reads the IFDs from the
file, not the strips (measured: 0.3-1 ms per TIFF, whatever its pixel size).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import IO, Final

from PIL import Image, UnidentifiedImageError

from . import Blobs
from ._io import TIFF_EXIF_IFD_TAG, photoshop_iptc, strip_exif_prefix

TAG_IPTC: Final = 33723
TAG_PHOTOSHOP: Final = 34377
# What the EXIF reader looks at: ImageDescription, Make, Model, Software, Artist, UserComment. Copying only
# these keeps the re-serialised block small (a TIFF's IFD0 also holds strip tables of any length).
EXIF_TAGS: Final = (0x010E, 0x010F, 0x0110, 0x0131, 0x013B, 0x9286)
MAX_NOTES: Final = 5  # Pillow warnings kept as problems per file


def walk(stream: IO[bytes]) -> Blobs:
    """The XMP, EXIF and IPTC-IIM Pillow finds in an image's header. Failures become problems."""
    stream.seek(0)
    # Pillow warns about corrupt tags, and about huge dimensions even though nothing is decoded; such
    # warnings become problems (or, for the size, nothing) instead of noise on stderr. Past twice
    # MAX_IMAGE_PIXELS Pillow raises instead; the limit is left as it is.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        blobs = _open(stream)
    notes = [
        f"pillow: {w.message}" for w in caught if not issubclass(w.category, Image.DecompressionBombWarning)
    ]
    if notes:
        blobs = replace(blobs, problems=blobs.problems + tuple(dict.fromkeys(notes))[:MAX_NOTES])
    return blobs


def _open(stream: IO[bytes]) -> Blobs:
    try:
        with Image.open(stream) as image:
            return _metadata(image)
    except Image.DecompressionBombError:
        return Blobs(
            problems=("pillow: image dimensions over the decompression-bomb limit; metadata not read",)
        )
    except UnidentifiedImageError:
        return Blobs(problems=("pillow: image format not recognised; no metadata read",))
    except Exception as error:  # any plug-in may fail on hostile input
        return Blobs(problems=(f"pillow: {type(error).__name__}: {error}",))


def _metadata(image: Image.Image) -> Blobs:
    problems: list[str] = []
    xmp: list[bytes] = []
    packet = image.info.get("xmp")
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    if isinstance(packet, bytes) and packet:
        xmp.append(packet)
    exif: list[bytes] = []
    try:
        tags = image.getexif()
        kept = Image.Exif()
        for tag in EXIF_TAGS:
            if tag in tags:
                kept[tag] = tags[tag]
        sub = tags.get_ifd(TIFF_EXIF_IFD_TAG)
        if EXIF_TAGS[-1] in sub:
            kept[TIFF_EXIF_IFD_TAG] = {EXIF_TAGS[-1]: sub[EXIF_TAGS[-1]]}  # Pillow writes a dict as a sub-IFD
        if len(kept):
            exif.append(strip_exif_prefix(kept.tobytes()))
    except Exception as error:  # hostile IFDs can fail anywhere in Pillow's TIFF code
        problems.append(f"pillow: EXIF unreadable ({type(error).__name__}: {error})")
    return Blobs(
        xmp=tuple(xmp), exif=tuple(exif), iptc_iim=tuple(_tiff_iptc(image)), problems=tuple(problems)
    )


def _tiff_iptc(image: Image.Image) -> list[bytes]:
    """IIM from TIFF tag 33723 or from the Photoshop resources in tag 34377.

    Photoshop types tag 33723 as LONG, so Pillow's parsed value is a tuple of ints; the raw bytes are in
    the directory's ``_tagdata`` (the route Pillow's own ``IptcImagePlugin.getiptcinfo`` takes).
    """
    directory = getattr(image, "tag_v2", None)
    if directory is None:
        return []
    raw = getattr(directory, "_tagdata", {}).get(TAG_IPTC)
    if isinstance(raw, bytes) and raw:
        return [raw]
    resources = directory.get(TAG_PHOTOSHOP)
    return photoshop_iptc(resources) if isinstance(resources, bytes) else []
