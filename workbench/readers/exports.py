"""News-database exports: many articles in one ``.txt``, ``.rtf`` or ``.docx`` file, split into articles.

An export is recognised by its content, whatever its extension: the file's text is read by the
reader of its format (plain text, striprtf, python-docx), then split when it follows one of
these layouts, else kept as one article.

- Nexis Uni: each document ends with a line "End of Document". A document opens with its
  title, the publication and the date on lines of their own, then header fields ("Section:",
  "Length:", "Byline:", "Dateline:"); the text follows a line "Body" and runs to
  "Classification" or "Load-Date:".
- Factiva: each document ends with a line "Document" and its identifier. Its fields open with
  a two- or three-letter code ("HD" headline, "BY" byline, "WC" word count, "PD" date, "SN"
  source name, "SC" source code, "LP" lead paragraph, "TD" text, "CO"/"IN"/"NS"/"RE" codes),
  on the code's own line or after it; a field runs to the next code.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable, Mapping

from workbench.readers._base import Found, Record

_NEXIS_END = re.compile(r"^[ \t]*End of Document[ \t]*$", re.MULTILINE)
_NEXIS_FIELD = re.compile(r"^(Section|Length|Byline|Dateline|Load-Date|Language|Publication-Type|Highlight):\s*(.*)$")
_NEXIS_BODY_END = ("Classification", "Load-Date:", "Language:", "Graphic")
_WEEKDAY = re.compile(r"\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)
"""Nexis Uni writes the weekday after the date ("March 5, 2024 Tuesday")."""
_FACTIVA_END = re.compile(r"^[ \t]*Document [A-Za-z0-9]{12,}[ \t]*$", re.MULTILINE)
_FACTIVA_CODES = "HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CO|IN|NS|RE|IPC|IPD|PUB|AN|CR|ART|SE|CLM|RF"
_FACTIVA_FIELD = re.compile(rf"^[ \t]*({_FACTIVA_CODES})(?:[ \t]+(.*))?$")

Reader = Callable[..., Found]


def split_nexis(text: str) -> list[Record]:
    """Split a Nexis Uni export's text into article records (title, source, date, author)."""
    return [record for chunk in _NEXIS_END.split(text) if (record := _nexis_document(chunk)) is not None]


def _nexis_document(chunk: str) -> Record | None:
    lines = [line.strip() for line in chunk.split("\n")]
    if "Body" not in lines:
        return None
    body_at = lines.index("Body")
    head = [line for line in lines[:body_at] if line]
    matches = [_NEXIS_FIELD.match(line) for line in head]
    fields = dict(match.groups() for match in matches if match is not None)
    heading = [line for line in head if not _NEXIS_FIELD.match(line) and not line.lower().startswith("copyright")]
    body: list[str] = []
    for line in lines[body_at + 1 :]:
        if line.startswith(_NEXIS_BODY_END):
            break
        body.append(line)
    return {
        "title": heading[0] if heading else None,
        "source": heading[1] if len(heading) > 1 else None,
        "published": _WEEKDAY.sub("", heading[2]) if len(heading) > 2 else fields.get("Load-Date"),
        "author": fields.get("Byline"),
        "text": _paragraphs(body),
    }


def split_factiva(text: str) -> list[Record]:
    """Split a Factiva export's text into article records (title, source, date, author)."""
    return [record for chunk in _FACTIVA_END.split(text) if (record := _factiva_document(chunk)) is not None]


def _factiva_document(chunk: str) -> Record | None:
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in chunk.split("\n"):
        match = _FACTIVA_FIELD.match(line)
        if match is not None:
            current = fields.setdefault(match.group(1), [])
            if match.group(2):
                current.append(match.group(2).strip())
        elif current is not None:
            current.append(line.strip())
    if "HD" not in fields:
        return None

    def value(code: str) -> str | None:
        return " ".join(" ".join(fields.get(code, [])).split()) or None

    author = value("BY")
    return {
        "title": value("HD"),
        "source": value("SN"),
        "published": value("PD"),
        "author": re.sub(r"^By\s+", "", author) if author else None,
        "text": _paragraphs([*fields.get("LP", []), *fields.get("TD", [])]),
    }


def _paragraphs(lines: list[str]) -> str:
    """Each non-blank line of an export's text is a paragraph (the text, RTF and Word exports agree on this)."""
    return "\n\n".join(line for line in lines if line)


def split_export(text: str) -> list[Record] | None:
    """Return the articles of a Nexis Uni or Factiva export's text, or ``None`` when it is neither."""
    for marker, split in ((_NEXIS_END, split_nexis), (_FACTIVA_END, split_factiva)):
        if marker.search(text):
            articles = [article for article in split(text) if article["text"]]
            if articles:
                return articles
    return None


def reading_exports(reader: Reader) -> Reader:
    """Wrap the reader of a format so that a news-database export read by it becomes its articles."""

    def read(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
        found = reader(path, columns=columns)
        if len(found.records) != 1:
            return found
        articles = split_export(found.records[0]["text"])
        if articles is None:
            return found
        records = [
            {**article, "path": str(path), "where": f"document {number}"}
            for number, article in enumerate(articles, start=1)
        ]
        return Found(records, found.problems)

    read.__doc__ = f"{reader.__doc__ or ''} A Nexis Uni or Factiva export is split into its articles."
    return read
