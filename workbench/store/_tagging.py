"""Tags, notes and done marks of a ``TagStore``: the changes a coder makes while coding.

Each change runs in one transaction that updates the current state and appends to the history
(:mod:`workbench.store._history`), then tells the store's subscribers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from workbench.codebook import Codebook
from workbench.errors import StoreError
from workbench.store._records import Event, Row, now

MAX_NOTE_CHARS = 32_767
"""The most characters a note may hold: as many as a spreadsheet cell, so every export keeps a note whole.

A note is written twice (the note, and the change in the history) and read back by every
summary; a longer text (a pasted file) is refused before it is copied anywhere.
"""


class Tagging:
    """Tagging, notes and done marks of :class:`~workbench.store.TagStore`."""

    coder: str
    _codebook: Codebook
    _version: str
    _transaction: Callable[[], Any]
    _record: Callable[..., int]
    _new_batch: Callable[..., int]
    _notify: Callable[..., Event]

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
