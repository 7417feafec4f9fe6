"""Reading the partitions of a build's input into articles, with the functions :func:`workbench.load` uses.

Every partition is read with the readers, cleaning and ids of ``load()``, so the articles are
those ``load()`` gives. Inputs, or parts of inputs, that cannot be read ride along as rows that
have only ``path`` and ``error``: the build writes them to the ``errors`` table.

The ranges of lines of a JSON Lines file (see :func:`workbench.ondisk._input.line_ranges`) are
read as ``load()`` reads the whole file: each range is first scanned on its own (its line count
and the keys of its records), and every range is then read with the keys of the whole file and
the number of its first line (see :class:`_FileLines`). A file that is not UTF-8 throughout is
read whole by the task of its first range, decoded as ``load()`` decodes it.
"""

from __future__ import annotations

import codecs
import itertools
import math
import os
import pathlib
import socket
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from workbench import inputs, schema
from workbench.articles import records_to_articles
from workbench.errors import LoadError
from workbench.ondisk._input import ByteRange, Part, PartKind
from workbench.ondisk._layout import UnsharedPathError
from workbench.readers import Record, read_frame
from workbench.readers.records import Fields, fields_of, join_fields, jsonl_values, records_of

if TYPE_CHECKING:
    import dask.dataframe as dd
    from dask.delayed import Delayed

ERROR = "error"
"""Column of the articles partitions that says why an input could not be read (then the row is no article)."""

_META = schema.empty("articles").assign(**{ERROR: pd.Series(dtype=schema.TEXT)})


@dataclass(frozen=True)
class Reading:
    """How records become articles: the analyst's column names, junk lines and date order, as in ``load()``."""

    columns: dict[str, str] = field(default_factory=dict)
    junk: tuple[str, ...] = ()
    dayfirst: bool | None = None


def is_frame(source: Any) -> bool:
    """Return True when ``source`` is a pandas or Dask dataframe of article records, False for files."""
    import dask.dataframe as dd

    return isinstance(source, pd.DataFrame | dd.DataFrame)


def frame_articles(source: pd.DataFrame | dd.DataFrame, reading: Reading, size: int) -> tuple[dd.DataFrame, list]:
    """Return a dataframe of article records as a Dask dataframe of articles, and what each partition reads.

    Each partition is an ``articles`` table (counts still 0) followed by error rows. A pandas
    DataFrame is split by its memory size and a Dask dataframe keeps its partitions.
    """
    import dask.dataframe as dd

    if isinstance(source, dd.DataFrame):
        frame = source
    else:
        pieces = math.ceil(int(source.memory_usage(deep=True).sum()) / size)
        frame = dd.from_pandas(source, npartitions=max(1, min(pieces, len(source))), sort=False)
    inputs = [(f"<DataFrame> partition {number}",) for number in range(frame.npartitions)]
    return frame.map_partitions(_read_rows, reading=reading, meta=_META, enforce_metadata=False), inputs


def _require_visible(paths: Sequence[str]) -> None:
    """Raise :class:`UnsharedPathError` when this worker cannot see one of ``paths``, which the client listed."""
    for path in paths:
        if not os.path.lexists(path):
            raise UnsharedPathError(
                f"{path} does not exist on the worker at {socket.gethostname()}: every worker needs the input and "
                "output folders at the same absolute path (a shared file system)"
            )


def _read_part(part: Part, *, reading: Reading) -> pd.DataFrame:
    """Read one partition of files into articles and error rows."""
    if part.kind is PartKind.LINK_OUT:
        return _articles_of([], [(part.paths[0], inputs.link_out_problem(part.paths[0]))], reading)
    if part.kind is not PartKind.MISSING:
        _require_visible(part.paths)
    if part.kind in (PartKind.FILES, PartKind.MISSING):
        records, failures = inputs.read_records([pathlib.Path(p) for p in part.paths], columns=reading.columns)
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


class _Scan(NamedTuple):
    """One range of a JSON Lines file, read on its own: its line ends, and the keys of its records."""

    newlines: int
    fields: Fields | None
    """``None`` when the range is not UTF-8 or cannot be parsed line by line (a line nested too deep)."""
    blank: bool
    """Whether every line of the range is blank."""


class _FileLines(NamedTuple):
    """How each range of a JSON Lines file is read so that together they read as the whole file.

    ``fields`` are the keys of the whole file's records, which decide the key of each article
    field (:func:`~workbench.readers.records.records_of`); ``first_lines`` the number of the first
    line of each range, by its start, for error rows and messages that name lines. ``fields`` is
    ``None`` when the file is not all UTF-8, a line is nested too deep to parse, or the file holds
    only blank lines: the task of the first range then reads the whole file as ``load()`` does
    (decoding it as a whole, or reporting it as one error row), and the others read nothing.
    """

    fields: Fields | None
    first_lines: dict[int, int]


