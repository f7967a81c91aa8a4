"""The AI-generator reader over PNG text chunks (and Draw Things XMP): which generator, what it declares."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from PIL import Image

from provenance.containers import Blobs, TextChunk
from provenance.models import Origin, Strength
from provenance.readers.base import ReadContext, ReaderOutput
from provenance.readers.generators import GeneratorReader
from provenance.readers.generators.common import MAX_JSON
from tests.helpers import corpus, fixture

A1111 = "a cat\nNegative prompt: a dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: dream"
COMFY_PROMPT = {
    "3": {"class_type": "KSampler", "inputs": {"positive": ["6", 0], "negative": ["7", 0], "steps": 20}},
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "base.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a red fox"}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "watermark"}},
}


def read(chunks: dict[str, str], *, show_prompts: bool = False, xmp: tuple[bytes, ...] = ()) -> ReaderOutput:
    blobs = Blobs(text=tuple(TextChunk(k, v, "tEXt") for k, v in chunks.items()), xmp=xmp)
    ctx = ReadContext(blobs, io.BytesIO(), "image/png", 0, show_prompts=show_prompts)
    return GeneratorReader().read(ctx)


def read_png(path: Path, *, show_prompts: bool = False) -> ReaderOutput:
    with Image.open(path) as image:
        text = dict(getattr(image, "text", {}))
        xmp = image.info.get("xmp")
    return read(text, show_prompts=show_prompts, xmp=(xmp,) if isinstance(xmp, bytes) else ())


def names(output: ReaderOutput) -> list[str]:
    return [g.name for g in output.generators]


def test_reader_identity() -> None:
    reader = GeneratorReader()
    assert (reader.name, reader.deep) == ("generators", False)


def test_a1111_parameters_give_generator_and_unsigned_ai_evidence() -> None:
    out = read({"parameters": A1111})
    (generator,) = out.generators
    assert (generator.name, generator.model, generator.source) == (
        "AUTOMATIC1111",
        "dream",
        "png:tEXt parameters",
    )
    (item,) = out.evidence
    assert (item.source, item.field, item.strength, item.origin) == (
        "png-text",
        "parameters",
        Strength.UNSIGNED,
        Origin.AI_GENERATED,
    )
    assert item.tool is not None and (item.tool.name, item.tool.source) == ("AUTOMATIC1111", "metadata")
    assert out.checks[0].name == "generators" and out.checks[0].ran


def test_prompt_stays_out_of_report_unless_asked() -> None:
    hidden = read({"parameters": A1111})
    assert hidden.generators[0].prompt is None and hidden.generators[0].prompt_present
    assert "a cat" not in hidden.evidence[0].raw and "a dog" not in hidden.evidence[0].raw
    shown = read({"parameters": A1111}, show_prompts=True)
    assert shown.generators[0].prompt == "a cat"
    assert shown.evidence[0].raw.startswith("a cat")


def test_comfyui_prompt_hidden_by_default() -> None:
    out = read({"prompt": json.dumps(COMFY_PROMPT)})
    assert out.generators[0].prompt is None
    assert "red fox" not in out.evidence[0].raw


def test_evidence_excerpt_is_short() -> None:
    out = read({"parameters": "x" * 5000 + "\n" + A1111.split("\n")[-1] + ", Note: " + "y" * 5000})
    assert len(out.evidence[0].raw) <= 200


@pytest.mark.parametrize(
    ("name", "generator", "version", "model"),
    [
        ("gen_a1111.png", "AUTOMATIC1111", "1.6.0", "fixtureModel_v1"),
        ("gen_comfyui.png", "ComfyUI", None, "fixture_xl.safetensors"),
        ("gen_novelai.png", "NovelAI", None, "NovelAI Diffusion V4 4F49EC75"),
        ("gen_invokeai.png", "InvokeAI", "4.2.9", "fixture-sdxl"),
        ("gen_fooocus.png", "Fooocus", "2.5.5", "fixtureXL_v8"),
        ("gen_swarmui.png", "SwarmUI", "0.9.6.2", "Flux/fixture-flux"),
        ("gen_ruinedfooocus.png", "RuinedFooocus", None, "fixtureXL_ruined.safetensors"),
        ("gen_fooocusplus.png", "FooocusPlus", "1.0.0.05", "fixtureXL_v9"),
    ],
)
def test_synthetic_fixtures(name: str, generator: str, version: str | None, model: str) -> None:
    out = read_png(fixture(name))
    assert [(g.name, g.version, g.model, g.prompt_present) for g in out.generators] == [
        (generator, version, model, True)
    ]


def test_comfyui_prompt_text_follows_the_positive_link() -> None:
    out = read({"prompt": json.dumps(COMFY_PROMPT)}, show_prompts=True)
    assert out.generators[0].prompt == "a red fox"


def test_caption_only_fixture_counts_for_nothing() -> None:
    out = read_png(fixture("gen_caption_only.png"))
    assert out.generators == () and out.evidence == ()
    assert out.checks[0].ran


def test_plain_text_prompt_chunk_is_not_comfyui() -> None:
    assert read({"prompt": "a watercolour of my garden"}).generators == ()


def test_comfyui_workflow_alone() -> None:
    workflow = {"nodes": [{"type": "UNETLoader", "widgets_values": ["flux1-dev.safetensors", "default"]}]}
    out = read({"workflow": json.dumps(workflow)})
    assert [(g.name, g.model) for g in out.generators] == [("ComfyUI", "flux1-dev.safetensors")]


def test_comfyui_img2img_still_ai_generated_with_a_note() -> None:
    graph = dict(COMFY_PROMPT)
    graph["10"] = {"class_type": "LoadImage", "inputs": {"image": "photo.png"}}
    graph["12"] = {"class_type": "VAEEncode", "inputs": {"pixels": ["10", 0]}}
    (item,) = read({"prompt": json.dumps(graph)}).evidence
    assert item.origin is Origin.AI_GENERATED
    assert "img2img" in item.meaning


@pytest.mark.parametrize(
    ("chunks", "problem"),
    [
        ({"prompt": '{"3": {"class_type": "KSampler", '}, "not valid JSON"),
        ({"workflow": "{nodes: [}"}, "not valid JSON"),
        ({"parameters": '{"sui_image_params": '}, "not valid JSON"),
        ({"invokeai_metadata": "[1, 2"}, "not valid JSON"),
        ({"prompt": "[" * 200_000 + "]" * 200_000}, "JSON"),
        ({"prompt": "{" + " " * MAX_JSON + "}"}, "limit"),
        ({"invokeai_metadata": "[1, 2, 3]"}, "not an object"),
    ],
)
def test_malformed_json_becomes_a_check_detail(chunks: dict[str, str], problem: str) -> None:
    out = read(chunks)
    assert out.generators == ()
    assert out.checks[0].detail is not None and problem in out.checks[0].detail


def test_novelai_real_chunk_shape() -> None:
    out = read(
        {
            "Title": "AI generated image",
            "Description": "masterpiece, cat, space",
            "Software": "NovelAI",
            "Source": "Stable Diffusion XL C1E1DE52",
            "Comment": '{"steps": 28, "sampler": "k_euler", "seed": 1}',
        },
        show_prompts=True,
    )
    (generator,) = out.generators
    assert (generator.name, generator.model, generator.prompt) == (
        "NovelAI",
        "Stable Diffusion XL C1E1DE52",
        "masterpiece, cat, space",
    )


def test_novelai_title_and_comment_without_software() -> None:
    out = read({"Title": "AI generated image", "Comment": '{"steps": 28, "sampler": "k_euler"}'})
    assert names(out) == ["NovelAI"]


def test_title_alone_is_not_enough() -> None:
    assert read({"Title": "AI generated image"}).generators == ()


def test_invokeai_dream_line() -> None:
    out = read(
        {"Dream": '"a castle on a hill" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms'}, show_prompts=True
    )
    assert [(g.name, g.prompt) for g in out.generators] == [("InvokeAI", "a castle on a hill")]


def test_invokeai_sd_metadata() -> None:
    meta = {
        "model_weights": "deliberate_v08",
        "app_id": "invoke-ai/InvokeAI",
        "app_version": "2.3.0",
        "image": {"prompt": [{"prompt": "a knight", "weight": 1.0}], "type": "img2img"},
    }
    out = read({"sd-metadata": json.dumps(meta)})
    (generator,) = out.generators
    assert (generator.name, generator.version, generator.model) == ("InvokeAI", "2.3.0", "deliberate_v08")
    assert "input image" in out.evidence[0].meaning


def test_fooocus_scheme_with_a1111_text() -> None:
    text = A1111 + ", Version: Fooocus v2.5.5"
    out = read({"parameters": text, "fooocus_scheme": "a1111"})
    assert [(g.name, g.version) for g in out.generators] == [("Fooocus", "2.5.5")]


RUINED = {"Prompt": "a diving helmet", "base_model_name": "ruined.safetensors", "software": "RuinedFooocus"}
PLUS = {
    "Prompt": "a tin robot",
    "Base Model": "plusXL",
    "Backend Engine": "SDXL-Fooocus",
    "Metadata Scheme": "Fooocus",
    "Version": "1.0.0.05",
}


@pytest.mark.parametrize("keyword", ["parameters", "Parameters"])
def test_ruinedfooocus_parameters_name_ruinedfooocus(keyword: str) -> None:
    out = read({keyword: json.dumps(RUINED)}, show_prompts=True)
    assert [(g.name, g.version, g.model, g.prompt) for g in out.generators] == [
        ("RuinedFooocus", None, "ruined.safetensors", "a diving helmet")
    ]
    assert out.evidence[0].tool is not None and out.evidence[0].tool.name == "RuinedFooocus"


@pytest.mark.parametrize("keyword", ["Comment", "parameters"])
def test_fooocusplus_label_keyed_json_names_fooocusplus(keyword: str) -> None:
    out = read({keyword: json.dumps(PLUS)})
    assert [(g.name, g.version, g.model, g.prompt_present) for g in out.generators] == [
        ("FooocusPlus", "1.0.0.05", "plusXL", True)
    ]
    assert (out.evidence[0].field, out.evidence[0].origin) == (keyword, Origin.AI_GENERATED)


def test_fooocusplus_shape_with_a_version_naming_another_product_is_not_fooocusplus() -> None:
    assert read({"Comment": json.dumps({**PLUS, "Version": "SimpleSDXL2_1.0"})}).generators == ()


def test_a_comment_json_without_fooocusplus_keys_is_nothing() -> None:
    assert read({"Comment": json.dumps({"Prompt": "a cat", "Version": "1.0.0"})}).generators == ()


TC260 = (
    '{"Label":"1","ContentProducer":"Jimeng","ProduceID":"p-1","ContentPropagator":"c-2","PropagateID":"q-3"}'
)


def test_aigc_text_chunk_declares_ai_generated_and_names_the_producer() -> None:
    out = read({"AIGC": TC260})
    assert out.generators == ()
    deciding = out.evidence[0]
    assert (deciding.source, deciding.field, deciding.origin) == ("png-text", "AIGC", Origin.AI_GENERATED)
    assert deciding.tool is not None and deciding.tool.name == "Jimeng"


def test_aigc_text_chunk_shows_each_element_as_informational_evidence() -> None:
    items = [(e.field, e.raw, e.origin, e.tool) for e in read({"AIGC": TC260}).evidence[1:]]
    assert items == [
        ("TC260:ContentProducer", "Jimeng", None, None),
        ("TC260:ProduceID", "p-1", None, None),
        ("TC260:ContentPropagator", "c-2", None, None),
        ("TC260:PropagateID", "q-3", None, None),
    ]


def test_aigc_text_chunk_that_is_not_json_is_unknown() -> None:
    (item,) = read({"AIGC": "Label=1"}).evidence
    assert (item.field, item.origin) == ("AIGC", Origin.UNKNOWN)


def test_midjourney_description() -> None:
    out = read(
        {
            "Description": "a lighthouse --ar 2:1 --v 6.1 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3",
            "Author": "someone",
        },
        show_prompts=True,
    )
    (generator,) = out.generators
    assert (generator.name, generator.version) == ("Midjourney", "6.1")
    assert generator.prompt == "a lighthouse --ar 2:1 --v 6.1"
    assert out.evidence[0].field == "Description"


def test_niji_version() -> None:
    out = read({"Description": "fox --niji 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3"})
    assert out.generators[0].version == "niji 6"


def test_description_without_job_id_is_a_caption() -> None:
    assert read({"Description": "Taken with --v 6 of my camera app"}).generators == ()


DRAW_THINGS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    b' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/">'
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">a cat&#xA;-blurry&#xA;Steps: 8, Sampler: Euler A,'
    b" Model: sd_xl.ckpt</rdf:li></rdf:Alt></dc:description>"
    b"<xmp:CreatorTool>Draw Things</xmp:CreatorTool>"
    b'<exif:UserComment><rdf:Alt><rdf:li xml:lang="x-default">{&quot;c&quot;:&quot;a cat&quot;,'
    b"&quot;model&quot;:&quot;flux_schnell.ckpt&quot;,&quot;steps&quot;:8}</rdf:li></rdf:Alt></exif:UserComment>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def test_draw_things_xmp_packet() -> None:
    out = read({}, xmp=(DRAW_THINGS_XMP,), show_prompts=True)
    (generator,) = out.generators
    assert (generator.name, generator.model, generator.prompt) == (
        "Draw Things",
        "flux_schnell.ckpt",
        "a cat",
    )
    assert out.evidence[0].source == "xmp"


def test_draw_things_xmp_in_png_text_chunk() -> None:
    out = read({"XML:com.adobe.xmp": DRAW_THINGS_XMP.decode()})
    assert names(out) == ["Draw Things"]


def test_other_creator_tool_is_not_draw_things() -> None:
    other = DRAW_THINGS_XMP.replace(b">Draw Things<", b">Photoshop<") + b"<!-- Draw Things -->"
    assert read({}, xmp=(other,)).generators == ()


def test_software_naming_dreamstudio() -> None:
    out = read({"Software": "DreamStudio"})
    assert names(out) == ["DreamStudio"]


def test_two_generators_both_reported() -> None:
    out = read({"parameters": A1111, "prompt": json.dumps(COMFY_PROMPT)})
    assert names(out) == ["AUTOMATIC1111", "ComfyUI"]


def test_keyword_case_is_ignored_and_first_chunk_wins() -> None:
    blobs = Blobs(
        text=(
            TextChunk("Parameters", A1111, "iTXt"),
            TextChunk("parameters", "not parameters", "tEXt"),
        )
    )
    out = GeneratorReader().read(ReadContext(blobs, io.BytesIO(), "image/png", 0))
    assert [g.source for g in out.generators] == ["png:iTXt Parameters"]


def test_no_text_chunks() -> None:
    out = read({})
    assert out.generators == () and out.checks[0].ran


# --- the shared real-world corpus ---

REAL = [
    ("comfyanonymous__ComfyUI_examples/flux_dev_example.png", "ComfyUI", "flux1-dev.safetensors"),
    ("comfyanonymous__ComfyUI_examples/sdxl_simple_example.png", "ComfyUI", None),
    ("comfyanonymous__ComfyUI_examples/img2img_workflow.png", "ComfyUI", "v1-5-pruned-emaonly.ckpt"),
    ("comfyanonymous__ComfyUI_examples/qwen_image_basic_example.png", "ComfyUI", None),
    ("d3x-at__sd-parsers/automatic1111_cropped.png", "AUTOMATIC1111", "realistic_realisticVisionV20_v20"),
    ("d3x-at__sd-parsers/fooocus1_cropped.png", "Fooocus", "juggernautXL_v8Rundiffusion"),
    ("d3x-at__sd-parsers/img2img_cropped.png", "ComfyUI", "v1-5-pruned-emaonly.ckpt"),
    ("d3x-at__sd-parsers/invokeai_dream1.png", "InvokeAI", None),
    ("d3x-at__sd-parsers/invokeai_imeta1.png", "InvokeAI", "juggernautXL"),
    ("d3x-at__sd-parsers/invokeai_sdmeta1.png", "InvokeAI", "deliberateForInvoke_v08"),
    ("d3x-at__sd-parsers/novelai1_cropped.png", "NovelAI", "Stable Diffusion 1D44365E"),
    ("d3x-at__sd-parsers/night_evening_day_morning_cropped.png", "ComfyUI", None),
    ("d3x-at__sd-parsers/noisy_latents_3_subjects_cropped.png", "ComfyUI", "Anything-V3.0.ckpt"),
    ("d3x-at__sd-parsers/unclip_2pass_cropped.png", "ComfyUI", None),
]


@pytest.mark.parametrize(("relative", "generator", "model"), REAL)
def test_real_files_name_their_generator(relative: str, generator: str, model: str | None) -> None:
    out = read_png(corpus(f"real-world/{relative}"))
    assert names(out) == [generator]
    assert all(e.origin is Origin.AI_GENERATED for e in out.evidence)
    if model is not None:
        assert out.generators[0].model == model


def test_every_comfyui_example_png_reads_as_comfyui() -> None:
    paths = sorted(corpus("real-world/comfyanonymous__ComfyUI_examples").glob("*.png"))
    assert paths
    for path in paths:
        assert names(read_png(path)) == ["ComfyUI"], path.name


def test_camera_jpegs_give_nothing() -> None:
    paths = sorted(corpus("real-world/ianare__exif-py").glob("*.jpg"))
    assert paths
    for path in paths:
        out = read_png(path)
        assert out.generators == () and out.evidence == (), path.name


@pytest.mark.parametrize(
    "chunks",
    [
        {"Description": " " * 100_000 + "x"},
        {"Dream": '"' + " " * 200_000 + "x -s 1"},
        {
            "XML:com.adobe.xmp": "<xmp:CreatorTool>Draw Things</xmp:CreatorTool>"
            + "<exif:UserComment><rdf:Alt><rdf:li>" * 50_000
        },
    ],
)
def test_hostile_chunks_are_read_in_linear_time(chunks: dict[str, str]) -> None:
    start = time.perf_counter()
    read(chunks)
    assert time.perf_counter() - start < 2.0  # a backtracking pattern would take minutes here


def test_aigc_text_chunk_is_named_in_the_check() -> None:
    assert read({"AIGC": TC260}).checks[0].detail == (
        "no generator metadata in 1 PNG text keyword(s); a GB 45438-2025 AIGC label chunk"
    )
