"""Reader for web archives (``.warc``, ``.warc.gz``; warcio): one article per HTML page crawled.

Every ``response`` record whose HTTP content type is HTML is read as a saved page is
(:func:`workbench.readers.html.html_article`); its URL is the record's target URI and its date
the page's own publication date. The time it was crawled (``WARC-Date``) is ``file_created``,
never the publication date: a page crawled today may be years old. Requests,
metadata and other records hold no article and are passed over; responses that are not HTML
(images, scripts, PDFs) are counted in one note. An archive damaged part-way keeps the pages
read before the damage.
"""

from __future__ import annotations

import io
import pathlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

from workbench.errors import LoadError
from workbench.readers._base import Found, Record, optional_module, read_bytes
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
    try:
        for number, record in enumerate(archive.ArchiveIterator(io.BytesIO(read_bytes(path))), 1):
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
    except Exception as exc:  # warcio and zlib fail in many ways on a damaged archive; keep what was read
        # warcio quotes the damaged bytes in its message: only the kind of failure is worth a row
        if number == 0:
            raise LoadError(
                f"not a readable WARC file ({type(exc).__name__}); fetch or export the archive again"
            ) from None
        problems.append(
            f"the archive is damaged after record {number} ({type(exc).__name__}); the records before it loaded"
        )
    skipped_note = ", ".join(f"{kind}: {count}" for kind, count in skipped.most_common())
    if not records and not problems:
        others = f"; responses of other types: {skipped_note}" if skipped else ""
        raise LoadError(f"no HTML page in the archive ({number} records read{others}); is it a WARC file of a crawl?")
    if skipped:
        problems.append(f"skipped {skipped.total()} responses that are not HTML pages ({skipped_note})")
    return Found(records, problems)


def _content_type(record: Any) -> str | None:
    """Return the HTTP content type of a response record (lower case, without parameters), if it has one."""
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return value.split(";")[0].strip().lower() if value else None


def _page(record: Any) -> Record:
    page = html_article(decode_html(record.content_stream().read()).text)
    headers = record.rec_headers
    return {
        **page,
        "url": headers.get_header("WARC-Target-URI") or page["url"],
        "file_created": headers.get_header("WARC-Date"),
    }
