"""What an article says about itself at its top: headline, byline, date line and wire dateline.

News text opens with lines that are about the article rather than part of it. Left in the text
they become sentences, the reporter an actor and the dateline's city a mention. Every reader
passes its records through :func:`settle`, which takes them out of the text and into fields:

- a **byline**, a line of its own: "By" and one or more names (capitalised words, initials and
  name particles: "By Maria Keller", "BY ANA DE LA CRUZ AND J. R. OSEI"), optionally followed by
  a place, an outlet, a role or a date ("By Maria Keller, Brussels", "By Ben Osei | Staff
  writer | March 5, 2024"). The names fill ``author``; a place after them fills
  ``dateline_place`` unless a dateline follows. Only the shape tells a place from an outlet, so
  "By Maria Keller, Associated Press" gives the place "Associated Press";
- a **date line**: a line that is only a date, perhaps after "Published", "Updated" or a weekday
  and with a time ("Tuesday 5 March 2024, 09:30 CET"); see
  :data:`~workbench.readers._dates.WRITTEN_DATE`;
- a **headline**: the first line, when a byline or a date line follows it at once, or a wire
  dateline opens the paragraph after it (a title has no final full stop). It is the title when
  the reader found none;
- a **wire dateline** opening the first paragraph: a place in capitals, optionally a region, a
  date and an agency in brackets, then a dash ("OSLO, March 3 (Newswire) - ", "WASHINGTON — ",
  "SAN FRANCISCO, Calif. (AP) -- "). The place fills ``dateline_place``.

These are recognised by their shape, never by lists of names. A line that starts like a byline
but reads on as a sentence ("By Monday the strike was over.") is text.

Dates: ``published`` is the article's own date as the reader found it (a page's metadata, a
feed entry, an e-mail's ``Date``, a column), else the first dated line of the lead (a date
line, the byline's date or the dateline's when it has a year). A document's file dates (a PDF's
or Word file's creation time, an archive's crawl time) say when the file was made, not when the
article appeared: readers hand them in as ``file_created``, which stays a column of its own, and
a document with a file date but no date written in it gets ``published`` empty and one line in
``corpus.errors``. Likewise the author a document's properties or an e-mail's sender state
(``file_author``) is who made the file or sent it: a byline comes first.
"""

from __future__ import annotations

import functools
import pathlib
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from workbench.readers._base import Found, Record, title_from_path
from workbench.readers._dates import WrittenDate, written_date

_LEAD_LINES = 6
"""Lines at the top of a text that may be headline, byline or date lines."""
_LINE_LIMIT = 200
"""Longer lines are text, never a lead line."""
_HEADLINE_WORDS = 20

