#!/usr/bin/env python3
"""Build the hostile corpus: files made to crash, hang, exhaust or mislead a metadata reader.

Run: .venv/bin/python scripts/make_hostile.py DIR [--port N]

Importable: ``build(folder, port=...)`` writes every item into ``folder`` and returns the
``{name: what it is}`` catalogue, one entry per path a walk of ``folder`` meets (a symbolic link, a FIFO
and a socket are paths too). ``port`` is where the external-entity XMP points (a test listens there to
prove nothing is fetched). Everything is deterministic except the socket, and small on disk: the 1 GiB
files are sparse (``truncate``), the bombs are a few hundred KB compressed. Needs ``brotli`` for the
``brob`` manifest (skipped with a note when it is missing). Nothing here is copied from the shared corpus.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import socket
import struct
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEDIA = REPO / "fixtures" / "media"
GIB = 1 << 30
SPARSE_SIZE = GIB
BOMB_SIZE = 256 << 20  # what each zlib bomb expands to
BROB_SIZE = GIB  # what the brotli manifest expands to
FORMATS = (
    "jpg",
    "png",
    "webp",
    "gif",
    "tif",
    "heic",
    "avif",
    "mp4",
    "mov",
    "wav",
    "mp3",
    "flac",
    "pdf",
    "svg",
    "jxl",
    "psd",
    "avi",
)
# The hostile files of the Rust SDK's own fixtures (../shared/corpus/c2pa-rs-fixtures), used in place.
RS_HOSTILE = (
    "riff_bomb_1000.wav",
    "nested_moov_1000.mp4",
    "tiff_poc.tiff",
    "id3v23_compression_underflow.mp3",
    "no_alg.jpg",
    "prerelease.jpg",
)
TRUNCATE_FROM = ("jpg", "png", "webp", "tif", "gif", "wav", "pdf", "avif")
C2PA_UUID = bytes.fromhex("6332706100110010800000aa00389b71")  # JUMBF description type "c2pa"
STORE_UUID = bytes.fromhex("63326d6100110010800000aa00389b71")  # "c2ma": a manifest
JSON_UUID = bytes.fromhex("6a736f6e00110010800000aa00389b71")  # "json" content


# ---- container pieces --------------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*chunks: bytes, width: int = 1, height: int = 1) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + idat + png_chunk(b"IEND", b"")


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg(*segments: bytes, width: int = 1, height: int = 1, scan: bytes = b"\x00" * 16) -> bytes:
    sof = jpeg_segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    sos = jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return b"\xff\xd8" + b"".join(segments) + sof + sos + scan + b"\xff\xd9"


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def jumd(label: bytes, uuid: bytes = C2PA_UUID) -> bytes:
    return box(b"jumd", uuid + b"\x03" + label + b"\x00")  # toggles: requestable + label present


def app11(jumbf: bytes) -> bytes:
    """One APP11 JUMBF segment ("JP", instance 1, sequence 1) holding a whole superbox."""
    return jpeg_segment(0xEB, b"JP\x00\x01\x00\x00\x00\x01" + jumbf)


def xmp_packet(body: str) -> bytes:
    return body.encode()


# ---- the items ---------------------------------------------------------------------------------------------


def _billion_laughs() -> bytes:
    ents = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    return xmp_packet(
        f'<?xml version="1.0"?><!DOCTYPE x:xmpmeta [{"".join(ents)}]><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'Iptc4xmpExt:DigitalSourceType="&l9;"/>'
        "</rdf:RDF></x:xmpmeta>"
    )


def _external_entity(url: str) -> bytes:
    return xmp_packet(
        f'<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY % p SYSTEM "{url}dtd"> %p; '
        f'<!ENTITY e SYSTEM "{url}">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'dcterms:provenance="&e;" xmp:CreatorTool="&e;"/></rdf:RDF></x:xmpmeta>'
    )


def _xmp_items(port: int) -> dict[str, tuple[str, bytes]]:
    header = b"http://ns.adobe.com/xap/1.0/\x00"
    items: dict[str, tuple[str, bytes]] = {}
    packets = {
        "xmp_billion_laughs": ("XMP with 10^9-fold entity expansion", _billion_laughs()),
        "xmp_xxe_file": ("XMP whose entity is file:///etc/passwd", _external_entity("file:///etc/passwd#")),
        "xmp_xxe_http": (
            f"XMP whose entities fetch http://127.0.0.1:{port}/",
            _external_entity(f"http://127.0.0.1:{port}/"),
        ),
    }
    for name, (what, packet) in packets.items():
        items[f"{name}.jpg"] = (f"{what}, in JPEG APP1", jpeg(jpeg_segment(0xE1, header + packet)))
        itxt = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet
        items[f"{name}.png"] = (f"{what}, in PNG iTXt", png(png_chunk(b"iTXt", itxt)))
    return items


def _zlib_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9)
    zeros = bytes(16 << 20)
    parts = [packer.compress(zeros) for _ in range(size // len(zeros))]
    return b"".join(parts) + packer.flush()


def _bombs() -> dict[str, tuple[str, bytes]]:
    bomb = _zlib_bomb(BOMB_SIZE)
    seven = _zlib_bomb(7 << 20)
    riff_vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4 + (b"\xff\xff\xff" * 2)
    tiff = (
        b"II*\x00\x08\x00\x00\x00"
        + struct.pack("<H", 3)
        + b"".join(
            struct.pack("<HHII", tag, 4, 1, value)
            for tag, value in ((256, 0xFFFFFFFF), (257, 0xFFFFFFFF), (273, 8))
        )
        + b"\x00\x00\x00\x00"
    )
    return {
        "huge_dims.png": ("PNG declaring 2^31-1 x 2^31-1 pixels", png(width=0x7FFFFFFF, height=0x7FFFFFFF)),
        "huge_dims.jpg": ("JPEG SOF declaring 65535 x 65535 pixels", jpeg(width=0xFFFF, height=0xFFFF)),
        "huge_dims.gif": (
            "GIF declaring 65535 x 65535 pixels",
            b"GIF89a\xff\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02D\x01\x00;",
        ),
        "huge_dims.webp": (
            "WebP VP8X canvas of 2^24 x 2^24",
            b"RIFF" + struct.pack("<I", 4 + len(riff_vp8x)) + b"WEBP" + riff_vp8x,
        ),
        "huge_dims.tif": ("TIFF declaring 2^32-1 x 2^32-1 pixels", tiff),
        "ztxt_bomb.png": (
            f"zTXt expanding to {BOMB_SIZE >> 20} MB",
            png(png_chunk(b"zTXt", b"Comment\x00\x00" + bomb)),
        ),
        "itxt_bomb.png": (
            f"compressed iTXt 'parameters' expanding to {BOMB_SIZE >> 20} MB",
            png(png_chunk(b"iTXt", b"parameters\x00\x01\x00\x00\x00" + bomb)),
        ),
        "itxt_xmp_bomb.png": (
            f"compressed XMP iTXt expanding to {BOMB_SIZE >> 20} MB",
            png(png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + bomb)),
        ),
        "ztxt_many.png": (
            "60 zTXt chunks of 7 MB each (420 MB in all)",
            png(*(png_chunk(b"zTXt", b"k%d\x00\x00" % i + seven) for i in range(60))),
        ),
    }


def _brob_store() -> bytes | None:
    """A C2PA manifest store whose one assertion is a ``brob`` box expanding to :data:`BROB_SIZE` bytes."""
    try:
        import brotli
    except ImportError:
        return None
    packer = brotli.Compressor(quality=1)
    zeros = bytes(16 << 20)
    payload = b"".join(packer.process(zeros) for _ in range(BROB_SIZE // len(zeros))) + packer.finish()
    assertion = box(b"jumb", jumd(b"c2pa.actions.v2", JSON_UUID) + box(b"brob", b"json" + payload))
    assertions = box(
        b"jumb", jumd(b"c2pa.assertions", bytes.fromhex("6332617300110010800000aa00389b71")) + assertion
    )
    manifest = box(b"jumb", jumd(b"urn:c2pa:00000000-0000-0000-0000-000000000000", STORE_UUID) + assertions)
    return box(b"jumb", jumd(b"c2pa") + manifest)


def _nested_jumbf(levels: int) -> bytes:
    inner = box(b"json", b"{}")
    for _ in range(levels):
        inner = box(b"jumb", jumd(b"c2pa") + inner)
    return inner


def _nested_bmff(kind: bytes, levels: int, leaf: bytes = b"") -> bytes:
    inner = leaf
    for _ in range(levels):
        inner = box(kind, inner)
    return inner


def _nested_riff(levels: int) -> bytes:
    inner = b""
    for _ in range(levels):
        inner = b"LIST" + struct.pack("<I", 4 + len(inner)) + b"INFO" + inner
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8)
    body = b"WAVE" + fmt + inner + b"data\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _structures() -> dict[str, tuple[str, bytes]]:
    ftyp_mp4 = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    ftyp_heic = box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    c2pa_uuid = box(b"uuid", bytes.fromhex("d8fec3d61b0e483c92975828877ec481") + b"\x00" * 8)
    items: dict[str, tuple[str, bytes]] = {
        "nested_jumbf.jpg": (
            "JUMBF superboxes nested 1,600 deep in one APP11 segment",
            jpeg(app11(_nested_jumbf(1600))),
        ),
        "nested_jumbf.png": (
            "JUMBF superboxes nested 50,000 deep in a caBX chunk",
            png(png_chunk(b"caBX", _nested_jumbf(50_000))),
        ),
        "nested_moov.mp4": (
            "moov boxes nested 100,000 deep, then a C2PA uuid box",
            ftyp_mp4 + _nested_bmff(b"moov", 100_000) + c2pa_uuid,
        ),
        "nested_meta.heic": ("meta boxes nested 50,000 deep", ftyp_heic + _nested_bmff(b"meta", 50_000)),
        "nested_list.wav": ("RIFF LIST chunks nested 100,000 deep", _nested_riff(100_000)),
        "jumbf_overrun.jpg": (
            "APP11 JUMBF whose box sizes overrun the segment",
            jpeg(app11(struct.pack(">I", 0x7FFFFFF0) + b"jumb" + jumd(b"c2pa"))),
        ),
    }
    store = _brob_store()
    if store is not None:
        items["brob_bomb.png"] = (
            f"C2PA store whose brob assertion expands to {BROB_SIZE >> 30} GiB, in caBX",
            png(png_chunk(b"caBX", store)),
        )
        segments = [store[i : i + 65000] for i in range(0, len(store), 65000)]
        head = store[:8]  # every continuation segment repeats the superbox's LBox and TBox
        app11s = [
            jpeg_segment(0xEB, b"JP\x00\x01" + struct.pack(">I", n + 1) + (head if n else b"") + part)
            for n, part in enumerate(segments)
        ]
        items["brob_bomb.jpg"] = (
            f"C2PA store whose brob assertion expands to {BROB_SIZE >> 30} GiB, "
            f"in {len(app11s)} APP11 segments",
            jpeg(*app11s),
        )
    return items


def _truncated() -> dict[str, tuple[str, bytes]]:
    items: dict[str, tuple[str, bytes]] = {}
    for ext in TRUNCATE_FROM:
        data = (MEDIA / f"ai_generated.{ext}").read_bytes()
        for label, cut in (("sig", 3), ("head", 100), ("half", len(data) // 2), ("last", len(data) - 1)):
            items[f"truncated_{label}.{ext}"] = (f"ai_generated.{ext} cut to {cut} bytes", data[:cut])
    return items


def _random_bytes() -> dict[str, tuple[str, bytes]]:
    rng = random.Random(20260101)
    items: dict[str, tuple[str, bytes]] = {}
    magics = {
        "jpg": b"\xff\xd8\xff",
        "png": b"\x89PNG\r\n\x1a\n",
        "gif": b"GIF89a",
        "tif": b"II*\x00",
        "webp": b"RIFF\xff\xff\xff\x7fWEBP",
        "heic": b"\x00\x00\x00\x18ftypheic",
        "avif": b"\x00\x00\x00\x18ftypavif",
    }
    for ext, magic in magics.items():
        items[f"random.{ext}"] = (f"64 KB of random bytes named .{ext}", rng.randbytes(65536))
        items[f"random_magic.{ext}"] = (
            f"the .{ext} signature, then random bytes",
            magic + rng.randbytes(65536),
        )
    return items


def _regular(port: int) -> dict[str, tuple[str, bytes]]:
    items = {f"empty.{ext}": (f"zero-byte .{ext}", b"") for ext in FORMATS}
    for part in (_truncated(), _random_bytes(), _bombs(), _xmp_items(port), _structures()):
        items.update(part)
    return items


def _sparse(folder: Path) -> dict[str, str]:
    """1 GiB files, sparse: a valid header, then a hole (zeros never written)."""
    made: dict[str, str] = {}
    heads: dict[str, tuple[bytes, bytes]] = {
        "sparse_1gb.jpg": (jpeg(scan=b"")[:-2], b""),  # SOS, then a GiB of "entropy-coded data"
        "sparse_1gb.png": (
            png()[:33] + struct.pack(">I", SPARSE_SIZE - 57) + b"IDAT",
            png_chunk(b"IEND", b""),
        ),
        "sparse_1gb.mp4": (
            box(b"ftyp", b"isom\x00\x00\x02\x00isom") + struct.pack(">I", SPARSE_SIZE - 24) + b"mdat",
            b"",
        ),
    }
    for name, (head, tail) in heads.items():
        path = folder / name
        with path.open("wb") as handle:
            handle.write(head)
            handle.truncate(SPARSE_SIZE - len(tail))
            handle.seek(0, os.SEEK_END)
            handle.write(tail)
        made[name] = f"{SPARSE_SIZE >> 30} GiB sparse file: a {name.rsplit('.', 1)[1]} header, then zeros"
    return made


def _specials(folder: Path) -> dict[str, str]:
    plain = (MEDIA / "plain.jpg").read_bytes()
    made: dict[str, str] = {}
    unreadable = folder / "unreadable.jpg"
    unreadable.write_bytes(plain)
    unreadable.chmod(0)
    made[unreadable.name] = "mode 000 (still readable by root)"
    os.mkfifo(folder / "fifo.jpg")
    made["fifo.jpg"] = "a FIFO named .jpg (opening it would block)"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.png"))
    sock.close()
    made["socket.png"] = "a UNIX socket named .png"
    os.symlink("loop_b.jpg", folder / "loop_a.jpg")
    os.symlink("loop_a.jpg", folder / "loop_b.jpg")
    made |= {"loop_a.jpg": "symlink loop a -> b -> a", "loop_b.jpg": "symlink loop b -> a -> b"}
    os.symlink("self.png", folder / "self.png")
    made["self.png"] = "a symlink to itself"
    os.symlink(".", folder / "loop_dir")
    made["loop_dir"] = "a symlink to its own folder"
    os.symlink("missing.jpg", folder / "dangling.jpg")
    made["dangling.jpg"] = "a symlink to nothing"
    for raw, what in (
        (b"caf\xe9.jpg", "latin-1 name (not UTF-8)"),
        (b"\xff\xfe\x80.png", "undecodable name"),
        (b"new\nline.jpg", "a newline in the name"),
        (b"-rf.jpg", "a name that looks like an option"),
    ):
        with open(os.path.join(os.fsencode(folder), raw), "wb") as handle:
            handle.write(plain)
        made[os.fsdecode(raw)] = what
    sub = folder / "folder.jpg"
    sub.mkdir()
    (sub / "inside.jpg").write_bytes(plain)
    made["folder.jpg/inside.jpg"] = "a file inside a folder named .jpg"
    return made


# Makers beside this script, one per area of crafted files: each module's make() returns
# {name: (what it is, bytes)}, written into the corpus like the items above; a make_sparse(folder), where a
# module has one, writes its large sparse files itself.
MAKERS = ("hostile_c2pa", "hostile_metadata", "hostile_serve", "hostile_text")


def _from_makers() -> dict[str, tuple[str, bytes]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    made: dict[str, tuple[str, bytes]] = {}
    for name in MAKERS:
        made |= importlib.import_module(name).make()
    return made


def build(folder: Path, *, port: int = 9) -> dict[str, str]:
    """Write the hostile corpus into ``folder`` (created); the catalogue of every path a walk meets."""
    folder.mkdir(parents=True, exist_ok=True)
    catalogue: dict[str, str] = {}
    for name, (what, data) in (_regular(port) | _from_makers()).items():
        (folder / name).write_bytes(data)
        catalogue[name] = what
    catalogue |= _sparse(folder)
    for maker in MAKERS:
        write_sparse = getattr(importlib.import_module(maker), "make_sparse", None)
        if write_sparse is not None:
            catalogue |= write_sparse(folder)
    catalogue |= _specials(folder)
    return catalogue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=9, help="port the external-entity XMP points to")
    args = parser.parse_args()
    for name, what in sorted(build(args.folder, port=args.port).items()):
        print(f"{name!r:40} {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
