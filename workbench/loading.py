"""Loading articles from files, folders, lists of paths and DataFrames into a ``Corpus``.

Readers (``workbench.readers``) turn each input into article records; :func:`load` cleans
them, gives them stable ids and runs the extraction pipeline. A broken input is reported in
``corpus.errors`` (its path, and a one-line reason) and the rest still loads.
"""

from __future__ import annotations

import os
import pathlib
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import pandas as pd

from workbench import actors as _actors
from workbench import cleaning, ids, pipeline, schema
from workbench.corpus import Corpus
from workbench.errors import AmbiguousDateWarning, DuplicateIdWarning, LoadError
from workbench.readers import MAX_ARTICLE_SIZE, READERS, Record, read_file, read_frame, reader_for
from workbench.readers._base import lone_surrogate, printable_path, too_long
from workbench.readers._dates import parse_dates

Source = str | os.PathLike | Sequence[str | os.PathLike] | pd.DataFrame
Failure = tuple[str, str]
"""An input that could not be loaded, or part of one: ``(path, one-line reason)``."""

_ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "source",
    "published",
    "url",
    "author",
    "path",
    "text",
    "dateline_place",
    "file_created",
]


def files_in(source: str | os.PathLike) -> list[pathlib.Path]:
    """Return the files of ``source`` to read: itself if not a folder, else every file below it.

    Folders are searched recursively in a stable order (by relative path); hidden files and
    folders are skipped. Files of an unsupported type, pipes and devices are returned too, so
    that each becomes an error row that says why it was not read, never a silent skip. Paths
    keep the form they were given in (never made absolute). A link to a folder is not entered;
    a link to a file is returned, and :func:`read_records` checks where it leads
    (:func:`link_out_of`).

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
    found = [p for p in path.rglob("*") if not _hidden(p, path) and not p.is_dir()]
    if not any(reader_for(p) is not None for p in found):
        others = Counter(p.suffix.lower() or "(no extension)" for p in found)
        seen = (
            f"it holds {', '.join(f'{n} {suffix}' for suffix, n in others.most_common())} file(s)"
            if others
            else ("it is empty")
        )
        raise LoadError(f"No articles in the folder {str(source)!r}: {seen}. Supported files: {sorted(READERS)}.")
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())


def _hidden(path: pathlib.Path, root: pathlib.Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def link_out_of(path: pathlib.Path, folder: str | os.PathLike) -> bool:
    """Return True when ``path``, found in ``folder``, is reached through a symbolic link that leads outside it.

    A folder an analyst loads may come from anyone (an unpacked archive, a shared drive): a link
    in it to ``/etc/passwd`` or to another user's files would read a file the analyst never
    chose. Links that stay inside the folder are read as the files they lead to. A folder's
    walk (:func:`files_in`) never enters a linked folder, so only a file's own name can be a
    link, and only links are resolved.
    """
    if not path.is_symlink():
        return False
    root = pathlib.Path(os.path.expanduser(folder))
    return root.is_dir() and not path.resolve().is_relative_to(root.resolve())


def link_out_problem(path: str | os.PathLike) -> str:
    """Return the error-row reason of a file reached through a link that leads outside the folder loaded."""
    return (
        f"it is a symbolic link to {printable_path(os.path.realpath(path))}, outside the folder being loaded, and "
        "was not read; pass follow_links=True (workbench load --follow-links) to read the files links lead to"
    )


def read_records(
    source: Source, *, columns: dict[str, str] | None = None, follow_links: bool = False
) -> tuple[list[Record], list[Failure]]:
    """Read ``source`` into article records and the inputs (or parts of inputs) that failed.

    A single path that does not exist, or a folder without articles, raises
    :class:`~workbench.errors.LoadError`; inside a list of paths they become failures. A file
    of a folder reached through a link that leads outside the folder is a failure unless
    ``follow_links`` (see :func:`link_out_of`).
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
            if not follow_links and link_out_of(path, item):
                failures.append((str(path), link_out_problem(path)))
                continue
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


def records_to_articles(
    records: list[Record],
    failures: list[Failure],
    *,
    junk: Iterable[str] = (),
    dayfirst: bool | None = None,
    split: str | None = None,
) -> tuple[pd.DataFrame, list[Failure]]:
    """Return the ``articles`` table of ``records`` and every failure, with paths fit to print.

    ``failures`` are those of reading; the records that cannot be articles are added. This is
    what :func:`load` and the on-disk build both do between reading and extraction.
    """
    if split is not None:
        records = split_records(records, split)
    articles, skipped = articles_from_records(records, junk=junk, dayfirst=dayfirst)
    return articles, [(printable_path(path), error) for path, error in failures + skipped]


