"""Reader for PDF documents (reports, clippings, printed pages): the text layer, as paragraphs.

pypdf gives the text of each page in the order the page draws it, which is reading order for
the documents word processors and newsrooms write, and the position and size of every line.
From these the reader:

- drops running headers, footers and page numbers: lines among the first or last
  ``_EDGE_LINES`` of a page, not set larger than the body text, that recur (digits aside, so
  "Page 3 of 9" recurs) on more than half of the pages, and lone page numbers at a page's edge;
- starts a new paragraph where the gap to the previous line is clearly wider than the page's
  usual line spacing, where the font size changes (a heading), where a line moves up the page
  (a new column), or after a short line that ends a sentence; a paragraph runs on across a page
  break unless the page ended a sentence;
- joins the lines of each paragraph, and words hyphenated at a line end
  (:mod:`workbench.readers._layout`);
- takes the title from the document's metadata, else from its first heading (the first line set
  larger than the body text); the heading never stays in the text. Byline and date lines at the
  top of the first page are paragraphs of their own, for :mod:`workbench.readers._byline` to
  take out of the text; the metadata's author comes after a byline, and its creation date is
  the file's (``file_created``), not the article's.

A PDF without a text layer (a scan) is an error row that says so: the workbench does no OCR.
"""

from __future__ import annotations

import io
import itertools
import pathlib
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from workbench.errors import LoadError
from workbench.readers._base import (
    MAX_PARSED_SIZE,
    MAX_UNPACKED_SIZE,
    Found,
    one_line,
    optional_module,
    read_bytes,
    silenced,
)
from workbench.readers._byline import stands_alone
from workbench.readers._layout import hyphenated_words, paragraphs_text

_EDGE_LINES = 2
"""Lines at the top and at the bottom of a page where running headers and footers sit."""
_PARAGRAPH_GAP = 1.4
"""A gap between lines wider than this many times the page's usual line spacing starts a paragraph."""
_SHORT_LINE = 0.75
"""A line shorter than this share of the page's longest lines, ending a sentence, ends its paragraph."""
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-\u2013\u2014(]?\s*\d{1,4}\s*[-\u2013\u2014)]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
"""A lone page number: "7", "- 7 -", "(7)", "Page 7", "7 of 12", "7/12"."""
_SENTENCE_END = re.compile(r"""[.!?:]['"\u2019\u201d)\]]?$""")
_UNTITLED = re.compile(r"^(?:untitled|document\d*|microsoft word - .*|.*\.(?:docx?|pdf|rtf|odt))$", re.I)
"""Metadata titles that name a file or nothing, not the document."""


class _Line(NamedTuple):
    """One line of a page: its text, the height of its baseline and its font size (in points)."""

    text: str
    y: float | None
    size: float


