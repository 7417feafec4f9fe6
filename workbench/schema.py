"""The table contract: every table's columns and dtypes, stated once.

Column names here are public: tests, notebooks and users rely on them. Text columns use
pandas' nullable ``string`` dtype, counts ``int64``, optional numbers ``Int64`` and dates
``datetime64[ns]`` (naive UTC; missing dates are ``NaT``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from workbench.errors import SchemaError

if TYPE_CHECKING:
    import pyarrow as pa

TEXT = "string"
COUNT = "int64"
OPTIONAL_COUNT = "Int64"
FLAG = "bool"
DATE = "datetime64[ns]"
LIST = "object"
"""A column of tuples (``claims.sentence_ids``): ``explode`` gives one row per item, and unlike lists
tuples keep the table hashable (``drop_duplicates``, ``groupby``)."""

TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": TEXT,
        "title": TEXT,
        "source": TEXT,
        "published": DATE,
        "url": TEXT,
        "author": TEXT,
        "path": TEXT,
        "text": TEXT,
        "n_sentences": COUNT,
        "n_paragraphs": COUNT,
        "dateline_place": TEXT,
        "file_created": DATE,
    },
    "sentences": {
        "sentence_id": TEXT,
        "article_id": TEXT,
        "paragraph": COUNT,
        "position": COUNT,
        "text": TEXT,
        "start": COUNT,
        "end": COUNT,
        "hedged": FLAG,
    },
    "mentions": {
        "article_id": TEXT,
        "sentence_id": TEXT,
        "actor": TEXT,
        "actor_type": TEXT,
        "surface": TEXT,
        "start": COUNT,
        "end": COUNT,
        "code": TEXT,
        "corrected": FLAG,
    },
    "actors": {
        "actor": TEXT,
        "actor_type": TEXT,
        "code": TEXT,
        "n_mentions": COUNT,
        "n_sentences": COUNT,
        "n_articles": COUNT,
        "aliases": TEXT,
        "corrected": FLAG,
    },
    "claims": {
        "claim_id": TEXT,
        "article_id": TEXT,
        "sentence_id": TEXT,
        "source": TEXT,
        "source_actor": TEXT,
        "cue": TEXT,
        "content": TEXT,
        "hedged": FLAG,
        "source_start": OPTIONAL_COUNT,
        "source_end": OPTIONAL_COUNT,
        "cue_start": OPTIONAL_COUNT,
        "cue_end": OPTIONAL_COUNT,
        "content_start": OPTIONAL_COUNT,
        "content_end": OPTIONAL_COUNT,
        "sentence_ids": LIST,
        "about": LIST,
        "cue_type": TEXT,
        "corrected": FLAG,
    },
    "errors": {
        "path": TEXT,
        "error": TEXT,
    },
}
"""Columns and dtypes of each table, in display order. Offsets index ``articles.text``.

``corrected`` is True on a row an analyst's correction changed or added (see :mod:`workbench.corrections`)."""

ID_COLUMNS: dict[str, str] = {
    "articles": "article_id",
    "sentences": "sentence_id",
    "claims": "claim_id",
    "actors": "actor",
}
"""The column that identifies a row, for tables that have one."""


def arrow_schema(table: str) -> pa.Schema:
    """Return the Arrow schema of ``table``'s contract columns, for Parquet files that read back to its dtypes.

    Every part file of a table written with this schema has the same column types, even a part
    with no rows (whose ``object`` columns Arrow could not type). Read back with pandas (or Dask),
    each column has its dtype of :data:`TABLES` again; list columns come back as arrays of strings.
    """
    import pyarrow as pa

    types = {
        TEXT: pa.large_string(),
        COUNT: pa.int64(),
        OPTIONAL_COUNT: pa.int64(),
        FLAG: pa.bool_(),
        DATE: pa.timestamp("ns"),
        LIST: pa.list_(pa.large_string()),
    }
    return pa.schema([(name, types[dtype]) for name, dtype in _columns(table).items()])


