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
import enum
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import traitlets

from workbench.analysis import contains
from workbench.errors import FilterError, WidgetError
from workbench.selection import sentence_rows
from workbench.widgets._common import StoreView, front_end, open_store, reports_errors
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._html import text_color_on

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore


class ColumnKind(enum.StrEnum):
    """How a column is drawn, filtered and sorted."""

    NUMBER = "number"
    """Filtered by comparisons such as ``> 5``, ``<= 3``, ``2-10`` or a number."""
    TEXT = "text"
    """Filtered by the search patterns of :func:`workbench.analysis.contains`; sorted ignoring case."""
    TAG = "tag"
    """A tick box per row; filtered to ticked or unticked rows."""
    NOTE = "note"
    """The coder's note: text, edited in place."""


class Ticked(enum.StrEnum):
    """The filter values of a tag column."""

    YES = "ticked"
    NO = "unticked"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of the sheet: its header, how it behaves, its width, and a tag's colours."""

    name: str
    kind: ColumnKind
    width: int
    tag: str | None = None
    color: str = ""

    def spec(self) -> dict[str, Any]:
        """Return what the front end needs to draw the column."""
        ink = text_color_on(self.color) if self.color else ""
        return {"name": self.name, "kind": self.kind.value, "width": self.width, "color": self.color, "ink": ink}


@dataclasses.dataclass(frozen=True)
class PendingChange:
    """A bulk change waiting for confirmation: add or remove ``tag`` on ``sentence_ids``."""

    action: Action
    tag: str
    sentence_ids: tuple[str, ...]


FIXED_COLUMNS = {
    "article": "article",
    "position": "position",
    "text": "text",
    "actors": "actors",
    "claim source": "claim_source",
}
"""Read-only columns of the sheet and the :func:`sentence_rows` column each shows."""
NOTE = "note"
SUGGESTED = "suggested"
"""Read-only column of suggested tags: the codebook's keywords, and learned ones once shown."""
WIDTHS = {"position": 70, "text": 440, NOTE: 160, SUGGESTED: 130, "actors": 150, "claim source": 110, "article": 150}
"""Column widths in pixels; the order is that of the grid, with the tag columns after the text."""
TAG_WIDTH = 92
CONFIRM_ABOVE = 300
"""A bulk change to more rows than this waits for the analyst to confirm it."""
FEW = 50
"""Up to this many rows a store change is read back row by row; more, and the tag table is read at once."""
WINDOW_LIMIT = 500
"""The most rows one window request may ask for (a screen shows a few dozen)."""
_COMPARISON = re.compile(r"^\s*(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)\s*$")
_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|\.\.|to)\s*(-?\d+(?:\.\d+)?)\s*$")


def tag_label(codebook: Codebook, tag: str) -> str:
    """Return a tag's column header: its key and name ("1 escalation"), or the name alone."""
    key = codebook.tag(tag).key
    return f"{key} {tag}" if key else tag


def number_filter(expression: str) -> Callable[[np.ndarray], np.ndarray]:
    """Return the test a number filter stands for: ``> 5``, ``>= 5``, ``< 5``, ``<= 5``, ``= 5``, ``5`` or ``2-10``.

    Raises
    ------
    FilterError
        When the expression is none of these.
    """
    if found := _RANGE.match(expression):
        low, high = sorted(float(found[group]) for group in (1, 2))
        return lambda values: (values >= low) & (values <= high)
    if found := _COMPARISON.match(expression):
        operator, number = found[1] or "=", float(found[2])
        tests: dict[str, Callable[[np.ndarray], np.ndarray]] = {
            "<": lambda values: values < number,
            "<=": lambda values: values <= number,
            ">": lambda values: values > number,
            ">=": lambda values: values >= number,
            "=": lambda values: values == number,
        }
        return tests[operator]
    raise FilterError(f"{expression!r} is not a number filter: write a number, '> 5', '<= 3' or a range '2-10'.")


def _plural(count: int) -> str:
    return f"{count:,} sentence" + ("" if count == 1 else "s")


def _as_text(values: Any) -> np.ndarray:
    """Return a column as an object array of Python strings, missing values as ""."""
    return pd.Series(values, dtype=object).fillna("").astype(str).to_numpy(dtype=object)


