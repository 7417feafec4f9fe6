"""Loading articles from files, folders, lists of paths and DataFrames into a ``Corpus``.

Every reader turns one input into article records (dicts with ``text`` and optional
``title``, ``published``, ``source``, ``url``, ``id``); :func:`load` cleans them, gives
them stable ids and runs the extraction pipeline. A broken input is reported in
``corpus.errors`` and the rest still loads.
"""

from __future__ import annotations

import os
import pathlib
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from workbench import actors as _actors
from workbench import cleaning, ids, pipeline, schema
from workbench.corpus import Corpus
from workbench.errors import LoadError

Record = dict[str, Any]
Source = str | os.PathLike | Sequence[str | os.PathLike] | pd.DataFrame


def _read_plain_text(path: pathlib.Path) -> list[Record]:
    text = path.read_text(encoding="utf-8")
    return [{"text": text, "title": path.stem.replace("-", " ").replace("_", " ")}]


READERS: dict[str, Callable[[pathlib.Path], list[Record]]] = {
    ".txt": _read_plain_text,
}
"""Reader for each file extension (lower case, with the dot)."""


def _files(source: str | os.PathLike) -> list[pathlib.Path]:
    path = pathlib.Path(source).expanduser()
    if not path.exists():
        raise LoadError(f"No such file or folder: {str(path)!r}. Check the path, or pass a list of files.")
    if path.is_dir():
        return sorted(
            (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS and not _hidden(p, path)),
            key=lambda p: p.relative_to(path).as_posix(),
        )
    return [path]


def _hidden(path: pathlib.Path, root: pathlib.Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_records(source: Source) -> tuple[list[Record], list[tuple[str, str]]]:
    """Read ``source`` into article records and ``(path, error)`` pairs for inputs that failed."""
    if isinstance(source, pd.DataFrame):
        return source.to_dict("records"), []
    sources = [source] if isinstance(source, str | os.PathLike) else list(source)
    records: list[Record] = []
    errors: list[tuple[str, str]] = []
    for item in sources:
        for path in _files(item):
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                errors.append((str(path), f"unsupported file type {path.suffix!r}; use one of {sorted(READERS)}"))
                continue
            try:
                found = reader(path)
            except (OSError, ValueError, UnicodeError) as exc:
                errors.append((str(path), f"{type(exc).__name__}: {exc}"))
                continue
            records.extend({"path": str(path), **record} for record in found)
    return records, errors


def articles_from_records(
    records: Iterable[Record], *, junk: Iterable[str] = ()
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Clean records into the ``articles`` table (without counts) and report unusable ones."""
    rows, errors, seen = [], [], set()
    junk = tuple(junk)
    for record in records:
        where = str(record.get("path") or record.get("id") or record.get("title") or "<text>")
        text = cleaning.clean_text(str(record.get("text") or ""), junk=junk)
        if not text:
            errors.append((where, "no article text (the text is empty or only page junk)"))
            continue
        article = ids.article_id(text, record.get("id"))
        if article in seen:
            errors.append((where, f"duplicate of article {article} already loaded; kept the first"))
            continue
        seen.add(article)
        rows.append(
            {
                "article_id": article,
                "title": record.get("title"),
                "source": record.get("source"),
                "published": record.get("published"),
                "url": record.get("url"),
                "path": record.get("path"),
                "text": text,
            }
        )
    frame = pd.DataFrame(rows, columns=["article_id", "title", "source", "published", "url", "path", "text"])
    return schema.conform(frame, "articles"), errors


def load(
    source: Source,
    *,
    strict: bool = False,
    junk: Iterable[str] = (),
    actors: str | os.PathLike | pd.DataFrame | None = None,
    workers: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """Load articles from a file, a folder (recursively), a list of paths or a DataFrame.

    Parameters
    ----------
    source
        A path, a list of paths, or a DataFrame with one article per row.
    strict
        Raise :class:`~workbench.errors.LoadError` on the first unreadable input instead of
        listing it in ``corpus.errors``.
    junk
        Extra regular expressions for page-junk lines to drop (each matches a whole line).
    actors
        The analyst's own actor dictionary (a CSV path or a DataFrame) that adds to or
        overrides the shipped one.
    workers
        Processes for extraction; the tables are the same whatever the number.
    progress
        Show a progress bar; by default only for large corpora.

    Returns
    -------
    Corpus
        With the ``articles``, ``sentences``, ``mentions``, ``actors``, ``claims`` and
        ``errors`` tables.
    """
    records, errors = read_records(source)
    articles, skipped = articles_from_records(records, junk=junk)
    errors += skipped
    if strict and errors:
        path, error = errors[0]
        raise LoadError(f"Could not load {path}: {error}. Pass strict=False to load the rest.")
    if articles.empty:
        detail = f" ({len(errors)} input(s) failed, first: {errors[0][0]}: {errors[0][1]})" if errors else ""
        raise LoadError(f"No articles found in {_describe(source)}{detail}. Supported files: {sorted(READERS)}.")
    if errors:
        warnings.warn(f"{len(errors)} input(s) could not be loaded; see corpus.errors", stacklevel=2)
    dictionary = _actors.dictionary_for(actors)
    show = len(articles) > 2000 if progress is None else progress
    tables = pipeline.extract_all(articles, dictionary=dictionary, workers=workers, progress=show)
    error_table = schema.conform(pd.DataFrame(errors, columns=["path", "error"]), "errors")
    return Corpus(tables.articles, tables.sentences, tables.mentions, tables.claims, error_table)


def load_text(text: str, **metadata: Any) -> Corpus:
    """Load one article given as a string; ``metadata`` may hold title, published, source, url, id."""
    return load(pd.DataFrame([{"text": text, **metadata}]), strict=True)


def _describe(source: Source) -> str:
    if isinstance(source, pd.DataFrame):
        return f"a DataFrame of {len(source)} rows"
    return repr(str(source)) if isinstance(source, str | os.PathLike) else f"{len(source)} paths"
