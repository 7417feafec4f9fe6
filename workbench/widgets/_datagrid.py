"""The one place the sheet uses ipydatagrid's private API, pinned to the versions it was tested with.

The sheet needs four things ipydatagrid keeps private: the grid's table as the front end has it
(``DataGrid._data["data"]``, one row per data row, in data order), the data rows in view order
under the front end's sort and filter (``DataGrid._visible_rows``), a faster encoder for that
table, and a faster way to send it (when the grid opens, and again after a bulk change).
Everything else the sheet does goes through ipydatagrid's public API.

Why the encoder: ipydatagrid's own (``_data_serialization_impl``) tests every text cell three
times in Python and copies the text to fixed-width UTF-32, about 0.5 s and 4 bytes per character
for a column of 100,000 sentences, and sends bool columns cell by cell through a recursive
converter. Its front end also reads a column sent as ``{"type": "raw", "value": [...]}``, which
``list()`` builds in milliseconds. The front end matches columns to the schema's fields *by
position*, so the encoded columns must keep the order of the schema's fields: a column encoded
apart and appended after the others makes sort and filter act on the wrong column.

Why the sender: ipywidgets walks every value of a state it sends, looking for binary buffers
(1.6 million isinstance pairs for the sheet's table at 100,000 rows: most of a bulk change's time
and half of opening the sheet); the encoder knows where its buffers are, so :func:`split_buffers`
takes them out itself and :meth:`Grid.open` and :meth:`Grid.send_state` send the same messages
as ipywidgets would.

On versions other than :data:`TESTED_VERSIONS` the encoder and the sender are those of
ipydatagrid and ipywidgets (slower, same result), so an upgrade can cost speed but never
correctness.
"""

from __future__ import annotations

from typing import Any

import ipydatagrid
import ipywidgets
import pandas as pd
import traitlets
from ipydatagrid import DataGrid
from ipydatagrid.datagrid import _data_serialization, _data_serialization_impl
from ipywidgets import comm
from ipywidgets.widgets.widget import __protocol_version__, _remove_buffers

TESTED_VERSIONS = {"ipydatagrid": "1.4.", "ipywidgets": "8.1."}
"""Version prefixes whose front end was checked to read what :func:`encode` and :meth:`Grid.send_state` send."""

FAST = ipydatagrid.__version__.startswith(TESTED_VERSIONS["ipydatagrid"]) and ipywidgets.__version__.startswith(
    TESTED_VERSIONS["ipywidgets"]
)
"""Whether the encoder and the sender take their fast paths with the installed versions."""


def _plain(column: pd.Series) -> bool:
    """Return True for a column that JSON carries as is: text or bool without missing values."""
    return (column.dtype == bool or column.dtype.kind in "OUT" or column.dtype == "string") and not column.isna().any()


def encode(data: dict[str, Any], widget: Any) -> dict[str, Any]:
    """Encode the grid's table for the front end: text and tick boxes as plain lists, in the schema's field order.

    Columns with missing values, numbers and dates go through ipydatagrid's own encoder.
    """
    if not data or not FAST:
        return _data_serialization_impl(data, widget)
    frame = data["data"]
    plain = [column for column in frame.columns if _plain(frame[column])]
    encoded = _data_serialization_impl({**data, "data": frame.drop(columns=plain)}, widget)
    by_name = encoded["data"] | {str(column): {"type": "raw", "value": frame[column].tolist()} for column in plain}
    encoded["data"] = {str(column): by_name[str(column)] for column in frame.columns}
    return encoded


def split_buffers(state: dict[str, Any]) -> tuple[dict[str, Any], list[list[Any]], list[memoryview]]:
    """Return ``state`` without its binary buffers, their paths and the buffers, as ipywidgets' ``_remove_buffers``.

    The table (``_data``) is not walked cell by cell: its buffers can only be the ``value`` of a
    column :func:`encode` sent as a typed array. The rest of the state is small and goes through
    ipywidgets' own function.
    """
    rest, paths, buffers = _remove_buffers({name: value for name, value in state.items() if name != "_data"})
    if "_data" not in state:
        return rest, paths, buffers
    table = state["_data"]
    columns = dict(table.get("data", {}))  # cloned where buffers come out, as ipywidgets does
    for name, column in columns.items():
        if isinstance(column, dict) and isinstance(column.get("value"), memoryview):
            columns[name] = {field: value for field, value in column.items() if field != "value"}
            buffers.append(column["value"])
            paths.append(["_data", "data", name, "value"])
    return {**rest, "_data": {**table, "data": columns} if table else table}, paths, buffers


class Grid(DataGrid):
    """ipydatagrid's ``DataGrid`` sent with :func:`encode`, its table sent again without a walk over every cell."""

    _data = traitlets.Dict().tag(sync=True, to_json=encode, from_json=_data_serialization["from_json"])

    def open(self) -> None:
        """Open the comm to the front end as ipywidgets does, with the table's buffers taken out directly."""
        if self.comm is not None or not FAST:
            super().open()
            return
        state, paths, buffers = split_buffers(self.get_state())
        args = {
            "target_name": "jupyter.widget",
            "data": {"state": state, "buffer_paths": paths},
            "buffers": buffers,
            "metadata": {"version": __protocol_version__},
        }
        if self._model_id is not None:
            args["comm_id"] = self._model_id
        self.comm = comm.create_comm(**args)

    def send_state(self, key: str | list[str] | None = None) -> None:
        """Send state to the front end as ipywidgets does, with the table's buffers taken out directly."""
        if not FAST:
            super().send_state(key)
            return
        state = self.get_state(key)
        if not state:
            return
        for name, value in state.items():  # kept up to date with what the front end holds, as ipywidgets does
            if name in self._property_lock:
                self._property_lock[name] = value
        state, paths, buffers = split_buffers(state)
        self._send({"method": "update", "state": state, "buffer_paths": paths}, buffers=buffers)


def table(grid: DataGrid) -> pd.DataFrame:
    """Return the grid's table as the front end has it: data rows in data order, the index as a column."""
    return grid._data["data"]


def view_rows(grid: DataGrid) -> list[int] | None:
    """Return the data rows in the order the front end shows them (after its sort and filter); None when unsorted."""
    return list(grid._visible_rows) or None


def replace_columns(grid: DataGrid, columns: dict[str, Any]) -> None:
    """Replace whole columns of the grid's table and send the table to the front end once.

    Used for bulk changes: one message instead of a message per cell. The front end keeps its
    sort and filter, which it re-applies to the new table.
    """
    frame = table(grid)
    for name, values in columns.items():
        frame[name] = values
    grid.send_state("_data")
