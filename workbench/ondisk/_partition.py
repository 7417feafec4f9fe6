"""One partition's task: extract the tables of its articles and write them, unless written before and intact.

A task writes one Parquet file per table under ``out/<table>/``, then ``_done/<key>.json``, the
marker that records each file's size and SHA-256: a later build or a repair trusts a partition
only when its files are as that marker records them.
"""

from __future__ import annotations

import hashlib
import pathlib
import socket
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from workbench import actors as _actors
from workbench import pipeline, schema
from workbench.ondisk import _layout
from workbench.ondisk._reading import ERROR


@dataclass(frozen=True)
class Extraction:
    """What each partition's extraction uses; one key of the task graph, so each worker fetches it once."""

    dictionary: _actors.ActorDictionary | None
    names: _actors.ner.Finder | None
    fingerprint: str


class Report(NamedTuple):
    """What a partition's task did: its key, whether it was written before, and its rows per table."""

    key: str
    skipped: bool
    rows: dict[str, int]


REPORT_META = pd.DataFrame({"key": pd.Series(dtype=object), "skipped": pd.Series(dtype=bool)}).assign(
    **{table: pd.Series(dtype="int64") for table in _layout.TABLES}
)


def intact(out: str, key: str) -> dict[str, int] | None:
    """Return the rows per table of the partition ``key`` when its files are as written, else ``None``."""
    root = pathlib.Path(out)
    done = _layout.read_done(root, key)
    return done["rows"] if done is not None and not _layout.verify(root, key) else None


def build_part(
    frame: pd.DataFrame,
    *,
    out: str,
    extraction: Extraction,
    key: str | None = None,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    """Extract and write the tables of one partition read into ``frame``, whose ``key`` is known or found here.

    Without ``key`` (a dataframe input, whose partitions have no file to key them by), the key
    is a hash of the articles read, and a partition written before under it, intact, is skipped.

    Raises
    ------
    UnsharedPathError
        When the output folder is not there on this worker.
    """
    root = pathlib.Path(out)
    if not (root / _layout.DONE).is_dir():
        raise _layout.UnsharedPathError(
            f"the output folder {out} does not exist on the worker at {socket.gethostname()}: every worker needs the "
            "input and output folders at the same absolute path (a shared file system)"
        )
    failed = frame[ERROR].notna().to_numpy()
    errors = schema.conform(frame.loc[failed, ["path", ERROR]], "errors")
    articles = schema.conform(frame.loc[~failed].drop(columns=ERROR), "articles")
    if key is None:
        number = (partition_info or {}).get("number", 0)
        key = f"{number:05d}-{_partition_hash(articles, errors, extraction.fingerprint)}"
        if (rows := intact(out, key)) is not None:
            return _report_frame(Report(key, True, rows))
    tables, failures = _extract(articles, extraction)
    frames = tables._asdict() | {"errors": pd.concat([errors, failures], ignore_index=True)}
    frames[_layout.ACTOR_PARTS] = _actors.summarise(tables.mentions)
    files = {}
    for folder in _layout.part_folders():
        path = _layout.part_path(root, folder, key)
        _layout.write_table(frames[folder], "actors" if folder == _layout.ACTOR_PARTS else folder, path)
        files[folder] = _layout.record(path, len(frames[folder]))
    rows = {table: len(frames[table]) for table in _layout.TABLES}
    _layout.write_json(_layout.done_path(root, key), {"key": key, "rows": rows, "files": files})
    return _report_frame(Report(key, False, rows))


def _extract(articles: pd.DataFrame, extraction: Extraction) -> pipeline.Extracted:
    """Extract the tables of ``articles``; each article whose extraction raises becomes an error row.

    See :func:`workbench.pipeline.extract_isolated`: a failing article costs only itself.
    """
    return pipeline.extract_isolated(articles, dictionary=extraction.dictionary, names=extraction.names)


def _partition_hash(articles: pd.DataFrame, errors: pd.DataFrame, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for frame in (articles, errors):
        digest.update(hash_frame(frame).encode())
    return digest.hexdigest()[:16]


def hash_frame(frame: pd.DataFrame) -> str:
    """Return a hash of a table's column names and values (row order included)."""
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
    return hashlib.sha256(repr(list(frame.columns)).encode() + hashed.tobytes()).hexdigest()


def _report_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"key": report.key, "skipped": report.skipped, **report.rows}]).astype(REPORT_META.dtypes)
