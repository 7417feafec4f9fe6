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
- otherwise the two histories part somewhere (two people under one name, or work done under
  her name in both stores): a *conflict*. Her work here is left exactly as it was and the
  conflict is reported (``strict=True`` raises instead, before anything is written).

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
from workbench.store import migrations
from workbench.store._copies import TABLES, Table, read_table
from workbench.store._opening import Identity, check_whole, identify, open_error

_TABLE = {table.name: table for table in TABLES}
STATE_TABLES = ("tags", "notes", "done")
"""The tables that hold each coder's current work, replaced as a whole for a coder whose newer work is merged."""


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
            "two people code under this name, give one of them another name in her store (store.coder = ...) and "
            "have her code again, or merge her store into a new team store."
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


@contextlib.contextmanager
def _read_only(path: pathlib.Path) -> Iterator[sqlite3.Connection]:
    """Open the store at ``path`` read-only after checking it is a whole tag store this workbench can read."""
    origin = str(path)
    if not path.is_file():
        raise StoreError(f"Cannot merge {origin!r}: there is no such file. Give the .sqlite file of a tag store.")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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


def _rows(connection: sqlite3.Connection, name: str) -> list[tuple]:
    return read_table(connection, _TABLE[name])[0]


def saved_codebook(connection: sqlite3.Connection) -> Codebook | None:
    """Return the codebook in use in the store behind ``connection``, or None when it has none."""
    row = connection.execute(
        "SELECT c.body FROM settings s JOIN codebooks c ON c.hash = s.value WHERE s.key = 'codebook'"
    ).fetchone()
    return None if row is None else Codebook.from_dict(json.loads(row[0]), origin="saved in the tag store")


def codebook_of(path: str | os.PathLike) -> Codebook | None:
    """Return the codebook in use in the (whole, readable) store at ``path``, or None when it has none."""
    with _read_only(pathlib.Path(path).expanduser()) as connection:
        return saved_codebook(connection)


def _key(row: tuple) -> tuple:
    """Return what identifies a change across stores: when, who, what, on which sentence, with which tag and note."""
    return row[1:8]


def _decide(coder: str, there: list[tuple], here: list[tuple], same_state: bool) -> str | Conflict:
    """Return "added", "updated" or "unchanged" for one coder's histories there and here, or the Conflict."""
    there_keys, here_keys = [_key(row) for row in there], [_key(row) for row in here]
    if not here_keys and not there_keys:
        return "unchanged" if same_state else "added"
    if there_keys[: len(here_keys)] == here_keys and len(there_keys) > len(here_keys):
        return "updated" if here_keys else "added"
    if here_keys[: len(there_keys)] == there_keys:
        return "unchanged"
    parted = next(i for i, (a, b) in enumerate(zip(there_keys, here_keys, strict=False)) if a != b)
    return Conflict(coder, len(here_keys), len(there_keys), parted + 1)


