"""Merging tag stores: each coder codes in a store of her own, and a team store gathers them, coder by coder.

A coder's work is her history: the changes she made, in order. Merging a store compares, for each
of its coders, her history there with her history here (changes are told apart by what they did
and when, not by their numbers, which each store counts on its own):

- she has no history here: her history, tags, notes and done marks are copied in (*added*);
- her history here is the start of hers there (she went on coding since the last merge): the
  changes that follow are appended and her tags, notes and done marks become those of the
  merged store (*updated*);
- her history there is the start of hers here, or the same: nothing to do (*unchanged*), so
  merging a store twice changes nothing;
- otherwise the two histories part somewhere (two people under one name, work done under her
  name in both stores, or a codebook change made here that moved her tags since her last
  merge): a *conflict*. Her work here is left exactly as it was and the conflict is reported
  (``strict=True`` raises instead, before anything is written).

After a codebook change in the team store, each coder goes on coding in a copy of it
(``team.backup("ana.sqlite")``, opened with ``TagStore("ana.sqlite", coder="ana")``): her history
there then begins with hers here, codebook change included, and her next merge is an update.
Her card view and grid still show her own tags only.

Tags are merged by name. The codebook of the store merged into stays in use; the merged store's
codebooks are kept as versions, and the tag names on which the two codebooks differ are listed.
Tags a merged store brings that the codebook lacks are kept and reported (``unknown_tags()``).
The whole merge of one store is one transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workbench.codebook import Codebook
from workbench.errors import StoreError
from workbench.store._copies import TABLES
from workbench.store._source import attached, read_only, saved_codebook, source_columns

_TABLE = {table.name: table for table in TABLES}
STATE_TABLES = ("tags", "notes", "done", "corrections")
"""The tables that hold each coder's current work, corrections included.

They are replaced as a whole for a coder whose newer work is merged."""


@dataclass(frozen=True)
class Conflict:
    """A coder whose history in a merged store and in this one part: her work here was left as it was.

    Attributes
    ----------
    coder
        The coder name the two stores share.
    here, there
        How many changes she has in this store and in the merged one.
    parted_at
        The number (from 1) of her first change that differs between the two.
    """

    coder: str
    here: int
    there: int
    parted_at: int

    def __str__(self) -> str:
        return (
            f"coder {self.coder!r} has {self.here:,} change(s) here and {self.there:,} in the merged store, which "
            f"differ from change {self.parted_at:,} on: her work here was kept and none of hers was merged. If "
            "the codebook was changed here since her last merge, she goes on coding in a copy of this store "
            "(store.backup(...)); if two people code under this name, one of them takes another name."
        )


@dataclass(frozen=True)
class Merge:
    """What :meth:`TagStore.merge_from` did with one store.

    Attributes
    ----------
    source
        The store merged.
    added, updated, unchanged
        Coders whose work was copied in, whose newer work was appended, who had nothing new.
    conflicts
        Coders whose histories part (see :class:`Conflict`); nothing of theirs was merged.
    copied
        Rows written per table (``history``, ``tags``, ``notes``, ``done``, ``codebooks``, ``assignments``).
    only_here, only_there
        Tag names of this store's codebook that the merged store's codebook lacks, and the reverse.
    redefined
        Tag names in both codebooks with a different description, colour, key, group or keywords.
    unknown
        Tags this store now holds that its codebook lacks (kept; see ``unknown_tags()``).
    """

    source: pathlib.Path
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    copied: dict[str, int] = field(default_factory=dict)
    only_here: tuple[str, ...] = ()
    only_there: tuple[str, ...] = ()
    redefined: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every coder of the merged store was merged (no conflict)."""
        return not self.conflicts

    def __str__(self) -> str:
        groups = (("added", self.added), ("updated", self.updated), ("unchanged", self.unchanged))
        parts = [f"{label} {', '.join(coders)}" for label, coders in groups if coders]
        parts += [f"conflict for {', '.join(c.coder for c in self.conflicts)}"] if self.conflicts else []
        parts += [f"{self.copied.get('tags', 0):,} tag(s) and {self.copied.get('history', 0):,} change(s) copied"]
        if self.only_there or self.only_here or self.redefined:
            differ = [f"{label}: {', '.join(names)}" for label, names in
                      (("only there", self.only_there), ("only here", self.only_here),
                       ("redefined", self.redefined)) if names]  # fmt: skip
            parts.append(f"codebooks differ ({'; '.join(differ)})")
        return f"{self.source}: " + "; ".join(parts)


