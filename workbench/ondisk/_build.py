"""Building an on-disk corpus: one Dask task per partition extracts and writes its tables, then the actors."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import pathlib
import socket
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from workbench import __version__, loading, pipeline, schema
from workbench import actors as _actors
from workbench.errors import LoadError
from workbench.ondisk import _input, _layout
from workbench.ondisk._open import OnDiskCorpus, open_corpus

if TYPE_CHECKING:
    import dask.dataframe as dd
    from dask.delayed import Delayed
    from distributed import Client

DEFAULT_PARTITION_SIZE = "16MB"
"""Input bytes per partition: a worker peaks at about 20 times this while extracting."""


@dataclass(frozen=True)
class _Extraction:
    """What each partition's extraction uses; one key of the task graph, so each worker fetches it once."""

    dictionary: _actors.ActorDictionary | None
    names: _actors.ner.Finder | None
    fingerprint: str


def build_corpus(
    source: loading.Source | dd.DataFrame,
    out: str | os.PathLike,
    *,
    client: Client | str | None = None,
    workers: int | None = None,
    threads: int = 1,
    partition_size: int | str = DEFAULT_PARTITION_SIZE,
    retries: int = 2,
    timeout: float = 30,
    repair: bool = False,
    progress: bool = True,
    junk: Iterable[str] = (),
    actors: str | os.PathLike | pd.DataFrame | None = None,
    ner: str | Callable[..., Any] | None = "builtin",
    dayfirst: bool | None = None,
    columns: dict[str, str] | None = None,
) -> OnDiskCorpus:
    """Build the corpus tables of ``source`` on Dask and write them as partitioned Parquet under ``out``.

    The tables are those :func:`workbench.load` gives for the same input (same ids, same rows),
    except that copies of an article that fall in two different partitions are both kept. An
    article whose extraction raises (a ``ner=`` function that fails on it, say) is an error row
    naming its id and the reason, and the rest of its partition is written; a warning counts
    the error rows.

    Parameters
    ----------
    source
        Anything :func:`workbench.load` reads (a file, a folder, a list of paths, a pandas
        DataFrame), Parquet files of article records or folders of them, or a Dask dataframe
        of article records (its partitions are kept as they are).
    out
        The folder to write; created when missing. A folder already built from the same input
        keeps the partitions it holds and only the missing ones are built: each partition is
        keyed by what it reads (each input file's path, size and SHA-256), so one written before
        is found without reading its input; it is checked against the size and SHA-256 of its
        files recorded when it was written, and built again when one differs or is missing. A
        changed input file rebuilds its partitions. Part files of partitions no
        longer in the input are removed. On a cluster, the workers write here and read the
        input files themselves: both must be at the same absolute path on every worker (input
        and output paths are made absolute before they are sent).
    client
        A ``distributed.Client``, or the address of a running scheduler (``"tcp://host:8786"``).
        By default a ``LocalCluster`` with one single-threaded worker process per core (or
        ``workers``) runs the build and is closed after it.
    workers
        Worker processes of the default ``LocalCluster``.
    threads
        Threads per worker process of the default ``LocalCluster``.
    partition_size
        Input bytes per partition (``"16MB"`` or a number): files are grouped, and JSON Lines
        files (cut at line ends), Parquet row groups and DataFrame rows are split, up to this
        size. A worker peaks at about 20 times the partition size. A JSON, CSV or TSV file (a
        quoted CSV value may span lines) and a JSON Lines file that is not UTF-8 are read whole
        by one task, with a warning when large: convert such a file to JSON Lines in UTF-8 or to
        Parquet (or split it) to keep memory bounded.
    retries
        How many times a failed partition (a lost worker, an error) is run again before it is
        reported in the ``errors`` table; the other partitions are written either way.
    timeout
        Seconds to wait for the scheduler at ``client`` (an address) before giving up, which is
        checked before anything is written.
    repair
        Rebuild only the partitions of an existing corpus in ``out`` whose files are damaged or
        missing (see :func:`workbench.check_corpus`); nothing runs when every file is intact.
        The options must be those the corpus was built with.
    progress
        Show a bar of partitions done, and print the Dask dashboard's address.
    junk, actors, ner, dayfirst, columns
        As for :func:`workbench.load` (``columns`` maps a field such as ``"text"`` to the name
        of the column holding it). A function given as ``ner`` is told apart from another by
        its name only: rename it, or build into a new folder, when you change what it does.

    Returns
    -------
    OnDiskCorpus
        The corpus just written, opened.

    Raises
    ------
    MissingExtraError
        When Dask is not installed (``pip install 'workbench[dask]'``).
    LoadError
        When the source does not exist, ``partition_size`` is not a size, the scheduler cannot
        be reached, ``repair`` is asked with other options than the corpus was built with, or
        nothing in the source could be read as an article.
    """
    _layout.require_dask()
    import dask

    out = pathlib.Path(os.path.abspath(os.path.expanduser(out)))
    reading = _input.Reading(dict(columns or {}), tuple(junk), dayfirst)
    extraction = _extraction(actors, ner, reading)
    size = _bytes(partition_size)
    if repair:
        from workbench.ondisk._check import check_corpus

        _same_options(out, extraction)
        if check_corpus(out).ok:
            return open_corpus(out)
    parts = None if _input.is_frame(source) else _input.plan(source, size)
    with (
        dask.config.set({"dataframe.convert-string": False}),  # keep object columns (lists, mixed dates) as they are
        _client(client, workers, threads, timeout) as active,
        active.as_current(),
    ):
        for folder in (*_layout.TABLES, "actors", _layout.ACTOR_PARTS, _layout.DONE):
            (out / folder).mkdir(parents=True, exist_ok=True)
        if progress:
            print(f"Dask dashboard: {active.dashboard_link}", file=sys.stderr)
        if parts is None:
            articles, inputs = _input.frame_articles(source, reading, size)
            shared = dask.delayed(extraction)
            reports = articles.map_partitions(
                _build_part, out=str(out), extraction=shared, meta=_REPORT_META, align_dataframes=False
            )
            done, failed = _run(active, dict(enumerate(reports.to_delayed())), inputs, retries, progress)
        else:
            done, failed, inputs = _build_files(active, parts, out, reading, extraction, retries, progress)
        keys = [report.key for report in done if report is not None]
        _write_failures(out, failed)
        _remove_stale(out, set(keys))
    actors_table = _actors.combine(_actor_parts(out, keys))
    _layout.write_table(actors_table, "actors", out / _layout.ACTORS)
    manifest = _manifest(source, extraction, done, failed, _layout.record(out / _layout.ACTORS, len(actors_table)))
    _layout.write_json(out / _layout.MANIFEST, manifest)
    if manifest["rows"]["articles"] == 0:
        raise LoadError(
            f"No articles found in {_describe(source)}: every input failed; see open_corpus({str(out)!r}).errors."
        )
    if manifest["rows"]["errors"]:
        warnings.warn(
            f"{manifest['rows']['errors']:,} input(s) or article(s) could not be built: they are the rows of "
            f"open_corpus({str(out)!r}).errors, each with its path and the reason",
            stacklevel=2,
        )
    return open_corpus(out)


