"""Summaries of who is in the news: actors by sentences, actors named together, claims by source, cue and target."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from workbench.summaries._parts import each, stacked, summed, table

if TYPE_CHECKING:
    from workbench.summaries._parts import AnyCorpus, Part

UNKNOWN_SOURCE = "(unknown source)"
"""The source of a claim whose speaker was not found."""
_NAMED = {"mentions": ["sentence_id", "actor"]}


def actor_table(corpus: AnyCorpus) -> pd.DataFrame:
    """Return the ``actors`` table (one row per actor, see :mod:`workbench.schema`) in memory, read if on disk."""
    return table(corpus, "actors")


def _sentences_per_actor(part: Part) -> pd.Series:
    return part.mentions.groupby("actor")["sentence_id"].nunique()


def top_actors(corpus: AnyCorpus, top: int) -> pd.Series:
    """Return the ``top`` actors by sentences naming them (``sentences`` by ``actor``), largest first, ties by name."""
    counts = summed(each(corpus, _sentences_per_actor, columns=_NAMED)).rename("sentences").reset_index()
    counts = counts.sort_values(["sentences", "actor"], ascending=[False, True]).head(top)
    return counts.set_index("actor")["sentences"]


def _pairs(part: Part, actors: list[str]) -> pd.Series:
    mentions = part.mentions
    named = mentions.loc[mentions["actor"].isin(actors), ["sentence_id", "actor"]].drop_duplicates()
    pairs = named.merge(named, on="sentence_id", suffixes=("_a", "_b"))
    return pairs[pairs["actor_a"] < pairs["actor_b"]].groupby(["actor_a", "actor_b"]).size()


def cooccurrence(corpus: AnyCorpus, actors: list[str]) -> pd.DataFrame:
    """Return one row per pair of ``actors`` named in the same sentence: ``actor_a``, ``actor_b``, ``sentences``.

    Each unordered pair appears once, with ``actor_a < actor_b``. The pairs are counted within
    each sentence, so on disk each partition counts its own and the counts are added.
    """
    return summed(each(corpus, _pairs, list(actors), columns=_NAMED)).rename("sentences").reset_index()


def _first_types(part: Part, actors: list[str]) -> pd.DataFrame:
    mentions = part.mentions
    return mentions.loc[mentions["actor"].isin(actors), ["actor", "actor_type"]].drop_duplicates("actor")


def actor_types(corpus: AnyCorpus, actors: list[str]) -> pd.Series:
    """Return the type of each of ``actors`` (``actor_type`` by ``actor``): that of its first mention."""
    columns = {"mentions": ["actor", "actor_type"]}
    first = stacked(each(corpus, _first_types, list(actors), columns=columns)).drop_duplicates("actor")
    return first.set_index("actor")["actor_type"].reindex(actors)


def _who(claims: pd.DataFrame) -> pd.Series:
    """Return who makes each claim: its source actor, else its source as written, else :data:`UNKNOWN_SOURCE`."""
    return claims["source_actor"].fillna(claims["source"]).fillna(UNKNOWN_SOURCE).astype("string")


def _claims_by_source(part: Part) -> pd.Series:
    claims = part.claims
    who = _who(claims)
    cue = claims["cue"].fillna("").astype("string").str.lower().str.strip()
    return pd.DataFrame({"who": who, "cue": cue}).groupby(["who", "cue"]).size()


def claims_by_source(corpus: AnyCorpus) -> pd.DataFrame:
    """Return one row per (source, cue) with claims: ``who``, ``cue`` (lower case), ``claims``.

    ``who`` is the source actor, else the source as written, else :data:`UNKNOWN_SOURCE`.
    """
    columns = {"claims": ["source_actor", "source", "cue"]}
    return summed(each(corpus, _claims_by_source, columns=columns)).rename("claims").reset_index()


def actors_named(about: object) -> list[str]:
    """Return the actors of one ``claims.about`` cell: a tuple in memory, an array read from Parquet, or missing."""
    if about is None or pd.api.types.is_scalar(about):  # missing (None, NaN or NA): no actor named
        return []
    return [str(actor) for actor in about]  # type: ignore[attr-defined]


def _claims_by_source_and_target(part: Part) -> pd.Series:
    claims = part.claims
    pairs = pd.DataFrame(
        {"source": _who(claims), "target": [actors_named(about) for about in claims["about"].tolist()]}
    )
    pairs = pairs.explode("target").dropna(subset=["target"]).astype({"target": "string"})
    return pairs.groupby(["source", "target"]).size()


def claims_by_source_and_target(corpus: AnyCorpus) -> pd.DataFrame:
    """Return one row per (source, target) pair: ``source``, ``target``, ``claims``, most claims first.

    ``source`` is who makes the claim (the source actor, else the source as written, else
    :data:`UNKNOWN_SOURCE`); ``target`` is an actor the claim's content names (``claims.about``).
    A claim naming two actors counts once for each; a claim naming none is left out, as it is
    about no one the corpus knows. Who says what about whom: the network of
    :func:`workbench.charts.who_says_about_whom` draws this table.
    """
    columns = {"claims": ["source_actor", "source", "about"]}
    counts = summed(each(corpus, _claims_by_source_and_target, columns=columns)).rename("claims").reset_index()
    return counts.sort_values(["claims", "source", "target"], ascending=[False, True, True], ignore_index=True)
