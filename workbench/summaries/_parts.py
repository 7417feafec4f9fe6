"""One group-by, two kinds of corpus: the whole of an in-memory corpus, or each partition of an on-disk one.

A summary is written once, as pandas code over one *part*: an in-memory :class:`~workbench.Corpus`
is a single part; an :class:`~workbench.ondisk.OnDiskCorpus` has one part per partition, whose
tables hold the same articles, so a part's sentences join its mentions, claims and articles
without a shuffle. :func:`each` runs the code on every part (on Dask for an on-disk corpus: one
task per partition, reading only the columns it names) and returns the small results, which the
summary then adds up (:func:`summed`) or stacks (:func:`stacked`). :func:`rows` keeps one row per
sentence or claim lazy, as a Dask dataframe, for the export to write a partition at a time.

A task holds one partition; the driver holds only the results: a worker's memory follows the
partition size, not the corpus size. Sums of per-partition counts of distinct sentences or
articles are exact because each sentence and article lies in one partition (an article copied
into two partitions of the input is counted in both, as the on-disk tables keep both copies).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import pandas as pd

if TYPE_CHECKING:
    import dask.dataframe as dd

    from workbench.corpus import Corpus
    from workbench.ondisk import OnDiskCorpus
    from workbench.pipeline import Tables

    AnyCorpus: TypeAlias = Corpus | OnDiskCorpus
    """A corpus in memory (pandas tables) or on disk (Dask tables over Parquet)."""
    Part: TypeAlias = Corpus | Tables
    """The tables one call of a summary's code sees: a whole in-memory corpus, or one partition."""
    Frame: TypeAlias = pd.DataFrame | dd.DataFrame

T = TypeVar("T")
Counts = TypeVar("Counts", pd.Series, pd.DataFrame)
"""Counts per key: a Series, or a DataFrame with a column of counts per thing counted."""
Columns = Mapping[str, Sequence[str] | None]
"""The tables a summary reads, each with the columns it needs (``None``: every column)."""


def in_memory(corpus: AnyCorpus) -> bool:
    """Return True for an in-memory :class:`~workbench.Corpus`, False for an on-disk one."""
    from workbench.corpus import Corpus

    return isinstance(corpus, Corpus)


def each(corpus: AnyCorpus, function: Callable[..., T], *args: Any, columns: Columns) -> list[T]:
    """Return ``function(part, *args)`` for every part of ``corpus``, in order (one for an in-memory corpus).

    On disk, the parts run as Dask tasks (on the corpus's ``client``, else on the active
    ``distributed`` client if there is one) and read only ``columns``; a corpus with no
    partition gives one result, of empty tables.
    """
    if in_memory(corpus):
        return [function(corpus, *args)]
    import dask

    results = dask.compute(*corpus.parts(function, *args, columns=columns), scheduler=corpus.client)
    return list(results) if results else [function(_empty_tables(), *args)]


def rows(corpus: AnyCorpus, function: Callable[..., pd.DataFrame], *args: Any, columns: Columns) -> Frame:
    """Return ``function(part, *args)``: pandas in memory; on disk a lazy Dask dataframe, a partition per part.

    For tables with a row per sentence or claim, which an on-disk corpus may not fit in memory:
    compute them a partition at a time (``frame.get_partition(n).compute()``), or whole when small.
    """
    if in_memory(corpus):
        return function(corpus, *args)
    import dask.dataframe as dd

    meta = function(_empty_tables(), *args)
    tasks = corpus.parts(function, *args, columns=columns)
    return dd.from_delayed(tasks, meta=meta, verify_meta=False) if tasks else dd.from_pandas(meta, npartitions=1)


def _empty_tables() -> Tables:
    from workbench.pipeline import Tables

    return Tables.empty()


def summed(parts: list[Counts]) -> Counts:
    """Add up per-part counts (a Series, or a DataFrame of count columns) by index, sorted as a group-by sorts."""
    first = parts[0]
    levels = list(range(first.index.nlevels))
    dtypes = first.dtypes if isinstance(first, pd.DataFrame) else first.dtype
    return pd.concat(parts).groupby(level=levels).sum().astype(dtypes).rename_axis(first.index.names)


def stacked(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack per-part rows in part order, with a fresh index."""
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def lazy(frame: Any) -> bool:
    """Return True when ``frame`` is a Dask collection (computed only when asked), False for pandas."""
    if "dask" not in sys.modules:
        return False
    import dask

    return dask.is_dask_collection(frame)


def computed(frame: Any) -> Any:
    """Return ``frame`` computed when it is a Dask collection; a pandas object as it is."""
    return frame.compute() if lazy(frame) else frame


def among(values: pd.Series, pool: Collection[str] | pd.Series) -> pd.Series:
    """Return a boolean Series: True where a value is in ``pool``.

    A hashed test in Arrow: ``Series.isin`` on Arrow strings converts every pool value in
    Python, which takes seconds for a pool of 100,000 sentence ids.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = pool if isinstance(pool, pd.Series) else pd.Series(list(pool), dtype="string")
    found = pc.is_in(pa.array(values, from_pandas=True), value_set=pa.array(pool, from_pandas=True).unique())
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def _rows_of(part: Part, table: str, column: str, ids: pd.Series, keep: list[str]) -> pd.DataFrame:
    frame = getattr(part, table)
    return frame.loc[among(frame[column], ids), keep]


def rows_where(corpus: AnyCorpus, table: str, column: str, ids: pd.Series, keep: list[str]) -> pd.DataFrame:
    """Return the ``keep`` columns of the rows of ``table`` whose ``column`` is one of ``ids``, as pandas.

    How tags (a few thousand sentence ids from the store) meet the corpus tables: each part
    keeps only the rows of those ids, so the result is as small as the tags.
    """
    if ids.empty and not in_memory(corpus):
        from workbench import schema

        return schema.empty(table)[keep]
    wanted = list(dict.fromkeys([column, *keep]))
    return stacked(each(corpus, _rows_of, table, column, ids, keep, columns={table: wanted}))


def table(corpus: AnyCorpus, name: str) -> pd.DataFrame:
    """Return a table small enough for memory (``actors``: one row per actor) as pandas, computed if on disk."""
    return computed(getattr(corpus, name))
