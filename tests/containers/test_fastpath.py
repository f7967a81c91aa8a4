"""The fast-path pre-check: never False where the SDK finds a manifest, a remote pointer or an error."""

from __future__ import annotations

import io
import random
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

import provenance
from provenance import media
from provenance.containers import Blobs
from provenance.containers.extract import extract
from provenance.containers.fastpath import may_carry_manifest
from provenance.models import Check, Verdict
from provenance.options import InspectOptions
from provenance.readers.c2pa.sdk import read
from provenance.readers.c2pa.store import ReadStatus
from provenance.trust import TrustSettings
from tests.helpers import FIXTURES, corpus, fixture
from tests.metadata_samples import image_bytes, segment, xmp

NOT_FOUND = (ReadStatus.ABSENT, ReadStatus.UNSUPPORTED)  # the only SDK answers the fast path may stand for
FAST = InspectOptions(fast_path=True)
FULL = InspectOptions(fast_path=False)
POINTER_XMP = xmp({"dcterms:provenance": "http://127.0.0.1:9/manifest.c2pa"})
C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


def sdk(data: bytes) -> ReadStatus:
    return read(io.BytesIO(data), allow_network=False, trust=TrustSettings()).status


def pre_check(data: bytes) -> bool:
    media_type = media.sniff(data[:64])
    return may_carry_manifest(io.BytesIO(data), media_type, extract(io.BytesIO(data), media_type))


# --- every file of the fixtures and of the shared corpus ----------------------------------------------


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: ReadStatus
    may_carry: bool
    verdict: Verdict
    fast_verdict: Verdict


def outcomes(root: Path) -> list[Outcome]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        with path.open("rb") as stream:
            media_type = media.sniff(stream.read(64))
            may_carry = may_carry_manifest(stream, media_type, extract(stream, media_type))
        status = read(path, allow_network=False, trust=TrustSettings()).status
        verdict = provenance.inspect(path, options=FULL).verdict
        found.append(
            Outcome(path, status, may_carry, verdict, provenance.inspect(path, options=FAST).verdict)
        )
    return found


@pytest.fixture(scope="module", params=["fixtures", "corpus"])
def every_file(request: pytest.FixtureRequest) -> list[Outcome]:
    return outcomes(FIXTURES / "media" if request.param == "fixtures" else corpus())


def test_the_pre_check_is_true_wherever_the_sdk_finds_something(every_file: list[Outcome]) -> None:
    missed = [(o.path.name, o.status) for o in every_file if o.status not in NOT_FOUND and not o.may_carry]
    skipped = sum(not o.may_carry for o in every_file)
    print(f"\n{len(every_file)} files checked, {skipped} skip the SDK on the fast path, {len(missed)} missed")
    assert missed == []


def test_the_fast_path_gives_the_same_verdict(every_file: list[Outcome]) -> None:
    assert [o.path.name for o in every_file if o.fast_verdict != o.verdict] == []


def test_plain_files_skip_the_sdk_and_say_so() -> None:
    for name in ("plain.jpg", "plain.png", "gen_a1111.png", "exif_camera.jpg", "xmp_iptc_ai.webp"):
        report = provenance.inspect(fixture(name), options=FAST)
        assert report.checks[0] == Check("c2pa", False, "skipped: no manifest container found (fast path)")


@pytest.mark.parametrize(
    "name",
    [
        "ai_generated.jpg",
        "ai_generated.png",
        "ai_generated.webp",
        "ai_generated.gif",
        "ai_generated.tif",
        "ai_generated.wav",
        "ai_generated.avif",
        "xmp_remote_manifest.jpg",
    ],
)
def test_signed_and_pointing_fixtures_call_the_sdk(name: str) -> None:
    assert pre_check(fixture(name).read_bytes()) is True


def test_a_real_file_and_its_bytes_get_the_same_answer() -> None:
    for name in ("plain.jpg", "plain.png", "ai_generated.tif", "ai_generated.wav", "xmp_iptc_ai.webp"):
        path = fixture(name)
        with path.open("rb") as stream:  # positioned reads on the file descriptor
            media_type = media.sniff(stream.read(64))
            on_disk = may_carry_manifest(stream, media_type, extract(stream, media_type))
        assert on_disk is pre_check(path.read_bytes())


