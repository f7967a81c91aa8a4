"""Untrusted text made short and made safe: the one place where evidence values, problems and labels are
cut, and where text from a file is made harmless for a terminal."""

from __future__ import annotations

import unicodedata

ELLIPSIS = "\u2026"

# Categories whose characters act on a terminal or hide what is shown instead of being shown: controls
# (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates, zero-width characters, the
# BOM, tag characters...), lone surrogates (an undecodable byte of a file name) and the line and paragraph
# separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)  # os.fsdecode's stand-ins for the bytes 0x80-0xFF


def clip(text: str, limit: int = 300) -> str:
    """``text`` trimmed and cut to ``limit`` characters, the last one an ellipsis when it was cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def clip_line(text: str, limit: int = 200) -> str:
    """``text`` on one line (every run of white space becomes one space), cut as :func:`clip` does."""
    return clip(" ".join(text.split()), limit)


def clip_middle(text: str, limit: int) -> str:
    """``text`` cut in the middle to ``limit`` characters, so both ends stay (a path keeps its file name)."""
    if len(text) <= limit:
        return text
    if limit < 8:
        return text[-limit:]
    tail = max(limit // 2, limit - 24)  # the end holds the name: give it the larger share
    return text[: limit - tail - 1] + ELLIPSIS + text[-tail:]


def clip_path(path: str, limit: int) -> str:
    """A path cut to ``limit`` characters in its folders, so that the file name stays whole when it fits."""
    if len(path) <= limit:
        return path
    folder, sep, name = path.rpartition("/")
    budget = limit - len(name)  # for the folders
    if not sep or budget < 2:
        return clip_middle(path, limit)
    return (clip_middle(folder + sep, budget) if budget >= 8 else ELLIPSIS + sep) + name


def _visible(char: str) -> str:
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal or disguise what it shows replaced by a
    visible escape, so that what a file says is shown, never obeyed.

    Replaced: C0 controls and DEL (``\\x1b``, ``\\x07``; a newline, carriage return and tab as ``\\n``,
    ``\\r``, ``\\t``, so a value stays on one line and cannot pose as a line of ours), C1 controls
    (``\\x9b``), format characters such as bidi overrides and isolates and zero-width characters
    (``\\u202e``, ``\\u200b``), the line and paragraph separators (``\\u2028``) and lone surrogates (an
    undecodable byte of a file name, shown as the byte: ``\\xff``; printing one would raise). Backslashes
    are kept as they are: ``\\x1b`` may be those four characters, but it never acts on the terminal. Rich
    markup is not this function's business: pass the result to ``rich.text.Text``, never as markup.

    ``keep_newlines`` keeps ``\\n`` as a line break, for a message of several lines of our own (an error's
    diagnostics); a value from a file is shown on one line.
    """
    if text.isprintable():  # the common case; False for every character replaced below (and for spaces
        return text  # other than " ", which the loop keeps)
    if keep_newlines:
        return "\n".join(for_terminal(line) for line in text.split("\n"))
    return "".join(
        _visible(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in text
    )
