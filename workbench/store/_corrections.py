"""Corrections of the extracted actors and claims, kept in the tag store like tags.

A correction says what a person decided about one actor mention or one claim of a sentence:
it is wrong (:meth:`~Correcting.reject`), or some of its columns should read otherwise, or it
was missed (:meth:`~Correcting.correct`). It is keyed by sentence id, kind and the character
offsets into the article text that ``mentions`` (``start``, ``end``) and ``claims`` (the cue's
``cue_start``, ``cue_end``) use, so it re-attaches after a reload as a tag does. Each
correction is one change of the coder who made it: written with the history row that records
it in one transaction, undone by ``undo``, merged with her history by ``merge_from``.
:mod:`workbench.corrections` applies them to the tables.
"""

from __future__ import annotations

import csv
import json
import numbers
import os
import pathlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench.corrections import NOT_AN_ACTOR, Kind, Verdict
from workbench.errors import StoreError
from workbench.store._records import Recorded, Row, now

if TYPE_CHECKING:
    from workbench.corpus import Corpus


FIELDS: dict[Kind, frozenset[str]] = {
    Kind.ACTOR: frozenset({"actor", "actor_type", "code", "surface"}),
    Kind.CLAIM: frozenset(
        {
            "source",
            "source_actor",
            "cue",
            "content",
            "hedged",
            "cue_type",
            "source_start",
            "source_end",
            "content_start",
            "content_end",
        }
    ),
}
"""The columns a correction of each kind may set, as named in the ``mentions`` and ``claims`` tables."""

CORRECTION_ACTION = "correct"
"""The history action of every change to a correction (made, changed, or taken back by an undo)."""

COLUMNS = {
    "kind": "string",
    "sentence_id": "string",
    "start": "int64",
    "end": "int64",
    "coder": "string",
    "verdict": "string",
    "everywhere": "bool",
    "fields": "object",
    "updated_at": "datetime",
}
"""Columns of :meth:`Correcting.corrections`; ``fields`` holds a dict of the columns set."""


def _kind(kind: str | Kind) -> Kind:
    try:
        return Kind(kind)
    except ValueError:
        raise StoreError(f"A correction is of kind 'actor' or 'claim', got {kind!r}.") from None


def _span(start: object, end: object) -> tuple[int, int]:
    """Return the offsets as ints (a table's cells are NumPy integers), or raise when they are no span."""
    integral = all(isinstance(v, numbers.Integral) and not isinstance(v, bool | np.bool_) for v in (start, end))
    if not integral or not 0 <= int(start) < int(end):
        raise StoreError(
            f"A correction's start and end are offsets into the article text with 0 <= start < end, got "
            f"{start!r} and {end!r}; take them from the mentions (start, end) or claims (cue_start, cue_end) table."
        )
    return int(start), int(end)