# --- truncated and renamed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "plain.jpg",
        "ai_generated.jpg",
        "plain.png",
        "ai_generated.png",
        "ai_generated.webp",
        "ai_generated.gif",
        "ai_generated.tif",
        "ai_generated.wav",
        "ai_generated.avif",
    ],
)
def test_truncated_files_never_hide_what_the_sdk_reports(name: str) -> None:
    data = fixture(name).read_bytes()
    cuts = sorted(
        {*range(1, 80), *range(80, len(data), max(1, len(data) // 60)), *range(len(data) - 20, len(data))}
    )
    missed = [cut for cut in cuts if sdk(data[:cut]) not in NOT_FOUND and not pre_check(data[:cut])]
    assert missed == []


@pytest.mark.parametrize(
    "name",
    [
        "plain.jpg",
        "ai_generated.jpg",
        "plain.png",
        "ai_generated.png",
        "ai_generated.webp",
        "ai_generated.gif",
        "ai_generated.tif",
        "ai_generated.wav",
        "ai_generated.avif",
    ],
)
def test_mutated_headers_never_hide_what_the_sdk_reports(name: str) -> None:
    data = fixture(name).read_bytes()
    rng = random.Random(name)
    missed = []
    for _ in range(120):
        at = rng.randrange(min(len(data), 4096))
        mutated = (
            data[:at] + bytes([rng.choice([0, 0xFF, data[at] ^ 1, rng.randrange(256)])]) + data[at + 1 :]
        )
        if sdk(mutated) not in NOT_FOUND and not pre_check(mutated):
            missed.append(at)
    assert missed == []


def test_a_signed_jpeg_with_its_app11_renamed_is_plain_for_both() -> None:
    data = fixture("ai_generated.jpg").read_bytes().replace(b"\xff\xeb", b"\xff\xec")
    assert (sdk(data), pre_check(data)) == (ReadStatus.ABSENT, False)


def test_a_signed_png_with_its_cabx_renamed_is_plain_for_both() -> None:
    data = fixture("ai_generated.png").read_bytes().replace(b"caBX", b"caBY")
    assert (sdk(data), pre_check(data)) == (ReadStatus.ABSENT, False)


# --- JPEG: the SDK reads segments up to the first SOS only ------------------------------------------


def app11_of(signed: bytes) -> bytes:
    pos, found = 2, b""
    while signed[pos + 1] != 0xDA:
        end = pos + 2 + struct.unpack(">H", signed[pos + 2 : pos + 4])[0]
        found += signed[pos:end] if signed[pos + 1] == 0xEB else b""
        pos = end
    return found


def test_a_progressive_jpeg_with_a_manifest_before_the_first_scan() -> None:
    progressive = image_bytes("JPEG", progressive=True)
    sos = progressive.index(b"\xff\xda")
    data = progressive[:sos] + app11_of(fixture("ai_generated.jpg").read_bytes()) + progressive[sos:]
    assert (sdk(progressive), pre_check(progressive)) == (ReadStatus.ABSENT, False)
    assert (sdk(data), pre_check(data)) == (ReadStatus.READ, True)


def test_a_manifest_between_the_scans_is_not_read_by_the_sdk_either() -> None:
    progressive = image_bytes("JPEG", progressive=True)
    second_scan = progressive.index(b"\xff\xda", progressive.index(b"\xff\xda") + 2)
    app11 = app11_of(fixture("ai_generated.jpg").read_bytes())
    data = progressive[:second_scan] + app11 + progressive[second_scan:]
    assert (sdk(data), pre_check(data)) == (ReadStatus.ABSENT, False)


def test_a_jpeg_ending_with_its_sos_header_fails_in_the_sdk() -> None:
    data = image_bytes("JPEG")
    sos = data.index(b"\xff\xda")
    cut = data[: sos + 2 + struct.unpack(">H", data[sos + 2 : sos + 4])[0]]
    assert (sdk(cut), pre_check(cut)) == (ReadStatus.FAILED, True)


def test_xmp_after_a_space_instead_of_a_nul_still_points_the_sdk_to_a_remote_manifest() -> None:
    plain = image_bytes("JPEG")
    data = plain[:2] + segment(0xE1, b"http://ns.adobe.com/xap/1.0/ " + POINTER_XMP) + plain[2:]
    assert (sdk(data), pre_check(data)) == (ReadStatus.REMOTE, True)


def test_a_png_ending_inside_iend_fails_in_the_sdk() -> None:
    data = image_bytes("PNG")[:-2]
    assert (sdk(data), pre_check(data)) == (ReadStatus.FAILED, True)


# --- GIF and RIFF --------------------------------------------------------------------------------


def gif_with(block: bytes, *, after_image: bool = False) -> bytes:
    plain = image_bytes("GIF")
    at = len(plain) - 1 if after_image else plain.index(b",")
    return plain[:at] + block + plain[at:]


def test_gif_application_extensions() -> None:
    c2pa = gif_with(b"!\xff\x0bC2PA_GIF\x01\x00\x00\x04junk\x00")
    pointer = gif_with(
        b"!\xff\x0bXMP DataXMP" + POINTER_XMP + bytes([1, *range(255, -1, -1), 0]), after_image=True
    )
    assert (sdk(image_bytes("GIF")), pre_check(image_bytes("GIF"))) == (ReadStatus.ABSENT, False)
    assert (sdk(c2pa), pre_check(c2pa)) == (ReadStatus.FAILED, True)  # junk where the manifest should be
    assert pre_check(pointer) is True


def test_a_gif_block_the_sdk_cannot_parse_calls_the_sdk() -> None:
    data = gif_with(b"!\x01\x0c" + bytes(13))  # a plain-text extension: the SDK rejects label 0x01
    assert (sdk(data), pre_check(data)) == (ReadStatus.FAILED, True)


def wav_with(fourcc: bytes, data: bytes) -> bytes:
    from fixtures.make_fixtures import tone_wav

    body = tone_wav()[12:] + fourcc + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) & 1)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def test_wav_chunks() -> None:
    plain, c2pa, pointer = (
        wav_with(b"LIST", b"INFO"),
        wav_with(b"C2PA", b"junk"),
        wav_with(b"XMP ", POINTER_XMP),
    )
    assert (sdk(plain), pre_check(plain)) == (ReadStatus.ABSENT, False)
    assert (sdk(c2pa), pre_check(c2pa)) == (ReadStatus.FAILED, True)
    assert (sdk(pointer), pre_check(pointer)) == (ReadStatus.REMOTE, True)
    assert pre_check(wav_with(b"_PMX", POINTER_XMP)) is True  # Adobe's WAV XMP chunk: not read by the SDK


# --- ISO BMFF and TIFF ---------------------------------------------------------------------------

FTYP = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
MDAT = struct.pack(">I", 108) + b"mdat" + bytes(100)
C2PA_JUNK = C2PA_UUID + bytes(4) + b"manifest\x00" + bytes(8) + b"junk"  # version, purpose, offset, store


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def nested_moov(levels: int) -> bytes:
    data = box(b"free", b"")
    for _ in range(levels):
        data = box(b"moov", data)
    return data


@pytest.mark.parametrize(
    ("data", "status", "may_carry"),
    [
        (FTYP + box(b"free", b"") + MDAT, ReadStatus.ABSENT, False),
        (FTYP + nested_moov(12) + MDAT, ReadStatus.ABSENT, False),
        (FTYP + box(b"uuid", C2PA_JUNK), ReadStatus.FAILED, True),
        (FTYP + box(b"uuid", XMP_UUID + POINTER_XMP) + MDAT, ReadStatus.REMOTE, True),
        (b"\x00\x00\x00\x16ftypisom\x00\x00\x02\x00isom" + MDAT, ReadStatus.FAILED, True),  # ftyp not aligned
        (FTYP + nested_moov(40) + MDAT, ReadStatus.FAILED, True),  # too deep for the SDK
        (FTYP + box(b"moov", struct.pack(">I", 64) + b"trak" + bytes(8)) + MDAT, ReadStatus.FAILED, True),
    ],
    ids=["plain", "nested-12", "c2pa-uuid", "xmp-pointer", "ftyp-unaligned", "nested-40", "child-overruns"],
)
def test_bmff(data: bytes, status: ReadStatus, may_carry: bool) -> None:
    assert (sdk(data), pre_check(data)) == (status, may_carry)


def test_tiff_ifd_chains() -> None:
    plain = image_bytes("TIFF")
    ifd = struct.unpack("<I", plain[4:8])[0]
    next_at = ifd + 2 + 12 * struct.unpack("<H", plain[ifd : ifd + 2])[0]
    cyclic = plain[:next_at] + struct.pack("<I", ifd) + plain[next_at + 4 :]
    assert (sdk(plain), pre_check(plain)) == (ReadStatus.ABSENT, False)
    assert (sdk(cyclic), pre_check(cyclic)) == (ReadStatus.FAILED, True)


def test_formats_without_a_walk_are_left_to_the_sdk() -> None:
    for media_type in ("audio/mpeg", "audio/flac", "application/pdf", "image/svg+xml", "image/jxl", None):
        assert may_carry_manifest(io.BytesIO(b"\x00" * 64), media_type, Blobs()) is True
