"""Copies of a tag store: an online backup of a store in use, and a recovery of what a damaged store still holds.

A store in WAL mode keeps its newest changes in the ``-wal`` file beside it until a checkpoint
copies them into the main file, so copying the ``.sqlite`` file alone can miss them.
:func:`backup` uses SQLite's online backup API, which reads through the open connection and
writes one self-contained file.

:func:`recover` reads a damaged store read-only, table by table, keeping every row it can read:
a scan that meets an unreadable page resumes past it where the table has an integer key (the
history), and stops where it has not (tags, notes and done marks). As the history records every
change, a complete history rebuilds those tables when their own pages are lost.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from workbench.errors import StoreError
from workbench.store import migrations
from workbench.store._opening import check_path, real_table

CHECKPOINT_TIMEOUT_MS = 2_000
"""How long a checkpoint waits for other notebooks' reads before copying as much as it can."""


class Table(NamedTuple):
    """A table copied by :func:`recover`: its columns in the latest schema and an integer key, when it has one."""

    name: str
    columns: tuple[str, ...]
    key: str | None


HISTORY = Table(
    "history",
    ("change_id", "at", "coder", "action", "sentence_id", "tag", "note", "previous", "undoes", "batch", "codebook"),
    "change_id",
)
STATE = (
    Table("tags", ("sentence_id", "tag", "coder", "updated_at", "codebook"), None),
    Table("notes", ("sentence_id", "coder", "note", "updated_at"), None),
    Table("done", ("sentence_id", "coder", "at"), None),
)
"""The tables that hold the current state, each rebuilt by replaying the history."""
TABLES = (
    HISTORY,
    *STATE,
    Table("codebooks", ("hash", "name", "body", "saved_at"), "rowid"),
    Table("settings", ("key", "value"), "rowid"),
    Table(
        "codebook_changes",
        ("change_id", "at", "coder", "action", "tags", "into_tag", "before", "after", "batch", "undoes"),
        "change_id",
    ),
    Table("assignment_plans", ("plan", "at", "coder", "unit", "coders", "overlap", "seed"), "plan"),
    Table("assignments", ("plan", "sentence_id", "coder", "shared"), None),
    Table(
        "corrections",
        ("kind", "sentence_id", "span_start", "span_end", "coder", "verdict", "everywhere", "fields", "updated_at"),
        None,
    ),
)
"""Every table :func:`recover` copies, in the order it writes them."""

