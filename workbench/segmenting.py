"""Paragraphs and sentences with exact character offsets into the cleaned text.

First cut: paragraphs are blocks separated by blank lines; sentences end at ``.``, ``!`` or
``?`` followed by white space and an upper-case letter.
"""

from __future__ import annotations

import re

import pandas as pd

from workbench import ids, schema

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the paragraphs of ``text``, blank ones skipped."""
    spans, begin = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((begin, brk.start()))
        begin = brk.end()
    spans.append((begin, len(text)))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences in ``text[start:end]``."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for stop in _SENTENCE_END.finditer(text, start, end):
        spans.append((begin, stop.end()))
        begin = stop.end()
    spans.append((begin, end))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each article of an ``articles`` table into the ``sentences`` table.

    Returns the ``sentences`` columns ``sentence_id``, ``article_id``, ``paragraph``,
    ``position``, ``text``, ``start`` and ``end``; ``text == article_text[start:end]``.
    """
    rows = []
    for article, text in zip(articles["article_id"], articles["text"], strict=True):
        seen: dict[str, int] = {}
        position = 0
        for paragraph, (p_start, p_end) in enumerate(paragraphs(text)):
            for s_start, s_end in sentences(text, p_start, p_end):
                sentence = text[s_start:s_end]
                occurrence = seen.get(sentence, 0)
                seen[sentence] = occurrence + 1
                rows.append(
                    (
                        ids.sentence_id(article, sentence, occurrence),
                        article,
                        paragraph,
                        position,
                        sentence,
                        s_start,
                        s_end,
                    )
                )
                position += 1
    columns = ["sentence_id", "article_id", "paragraph", "position", "text", "start", "end"]
    if not rows:
        return schema.empty("sentences")
    return pd.DataFrame.from_records(rows, columns=columns)
