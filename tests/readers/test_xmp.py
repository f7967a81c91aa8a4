"""The XMP reader: what each property declares, namespace matching, and hostile packets."""

from __future__ import annotations

import time

import pytest

from provenance.containers import Blobs
from provenance.models import Check, Evidence, Origin, Strength, Tool
from provenance.readers import xmp as xmp_reader
from provenance.readers.base import ReaderOutput
from provenance.readers.xmp import XmpReader
from tests.helpers import corpus, fixture
from tests.metadata_samples import NS, SOURCE_TYPE, blobs_of, context, xmp

TC260_JSON = '{"Label":"%s","ContentProducer":"%s","ProduceID":"42","ReservedCode1":""}'


def read(*packets: bytes, show_prompts: bool = False) -> ReaderOutput:
    return XmpReader().read(context(Blobs(xmp=packets), show_prompts=show_prompts))


def only(output: ReaderOutput) -> Evidence:
    assert len(output.evidence) == 1, output.evidence
    return output.evidence[0]


def test_digital_source_type_attribute_declares_ai_generation() -> None:
    raw = SOURCE_TYPE + "trainedAlgorithmicMedia"
    evidence = only(read(xmp({"Iptc4xmpExt:DigitalSourceType": raw})))
    assert (evidence.source, evidence.field, evidence.raw) == ("xmp", "Iptc4xmpExt:DigitalSourceType", raw)
    assert evidence.origin is Origin.AI_GENERATED
    assert evidence.strength is Strength.UNSIGNED
    assert "trainedAlgorithmicMedia" in evidence.meaning


@pytest.mark.parametrize(
    "element",
    [
        f'<Iptc4xmpExt:DigitalSourceType rdf:resource="{SOURCE_TYPE}compositeWithTrainedAlgorithmicMedia"/>',
        f"<Iptc4xmpExt:DigitalSourceType>{SOURCE_TYPE}compositeWithTrainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>",
    ],
    ids=["resource", "text"],
)
def test_digital_source_type_element_forms(element: str) -> None:
    assert only(read(xmp(elements=element))).origin is Origin.AI_EDITED


def test_namespace_decides_not_the_prefix() -> None:
    renamed = {"ext": NS["Iptc4xmpExt"]}
    assert only(read(xmp({"ext:DigitalSourceType": SOURCE_TYPE + "digitalCapture"}, ns=renamed))).origin is (
        Origin.CAPTURED
    )
    impostor = {"Iptc4xmpExt": "http://example.com/not-iptc/"}
    assert (
        read(
            xmp({"Iptc4xmpExt:DigitalSourceType": SOURCE_TYPE + "trainedAlgorithmicMedia"}, ns=impostor)
        ).evidence
        == ()
    )


def test_unknown_source_type_is_unknown_evidence() -> None:
    evidence = only(read(xmp({"Iptc4xmpExt:DigitalSourceType": "http://example.com/madeUpTerm"})))
    assert evidence.origin is Origin.UNKNOWN


@pytest.mark.parametrize(
    ("credit", "origin"),
    [("Made with Google AI", Origin.AI_GENERATED), ("Edited with Google AI", Origin.AI_EDITED)],
)
def test_google_credit_line(credit: str, origin: Origin) -> None:
    evidence = only(read(xmp({"photoshop:Credit": credit})))
    assert evidence.origin is origin
    assert evidence.tool == Tool("Google Gemini / Imagen / Veo", None, "metadata", (credit,))


def test_other_credit_says_nothing_about_origin() -> None:
    evidence = only(read(xmp({"photoshop:Credit": "Freeman - stock.adobe.com"})))
    assert (evidence.origin, evidence.tool) == (None, None)


def test_credit_in_a_language_alternative_uses_x_default() -> None:
    element = (
        "<photoshop:Credit><rdf:Alt>"
        '<rdf:li xml:lang="de">Mit Google KI erstellt</rdf:li>'
        '<rdf:li xml:lang="x-default">Made with Google AI</rdf:li>'
        "</rdf:Alt></photoshop:Credit>"
    )
    assert only(read(xmp(elements=element))).origin is Origin.AI_GENERATED


