"""Readers: one function per file format, each turning one input into article records.

A reader takes a path and the analyst's column overrides and returns a
:class:`~workbench.readers._base.Found`: the records read and one-line notes on parts that were
not (a broken JSON line, replaced bytes). A reader raises
:class:`~workbench.errors.LoadError` when the whole input is unusable; its message is the
reason shown in ``corpus.errors``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping

from workbench.errors import LoadError, MissingExtraError
from workbench.readers._base import FIELDS, MAX_ARTICLE_SIZE, OVERRIDES, Found, Record, require_regular_file
from workbench.readers._byline import settling
from workbench.readers.exports import reading_exports
from workbench.readers.feeds import read_feed
from workbench.readers.html import read_html
from workbench.readers.mail import read_eml, read_mbox
from workbench.readers.office import read_docx, read_rtf
from workbench.readers.pdf import read_pdf
from workbench.readers.records import read_csv, read_frame, read_json, read_jsonl
from workbench.readers.text import read_markdown, read_text
from workbench.readers.warc import read_warc

Reader = Callable[..., Found]

READERS: dict[str, Reader] = {
    ".txt": settling(reading_exports(read_text)),
    ".text": settling(reading_exports(read_text)),
    ".md": settling(read_markdown),
    ".markdown": settling(read_markdown),
    ".html": settling(read_html),
    ".htm": settling(read_html),
    ".csv": read_csv,
    ".tsv": read_csv,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".pdf": settling(read_pdf),
    ".docx": settling(reading_exports(read_docx)),
    ".rtf": settling(reading_exports(read_rtf)),
    ".eml": settling(read_eml),
    ".mbox": settling(read_mbox),
    ".rss": settling(read_feed),
    ".atom": settling(read_feed),
    ".xml": settling(read_feed),
    ".warc": settling(read_warc),
    ".warc.gz": settling(read_warc),
}
"""Reader for each file extension (lower case, with the dot; a double one such as ``.warc.gz`` is
matched before its last part). Documents are settled by :func:`~workbench.readers._byline.settling`
(byline, dates and dateline out of the text), tables record by record as they are read."""


def reader_for(path: pathlib.Path) -> Reader | None:
    """Return the reader for ``path`` by its extension (``.warc.gz`` before ``.gz``), or ``None``."""
    double = "".join(path.suffixes[-2:]).lower()
    return READERS.get(double) or READERS.get(path.suffix.lower())


def read_file(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read one file with the reader for its extension.

    Raises
    ------
    LoadError
        When the path is not a regular file (a pipe, a device...), no reader handles the
        extension, the reader's optional package is not installed (the message names the
        install command), or the file cannot be read as articles.
    """
    try:
        require_regular_file(path)
        reader = reader_for(path)
        if reader is None:
            raise LoadError(
                f"unsupported file type {path.suffix or '(no extension)'!r}; supported: {sorted(READERS)}. "
                "Save the article in one of these formats, or move the file out of the folder"
            )
        return reader(path, columns=columns)
    except MissingExtraError as exc:
        raise LoadError(str(exc)) from None
    except (OSError, UnicodeError, RecursionError) as exc:
        raise LoadError(f"could not read the file ({type(exc).__name__}: {' '.join(str(exc).split())})") from None


__all__ = [
    "FIELDS",
    "MAX_ARTICLE_SIZE",
    "OVERRIDES",
    "READERS",
    "Found",
    "Record",
    "read_file",
    "read_frame",
    "reader_for",
]