KEY = ("change_id", "at", "action", "sentence_id", "tag", "note", "previous")
"""The history columns that tell a change apart across stores (with its number in its own store)."""

SCRATCH = {
    "merged_ids": "old INTEGER PRIMARY KEY, new INTEGER NOT NULL",
    "merged_batches": "old INTEGER PRIMARY KEY, new INTEGER NOT NULL",
    "here_changes": f"n INTEGER PRIMARY KEY, {', '.join(KEY)}",
    "there_changes": f"n INTEGER PRIMARY KEY, {', '.join(KEY)}",
}
"""Temporary tables of a merge: change numbers there and here, and one coder's changes numbered from 1 in each store."""


@contextlib.contextmanager
def _scratch(conn: sqlite3.Connection) -> Iterator[None]:
    """Create the temporary tables of a merge for the length of a block."""
    for name, columns in SCRATCH.items():
        conn.execute(f"CREATE TEMP TABLE {name} ({columns})")
    try:
        yield
    finally:
        for name in SCRATCH:
            conn.execute(f"DROP TABLE temp.{name}")


def _number(conn: sqlite3.Connection, coder: str) -> None:
    """Fill ``here_changes`` and ``there_changes`` with one coder's changes in each store, numbered from 1 in order."""
    for table, schema in (("here_changes", "main"), ("there_changes", "source")):
        present = {row[1] for row in conn.execute(f"PRAGMA {schema}.table_info(history)")}
        columns = ", ".join(column if column in present else "NULL" for column in KEY)
        conn.execute(f"DELETE FROM temp.{table}")
        conn.execute(
            f"INSERT INTO temp.{table} ({', '.join(KEY)}) SELECT {columns} FROM {schema}.history "
            "WHERE coder = ? ORDER BY change_id",
            (coder,),
        )


def _compare(conn: sqlite3.Connection) -> tuple[int, int, int | None]:
    """Return how many changes the numbered coder has here and there, and the number of the first that differs."""
    return conn.execute(
        "SELECT (SELECT COUNT(*) FROM here_changes), (SELECT COUNT(*) FROM there_changes), "
        "(SELECT MIN(h.n) FROM here_changes h JOIN there_changes t USING (n) WHERE h.at IS NOT t.at "
        "OR h.action IS NOT t.action OR h.sentence_id IS NOT t.sentence_id OR h.tag IS NOT t.tag "
        "OR h.note IS NOT t.note OR h.previous IS NOT t.previous)"
    ).fetchone()


def _same_state(conn: sqlite3.Connection, coder: str) -> bool:
    """Return True when a coder's tags, notes and done marks are the same here and in the source."""
    for name in STATE_TABLES:
        table = _TABLE[name]
        theirs = source_columns(conn, table)
        if theirs is None:
            continue
        ours = ", ".join(table.columns)
        differ = conn.execute(
            f"SELECT 1 FROM (SELECT {ours} FROM main.{name} WHERE coder = ?1 EXCEPT "
            f"SELECT {theirs} FROM source.{name} WHERE coder = ?1) UNION ALL "
            f"SELECT 1 FROM (SELECT {theirs} FROM source.{name} WHERE coder = ?1 EXCEPT "
            f"SELECT {ours} FROM main.{name} WHERE coder = ?1) LIMIT 1",
            (coder,),
        ).fetchone()
        if differ:
            return False
    return True


def _decide(conn: sqlite3.Connection, coder: str) -> str | Conflict:
    """Return "added", "updated" or "unchanged" for one coder of the source, or the Conflict.

    For a coder to be merged, the numbers of her changes both stores have are kept in ``merged_ids``.
    """
    _number(conn, coder)
    here, there, parted = _compare(conn)
    if parted is not None:
        return Conflict(coder, here, there, parted)
    if here == there == 0:
        return "unchanged" if _same_state(conn, coder) else "added"
    if there <= here:
        return "unchanged"
    conn.execute(
        "INSERT INTO merged_ids SELECT t.change_id, h.change_id FROM there_changes t JOIN here_changes h USING (n)"
    )
    return "updated" if here else "added"


