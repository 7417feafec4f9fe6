"""Writing tables to files safely: formulas neutralised, atomic renames, no silent overwrite.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, and article text is untrusted. OWASP's rule for CSV injection
is applied to every text cell written to CSV or XLSX: such a cell gets a leading single quote,
which spreadsheets show as text. Parquet is not opened by spreadsheets and is written as is.
"""

from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from workbench.errors import ExportError

FORMULA_PATTERN = r"^[=+\-@\t\r]"
"""Text cells matching this are neutralised (OWASP: ``= + - @``, tab, carriage return)."""
FORMATS = ("csv", "parquet", "xlsx")
_XLSX_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def _neutralise_series(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.StringDtype):
        risky = column.str.contains(FORMULA_PATTERN, regex=True, na=False)
    elif column.dtype == object:
        risky = column.map(lambda value: isinstance(value, str) and value[:1] in "=+-@\t\r").astype(bool)
    else:
        return column
    if not risky.any():
        return column
    return column.mask(risky, "'" + column.astype("string"))


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells and headers cannot run as spreadsheet formulas.

    Cells that do not start like a formula are unchanged, so reading the file back gives the
    same values; the others gain a leading ``'``.
    """
    out = frame.copy()
    for name in frame.columns:
        out[name] = _neutralise_series(frame[name])
    headers = pd.Series([str(name) for name in frame.columns], dtype="string")
    out.columns = list(_neutralise_series(headers))
    return out


def check_free(paths: Iterable[pathlib.Path], *, overwrite: bool) -> None:
    """Raise :class:`ExportError` if any of ``paths`` exists and ``overwrite`` is false."""
    if overwrite:
        return
    taken = [path for path in paths if path.exists()]
    if taken:
        names = ", ".join(path.name for path in taken)
        raise ExportError(
            f"{names} already {'exists' if len(taken) == 1 else 'exist'} in {str(taken[0].parent)!r}: "
            "pass overwrite=True (--overwrite on the command line) to replace, or choose another folder."
        )


def write_atomic(path: pathlib.Path, write: Callable[[pathlib.Path], object]) -> pathlib.Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place in one step.

    A reader never sees a half-written file, and a failed write leaves no temporary file behind.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    part = pathlib.Path(temporary)
    try:
        write(part)
        part.chmod(0o644)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def write_csv(frame: pd.DataFrame, path: pathlib.Path, *, bom: bool = False) -> pathlib.Path:
    """Write ``frame`` as UTF-8 CSV (with a byte-order mark for Excel when ``bom``), neutralised."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return write_atomic(path, lambda part: neutralise(frame).to_csv(part, index=False, encoding=encoding))


def write_parquet(frame: pd.DataFrame, path: pathlib.Path) -> pathlib.Path:
    """Write ``frame`` as Parquet, dtypes kept."""
    return write_atomic(path, lambda part: frame.to_parquet(part, index=False))


def _xlsx_rows(frame: pd.DataFrame) -> Iterable[Sequence[object]]:
    safe = neutralise(frame)
    for name in safe.columns:
        if isinstance(safe[name].dtype, pd.StringDtype):
            safe[name] = safe[name].str.replace(_XLSX_ILLEGAL, "", regex=True)
    yield list(safe.columns)
    yield from safe.astype(object).where(safe.notna(), None).itertuples(index=False, name=None)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: pathlib.Path) -> pathlib.Path:
    """Write one Excel workbook with a sheet per table, text neutralised like the CSV files.

    Missing values are left as empty cells, which the writer skips at no cost.
    """
    from openpyxl import Workbook

    def write(part: pathlib.Path) -> None:
        book = Workbook(write_only=True)
        for name, frame in sheets.items():
            sheet = book.create_sheet(title=name[:31])
            for row in _xlsx_rows(frame):
                sheet.append(row)
        book.save(part)

    return write_atomic(path, write)