def split_records(records: Iterable[Record], separator: str) -> list[Record]:
    r"""Return ``records`` with each text cut at every match of ``separator``: one record per part.

    A part keeps its record's fields but takes its first line as title and a ``where`` that
    numbers it ("part 2"); an explicit id becomes ``id-2``. Blank parts are dropped; a text
    without a match is returned whole. The separator is matched line by line (``^`` and ``$``
    match at line ends) and is not part of any article.

    The separator is an RE2 regular expression, run by pyarrow's RE2 kernels as searches are:
    RE2 takes time linear in the text whatever the pattern, so a pattern such as ``^(a+)+$``,
    which backtracking engines (Python's ``re``) run for hours on a line of a few dozen ``a``,
    cannot stall a load. RE2 has no backreferences and no lookaround, and its ``\w``, ``\d`` and
    ``\b`` are ASCII (``\p{L}`` is a letter of any script).

    Raises
    ------
    LoadError
        When ``separator`` is not an RE2 regular expression.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    records = list(records)
    expression = f"(?m){separator}"
    try:
        pc.match_substring_regex(pa.array([""]), expression)
    except pa.ArrowInvalid as exc:
        reason = str(exc).removeprefix("Invalid regular expression: ")
        problem = f"split={separator!r} is not a regular expression RE2 can run ({reason})"
        raise LoadError(
            f"{problem}; escape the special characters of a literal separator. RE2 has no backreferences and "
            "no lookaround."
        ) from None
    texts = [_cuttable(record.get("text")) for record in records]
    mark = _absent_mark(texts)
    cut = pc.split_pattern(pc.replace_substring_regex(pa.array(texts, pa.large_string()), expression, mark), mark)
    out: list[Record] = []
    for record, pieces in zip(records, cut.to_pylist(), strict=True):
        if len(pieces) == 1:
            out.append(record)
            continue
        parts = [piece.strip("\n") for piece in pieces]
        parts = [part for part in parts if part.strip()]
        for number, part in enumerate(parts, start=1):
            given = record.get("id")
            where = " ".join(filter(None, [record.get("where"), f"part {number}"]))
            first_line = part.strip().splitlines()[0].strip()
            numbered = None if given is None else f"{given}-{number}"
            out.append(record | {"text": part, "title": first_line[:300], "where": where, "id": numbered})
    return out


def _cuttable(text: Any) -> str:
    """Return ``text`` when a separator may cut it; else "" (not text, or a lone surrogate, reported later)."""
    return text if isinstance(text, str) and lone_surrogate(text) is None else ""


def _absent_mark(texts: list[str]) -> str:
    """Return a string that none of ``texts`` holds, to mark where the separator matched."""
    while True:
        mark = f"\ue000{uuid.uuid4().hex}\ue000"
        if not any(mark in text for text in texts):
            return mark


def articles_from_records(
    records: Iterable[Record], *, junk: Iterable[str] = (), dayfirst: bool | None = None
) -> tuple[pd.DataFrame, list[Failure]]:
    """Clean records into the ``articles`` table (without counts) and report the unusable ones.

    A record whose text holds no word, is longer than
    :data:`~workbench.readers.MAX_ARTICLE_SIZE` characters, or holds a lone surrogate (not valid
    Unicode) in any field is reported and left out; so is a copy of an article already read (same
    id, same text). An article whose explicit id is already held by an article with different
    text is kept under a new id (see :func:`workbench.ids.renamed_id`), with a
    :class:`~workbench.errors.DuplicateIdWarning`. A date that cannot be read is reported and the
    article loads without it; day/month dates follow the order their file settles, else
    ``dayfirst``, with an :class:`~workbench.errors.AmbiguousDateWarning` when it is ``None``
    (see :func:`~workbench.readers._dates.parse_dates`).

    Returns
    -------
    tuple
        The ``articles`` table (``article_id``, ``title``, ``source``, ``published``, ``url``,
        ``path``, ``text``) and a list of ``(path, reason)`` failures.
    """
    rows: list[dict[str, Any]] = []
    places: list[tuple[str, str]] = []
    failures: list[Failure] = []
    kept = _Kept()
    junk = tuple(junk)
    for record in records:
        path = printable_path(str(record.get("path") or "<DataFrame>"))
        where = f"{record['where']}: " if record.get("where") else ""
        problem = _problem(record)
        if problem is not None:
            failures.append((path, f"{where}{problem}"))
            continue
        text = cleaning.clean_text(record.get("text") or "", junk=junk)
        if not any(char.isalnum() for char in text):
            failures.append((path, f"{where}no article text (the text is empty or only page junk)"))
            continue
        place = f"{path} {record['where']}" if record.get("where") else path
        article, first = kept.add(ids.article_id(text, record.get("id")), text, place=place, path=path)
        if first is not None:
            failures.append((path, f"{where}duplicate of article {article!r} from {first}; kept the first"))
            continue
        given_path = None if record.get("path") is None else path
        rows.append(
            {name: record.get(name) for name in _ARTICLE_COLUMNS}
            | {"article_id": article, "path": given_path, "text": text}
        )
        places.append((path, where))
    frame = pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    dates = parse_dates(frame["published"].tolist(), dayfirst=dayfirst, groups=[path for path, _ in places])
    frame["published"] = dates.parsed
    for at in dates.unreadable:
        path, where = places[at]
        value = rows[at]["published"]
        problem = f"the date {value!r} could not be read, so published is left empty; write dates as YYYY-MM-DD"
        failures.append((path, f"{where}{problem}"))
    _warn_about(kept.renamed, dates.ambiguous)
    return schema.conform(frame, "articles"), failures


class _Renamed(NamedTuple):
    """An article kept under a new id because its explicit id was held by an article with other text."""

    place: str
    given: str
    article_id: str


class _Kept:
    """The articles kept so far: the input each id was read from, and each (id, text) pair with its place."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], tuple[str, str]] = {}
        self.paths: dict[str, str] = {}
        self.renamed: list[_Renamed] = []

    def add(self, given: str, text: str, *, place: str, path: str) -> tuple[str, str | None]:
        """Keep an article; return its id and, for a copy of one already kept, where that one was read."""
        seen = self.first.get((given, text))
        if seen is not None:
            return seen
        article = given
        if given in self.paths:
            mine, theirs = _origin(path), _origin(self.paths[given])
            article = ids.renamed_id(given, text, origin=mine if mine != theirs else None, taken=self.paths)
            self.renamed.append(_Renamed(place, given, article))
        self.paths[article] = path
        self.first[(given, text)] = (article, place)
        return article, None