def _columns(table: str) -> dict[str, str]:
    try:
        return TABLES[table]
    except KeyError:
        raise SchemaError(f"Unknown table {table!r}: the tables are {', '.join(TABLES)}.") from None


def empty(table: str) -> pd.DataFrame:
    """Return an empty DataFrame with the columns and dtypes of ``table``."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _columns(table).items()})


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with the contract columns of ``table`` first, cast to their dtypes.

    Contract columns that are absent are added empty (missing, ``False`` or 0); extra columns are kept
    after them, so callers may enrich a table without breaking it. Columns that already have their
    dtype are not copied, so conforming a conformed table is cheap.
    """
    columns = _columns(table)
    given = {name: _cast(frame[name], columns[name]) if name in columns else frame[name] for name in frame.columns}
    return _assemble(given, columns, frame.index).reset_index(drop=True)


def from_rows(rows: Sequence[tuple], names: Sequence[str], table: str) -> pd.DataFrame:
    """Build ``table`` from row tuples whose fields are ``names``: the contract columns in their dtypes.

    The same table as ``conform(pd.DataFrame(rows, columns=names), table)``; text columns go straight
    to the contract's ``string`` dtype instead of through pandas' default ``str``.
    """
    contract = _columns(table)
    values = zip(*rows, strict=True) if rows else [()] * len(names)
    given = {name: _column(column, contract.get(name)) for name, column in zip(names, values, strict=True)}
    return _assemble(given, contract, pd.RangeIndex(len(rows)))  # the columns already have their dtypes


def _assemble(given: dict, contract: dict[str, str], index: pd.Index) -> pd.DataFrame:
    """Return the table of ``given`` columns (in their dtypes): the contract's first, absent ones empty, then others."""
    data = {
        name: given[name] if name in given else pd.Series(_MISSING.get(dtype, pd.NA), index=index, dtype=dtype)
        for name, dtype in contract.items()
    }
    data |= {name: column for name, column in given.items() if name not in contract}
    return pd.DataFrame(data, index=index)


def _column(values: Sequence, dtype: str | None) -> pd.Series | pd.api.extensions.ExtensionArray | np.ndarray:
    """Return ``values`` as a column of ``dtype``; text goes straight to its dtype, not through ``str``.

    Counts and flags that numpy reads as that dtype at once (plain ``int`` or ``bool`` values) are
    its array, the values ``pd.Series(values)`` cast to ``dtype`` would hold, without pandas'
    inference (a fifth of the time).
    """
    if dtype == TEXT:
        return pd.array(values, dtype=TEXT)
    if dtype in _NUMPY:
        array = np.asarray(values)
        if array.ndim == 1 and array.dtype == _NUMPY[dtype]:
            return array
    series = pd.Series(values)
    return series if dtype is None else _cast(series, dtype)


_NUMPY = {COUNT: np.dtype(np.int64), FLAG: np.dtype(np.bool_)}


_MISSING = {FLAG: False, COUNT: 0, DATE: pd.NaT}


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    if series.dtype == pandas_dtype(dtype):  # exact: the "str" dtype compares equal to the string "string"
        return series
    if dtype == DATE:
        parsed = pd.to_datetime(series, errors="coerce", utc=True, format="mixed")
        return parsed.dt.tz_localize(None).astype(DATE)
    if dtype == FLAG:
        return series.astype(object).where(series.notna(), False).astype(FLAG)  # NaN of a float column too
    return series.astype(dtype)


def validate(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check that ``frame`` has the contract columns of ``table``; return it unchanged.

    Raises
    ------
    SchemaError
        Naming the missing columns and the table they belong to.
    """
    missing = [name for name in _columns(table) if name not in frame.columns]
    if missing:
        raise SchemaError(
            f"The {table} table lacks the columns {missing}; build it with workbench.load() "
            f"or pass it through workbench.schema.conform(frame, {table!r})."
        )
    return frame
