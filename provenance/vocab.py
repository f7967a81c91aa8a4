"""Data tables only, every one the project has: digital source type terms -> origin, tool and generator
names -> products, which products are AI generators or capture devices, and the words that hint at AI.
"""

from __future__ import annotations

import re
from typing import Final

from .models import Origin

# The whole IPTC digital source type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/),
# including retired terms, plus the C2PA-only terms. Keys are lower-cased local names.
SOURCE_TYPE_ORIGIN: Final[dict[str, Origin]] = {
    # Made entirely by a trained model.
    "trainedalgorithmicmedia": Origin.AI_GENERATED,
    "trainedalgorithmicdata": Origin.AI_GENERATED,  # C2PA-only term
    # A work with parts made by a trained model.
    "compositewithtrainedalgorithmicmedia": Origin.AI_EDITED,
    # Made by an algorithm without a trained model.
    "algorithmicmedia": Origin.SYNTHETIC,
    "compositesynthetic": Origin.SYNTHETIC,
    # Captured from the world.
    "digitalcapture": Origin.CAPTURED,
    "computationalcapture": Origin.CAPTURED,
    "negativefilm": Origin.CAPTURED,
    "positivefilm": Origin.CAPTURED,
    "print": Origin.CAPTURED,
    "screencapture": Origin.CAPTURED,
    "virtualrecording": Origin.CAPTURED,
    # Made or edited by people (with ordinary software).
    "digitalcreation": Origin.HUMAN_MADE,
    "digitalart": Origin.HUMAN_MADE,  # retired
    "humanedits": Origin.HUMAN_MADE,
    "minorhumanedits": Origin.HUMAN_MADE,  # retired
    "algorithmicallyenhanced": Origin.HUMAN_MADE,
    "softwareimage": Origin.HUMAN_MADE,
    "datadrivenmedia": Origin.HUMAN_MADE,
    "composite": Origin.HUMAN_MADE,
    "compositecapture": Origin.HUMAN_MADE,
}

# The origins that mean a trained model made all or part of the content.
AI_ORIGINS: Final[frozenset[Origin]] = frozenset({Origin.AI_GENERATED, Origin.AI_EDITED})

# Terms a C2PA manifest may use that say nothing about origin.
NEUTRAL_SOURCE_TYPES: Final[frozenset[str]] = frozenset({"empty"})

_TERM_PREFIXES: Final[tuple[str, ...]] = (
    "cv.iptc.org/newscodes/digitalsourcetype/",
    "c2pa.org/digitalsourcetype/",
)


def source_type_term(raw: str) -> str | None:
    """The lower-cased local name of a digital source type, or None if it is not one of ours.

    Accepts the http and https forms, either vocabulary's prefix, surrounding white space, odd case and
    a bare local name.
    """
    text = raw.strip().lower()
    text = re.sub(r"^https?://", "", text).rstrip("/")
    for prefix in _TERM_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    else:
        if "/" in text:
            return None
    if text in SOURCE_TYPE_ORIGIN or text in NEUTRAL_SOURCE_TYPES:
        return text
    return None


def source_type_shown(raw: str) -> str | None:
    """A known digital source type as the file wrote its name (``trainedAlgorithmicMedia``), for words a
    person reads; None when it is not one of ours."""
    if source_type_term(raw) is None:
        return None
    return raw.strip().rstrip("/").rsplit("/", 1)[-1]


def origin_of_source_type(raw: str) -> Origin:
    """The origin a digital source type declares; unknown terms fail closed to ``unknown``."""
    term = source_type_term(raw)
    return SOURCE_TYPE_ORIGIN.get(term, Origin.UNKNOWN) if term else Origin.UNKNOWN


# Google's generative AI, when nothing says which product (a credit line, the shared generator library).
GOOGLE_AI: Final = "Google Gemini / Imagen / Veo"

