"""Assignments kept in the store: which coder codes which sentence, and which sentences two coders code.

An assignment is written as a whole (a *plan*: its unit, coders, overlap and seed, and one row
per sentence and coder); a new one replaces the last in use and the older ones are kept.
:func:`workbench.assignments.assign` makes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.errors import StoreError
from workbench.store._reads import _frame
from workbench.store._records import now

COLUMNS = ("sentence_id", "coder", "shared")
"""Columns an assignment table must have to be saved."""


@dataclass(frozen=True)
class Plan:
    """How an assignment was made: its unit (``sentence`` or ``article``), coders, overlap, seed, when and by whom."""

    unit: str
    coders: tuple[str, ...]
    overlap: float
    seed: int | None
    at: str
    by: str


class Assigned:
    """Assignment reads and writes of :class:`~workbench.store.TagStore`."""

    coder: str
    _transaction: Callable[[], Any]
    _rows: Callable[..., list[tuple]]

    def save_assignments(
        self, assignments: pd.DataFrame, *, unit: str, coders: Sequence[str], overlap: float, seed: int | None
    ) -> int:
        """Save an assignment (``sentence_id``, ``coder``, ``shared`` rows) as the one in use; return its plan number.

        One transaction; earlier assignments are kept, the newest is the one :meth:`assignments` reads.
        """
        missing = [column for column in COLUMNS if column not in assignments.columns]
        if missing:
            raise StoreError(f"An assignment needs the columns {list(COLUMNS)}; {missing} are missing.")
        rows = [
            [str(sid), str(coder), int(bool(shared))]
            for sid, coder, shared in assignments[list(COLUMNS)].itertuples(index=False)
        ]
        with self._transaction() as conn:
            plan = conn.execute(
                "INSERT INTO assignment_plans (at, coder, unit, coders, overlap, seed) VALUES (?, ?, ?, ?, ?, ?)",
                (now(), self.coder, unit, json.dumps(list(coders), ensure_ascii=False), float(overlap), seed),
            ).lastrowid
            conn.execute(
                "INSERT INTO assignments SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)",
                (plan, json.dumps(rows, ensure_ascii=False)),
            )
        return int(plan)

    def assignments(self, *, coder: str | None = None) -> pd.DataFrame:
        """Return the assignment in use: one row per (sentence, coder), of every coder or of one.

        Returns
        -------
        pandas.DataFrame
            ``sentence_id``, ``coder`` (``string``) and ``shared`` (bool: the sentence is
            assigned to two coders), sorted by coder then sentence; empty when nothing was assigned.
        """
        where, params = ("", ()) if coder is None else (" AND coder = ?", (coder,))
        rows = self._rows(
            "SELECT sentence_id, coder, shared FROM assignments "
            f"WHERE plan = (SELECT MAX(plan) FROM assignment_plans){where} ORDER BY coder, sentence_id",
            params,
        )
        return _frame(rows, {"sentence_id": "string", "coder": "string", "shared": "bool"})

    def assignment_plan(self) -> Plan | None:
        """Return how the assignment in use was made, or None when nothing was assigned."""
        rows = self._rows(
            "SELECT unit, coders, overlap, seed, at, coder FROM assignment_plans ORDER BY plan DESC LIMIT 1"
        )
        if not rows:
            return None
        unit, coders, overlap, seed, at, by = rows[0]
        return Plan(unit, tuple(json.loads(coders)), overlap, seed, at, by)
