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
virtualised at 100,000 rows, so the sheet is built on it. Its ``on_cell_change`` events give
``row`` as the row's position in the grid's *data* (the front end maps a view row back through
its primary key before sending), so edits map to the right sentence under any sort or filter;
selections are in *view* rows and are mapped back through the grid's ``_visible_rows``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets
import numpy as np
import pandas as pd
import traitlets
from ipydatagrid import DataGrid
from ipydatagrid.datagrid import _data_serialization, _data_serialization_impl

from workbench.errors import WidgetError
from workbench.selection import sentence_rows
from workbench.widgets._common import event_ids, open_store, reports_errors
from workbench.widgets._html import esc

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
BULK_REFRESH = 2_000
"""Above this many changed cells the grid's data is sent again whole rather than cell by cell."""


def _data_to_json(data: dict[str, Any], widget: Any) -> dict[str, Any]:
    """Encode the grid's data for the front end, text and tick boxes as plain JSON lists.

    ipydatagrid's own encoder tests every text cell three times in Python and copies the text to
    fixed-width UTF-32 (about 0.5 s and 4 bytes per character for a column of 100,000 sentences),
    and sends bool columns cell by cell through a recursive converter. Its front end also reads
    columns sent as ``{"type": "raw", "value": [...]}``, which ``list()`` builds in milliseconds.
    Columns with missing values, numbers and dates still go through ipydatagrid's encoder.
    """
    if not data:
        return {}
    frame = data["data"]
    plain = [
        column
        for column in frame.columns
        if (frame[column].dtype == bool or frame[column].dtype.kind in "OUT" or frame[column].dtype == "string")
        and not frame[column].isna().any()
    ]
    encoded = _data_serialization_impl({**data, "data": frame.drop(columns=plain)}, widget)
    encoded["data"].update({str(column): {"type": "raw", "value": frame[column].tolist()} for column in plain})
    return encoded


class _Grid(DataGrid):
    """ipydatagrid's DataGrid with a faster encoder for text and bool columns (see :func:`_data_to_json`)."""

    _data = traitlets.Dict().tag(sync=True, to_json=_data_to_json, from_json=_data_serialization["from_json"])


