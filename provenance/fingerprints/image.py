"""Image fingerprints from decoded pixels: the ISCC Content-Code Image and the PDQ hash.

ISCC: the reference normalisation (iscc-sdk's ``image_normalize``: EXIF orientation applied, transparency
over white, grey, 32x32 bicubic; its optional border trimming is not applied) then ``iscc-core``'s
``soft_hash_image_v0`` at 64 bits, the ISCC default (computed bit for bit as it does, eight times faster:
:mod:`.iscc_hash`). PDQ: ``pdqhash`` (Meta's C++ reference code) on the
image scaled to 256x256. PDQ's own downsampling depends on the input's size: on the corpus, a copy at half
size was 10 to 40 bits away from its original when hashed as it is, 0 to 2 when both are scaled to the
same size first. Both hashes are therefore of our normalised image, and may differ by a few bits from a
value another tool computed at full size: that is a distance, which is what they are compared by.

Crop variants: PDQ is not robust to cropping (a 5 % crop moved it 50 to 130 bits on the corpus). So that
a centred crop of an indexed image is still found, :func:`image_fingerprints` with ``variants`` also hashes
centred crops of the original (keeping 95 % and 90 % of each side): a copy cropped around its centre is
near one of them. Off-centre crops are not covered (see the README's limits). They come from the pixels
already decoded: the grey image the ISCCs are made from is converted once and the three ISCC DCTs run as
one (values bit for bit as before), and the crops' PDQs are computed in numpy from one float luma
(:mod:`.pdq_regions`, a bit or two from ``pdqhash``'s values at most; the whole image's PDQ is still
``pdqhash``'s).
"""

from __future__ import annotations

import base64
from typing import Final

import numpy as np
from PIL import Image

from .algorithms import ISCC, PDQ
from .iscc_hash import soft_hash_images
from .model import Fingerprint, package_version
from .pdq_regions import PDQ_SIDE, pdq_regions

ISCC_SIDE: Final = 32
ISCC_BITS: Final = 64
# Centred crops hashed beside the full image when indexing: (name, fraction of each side kept).
CROP_VARIANTS: Final = (("crop95", 0.95), ("crop90", 0.90))
# The ISCC header of a Content-Code Image, version 0, 64 bits (ISO 24138: main type CONTENT 0010, subtype
# IMAGE 0001, version 0000, length code 0001).
_ISCC_IMAGE_HEADER: Final = bytes([0b0010_0001, 0b0000_0001])


def image_fingerprints(image: Image.Image, *, variants: bool = False) -> tuple[Fingerprint, ...]:
    """The ISCC and PDQ fingerprints of a decoded RGB image (:func:`.decode.decode`'s output), with the
    centred-crop variants when ``variants`` (the repository stores them; a query needs none)."""
    crops = [(name, centre_box(image.size, keep)) for name, keep in CROP_VARIANTS] if variants else []
    grey = image.convert("L")
    isccs = iscc_images([grey, *(grey.crop(box) for _, box in crops)], ["full", *(name for name, _ in crops)])
    found = [isccs[0], pdq(image)]
    large = [box for _, box in crops if min(box[2] - box[0], box[3] - box[1]) >= PDQ_SIDE]
    fast = dict(zip(large, pdq_regions(image, large), strict=True))
    version = package_version("pdqhash")
    for (name, box), iscc in zip(crops, isccs[1:], strict=True):
        if box in fast:
            digest, quality = fast[box]
            found += [iscc, Fingerprint(PDQ, digest.hex(), digest, version, name, quality)]
        else:  # scaled up: pdqhash on the cropped pixels, as the whole image
            found += [iscc, pdq(image.crop(box), name)]
    return tuple(found)


def centre_box(size: tuple[int, int], keep: float) -> tuple[int, int, int, int]:
    """The box (left, upper, right, lower) of the centred part of an image of ``size`` that keeps ``keep``
    of each side."""
    width, height = size
    dx, dy = round(width * (1 - keep) / 2), round(height * (1 - keep) / 2)
    return dx, dy, max(dx + 1, width - dx), max(dy + 1, height - dy)


def iscc_image(image: Image.Image, variant: str = "full") -> Fingerprint:
    """The 64-bit ISCC Content-Code Image of ``image``."""
    return iscc_images([image.convert("L")], [variant])[0]


def iscc_images(greys: list[Image.Image], variants: list[str]) -> list[Fingerprint]:
    """The 64-bit ISCC Content-Code Image of each grey image, named by ``variants``."""
    squares = [np.asarray(g.resize((ISCC_SIDE, ISCC_SIDE), Image.Resampling.BICUBIC)) for g in greys]
    digests = soft_hash_images(np.stack(squares).astype(np.uint8), bits=ISCC_BITS)
    version = package_version("iscc-core")
    return [
        Fingerprint(ISCC, iscc_code(digest), digest, version, variant)
        for digest, variant in zip(digests, variants, strict=True)
    ]


def iscc_code(digest: bytes) -> str:
    """The canonical text of a 64-bit Content-Code Image: ``ISCC:`` then base32 (no padding) of the
    header and ``digest``. What ``iscc_core.encode_component`` writes, without importing iscc-core (its
    import, pydantic's included, took 70 ms of each index worker's start)."""
    if len(digest) != ISCC_BITS // 8:
        raise ValueError(f"a {ISCC_BITS}-bit digest is needed, not {len(digest) * 8} bits")
    return "ISCC:" + base64.b32encode(_ISCC_IMAGE_HEADER + digest).decode("ascii").rstrip("=")


def pdq(image: Image.Image, variant: str = "full") -> Fingerprint:
    """The PDQ hash of ``image`` scaled to 256x256, with PDQ's quality score (0-100)."""
    import pdqhash

    side = (PDQ_SIDE, PDQ_SIDE)
    shrink = image.width >= PDQ_SIDE and image.height >= PDQ_SIDE
    square = image.resize(side, Image.Resampling.BOX if shrink else Image.Resampling.BICUBIC)
    bits, quality = pdqhash.compute(np.ascontiguousarray(np.asarray(square, dtype=np.uint8)))
    digest = np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes()
    return Fingerprint(PDQ, digest.hex(), digest, package_version("pdqhash"), variant, int(quality))
