"""The spreadsheet view: every sentence as a row of a sortable, filterable grid with a tick box per tag.

The table stays in the kernel; the page holds only the rows in sight. The front end
(``static/grid.js``) asks for a window of rows as it scrolls (``{"event": "window"}``) and
draws what :meth:`Sheet.window` answers; sorting, filtering, selecting and tagging happen here,
on NumPy arrays. A change to 100,000 rows costs the store's transaction and one window of rows
sent again, and a million rows open, scroll, sort and filter without the page holding them.

Tag columns are headed with the codebook's key and the tag's name ("1 escalation"), drawn as
tick boxes in the tag's colour, and toggled by one click or the Space key. A change to more than
:data:`CONFIRM_ABOVE` rows waits for a confirmation that names the count. The order of the rows
changes only when the analyst sorts or filters: a row whose tag is ticked under a filter on that
tag stays in sight until the filter is applied again, as in a spreadsheet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import traitlets

from workbench.errors import FilterError, WidgetError
from workbench.widgets._common import StoreView, bundle, open_store, reports_errors
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._rows import WIDTHS, ColumnKind, SheetRows

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore


@dataclasses.dataclass(frozen=True)
class PendingChange:
    """A bulk change waiting for confirmation: add or remove ``tag`` on ``sentence_ids``."""

    action: Action
    tag: str
    sentence_ids: tuple[str, ...]


CONFIRM_ABOVE = 300
"""A bulk change to more rows than this waits for the analyst to confirm it."""
WINDOW_LIMIT = 500
"""The most rows one window request may ask for (a screen shows a few dozen)."""


def _plural(count: int) -> str:
    return f"{count:,} sentence" + ("" if count == 1 else "s")


class Sheet(StoreView):
    """Grid over a corpus: one row per sentence, a tick box column per tag, a note column.

    Click a tick box (or press Space on it) and the tag is stored at once; click a note to write
    one. Click a row to select it, shift+click to select the rows between, Ctrl+click to add or
    drop one, or "Select all shown"; then pick a tag and press "Apply tag to selected rows" to
    change them all in one transaction, which "Undo last change" takes back as a whole. Click a
    column's name to sort by it (again to reverse, a third time to go back to corpus order) and
    type under it to filter. Rows and columns are counted in the grid's current order ("view
    rows"); :meth:`shown` is that order as a table. Methods take a view row as a Python index
    (from 0); the page and every message count rows from 1, and the ``sentence`` column is the
    sentence's number in its article from 1, as the card counts it.
    """

    _esm = bundle("grid.js")

    columns = traitlets.List(traitlets.Dict()).tag(sync=True)
    tags = traitlets.List(traitlets.List()).tag(sync=True)
    """The codebook's tags as ``[tag, header]`` pairs, for the tag picker."""
    row_count = traitlets.Int(0).tag(sync=True)
    """Rows shown under the current filters."""
    total = traitlets.Int(0).tag(sync=True)
    sort_column = traitlets.Unicode("").tag(sync=True)
    sort_descending = traitlets.Bool(False).tag(sync=True)
    filters = traitlets.Dict().tag(sync=True)
    """Column name to the filter typed under it."""
    filter_errors = traitlets.Dict().tag(sync=True)
    """Column name to why its filter cannot be read; the page shows it under the box, and no row passes it."""
    selected = traitlets.Int(0).tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    """The confirmation a bulk change waits for ("" when none)."""
    revision = traitlets.Int(0).tag(sync=True)
    """Counts changes to the rows; the front end asks for its window again when it moves."""

    def __init__(self, corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> None:
        store, self.codebook = open_store(codebook, store)
        clash = sorted(set(self.codebook.tags) & set(WIDTHS))
        if clash:
            raise WidgetError(f"The tags {clash} share a name with a sheet column; rename them in the codebook file.")
        self.corpus = corpus
        self.rows = SheetRows(corpus, self.codebook)
        self.labels = self.rows.labels
        self._order = np.arange(len(self.rows), dtype=np.int64)
        self._chosen = np.zeros(len(self.rows), dtype=bool)
        self._anchor = 0
        self._failures: dict[str, FilterError] = {}
        self.pending: PendingChange | None = None
        super().__init__(store)
        self.rows.read_store(store)
        self.columns = [column.spec() for column in self.rows.columns]
        self.tags = [[tag, label] for tag, label in self.labels.items()]
        self.total = self.row_count = len(self.rows)
        self.show_status(
            f"{len(self.rows):,} sentences. Click a tick box to tag a sentence, or select rows and apply a tag to all."
        )

    # -- what the page shows ---------------------------------------------------------------------

    def window(self, start: int, count: int) -> dict[str, Any]:
        """Return view rows ``start`` to ``start + count``: their cells in column order and whether each is selected.

        This is the message the front end draws (``{"event": "rows", ...}``); ``revision`` tells it
        which state of the rows it shows.
        """
        start = max(0, min(int(start), len(self._order)))
        rows = self._order[start : start + max(0, min(int(count), WINDOW_LIMIT))]
        return {
            "event": "rows",
            "start": start,
            "revision": self.revision,
            "cells": self.rows.cells(rows),
            "selected": self._chosen[rows].tolist(),
        }

    def shown(self) -> pd.DataFrame:
        """Return the rows as the grid shows them: current order and filters, one column per grid column.

        Tag columns hold True where this coder has the tag; the index is the sentence id.
        """
        return self.rows.frame(self._order)

    def table(self) -> pd.DataFrame:
        """Return every row in corpus order, whatever the grid's sort and filters (as :meth:`shown`)."""
        return self.rows.frame(np.arange(len(self.rows)))

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Add learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) to the keyword ones.

        They appear in the read-only ``suggested`` column; a tag is stored only when the coder ticks it.
        """
        self.rows.learn(suggestions)
        self.revision += 1

    # -- sorting and filtering -------------------------------------------------------------------

    def sort_by(self, column: str | None, *, descending: bool = False) -> None:
        """Sort the shown rows by ``column`` (None: back to corpus order); ties keep corpus order."""
        if column is not None:
            self.rows.column(column)
        self.sort_column, self.sort_descending = column or "", bool(descending and column)
        self._arrange()

    def filter(self, column: str, value: str) -> int:
        """Show only the rows whose ``column`` passes ``value`` ("" drops the filter); return how many are shown.

        Text columns take a query (:mod:`workbench.query`): all the words, in any order (whole
        words, any case); "an exact phrase"; * for any letters (sanction*); OR between
        alternatives; -word or -"a phrase" to leave out; (brackets) to group. ``position`` takes
        comparisons (``> 5``, ``2-10``); tag columns take ``"ticked"`` or ``"unticked"``. Rows
        filtered out leave the selection.

        Raises
        ------
        FilterError
            When ``value`` is not a filter of the column's kind (a ``QueryError`` for a query that
            cannot be read). The filter is kept as typed and passes no row, and
            :attr:`filter_errors` holds the message the page shows under the box, so the rows
            shown never belong to an earlier filter.
        """
        self.rows.column(column)
        self.filters = {name: text for name, text in {**self.filters, column: value}.items() if text.strip()}
        self._arrange()
        if column in self._failures:
            failure = self._failures[column]
            raise type(failure)(f"{column}: {failure} No row is shown until the filter is mended.")
        self.show_status(f"{self.row_count:,} of {self.total:,} sentences shown.")
        return self.row_count

    def clear_filters(self) -> None:
        """Show every row again (the sort stays)."""
        self.filters = {}
        self._arrange()

    def _arrange(self) -> None:
        """Recompute the shown rows from the filters and the sort; drop filtered-out rows from the selection.

        A filter that cannot be read passes no row and its message goes to :attr:`filter_errors`.
        """
        keep = np.ones(len(self.rows), dtype=bool)
        self._failures = {}
        for name, value in self.filters.items():
            try:
                keep &= self.rows.passes(name, value)
            except FilterError as error:
                self._failures[name] = error
                keep[:] = False
        self.filter_errors = {name: str(error) for name, error in self._failures.items()}
        rows = np.flatnonzero(keep)
        if self.sort_column:
            rows = self.rows.sorted(rows, self.sort_column, descending=self.sort_descending)
        self._order = rows
        self._chosen &= keep
        self.selected = int(self._chosen.sum())
        self.row_count = len(rows)
        self.revision += 1

    # -- selecting -------------------------------------------------------------------------------

    def select(self, row: int, *, extend: bool = False, toggle: bool = False) -> int:
        """Select view row ``row``; return how many rows are selected.

        Alone by default; with ``extend``, the rows from the last one clicked to this one (shift+click);
        with ``toggle``, add it to the selection or drop it (Ctrl+click).
        """
        row = self._view_row(row)
        if extend:
            low, high = sorted((self._anchor, row))
            self._chosen[:] = False
            self._chosen[self._order[low : high + 1]] = True
        elif toggle:
            self._chosen[self._order[row]] = not self._chosen[self._order[row]]
            self._anchor = row
        else:
            self._chosen[:] = False
            self._chosen[self._order[row]] = True
            self._anchor = row
        return self._selection_changed()

    def select_all(self) -> int:
        """Select every shown row; return how many are selected."""
        self._chosen[self._order] = True
        return self._selection_changed()

    def clear_selection(self) -> None:
        """Select nothing."""
        self._chosen[:] = False
        self._selection_changed()

    def selected_ids(self) -> list[str]:
        """Return the ids of the selected sentences, in corpus order."""
        return self.rows.ids[self._chosen].tolist()

    def _selection_changed(self) -> int:
        self.selected = int(self._chosen.sum())
        self.revision += 1
        return self.selected

    def _view_row(self, row: int) -> int:
        if not 0 <= row < len(self._order):
            raise WidgetError(f"Row {row + 1:,} is not shown: the grid shows rows 1 to {len(self._order):,}.")
        return int(row)

    # -- tagging ---------------------------------------------------------------------------------

    def toggle_cell(self, row: int, column: str) -> bool:
        """Switch the tag of a tag column on or off for the sentence in view row ``row``; return True when now on."""
        spec = self.rows.column(column)
        if spec.kind is not ColumnKind.TAG or spec.tag is None:
            raise WidgetError(f"{column!r} is not a tag column: click a tick box under a tag's name.")
        sid = self.rows.ids[self._order[self._view_row(row)]]
        on = self.store.toggle(sid, spec.tag)
        self.show_status(f"{spec.tag} {'on' if on else 'off'} for the sentence in row {row + 1:,}.")
        return on

    def edit_note(self, row: int, text: str) -> None:
        """Store ``text`` as this coder's note on the sentence in view row ``row`` ("" removes the note)."""
        sid = self.rows.ids[self._order[self._view_row(row)]]
        if text != self.store.note_of(sid):
            self.store.set_note(sid, text)
            self.show_status(f"Note saved for the sentence in row {row + 1:,}.")

    def apply_tag(self, tag: str, sentence_ids: list[str] | None = None) -> int:
        """Add ``tag`` to the given sentences (the selected rows by default) at once; return how many gained it."""
        return self._change(PendingChange(Action.ADD, self.codebook.check(tag), tuple(self._targets(sentence_ids))))

    def remove_tag(self, tag: str, sentence_ids: list[str] | None = None) -> int:
        """Remove ``tag`` from the given sentences (the selected rows by default) at once; return how many lost it."""
        return self._change(PendingChange(Action.REMOVE, self.codebook.check(tag), tuple(self._targets(sentence_ids))))

    def request(self, action: Action, tag: str) -> None:
        """Add or remove ``tag`` on the selected rows; above :data:`CONFIRM_ABOVE` rows, ask to confirm first."""
        change = PendingChange(action, self.codebook.check(tag), tuple(self._targets(None)))
        if len(change.sentence_ids) <= CONFIRM_ABOVE:
            self._change(change)
            return
        self.pending = change
        verb, where = ("Add", "to") if action is Action.ADD else ("Remove", "from")
        self.question = f"{verb} {tag} {where} {_plural(len(change.sentence_ids))}? One undo takes it back."
        self.show_status(f"Waiting for confirmation: {_plural(len(change.sentence_ids))} selected.")

    def confirm(self) -> int:
        """Carry out the change waiting for confirmation; return how many sentences it changed."""
        if self.pending is None:
            raise WidgetError("No change is waiting for confirmation: select rows and press Apply first.")
        change, self.pending = self.pending, None
        self.question = ""
        return self._change(change)

    def cancel(self) -> None:
        """Drop the change waiting for confirmation."""
        self.pending = None
        self.question = ""
        self.show_status("Cancelled: nothing changed.")

    def undo(self) -> None:
        """Undo this coder's last change (a bulk change as a whole) and say what it was."""
        event = self.store.undo()
        if event is None:
            self.show_status("Nothing to undo.")
            return
        change = StoreEvent.read(event)
        what = f"{change.undone} {change.tag or ''}".rstrip()
        self.show_status(f"Undone: {what} on {_plural(len(change.sentence_ids))}.")

    def _change(self, change: PendingChange) -> int:
        ids = list(change.sentence_ids)
        if change.action is Action.ADD:
            done = self.store.add_many(ids, change.tag)
            self.show_status(f"{change.tag} added to {_plural(done)}; {len(ids) - done:,} had it already.")
        else:
            done = self.store.remove_many(ids, change.tag)
            self.show_status(f"{change.tag} removed from {_plural(done)}; {len(ids) - done:,} did not have it.")
        return done

    def _targets(self, sentence_ids: list[str] | None) -> list[str]:
        ids = self.selected_ids() if sentence_ids is None else [str(i) for i in sentence_ids]
        if not ids:
            raise WidgetError("No rows are selected: click a row, then shift+click another to select the rows between.")
        return ids

    # -- messages from the page and from the store -----------------------------------------------

    @reports_errors
    def handle(self, message: dict[str, Any]) -> None:
        """Do what one front-end message asks: a window of rows, a sort, a filter, a click, a tag or a note."""
        event = message.get("event")
        if event == "window":
            self.send(self.window(int(message["start"]), int(message["count"])))
            return
        actions: dict[str, Callable[[], Any]] = {
            "sort": lambda: self.sort_by(message.get("column") or None, descending=bool(message.get("descending"))),
            "filter": lambda: self.filter(str(message["column"]), str(message.get("value", ""))),
            "select": lambda: self.select(
                int(message["row"]), extend=bool(message.get("extend")), toggle=bool(message.get("toggle"))
            ),
            "select_all": self.select_all,
            "clear_selection": self.clear_selection,
            "toggle": lambda: self.toggle_cell(int(message["row"]), str(message["column"])),
            "note": lambda: self.edit_note(int(message["row"]), str(message.get("text", ""))),
            "apply": lambda: self.request(Action.ADD, str(message["tag"])),
            "remove": lambda: self.request(Action.REMOVE, str(message["tag"])),
            "confirm": self.confirm,
            "cancel": self.cancel,
            "undo": self.undo,
        }
        if event not in actions:
            raise WidgetError(f"The sheet does not know the message {event!r}.")
        actions[str(event)]()

    def store_changed(self, event: StoreEvent) -> None:
        """Bring the rows a store change touched up to date (changes made here, in a card view or in code)."""
        if event.coder not in (None, self.store.coder) or event.action in (Action.DONE, Action.NOT_DONE):
            return
        if event.changes_codebook:
            self.show_status("The codebook changed: open the sheet again to see its new tag columns.", error=True)
        if self.rows.store_changed(event, self.store):
            self.revision += 1
