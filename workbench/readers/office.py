"""Readers for word-processor files: Word (``.docx``, python-docx) and Rich Text (``.rtf``, striprtf).

Each file is one article. Every paragraph of the document is a paragraph of the article, so
headings stand apart from the text around them; a manual line break inside a paragraph is a
space. The title comes from the document's properties, else from a leading heading (which then
leaves the text). The properties' author and creation date are the file's (``file_author``,
``file_created``): a byline and a date written at the top of the text come first
(:mod:`workbench.readers._byline`).
"""

from __future__ import annotations

import io
import pathlib
import re
from collections.abc import Mapping
from typing import Any

from workbench.errors import LoadError
from workbench.readers._base import Found, one_line, optional_module, read_bytes

_HEADING_STYLES = re.compile(r"^(?:title|heading \d)$", re.IGNORECASE)
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
        document = docx.Document(io.BytesIO(read_bytes(path)))
        paragraphs = [(_style(paragraph), " ".join(paragraph.text.split())) for paragraph in document.paragraphs]
        properties = document.core_properties
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


def _style(paragraph: Any) -> str:
    style = paragraph.style
    return style.name if style is not None and style.name else ""


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
    source = read_bytes(path).decode("cp1252", errors="replace")
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
