"""The partitions of a file input: files grouped, JSON Lines files cut into ranges of lines, row groups split.

A JSON Lines file larger than a partition is cut into ranges of whole lines, one partition each,
so that no task holds the whole file (:mod:`workbench.ondisk._reading` reads each range as
``load()`` reads the whole file). Only UTF-8 is cut (with or without a byte-order mark, which only
the first range holds): ``load()`` picks any other encoding from the whole file's bytes, so a file
that is not UTF-8 throughout is read whole by one task. CSV and TSV files are read whole too: a
quoted value may hold line breaks, so a line end is not always a record's end.

Each partition has a key, a hash of what it reads (each file's path, size and SHA-256) and how, so
that a build finds the partitions it wrote before without reading their input; the files' states
are kept in ``_inputs.json`` so that a file whose size and modification time are unchanged is not
hashed again.
"""

from __future__ import annotations

import codecs
import enum
import hashlib
import os
import pathlib
import stat
import warnings
from collections.abc import Sequence
from typing import BinaryIO, NamedTuple

from workbench import inputs
from workbench._encoding import sniff_binary
from workbench.errors import LoadError

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


def plan(
    source: str | os.PathLike | Sequence[str | os.PathLike], size: int, *, follow_links: bool = False
) -> list[Part]:
    """Group the files of ``source`` into partitions of about ``size`` bytes, in the order ``load()`` reads them.

    Files are grouped up to ``size`` bytes, a larger JSON Lines file is cut into ranges of
    lines of about ``size`` bytes, and Parquet row groups are grouped likewise. A file reached
    through a link that leads out of its folder is a partition of its own that becomes an error
    row, unless ``follow_links``, as in ``load()``.

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
        outside = set() if follow_links else {path for path in found if inputs.link_out_of(path, item)}
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
        return inputs.files_in(item)
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