def _append_history(conn: sqlite3.Connection, coders: str) -> int:
    """Append the source's changes of ``coders`` (a JSON list) that this store lacks, numbered after its own.

    Each coder's changes here are the first of hers there (mapped in ``merged_ids`` by
    :func:`_decide`); the rest are appended in the source's order. Batches and undos keep
    pointing at the same changes under their new numbers.
    """
    start = conn.execute("SELECT COALESCE(MAX(change_id), 0) FROM main.history").fetchone()[0]
    conn.execute(
        "INSERT INTO merged_ids SELECT change_id, ? + row_number() OVER (ORDER BY change_id) FROM source.history "
        "WHERE coder IN (SELECT value FROM json_each(?)) AND change_id NOT IN (SELECT old FROM merged_ids)",
        (start, coders),
    )
    theirs = source_columns(conn, _TABLE["history"], "s.")
    batch = "COALESCE(s.batch, s.change_id)" if "s.batch" in theirs else "s.change_id"
    conn.execute(
        f"INSERT INTO merged_batches SELECT {batch}, MIN(m.new) FROM source.history s "
        "JOIN merged_ids m ON m.old = s.change_id WHERE m.new > ? GROUP BY 1",
        (start,),
    )
    values = theirs.split(", ")
    values[0] = "m.new"
    values[8] = "(SELECT new FROM merged_ids WHERE old = s.undoes)" if values[8] != "NULL" else "NULL"
    values[9] = (
        f"COALESCE((SELECT new FROM merged_ids WHERE old = {batch}), "
        f"(SELECT new FROM merged_batches WHERE old = {batch}))"
    )
    return conn.execute(
        f"INSERT INTO main.history ({', '.join(_TABLE['history'].columns)}) SELECT {', '.join(values)} "
        "FROM source.history s JOIN merged_ids m ON m.old = s.change_id WHERE m.new > ? ORDER BY m.new",
        (start,),
    ).rowcount


def _replace_state(conn: sqlite3.Connection, coders: str) -> dict[str, int]:
    """Make the tags, notes and done marks of ``coders`` (a JSON list) those of the source; return rows copied."""
    copied = {}
    for name in STATE_TABLES:
        table = _TABLE[name]
        conn.execute(f"DELETE FROM main.{name} WHERE coder IN (SELECT value FROM json_each(?))", (coders,))
        theirs = source_columns(conn, table)
        copied[name] = 0 if theirs is None else conn.execute(
            f"INSERT INTO main.{name} ({', '.join(table.columns)}) SELECT {theirs} FROM source.{name} "
            "WHERE coder IN (SELECT value FROM json_each(?))",
            (coders,),
        ).rowcount  # fmt: skip
    return copied


def _copy_codebooks(conn: sqlite3.Connection) -> int:
    """Keep every codebook of the source as a version here (those already here once); return how many were new."""
    theirs = source_columns(conn, _TABLE["codebooks"])
    if theirs is None:
        return 0
    return conn.execute(
        f"INSERT OR IGNORE INTO main.codebooks ({', '.join(_TABLE['codebooks'].columns)}) "
        f"SELECT {theirs} FROM source.codebooks ORDER BY rowid"
    ).rowcount


def _adopt_plan(conn: sqlite3.Connection) -> int:
    """Copy the source's assignment in use when this store has none; return the assignment rows copied."""
    if source_columns(conn, _TABLE["assignment_plans"]) is None:
        return 0
    if conn.execute("SELECT 1 FROM main.assignment_plans LIMIT 1").fetchone():
        return 0
    latest = conn.execute("SELECT MAX(plan) FROM source.assignment_plans").fetchone()[0]
    if latest is None:
        return 0
    plan = conn.execute(
        "INSERT INTO main.assignment_plans (at, coder, unit, coders, overlap, seed) "
        "SELECT at, coder, unit, coders, overlap, seed FROM source.assignment_plans WHERE plan = ?",
        (latest,),
    ).lastrowid
    return conn.execute(
        "INSERT INTO main.assignments SELECT ?, sentence_id, coder, shared FROM source.assignments WHERE plan = ?",
        (plan, latest),
    ).rowcount


