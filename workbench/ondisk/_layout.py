"""Where an on-disk corpus keeps each table, and how a table is written to and read from Parquet."""

from __future__ import annotations

import enum
import hashlib
import json
import os
import pathlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from workbench import schema
from workbench.errors import LoadError, MissingExtraError

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pyarrow as pa
    import pyarrow.compute as pc

FORMAT = 1
"""Version of the on-disk layout; :func:`workbench.ondisk.open_corpus` refuses folders written in another."""

TABLES = ("articles", "sentences", "mentions", "claims", "errors")
"""The tables written once per partition (``actors`` is written once, from all mentions)."""

MANIFEST = "manifest.json"
DONE = "_done"
"""Folder of one small JSON file per partition written: its key, its rows per table, and each part file's
size, rows and SHA-256 (see :func:`record`), so a later build or :func:`check` can tell a damaged file."""
FAILED = "failed.parquet"
"""Error rows of the partitions that failed after their retries, in the ``errors`` folder."""
ACTORS = pathlib.PurePath("actors", "actors.parquet")
ACTOR_PARTS = "_actors"
"""Folder of each partition's own ``actors`` summary, combined into :data:`ACTORS` at the end of a build."""
INPUTS = "_inputs.json"
"""Each input file's size, modification time and SHA-256 as last built, so that a later build of the same
files keys their partitions without reading them (see :func:`workbench.ondisk._input.file_states`)."""


class UnsharedPathError(LoadError):
    """A worker cannot see a folder or file of the build: the workers do not share the client's file system."""


class Problem(enum.Enum):
    """What is wrong with a part file of an on-disk corpus."""

    MISSING = "missing"
    SIZE = "not the size it was written with"
    CHECKSUM = "not the bytes it was written with"
    NO_RECORD = "no record of how it was written (its partition's file in _done is missing or unreadable)"


class Damage(NamedTuple):
    """One damaged part file: its path and what is wrong with it."""

    path: pathlib.Path
    problem: Problem


def record(path: pathlib.Path, rows: int) -> dict[str, int | str]:
    """Return what a part file holds as written: its size in bytes, its rows and the SHA-256 of its bytes."""
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    return {"bytes": path.stat().st_size, "rows": rows, "sha256": digest}


def holds_corpus(path: pathlib.Path) -> bool:
    """Return True when ``path`` is a folder with the manifest of an on-disk corpus (of any layout version)."""
    manifest = read_json(path / MANIFEST) if path.is_dir() else None
    return manifest is not None and "format" in manifest and "partitions" in manifest


def part_folders() -> tuple[str, ...]:
    """Return the folders that hold one file per partition, each recorded in the partition's done-file."""
    return (*TABLES, ACTOR_PARTS)


def done_path(out: pathlib.Path, key: str) -> pathlib.Path:
    """Return the done-file of the partition ``key``."""
    return out / DONE / f"{key}.json"


def read_json(path: pathlib.Path) -> dict | None:
    """Return the JSON object in ``path``, or ``None`` when the file is missing, unreadable or holds no object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_done(out: pathlib.Path, key: str) -> dict | None:
    """Return the done-file of the partition ``key``, or ``None`` when it is missing or cannot be read."""
    done = read_json(done_path(out, key))
    return done if done is not None and isinstance(done.get("files"), dict) else None


def verify(out: pathlib.Path, key: str, *, checksums: bool = True) -> list[Damage]:
    """Return the part files of the partition ``key`` that differ from its done-file's record (none: intact).

    Each file's size is compared, and with ``checksums`` the SHA-256 of its bytes as well (which
    reads every byte; the sizes alone find a truncated or missing file).
    """
    done = read_done(out, key)
    if done is None:
        return [Damage(done_path(out, key), Problem.NO_RECORD)]
    return list(_damaged(out, key, done["files"], checksums=checksums))


def _damaged(out: pathlib.Path, key: str, files: dict, *, checksums: bool) -> Iterator[Damage]:
    for folder in part_folders():
        path = part_path(out, folder, key)
        written = files.get(folder)
        try:
            size = path.stat().st_size
        except OSError:
            yield Damage(path, Problem.MISSING)
            continue
        if written is None:
            yield Damage(path, Problem.NO_RECORD)
        elif size != written["bytes"]:
            yield Damage(path, Problem.SIZE)
        elif checksums and record(path, written["rows"])["sha256"] != written["sha256"]:
            yield Damage(path, Problem.CHECKSUM)


def require_dask() -> None:
    """Raise :class:`MissingExtraError` unless Dask's dataframe and distributed packages import."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(exc.name or "dask", "dask", "An on-disk corpus") from None


def part_path(out: pathlib.Path, table: str, key: str) -> pathlib.Path:
    """Return the file holding ``table``'s rows of the partition ``key``."""
    return out / table / f"part-{key}.parquet"


def key_of(path: pathlib.Path) -> str | None:
    """Return the partition key a part file or a done-file is named by (``None`` for any other file)."""
    name = path.name.removeprefix(".").removesuffix(".partial")
    if path.parent.name == DONE and name.endswith(".json"):
        return name.removesuffix(".json")
    if name.startswith("part-") and name.endswith(".parquet"):
        return name.removeprefix("part-").removesuffix(".parquet")
    return None


