"""The ``actors`` table: one row per canonical actor, counted from the ``mentions`` table.

Group-bys over a table, no extraction: the in-memory corpus counts its actors with
:func:`summarise`, the on-disk build adds up the counts of its partitions with :func:`combine`,
and :func:`merge` folds actors an analyst decides are one.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from workbench import schema


def summarise(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the ``actors`` table: one row per canonical actor, counted from ``mentions``.

    Columns: ``actor``, ``actor_type``, ``code``, ``n_mentions``, ``n_sentences``,
    ``n_articles`` and ``aliases`` (the distinct surfaces, ``; ``-separated), most
    mentioned first.
    """
    if mentions.empty:
        return schema.empty("actors")
    frame = mentions if "code" in mentions.columns else mentions.assign(code=pd.NA)
    actors = (
        frame.groupby(["actor", "actor_type"], sort=False)
        .agg(
            code=("code", "first"),
            n_mentions=("surface", "size"),
            n_sentences=("sentence_id", "nunique"),
            n_articles=("article_id", "nunique"),
        )
        .reset_index()
    )
    actors["aliases"] = _aliases(frame, actors)
    actors["code"] = actors["code"].replace("", pd.NA)
    actors = actors.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable")
    return schema.conform(actors, "actors")


def combine(summaries: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return the ``actors`` table of a corpus from the :func:`summarise` tables of its parts, in corpus order.

    The parts must not share a sentence or an article (each holds whole articles), so distinct
    sentences and articles per actor add up; aliases are the union of the parts' aliases. The
    result equals ``summarise`` of all the mentions, without ever holding them together.
    """
    found = [part for part in summaries if len(part)]
    if not found:
        return schema.empty("actors")
    frame = pd.concat(found, ignore_index=True)
    keys = ["actor", "actor_type"]
    actors = (
        frame.groupby(keys, sort=False)
        .agg(
            code=("code", "first"),
            n_mentions=("n_mentions", "sum"),
            n_sentences=("n_sentences", "sum"),
            n_articles=("n_articles", "sum"),
        )
        .reset_index()
    )
    surfaces: dict[tuple[str, str], set[str]] = {}
    for actor, kind, aliases in zip(*(frame[c].tolist() for c in (*keys, "aliases")), strict=True):
        surfaces.setdefault((actor, kind), set()).update(aliases.split("; ") if aliases else ())
    found = zip(actors["actor"].tolist(), actors["actor_type"].tolist(), strict=True)
    actors["aliases"] = ["; ".join(sorted(surfaces[key])) for key in found]
    actors = actors.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable")
    return schema.conform(actors, "actors")


def _aliases(mentions: pd.DataFrame, actors: pd.DataFrame) -> list[str]:
    """Return the distinct surfaces of each actor of ``actors``, sorted and ``; ``-separated.

    One pass over plain lists: a pandas group-by with a Python function per group costs most of
    ``summarise`` on a large corpus.
    """
    surfaces: dict[tuple[str, str], set[str]] = {}
    for actor, kind, surface in zip(*(mentions[c].tolist() for c in ("actor", "actor_type", "surface")), strict=True):
        surfaces.setdefault((actor, kind), set()).add(surface)
    keys = zip(actors["actor"].tolist(), actors["actor_type"].tolist(), strict=True)
    return ["; ".join(sorted(surfaces[key])) for key in keys]


def merge(
    mentions: pd.DataFrame, claims: pd.DataFrame, keep: str, others: Iterable[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``mentions`` and ``claims`` with the actors ``others`` renamed to ``keep``.

    Mentions of the others take ``keep``'s type and code when ``keep`` is mentioned, so the
    ``actors`` table then has one row for them all; ``claims.source_actor`` follows.

    Raises
    ------
    KeyError
        When ``keep`` or one of ``others`` is not an actor of ``mentions``.
    """
    others = [other for other in others if other != keep]
    unknown = [name for name in (keep, *others) if not (mentions["actor"] == name).any()]
    if unknown:
        raise KeyError(f"No actor named {unknown[0]!r} in the mentions; pick names from corpus.actors['actor'].")
    kept = mentions.loc[mentions["actor"] == keep].iloc[0]
    moved = mentions["actor"].isin(others)
    mentions = mentions.copy()
    mentions.loc[moved, "actor"] = keep
    mentions.loc[moved, "actor_type"] = kept["actor_type"]
    if "code" in mentions.columns:
        mentions.loc[moved, "code"] = kept["code"]
    claims = claims.copy()
    claims.loc[claims["source_actor"].isin(others), "source_actor"] = keep
    return mentions, claims
