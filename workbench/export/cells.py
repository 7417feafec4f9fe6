r"""Text cells made safe for spreadsheets: characters no file can hold removed, then formula starts neutralised.

Article text, titles, names, tags and notes are untrusted, and a spreadsheet runs a cell that
begins with ``=``, ``+``, ``-`` or ``@`` as a formula (OWASP's CSV injection). Every text cell
and header the exports write to CSV or XLSX goes through :func:`safe_text` (one value) or
:func:`safe_column` (a column, vectorised), which apply two rules in this order:

1. **Strip** the characters an XLSX file cannot hold and that break CSV readers: the C0 control
   characters other than tab, line feed and carriage return, DEL, lone surrogates and the
   non-characters U+FFFE and U+FFFF. Stripping comes first so that ``"\x01=cmd"`` cannot become
   ``"=cmd"`` after the check.
2. **Neutralise** a cell that starts with a tab or a carriage return, or whose first visible
   character is a formula start, by prefixing a single quote ``'`` (which spreadsheets show as
   text). Formula starts are ``= + - @`` and every character that Unicode compatibility folding
   (NFKC) turns into one: full-width ``＝ ＋ － ＠``, small, superscript and subscript forms.
   Characters a reader does not see are skipped before the check: spaces of every width
   (no-break space included), line breaks, zero-width characters, the byte-order mark,
   direction marks, soft hyphens, variation selectors, fillers and C1 control characters.

Cells that match neither rule are written unchanged, so a file reads back to the same values.

Example
-------
>>> safe_text("\x01=HYPERLINK(\"http://evil.example\")")
'\'=HYPERLINK("http://evil.example")'
>>> safe_text("\u200b＝1+1"), safe_text("a = b")
("'\u200b＝1+1", 'a = b')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

_STRIPPED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff"
STRIPPED = f"[{_STRIPPED}]"
"""Characters removed from every text cell (a regular expression class, for Arrow's RE2 and Python)."""
_STRIPPED_PYTHON = re.compile(f"[{_STRIPPED}\ud800-\udfff]")  # lone surrogates exist only in Python strings

_INVISIBLE = (
    "\t\n\r \x80-\xa0\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u1680\u180e"
    "\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001-\U000e007f\U000e0100-\U000e01ef"
)
_STARTS = "=+\\-@\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
FORMULA_START = f"^(?:[\t\r]|[{_INVISIBLE}]*[{_STARTS}])"
"""A text cell matching this, once stripped, is neutralised (a regular expression for Arrow's RE2 and Python)."""
_FORMULA_START_PYTHON = re.compile(FORMULA_START)
NEUTRAL_PREFIX = "'"


def safe_text(value: str) -> str:
    """Return ``value`` with the characters no spreadsheet file can hold removed, then a formula start neutralised."""
    value = _STRIPPED_PYTHON.sub("", value)
    return NEUTRAL_PREFIX + value if _FORMULA_START_PYTHON.match(value) else value


def safe_column(column: pd.Series) -> pd.Series:
    """Return ``column`` with :func:`safe_text` applied to its text cells; other dtypes are returned as they are.

    Text columns (pandas' ``string`` dtype) are handled by two vectorised regular expressions;
    ``object`` and categorical columns have their ``str`` values mapped one by one (lists and
    tuples joined by "; " first), and their other values (numbers, dates, missing values) kept.
    """
    if isinstance(column.dtype, pd.StringDtype):
        clean = column.str.replace(STRIPPED, "", regex=True)
        risky = clean.str.contains(FORMULA_START, regex=True, na=False)
        return clean.mask(risky, NEUTRAL_PREFIX + clean) if risky.any() else clean
    if column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype):
        return column.map(_safe_value)
    return column


def _safe_value(value: Any) -> Any:
    """Return a cell of an ``object`` column made safe; a list of values (``claims.sentence_ids``) joined by "; "."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return safe_text(value) if isinstance(value, str) else value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells and headers are safe (see :func:`safe_column`)."""
    out = pd.DataFrame({position: safe_column(frame.iloc[:, position]) for position in range(len(frame.columns))})
    out.columns = [safe_text(str(name)) for name in frame.columns]
    return out
