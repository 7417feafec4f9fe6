"""What every reader returns, and the common names of article fields in other people's data."""

from __future__ import annotations

import pathlib
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from workbench.errors import LoadError

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
    "id": ("id", "article_id", "doc_id", "uid", "document_id", "guid", "_id"),
}
"""Column names that hold each article field, most usual first (matched case-insensitively)."""

OVERRIDES = {
    "text": "text_column",
    "title": "title_column",
    "published": "date_column",
    "source": "source_column",
    "url": "url_column",
    "id": "id_column",
}
"""The ``load()`` argument that names each field's column explicitly."""


class Found(NamedTuple):
    """The article records read from one input, and one-line notes on parts that were not read."""

    records: list[Record]
    problems: list[str]


def match_columns(names: Iterable[str], columns: Mapping[str, str], *, require_text: bool = True) -> dict[str, str]:
    """Map each article field to the column that holds it, by ``columns`` overrides or common names.

    Raises
    ------
    LoadError
        When an override names a column that does not exist, or no column holds the text; the
        message lists the columns found and the argument that fixes it.
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
    if require_text and "text" not in found:
        raise LoadError(
            f"no text column: the columns found are {names}; "
            "name the one that holds the article text with text_column='...'"
        )
    return found


def _key(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


def title_from_path(path: pathlib.Path) -> str:
    """Make a title from a file name: ``harbour-strike_ends.txt`` gives "Harbour strike ends"."""
    words = " ".join(path.stem.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]
