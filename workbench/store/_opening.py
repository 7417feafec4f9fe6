"""Opening a tag store: checks made before anything is written, then WAL mode and the schema's migrations.

:func:`connect` checks that the path can hold a store, that the file is ours and that it is
whole, and only then sets WAL mode and migrates. Each check raises
:class:`~workbench.errors.StoreError` with the path and what to do, and none of them writes: a
foreign or damaged file is left byte for byte as it was found.

- :func:`check_path`: the folder exists (it is created when missing) and is writable, the file
  is writable, and the path is not a folder.
- :func:`identify`: an empty file becomes a new store; a file marked with
  :data:`~workbench.store.migrations.APPLICATION_ID`, or an older store of ours made before
  stores were marked (our tables, a schema version, no mark), is ours when its schema is the one
  its version says (:func:`schema_problems`); anything else is refused. A file that only looks
  like a store (our mark and no tables, our table names with other columns, a view or a trigger
  of its own) would make later queries fail, or never end: it is refused before any pragma
  changes its header.
- :func:`check_whole`: ``PRAGMA quick_check`` (a page-by-page check of every b-tree, without
  cross-checking indexes against tables) finds garbage written into the file.
"""

from __future__ import annotations

import enum
import functools
import os
import pathlib
import sqlite3
import warnings
from typing import NamedTuple

from workbench.errors import StoreError
from workbench.store import migrations
from workbench.store.migrations import APPLICATION_ID, MARKED_FROM

BUSY_TIMEOUT_MS = 30_000
"""How long a change waits for another process's write to finish before giving up."""
CACHE_KIB = 65_536
"""The most memory (KiB) SQLite's page cache may take for one open store."""

OUR_TABLES = frozenset({"tags", "notes", "history"})
"""Tables every tag store has had since its first schema; an unmarked file with them is an older store of ours."""

DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB"})
"""SQLite error names that mean the file itself is damaged (rather than busy, locked or read-only)."""


class Identity(enum.Enum):
    """What an SQLite file opened as a tag store turned out to be."""

    NEW = "an empty file, to be made into a tag store"
    STORE = "a workbench tag store"


def check_path(path: pathlib.Path) -> None:
    """Make sure ``path`` can hold a tag store, creating its missing folders; raise a StoreError saying why not."""
    where = str(path)
    if path.is_dir():
        raise StoreError(
            f"The tag store path {where!r} is a folder: give a file name inside it, "
            f"such as {str(path / 'workbench.sqlite')!r}."
        )
    folder = path.parent
    if not folder.is_dir():
        existing = next((parent for parent in folder.parents if parent.exists()), None)
        blocker = folder if folder.exists() else existing
        if blocker is not None and not blocker.is_dir():
            raise StoreError(
                f"Cannot make the tag store {where!r}: {str(blocker)!r} is a file, not a folder. "
                "Choose a path whose folders exist or can be created."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"Cannot create the folder {str(folder)!r} for the tag store {where!r}: {error.strerror}. "
                "Create it yourself, or choose a folder you can write to."
            ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"Cannot open the tag store {where!r}: its folder {str(folder)!r} is read-only. A store writes its "
            "file and the -wal and -shm files beside it, so it must sit in a folder you can write to: copy the "
            "store to such a folder, or change the folder's permissions."
        )
    if path.exists() and not os.access(path, os.R_OK):
        raise StoreError(f"Cannot open the tag store {where!r}: you may not read the file. Check its permissions.")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(
            f"Cannot open the tag store {where!r}: the file is read-only. Make it writable (chmod u+w), "
            "or copy it to a folder you can write to."
        )


class Schema(NamedTuple):
    """The schema objects a tag store of one version holds: its tables with their columns, and its triggers."""

    tables: dict[str, frozenset[str]]
    triggers: dict[str, str]
    """Each trigger's ``CREATE TRIGGER`` statement, its whitespace collapsed."""


@functools.cache
def schema_at(version: int) -> Schema:
    """Return the schema a tag store of ``version`` has: its first ``version`` migrations run on an empty database."""
    memory = sqlite3.connect(":memory:")
    try:
        for migration in migrations.MIGRATIONS[:version]:
            for statement in migration.statements:
                memory.execute(statement)
        return Schema(
            {name: _columns(memory, name) for (name,) in memory.execute(_OBJECTS, ("table",))},
            {name: " ".join(sql.split()) for name, sql in memory.execute(_TRIGGERS)},
        )
    finally:
        memory.close()


_OBJECTS = "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'"
_TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"


def _columns(connection: sqlite3.Connection, table: str) -> frozenset[str]:
    return frozenset(row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,)))


def real_table(kind: str, sql: str | None) -> bool:
    """Return True for a table SQLite stores rows of: not a view, not a virtual table whose rows a module computes."""
    return kind == "table" and not (sql or "").lstrip().upper().startswith("CREATE VIRTUAL")