# Known products: a pattern over the raw tool string -> the readable product name. First match wins,
# so more specific patterns come first.
TOOL_PRODUCTS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"dall[\s·\-_.]*e", "OpenAI DALL·E"),
        (r"\bsora\b", "OpenAI Sora"),
        (r"chatgpt|gpt-?4o|gpt-image", "OpenAI ChatGPT"),
        (r"openai", "OpenAI"),
        (r"firefly", "Adobe Firefly"),
        (r"photoshop", "Adobe Photoshop"),
        (r"lightroom", "Adobe Lightroom"),
        (r"adobe[\s_]*express", "Adobe Express"),
        (r"adobe[\s_]*stock", "Adobe Stock"),
        (r"adobe[\s_]*content[\s_]*authenticity", "Adobe Content Authenticity"),
        # Google's C2PA libraries name themselves, not the product: the Android SDK signs Pixel Camera
        # photos; the "Core Generator Library" signs Gemini, Imagen and Veo output alike.
        (r"pixel[\s_]*camera|google[\s_]*c2pa[\s_]*sdk[\s_]*for[\s_]*android", "Google Pixel Camera"),
        (r"\bgemini\b|nano[\s_]*banana", "Google Gemini"),
        (r"\bimagen\b", "Google Imagen"),
        (r"\bveo\b", "Google Veo"),
        (r"google[\s_]*c2pa[\s_]*core[\s_]*generator|google[\s_]*(ai|deepmind)", GOOGLE_AI),
        (r"image[\s_]*creator|\bbing\b", "Microsoft Bing Image Creator"),
        (r"microsoft[\s_]*designer", "Microsoft Designer"),
        (r"microsoft[\s_]*responsible[\s_]*ai", "Microsoft Bing Image Creator"),
        (r"\btitan\b|amazon[\s_]*bedrock|amazon[\s_]*nova", "Amazon Titan"),
        (r"midjourney", "Midjourney"),
        (r"stable[\s_]*diffusion[\s_]*xl|sdxl", "Stable Diffusion XL"),
        (r"stability|dreamstudio|stable[\s_]*diffusion", "Stability AI Stable Diffusion"),
        (r"\bmeta[\s_]*ai\b", "Meta AI"),
        (r"truepic[\s_]*lens", "Truepic Lens"),
        (r"truepic", "Truepic"),
        (r"leica", "Leica"),
        (r"nikon", "Nikon"),
        (r"\bsony\b", "Sony"),
        (r"\bcanon\b", "Canon"),
        (r"samsung", "Samsung"),
        (r"digimarc", "Digimarc"),
        (r"make[\s_]*test[\s_]*images", "Make Test Images"),  # the C2PA Rust SDK's test image maker
    )
)

# Claim generators of capture apps and cameras: a manifest they sign with no declared source type and no
# edit actions states a capture (their own products never synthesise content).
CAPTURE_PRODUCTS: Final[frozenset[str]] = frozenset(
    {"Truepic Lens", "Google Pixel Camera", "Leica", "Nikon", "Sony", "Canon"}
)

# Legacy (pre-digitalSourceType) Adobe assertion that declared generative-AI output.
LEGACY_GENAI_ASSERTIONS: Final[frozenset[str]] = frozenset({"com.adobe.generative-ai"})

# Free-text action descriptions some generators used instead of a source type (Microsoft's 2023-2024
# Image Creator files say "AI Generated Image").
AI_DESCRIPTION: Final[re.Pattern[str]] = re.compile(
    r"\bAI[\s-]*generated\b|\bgenerated\s+(by|with)\s+AI\b", re.I
)


# AI generators named in unsigned metadata (software tags, XMP CreatorTool, AIGC labels) that
# TOOL_PRODUCTS does not know; looked up first, so these names win.
AI_METADATA_TOOLS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"draw[\s_]*things", "Draw Things"),
        (r"novel[\s_]*ai", "NovelAI"),
        (r"comfy[\s_]*ui", "ComfyUI"),
        (r"automatic1111|stable[\s_-]*diffusion[\s_-]*web[\s_-]*ui", "AUTOMATIC1111"),
        (r"invoke[\s_]*ai", "InvokeAI"),
        (r"ruined[\s_-]*fooocus", "RuinedFooocus"),
        (r"fooocus[\s_-]*plus", "FooocusPlus"),
        (r"fooocus", "Fooocus"),
        (r"leonardo[\s_.]*ai", "Leonardo.Ai"),
        (r"ideogram", "Ideogram"),
        (r"black[\s_]*forest[\s_]*labs", "Black Forest Labs FLUX"),
        (r"doubao|豆包", "Doubao"),
        (r"jimeng|即梦", "Jimeng"),
        (r"\bkling\b|可灵", "Kling"),
    )
)

