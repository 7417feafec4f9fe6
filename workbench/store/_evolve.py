"""A codebook that evolves: add, rename, merge and retire tags, each one recorded, undoable change to the store.

Every change is one transaction that writes a new version of the codebook (kept beside the older
ones in the ``codebooks`` table, so each tag row and history row names the version it was made
under), moves the tags it concerns for every coder (as ``remove`` and ``add`` rows of the
history, under each tag's own coder) and appends a row to the append-only ``codebook_changes``
table. ``store.undo()`` takes such a change back whole.

A tag in the store that the codebook no longer has (a retired tag, or one a merged store brought)
stays in the store, in agreement figures, charts and exports: :meth:`~CodebookEditing.unknown_tags`
lists them, and nothing is ever dropped.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from workbench.codebook import Codebook
from workbench.errors import CodebookError, StoreError
from workbench.store._reads import _frame
from workbench.store._records import Change, Row, now

JOIN = "; "
"""How lists of tags or coders are joined in one cell of the tables below."""


class CodebookAction(enum.StrEnum):
    """What a row of the ``codebook_changes`` table did."""

    ADD = "add_tag"
    RENAME = "rename_tag"
    MERGE = "merge_tags"
    RETIRE = "retire_tag"
    UNDO = "undo"


def _with_tags(codebook: Codebook, entries: list[dict[str, Any]]) -> Codebook:
    """Return ``codebook`` with its tags replaced by ``entries`` (checked as a codebook file's tags are)."""
    return Codebook.from_dict(
        {"name": codebook.name, "description": codebook.description, "tags": entries}, origin=codebook.name
    )


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"The {what} must be a non-empty tag name, got {value!r}.")
    return value.strip()


