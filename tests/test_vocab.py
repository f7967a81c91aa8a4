import pytest

from provenance.models import Origin
from provenance.vocab import (
    AI_METADATA_TOOLS,
    FOOOCUS_FAMILY,
    SOURCE_TYPE_ORIGIN,
    normal_version,
    origin_of_source_type,
    product_name,
    source_type_term,
    version_in,
)

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"

# The whole IPTC vocabulary (including retired terms) and the C2PA-only term, with the origin each declares.
EXPECTED = {
    "digitalCapture": Origin.CAPTURED,
    "computationalCapture": Origin.CAPTURED,
    "negativeFilm": Origin.CAPTURED,
    "positiveFilm": Origin.CAPTURED,
    "print": Origin.CAPTURED,
    "screenCapture": Origin.CAPTURED,
    "virtualRecording": Origin.CAPTURED,
    "minorHumanEdits": Origin.HUMAN_MADE,
    "humanEdits": Origin.HUMAN_MADE,
    "algorithmicallyEnhanced": Origin.HUMAN_MADE,
    "softwareImage": Origin.HUMAN_MADE,
    "digitalArt": Origin.HUMAN_MADE,
    "digitalCreation": Origin.HUMAN_MADE,
    "dataDrivenMedia": Origin.HUMAN_MADE,
    "composite": Origin.HUMAN_MADE,
    "compositeCapture": Origin.HUMAN_MADE,
    "trainedAlgorithmicMedia": Origin.AI_GENERATED,
    "compositeWithTrainedAlgorithmicMedia": Origin.AI_EDITED,
    "algorithmicMedia": Origin.SYNTHETIC,
    "compositeSynthetic": Origin.SYNTHETIC,
}


@pytest.mark.parametrize(("term", "origin"), sorted(EXPECTED.items()))
def test_every_iptc_term_maps_to_its_origin(term: str, origin: Origin) -> None:
    assert origin_of_source_type(IPTC + term) is origin


def test_table_covers_exactly_the_vocabulary() -> None:
    assert set(SOURCE_TYPE_ORIGIN) == {t.lower() for t in EXPECTED} | {"trainedalgorithmicdata"}


def test_c2pa_trained_algorithmic_data_is_ai_generated() -> None:
    assert (
        origin_of_source_type("http://c2pa.org/digitalsourcetype/trainedAlgorithmicData")
        is Origin.AI_GENERATED
    )


@pytest.mark.parametrize(
    "raw",
    [
        "https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia  ",
        "  HTTP://CV.IPTC.ORG/newscodes/digitalsourcetype/TRAINEDALGORITHMICMEDIA",
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia/",
        "trainedAlgorithmicMedia",
    ],
)
def test_term_variants_are_recognised(raw: str) -> None:
    assert origin_of_source_type(raw) is Origin.AI_GENERATED


@pytest.mark.parametrize(
    "raw",
    ["http://example.com/digitalsourcetype/trainedAlgorithmicMedia", "madeByAI", "", "http://cv.iptc.org/"],
)
def test_unknown_terms_fail_closed_to_unknown(raw: str) -> None:
    assert origin_of_source_type(raw) is Origin.UNKNOWN


def test_empty_is_a_known_but_neutral_c2pa_term() -> None:
    assert source_type_term("http://c2pa.org/digitalsourcetype/empty") == "empty"
    assert origin_of_source_type("http://c2pa.org/digitalsourcetype/empty") is Origin.UNKNOWN


@pytest.mark.parametrize(
    ("raw", "product"),
    [
        ("ChatGPT", "OpenAI ChatGPT"),
        ("DALL·E", "OpenAI DALL·E"),
        ("Adobe_Firefly/1.0 c2pa-rs/0.17.0", "Adobe Firefly"),
        ("Image Creator from Designer", "Microsoft Bing Image Creator"),
        ("Microsoft_Responsible_AI/1.0", "Microsoft Bing Image Creator"),
        ("Amazon_Bedrock c2pa-rs/0.32.7", "Amazon Titan"),
        ("Google Imagen", "Google Imagen"),
        ("Gemini", "Google Gemini"),
        ("Veo 3", "Google Veo"),
        # Google's libraries name themselves: the product people know, one name for each.
        ("Google C2PA Core Generator Library", "Google Gemini / Imagen / Veo"),
        ("Google C2PA SDK for Android", "Google Pixel Camera"),
        ("make test images", "Make Test Images"),
        ("Make Test Images 0.33.1", "Make Test Images"),
        ("make_test_images/0.16.1 c2pa-rs/0.16.1", "Make Test Images"),
        ("Truepic_Lens_iOS/1.5.0 libc2pa/3.6.5", "Truepic Lens"),
        ("Adobe_Photoshop/24.2.0 (build 20230218.r.315; mac)", "Adobe Photoshop"),
    ],
)
def test_known_tools_are_normalised(raw: str, product: str) -> None:
    assert product_name(raw) == product


def test_unknown_tool_has_no_product() -> None:
    assert product_name("Example Diffusion") is None


def test_version_is_the_first_dotted_number() -> None:
    assert version_in("Adobe_Firefly/1.0 c2pa-rs/0.17.0") == "1.0"
    assert version_in("Truepic Lens SDK libc2pa vv1.0.0.182") == "1.0.0.182"
    assert version_in("ChatGPT") is None


@pytest.mark.parametrize("raw", ["Imagenomic Portraiture 3", "Titanium Backup", "Bingo Maker", "imagine.art"])
def test_lookalike_names_are_not_products(raw: str) -> None:
    assert product_name(raw) is None


@pytest.mark.parametrize(
    ("declared", "normal"),
    [("v1.9.4", "1.9.4"), ("1.10.1", "1.10.1"), ("V2", "2"), ("Fooocus v2", "Fooocus v2"), (None, None)],
)
def test_one_version_format(declared: str | None, normal: str | None) -> None:
    assert normal_version(declared) == normal


def _metadata_tool(raw: str) -> str | None:
    return next((name for pattern, name in AI_METADATA_TOOLS if pattern.search(raw)), None)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("RuinedFooocus", "RuinedFooocus"),
        ("Ruined Fooocus 1.2", "RuinedFooocus"),
        ("FooocusPlus 1.0.0.05, Preset: Default", "FooocusPlus"),
    ],
)
def test_fooocus_forks_are_named_as_themselves(raw: str, name: str) -> None:
    assert _metadata_tool(raw) == name


def test_the_fooocus_family_table_puts_forks_before_fooocus() -> None:
    words = [word for word, _ in FOOOCUS_FAMILY]
    assert words.index("fooocus") == len(words) - 1
    assert all(word.startswith("fooocus") or word.endswith("fooocus") for word in words)
