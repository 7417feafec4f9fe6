"""What every reader returns, the common names of article fields, and reading a file's bytes safely.

Only regular files are read (never a pipe or a device), and one-article files of a bounded size.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import stat
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any, NamedTuple

from workbench.errors import LoadError, MissingExtraError

Record = dict[str, Any]
"""One article as read: ``text`` and optional ``title``, ``published``, ``source``, ``url``, ``id``,
plus ``path`` (the input as given) and ``where`` (the record's place in it, e.g. "line 3")."""

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "article_text", "story", "maintext"),
    "title": ("title", "headline", "heading"),
    "published": (
        "date",
        "published",
        "publish_date",
        "pubdate",
        "timestamp",
        "published_at",
        "publication_date",
        "date_published",
        "datetime",
    ),
    "source": ("source", "outlet", "publisher", "media", "source_name", "sitename", "site_name", "publication"),
    "url": ("url", "link", "href", "permalink", "uri", "canonical_url"),
    "author": ("author", "authors", "byline", "by", "writer", "creator"),
    "id": ("id", "article_id", "doc_id", "uid", "document_id", "guid", "_id"),
}
"""Column names that hold each article field, most usual first (matched case-insensitively)."""

OVERRIDES = {
    "text": "text_column",
    "title": "title_column",
    "published": "date_column",
    "source": "source_column",
    "url": "url_column",
    "author": "author_column",
    "id": "id_column",
}
"""The ``load()`` argument that names each field's column explicitly."""


MAX_ARTICLE_SIZE = 2_000_000
"""The longest article read: a one-article file (``.txt``, ``.md``) of more bytes, or an article
text of more characters, is an error row. Extraction of one article holds it whole, at about
140 bytes of memory per character when it is one long paragraph (measured: 2 MB peaks near
410 MB, 3 MB near 550 MB, a 50 MB single line past 1.2 GB); no news article comes near this size
(2 million characters are some 300,000 words): such a file holds many articles, to be split."""

_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
        raise LoadError(f"not a regular file ({kind}); only regular files are read")


def require_regular_file(path: pathlib.Path) -> None:
    """Check, without opening it, that ``path`` is a regular file (opening a named pipe waits forever).

    Raises
    ------
    LoadError
        When ``path`` is a named pipe, a device, a socket or a folder.
    """
    _require_regular(path.stat().st_mode)


def read_bytes(path: pathlib.Path, *, max_size: int | None = None) -> bytes:
    """Return the bytes of the regular file ``path``, at most ``max_size`` of them.

    The file is opened without blocking and checked again once open, so a file swapped for a
    pipe or a device after :func:`require_regular_file` is refused too, never read forever.

    Raises
    ------
    LoadError
        When ``path`` is not a regular file, or is larger than ``max_size`` bytes.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        _require_regular(info.st_mode)
        if max_size is not None and info.st_size > max_size:
            raise LoadError(too_long(f"the file is {info.st_size:,} bytes", max_size, "bytes"))
        return file.read()


def too_long(what: str, limit: int, unit: str) -> str:
    """Say that an article is over ``limit`` and how to load it anyway."""
    return (
        f"{what}, over the limit of {limit:,} {unit} for one article; "
        "split it into articles (one file each, or one per line of a .jsonl file)"
    )


class Found(NamedTuple):
    """The article records read from one input, and one-line notes on parts that were not read."""

    records: list[Record]
    problems: list[str]


def match_columns(names: Iterable[str], columns: Mapping[str, str], *, require_text: bool = True) -> dict[str, str]:
    """Map each article field to the column that holds it, by ``columns`` overrides or common names.

    Raises
    ------
    LoadError
        When an override names a column that does not exist, a field's column appears twice, or
        no column holds the text; the message lists the columns found and the argument that fixes it.
    """
    names = list(names)
    by_key = {_key(name): name for name in reversed(names)}
    found: dict[str, str] = {}
    for field, aliases in FIELDS.items():
        wanted = columns.get(field)
        if wanted is not None:
            if wanted not in names:
                raise LoadError(f"no column {wanted!r} ({OVERRIDES[field]}={wanted!r}); the columns found are {names}")
            found[field] = wanted
            continue
        match = next((by_key[alias] for alias in aliases if alias in by_key), None)
        if match is not None:
            found[field] = match
    for column in dict.fromkeys(found.values()):
        if names.count(column) > 1:
            raise LoadError(
                f"{names.count(column)} columns named {column!r}; rename or drop one so that each field has one column"
            )
    if require_text and "text" not in found:
        raise LoadError(
            f"no text column: the columns found are {names}; "
            "name the one that holds the article text with text_column='...'"
        )
    return found


def _key(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


def lone_surrogate(value: str) -> str | None:
    """Return the first lone surrogate in ``value`` (text that cannot be stored or written), else ``None``."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return value[exc.start]
    return None


def printable_path(path: str) -> str:
    """Return ``path`` with the bytes of its name that are not UTF-8 (held as lone surrogates) shown as U+FFFD."""
    if lone_surrogate(path) is None:
        return path
    return path.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def title_from_path(path: pathlib.Path) -> str:
    """Make a title from a file name: ``harbour-strike_ends.txt`` gives "Harbour strike ends"."""
    words = " ".join(printable_path(path.stem).replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def optional_module(module: str, *, package: str, feature: str, extra: str = "formats") -> ModuleType:
    """Import the optional ``module`` a reader needs, or say how to install it.

    Raises
    ------
    MissingExtraError
        When ``module`` is not installed; the message names ``pip install 'workbench[extra]'``.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise MissingExtraError(package, extra, feature) from None


def one_line(exc: BaseException, *, limit: int = 160) -> str:
    """Return an exception's type and message on one line, for an error row.

    Only printable characters are kept and the message is cut at ``limit`` characters: libraries
    quote the damaged bytes they met, which are no help in a table of errors.
    """
    message = " ".join("".join(char if char.isprintable() else " " for char in str(exc)).split())
    message = message if len(message) <= limit else message[: limit - 1] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
