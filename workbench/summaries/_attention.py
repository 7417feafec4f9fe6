"""Attention over time: how often an actor, a tag or a keyword appears per day, week or month.

:func:`attention` gives a count and a share of everything published in that period (so a busy
news week does not look like a surge), with a rolling mean, per outlet if asked; the chart
:func:`workbench.charts.attention_over_time` plots exactly this frame. Each part of a corpus (the
whole of an in-memory corpus, or each partition of an on-disk one; see
:mod:`workbench.summaries._parts`) counts its distinct articles or sentences per period and
outlet: an article lies in one partition, so these counts add up across partitions, and shares
and rolling means are worked out from the sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import FilterError
from workbench.query import contains
from workbench.summaries._parts import among, each, summed
from workbench.summaries._stories import ALL_SOURCES, SENTENCE_COLUMNS, distinct, outlet_sentences, store_tags

if TYPE_CHECKING:
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Part

PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
"""Time steps of :func:`attention` and charts over dates, as pandas period codes (weeks start on Monday)."""
UNITS = ("articles", "sentences")
"""What :func:`attention` counts: articles with at least one match, or matching sentences."""
ATTENTION_COLUMNS = ["series", "kind", "source", "period", "count", "total", "share", "count_rolling", "share_rolling"]
"""Columns of :func:`attention`."""


class Series(NamedTuple):
    """One thing followed over time: an actor, a tag or a keyword pattern, and its label in tables and charts."""

    kind: str
    value: str

    @property
    def label(self) -> str:
        """Return ``"kind: value"``, the name of the series in tables and legends."""
        return f"{self.kind}: {self.value}"


def _matching(part: Part, series: Series, tags: pd.DataFrame) -> np.ndarray:
    """Return a boolean array over ``part.sentences``: True where the sentence holds ``series``."""
    sentence_ids = part.sentences["sentence_id"]
    if series.kind == "keyword":
        return contains(part.sentences["text"], series.value).to_numpy()
    if series.kind == "actor":
        found = part.mentions.loc[part.mentions["actor"] == series.value, "sentence_id"]
    else:
        found = tags.loc[tags["tag"] == series.value, "sentence_id"]
    return among(sentence_ids, found).to_numpy()


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise FilterError(f"Unknown period {period!r}: use one of {', '.join(PERIODS)}.")


def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """Return the first day of the ``period`` (a key of :data:`PERIODS`) each of ``dates`` falls in."""
    _check_period(period)
    return dates.dt.to_period(PERIODS[period]).dt.start_time


def attention(
    corpus: AnyCorpus,
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
    corpus : Corpus or OnDiskCorpus
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
        Count each group of near-duplicate articles once (see :func:`stories`); in-memory corpus only.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ATTENTION_COLUMNS`; ``source`` is :data:`ALL_SOURCES` unless ``by_source``;
        ``share`` is missing for a period with nothing published.

    Raises
    ------
    FilterError
        For an unknown period or unit, a ``rolling`` below 1, no series, tags without a store, or
        ``distinct_stories`` on an on-disk corpus (pass a slice of it: ``corpus.between(...)``).
    """
    if unit not in UNITS:
        raise FilterError(f"Unknown unit {unit!r}: use one of {', '.join(UNITS)}.")
    if rolling < 1:
        raise FilterError(f"rolling must be 1 or more periods, got {rolling}.")
    wanted = [Series("actor", a) for a in actors] + [Series("tag", t) for t in tags]
    wanted += [Series("keyword", k) for k in keywords]
    if not wanted:
        raise FilterError("Name at least one series: actors=[...], tags=[...] or keywords=[...].")
    _check_period(period)
    if tags and store is None:
        raise FilterError(f"The tag {tags[0]!r} needs the tag store: pass store=TagStore(...).")
    corpus = distinct(corpus, distinct_stories)
    keys = ["source", "period"] if by_source else ["period"]
    columns = {
        "articles": SENTENCE_COLUMNS["articles"],
        "sentences": [*SENTENCE_COLUMNS["sentences"], *(["text"] if keywords else [])],
        **({"mentions": ["sentence_id", "actor"]} if actors else {}),
    }
    found = each(corpus, _attention_counts, wanted, store_tags(store, tags), period, unit, keys, columns=columns)
    counts = summed(found)
    grid = _grid(counts.index, keys, period)
    totals = counts["total"].reindex(grid, fill_value=0)
    parts = []
    for series in wanted:
        part = pd.DataFrame({"count": counts[series.label].reindex(grid, fill_value=0), "total": totals}).reset_index()
        part.insert(0, "series", series.label)
        part.insert(1, "kind", series.kind)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    if not by_source:
        table["source"] = ALL_SOURCES
    table["share"] = table["count"] / table["total"].where(table["total"] > 0)
    lines = table.groupby(["series", "source"], sort=False)
    table["count_rolling"] = lines["count"].transform(lambda x: x.rolling(rolling, min_periods=1).mean())
    table["share_rolling"] = lines["share"].transform(lambda x: x.rolling(rolling, min_periods=1).mean())
    table = table.astype({"series": "string", "kind": "string", "source": "string", "count": "int64", "total": "int64"})
    return table[ATTENTION_COLUMNS]


def _attention_counts(
    part: Part, wanted: list[Series], tags: pd.DataFrame, period: str, unit: str, keys: list[str]
) -> pd.DataFrame:
    """Return a part's distinct articles (or sentences) per ``keys`` among the dated: ``total`` and per series label.

    Labels of distinct series differ (a kind never holds ``": "``), so a series named twice has one column.
    """
    frame = outlet_sentences(part)
    frame["period"] = period_starts(frame["published"], period)
    dated = frame["period"].notna().to_numpy()
    counted = "article_id" if unit == "articles" else "sentence_id"
    base = frame[dated]
    totals = base.groupby(keys)[counted].nunique()
    counts = {"total": totals}
    for series in dict.fromkeys(wanted):
        hits = base[_matching(part, series, tags)[dated]]
        counts[series.label] = hits.groupby(keys)[counted].nunique().reindex(totals.index, fill_value=0)
    return pd.DataFrame(counts)


def _grid(index: pd.Index, keys: list[str], period: str) -> pd.Index:
    """Return every period from the first to the last of ``index`` (per outlet when ``keys`` holds ``source``)."""
    if index.empty:
        return pd.MultiIndex.from_arrays([[], []], names=keys) if len(keys) > 1 else pd.Index([], name="period")
    periods = index.get_level_values("period")
    steps = pd.period_range(periods.min(), periods.max(), freq=PERIODS[period]).start_time
    if len(keys) == 1:
        return pd.Index(steps, name="period")
    return pd.MultiIndex.from_product([sorted(index.get_level_values("source").unique()), steps], names=keys)
