"""NovelAI: ``Software`` "NovelAI", ``Source`` (the model), ``Comment`` JSON (settings), ``Description``."""

from __future__ import annotations

from typing import Any

from ..._text import clip_line
from .common import Finding, JsonProblem, Table, get, load_object, text_of


def parse(table: Table, problems: list[str]) -> Finding | None:
    """NovelAI: ``Software`` "NovelAI", ``Source`` (the model), ``Comment`` JSON, ``Description`` (prompt)."""
    software = (get(table, "software") or "").strip()
    source = text_of(get(table, "source"))
    comment: dict[str, Any] = {}
    comment_text = get(table, "comment")
    if comment_text is not None and comment_text.lstrip().startswith("{"):
        try:
            comment = load_object(comment_text, "Comment")
        except JsonProblem as exc:
            problems.append(str(exc))
    title = (get(table, "title") or "").strip()
    named = software.lower().startswith("novelai") or (source or "").lower().startswith("novelai")
    # Without the Software tag, NovelAI's fixed title plus its Comment settings still identify it.
    if not named and not (title == "AI generated image" and {"steps", "sampler"} <= comment.keys()):
        return None
    prompt = text_of(comment.get("prompt"), 100_000) or text_of(get(table, "description"), 100_000)
    keywords = tuple(k for k in ("software", "source", "comment", "title") if k in table)
    written = tuple(table[k][0] for k in keywords) or ("Software",)
    summary = "; ".join(f"{table[k][0]}={clip_line(table[k][1], 40)}" for k in keywords if k != "comment")
    return Finding(
        name="NovelAI",
        version=None,
        model=source,
        prompt=prompt,
        prompt_present=prompt is not None,
        keywords=written,
        summary=summary,
    )
