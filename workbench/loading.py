"""Loading articles from files, folders, lists of paths and DataFrames into a ``Corpus``.

Readers (``workbench.readers``) turn each input into article records; :func:`load` cleans
them, gives them stable ids and runs the extraction pipeline. A broken input is reported in
``corpus.errors`` (its path, and a one-line reason) and the rest still loads.
"""

from __future__ import annotations

import os
import pathlib
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from workbench import actors as _actors
from workbench import cleaning, ids, pipeline, schema
from workbench.corpus import Corpus
from workbench.errors import LoadError
from workbench.readers import READERS, Record, read_file, read_frame

Source = str | os.PathLike | Sequence[str | os.PathLike] | pd.DataFrame
Failure = tuple[str, str]
"""An input that could not be loaded, or part of one: ``(path, one-line reason)``."""

_ARTICLE_COLUMNS = ["article_id", "title", "source", "published", "url", "path", "text"]


def files_in(source: str | os.PathLike) -> list[pathlib.Path]:
    """Return the article files of ``source``: itself if a file, else every supported file below it.

    Folders are searched recursively in a stable order (by relative path); hidden files and
    folders are skipped. Paths keep the form they were given in (never made absolute).

    Raises
    ------
    LoadError
        When the path does not exist, or a folder holds no supported file.
    """
    path = pathlib.Path(os.path.expanduser(source))
    if not path.exists():
        raise LoadError(f"No such file or folder: {str(source)!r}. Check the path, or pass a list of files.")
    if not path.is_dir():
        return [path]
    found = [p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)]
    files = sorted((p for p in found if p.suffix.lower() in READERS), key=lambda p: p.relative_to(path).as_posix())
    if not files:
        others = Counter(p.suffix.lower() or "(no extension)" for p in found)
        seen = (
            f"it holds {', '.join(f'{n} {suffix}' for suffix, n in others.most_common())} file(s)"
            if others
            else ("it is empty")
        )
        raise LoadError(f"No articles in the folder {str(source)!r}: {seen}. Supported files: {sorted(READERS)}.")
    return files