@pytest.mark.parametrize(
    ("creator", "origin", "tool"),
    [
        ("Midjourney", Origin.AI_GENERATED, Tool("Midjourney", None, "metadata", ("Midjourney",))),
        ("Draw Things", Origin.AI_GENERATED, Tool("Draw Things", None, "metadata", ("Draw Things",))),
        ("Adobe Firefly", Origin.AI_GENERATED, Tool("Adobe Firefly", None, "metadata", ("Adobe Firefly",))),
        (
            "Adobe Photoshop 25.0 (Macintosh)",
            None,
            Tool("Adobe Photoshop", "25.0", "metadata", ("Adobe Photoshop 25.0 (Macintosh)",)),
        ),
        ("Imagenomic Portraiture 3", None, None),
        ("Some Editor", None, None),
    ],
)
def test_creator_tool(creator: str, origin: Origin | None, tool: Tool | None) -> None:
    evidence = only(read(xmp({"xmp:CreatorTool": creator})))
    assert (evidence.field, evidence.origin, evidence.tool) == ("xmp:CreatorTool", origin, tool)


def test_midjourney_image_guid_alone_declares_no_origin() -> None:
    evidence = only(read(xmp({"Iptc4xmpExt:DigImageGUID": "0b3f7a52-4a53-4d5e-9c6b-2f0c1d7e8a91"})))
    assert (evidence.field, evidence.origin) == ("Iptc4xmpExt:DigImageGUID", None)


def test_remote_manifest_url_is_reported() -> None:
    output = read(xmp({"dcterms:provenance": "https://example.com/manifest.c2pa"}))
    assert output.remote_manifest_urls == ("https://example.com/manifest.c2pa",)
    assert only(output).origin is None


def test_absurdly_long_remote_url_is_not_passed_on() -> None:
    output = read(xmp({"dcterms:provenance": "https://example.com/" + "a" * 5000}))
    assert output.remote_manifest_urls == ()
    assert "ignored" in only(output).meaning


def test_embedded_manifest_pointer_is_not_a_remote_url() -> None:
    output = read(xmp({"dcterms:provenance": "self#jumbf=/c2pa/urn:uuid:1/c2pa.claim"}))
    assert output.remote_manifest_urls == ()
    assert "embedded" in only(output).meaning


@pytest.mark.parametrize(
    ("label", "origin"),
    [("1", Origin.AI_GENERATED), ("2", Origin.AI_GENERATED), ("3", Origin.UNKNOWN), ("9", Origin.UNKNOWN)],
)
def test_tc260_label_values(label: str, origin: Origin) -> None:
    element = f"<TC260:AIGC>{TC260_JSON % (label, '001191110000000000000000000000')}</TC260:AIGC>"
    evidence = read(xmp(elements=element)).evidence[0]
    assert (evidence.field, evidence.origin) == ("TC260:AIGC", origin)
    assert "GB 45438-2025" in evidence.meaning


def test_tc260_label_wrapped_in_aigc_object_as_an_attribute() -> None:
    value = '{"AIGC":' + TC260_JSON % (1, "Doubao") + "}"
    evidence = read(xmp({"TC260:AIGC": value.replace('"', "&quot;")})).evidence[0]
    assert evidence.origin is Origin.AI_GENERATED
    assert evidence.tool is not None and evidence.tool.name == "Doubao"


def test_tc260_label_elements_are_informational_evidence() -> None:
    label = (
        '{"Label":"1","ContentProducer":"Kling","ProduceID":"p-1","ContentPropagator":"c-2",'
        '"PropagateID":"q-3"}'
    )
    output = read(xmp(elements=f"<TC260:AIGC>{label}</TC260:AIGC>"))
    assert [(e.field, e.raw, e.origin) for e in output.evidence] == [
        ("TC260:AIGC", label, Origin.AI_GENERATED),
        ("TC260:ContentProducer", "Kling", None),
        ("TC260:ProduceID", "p-1", None),
        ("TC260:ContentPropagator", "c-2", None),
        ("TC260:PropagateID", "q-3", None),
    ]