def read_pdf(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a ``.pdf`` document as one article (see the module docstring for what is kept).

    Raises
    ------
    LoadError
        When the file is not a readable PDF, is password-protected, or has no text layer.
    MissingExtraError
        When pypdf is not installed.
    """
    pypdf = optional_module("pypdf", package="pypdf", feature="Reading PDF files")
    try:
        with silenced("pypdf"):  # what pypdf logs about a damaged file, the error row says
            reader = pypdf.PdfReader(io.BytesIO(read_bytes(path, max_size=MAX_UNPACKED_SIZE)))
            _unlock(reader)
            pages = _pages_lines(reader)
            metadata = reader.metadata
    except LoadError:
        raise
    except Exception as exc:  # a damaged PDF fails in many ways inside pypdf; each is this file's error row
        raise LoadError(
            f"not a readable PDF ({one_line(exc)}); the file is damaged or incomplete: download or export it again"
        ) from None
    if not any(char.isalnum() for lines in pages for line in lines for char in line.text):
        raise LoadError(
            f"the PDF has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of images, a scan): "
            "run OCR on it first (for example ocrmypdf) and load the result"
        )
    size = statistics.median(line.size for lines in pages for line in lines)
    pages = _without_running_lines(pages, body_size=size)
    body = [line for lines in pages for line in lines]
    paragraphs = _paragraphs(pages, body_size=size)
    title = _metadata_text(metadata, "title")
    if title is not None and _UNTITLED.match(title):
        title = None
    if paragraphs and body and body[0].size > size + 0.5:
        heading = " ".join(paragraphs.pop(0))
        title = title or heading
    keep = hyphenated_words("\n".join(line.text for line in body))
    record = {
        "title": title,
        "text": paragraphs_text(paragraphs, keep=keep),
        "file_created": _creation_date(metadata),
        "file_author": _metadata_text(metadata, "author"),
        "path": str(path),
    }
    return Found([record], [])


def _unlock(reader: Any) -> None:
    """Open a PDF encrypted with an empty password (only printing or copying restricted).

    Raises
    ------
    LoadError
        When a password is needed to read the PDF.
    """
    if reader.is_encrypted and not reader.decrypt(""):
        raise LoadError(
            "the PDF is password-protected; open it with its password and save an unprotected copy, then load that"
        )


def _pages_lines(reader: Any) -> list[list[_Line]]:
    """Return the lines of every page, up to :data:`~workbench.readers._base.MAX_PARSED_SIZE` of drawing instructions.

    A page's content stream is compressed, and pypdf parses it token by token in Python (about
    1 MB a second): a few KB of a PDF may stand for tens of MB of instructions. A page of text
    takes a few KB; the limit stops a compression bomb before it is parsed.

    Raises
    ------
    LoadError
        When the pages' instructions, once decompressed, are over the limit.
    """
    pages: list[list[_Line]] = []
    drawn = 0
    for number, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        drawn += len(contents.get_data()) if contents is not None else 0
        if drawn > MAX_PARSED_SIZE:
            raise LoadError(
                f"the drawing instructions of pages 1 to {number} expand to {drawn:,} bytes, over the limit of "
                f"{MAX_PARSED_SIZE:,} for one input; nothing was extracted. Export the document's text instead"
            )
        pages.append(_page_lines(page))
    return pages


def _page_lines(page: Any) -> list[_Line]:
    """Return the lines of one page, in the order the page draws them, with position and font size."""
    pieces: list[tuple[str, float | None, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5] if text.strip() else None
        pieces.append((text, y, abs(size * (tm[3] or 1) * (cm[3] or 1)) if text.strip() else 0.0))

    page.extract_text(visitor_text=visit)
    lines: list[_Line] = []
    text, y, size = "", None, 0.0
    for piece, piece_y, piece_size in pieces:
        parts = piece.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append(_Line(text.strip(), y, size))
                text, y, size = "", None, 0.0
            text += part
            if part.strip() and y is None:
                y, size = piece_y, piece_size
    lines.append(_Line(text.strip(), y, size))
    return [line for line in lines if line.text]


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _without_running_lines(pages: list[list[_Line]], *, body_size: float) -> list[list[_Line]]:
    """Drop running headers and footers (lines at the page edges that recur on most pages) and page numbers.

    Lines set larger than the body text are headings, never running lines ("Chapter 2" may open
    every page of a clipping file).
    """
    counts = Counter(
        key
        for lines in pages
        for key in {_edge_key(line.text) for line in _edges(lines) if line.size <= body_size + 0.5}
    )
    running = {key for key, count in counts.items() if count >= 2 and count > len(pages) / 2}
    kept = []
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        kept.append(
            [
                line
                for line in lines
                if id(line) not in edges
                or (_edge_key(line.text) not in running and not _PAGE_NUMBER.fullmatch(line.text))
            ]
        )
    return kept


def _edges(lines: list[_Line]) -> list[_Line]:
    return lines[:_EDGE_LINES] + lines[_EDGE_LINES:][-_EDGE_LINES:]


def _paragraphs(pages: list[list[_Line]], *, body_size: float) -> list[list[str]]:
    """Group the lines of every page into paragraphs (lists of lines), in reading order."""
    paragraphs: list[list[str]] = []
    for number, lines in enumerate(pages):
        gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.y is not None and b.y is not None and a.y > b.y]
        spacing = statistics.median(gaps) if gaps else None
        width = sorted(len(line.text) for line in lines)[int(len(lines) * 0.9)] if lines else 0
        previous: _Line | None = None
        for line in lines:
            if previous is None:
                carry_on = paragraphs and not _SENTENCE_END.search(paragraphs[-1][-1])
                new = not carry_on or abs(line.size - body_size) > 0.5
            else:
                new = _breaks(previous, line, spacing=spacing, width=width)
                new = new or (number == 0 and (stands_alone(previous.text) or stands_alone(line.text)))
            if new or not paragraphs:
                paragraphs.append([line.text])
            else:
                paragraphs[-1].append(line.text)
            previous = line
    return paragraphs


def _breaks(previous: _Line, line: _Line, *, spacing: float | None, width: int) -> bool:
    """Say whether ``line`` starts a new paragraph after ``previous`` on the same page."""
    if abs(previous.size - line.size) > 0.5:
        return True
    if previous.y is not None and line.y is not None:
        gap = previous.y - line.y
        if gap < 0 or (spacing is not None and gap > spacing * _PARAGRAPH_GAP):
            return True
    return len(previous.text) < width * _SHORT_LINE and bool(_SENTENCE_END.search(previous.text))


def _metadata_text(metadata: Any, field: str) -> str | None:
    value = getattr(metadata, field, None) if metadata is not None else None
    return " ".join(str(value).split()) or None if value else None


def _creation_date(metadata: Any) -> Any:
    try:
        return metadata.creation_date if metadata is not None else None
    except Exception:  # a malformed date string in the metadata is no reason to lose the text
        return None
