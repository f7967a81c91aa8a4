"""Every declaration in the real-world corpus, C2PA or not: the expected origin and generator family."""

from __future__ import annotations

import pytest

import provenance
from provenance import InspectOptions, Origin, Strength
from tests.helpers import corpus, label, real_world_rows

AI = {Origin.AI_GENERATED, Origin.AI_EDITED}
DEEP = InspectOptions(deep=True)

# Files whose AI declaration is unsigned metadata -> generator family the tool must name.
UNSIGNED_FAMILIES = {
    "comfyanonymous__ComfyUI_examples/": "ComfyUI",
    "d3x-at__sd-parsers/automatic1111": "AUTOMATIC1111",
    "d3x-at__sd-parsers/fooocus": "Fooocus",
    "d3x-at__sd-parsers/invokeai": "InvokeAI",
    "d3x-at__sd-parsers/novelai": "NovelAI",
    "d3x-at__sd-parsers/img2img": "ComfyUI",
    "d3x-at__sd-parsers/night_evening": "ComfyUI",
    "d3x-at__sd-parsers/noisy_latents": "ComfyUI",
    "d3x-at__sd-parsers/unclip": "ComfyUI",
}


def _family(name: str) -> str | None:
    return next((family for prefix, family in UNSIGNED_FAMILIES.items() if name.startswith(prefix)), None)


@pytest.mark.parametrize("row", real_world_rows(lambda r: label(r) == "ai_declared"), ids=lambda r: r["file"])
def test_every_ai_declared_file_gets_an_ai_origin(row: dict[str, str]) -> None:
    report = provenance.inspect(corpus("real-world") / row["file"], options=DEEP)
    assert report.verdict.origin in AI, report.verdict.summary
    family = _family(row["file"])
    if row["has_c2pa"] != "yes":
        assert family is not None, "every unsigned AI file of the index has an expected family here"
        assert report.verdict.tool is not None and report.verdict.tool.name == family
        assert report.verdict.strength is Strength.UNSIGNED
        assert [g.name for g in report.generators][:1] == [family]


@pytest.mark.parametrize("row", real_world_rows(lambda r: label(r) == "none"), ids=lambda r: r["file"])
def test_files_labelled_none_never_get_an_ai_origin_even_with_deep_checks(row: dict[str, str]) -> None:
    verdict = provenance.inspect(corpus("real-world") / row["file"], options=DEEP).verdict
    assert verdict.origin in (Origin.UNKNOWN, Origin.CAPTURED)


def test_ai_edit_declarations_are_ai_edited() -> None:
    # Photoshop Generative Fill: c2pa.placed with trainedAlgorithmicMedia.
    path = corpus("real-world/digimarc-corp__c2pa-content-credentials-extension/gen-fill.jpg")
    assert provenance.inspect(path).verdict.origin is Origin.AI_EDITED


def test_prompts_are_hidden_unless_asked() -> None:
    path = corpus("real-world/d3x-at__sd-parsers/automatic1111_cropped.png")
    hidden = provenance.inspect(path)
    assert hidden.generators[0].prompt_present and hidden.generators[0].prompt is None
    prompt = provenance.inspect(path, options=InspectOptions(show_prompts=True)).generators[0].prompt
    assert prompt
    assert all(prompt not in e.raw for e in hidden.evidence)
