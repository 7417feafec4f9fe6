r"""Writing tables to files safely: cells made safe, rows that cannot split, atomic renames, no silent overwrite.

Every text cell and header written to CSV or XLSX first goes through :mod:`workbench.export.cells`
(characters no file can hold removed, then formula starts neutralised). CSV files end lines with
``\r\n`` (RFC 4180), so the writer quotes every field that holds a carriage return, a line feed,
a quote or a comma: a title with a bare carriage return stays one cell of one row. Workbooks are
written by XlsxWriter with every text cell stored as a string (never a formula or a link).
Parquet is not opened by spreadsheets and is written as is.

A set of files (the summaries and their manifest, the corpus tables) is written into a staging
folder and moved in at the end (:func:`staged`), so a failure leaves the old set whole.
"""

from __future__ import annotations

import contextlib
import math
import os
import pathlib
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from workbench.errors import ExportError
from workbench.export.cells import neutralise, safe_column, safe_text

FORMATS = ("csv", "parquet", "xlsx")
CSV_LINE_END = "\r\n"
"""CSV rows end as RFC 4180 says; Python's CSV writer then quotes any field holding ``\\r`` or ``\\n``."""
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CHARS = 32_767
"""Excel's limits: rows per sheet (header included) and characters per cell."""
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_EXACT_FROM = pd.Timestamp("1900-03-01")
"""Excel counts days from ``EXCEL_EPOCH`` for dates from ``EXCEL_EXACT_FROM`` on (before, its 1900 leap day)."""


def check_free(paths: Iterable[pathlib.Path], *, overwrite: bool) -> None:
    """Raise :class:`ExportError` if any of ``paths`` exists and ``overwrite`` is false."""
    if overwrite:
        return
    taken = [path for path in paths if path.exists()]
    if taken:
        names = ", ".join(repr(path.name) for path in taken)
        raise ExportError(
            f"{names} already {'exists' if len(taken) == 1 else 'exist'} in {str(taken[0].parent)!r}: "
            "pass overwrite=True (--overwrite on the command line) to replace, or choose another folder."
        )


@contextlib.contextmanager
def staged(folder: pathlib.Path, names: Sequence[str]) -> Iterator[pathlib.Path]:
    """Yield a staging folder inside ``folder`` to write a set of files into; move them in when the block ends.

    The files (or folders of files) ``names`` are written into the staging folder; when the
    block ends without error they are moved into ``folder`` one rename each, in the order of
    ``names`` (a manifest last, so it never describes files not yet in place). Before any move,
    a folder standing where a file goes, or a file where a folder goes, is refused; a move that
    still fails puts back everything already replaced. Either the whole new set is in place or
    the old set is, whole; the staging folder is removed.

    Raises
    ------
    ExportError
        When a target name is taken by a folder where a file goes or the reverse; nothing in
        ``folder`` is changed.
    OSError
        When a file cannot be written or moved in (a full disk), naming the file in ``folder``
        it was meant to become.
    """
    stage = pathlib.Path(tempfile.mkdtemp(dir=folder, prefix=".staging-"))
    try:
        try:
            yield stage
        except OSError as error:
            written = pathlib.Path(str(error.filename or ""))
            if error.errno is None or not written.is_relative_to(stage):
                raise
            raise OSError(error.errno, error.strerror, str(folder / written.relative_to(stage))) from error
        blocked = [name for name in names if (folder / name).exists() and _kind(folder / name) != _kind(stage / name)]
        if blocked:
            there = _kind(folder / blocked[0])
            raise ExportError(
                f"{blocked[0]!r} in {str(folder)!r} is a {there}, where the export writes a "
                f"{_kind(stage / blocked[0])}; nothing was changed. Move or rename that {there}, or choose "
                "another folder to write into."
            )
        _move_in(stage, folder, names)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _kind(path: pathlib.Path) -> str:
    return "folder" if path.is_dir() and not path.is_symlink() else "file"


def _move_in(stage: pathlib.Path, folder: pathlib.Path, names: Sequence[str]) -> None:
    """Move the files and folders ``names`` from ``stage`` into ``folder`` in order; on a failure, put the old back.

    A file replaced stays in place until the rename that replaces it; a folder (of partition
    files) replaced is first moved aside, since a rename cannot replace a folder that holds files.
    """
    old = stage / ".old"
    old.mkdir()
    moved: list[str] = []
    folders = {name for name in names if _kind(stage / name) == "folder"}
    try:
        for name in names:
            target = folder / name
            if target.exists() and name in folders:
                os.replace(target, old / name)
            elif target.exists():
                _keep(target, old / name)
            moved.append(name)
            os.replace(stage / name, target)
    except OSError as error:
        for name in reversed(moved):
            if name in folders and (folder / name).exists():
                shutil.rmtree(folder / name)
            if (old / name).exists():
                os.replace(old / name, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(folder / moved[-1])) from error


def _keep(path: pathlib.Path, copy: pathlib.Path) -> None:
    """Keep the file at ``path`` as ``copy`` while it stays in place: a hard link, or a copy where links fail."""
    try:
        os.link(path, copy)
    except OSError:  # a file system without hard links (FAT, some network shares)
        shutil.copy2(path, copy)


