"""The store merged from: checked whole before anything is written, then read only, never changed.

A coder's store comes from another machine: before a merge reads it, it is opened read-only
(as immutable when no notebook has it open, so SQLite leaves no file beside it) and checked to be
a whole tag store this workbench can read (:func:`read_only`). The merge then attaches it to the
store merged into as the schema ``source`` (:func:`attached`) and reads its tables in the latest
schema's column order (:func:`source_columns`).
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import sqlite3
from collections.abc import Iterator

from workbench.codebook import Codebook
from workbench.errors import StoreError
from workbench.store import migrations
from workbench.store._copies import Table
from workbench.store._opening import Identity, check_whole, identify, open_error


def _uri(path: pathlib.Path) -> str:
    """Return the URI that opens the store at ``path`` only to read it, leaving no file beside it.

    A store no notebook has open has no ``-wal`` file; it is opened as immutable, so SQLite makes
    no ``-wal`` and ``-shm`` files for it. One in use is read through the files it already has.
    """
    in_use = pathlib.Path(f"{path}-wal").exists()
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if in_use else "&immutable=1")


@contextlib.contextmanager
def read_only(path: pathlib.Path) -> Iterator[sqlite3.Connection]:
    """Open the store at ``path`` read-only after checking it is a whole tag store this workbench can read.

    Its schema is checked first (:func:`~workbench.store._opening.schema_problems`): every table a
    merge reads is a real table with the columns it reads, and the file holds no view or trigger
    of its own. The error names ``path``.
    """
    origin = str(path)
    if not path.is_file():
        raise StoreError(f"Cannot merge {origin!r}: there is no such file. Give the .sqlite file of a tag store.")
    connection = sqlite3.connect(_uri(path), uri=True)
    try:
        try:
            if identify(connection, origin) is not Identity.STORE:
                raise StoreError(f"Cannot merge {origin!r}: it is an empty file, not a tag store.")
            check_whole(connection, origin)
        except sqlite3.DatabaseError as error:
            raise open_error(origin, error) from None
        if migrations.version(connection) > migrations.LATEST:
            raise StoreError(f"Cannot merge {origin!r}: it was made by a newer workbench; pip install -U workbench.")
        yield connection
    finally:
        connection.close()


def saved_codebook(connection: sqlite3.Connection, schema: str = "main") -> Codebook | None:
    """Return the codebook in use in the store behind ``connection`` (or its attached ``schema``), None without one."""
    row = connection.execute(
        f"SELECT c.body FROM {schema}.settings s JOIN {schema}.codebooks c ON c.hash = s.value WHERE s.key = 'codebook'"
    ).fetchone()
    return None if row is None else Codebook.from_dict(json.loads(row[0]), origin="saved in the tag store")


def codebook_of(path: str | os.PathLike) -> Codebook | None:
    """Return the codebook in use in the (whole, readable) store at ``path``, or None when it has none."""
    with read_only(pathlib.Path(path).expanduser()) as connection:
        return saved_codebook(connection)


@contextlib.contextmanager
def attached(conn: sqlite3.Connection, path: pathlib.Path) -> Iterator[None]:
    """Attach the store at ``path`` as the schema ``source`` (read-only where SQLite reads URI names), then detach."""
    try:
        conn.execute("ATTACH DATABASE ? AS source", (_uri(path),))
    except sqlite3.OperationalError:  # an SQLite built without URI file names: the plain path, only read
        conn.execute("ATTACH DATABASE ? AS source", (str(path.resolve()),))
    try:
        yield
    finally:
        conn.execute("DETACH DATABASE source")


def source_columns(conn: sqlite3.Connection, table: Table, alias: str = "") -> str | None:
    """Return the source's columns of ``table`` in the latest schema's order (missing ones as NULL); None without it."""
    present = {row[1] for row in conn.execute(f"PRAGMA source.table_info({table.name})")}
    if not present:
        return None
    return ", ".join(f"{alias}{column}" if column in present else "NULL" for column in table.columns)
