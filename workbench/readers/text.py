"""Readers for plain text and Markdown files, with optional YAML front matter.

Front matter is a block between ``---`` lines at the very top of the file, holding ``title``,
``date``, ``source``, ``url`` and ``id`` (or their common synonyms, see
:data:`~workbench.readers._base.FIELDS`). Without a title there, a Markdown file's leading
``# heading`` is the title, a text file's first line when a byline or a date line follows it
(:mod:`workbench.readers._byline`), and otherwise the file name.

Front matter is a few plain fields, so three things YAML allows are refused, each an error row:
a block over :data:`MAX_FRONT_MATTER` characters, aliases (``*name``), which let a few hundred
bytes stand for billions of values, and lists or mappings nested past
:data:`MAX_FRONT_MATTER_DEPTH` levels, which PyYAML scans in time that grows with the square of
the depth.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Mapping
from typing import Any

from workbench._encoding import decode
from workbench._yaml import YamlLimitError, load_bounded
from workbench.cleaning import unify_line_endings
from workbench.errors import LoadError
from workbench.readers import _markdown
from workbench.readers._base import MAX_ARTICLE_SIZE, Found, Record, match_columns, read_bytes, title_from_path
from workbench.readers.records import epoch_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER = 65_536
"""The longest front matter read, in characters: a title, a date, a source and the like take a few hundred."""
MAX_FRONT_MATTER_DEPTH = 8
"""The deepest nesting of lists and mappings read in front matter (the block itself is one level)."""


def split_front_matter(text: str, *, columns: Mapping[str, str]) -> tuple[Record, str]:
    """Split ``text`` into the article fields of its YAML front matter and the body after it.

    A leading ``---`` block that is not a YAML mapping is left in the body as text.

    Raises
    ------
    LoadError
        When the block is meant as front matter (it has ``key: value`` lines) but is not valid YAML,
        is over :data:`MAX_FRONT_MATTER` characters, uses YAML aliases or nests too deep.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    import yaml

    block = match.group(1) or ""
    try:
        data = load_bounded(block, max_chars=MAX_FRONT_MATTER, max_depth=MAX_FRONT_MATTER_DEPTH, first_line=2)
    except YamlLimitError as exc:
        raise LoadError(f"the front matter (the block between the --- lines at the top): {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoadError(
            f"the front matter is not valid YAML{where} ({getattr(exc, 'problem', None) or 'syntax error'}); "
            "quote values that hold a colon, or remove the --- lines"
        ) from None
    if not isinstance(data, dict):
        return {}, text
    mapping = match_columns([str(key) for key in data], columns, require_text=False)
    values = {str(key): value for key, value in data.items()}
    fields = {field: _scalar(values[key]) for field, key in mapping.items() if field != "text"}
    if "published" in fields:
        fields["published"] = epoch_date(fields["published"])
    return fields, text[match.end() :]


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, int | float) or hasattr(value, "year"):
        return value
    return str(value).strip() or None


def read_text(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a ``.txt`` file: one article, titled by its front matter, a headline over its byline, or its file name."""
    decoded = decode(read_bytes(path, max_size=MAX_ARTICLE_SIZE))
    fields, body = split_front_matter(unify_line_endings(decoded.text), columns=columns)
    record = {**fields, "text": body, "path": str(path)}
    return Found([record], [decoded.note] if decoded.note else [])


def read_markdown(path: pathlib.Path, *, columns: Mapping[str, str]) -> Found:
    """Read a ``.md`` file: one article, with Markdown markup reduced to its prose."""
    decoded = decode(read_bytes(path, max_size=MAX_ARTICLE_SIZE))
    fields, body = split_front_matter(unify_line_endings(decoded.text), columns=columns)
    heading = _markdown.first_heading(body)
    if heading is not None and fields.get("title") in (None, heading):
        fields["title"] = heading
        body = body.lstrip("\n").split("\n", 1)[1] if "\n" in body.lstrip("\n") else ""
    record = {"title": title_from_path(path), **fields, "text": _markdown.strip_markdown(body), "path": str(path)}
    return Found([record], [decoded.note] if decoded.note else [])
