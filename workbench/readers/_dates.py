"""Reading publication dates as they come: ISO 8601, e-mail style, numeric day/month, time stamps.

A date that cannot be read is reported, never silently missing. ``03/04/2024`` is 3 April in
Europe and 4 March in the United States: a file settles the order when any of its dates can be
read only one way (``15/03/2024``); in a file where none does, such dates follow the caller's
``dayfirst`` and are counted as ambiguous when it was not given. ISO 8601 and other year-first dates (``2024-03-04``,
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


def parse_dates(values: Sequence[Any], *, dayfirst: bool | None = None, groups: Sequence[Any] | None = None) -> Dates:
    """Parse publication dates; ``03/04/2024`` is read in the order its group (file) settles, else by ``dayfirst``.

    ``groups`` names the file of each value (all values are one file when it is ``None``); see
    :func:`day_first_by_group`. In a file where nothing settles the order, ``dayfirst`` decides
    (``None``: month first, and the value is counted as ambiguous). Values may be strings, time
    stamps or dates; missing values (``None``, ``NaN``, blank strings) stay missing and are not
    reported.

    Examples
    --------
    >>> dates = parse_dates(["2024-03-04", "03/04/2024", "2024-13-45", None], dayfirst=True)
    >>> [str(day.date()) for day in dates.parsed[:2]], dates.unreadable, dates.ambiguous
    (['2024-03-04', '2024-04-03'], [2], [])
    >>> dates = parse_dates(["15/03/2024", "03/04/2024"])
    >>> [str(day.date()) for day in dates.parsed], dates.ambiguous
    (['2024-03-15', '2024-04-03'], [])
    """
    raw = pd.Series(list(values), dtype=object)
    text = raw.map(lambda value: value.strip() or None if isinstance(value, str) else value)
    present = text.notna()
    is_string = text.map(lambda value: isinstance(value, str))
    year_first = is_string & text.map(lambda value: isinstance(value, str) and _YEAR_FIRST.match(value) is not None)
    other_strings = is_string & ~year_first
    names = [None] * len(text) if groups is None else list(groups)
    orders = pd.Series(day_first_by_group(text.tolist(), names, dayfirst=dayfirst), index=text.index, dtype=object)
    day_first = orders.map(lambda order: order is True).astype(bool)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    masks = (
        (year_first, False),
        (other_strings & day_first, True),
        (other_strings & ~day_first, False),
        (present & ~is_string, False),
    )
    for mask, first in masks:
        if mask.any():
            parsed[mask] = _to_utc(text[mask], dayfirst=first)
    unreadable = present & parsed.isna()
    unsettled = other_strings & orders.isna()
    ambiguous = [value for value in text[unsettled] if _is_ambiguous(value)]
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


def day_first_by_group(
    values: Sequence[Any], groups: Sequence[Any], *, dayfirst: bool | None = None
) -> list[bool | None]:
    """Return, for each value, whether its group (its file) writes numeric dates day first.

    A group settles the order when one of its dates can only be read one way: ``15/03/2024``
    (no month 15) makes ``03/04/2024`` in the same file 3 April; ``03/15/2024`` makes it 4 March.
    A group where nothing settles it, or where dates contradict each other, follows ``dayfirst``
    (``None``: month first, and counted as ambiguous by :func:`parse_dates`).

    Examples
    --------
    >>> day_first_by_group(["15/03/2024", "03/04/2024", "03/04/2024"], ["a.csv", "a.csv", "b.csv"])
    [True, True, None]
    """
    seen: dict[Any, set[bool]] = {}
    for value, group in zip(values, groups, strict=True):
        order = _order_of(value)
        if order is not None:
            seen.setdefault(group, set()).add(order)
    settled = {group: orders.pop() for group, orders in seen.items() if len(orders) == 1}
    return [settled.get(group, dayfirst) for group in groups]


def _order_of(value: Any) -> bool | None:
    """Say whether a numeric date can only be day first (``True``) or only month first (``False``)."""
    if not isinstance(value, str):
        return None
    match = _DAY_MONTH.match(value)
    if match is None or _YEAR_FIRST.match(value):
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second >= 1:
        return True
    if second > 12 >= first >= 1:
        return False
    return None


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|nesday|sday|urday)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?"
WRITTEN_DATE = re.compile(
    rf"{_WEEKDAY}(?:"
    rf"(?P<month_a>{_MONTH})\s+(?P<day_a>{_DAY})\b(?:,?\s+(?P<year_a>(?:19|20)\d\d))?"
    rf"|(?P<day_b>{_DAY})\.?\s+(?:of\s+)?(?P<month_b>{_MONTH})(?:,?\s+(?P<year_b>(?:19|20)\d\d))?"
    r"|(?P<iso>(?:19|20)\d\d-[01]?\d-[0-3]?\d)"
    r"|(?P<numeric>[0-3]?\d[/.][0-3]?\d[/.](?:19|20)\d\d)"
    rf")\b{_TIME}"
)
"""A date as articles write it near their top: "March 5, 2024", "Tuesday 5 March 2024, 09:30 CET",
"Mar. 5" (no year), "2024-03-05", "05/03/2024" (a four-digit year only: "12/7/26" is the date a
browser prints in a page's header, not the article's)."""


class WrittenDate(NamedTuple):
    """A date written in a text: where it is, and its value for ``published`` (``None`` without a year).

    The value is ``YYYY-MM-DD`` when the month is named, and the numbers as written otherwise
    (``05/03/2024``), so that the file's day/month order decides them as it decides a column.
    """

    start: int
    end: int
    value: str | None


def written_date(text: str, *, start: int = 0, whole: bool = False) -> WrittenDate | None:
    """Find the first date written in ``text`` from ``start`` (with ``whole``, only one that is all of it).

    Examples
    --------
    >>> written_date("Tuesday, March 5, 2024 9:30 a.m.", whole=True).value
    '2024-03-05'
    >>> written_date("5th of March", whole=True).value is None, written_date("Page 12 of 30") is None
    (True, True)
    """
    pattern = WRITTEN_DATE
    match = pattern.fullmatch(text, start) if whole else pattern.search(text, start)
    if match is None:
        return None
    if match["iso"] or match["numeric"]:
        return WrittenDate(match.start(), match.end(), match["iso"] or match["numeric"])
    month = match["month_a"] or match["month_b"]
    day = int((match["day_a"] or match["day_b"]).rstrip("stndrh"))
    year = match["year_a"] or match["year_b"]
    number = _MONTH_NAMES.index(month[:3].lower()) + 1
    value = f"{year}-{number:02d}-{day:02d}" if year else None
    return WrittenDate(match.start(), match.end(), value)
