"""The input of a build as a Dask dataframe of articles: files grouped, Parquet row groups and DataFrames split.

Every partition is read with the functions :func:`workbench.load` uses (readers, cleaning, ids),
so the articles are those ``load()`` gives. Inputs, or parts of inputs, that cannot be read ride
along as rows that have only ``path`` and ``error``: the build writes them to the ``errors`` table.
"""

from __future__ import annotations

import enum
import math
import os
import pathlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from workbench import loading, schema
from workbench.errors import LoadError
from workbench.readers import Record, read_frame

if TYPE_CHECKING:
    import dask.dataframe as dd

ERROR = "error"
"""Column of the articles partitions that says why an input could not be read (then the row is no article)."""

_META = schema.empty("articles").assign(**{ERROR: pd.Series(dtype=schema.TEXT)})
_PARQUET = ".parquet"
_READ_WHOLE = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson"})
_LARGE_FILE = 256_000_000
"""Bytes from which a file read whole by one task (JSON, JSONL, CSV) gets a warning, when over 4 partitions."""


class PartKind(enum.Enum):
    """How a partition of a file input is read."""

    FILES = "files"
    """Whole files, through the readers :func:`workbench.load` uses."""
    PARQUET = "parquet"
    """A run of row groups of one Parquet file of article records."""


class Part(NamedTuple):
    """One partition of a file input: the files (or one file's row groups) a task reads."""

    kind: PartKind
    paths: tuple[str, ...]
    row_groups: tuple[int, ...] = ()
    first_row: int = 0


@dataclass(frozen=True)
class Reading:
    """How records become articles: the analyst's column names, junk lines and date order, as in ``load()``."""

    columns: dict[str, str] = field(default_factory=dict)
    junk: tuple[str, ...] = ()
    dayfirst: bool | None = None


def articles(source: Any, reading: Reading, size: int) -> tuple[dd.DataFrame, list[tuple[str, ...]]]:
    """Return ``source`` as a Dask dataframe of articles, and the inputs each partition reads.

    Each partition is an ``articles`` table (counts still 0) followed by error rows. Files are
    grouped into partitions of about ``size`` bytes, Parquet row groups likewise, a pandas
    DataFrame is split by its memory size and a Dask dataframe keeps its partitions.
    """
    import dask.dataframe as dd

    if isinstance(source, dd.DataFrame):
        frame = source
    elif isinstance(source, pd.DataFrame):
        pieces = math.ceil(int(source.memory_usage(deep=True).sum()) / size)
        frame = dd.from_pandas(source, npartitions=max(1, min(pieces, len(source))), sort=False)
    else:
        parts = _parts(source, size)
        frame = dd.from_map(_read_part, parts, reading=reading, meta=_META, enforce_metadata=False)
        return frame, [part.paths for part in parts]
    inputs = [(f"<DataFrame> partition {number}",) for number in range(frame.npartitions)]
    return frame.map_partitions(_read_rows, reading=reading, meta=_META, enforce_metadata=False), inputs


def _parts(source: str | os.PathLike | Sequence[str | os.PathLike], size: int) -> list[Part]:
    """Group the files of ``source`` into partitions of about ``size`` bytes, in the order ``load()`` reads them."""
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
    """Return the files ``load()`` would read, or the Parquet files of a folder that holds only those."""
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
    except Exception:  # the task reading it says why, as an error row
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


def _read_part(part: Part, *, reading: Reading) -> pd.DataFrame:
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


def _read_rows(frame: pd.DataFrame, *, reading: Reading) -> pd.DataFrame:
    """Read one partition of a DataFrame of article records into articles and error rows."""
    records, failures = loading.read_records(frame, columns=reading.columns)
    return _articles_of(records, failures, reading)


def _articles_of(records: list[Record], failures: list[loading.Failure], reading: Reading) -> pd.DataFrame:
    """Clean records into articles as ``load()`` does; append the failures as error rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # ambiguous dates, renamed ids: read as load() reads them
        found, problems = loading.records_to_articles(records, failures, junk=reading.junk, dayfirst=reading.dayfirst)
    errors = pd.DataFrame(problems, columns=["path", ERROR])
    rows = schema.conform(errors, "articles").astype({ERROR: schema.TEXT})
    return pd.concat([found.assign(**{ERROR: pd.Series(pd.NA, index=found.index, dtype=schema.TEXT)}), rows])
