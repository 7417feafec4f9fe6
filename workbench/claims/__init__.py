"""Claims: who says, believes, warns or urges what, and which statements hedge.

``find_claims`` turns the ``sentences`` table into the ``claims`` table, one row per reporting
cue; ``hedged_sentences`` flags speculation ("may", "appears to", "it is unclear") for the
``sentences.hedged`` column. Both are pure functions of their tables: a sentence without a cue
word costs one regular-expression search.

Example
-------
>>> import workbench
>>> corpus = workbench.load_text("Officials said that the talks would resume. Iran may respond.")
>>> corpus.claims[["source", "cue", "content"]].values.tolist()
[['Officials', 'said', 'the talks would resume']]
>>> corpus.sentences["hedged"].tolist()
[False, True]
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from workbench import schema
from workbench.claims import _lexicon, _sources
from workbench.claims._grammar import claims_in_sentence
from workbench.errors import SchemaError

__all__ = ["find_claims", "hedged_sentences"]

_NEEDED = ("sentence_id", "article_id", "text", "start")


def _check(sentences: pd.DataFrame) -> None:
    missing = [name for name in _NEEDED if name not in sentences.columns]
    if missing:
        raise SchemaError(
            f"Finding claims needs the sentences columns {list(_NEEDED)}; {missing} are missing. "
            "Pass the sentences table of a Corpus (workbench.load(...).sentences)."
        )


def find_claims(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the ``claims`` table: one row per reporting cue in ``sentences``.

    Parameters
    ----------
    articles
        The ``articles`` table the sentences come from (offsets index its ``text``).
    sentences
        The ``sentences`` table (``sentence_id``, ``article_id``, ``text``, ``start`` at least).
    mentions
        The ``mentions`` table, used only to resolve sources to canonical actors; may be empty.

    Returns
    -------
    pandas.DataFrame
        The ``claims`` table: ``claim_id`` (``"<sentence_id>-c<cue offset in the sentence>"``),
        ``article_id``, ``sentence_id``, ``source`` (as written), ``source_actor`` (canonical actor,
        missing when unresolved), ``cue``, ``content``, ``hedged``, and ``source_start``,
        ``source_end``, ``cue_start``, ``cue_end`` as offsets into ``articles.text``.
    """
    _check(sentences)
    search = _lexicon.CUE_PATTERN.search
    hedge, hedge_start = _lexicon.HEDGE_PATTERN.search, _lexicon.HEDGE_START.match
    rows = []
    columns = (sentences[name].tolist() for name in ("text", "sentence_id", "article_id", "start"))
    for text, sentence, article, offset in zip(*columns, strict=True):
        if not (isinstance(text, str) and search(text)):
            continue
        for claim in claims_in_sentence(text):
            lo = min(claim.source[0], claim.cue[0], claim.content[0] if claim.content[0] >= 0 else len(text))
            hi = max(claim.source[1], claim.cue[1], claim.content[1])
            hedged = claim.hedged or bool(hedge(text, lo, hi) or (lo == 0 and hedge_start(text)))
            rows.append(
                _Row(
                    f"{sentence}-c{claim.cue[0]}",
                    article,
                    sentence,
                    text[slice(*claim.source)],
                    text[slice(*claim.cue)],
                    text[slice(*claim.content)] if claim.content[0] >= 0 else "",
                    hedged,
                    offset + claim.source[0],
                    offset + claim.source[1],
                    offset + claim.cue[0],
                    offset + claim.cue[1],
                )
            )
    actors = _sources.source_actors(
        (row.article_id for row in rows),
        (row.source for row in rows),
        (row.source_start for row in rows),
        (row.source_end for row in rows),
        mentions,
    )
    named = [(*row, actor) for row, actor in zip(rows, actors, strict=True)]
    return schema.from_rows(named, [*_Row._fields, "source_actor"], "claims")


class _Row(NamedTuple):
    """A claim as found, before its source is resolved to an actor."""

    claim_id: str
    article_id: str
    sentence_id: str
    source: str
    cue: str
    content: str
    hedged: bool
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int


def hedged_sentences(sentences: pd.DataFrame) -> pd.Series:
    """Return a boolean Series aligned with ``sentences``: True where a sentence hedges.

    Hedges are the words and phrases in ``workbench/data/hedges.txt`` ("may", "might", "appears to",
    "likely", "it is unclear", "reportedly"...), so analysts can filter speculation out or in.
    """
    search, start = _lexicon.HEDGE_PATTERN.search, _lexicon.HEDGE_START.match
    flags = [isinstance(text, str) and bool(search(text) or start(text)) for text in sentences["text"].tolist()]
    return pd.Series(flags, index=sentences.index, dtype=bool)
