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

import pandas as pd

from workbench import schema
from workbench.claims import _article, _lexicon, _sources
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
        The ``sentences`` table (``sentence_id``, ``article_id``, ``text``, ``start`` at least), in
        article order; with ``paragraph``, a quotation may run over the sentences of a paragraph.
    mentions
        The ``mentions`` table, used only to resolve sources to canonical actors; may be empty.

    Returns
    -------
    pandas.DataFrame
        The ``claims`` table: ``claim_id`` (``"<sentence_id>-c<cue offset in the sentence>"``),
        ``article_id``, ``sentence_id`` (the sentence of the cue), ``source`` (as written),
        ``source_actor`` (canonical actor, missing when unresolved), ``cue``, ``cue_type`` (``"speech"``,
        ``"belief"`` or ``"evidence"``: said it, holds it, shows it), ``content``, ``hedged``,
        ``source_start``, ``source_end``, ``cue_start``, ``cue_end``, ``content_start`` and
        ``content_end`` as offsets into ``articles.text``, ``sentence_ids``, the tuple of the
        sentences the claim covers (several when its quote runs over several sentences), and
        ``about``, the tuple of the canonical actors its content mentions, in order, each once.
    """
    _check(sentences)
    texts = {}
    if {"article_id", "text"} <= set(articles.columns):
        texts = dict(zip(articles["article_id"].tolist(), articles["text"].tolist(), strict=True))
    names = ("text", "sentence_id", "article_id", "start")
    columns = [sentences[name].tolist() for name in names]
    paragraphs = sentences["paragraph"].tolist() if "paragraph" in sentences.columns else [0] * len(sentences)
    rows = _article.find(zip(*columns, paragraphs, strict=True), texts)
    actors = _sources.resolve(rows, mentions, texts)
    table = [(*row[:-1], _article.covered(row), *actor) for row, actor in zip(rows, actors, strict=True)]
    return schema.from_rows(table, [*_article.Found._fields, *_sources.Resolved._fields], "claims")


def hedged_sentences(sentences: pd.DataFrame) -> pd.Series:
    """Return a boolean Series aligned with ``sentences``: True where a sentence hedges.

    Hedges are the words and phrases in ``workbench/data/hedges.txt`` ("may", "might", "appears to",
    "likely", "it is unclear", "reportedly"...), so analysts can filter speculation out or in.
    """
    search, start = _lexicon.HEDGE_PATTERN.search, _lexicon.HEDGE_START.match
    flags = [isinstance(text, str) and bool(search(text) or start(text)) for text in sentences["text"].tolist()]
    return pd.Series(flags, index=sentences.index, dtype=bool)