def _same_options(out: pathlib.Path, extraction: _Extraction) -> None:
    """Raise :class:`LoadError` unless ``out`` is a corpus built with the options of ``extraction``."""
    try:
        built = json.loads((out / _layout.MANIFEST).read_text(encoding="utf-8")).get("options")
    except (OSError, ValueError) as exc:
        raise LoadError(f"Nothing to repair in {str(out)!r}: it holds no readable manifest ({exc}).") from None
    if built != extraction.fingerprint:
        raise LoadError(
            f"{str(out)!r} was built with other options (columns, junk, dayfirst, actors, ner) or another version of "
            "the workbench: repair it with the options it was built with, or build it again without --repair."
        )


def _extraction(
    actors: str | os.PathLike | pd.DataFrame | None, ner: str | Callable[..., Any] | None, reading: _input.Reading
) -> _Extraction:
    """Return what every partition extracts with, and a fingerprint of everything that shapes the tables."""
    dictionary = _actors.dictionary_for(actors)
    names = _actors.ner.finder(ner)
    words = "" if dictionary is None else _hash_frame(dictionary.to_frame())
    finder = ner if isinstance(ner, str) or ner is None else getattr(ner, "__qualname__", type(ner).__qualname__)
    options = [__version__, _layout.FORMAT, words, finder, sorted(reading.columns.items()), reading.junk]
    options.append(reading.dayfirst)
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


