"""Readers for tables of articles: DataFrames, CSV, JSON and JSON Lines, one article per record.

Fields are found by common column names (``text``/``body``/``content``..., ``title``/``headline``,
``date``/``published``..., see :data:`~workbench.readers._base.FIELDS`) unless ``columns`` names
them. Each record keeps its place in the input (``where``) so errors can point at it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import numbers
import pathlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from workbench._encoding import decode
from workbench.errors import LoadError
from workbench.readers._base import Found, Record, match_columns, read_bytes
from workbench.readers._byline import settle

_CONTAINER_KEYS = ("articles", "items", "records", "documents", "data", "results")
"""Keys of a JSON object that may hold the list of articles."""


def read_frame(frame: pd.DataFrame, *, columns: Mapping[str, str], path: str | None = None) -> Found:
    """Read a DataFrame with one article per row; rows are named by their index label.

    Raises
    ------
    LoadError
        When no column holds the text, or a field's column appears twice.
    """
    mapping = match_columns(frame.columns, columns)
    labels = [f"row {label}" for label in frame.index]
    return _records(zip(labels, _rows(frame, mapping), strict=True), mapping, path)


def read_csv(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a CSV (or TSV) file with a header line; the delimiter is detected.

    The first column is never taken as an index: a record with more fields than the header (an
    unquoted delimiter in the text, most often), a NUL byte or broken quoting is reported by its
    line and the other records load. Records are named by the line they start on.
    """
    text, problems = _decoded(path)
    delimiter = _delimiter(text, path)
    with _field_size_limit(len(text) + 1):
        lines = (line for line in _csv_lines(text, delimiter) if line.fields != [])
        header = next(lines, None)
        if header is None or header.error is not None:
            raise LoadError(f"not a readable CSV file ({header.error if header else 'no header line'})")
        mapping = match_columns(header.fields, columns)
        wanted = list(dict.fromkeys([*mapping.values(), *(["path"] if "path" in header.fields else [])]))
        places = {name: header.fields.index(name) for name in wanted}
        rows: list[tuple[str, dict[str, Any]]] = []
        for line in lines:
            problem = line.error or _csv_problem(line.fields, len(header.fields), delimiter)
            if problem is not None:
                problems.append(f"line {line.first}: {problem}")
                continue
            values = {name: line.fields[at] if at < len(line.fields) else "" for name, at in places.items()}
            rows.append((f"line {line.first}", {name: value or None for name, value in values.items()}))
    if not rows and not problems:
        raise LoadError(f"no records: the file holds only the header {header.fields}")
    found = _records(rows, mapping, str(path))
    return Found(found.records, problems + found.problems)


class _CsvLine(NamedTuple):
    """One record of a CSV file: the lines it spans, and its fields or why they could not be read."""

    first: int
    last: int
    fields: list[str] | None
    error: str | None = None


def _csv_lines(text: str, delimiter: str) -> Iterator[_CsvLine]:
    """Yield the records of CSV ``text``; broken quoting becomes an error on the record, not the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        first = last + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = reader.line_num
            if "unexpected end of data" in str(exc):
                error = f"a quoted value opens here and never closes, so lines {first}-{last} were not loaded"
            else:
                error = f"broken quoting ({exc}); quote the whole value and double the quotes inside it"
            yield _CsvLine(first, last, None, error)
            continue
        last = reader.line_num
        yield _CsvLine(first, last, fields)


def _csv_problem(fields: list[str], width: int, delimiter: str) -> str | None:
    """Say why a record cannot be read as one article: more fields than the header, or a NUL byte."""
    if len(fields) > width:
        return (
            f"{len(fields)} fields where the header has {width}; "
            f"put quotes around values that hold the delimiter {delimiter!r}"
        )
    if any("\x00" in field for field in fields):
        return "a NUL byte (the file is damaged here); re-export the record or remove the byte"
    return None


@contextlib.contextmanager
def _field_size_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields up to ``size`` characters (its default stops at 128 KB)."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(size, before))
    try:
        yield
    finally:
        csv.field_size_limit(before)


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
    found = records_of([(f"record {n}", item) for n, item in enumerate(data, 1)], columns, str(path))
    return Found(found.records, problems + found.problems)


def read_jsonl(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a JSON Lines file, one record per line; a broken line is reported and the rest load."""
    text, problems = _decoded(path)
    lines = jsonl_values(text)
    found = records_of(lines.values, columns, str(path))
    return Found(found.records, problems + lines.problems + found.problems)


class Lines(NamedTuple):
    """The values of JSON Lines text, each named by its line ("line 3"), and why other lines were not read."""

    values: list[tuple[str, Any]]
    problems: list[str]


def jsonl_values(text: str, *, first_line: int = 1) -> Lines:
    r"""Parse JSON Lines ``text``: each line that is not blank holds one value.

    Lines are cut at ``\n`` only (a ``\r`` before it is JSON white space) and numbered from
    ``first_line``, the number of the text's first line in its file, so that a range of a file's
    lines names them as a reading of the whole file does.

    Raises
    ------
    RecursionError
        When a line nests arrays or objects deeper than Python's recursion limit.
    """
    values: list[tuple[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(text.split("\n"), first_line):
        if not line.strip():
            continue
        try:
            values.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc.msg} at column {exc.colno}); the other lines loaded")
    return Lines(values, problems)


