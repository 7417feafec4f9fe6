"""What the trend summaries stand on: one article per story, sentences with their date and outlet, tags.

:func:`distinct` gives :func:`attention <workbench.summaries.attention>`,
:func:`source_shares <workbench.summaries.source_shares>` and
:func:`sources_compared <workbench.summaries.sources_compared>` ``distinct_stories=True``: a group of
near-duplicate articles counted once, through its earliest article (see
:meth:`workbench.Corpus.dedupe`). The groups span partitions, so this works on an in-memory corpus
(of an on-disk one, a slice: ``corpus.between(...)``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import pandas as pd

from workbench.corpus import Corpus
from workbench.errors import FilterError
from workbench.summaries._parts import in_memory

if TYPE_CHECKING:
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Part

ALL_SOURCES = "All sources"
"""The row (or column) that stands for the whole corpus beside the outlets."""
NO_SOURCE = "(no source)"
"""The outlet of articles without a ``source``."""
SENTENCE_COLUMNS = {"articles": ["article_id", "published", "source"], "sentences": ["sentence_id", "article_id"]}
"""The columns of articles and sentences a trend reads: when, where and which sentence."""


def stories(corpus: Corpus) -> Corpus:
    """Return the corpus with one article per group of near-duplicates: each group's canonical (earliest) one.

    Uses the ``canonical`` column of a corpus loaded with ``dedupe="group"``; otherwise finds the
    groups (``datasketch`` needed, ``pip install 'workbench[dedupe]'``).
    """
    return corpus.dedupe("drop") if "canonical" not in corpus.articles.columns else _canonical_only(corpus)


def _canonical_only(corpus: Corpus) -> Corpus:
    kept = corpus.articles[corpus.articles["canonical"].astype(bool)].reset_index(drop=True)
    ids = set(kept["article_id"])
    tables = [table[table["article_id"].isin(ids)].reset_index(drop=True) for table in corpus._extracted()]
    return Corpus(kept, *tables, corpus.errors)


def distinct(corpus: AnyCorpus, distinct_stories: bool) -> AnyCorpus:
    """Return ``corpus``, or with ``distinct_stories`` its :func:`stories`; on disk, raise :class:`FilterError`."""
    if not distinct_stories:
        return corpus
    if not in_memory(corpus):
        raise FilterError(
            "distinct_stories=True needs the groups of near-duplicate articles of the whole corpus, which a corpus "
            "on disk does not hold: pass a slice of it, for example corpus.between('2024-01-01', '2024-06-30'), "
            "corpus.sample(5000) or corpus.take(ids), or count every article (distinct_stories=False)."
        )
    return stories(corpus)


def outlet_sentences(part: Part) -> pd.DataFrame:
    """Return ``sentence_id``, ``article_id``, ``published`` and ``source`` (missing as :data:`NO_SOURCE`)."""
    articles = part.articles[["article_id", "published", "source"]]
    frame = part.sentences[["sentence_id", "article_id"]].merge(articles, on="article_id", how="left")
    return frame.assign(source=frame["source"].astype("string").fillna(NO_SOURCE))


def store_tags(store: TagStore | None, names: Collection[str] | None = None) -> pd.DataFrame:
    """Return the store's ``sentence_id`` and ``tag`` rows (any coder), of the tags ``names`` if given.

    Read once in memory and joined to each part by sentence id; none without a store or names.
    """
    if store is None or (names is not None and not names):
        return pd.DataFrame({"sentence_id": pd.Series(dtype="string"), "tag": pd.Series(dtype="string")})
    tags = store.tags()[["sentence_id", "tag"]]
    return tags if names is None else tags[tags["tag"].isin(list(names))]