class _Report(NamedTuple):
    """What a partition's task did: its key, whether it was written before, and its rows per table."""

    key: str
    skipped: bool
    rows: dict[str, int]


_REPORT_META = pd.DataFrame({"key": pd.Series(dtype=object), "skipped": pd.Series(dtype=bool)}).assign(
    **{table: pd.Series(dtype="int64") for table in _layout.TABLES}
)


def _build_files(
    client: Client,
    parts: list[_input.Part],
    out: pathlib.Path,
    reading: _input.Reading,
    extraction: _Extraction,
    retries: int,
    progress: bool,
) -> tuple[list[_Report | None], list[_Failed], list[tuple[str, ...]]]:
    """Build the partitions ``parts`` of a file input that have no intact files in ``out``; skip the others unread.

    A partition's key is what it reads (each file's path, size, modification time and SHA-256;
    see :func:`~workbench.ondisk._input.part_key`), so a partition written before is found
    without reading its input; its files are checked on the workers, and only the partitions
    with no intact files are read and extracted. The files' states are recorded in ``out``
    before the build, so a build stopped half-way resumes without hashing its input again.
    """
    import dask

    recorded = _layout.read_json(out / _layout.INPUTS) or {}
    known = {
        path: _input.FileState(*state)
        for path, state in recorded.items()
        if isinstance(state, list) and len(state) == len(_input.FileState._fields)
    }  # an unreadable record only means hashing the files again
    states = _input.file_states(parts, known)
    _layout.write_json(out / _layout.INPUTS, {path: list(state) for path, state in states.items()})
    keys = [_input.part_key(number, part, states, extraction.fingerprint) for number, part in enumerate(parts)]
    candidates = [number for number, key in enumerate(keys) if _layout.done_path(out, key).exists()]
    intact = client.gather(client.compute([dask.delayed(_intact)(str(out), keys[n]) for n in candidates]))
    written = {number: rows for number, rows in zip(candidates, intact, strict=True) if rows is not None}
    reads = _input.read_tasks(parts, reading, wanted=set(range(len(parts))) - set(written))
    shared = dask.delayed(extraction)
    tasks = {
        number: dask.delayed(_build_part)(read, out=str(out), extraction=shared, key=keys[number])
        for number, read in reads.items()
    }
    inputs = [part.paths for part in parts]
    done, failed = _run(client, tasks, inputs, retries, progress, count=len(parts))
    for number, rows in written.items():
        done[number] = _Report(keys[number], True, rows)
    return done, failed, inputs


def _intact(out: str, key: str) -> dict[str, int] | None:
    """Return the rows per table of the partition ``key`` when its files are as written, else ``None``."""
    root = pathlib.Path(out)
    done = _layout.read_done(root, key)
    return done["rows"] if done is not None and not _layout.verify(root, key) else None