def _problem(record: Record) -> str | None:
    """Say why a record cannot be an article: text over the size limit, or a lone surrogate in a field."""
    text = record.get("text")
    if isinstance(text, str) and len(text) > MAX_ARTICLE_SIZE:
        return too_long(f"the article text is {len(text):,} characters", MAX_ARTICLE_SIZE, "characters")
    for field in _ARTICLE_COLUMNS:
        value = record.get(field)
        surrogate = lone_surrogate(value) if isinstance(value, str) and field != "path" else None
        if surrogate is not None:
            return (
                f"the {field} holds a lone surrogate (U+{ord(surrogate):04X}), which is not valid Unicode; "
                "decode the source with errors='replace' or drop the character"
            )
    return None


def _origin(path: str) -> str | None:
    """Return the file name an article was read from (``None`` for a DataFrame without paths)."""
    return None if path == "<DataFrame>" else pathlib.PurePath(path).name


def _warn_about(renamed: list[_Renamed], ambiguous: list[str]) -> None:
    if renamed:
        first = renamed[0]
        warnings.warn(
            DuplicateIdWarning(
                f"{len(renamed)} article{'s' if len(renamed) != 1 else ''} had an id already given to an article "
                f"with different text; kept under new ids (first: {first.place}: {first.given!r} is now "
                f"{first.article_id!r}). Give every article a unique id, or name another id column with id_column="
            ),
            stacklevel=3,
        )
    if ambiguous:
        warnings.warn(
            AmbiguousDateWarning(
                f"{len(ambiguous)} date{'s' if len(ambiguous) != 1 else ''} such as {ambiguous[0]!r} could be "
                "day/month or month/day and were read month first; pass dayfirst=True to read them day first, "
                "or dayfirst=False to keep month first without this warning"
            ),
            stacklevel=3,
        )


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
        overrides the shipped one.
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
    tables = pipeline.extract_all(articles, dictionary=dictionary, names=names, workers=workers, progress=show)
    error_table = schema.conform(pd.DataFrame(failures, columns=["path", "error"]), "errors")
    corpus = Corpus(tables.articles, tables.sentences, tables.mentions, tables.claims, error_table)
    return corpus if dedupe is None else corpus.dedupe(dedupe)


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