class Sheet(ipywidgets.VBox):
    """Grid over a corpus: one row per sentence, a tick box column per tag and a note column.

    Tick a tag cell or edit a note and the change is stored at once; select cells over many
    rows, pick a tag and press Apply or Remove to change them all in one transaction. Sorting and
    filtering are the grid's own (column header menus).
    """

    def __init__(self, corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> None:
        self.store, self.codebook = open_store(codebook, store)
        clash = sorted(set(self.codebook.tags) & {*FIXED_COLUMNS, SUGGESTED, NOTE})
        if clash:
            raise WidgetError(f"The tags {clash} share a name with a sheet column; rename them in the codebook file.")
        self.corpus = corpus
        self._rows = sentence_rows(corpus)
        self._ids = self._rows["sentence_id"].to_numpy(dtype=object)
        self._row_of = {sid: row for row, sid in enumerate(self._ids)}
        self._suggestions = self.codebook.suggestions(corpus.sentences)
        self._syncing = False
        self.grid = _Grid(
            self._frame(),
            editable=True,
            selection_mode="cell",
            base_row_size=24,
            column_widths={
                "sentence_id": 60,
                "text": 520,
                "article": 150,
                "actors": 150,
                "claim source": 110,
                SUGGESTED: 130,
            },
        )
        self.grid.on_cell_change(self._on_cell_change)
        self.tag_picker = ipywidgets.Dropdown(options=self.codebook.tags, description="Tag", layout={"width": "16rem"})
        self.apply_button = ipywidgets.Button(description="Apply to selected", icon="plus")
        self.remove_button = ipywidgets.Button(description="Remove from selected", icon="minus")
        self.apply_button.on_click(self._on_apply)
        self.remove_button.on_click(self._on_remove)
        self.status = ipywidgets.HTML("")
        self._unsubscribe = self.store.subscribe(self._on_store_change)
        super().__init__(
            [ipywidgets.HBox([self.tag_picker, self.apply_button, self.remove_button]), self.grid, self.status]
        )
        self.show_status(f"{len(self._rows):,} sentences. Tick a tag cell, or select rows and apply a tag.")

    def _frame(self) -> pd.DataFrame:
        """Return the grid's table: the sentence rows with this coder's tags and notes from the store."""
        frame = pd.DataFrame({name: self._rows[column] for name, column in FIXED_COLUMNS.items()})
        frame.index = pd.Index(self._ids, name="sentence_id")
        frame[SUGGESTED] = self._suggested(self._ids)
        tags = self.store.tags(coder=self.store.coder)
        for tag in self.codebook.tags:
            frame[tag] = self._rows["sentence_id"].isin(tags.loc[tags["tag"] == tag, "sentence_id"]).to_numpy()
        notes = self.store.notes(coder=self.store.coder)
        by_id = dict(zip(notes["sentence_id"], notes["note"], strict=True))
        frame[NOTE] = [by_id.get(sid, "") for sid in self._ids]
        return frame

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Add learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) to the keyword ones.

        They appear in the read-only ``suggested`` column; a tag is stored only when the coder ticks it.
        """
        keyword = self.codebook.suggestions(self.corpus.sentences)
        self._suggestions = pd.concat([keyword, suggestions[["sentence_id", "tag"]]]).drop_duplicates()
        self.grid.data = self._frame()

    def show_status(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` under the grid (in red when ``error``); the text is escaped."""
        style = "color:#b00020;font-weight:600" if error else "color:inherit"
        self.status.value = f'<span style="{style}">{esc(message)}</span>'

    # -- what the analyst does -----------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """Return the ids of the sentences on every row touched by the grid's selection, in data order."""
        visible = self.grid._visible_rows
        rows: set[int] = set()
        for rect in self.grid.selections:
            view_rows = range(min(rect["r1"], rect["r2"]), max(rect["r1"], rect["r2"]) + 1)
            rows.update(visible[r] if visible else r for r in view_rows if not visible or r < len(visible))
        return [str(self._ids[r]) for r in sorted(rows) if 0 <= r < len(self._ids)]

    def apply_tag(self, tag: str, sentence_ids: list[str] | None = None) -> int:
        """Add ``tag`` to the given sentences (the selected rows by default); return how many gained it."""
        ids = self._targets(sentence_ids)
        added = self.store.add_many(ids, self.codebook.check(tag))
        self.show_status(f"{tag} added to {added:,} sentence(s); {len(ids) - added:,} had it already.")
        return added

    def remove_tag(self, tag: str, sentence_ids: list[str] | None = None) -> int:
        """Remove ``tag`` from the given sentences (the selected rows by default); return how many lost it."""
        ids = self._targets(sentence_ids)
        removed = self.store.remove_many(ids, self.codebook.check(tag))
        self.show_status(f"{tag} removed from {removed:,} sentence(s); {len(ids) - removed:,} did not have it.")
        return removed

    def _targets(self, sentence_ids: list[str] | None) -> list[str]:
        ids = self.selected_ids() if sentence_ids is None else [str(i) for i in sentence_ids]
        if not ids:
            raise WidgetError(
                "No rows are selected: click a cell, then shift+click another to select the rows between."
            )
        return ids

    def edit_cell(self, row: int, column: str, value: Any) -> None:
        """Store what an edit of cell (``row`` of the grid's data, ``column``) means: a tag on or off, or a note."""
        if not 0 <= row < len(self._ids):
            raise WidgetError(f"Row {row} is outside the grid (0 to {len(self._ids) - 1:,}).")
        sid = str(self._ids[row])
        if column in self.codebook.tags:
            on = _as_bool(value)
            (self.store.add if on else self.store.remove)(sid, column)
            self.show_status(f"{column} {'on' if on else 'off'} for sentence {sid}.")
        elif column == NOTE:
            text = "" if value is None else str(value)
            if text != self.store.note_of(sid):
                self.store.set_note(sid, text)
                self.show_status(f"Note saved for sentence {sid}.")
        elif column in FIXED_COLUMNS or column == SUGGESTED:
            original = (
                self._rows.at[row, FIXED_COLUMNS[column]] if column in FIXED_COLUMNS else self._suggested([sid])[0]
            )
            if value != original:
                self._set_cell(column, row, original)
                raise WidgetError(f"The {column!r} column comes from the corpus and cannot be edited here.")
        else:
            raise WidgetError(f"Unknown column {column!r}: edit a tag column or {NOTE!r}.")

    # -- wiring to the grid, the buttons and the store -------------------------------------------

    @reports_errors
    def _on_cell_change(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.edit_cell(int(change["row"]), str(change["column"]), change["value"])

    @reports_errors
    def _on_apply(self, _button: Any) -> None:
        self.apply_tag(self.tag_picker.value)

    @reports_errors
    def _on_remove(self, _button: Any) -> None:
        self.remove_tag(self.tag_picker.value)

    @reports_errors
    def _on_store_change(self, event: dict[str, Any]) -> None:
        """Bring the cells a store change touched up to date (changes made here, in a card view or in code)."""
        if event.get("coder") not in (None, self.store.coder):
            return
        rows = [self._row_of[sid] for sid in event_ids(event) if sid in self._row_of]
        tag = event.get("tag")
        if event.get("action") == "done" or not rows:
            return
        columns = [tag] if tag else [*self.codebook.tags, NOTE]
        if event.get("action") == "note":
            columns = [NOTE]
        fresh = self._frame().iloc[rows] if len(rows) > 50 else self._frame_rows(rows)
        changed = [
            (column, row, fresh.at[self._ids[row], column])
            for column in columns
            for row in rows
            if self.grid._data["data"].at[row, column] != fresh.at[self._ids[row], column]
        ]
        if len(changed) > BULK_REFRESH:
            self.grid.data = self._frame()
            return
        for column, row, value in changed:
            self._set_cell(column, row, value)

    def _suggested(self, ids: Any) -> list[str]:
        """Return the suggested tags of each sentence in ``ids``, joined by "; " ("" for none)."""
        joined: dict[str, list[str]] = {}
        for sid, tag in zip(self._suggestions["sentence_id"].tolist(), self._suggestions["tag"].tolist(), strict=True):
            joined.setdefault(sid, []).append(tag)
        return ["; ".join(joined.get(sid, ())) for sid in ids]

    def _frame_rows(self, rows: list[int]) -> pd.DataFrame:
        """Return the tag and note cells of a few rows, read from the store one sentence at a time."""
        ids = [str(self._ids[row]) for row in rows]
        data = {tag: [tag in self.store.tags_of(sid) for sid in ids] for tag in self.codebook.tags}
        data[NOTE] = [self.store.note_of(sid) for sid in ids]
        return pd.DataFrame(data, index=pd.Index(ids, dtype=object))

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