class Sheet(StoreView):
    """Grid over a corpus: one row per sentence, a tick box column per tag, a note column.

    Click a tick box (or press Space on it) and the tag is stored at once; click a note to write
    one. Click a row to select it, shift+click to select the rows between, Ctrl+click to add or
    drop one, or "Select all shown"; then pick a tag and press "Apply tag to selected rows" to
    change them all in one transaction, which "Undo last change" takes back as a whole. Click a
    column's name to sort by it (again to reverse, a third time to go back to corpus order) and
    type under it to filter. Rows and columns are counted in the grid's current order ("view
    rows"); :meth:`shown` is that order as a table.
    """

    _esm = front_end("common.js", "grid.js")

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
    selected = traitlets.Int(0).tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    """The confirmation a bulk change waits for ("" when none)."""
    revision = traitlets.Int(0).tag(sync=True)
    """Counts changes to the rows; the front end asks for its window again when it moves."""

    def __init__(self, corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> None:
        store, self.codebook = open_store(codebook, store)
        self.labels = {tag: tag_label(self.codebook, tag) for tag in self.codebook.tags}
        clash = sorted(set(self.codebook.tags) & {*FIXED_COLUMNS, SUGGESTED, NOTE})
        if clash:
            raise WidgetError(f"The tags {clash} share a name with a sheet column; rename them in the codebook file.")
        self.corpus = corpus
        rows = sentence_rows(corpus)
        self._ids = rows["sentence_id"].to_numpy(dtype=object)
        self._row_of = {sid: row for row, sid in enumerate(self._ids)}
        self._columns = self._layout()
        self._by_name = {column.name: column for column in self._columns}
        self._values: dict[str, np.ndarray] = {
            name: _as_text(rows[source]) for name, source in FIXED_COLUMNS.items() if name != "position"
        }
        self._values["position"] = rows["position"].to_numpy(dtype=np.int64)
        self._suggestions = self.codebook.suggestions(corpus.sentences)
        self._values[SUGGESTED] = self._suggested()
        self._order = np.arange(len(self._ids), dtype=np.int64)
        self._chosen = np.zeros(len(self._ids), dtype=bool)
        self._anchor = 0
        self.pending: PendingChange | None = None
        super().__init__(store)
        self._read_store()
        self.columns = [column.spec() for column in self._columns]
        self.tags = [[tag, label] for tag, label in self.labels.items()]
        self.total = self.row_count = len(self._ids)
        self.show_status(
            f"{len(self._ids):,} sentences. Click a tick box to tag a sentence, or select rows and apply a tag to all."
        )

    def _layout(self) -> list[Column]:
        """Return the columns in the grid's order: position, text, the tags, then the context."""
        tags = [
            Column(label, ColumnKind.TAG, TAG_WIDTH, tag, self.codebook.tag(tag).color)
            for tag, label in self.labels.items()
        ]
        kinds = {"position": ColumnKind.NUMBER, NOTE: ColumnKind.NOTE}
        fixed = [Column(name, kinds.get(name, ColumnKind.TEXT), width) for name, width in WIDTHS.items()]
        return [*fixed[:2], *tags, *fixed[2:]]

    def _read_store(self) -> None:
        """Read this coder's tags and notes for every row from the store."""
        tags = self.store.tags(coder=self.store.coder)
        for tag, label in self.labels.items():
            held = set(tags.loc[tags["tag"] == tag, "sentence_id"])
            self._values[label] = pd.Series(self._ids).isin(held).to_numpy(copy=True)
        notes = self.store.notes(coder=self.store.coder)
        by_id = dict(zip(notes["sentence_id"], notes["note"], strict=True))
        self._values[NOTE] = np.array([by_id.get(sid, "") for sid in self._ids], dtype=object)

    # -- what the page shows ---------------------------------------------------------------------

    def window(self, start: int, count: int) -> dict[str, Any]:
        """Return view rows ``start`` to ``start + count``: their cells in column order and whether each is selected.

        This is the message the front end draws (``{"event": "rows", ...}``); ``revision`` tells it
        which state of the rows it shows.
        """
        start = max(0, min(int(start), len(self._order)))
        rows = self._order[start : start + max(0, min(int(count), WINDOW_LIMIT))]
        cells = [self._values[column.name][rows] for column in self._columns]
        return {
            "event": "rows",
            "start": start,
            "revision": self.revision,
            "cells": [[_cell(value) for value in row] for row in zip(*cells, strict=True)] if len(rows) else [],
            "selected": self._chosen[rows].tolist(),
        }

    def shown(self) -> pd.DataFrame:
        """Return the rows as the grid shows them: current order and filters, one column per grid column.

        Tag columns hold True where this coder has the tag; the index is the sentence id.
        """
        return self._table(self._order)

    def table(self) -> pd.DataFrame:
        """Return every row in corpus order, whatever the grid's sort and filters (as :meth:`shown`)."""
        return self._table(np.arange(len(self._ids)))

    def _table(self, rows: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame({column.name: self._values[column.name][rows] for column in self._columns})
        frame.index = pd.Index(self._ids[rows], name="sentence_id")
        return frame

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Add learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) to the keyword ones.

        They appear in the read-only ``suggested`` column; a tag is stored only when the coder ticks it.
        """
        keyword = self.codebook.suggestions(self.corpus.sentences)
        self._suggestions = pd.concat([keyword, suggestions[["sentence_id", "tag"]]]).drop_duplicates()
        self._values[SUGGESTED] = self._suggested()
        self.revision += 1

    # -- sorting and filtering -------------------------------------------------------------------

    def sort_by(self, column: str | None, *, descending: bool = False) -> None:
        """Sort the shown rows by ``column`` (None: back to corpus order); ties keep corpus order."""
        if column is not None:
            self._column(column)
        self.sort_column, self.sort_descending = column or "", bool(descending and column)
        self._arrange()

    def filter(self, column: str, value: str) -> int:
        """Show only the rows whose ``column`` passes ``value`` ("" drops the filter); return how many are shown.

        Text columns take search patterns (whole words, ``*`` for any ending, "quoted phrases");
        ``position`` takes comparisons (``> 5``, ``2-10``); tag columns take ``"ticked"`` or
        ``"unticked"``. Rows filtered out leave the selection.

        Raises
        ------
        FilterError
            When ``value`` is not a filter of the column's kind (the filters stay as they were).
        """
        self._passes(self._column(column), value)  # check before changing anything
        self.filters = {name: text for name, text in {**self.filters, column: value}.items() if text.strip()}
        self._arrange()
        self.show_status(f"{self.row_count:,} of {self.total:,} sentences shown.")
        return self.row_count

    def clear_filters(self) -> None:
        """Show every row again (the sort stays)."""
        self.filters = {}
        self._arrange()

    def _column(self, name: str) -> Column:
        if name not in self._by_name:
            raise WidgetError(f"The sheet has no column {name!r}; its columns are {list(self._by_name)}.")
        return self._by_name[name]

    def _passes(self, column: Column, value: str) -> np.ndarray:
        """Return, for every row in corpus order, whether it passes ``value`` as a filter of ``column``."""
        values = self._values[column.name]
        if not value.strip():
            return np.ones(len(values), dtype=bool)
        if column.kind is ColumnKind.NUMBER:
            return number_filter(value)(values)
        if column.kind is ColumnKind.TAG:
            try:
                return values == (Ticked(value.strip().lower()) is Ticked.YES)
            except ValueError:
                raise FilterError(f"A tag column is filtered by {Ticked.YES.value!r} or {Ticked.NO.value!r}.") from None
        return contains(pd.Series(values, dtype="string"), value).to_numpy()

    def _arrange(self) -> None:
        """Recompute the shown rows from the filters and the sort; drop filtered-out rows from the selection."""
        keep = np.ones(len(self._ids), dtype=bool)
        for name, value in self.filters.items():
            keep &= self._passes(self._by_name[name], value)
        rows = np.flatnonzero(keep)
        if self.sort_column:
            column = self._by_name[self.sort_column]
            values = pd.Series(self._values[column.name][rows])
            if column.kind in (ColumnKind.TEXT, ColumnKind.NOTE):
                values = values.astype(str).str.casefold()
            order = values.sort_values(ascending=not self.sort_descending, kind="stable").index.to_numpy()
            rows = rows[order]
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
        return self._ids[self._chosen].tolist()

    def _selection_changed(self) -> int:
        self.selected = int(self._chosen.sum())
        self.revision += 1
        return self.selected

    def _view_row(self, row: int) -> int:
        if not 0 <= row < len(self._order):
            raise WidgetError(f"Row {row} is not shown: the grid shows rows 0 to {len(self._order) - 1:,}.")
        return int(row)

    # -- tagging ---------------------------------------------------------------------------------

    def toggle_cell(self, row: int, column: str) -> bool:
        """Switch the tag of a tag column on or off for the sentence in view row ``row``; return True when now on."""
        spec = self._column(column)
        if spec.kind is not ColumnKind.TAG or spec.tag is None:
            raise WidgetError(f"{column!r} is not a tag column: click a tick box under a tag's name.")
        sid = self._ids[self._order[self._view_row(row)]]
        on = self.store.toggle(sid, spec.tag)
        self.show_status(f"{spec.tag} {'on' if on else 'off'} for the sentence in row {row + 1:,}.")
        return on

    def edit_note(self, row: int, text: str) -> None:
        """Store ``text`` as this coder's note on the sentence in view row ``row`` ("" removes the note)."""
        sid = self._ids[self._order[self._view_row(row)]]
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
        rows = np.fromiter((self._row_of[s] for s in event.sentence_ids if s in self._row_of), dtype=np.int64)
        if not len(rows):
            return
        if event.tag_value is not None and event.tag in self.labels:
            self._values[self.labels[event.tag]][rows] = event.tag_value
        elif event.action is Action.NOTE:
            self._values[NOTE][rows] = event.note or ""
        elif len(rows) <= FEW:
            for row in rows:
                held = self.store.tags_of(self._ids[row])
                for tag, label in self.labels.items():
                    self._values[label][row] = tag in held
                self._values[NOTE][row] = self.store.note_of(self._ids[row])
        else:
            self._read_store()
        self.revision += 1

    def _suggested(self) -> np.ndarray:
        """Return the suggested tags of every row, joined by "; " ("" for none)."""
        joined: dict[str, list[str]] = {}
        for sid, tag in zip(self._suggestions["sentence_id"].tolist(), self._suggestions["tag"].tolist(), strict=True):
            joined.setdefault(sid, []).append(tag)
        return np.array(["; ".join(joined.get(sid, ())) for sid in self._ids], dtype=object)


def _cell(value: Any) -> Any:
    """Return a cell as JSON carries it: NumPy scalars as Python values."""
    return value.item() if isinstance(value, np.generic) else value
