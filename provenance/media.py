"""Media type from the first bytes of a file (the extension is never trusted)."""

from __future__ import annotations

from pathlib import Path

SNIFF_BYTES = 64

_ISO_BRANDS = {
    b"avif": "image/avif",
    b"avis": "image/avif",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"msf1": "image/heif",
    b"qt  ": "video/quicktime",
    b"M4A ": "audio/mp4",
    b"crx ": "image/x-canon-cr3",
}


def sniff(head: bytes) -> str | None:
    """The media type the leading bytes announce, or None when we do not recognise them."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "image/jxl"
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _ISO_BRANDS.get(head[8:12], "video/mp4")
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"8BPS"):
        return "image/vnd.adobe.photoshop"
    text = head.lstrip()[:5].lower()
    if text.startswith((b"<?xml", b"<svg")):
        return "image/svg+xml"
    return None


# Extensions of media formats whose signature sniff() does not know (or that a truncated file lost).
MEDIA_SUFFIXES = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".jpe",
        ".png",
        ".gif",
        ".tif",
        ".tiff",
        ".dng",
        ".webp",
        ".avif",
        ".heic",
        ".heif",
        ".jxl",
        ".svg",
        ".psd",
        ".bmp",
        ".ico",
        ".arw",
        ".cr2",
        ".cr3",
        ".nef",
        ".orf",
        ".rw2",
        ".raf",
        ".mp4",
        ".m4v",
        ".m4a",
        ".m4s",
        ".mov",
        ".avi",
        ".mkv",
        ".webm",
        ".wav",
        ".mp3",
        ".flac",
        ".ogg",
        ".opus",
        ".aac",
        ".pdf",
        ".c2pa",
    ]
)


def looks_like_media(path: Path) -> bool:
    """A media signature in the first bytes, or a media extension (read errors count as media: the
    inspection will say what went wrong)."""
    if path.suffix.lower() in MEDIA_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return True
    return sniff(head) is not None
