"""Building an on-disk corpus: one Dask task per partition extracts and writes its tables, then the actors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pathlib
import sys
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbench import __version__, inputs, schema
from workbench import actors as _actors
from workbench.errors import LoadError
from workbench.ondisk import _input, _layout, _reading
from workbench.ondisk._open import OnDiskCorpus, open_corpus
from workbench.ondisk._partition import REPORT_META, Extraction, Report, build_part, hash_frame
from workbench.ondisk._run import Failed, actor_parts, build_files, connect, remove_stale, run, write_failures

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client

DEFAULT_PARTITION_SIZE = "16MB"
"""Input bytes per partition: a worker peaks at about 20 times this while extracting."""


def build_corpus(
    source: inputs.Source | dd.DataFrame,
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
    follow_links: bool = False,
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
    follow_links
        As for :func:`workbench.load`: a file of a folder reached through a symbolic link that
        leads outside the folder is an error row naming where the link leads, unless this is
        true, when it is read like the other files.

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
    reading = _reading.Reading(dict(columns or {}), tuple(junk), dayfirst)
    extraction = _extraction(actors, ner, reading)
    size = _bytes(partition_size)
    if repair:
        from workbench.ondisk._check import check_corpus

        _same_options(out, extraction)
        if check_corpus(out).ok:
            return open_corpus(out)
    parts = None if _reading.is_frame(source) else _input.plan(source, size, follow_links=follow_links)
    with (
        dask.config.set({"dataframe.convert-string": False}),  # keep object columns (lists, mixed dates) as they are
        connect(client, workers, threads, timeout) as active,
        active.as_current(),
    ):
        for folder in (*_layout.TABLES, "actors", _layout.ACTOR_PARTS, _layout.DONE):
            (out / folder).mkdir(parents=True, exist_ok=True)
        if progress:
            print(f"Dask dashboard: {active.dashboard_link}", file=sys.stderr)
        if parts is None:
            articles, inputs = _reading.frame_articles(source, reading, size)
            shared = dask.delayed(extraction)
            reports = articles.map_partitions(
                build_part, out=str(out), extraction=shared, meta=REPORT_META, align_dataframes=False
            )
            done, failed = run(active, dict(enumerate(reports.to_delayed())), inputs, retries, progress)
        else:
            done, failed, inputs = build_files(active, parts, out, reading, extraction, retries, progress)
        keys = [report.key for report in done if report is not None]
        write_failures(out, failed)
        remove_stale(out, set(keys))
    actors_table = _actors.combine(actor_parts(out, keys))
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


def _same_options(out: pathlib.Path, extraction: Extraction) -> None:
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
    actors: str | os.PathLike | pd.DataFrame | None, ner: str | Callable[..., Any] | None, reading: _reading.Reading
) -> Extraction:
    """Return what every partition extracts with, and a fingerprint of everything that shapes the tables."""
    dictionary = _actors.dictionary_for(actors)
    names = _actors.ner.finder(ner)
    words = "" if dictionary is None else hash_frame(dictionary.to_frame())
    finder = ner if isinstance(ner, str) or ner is None else getattr(ner, "__qualname__", type(ner).__qualname__)
    options = [__version__, _layout.FORMAT, words, finder, sorted(reading.columns.items()), reading.junk]
    options.append(reading.dayfirst)
    return Extraction(dictionary, names, hashlib.sha256(repr(options).encode()).hexdigest())


def _bytes(size: int | str) -> int:
    from dask.utils import parse_bytes

    try:
        value = parse_bytes(size) if isinstance(size, str) else int(size)
    except ValueError:
        value = 0
    if value < 1:
        raise LoadError(f"partition_size={size!r} is not a size: give bytes, or a text such as '16MB'.")
    return value


def _manifest(
    source: Any, extraction: Extraction, done: list[Report | None], failed: list[Failed], actors: dict[str, Any]
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
