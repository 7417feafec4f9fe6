"""The inputs a source names, read into article records: files, folders (recursively), lists of paths, DataFrames.

A folder is walked in a stable order, hidden files left out; a file reached through a
symbolic link that leads outside the folder is not read unless asked. Each input is read by
its reader (``workbench.readers``); one that fails is a :data:`Failure` (its path and a
one-line reason), and the rest are still read.
"""

from __future__ import annotations

import os
import pathlib
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from workbench.errors import LoadError
from workbench.readers import READERS, Record, read_file, read_frame, reader_for
from workbench.readers._base import printable_path

Source = str | os.PathLike | Sequence[str | os.PathLike] | pd.DataFrame
Failure = tuple[str, str]
"""An input that could not be loaded, or part of one: ``(path, one-line reason)``."""


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
