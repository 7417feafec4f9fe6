"""Group-bys over the corpus tables: attention over time and outlets compared.

Pure functions from a corpus (and optionally a tag store) to a tidy DataFrame; the charts in
:mod:`workbench.charts.trends` plot exactly these frames.

- :func:`attention`: how often an actor, a tag or a keyword appears per day, week or month, as a
  count and as a share of everything published in that period (so a busy news week does not look
  like a surge), with a rolling mean, per outlet if asked.
- :func:`source_shares` and :func:`sources_compared`: each outlet's articles, the actors it names,
  the tags on its sentences and whom it quotes, beside the corpus as a whole.

Every function takes ``distinct_stories=True`` to count a group of near-duplicate articles once
(through its earliest article; see :meth:`workbench.Corpus.dedupe`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import FilterError
from workbench.summaries._parts import in_memory

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore

PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
"""Time steps of :func:`attention` and charts over dates, as pandas period codes (weeks start on Monday)."""
UNITS = ("articles", "sentences")
"""What :func:`attention` counts: articles with at least one match, or matching sentences."""
SHARES_BY = ("actor", "tag", "quoted")
"""What :func:`source_shares` compares: actors named, tags given, actors quoted (claims by source actor)."""
ALL_SOURCES = "All sources"
"""The row (or column) that stands for the whole corpus beside the outlets."""
NO_SOURCE = "(no source)"
"""The outlet of articles without a ``source``."""
ATTENTION_COLUMNS = ["series", "kind", "source", "period", "count", "total", "share", "count_rolling", "share_rolling"]
"""Columns of :func:`attention`."""
SHARE_COLUMNS = ["source", "name", "count", "total", "share", "corpus_share", "ratio"]
"""Columns of :func:`source_shares`."""


class Series(NamedTuple):
    """One thing followed over time: an actor, a tag or a keyword pattern, and its label in tables and charts."""

    kind: str
    value: str

    @property
    def label(self) -> str:
        """Return ``"kind: value"``, the name of the series in tables and legends."""
        return f"{self.kind}: {self.value}"


def stories(corpus: Corpus) -> Corpus:
    """Return the corpus with one article per group of near-duplicates: each group's canonical (earliest) one.

    Uses the ``canonical`` column of a corpus loaded with ``dedupe="group"``; otherwise finds the
    groups (``datasketch`` needed, ``pip install 'workbench[dedupe]'``).
    """
    return corpus.dedupe("drop") if "canonical" not in corpus.articles.columns else _canonical_only(corpus)


def _canonical_only(corpus: Corpus) -> Corpus:
    from workbench.corpus import Corpus

    kept = corpus.articles[corpus.articles["canonical"].astype(bool)].reset_index(drop=True)
    ids = set(kept["article_id"])
    tables = [table[table["article_id"].isin(ids)].reset_index(drop=True) for table in corpus._extracted()]
    return Corpus(kept, *tables, corpus.errors)


def _sentences(corpus: Corpus) -> pd.DataFrame:
    """Return ``sentence_id``, ``article_id``, ``published`` and ``source`` (missing as :data:`NO_SOURCE`)."""
    articles = corpus.articles[["article_id", "published", "source"]]
    frame = corpus.sentences[["sentence_id", "article_id"]].merge(articles, on="article_id", how="left")
    return frame.assign(source=frame["source"].astype("string").fillna(NO_SOURCE))


def _matching(corpus: Corpus, series: Series, store: TagStore | None) -> np.ndarray:
    """Return a boolean array over ``corpus.sentences``: True where the sentence holds ``series``."""
    sentence_ids = corpus.sentences["sentence_id"]
    if series.kind == "keyword":
        from workbench.analysis import contains

        return contains(corpus.sentences["text"], series.value).to_numpy()
    if series.kind == "actor":
        found = corpus.mentions.loc[corpus.mentions["actor"] == series.value, "sentence_id"]
    else:
        if store is None:
            raise FilterError(f"The tag {series.value!r} needs the tag store: pass store=TagStore(...).")
        tags = store.tags()
        found = tags.loc[tags["tag"] == series.value, "sentence_id"]
    return sentence_ids.isin(set(found)).to_numpy()


def _loaded(corpus: Corpus, what: str) -> Corpus:
    """Return ``corpus`` when it is in memory; for a corpus on disk, raise :class:`FilterError` saying what to do."""
    if not in_memory(corpus):
        raise FilterError(
            f"{what} works on an in-memory corpus: take the articles to compare from the corpus on disk, "
            "for example corpus.between('2024-01-01', '2024-06-30'), corpus.sample(5000) or corpus.take(ids)."
        )
    return corpus


def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """Return the first day of the ``period`` (a key of :data:`PERIODS`) each of ``dates`` falls in."""
    if period not in PERIODS:
        raise FilterError(f"Unknown period {period!r}: use one of {', '.join(PERIODS)}.")
    return dates.dt.to_period(PERIODS[period]).dt.start_time


def attention(
    corpus: Corpus,
    *,
    actors: Sequence[str] = (),
    tags: Sequence[str] = (),
    keywords: Sequence[str] = (),
    store: TagStore | None = None,
    period: str = "week",
    unit: str = "articles",
    rolling: int = 1,
    by_source: bool = False,
    distinct_stories: bool = False,
) -> pd.DataFrame:
    """Return how much attention each actor, tag and keyword gets per period, as a count and as a share.

    Parameters
    ----------
    corpus : Corpus
        Articles with publication dates (undated articles are left out).
    actors, tags, keywords : sequence of str
        Canonical actor names, tag names (from ``store``, every coder) and keyword patterns (as in
        :func:`workbench.analysis.kwic`: ``sanction*``, ``"nuclear deal"``); one series each.
    store : TagStore, optional
        The tag store, needed for ``tags``.
    period : {'day', 'week', 'month'}
        The time step; every period from the first to the last date gets a row, zero if quiet.
    unit : {'articles', 'sentences'}
        Count articles with at least one matching sentence (share of all articles in the period),
        or matching sentences (share of all sentences in the period).
    rolling : int
        Periods averaged in ``count_rolling`` and ``share_rolling`` (a trailing mean; 1 = none).
    by_source : bool
        One row per outlet as well, shares taken within the outlet.
    distinct_stories : bool
        Count each group of near-duplicate articles once (see :func:`stories`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ATTENTION_COLUMNS`; ``source`` is :data:`ALL_SOURCES` unless ``by_source``;
        ``share`` is missing for a period with nothing published.

    Raises
    ------
    FilterError
        For an unknown period or unit, a ``rolling`` below 1, no series, tags without a store, or
        an on-disk corpus (pass a slice of it: ``corpus.between(...)``).
    """
    corpus = _loaded(corpus, "attention")
    if unit not in UNITS:
        raise FilterError(f"Unknown unit {unit!r}: use one of {', '.join(UNITS)}.")
    if rolling < 1:
        raise FilterError(f"rolling must be 1 or more periods, got {rolling}.")
    wanted = [Series("actor", a) for a in actors] + [Series("tag", t) for t in tags]
    wanted += [Series("keyword", k) for k in keywords]
    if not wanted:
        raise FilterError("Name at least one series: actors=[...], tags=[...] or keywords=[...].")
    corpus = stories(corpus) if distinct_stories else corpus
    frame = _sentences(corpus)
    frame["period"] = period_starts(frame["published"], period)
    dated = frame["period"].notna().to_numpy()
    keys = ["source", "period"] if by_source else ["period"]
    counted = "article_id" if unit == "articles" else "sentence_id"
    base = frame[dated]
    totals = base.groupby(keys)[counted].nunique()
    grid = _grid(base, keys, period)
    parts = []
    for series in wanted:
        hits = base[_matching(corpus, series, store)[dated]]
        counts = hits.groupby(keys)[counted].nunique().reindex(grid, fill_value=0)
        part = pd.DataFrame({"count": counts, "total": totals.reindex(grid, fill_value=0)}).reset_index()
        part.insert(0, "series", series.label)
        part.insert(1, "kind", series.kind)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=ATTENTION_COLUMNS)
    if not by_source:
        table["source"] = ALL_SOURCES
    table["share"] = table["count"] / table["total"].where(table["total"] > 0)
    lines = table.groupby(["series", "source"], sort=False)
    table["count_rolling"] = lines["count"].transform(lambda x: x.rolling(rolling, min_periods=1).mean())
    table["share_rolling"] = lines["share"].transform(lambda x: x.rolling(rolling, min_periods=1).mean())
    table = table.astype({"series": "string", "kind": "string", "source": "string", "count": "int64", "total": "int64"})
    return table[ATTENTION_COLUMNS]


def _grid(frame: pd.DataFrame, keys: list[str], period: str) -> pd.Index:
    """Return every period from the first to the last (per outlet when ``keys`` holds ``source``)."""
    if frame.empty:
        return pd.MultiIndex.from_arrays([[], []], names=keys) if len(keys) > 1 else pd.Index([], name="period")
    steps = pd.period_range(frame["period"].min(), frame["period"].max(), freq=PERIODS[period]).start_time
    if len(keys) == 1:
        return pd.Index(steps, name="period")
    return pd.MultiIndex.from_product([sorted(frame["source"].unique()), steps], names=keys)


def source_shares(
    corpus: Corpus,
    store: TagStore | None = None,
    *,
    by: str = "actor",
    top: int = 10,
    distinct_stories: bool = False,
) -> pd.DataFrame:
    """Return, per outlet and for the corpus, the share of its sentences (or claims) for each actor or tag.

    Parameters
    ----------
    corpus : Corpus
        The articles; ``articles.source`` names the outlets.
    store : TagStore, optional
        The tag store, needed for ``by="tag"``.
    by : {'actor', 'tag', 'quoted'}
        ``"actor"``: sentences naming the actor, of the outlet's sentences; ``"tag"``: sentences
        carrying the tag (any coder); ``"quoted"``: claims whose source is the actor, of the
        outlet's claims.
    top : int
        How many names to keep: those with the largest counts in the whole corpus (every tag of
        the codebook for ``by="tag"`` when ``top`` is larger).
    distinct_stories : bool
        Count each group of near-duplicate articles once (see :func:`stories`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHARE_COLUMNS`, one row per (outlet, name) with the outlets sorted and
        :data:`ALL_SOURCES` last; ``corpus_share`` is the name's share in the whole corpus and
        ``ratio`` the outlet's share over it (above 1: the outlet gives it more room than average).

    Raises
    ------
    FilterError
        For an unknown ``by``, a ``top`` below 1, ``by="tag"`` without a store, or an on-disk
        corpus (pass a slice of it: ``corpus.between(...)``).
    """
    corpus = _loaded(corpus, "source_shares")
    if by not in SHARES_BY:
        raise FilterError(f"Unknown by={by!r}: use one of {', '.join(SHARES_BY)}.")
    if top < 1:
        raise FilterError(f"top must be 1 or more, got {top}.")
    corpus = stories(corpus) if distinct_stories else corpus
    units, marks = _units_and_marks(corpus, store, by)
    ranked = marks.groupby("name")["unit"].nunique()
    if by == "tag" and store is not None:  # every tag of the codebook, also those not used yet
        ranked = ranked.reindex(
            [*ranked.index, *(t for t in store.codebook.tags if t not in ranked.index)], fill_value=0
        )
    ranked = ranked.rename("count").rename_axis("name").reset_index()
    names = list(ranked.sort_values(["count", "name"], ascending=[False, True])["name"].head(top))
    whole = pd.concat([units, units.assign(source=ALL_SOURCES)], ignore_index=True)
    marks = pd.concat([marks, marks.assign(source=ALL_SOURCES)], ignore_index=True)
    totals = whole.groupby("source")["unit"].nunique()
    counts = marks[marks["name"].isin(names)].groupby(["source", "name"])["unit"].nunique()
    outlets = corpus.articles["source"].astype("string").fillna(NO_SOURCE)
    sources = [*sorted(set(outlets)), ALL_SOURCES]
    grid = pd.MultiIndex.from_product([sources, names], names=["source", "name"])
    table = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    table["total"] = table["source"].map(totals).fillna(0).astype("int64")
    table["share"] = (table["count"] / table["total"].where(table["total"] > 0)).astype(float)
    corpus_share = table[table["source"] == ALL_SOURCES].set_index("name")["share"]
    table["corpus_share"] = table["name"].map(corpus_share).astype(float)
    table["ratio"] = table["share"] / table["corpus_share"].where(table["corpus_share"] > 0)
    return table.astype({"source": "string", "name": "string", "count": "int64"})[SHARE_COLUMNS]


def _units_and_marks(corpus: Corpus, store: TagStore | None, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what is counted (``unit``, ``source``: sentences or claims) and which ``name`` marks each unit."""
    sentences = _sentences(corpus)
    if by == "quoted":
        claims = corpus.claims[["claim_id", "article_id", "source_actor"]].merge(
            sentences[["article_id", "source"]].drop_duplicates(), on="article_id", how="left"
        )
        units = claims.rename(columns={"claim_id": "unit"})[["unit", "source"]]
        marks = claims.dropna(subset=["source_actor"]).rename(columns={"claim_id": "unit", "source_actor": "name"})
        return units, marks[["unit", "source", "name"]]
    units = sentences.rename(columns={"sentence_id": "unit"})[["unit", "source"]]
    if by == "actor":
        named = corpus.mentions[["sentence_id", "actor"]].rename(columns={"actor": "name"})
    else:
        if store is None:
            raise FilterError("Tag shares need the tag store: pass store=TagStore(...).")
        named = store.tags()[["sentence_id", "tag"]].rename(columns={"tag": "name"})
    marks = named.merge(sentences[["sentence_id", "source"]], on="sentence_id").rename(columns={"sentence_id": "unit"})
    return units, marks[["unit", "source", "name"]]


def sources_compared(
    corpus: Corpus, store: TagStore | None = None, *, top: int = 3, distinct_stories: bool = False
) -> pd.DataFrame:
    """Return one row per outlet, and one for the corpus: articles, sentences, top actors, most quoted, tag shares.

    Parameters
    ----------
    corpus : Corpus
        The articles; ``articles.source`` names the outlets.
    store : TagStore, optional
        The tag store: adds a ``tag:NAME`` column per tag of its codebook (share of the outlet's
        sentences carrying the tag, any coder).
    top : int
        Actors named and actors quoted to list per outlet.
    distinct_stories : bool
        Count each group of near-duplicate articles once (see :func:`stories`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``source`` (outlets sorted, :data:`ALL_SOURCES` last): ``articles``,
        ``sentences``, ``claims``, ``top_actors`` and ``most_quoted`` (``"Name 12%"`` joined by
        ``"; "``: share of the outlet's sentences naming the actor, of its claims from the actor),
        then the tag columns.
    """
    corpus = _loaded(corpus, "sources_compared")
    corpus = stories(corpus) if distinct_stories else corpus
    sentences = _sentences(corpus)
    articles = sentences.drop_duplicates("article_id")
    claims = corpus.claims[["article_id"]].merge(articles[["article_id", "source"]], on="article_id")
    everything = {
        "articles": articles.groupby("source").size(),
        "sentences": sentences.groupby("source").size(),
        "claims": claims.groupby("source").size(),
    }
    table = pd.DataFrame(everything).fillna(0).astype("int64")
    table.loc[ALL_SOURCES] = [len(articles), len(sentences), len(claims)]
    table["top_actors"] = _listed(_top_per_source(corpus, "actor", top))
    table["most_quoted"] = _listed(_top_per_source(corpus, "quoted", top))
    if store is not None:
        shares = source_shares(corpus, store, by="tag", top=max(len(store.codebook.tags), 1))
        wide = shares.pivot(index="source", columns="name", values="share")
        wide = wide.reindex(columns=[tag for tag in store.codebook.tags if tag in wide.columns])
        table = table.join(wide.add_prefix("tag:"))
    table.index.name = "source"
    return table.loc[[*[s for s in table.index if s != ALL_SOURCES], ALL_SOURCES]]


def _top_per_source(corpus: Corpus, by: str, top: int) -> pd.DataFrame:
    """Return each outlet's ``top`` actors named or quoted, by its own count (not the corpus's), with their shares."""
    units, marks = _units_and_marks(corpus, None, by)
    marks = pd.concat([marks, marks.assign(source=ALL_SOURCES)], ignore_index=True)
    totals = pd.concat([units, units.assign(source=ALL_SOURCES)]).groupby("source")["unit"].nunique()
    counts = marks.groupby(["source", "name"])["unit"].nunique().rename("count").reset_index()
    counts = counts.sort_values(["source", "count", "name"], ascending=[True, False, True])
    counts = counts.groupby("source").head(top)
    return counts.assign(share=counts["count"] / counts["source"].map(totals))


def _listed(top: pd.DataFrame) -> pd.Series:
    """Join each outlet's names as ``"Name 12%; Other 8%"``."""
    text = top["name"].astype(str) + " " + (100 * top["share"]).round().astype(int).astype(str) + "%"
    return text.groupby(top["source"]).agg("; ".join).astype("string")
