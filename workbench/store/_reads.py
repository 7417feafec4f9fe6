"""Reading the tag store: tidy tables of tags, notes and history, and fast per-sentence look-ups.

Table reads (:meth:`~StoreReads.tags`, :meth:`~StoreReads.notes`) cover every coder unless
one is named; per-sentence reads (:meth:`~StoreReads.tags_of`, :meth:`~StoreReads.tagged_ids`...)
default to the store's own coder, as the tagging views show one coder's work.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pandas as pd

from workbench.errors import StoreError
from workbench.store._opening import damaged, is_damage

if TYPE_CHECKING:
    from workbench.corpus import Corpus

SENTENCE_COLUMNS = ("article_id", "position", "text")
"""Columns of ``corpus.sentences`` joined to tags and notes when a corpus is given."""


def _frame(rows: list[tuple], columns: dict[str, str]) -> pd.DataFrame:
    """Build a DataFrame from SQL rows, casting each column (timestamps parsed to naive UTC)."""
    data = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    out = {}
    for (name, dtype), values in zip(columns.items(), data, strict=True):
        if dtype == "datetime":
            parsed = pd.to_datetime(pd.Series(values, dtype="string"), utc=True, format="ISO8601")
            out[name] = parsed.dt.tz_localize(None).astype("datetime64[ns]")
        else:
            out[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out)


def _join_sentences(frame: pd.DataFrame, corpus: Corpus | None) -> pd.DataFrame:
    """Add the sentences' article, position and text; rows of sentences not in the corpus keep missing values."""
    if corpus is None:
        return frame
    sentences = corpus.sentences[["sentence_id", *SENTENCE_COLUMNS]]
    joined = frame.merge(sentences, on="sentence_id", how="left", validate="many_to_one")
    return joined.sort_values(["article_id", "position"], kind="stable", na_position="last").reset_index(drop=True)


class StoreReads:
    """Read methods of :class:`~workbench.store.TagStore`, over its ``_conn`` and ``coder``."""

    _conn: sqlite3.Connection
    _origin: str
    _damage: str | None
    coder: str

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one read and return its rows; a damaged page raises a StoreError that says how to recover."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            self._stop_if_damaged(error)
            raise

    def _stop_if_damaged(self, error: sqlite3.Error) -> None:
        """Raise a StoreError and refuse every later write when ``error`` says the file is damaged."""
        if is_damage(error):
            self._damage = damaged(self._origin, str(error))
            raise StoreError(self._damage) from None

    def _coder_filter(self, coder: str | None) -> tuple[str, tuple[str, ...]]:
        return ("", ()) if coder is None else (" WHERE coder = ?", (coder,))

    def tags(self, corpus: Corpus | None = None, *, coder: str | None = None, versions: bool = False) -> pd.DataFrame:
        """Return the current tags, one row per (sentence, tag, coder), of every coder or of one.

        Returns
        -------
        pandas.DataFrame
            ``sentence_id``, ``tag``, ``coder`` (``string``), ``updated_at`` (naive UTC); with
            ``versions``, also ``codebook_version``, the version of the codebook the tag was given
            under (see ``codebook_versions()``; missing for tags given before versions were kept);
            with a ``corpus``, also ``article_id``, ``position`` and ``text`` of each sentence, sorted
            by article and position (tags of sentences missing from the corpus last, text missing).
        """
        where, params = self._coder_filter(coder)
        columns = {"sentence_id": "string", "tag": "string", "coder": "string", "updated_at": "datetime"}
        version = ""
        if versions:
            version = ", (SELECT rowid FROM codebooks WHERE hash = tags.codebook)"
            columns["codebook_version"] = "Int64"
        rows = self._rows(
            f"SELECT sentence_id, tag, coder, updated_at{version} FROM tags{where} ORDER BY sentence_id, tag, coder",
            params,
        )
        return _join_sentences(_frame(rows, columns), corpus)

    def notes(self, corpus: Corpus | None = None, *, coder: str | None = None) -> pd.DataFrame:
        """Return the current notes: ``sentence_id``, ``coder``, ``note``, ``updated_at`` (joined like :meth:`tags`)."""
        where, params = self._coder_filter(coder)
        rows = self._rows(
            f"SELECT sentence_id, coder, note, updated_at FROM notes{where} ORDER BY sentence_id, coder", params
        )
        frame = _frame(rows, {"sentence_id": "string", "coder": "string", "note": "string", "updated_at": "datetime"})
        return _join_sentences(frame, corpus)

    def history(self) -> pd.DataFrame:
        """Return the append-only audit trail, one row per change, oldest first.

        Returns
        -------
        pandas.DataFrame
            ``change_id``, ``at`` (naive UTC), ``coder``, ``action`` (``add``, ``remove``,
            ``note``, ``done``, ``not_done``), ``sentence_id``, ``tag``, ``note`` (the new note),
            ``previous`` (the note replaced), ``undoes`` (the change an undo reversed) and
            ``batch`` (changes made in one action share it).
        """
        rows = self._rows(
            "SELECT change_id, at, coder, action, sentence_id, tag, note, previous, undoes, "
            "COALESCE(batch, change_id) FROM history ORDER BY change_id"
        )
        columns = {
            "change_id": "int64",
            "at": "datetime",
            "coder": "string",
            "action": "string",
            "sentence_id": "string",
            "tag": "string",
            "note": "string",
            "previous": "string",
            "undoes": "Int64",
            "batch": "int64",
        }
        return _frame(rows, columns)

    def tags_of(self, sentence_id: str, coder: str | None = None) -> set[str]:
        """Return the tags a coder (this store's, by default) has put on one sentence."""
        # "+coder" keeps SQLite on the primary key (sentence_id first) rather than the per-coder index.
        rows = self._rows(
            "SELECT tag FROM tags WHERE sentence_id = ? AND +coder = ?", (sentence_id, coder or self.coder)
        )
        return {row[0] for row in rows}

    def note_of(self, sentence_id: str, coder: str | None = None) -> str:
        """Return a coder's (this store's, by default) note on one sentence, ``""`` when there is none."""
        rows = self._rows(
            "SELECT note FROM notes WHERE sentence_id = ? AND coder = ?", (sentence_id, coder or self.coder)
        )
        return rows[0][0] if rows else ""

    def tagged_ids(self, coder: str | None = None) -> set[str]:
        """Return the ids of sentences with at least one tag from a coder (this store's, by default)."""
        rows = self._rows("SELECT DISTINCT sentence_id FROM tags WHERE coder = ?", (coder or self.coder,))
        return {row[0] for row in rows}

    def done_ids(self, coder: str | None = None) -> set[str]:
        """Return the ids of sentences a coder (this store's, by default) marked done with ``mark_done``."""
        rows = self._rows("SELECT sentence_id FROM done WHERE coder = ?", (coder or self.coder,))
        return {row[0] for row in rows}

    def coders(self) -> list[str]:
        """Return, sorted, every coder with a tag, a note or a done mark in the store."""
        rows = self._rows(
            "SELECT coder FROM tags UNION SELECT coder FROM notes UNION SELECT coder FROM done ORDER BY coder"
        )
        return [row[0] for row in rows]

    def orphans(self, corpus: Corpus) -> pd.DataFrame:
        """Return the tags whose sentence is not in ``corpus.sentences`` (after an edit or a reload).

        Orphans are only reported, never deleted: the columns are those of :meth:`tags`.
        """
        tags = self.tags()
        known = tags["sentence_id"].isin(corpus.sentences["sentence_id"])
        return tags.loc[~known].reset_index(drop=True)