class Merging:
    """:meth:`merge_from` of :class:`~workbench.store.TagStore`."""

    path: pathlib.Path | None
    _codebook: Codebook
    _conn: sqlite3.Connection
    _write_lock: Any
    _transaction: Callable[[], Any]
    _rows: Callable[..., list[tuple]]

    def merge_from(self, path: str | os.PathLike, *, strict: bool = False) -> Merge:
        """Merge the store at ``path`` (a coder's, or another team store) into this one, coder by coder.

        Every coder's tags, notes, done marks and history stay hers; merging the same store
        again changes nothing. See :mod:`workbench.store._merge` for what happens to each coder.
        The store at ``path`` is only read.

        Parameters
        ----------
        path
            The store to merge in (closed, or open in another notebook: it is read consistently).
        strict
            Raise a StoreError at the first conflict, before writing anything, instead of
            merging the other coders and reporting it.

        Returns
        -------
        Merge
            Who was added, updated or unchanged, the conflicts, the rows copied and how the two
            codebooks differ.

        Raises
        ------
        StoreError
            When ``path`` is not a whole tag store, is this store's own file, or (with ``strict``)
            a coder's histories conflict.
        """
        source = pathlib.Path(path).expanduser()
        if self.path is not None and source.exists() and self.path.exists() and source.samefile(self.path):
            raise StoreError(f"Cannot merge {str(source)!r} into itself: give another coder's store.")
        with read_only(source):  # refuses anything but a whole tag store this workbench can read
            pass
        with self._write_lock, attached(self._conn, source), self._transaction() as conn, _scratch(conn):
            coders = [
                row[0]
                for row in conn.execute(
                    " UNION ".join(
                        f"SELECT coder FROM source.{name}"
                        for name in ("history", *STATE_TABLES)
                        if source_columns(conn, _TABLE[name]) is not None
                    )
                    + " ORDER BY 1"
                )
            ]
            decisions = {coder: _decide(conn, coder) for coder in coders}
            conflicts = tuple(d for d in decisions.values() if isinstance(d, Conflict))
            if conflicts and strict:
                raise StoreError(f"Cannot merge {str(source)!r}: " + " ".join(map(str, conflicts)))
            taken = json.dumps([c for c, d in decisions.items() if d in ("added", "updated")], ensure_ascii=False)
            copied = {"history": _append_history(conn, taken), **_replace_state(conn, taken)}
            copied["codebooks"] = _copy_codebooks(conn)
            copied["assignments"] = _adopt_plan(conn)
            theirs = saved_codebook(conn, "source") if source_columns(conn, _TABLE["settings"]) else None
        return self._report(source, decisions, conflicts, copied, theirs)

    def _report(
        self,
        source: pathlib.Path,
        decisions: dict[str, str | Conflict],
        conflicts: tuple[Conflict, ...],
        copied: dict[str, int],
        theirs: Codebook | None,
    ) -> Merge:
        """Return the Merge record: who was merged, and how the codebooks differ."""
        ours = {tag["name"]: tag for tag in self._codebook.to_dict()["tags"]}
        other = {tag["name"]: tag for tag in theirs.to_dict()["tags"]} if theirs is not None else {}
        held = {row[0] for row in self._rows("SELECT DISTINCT tag FROM tags")}
        return Merge(
            source,
            added=tuple(c for c, d in decisions.items() if d == "added"),
            updated=tuple(c for c, d in decisions.items() if d == "updated"),
            unchanged=tuple(c for c, d in decisions.items() if d == "unchanged"),
            conflicts=conflicts,
            copied=copied,
            only_here=tuple(name for name in ours if other and name not in other),
            only_there=tuple(name for name in other if name not in ours),
            redefined=tuple(name for name in ours if name in other and ours[name] != other[name]),
            unknown=tuple(sorted(held - set(ours))),
        )
