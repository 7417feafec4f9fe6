"""Stable identifiers: the same article gives the same ids wherever its file lies.

Ids hash content, never paths or batch positions, so tags re-attach after a reload and a
batch of articles can be processed on any worker with the same result.
"""

from __future__ import annotations

import hashlib


def _digest(text: str, length: int) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def article_id(text: str, explicit: str | None = None) -> str:
    """Return the article's id: the id its record gives, else a hash of its cleaned text."""
    if explicit is not None and str(explicit).strip():
        return str(explicit).strip()
    return "a" + _digest(text, 11)


def sentence_id(article: str, sentence_text: str, occurrence: int = 0) -> str:
    """Return a sentence's id from its article id and its text.

    ``occurrence`` counts earlier identical sentences in the same article, so repeated
    sentences keep distinct ids. An edited sentence gets a new id: tags on the old one are
    then reported as orphans instead of silently moving to different words.
    """
    suffix = f"-{occurrence}" if occurrence else ""
    return f"{article}-{_digest(sentence_text, 8)}{suffix}"
