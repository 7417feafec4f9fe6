"""The ``TagStore``: tags, notes and done marks per coder in SQLite, every change committed at once.

One class around one ``sqlite3`` connection (WAL mode, a busy timeout, ``synchronous=FULL``).
Each change runs in its own ``BEGIN IMMEDIATE`` transaction that updates the current state and
appends to the ``history`` table, so two notebooks can tag the same file and a killed kernel
loses nothing that was committed. Opening checks the path, that the file is a tag store and that
it is whole (:mod:`workbench.store._opening`); once a damaged page is met, nothing more is written.
Tags, notes and done marks are written by :mod:`workbench.store._tagging`, history and undo by
:mod:`workbench.store._history`; reads live in :mod:`workbench.store._reads`; backups and recovery
in :mod:`workbench.store._copies`.
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
from collections.abc import Callable, Iterator
from typing import Any

from workbench.codebook import Codebook
from workbench.errors import StoreError
from workbench.store import _copies, _opening
from workbench.store._assigned import Assigned
from workbench.store._copies import Recovery
from workbench.store._corrections import Correcting
from workbench.store._evolve import CodebookEditing
from workbench.store._history import UNDO_DEPTH, History
from workbench.store._merge import Merging
from workbench.store._opening import BUSY_TIMEOUT_MS
from workbench.store._reads import StoreReads
from workbench.store._records import Change, Event, now
from workbench.store._source import saved_codebook
from workbench.store._tagging import Tagging

FALLBACK_CODER = "coder"
"""The coder name used when the operating-system user cannot be found."""


def default_coder() -> str:
    """Return the operating-system user name, or :data:`FALLBACK_CODER` when there is none."""
    try:
        return getpass.getuser() or FALLBACK_CODER
    except (OSError, KeyError, ImportError):
        return FALLBACK_CODER


class TagStore(Tagging, History, Correcting, CodebookEditing, Merging, Assigned, StoreReads):
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
        """Return the codebook saved by an earlier session, None without one; a damaged page raises a StoreError."""
        try:
            return saved_codebook(self._conn)
        except sqlite3.DatabaseError as error:
            self._stop_if_damaged(error)
            raise

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