_BY = re.compile(r"(?:By|BY|(?:Written|Words|Story|Text|Reporting) by)\s*:?\s+(?=\S)")
_PARTICLES = frozenset([
    "al", "bin", "da", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn", "la", "le", "van", "von",
    "ter", "ten", "y",
])  # fmt: skip
"""Lower-case words inside names ("Ana de la Cruz", "Ludwig van Beethoven")."""
_ROLES = frozenset(
    " ".join(
        (
            "correspondent reporter writer editor staff senior chief special political foreign diplomatic",
            "economics business science contributor columnist contributing photographer analyst bureau desk",
            "wire writers reporters editors and the of for at",
        )
    ).split(" ")
)
"""Words of a reporter's role after the name ("Staff writer", "Senior political correspondent")."""
_SEPARATORS = re.compile(r"\s*(?:[,|·•/]|\s[-–—]\s)\s*")
_AND = re.compile(r"\s+(?:and|AND|&)\s+")
_IN_PLACE = re.compile(r"\s+in\s+(?=[A-Z])")
_NAME_TOKEN = re.compile(r"[^\W\d_](?:\.|[^\W\d_]*(?:['’\-][^\W\d_]+)*\.?)")
_DATE_PREFIX = re.compile(
    r"\s*(?i:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date[d]?|issued))(?:\s+on)?\s*:?\s*"
)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’\-]*[A-Za-z.](?:[ \t]+(?:[A-Z][A-Za-z.'’\-]*[A-Za-z.]|[A-Z]|de|la|do|da|el)){0,3})"
    r"(?:,[ \t]+(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[A-Z][a-z]+\.?(?:[ \t][A-Z][a-z]+\.?)?)?"
    r"(?P<date>,?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?"
    r"|,?[ \t]+\d{1,2}[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?)?"
    r"(?:[ \t]*\((?P<agency>[^()\n]{1,40})\))?"
    r"[ \t]*(?:--?|–|—)(?:[ \t]+(?=[\"“‘'A-Z0-9])|[ \t]*$)",
    re.MULTILINE,
)
"""A wire dateline: "OSLO, March 3 (Newswire) - ", "WASHINGTON — ", "ST. LOUIS, Mo., 4 May (AP) -- ",
"Kyiv (AFP) - ". See :func:`_plausible` for the shapes that are read as the start of a sentence."""
_DIGIT = re.compile(r"\d")
_FILE_FIELDS = frozenset({"file_author", "file_created"})
_UNDATED = (
    "no publication date written in the document (a date line, or a byline's or dateline's date, at its top), "
    "so published is left empty; the file's own date is in file_created"
)


class Byline(NamedTuple):
    """The names of a byline, and the place and the date written after them (if any)."""

    authors: tuple[str, ...]
    place: str | None
    date: str | None


class Lead(NamedTuple):
    """What the top of an article says about it, and the text without it.

    ``date`` is a date with its year, for ``published``; ``agency`` the news agency a dateline
    names in brackets.
    """

    text: str
    headline: str | None = None
    authors: tuple[str, ...] = ()
    place: str | None = None
    date: str | None = None
    agency: str | None = None


class _Line(NamedTuple):
    """A line at the top of a text, and where it ends."""

    text: str
    end: int


def byline(line: str) -> Byline | None:
    """Read ``line`` as a byline, or return ``None`` when it is not one.

    Examples
    --------
    >>> byline("By Maria Keller, Brussels")
    Byline(authors=('Maria Keller',), place='Brussels', date=None)
    >>> byline("BY ANA DE LA CRUZ AND BEN OSEI | March 5, 2024").authors
    ('Ana de la Cruz', 'Ben Osei')
    >>> byline("By Monday the strike was over.") is None
    True
    """
    line = line.strip()
    by = _BY.match(line)
    if by is None or len(line) > _LINE_LIMIT:
        return None
    rest = line[by.end() :]
    date = written_date(rest)
    value = None
    if date is not None:
        value = date.value
        rest = f"{rest[: date.start]} | {rest[date.end :]}"
    chunks = [chunk for chunk in _SEPARATORS.split(rest) if chunk.strip(" .")]
    if not chunks:
        return None
    first, *place = _IN_PLACE.split(chunks[0], maxsplit=1)
    authors = _names(first)
    if authors is None:
        return None
    tail = chunks[1:]
    while tail and _AND.search(tail[0]) and (more := _names(tail[0])) is not None:
        authors += more
        tail = tail[1:]
    places = list(place)
    for chunk in tail:
        words = chunk.strip(" .").split()
        if len(words) > 6 or any(char.isdigit() for char in chunk):
            return None
        if not all(word[0].isupper() or word in _ROLES for word in words):
            return None
        if not any(word.lower() in _ROLES for word in words):
            places.append(chunk.strip(" ."))
    return Byline(tuple(authors), _tidy(places[0]) if places else None, value)


def _names(text: str) -> list[str] | None:
    """Read ``text`` as names joined by "and" ("Maria Keller and Ben Osei"), or ``None``."""
    names = []
    for part in _AND.split(text.strip(" .")):
        tokens = part.split()
        if not 2 <= len(tokens) <= 5 or tokens[0].lower() in _PARTICLES or tokens[-1].lower() in _PARTICLES:
            return None
        for token in tokens:
            if token.lower() in _PARTICLES and not token.isupper():
                continue
            if not (token[0].isupper() and _NAME_TOKEN.fullmatch(token)):
                return None
        names.append(_tidy(" ".join(tokens)))
    return names


def _tidy(name: str) -> str:
    """Give a name written in capitals ("ANA DE LA CRUZ") its usual case ("Ana de la Cruz")."""
    if not name.isupper():
        return name
    words = name.title().split()
    return " ".join(word.lower() if word.lower() in _PARTICLES and at > 0 else word for at, word in enumerate(words))


def date_line(line: str) -> WrittenDate | None:
    """Read ``line`` as a line that is only a date (or two, "Published ... Updated ..."), else ``None``.

    Examples
    --------
    >>> date_line("Published: Tuesday 5 March 2024, 09:30 CET").value, date_line("Updated March 6").value
    ('2024-03-05', None)
    >>> date_line("The talks resumed on March 5, 2024.") is None
    True
    """
    line = line.strip()
    if len(line) > _LINE_LIMIT or _DIGIT.search(line) is None:
        return None
    begin = _DATE_PREFIX.match(line)
    begin = begin.end() if begin else 0
    date = written_date(line, start=begin)
    if date is None or line[begin : date.start].strip():
        return None
    rest = line[date.end :]
    later = _DATE_PREFIX.match(rest)
    if rest.strip(" |·•,-–—") and (later is None or written_date(rest, start=later.end()) is None):
        return None
    return date


def stands_alone(line: str) -> bool:
    """Tell whether ``line`` is a byline or a date line, which a reader must keep apart from the lines around it."""
    return byline(line) is not None or date_line(line) is not None


def read_lead(text: str) -> Lead:
    r"""Take the headline, byline, date lines and wire dateline off the top of ``text``.

    Nothing is taken when nothing but them would be left.

    Examples
    --------
    >>> lead = read_lead("Strike ends\nBy Maria Keller\nMarch 5, 2024\n\nOSLO (Newswire) - Talks ended.")
    >>> lead.text, lead.headline, lead.authors, lead.place, lead.date, lead.agency
    ('Talks ended.', 'Strike ends', ('Maria Keller',), 'Oslo', '2024-03-05', 'Newswire')
    """
    lines = _first_lines(text)
    cut, headline, authors, place, date = 0, None, (), None, None
    for number, line in enumerate(lines):
        found = byline(line.text)
        dated = date_line(line.text) if found is None else None
        if found is not None:
            authors, place, date = authors or found.authors, place or found.place, date or found.date
        elif dated is not None:
            date = date or dated.value
        elif number == 0 and _headline_shaped(line.text) and len(lines) > 1 and _heads(lines[1].text, text, line.end):
            headline = " ".join(line.text.split())
        else:
            break
        cut = line.end
    dateline = _DATELINE.match(text, _skip_blank(text, cut))
    agency = None
    if dateline is not None and not _plausible(dateline, text):
        dateline = None
    if dateline is not None:
        place = _tidy(dateline["place"])
        date = date or _dateline_date(dateline["date"])
        agency = dateline["agency"]
        cut = dateline.end()
    if not cut:
        return Lead(text)
    rest = text[cut:].lstrip()
    if not any(char.isalnum() for char in rest):
        return Lead(text)
    return Lead(rest, headline, tuple(authors), place, date, agency.strip() if agency else None)


def _heads(following: str, text: str, end: int) -> bool:
    r"""Tell whether a headline-shaped first line ending at ``end`` is a headline: what follows it is lead.

    A byline or a date line follows a headline at once; a wire dateline opens the paragraph after
    it ("ACME SHARES JUMP\n\nOSLO, May 5 (Newswire) - ...").
    """
    if stands_alone(following):
        return True
    dateline = _DATELINE.match(text, _skip_blank(text, end))
    return dateline is not None and _plausible(dateline, text)


def _first_lines(text: str) -> list[_Line]:
    """Return the first non-blank lines of ``text`` that may be lead lines, with their offsets."""
    lines: list[_Line] = []
    at = 0
    while len(lines) < _LEAD_LINES and at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if text[at:end].strip():
            if end - at > _LINE_LIMIT:
                break
            lines.append(_Line(text[at:end], end))
        at = end + 1
    return lines


def _plausible(dateline: re.Match[str], text: str) -> bool:
    """Tell whether a match of ``_DATELINE`` is a dateline rather than the start of a sentence.

    A place in ordinary case needs an agency in brackets ("Kyiv (AFP) - "). A place in capitals
    with neither date nor agency ("WASHINGTON — ") could be an acronym opening a sentence ("NATO
    — The alliance..."): it needs three letters, and must not be written in capitals again
    further on, as an organisation's acronym is ("EU - UK talks" and "NATO - ... NATO said" are
    text).
    """
    place = dateline["place"]
    if not place.isupper():
        return dateline["agency"] is not None
    if dateline["date"] or dateline["agency"]:
        return True
    again = re.search(rf"(?<!\w){re.escape(place)}(?!\w)", text[dateline.end() :])
    return sum(char.isalpha() for char in place) >= 3 and again is None


def _skip_blank(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _headline_shaped(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _HEADLINE_WORDS and line.rstrip()[-1] not in ".,;:" and not line.startswith(("-", "*"))


def _dateline_date(written: str | None) -> str | None:
    date = written_date(written.strip(" ,\t")) if written else None
    return date.value if date is not None else None


def settle(record: Record, *, title_from_file: bool = False) -> tuple[Record, str | None]:
    """Return ``record`` with its lead taken out of the text into fields, and a problem to report, if any.

    ``author`` keeps the reader's (a column, a page's metadata, a feed's author, an e-mail's
    sender), else takes the byline, else the document's ``file_author``; ``published`` keeps the
    reader's, else takes the lead's date. A record with a ``file_created`` date and no date of
    its own is reported: its ``published`` is left empty. With ``title_from_file``, a record
    without a title takes the headline, else a title made from its file name.
    """
    text = record.get("text")
    lead = read_lead(text) if isinstance(text, str) else Lead(text)
    if lead.text is text and not title_from_file and not _FILE_FIELDS & record.keys():
        return record, None  # nothing to settle: most records of a table
    fields = {key: value for key, value in record.items() if key != "file_author"}
    fields["text"] = lead.text
    fields["author"] = _given(record.get("author")) or "; ".join(lead.authors) or _given(record.get("file_author"))
    fields["dateline_place"] = _given(record.get("dateline_place")) or lead.place
    fields["published"] = _given(record.get("published")) or lead.date
    if not _given(record.get("source")) and lead.agency:
        fields["source"] = lead.agency
    title = _given(record.get("title")) or lead.headline
    if title is None and title_from_file and record.get("path"):
        title = title_from_path(pathlib.Path(record["path"]))
    fields["title"] = title
    undated = fields["published"] is None and _given(record.get("file_created")) is not None
    return fields, _UNDATED if undated else None


def _given(value: Any) -> Any:
    """Return ``value``, or ``None`` when it is missing or a blank string."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def settled(found: Found, *, title_from_file: bool = False) -> Found:
    """Return ``found`` with every record settled (:func:`settle`); records without a date are one problem line."""
    records: list[Record] = []
    undated: list[str] = []
    for record in found.records:
        record, problem = settle(record, title_from_file=title_from_file)
        records.append(record)
        if problem is not None:
            undated.append(record.get("where") or "")
    problems = list(found.problems)
    if undated:
        reason = _UNDATED
        where = f"{undated[0]}: " if undated[0] else ""
        if len(undated) == 1:
            problems.append(f"{where}{reason}")
        else:
            problems.append(
                f"{len(undated)} articles ({', '.join(undated[:3])}{', ...' if len(undated) > 3 else ''}): {reason}"
            )
    return Found(records, problems)


def settling(reader: Callable[..., Found]) -> Callable[..., Found]:
    """Wrap a document reader so that its records are settled (:func:`settled`), titles falling back on file names."""

    @functools.wraps(reader)
    def read(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
        return settled(reader(path, columns=columns), title_from_file=True)

    return read
