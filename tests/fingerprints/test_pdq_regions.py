"""The crop variants' PDQ, computed in numpy from one float luma, against pdqhash on the cropped pixels:
the same hash to a bit or two wherever the picture has enough detail for PDQ to count (quality >= 50),
and the same quality to a point. Flat pictures (quality under 50, which lookups rank as weak) may differ
more: there every coefficient is near the median."""

from __future__ import annotations

import pytest
from PIL import Image

from provenance.fingerprints import hamming
from provenance.fingerprints.decode import Refused, decode
from provenance.fingerprints.image import CROP_VARIANTS, centre_box, image_fingerprints, iscc_image, pdq
from provenance.fingerprints.pdq_regions import PDQ_SIDE, pdq_regions
from tests.helpers import CORPUS, corpus

from .test_fingerprints import _photo_like


def _compared(image: Image.Image) -> list[tuple[int, int, int]]:
    """(bits apart, pdqhash's quality, ours) for each crop variant of ``image``."""
    boxes = [centre_box(image.size, keep) for _, keep in CROP_VARIANTS]
    ours = pdq_regions(image, boxes)
    theirs = [pdq(image.crop(box)) for box in boxes]
    return [(hamming(t.bits, o[0]), t.quality or 0, o[1]) for t, o in zip(theirs, ours, strict=True)]


def test_crops_of_synthetic_pictures_hash_as_pdqhash_does() -> None:
    for seed in range(12):
        image = _photo_like(seed, (512, 384))
        for apart, quality, ours in _compared(image):
            assert quality >= 50 and apart <= 2 and abs(quality - ours) <= 1, seed


def test_crops_of_the_corpus_pictures_hash_as_pdqhash_does() -> None:
    corpus()
    detailed = 0
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp"):
            continue
        image = decode(path)
        if isinstance(image, Refused) or min(image.size) * 0.9 < PDQ_SIDE:
            continue
        for apart, quality, ours in _compared(image):
            assert abs(quality - ours) <= 1, path.name
            if quality >= 50:
                detailed += 1
                assert apart <= 2, path.name
    assert detailed >= 100


def test_a_box_filter_over_a_box_reads_what_cropping_first_would() -> None:
    image = _photo_like(7, (500, 400))
    box = centre_box(image.size, 0.9)
    whole = (0, 0, box[2] - box[0], box[3] - box[1])
    assert pdq_regions(image, [box]) == pdq_regions(image.crop(box), [whole])


def test_regions_too_small_to_scale_down_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 256"):
        pdq_regions(_photo_like(1, (300, 300)), [(0, 0, 255, 300)])


def test_the_whole_image_keeps_pdqhash_and_the_crops_keep_their_iscc() -> None:
    image = _photo_like(8, (512, 384))
    found = image_fingerprints(image, variants=True)
    assert [(f.alg, f.variant) for f in found] == [
        ("io.iscc.v0", "full"),
        ("pdq", "full"),
        ("io.iscc.v0", "crop95"),
        ("pdq", "crop95"),
        ("io.iscc.v0", "crop90"),
        ("pdq", "crop90"),
    ]
    assert found[0] == iscc_image(image) and found[1] == pdq(image)
    for fingerprint, (name, keep) in zip(found[2::2], CROP_VARIANTS, strict=True):
        assert fingerprint == iscc_image(image.crop(centre_box(image.size, keep)), name)


def test_small_images_crops_are_hashed_by_pdqhash() -> None:
    image = _photo_like(9, (200, 150))  # crops scaled up: pdqhash on the cropped pixels
    found = image_fingerprints(image, variants=True)
    for fingerprint, (name, keep) in zip(found[3::2], CROP_VARIANTS, strict=True):
        assert fingerprint == pdq(image.crop(centre_box(image.size, keep)), name)
