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
near one of them. Off-centre crops are not covered (see the README's limits).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from PIL import Image

from .algorithms import ISCC, PDQ
from .iscc_hash import soft_hash_image
from .model import Fingerprint, package_version

PDQ_SIDE: Final = 256
ISCC_SIDE: Final = 32
ISCC_BITS: Final = 64
# Centred crops hashed beside the full image when indexing: (name, fraction of each side kept).
CROP_VARIANTS: Final = (("crop95", 0.95), ("crop90", 0.90))


def image_fingerprints(image: Image.Image, *, variants: bool = False) -> tuple[Fingerprint, ...]:
    """The ISCC and PDQ fingerprints of a decoded RGB image (:func:`.decode.decode`'s output), with the
    centred-crop variants when ``variants`` (the repository stores them; a query needs none)."""
    found = [*_both(image, "full")]
    if variants:
        for name, keep in CROP_VARIANTS:
            found.extend(_both(centre_crop(image, keep), name))
    return tuple(found)


def centre_crop(image: Image.Image, keep: float) -> Image.Image:
    """The centred part of ``image`` that keeps ``keep`` of each side."""
    width, height = image.size
    dx, dy = round(width * (1 - keep) / 2), round(height * (1 - keep) / 2)
    return image.crop((dx, dy, max(dx + 1, width - dx), max(dy + 1, height - dy)))


def _both(image: Image.Image, variant: str) -> tuple[Fingerprint, Fingerprint]:
    return iscc_image(image, variant), pdq(image, variant)


def iscc_image(image: Image.Image, variant: str = "full") -> Fingerprint:
    """The 64-bit ISCC Content-Code Image of ``image``."""
    import iscc_core

    grey = image.convert("L").resize((ISCC_SIDE, ISCC_SIDE), Image.Resampling.BICUBIC)
    digest = soft_hash_image(np.asarray(grey, dtype=np.uint8), bits=ISCC_BITS)
    code = iscc_core.encode_component(
        mtype=iscc_core.MT.CONTENT,
        stype=iscc_core.ST_CC.IMAGE,
        version=iscc_core.VS.V0,
        bit_length=ISCC_BITS,
        digest=digest,
    )
    return Fingerprint(ISCC, "ISCC:" + code, digest, package_version("iscc-core"), variant)


def pdq(image: Image.Image, variant: str = "full") -> Fingerprint:
    """The PDQ hash of ``image`` scaled to 256x256, with PDQ's quality score (0-100)."""
    import pdqhash

    side = (PDQ_SIDE, PDQ_SIDE)
    shrink = image.width >= PDQ_SIDE and image.height >= PDQ_SIDE
    square = image.resize(side, Image.Resampling.BOX if shrink else Image.Resampling.BICUBIC)
    bits, quality = pdqhash.compute(np.ascontiguousarray(np.asarray(square, dtype=np.uint8)))
    digest = np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes()
    return Fingerprint(PDQ, digest.hex(), digest, package_version("pdqhash"), variant, int(quality))
