"""Actor mentions: who is mentioned, under one canonical name per actor (placeholder)."""

from __future__ import annotations

import pandas as pd

from workbench import schema


class ActorDictionary:
    """The actors to match: the shipped dictionary plus an analyst's own entries."""


def dictionary_for(extra: object = None) -> ActorDictionary | None:
    """Return the dictionary to match: the shipped one, extended by ``extra`` (a CSV path or DataFrame)."""
    return None


def find_mentions(
    articles: pd.DataFrame, sentences: pd.DataFrame, *, dictionary: ActorDictionary | None = None
) -> pd.DataFrame:
    """Return the ``mentions`` table of ``sentences``."""
    return schema.empty("mentions")


def summarise(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the ``actors`` table: one row per canonical actor, counted from ``mentions``."""
    if mentions.empty:
        return schema.empty("actors")
    grouped = mentions.groupby(["actor", "actor_type"], sort=False)
    actors = grouped.agg(
        n_mentions=("surface", "size"),
        n_sentences=("sentence_id", "nunique"),
        n_articles=("article_id", "nunique"),
        aliases=("surface", lambda s: "; ".join(sorted(set(s)))),
    ).reset_index()
    actors = actors.sort_values(["n_mentions", "actor"], ascending=[False, True])
    return schema.conform(actors, "actors")