MAX_KEY = 2**63 - 1


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` copied into a new store.

    Attributes
    ----------
    path
        The new store.
    copied
        Rows written into the new store, per table.
    incomplete
        Tables of the damaged store with rows that could not be read.
    rebuilt
        Tables rebuilt by replaying the (complete) history, with any readable row it lacks.
    """

    path: pathlib.Path
    copied: dict[str, int]
    incomplete: tuple[str, ...]
    rebuilt: tuple[str, ...]


def checkpoint(connection: sqlite3.Connection, *, busy_timeout_ms: int) -> None:
    """Copy the ``-wal`` file into the store's file and empty it, waiting briefly for other notebooks' reads.

    ``busy_timeout_ms`` is the connection's usual busy timeout, set back afterwards.
    """
    connection.execute(f"PRAGMA busy_timeout = {CHECKPOINT_TIMEOUT_MS:d}")
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")


def _check_target(target: pathlib.Path, what: str, *, overwrite: bool, how: str) -> None:
    """Refuse to write over a file (unless ``overwrite``) or beside the -wal and -shm files of another store."""
    if target.exists() and not overwrite:
        raise StoreError(f"Cannot write {what} to {str(target)!r}: the file already exists: {how}.")
    leftovers = [name for name in (f"{target}-wal", f"{target}-shm") if pathlib.Path(name).exists()]
    if leftovers:
        raise StoreError(
            f"Cannot write {what} to {str(target)!r}: {' and '.join(map(repr, leftovers))} beside it belong to a "
            "store still open or not closed cleanly, and would be replayed into the new file. Choose another name."
        )


@contextlib.contextmanager
def _written_whole(target: pathlib.Path) -> Iterator[pathlib.Path]:
    """Yield a temporary path beside ``target`` and move it into place only when the block succeeds."""
    check_path(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def backup(connection: sqlite3.Connection, target: pathlib.Path, *, overwrite: bool) -> pathlib.Path:
    """Copy the store behind ``connection`` into the file ``target`` with SQLite's online backup API."""
    how = "pass overwrite=True to replace it, or choose another name"
    _check_target(target, "a backup", overwrite=overwrite, how=how)
    with _written_whole(target) as partial:
        copy = sqlite3.connect(partial)
        try:
            connection.backup(copy)
        finally:
            copy.close()
    return target


def _probe(source: sqlite3.Connection, sql: str, key: int) -> int | None:
    """Return the first key at or after ``key`` whose row can be read, or ``MAX_KEY`` past the end; None if damaged."""
    try:
        row = source.execute(sql + " LIMIT 1", (key - 1,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return MAX_KEY if row is None else row[0]


def _next_readable(source: sqlite3.Connection, sql: str, after: int) -> int | None:
    """Return the first readable key past a damaged page after ``after`` (None when none can be read)."""
    bad, step = after, 1
    while True:
        probe = min(after + step, MAX_KEY)
        found = _probe(source, sql, probe)
        if found is not None:
            break
        if probe == MAX_KEY:
            return None
        bad, step = probe, step * 2
    good = probe
    while good - bad > 1:  # the smallest probe past the damage that reads
        middle = (bad + good) // 2
        at_middle = _probe(source, sql, middle)
        if at_middle is None:
            bad = middle
        else:
            good, found = middle, at_middle
    return None if found == MAX_KEY else found


def read_table(source: sqlite3.Connection, table: Table) -> tuple[list[tuple], bool]:
    """Return the rows of ``table`` that can be read, in key order where it has a key, and whether that is all.

    Only a real table is read: a view or a virtual table in its place (a recursive view never
    ends) counts as a table whose rows could not be read.
    """
    kind = source.execute("SELECT type, sql FROM sqlite_master WHERE name = ?", (table.name,)).fetchone()
    if kind is None:
        return [], True
    if not real_table(*kind):
        return [], False
    present = {row[1] for row in source.execute(f"PRAGMA table_info({table.name})")}
    columns = ", ".join(column if column in present else "NULL" for column in table.columns)
    if table.key is None:
        rows: list[tuple] = []
        try:
            rows.extend(source.execute(f"SELECT {columns} FROM {table.name}"))
        except sqlite3.DatabaseError:
            return rows, False
        return rows, True
    sql = f"SELECT {table.key}, {columns} FROM {table.name} WHERE {table.key} > ? ORDER BY {table.key}"
    rows: list[tuple] = []
    complete, start = True, -MAX_KEY
    while True:
        after = start  # past the last row read, or past this scan's first key when it reads none
        try:
            for key, *values in source.execute(sql, (start - 1,)):
                rows.append(tuple(values))
                after = key
            return rows, complete
        except sqlite3.DatabaseError:
            complete = False
            start = _next_readable(source, sql, after)
            if start is None:
                return rows, complete


def replay(history: list[tuple]) -> dict[str, list[tuple]]:
    """Return the tags, notes and done marks that the history's changes, applied in order, leave behind."""
    tags: dict[tuple, tuple[str, str | None]] = {}
    notes: dict[tuple, tuple[str, str]] = {}
    done: dict[tuple, str] = {}
    for _change, at, coder, action, sentence_id, tag, note, *_, codebook in history:
        if action == "add":
            tags[(sentence_id, tag, coder)] = (at, codebook)
        elif action == "remove":
            tags.pop((sentence_id, tag, coder), None)
        elif action == "note" and note and note.strip():
            notes[(sentence_id, coder)] = (note, at)
        elif action == "note":
            notes.pop((sentence_id, coder), None)
        elif action == "done":
            done.setdefault((sentence_id, coder), at)
        elif action == "not_done":
            done.pop((sentence_id, coder), None)
    return {
        "tags": [(*key, *value) for key, value in tags.items()],
        "notes": [(*key, *value) for key, value in notes.items()],
        "done": [(*key, at) for key, at in done.items()],
    }


def recover(path: pathlib.Path, out: pathlib.Path) -> Recovery:
    """Copy every readable row of the store at ``path`` into a new store at ``out``; see :class:`Recovery`."""
    origin = str(path)
    if not path.is_file():
        raise StoreError(f"Cannot recover {origin!r}: there is no such file.")
    _check_target(out, "the recovered store", overwrite=False, how="choose another name")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            read = {table.name: read_table(source, table) for table in TABLES}
        except sqlite3.DatabaseError as error:
            raise StoreError(f"Cannot recover {origin!r}: even its list of tables cannot be read ({error}).") from None
    finally:
        source.close()
    if not any(read[table.name][0] for table in (HISTORY, *STATE)):
        raise StoreError(f"Cannot recover {origin!r}: no tag, note, done mark or history row could be read from it.")
    incomplete = tuple(name for name, (_, complete) in read.items() if not complete)
    rebuilt = tuple(table.name for table in STATE if table.name in incomplete) if read["history"][1] else ()
    rows = {name: found for name, (found, _) in read.items()}
    for name, replayed in replay(read["history"][0]).items():
        if name in rebuilt:  # the replayed state, and any readable row it lacks (kept by INSERT OR IGNORE)
            rows[name] = replayed + rows[name]
    copied = {}
    with _written_whole(out) as partial:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            migrations.migrate(target, origin=str(out))
            target.execute("BEGIN IMMEDIATE")
            for table in TABLES:
                marks = ", ".join("?" * len(table.columns))
                copied[table.name] = target.executemany(
                    f"INSERT OR IGNORE INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})",
                    rows[table.name],
                ).rowcount
            target.execute("COMMIT")
        finally:
            target.close()
    return Recovery(out, copied, incomplete, rebuilt)