class Fields(NamedTuple):
    """What the values of an input hold: the keys that decide which key holds each article field.

    A field's key is picked among the keys of every object of the input, so a part of an input
    (a range of its lines) is read as the whole input is only with the fields of the whole.
    """

    names: tuple[str, ...]
    """The keys of the objects, in the order first met."""
    objects: bool
    """Whether any value is an object (an article record)."""
    values: bool
    """Whether there is any value at all."""


def fields_of(values: Iterable[tuple[str, Any]]) -> Fields:
    """Return the fields of ``(where, value)`` pairs, as :func:`records_of` reads them."""
    values = list(values)
    objects = [item for _, item in values if isinstance(item, dict)]
    return Fields(tuple(dict.fromkeys(key for item in objects for key in item)), bool(objects), bool(values))


def join_fields(parts: Iterable[Fields]) -> Fields:
    """Return the fields of an input from those of its parts, in the input's order."""
    parts = list(parts)
    names = dict.fromkeys(name for part in parts for name in part.names)
    return Fields(tuple(names), any(part.objects for part in parts), any(part.values for part in parts))


def records_of(
    values: Sequence[tuple[str, Any]], columns: Mapping[str, str], path: str, *, fields: Fields | None = None
) -> Found:
    """Read the objects among ``(where, value)`` pairs as records; any other value is a problem.

    Each field's key is matched among ``fields.names``: by default the keys of ``values``; when
    ``values`` are a part of an input, the fields of the whole input (see :func:`join_fields`),
    so that every part reads its objects as a reading of the whole input does, and raises the
    same error.

    Raises
    ------
    LoadError
        When the input holds no value at all, or its objects have no key for the text.
    """
    fields = fields_of(values) if fields is None else fields
    if not fields.values:
        raise LoadError("no records: the file holds an empty list")
    mapping = match_columns(fields.names, columns) if fields.objects else {}
    objects = [(where, item) for where, item in values if isinstance(item, dict)]
    problems = [
        f"{where}: expected an object with the article's fields, found {type(item).__name__}"
        for where, item in values
        if not isinstance(item, dict)
    ]
    found = _records(objects, mapping, path)
    return Found(found.records, problems + found.problems)


def _rows(frame: pd.DataFrame, mapping: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return the rows of the mapped columns (and ``path``) as dicts; faster than ``to_dict``."""
    names = list(dict.fromkeys([*mapping.values(), *(["path"] if "path" in frame.columns else [])]))
    columns = [frame[name].tolist() for name in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _records(rows: Iterable[tuple[str, Mapping[str, Any]]], mapping: Mapping[str, str], path: str | None) -> Found:
    """Turn rows into records; a row whose text is not text (a number, binary bytes) is a problem.

    A byline, date line or wire dateline at the top of a text is taken into its fields
    (:func:`~workbench.readers._byline.settle`): the row's own author and date come first.
    """
    records: list[Record] = []
    problems: list[str] = []
    for where, row in rows:
        record: Record = {"path": row.get("path") if path is None else path, "where": where}
        try:
            for field, column in mapping.items():
                record[field] = _value(field, row.get(column), problems=problems, where=where)
        except LoadError as exc:
            problems.append(f"{where}: {exc}")
            continue
        records.append(settle(record)[0])
    return Found(records, problems)


def _value(field: str, value: Any, *, problems: list[str], where: str) -> Any:
    """Return a field's value as the record holds it; bytes are decoded as a file's would be.

    Raises
    ------
    LoadError
        When the text is not a string (a number, a flag, a time stamp) or its bytes are not text.
    """
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value) or None
    if isinstance(value, bytes | bytearray):
        value = _text_of_bytes(field, bytes(value), problems=problems, where=where)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if field == "text":
        if isinstance(value, str):
            return value
        raise LoadError(f"the text is {_kind(value)}, not text; give each article's text as a string")
    if field == "published":
        return epoch_date(value)
    if field == "id" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _text_of_bytes(field: str, value: bytes, *, problems: list[str], where: str) -> str | None:
    if not value:
        return None
    try:
        decoded = decode(value)
    except LoadError as exc:
        raise LoadError(f"the {field} bytes could not be decoded: {exc}") from None
    if decoded.note:
        problems.append(f"{where}: the {field} bytes: {decoded.note}")
    return decoded.text


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, numbers.Number):
        return f"a number ({type(value).__name__})"
    return f"a {type(value).__name__}"


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
    decoded = decode(read_bytes(path))
    return decoded.text, [decoded.note] if decoded.note else []


def _delimiter(text: str, path: pathlib.Path) -> str:
    """Pick the delimiter the header line uses most (European spreadsheets write ``;``)."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = text[: text.find("\n")] if "\n" in text else text
    return max(",;\t|", key=header.count) if any(d in header for d in ";\t|") else ","


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
