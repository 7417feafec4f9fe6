"""Sentence rows with their context, the filters over them and navigation through a selection.

``Corpus.find`` and both tagging views share these.

Pure functions over DataFrames: :func:`sentence_rows` builds one row per sentence once per view,
:func:`select` answers a filter with the positions of the matching rows (vectorised, fast on 100,000
sentences) and :func:`next_uncoded` walks a selection to the next sentence still to code.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, fields
from typing import Protocol

import numpy as np
import pandas as pd

from workbench import query
from workbench.errors import FilterError

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
        A query in the language of every search (:mod:`workbench.query`): all the words, in any
        order (whole words, any case); "an exact phrase"; * for any letters (sanction*); OR between
        alternatives; -word or -"a phrase" to leave out; (brackets) to group.
    regex
        Read ``search`` as one RE2 regular expression instead.
    """

    article: str = ""
    actor: str = ""
    tag: str = ""
    claims_only: bool = False
    untagged_only: bool = False
    hedged_only: bool = False
    search: str = ""
    regex: bool = False

    @classmethod
    def names(cls) -> list[str]:
        """Return the filter names, the keywords ``set_filter`` accepts."""
        return [f.name for f in fields(cls)]


class Tables(Protocol):
    """The tables :func:`sentence_rows` reads, as attributes holding DataFrames.

    A :class:`~workbench.corpus.Corpus` has them, and so has a batch's
    :class:`~workbench.pipeline.Tables`: the rows need the tables, not a corpus.
    """

    @property
    def articles(self) -> pd.DataFrame:
        """The ``articles`` table (``article_id``, ``title``)."""
        ...

    @property
    def sentences(self) -> pd.DataFrame:
        """The ``sentences`` table."""
        ...

    @property
    def mentions(self) -> pd.DataFrame:
        """The ``mentions`` table (``sentence_id``, ``actor``)."""
        ...

    @property
    def claims(self) -> pd.DataFrame:
        """The ``claims`` table (``sentence_id``, ``source``, ``hedged``)."""
        ...


def sentence_rows(tables: Tables, *, context: bool = True) -> pd.DataFrame:
    """Return one row per sentence with the context both views show (columns :data:`ROW_COLUMNS`).

    ``article`` is the article's title (its id when the title is empty), ``actors`` the distinct
    canonical actors mentioned, ``claim_source`` the sources of its claims (both ``"; "``-joined),
    ``hedged`` is true when the sentence or one of its claims is hedged. Sentences keep the corpus
    order (article, then position). Ids are plain ``object`` columns: membership tests on them
    (``isin`` with a set of ids) hash Python strings, many times faster than on Arrow strings.
    With ``context=False`` the ``actors`` and ``claim_source`` columns, which join values for every
    sentence (most of the time this takes), are left out: a view that shows one sentence at a time
    reads them for that sentence only.
    """
    sentences = tables.sentences
    ids = _objects(sentences["sentence_id"])
    articles = _objects(sentences["article_id"])
    titles = dict(zip(_objects(tables.articles["article_id"]), _objects(tables.articles["title"]), strict=True))
    claim_ids = _objects(tables.claims["sentence_id"])
    hedged_claims = set(claim_ids[tables.claims["hedged"].to_numpy(dtype=bool)])
    rows = pd.DataFrame(
        {
            "sentence_id": pd.Series(ids, dtype=object),
            "article_id": pd.Series(articles, dtype=object),
            "article": pd.Series([titles.get(a) or a for a in articles], dtype="string"),
            "position": sentences["position"].to_numpy(),
            "text": sentences["text"].astype("string").array,
        }
    )
    rows["has_claim"] = rows["sentence_id"].isin(set(claim_ids))
    rows["hedged"] = sentences["hedged"].to_numpy(dtype=bool) | rows["sentence_id"].isin(hedged_claims).to_numpy()
    return with_context(rows, tables) if context else rows