def write_atomic(path: pathlib.Path, write: Callable[[pathlib.Path], object]) -> pathlib.Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place in one step.

    A reader never sees a half-written file, and a failed write leaves no temporary file behind.

    Raises
    ------
    OSError
        When the file cannot be written (a full disk, a folder in its place), of the same kind
        and naming ``path``: a failed write names no file of its own ("[Errno 28] No space left
        on device").
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    part = pathlib.Path(temporary)
    try:
        write(part)
        part.chmod(0o644)
        os.replace(part, path)
    except OSError as error:
        part.unlink(missing_ok=True)
        if error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def write_csv(frame: pd.DataFrame, path: pathlib.Path, *, bom: bool = False) -> pathlib.Path:
    """Write ``frame`` as UTF-8 CSV (with a byte-order mark for Excel when ``bom``), cells made safe."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return write_atomic(
        path,
        lambda part: neutralise(frame).to_csv(part, index=False, encoding=encoding, lineterminator=CSV_LINE_END),
    )


def write_parquet(frame: pd.DataFrame, path: pathlib.Path) -> pathlib.Path:
    """Write ``frame`` as Parquet, dtypes kept."""
    return write_atomic(path, lambda part: frame.to_parquet(part, index=False))


class _Column(NamedTuple):
    """One column of a sheet: the worksheet method that writes its cells, and its values (``None``: empty cell)."""

    method: str
    values: list[Any]
    cell_format: Any = None


def _cells(column: pd.Series, dates: tuple[Any, Any]) -> _Column:
    """Return how to write ``column``: booleans, finite numbers, dates as Excel dates, or text made safe.

    Missing and non-finite values are left empty.

    ``dates`` holds the cell formats for dates without and with a time of day.
    """
    missing = column.isna()
    if pd.api.types.is_bool_dtype(column.dtype):
        return _Column("write_boolean", column.astype(object).where(~missing, None).tolist())
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.astype(object).where(~missing, None).tolist()
        return _Column("write_number", [None if v is None or not math.isfinite(v) else v for v in values])
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        naive = column.dt.tz_convert(None) if column.dt.tz is not None else column
        with_time = bool((naive.dropna() != naive.dropna().dt.normalize()).any())
        if (naive.dropna() >= EXCEL_EXACT_FROM).all():
            # Excel stores a date as days since its epoch: computed for the whole column at once.
            serials = ((naive - EXCEL_EPOCH) / pd.Timedelta(days=1)).astype(object).where(~missing, None)
            return _Column("write_number", serials.tolist(), dates[with_time])
        # Excel holds no date before 1900: such a column is written as ISO text, which keeps every date exact.
        text = naive.dt.strftime("%Y-%m-%d %H:%M:%S" if with_time else "%Y-%m-%d")
        return _Column("write_string", text.astype(object).where(~missing, None).tolist())
    if not isinstance(column.dtype, pd.StringDtype):
        column = column.map(lambda value: value if isinstance(value, str) else str(value)).where(~missing, pd.NA)
        column = column.astype("string")
    return _Column("write_string", safe_column(column).astype(object).where(~missing, None).tolist())


def _write_sheet(sheet: Any, name: str, frame: pd.DataFrame, dates: tuple[Any, Any]) -> int:
    """Write ``frame`` with its header into ``sheet`` row by row; return how many text cells Excel's limit cut."""
    if len(frame) + 1 > XLSX_MAX_ROWS:
        raise ExportError(
            f"The table {name!r} has {len(frame):,} rows, more than an Excel sheet holds "
            f"({XLSX_MAX_ROWS - 1:,}): export it as CSV (format='csv'), or filter the corpus first."
        )
    columns = [_cells(frame.iloc[:, position], dates) for position in range(frame.shape[1])]
    for position, header in enumerate(frame.columns):
        sheet.write_string(0, position, safe_text(str(header)))
    writers = [(position, getattr(sheet, column.method), column.cell_format) for position, column in enumerate(columns)]
    cut = 0
    for row, values in enumerate(zip(*(column.values for column in columns), strict=True), start=1):
        for (position, write, cell_format), value in zip(writers, values, strict=True):
            if value is not None and write(row, position, value, cell_format):
                cut += 1
    return cut


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: pathlib.Path) -> pathlib.Path:
    """Write one Excel workbook with a sheet per table, text cells made safe as in the CSV files.

    Text is always stored as a string (XlsxWriter's ``strings_to_formulas``, ``strings_to_urls``
    and ``strings_to_numbers`` are off), rows are streamed to disk (``constant_memory``), missing
    and non-finite values are left as empty cells, and dates are Excel dates (in naive UTC; a column
    holding a date before 1900, which Excel cannot, is written as ISO text). A text cell longer
    than Excel's 32,767 characters is cut to that length with a warning (the CSV keeps it whole);
    a table with more rows than a sheet holds raises :class:`ExportError`.
    """
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    cuts: dict[str, int] = {}

    def write(part: pathlib.Path) -> None:
        # Rows are streamed through scratch files, removed even when a sheet fails half-way.
        with tempfile.TemporaryDirectory(prefix="workbench-xlsx-") as scratch:
            book = xlsxwriter.Workbook(str(part), {**options, "tmpdir": scratch})
            dates = (
                book.add_format({"num_format": "yyyy-mm-dd"}),
                book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            )
            for name, frame in sheets.items():
                cuts[name] = _write_sheet(book.add_worksheet(name[:31]), name, frame, dates)
            book.close()

    write_atomic(path, write)
    for name, cut in cuts.items():
        if cut:
            warnings.warn(
                f"{cut:,} cell(s) of the sheet {name!r} held more than Excel's {XLSX_MAX_CHARS:,} characters "
                "and were cut to that length; the CSV export (format='csv') keeps them whole.",
                UserWarning,
                stacklevel=2,
            )
    return path
