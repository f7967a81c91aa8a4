"""A soft binding the file's own manifest declares, for an algorithm computed here (``io.iscc.v0``), is
checked against the file's pixels: the declared value beside the computed one, and their distance."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from provenance import inspect
from provenance.fingerprints import fingerprint
from tests.helpers import FIXTURES, no_trust

Signed = Callable[[str], bytes]


@pytest.fixture(scope="module")
def signed_with_binding() -> Iterator[tuple[Signed, bytes]]:
    """Sign the fixtures' captured scene with a manifest declaring ``io.iscc.v0`` = the given value."""
    pytest.importorskip("cryptography")
    pytest.importorskip("iscc_core")
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_fixtures as mf

        pki = mf.build_pki()
        context = mf.builder_context(pki.root.pem.decode(), mf.eku_config_text())
        media = mf.base_media("capture", "jpg")

        def sign(value: str) -> bytes:
            binding: dict[str, Any] = {
                "label": "c2pa.soft-binding",
                "data": {"alg": "io.iscc.v0", "blocks": [{"scope": {}, "value": value}]},
            }
            definition = mf.manifest(
                "bound.jpg",
                [mf.action("c2pa.created", source_type=mf.DIGITAL_CAPTURE, software=mf.CAMERA)],
                [binding],
            )
            signed: bytes = mf.sign(pki.es256, definition, "image/jpeg", media, context)
            return signed

        yield sign, media
    finally:
        sys.path.remove(str(FIXTURES))


def test_a_declared_iscc_that_fits_the_pixels_is_reported_as_matching(
    signed_with_binding: tuple[Signed, bytes],
) -> None:
    sign, media = signed_with_binding
    value = fingerprint(io.BytesIO(media)).fingerprints[0].value
    report = inspect(sign(value), options=no_trust())  # no option needed: the manifest declares it
    assert report.fingerprints is not None and report.fingerprints.values == ()
    (checked,) = report.fingerprints.soft_bindings
    assert (checked.alg, checked.declared, checked.computed) == ("io.iscc.v0", value, value)
    assert (checked.distance, checked.threshold, checked.matches) == (0, 8, True)


def test_a_declared_iscc_of_another_picture_is_reported_as_not_matching(
    signed_with_binding: tuple[Signed, bytes],
) -> None:
    sign, _ = signed_with_binding
    other = "ISCC:EEA7777777777777"  # the bits of a very different picture
    (checked,) = inspect(sign(other), options=no_trust()).fingerprints.soft_bindings  # type: ignore[union-attr]
    assert checked.matches is False and checked.distance is not None and checked.distance > 8


def test_a_declared_value_that_is_no_iscc_is_not_compared(signed_with_binding: tuple[Signed, bytes]) -> None:
    sign, _ = signed_with_binding
    (checked,) = inspect(sign("not a fingerprint"), options=no_trust()).fingerprints.soft_bindings  # type: ignore[union-attr]
    assert checked.matches is None and checked.distance is None and checked.computed is not None


def test_a_policy_can_test_that_the_declared_binding_fits(signed_with_binding: tuple[Signed, bytes]) -> None:
    from provenance.policy import FACTS

    sign, media = signed_with_binding
    value = fingerprint(io.BytesIO(media)).fingerprints[0].value
    assert FACTS["soft_binding.fits"].read(inspect(sign(value), options=no_trust())) is True
    assert (
        FACTS["soft_binding.fits"].read(inspect(sign("ISCC:EEA7777777777777"), options=no_trust())) is False
    )