def with_context(rows: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Return ``rows`` (of :func:`sentence_rows` with ``context=False``) with their ``actors`` and ``claim_source``.

    The columns are then :data:`ROW_COLUMNS`, in order. Each row's values come from its own
    sentence's mentions and claims only, so the rows of a few sentences get them without the
    joining cost of every other sentence of ``tables``.
    """
    ids = rows["sentence_id"].to_numpy(dtype=object)
    joined = {"actors": _joined(ids, tables.mentions, "actor"), "claim_source": _joined(ids, tables.claims, "source")}
    return rows.assign(**{name: values.array for name, values in joined.items()})[list(ROW_COLUMNS)]


def found(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Return the rows (:data:`ROW_COLUMNS`) of the sentences of ``tables`` that pass ``filters``, in their order.

    What :meth:`workbench.corpus.Corpus.find` returns, and what the on-disk corpus's ``find``
    returns partition by partition. The sentences are filtered first and only those kept get
    their actors and claim sources joined. ``filters.tag`` and ``untagged_only`` need a tag store
    and are not read here.

    Raises
    ------
    QueryError
        When ``filters.search`` cannot be read (see :func:`workbench.query.parse`).
    """
    rows = sentence_rows(tables, context=False)
    kept = rows.iloc[select(rows, filters, mentions=tables.mentions)].reset_index(drop=True)
    return with_context(kept, tables)


def _objects(column: pd.Series) -> np.ndarray:
    """Return a column as a NumPy array of Python objects, missing values as None."""
    return column.astype(object).where(column.notna(), None).to_numpy(dtype=object)


def _joined(ids: np.ndarray, table: pd.DataFrame, column: str) -> pd.Series:
    """Return, aligned with ``ids``, the distinct values of ``table[column]`` per sentence, sorted, joined by "; "."""
    return pd.Series(Joined(pd.Index(ids), table, column).all(), dtype="string")


class Joined:
    """The distinct values of a column of a table per sentence, sorted and joined by "; " ("" for none).

    The table's rows are matched to sentence positions and sorted by them once, in C (a hash
    look-up and an integer sort); joining is done in Python only for the rows asked, so a view
    can show the values of the rows in sight without joining those of a million sentences.

    Parameters
    ----------
    ids
        The sentence ids, in the order of the rows asked for by position.
    table
        A table with ``sentence_id`` and ``column`` (mentions, claims...).
    column
        The column whose values are joined.
    """

    def __init__(self, ids: pd.Index, table: pd.DataFrame, column: str) -> None:
        codes = ids.get_indexer(_objects(table["sentence_id"]))
        values = _objects(table[column])
        keep = (codes >= 0) & pd.notna(values)
        order = np.argsort(codes[keep], kind="stable")
        self._size = len(ids)
        self._codes = codes[keep][order]
        self._values = values[keep][order].tolist()

    def of(self, rows: np.ndarray) -> list[str]:
        """Return the joined values of the sentences at positions ``rows``."""
        starts = np.searchsorted(self._codes, rows, "left").tolist()
        ends = np.searchsorted(self._codes, rows, "right").tolist()
        return ["; ".join(sorted({str(v) for v in self._values[s:e]})) for s, e in zip(starts, ends, strict=True)]

    def all(self) -> np.ndarray:
        """Return the joined values of every sentence, as an object array."""
        out = np.full(self._size, "", dtype=object)
        bounds = [0, *(np.flatnonzero(np.diff(self._codes)) + 1).tolist(), len(self._codes)]
        for start, end in itertools.pairwise(bounds):
            if end > start:
                out[self._codes[start]] = "; ".join(sorted({str(v) for v in self._values[start:end]}))
        return out


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

    Raises
    ------
    QueryError
        When ``filters.search`` cannot be read (see :func:`workbench.query.parse`).
    """
    searched = query.parse(filters.search, regex=filters.regex) if filters.search.strip() else None
    keep = np.ones(len(rows), dtype=bool)
    ids = rows["sentence_id"]
    if filters.article:
        keep &= (rows["article_id"] == filters.article).to_numpy(dtype=bool, na_value=False)
    if filters.actor:
        with_actor = mentions.loc[(mentions["actor"] == filters.actor).fillna(False), "sentence_id"]
        keep &= ids.isin(set(_objects(with_actor))).to_numpy()
    if filters.tag:
        keep &= ids.isin(set(tag_ids)).to_numpy()
    if filters.claims_only:
        keep &= rows["has_claim"].to_numpy()
    if filters.hedged_only:
        keep &= rows["hedged"].to_numpy()
    if filters.untagged_only:
        keep &= ~ids.isin(set(coded_ids)).to_numpy()
    if searched is not None:
        candidates = np.flatnonzero(keep)
        texts = rows["text"] if len(candidates) == len(rows) else rows["text"].iloc[candidates]
        keep[candidates] = searched.matches(texts)
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
    """Raise :class:`FilterError` when ``value`` is set and not one of ``allowed``."""
    if value and value not in allowed:
        shown = ", ".join(sorted(allowed)[:12]) or "(none in this corpus)"
        raise FilterError(
            f"Unknown {name} {value!r} for this filter: pick one of {shown}"
            f"{' ...' if len(allowed) > 12 else ''}, or pass {name}='' to clear it."
        )