def test_tc260_label_that_is_not_json_is_unknown() -> None:
    assert only(read(xmp(elements="<TC260:AIGC>Label=1</TC260:AIGC>"))).origin is Origin.UNKNOWN


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]><x:xmpmeta xmlns:x='adobe:ns:meta/'>&lol9;</x:xmpmeta>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&ext;</x:xmpmeta>"
)


@pytest.mark.parametrize(
    "packet", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"]
)
def test_hostile_packet_is_refused_cleanly(packet: bytes) -> None:
    started = time.perf_counter()
    output = read(packet, xmp({"xmp:CreatorTool": "Midjourney"}))
    assert time.perf_counter() - started < 0.5
    assert [e.raw for e in output.evidence] == ["Midjourney"]
    assert output.checks == (Check("xmp", True, "2 packets; packet 1 refused: DTDForbidden"),)


def test_malformed_packet_is_a_problem() -> None:
    (check,) = read(b"<x:xmpmeta><xmp:CreatorTool>unclosed").checks
    assert check.detail is not None and check.detail.startswith("1 packet; packet 1 is not well-formed XML")


def test_packet_naming_none_of_our_properties_is_not_parsed() -> None:
    assert read(b"<x:xmpmeta>not even well-formed").checks == (Check("xmp", True, "1 packet"),)


def test_check_counts_packets() -> None:
    assert read().checks == (Check("xmp", True, "0 packets"),)
    assert read(xmp(), xmp()).checks == (Check("xmp", True, "2 packets"),)


def test_trailing_nul_padding_is_tolerated() -> None:
    packet = xmp({"photoshop:Credit": "Made with Google AI"}) + b"\x00" * 16
    assert only(read(packet)).origin is Origin.AI_GENERATED


@pytest.mark.parametrize(
    ("name", "origins"),
    [
        ("xmp_iptc_ai.jpg", [Origin.AI_GENERATED]),
        ("xmp_iptc_ai.png", [Origin.AI_GENERATED]),
        ("xmp_iptc_ai.webp", [Origin.AI_GENERATED]),
        ("xmp_google_edited.jpg", [Origin.AI_EDITED, Origin.AI_EDITED]),
        ("xmp_midjourney.png", [Origin.AI_GENERATED, None]),
        ("xmp_tc260_aigc.jpg", [Origin.AI_GENERATED, None, None, None, None]),
        ("xmp_remote_manifest.jpg", [None]),
        ("xmp_leica_claim.jpg", [None, Origin.CAPTURED]),
        ("xmp_iptc_ai_system.jpg", [Origin.AI_EDITED, None, None, None]),
        ("xmp_iptc_ai_system_dst.jpg", [None, Origin.AI_GENERATED, None, None, None]),
    ],
)
def test_fixture_files(name: str, origins: list[Origin | None]) -> None:
    path = fixture(name)
    media_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[path.suffix[1:]]
    output = XmpReader().read(context(blobs_of(path.read_bytes(), media_type)))
    assert [e.origin for e in output.evidence] == origins


def test_corpus_cloud_manifest_pointer() -> None:
    path = corpus("real-world/contentauth__c2pa-node/cloud-only-firefly.jpg")
    output = XmpReader().read(context(blobs_of(path.read_bytes(), "image/jpeg")))
    assert output.remote_manifest_urls == (
        "https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-381760d4-a96a-4d41-8afb-4a82ecf1845e",
    )


def test_corpus_camera_creator_tool_is_not_an_origin() -> None:
    path = corpus("real-world/digimarc-corp__c2pa-content-credentials-extension/crypto-social.png")
    output = XmpReader().read(context(blobs_of(path.read_bytes(), "image/png")))
    creator = next(e for e in output.evidence if e.field == "xmp:CreatorTool")
    assert creator.origin is None
    assert creator.tool is not None and creator.tool.name == "Nikon"


ELEMENT_CAP = "over 100 XML elements and attributes in the file; the rest not read"


