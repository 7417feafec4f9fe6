"""Article records into the ``articles`` table: cut at a separator, cleaned, given ids, dated.

:func:`records_to_articles` is the one step from read records to articles that :func:`workbench.load`
and the on-disk build share: records a separator cuts into parts (:func:`split_records`), each
text cleaned and given its content-hashed id, copies and unusable records reported, dates read
in the order their file settles (:func:`articles_from_records`).
"""

from __future__ import annotations

import pathlib
import uuid
import warnings
from collections.abc import Iterable
from typing import Any, NamedTuple

import pandas as pd

from workbench import cleaning, ids, schema
from workbench.errors import AmbiguousDateWarning, DuplicateIdWarning, LoadError
from workbench.inputs import Failure
from workbench.readers import MAX_ARTICLE_SIZE, Record
from workbench.readers._base import lone_surrogate, printable_path, too_long
from workbench.readers._dates import parse_dates

_ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "source",
    "published",
    "url",
    "author",
    "path",
    "text",
    "dateline_place",
    "file_created",
]


def records_to_articles(
    records: list[Record],
    failures: list[Failure],
    *,
    junk: Iterable[str] = (),
    dayfirst: bool | None = None,
    split: str | None = None,
) -> tuple[pd.DataFrame, list[Failure]]:
    """Return the ``articles`` table of ``records`` and every failure, with paths fit to print.

    ``failures`` are those of reading; the records that cannot be articles are added. This is
    what :func:`load` and the on-disk build both do between reading and extraction.
    """
    if split is not None:
        records = split_records(records, split)
    articles, skipped = articles_from_records(records, junk=junk, dayfirst=dayfirst)
    return articles, [(printable_path(path), error) for path, error in failures + skipped]


def split_records(records: Iterable[Record], separator: str) -> list[Record]:
    r"""Return ``records`` with each text cut at every match of ``separator``: one record per part.

    A part keeps its record's fields but takes its first line as title and a ``where`` that
    numbers it ("part 2"); an explicit id becomes ``id-2``. Blank parts are dropped; a text
    without a match is returned whole. The separator is matched line by line (``^`` and ``$``
    match at line ends) and is not part of any article.

    The separator is an RE2 regular expression, run by pyarrow's RE2 kernels as searches are:
    RE2 takes time linear in the text whatever the pattern, so a pattern such as ``^(a+)+$``,
    which backtracking engines (Python's ``re``) run for hours on a line of a few dozen ``a``,
    cannot stall a load. RE2 has no backreferences and no lookaround, and its ``\w``, ``\d`` and
    ``\b`` are ASCII (``\p{L}`` is a letter of any script).

    Raises
    ------
    LoadError
        When ``separator`` is not an RE2 regular expression.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    records = list(records)
    expression = f"(?m){separator}"
    try:
        pc.match_substring_regex(pa.array([""]), expression)
    except pa.ArrowInvalid as exc:
        reason = str(exc).removeprefix("Invalid regular expression: ")
        problem = f"split={separator!r} is not a regular expression RE2 can run ({reason})"
        raise LoadError(
            f"{problem}; escape the special characters of a literal separator. RE2 has no backreferences and "
            "no lookaround."
        ) from None
    texts = [_cuttable(record.get("text")) for record in records]
    mark = _absent_mark(texts)
    cut = pc.split_pattern(pc.replace_substring_regex(pa.array(texts, pa.large_string()), expression, mark), mark)
    out: list[Record] = []
    for record, pieces in zip(records, cut.to_pylist(), strict=True):
        if len(pieces) == 1:
            out.append(record)
            continue
        parts = [piece.strip("\n") for piece in pieces]
        parts = [part for part in parts if part.strip()]
        for number, part in enumerate(parts, start=1):
            given = record.get("id")
            where = " ".join(filter(None, [record.get("where"), f"part {number}"]))
            first_line = part.strip().splitlines()[0].strip()
            numbered = None if given is None else f"{given}-{number}"
            out.append(record | {"text": part, "title": first_line[:300], "where": where, "id": numbered})
    return out


def _cuttable(text: Any) -> str:
    """Return ``text`` when a separator may cut it; else "" (not text, or a lone surrogate, reported later)."""
    return text if isinstance(text, str) and lone_surrogate(text) is None else ""


def _absent_mark(texts: list[str]) -> str:
    """Return a string that none of ``texts`` holds, to mark where the separator matched."""
    while True:
        mark = f"\ue000{uuid.uuid4().hex}\ue000"
        if not any(mark in text for text in texts):
            return mark


def articles_from_records(
    records: Iterable[Record], *, junk: Iterable[str] = (), dayfirst: bool | None = None
) -> tuple[pd.DataFrame, list[Failure]]:
    """Clean records into the ``articles`` table (without counts) and report the unusable ones.

    A record whose text holds no word, is longer than
    :data:`~workbench.readers.MAX_ARTICLE_SIZE` characters, or holds a lone surrogate (not valid
    Unicode) in any field is reported and left out; so is a copy of an article already read (same
    id, same text). An article whose explicit id is already held by an article with different
    text is kept under a new id (see :func:`workbench.ids.renamed_id`), with a
    :class:`~workbench.errors.DuplicateIdWarning`. A date that cannot be read is reported and the
    article loads without it; day/month dates follow the order their file settles, else
    ``dayfirst``, with an :class:`~workbench.errors.AmbiguousDateWarning` when it is ``None``
    (see :func:`~workbench.readers._dates.parse_dates`).

    Returns
    -------
    tuple
        The ``articles`` table (``article_id``, ``title``, ``source``, ``published``, ``url``,
        ``path``, ``text``) and a list of ``(path, reason)`` failures.
    """
    rows: list[dict[str, Any]] = []
    places: list[tuple[str, str]] = []
    failures: list[Failure] = []
    kept = _Kept()
    junk = tuple(junk)
    for record in records:
        path = printable_path(str(record.get("path") or "<DataFrame>"))
        where = f"{record['where']}: " if record.get("where") else ""
        problem = _problem(record)
        if problem is not None:
            failures.append((path, f"{where}{problem}"))
            continue
        text = cleaning.clean_text(record.get("text") or "", junk=junk)
        if not any(char.isalnum() for char in text):
            failures.append((path, f"{where}no article text (the text is empty or only page junk)"))
            continue
        place = f"{path} {record['where']}" if record.get("where") else path
        article, first = kept.add(ids.article_id(text, record.get("id")), text, place=place, path=path)
        if first is not None:
            failures.append((path, f"{where}duplicate of article {article!r} from {first}; kept the first"))
            continue
        given_path = None if record.get("path") is None else path
        rows.append(
            {name: record.get(name) for name in _ARTICLE_COLUMNS}
            | {"article_id": article, "path": given_path, "text": text}
        )
        places.append((path, where))
    frame = pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    dates = parse_dates(frame["published"].tolist(), dayfirst=dayfirst, groups=[path for path, _ in places])
    frame["published"] = dates.parsed
    for at in dates.unreadable:
        path, where = places[at]
        value = rows[at]["published"]
        problem = f"the date {value!r} could not be read, so published is left empty; write dates as YYYY-MM-DD"
        failures.append((path, f"{where}{problem}"))
    _warn_about(kept.renamed, dates.ambiguous)
    return schema.conform(frame, "articles"), failures


class _Renamed(NamedTuple):
    """An article kept under a new id because its explicit id was held by an article with other text."""

    place: str
    given: str
    article_id: str


class _Kept:
    """The articles kept so far: the input each id was read from, and each (id, text) pair with its place."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], tuple[str, str]] = {}
        self.paths: dict[str, str] = {}
        self.renamed: list[_Renamed] = []

    def add(self, given: str, text: str, *, place: str, path: str) -> tuple[str, str | None]:
        """Keep an article; return its id and, for a copy of one already kept, where that one was read."""
        seen = self.first.get((given, text))
        if seen is not None:
            return seen
        article = given
        if given in self.paths:
            mine, theirs = _origin(path), _origin(self.paths[given])
            article = ids.renamed_id(given, text, origin=mine if mine != theirs else None, taken=self.paths)
            self.renamed.append(_Renamed(place, given, article))
        self.paths[article] = path
        self.first[(given, text)] = (article, place)
        return article, None


