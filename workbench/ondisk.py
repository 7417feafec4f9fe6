"""Corpora larger than memory: the tables built on Dask into partitioned Parquet, and opened lazily.

:func:`build_corpus` reads the input as a Dask dataframe of articles (one partition per group of
files, per Parquet row groups, or per slice of a DataFrame), runs :func:`workbench.pipeline.extract`
on each partition where the partition is (``map_partitions``: only the partition's articles, never
the word lists or the name finder's weights, which each worker process loads once) and writes
every table as one Parquet file per partition under ``out/<table>/``, with ``out/manifest.json``.
A worker's memory therefore follows the partition size, not the corpus size. The same build runs
on a laptop's cores (a ``LocalCluster``) or on any ``dask.distributed`` cluster (``client=``).

:func:`open_corpus` returns an :class:`OnDiskCorpus`: Dask dataframes over those files, with the
columns and dtypes of the in-memory :class:`~workbench.corpus.Corpus`, and methods that pull a
slice (by article, by date, a sample, a search) into an ordinary ``Corpus`` for the tagging views,
the charts and the tag store. Sentence ids are content hashes, so a tag given on a slice is a tag
on the whole corpus.

Layout of ``out/``::

    manifest.json                  version, source, options, partitions in input order, row counts, schema
    articles/part-<key>.parquet    one file per partition and table (sentences/, mentions/, claims/, errors/)
    actors/actors.parquet          the actors summary, a group-by over all mentions
    errors/failed.parquet          partitions that failed after their retries (only when some did)
    _done/<key>.json               the partitions written, for a restart to skip

A partition's key is its position and a hash of its articles and the build options: a second
build of the same input skips every partition already written and writes only the missing ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import json
import math
import os
import pathlib
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from workbench import __version__, loading, pipeline, schema, selection
from workbench import actors as _actors
from workbench.corpus import Corpus
from workbench.errors import LoadError, MissingExtraError
from workbench.readers import read_frame
from workbench.readers._base import printable_path

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client

FORMAT = 1
"""Version of the on-disk layout; :func:`open_corpus` refuses folders written in another."""

TABLES = ("articles", "sentences", "mentions", "claims", "errors")
"""The tables written once per partition (``actors`` is written once, from all mentions)."""

DEFAULT_PARTITION_SIZE = "16MB"
"""Input bytes per partition: a worker peaks at about 20 times this while extracting."""

_MANIFEST = "manifest.json"
_DONE = "_done"
_FAILED = "failed.parquet"
_ERROR = "error"
"""Column of the articles partitions that holds why an input could not be read (then it is no article)."""


class PartKind(enum.Enum):
    """How a partition of the input is read."""

    FILES = "files"
    """Whole files, through the readers :func:`workbench.load` uses."""
    PARQUET = "parquet"
    """Row groups of one Parquet file of article records."""


class Part(NamedTuple):
    """One partition of a file input: the files (or one file's row groups) a task reads."""

    kind: PartKind
    paths: tuple[str, ...]
    row_groups: tuple[int, ...] = ()
    first_row: int = 0


@dataclass(frozen=True)
class _Reading:
    """How records become articles: the analyst's column names, junk lines and date order."""

    columns: dict[str, str] = field(default_factory=dict)
    junk: tuple[str, ...] = ()
    dayfirst: bool | None = None


@dataclass(frozen=True)
class _Extraction:
    """What each partition's extraction uses; shipped to each worker once, as one graph key."""

    dictionary: _actors.ActorDictionary | None
    names: _actors.ner.Finder | None
    fingerprint: str


def _dask() -> None:
    """Raise :class:`MissingExtraError` unless Dask's dataframe and distributed packages import."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(exc.name or "dask", "dask", "Building or opening an on-disk corpus") from None


def build_corpus(
    source: loading.Source | dd.DataFrame,
    out: str | os.PathLike,
    *,
    client: Client | str | None = None,
    workers: int | None = None,
    partition_size: int | str = DEFAULT_PARTITION_SIZE,
    retries: int = 2,
    progress: bool = True,
    junk: Iterable[str] = (),
    actors: str | os.PathLike | pd.DataFrame | None = None,
    ner: str | Callable[..., Any] | None = "builtin",
    dayfirst: bool | None = None,
    columns: dict[str, str] | None = None,
) -> OnDiskCorpus:
    """Build the corpus tables of ``source`` on Dask and write them as partitioned Parquet under ``out``.

    The tables are those :func:`workbench.load` gives for the same input (same ids, same rows),
    except that copies of an article in two different partitions are both kept.

    Parameters
    ----------
    source
        Anything :func:`workbench.load` reads (a file, a folder, a list of paths, a pandas
        DataFrame), Parquet files of article records or folders of them, or a Dask dataframe
        of article records (its partitions are kept as they are).
    out
        The folder to write; created when missing. A folder already built from the same input
        keeps the partitions it holds and only the missing ones are built.
    client
        A ``distributed.Client``, or the address of a running scheduler (``"tcp://host:8786"``).
        By default a ``LocalCluster`` with one single-threaded worker process per core (or
        ``workers``) runs the build and is closed after it.
    workers
        Worker processes of the default ``LocalCluster``.
    partition_size
        Input bytes per partition (``"16MB"`` or a number): files are grouped, and Parquet row
        groups and DataFrame rows are split, up to this size. A worker peaks at about 20 times
        the partition size; a single JSON, JSONL or CSV file is read whole by one task, so split
        files much larger than this (or convert them to Parquet) to keep memory bounded.
    retries
        How many times a failed partition (a lost worker, an error) is run again before it is
        reported in the ``errors`` table; the other partitions are written either way.
    progress
        Show a bar of partitions done, and print the Dask dashboard's address.
    junk, actors, ner, dayfirst, columns
        As for :func:`workbench.load` (``columns`` maps a field such as ``"text"`` to the name
        of the column holding it).

    Returns
    -------
    OnDiskCorpus
        The corpus just written, opened.

    Raises
    ------
    MissingExtraError
        When Dask is not installed (``pip install 'workbench[dask]'``).
    LoadError
        When the source does not exist, or nothing in it could be read as an article.
    """
    _dask()
    import dask

    out = pathlib.Path(out)
    reading = _Reading(dict(columns or {}), tuple(junk), dayfirst)
    extraction = _extraction(actors, ner, reading)
    size = _bytes(partition_size)
    with dask.config.set({"dataframe.convert-string": False}):
        articles, inputs = _articles(source, reading, size)
        for folder in (*TABLES, "actors", _DONE):
            (out / folder).mkdir(parents=True, exist_ok=True)
        reports = articles.map_partitions(
            _build_part, out=str(out), extraction=dask.delayed(extraction), meta=_REPORT_META, align_dataframes=False
        )
        with _client(client, workers) as active:
            if progress:
                print(f"Dask dashboard: {active.dashboard_link}", file=sys.stderr)
            done, failed = _run(active, reports, inputs, retries=retries, progress=progress)
            keys = [report.key for report in done if report is not None]
            _write_failures(out, failed)
            _remove_stale(out, set(keys))
            actors_table = _actors_summary(_read(out, "mentions", keys))
    _write(actors_table, "actors", out / "actors" / "actors.parquet")
    manifest = _manifest(source, extraction, done, failed, len(actors_table))
    _write_json(out / _MANIFEST, manifest)
    if manifest["rows"]["articles"] == 0:
        raise LoadError(
            f"No articles found in {_describe(source)}: every input failed; see open_corpus({str(out)!r}).errors."
        )
    return open_corpus(out)


def _extraction(
    actors: str | os.PathLike | pd.DataFrame | None, ner: str | Callable[..., Any] | None, reading: _Reading
) -> _Extraction:
    """Return what every partition extracts with, and a fingerprint of everything that shapes the tables."""
    dictionary = _actors.dictionary_for(actors)
    names = _actors.ner.finder(ner)
    words = "" if dictionary is None else _hash_frame(dictionary.to_frame())
    finder = ner if isinstance(ner, str) or ner is None else f"{type(ner).__module__}.{type(ner).__qualname__}"
    options = [__version__, FORMAT, words, finder, sorted(reading.columns.items()), reading.junk, reading.dayfirst]
    return _Extraction(dictionary, names, hashlib.sha256(repr(options).encode()).hexdigest())


def _bytes(size: int | str) -> int:
    from dask.utils import parse_bytes

    try:
        value = parse_bytes(size) if isinstance(size, str) else int(size)
    except ValueError:
        value = 0
    if value < 1:
        raise LoadError(f"partition_size={size!r} is not a size: give bytes, or a text such as '16MB'.")
    return value


# ---------------------------------------------------------------- reading: the input as a Dask dataframe of articles


_ARTICLES_META = schema.empty("articles").assign(**{_ERROR: pd.Series(dtype=schema.TEXT)})
_PARQUET = ".parquet"
_LARGE_FILE = 256_000_000
_READ_WHOLE = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson"})
"""Bytes from which a file read whole by one task (JSON, JSONL, CSV) gets a warning, when over 4 partitions."""


def _articles(source: Any, reading: _Reading, size: int) -> tuple[dd.DataFrame, list[str]]:
    """Return the input as a Dask dataframe of articles, and what each partition reads (for error rows).

    Each partition is an ``articles`` table (without counts) followed by one row per input, or
    part of one, that could not be read: those rows have only ``path`` and ``error``.
    """
    import dask.dataframe as dd

    if isinstance(source, dd.DataFrame):
        frame = source
    elif isinstance(source, pd.DataFrame):
        pieces = max(1, math.ceil(int(source.memory_usage(deep=True).sum()) / size))
        frame = dd.from_pandas(source, npartitions=min(pieces, max(1, len(source))), sort=False)
    else:
        parts = _parts(source, size)
        described = [", ".join(part.paths) for part in parts]
        return dd.from_map(_read_part, parts, reading=reading, meta=_ARTICLES_META, enforce_metadata=False), described
    described = [f"<DataFrame> partition {number}" for number in range(frame.npartitions)]
    return frame.map_partitions(_read_rows, reading=reading, meta=_ARTICLES_META, enforce_metadata=False), described


def _parts(source: str | os.PathLike | Sequence[str | os.PathLike], size: int) -> list[Part]:
    """Group the files of ``source`` into partitions of about ``size`` bytes, in the order :func:`load` reads them."""
    single = isinstance(source, str | os.PathLike)
    files: list[pathlib.Path] = []
    for item in [source] if single else list(source):
        try:
            files += _files_in(item)
        except LoadError:
            if single:
                raise
            files.append(pathlib.Path(item))  # read as a file, it becomes an error row as in load()
    parts: list[Part] = []
    group: list[str] = []
    held = 0
    for path in files:
        if path.suffix.lower() == _PARQUET:
            parts += _parquet_parts(path, size)
            continue
        bytes_ = _size(path)
        if group and held + bytes_ > size:
            parts.append(Part(PartKind.FILES, tuple(group)))
            group, held = [], 0
        group.append(str(path))
        held += bytes_
        if bytes_ > max(4 * size, _LARGE_FILE) and path.suffix.lower() in _READ_WHOLE:
            warnings.warn(
                f"{path} holds {bytes_ / 1e6:,.0f} MB, read whole by one task: split it into files of about "
                f"{size / 1e6:,.0f} MB or convert it to Parquet to keep each worker's memory bounded",
                stacklevel=4,
            )
    if group:
        parts.append(Part(PartKind.FILES, tuple(group)))
    return parts


def _files_in(item: str | os.PathLike) -> list[pathlib.Path]:
    """Return the files :func:`workbench.loading.files_in` reads, and the Parquet files of a folder of only those."""
    try:
        return loading.files_in(item)
    except LoadError:
        root = pathlib.Path(os.path.expanduser(item))
        found = [p for p in sorted(root.rglob(f"*{_PARQUET}")) if not p.relative_to(root).as_posix().startswith(".")]
        if root.is_dir() and found:
            return found
        raise


def _size(path: pathlib.Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _parquet_parts(path: pathlib.Path, size: int) -> list[Part]:
    """Split a Parquet file into runs of row groups of about ``size`` bytes (the whole file when unreadable)."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(path).metadata
    except Exception:  # the task reading it reports why, as an error row
        return [Part(PartKind.PARQUET, (str(path),))]
    parts: list[Part] = []
    groups: list[int] = []
    held = first = row = 0
    for number in range(metadata.num_row_groups):
        group = metadata.row_group(number)
        if groups and held + group.total_byte_size > size:
            parts.append(Part(PartKind.PARQUET, (str(path),), tuple(groups), first))
            groups, held, first = [], 0, row
        groups.append(number)
        held += group.total_byte_size
        row += group.num_rows
    return [*parts, Part(PartKind.PARQUET, (str(path),), tuple(groups), first)]


def _read_part(part: Part, *, reading: _Reading) -> pd.DataFrame:
    """Read one partition of files into articles and error rows."""
    if part.kind is PartKind.FILES:
        records, failures = loading.read_records([pathlib.Path(p) for p in part.paths], columns=reading.columns)
        return _articles_of(records, failures, reading)
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = part.paths[0]
    try:
        handle = pq.ParquetFile(path)
        table = handle.read_row_groups(list(part.row_groups)) if part.row_groups else handle.read()
    except (OSError, pa.ArrowException) as exc:
        return _articles_of([], [(path, f"could not read the Parquet file ({' '.join(str(exc).split())})")], reading)
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(part.first_row, part.first_row + len(frame))
    try:
        found = read_frame(frame, columns=reading.columns, path=path)
    except LoadError as exc:
        return _articles_of([], [(path, str(exc))], reading)
    return _articles_of(found.records, [(path, problem) for problem in found.problems], reading)


def _read_rows(frame: pd.DataFrame, *, reading: _Reading) -> pd.DataFrame:
    """Read one partition of a DataFrame of article records into articles and error rows."""
    records, failures = loading.read_records(frame, columns=reading.columns)
    return _articles_of(records, failures, reading)


def _articles_of(records: list, failures: list[loading.Failure], reading: _Reading) -> pd.DataFrame:
    """Clean records into articles as :func:`workbench.load` does; append the failures as error rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # ambiguous dates, renamed ids: read as load() reads them
        articles, skipped = loading.articles_from_records(records, junk=reading.junk, dayfirst=reading.dayfirst)
    errors = pd.DataFrame(
        [(printable_path(path), error) for path, error in failures + skipped], columns=["path", _ERROR]
    )
    rows = schema.conform(errors, "articles").astype({_ERROR: schema.TEXT})
    return pd.concat([articles.assign(**{_ERROR: pd.Series(pd.NA, index=articles.index, dtype=schema.TEXT)}), rows])


# ---------------------------------------------------------------- building: one task per partition


class _Report(NamedTuple):
    """What a partition's task did: its key, whether it was already written, and its rows per table."""

    key: str
    skipped: bool
    rows: dict[str, int]


_REPORT_META = pd.DataFrame({"key": pd.Series(dtype=object), "skipped": pd.Series(dtype=bool)}).assign(
    **{table: pd.Series(dtype="int64") for table in TABLES}
)


def _build_part(
    frame: pd.DataFrame, *, out: str, extraction: _Extraction, partition_info: dict | None = None
) -> pd.DataFrame:
    """Extract and write the tables of one partition, unless the same partition was written before."""
    failed = frame[_ERROR].notna().to_numpy()
    errors = schema.conform(frame.loc[failed, ["path", _ERROR]].rename(columns={_ERROR: "error"}), "errors")
    articles = schema.conform(frame.loc[~failed].drop(columns=_ERROR), "articles")
    number = (partition_info or {}).get("number", 0)
    key = f"{number:05d}-{_partition_hash(articles, errors, extraction.fingerprint)}"
    done = pathlib.Path(out) / _DONE / f"{key}.json"
    if done.exists():
        return _report_frame(_Report(key, True, json.loads(done.read_text(encoding="utf-8"))["rows"]))
    tables = pipeline.extract(articles, dictionary=extraction.dictionary, names=extraction.names)
    frames = dict(zip(pipeline.Tables._fields, tables, strict=True)) | {"errors": errors}
    for table in TABLES:
        _write(frames[table], table, pathlib.Path(out) / table / f"part-{key}.parquet")
    rows = {table: len(frames[table]) for table in TABLES}
    _write_json(done, {"key": key, "rows": rows})
    return _report_frame(_Report(key, False, rows))


def _partition_hash(articles: pd.DataFrame, errors: pd.DataFrame, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for frame in (articles, errors):
        digest.update(_hash_frame(frame).encode())
    return digest.hexdigest()[:16]


def _hash_frame(frame: pd.DataFrame) -> str:
    """Return a hash of a table's column names and values (row order included)."""
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
    return hashlib.sha256(repr(list(frame.columns)).encode() + hashed.tobytes()).hexdigest()


def _report_frame(report: _Report) -> pd.DataFrame:
    return pd.DataFrame([{"key": report.key, "skipped": report.skipped, **report.rows}]).astype(_REPORT_META.dtypes)


def _write(frame: pd.DataFrame, table: str, path: pathlib.Path) -> None:
    """Write ``table`` to ``path`` in its Arrow schema; the file appears whole or not at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = schema.arrow_schema(table)
    data = pa.Table.from_pandas(schema.conform(frame, table)[arrow.names], schema=arrow, preserve_index=False)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(data, partial)
    os.replace(partial, path)


def _write_json(path: pathlib.Path, data: dict) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    os.replace(partial, path)


class _Failed(NamedTuple):
    """A partition that failed after its retries: what it reads, and the last error."""

    number: int
    inputs: str
    error: str


@contextlib.contextmanager
def _client(client: Client | str | None, workers: int | None) -> Iterator[Client]:
    """Yield the client to build with: the one given, one connected to an address, or a new ``LocalCluster``'s."""
    from distributed import Client, LocalCluster

    if isinstance(client, Client):
        yield client
        return
    if isinstance(client, str):
        with Client(client) as connected:
            yield connected
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(n_workers=count, threads_per_worker=1, processes=True) as cluster,
        Client(cluster) as local,
    ):
        yield local


def _run(
    client: Client, reports: dd.DataFrame, inputs: list[str], *, retries: int, progress: bool
) -> tuple[list[_Report | None], list[_Failed]]:
    """Run every partition's task on ``client``; return the reports in input order and the partitions that failed."""
    from distributed import as_completed
    from tqdm.auto import tqdm

    futures = client.compute(reports.to_delayed(), retries=retries)
    number_of = {future.key: number for number, future in enumerate(futures)}
    done: list[_Report | None] = [None] * len(futures)
    failed: list[_Failed] = []
    bar = tqdm(total=len(futures), desc="partitions", unit="partition", disable=not progress)
    for future in as_completed(futures):
        number = number_of[future.key]
        if future.status == "error":
            error = future.exception()
            failed.append(_Failed(number, inputs[number], f"{type(error).__name__}: {' '.join(str(error).split())}"))
        else:
            row = future.result().iloc[0]
            done[number] = _Report(row["key"], bool(row["skipped"]), {table: int(row[table]) for table in TABLES})
        bar.update()
        future.release()
    bar.close()
    return done, sorted(failed)


def _write_failures(out: pathlib.Path, failed: list[_Failed]) -> None:
    """Write the failed partitions as error rows (one per input they read), or remove those of an earlier run."""
    path = out / "errors" / _FAILED
    if not failed:
        path.unlink(missing_ok=True)
        return
    rows = [
        (where, f"partition {item.number} failed after its retries ({item.error}); build again to retry it")
        for item in failed
        for where in item.inputs.split(", ")
    ]
    _write(pd.DataFrame(rows, columns=["path", "error"]), "errors", path)


def _remove_stale(out: pathlib.Path, keys: set[str]) -> None:
    """Remove the part files of partitions that are not part of this build (an earlier input's)."""
    for folder in (*TABLES, _DONE):
        for path in (out / folder).iterdir():
            key = path.stem.removeprefix("part-")
            if path.name != _FAILED and key not in keys:
                path.unlink()


def _actors_summary(mentions: dd.DataFrame) -> pd.DataFrame:
    """Return the ``actors`` table of all ``mentions``: the counts of :func:`workbench.actors.summarise`, on Dask.

    A sentence and an article lie in one partition, so distinct sentences and articles per actor
    are counted within each partition and summed.
    """
    import dask

    keys = ["actor", "actor_type"]

    def distinct(column: str) -> dd.Series:
        pairs = mentions[[*keys, column]].map_partitions(pd.DataFrame.drop_duplicates)
        return pairs.groupby(keys).size()

    counts, n_sentences, n_articles, surfaces = dask.compute(
        mentions.groupby(keys).agg(code=("code", "first"), n_mentions=("surface", "count")),
        distinct("sentence_id"),
        distinct("article_id"),
        mentions[[*keys, "surface"]].map_partitions(pd.DataFrame.drop_duplicates).drop_duplicates(split_out=1),
    )
    if counts.empty:
        return schema.empty("actors")
    aliases = surfaces.groupby(keys)["surface"].agg(lambda found: "; ".join(sorted(found)))
    table = counts.assign(n_sentences=n_sentences, n_articles=n_articles, aliases=aliases).reset_index()
    table["code"] = table["code"].replace("", pd.NA)
    table = table.sort_values(["n_mentions", "actor", "actor_type"], ascending=[False, True, True], kind="stable")
    return schema.conform(table, "actors")


def _manifest(
    source: Any, extraction: _Extraction, done: list[_Report | None], failed: list[_Failed], n_actors: int
) -> dict[str, Any]:
    written = [report for report in done if report is not None]
    rows = {table: sum(report.rows[table] for report in written) for table in TABLES}
    rows["errors"] += sum(len(item.inputs.split(", ")) for item in failed)
    return {
        "format": FORMAT,
        "workbench": __version__,
        "source": _describe(source),
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "options": extraction.fingerprint,
        "partitions": [None if report is None else report.key for report in done],
        "failed_partitions": [item.number for item in failed],
        "skipped_partitions": sum(report.skipped for report in written),
        "rows": rows | {"actors": n_actors},
        "schema": schema.TABLES,
    }


def _describe(source: Any) -> str:
    if isinstance(source, str | os.PathLike):
        return str(source)
    if isinstance(source, pd.DataFrame):
        return f"<DataFrame of {len(source):,} rows>"
    if hasattr(source, "npartitions"):
        return f"<Dask dataframe of {source.npartitions} partitions>"
    return ", ".join(str(item) for item in source)


# ---------------------------------------------------------------- opening: Dask tables and in-memory slices


def _read(out: pathlib.Path, table: str, keys: Sequence[str]) -> dd.DataFrame:
    """Return a Dask dataframe over ``table``'s part files of ``keys``, in input order, in the contract's dtypes."""
    import dask.dataframe as dd

    files = [str(out / table / f"part-{key}.parquet") for key in keys]
    if table == "errors" and (out / table / _FAILED).exists():
        files.append(str(out / table / _FAILED))
    if not files:
        return dd.from_pandas(schema.empty(table), npartitions=1)
    frame = dd.read_parquet(files)
    if any(dtype == schema.LIST for dtype in schema.TABLES[table].values()):
        frame = frame.map_partitions(_lists, table, meta=schema.empty(table))
    return frame


def _lists(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with its list columns as Python lists (Parquet gives NumPy arrays)."""
    lists = [name for name, dtype in schema.TABLES[table].items() if dtype == schema.LIST]
    return frame.assign(**{name: [list(value) for value in frame[name]] for name in lists})


def open_corpus(path: str | os.PathLike) -> OnDiskCorpus:
    """Open a corpus written by :func:`build_corpus`: its tables as Dask dataframes, nothing read yet.

    Raises
    ------
    LoadError
        When ``path`` holds no manifest, or one of another layout version.
    MissingExtraError
        When Dask is not installed.
    """
    _dask()
    out = pathlib.Path(path)
    try:
        manifest = json.loads((out / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(
            f"{str(out)!r} is not an on-disk corpus ({type(exc).__name__}: {exc}); build one with "
            "workbench.build_corpus(source, out) or 'workbench build SOURCE --out DIR'."
        ) from None
    if manifest.get("format") != FORMAT:
        raise LoadError(
            f"{str(out)!r} was written in on-disk format {manifest.get('format')!r}, this workbench reads "
            f"format {FORMAT}: build it again with workbench.build_corpus."
        )
    keys = [key for key in manifest["partitions"] if key is not None]
    tables = {table: _read(out, table, keys) for table in TABLES}
    actors = _read_actors(out)
    return OnDiskCorpus(out, manifest, keys, actors=actors, **tables)


def _read_actors(out: pathlib.Path) -> dd.DataFrame:
    import dask.dataframe as dd

    return dd.read_parquet(str(out / "actors" / "actors.parquet"))


@dataclass(repr=False)
class OnDiskCorpus:
    """A corpus on disk: the tables as Dask dataframes over Parquet, and slices of it as in-memory corpora.

    The tables have the columns and dtypes of :class:`~workbench.corpus.Corpus`; compute what
    fits in memory (``corpus.actors.compute()``, a group-by over ``corpus.mentions``). The
    methods :meth:`take`, :meth:`between`, :meth:`sample` and :meth:`find` return an ordinary
    ``Corpus`` of the articles or sentences they select, with the same ids as in the whole corpus.
    """

    path: pathlib.Path
    manifest: dict[str, Any]
    keys: list[str]
    articles: dd.DataFrame
    sentences: dd.DataFrame
    mentions: dd.DataFrame
    claims: dd.DataFrame
    errors: dd.DataFrame
    actors: dd.DataFrame

    def __repr__(self) -> str:
        rows = self.manifest["rows"]
        return (
            f"<OnDiskCorpus {str(self.path)!r}: {rows['articles']:,} article(s), {rows['sentences']:,} sentences, "
            f"{rows['actors']:,} actors, {rows['mentions']:,} mentions, {rows['claims']:,} claims, "
            f"{rows['errors']:,} error(s), {len(self.keys)} partitions>"
        )

    def take(self, article_ids: Iterable[str]) -> Corpus:
        """Return the articles ``article_ids`` (those the corpus holds) as an in-memory ``Corpus``."""
        wanted = frozenset(article_ids)
        return self._gather(_Articles(lambda articles: articles["article_id"].isin(wanted)))

    def between(self, start: Any = None, end: Any = None) -> Corpus:
        """Return the articles published from ``start`` to ``end`` (both included; ``None`` leaves a side open).

        ``start`` and ``end`` are anything ``pandas.Timestamp`` reads (``"2024-03-01"``); a date
        without a time as ``end`` includes that whole day. Articles without a date are left out.
        """
        low = pd.Timestamp.min if start is None else pd.Timestamp(start)
        high = pd.Timestamp.max if end is None else _end_of(end)
        return self._gather(_Articles(lambda articles: articles["published"].between(low, high).fillna(False)))

    def sample(self, n: int, *, seed: int = 0) -> Corpus:
        """Return ``n`` articles drawn at random (all when fewer), the same ones for the same ``seed``."""
        counts = np.array([self._rows(key)["articles"] for key in self.keys], dtype=np.int64)
        chosen = np.sort(np.random.default_rng(seed).choice(counts.sum(), size=min(n, counts.sum()), replace=False))
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        positions = {
            key: frozenset((chosen[(chosen >= first) & (chosen < first + count)] - first).tolist())
            for key, first, count in zip(self.keys, starts, counts, strict=True)
        }
        return self._gather(_Positions(positions))

    def find(
        self,
        *,
        article: str = "",
        actor: str = "",
        search: str = "",
        claims_only: bool = False,
        hedged_only: bool = False,
    ) -> Corpus:
        """Return the sentences that pass every filter, with their articles, mentions and claims, as a ``Corpus``.

        The filters are those of :meth:`workbench.corpus.Corpus.find`.

        Raises
        ------
        FilterError
            When ``actor`` is not an actor of the corpus.
        """
        if actor:
            selection.check_choice("actor", actor, set(self.actors["actor"].compute()))
        filters = selection.Filters(
            article=article, actor=actor, search=search, claims_only=claims_only, hedged_only=hedged_only
        )
        return self._gather(_Sentences(filters))

    def _rows(self, key: str) -> dict[str, int]:
        return json.loads((self.path / _DONE / f"{key}.json").read_text(encoding="utf-8"))["rows"]

    def _gather(self, pick: Callable[[str, pipeline.Tables], pipeline.Tables]) -> Corpus:
        """Run ``pick`` on every partition's tables (on Dask) and return what it kept as one ``Corpus``."""
        import dask

        parts = dask.compute(*(dask.delayed(_pick)(str(self.path), key, pick) for key in self.keys))
        tables = [
            pd.concat([getattr(part, name) for part in parts], ignore_index=True) for name in pipeline.Tables._fields
        ]
        return Corpus(
            *(schema.conform(frame, name) for frame, name in zip(tables, pipeline.Tables._fields, strict=True))
        )


def _end_of(end: Any) -> pd.Timestamp:
    """Return the last moment ``end`` names: the end of the day for a date without a time."""
    stamp = pd.Timestamp(end)
    dated = isinstance(end, dt.date) and not isinstance(end, dt.datetime)
    if dated or (isinstance(end, str) and len(end.strip()) <= 10):
        return stamp + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    return stamp


def _pick(out: str, key: str, pick: Callable[[str, pipeline.Tables], pipeline.Tables]) -> pipeline.Tables:
    root = pathlib.Path(out)
    frames = [pd.read_parquet(root / name / f"part-{key}.parquet") for name in pipeline.Tables._fields]
    tables = pipeline.Tables(*frames)
    return pick(key, tables._replace(claims=_lists(tables.claims, "claims")))


def _of_articles(tables: pipeline.Tables, ids: set[str]) -> pipeline.Tables:
    """Return the rows of ``tables`` that belong to the articles ``ids``."""
    return pipeline.Tables(*(frame[frame["article_id"].isin(ids).to_numpy()] for frame in tables))


@dataclass(frozen=True)
class _Articles:
    """Keep the articles a mask over the ``articles`` table selects, whole."""

    mask: Callable[[pd.DataFrame], pd.Series]

    def __call__(self, key: str, tables: pipeline.Tables) -> pipeline.Tables:
        kept = tables.articles.loc[self.mask(tables.articles).to_numpy(dtype=bool), "article_id"]
        return _of_articles(tables, set(kept))


@dataclass(frozen=True)
class _Positions:
    """Keep the articles at given positions of each partition, whole."""

    positions: dict[str, frozenset[int]]

    def __call__(self, key: str, tables: pipeline.Tables) -> pipeline.Tables:
        rows = sorted(self.positions.get(key, ()))
        return _of_articles(tables, set(tables.articles["article_id"].iloc[rows]))


@dataclass(frozen=True)
class _Sentences:
    """Keep the sentences that pass ``filters``, their articles, and their mentions and claims."""

    filters: selection.Filters

    def __call__(self, key: str, tables: pipeline.Tables) -> pipeline.Tables:
        corpus = Corpus(*tables)
        rows = selection.sentence_rows(corpus)
        kept = set(rows["sentence_id"].iloc[selection.select(rows, self.filters, mentions=corpus.mentions)])
        tables = _of_articles(tables, set(rows["article_id"][rows["sentence_id"].isin(kept)]))
        return tables._replace(
            sentences=tables.sentences[tables.sentences["sentence_id"].isin(kept).to_numpy()],
            mentions=tables.mentions[tables.mentions["sentence_id"].isin(kept).to_numpy()],
            claims=tables.claims[tables.claims["sentence_id"].isin(kept).to_numpy()],
        )
