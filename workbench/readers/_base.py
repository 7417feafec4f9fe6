"""What every reader returns, the common names of article fields, and reading a file's bytes safely.

Only regular files are read (never a pipe or a device), and one-article files of a bounded size.
Zipped and compressed inputs are bounded too, by what they expand to (:data:`MAX_UNPACKED_SIZE`,
:data:`MAX_PARSED_SIZE`): their declared sizes are checked before anything is unpacked, and what
is decompressed as a stream stops at the limit, so a file of a few MB that expands a
thousandfold is an error row, never gigabytes of memory.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import logging
import os
import pathlib
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any, BinaryIO, NamedTuple, cast

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

MAX_UNPACKED_SIZE = 50 * MAX_ARTICLE_SIZE
"""The most a zipped or compressed input may expand to, in bytes (100 MB): everything in it,
pictures included, as a reader holds it."""

MAX_PAGE_SIZE = 5 * MAX_ARTICLE_SIZE
"""The longest web page read, in bytes (10 MB): a saved page, or one page of a web archive.
Markup, scripts and styles take many times the bytes of the article they hold."""

EXPANSION = 20
"""How many times its size a compressed stream (a ``.warc.gz``) may expand to, at least to
:data:`MAX_UNPACKED_SIZE`: web pages compress four to ten times, a compression bomb a
thousand times."""

MAX_PARSED_SIZE = 4 * MAX_ARTICLE_SIZE
"""The most compressed markup a reader parses from one input (8 MB): the XML of a Word file, the
drawing instructions of a PDF's pages. A parsed tree takes some 20 bytes of memory per byte of
markup when the elements are small, pypdf parses instructions at about 1 MB a second, and a
news article of the longest kind takes a fraction of this."""

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
    with _open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if max_size is not None and size > max_size:
            raise LoadError(too_long(f"the file is {size:,} bytes", max_size, "bytes"))
        return file.read()


def _open_regular(path: pathlib.Path) -> BinaryIO:
    """Open ``path`` for reading without blocking (a pipe would wait forever) and check it is a regular file once open.

    Raises
    ------
    LoadError
        When ``path`` is not a regular file.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    file = open(descriptor, "rb")  # noqa: SIM115 - returned to the caller's with block
    try:
        _require_regular(os.fstat(descriptor).st_mode)
    except LoadError:
        file.close()
        raise
    return file


@contextlib.contextmanager
def checked_zip(path: pathlib.Path, *, markup: tuple[str, ...] = (".xml", ".rels")) -> Iterator[BinaryIO]:
    """Open the ZIP archive ``path`` (a Word file, for one) once the sizes its members declare are checked.

    The sizes are read from the archive's directory, before any member is unpacked; Python's
    ``zipfile`` never unpacks more of a member than its declared size (a member that would
    expand further fails its checksum), so the check bounds what reading the archive holds.
    Yields the open file, for the library that reads the archive.

    Parameters
    ----------
    path
        The archive.
    markup
        Endings of the members a reader parses into a tree (limited to :data:`MAX_PARSED_SIZE`
        together); every member counts towards :data:`MAX_UNPACKED_SIZE`.

    Raises
    ------
    LoadError
        When the file is not a regular file, or its members expand past either limit.
    zipfile.BadZipFile
        When the file is not a ZIP archive (the reader says what the file should have been).
    """
    with _open_regular(path) as file:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        parsed = sum(member.file_size for member in members if member.filename.lower().endswith(markup))
        for size, limit, what in ((unpacked, MAX_UNPACKED_SIZE, "in all"), (parsed, MAX_PARSED_SIZE, "of markup")):
            if size > limit:
                raise LoadError(
                    f"the archive expands to {size:,} bytes {what}, over the limit of {limit:,} for one input "
                    f"(it is {os.fstat(file.fileno()).st_size:,} bytes packed); nothing was unpacked. "
                    "Save the text as .txt, or split the document into articles"
                )
        file.seek(0)
        yield file


class ExpansionError(LoadError):
    """A compressed input expanded past its limit while it was read; what was read before it is kept."""


class Unpacked:
    """The bytes of an input, gunzipped as they are read, up to a limit; a damaged stream ends early.

    Reading past ``limit`` bytes raises :class:`ExpansionError`. Broken compression ends the
    stream (``read`` returns no more bytes) and is kept in ``damage``, so that a reader keeps
    every record that came before it and then says what went wrong.
    """

    def __init__(self, stream: BinaryIO, *, limit: int, packed: int) -> None:
        self._stream, self._limit, self._packed, self._count = stream, limit, packed, 0
        self.damage: Exception | None = None

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` bytes, fewer at the end of a gzip member (empty at the end of the stream)."""
        if self.damage is not None:
            return b""
        try:  # read1: one gzip member at a time, so the members before a damaged one come out whole
            data = self._stream.read1(size if size is not None and size >= 0 else self._limit - self._count + 1)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            self.damage = exc
            return b""
        self._count += len(data)
        if self._count > self._limit:
            raise ExpansionError(
                f"it expands past {self._limit:,} bytes ({self._packed:,} bytes packed, over {EXPANSION} times "
                "as much as web pages compress), so reading stopped there; a compression bomb, or an archive to "
                "split into smaller files"
            )
        return data

    def tell(self) -> int:
        """Return how many bytes were read."""
        return self._count


@contextlib.contextmanager
def decompressed(path: pathlib.Path) -> Iterator[Unpacked]:
    """Open ``path`` and yield its bytes as a stream, gunzipped when the file is gzip-compressed.

    Nothing is read ahead: a reader takes the stream piece by piece. A gzip stream may expand
    to :data:`EXPANSION` times the file's size (at least :data:`MAX_UNPACKED_SIZE`); past that,
    reading it raises :class:`ExpansionError`.

    Raises
    ------
    LoadError
        When ``path`` is not a regular file.
    """
    with _open_regular(path) as file:
        packed = os.fstat(file.fileno()).st_size
        compressed = file.read(2) == b"\x1f\x8b"
        file.seek(0)
        if not compressed:
            yield Unpacked(file, limit=packed, packed=packed)
            return
        with gzip.GzipFile(fileobj=file) as stream:
            yield Unpacked(cast(BinaryIO, stream), limit=max(MAX_UNPACKED_SIZE, EXPANSION * packed), packed=packed)


@contextlib.contextmanager
def silenced(library: str) -> Iterator[None]:
    """Keep the log messages of ``library`` (its logger and those below it) from being printed for a while.

    A library that reads a damaged file logs what it met before it gives up (pypdf prints "EOF
    marker not found" on stderr), and the reader turns the failure into the file's error row: the
    printed lines only repeat it, out of place, around the notebook's own output.
    """
    logger = logging.getLogger(library)
    quiet = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(quiet)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(quiet)
        logger.propagate = propagate


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
