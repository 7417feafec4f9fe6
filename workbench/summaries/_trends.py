"""Group-bys over the corpus tables: attention over time and outlets compared.

Pure functions from a corpus (in memory, or on disk from :func:`workbench.open_corpus`) and
optionally a tag store to a tidy DataFrame; the charts in :mod:`workbench.charts.trends` plot
exactly these frames.

- :func:`attention`: how often an actor, a tag or a keyword appears per day, week or month, as a
  count and as a share of everything published in that period (so a busy news week does not look
  like a surge), with a rolling mean, per outlet if asked.
- :func:`source_shares` and :func:`sources_compared`: each outlet's articles, the actors it names,
  the tags on its sentences and whom it quotes, beside the corpus as a whole.

Each function counts per part (the whole of an in-memory corpus, or each partition of an on-disk
one; see :mod:`workbench.summaries._parts`) the distinct articles, sentences or claims per
period, outlet and name. An article lies in one partition, so these counts add up across
partitions; shares, rolling means and rankings are worked out from the sums, and both kinds of
corpus give the same table.

Every function takes ``distinct_stories=True`` to count a group of near-duplicate articles once
(through its earliest article; see :meth:`workbench.Corpus.dedupe`). The groups span partitions,
so this works on an in-memory corpus (of an on-disk one, a slice: ``corpus.between(...)``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import FilterError
from workbench.summaries._parts import among, each, in_memory, summed

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Columns, Part

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

_SENTENCES = {"articles": ["article_id", "published", "source"], "sentences": ["sentence_id", "article_id"]}
_READ: dict[str, Columns] = {
    "actor": {**_SENTENCES, "mentions": ["sentence_id", "actor"]},
    "tag": _SENTENCES,
    "quoted": {**_SENTENCES, "claims": ["claim_id", "article_id", "source_actor"]},
}
"""The columns a part reads to count by actor, tag or quoted actor (tags come from the store)."""


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


def _distinct(corpus: AnyCorpus, distinct_stories: bool) -> AnyCorpus:
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


def _sentences(part: Part) -> pd.DataFrame:
    """Return ``sentence_id``, ``article_id``, ``published`` and ``source`` (missing as :data:`NO_SOURCE`)."""
    articles = part.articles[["article_id", "published", "source"]]
    frame = part.sentences[["sentence_id", "article_id"]].merge(articles, on="article_id", how="left")
    return frame.assign(source=frame["source"].astype("string").fillna(NO_SOURCE))


def _tagged(store: TagStore | None, names: Collection[str] | None = None) -> pd.DataFrame:
    """Return the store's ``sentence_id`` and ``tag`` rows (any coder), of the tags ``names`` if given.

    Read once in memory and joined to each part by sentence id; none without a store or names.
    """
    if store is None or (names is not None and not names):
        return pd.DataFrame({"sentence_id": pd.Series(dtype="string"), "tag": pd.Series(dtype="string")})
    tags = store.tags()[["sentence_id", "tag"]]
    return tags if names is None else tags[tags["tag"].isin(list(names))]


def _matching(part: Part, series: Series, tags: pd.DataFrame) -> np.ndarray:
    """Return a boolean array over ``part.sentences``: True where the sentence holds ``series``."""
    sentence_ids = part.sentences["sentence_id"]
    if series.kind == "keyword":
        from workbench.query import contains

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
    corpus = _distinct(corpus, distinct_stories)
    keys = ["source", "period"] if by_source else ["period"]
    columns = {
        "articles": _SENTENCES["articles"],
        "sentences": [*_SENTENCES["sentences"], *(["text"] if keywords else [])],
        **({"mentions": ["sentence_id", "actor"]} if actors else {}),
    }
    found = each(corpus, _attention_counts, wanted, _tagged(store, tags), period, unit, keys, columns=columns)
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
    frame = _sentences(part)
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


class _Marked(NamedTuple):
    """What is counted per outlet and for :data:`ALL_SOURCES` (sentences or claims): ``units``, and per name ``counts``.

    ``units`` is indexed by ``source``, ``counts`` by ``source`` and ``name`` (distinct units
    each); ``outlets`` are those of the articles, also the ones with nothing counted.
    """

    units: pd.Series
    counts: pd.Series
    outlets: frozenset[str]

    @classmethod
    def added(cls, parts: list[_Marked]) -> _Marked:
        """Add up the counts of every part."""
        outlets = frozenset().union(*(part.outlets for part in parts))
        return cls(summed([part.units for part in parts]), summed([part.counts for part in parts]), outlets)


def _marked(part: Part, by: str, tags: pd.DataFrame | None, sentences: pd.DataFrame | None = None) -> _Marked:
    """Count a part's sentences or claims per outlet and for the corpus, and those marked by each name.

    ``sentences`` is :func:`_sentences` of the part when already at hand.
    """
    units, marks = _units_and_marks(part, _sentences(part) if sentences is None else sentences, tags, by)
    whole = pd.concat([units, units.assign(source=ALL_SOURCES)], ignore_index=True)
    marks = pd.concat([marks, marks.assign(source=ALL_SOURCES)], ignore_index=True)
    outlets = frozenset(part.articles["source"].astype("string").fillna(NO_SOURCE))
    return _Marked(
        whole.groupby("source")["unit"].nunique(), marks.groupby(["source", "name"])["unit"].nunique(), outlets
    )


def source_shares(
    corpus: AnyCorpus,
    store: TagStore | None = None,
    *,
    by: str = "actor",
    top: int = 10,
    distinct_stories: bool = False,
) -> pd.DataFrame:
    """Return, per outlet and for the corpus, the share of its sentences (or claims) for each actor or tag.

    Parameters
    ----------
    corpus : Corpus or OnDiskCorpus
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
        Count each group of near-duplicate articles once (see :func:`stories`); in-memory corpus only.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHARE_COLUMNS`, one row per (outlet, name) with the outlets sorted and
        :data:`ALL_SOURCES` last; ``corpus_share`` is the name's share in the whole corpus and
        ``ratio`` the outlet's share over it (above 1: the outlet gives it more room than average).

    Raises
    ------
    FilterError
        For an unknown ``by``, a ``top`` below 1, ``by="tag"`` without a store, or
        ``distinct_stories`` on an on-disk corpus (pass a slice of it: ``corpus.between(...)``).
    """
    if by not in SHARES_BY:
        raise FilterError(f"Unknown by={by!r}: use one of {', '.join(SHARES_BY)}.")
    if top < 1:
        raise FilterError(f"top must be 1 or more, got {top}.")
    if by == "tag" and store is None:
        raise FilterError("Tag shares need the tag store: pass store=TagStore(...).")
    corpus = _distinct(corpus, distinct_stories)
    tags = _tagged(store) if by == "tag" else None
    marked = _Marked.added(each(corpus, _marked, by, tags, columns=_READ[by]))
    return _shares(marked, top, store.codebook.tags if by == "tag" and store is not None else ())


def _shares(marked: _Marked, top: int, unused: Sequence[str]) -> pd.DataFrame:
    """Return the :data:`SHARE_COLUMNS` table of the ``top`` names by count in the corpus.

    ``unused`` are names to rank (at a count of 0) when nothing carries them: a codebook's tags.
    """
    counts = marked.counts
    ranked = counts[counts.index.get_level_values("source") == ALL_SOURCES].droplevel("source")
    if unused:
        ranked = ranked.reindex([*ranked.index, *(name for name in unused if name not in ranked.index)], fill_value=0)
    ranked = ranked.rename("count").rename_axis("name").reset_index()
    names = list(ranked.sort_values(["count", "name"], ascending=[False, True])["name"].head(top))
    sources = [*sorted(marked.outlets), ALL_SOURCES]
    grid = pd.MultiIndex.from_product([sources, names], names=["source", "name"])
    table = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    table["total"] = table["source"].map(marked.units).fillna(0).astype("int64")
    table["share"] = (table["count"] / table["total"].where(table["total"] > 0)).astype(float)
    corpus_share = table[table["source"] == ALL_SOURCES].set_index("name")["share"]
    table["corpus_share"] = table["name"].map(corpus_share).astype(float)
    table["ratio"] = table["share"] / table["corpus_share"].where(table["corpus_share"] > 0)
    return table.astype({"source": "string", "name": "string", "count": "int64"})[SHARE_COLUMNS]


def _units_and_marks(
    part: Part, sentences: pd.DataFrame, tags: pd.DataFrame | None, by: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what is counted (``unit``, ``source``: sentences or claims) and which ``name`` marks each unit.

    ``sentences`` is :func:`_sentences` of the part; ``tags`` (the store's rows) is needed for ``by="tag"``.
    """
    if by == "quoted":
        claims = part.claims[["claim_id", "article_id", "source_actor"]].merge(
            sentences[["article_id", "source"]].drop_duplicates(), on="article_id", how="left"
        )
        units = claims.rename(columns={"claim_id": "unit"})[["unit", "source"]]
        marks = claims.dropna(subset=["source_actor"]).rename(columns={"claim_id": "unit", "source_actor": "name"})
        return units, marks[["unit", "source", "name"]]
    units = sentences.rename(columns={"sentence_id": "unit"})[["unit", "source"]]
    if by == "actor":
        named = part.mentions[["sentence_id", "actor"]].rename(columns={"actor": "name"})
    else:
        named = tags.rename(columns={"tag": "name"})
    marks = named.merge(sentences[["sentence_id", "source"]], on="sentence_id").rename(columns={"sentence_id": "unit"})
    return units, marks[["unit", "source", "name"]]


class _Outlets(NamedTuple):
    """What a part counts for :func:`sources_compared`: articles, sentences and claims per outlet, and the marks."""

    sizes: pd.DataFrame
    actors: _Marked
    quoted: _Marked
    tags: _Marked | None


def _outlets(part: Part, tags: pd.DataFrame | None) -> _Outlets:
    """Count a part's articles, sentences and claims per outlet, its actors named and quoted, and ``tags`` if given."""
    sentences = _sentences(part)
    articles = sentences.drop_duplicates("article_id")
    claims = part.claims[["article_id"]].merge(articles[["article_id", "source"]], on="article_id")
    everything = {
        "articles": articles.groupby("source").size(),
        "sentences": sentences.groupby("source").size(),
        "claims": claims.groupby("source").size(),
    }
    sizes = pd.DataFrame(everything).fillna(0).astype("int64")
    named, quoted = (_marked(part, by, None, sentences) for by in ("actor", "quoted"))
    return _Outlets(sizes, named, quoted, None if tags is None else _marked(part, "tag", tags, sentences))


def sources_compared(
    corpus: AnyCorpus, store: TagStore | None = None, *, top: int = 3, distinct_stories: bool = False
) -> pd.DataFrame:
    """Return one row per outlet, and one for the corpus: articles, sentences, top actors, most quoted, tag shares.

    Parameters
    ----------
    corpus : Corpus or OnDiskCorpus
        The articles; ``articles.source`` names the outlets.
    store : TagStore, optional
        The tag store: adds a ``tag:NAME`` column per tag of its codebook (share of the outlet's
        sentences carrying the tag, any coder).
    top : int
        Actors named and actors quoted to list per outlet.
    distinct_stories : bool
        Count each group of near-duplicate articles once (see :func:`stories`); in-memory corpus only.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``source`` (outlets sorted, :data:`ALL_SOURCES` last): ``articles``,
        ``sentences``, ``claims``, ``top_actors`` and ``most_quoted`` (``"Name 12%"`` joined by
        ``"; "``: share of the outlet's sentences naming the actor, of its claims from the actor),
        then the tag columns.

    Raises
    ------
    FilterError
        For ``distinct_stories`` on an on-disk corpus (pass a slice of it: ``corpus.between(...)``).
    """
    corpus = _distinct(corpus, distinct_stories)
    columns = {**_READ["actor"], **_READ["quoted"]}
    parts = each(corpus, _outlets, None if store is None else _tagged(store), columns=columns)
    table = summed([part.sizes for part in parts])
    table.loc[ALL_SOURCES] = table.sum().tolist()
    table["top_actors"] = _listed(_top_per_source(_Marked.added([part.actors for part in parts]), top))
    table["most_quoted"] = _listed(_top_per_source(_Marked.added([part.quoted for part in parts]), top))
    if store is not None:
        tag_names = store.codebook.tags
        tagged = _Marked.added([part.tags for part in parts if part.tags is not None])
        shares = _shares(tagged, max(len(tag_names), 1), tag_names)
        wide = shares.pivot(index="source", columns="name", values="share")
        wide = wide.reindex(columns=[tag for tag in tag_names if tag in wide.columns])
        table = table.join(wide.add_prefix("tag:"))
    table.index.name = "source"
    return table.loc[[*[s for s in table.index if s != ALL_SOURCES], ALL_SOURCES]]


def _top_per_source(marked: _Marked, top: int) -> pd.DataFrame:
    """Return each outlet's ``top`` actors named or quoted, by its own count (not the corpus's), with their shares."""
    counts = marked.counts.rename("count").reset_index()
    counts = counts.sort_values(["source", "count", "name"], ascending=[True, False, True])
    counts = counts.groupby("source").head(top)
    # astype: with no counts (a corpus without claims), map gives an empty column of the keys' dtype.
    return counts.assign(share=counts["count"] / counts["source"].map(marked.units).astype(float))


def _listed(top: pd.DataFrame) -> pd.Series:
    """Join each outlet's names as ``"Name 12%; Other 8%"``."""
    text = top["name"].astype(str) + " " + (100 * top["share"]).round().astype(int).astype(str) + "%"
    return text.groupby(top["source"]).agg("; ".join).astype("string")
