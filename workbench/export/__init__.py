"""CSV, Excel and Parquet exports an analyst can hand on, with a manifest that says what they hold.

Example
-------
>>> import tempfile, workbench
>>> corpus = workbench.load_text("Iran warned Israel. The talks went on.")
>>> paths = workbench.export.summaries(corpus, None, tempfile.mkdtemp())
>>> [path.name for path in paths][-1]
'manifest.json'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import socket
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from workbench import summaries as _summaries
from workbench.errors import ExportError
from workbench.export import tables
from workbench.export.cells import neutralise
from workbench.export.tables import SUMMARIES, SummaryInputs
from workbench.export.writing import (
    FORMATS,
    XLSX_MAX_ROWS,
    check_free,
    staged,
    write_csv,
    write_parquet,
    write_xlsx,
)
from workbench.ondisk._layout import UnsharedPathError
from workbench.summaries._parts import computed, in_memory, lazy

if TYPE_CHECKING:
    from distributed import Client

    from workbench.corpus import Corpus
    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus, Frame

__all__ = ["SUMMARIES", "SummaryInputs", "corpus_tables", "neutralise", "summaries", "tables"]

MANIFEST = "manifest.json"
WORKBOOK = "summaries.xlsx"
PER_PARTITION = ("sentences_tagged", "claims")
"""The summaries with a row per sentence or claim: of an on-disk corpus, a folder of one file per partition."""
CORPUS_TABLES = ("articles", "sentences", "mentions", "actors", "claims", "errors")
"""The tables ``corpus_tables`` writes, one file each."""


def _folder(out_dir: str | os.PathLike) -> pathlib.Path:
    folder = pathlib.Path(out_dir).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{str(folder)!r} is a file: give a folder to write the exports into.")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check_format(format: str, allowed: tuple[str, ...]) -> None:
    if format not in allowed:
        raise ExportError(f"Unknown export format {format!r}: use one of {', '.join(allowed)}.")


def _progress(items: list[str], enabled: bool, what: str) -> Any:
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=what, unit="table")


def summaries(
    corpus: AnyCorpus,
    store: TagStore | None,
    out_dir: str | os.PathLike,
    *,
    format: Literal["csv", "parquet", "xlsx"] = "csv",
    bom: bool = False,
    overwrite: bool = False,
    progress: bool = False,
) -> list[pathlib.Path]:
    """Write the summary tables of ``corpus`` and the tags in ``store``, and a manifest; return the paths.

    Parameters
    ----------
    corpus
        The corpus the tags were made on, in memory or on disk (:func:`workbench.open_corpus`).
        On disk, the tables with a row per sentence or per claim (``sentences_tagged``,
        ``claims``) are each a folder of one file per partition (``part-00000.csv``, ...), built
        and written by the workers where the partitions lie, never through this process's
        memory; the other tables are group-bys computed a partition at a time and added up. The
        workers write into ``out_dir``, so on a cluster it must be at the same absolute path on
        every worker, like the corpus.
    store
        The tag store (all coders are exported); ``None`` exports the corpus without tags.
    out_dir
        Folder to write into, created when missing.
    format
        ``"csv"``: one CSV file per table (see :data:`SUMMARIES`); ``"parquet"``: one Parquet
        file per table, dtypes kept; ``"xlsx"``: one workbook, ``summaries.xlsx``, with a sheet
        per table (a sentence without a tag has an empty cell in that tag's column, where the
        CSV has 0; on disk, only when every table fits in a sheet).
    bom
        Start CSV files with a UTF-8 byte-order mark, so Excel reads accents correctly.
    overwrite
        Replace files that exist; otherwise :class:`~workbench.errors.ExportError` is raised
        before anything is written.
    progress
        Show a progress bar while the tables are built and written.

    Returns
    -------
    list of pathlib.Path
        The files (and folders of partition files) written, ``manifest.json`` last; the
        manifest lists every file with its rows and columns, and says how many corrections
        (``corpus.with_corrections``) the tables hold. Every text cell that could run as a
        spreadsheet formula is neutralised. The set is written into a staging folder and moved
        in at the end, manifest last: when anything fails (a folder where a file goes, a full
        disk), the files that were there stay as they were, all of them.
    """
    _check_format(format, FORMATS)
    folder = _folder(out_dir).absolute()
    if format == "xlsx":
        names = [WORKBOOK]
    else:
        folders = () if in_memory(corpus) else PER_PARTITION
        names = [name if name in folders else f"{name}.{format}" for name in SUMMARIES]
    check_free([folder / name for name in [*names, MANIFEST]], overwrite=overwrite)
    data = _summaries.inputs(corpus, store)
    frames = {name: SUMMARIES[name](data) for name in _progress(list(SUMMARIES), progress, "summaries")}
    with staged(folder, [*names, MANIFEST]) as stage:
        if format != "xlsx":
            files: dict[str, dict[str, int]] = {}
            client = getattr(corpus, "client", None)
            for name, frame in frames.items():
                files |= _write_table(frame, stage, name, format=format, bom=bom, client=client)
        else:
            sheets = {name: _blank_zero_tags(_sheet(name, frame)) for name, frame in frames.items()}
            write_xlsx(sheets, stage / WORKBOOK)
            files = {f"{WORKBOOK}:{name}": _shape(frame) for name, frame in sheets.items()}
        manifest = _manifest(data, store, files, format=format, encoding="utf-8-sig" if bom else "utf-8")
        (stage / MANIFEST).write_text(manifest, encoding="utf-8")
    return [folder / name for name in [*names, MANIFEST]]


def _write_table(
    frame: Frame, stage: pathlib.Path, name: str, *, format: str, bom: bool, client: Client | None
) -> dict[str, dict[str, int]]:
    """Write one summary into ``stage``; return each file written (relative to ``stage``) with its shape.

    A pandas frame is one file, ``name.csv`` (or ``.parquet``). A Dask dataframe (rows per
    sentence or claim of an on-disk corpus) is a folder ``name/`` of one file per partition,
    each built and written by one task on ``client``'s cluster (the current one when ``None``),
    so only the shapes come back here.
    """
    if not lazy(frame):
        return {f"{name}.{format}": _write_file(frame, stage / f"{name}.{format}", format=format, bom=bom)}
    import dask

    parts = stage / name
    parts.mkdir()
    files = [f"{name}/part-{number:05d}.{format}" for number in range(frame.npartitions)]
    tasks = [
        dask.delayed(_write_file, pure=False)(chunk, stage / file, format=format, bom=bom)
        for chunk, file in zip(frame.to_delayed(), files, strict=True)
    ]
    return dict(zip(files, dask.compute(*tasks, scheduler=client), strict=True))


def _write_file(frame: pd.DataFrame, path: pathlib.Path, *, format: str, bom: bool) -> dict[str, int]:
    """Write ``frame`` to ``path`` as CSV (cells made safe) or Parquet; return its shape, for the manifest.

    Raises
    ------
    UnsharedPathError
        When the folder of ``path`` is not there (a worker that does not share the client's file system).
    """
    if not path.parent.is_dir():
        raise UnsharedPathError(
            f"the export folder {path.parent} does not exist on the worker at {socket.gethostname()}: every worker "
            "needs the corpus and the export folder at the same absolute path (a shared file system)"
        )
    if format == "parquet":
        write_parquet(frame, path)
    else:
        write_csv(frame, path, bom=bom)
    return _shape(frame)


def _sheet(name: str, frame: Frame) -> pd.DataFrame:
    """Return ``frame`` in memory for a sheet; a Dask dataframe only when a sheet can hold its rows."""
    if not lazy(frame):
        return frame
    rows = len(frame)
    if rows + 1 > XLSX_MAX_ROWS:
        raise ExportError(
            f"The table {name!r} has {rows:,} rows, more than an Excel sheet holds ({XLSX_MAX_ROWS - 1:,}): "
            "export it as CSV (format='csv'), or take a slice of the corpus first (corpus.between(...), .sample(n))."
        )
    return frame.compute()


def _blank_zero_tags(frame: pd.DataFrame) -> pd.DataFrame:
    """Leave the 0s of ``tag:`` columns empty: a sheet shows the 1s plainly, and writes ten times faster."""
    columns = [name for name in frame.columns if str(name).startswith("tag:")]
    if not columns:
        return frame
    flags = frame[columns].astype("Int64")
    return frame.assign(**{name: flags[name].mask(flags[name] == 0) for name in columns})


def _shape(frame: pd.DataFrame) -> dict[str, int]:
    return {"rows": len(frame), "columns": len(frame.columns)}


def _corrections(corpus: object) -> dict[str, int]:
    """Return how many corrections hold in the tables of ``corpus`` and how many found no sentence."""
    unplaced = getattr(corpus, "unplaced_corrections", None)
    return {"applied": getattr(corpus, "corrections_applied", 0), "unplaced": 0 if unplaced is None else len(unplaced)}


def _manifest(data: SummaryInputs, store: TagStore | None, files: dict, *, format: str, encoding: str) -> str:
    from workbench import __version__
    from workbench.store import default_coder

    codebook = data.codebook
    articles = data.corpus.articles
    content = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "created_by": store.coder if store is not None else default_coder(),
        "workbench_version": __version__,
        "format": format,
        "encoding": encoding if format == "csv" else None,
        "corpus": {
            "articles": len(articles),
            "sentences": len(data.corpus.sentences),
            "article_ids": computed(articles["article_id"]).tolist(),
        },
        "corrections": _corrections(data.corpus),
        "codebook": None
        if codebook is None
        else {"name": codebook.name, "hash": codebook.hash(), "tags": list(codebook.tags)},
        "store": None
        if store is None
        else {
            "path": str(store.path),
            "coders": data.coders,
            "tags": len(data.tags),
            "orphan_tags": data.orphans,
        },
        "files": files,
    }
    return json.dumps(content, indent=2, ensure_ascii=False, default=str) + "\n"


def corpus_tables(
    corpus: Corpus,
    out_dir: str | os.PathLike,
    *,
    format: Literal["csv", "parquet"] = "csv",
    bom: bool = False,
    overwrite: bool = False,
) -> list[pathlib.Path]:
    """Write the corpus tables (articles, sentences, mentions, actors, claims, errors), one file each.

    CSV files are neutralised against formula injection like the summaries; Parquet keeps the
    contract's dtypes for a later ``pandas.read_parquet``. ``bom`` and ``overwrite`` work as in
    :func:`summaries`, and the set is written whole or not at all as there. Returns the paths written.
    """
    _check_format(format, tuple(name for name in FORMATS if name != "xlsx"))
    folder = _folder(out_dir)
    names = {name: f"{name}.{format}" for name in CORPUS_TABLES}
    check_free([folder / file for file in names.values()], overwrite=overwrite)
    with staged(folder, list(names.values())) as stage:
        for name, file in names.items():
            if format == "parquet":
                write_parquet(getattr(corpus, name), stage / file)
            else:
                write_csv(getattr(corpus, name), stage / file, bom=bom)
    return [folder / file for file in names.values()]
