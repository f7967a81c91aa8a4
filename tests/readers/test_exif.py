"""The EXIF/IPTC-IIM reader: software, camera fields, UserComment charsets, generator parameters, IIM."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from PIL import Image

from provenance.containers import Blobs, TextChunk
from provenance.models import Check, Origin, Tool
from provenance.readers.base import ReaderOutput
from provenance.readers.exif import ExifReader
from provenance.readers.exif_text import ifd_bytes, iim_fields, user_comment
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
    evidence = read(exif_blob({}, {0x9286: b"ASCII\x00\x00\x00" + label})).evidence[0]
    assert (evidence.field, evidence.origin) == ("ExifIFD:UserComment", Origin.AI_GENERATED)
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


def utf16(text: str) -> bytes:
    return b"UNICODE\x00" + text.encode("utf-16-be")


def comment_blob(text: str) -> bytes:
    return exif_blob({}, {0x9286: utf16(text)})


AIGC_INFO = (
    '{"aigc_info": {"aigc_label_type": %s, "content_producer": "Doubao", "produce_id": "p-1",'
    ' "content_propagator": "platform-x", "propagate_id": "q-2"}}'
)


def test_aigc_info_label_type_1_declares_ai_generated_and_names_the_producer() -> None:
    deciding = read(comment_blob(AIGC_INFO % 1)).evidence[0]
    assert (deciding.field, deciding.origin) == ("ExifIFD:UserComment", Origin.AI_GENERATED)
    assert deciding.tool is not None and deciding.tool.name == "Doubao"


def test_aigc_info_elements_are_informational_evidence() -> None:
    items = [(e.field, e.raw, e.origin) for e in read(comment_blob(AIGC_INFO % 1)).evidence[1:]]
    assert items == [
        ("TC260:ContentProducer", "Doubao", None),
        ("TC260:ProduceID", "p-1", None),
        ("TC260:ContentPropagator", "platform-x", None),
        ("TC260:PropagateID", "q-2", None),
    ]


@pytest.mark.parametrize(
    ("label_type", "origin"),
    [("1", Origin.AI_GENERATED), ('"1"', Origin.AI_GENERATED), ("2", Origin.UNKNOWN)],
)
def test_aigc_label_types(label_type: str, origin: Origin | None) -> None:
    assert read(comment_blob(AIGC_INFO % label_type)).evidence[0].origin is origin


def test_aigc_label_type_0_is_read_as_no_label_and_declares_nothing() -> None:
    evidence = read(comment_blob(AIGC_INFO % 0)).evidence[0]
    assert evidence.origin is None
    assert evidence.meaning.startswith("AIGC label with aigc_label_type 0: no AI label set")


def test_aigc_info_given_as_json_text_and_flat_label_type() -> None:
    nested = '{"aigc_info": "{\\"aigc_label_type\\": 1}"}'
    assert read(comment_blob(nested)).evidence[0].origin is Origin.AI_GENERATED
    assert read(comment_blob('{"aigc_label_type": 1}')).evidence[0].origin is Origin.AI_GENERATED


SWARMUI = '{"sui_image_params": {"prompt": "a paper boat", "model": "Flux/dev", "swarm_version": "0.9.6.2"}}'


def test_swarmui_json_in_user_comment_names_swarmui() -> None:
    output = read(comment_blob(SWARMUI))
    assert [(g.name, g.version, g.model, g.source, g.prompt) for g in output.generators] == [
        ("SwarmUI", "0.9.6.2", "Flux/dev", "exif:UserComment", None)
    ]
    assert fields(output) == {"ExifIFD:UserComment": Origin.AI_GENERATED}
    assert "paper boat" not in output.evidence[0].raw


def test_swarmui_prompt_is_shown_only_when_asked() -> None:
    assert read(comment_blob(SWARMUI), show_prompts=True).generators[0].prompt == "a paper boat"


COMFY_SERVICE = {
    "resource-stack": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "urn:air:sdxl:1"}},
    "6": {"class_type": "smZ CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["resource-stack", 1]}},
    "3": {"class_type": "KSampler", "inputs": {"model": ["resource-stack", 0], "positive": ["6", 0]}},
    "extraMetadata": json.dumps({"prompt": "a fox in a library"}),
}


def test_comfyui_graph_written_by_a_service_names_comfyui() -> None:
    output = read(comment_blob(json.dumps(COMFY_SERVICE)))
    assert [(g.name, g.model, g.prompt_present) for g in output.generators] == [
        ("ComfyUI", "urn:air:sdxl:1", True)
    ]
    assert fields(output) == {"ExifIFD:UserComment": Origin.AI_GENERATED}


def test_comfyui_prompt_from_extra_metadata_is_shown_only_when_asked() -> None:
    blob = comment_blob(json.dumps(COMFY_SERVICE))
    assert read(blob).generators[0].prompt is None
    assert read(blob, show_prompts=True).generators[0].prompt == "a fox in a library"


def test_comfyui_graph_under_a_key_as_json_text() -> None:
    graph = {k: v for k, v in COMFY_SERVICE.items() if k != "extraMetadata"}
    output = read(comment_blob(json.dumps({"prompt": json.dumps(graph), "seed": 1})))
    assert [g.name for g in output.generators] == ["ComfyUI"]


@pytest.mark.parametrize(
    "data",
    [
        {"prompt": "a fox", "workflow": "none"},
        {"3": {"class_type": "KSampler", "inputs": {"steps": 20}}},
        {"a": {"class_type": "A", "inputs": {}}, "b": {"class_type": "B", "inputs": {"x": ["zz", 0]}}},
        {"nodes": [{"id": 1, "type": "A"}, {"id": 2, "type": "B"}]},
    ],
    ids=["no-graph", "one-node", "unlinked-nodes", "workflow-without-links"],
)
def test_json_without_a_real_node_graph_is_not_comfyui(data: dict[str, object]) -> None:
    output = read(comment_blob(json.dumps(data)))
    assert output.generators == ()
    assert fields(output) == {"ExifIFD:UserComment": None}


def test_fooocus_json_in_ifd0_user_comment() -> None:
    comment = json.dumps({"prompt": "a fox", "base_model": "juggernautXL", "version": "Fooocus v2.5.5"})
    output = read(exif_blob({0x9286: comment}))
    assert [(g.name, g.version, g.model) for g in output.generators] == [("Fooocus", "2.5.5", "juggernautXL")]


@pytest.mark.parametrize(
    ("software", "name"),
    [
        ("FooocusPlus 1.0.0.05, Preset: Default", "FooocusPlus"),
        ("RuinedFooocus", "RuinedFooocus"),
    ],
)
def test_software_names_each_fooocus_fork_as_itself(software: str, name: str) -> None:
    (evidence,) = read(exif_blob({0x0131: software})).evidence
    assert evidence.tool is not None and evidence.tool.name == name


MIDJOURNEY = "a lighthouse --v 7 --ar 16:9 --stylize 250 Job ID: 0b3f7a52-4a53-4d5e-9c6b-2f0c1d7e8a91"


def test_midjourney_iim_caption_names_midjourney() -> None:
    output = read(iim=(iim_record(2, 120, MIDJOURNEY.encode()),))
    assert [(g.name, g.version, g.source, g.prompt) for g in output.generators] == [
        ("Midjourney", "7", "iptc:Caption-Abstract", None)
    ]
    (evidence,) = output.evidence
    assert (evidence.source, evidence.field, evidence.origin) == (
        "iptc",
        "IPTC:Caption-Abstract",
        Origin.AI_GENERATED,
    )
    assert "lighthouse" not in evidence.raw


def test_midjourney_caption_prompt_is_shown_only_when_asked() -> None:
    output = read(iim=(iim_record(2, 120, MIDJOURNEY.encode()),), show_prompts=True)
    assert output.generators[0].prompt == "a lighthouse --v 7 --ar 16:9 --stylize 250"


def test_openai_labs_user_comment_declares_dall_e() -> None:
    (evidence,) = read(exif_blob({}, {0x9286: b"ASCII\x00\x00\x00Made with OpenAI Labs"})).evidence
    assert (evidence.field, evidence.origin) == ("ExifIFD:UserComment", Origin.AI_GENERATED)
    assert evidence.tool == Tool("OpenAI DALL·E", None, "metadata", ("Made with OpenAI Labs",))


@pytest.mark.parametrize(
    ("note", "tool"),
    [(b"OpenAI--ImageGeneration--abc123", "OpenAI"), (b"OpenAI--ImageGeneration--dalle2", "OpenAI DALL·E")],
)
def test_openai_maker_note_declares_ai_generated(note: bytes, tool: str) -> None:
    (evidence,) = read(exif_blob({}, {0x927C: note})).evidence
    assert (evidence.field, evidence.raw, evidence.origin) == (
        "ExifIFD:MakerNote",
        note.decode(),
        Origin.AI_GENERATED,
    )
    assert evidence.tool is not None and evidence.tool.name == tool


def test_a_camera_maker_note_is_not_reported() -> None:
    assert read(exif_blob({}, {0x927C: b"Nikon\x00\x02\x10\x00\x00" + bytes(range(256)) * 4})).evidence == ()


def test_maker_note_is_read_only_up_to_its_cap() -> None:
    blob = exif_blob({}, {0x927C: b"OpenAI--ImageGeneration--" + b"x" * 5000})
    (evidence,) = read(blob).evidence
    assert len(evidence.raw) <= 300 and evidence.origin is Origin.AI_GENERATED


def test_ifd_bytes_limit_cuts_the_value() -> None:
    blob = exif_blob({}, {0x927C: b"0123456789" * 10})
    offset = Image.Exif()
    offset.load(blob)
    assert ifd_bytes(blob, offset.get(0x8769), 0x927C, 16) == b"0123456789012345"
