"""Outlets compared: each outlet's articles, the actors it names, the tags on its sentences and whom it quotes.

:func:`source_shares` puts each outlet's share of sentences (or claims) per actor or tag beside
the corpus's; :func:`sources_compared` gives one row per outlet. Each part of a corpus (see
:mod:`workbench.summaries._parts`) counts its distinct sentences or claims per outlet and name:
an article lies in one partition, so these counts add up across partitions, and shares and
rankings are worked out from the sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench.errors import FilterError
from workbench.summaries._parts import each, summed
from workbench.summaries._stories import (
    ALL_SOURCES,
    NO_SOURCE,
    SENTENCE_COLUMNS,
    distinct,
    outlet_sentences,
    store_tags,
)

if TYPE_CHECKING:
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Columns, Part

SHARES_BY = ("actor", "tag", "quoted")
"""What :func:`source_shares` compares: actors named, tags given, actors quoted (claims by source actor)."""
SHARE_COLUMNS = ["source", "name", "count", "total", "share", "corpus_share", "ratio"]
"""Columns of :func:`source_shares`."""

_READ: dict[str, Columns] = {
    "actor": {**SENTENCE_COLUMNS, "mentions": ["sentence_id", "actor"]},
    "tag": SENTENCE_COLUMNS,
    "quoted": {**SENTENCE_COLUMNS, "claims": ["claim_id", "article_id", "source_actor"]},
}
"""The columns a part reads to count by actor, tag or quoted actor (tags come from the store)."""


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

    ``sentences`` is :func:`outlet_sentences` of the part when already at hand.
    """
    units, marks = _units_and_marks(part, outlet_sentences(part) if sentences is None else sentences, tags, by)
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
    corpus = distinct(corpus, distinct_stories)
    tags = store_tags(store) if by == "tag" else None
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

    ``sentences`` is :func:`outlet_sentences` of the part; ``tags`` (the store's rows) is needed for ``by="tag"``.
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
    sentences = outlet_sentences(part)
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
    corpus = distinct(corpus, distinct_stories)
    columns = {**_READ["actor"], **_READ["quoted"]}
    parts = each(corpus, _outlets, None if store is None else store_tags(store), columns=columns)
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