class Merging:
    """:meth:`merge_from` of :class:`~workbench.store.TagStore`."""

    path: pathlib.Path | None
    _codebook: Codebook
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
        with _read_only(source) as connection:
            there = {name: _rows(connection, name) for name in ("history", *STATE_TABLES, "codebooks")}
            plans = _rows(connection, "assignment_plans"), _rows(connection, "assignments")
            their_codebook = saved_codebook(connection)
        by_coder: dict[str, list[tuple]] = {}
        for row in there["history"]:
            by_coder.setdefault(row[2], []).append(row)
        for name in STATE_TABLES:
            for row in there[name]:
                by_coder.setdefault(row[_TABLE[name].columns.index("coder")], [])
        decisions = {coder: self._decide(coder, rows, there) for coder, rows in sorted(by_coder.items())}
        conflicts = tuple(d for d in decisions.values() if isinstance(d, Conflict))
        if conflicts and strict:
            raise StoreError(f"Cannot merge {str(source)!r}: " + " ".join(map(str, conflicts)))
        taken = {coder for coder, d in decisions.items() if d in ("added", "updated")}
        with self._transaction() as conn:
            copied = {"history": self._append_history(conn, there["history"], taken)}
            copied |= self._replace_state(conn, there, taken)
            copied["codebooks"] = _insert(conn, _TABLE["codebooks"], there["codebooks"], ignore=True)
            copied["assignments"] = self._adopt_plan(conn, *plans)
        return self._report(source, decisions, conflicts, copied, their_codebook)

    def _decide(self, coder: str, there: list[tuple], tables: dict[str, list[tuple]]) -> str | Conflict:
        """Compare one coder's history in the merged store with hers here."""
        columns = ", ".join(_TABLE["history"].columns)
        here = self._rows(f"SELECT {columns} FROM history WHERE coder = ? ORDER BY change_id", (coder,))
        same_state = all(
            sorted(row for row in tables[name] if row[_TABLE[name].columns.index("coder")] == coder)
            == sorted(self._rows(f"SELECT {', '.join(_TABLE[name].columns)} FROM {name} WHERE coder = ?", (coder,)))
            for name in STATE_TABLES
        )
        return _decide(coder, there, here, same_state)

    def _append_history(self, conn: sqlite3.Connection, history: list[tuple], coders: set[str]) -> int:
        """Append the changes of ``coders`` that this store lacks, numbered after its own, batches and undos kept."""
        columns = _TABLE["history"].columns
        known: dict[int, int] = {}  # change numbers there -> here
        new: list[tuple] = []
        for coder in sorted(coders):
            here = conn.execute(
                f"SELECT change_id, {', '.join(columns[1:8])} FROM history WHERE coder = ? ORDER BY change_id", (coder,)
            ).fetchall()
            theirs = [row for row in history if row[2] == coder]
            known.update((row[0], mine[0]) for row, mine in zip(theirs, here, strict=False))
            new.extend(theirs[len(here) :])
        new.sort(key=lambda row: row[0])
        start = conn.execute("SELECT COALESCE(MAX(change_id), 0) + 1 FROM history").fetchone()[0]
        known.update((row[0], start + offset) for offset, row in enumerate(new))
        batches: dict[int, int] = {}
        for row in new:
            batch = row[9] if row[9] is not None else row[0]
            batches.setdefault(batch, known.get(batch, known[row[0]]))
        rows = [
            (known[row[0]], *row[1:8], known.get(row[8]) if row[8] is not None else None,
             batches[row[9] if row[9] is not None else row[0]], row[10])
            for row in new
        ]  # fmt: skip
        return _insert(conn, _TABLE["history"], rows)

    def _replace_state(self, conn: sqlite3.Connection, there: dict[str, list[tuple]], coders: set[str]) -> dict:
        """Make the tags, notes and done marks of ``coders`` those of the merged store."""
        copied = {}
        ids = json.dumps(sorted(coders), ensure_ascii=False)
        for name in STATE_TABLES:
            table = _TABLE[name]
            at = table.columns.index("coder")
            conn.execute(f"DELETE FROM {name} WHERE coder IN (SELECT value FROM json_each(?))", (ids,))
            copied[name] = _insert(conn, table, [row for row in there[name] if row[at] in coders])
        return copied

    def _adopt_plan(self, conn: sqlite3.Connection, plans: list[tuple], rows: list[tuple]) -> int:
        """Copy the merged store's latest assignment when this store has none; return the assignment rows copied."""
        if not plans or conn.execute("SELECT 1 FROM assignment_plans LIMIT 1").fetchone():
            return 0
        latest = plans[-1]
        plan = conn.execute(
            "INSERT INTO assignment_plans (at, coder, unit, coders, overlap, seed) VALUES (?, ?, ?, ?, ?, ?)",
            latest[1:],
        ).lastrowid
        return _insert(conn, _TABLE["assignments"], [(plan, *row[1:]) for row in rows if row[0] == latest[0]])

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


def _insert(conn: sqlite3.Connection, table: Table, rows: list[tuple], *, ignore: bool = False) -> int:
    """Insert ``rows`` (in ``table``'s column order) in one statement over a JSON array; return how many went in."""
    if not rows:
        return 0
    values = ", ".join(f"value ->> {index}" for index in range(len(table.columns)))
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    return conn.execute(
        f"{verb} INTO {table.name} ({', '.join(table.columns)}) SELECT {values} FROM json_each(?)",
        (json.dumps(rows, ensure_ascii=False),),
    ).rowcount


def merge(paths: list[str | os.PathLike], out: str | os.PathLike, *, strict: bool = False) -> list[Merge]:
    """Merge the stores at ``paths``, in order, into the team store ``out``; return what each merge did.

    ``out`` is created when missing, with the codebook of the first store; an existing ``out``
    keeps its own. With ``strict``, the first conflict raises a StoreError (the stores merged
    before it stay merged: merging them again changes nothing).
    """
    from workbench.store._store import TagStore

    if not paths:
        raise StoreError("Name at least one store to merge.")
    target = pathlib.Path(out).expanduser()
    codebook = None if target.exists() else codebook_of(paths[0])
    with TagStore(target, codebook=codebook) as team:
        return [team.merge_from(path, strict=strict) for path in paths]
