"""Reader for web archives (``.warc``, ``.warc.gz``; warcio): one article per HTML page crawled.

Every ``response`` record whose HTTP content type is HTML is read as a saved page is
(:func:`workbench.readers.html.html_article`); its URL is the record's target URI and its date
the page's own publication date. The time it was crawled (``WARC-Date``) is ``file_created``,
never the publication date: a page crawled today may be years old. Requests,
metadata and other records hold no article and are passed over; responses that are not HTML
(images, scripts, PDFs) are counted in one note. An archive damaged part-way keeps the pages
read before the damage.

The archive is read as a stream, record by record, never whole: a gzip stream stops at
:data:`~workbench.readers._base.EXPANSION` times the file's size and a page at
:data:`~workbench.readers._base.MAX_PAGE_SIZE`, so a small file that expands a thousandfold is
an error row, never gigabytes of memory.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import pathlib
import zlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

from workbench.errors import LoadError
from workbench.readers._base import (
    MAX_PAGE_SIZE,
    ExpansionError,
    Found,
    Record,
    decompressed,
    one_line,
    optional_module,
)
from workbench.readers.html import decode_html, html_article

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a WARC file (plain or gzip-compressed), one article per HTML response.

    Raises
    ------
    LoadError
        When no record can be read (not a WARC file, or damaged from the start).
    MissingExtraError
        When warcio is not installed.
    """
    archive = optional_module("warcio.archiveiterator", package="warcio", feature="Reading web archives")
    loader = optional_module("warcio.recordloader", package="warcio", feature="Reading web archives")
    records: list[Record] = []
    problems: list[str] = []
    skipped: Counter[str] = Counter()
    number = 0
    iterator: Any = None
    try:
        # warcio writes a line on stderr for each record followed by bytes it did not expect: counted below
        with decompressed(path) as stream, contextlib.redirect_stderr(io.StringIO()):
            iterator = archive.ArchiveIterator(stream)
            for number, record in enumerate(iterator, 1):
                if record.format != "warc":  # warcio reads bytes it cannot place as an old ARC record
                    number -= 1
                    raise loader.ArchiveLoadFailed("not a WARC record")
                kind = _content_type(record)
                if record.rec_type != "response" or kind is None:
                    continue
                if kind not in _HTML_TYPES:
                    skipped[kind] += 1
                    continue
                where = f"record {number}"
                try:
                    records.append({**_page(record), "path": str(path), "where": where})
                except LoadError as exc:
                    problems.append(f"{where}: {exc}")
            if stream.damage is not None:
                raise stream.damage
    except ExpansionError as exc:
        if number == 0:
            raise LoadError(f"the archive is not read: {exc}") from None
        problems.append(f"the archive is not read past record {number}: {exc}; the records before it loaded")
    except LoadError:
        raise
    except Exception as exc:  # warcio and zlib fail in many ways on a damaged archive; keep what was read
        if number == 0:
            raise LoadError(f"not a readable WARC file ({_damage(exc)}); fetch or export the archive again") from None
        problems.append(f"the archive is damaged after record {number} ({_damage(exc)}); the records before it loaded")
    skipped_note = ", ".join(f"{kind}: {count}" for kind, count in skipped.most_common())
    if not records and not problems:
        others = f"; responses of other types: {skipped_note}" if skipped else ""
        raise LoadError(f"no HTML page in the archive ({number} records read{others}); is it a WARC file of a crawl?")
    if iterator is not None and iterator.err_count:
        problems.append(
            f"{iterator.err_count} record(s) followed by bytes that their declared length (Content-Length) "
            "does not cover; the records were read as declared"
        )
    if skipped:
        problems.append(f"skipped {skipped.total()} responses that are not HTML pages ({skipped_note})")
    return Found(records, problems)


def _content_type(record: Any) -> str | None:
    """Return the HTTP content type of a response record (lower case, without parameters), if it has one."""
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return value.split(";")[0].strip().lower() if value else None


def _damage(exc: Exception) -> str:
    """Say what is wrong with a damaged archive, from what warcio or zlib raised.

    warcio quotes the damaged bytes in its messages, and fails with internal errors (an
    ``AttributeError`` on a header it could not read) where the archive stops being one: the
    kind of damage is what is worth an error row.
    """
    if isinstance(exc, zlib.error | EOFError | gzip.BadGzipFile):
        return f"its gzip compression is broken or cut short: {one_line(exc, limit=80)}"
    if type(exc).__name__ == "ArchiveLoadFailed":
        return "the bytes there are not a WARC record: no WARC/1.0 header line"
    return f"a record's headers could not be read ({type(exc).__name__})"


def _page(record: Any) -> Record:
    """Return the article of an HTML response, read up to :data:`MAX_PAGE_SIZE` bytes.

    Raises
    ------
    LoadError
        When the page is longer, or holds no article text.
    """
    data = record.content_stream().read(MAX_PAGE_SIZE + 1)
    if len(data) > MAX_PAGE_SIZE:
        raise LoadError(
            f"the page is over the limit of {MAX_PAGE_SIZE:,} bytes for one web page, so it was not read; "
            "save the article's text on its own"
        )
    page = html_article(decode_html(data).text)
    headers = record.rec_headers
    return {
        **page,
        "url": headers.get_header("WARC-Target-URI") or page["url"],
        "file_created": headers.get_header("WARC-Date"),
    }
