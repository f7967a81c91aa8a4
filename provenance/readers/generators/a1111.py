"""AUTOMATIC1111-style generation parameters ("infotext"), as Stable Diffusion front ends write them.

The text is ``<prompt>\\nNegative prompt: <negative>\\nSteps: 20, Sampler: Euler a, CFG scale: 7, ...``:
free-text prompt lines, then one settings line of ``Key: value`` pairs where values holding a comma,
colon or newline are JSON-quoted. A1111, Forge, SD.Next and Fooocus (its "a1111" scheme) write it to
PNG ``parameters`` and to EXIF UserComment. Only text whose settings line carries ``Steps`` plus another
known setting with a plausible value counts, so an ordinary caption that mentions steps never does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ...vocab import INFOTEXT_APPS
from .common import Finding

MAX_TEXT = 512 * 1024  # longer "parameters" text is not parsed (prompts are rarely over a few KB)

_STEPS_AT_KEY = re.compile(r"(?:^|,)\s*Steps:\s*\d{1,5}\s*(?:,|$)")
# A key starts with a non-space, so the leading \s* never backtracks into it (linear on long blank runs).
_KEY = re.compile(r"\s*([^\s,:\"][^,:\"\n]{0,63}?)\s*:\s*")
_INT = re.compile(r"-?\d{1,20}")
_NUMBER = re.compile(r"-?\d{1,6}(?:\.\d{1,10})?")
_SIZE = re.compile(r"\d{1,6}x\d{1,6}")
_HASH = re.compile(r"[0-9a-fA-F]{8,64}")
_FORGE_VERSION = re.compile(r"f\d")


def _plain(value: str) -> bool:
    return 0 < len(value) <= 256


# Settings A1111 and its forks write, with what a real value looks like. "Steps" is required on top.
_KNOWN: dict[str, re.Pattern[str] | None] = {
    "Sampler": None,
    "Schedule type": None,
    "CFG scale": _NUMBER,
    "Seed": _INT,
    "Size": _SIZE,
    "Model hash": _HASH,
    "Model": None,
    "VAE hash": _HASH,
    "VAE": None,
    "Denoising strength": _NUMBER,
    "Clip skip": _INT,
    "Version": None,
    "Hires upscale": _NUMBER,
    "Distilled CFG Scale": _NUMBER,
}


@dataclass(frozen=True, slots=True)
class A1111Params:
    """One parsed infotext. ``settings`` is the raw settings line (no prompt text in it)."""

    prompt: str
    negative_prompt: str
    settings: str
    pairs: dict[str, str]
    name: str
    version: str | None
    model: str | None


def _quoted(line: str, start: int) -> tuple[str, int]:
    """The JSON string opening at ``line[start]`` and the index after it; unterminated runs to the end."""
    i = start + 1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == '"':
            token = line[start : i + 1]
            try:
                value = json.loads(token)
            except ValueError:
                value = token[1:-1]
            return (value if isinstance(value, str) else token[1:-1]), i + 1
        i += 1
    return line[start + 1 :], len(line)


def settings_pairs(line: str) -> dict[str, str]:
    """``Key: value, Key: "quoted, value"`` -> dict; segments without a key are skipped, first key wins."""
    pairs: dict[str, str] = {}
    pos = 0
    while pos < len(line):
        match = _KEY.match(line, pos)
        if match is None:  # a stray segment with no "Key:": skip to the next comma
            comma = line.find(",", pos)
            if comma < 0:
                break
            pos = comma + 1
            continue
        key, pos = match.group(1).strip(), match.end()
        if pos < len(line) and line[pos] == '"':
            value, pos = _quoted(line, pos)
            comma = line.find(",", pos)
            pos = len(line) if comma < 0 else comma + 1
        else:
            comma = line.find(",", pos)
            end = len(line) if comma < 0 else comma
            value, pos = line[pos:end].strip(), end + 1
        pairs.setdefault(key, value)
    return pairs


def _plausible(pairs: dict[str, str]) -> bool:
    """Steps plus at least one other known setting whose value looks like the real thing."""
    steps = pairs.get("Steps", "")
    if not steps.isdigit() or not 0 < int(steps) <= 10000:
        return False
    for key, pattern in _KNOWN.items():
        value = pairs.get(key)
        if value is None:
            continue
        if pattern.fullmatch(value) if pattern is not None else _plain(value):
            return True
    return False


def _app(pairs: dict[str, str]) -> tuple[str, str | None]:
    """(normalised generator name, version) from the settings."""
    version = pairs.get("Version") or None
    for key in ("App", "Software", "Generator"):
        value = pairs.get(key, "").lower()
        for needle, name in INFOTEXT_APPS:
            if needle in value:
                return name, version
    if version is not None:
        lowered = version.lower()
        if _FORGE_VERSION.match(lowered):
            return "Forge", version
        for needle, name in INFOTEXT_APPS:
            if lowered.startswith(needle):
                rest = version[len(needle) :].strip()
                return name, rest or None
    return "AUTOMATIC1111", version


def _settings_line(lines: list[str]) -> int | None:
    """Index of the last line that is a settings line (has a ``Steps: <n>`` pair)."""
    for index in range(len(lines) - 1, -1, -1):
        if _STEPS_AT_KEY.search(lines[index]):
            return index
    return None


def split_a1111(text: str) -> A1111Params | None:
    """The parts of an infotext, or None when the text is not generation parameters."""
    if not text or len(text) > MAX_TEXT or "Steps:" not in text:
        return None
    lines = text.replace("\r\n", "\n").strip("\x00 \n").split("\n")
    index = _settings_line(lines)
    if index is None:
        return None
    settings = lines[index].strip()
    pairs = settings_pairs(settings)
    if not _plausible(pairs):
        return None
    prompt_lines: list[str] = []
    negative_lines: list[str] = []
    in_negative = False
    for line in lines[:index]:
        if line.startswith("Negative prompt:"):
            in_negative = True
            line = line[len("Negative prompt:") :].strip()
        (negative_lines if in_negative else prompt_lines).append(line)
    name, version = _app(pairs)
    return A1111Params(
        prompt="\n".join(prompt_lines).strip(),
        negative_prompt="\n".join(negative_lines).strip(),
        settings=settings,
        pairs=pairs,
        name=name,
        version=version,
        model=pairs.get("Model") or None,
    )


def finding(text: str, keyword: str) -> Finding | None:
    """The generator that A1111-style parameters in the metadata field ``keyword`` name, or None.

    The summary is the settings line (never the prompt), as the evidence excerpt shows it by default.
    """
    params = split_a1111(text)
    if params is None:
        return None
    return Finding(
        name=params.name,
        version=params.version,
        model=params.model,
        prompt=params.prompt or None,
        prompt_present=bool(params.prompt),
        keywords=(keyword,),
        summary=params.settings,
    )
