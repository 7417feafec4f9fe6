"""Loading articles from files, folders, lists of paths and DataFrames into a ``Corpus``.

Readers (``workbench.readers``) turn each input into article records (:mod:`workbench.inputs`
walks folders and reads them), :mod:`workbench.articles` cleans them into the articles table
with stable ids, and :func:`load` runs the extraction pipeline over it. A broken input is reported in
``corpus.errors`` (its path, and a one-line reason) and the rest still loads.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from workbench import actors as _actors
from workbench import corrections as _corrections
from workbench import pipeline, schema
from workbench.articles import records_to_articles
from workbench.corpus import Corpus
from workbench.errors import LoadError
from workbench.inputs import Source, read_records

__all__ = ["load", "load_text"]


def load(
    source: Source,
    *,
    strict: bool = False,
    junk: Iterable[str] = (),
    actors: str | os.PathLike | pd.DataFrame | None = None,
    ner: str | Callable[..., Any] | None = "builtin",
    workers: int = 1,
    progress: bool | None = None,
    dayfirst: bool | None = None,
    text_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    source_column: str | None = None,
    url_column: str | None = None,
    author_column: str | None = None,
    id_column: str | None = None,
    dedupe: str | None = None,
    split: str | None = None,
    follow_links: bool = False,
    corrections: _corrections.Corrections | None = None,
) -> Corpus:
    """Load articles from a file, a folder (recursively), a list of paths or a DataFrame.

    Files: ``.txt`` and ``.md`` (optional YAML front matter), ``.html``/``.htm`` (main text and
    metadata of a saved page), ``.csv``/``.tsv``, ``.json`` and ``.jsonl`` (one article per
    record); with the ``formats`` extra also ``.pdf``, ``.docx``, ``.rtf``, ``.eml`` and
    ``.mbox`` (one article per message), ``.rss``/``.atom``/``.xml`` feeds (one per entry) and
    ``.warc``/``.warc.gz`` web archives (one per HTML page). Text is decoded (UTF-8, UTF-8 with
    BOM, UTF-16, Windows-1252...) and cleaned before anything else; ``articles.text`` is the
    cleaned text every offset indexes. Only regular files are read (a pipe or a device is an
    error row), and an article of more than :data:`~workbench.readers.MAX_ARTICLE_SIZE` (2
    million) characters, or a one-article file of more bytes, is an error row: such a file holds
    many articles, to be split.

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
        overrides the shipped one; names it types ``not an actor`` are left out of the mentions
        (``store.corrections_as_actors_file`` writes such a file).
    ner
        What finds the names of people, organisations and places beside the dictionary:
        ``"builtin"`` (the shipped model), ``None`` (dictionary and rules only), an installed
        spaCy model's name or a loaded spaCy pipeline (``pip install 'workbench[spacy]'``), or a
        function from a sentence's text to ``(start, end, label)`` spans. Every choice goes
        through the same canonical naming, so the actors table has one row per actor.
    workers
        Processes for extraction; the tables are the same whatever the number.
    progress
        Show a progress bar; by default only for large corpora.
    dayfirst
        How to read numeric dates such as ``03/04/2024`` in a file where no date settles it:
        day first (``True``: 3 April) or month first (``False``: 4 March). A file holding a date
        that reads only one way (``15/03/2024``) is read in that order whatever this says. By
        default unsettled dates are read month first, with an
        :class:`~workbench.errors.AmbiguousDateWarning` when the corpus holds such dates.
        ISO dates (``2024-03-04``) are always year, month, day.
    text_column, title_column, date_column, source_column, url_column, author_column, id_column
        The column (or JSON field, or front-matter key) holding each field, when its name is
        not one of the common ones (``text``/``body``/``content``, ``title``/``headline``,
        ``date``/``published``, ``source``/``outlet``, ``url``/``link``, ``author``/``byline``,
        ``id``/``doc_id``...).
    dedupe
        Near-duplicate articles (syndicated or republished copies): ``"group"`` adds
        ``duplicate_group`` and ``canonical`` to ``articles``; ``"drop"`` keeps only each group's
        earliest article; ``None`` (default) leaves them. See :meth:`Corpus.dedupe`; needs
        ``pip install 'workbench[dedupe]'``.
    split
        An RE2 regular expression (its time is linear whatever the pattern) for the separator of
        files that hold several articles (a line of ``=====``, ``^-{3,}$``, ``^Document [0-9]+$``...):
        each text is cut at every match, and each part is an article titled by its first line. See
        :func:`split_records`.
    follow_links
        Read the files of a folder that symbolic links lead to outside that folder. By default
        each is an error row saying where the link leads, and is not read: a folder from
        elsewhere could link to any file of this computer. Links that stay inside the folder,
        and a path given directly, are always read.
    corrections
        A :class:`~workbench.store.TagStore` whose corrections of actors and claims should hold
        in the tables (see :meth:`Corpus.with_corrections`).

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
        "author": author_column,
        "id": id_column,
    }
    columns = {k: v for k, v in overrides.items() if v is not None}
    records, failures = read_records(source, columns=columns, follow_links=follow_links)
    articles, failures = records_to_articles(records, failures, junk=junk, dayfirst=dayfirst, split=split)
    if strict and failures:
        path, error = failures[0]
        raise LoadError(f"Could not load {path}: {error}. Pass strict=False to load the rest.")
    if articles.empty:
        detail = f" ({len(failures)} input(s) failed; first: {failures[0][0]}: {failures[0][1]})" if failures else ""
        raise LoadError(f"No articles found in {_describe(source)}{detail}.")
    if failures:
        path, error = failures[0]
        warnings.warn(
            f"{len(failures)} input(s) could not be loaded, in whole or in part (first: {path}: {error}); "
            "see corpus.errors",
            stacklevel=2,
        )
    dictionary = _actors.dictionary_for(actors)
    show = len(articles) > 2000 if progress is None else progress
    names = _actors.ner.finder(ner)
    tables, extraction_errors = pipeline.extract_all(
        articles, dictionary=dictionary, names=names, workers=workers, progress=show
    )
    if len(extraction_errors):
        warnings.warn(
            f"{len(extraction_errors)} article(s) could not be extracted and are left out "
            f"(first: {extraction_errors['error'].iloc[0]}); see corpus.errors",
            stacklevel=2,
        )
    read_errors = pd.DataFrame(failures, columns=["path", "error"])
    error_table = schema.conform(pd.concat([read_errors, extraction_errors], ignore_index=True), "errors")
    mentions, claims = _corrections.drop_not_actors(tables.mentions, tables.claims)
    corpus = Corpus(tables.articles, tables.sentences, mentions, claims, error_table)
    corpus = corpus if dedupe is None else corpus.dedupe(dedupe)
    return corpus if corrections is None else corpus.with_corrections(corrections)


def load_text(text: str, *, ner: str | Callable[..., Any] | None = "builtin", **metadata: Any) -> Corpus:
    """Load one article given as a string.

    ``metadata`` may hold ``title``, ``published`` (or ``date``), ``source``, ``url`` and ``id``;
    ``ner`` chooses the name finder as in :func:`load`.

    Examples
    --------
    >>> corpus = load_text("Talks resumed on Monday. Both sides said progress was made.", title="Talks")
    >>> corpus.articles.loc[0, "title"], len(corpus.sentences)
    ('Talks', 2)
    """
    return load(pd.DataFrame([{**metadata, "text": text}]), strict=True, ner=ner)


def _describe(source: Source) -> str:
    if isinstance(source, pd.DataFrame):
        return f"a DataFrame of {len(source)} rows"
    return repr(str(source)) if isinstance(source, str | os.PathLike) else f"{len(source)} paths"
