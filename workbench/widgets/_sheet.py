"""The spreadsheet view: every sentence as a row of an editable, sortable, filterable grid.

Which grid
----------
Compared on this stack (JupyterLab 4.6, ipywidgets 8.1, pandas 3; see ``bench/README.md``):

============================  =========  =======  =========  ==============  ===============  ==================
grid                          JLab 4 +   editing  selection  edits read in   100,000 rows     maintenance
                              ipyw. 8                        Python
============================  =========  =======  =========  ==============  ===============  ==================
ipydatagrid 1.4 ``DataGrid``  yes        yes      yes        yes (callback)  0.3 s build,     Jupyter project
                                                                             virtualised      (bqplot org)
itables 2.9 ``ITable``        yes        no       yes        selection only  ~900 rows under  active, one author
                                                                             default maxBytes
buckaroo 0.15                 yes        no       no         no              5,000 rows; the  active, young
                                                                             infinite widget
                                                                             fails on pandas 3
AG Grid wrapper (ipyaggrid)   unmaint.   yes      yes        yes             virtualised      stale since 2022;
                                                                                              licence split
our own anywidget             yes        to       to         to build        to build         ours to keep
                                         build    build                                       (weeks of work)
============================  =========  =======  =========  ==============  ===============  ==================

ipydatagrid is the one that edits, selects and reports edits back to Python while staying
virtualised at 100,000 rows, so the sheet is built on it. Its cell events give ``row`` as the
row's position in the grid's *data* (the front end maps a view row back before sending), so
edits and clicks map to the right sentence under any sort or filter; selections are in *view*
rows and are mapped back through the view order. What the sheet needs from ipydatagrid's
private API is in :mod:`workbench.widgets._datagrid`, and nowhere else.

Tag columns are headed with the codebook's key and the tag's name ("1 escalation"), drawn as
tick boxes in the tag's colour, and toggled by one click. A change to more than
:data:`CONFIRM_ABOVE` rows waits for a confirmation that names the count.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import ipywidgets
import numpy as np
import pandas as pd
from ipydatagrid import TextRenderer, VegaExpr

from workbench.errors import WidgetError
from workbench.selection import sentence_rows
from workbench.widgets import _datagrid
from workbench.widgets._common import open_store, reports_errors
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._html import esc, text_color_on

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore

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
CONFIRM_ABOVE = 300
"""A bulk change to more rows than this waits for the analyst to confirm it."""
CELL_BY_CELL = 50
"""Up to this many changed cells are sent one by one; more, and the changed columns are sent whole."""
TICKED, UNTICKED = "☑", "☐"
UNTICKED_BACKGROUND = "#ffffff"
WIDTHS = {"position": 70, "text": 440, NOTE: 160, SUGGESTED: 130, "actors": 150, "claim source": 110, "article": 150}
"""Column widths in pixels; the order is that of the grid, with the tag columns after the text."""
TAG_WIDTH = 92
ROW_HEIGHT = 24
HEADER_HEIGHT = 48
"""Room for a tag's name on two lines in a column header."""


@dataclasses.dataclass(frozen=True)
class PendingChange:
    """A bulk change waiting for confirmation: add or remove ``tag`` on ``sentence_ids``."""

    action: Action
    tag: str
    sentence_ids: tuple[str, ...]


def tag_label(codebook: Codebook, tag: str) -> str:
    """Return a tag's column header: its key and name ("1 escalation"), or the name alone."""
    key = codebook.tag(tag).key
    return f"{key} {tag}" if key else tag


def _plural(count: int) -> str:
    return f"{count:,} sentence" + ("" if count == 1 else "s")