def write_table(frame: pd.DataFrame, table: str, path: pathlib.Path) -> None:
    """Write ``table``'s contract columns to ``path`` in its Arrow schema; the file appears whole or not at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = schema.arrow_schema(table)
    data = pa.Table.from_pandas(schema.conform(frame, table)[arrow.names], schema=arrow, preserve_index=False)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(data, partial)
    os.replace(partial, path)


def write_json(path: pathlib.Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path``; the file appears whole or not at all."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    os.replace(partial, path)


def read_part(
    out: pathlib.Path,
    table: str,
    key: str,
    columns: Sequence[str] | None = None,
    where: pc.Expression | None = None,
) -> pd.DataFrame:
    """Return ``table``'s rows of the partition ``key`` as a pandas DataFrame in the contract's dtypes.

    With ``where`` (a ``pyarrow.compute`` expression over the file's columns, see :func:`among`),
    only the rows it holds for are returned: Arrow filters them as it reads, before any row
    becomes a pandas value, which is what makes a slice that keeps a few rows of a partition cheap.

    Raises
    ------
    LoadError
        When the part file cannot be read: the message names it and says how to repair the corpus.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = part_path(out, table, key)
    names = None if columns is None else list(columns)
    try:
        if where is None:  # without Arrow's dataset layer, which a filter needs and a whole read does not
            frame = pq.ParquetFile(path).read(names).to_pandas()
        else:
            frame = pq.read_table(path, columns=names, filters=where).to_pandas()
    except (OSError, pa.ArrowException) as exc:
        raise LoadError(damaged_message(out, path, exc)) from None
    return lists(frame, "actors" if table == ACTOR_PARTS else table)


def read_arrow(out: pathlib.Path, table: str, key: str, columns: Sequence[str] | None = None) -> pa.Table:
    """Return ``columns`` (all by default) of ``table``'s rows of the partition ``key`` in Arrow, without pandas.

    What a slice reads to choose its articles (their ids, their dates): a pandas frame of them
    would cost more to make than the reading.

    Raises
    ------
    LoadError
        When the part file cannot be read: the message names it and says how to repair the corpus.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = part_path(out, table, key)
    try:
        return pq.ParquetFile(path).read(None if columns is None else list(columns))
    except (OSError, pa.ArrowException) as exc:
        raise LoadError(damaged_message(out, path, exc)) from None


def read_rows(out: pathlib.Path, table: str, key: str, ids: pa.Array) -> pa.Table:
    """Return ``table``'s rows of the articles ``ids`` (of the file's Arrow type) of the partition ``key``, in Arrow.

    The file is read whole (:func:`read_arrow`) and filtered in Arrow. The rows stay in Arrow so
    that a slice turns those of many partitions into pandas at once (:func:`frame_of`): each
    conversion has a cost of its own, whatever its rows.
    """
    import pyarrow.compute as pc

    rows = read_arrow(out, table, key)
    return rows.filter(pc.is_in(rows["article_id"], value_set=ids))


def frame_of(rows: Sequence[pa.Table], table: str) -> pd.DataFrame:
    """Return the Arrow ``rows`` of ``table`` (from :func:`read_rows`), one after the other, as one DataFrame."""
    import pyarrow as pa

    kept = [part for part in rows if part.num_rows]
    return lists(pa.concat_tables(kept).to_pandas(), table) if kept else schema.empty(table)


def among(table: str, column: str, values: Iterable[str]) -> pc.Expression:
    """Return the filter "``column`` is one of ``values``" for :func:`read_part` of ``table``.

    The values take the column's Arrow type, so an empty ``values`` keeps no row (rather than
    failing on a set of no type). A Series of Arrow strings (a column read from a part) is
    handed over as its Arrow array, without making a Python string of each value.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = schema.arrow_schema("actors" if table == ACTOR_PARTS else table).field(column).type
    given = values.array if isinstance(values, pd.Series) else list(values)
    return pc.field(column).isin(pa.array(given, type=kind, from_pandas=True))


def damaged_message(out: pathlib.Path, path: pathlib.Path, exc: Exception) -> str:
    """Return the message for a part file that cannot be read: which file, why, and how to repair the corpus."""
    return (
        f"{path} cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())}): the corpus in {out} is "
        f"damaged. 'workbench check {out}' lists every damaged part; 'workbench build SOURCE --out {out} --repair' "
        "rebuilds them from the input."
    )


def read_table(out: pathlib.Path, table: str, keys: Sequence[str]) -> dd.DataFrame:
    """Return a Dask dataframe over ``table``'s part files of ``keys``, in input order, in the contract's dtypes."""
    import dask.dataframe as dd

    files = [str(part_path(out, table, key)) for key in keys]
    if table == "errors" and (out / table / FAILED).exists():
        files.append(str(out / table / FAILED))
    if not files:
        return dd.from_pandas(schema.empty(table), npartitions=1)
    frame = dd.read_parquet(files)
    if _list_columns(table):
        frame = frame.map_partitions(lists, table, meta=schema.empty(table))
    return frame


def _list_columns(table: str) -> list[str]:
    return [name for name, dtype in schema.TABLES[table].items() if dtype == schema.LIST]


def lists(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with the list columns it holds as Python lists, as in memory (Parquet gives NumPy arrays)."""
    names = [name for name in _list_columns(table) if name in frame.columns]
    if not names:
        return frame
    return frame.assign(**{name: [list(value) for value in frame[name]] for name in names})
