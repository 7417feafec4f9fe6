"""The ``TagStore``: tags, notes and done marks per coder in SQLite, every change committed at once.

One class around one ``sqlite3`` connection (WAL mode, a busy timeout, ``synchronous=FULL``).
Each change runs in its own ``BEGIN IMMEDIATE`` transaction that updates the current state and
appends to the ``history`` table, so two notebooks can tag the same file and a killed kernel
loses nothing that was committed. Opening checks the path, that the file is a tag store and that
it is whole (:mod:`workbench.store._opening`); once a damaged page is met, nothing more is written.
Reads live in :mod:`workbench.store._reads`; backups and recovery in :mod:`workbench.store._copies`.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import pathlib
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from workbench.codebook import Codebook
from workbench.errors import StoreError
from workbench.store import _copies, _opening
from workbench.store._assigned import Assigned
from workbench.store._copies import Recovery
from workbench.store._corrections import CORRECTION_ACTION, Correcting
from workbench.store._evolve import CodebookEditing
from workbench.store._merge import Merging
from workbench.store._opening import BUSY_TIMEOUT_MS
from workbench.store._reads import StoreReads
from workbench.store._records import Change, Recorded, Row, now

UNDO_DEPTH = 10_000
"""How many of its own changes a store object can undo, newest first."""

MAX_NOTE_CHARS = 32_767
"""The most characters a note may hold: as many as a spreadsheet cell, so every export keeps a note whole.

