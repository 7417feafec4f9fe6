"""The rows both tagging views show, the filters over them and navigation through a selection.

Pure functions over DataFrames: :func:`sentence_rows` builds one row per sentence once per view,
:func:`select` answers a filter with the positions of the matching rows (vectorised, fast on 100,000
sentences) and :func:`next_uncoded` walks a selection to the next sentence still to code.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from workbench.corpus import Corpus
from workbench.errors import WidgetError

ROW_COLUMNS = (
    "sentence_id",
    "article_id",
    "article",
    "position",
    "text",
    "actors",
    "claim_source",
    "has_claim",
    "hedged",
)
"""Columns of :func:`sentence_rows`, in order."""


@dataclass(frozen=True)
class Filters:
    """What the analyst asked to see; empty values mean "no filter on this".

    Attributes
    ----------
    article
        An ``article_id``.
    actor
        A canonical actor name (``mentions.actor``).
    tag
        A tag name: sentences the coder gave this tag.
    claims_only, untagged_only, hedged_only
        Keep sentences with a claim, sentences not yet coded, hedged sentences.
    search
        Text the sentence contains, case-insensitive, taken literally.
    """

    article: str = ""
    actor: str = ""
    tag: str = ""
    claims_only: bool = False
    untagged_only: bool = False
    hedged_only: bool = False
    search: str = ""

    @classmethod
    def names(cls) -> list[str]:
        """Return the filter names, the keywords ``set_filter`` accepts."""
        return [f.name for f in fields(cls)]


def sentence_rows(corpus: Corpus) -> pd.DataFrame:
    """Return one row per sentence with the context both views show (columns :data:`ROW_COLUMNS`).

    ``article`` is the article's title (its id when the title is empty), ``actors`` the distinct
    canonical actors mentioned, ``claim_source`` the sources of its claims (both ``"; "``-joined),
    ``hedged`` is true when the sentence or one of its claims is hedged. Sentences keep the corpus
    order (article, then position).
    """
    sentences = corpus.sentences
    titles = corpus.articles.set_index("article_id")["title"]
    titles = titles.where(titles.notna() & (titles.str.len() > 0), titles.index.to_series())
    rows = pd.DataFrame(
        {
            "sentence_id": sentences["sentence_id"].to_numpy(),
            "article_id": sentences["article_id"].to_numpy(),
            "article": sentences["article_id"].map(titles).fillna(sentences["article_id"]).astype("string").to_numpy(),
            "position": sentences["position"].to_numpy(),
            "text": sentences["text"].astype("string").to_numpy(),
        }
    )
    rows["text"] = rows["text"].astype("string")
    rows["actors"] = _joined(rows["sentence_id"], corpus.mentions, "actor")
    rows["claim_source"] = _joined(rows["sentence_id"], corpus.claims, "source")
    rows["has_claim"] = rows["sentence_id"].isin(corpus.claims["sentence_id"])
    hedged_claims = corpus.claims.loc[corpus.claims["hedged"].astype(bool), "sentence_id"]
    rows["hedged"] = sentences["hedged"].astype(bool).to_numpy() | rows["sentence_id"].isin(hedged_claims).to_numpy()
    return rows


def _joined(ids: pd.Series, table: pd.DataFrame, column: str) -> pd.Series:
    """Return, aligned with ``ids``, the distinct values of ``table[column]`` per sentence joined by "; "."""
    pairs = table[["sentence_id", column]].dropna().drop_duplicates()
    if pairs.empty:
        return pd.Series("", index=ids.index, dtype="string")
    joined = pairs.sort_values(column).groupby("sentence_id", sort=False)[column].agg("; ".join)
    return ids.map(joined).fillna("").astype("string")


def select(
    rows: pd.DataFrame,
    filters: Filters,
    *,
    mentions: pd.DataFrame,
    tag_ids: Collection[str] = (),
    coded_ids: Collection[str] = (),
) -> np.ndarray:
    """Return the positions in ``rows`` of the sentences that pass every filter, in row order.

    Parameters
    ----------
    rows
        From :func:`sentence_rows`.
    filters
        What to keep.
    mentions
        The corpus' mentions table, for the actor filter.
    tag_ids
        Sentence ids that carry ``filters.tag`` (ignored when no tag filter is set).
    coded_ids
        Sentence ids already coded (tagged, noted or marked done), for ``untagged_only``.
    """
    keep = np.ones(len(rows), dtype=bool)
    ids = rows["sentence_id"]
    if filters.article:
        keep &= (rows["article_id"] == filters.article).to_numpy(dtype=bool, na_value=False)
    if filters.actor:
        with_actor = mentions.loc[mentions["actor"] == filters.actor, "sentence_id"]
        keep &= ids.isin(with_actor).to_numpy()
    if filters.tag:
        keep &= ids.isin(list(tag_ids)).to_numpy()
    if filters.claims_only:
        keep &= rows["has_claim"].to_numpy()
    if filters.hedged_only:
        keep &= rows["hedged"].to_numpy()
    if filters.untagged_only:
        keep &= ~ids.isin(list(coded_ids)).to_numpy()
    if filters.search:
        found = rows["text"].str.contains(filters.search, case=False, regex=False)
        keep &= found.to_numpy(dtype=bool, na_value=False)
    return np.flatnonzero(keep)


def next_uncoded(ids: np.ndarray, index: int, coded_ids: Collection[str]) -> int | None:
    """Return the index of the next sentence after ``index`` not in ``coded_ids``, wrapping round.

    Returns ``None`` when every sentence of ``ids`` is coded.
    """
    count = len(ids)
    for step in range(1, count + 1):
        candidate = (index + step) % count
        if ids[candidate] not in coded_ids:
            return candidate
    return None


def check_choice(name: str, value: str, allowed: Collection[str]) -> None:
    """Raise :class:`WidgetError` when ``value`` is set and not one of ``allowed``."""
    if value and value not in allowed:
        shown = ", ".join(sorted(allowed)[:12]) or "(none in this corpus)"
        raise WidgetError(
            f"Unknown {name} {value!r} for this filter: pick one of {shown}"
            f"{' ...' if len(allowed) > 12 else ''}, or pass {name}='' to clear it."
        )
