"""AUTOMATIC1111-style parameters text: what counts as generator parameters, and what is read from it."""

from __future__ import annotations

import time

import pytest

from provenance.models import Generator
from provenance.readers.generators.a1111 import MAX_TEXT, finding, settings_pairs, split_a1111
from provenance.readers.generators.common import to_report

SETTINGS = (
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model hash: 0123abcd, Model: dream"
)


def parse(text: str, show_prompts: bool = False) -> Generator | None:
    found = finding(text, "parameters")
    if found is None:
        return None
    generator, _ = to_report(
        found,
        evidence_source="png-text",
        generator_source="png:tEXt parameters",
        raw_text=text,
        show_prompts=show_prompts,
    )
    return generator


def test_reads_name_version_model_and_source() -> None:
    generator = parse(f"a cat\nNegative prompt: a dog\n{SETTINGS}, Version: v1.6.0")
    assert generator is not None
    assert (generator.name, generator.version, generator.model) == ("AUTOMATIC1111", "1.6.0", "dream")
    assert generator.source == "png:tEXt parameters"
    assert generator.prompt_present


def test_prompt_text_only_when_asked() -> None:
    text = f"a cat\nNegative prompt: a dog\n{SETTINGS}"
    hidden, shown = parse(text), parse(text, show_prompts=True)
    assert hidden is not None and hidden.prompt is None and hidden.prompt_present
    assert shown is not None and shown.prompt == "a cat"


def test_missing_negative_prompt() -> None:
    params = split_a1111(f"portrait of a knight\n{SETTINGS}")
    assert params is not None
    assert (params.prompt, params.negative_prompt) == ("portrait of a knight", "")


def test_multi_line_prompt_and_negative() -> None:
    params = split_a1111(f"line one\nline two\nNegative prompt: bad\nworse\n{SETTINGS}")
    assert params is not None
    assert params.prompt == "line one\nline two"
    assert params.negative_prompt == "bad\nworse"


def test_settings_alone_mean_no_prompt() -> None:
    generator = parse(SETTINGS)
    assert generator is not None and not generator.prompt_present


def test_quoted_values_keep_their_commas_and_colons() -> None:
    line = (
        f'{SETTINGS}, Lora hashes: "detail: 1f2e, style: 3c4b", '
        'Template: "say \\"hi\\", then", Version: v1.9.4'
    )
    pairs = settings_pairs(line)
    assert pairs["Lora hashes"] == "detail: 1f2e, style: 3c4b"
    assert pairs["Template"] == 'say "hi", then'
    assert pairs["Version"] == "v1.9.4"


def test_unterminated_quote_does_not_break_parsing() -> None:
    pairs = settings_pairs('Steps: 20, Seed: 3, Note: "never closed, Model: x')
    assert pairs["Steps"] == "20" and pairs["Seed"] == "3"
    assert pairs["Note"].startswith("never closed")


def test_segment_without_key_is_skipped() -> None:
    assert settings_pairs("Steps: 20, stray words, Seed: 5") == {"Steps": "20", "Seed": "5"}


@pytest.mark.parametrize(
    ("version", "name", "reported"),
    [
        ("v1.10.1", "AUTOMATIC1111", "1.10.1"),  # one version format: no "v"
        ("f0.0.17v1.8.0rc-latest-276-g29be1da7", "Forge", "f0.0.17v1.8.0rc-latest-276-g29be1da7"),
        ("f2.0.1v1.10.1-previous-313-g1a2b3c4d", "Forge", "f2.0.1v1.10.1-previous-313-g1a2b3c4d"),
        ("Fooocus v2.5.5", "Fooocus", "2.5.5"),
        ("ComfyUI", "ComfyUI", None),
    ],
)
def test_version_names_the_front_end(version: str, name: str, reported: str | None) -> None:
    generator = parse(f"x\n{SETTINGS}, Version: {version}")
    assert generator is not None
    assert (generator.name, generator.version) == (name, reported)


def test_app_setting_names_sd_next() -> None:
    generator = parse(f"x\n{SETTINGS}, App: SD.Next, Version: 3c952675")
    assert generator is not None and (generator.name, generator.version) == ("SD.Next", "3c952675")


def test_no_version_defaults_to_automatic1111() -> None:
    generator = parse(f"x\n{SETTINGS}")
    assert generator is not None and (generator.name, generator.version) == ("AUTOMATIC1111", None)


def test_trailing_line_after_settings_is_tolerated() -> None:
    params = split_a1111(f"a cat\n{SETTINGS}\n")
    assert params is not None and params.prompt == "a cat"
    params = split_a1111(f"a cat\n{SETTINGS}\nsomething an extension appended")
    assert params is not None and params.model == "dream"


def test_windows_line_ends_and_exif_padding() -> None:
    generator = parse(f"a cat\r\nNegative prompt: dog\r\n{SETTINGS}\x00\x00")
    assert generator is not None and generator.model == "dream"


@pytest.mark.parametrize(
    "caption",
    [
        "Sunset over the harbour. We climbed 300 steps to get this view.",
        "Steps: the old harbour stairs at dawn, seen from the ferry. Seed: none.",
        "Steps: 20",
        "Steps: 20, Mood: calm, Weather: fog",
        "Steps: twenty, Seed: 1, Size: 512x512",
        "Steps: 20, Seed: lots, Size: big, CFG scale: high",
        "Steps: 0, Seed: 1",
        "Dance steps: 4, Seed: 12",
        "",
    ],
)
def test_ordinary_captions_do_not_count(caption: str) -> None:
    assert parse(caption) is None


def test_oversized_text_is_not_parsed() -> None:
    assert parse("a" * MAX_TEXT + "\n" + SETTINGS) is None


def test_fooocus_a1111_scheme_real_shape() -> None:
    text = (
        "a smiling goldfish\nNegative prompt: blurry\n"
        "Steps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 695, CFG scale: 4, Size: 768x1280, "
        "Model: juggernautXL_v8Rundiffusion, Model hash: aeb7e9e689, Version: Fooocus v2.4.3"
    )
    generator = parse(text)
    assert generator is not None
    assert (generator.name, generator.version, generator.model) == (
        "Fooocus",
        "2.4.3",
        "juggernautXL_v8Rundiffusion",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Steps: 1," + " " * 200_000 + "x",
        "Steps: 1, k" + " " * 200_000 + "x",
        "Steps: 1, " * 20_000 + "\n" + " " * 200_000,
        "\n" * 200_000 + "Steps: 1, Seed: 2",
    ],
)
def test_hostile_text_parses_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    parse(text)
    assert time.perf_counter() - start < 2.0  # a quadratic pattern would take minutes here