def schema_problems(connection: sqlite3.Connection, schema_version: int) -> list[str]:
    """Say how the schema of the file behind ``connection`` differs from a tag store's of ``schema_version``.

    Every table of that version must be a real table (``sqlite_master.type = 'table'``, not a
    view, not a virtual table) with at least its columns, and the file may hold no view and no
    trigger of its own: queries of the store and of a merge read these tables by name, so a view
    put in a table's place (a recursive one never ends) or a trigger would run code the file
    brings. Only the schema is read, never a row. A store of a newer version has no known schema
    here: it is refused later, by its version.

    Returns
    -------
    list of str
        One phrase per difference, empty for a store's own schema.
    """
    if schema_version > migrations.LATEST:
        return []
    expected = schema_at(schema_version)
    kinds = dict(connection.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"))
    sql = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    problems = [f"a view {name!r}" for name, kind in kinds.items() if kind == "view" and name not in expected.tables]
    for name, columns in expected.tables.items():
        if kinds.get(name) != "table":
            problems.append(f"no table {name!r}" if name not in kinds else f"{name!r} is a {kinds[name]}")
        elif not real_table("table", sql[name]):
            problems.append(f"{name!r} is a virtual table")
        elif missing := sorted(columns - _columns(connection, name)):
            problems.append(f"the table {name!r} lacks the column(s) {', '.join(missing)}")
    problems += [
        f"a trigger {name!r} of its own"
        for name, text in connection.execute(_TRIGGERS)
        if expected.triggers.get(name) != " ".join((text or "").split())
    ]
    return problems


def identify(connection: sqlite3.Connection, origin: str) -> Identity:
    """Tell a new (empty) file from one of our stores by reading its header and schema; refuse any other database.

    Raises
    ------
    StoreError
        When the file is another application's non-empty SQLite database, or has our mark or our
        table names without a store's schema (:func:`schema_problems`). Nothing is written.
    """
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    schema_version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = sorted(row[0] for row in connection.execute(_OBJECTS, ("table",)))
    if application_id == 0 and not tables and schema_version == 0:
        return Identity.NEW
    older = application_id == 0 and schema_version > 0 and set(tables) >= OUR_TABLES  # made before the mark
    if application_id == APPLICATION_ID or older:
        problems = schema_problems(connection, schema_version)
        if application_id == APPLICATION_ID and schema_version < MARKED_FROM:
            problems.insert(0, f"our mark with schema version {schema_version}, which no tag store has")
        if not problems:
            return Identity.STORE
        shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
        raise StoreError(
            f"Cannot open the tag store {origin!r}: it is not a workbench tag store, though it looks like one "
            f"({shown}), and was left unchanged. Give the path of a tag store made by the workbench, or of a file "
            "that does not exist yet to make a new store; if you added a view or a trigger to your own store, drop it "
            "with the sqlite3 shell (DROP VIEW name; DROP TRIGGER name)."
        )
    shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
    what = f"tables {shown}" if tables else "no tables"
    if application_id:
        what += f"; application id {application_id:#010x}"
    raise StoreError(
        f"Cannot open the tag store {origin!r}: it is another application's SQLite database ({what}), not a "
        "workbench tag store, and was left unchanged. Pass the path of a tag store, or of a file that does not "
        "exist yet, to TagStore(...)."
    )


def damaged(origin: str, detail: str) -> str:
    """Return the message for a damaged store: what was found, that nothing more is written, how to recover."""
    path = pathlib.Path(origin)
    copy = str(path.with_name(f"{path.stem}-recovered{path.suffix or '.sqlite'}"))
    found = " ".join(detail.replace("*** in database main ***", "").split())
    return (
        f"The tag store {origin!r} is damaged ({found}) and the workbench will not write to it. Copy what can "
        f"still be read (tags, notes, done marks, history) into a new store with "
        f"workbench.TagStore.recover({origin!r}, {copy!r}), then open that file; tags on unreadable pages are "
        "rebuilt from the history. Keep the damaged file until you have checked the copy."
    )


def is_damage(error: sqlite3.Error) -> bool:
    """Return True when an SQLite error says the file is damaged."""
    return getattr(error, "sqlite_errorname", "") in DAMAGE_CODES


def check_whole(connection: sqlite3.Connection, origin: str) -> None:
    """Run ``PRAGMA quick_check`` and raise a StoreError naming the first problem when the file is damaged."""
    try:
        found = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        found = str(error)
    if found != "ok":
        raise StoreError(damaged(origin, found))


def open_error(origin: str, error: sqlite3.DatabaseError) -> StoreError:
    """Return the StoreError for an SQLite error met while opening a store, saying what to do."""
    if is_damage(error):
        return StoreError(damaged(origin, str(error)))
    return StoreError(
        f"Cannot open the tag store {origin!r}: {error}. Is it an SQLite file made by the workbench? "
        "Pass another path to TagStore(...)."
    )


def connect(path: pathlib.Path | None) -> sqlite3.Connection:
    """Open the store at ``path`` (in memory for None) after the checks, in WAL mode, at the latest schema.

    The connection is in autocommit mode (transactions are explicit) and may be used from any
    thread: the kernel may run widget callbacks on another thread than the cell that opened the
    store, SQLite serialises calls on one connection, and the store's lock keeps each
    transaction whole.
    """
    origin = ":memory:" if path is None else str(path)
    if path is not None:
        check_path(path)
    connection = sqlite3.connect(origin, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        if path is not None:
            if identify(connection, origin) is Identity.STORE:
                check_whole(connection, origin)
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                warnings.warn(
                    f"The tag store {origin!r} cannot use WAL mode here (journal mode {mode!r}); "
                    "keep it on a local disk so two notebooks can tag it at once.",
                    stacklevel=4,
                )
        connection.execute("PRAGMA synchronous = FULL")
        # A bulk change of 100,000 rows touches more b-tree pages than the default 2 MB cache holds;
        # a larger cap (pages are only allocated when used) and temporary tables in memory keep it
        # from spilling pages to disk mid-transaction (about 15% of a bulk change's time).
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB:d}")
        connection.execute("PRAGMA temp_store = MEMORY")
        migrations.migrate(connection, origin=origin)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise open_error(origin, error) from None
    except BaseException:
        connection.close()
        raise
    return connection
