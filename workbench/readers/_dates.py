"""Reading publication dates as they come: ISO 8601, e-mail style, numeric day/month, time stamps.

A date that cannot be read is reported, never silently missing. ``03/04/2024`` is 3 April in
Europe and 4 March in the United States: such dates follow the caller's ``dayfirst`` and are
counted as ambiguous when it was not given. ISO 8601 and other year-first dates (``2024-03-04``,
``20240304``, ``2024/03/04``, with or without a time and zone) are always year, month, day,
whatever ``dayfirst`` says: the date parser would otherwise swap their month and day too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import pandas as pd

_YEAR_FIRST = re.compile(r"\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8})(?!\d)")
"""ISO 8601 and other year-first dates (2024-03-04, 2024/03/04, 20240304, with anything after
them): always year, month, day."""
_DAY_MONTH = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})\b")

_EARLIEST, _LATEST = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
"""The dates a ``datetime64[ns]`` column holds (1677-2262); others cannot be stored."""


class Dates(NamedTuple):
    """Dates read from a column of values, and what could not be read unambiguously.

    ``parsed`` is naive UTC (``datetime64[ns]``), ``unreadable`` the positions of values that are
    not dates, ``ambiguous`` the values read month first that could be day first.
    """

    parsed: pd.Series
    unreadable: list[int]
    ambiguous: list[str]


def parse_dates(values: Sequence[Any], *, dayfirst: bool | None = None) -> Dates:
    """Parse publication dates; ``dayfirst`` decides ``03/04/2024`` (``None``: month first, counted ambiguous).

    Values may be strings, time stamps or dates; missing values (``None``, ``NaN``, blank
    strings) stay missing and are not reported.

    Examples
    --------
    >>> dates = parse_dates(["2024-03-04", "03/04/2024", "2024-13-45", None], dayfirst=True)
    >>> [str(day.date()) for day in dates.parsed[:2]], dates.unreadable, dates.ambiguous
    (['2024-03-04', '2024-04-03'], [2], [])
    """
    raw = pd.Series(list(values), dtype=object)
    text = raw.map(lambda value: value.strip() or None if isinstance(value, str) else value)
    present = text.notna()
    is_string = text.map(lambda value: isinstance(value, str))
    year_first = is_string & text.map(lambda value: isinstance(value, str) and _YEAR_FIRST.match(value) is not None)
    other_strings = is_string & ~year_first
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    for mask, first in ((year_first, False), (other_strings, bool(dayfirst)), (present & ~is_string, False)):
        if mask.any():
            parsed[mask] = _to_utc(text[mask], dayfirst=first)
    unreadable = present & parsed.isna()
    ambiguous = [value for value in text[other_strings] if _is_ambiguous(value)] if dayfirst is None else []
    return Dates(parsed.dt.tz_localize(None), [int(at) for at in text.index[unreadable]], ambiguous)


def _to_utc(values: pd.Series, *, dayfirst: bool) -> pd.Series:
    """Parse ``values`` to UTC; what is not a date, or lies outside 1677-2262, is ``NaT``."""
    parsed = pd.to_datetime(values, errors="coerce", utc=True, format="mixed", dayfirst=dayfirst)
    return parsed.where(parsed.between(_EARLIEST, _LATEST)).astype("datetime64[ns, UTC]")


def _is_ambiguous(value: str) -> bool:
    """Tell whether ``value`` starts with two different numbers that could each be the month."""
    match = _DAY_MONTH.match(value)
    if match is None:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first != second and max(first, second) <= 12