# The TOOL_PRODUCTS that are AI generators. Some of their patterns are loose substrings ("imagen" also
# matches "Imagenomic", "titan" matches "Titanium", "bing" matches "Bingham"), so a free-text field has
# to match the stricter pattern given here as well before it may count as an AI tool (None: no need).
AI_PRODUCTS: Final[dict[str, re.Pattern[str] | None]] = {
    "OpenAI DALL·E": re.compile(r"\bdall", re.I),
    "OpenAI Sora": None,
    "OpenAI ChatGPT": None,
    "OpenAI": None,
    "Adobe Firefly": None,
    "Google Gemini": None,
    "Google Imagen": re.compile(r"\bimagen\b", re.I),
    "Google Veo": re.compile(r"\bveo\b", re.I),
    GOOGLE_AI: re.compile(r"google", re.I),
    "Microsoft Bing Image Creator": re.compile(r"\bbing\b|image[\s_]*creator|responsible", re.I),
    "Amazon Titan": re.compile(r"\btitan\b|bedrock|\bnova\b", re.I),
    "Midjourney": None,
    "Stable Diffusion XL": None,
    "Stability AI Stable Diffusion": None,
    "Meta AI": re.compile(r"\bmeta\b", re.I),
}

# Stable Diffusion front ends, by a lower-case word of the "Version" or "App" value of A1111-style
# parameters (the default is AUTOMATIC1111); first match wins.
INFOTEXT_APPS: Final[tuple[tuple[str, str], ...]] = (
    ("fooocus", "Fooocus"),
    ("sd.next", "SD.Next"),
    ("forge", "Forge"),
    ("comfyui", "ComfyUI"),
    ("swarmui", "SwarmUI"),
    ("invokeai", "InvokeAI"),
    ("novelai", "NovelAI"),
    ("dreamstudio", "DreamStudio"),
    ("draw things", "Draw Things"),
)

# Fooocus and its forks, by the lower-case name (spaces removed) their own metadata starts with: the
# ``version`` / ``Version`` value, RuinedFooocus's ``software``, or an EXIF Software tag. Most specific first.
FOOOCUS_FAMILY: Final[tuple[tuple[str, str], ...]] = (
    ("ruinedfooocus", "RuinedFooocus"),
    ("fooocusplus", "FooocusPlus"),
    ("fooocus", "Fooocus"),
)

# Generators that name themselves only in a PNG ``Software`` chunk (lower-case word -> name).
SOFTWARE_CHUNK_GENERATORS: Final[tuple[tuple[str, str], ...]] = (
    ("dreamstudio", "DreamStudio"),
    ("draw things", "Draw Things"),
)

# Words in a file name that suggest an AI tool. File names are never evidence: a match only earns a note.
AI_FILE_NAME: Final[re.Pattern[str]] = re.compile(
    r"chatgpt|dall[\s_-]*e|midjourney|firefly|stable[\s_-]*diffusion|sdxl|comfyui|novelai|"
    r"\bflux\b|imagen|gemini|\bsora\b|ai[\s_-]*generated",
    re.IGNORECASE,
)


def product_name(raw: str) -> str | None:
    """The readable product a raw tool string names, or None if we do not know it."""
    for pattern, name in TOOL_PRODUCTS:
        if pattern.search(raw):
            return name
    return None


_VERSION = re.compile(r"[/\s_v]v?(\d+(?:\.\d+)+)")


def version_in(raw: str) -> str | None:
    """The first dotted version number in a raw tool string ("Adobe_Firefly/1.0 c2pa-rs/0.17" -> "1.0")."""
    match = _VERSION.search(raw)
    return match.group(1) if match else None


_V_PREFIX = re.compile(r"^[vV](?=\d)")


def normal_version(version: str | None) -> str | None:
    """One version format everywhere: "v1.9.4" and "V2" read "1.9.4" and "2"; anything else unchanged."""
    return _V_PREFIX.sub("", version.strip()) or None if version else None