def _hidden(path: pathlib.Path, root: pathlib.Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_records(source: Source, *, columns: dict[str, str] | None = None) -> tuple[list[Record], list[Failure]]:
    """Read ``source`` into article records and the inputs (or parts of inputs) that failed.

    A single path that does not exist, or a folder without articles, raises
    :class:`~workbench.errors.LoadError`; inside a list of paths they become failures.
    """
    columns = columns or {}
    if isinstance(source, pd.DataFrame):
        return _read_one("<DataFrame>", lambda: read_frame(source, columns=columns))
    single = isinstance(source, str | os.PathLike)
    records: list[Record] = []
    failures: list[Failure] = []
    for item in [source] if single else list(source):
        try:
            paths = files_in(item)
        except LoadError as exc:
            if single:
                raise
            failures.append((str(item), str(exc)))
            continue
        for path in paths:
            found, failed = _read_one(str(path), lambda path=path: read_file(path, columns=columns))
            records += found
            failures += failed
    return records, failures


def _read_one(where: str, read) -> tuple[list[Record], list[Failure]]:
    try:
        found = read()
    except LoadError as exc:
        return [], [(where, str(exc))]
    return found.records, [(where, problem) for problem in found.problems]


def articles_from_records(records: Iterable[Record], *, junk: Iterable[str] = ()) -> tuple[pd.DataFrame, list[Failure]]:
    """Clean records into the ``articles`` table (without counts) and report the unusable ones.

    A record whose cleaned text holds no word, or whose article id was already loaded, is
    reported, never silently dropped.

    Returns
    -------
    tuple
        The ``articles`` table (``article_id``, ``title``, ``source``, ``published``, ``url``,
        ``path``, ``text``) and a list of ``(path, reason)`` failures.
    """
    rows: list[dict[str, Any]] = []
    failures: list[Failure] = []
    first_seen: dict[str, str] = {}
    junk = tuple(junk)
    for record in records:
        path = str(record.get("path") or "<DataFrame>")
        where = f"{record['where']}: " if record.get("where") else ""
        text = cleaning.clean_text(str(record.get("text") or ""), junk=junk)
        if not any(char.isalnum() for char in text):
            failures.append((path, f"{where}no article text (the text is empty or only page junk)"))
            continue
        article = ids.article_id(text, record.get("id"))
        if article in first_seen:
            failures.append(
                (path, f"{where}duplicate of article {article!r} from {first_seen[article]}; kept the first")
            )
            continue
        first_seen[article] = f"{path} {record['where']}" if record.get("where") else path
        rows.append({name: record.get(name) for name in _ARTICLE_COLUMNS} | {"article_id": article, "text": text})
    frame = pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    return schema.conform(frame, "articles"), failures


def load(
    source: Source,
    *,
    strict: bool = False,
    junk: Iterable[str] = (),
    actors: str | os.PathLike | pd.DataFrame | None = None,
    workers: int = 1,
    progress: bool | None = None,
    text_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    source_column: str | None = None,
    url_column: str | None = None,
    id_column: str | None = None,
) -> Corpus:
    """Load articles from a file, a folder (recursively), a list of paths or a DataFrame.

    Files: ``.txt`` and ``.md`` (optional YAML front matter), ``.html``/``.htm`` (main text
    and metadata of a saved page), ``.csv``/``.tsv``, ``.json`` and ``.jsonl`` (one article
    per record). Text is decoded (UTF-8, UTF-8 with BOM, Windows-1252...) and cleaned before
    anything else; ``articles.text`` is the cleaned text every offset indexes.

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
    text_column, title_column, date_column, source_column, url_column, id_column
        The column (or JSON field, or front-matter key) holding each field, when its name is
        not one of the common ones (``text``/``body``/``content``, ``title``/``headline``,
        ``date``/``published``, ``source``/``outlet``, ``url``/``link``, ``id``/``doc_id``...).

    Returns
    -------
    Corpus
        With the ``articles``, ``sentences``, ``mentions``, ``actors``, ``claims`` and
        ``errors`` tables.

    Raises
    ------
    LoadError
        When the path does not exist, nothing loadable is found, a ``junk`` pattern is not a
        regular expression, or (with ``strict=True``) any input fails.
    """
    overrides = {
        "text": text_column,
        "title": title_column,
        "published": date_column,
        "source": source_column,
        "url": url_column,
        "id": id_column,
    }
    records, failures = read_records(source, columns={k: v for k, v in overrides.items() if v is not None})
    articles, skipped = articles_from_records(records, junk=junk)
    failures += skipped
    if strict and failures:
        path, error = failures[0]
        raise LoadError(f"Could not load {path}: {error}. Pass strict=False to load the rest.")
    if articles.empty:
        detail = f" ({len(failures)} input(s) failed; first: {failures[0][0]}: {failures[0][1]})" if failures else ""
        raise LoadError(f"No articles found in {_describe(source)}{detail}.")
    if failures:
        path, error = failures[0]
        warnings.warn(
            f"{len(failures)} input(s) could not be loaded (first: {path}: {error}); see corpus.errors",
            stacklevel=2,
        )
    dictionary = _actors.dictionary_for(actors)
    show = len(articles) > 2000 if progress is None else progress
    tables = pipeline.extract_all(articles, dictionary=dictionary, workers=workers, progress=show)
    error_table = schema.conform(pd.DataFrame(failures, columns=["path", "error"]), "errors")
    return Corpus(tables.articles, tables.sentences, tables.mentions, tables.claims, error_table)


def load_text(text: str, **metadata: Any) -> Corpus:
    """Load one article given as a string.

    ``metadata`` may hold ``title``, ``published`` (or ``date``), ``source``, ``url`` and ``id``.

    Examples
    --------
    >>> corpus = load_text("Talks resumed on Monday. Both sides said progress was made.", title="Talks")
    >>> corpus.articles.loc[0, "title"], len(corpus.sentences)
    ('Talks', 2)
    """
    return load(pd.DataFrame([{**metadata, "text": text}]), strict=True)


def _describe(source: Source) -> str:
    if isinstance(source, pd.DataFrame):
        return f"a DataFrame of {len(source)} rows"
    return repr(str(source)) if isinstance(source, str | os.PathLike) else f"{len(source)} paths"
