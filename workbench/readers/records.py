"""Readers for tables of articles: DataFrames, CSV, JSON and JSON Lines, one article per record.

Fields are found by common column names (``text``/``body``/``content``..., ``title``/``headline``,
``date``/``published``..., see :data:`~workbench.readers._base.FIELDS`) unless ``columns`` names
them. Each record keeps its place in the input (``where``) so errors can point at it.
"""

from __future__ import annotations

import io
import json
import pathlib
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from workbench._encoding import decode
from workbench.errors import LoadError
from workbench.readers._base import Found, Record, match_columns

_CONTAINER_KEYS = ("articles", "items", "records", "documents", "data", "results")
"""Keys of a JSON object that may hold the list of articles."""


def read_frame(frame: pd.DataFrame, *, columns: Mapping[str, str], path: str | None = None) -> Found:
    """Read a DataFrame with one article per row; rows are named by their index label."""
    mapping = match_columns(frame.columns, columns)
    labels = [f"row {label}" for label in frame.index]
    return Found(_records(zip(labels, _rows(frame, mapping), strict=True), mapping, path), [])


def read_csv(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a CSV (or TSV) file with a header line; the delimiter is detected."""
    text, problems = _decoded(path)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=_delimiter(text, path), dtype=str, keep_default_na=False, na_values=[""]
        )
    except ValueError as exc:
        raise LoadError(f"not a readable CSV file ({_one_line(exc)})") from None
    if frame.empty:
        raise LoadError(f"no records: the file holds only the header {list(frame.columns)}")
    frame.index = range(1, len(frame) + 1)
    mapping = match_columns(frame.columns, columns)
    labels = [f"record {n}" for n in frame.index]
    return Found(_records(zip(labels, _rows(frame, mapping), strict=True), mapping, str(path)), problems)


def read_json(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a JSON file holding a list of records, or an object with an ``articles`` list."""
    text, problems = _decoded(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict):
        data = next((data[key] for key in _CONTAINER_KEYS if isinstance(data.get(key), list)), [data])
    if not isinstance(data, list):
        raise LoadError('expected a list of article records or {"articles": [...]}, found a single value')
    found = _from_objects(((f"record {n}", item) for n, item in enumerate(data, 1)), columns, str(path))
    return Found(found.records, problems + found.problems)


def read_jsonl(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a JSON Lines file, one record per line; a broken line is reported and the rest load."""
    text, problems = _decoded(path)
    items = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            items.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc.msg} at column {exc.colno}); the other lines loaded")
    found = _from_objects(items, columns, str(path))
    return Found(found.records, problems + found.problems)


def _rows(frame: pd.DataFrame, mapping: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return the rows of the mapped columns (and ``path``) as dicts; faster than ``to_dict``."""
    names = list(dict.fromkeys([*mapping.values(), *(["path"] if "path" in frame.columns else [])]))
    columns = [frame[name].tolist() for name in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _from_objects(items: Iterable[tuple[str, Any]], columns: Mapping[str, str], path: str) -> Found:
    objects, problems = [], []
    for where, item in items:
        if isinstance(item, dict):
            objects.append((where, item))
        else:
            problems.append(f"{where}: expected an object with the article's fields, found {type(item).__name__}")
    if not objects:
        if problems:
            return Found([], problems)
        raise LoadError("no records: the file holds an empty list")
    names = list(dict.fromkeys(key for _, item in objects for key in item))
    return Found(_records(objects, match_columns(names, columns), path), problems)


def _records(rows: Iterable[tuple[str, Mapping[str, Any]]], mapping: Mapping[str, str], path: str | None) -> list:
    records: list[Record] = []
    for where, row in rows:
        record: Record = {field: _value(field, row.get(column)) for field, column in mapping.items()}
        record["path"] = row.get("path") if path is None else path
        record["where"] = where
        records.append(record)
    return records


def _value(field: str, value: Any) -> Any:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value) or None
    if value is None or pd.isna(value):
        return None
    if field == "text":
        return str(value)
    if field == "published":
        return epoch_date(value)
    if field == "id" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def epoch_date(value: Any) -> Any:
    """Turn a Unix time stamp (seconds or milliseconds, number or digits) into a time stamp.

    Any other value is returned as is, for :func:`workbench.schema.conform` to parse; a value
    that is not a date becomes ``NaT`` there.
    """
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) in (10, 13):
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        unit = "ms" if abs(value) > 1e11 else "s"
        try:
            return pd.Timestamp(value, unit=unit)
        except (ValueError, OverflowError):
            return None
    return value


def _decoded(path: pathlib.Path) -> tuple[str, list[str]]:
    decoded = decode(path.read_bytes())
    return decoded.text, [decoded.note] if decoded.note else []


def _delimiter(text: str, path: pathlib.Path) -> str:
    """Pick the delimiter the header line uses most (European spreadsheets write ``;``)."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = text[: text.find("\n")] if "\n" in text else text
    return max(",;\t|", key=header.count) if any(d in header for d in ";\t|") else ","


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
