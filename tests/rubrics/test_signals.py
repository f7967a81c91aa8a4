"""The official signals of signed fixtures, by the bundled signals rubric evaluated on each manifest."""

from __future__ import annotations

import pytest

from provenance.readers.c2pa.crjson import read_crjson
from provenance.rubrics import INCEPTION, TRANSFORMATION, SignalsReport, official_signals, signal_id
from tests.helpers import fixture


def _signals(name: str) -> SignalsReport:
    document = read_crjson(fixture(name))
    assert document is not None
    report = official_signals(document)
    assert report.errors == ()
    return report


@pytest.mark.parametrize(
    ("name", "inception"),
    [
        ("ai_generated.jpg", ("fullyGenAIMedia",)),
        ("ai_generated.wav", ("fullyGenAIMedia",)),
        ("captured.jpg", ("capturedMedia",)),
        ("human_made.jpg", ("nonGenAIDigitalCreation",)),
        ("synthetic.png", ()),  # algorithmicMedia has no signal of its own
    ],
)
def test_a_created_file_claims_the_inception_signal_of_its_source_type(
    name: str, inception: tuple[str, ...]
) -> None:
    active = _signals(name).active
    assert active is not None and active.inception == inception


def test_an_ai_edit_of_a_capture_claims_perceptible_genai_over_a_captured_parent() -> None:
    report = _signals("ai_edited.jpg")
    assert [m.ids for m in report.manifests] == [
        ("ambiguousActions", "perceptibleGenAI"),
        ("capturedMedia", "ambiguousActions"),
    ]


def test_an_edit_declaring_composite_is_possibly_genai_and_non_genai() -> None:
    active = _signals("gemini_like.jpg").active
    assert active is not None
    assert active.inception == ("fullyGenAIMedia",)
    assert set(active.transformation) == {
        "ambiguousActions",
        "perceptibleNonGenAI",
        "perceptiblePossiblyGenAI",
    }


def test_each_signal_carries_its_text_rubric_and_version() -> None:
    active = _signals("ai_generated.jpg").active
    assert active is not None
    signal = active.signals[0]
    assert (signal.id, signal.statement, signal.kind, signal.text) == (
        "fullyGenAIMedia",
        "inception:signal_fullyGenAIMedia",
        "inception",
        "Contains Fully GenAI Media",
    )
    assert (signal.rubric, signal.version) == ("C2PA Asset Signals Rubric (Local)", "1.0")


def test_signal_ids_are_those_of_the_conforming_products_list() -> None:
    assert signal_id("inception:signal_capturedMedia") == ("inception", "capturedMedia")
    assert signal_id("validation:valid_success") is None
    assert len(INCEPTION) == 9 and len(TRANSFORMATION) == 5