def _creator_then(body: str) -> bytes:
    """A packet whose description names xmp:CreatorTool and then holds ``body``, with an AI source type
    element after it (which a cap inside ``body`` cuts off)."""
    element = (
        f"<Iptc4xmpExt:DigitalSourceType>{SOURCE_TYPE}trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>"
    )
    return xmp({"xmp:CreatorTool": "Midjourney"}, elements=body + element)


def test_the_element_cap_keeps_what_came_before_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmp_reader, "MAX_NODES", 100)
    output = read(_creator_then("<a/>" * 200))
    assert [e.field for e in output.evidence] == ["xmp:CreatorTool"]
    assert output.checks == (
        Check(
            "xmp",
            True,
            "1 packet; packet 1: over 100 XML elements and attributes in the file; the rest not read",
        ),
    )


def test_the_element_cap_is_shared_by_the_packets_of_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmp_reader, "MAX_NODES", 100)
    packet = xmp({"xmp:CreatorTool": "Midjourney"}, elements="<a/>" * 60)
    output = read(packet, packet)  # 65 nodes each: the second is cut after its description's attributes
    assert [e.field for e in output.evidence] == ["xmp:CreatorTool", "xmp:CreatorTool"]
    (check,) = output.checks
    assert (
        check.detail
        == "2 packets; packet 2: over 100 XML elements and attributes in the file; the rest not read"
    )


def test_deep_nesting_stops_at_the_depth_cap() -> None:
    output = read(_creator_then("<a>" * 5000 + "</a>" * 5000))
    assert [e.field for e in output.evidence] == ["xmp:CreatorTool"]
    (check,) = output.checks
    assert check.detail == "1 packet; packet 1: XML nested over 100 deep; the rest not read"


def test_a_nesting_just_under_the_cap_is_read() -> None:
    # x:xmpmeta, rdf:RDF and rdf:Description are 3 levels; the source type element 1 more.
    assert len(read(_creator_then("<a>" * 96 + "</a>" * 96)).evidence) == 2


@pytest.mark.parametrize(
    "body",
    [
        "<a " + " ".join(f'n{i:x}=""' for i in range(40_000)) + "/>",
        "<!--" + "x" * 600_000 + "-->",
        "<?pi " + "x" * 600_000 + "?>",
    ],
    ids=["attributes", "comment", "processing-instruction"],
)
def test_one_huge_tag_is_not_buffered_whole(monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    monkeypatch.setattr(xmp_reader, "MAX_MARKUP", 200_000)
    output = read(_creator_then(body))
    assert [e.field for e in output.evidence] == ["xmp:CreatorTool"]
    (check,) = output.checks
    assert check.detail == "1 packet; packet 1: one tag, comment or instruction over 0 MB; the rest not read"


def test_long_text_is_not_one_huge_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmp_reader, "MAX_MARKUP", 200_000)
    credit = "Made with Google AI" + " " * 1_000_000  # text arrives in pieces: progress, not one tag
    assert (
        only(read(xmp(elements=f"<photoshop:Credit>{credit}</photoshop:Credit>"))).origin
        is Origin.AI_GENERATED
    )


def test_a_packet_over_the_size_cap_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmp_reader, "MAX_PACKET", 1000)
    output = read(xmp({"xmp:CreatorTool": "Midjourney"}, elements="<a/>" * 300))
    assert output.evidence == ()
    assert output.checks == (Check("xmp", True, "1 packet; packet 1 over 0 MB not parsed"),)


def test_once_the_values_cap_is_reached_no_further_packet_is_parsed() -> None:
    packet = xmp({"xmp:CreatorTool": "Midjourney"})
    output = read(*[packet] * 500)
    assert len(output.evidence) == 200
    assert output.checks == (
        Check("xmp", True, "500 packets; packet 201: over 200 values, the rest ignored"),
    )


def test_refused_packets_make_a_capped_list() -> None:
    output = read(*[EXTERNAL_ENTITY] * 100)
    (check,) = output.checks
    assert check.detail is not None
    parts = check.detail.split("; ")
    assert parts[0] == "100 packets" and parts[1] == "packet 1 refused: DTDForbidden"
    assert parts[-1] == "and 80 more problems"


