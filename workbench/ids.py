"""Stable identifiers: the same article gives the same ids wherever its file lies.

Ids hash content, never paths or batch positions, so tags re-attach after a reload and a
batch of articles can be processed on any worker with the same result.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Container


def _digest(text: str, length: int) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def article_id(text: str, explicit: str | None = None) -> str:
    """Return the article's id: the id its record gives, else a hash of its cleaned text."""
    if explicit is not None and str(explicit).strip():
        return str(explicit).strip()
    return "a" + _digest(text, 11)


def renamed_id(article: str, text: str, *, origin: str | None, taken: Container[str]) -> str:
    """Return a new id for an article whose explicit id ``article`` is held by an article with other text.

    Two exports that both number their articles 1..N must not lose half of them. The new id
    keeps the given one and adds where the article comes from (``origin``, its file name), or,
    when that does not tell it apart, a hash of its text: ``1@daily.csv``, ``1@3fa9c2b1``. Both
    are the same on every load of the same inputs, so tags re-attach.

    Examples
    --------
    >>> renamed_id("1", "Talks resumed.", origin="daily.csv", taken={"1"})
    '1@daily.csv'
    >>> renamed_id("1", "Talks resumed.", origin=None, taken={"1"})
    '1@519c86f4'
    """
    hashed = f"{article}@{_digest(text, 8)}"
    readable = [f"{article}@{origin}"] if origin else []
    candidates = itertools.chain(readable, [hashed], (f"{hashed}-{n}" for n in itertools.count(2)))
    return next(candidate for candidate in candidates if candidate not in taken)


def sentence_id(article: str, sentence_text: str, occurrence: int = 0) -> str:
    """Return a sentence's id from its article id and its text.

    ``occurrence`` counts earlier identical sentences in the same article, so repeated
    sentences keep distinct ids. An edited sentence gets a new id: tags on the old one are
    then reported as orphans instead of silently moving to different words.
    """
    suffix = f"-{occurrence}" if occurrence else ""
    return f"{article}-{_digest(sentence_text, 8)}{suffix}"