def _build_part(
    frame: pd.DataFrame,
    *,
    out: str,
    extraction: _Extraction,
    key: str | None = None,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    """Extract and write the tables of one partition read into ``frame``, whose ``key`` is known or found here.

    Without ``key`` (a dataframe input, whose partitions have no file to key them by), the key
    is a hash of the articles read, and a partition written before under it, intact, is skipped.

    Raises
    ------
    UnsharedPathError
        When the output folder is not there on this worker.
    """
    root = pathlib.Path(out)
    if not (root / _layout.DONE).is_dir():
        raise _layout.UnsharedPathError(
            f"the output folder {out} does not exist on the worker at {socket.gethostname()}: every worker needs the "
            "input and output folders at the same absolute path (a shared file system)"
        )
    failed = frame[_input.ERROR].notna().to_numpy()
    errors = schema.conform(frame.loc[failed, ["path", _input.ERROR]], "errors")
    articles = schema.conform(frame.loc[~failed].drop(columns=_input.ERROR), "articles")
    if key is None:
        number = (partition_info or {}).get("number", 0)
        key = f"{number:05d}-{_partition_hash(articles, errors, extraction.fingerprint)}"
        if (rows := _intact(out, key)) is not None:
            return _report_frame(_Report(key, True, rows))
    tables, failures = _extract(articles, extraction)
    frames = tables._asdict() | {"errors": pd.concat([errors, failures], ignore_index=True)}
    frames[_layout.ACTOR_PARTS] = _actors.summarise(tables.mentions)
    files = {}
    for folder in _layout.part_folders():
        path = _layout.part_path(root, folder, key)
        _layout.write_table(frames[folder], "actors" if folder == _layout.ACTOR_PARTS else folder, path)
        files[folder] = _layout.record(path, len(frames[folder]))
    rows = {table: len(frames[table]) for table in _layout.TABLES}
    _layout.write_json(_layout.done_path(root, key), {"key": key, "rows": rows, "files": files})
    return _report_frame(_Report(key, False, rows))


def _extract(articles: pd.DataFrame, extraction: _Extraction) -> tuple[pipeline.Tables, pd.DataFrame]:
    """Extract the tables of ``articles``, and an error row for each article whose extraction raises.

    The articles are extracted at once; when that raises, each half is extracted on its own, and
    so on down to the articles that raise, so that a failing article costs only itself (the
    tables of the others are the same whatever the batch). One failing article among 132 cost
    1.9 times the partition's extraction this way, against 3.9 times one article at a time
    (each call has its own set-up; ``bench/bench_ondisk.py --resume``).
    """
    try:
        return _extract_with(articles, extraction), schema.empty("errors")
    except Exception as exc:  # any error of any article (a ner= function's included): find which raise it
        if articles.empty:
            raise
        if len(articles) == 1:
            reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            row = (articles["path"].iloc[0], f"article {articles['article_id'].iloc[0]} not built ({reason})")
            return pipeline.Tables.empty(), schema.conform(pd.DataFrame([row], columns=["path", "error"]), "errors")
    middle = len(articles) // 2
    halves = [_extract(articles.iloc[:middle], extraction), _extract(articles.iloc[middle:], extraction)]
    names = pipeline.Tables._fields
    tables = pipeline.Tables(
        *(schema.conform(pd.concat([getattr(h[0], name) for h in halves], ignore_index=True), name) for name in names)
    )
    return tables, pd.concat([h[1] for h in halves], ignore_index=True)


def _extract_with(articles: pd.DataFrame, extraction: _Extraction) -> pipeline.Tables:
    return pipeline.extract(articles, dictionary=extraction.dictionary, names=extraction.names)


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


class _Failed(NamedTuple):
    """A partition that failed after its retries: what it reads, and the last error."""

    number: int
    inputs: tuple[str, ...]
    error: str


@contextlib.contextmanager
def _client(client: Client | str | None, workers: int | None, threads: int, timeout: float) -> Iterator[Client]:
    """Yield the client to build with: the one given, one connected to an address, or a new ``LocalCluster``'s.

    Raises
    ------
    LoadError
        When no scheduler answers at the address ``client`` within ``timeout`` seconds.
    """
    from distributed import Client, LocalCluster

    if isinstance(client, Client):
        yield client
        return
    if isinstance(client, str):
        try:
            connected = Client(client, timeout=timeout)
        except (OSError, ValueError, TypeError) as exc:
            raise LoadError(
                f"No Dask scheduler answers at {client!r} ({type(exc).__name__}: {' '.join(str(exc).split())}); "
                "nothing was written. Start one with 'dask scheduler' and give the address it prints "
                "(tcp://host:8786), or leave the scheduler out to build on this machine's cores."
            ) from None
        with connected:
            yield connected
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(n_workers=count, threads_per_worker=threads, processes=True) as cluster,
        Client(cluster) as local,
    ):
        yield local