A note is written twice (the note, and the change in the history) and read back by every
summary; a longer text (a pasted file) is refused before it is copied anywhere.
"""

FALLBACK_CODER = "coder"
"""The coder name used when the operating-system user cannot be found."""

TAG_INVERSES = {"add": "remove", "remove": "add"}
"""The tag change that undoes each tag change; undo reverses a bulk change with one statement per tag."""

Event = dict[str, Any]
"""What subscribers receive: ``action``, ``sentence_id``, ``sentence_ids``, ``tag``, ``coder``."""


def default_coder() -> str:
    """Return the operating-system user name, or :data:`FALLBACK_CODER` when there is none."""
    try:
        return getpass.getuser() or FALLBACK_CODER
    except (OSError, KeyError, ImportError):
        return FALLBACK_CODER


class TagStore(Correcting, CodebookEditing, Merging, Assigned, StoreReads):
    """Tags, notes and done marks of sentences by coder, kept in an SQLite file that never loses a change.

    Parameters
    ----------
    path
        The SQLite file; created (with its folder) when missing. The folder must be writable
        (WAL mode keeps ``-wal`` and ``-shm`` files beside the store). An existing file must be
        a tag store (another application's database is refused, unchanged) and pass
        ``PRAGMA quick_check``; a damaged one is refused with the way to :meth:`recover` it.
    coder
        Who is coding; defaults to the operating-system user. Settable: ``store.coder = "ana"``.
    codebook
        The codebook tags are checked against. When omitted, the codebook saved in the store
        by an earlier session is used, else :meth:`Codebook.default`. The codebook in use is
        saved in the store, so a later session knows what the tags meant.
    memory
        Keep everything in memory (for tests); ``path`` is then ignored.

    Examples
    --------
    >>> store = TagStore(memory=True, coder="ana")
    >>> store.toggle("s1", "escalation")
    True
    >>> store.tags_of("s1")
    {'escalation'}
    >>> store.undo()["action"]
    'undo'
    >>> store.tags_of("s1")
    set()
    """

    def __init__(
        self,
        path: str | os.PathLike = "workbench.sqlite",
        coder: str | None = None,
        codebook: Codebook | None = None,
        *,
        memory: bool = False,
    ) -> None:
        self.path: pathlib.Path | None = None if memory else pathlib.Path(path).expanduser()
        self.coder = default_coder() if coder is None else coder
        self._subscribers: list[Callable[[Event], None]] = []
        self._write_lock = threading.RLock()
        self._origin = ":memory:" if self.path is None else str(self.path)
        self._damage: str | None = None
        self._made: deque[Change] = deque(maxlen=UNDO_DEPTH)
        self._pending: list[Change] = []
        self._closed = False
        self._conn = self._connect()
        saved = self._saved_codebook()
        self._codebook = codebook or saved or Codebook.default()
        self._version = self._codebook.hash()
        if saved is None or saved.hash() != self._version:
            self._save_codebook(self._codebook)

    # -- lifecycle ----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        return _opening.connect(self.path)

    def close(self) -> None:
        """Close the connection, first copying the changes waiting in the ``-wal`` file into the store's file.

        Every change is already committed, so nothing is lost either way; the checkpoint makes
        the ``.sqlite`` file complete on its own, even while other notebooks keep the store open.
        A store found damaged skips this checkpoint (SQLite still copies committed changes in
        when the last connection to the file closes).
        """
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            if self.path is not None and self._damage is None:
                with contextlib.suppress(sqlite3.Error):
                    _copies.checkpoint(self._conn, busy_timeout_ms=BUSY_TIMEOUT_MS)
            self._conn.close()

    def backup(self, path: str | os.PathLike, *, overwrite: bool = False) -> pathlib.Path:
        """Write a complete copy of the store, in use or not, to the file ``path``; return its path.

        Use it rather than copying the ``.sqlite`` file while a notebook has the store open: the
        newest changes may still wait in the ``-wal`` file beside it. The store is checkpointed
        first, then copied with SQLite's online backup API into a temporary file that replaces
        ``path`` only when complete; the copy is one file that opens on its own.

        Raises
        ------
        StoreError
            When ``path`` exists and ``overwrite`` is False, sits beside another store's ``-wal``
            or ``-shm`` file, or the store turns out damaged (then use :meth:`recover`).
        """
        target = pathlib.Path(path).expanduser()
        with self._write_lock:
            if self.path is not None and self._damage is None:
                _copies.checkpoint(self._conn, busy_timeout_ms=BUSY_TIMEOUT_MS)
            try:
                return _copies.backup(self._conn, target, overwrite=overwrite)
            except sqlite3.DatabaseError as error:
                self._stop_if_damaged(error)
                raise

    @staticmethod
    def recover(path: str | os.PathLike, out: str | os.PathLike) -> Recovery:
        """Copy what can still be read from a damaged store into a new store at ``out``; the damaged file is only read.

        Every readable row of the tags, notes, done marks, history and saved codebooks is copied;
        when pages of the tags, notes or done marks are lost but the history is whole, those
        tables are rebuilt by replaying the history. Open the new store with ``TagStore(out)``.

        Returns
        -------
        Recovery
            ``path`` of the new store, ``copied`` rows per table, the ``incomplete`` tables of
            the damaged store and the tables ``rebuilt`` from the history.

        Raises
        ------
        StoreError
            When ``out`` exists, or nothing of the store can be read.
        """
        return _copies.recover(pathlib.Path(path).expanduser(), pathlib.Path(out).expanduser())

    def __enter__(self) -> TagStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = ":memory:" if self.path is None else str(self.path)
        return f"<TagStore {where!r} coder={self.coder!r} codebook={self._codebook.name!r}>"

    @property
    def coder(self) -> str:
        """The coder whose changes this store records."""
        return self._coder

    @coder.setter
    def coder(self, name: str) -> None:
        if not isinstance(name, str) or not name.strip():
            raise StoreError(f"A coder name must be a non-empty string, got {name!r}; e.g. store.coder = 'ana'.")
        self._coder = name.strip()

    @property
    def codebook(self) -> Codebook:
        """The codebook tags are checked against; setting it saves it in the store."""
        return self._codebook

    @codebook.setter
    def codebook(self, codebook: Codebook) -> None:
        self._save_codebook(codebook)
        self._codebook, self._version = codebook, codebook.hash()

    def _saved_codebook(self) -> Codebook | None:
        rows = self._rows("SELECT c.body FROM settings s JOIN codebooks c ON c.hash = s.value WHERE s.key = 'codebook'")
        return Codebook.from_dict(json.loads(rows[0][0]), origin="saved in the tag store") if rows else None

    def _save_codebook(self, codebook: Codebook) -> None:
        with self._transaction() as conn:
            self._put_codebook(conn, codebook)

    def _put_codebook(self, conn: sqlite3.Connection, codebook: Codebook) -> str:
        """Keep ``codebook`` as a version of the store's codebook (once per content) and make it the one in use."""
        body = json.dumps(codebook.to_dict(), ensure_ascii=False)
        version = codebook.hash()
        conn.execute("INSERT OR IGNORE INTO codebooks VALUES (?, ?, ?, ?)", (version, codebook.name, body, now()))
        conn.execute("INSERT OR REPLACE INTO settings VALUES ('codebook', ?)", (version,))
        return version

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one write transaction taken at once (``BEGIN IMMEDIATE``) and committed.

        A store found damaged refuses the write; an SQLite error that reveals damage becomes a
        StoreError and stops every later write. Changes recorded in the block become undoable
        once it is committed.
        """
        with self._write_lock:
            if self._damage is not None:
                raise StoreError(self._damage)
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                self._stop_if_damaged(error)
                raise
            finally:
                committed, self._pending = self._pending, []
            self._made.extend(committed)

    # -- observers ----------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after every committed change made through this store; return an unsubscribe.

        ``event`` has ``action``, ``sentence_id`` (None for bulk changes), ``sentence_ids``,
        ``tag`` and ``coder``. An error in a callback is raised after all callbacks ran (the
        change itself is committed).
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def _notify(self, action: str, sentence_ids: list[str], tag: str | None, **extra: Any) -> Event:
        event: Event = {
            "action": action,
            "sentence_id": sentence_ids[0] if len(sentence_ids) == 1 else None,
            "sentence_ids": sentence_ids,
            "tag": tag,
            "coder": self.coder,
            **extra,
        }
        errors = []
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception as error:
                errors.append(error)
        if errors:
            raise errors[0]
        return event

    # -- changes ------------------------------------------------------------------------------

    def _record(
        self,
        conn: sqlite3.Connection,
        action: str,
        rows: Iterable[Row],
        *,
        undoable: bool = True,
        batch: int | None = None,
    ) -> int:
        """Append history rows as one batch, under the codebook in use, and return the batch.

        Passing the ``batch`` of an earlier call in the same transaction adds rows of another
        action to it, so one undo takes both back. An ``undoable`` new batch (every change but an
        undo) is what :meth:`undo` takes back once committed.
        """
        if batch is None:
            batch = self._new_batch(conn, undoable=undoable)
        # One INSERT ... SELECT over a JSON array: about twice as fast as executemany at 100,000 rows.
        conn.execute(
            "INSERT INTO history (at, coder, action, sentence_id, tag, note, previous, undoes, batch, codebook) "
            "SELECT ?, COALESCE(value ->> 5, ?), ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, "
            "?, ? FROM json_each(?)",
            (now(), self.coder, action, batch, self._version, json.dumps(list(rows), ensure_ascii=False)),
        )
        return batch

    def _new_batch(self, conn: sqlite3.Connection, *, undoable: bool) -> int:
        """Return the number of a new history batch; :meth:`undo` takes back an ``undoable`` one once committed."""
        batch = conn.execute("SELECT COALESCE(MAX(change_id), 0) + 1 FROM history").fetchone()[0]
        if undoable:
            self._pending.append(Change(batch, self.coder))
        return batch

    def _check_id(self, sentence_id: str) -> str:
        if not isinstance(sentence_id, str) or not sentence_id:
            raise StoreError(f"A sentence id must be a non-empty string (a corpus sentence_id), got {sentence_id!r}.")
        return sentence_id

    def add(self, sentence_id: str, tag: str) -> bool:
        """Tag a sentence for this coder; return True when the tag was not there before."""
        return self.add_many([sentence_id], tag) == 1

    def remove(self, sentence_id: str, tag: str) -> bool:
        """Remove a tag of this coder from a sentence; return True when it was there."""
        return self.remove_many([sentence_id], tag) == 1

    def toggle(self, sentence_id: str, tag: str) -> bool:
        """Switch a tag of this coder on a sentence on or off; return True when it is now on."""
        self._check_id(sentence_id)
        self._codebook.check(tag)
        with self._transaction() as conn:
            removed = conn.execute(
                "DELETE FROM tags WHERE sentence_id = ? AND tag = ? AND coder = ?", (sentence_id, tag, self.coder)
            ).rowcount
            if not removed:
                conn.execute(
                    "INSERT INTO tags VALUES (?, ?, ?, ?, ?)", (sentence_id, tag, self.coder, now(), self._version)
                )
            action = "remove" if removed else "add"
            self._record(conn, action, [Row(sentence_id, tag)])
        self._notify(action, [sentence_id], tag)
        return not removed

    def add_many(self, sentence_ids: Iterable[str], tag: str) -> int:
        """Tag many sentences in one transaction; return how many did not have the tag before."""
        return self._change_many("add", sentence_ids, tag)

    def remove_many(self, sentence_ids: Iterable[str], tag: str) -> int:
        """Remove a tag from many sentences in one transaction; return how many had it."""
        return self._change_many("remove", sentence_ids, tag)

    def _change_many(self, action: str, sentence_ids: Iterable[str], tag: str) -> int:
        ids = [self._check_id(sid) for sid in dict.fromkeys(sentence_ids)]
        self._codebook.check(tag)
        with self._transaction() as conn:
            have = {
                row[0]
                for row in conn.execute("SELECT sentence_id FROM tags WHERE coder = ? AND tag = ?", (self.coder, tag))
            }
            todo = [sid for sid in ids if (sid in have) == (action == "remove")]
            if todo:
                # The ids travel once, as one JSON array, to both statements: no Python object per row.
                listed = json.dumps(todo, ensure_ascii=False)
                self._write_tags(conn, action, listed, tag)
                batch = self._new_batch(conn, undoable=True)
                conn.execute(
                    "INSERT INTO history (at, coder, action, sentence_id, tag, batch, codebook) "
                    "SELECT ?, ?, ?, value, ?, ?, ? FROM json_each(?)",
                    (now(), self.coder, action, tag, batch, self._version, listed),
                )
        if todo:
            self._notify(action, todo, tag)
        return len(todo)

    def _write_tags(self, conn: sqlite3.Connection, action: str, listed: str, tag: str) -> None:
        """Add (``action`` "add") or remove one tag of this store's coder on the sentences of a JSON array."""
        if action == "add":
            conn.execute(
                "INSERT OR IGNORE INTO tags SELECT value, ?, ?, ?, ? FROM json_each(?)",
                (tag, self.coder, now(), self._version, listed),
            )
        else:
            conn.execute(
                "DELETE FROM tags WHERE tag = ? AND coder = ? AND sentence_id IN (SELECT value FROM json_each(?))",
                (tag, self.coder, listed),
            )

    def set_note(self, sentence_id: str, text: str) -> None:
        """Set this coder's note on a sentence; empty (or blank) text clears it.

        Raises
        ------
        StoreError
            When the note is longer than :data:`MAX_NOTE_CHARS` characters; nothing is written.
        """
        self._check_id(sentence_id)
        text = "" if text is None else str(text)
        if len(text) > MAX_NOTE_CHARS:
            raise StoreError(
                f"The note on {sentence_id!r} has {len(text):,} characters, more than a note may hold "
                f"({MAX_NOTE_CHARS:,} characters, as many as a spreadsheet cell holds). Keep a long text in a "
                "file of its own and note its name, or shorten the note."
            )
        text = text if text.strip() else ""
        with self._transaction() as conn:
            previous = self._write_note(conn, sentence_id, text)
            changed = previous != text
            if changed:
                self._record(conn, "note", [Row(sentence_id, note=text, previous=previous)])
        if changed:
            self._notify("note", [sentence_id], None, note=text)

    def _write_note(self, conn: sqlite3.Connection, sentence_id: str, text: str) -> str:
        """Store (or clear, for blank text) a note of this coder and return the note it replaced."""
        row = conn.execute(
            "SELECT note FROM notes WHERE sentence_id = ? AND coder = ?", (sentence_id, self.coder)
        ).fetchone()
        if text.strip():
            conn.execute("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", (sentence_id, self.coder, text, now()))
        else:
            conn.execute("DELETE FROM notes WHERE sentence_id = ? AND coder = ?", (sentence_id, self.coder))
        return "" if row is None else row[0]

    def mark_done(self, sentence_id: str) -> bool:
        """Record that this coder has coded a sentence, even with no tag; return True when it is new."""
        self._check_id(sentence_id)
        with self._transaction() as conn:
            added = conn.execute(
                "INSERT OR IGNORE INTO done VALUES (?, ?, ?)", (sentence_id, self.coder, now())
            ).rowcount
            if added:
                self._record(conn, "done", [Row(sentence_id)])
        if added:
            self._notify("done", [sentence_id], None)
        return bool(added)

    def undo(self) -> Event | None:
        """Undo the last change made through this store object by its coder (a bulk change as a whole).

        Only this object's changes are undone, newest first (up to :data:`UNDO_DEPTH` of them):
        never those of another notebook open on the same file, even under the same coder, nor
        those of an earlier session. A change to the codebook (:meth:`rename_tag` and the like)
        is undone whole: the codebook before it is in use again and every tag it moved is back.
        Returns None when there is nothing left to undo.

        The undo is itself appended to the history (rows whose ``undoes`` names the change),
        so the audit trail keeps both. Returns the event sent to subscribers, with ``action``
        ``"undo"`` and ``undone`` the action it reversed (``"codebook"`` for a codebook change).
        """
        with self._write_lock:
            mine = next((change for change in reversed(self._made) if change.coder == self.coder), None)
            if mine is None:
                return None
            in_use = self._codebook, self._version
            try:
                with self._transaction() as conn:
                    if mine.codebook_change is not None:
                        self._codebook = self._restore_codebook(conn, mine.codebook_change)
                        self._version = self._codebook.hash()
                    changes = self._reverse_batch(conn, mine.batch)
            except BaseException:
                self._codebook, self._version = in_use
                raise
            self._made.remove(mine)
        undone = "codebook" if mine.codebook_change is not None else changes[0][0]
        tags = {tag for _, _, tag in changes}
        ids = list(dict.fromkeys(sentence_id for _, sentence_id, _ in changes))
        return self._notify("undo", ids, tags.pop() if len(tags) == 1 else None, undone=undone)

    def _reverse_batch(self, conn: sqlite3.Connection, batch: int | None) -> list[tuple[str, str, str | None]]:
        """Apply the inverse of every change of a history batch and record it; return the changes reversed.

        Each change is returned as ``(action, sentence_id, tag)`` in the order it was made. Tag
        changes, which a bulk change makes by the hundred thousand, are reversed and recorded by
        statements that read the batch inside SQLite (removes first, then adds, each in the order
        of the changes), so no row passes through Python but the list returned.
        """
        if batch is None:
            return []
        tagged = tuple(TAG_INVERSES)
        others = [
            Recorded(*row)
            for row in conn.execute(
                "SELECT change_id, action, sentence_id, tag, note, previous, coder FROM history "
                f"WHERE batch = ? AND action NOT IN {tagged} ORDER BY change_id",
                (batch,),
            )
        ]
        inverse = [self._reverse(conn, change) for change in others]
        for action in dict.fromkeys(action for action, _ in inverse):
            self._record(conn, action, [row for a, row in inverse if a == action], undoable=False)
        # One JSON array of sentence ids per action and tag: a bulk change's ids reach Python in one string.
        changes: list[tuple[str, str, str | None]] = []
        kinds = conn.execute(
            "SELECT action, tag FROM history WHERE batch = ? GROUP BY action, tag ORDER BY MIN(change_id)", (batch,)
        ).fetchall()
        for action, tag in kinds:
            (listed,) = conn.execute(
                "SELECT json_group_array(sentence_id) FROM history WHERE batch = ? AND action = ? AND tag IS ?",
                (batch, action, tag),
            ).fetchone()
            changes += [(action, sentence_id, tag) for sentence_id in json.loads(listed)]
        stamp = now()
        conn.execute(
            "DELETE FROM tags WHERE (sentence_id, tag, coder) IN "
            "(SELECT sentence_id, tag, coder FROM history WHERE batch = ? AND action = 'add')",
            (batch,),
        )
        conn.execute(
            "INSERT OR IGNORE INTO tags SELECT sentence_id, tag, coder, ?, ? FROM history "
            "WHERE batch = ? AND action = 'remove'",
            (stamp, self._version, batch),
        )
        for done in tagged:
            if any(action == done for action, _, _ in changes):
                conn.execute(
                    "INSERT INTO history (at, coder, action, sentence_id, tag, undoes, batch, codebook) "
                    "SELECT ?, coder, ?, sentence_id, tag, change_id, ?, ? FROM history "
                    "WHERE batch = ? AND action = ? ORDER BY change_id",
                    (stamp, TAG_INVERSES[done], self._new_batch(conn, undoable=False), self._version, batch, done),
                )
        return changes

    def _reverse(self, conn: sqlite3.Connection, change: Recorded) -> tuple[str, Row]:
        """Apply the inverse of one recorded note, done mark or correction; return the history row that records it."""
        if change.action == "note":
            replaced = self._write_note(conn, change.sentence_id, change.previous or "")
            restored = change.previous or ""
            return "note", Row(change.sentence_id, note=restored, previous=replaced, undoes=change.change_id)
        if change.action == "done":
            conn.execute("DELETE FROM done WHERE sentence_id = ? AND coder = ?", (change.sentence_id, self.coder))
            return "not_done", Row(change.sentence_id, undoes=change.change_id)
        if change.action == CORRECTION_ACTION:
            return CORRECTION_ACTION, self._reverse_correction(conn, change)
        raise StoreError(f"Cannot undo change {change.change_id}: unknown action {change.action!r} in the history.")