def read_tasks(parts: list[Part], reading: Reading, wanted: Collection[int]) -> dict[int, Delayed]:
    """Return a task reading each part whose number is in ``wanted`` into articles and error rows.

    The ranges of a JSON Lines file depend on a scan of all its ranges, which runs only when
    one of them is wanted: a part not wanted is not read at all.
    """
    import dask

    files: list[list[tuple[int, Part]]] = []
    for number, part in enumerate(parts):
        if part.kind is PartKind.LINES and part.span.start > 0:
            files[-1].append((number, part))  # a later range of the file just started
        else:
            files.append([(number, part)])
    tasks = {}
    for group in files:
        if not any(number in wanted for number, _ in group):
            continue
        first = group[0][1]
        if first.kind is not PartKind.LINES:
            tasks[group[0][0]] = dask.delayed(_read_part)(first, reading=reading)
            continue
        path, spans = first.paths[0], [part.span for _, part in group]
        lines = dask.delayed(_file_lines)(spans, [dask.delayed(_scan)(path, span) for span in spans])
        for number, part in group:
            if number in wanted:
                tasks[number] = dask.delayed(_read_lines)(part, lines, reading=reading)
    return tasks


def _range_bytes(path: str, span: ByteRange) -> bytes:
    """Return the bytes of ``span`` of the file ``path``, without a UTF-8 byte-order mark at its start."""
    with open(path, "rb") as file:
        file.seek(span.start)
        data = file.read(span.end - span.start)
    return data[len(codecs.BOM_UTF8) :] if span.start == 0 and data.startswith(codecs.BOM_UTF8) else data


def _scan(path: str, span: ByteRange) -> _Scan:
    """Read one range of a JSON Lines file on its own: its line ends, the keys of its records."""
    _require_visible([path])
    try:
        data = _range_bytes(path, span)
        lines = jsonl_values(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError):  # the whole file is read, and says why
        return _Scan(0, None, blank=False)
    return _Scan(data.count(b"\n"), fields_of(lines.values), not lines.values and not lines.problems)


def _file_lines(spans: list[ByteRange], scans: list[_Scan]) -> _FileLines:
    """Join the scans of a file's ranges into how each range is read."""
    numbers = itertools.accumulate((scan.newlines for scan in scans[:-1]), initial=1)
    first_lines = dict(zip((span.start for span in spans), numbers, strict=True))
    if any(scan.fields is None for scan in scans) or all(scan.blank for scan in scans):
        return _FileLines(None, first_lines)
    return _FileLines(join_fields(scan.fields for scan in scans if scan.fields is not None), first_lines)


def _read_lines(part: Part, lines: _FileLines, *, reading: Reading) -> pd.DataFrame:
    """Read one range of a JSON Lines file into articles and error rows, as a reading of the whole file gives them."""
    path, first = part.paths[0], part.span.start == 0
    if lines.fields is None:
        return _read_part(Part(PartKind.FILES, part.paths), reading=reading) if first else _articles_of([], [], reading)
    text = _range_bytes(path, part.span).decode("utf-8")
    found_lines = jsonl_values(text, first_line=lines.first_lines[part.span.start])
    try:
        found = records_of(found_lines.values, reading.columns, path, fields=lines.fields)
    except LoadError as exc:  # an error of the whole file, raised by every range: the first one reports it
        return _articles_of([], [(path, str(exc))] if first else [], reading)
    problems = [(path, problem) for problem in found_lines.problems + found.problems]
    return _articles_of(found.records, problems, reading)


def _read_rows(frame: pd.DataFrame, *, reading: Reading) -> pd.DataFrame:
    """Read one partition of a DataFrame of article records into articles and error rows."""
    records, failures = inputs.read_records(frame, columns=reading.columns)
    return _articles_of(records, failures, reading)


def _articles_of(records: list[Record], failures: list[inputs.Failure], reading: Reading) -> pd.DataFrame:
    """Clean records into articles as ``load()`` does; append the failures as error rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # ambiguous dates, renamed ids: read as load() reads them
        found, problems = records_to_articles(records, failures, junk=reading.junk, dayfirst=reading.dayfirst)
    errors = pd.DataFrame(problems, columns=["path", ERROR])
    rows = schema.conform(errors, "articles").astype({ERROR: schema.TEXT})
    return pd.concat([found.assign(**{ERROR: pd.Series(pd.NA, index=found.index, dtype=schema.TEXT)}), rows])
