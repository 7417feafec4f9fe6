"""Named, ordered schema migrations of the tag store; the schema version lives in ``PRAGMA user_version``.

The schema only changes through :data:`MIGRATIONS`: a store at version ``n`` has had the first
``n`` applied, each recorded by name in the ``migrations`` table. Opening a store applies the
missing ones in one transaction; a store made by a newer workbench is refused.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from workbench.errors import StoreError


@dataclass(frozen=True)
class Migration:
    """One schema change: its version (its place in the list), a name saying what it does, and its SQL."""

    version: int
    name: str
    statements: tuple[str, ...]


APPLICATION_ID = 0x5742_5453
"""The ``PRAGMA application_id`` that marks a tag store ("WBTS"), so another application's database is refused."""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "create tags, notes and history",
        (
            """CREATE TABLE tags (
                sentence_id TEXT NOT NULL, tag TEXT NOT NULL, coder TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (sentence_id, tag, coder)) WITHOUT ROWID""",
            """CREATE TABLE notes (
                sentence_id TEXT NOT NULL, coder TEXT NOT NULL, note TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (sentence_id, coder)) WITHOUT ROWID""",
            """CREATE TABLE history (
                change_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, coder TEXT NOT NULL,
                action TEXT NOT NULL, sentence_id TEXT NOT NULL, tag TEXT, note TEXT)""",
        ),
    ),
    Migration(
        2,
        "add done marks and saved codebooks",
        (
            """CREATE TABLE done (
                sentence_id TEXT NOT NULL, coder TEXT NOT NULL, at TEXT NOT NULL,
                PRIMARY KEY (sentence_id, coder)) WITHOUT ROWID""",
            "CREATE TABLE codebooks (hash TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL, saved_at TEXT)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ),
    ),
    Migration(
        3,
        "group changes for undo and make history append-only",
        (
            "ALTER TABLE history ADD COLUMN batch INTEGER",
            "ALTER TABLE history ADD COLUMN previous TEXT",
            "ALTER TABLE history ADD COLUMN undoes INTEGER",
            "CREATE INDEX history_coder ON history (coder, change_id)",
            "CREATE INDEX history_batch ON history (batch)",
            "CREATE INDEX history_undoes ON history (undoes)",
            "CREATE INDEX tags_coder ON tags (coder, tag, sentence_id)",
            """CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                BEGIN SELECT RAISE(ABORT, 'the history is append-only: record a new change instead'); END""",
            """CREATE TRIGGER history_no_delete BEFORE DELETE ON history
                BEGIN SELECT RAISE(ABORT, 'the history is append-only: record a new change instead'); END""",
        ),
    ),
    Migration(4, "mark the file as a workbench tag store", (f"PRAGMA application_id = {APPLICATION_ID:d}",)),
    Migration(
        5,
        "record codebook versions and changes, and assignments",
        (
            "ALTER TABLE tags ADD COLUMN codebook TEXT",
            "ALTER TABLE history ADD COLUMN codebook TEXT",
            """CREATE TABLE codebook_changes (
                change_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, coder TEXT NOT NULL,
                action TEXT NOT NULL, tags TEXT NOT NULL, into_tag TEXT, before TEXT, after TEXT NOT NULL,
                batch INTEGER, undoes INTEGER)""",
            """CREATE TRIGGER codebook_changes_no_update BEFORE UPDATE ON codebook_changes
                BEGIN SELECT RAISE(ABORT, 'codebook changes are append-only: record a new change instead'); END""",
            """CREATE TRIGGER codebook_changes_no_delete BEFORE DELETE ON codebook_changes
                BEGIN SELECT RAISE(ABORT, 'codebook changes are append-only: record a new change instead'); END""",
            """CREATE TABLE assignment_plans (
                plan INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, coder TEXT NOT NULL, unit TEXT NOT NULL,
                coders TEXT NOT NULL, overlap REAL NOT NULL, seed INTEGER)""",
            """CREATE TABLE assignments (
                plan INTEGER NOT NULL, sentence_id TEXT NOT NULL, coder TEXT NOT NULL, shared INTEGER NOT NULL,
                PRIMARY KEY (plan, coder, sentence_id)) WITHOUT ROWID""",
        ),
    ),
    Migration(
        6,
        "drop the index on history.undoes, which no query reads",
        ("DROP INDEX IF EXISTS history_undoes",),
    ),
    Migration(
        7,
        "record corrections of actors and claims",
        (
            """CREATE TABLE corrections (
                kind TEXT NOT NULL, sentence_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
                coder TEXT NOT NULL, verdict TEXT NOT NULL, everywhere INTEGER NOT NULL,
                fields TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (kind, sentence_id, span_start, span_end, coder)) WITHOUT ROWID""",
        ),
    ),
)
"""Every migration, in order; the last one's version is the schema this workbench writes."""

MARKED_FROM = next(m.version for m in MIGRATIONS if any("application_id" in sql for sql in m.statements))
"""The first schema version whose stores carry :data:`APPLICATION_ID`: a marked file of an older version is forged."""

LATEST = MIGRATIONS[-1].version
"""The schema version this workbench knows."""


def version(connection: sqlite3.Connection) -> int:
    """Return the schema version of the store behind ``connection`` (0 for a new, empty file)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def applied(connection: sqlite3.Connection) -> list[str]:
    """Return the names of the migrations applied to the store, oldest first."""
    return [migration.name for migration in MIGRATIONS[: version(connection)]]


def migrate(connection: sqlite3.Connection, *, origin: str) -> list[str]:
    """Bring the store up to :data:`LATEST` and return the names of the migrations applied now.

    Runs in one ``BEGIN IMMEDIATE`` transaction, so two processes opening a new store at once
    do not both migrate it. ``connection`` must be in autocommit mode (``isolation_level=None``).

    Raises
    ------
    StoreError
        When the store was made by a newer workbench; ``origin`` names it in the message.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = version(connection)
        if current > LATEST:
            raise StoreError(
                f"The tag store {origin!r} was made by a newer workbench (schema {current}, this one knows "
                f"{LATEST}): upgrade with pip install -U workbench"
            )
        pending = MIGRATIONS[current:]
        if pending:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        for migration in pending:
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT OR REPLACE INTO migrations VALUES (?, ?, ?)", (migration.version, migration.name, now)
            )
            connection.execute(f"PRAGMA user_version = {migration.version:d}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return [migration.name for migration in pending]
