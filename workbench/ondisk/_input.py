"""The input of a build as a Dask dataframe of articles: files grouped; JSON Lines, row groups and DataFrames split.

Every partition is read with the functions :func:`workbench.load` uses (readers, cleaning, ids),
so the articles are those ``load()`` gives. Inputs, or parts of inputs, that cannot be read ride
along as rows that have only ``path`` and ``error``: the build writes them to the ``errors`` table.

A JSON Lines file larger than a partition is cut into ranges of whole lines, one partition each,
so that no task holds the whole file. A range is read as ``load()`` reads the whole file: each
range is first scanned on its own (its line count and the keys of its records), and every range
is then read with the keys of the whole file and the number of its first line (see
:class:`_FileLines`). Only UTF-8 is cut (with or without a byte-order mark, which only the first
range holds): ``load()`` picks any other encoding from the whole file's bytes, so a file that is
not UTF-8 throughout is read whole by one task, decoded as ``load()`` decodes it. CSV and TSV files
are read whole too: a quoted value may hold line breaks, so a line end is not always a record's end.
"""

from __future__ import annotations

import codecs
import enum
import hashlib
import itertools
import math
import os
import pathlib
import socket
import stat
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

import pandas as pd

from workbench import loading, schema
from workbench._encoding import sniff_binary
from workbench.errors import LoadError
from workbench.ondisk._layout import UnsharedPathError
from workbench.readers import Record, read_frame
from workbench.readers.records import Fields, fields_of, join_fields, jsonl_values, records_of

if TYPE_CHECKING:
    import dask.dataframe as dd
    from dask.delayed import Delayed

ERROR = "error"
"""Column of the articles partitions that says why an input could not be read (then the row is no article)."""

_META = schema.empty("articles").assign(**{ERROR: pd.Series(dtype=schema.TEXT)})
_PARQUET = ".parquet"
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_WHOLE_BECAUSE = {
    ".csv": "a quoted CSV value may hold line breaks, so the file cannot be cut at line ends",
    ".tsv": "a quoted value may hold line breaks, so the file cannot be cut at line ends",
    ".json": "a JSON document is parsed whole",
    ".jsonl": "it is not UTF-8 text, so it cannot be cut at line ends",
    ".ndjson": "it is not UTF-8 text, so it cannot be cut at line ends",
}
"""Why a file of each kind is read whole by one task (a JSON Lines file only when it is not UTF-8)."""
_LARGE_FILE = 256_000_000
"""Bytes from which a file read whole by one task (JSON, CSV, JSON Lines not in UTF-8) gets a warning,
when over 4 partitions."""
_HEAD = 1 << 16
"""Bytes at the start of a JSON Lines file that tell whether it is UTF-8 (and neither UTF-16 nor binary)."""
_CHUNK = 1 << 16
"""Bytes read at a time when looking for the line end that closes a range."""


class PartKind(enum.Enum):
    """How a partition of a file input is read."""

    FILES = "files"
    """Whole files, through the readers :func:`workbench.load` uses."""
    PARQUET = "parquet"
    """A run of row groups of one Parquet file of article records."""
    LINES = "lines"
    """A range of whole lines of one JSON Lines file in UTF-8."""
    LINK_OUT = "link out"
    """A file of a folder reached through a link that leads outside the folder: not read, an error row."""
    MISSING = "missing"
    """A listed path that does not exist where the build was started: read as ``load()`` reads it, an error row."""


class ByteRange(NamedTuple):
    """Bytes ``start`` (included) to ``end`` (excluded) of a file."""

    start: int
    end: int


class Part(NamedTuple):
    """One partition of a file input: the files (or one file's row groups, or range of lines) a task reads."""

    kind: PartKind
    paths: tuple[str, ...]
    row_groups: tuple[int, ...] = ()
    first_row: int = 0
    span: ByteRange = ByteRange(0, 0)


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


class FileState(NamedTuple):
    """What an input file is: its size, modification time and the SHA-256 of its bytes."""

    bytes: int
    mtime_ns: int
    sha256: str


def file_states(parts: Sequence[Part], known: dict[str, FileState]) -> dict[str, FileState]:
    """Return the state of every file ``parts`` read, hashing only those not as ``known`` records them.

    A file whose size and modification time (in nanoseconds) are those ``known`` holds keeps its
    recorded hash without a byte read, as ``make`` and ``rsync`` trust them; any other file is
    hashed, so one touched but unchanged keeps its partitions. A file that cannot be read has no
    state (its partition reads it and reports why).
    """
    states: dict[str, FileState] = {}
    for part in parts:
        if part.kind not in (PartKind.FILES, PartKind.PARQUET, PartKind.LINES):
            continue
        for path in part.paths:
            if path not in states and (state := _state(path, known.get(path))) is not None:
                states[path] = state
    return states


def _state(path: str, known: FileState | None) -> FileState | None:
    try:
        found = os.stat(path)
        if known is not None and (known.bytes, known.mtime_ns) == (found.st_size, found.st_mtime_ns):
            return known
        with open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
    return FileState(found.st_size, found.st_mtime_ns, digest)