def _run(
    client: Client,
    tasks: dict[int, Delayed],
    inputs: list[tuple[str, ...]],
    retries: int,
    progress: bool,
    *,
    count: int | None = None,
) -> tuple[list[_Report | None], list[_Failed]]:
    """Run the partitions' tasks (by number) on ``client``; return reports in input order and the partitions failed.

    ``count`` is the number of partitions of the input (those without a task were written before).
    """
    from distributed import as_completed
    from tqdm.auto import tqdm

    numbers = list(tasks)
    futures = client.compute([tasks[number] for number in numbers], retries=retries)
    number_of = {future.key: number for number, future in zip(numbers, futures, strict=True)}
    total = len(futures) if count is None else count
    done: list[_Report | None] = [None] * total
    failed: list[_Failed] = []
    bar = tqdm(total=total, initial=total - len(futures), desc="partitions", unit="partition", disable=not progress)
    with bar:
        for future in as_completed(futures):
            number = number_of[future.key]
            if future.status == "error":
                error = future.exception()
                message = f"{type(error).__name__}: {' '.join(str(error).split())}"
                failed.append(_Failed(number, inputs[number], message))
            else:
                row = future.result().iloc[0]
                rows = {table: int(row[table]) for table in _layout.TABLES}
                done[number] = _Report(row["key"], bool(row["skipped"]), rows)
            bar.update()
            future.release()
    return done, sorted(failed)


def _write_failures(out: pathlib.Path, failed: list[_Failed]) -> None:
    """Write the failed partitions as error rows (one per input they read), or remove those of an earlier run."""
    path = out / "errors" / _layout.FAILED
    if not failed:
        path.unlink(missing_ok=True)
        return
    rows = [
        (where, f"partition {item.number} failed after its retries ({item.error}); build again to retry it")
        for item in failed
        for where in item.inputs
    ]
    _layout.write_table(pd.DataFrame(rows, columns=["path", "error"]), "errors", path)


def _remove_stale(out: pathlib.Path, keys: set[str]) -> None:
    """Remove the part files of partitions that are not part of this build (an earlier input's); nothing else."""
    for folder in (*_layout.TABLES, _layout.ACTOR_PARTS, _layout.DONE):
        for path in (out / folder).iterdir():
            key = _layout.key_of(path)
            if key is not None and key not in keys:
                path.unlink()


def _actor_parts(out: pathlib.Path, keys: list[str]) -> Iterator[pd.DataFrame]:
    """Yield each partition's ``actors`` summary, in input order, one at a time.

    A partition written before these summaries were kept (an older build being completed) is
    summarised from its mentions here, one partition in memory at a time.
    """
    for key in keys:
        path = _layout.part_path(out, _layout.ACTOR_PARTS, key)
        yield (
            _layout.read_part(out, _layout.ACTOR_PARTS, key)
            if path.exists()
            else _actors.summarise(_layout.read_part(out, "mentions", key))
        )


def _manifest(
    source: Any, extraction: _Extraction, done: list[_Report | None], failed: list[_Failed], actors: dict[str, Any]
) -> dict[str, Any]:
    written = [report for report in done if report is not None]
    rows = {table: sum(report.rows[table] for report in written) for table in _layout.TABLES}
    rows["errors"] += sum(len(item.inputs) for item in failed)
    return {
        "format": _layout.FORMAT,
        "workbench": __version__,
        "source": _describe(source),
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "options": extraction.fingerprint,
        "partitions": [None if report is None else report.key for report in done],
        "failed_partitions": [item.number for item in failed],
        "skipped_partitions": sum(report.skipped for report in written),
        "rows": rows | {"actors": actors["rows"]},
        "actors_file": actors,
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