class CodebookEditing:
    """Codebook changes of :class:`~workbench.store.TagStore`, over its connection, codebook and history."""

    _codebook: Codebook
    _version: str
    _pending: list[Change]
    coder: str
    _transaction: Callable[[], Any]
    _record: Callable[..., int]
    _put_codebook: Callable[[sqlite3.Connection, Codebook], str]
    _rows: Callable[..., list[tuple]]
    _notify: Callable[..., dict[str, Any]]

    # -- changes ----------------------------------------------------------------------------

    def add_tag(
        self,
        name: str,
        *,
        description: str = "",
        color: str | None = None,
        key: str | None = None,
        group: str | None = None,
        keywords: Sequence[str] = (),
    ) -> Codebook:
        """Add a tag at the end of the codebook (fields as in a codebook file); return the new codebook.

        Raises
        ------
        CodebookError
            When the codebook has the name already, or a field is malformed (a key in use, a bad colour).
        """
        name = _name(name, "new tag")
        if name in self._codebook.tags:
            raise CodebookError(f"The codebook {self._codebook.name!r} has a tag {name!r} already: pick another name.")
        fields = {"description": description, "color": color, "key": key, "group": group, "keywords": list(keywords)}
        entry = {"name": name} | {field: value for field, value in fields.items() if value not in (None, [])}
        after = _with_tags(self._codebook, [*self._codebook.to_dict()["tags"], entry])
        self._change_codebook(CodebookAction.ADD, [name], after)
        return after

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag in the codebook and on every coder's sentences; return how many tags were renamed.

        The tag keeps its description, colour, key and group. ``old`` may also be a tag the store
        holds but the codebook lacks (brought by a merged store): its tags are renamed and the
        codebook stays as it is.

        Raises
        ------
        CodebookError
            When ``old`` is neither in the codebook nor in the store, or ``new`` is a tag already
            (merge the two with :meth:`merge_tags` instead).

        Examples
        --------
        >>> from workbench.store import TagStore
        >>> store = TagStore(memory=True, coder="ana")
        >>> store.add("s1", "escalation")
        True
        >>> store.rename_tag("escalation", "conflict widens")
        1
        >>> store.tags_of("s1"), store.codebook.tags[0]
        ({'conflict widens'}, 'conflict widens')
        >>> store.undo()["undone"]
        'codebook'
        >>> store.tags_of("s1")
        {'escalation'}
        """
        old, new = _name(old, "tag to rename"), _name(new, "new name")
        if new in self._codebook.tags or new == old:
            raise CodebookError(
                f"The codebook has a tag {new!r} already: to put the tags of {old!r} under it, "
                f"use store.merge_tags([{old!r}], into={new!r})."
            )
        self._check_known([old])
        entries = [tag | {"name": new} if tag["name"] == old else tag for tag in self._codebook.to_dict()["tags"]]
        return self._change_codebook(CodebookAction.RENAME, [old], _with_tags(self._codebook, entries), into=new)

    def merge_tags(self, tags: Iterable[str], into: str) -> int:
        """Put the tags ``tags`` under one tag ``into`` for every coder, and leave only ``into`` in the codebook.

        ``into`` may be one of ``tags``, another tag of the codebook, or a new name (which takes
        the place, description, colour and key of the first of ``tags`` the codebook has). A
        sentence a coder gave two of the merged tags gets ``into`` once. Returns how many tags
        were moved.

        Raises
        ------
        CodebookError
            When ``tags`` is empty or names a tag neither the codebook nor the store has.
        """
        into = _name(into, "tag to merge into")
        sources = list(dict.fromkeys(_name(tag, "tag to merge") for tag in tags))
        if not sources or sources == [into]:
            raise CodebookError(f"Name the tags to merge into {into!r}, e.g. store.merge_tags(['a', 'b'], into='c').")
        self._check_known(sources)
        entries = self._codebook.to_dict()["tags"]
        template = next((tag for tag in entries if tag["name"] in sources), {"name": into})
        kept: list[dict[str, Any]] = []
        for tag in entries:
            if tag["name"] == template["name"] and into not in self._codebook.tags:
                kept.append(template | {"name": into})
            elif tag["name"] == into or tag["name"] not in sources:
                kept.append(tag)
        if into not in [tag["name"] for tag in kept]:
            kept.append({"name": into})
        after = _with_tags(self._codebook, kept)
        return self._change_codebook(CodebookAction.MERGE, sources, after, into=into)

    def retire_tag(self, tag: str) -> Codebook:
        """Take a tag out of the codebook (and off the keys and views) while keeping every tag already given.

        The tags stay in the store, its history, agreement, charts and exports, and are listed by
        :meth:`unknown_tags`; no one can give the tag any more. Returns the new codebook.

        Raises
        ------
        CodebookError
            When the codebook has no such tag, or it is the codebook's last tag.
        """
        tag = _name(tag, "tag to retire")
        self._codebook.check(tag)
        if len(self._codebook.tags) == 1:
            raise CodebookError(f"{tag!r} is the codebook's only tag: add another with store.add_tag(...) first.")
        after = _with_tags(self._codebook, [t for t in self._codebook.to_dict()["tags"] if t["name"] != tag])
        self._change_codebook(CodebookAction.RETIRE, [tag], after)
        return after

    def _check_known(self, names: list[str]) -> None:
        """Raise a CodebookError for a name neither the codebook nor the store's tags have."""
        unknown = [name for name in names if name not in self._codebook.tags]
        if unknown:
            placeholders = ", ".join("?" * len(unknown))
            rows = self._rows(f"SELECT DISTINCT tag FROM tags WHERE tag IN ({placeholders})", tuple(unknown))
            missing = sorted(set(unknown) - {row[0] for row in rows})
            if missing:
                raise CodebookError(
                    f"No tag {', '.join(map(repr, missing))} in the codebook {self._codebook.name!r} or in the "
                    f"store: the codebook has {', '.join(self._codebook.tags)}."
                )

    def _change_codebook(
        self, action: CodebookAction, names: list[str], after: Codebook, *, into: str | None = None
    ) -> int:
        """Make ``after`` the codebook, move the tags ``names`` under ``into`` (when given), record it all once.

        Returns how many tags were moved.
        """
        in_use = self._codebook, self._version
        try:
            with self._transaction() as conn:
                saved = conn.execute("SELECT value FROM settings WHERE key = 'codebook'").fetchone()
                if saved is None or saved[0] != in_use[1]:
                    raise StoreError(
                        "Another notebook changed this store's codebook since it was opened here: open the store "
                        "again (TagStore(path)) to see that codebook, then change it."
                    )
                self._codebook, self._version = after, after.hash()
                batch, moved = self._move_tags(conn, names, into) if into is not None else (None, [])
                self._put_codebook(conn, after)
                listed = json.dumps(names, ensure_ascii=False)
                change = conn.execute(
                    "INSERT INTO codebook_changes (at, coder, action, tags, into_tag, before, after, batch) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (now(), self.coder, action.value, listed, into, in_use[1], self._version, batch),
                ).lastrowid
                self._pending.append(Change(batch, self.coder, change))
        except BaseException:
            self._codebook, self._version = in_use
            raise
        self._notify("codebook", list(dict.fromkeys(sid for sid, _, _ in moved)), None, change=action.value)
        return len(moved)

    def _move_tags(
        self, conn: sqlite3.Connection, sources: list[str], into: str
    ) -> tuple[int | None, list[tuple[str, str, str]]]:
        """Move every coder's tags ``sources`` to ``into`` in set-based statements; return the batch and rows moved."""
        names = json.dumps([tag for tag in sources if tag != into], ensure_ascii=False)
        moved = conn.execute(
            "SELECT sentence_id, tag, coder FROM tags WHERE tag IN (SELECT value FROM json_each(?)) "
            "ORDER BY coder, tag, sentence_id",
            (names,),
        ).fetchall()
        if not moved:
            return None, []
        have = set(conn.execute("SELECT sentence_id, coder FROM tags WHERE tag = ?", (into,)).fetchall())
        added = [pair for pair in dict.fromkeys((sid, coder) for sid, _, coder in moved) if pair not in have]
        conn.execute("DELETE FROM tags WHERE tag IN (SELECT value FROM json_each(?))", (names,))
        conn.execute(
            "INSERT INTO tags SELECT value ->> 0, ?, value ->> 1, ?, ? FROM json_each(?)",
            (into, now(), self._version, json.dumps(added, ensure_ascii=False)),
        )
        batch = self._record(conn, "remove", [Row(sid, tag, coder=coder) for sid, tag, coder in moved], undoable=False)
        if added:
            self._record(conn, "add", [Row(sid, into, coder=coder) for sid, coder in added], batch=batch)
        return batch, moved

    def _restore_codebook(self, conn: sqlite3.Connection, change_id: int) -> Codebook:
        """Make the codebook before change ``change_id`` the one in use again, record that, and return it."""
        action, names, into, before = conn.execute(
            "SELECT action, tags, into_tag, before FROM codebook_changes WHERE change_id = ?", (change_id,)
        ).fetchone()
        body = conn.execute("SELECT body FROM codebooks WHERE hash = ?", (before,)).fetchone()
        if body is None:
            raise StoreError(f"Cannot undo codebook change {change_id} ({action}): its earlier codebook is missing.")
        codebook = Codebook.from_dict(json.loads(body[0]), origin="saved in the tag store")
        self._put_codebook(conn, codebook)
        conn.execute(
            "INSERT INTO codebook_changes (at, coder, action, tags, into_tag, before, after, undoes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), self.coder, CodebookAction.UNDO.value, names, into, self._version, before, change_id),
        )
        return codebook

    # -- reads --------------------------------------------------------------------------------

    def codebook_versions(self) -> pd.DataFrame:
        """Return every codebook the store has used, oldest first, and how many of its tags were made under each.

        Returns
        -------
        pandas.DataFrame
            ``version`` (1 for the first), ``name``, ``saved_at`` (naive UTC), ``tags`` (the tag
            names, ``"a; b"``), ``n_tags`` (tags in the store made under this version),
            ``in_use`` (bool) and ``hash`` (the codebook's content hash).
        """
        made = dict(self._rows("SELECT codebook, COUNT(*) FROM tags WHERE codebook IS NOT NULL GROUP BY codebook"))
        rows = [
            (version, name, saved_at, JOIN.join(t["name"] for t in json.loads(body)["tags"]), made.get(digest, 0),
             digest == self._version, digest)
            for version, digest, name, body, saved_at in self._rows(
                "SELECT rowid, hash, name, body, saved_at FROM codebooks ORDER BY rowid"
            )
        ]  # fmt: skip
        columns = {"version": "int64", "name": "string", "saved_at": "datetime", "tags": "string",
                   "n_tags": "int64", "in_use": "bool", "hash": "string"}  # fmt: skip
        return _frame(rows, columns)

    def codebook_changes(self) -> pd.DataFrame:
        """Return the changes made to the codebook, oldest first (an append-only record, undos included).

        Returns
        -------
        pandas.DataFrame
            ``change_id``, ``at`` (naive UTC), ``coder`` (who made it), ``action`` (``add_tag``,
            ``rename_tag``, ``merge_tags``, ``retire_tag``, ``undo``), ``tags`` (the tags it
            concerned, ``"a; b"``), ``into`` (the new name of a rename or merge), ``version_before``
            and ``version_after`` (see :meth:`codebook_versions`) and ``undoes`` (the change an undo took back).
        """
        rows = self._rows(
            "SELECT c.change_id, c.at, c.coder, c.action, c.tags, c.into_tag, b.rowid, a.rowid, c.undoes "
            "FROM codebook_changes c LEFT JOIN codebooks b ON b.hash = c.before "
            "LEFT JOIN codebooks a ON a.hash = c.after ORDER BY c.change_id"
        )
        rows = [(*row[:4], JOIN.join(json.loads(row[4])), *row[5:]) for row in rows]
        columns = {"change_id": "int64", "at": "datetime", "coder": "string", "action": "string",
                   "tags": "string", "into": "string", "version_before": "Int64", "version_after": "Int64",
                   "undoes": "Int64"}  # fmt: skip
        return _frame(rows, columns)

    def unknown_tags(self) -> pd.DataFrame:
        """Return the tags the store holds that the codebook in use lacks (retired, or brought by a merge).

        They are only reported: their tags stay in the store, in agreement and in exports.

        Returns
        -------
        pandas.DataFrame
            ``tag``, ``n_tags`` (rows of :meth:`tags`), ``n_sentences``, ``coders`` (``"a; b"``)
            and ``last_version``: the newest codebook version that had the tag (missing when none did).
        """
        known = set(self._codebook.tags)
        counts = self._rows(
            "SELECT tag, COUNT(*), COUNT(DISTINCT sentence_id), json_group_array(DISTINCT coder) FROM tags "
            "GROUP BY tag ORDER BY tag"
        )
        versions = self._rows("SELECT rowid, body FROM codebooks ORDER BY rowid")
        last = {t["name"]: version for version, body in versions for t in json.loads(body)["tags"]}
        rows = [
            (tag, n, n_sentences, JOIN.join(sorted(json.loads(coders))), last.get(tag))
            for tag, n, n_sentences, coders in counts
            if tag not in known
        ]
        columns = {"tag": "string", "n_tags": "int64", "n_sentences": "int64", "coders": "string",
                   "last_version": "Int64"}  # fmt: skip
        return _frame(rows, columns)