def part_key(number: int, part: Part, states: dict[str, FileState], fingerprint: str) -> str:
    """Return the key of the partition ``number``: its position and a hash of what it reads and how.

    What it reads is each file's absolute path, size and SHA-256 (a JSON Lines range or a run of
    Parquet row groups depends on its whole file), with the range or row groups; how is
    ``fingerprint``, the build's options. The same input gives the same keys however its path was
    typed, and a file only touched keeps its keys (its modification time only says whether its
    recorded hash still holds; see :func:`file_states`).
    """
    described = (fingerprint, part.kind.value, part.paths, part.row_groups, part.first_row, tuple(part.span))
    files = [(states[path].bytes, states[path].sha256) if path in states else None for path in part.paths]
    return f"{number:05d}-{hashlib.sha256(repr((described, files)).encode()).hexdigest()[:16]}"


def plan(source: str | os.PathLike | Sequence[str | os.PathLike], size: int) -> list[Part]:
    """Group the files of ``source`` into partitions of about ``size`` bytes, in the order ``load()`` reads them.

    Files are grouped up to ``size`` bytes, a larger JSON Lines file is cut into ranges of
    lines of about ``size`` bytes, and Parquet row groups are grouped likewise.

    Paths are made absolute first: workers started in another folder read the same files, and
    the same input typed as a relative or an absolute path gives the same partitions.
    """
    single = isinstance(source, str | os.PathLike)
    files: list[pathlib.Path] = []
    parts: list[Part] = []
    for item in [os.path.abspath(os.path.expanduser(given)) for given in ([source] if single else list(source))]:
        try:
            found = _files_in(item)
        except LoadError:
            if single:
                raise
            if not os.path.lexists(item):
                parts.append(Part(PartKind.MISSING, (item,)))
                continue
            found = [pathlib.Path(item)]  # read as a file, it becomes an error row as in load()
        outside = {path for path in found if loading.link_out_of(path, item)}  # error rows, as in load()
        parts += [Part(PartKind.LINK_OUT, (str(path),)) for path in found if path in outside]
        files += [path for path in found if path not in outside]
    group: list[str] = []
    held = 0
    for path in files:
        suffix, bytes_ = path.suffix.lower(), _size(path)
        split = suffix == _PARQUET or (bytes_ > size and suffix in _JSON_LINES and _utf8_head(path))
        if group and (split or held + bytes_ > size):
            parts.append(Part(PartKind.FILES, tuple(group)))
            group, held = [], 0
        if suffix == _PARQUET:
            parts += _parquet_parts(path, size)
        elif split:
            parts += [Part(PartKind.LINES, (str(path),), span=span) for span in line_ranges(path, size)]
        else:
            group.append(str(path))
            held += bytes_
        if not split and bytes_ > max(4 * size, _LARGE_FILE) and suffix in _WHOLE_BECAUSE:
            warnings.warn(
                f"{path} holds {bytes_ / 1e6:,.0f} MB, read whole by one task ({_WHOLE_BECAUSE[suffix]}): "
                f"to keep each worker's memory bounded, convert it to JSON Lines in UTF-8 (one article per "
                f"line) or to Parquet, which the build splits, or split it into files of about {size / 1e6:,.0f} MB",
                stacklevel=3,
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


def _utf8_head(path: pathlib.Path) -> bool:
    r"""Tell whether ``path`` is a regular file whose first bytes are UTF-8 text, so it may be cut at line ends.

    A UTF-16 or UTF-32 file (a byte-order mark, or NUL bytes) has line ends that are not the
    byte ``\n``, and a file that looks binary or starts in another encoding is decoded whole by the
    reader: these are read whole by one task. The rest of the file is checked when it is read.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as file:
            head = file.read(_HEAD)
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
    except (OSError, UnicodeDecodeError):
        return False
    return (
        not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and b"\x00" not in head
        and (sniff_binary(head) is None)
    )


def line_ranges(path: pathlib.Path, size: int) -> list[ByteRange]:
    r"""Cut the file ``path`` into ranges of whole lines of about ``size`` bytes, which cover every byte once.

    Each range but the last ends just after the first ``\n`` at or after its ``size``-th byte (so
    it holds at least ``size`` bytes, more when a line runs on past them) and the next one starts
    there; the last ends with the file. Only the bytes around each range's end are read.
    """
    total = _size(path)
    starts = [0]
    with path.open("rb") as file:
        while starts[-1] + size < total:
            file.seek(starts[-1] + size - 1)
            end = _after_line_end(file)
            if end is None or end >= total:
                break
            starts.append(end)
    return [ByteRange(start, end) for start, end in zip(starts, [*starts[1:], total], strict=True)]


def _after_line_end(file: BinaryIO) -> int | None:
    r"""Return the offset just after the next ``\n`` from the position of ``file``, or ``None`` when there is none."""
    while chunk := file.read(_CHUNK):
        at = chunk.find(b"\n")
        if at >= 0:
            return file.tell() - len(chunk) + at + 1
    return None


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
        return _articles_of([], [(part.paths[0], loading.link_out_problem(part.paths[0]))], reading)
    if part.kind is not PartKind.MISSING:
        _require_visible(part.paths)
    if part.kind in (PartKind.FILES, PartKind.MISSING):
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
