"""The analysis layer: group-bys over the corpus tables and the tags, which charts draw and exports write.

Every function takes an in-memory :class:`~workbench.Corpus` or an on-disk
:class:`~workbench.ondisk.OnDiskCorpus` (from :func:`workbench.open_corpus`) and gives the same
table for both. On disk, each partition runs the group-by as a Dask task and only the small
result reaches memory (see :mod:`workbench.summaries._parts`); tags, from the store, join the
tables as a pandas frame by sentence id.

- Actors: :func:`actor_table`, :func:`top_actors`, :func:`cooccurrence`, :func:`actor_types`, :func:`claims_by_source`,
  :func:`claims_by_source_and_target`.
- Tags (from :func:`inputs`, the corpus with its tags): :func:`tag_summary`, :func:`tags_by_coder`,
  :func:`tag_by_actor`, :func:`actor_summary`, :func:`tagged_sentences`, :func:`tags_over_time`,
  :func:`agreement_summary`, :func:`tag_matrix`.
- Rows to read: :func:`sentences_tagged` and :func:`claims` (lazy Dask dataframes on disk),
  :func:`articles` (the per-article overview).
- Trends: :func:`attention`, :func:`source_shares` and :func:`sources_compared` (counting each
  story once, ``distinct_stories=True``, needs an in-memory corpus: of an on-disk one, a slice).

Example
-------
>>> import workbench
>>> from workbench import summaries
>>> corpus = workbench.load_text("Iran warned Israel. Israel and Iran met.")
>>> summaries.cooccurrence(corpus, ["Iran", "Israel"])
  actor_a actor_b  sentences
0    Iran  Israel          2
"""

from __future__ import annotations

from workbench.summaries._actors import (
    UNKNOWN_SOURCE,
    actor_table,
    actor_types,
    claims_by_source,
    claims_by_source_and_target,
    cooccurrence,
    top_actors,
)
from workbench.summaries._attention import ATTENTION_COLUMNS, PERIODS, UNITS, Series, attention, period_starts
from workbench.summaries._outlets import SHARE_COLUMNS, SHARES_BY, source_shares, sources_compared
from workbench.summaries._rows import articles, claims, sentences_tagged
from workbench.summaries._stories import ALL_SOURCES, NO_SOURCE, stories
from workbench.summaries._tags import (
    JOIN,
    SummaryInputs,
    actor_summary,
    agreement_summary,
    inputs,
    tag_by_actor,
    tag_matrix,
    tag_summary,
    tagged_mentions,
    tagged_sentences,
    tags_by_coder,
    tags_over_time,
)

__all__ = [
    "ALL_SOURCES",
    "ATTENTION_COLUMNS",
    "JOIN",
    "NO_SOURCE",
    "PERIODS",
    "SHARES_BY",
    "SHARE_COLUMNS",
    "UNITS",
    "UNKNOWN_SOURCE",
    "Series",
    "SummaryInputs",
    "actor_summary",
    "actor_table",
    "actor_types",
    "agreement_summary",
    "articles",
    "attention",
    "claims",
    "claims_by_source",
    "claims_by_source_and_target",
    "cooccurrence",
    "inputs",
    "period_starts",
    "sentences_tagged",
    "source_shares",
    "sources_compared",
    "stories",
    "tag_by_actor",
    "tag_matrix",
    "tag_summary",
    "tagged_mentions",
    "tagged_sentences",
    "tags_by_coder",
    "tags_over_time",
    "top_actors",
]