class Sheet(ipywidgets.VBox):
    """Grid over a corpus: one row per sentence, a tick box column per tag and a note column.

    Click a tick box or edit a note and the change is stored at once; select rows (click a cell,
    shift+click another), pick a tag and press "Apply tag to selected rows" to change them all in
    one transaction, which "Undo last change" takes back as a whole. Sorting and filtering are the
    grid's own (column header menus).
    """

    def __init__(self, corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> None:
        self.store, self.codebook = open_store(codebook, store)
        self.labels = {tag: tag_label(self.codebook, tag) for tag in self.codebook.tags}
        self._tag_of = {label: tag for tag, label in self.labels.items()} | {tag: tag for tag in self.codebook.tags}
        clash = sorted(set(self.codebook.tags) & {*FIXED_COLUMNS, SUGGESTED, NOTE})
        if clash:
            raise WidgetError(f"The tags {clash} share a name with a sheet column; rename them in the codebook file.")
        self.corpus = corpus
        self._rows = sentence_rows(corpus)
        self._ids = self._rows["sentence_id"].to_numpy(dtype=object)
        self._row_of = {sid: row for row, sid in enumerate(self._ids)}
        self._suggestions = self.codebook.suggestions(corpus.sentences)
        self._syncing = False
        self.pending: PendingChange | None = None
        self.grid = _datagrid.Grid(
            self._frame(),
            editable=True,
            selection_mode="cell",
            base_row_size=ROW_HEIGHT,
            base_column_header_size=HEADER_HEIGHT,
            header_visibility="column",
            header_renderer=TextRenderer(text_wrap=True, font="bold 12px sans-serif", vertical_alignment="top"),
            renderers={self.labels[tag]: self._tick_renderer(tag) for tag in self.codebook.tags},
            column_widths=WIDTHS | {label: TAG_WIDTH for label in self.labels.values()},
        )
        self.grid.on_cell_change(self._on_cell_change)
        self.grid.on_cell_click(self._on_cell_click)
        self.tag_picker = ipywidgets.Dropdown(
            options=[(label, tag) for tag, label in self.labels.items()], description="Tag", layout={"width": "18rem"}
        )
        self.apply_button = ipywidgets.Button(description="Apply tag to selected rows", icon="plus")
        self.remove_button = ipywidgets.Button(description="Remove tag from selected rows", icon="minus")
        self.undo_button = ipywidgets.Button(description="Undo last change", icon="undo")
        for button in (self.apply_button, self.remove_button, self.undo_button):
            button.layout.width = "auto"
        self.apply_button.on_click(self._on_apply)
        self.remove_button.on_click(self._on_remove)
        self.undo_button.on_click(self._on_undo)
        self.confirm_text = ipywidgets.HTML("")
        self.confirm_button = ipywidgets.Button(description="Yes, change them", button_style="warning")
        self.cancel_button = ipywidgets.Button(description="Cancel")
        self.confirm_button.on_click(self._on_confirm)
        self.cancel_button.on_click(self._on_cancel)
        self.confirm_bar = ipywidgets.HBox(
            [self.confirm_text, self.confirm_button, self.cancel_button], layout={"display": "none"}
        )
        self.status = ipywidgets.HTML("")
        self._unsubscribe = self.store.subscribe(self._on_store_change)
        toolbar = ipywidgets.HBox([self.tag_picker, self.apply_button, self.remove_button, self.undo_button])
        super().__init__([toolbar, self.confirm_bar, self.grid, self.status])
        self.show_status(
            f"{len(self._rows):,} sentences. Click a tick box to tag a sentence, "
            "or select rows by their text and apply a tag to all of them."
        )

    def _tick_renderer(self, tag: str) -> TextRenderer:
        """Return the renderer of a tag column: a tick box, on the tag's colour when ticked, with readable text."""
        color = self.codebook.tag(tag).color
        return TextRenderer(
            text_value=VegaExpr(f"cell.value ? '{TICKED}' : '{UNTICKED}'"),
            background_color=VegaExpr(f"cell.value ? '{color}' : '{UNTICKED_BACKGROUND}'"),
            text_color=VegaExpr(f"cell.value ? '{text_color_on(color)}' : '#333333'"),
            horizontal_alignment="center",
            font="16px sans-serif",
        )

    def _frame(self) -> pd.DataFrame:
        """Return the grid's table: the sentence rows with this coder's tags and notes from the store.

        Position, text and the tag columns come first, so the tick boxes sit next to the sentence they tag.
        """
        frame = pd.DataFrame({name: self._rows[column] for name, column in FIXED_COLUMNS.items()})
        frame.index = pd.Index(self._ids, name="sentence_id")
        frame[SUGGESTED] = self._suggested(self._ids)
        tags = self.store.tags(coder=self.store.coder)
        for tag, label in self.labels.items():
            frame[label] = self._rows["sentence_id"].isin(tags.loc[tags["tag"] == tag, "sentence_id"]).to_numpy()
        notes = self.store.notes(coder=self.store.coder)
        by_id = dict(zip(notes["sentence_id"], notes["note"], strict=True))
        frame[NOTE] = [by_id.get(sid, "") for sid in self._ids]
        return frame[["position", "text", *self.labels.values(), *list(WIDTHS)[2:]]]

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Add learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) to the keyword ones.

        They appear in the read-only ``suggested`` column; a tag is stored only when the coder ticks it.
        """
        keyword = self.codebook.suggestions(self.corpus.sentences)
        self._suggestions = pd.concat([keyword, suggestions[["sentence_id", "tag"]]]).drop_duplicates()
        _datagrid.replace_columns(self.grid, {SUGGESTED: self._suggested(self._ids)})

    def show_status(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` under the grid (in red when ``error``); the text is escaped."""
        style = "color:#b00020;font-weight:600" if error else "color:inherit"
        self.status.value = f'<span class="wb-sheet-status" style="{style}">{esc(message)}</span>'

    # -- what the analyst does -----------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """Return the ids of the sentences on every row touched by the grid's selection, in data order."""
        visible = _datagrid.view_rows(self.grid)
        rows: set[int] = set()
        for rect in self.grid.selections:
            view_rows = range(min(rect["r1"], rect["r2"]), max(rect["r1"], rect["r2"]) + 1)
            rows.update(visible[r] if visible else r for r in view_rows if not visible or r < len(visible))
        return [str(self._ids[r]) for r in sorted(rows) if 0 <= r < len(self._ids)]

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
        verb = "Add" if action is Action.ADD else "Remove"
        where = "to" if action is Action.ADD else "from"
        self.confirm_text.value = (
            f"<b>{verb} {esc(tag)} {where} {_plural(len(change.sentence_ids))}?</b> One undo takes it back.&nbsp;"
        )
        self.confirm_bar.layout.display = "flex"
        self.show_status(f"Waiting for confirmation: {_plural(len(change.sentence_ids))} selected.")

    def confirm(self) -> int:
        """Carry out the change waiting for confirmation; return how many sentences it changed."""
        if self.pending is None:
            raise WidgetError("No change is waiting for confirmation: select rows and press Apply first.")
        change, self.pending = self.pending, None
        self.confirm_bar.layout.display = "none"
        return self._change(change)

    def cancel(self) -> None:
        """Drop the change waiting for confirmation."""
        self.pending = None
        self.confirm_bar.layout.display = "none"
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
            raise WidgetError(
                "No rows are selected: click a cell, then shift+click another to select the rows between."
            )
        return ids

    def toggle_cell(self, row: int, column: str) -> bool:
        """Switch the tag of a tag column on or off for the sentence in data row ``row``; return True when now on."""
        tag = self._tag_of.get(column)
        if tag is None:
            raise WidgetError(f"{column!r} is not a tag column: click a tick box under a tag's name.")
        sid = self._sentence_at(row)
        on = self.store.toggle(sid, tag)
        self.show_status(f"{tag} {'on' if on else 'off'} for sentence {row + 1:,}.")
        return on

    def edit_cell(self, row: int, column: str, value: Any) -> None:
        """Store what an edit of cell (``row`` of the grid's data, ``column``) means: a tag on or off, or a note."""
        sid = self._sentence_at(row)
        if column in self._tag_of:
            tag, on = self._tag_of[column], _as_bool(value)
            if on != (tag in self.store.tags_of(sid)):
                (self.store.add if on else self.store.remove)(sid, tag)
                self.show_status(f"{tag} {'on' if on else 'off'} for sentence {row + 1:,}.")
        elif column == NOTE:
            text = "" if value is None else str(value)
            if text != self.store.note_of(sid):
                self.store.set_note(sid, text)
                self.show_status(f"Note saved for sentence {row + 1:,}.")
        elif column in FIXED_COLUMNS or column == SUGGESTED:
            original = (
                self._rows.at[row, FIXED_COLUMNS[column]] if column in FIXED_COLUMNS else self._suggested([sid])[0]
            )
            if value != original:
                self._set_cell(column, row, original)
                raise WidgetError(f"The {column!r} column comes from the corpus and cannot be edited here.")
        else:
            raise WidgetError(f"Unknown column {column!r}: edit a tag column or {NOTE!r}.")

    def _sentence_at(self, row: int) -> str:
        if not 0 <= row < len(self._ids):
            raise WidgetError(f"Row {row} is outside the grid (0 to {len(self._ids) - 1:,}).")
        return str(self._ids[row])

    # -- wiring to the grid, the buttons and the store -------------------------------------------

    @reports_errors
    def _on_cell_change(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.edit_cell(int(change["row"]), str(change["column"]), change["value"])

    @reports_errors
    def _on_cell_click(self, click: dict[str, Any]) -> None:
        if click.get("region") == "body" and click.get("column") in self._tag_of:
            self.toggle_cell(int(click["primary_key_row"]), str(click["column"]))

    @reports_errors
    def _on_apply(self, _button: Any) -> None:
        self.request(Action.ADD, self.tag_picker.value)

    @reports_errors
    def _on_remove(self, _button: Any) -> None:
        self.request(Action.REMOVE, self.tag_picker.value)

    @reports_errors
    def _on_confirm(self, _button: Any) -> None:
        self.confirm()

    @reports_errors
    def _on_cancel(self, _button: Any) -> None:
        self.cancel()

    @reports_errors
    def _on_undo(self, _button: Any) -> None:
        self.undo()

    @reports_errors
    def _on_store_change(self, raw: dict[str, Any]) -> None:
        """Bring the cells a store change touched up to date (changes made here, in a card view or in code)."""
        event = StoreEvent.read(raw)
        if event.coder not in (None, self.store.coder) or event.action in (Action.DONE, Action.NOT_DONE):
            return
        if event.changes_codebook:
            self.show_status("The codebook changed: open the sheet again to see its new tag columns.", error=True)
        rows = np.fromiter((self._row_of[s] for s in event.sentence_ids if s in self._row_of), dtype=np.int64)
        if not len(rows):
            return
        if event.tag_value is not None:
            fresh = {self.labels[event.tag]: np.full(len(rows), event.tag_value)}
        else:
            fresh = self._stored_cells(rows, note_only=event.action is Action.NOTE)
        current = _datagrid.table(self.grid)
        changed = {column: values != current[column].to_numpy()[rows] for column, values in fresh.items()}
        if sum(int(mask.sum()) for mask in changed.values()) > CELL_BY_CELL:
            columns = {}
            for column, values in fresh.items():
                whole = current[column].to_numpy(copy=True)
                whole[rows] = values
                columns[column] = whole
            _datagrid.replace_columns(self.grid, columns)
            return
        for column, mask in changed.items():
            for row, value in zip(rows[mask], fresh[column][mask], strict=True):
                self._set_cell(column, int(row), value)

    def _stored_cells(self, rows: np.ndarray, *, note_only: bool) -> dict[str, np.ndarray]:
        """Return the tag and note cells of ``rows`` as the store has them (a few rows one by one, many at once)."""
        ids = self._ids[rows]
        if note_only or len(rows) <= CELL_BY_CELL:
            notes = np.array([self.store.note_of(sid) for sid in ids], dtype=object)
            if note_only:
                return {NOTE: notes}
            held = [self.store.tags_of(sid) for sid in ids]
            tags = {label: np.array([tag in on for on in held]) for tag, label in self.labels.items()}
            return tags | {NOTE: notes}
        frame = self._frame()
        return {column: frame[column].to_numpy()[rows] for column in [*self.labels.values(), NOTE]}

    def _suggested(self, ids: Any) -> list[str]:
        """Return the suggested tags of each sentence in ``ids``, joined by "; " ("" for none)."""
        joined: dict[str, list[str]] = {}
        for sid, tag in zip(self._suggestions["sentence_id"].tolist(), self._suggestions["tag"].tolist(), strict=True):
            joined.setdefault(sid, []).append(tag)
        return ["; ".join(joined.get(sid, ())) for sid in ids]

    def _set_cell(self, column: str, row: int, value: Any) -> None:
        self._syncing = True
        try:
            self.grid.set_cell_value_by_index(column, row, value.item() if isinstance(value, np.generic) else value)
        finally:
            self._syncing = False

    def close(self) -> None:
        """Stop listening to the store and close the sheet and its grid."""
        self._unsubscribe()
        self.grid.close()
        super().close()


def _as_bool(value: Any) -> bool:
    """Read a tag cell's edited value: a tick box gives a bool, a typed cell a string such as "true"."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "x", "y"}
    return bool(value)
