"""Where an on-disk corpus keeps each table, and how a table is written to and read from Parquet."""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from workbench import schema
from workbench.errors import MissingExtraError

if TYPE_CHECKING:
    import dask.dataframe as dd

FORMAT = 1
"""Version of the on-disk layout; :func:`workbench.ondisk.open_corpus` refuses folders written in another."""

TABLES = ("articles", "sentences", "mentions", "claims", "errors")
"""The tables written once per partition (``actors`` is written once, from all mentions)."""

MANIFEST = "manifest.json"
DONE = "_done"
"""Folder of one small JSON file per partition written: its key and its rows per table."""
FAILED = "failed.parquet"
"""Error rows of the partitions that failed after their retries, in the ``errors`` folder."""
ACTORS = pathlib.PurePath("actors", "actors.parquet")
ACTOR_PARTS = "_actors"
"""Folder of each partition's own ``actors`` summary, combined into :data:`ACTORS` at the end of a build."""


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


def read_part(out: pathlib.Path, table: str, key: str) -> pd.DataFrame:
    """Return ``table``'s rows of the partition ``key`` as a pandas DataFrame in the contract's dtypes."""
    return lists(pd.read_parquet(part_path(out, table, key)), table)


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
    """Return ``frame`` with its list columns as Python lists, as in memory (Parquet gives NumPy arrays)."""
    names = _list_columns(table)
    if not names:
        return frame
    return frame.assign(**{name: [list(value) for value in frame[name]] for name in names})
