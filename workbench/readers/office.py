"""Readers for word-processor files: Word (``.docx``, python-docx) and Rich Text (``.rtf``, striprtf).

Each file is one article. Every paragraph of the document is a paragraph of the article, so
headings stand apart from the text around them; a manual line break inside a paragraph is a
space. The title comes from the document's properties, else from a leading heading (which then
leaves the text). The properties' author and creation date are the file's (``file_author``,
``file_created``): a byline and a date written at the top of the text come first
(:mod:`workbench.readers._byline`).
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Mapping
from typing import Any

from workbench.errors import LoadError
from workbench.readers._base import MAX_UNPACKED_SIZE, Found, checked_zip, one_line, optional_module, read_bytes

_HEADING_STYLES = re.compile(r"^(?:title|heading \d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN, _LINK, _TEXT = f"{_W}r", f"{_W}hyperlink", f"{_W}t"
_RUN_SPACES = {f"{_W}{name}": " " for name in ("tab", "ptab", "br", "cr")} | {f"{_W}noBreakHyphen": "-"}
"""What the elements of a run other than its text stand for (the text's white space is collapsed)."""
_RTF_INFO = re.compile(r"\{\\(title|author)\s+((?:[^{}\\]|\\.)*)\}")
_RTF_LINE_BREAK = re.compile(r"\\line(?![a-z])\s?")
"""A manual line break inside an RTF paragraph, read as a space."""
_RTF_CREATED = re.compile(r"\{\\creatim((?:\\(?:yr|mo|dy|hr|min)\d+)+)\}")


def read_docx(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a Word ``.docx`` document as one article.

    Raises
    ------
    LoadError
        When the file is not a Word document (an old ``.doc`` renamed, another ZIP archive).
    MissingExtraError
        When python-docx is not installed.
    """
    docx = optional_module("docx", package="python-docx", feature="Reading Word files")
    try:
        with checked_zip(path) as file:
            document = docx.Document(file)
        paragraphs = _paragraphs(document)
        properties = document.core_properties
    except LoadError:
        raise
    except Exception as exc:  # python-docx fails in many ways on what is not a .docx; each is this file's error row
        raise LoadError(
            f"not a readable Word document ({one_line(exc)}); open it in Word or LibreOffice and save it as .docx"
        ) from None
    paragraphs = [(style, text) for style, text in paragraphs if text]
    title = " ".join((properties.title or "").split()) or None
    if paragraphs and _HEADING_STYLES.match(paragraphs[0][0]) and title in (None, paragraphs[0][1]):
        title = paragraphs.pop(0)[1]
    record = {
        "title": title,
        "text": "\n\n".join(text for _, text in paragraphs),
        "file_created": properties.created,
        "file_author": " ".join((properties.author or "").split()) or None,
        "path": str(path),
    }
    return Found([record], [])


def _paragraphs(document: Any) -> list[tuple[str, str]]:
    """Return the style name and the text (white space collapsed) of each paragraph of the document's body.

    The body is read from its markup with plain lxml, as python-docx's ``paragraph.text`` and
    ``paragraph.style`` read it (runs and hyperlinks; tabs and breaks are white space), in a
    fraction of the time: python-docx builds objects for every element it visits and looks the
    style up in the styles part again for each paragraph (some 4 ms a paragraph).
    """
    from docx.enum.style import WD_STYLE_TYPE
    from lxml import etree

    names = {style.style_id: style.name or "" for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name or "" if default is not None else ""
    body = etree.fromstring(document.part.blob).find(f"{_W}body")
    paragraphs = []
    for paragraph in body.iterchildren(f"{_W}p") if body is not None else ():
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        name = names.get(style.get(f"{_W}val"), default_name) if style is not None else default_name
        pieces = [
            piece
            for child in paragraph.iterchildren(_RUN, _LINK)
            for run in (child.iterchildren(_RUN) if child.tag == _LINK else (child,))
            for piece in run
        ]
        text = "".join(piece.text or "" if piece.tag == _TEXT else _RUN_SPACES.get(piece.tag, "") for piece in pieces)
        paragraphs.append((name, " ".join(text.split())))
    return paragraphs


def read_rtf(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    r"""Read a Rich Text ``.rtf`` file as one article; each RTF paragraph is a paragraph.

    Raises
    ------
    LoadError
        When the file does not start as RTF does (``{\rtf``).
    MissingExtraError
        When striprtf is not installed.
    """
    striprtf = optional_module("striprtf.striprtf", package="striprtf", feature="Reading RTF files")
    source = read_bytes(path, max_size=MAX_UNPACKED_SIZE).decode("cp1252", errors="replace")
    if not source.lstrip("\ufeff \r\n\t").startswith("{\\rtf"):
        raise LoadError("not an RTF file (it does not start with {\\rtf); open it and save it as RTF or .txt")
    try:
        text = striprtf.rtf_to_text(_RTF_LINE_BREAK.sub(" ", source), errors="replace")
    except Exception as exc:  # striprtf on malformed groups; the file's error row, not a crash
        raise LoadError(f"could not read the RTF ({one_line(exc)}); save it again from a word processor") from None
    info = {name: " ".join(value.split()) for name, value in _RTF_INFO.findall(source)}
    paragraphs = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    if paragraphs and paragraphs[0] == info.get("title"):
        paragraphs.pop(0)
    record = {
        "title": info.get("title"),
        "text": "\n\n".join(paragraphs),
        "file_created": _rtf_created(source),
        "file_author": info.get("author") or None,
        "path": str(path),
    }
    return Found([record], [])


def _rtf_created(source: str) -> str | None:
    r"""Return the RTF creation time (``{\creatim\yr2024\mo3\dy5...}``) as ``YYYY-MM-DD HH:MM``."""
    match = _RTF_CREATED.search(source)
    if match is None:
        return None
    parts = dict(re.findall(r"\\([a-z]+)(\d+)", match.group(1)))
    if "yr" not in parts:
        return None
    date = f"{parts['yr']}-{parts.get('mo', '1').zfill(2)}-{parts.get('dy', '1').zfill(2)}"
    return f"{date} {parts.get('hr', '0').zfill(2)}:{parts.get('min', '0').zfill(2)}"
