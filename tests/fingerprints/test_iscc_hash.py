"""The numpy ISCC image hash (of one image or several at once) and its canonical text are iscc-core's, bit
for bit: on noise, on flat and striped images (where a coefficient a rounding error away from the median
would show), and on the fixtures' pictures."""

from __future__ import annotations

import iscc_core
import numpy as np
import pytest
from PIL import Image

from provenance.fingerprints.decode import Refused, decode
from provenance.fingerprints.image import ISCC_SIDE, iscc_code
from provenance.fingerprints.iscc_hash import soft_hash_image, soft_hash_images
from tests.helpers import FIXTURES


def _reference(pixels: np.ndarray, bits: int) -> bytes:
    digest: bytes = iscc_core.soft_hash_image_v0(pixels.reshape(-1).tolist(), bits=bits)
    return digest


def _cases() -> list[np.ndarray]:
    rng = np.random.default_rng(17)
    noise = [rng.integers(0, 256, (32, 32), dtype=np.uint8) for _ in range(50)]
    flat = [np.full((32, 32), value, dtype=np.uint8) for value in (0, 1, 128, 255)]
    stripes = np.tile((np.arange(32) % 2 * 255).astype(np.uint8), (32, 1))
    ramp = np.tile((np.arange(32) * 8).astype(np.uint8)[:, None], (1, 32))
    return [*noise, *flat, stripes, stripes.T.copy(), ramp]


@pytest.mark.parametrize("bits", [64, 128, 256])
def test_the_hash_is_iscc_cores_on_synthetic_images(bits: int) -> None:
    for i, pixels in enumerate(_cases()):
        assert soft_hash_image(pixels, bits) == _reference(pixels, bits), i


def test_the_hash_is_iscc_cores_on_the_fixtures() -> None:
    compared = 0
    for path in sorted((FIXTURES / "media").iterdir()):
        image = decode(path)
        if isinstance(image, Refused):
            continue
        grey = image.convert("L").resize((ISCC_SIDE, ISCC_SIDE), Image.Resampling.BICUBIC)
        pixels = np.asarray(grey, dtype=np.uint8)
        assert soft_hash_image(pixels) == _reference(pixels, 64), path.name
        compared += 1
    assert compared >= 20


def test_other_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="32x32"):
        soft_hash_image(np.zeros((16, 16), dtype=np.uint8))
    with pytest.raises(ValueError, match="64, 128"):
        soft_hash_image(np.zeros((32, 32), dtype=np.uint8), bits=32)


def test_several_images_hashed_together_get_each_its_own_hash() -> None:
    cases = _cases()
    together = soft_hash_images(np.stack(cases))
    assert together == [_reference(pixels, 64) for pixels in cases]


def test_the_canonical_text_is_iscc_cores() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        digest = rng.bytes(8)
        expected = iscc_core.encode_component(
            mtype=iscc_core.MT.CONTENT,
            stype=iscc_core.ST_CC.IMAGE,
            version=iscc_core.VS.V0,
            bit_length=64,
            digest=digest,
        )
        assert iscc_code(digest) == "ISCC:" + expected
    with pytest.raises(ValueError, match="64-bit"):
        iscc_code(bytes(16))
