"""Reader for saved web pages: the article's main text and metadata, without the page around it.

trafilatura finds the article body and drops navigation, scripts, styles, share bars, cookie
banners, related links and footers; the page's title, date, author, canonical URL and site name
become the article's fields. The author is the page's ``<meta name="author">``, else its
``article:author`` (when a name, not a profile's address), else the one trafilatura finds. The
headline lives in ``title``, not repeated at the top of ``text``.

Two rules hold for pages as they are saved:

- A line break in the page source is a space, as a browser shows it, except inside ``<pre>``:
  the wrapped lines of one paragraph are joined and a word hyphenated at a line end is made
  whole again (:mod:`workbench.readers._layout`), so no sentence is split where the source was
  wrapped. A ``<br>`` still breaks the line.
- The title is the headline the page declares: its ``og:title``, else the part of ``<title>``
  that a heading of the page repeats ("What is rustdoc? - The rustdoc book" with the heading
  "What is rustdoc?"), else ``<title>``, else the first ``<h1>``; never the heading of a help
  popup or a menu.
"""

from __future__ import annotations

import codecs
import pathlib
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from workbench._encoding import Decoded, decode, sniff_binary
from workbench.errors import LoadError
from workbench.readers._base import MAX_PAGE_SIZE, Found, Record, read_bytes, title_from_path
from workbench.readers._layout import hyphenated_words, join_lines

_DATE_SEARCH = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
"""Dates only from the page's metadata and markup, with their time and zone: a year in a copyright
footer is not a publication date."""

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

_PREFORMATTED = ("pre", "textarea", "listing", "plaintext", "xmp", "script", "style")
"""Elements whose line breaks are kept: in them the source's lines are the content's lines."""

_TITLE_PARTS = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022\u00bb:/]\s+|\s*[()\[\]]\s*")
"""Where a ``<title>`` joins the headline to the name of its site, book or section ("Headline -
Site", "Headline | Site", "Headline (Manual)")."""

_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.|/)", re.IGNORECASE)
"""A web address, not a name ("https://...", "www...", "/authors/...")."""

_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+\.?)*)\s+")
"""A heading's section number ("1 ", "2.3 ", "A.1 "), which the ``<title>`` leaves out."""

_NO_TEXT = (
    "no article text found in the HTML page (the markup is malformed or holds no paragraphs); "
    "save the page again, or export its text to a .txt file"
)


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
    decoded = decode_html(read_bytes(path, max_size=MAX_PAGE_SIZE))
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
        tree = trafilatura.load_html(markup)
        if tree is None:
            raise LoadError(_NO_TEXT)
        declared = _declared_title(tree)
        author = _declared_author(tree)
        _join_wrapped_lines(tree)
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_SEARCH,
        )
    except LoadError:
        raise
    except Exception as exc:  # hostile markup must become an error row, not a traceback
        raise LoadError(f"could not parse the HTML ({type(exc).__name__}: {' '.join(str(exc).split())})") from None
    body = (document.text or "") if document is not None else ""
    if not any(char.isalnum() for char in body):
        raise LoadError(_NO_TEXT)
    title = _title(declared, document.title)
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if lines and title is not None and _words(lines[0]).casefold() == title.casefold():
        lines = lines[1:]
    return {
        "text": "\n\n".join(lines),
        "title": title,
        "published": document.date,
        "source": document.sitename or document.hostname,
        "url": document.url,
        "author": author or _words(document.author) or None,
    }


def _join_wrapped_lines(tree: Any) -> None:
    """Join, in place, the wrapped source lines of every text in ``tree`` outside ``<pre>`` and the like.

    An element's text lies inside it and its tail (the text after it) inside its parent, so a
    tail keeps its lines when the parent is preformatted.
    """
    preformatted = {element for outer in tree.iter(*_PREFORMATTED) for element in outer.iter()}
    keep = hyphenated_words(" ".join(tree.itertext()))
    for element in tree.iter():
        if isinstance(element.tag, str) and element.text and element not in preformatted:
            element.text = _unwrapped(element.text, keep)
        parent = element.getparent()
        if element.tail and parent is not None and parent not in preformatted:
            element.tail = _unwrapped(element.tail, keep)


def _unwrapped(text: str, keep: frozenset[str]) -> str:
    """Return ``text`` with its lines joined, and one space at an end where it had white space."""
    if ("\n" not in text and "\r" not in text) or text.isspace():
        return text
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + join_lines(text.splitlines(), keep=keep) + trail


class _Declared(NamedTuple):
    """What a page says its title is: ``og:title``, ``<title>``, the first ``<h1>``, its headings.

    The headings are case-folded and without their section numbers, to be matched against the
    parts of ``<title>``.
    """

    og_title: str | None
    page_title: str | None
    h1: str | None
    headings: frozenset[str]


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _declared_title(tree: Any) -> _Declared:
    og_titles = (_words(value) for value in tree.xpath("//meta[@property='og:title']/@content"))
    page_titles = (_words(element.text_content()) for element in tree.iter("title"))
    headings = [(element.tag, _words(element.text_content())) for element in tree.iter("h1", "h2", "h3")]
    return _Declared(
        og_title=next((title for title in og_titles if title), None),
        page_title=next(page_titles, None) or None,
        h1=next((text for tag, text in headings if tag == "h1" and text), None),
        headings=frozenset(_SECTION_NUMBER.sub("", text).casefold() for _, text in headings if text),
    )


def _declared_author(tree: Any) -> str | None:
    """Return the author a page declares: ``<meta name="author">``, else ``article:author`` when it is a name.

    ``article:author`` often holds the address of a profile page, which names no one.
    """
    for path in ("//meta[@name='author']/@content", "//meta[@property='article:author']/@content"):
        for value in tree.xpath(path):
            name = _words(value)
            if name and not _ADDRESS.match(name):
                return name
    return None


def _title(declared: _Declared, extracted: str | None) -> str | None:
    """Choose the title: ``og:title``; the part of ``<title>`` a heading repeats; ``<title>``; the first ``<h1>``.

    trafilatura's own choice (``extracted``) is taken only when it is a part of ``<title>`` (it
    knows more ways to cut off a site's name), never alone: alone it may be a menu's heading.
    """
    if declared.og_title:
        return declared.og_title
    if declared.page_title:
        parts = [declared.page_title, *(_words(part) for part in _TITLE_PARTS.split(declared.page_title))]
        agreed = next((part for part in parts if part and part.casefold() in declared.headings), None)
        if agreed:
            return agreed
        extracted = _words(extracted)
        return extracted if extracted and extracted in declared.page_title else declared.page_title
    return declared.h1
