"""The EXIF/IPTC-IIM reader: software, camera fields, UserComment charsets, generator parameters, IIM."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from PIL import Image

from provenance.containers import Blobs, TextChunk
from provenance.models import Check, Origin, Tool
from provenance.readers.base import ReaderOutput
from provenance.readers.exif import ExifReader
from provenance.readers.exif_text import iim_fields, user_comment
from provenance.readers.generators import GeneratorReader
from tests.helpers import corpus, fixture
from tests.metadata_samples import blobs_of, context, iim_record

A1111 = (
    "a castle on a hill\nNegative prompt: fog\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model: dreamshaper_8, Version: v1.9.4"
)


def exif_blob(ifd0: dict[int, str | bytes], exif_ifd: dict[int, bytes] | None = None) -> bytes:
    tags = Image.Exif()
    for tag, value in ifd0.items():
        tags[tag] = value
    if exif_ifd:
        tags[0x8769] = exif_ifd
    return tags.tobytes()[6:]  # without "Exif\0\0", as the walkers deliver it


def read(*exif: bytes, iim: tuple[bytes, ...] = (), show_prompts: bool = False) -> ReaderOutput:
    return ExifReader().read(context(Blobs(exif=exif, iptc_iim=iim), show_prompts=show_prompts))


def fields(output: ReaderOutput) -> dict[str, Origin | None]:
    return {e.field: e.origin for e in output.evidence}


def test_camera_make_and_model_are_informational() -> None:
    output = read(exif_blob({0x010F: "Canon", 0x0110: "Canon EOS R5"}))
    assert fields(output) == {"IFD0:Make": None, "IFD0:Model": None}
    assert all(e.tool is None for e in output.evidence)


@pytest.mark.parametrize(
    ("software", "tool"),
    [
        ("Fooocus v2.5.5", Tool("Fooocus", "2.5.5", "metadata", ("Fooocus v2.5.5",))),
        ("NovelAI", Tool("NovelAI", None, "metadata", ("NovelAI",))),
        ("Midjourney", Tool("Midjourney", None, "metadata", ("Midjourney",))),
    ],
)
def test_software_naming_an_ai_generator(software: str, tool: Tool) -> None:
    (evidence,) = read(exif_blob({0x0131: software})).evidence
    assert (evidence.field, evidence.origin, evidence.tool) == ("IFD0:Software", Origin.AI_GENERATED, tool)


@pytest.mark.parametrize(
    "software", ["GIMP 2.10.34", "Adobe Photoshop 25.6 (Macintosh)", "17.5.1", "Titanium Backup"]
)
def test_ordinary_software_declares_no_origin(software: str) -> None:
    (evidence,) = read(exif_blob({0x0131: software})).evidence
    assert evidence.origin is None


def test_artist_and_description_are_informational() -> None:
    output = read(exif_blob({0x013B: "Jane Doe", 0x010E: "Harbour at dawn"}))
    assert fields(output) == {"IFD0:ImageDescription": None, "IFD0:Artist": None}


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"ASCII\x00\x00\x00plain words", "plain words"),
        (b"UNICODE\x00" + "caf\u00e9 \u4e16\u754c".encode("utf-16-be"), "caf\u00e9 \u4e16\u754c"),
        (b"UNICODE\x00" + "Steps: 20".encode("utf-16-le"), "Steps: 20"),
        (b"UNICODE\x00" + "\ufeffbom".encode("utf-16-le"), "bom"),
        (b"\x00" * 8 + "utf-8 \u00e9".encode(), "utf-8 \u00e9"),
        (b"no prefix at all", "no prefix at all"),
        ("fooocus ifd0 string\x00", "fooocus ifd0 string"),
        (b"ASCII\x00\x00\x00\x00\x00\x00", None),
    ],
)
def test_user_comment_charsets(raw: bytes | str, text: str | None) -> None:
    assert user_comment(raw) == text


def test_a1111_user_comment_reads_as_the_png_parameters_chunk_does() -> None:
    output = read(exif_blob({}, {0x9286: b"UNICODE\x00" + A1111.encode("utf-16-be")}))
    png = GeneratorReader().read(context(Blobs(text=(TextChunk("parameters", A1111, "tEXt"),))))
    (generator,), (png_generator,) = output.generators, png.generators
    assert generator == replace(png_generator, source="exif:UserComment")
    (evidence,), (png_evidence,) = output.evidence, png.evidence
    assert (evidence.source, evidence.field) == ("exif", "ExifIFD:UserComment")
    assert (evidence.meaning, evidence.raw) == (png_evidence.meaning, png_evidence.raw)
    assert evidence.origin is Origin.AI_GENERATED
    assert evidence.tool == Tool(generator.name, generator.version, "metadata", ("ExifIFD:UserComment",))
    assert "castle" not in evidence.raw and evidence.raw.startswith("Steps: 20")


def test_a1111_prompt_is_shown_only_when_asked() -> None:
    blob = exif_blob({}, {0x9286: b"UNICODE\x00" + A1111.encode("utf-16-be")})
    hidden, shown = read(blob), read(blob, show_prompts=True)
    assert hidden.generators[0].prompt is None and "castle" not in hidden.evidence[0].raw
    assert shown.generators[0].prompt is not None and "castle" in shown.evidence[0].raw


def test_json_user_comment_shows_only_its_keys_without_show_prompts() -> None:
    blob = exif_blob({}, {0x9286: b'ASCII\x00\x00\x00{"prompt": "secret words", "seed": 1}'})
    (evidence,) = read(blob).evidence
    assert "secret" not in evidence.raw and "prompt, seed" in evidence.raw


def test_tc260_label_in_user_comment() -> None:
    label = b'{"AIGC":{"Label":"1","ContentProducer":"Jimeng","ProduceID":"7"}}'
    (evidence,) = read(exif_blob({}, {0x9286: b"ASCII\x00\x00\x00" + label})).evidence
    assert evidence.origin is Origin.AI_GENERATED
    assert evidence.tool is not None and evidence.tool.name == "Jimeng"


def test_corrupt_exif_is_a_problem_not_an_exception() -> None:
    (check,) = read(b"MM\x00*\x00\x00\x00\x08\xff\xff\x00\x00").checks
    assert check.name == "exif" and check.detail is not None and "EXIF block 1" in check.detail


def test_damaged_exif_never_raises() -> None:
    blob = exif_blob({0x0131: "Fooocus v2.5.5", 0x010F: "Canon"}, {0x9286: b"ASCII\x00\x00\x00words"})
    rng = random.Random(7)
    for _ in range(300):
        damaged = bytearray(blob)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        assert read(bytes(damaged)).checks[0].name == "exif"
    for cut in range(len(blob)):
        assert read(blob[:cut]).checks[0].name == "exif"


def test_check_counts_blocks() -> None:
    assert read().checks == (Check("exif", True, "0 EXIF, 0 IPTC-IIM blocks"),)


@pytest.mark.parametrize(
    ("credit", "origin"),
    [(b"Made with Google AI", Origin.AI_GENERATED), (b"Edited with Google AI", Origin.AI_EDITED)],
)
def test_iim_google_credit(credit: bytes, origin: Origin) -> None:
    (evidence,) = read(iim=(iim_record(2, 110, credit),)).evidence
    assert (evidence.source, evidence.field, evidence.origin) == ("iptc", "IPTC:Credit", origin)
    assert evidence.tool is not None and evidence.tool.name == "Google Gemini / Imagen / Veo"


def test_iim_other_fields_are_informational() -> None:
    iim = iim_record(2, 5, b"Title") + iim_record(2, 80, b"J\xf6rg") + iim_record(2, 120, b"A caption")
    output = read(iim=(iim,))
    assert fields(output) == {"IPTC:ObjectName": None, "IPTC:By-line": None, "IPTC:Caption-Abstract": None}
    assert output.evidence[1].raw == "J\u00f6rg"  # latin-1 fallback


def test_iim_extended_length_and_truncation() -> None:
    extended = b"\x1c\x02\x78\x80\x04" + (5).to_bytes(4, "big") + b"words"
    assert iim_fields(extended + b"\x1c\x02\x6e\x00\x50short") == [("IPTC:Caption-Abstract", "words")]
    assert iim_fields(b"\x1c\x02\x78\x80\x09" + b"\x00" * 9) == []


def test_fooocus_fixture() -> None:
    output = ExifReader().read(context(blobs_of(fixture("exif_fooocus.jpg").read_bytes(), "image/jpeg")))
    assert fields(output) == {"IFD0:Software": Origin.AI_GENERATED, "IFD0:UserComment": Origin.AI_GENERATED}
    assert [g.name for g in output.generators] == ["Fooocus"]


def test_iptc_credit_fixture() -> None:
    output = ExifReader().read(
        context(blobs_of(fixture("iptc_credit_google.jpg").read_bytes(), "image/jpeg"))
    )
    assert fields(output) == {"IPTC:Credit": Origin.AI_GENERATED}


def test_camera_fixture() -> None:
    output = ExifReader().read(context(blobs_of(fixture("exif_camera.jpg").read_bytes(), "image/jpeg")))
    assert fields(output) == {"IFD0:Make": None, "IFD0:Model": None}


def test_corpus_a1111_jpeg() -> None:
    path = corpus("real-world/d3x-at__sd-parsers/automatic1111_cropped.jpg")
    output = ExifReader().read(context(blobs_of(path.read_bytes(), "image/jpeg")))
    assert [g.name for g in output.generators] == ["AUTOMATIC1111"]
    assert fields(output) == {"ExifIFD:UserComment": Origin.AI_GENERATED}


def test_corpus_comfyui_webp_names_comfyui_not_a_camera() -> None:
    path = corpus("real-world/comfyanonymous__ComfyUI_examples/flux_kontext_example_comic.webp")
    output = ExifReader().read(context(blobs_of(path.read_bytes(), "image/webp")))
    assert fields(output) == {"IFD0:Make/Model": Origin.AI_GENERATED}
    (generator,) = output.generators
    assert (generator.name, generator.model, generator.prompt) == (
        "ComfyUI",
        "flux1-kontext-dev.safetensors",
        None,
    )


def test_corpus_camera_files_never_declare_an_origin() -> None:
    folder = corpus("real-world/ianare__exif-py")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".heic"))
    assert files
    for path in files:
        media_type = "image/heic" if path.suffix == ".heic" else "image/jpeg"
        output = ExifReader().read(context(blobs_of(path.read_bytes(), media_type)))
        assert [e.origin for e in output.evidence if e.origin is not None] == [], path.name


def test_corpus_iphone_heic_make_and_model() -> None:
    path = corpus("real-world/ianare__exif-py/iphone_13_pro_max.heic")
    output = ExifReader().read(context(blobs_of(path.read_bytes(), "image/heic")))
    assert {e.field: e.raw for e in output.evidence if e.field in ("IFD0:Make", "IFD0:Model")} == {
        "IFD0:Make": "Apple",
        "IFD0:Model": "iPhone 13 Pro Max",
    }
