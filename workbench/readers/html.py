"""Reader for saved web pages: the article's main text and metadata, without the page around it.

trafilatura finds the article body and drops navigation, scripts, styles, share bars, cookie
banners, related links and footers; the page's title, date, canonical URL and site name become
the article's fields. The headline lives in ``title``, not repeated at the top of ``text``.
"""

from __future__ import annotations

import codecs
import pathlib
import re
from collections.abc import Mapping

from workbench._encoding import Decoded, decode, sniff_binary
from workbench.errors import LoadError
from workbench.readers._base import Found, Record, read_bytes, title_from_path

_DATE_SEARCH = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
"""Dates only from the page's metadata and markup, with their time and zone: a year in a copyright
footer is not a publication date."""

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> Decoded:
    """Decode a page by the charset its ``<meta>`` tag declares, else by detection."""
    declared = _CHARSET.search(data[:4096])
    if declared is not None and sniff_binary(data) is None:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            text = data.decode("cp1252" if encoding in ("iso8859-1", "ascii") else encoding)
        except (LookupError, UnicodeError):
            pass
        else:
            if text.strip():
                return Decoded(text.lstrip("\ufeff"), encoding)
    return decode(data)


def read_html(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a saved ``.html``/``.htm`` page as one article."""
    decoded = decode_html(read_bytes(path))
    record = html_article(decoded.text)
    record = {**record, "title": record["title"] or title_from_path(path), "path": str(path)}
    return Found([record], [decoded.note] if decoded.note else [])


def html_article(markup: str) -> Record:
    """Return the article fields of an HTML page or fragment: ``text``, ``title`` (or ``None``), date, site, URL.

    Other readers pass the HTML they hold (an e-mail's HTML part, a feed entry's content, a
    web archive's response) through here, so every page is read the same way.

    Raises
    ------
    LoadError
        When the markup cannot be parsed or holds no article text.
    """
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_SEARCH,
        )
    except Exception as exc:  # hostile markup must become an error row, not a traceback
        raise LoadError(f"could not parse the HTML ({type(exc).__name__}: {' '.join(str(exc).split())})") from None
    body = (document.text or "") if document is not None else ""
    if not any(char.isalnum() for char in body):
        raise LoadError(
            "no article text found in the HTML page (the markup is malformed or holds no paragraphs); "
            "save the page again, or export its text to a .txt file"
        )
    title = document.title or None
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if lines and lines[0] == title:
        lines = lines[1:]
    return {
        "text": "\n\n".join(lines),
        "title": title,
        "published": document.date,
        "source": document.sitename or document.hostname,
        "url": document.url,
    }