def _problem(record: Record) -> str | None:
    """Say why a record cannot be an article: text over the size limit, or a lone surrogate in a field."""
    text = record.get("text")
    if isinstance(text, str) and len(text) > MAX_ARTICLE_SIZE:
        return too_long(f"the article text is {len(text):,} characters", MAX_ARTICLE_SIZE, "characters")
    for field in _ARTICLE_COLUMNS:
        value = record.get(field)
        surrogate = lone_surrogate(value) if isinstance(value, str) and field != "path" else None
        if surrogate is not None:
            return (
                f"the {field} holds a lone surrogate (U+{ord(surrogate):04X}), which is not valid Unicode; "
                "decode the source with errors='replace' or drop the character"
            )
    return None


def _origin(path: str) -> str | None:
    """Return the file name an article was read from (``None`` for a DataFrame without paths)."""
    return None if path == "<DataFrame>" else pathlib.PurePath(path).name


def _warn_about(renamed: list[_Renamed], ambiguous: list[str]) -> None:
    if renamed:
        first = renamed[0]
        warnings.warn(
            DuplicateIdWarning(
                f"{len(renamed)} article{'s' if len(renamed) != 1 else ''} had an id already given to an article "
                f"with different text; kept under new ids (first: {first.place}: {first.given!r} is now "
                f"{first.article_id!r}). Give every article a unique id, or name another id column with id_column="
            ),
            stacklevel=3,
        )
    if ambiguous:
        warnings.warn(
            AmbiguousDateWarning(
                f"{len(ambiguous)} date{'s' if len(ambiguous) != 1 else ''} such as {ambiguous[0]!r} could be "
                "day/month or month/day and were read month first; pass dayfirst=True to read them day first, "
                "or dayfirst=False to keep month first without this warning"
            ),
            stacklevel=3,
        )
