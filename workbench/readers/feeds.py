"""Reader for news feeds saved by a monitor: RSS and Atom (``.rss``, ``.atom``, ``.xml``), with feedparser.

Each entry is one article: its title, link, published (else updated) date, author (the name,
without the address RSS puts before it), and the feed's title as the source. The text is the
fullest content the entry holds: the longest of its content elements, else its summary; HTML
content is read as a web page is (:func:`workbench.readers.html.html_article`).
"""

from __future__ import annotations

import email.utils
import pathlib
import re
from collections.abc import Mapping
from typing import Any

from workbench.errors import LoadError
from workbench.readers._base import MAX_UNPACKED_SIZE, Found, Record, optional_module, read_bytes
from workbench.readers.html import html_article

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MARKUP = re.compile(r"<[A-Za-z!/]")
"""A tag: content typed as HTML that holds none is plain text (RSS types every description as HTML)."""


def read_feed(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read an RSS or Atom feed, one article per entry; an entry without text is a problem, not a failure.

    Raises
    ------
    LoadError
        When the file is not a feed (not XML, or XML without entries).
    MissingExtraError
        When feedparser is not installed.
    """
    feedparser = optional_module("feedparser", package="feedparser", feature="Reading RSS and Atom feeds")
    feed = feedparser.parse(read_bytes(path, max_size=MAX_UNPACKED_SIZE))
    if not feed.entries:
        reason = f"it is not well-formed XML: {feed.bozo_exception}" if feed.bozo else "it has no entries"
        raise LoadError(f"not an RSS or Atom feed with entries ({reason}); save the feed again from its address")
    source = " ".join(str(feed.feed.get("title", "")).split()) or None
    records: list[Record] = []
    problems: list[str] = []
    for number, entry in enumerate(feed.entries, 1):
        where = f"entry {number}"
        try:
            text = _entry_text(entry)
        except LoadError as exc:
            problems.append(f"{where}: {exc}")
            continue
        records.append(
            {
                "title": " ".join(str(entry.get("title", "")).split()) or None,
                "text": text,
                "published": entry.get("published") or entry.get("updated"),
                "url": entry.get("link"),
                "source": source,
                "author": _author(entry.get("author")),
                "path": str(path),
                "where": where,
            }
        )
    return Found(records, problems)


def _author(value: Any) -> str | None:
    """Return the name of an entry's author: RSS writes an address and the name in brackets.

    Examples
    --------
    >>> _author("desk@harbour.example (Maria Keller)"), _author("Ben  Osei"), _author("desk@harbour.example")
    ('Maria Keller', 'Ben Osei', 'desk@harbour.example')
    """
    text = " ".join(str(value or "").split())
    if "@" not in text:
        return text or None
    name, address = email.utils.parseaddr(text)
    return name or address or text


def _entry_text(entry: Any) -> str:
    """Return the fullest text an entry holds: its longest content, else its summary.

    Raises
    ------
    LoadError
        When the entry holds neither content nor a summary.
    """
    candidates = [(item.get("value") or "", item.get("type") or "") for item in entry.get("content", [])]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    value, kind = max(candidates, key=lambda candidate: len(candidate[0]), default=("", ""))
    if not value.strip():
        raise LoadError("the entry has no content or summary")
    return html_article(value)["text"] if kind in _HTML_TYPES and _MARKUP.search(value) else value