def _plain(value: Any) -> Any:
    """Return a NumPy scalar (a value read from a table) as the Python value it holds, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


class Correcting:
    """The correction methods of :class:`~workbench.store.TagStore`."""

    coder: str
    _transaction: Callable[[], Any]
    _record: Callable[..., int]
    _notify: Callable[..., Any]
    _rows: Callable[..., list[tuple]]
    _check_id: Callable[[str], str]

    def correct(self, kind: str | Kind, sentence_id: str, start: int, end: int, **fields: Any) -> None:
        """Record that the actor mention or claim at ``start:end`` of a sentence should have these column values.

        When the tables have no such mention (or claim), it was missed: applying the correction
        adds it. Correcting the same span again replaces the earlier correction (one undo brings
        it back).

        Parameters
        ----------
        kind
            ``"actor"`` (``start``, ``end`` as in ``mentions``) or ``"claim"`` (the cue's
            ``cue_start``, ``cue_end`` as in ``claims``).
        fields
            Column values: for an actor ``actor`` (the same actor as...), ``actor_type``,
            ``code``, ``surface``; for a claim ``source``, ``source_actor``, ``source_start``,
            ``source_end``, ``content``, ``content_start``, ``content_end``, ``cue``, ``hedged``,
            ``cue_type``. Texts left out of an added row are read from the article text at the offsets.

        Raises
        ------
        StoreError
            When the kind, the offsets or a field name is wrong, or no field is given.
        """
        kind = _kind(kind)
        unknown = sorted(set(fields) - FIELDS[kind])
        if unknown or not fields:
            raise StoreError(
                f"A correction of {kind.value!r} sets some of the columns {', '.join(sorted(FIELDS[kind]))}; got "
                f"{', '.join(unknown) or 'none'}. To say it is no {kind.value} at all, use store.reject(...)."
            )
        plain = {name: _plain(value) for name, value in fields.items()}
        self._put(kind, sentence_id, start, end, Verdict.CORRECT, plain, everywhere=False)

    def reject(
        self, kind: str | Kind, sentence_id: str, start: int, end: int, *, everywhere: bool = False, surface: str = ""
    ) -> None:
        """Record that the actor mention or claim at ``start:end`` of a sentence is not one.

        With ``everywhere`` (actors only), every mention written ``surface`` in the corpus is
        not an actor, and :meth:`corrections_as_actors_file` keeps that for other corpora.

        Raises
        ------
        StoreError
            When the kind or offsets are wrong, or ``everywhere`` is given without the ``surface``
            or for a claim.
        """
        kind = _kind(kind)
        if everywhere and (kind is not Kind.ACTOR or not surface.strip()):
            raise StoreError(
                "store.reject(..., everywhere=True) is for actors, with the words of the mention: "
                "surface='the words', as in the mentions table."
            )
        fields = {"surface": surface.strip()} if surface.strip() else {}
        self._put(kind, sentence_id, start, end, Verdict.REJECT, fields, everywhere=everywhere)

    def _put(
        self,
        kind: Kind,
        sentence_id: str,
        start: int,
        end: int,
        verdict: Verdict,
        fields: dict[str, Any],
        *,
        everywhere: bool,
    ) -> None:
        self._check_id(sentence_id)
        start, end = _span(start, end)
        state = {"kind": kind.value, "start": start, "end": end, "verdict": verdict.value,
                 "everywhere": everywhere, "fields": fields}  # fmt: skip
        with self._transaction() as conn:
            previous = self._write_correction(conn, sentence_id, state)
            self._record(conn, CORRECTION_ACTION, [Row(sentence_id, None, _dump(state), _dump(previous))])
        self._notify(CORRECTION_ACTION, [sentence_id], None, kind=kind.value, start=start, end=end)

    def _write_correction(
        self, conn: sqlite3.Connection, sentence_id: str, state: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Make one correction of this coder what ``state`` says (none for verdict None); return the one replaced."""
        key = (state["kind"], sentence_id, state["start"], state["end"], self.coder)
        where = "kind = ? AND sentence_id = ? AND span_start = ? AND span_end = ? AND coder = ?"
        row = conn.execute(f"SELECT verdict, everywhere, fields FROM corrections WHERE {where}", key).fetchone()
        previous = None
        if row is not None:
            previous = {**state, "verdict": row[0], "everywhere": bool(row[1]), "fields": json.loads(row[2])}
        conn.execute(f"DELETE FROM corrections WHERE {where}", key)
        if state["verdict"] is not None:
            conn.execute(
                "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, state["verdict"], int(state["everywhere"]), _dump(state["fields"]), now()),
            )
        return previous

    def _reverse_correction(self, conn: sqlite3.Connection, change: Recorded) -> Row:
        """Put back the correction a recorded change replaced; return the history row recording that."""
        made = json.loads(change.note)
        before = json.loads(change.previous) if change.previous else {**made, "verdict": None}
        replaced = self._write_correction(conn, change.sentence_id, before)
        return Row(change.sentence_id, None, _dump(before), _dump(replaced), undoes=change.change_id)

    def corrections(self, corpus: Corpus | None = None, *, coder: str | None = None) -> pd.DataFrame:
        """Return the current corrections, one row per (kind, sentence, span, coder), of every coder or of one.

        Returns
        -------
        pandas.DataFrame
            ``kind``, ``sentence_id``, ``start``, ``end``, ``coder``, ``verdict`` (``correct`` or
            ``reject``), ``everywhere``, ``fields`` (a dict of the columns set), ``updated_at``.
            With a ``corpus``, also ``found``: False for a correction whose sentence is not in the
            corpus (edited or removed since), listed so that none is lost in silence.
        """
        from workbench.store._reads import _frame

        where, params = ("", ()) if coder is None else (" WHERE coder = ?", (coder,))
        rows = self._rows(
            "SELECT kind, sentence_id, span_start, span_end, coder, verdict, everywhere, fields, updated_at "
            f"FROM corrections{where} ORDER BY sentence_id, span_start, span_end, kind, coder",
            params,
        )
        frame = _frame([(*row[:6], bool(row[6]), json.loads(row[7]), row[8]) for row in rows], COLUMNS)
        if corpus is not None:
            frame["found"] = frame["sentence_id"].isin(corpus.sentences["sentence_id"]).astype(bool)
        return frame

    def reviewed_ids(self, coder: str | None = None) -> set[str]:
        """Return the sentences a coder (every coder by default) marked done or corrected anything in."""
        where, params = ("", ()) if coder is None else (" WHERE coder = ?", (coder,))
        rows = self._rows(f"SELECT sentence_id FROM done{where} UNION SELECT sentence_id FROM corrections{where}",
                          params * 2)  # fmt: skip
        return {row[0] for row in rows}

    def corrections_as_actors_file(self, path: str | os.PathLike) -> pathlib.Path:
        """Write the actor decisions as an actors file that ``workbench.load(..., actors=path)`` takes on a new corpus.

        One row per actor named or retyped in a correction, its corrected surfaces as aliases;
        a surface rejected ``everywhere`` gets the type :data:`NOT_AN_ACTOR`, whose mentions
        ``load`` drops. Only corrections that carry the mention's ``surface`` can be reused.

        Returns
        -------
        pathlib.Path
            The file written (UTF-8 CSV: ``actor``, ``actor_type``, ``code``, ``aliases``).
        """
        table = self.corrections()
        actors = table[table["kind"] == Kind.ACTOR.value]
        rows: dict[str, dict[str, Any]] = {}
        for verdict, everywhere, fields in zip(actors["verdict"], actors["everywhere"], actors["fields"], strict=True):
            surface = fields.get("surface", "")
            if verdict == Verdict.REJECT.value and everywhere:
                rows[surface] = {"actor": surface, "actor_type": NOT_AN_ACTOR, "code": "", "aliases": set()}
            elif verdict == Verdict.CORRECT.value and (name := fields.get("actor") or surface):
                row = rows.setdefault(name, {"actor": name, "actor_type": "", "code": "", "aliases": set()})
                row["actor_type"] = fields.get("actor_type") or row["actor_type"]
                row["code"] = fields.get("code") or row["code"]
                row["aliases"] |= {surface} - {"", name}
        target = pathlib.Path(path).expanduser()
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["actor", "actor_type", "code", "aliases"])
            for row in rows.values():
                writer.writerow(
                    [row["actor"], row["actor_type"] or "group", row["code"], "; ".join(sorted(row["aliases"]))]
                )
        return target


def _dump(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
