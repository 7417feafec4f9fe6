"""Opening an on-disk corpus: its tables as Dask dataframes, slices of it as in-memory corpora."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import operator
import os
import pathlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from workbench import pipeline, query, schema, selection
from workbench._signatures import keywords_of
from workbench.corpus import Corpus, find_filters
from workbench.errors import LoadError
from workbench.ondisk import _layout

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pyarrow as pa
    import pyarrow.compute as pc
    from dask.delayed import Delayed
    from distributed import Client

T = TypeVar("T")
U = TypeVar("U")
Pick = Callable[["_Partition"], T]
"""What a slice keeps of one partition, read from its part files."""
Columns = Mapping[str, Sequence[str] | None]
"""Tables to read of a partition, each with the columns to read (``None``: every column)."""

TASKS_PER_THREAD = 8
"""About how many tasks a slice is cut into per thread of the cluster, each reading consecutive partitions."""
FIND_COLUMNS: Columns = {
    "articles": ["article_id", "title"],
    "sentences": ["sentence_id", "article_id", "position", "text", "hedged"],
    "mentions": ["sentence_id", "actor"],
    "claims": ["sentence_id", "source", "hedged"],
}
"""The columns :meth:`OnDiskCorpus.find` reads: those its rows are made of (not the articles' text)."""


_CHEAP_TO_SEE = frozenset({_layout.Problem.MISSING, _layout.Problem.SIZE})
"""What opening a corpus checks of every part file (the checksums read every byte: see ``check_corpus``)."""


def open_corpus(path: str | os.PathLike, *, client: Client | None = None) -> OnDiskCorpus:
    """Open a corpus written by :func:`~workbench.ondisk.build_corpus`: its tables as Dask dataframes, none read yet.

    Every part file is checked against the size its build recorded, so a truncated or missing
    file is named here rather than failing a later read. The slices (:meth:`OnDiskCorpus.find`,
    ``sample``, ``take``, ``between``) run one task per partition on ``client``'s cluster, or on
    the current ``distributed.Client`` when there is one (else on threads in this process): the
    workers read and filter their partitions, and only the rows kept come back.

    Raises
    ------
    LoadError
        When ``path`` holds no manifest, one of another layout version, or a part file that is
        missing or not the size it was written with.
    MissingExtraError
        When Dask is not installed.
    """
    _layout.require_dask()
    import dask.dataframe as dd

    out = pathlib.Path(path)
    try:
        manifest = json.loads((out / _layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(
            f"{str(out)!r} is not an on-disk corpus ({type(exc).__name__}: {exc}); build one with "
            "workbench.build_corpus(source, out) or 'workbench build SOURCE --out DIR'."
        ) from None
    if manifest.get("format") != _layout.FORMAT:
        raise LoadError(
            f"{str(out)!r} was written in on-disk format {manifest.get('format')!r}, this workbench reads "
            f"format {_layout.FORMAT}: build it again with workbench.build_corpus."
        )
    keys = [key for key in manifest["partitions"] if key is not None]
    damaged = [d for key in keys for d in _layout.verify(out, key, checksums=False) if d.problem in _CHEAP_TO_SEE]
    if damaged:
        shown = ", ".join(f"{damage.path} ({damage.problem.value})" for damage in damaged[:5])
        raise LoadError(
            f"{len(damaged)} part file(s) of the corpus in {out} are damaged: {shown}. Rebuild them with "
            f"'workbench build SOURCE --out {out} --repair'; 'workbench check {out}' lists them all."
        )
    tables = {table: _layout.read_table(out, table, keys) for table in _layout.TABLES}
    actors = dd.read_parquet(str(out / _layout.ACTORS))
    return OnDiskCorpus(out, manifest, keys, actors=actors, client=client, **tables)


@dataclass(repr=False)
class OnDiskCorpus:
    """A corpus on disk: the tables as Dask dataframes over Parquet, and slices of it as in-memory corpora.

    The tables have the columns and dtypes of :class:`~workbench.corpus.Corpus`; compute what
    fits in memory (``corpus.actors.compute()``, a group-by over ``corpus.mentions``). The
    methods :meth:`take`, :meth:`between` and :meth:`sample` return an ordinary ``Corpus`` of
    the articles they select, with the same ids as in the whole corpus, so the tagging views,
    the charts and the tag store work on it as on any corpus. :meth:`find` returns the rows
    ``Corpus.find`` returns, one per sentence; ``corpus.take(found["article_id"].unique())``
    makes a ``Corpus`` of their articles.

    Attributes
    ----------
    path
        The folder the corpus was built in.
    manifest
        The contents of ``manifest.json``: version, source, options, partitions, rows per table.
    partitions
        The keys of the partitions written, in input order.
    client
        The ``distributed.Client`` the slices run on (``None``: the current one, if any).
    """

    path: pathlib.Path
    manifest: dict[str, Any]
    partitions: list[str]
    articles: dd.DataFrame
    sentences: dd.DataFrame
    mentions: dd.DataFrame
    claims: dd.DataFrame
    errors: dd.DataFrame
    actors: dd.DataFrame
    client: Client | None = None

    def __repr__(self) -> str:
        rows = self.manifest["rows"]
        return (
            f"<OnDiskCorpus {str(self.path)!r}: {rows['articles']:,} article(s), {rows['sentences']:,} sentences, "
            f"{rows['actors']:,} actors, {rows['mentions']:,} mentions, {rows['claims']:,} claims, "
            f"{rows['errors']:,} error(s), {len(self.partitions)} partitions>"
        )

    def take(self, article_ids: Iterable[str]) -> Corpus:
        """Return the articles ``article_ids`` (those the corpus holds) as an in-memory ``Corpus``."""
        return self._corpus(_Ids(frozenset(article_ids)))

    def between(self, start: Any = None, end: Any = None) -> Corpus:
        """Return the articles published from ``start`` to ``end``, both included, as an in-memory ``Corpus``.

        ``start`` and ``end`` are dates or texts such as ``"2024-03-01"``; an ``end`` without a
        time includes the whole day (``"2024-03"``: the whole month). ``None`` leaves a side open.
        Articles without a date are left out.
        """
        low = pd.Timestamp.min if start is None else pd.Timestamp(start)
        high = pd.Timestamp.max if end is None else _end_of(end)
        return self._corpus(_Published(low, high))

    def sample(self, n: int, *, seed: int = 0) -> Corpus:
        """Return ``n`` articles drawn at random (all when fewer), the same ones for the same ``seed``."""
        counts = np.array([self._rows(key)["articles"] for key in self.partitions], dtype=np.int64)
        total = int(counts.sum())
        chosen = np.sort(np.random.default_rng(seed).choice(total, size=min(n, total), replace=False))
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        positions = {
            key: tuple((chosen[(chosen >= first) & (chosen < first + count)] - first).tolist())
            for key, first, count in zip(self.partitions, starts, counts, strict=True)
        }
        drawn = {key: rows for key, rows in positions.items() if rows}
        return self._corpus(_Positions(drawn), [key for key in self.partitions if key in drawn])

    @keywords_of(find_filters)
    def find(self, **keywords: Any) -> pd.DataFrame:
        """Return the sentences that pass every filter, one row each: what ``Corpus.find`` gives on the whole corpus.

        The filters are those of :meth:`workbench.corpus.Corpus.find`: ``search`` takes the
        language of every search (:mod:`workbench.query`): all the words, in any order (whole
        words, any case); "an exact phrase"; * for any letters (sanction*); OR between
        alternatives; -word or -"a phrase" to leave out; (brackets) to group. Each partition is
        filtered where it is read, and only the rows kept come back: columns ``sentence_id``,
        ``article_id``, ``article`` (title), ``position``, ``text``, ``actors``,
        ``claim_source``, ``has_claim`` and ``hedged``, in the order of the corpus.

        To tag the sentences found, or chart them, take their articles as a ``Corpus``:
        ``corpus.take(found["article_id"].unique())``; its sentence ids are those of the rows.

        Raises
        ------
        FilterError
            When ``article`` or ``actor`` is not in the corpus; the message lists choices.
        QueryError
            When ``search`` cannot be read, before any partition is read.
        """
        filters = find_filters(**keywords)
        search, regex, actor, article = filters.search, filters.regex, filters.actor, filters.article
        if search.strip():
            query.parse(search, regex=regex)
        if actor:
            selection.check_choice("actor", actor, set(self.actors["actor"].compute()))
        if article and not (self.articles["article_id"] == article).any().compute():
            selection.check_choice("article", article, set(self.articles["article_id"].head(50)))
        parts = self._gather(_Found(filters), self._naming(actor) if actor else None, _stacked)
        return _stacked(parts) if parts else selection.found(pipeline.Tables.empty(), filters)

    def _naming(self, actor: str) -> list[str]:
        """Return the partitions whose mentions name ``actor``, from each partition's own actors summary.

        A partition built before those summaries were kept is always included.
        """
        return [key for key in self.partitions if self._names(key, actor)]

    def _names(self, key: str, actor: str) -> bool:
        if not _layout.part_path(self.path, _layout.ACTOR_PARTS, key).exists():
            return True
        return bool((_layout.read_part(self.path, _layout.ACTOR_PARTS, key, ["actor"])["actor"] == actor).any())

    def parts(self, function: Callable[..., T], *args: Any, columns: Columns | None = None) -> list[Delayed]:
        """Return one Dask task per partition, in partition order, that runs ``function(tables, *args)`` there.

        ``tables`` is a :class:`workbench.pipeline.Tables` of that partition's pandas frames, so a
        task holds one partition, never the corpus. With ``columns``, only the tables it names are
        read, and of each only the columns listed; the other tables are empty. ``args`` go into
        the graph once, whatever the number of partitions.

        The partitions of every table hold the same articles, so a function may join a
        partition's sentences to its mentions, claims and articles: the group-bys of
        :mod:`workbench.summaries` run this way.
        """
        import dask

        shared = dask.delayed(args, traverse=False)
        return [
            dask.delayed(_apply, pure=True)(str(self.path), key, columns, function, shared) for key in self.partitions
        ]

    def _rows(self, key: str) -> dict[str, int]:
        return json.loads((self.path / _layout.DONE / f"{key}.json").read_text(encoding="utf-8"))["rows"]

    def _corpus(self, pick: Pick[pipeline.Tables], keys: list[str] | None = None) -> Corpus:
        """Return what ``pick`` keeps of the partitions ``keys`` (all by default) as one ``Corpus``.

        ``pick`` gives the Arrow rows of every table (see :meth:`_Partition.of_articles`), which
        each task turns into pandas once for all its partitions.
        """
        parts = self._gather(pick, keys, _frames)
        if not parts:
            return Corpus(*pipeline.Tables.empty())
        names = pipeline.Tables._fields
        return Corpus(*(schema.conform(frame, name) for frame, name in zip(_joined(parts), names, strict=True)))

    def _gather(self, pick: Pick[T], keys: list[str] | None, join: Callable[[Sequence[T]], U]) -> list[U]:
        """Run ``pick`` on the partitions ``keys`` (all with ``None``) on Dask; return each task's result, in order.

        Each task reads a run of consecutive partitions (about :data:`TASKS_PER_THREAD` tasks per
        thread of the cluster) and returns what ``pick`` keeps of them, put together by ``join``:
        one task per partition cost as much again as the reading, in scheduling, messages and the
        results' many small frames.
        """
        import dask

        keys = self.partitions if keys is None else keys
        client = self._distributed()
        threads = sum(client.nthreads().values()) if client is not None else os.cpu_count() or 1
        size = max(1, math.ceil(len(keys) / (TASKS_PER_THREAD * max(threads, 1))))
        runs = [keys[start : start + size] for start in range(0, len(keys), size)]
        return self._computed([dask.delayed(_pick)(str(self.path), run, pick, join) for run in runs])

    def _distributed(self) -> Client | None:
        """Return the ``distributed.Client`` the slices run on: ``client``, else the current one; ``None`` without."""
        from dask.base import get_scheduler
        from distributed import Client

        client = getattr(get_scheduler(scheduler=self.client), "__self__", None)
        return client if isinstance(client, Client) else None

    def _computed(self, tasks: list[Delayed]) -> list[Any]:
        """Return the results of ``tasks``, in order, computed on the corpus's scheduler.

        On a ``distributed`` cluster each result is fetched as soon as its task ends and released
        on its worker: this process never holds the results of every partition twice over, as
        in one message and as the objects read from it, which ``dask.compute`` would.
        """
        import dask
        from distributed import as_completed

        client = self._distributed()
        if client is None:
            return list(dask.compute(*tasks, scheduler=self.client))
        futures = client.compute(tasks)
        place = {future.key: number for number, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        finished = as_completed(futures, loop=client.loop, with_results=True)
        futures.clear()  # each future is then held only until its result is taken, which releases it
        for future, result in finished:
            results[place[future.key]] = result
        return results


def _end_of(end: Any) -> pd.Timestamp:
    """Return the last moment ``end`` names: the end of the day, month or year a date or text without a time names."""
    if isinstance(end, dt.datetime | pd.Timestamp):
        return pd.Timestamp(end)
    if isinstance(end, dt.date):
        return pd.Period(end, freq="D").end_time
    return pd.Period(str(end)).end_time


def _pick(out: str, keys: Sequence[str], pick: Pick[T], join: Callable[[Sequence[T]], U]) -> U:
    """Return what ``pick`` keeps of each partition of ``keys``, the partitions' rows one after the other."""
    root = pathlib.Path(out)
    return join([pick(_Partition(root, key)) for key in keys])


def _stacked(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Return ``frames`` (at least one) one after the other, numbered from 0."""
    return pd.concat(frames, ignore_index=True)


def _frames(parts: Sequence[pipeline.Tables]) -> pipeline.Tables:
    """Return the Arrow rows of ``parts`` as pandas tables, each table's rows of every part converted at once."""
    return pipeline.Tables(
        *(_layout.frame_of([getattr(part, name) for part in parts], name) for name in pipeline.Tables._fields)
    )


def _joined(parts: Sequence[pipeline.Tables]) -> pipeline.Tables:
    """Return the tables of ``parts`` (at least one) joined table by table, in order."""
    return pipeline.Tables(
        *(pd.concat([getattr(part, name) for part in parts], ignore_index=True) for name in pipeline.Tables._fields)
    )


def _apply(out: str, key: str, columns: Columns | None, function: Callable[..., T], args: tuple) -> T:
    root = pathlib.Path(out)
    return function(pipeline.Tables(*(_read(root, name, key, columns) for name in pipeline.Tables._fields)), *args)


def _read(root: pathlib.Path, table: str, key: str, columns: Columns | None) -> pd.DataFrame:
    """Return ``table``'s rows of partition ``key``, only the ``columns`` asked for (an empty table if none)."""
    if columns is None:
        return _layout.read_part(root, table, key)
    if table not in columns:
        return schema.empty(table)
    return _layout.read_part(root, table, key, columns[table])


@dataclass(frozen=True)
class _Partition:
    """The part files of one partition, read by a slice: whole, or only the rows it keeps.

    Every read that keeps a few rows filters them in Arrow as the file is read (see
    :func:`workbench.ondisk._layout.read_part`), so a slice of a partition turns only its own rows
    into pandas values.
    """

    root: pathlib.Path
    key: str

    def read(
        self, table: str, columns: Sequence[str] | None = None, where: pc.Expression | None = None
    ) -> pd.DataFrame:
        """Return ``table``'s rows of this partition that ``where`` keeps (all without it), ``columns`` only."""
        return _layout.read_part(self.root, table, self.key, columns, where)

    def arrow(self, table: str, columns: Sequence[str]) -> pa.Table:
        """Return ``columns`` of ``table``'s rows of this partition as Arrow columns (to choose articles by)."""
        return _layout.read_arrow(self.root, table, self.key, columns)

    def of_articles(self, ids: pa.Array) -> pipeline.Tables:
        """Return the Arrow rows of every table that belong to the articles ``ids`` (see :func:`_frames`)."""
        if not len(ids):
            return pipeline.Tables(*(schema.arrow_schema(name).empty_table() for name in pipeline.Tables._fields))
        return pipeline.Tables(*(_layout.read_rows(self.root, name, self.key, ids) for name in pipeline.Tables._fields))

    def of_sentences(self, where: pc.Expression | None, columns: Columns) -> pipeline.Tables:
        """Return the sentences that ``where`` keeps (all without it), with their articles, mentions and claims.

        Of each table only ``columns`` are read.
        """
        sentences = self.read("sentences", columns["sentences"], where)
        if where is None:
            rest = {name: self.read(name, columns[name]) for name in ("articles", "mentions", "claims")}
            return pipeline.Tables(sentences=sentences, **rest)
        ids = sentences["sentence_id"]
        articles = _layout.among("articles", "article_id", sentences["article_id"].unique())
        return pipeline.Tables(
            articles=self.read("articles", columns["articles"], articles),
            sentences=sentences,
            mentions=self.read("mentions", columns["mentions"], _layout.among("mentions", "sentence_id", ids)),
            claims=self.read("claims", columns["claims"], _layout.among("claims", "sentence_id", ids)),
        )


def _chosen(ids: pa.ChunkedArray, keep: pa.ChunkedArray) -> pa.Array:
    """Return the ``ids`` of a partition's articles whose ``keep`` is true (not null)."""
    import pyarrow.compute as pc

    return ids.filter(pc.fill_null(keep, False)).combine_chunks()


@dataclass(frozen=True)
class _Ids:
    """Keep the articles whose id is one of ``ids``, whole."""

    ids: frozenset[str]

    def __call__(self, part: _Partition) -> pipeline.Tables:
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = part.arrow("articles", ["article_id"])["article_id"]
        return part.of_articles(_chosen(ids, pc.is_in(ids, value_set=pa.array(list(self.ids), type=ids.type))))


@dataclass(frozen=True)
class _Published:
    """Keep the articles published from ``low`` to ``high``, both included, whole.

    Only the articles' dates and ids are read to find them, as Arrow columns.
    """

    low: pd.Timestamp
    high: pd.Timestamp

    def __call__(self, part: _Partition) -> pipeline.Tables:
        import pyarrow as pa
        import pyarrow.compute as pc

        articles = part.arrow("articles", ["article_id", "published"])
        published = articles["published"]
        low, high = (pa.scalar(bound.to_datetime64()) for bound in (self.low, self.high))
        keep = pc.and_(pc.greater_equal(published, low), pc.less_equal(published, high))
        return part.of_articles(_chosen(articles["article_id"], keep))


@dataclass(frozen=True)
class _Positions:
    """Keep the articles at given positions of each partition, whole."""

    positions: dict[str, tuple[int, ...]]

    def __call__(self, part: _Partition) -> pipeline.Tables:
        ids = part.arrow("articles", ["article_id"])["article_id"]
        return part.of_articles(ids.take(list(self.positions[part.key])).combine_chunks())


@dataclass(frozen=True)
class _Found:
    """Keep the rows of ``Corpus.find`` of the sentences that pass ``filters`` (see :func:`workbench.selection.found`).

    With an ``actor`` or ``article`` filter, only the sentences that name the actor (found in
    the mentions' file) or belong to the article are read, with their own rows of the other
    tables; every filter then runs on those, as on the whole partition. Only
    :data:`FIND_COLUMNS` are read.
    """

    filters: selection.Filters

    def __call__(self, part: _Partition) -> pd.DataFrame:
        import pyarrow.compute as pc

        wheres = []
        if self.filters.actor:
            naming = part.read("mentions", ["sentence_id"], pc.field("actor") == self.filters.actor)
            wheres.append(_layout.among("sentences", "sentence_id", naming["sentence_id"]))
        if self.filters.article:
            wheres.append(pc.field("article_id") == self.filters.article)
        where = functools.reduce(operator.and_, wheres) if wheres else None
        return selection.found(part.of_sentences(where, FIND_COLUMNS), self.filters)