AI_SYSTEM = "Iptc4xmpExt:AISystemUsed"


def ai_fields(system: str = "Stable Diffusion XL", **more: str) -> dict[str, str]:
    return {AI_SYSTEM: system, **{f"Iptc4xmpExt:{name}": value for name, value in more.items()}}


def test_ai_system_used_alone_declares_ai_edited_and_names_the_tool() -> None:
    evidence = only(read(xmp(ai_fields())))
    assert (evidence.field, evidence.origin) == (AI_SYSTEM, Origin.AI_EDITED)
    assert evidence.tool == Tool("Stable Diffusion XL", None, "metadata", ("Stable Diffusion XL",))


def test_ai_system_version_used_is_the_tool_version() -> None:
    output = read(xmp(ai_fields(AISystemVersionUsed="v1.0")))
    assert [(e.field, e.origin) for e in output.evidence] == [
        (AI_SYSTEM, Origin.AI_EDITED),
        ("Iptc4xmpExt:AISystemVersionUsed", None),
    ]
    assert output.evidence[0].tool is not None and output.evidence[0].tool.version == "1.0"


def test_an_unknown_ai_system_is_named_as_declared() -> None:
    evidence = only(read(xmp(ai_fields("Acme Dreamer 3"))))
    assert evidence.tool is not None and evidence.tool.name == "Acme Dreamer 3"


def test_with_an_ai_source_type_the_source_type_decides_and_the_system_names_the_tool() -> None:
    packet = xmp({**ai_fields(), "Iptc4xmpExt:DigitalSourceType": SOURCE_TYPE + "trainedAlgorithmicMedia"})
    output = read(packet)
    assert [(e.field, e.origin) for e in output.evidence] == [
        (AI_SYSTEM, None),
        ("Iptc4xmpExt:DigitalSourceType", Origin.AI_GENERATED),
    ]
    assert output.evidence[0].tool is not None and output.evidence[0].tool.name == "Stable Diffusion XL"


def test_a_non_ai_source_type_does_not_silence_the_named_ai_system() -> None:
    packet = xmp({**ai_fields(), "Iptc4xmpExt:DigitalSourceType": SOURCE_TYPE + "digitalCapture"})
    assert [(e.field, e.origin) for e in read(packet).evidence] == [
        ("Iptc4xmpExt:DigitalSourceType", Origin.CAPTURED),
        (AI_SYSTEM, Origin.AI_EDITED),
    ]


def test_ai_system_used_gives_a_generator() -> None:
    output = read(xmp(ai_fields(AISystemVersionUsed="1.0", AIPromptInformation="a red kite")))
    assert [(g.name, g.version, g.prompt_present, g.source, g.prompt) for g in output.generators] == [
        ("Stable Diffusion XL", "1.0", True, "xmp:Iptc4xmpExt:AISystemUsed", None)
    ]


def test_ai_prompt_information_is_hidden_unless_prompts_are_asked_for() -> None:
    packet = xmp(ai_fields(AIPromptInformation="a red kite over the dunes"))
    hidden = next(e for e in read(packet).evidence if e.field == "Iptc4xmpExt:AIPromptInformation")
    assert "kite" not in hidden.raw and hidden.origin is None
    shown = read(packet, show_prompts=True)
    assert next(e for e in shown.evidence if e.field == "Iptc4xmpExt:AIPromptInformation").raw == (
        "a red kite over the dunes"
    )
    assert shown.generators[0].prompt == "a red kite over the dunes"


def test_ai_prompt_writer_is_informational() -> None:
    output = read(xmp(ai_fields(AIPromptWriterName="Jane Doe")))
    assert (output.evidence[1].field, output.evidence[1].raw, output.evidence[1].origin) == (
        "Iptc4xmpExt:AIPromptWriterName",
        "Jane Doe",
        None,
    )


def test_ai_system_values_are_capped() -> None:
    packets = [xmp(ai_fields(f"System {i}")) for i in range(50)]
    assert len(read(*packets).evidence) == 4
