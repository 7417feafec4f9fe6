"""The ``workbench`` command: load articles into tables and export tag summaries from a shell.

Each command opens its inputs, calls one library function and turns a workbench, file-system or
SQLite error into a one-line message on stderr with exit code 1; any other error is a bug and
also ends as one line (``workbench --traceback ...`` shows where it happened). A wrong command
line exits with 2, success with 0. Control characters in messages and printed paths (a newline
in a file name) are shown escaped, so every message stays on one line.
"""

from __future__ import annotations

import contextlib
import pathlib
import sqlite3
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import click

from workbench import __version__
from workbench.errors import WorkbenchError

F = Callable[..., Any]


_ESCAPED = {code: repr(chr(code))[1:-1] for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def _one_line(text: str) -> str:
    r"""Return ``text`` on one line: control characters and line breaks shown escaped (``\n``, ``\x1b``)."""
    return text.translate(_ESCAPED)


def _shown(path: pathlib.Path | str) -> str:
    """Return ``path`` as printed: as it is, or quoted with escapes when it holds a control character."""
    text = str(path)
    return repr(text) if _one_line(text) != text else text


@contextlib.contextmanager
def _one_line_errors(store: pathlib.Path | None = None) -> Iterator[None]:
    """Turn workbench, file-system and SQLite errors into a one-line ``Error: ...`` and exit code 1.

    ``store`` names the tag store the command reads, for the message of an SQLite error.
    """
    try:
        yield
    except (WorkbenchError, OSError) as error:
        raise click.ClickException(_one_line(str(error))) from None
    except sqlite3.Error as error:
        where = "an SQLite file" if store is None else f"the tag store {str(store)!r}"
        raise click.ClickException(
            _one_line(
                f"Cannot read {where}: {error}. The file may be damaged: restore a copy, or save what can be "
                "read into a new file with the sqlite3 shell's .recover command."
            )
        ) from None


class _Group(click.Group):
    """The command group: warnings become one line each once a command succeeded; a failure is its one line alone.

    An error no command expected still ends as one line (``--traceback`` shows it whole).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("ignore")
                warnings.simplefilter("always", UserWarning)
                result = super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.params.get("traceback"):
                raise
            raise click.ClickException(
                _one_line(
                    f"Unexpected {type(error).__name__}: {error}. This is a bug in the workbench: run the command "
                    "again as 'workbench --traceback ...' and report what it prints."
                )
            ) from None
        for message in dict.fromkeys(str(warning.message) for warning in caught):
            click.echo(f"Warning: {_one_line(message)}", err=True)
        return result


def _out_option(function: F) -> F:
    return click.option(
        "--out",
        "out_dir",
        required=True,
        metavar="DIR",
        type=click.Path(path_type=pathlib.Path),
        help="Folder to write into; created when missing.",
    )(function)


def _common_options(function: F) -> F:
    options = [
        click.option("--bom", is_flag=True, help="Start CSV files with a byte-order mark, for Excel."),
        click.option("--overwrite", is_flag=True, help="Replace files that already exist in DIR."),
        click.option(
            "--progress/--no-progress",
            default=None,
            help="Show a progress bar (default: on for long work in a terminal).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _follow_links_option(function: F) -> F:
    return click.option(
        "--follow-links",
        is_flag=True,
        help="Read files that symbolic links in the folder lead to outside it (by default each is an error row).",
    )(function)


def _load(path: pathlib.Path, *, workers: int = 1, progress: bool | None = None, follow_links: bool = False):
    """Load the articles at ``path``; inputs that could not be loaded are told by :func:`_report`, not warnings."""
    import workbench

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return workbench.load(path, workers=workers, progress=progress, follow_links=follow_links)


def _report(paths: list[pathlib.Path], corpus: Any) -> None:
    """Print the paths written, one a line, then on stderr how many inputs were not loaded and why the first."""
    for path in paths:
        click.echo(_shown(path))
    if len(corpus.errors):
        first = corpus.errors.iloc[0]
        summary = f"{len(corpus.errors)} input(s) not loaded, first: {_shown(first['path'])}: {first['error']}"
        click.echo(f"Warning: {_one_line(summary)}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
@click.option("--traceback", is_flag=True, help="Show the whole traceback of an unexpected error, for a bug report.")
def cli(traceback: bool) -> None:
    """Load news articles into tables and export the tags analysts gave their sentences.

    Exit codes: 0 when everything was written, 1 with a one-line message on stderr when
    something failed (missing file, files that exist, a damaged store...), 2 for a wrong
    command line.
    """


@cli.command()
@click.argument("path", type=click.Path(path_type=pathlib.Path))
@_out_option
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="File format of the tables.",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Processes for extraction.")
@_follow_links_option
@_common_options
def load(
    path: pathlib.Path,
    out_dir: pathlib.Path,
    file_format: str,
    workers: int,
    follow_links: bool,
    bom: bool,
    overwrite: bool,
    progress: bool | None,
) -> None:
    """Load the articles in PATH (a file or a folder) and write the corpus tables to DIR.

    Writes articles, sentences, mentions, actors, claims and errors, one file each, and
    prints the paths written.

    Example:

    \b
        workbench load seeds/ --out tables/
        workbench load news.jsonl --out tables/ --format parquet --workers 2
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench import export

    with _one_line_errors():
        corpus = _load(path, workers=workers, progress=progress, follow_links=follow_links)
        _report(export.corpus_tables(corpus, out_dir, format=file_format, bom=bom, overwrite=overwrite), corpus)


@cli.command()
@click.argument("source", type=click.Path(path_type=pathlib.Path))
@_out_option
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786); by default a local cluster, one worker per core.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes of the local cluster (default: cores).")
@click.option(
    "--threads", type=click.IntRange(min=1), default=1, show_default=True, help="Threads per local worker process."
)
@click.option(
    "--partition-size",
    default="16MB",
    show_default=True,
    help="Input bytes per partition; a worker peaks at about 20 times this.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30,
    show_default=True,
    help="Seconds to wait for the scheduler before giving up (nothing is written then).",
)
@click.option(
    "--repair",
    is_flag=True,
    help="Rebuild only the partitions whose files 'workbench check' finds damaged or missing.",
)
@click.option("--progress/--no-progress", default=None, help="Show a bar of partitions done (default: in a terminal).")
@click.option(
    "--log",
    "log_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=pathlib.Path),
    help="Write Dask's log (workers started and lost, retries) to FILE; without it only errors reach stderr.",
)
def build(
    source: pathlib.Path,
    out_dir: pathlib.Path,
    scheduler: str | None,
    workers: int | None,
    threads: int,
    partition_size: str,
    timeout: float,
    repair: bool,
    progress: bool | None,
    log_file: pathlib.Path | None,
) -> None:
    """Build the corpus tables of SOURCE on Dask, as partitioned Parquet in DIR (needs the dask extra).

    Writes articles, sentences, mentions, claims and errors (one Parquet file per partition),
    the actors summary and manifest.json, and prints DIR. Running it again skips the partitions
    already written for the same input whose files are intact, and rebuilds the others. With
    --repair, the partitions 'workbench check DIR' finds damaged are rebuilt (give the same
    SOURCE and options), and nothing runs when none is. Open DIR with workbench.open_corpus.

    Example:

    \b
        workbench build news/ --out corpus/
        workbench build news/ --out corpus/ --scheduler tcp://10.0.0.5:8786 --partition-size 64MB
        workbench build news/ --out corpus/ --repair
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench import ondisk

    show = sys.stderr.isatty() if progress is None else progress
    with _one_line_errors():
        _route_dask_log(log_file)
        if repair:
            damaged = ondisk.check_corpus(out_dir).damaged
            click.echo(f"{len(damaged)} damaged part file(s) to rebuild", err=True)
        ondisk.build_corpus(
            source,
            out_dir,
            client=scheduler,
            workers=workers,
            threads=threads,
            partition_size=partition_size,
            timeout=timeout,
            repair=repair,
            progress=show,
        )
    click.echo(_shown(out_dir))


def _route_dask_log(path: pathlib.Path | None) -> None:
    """Send Dask's log records to the file ``path``, or keep all but errors off stderr, until the command exits.

    Without a file, the warnings Dask logs on a normal run (a nanny closing its worker as the
    local cluster shuts down, which may happen as the command exits) would reach the terminal as
    lines that look like failures.
    """
    import logging
    import logging.handlers

    logger = logging.getLogger("distributed")
    if path is None:
        logger.setLevel(logging.ERROR)
        return
    file = logging.FileHandler(path, encoding="utf-8")
    file.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    # A local cluster quiets every StreamHandler of this logger (a FileHandler is one) while it runs;
    # a MemoryHandler that passes on each record at once is not one, so the file gets the whole log.
    logger.handlers = [logging.handlers.MemoryHandler(capacity=1, target=file)]
    logger.setLevel(logging.INFO)


@cli.command()
@click.argument("corpus_dir", metavar="DIR", type=click.Path(path_type=pathlib.Path))
def check(corpus_dir: pathlib.Path) -> None:
    """Check every part file of the on-disk corpus DIR against the size and checksum its build recorded.

    Prints each damaged or missing file with what is wrong, and exits with 1 when there is one;
    'workbench build SOURCE --out DIR --repair' then rebuilds just those partitions.
    """
    from workbench import ondisk

    with _one_line_errors():
        found = ondisk.check_corpus(corpus_dir)
    for line in str(found).splitlines():
        click.echo(_one_line(line))
    if not found.ok:
        raise click.ClickException(
            f"{len(found.damaged)} damaged part file(s): rebuild them with "
            f"'workbench build SOURCE --out {_shown(corpus_dir)} --repair'"
        )


@cli.command(name="export")
@click.option(
    "--store",
    "store_path",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=pathlib.Path),
    help="The tag store (.sqlite).",
)
@click.option(
    "--corpus",
    "corpus_path",
    required=True,
    metavar="PATH",
    type=click.Path(path_type=pathlib.Path),
    help="The articles that were tagged (file or folder).",
)
@_out_option
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="CSV files, or one Excel workbook with a sheet per table.",
)
@_follow_links_option
@_common_options
def export_command(
    store_path: pathlib.Path,
    corpus_path: pathlib.Path,
    out_dir: pathlib.Path,
    file_format: str,
    follow_links: bool,
    bom: bool,
    overwrite: bool,
    progress: bool | None,
) -> None:
    """Export the tags in the store FILE on the articles at PATH as summaries in DIR.

    Writes sentences_tagged, tag_summary, actor_summary, tag_by_actor, claims, articles and
    agreement (CSV files, or sheets of summaries.xlsx) and manifest.json, and prints the paths written.
    Cells that a spreadsheet would run as formulas are neutralised.

    Example:

    \b
        workbench export --store tags.sqlite --corpus seeds/ --out summaries/
        workbench export --store tags.sqlite --corpus seeds/ --out summaries/ --format xlsx
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench import TagStore, export

    show = sys.stderr.isatty() if progress is None else progress
    with _one_line_errors(store_path):
        if not store_path.is_file():
            raise click.ClickException(
                _one_line(f"No tag store at {str(store_path)!r}: give the .sqlite file the tagging views use.")
            )
        corpus = _load(corpus_path, progress=progress, follow_links=follow_links)
        with TagStore(store_path) as store:
            paths = export.summaries(
                corpus, store, out_dir, format=file_format, bom=bom, overwrite=overwrite, progress=show
            )
        _report(paths, corpus)


@cli.command()
@click.argument("stores", metavar="STORE...", nargs=-1, required=True, type=click.Path(path_type=pathlib.Path))
@click.option(
    "--out",
    required=True,
    metavar="TEAM.sqlite",
    type=click.Path(path_type=pathlib.Path),
    help="The team store to merge into; made, with the first store's codebook, when missing.",
)
@click.option("--strict", is_flag=True, help="Stop at the first conflict, before writing anything of that store.")
def merge(stores: tuple[pathlib.Path, ...], out: pathlib.Path, strict: bool) -> None:
    """Merge the tag stores of several coders into one team store, coder by coder.

    Every coder's tags, notes, done marks and history stay hers; merging a store again changes
    nothing, and a coder who went on coding gets her newer work added. Prints one line per store
    (coders added, updated, unchanged, and how its codebook differs). A coder whose history differs
    in two stores is a conflict: her work in TEAM.sqlite is kept as it was, and the command ends
    with exit code 1 naming her.

    Example:

    \b
        workbench merge ana.sqlite ben.sqlite --out team.sqlite
        workbench merge ana.sqlite ben.sqlite --out team.sqlite --strict
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench.store import merge as merge_stores

    with _one_line_errors(out):
        merged = merge_stores(list(stores), out, strict=strict)
    for result in merged:
        click.echo(_one_line(str(result)))
    conflicts = [f"{result.source}: {conflict}" for result in merged for conflict in result.conflicts]
    if conflicts:
        raise click.ClickException(_one_line(f"{len(conflicts)} coder(s) not merged. First, {conflicts[0]}"))


@cli.command()
@click.argument("store", type=click.Path(path_type=pathlib.Path))
@click.argument("out", type=click.Path(path_type=pathlib.Path))
def recover(store: pathlib.Path, out: pathlib.Path) -> None:
    """Copy what can still be read from the damaged tag store STORE into a new store OUT.

    Tags, notes and done marks on unreadable pages are rebuilt from the history. STORE is only
    read; OUT must not exist. Prints the new store's path, and on stderr the tables that had
    unreadable rows.

    Example:

    \b
        workbench recover tags.sqlite tags-recovered.sqlite
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench.store import TagStore

    with _one_line_errors(store):
        recovery = TagStore.recover(store, out)
    click.echo(_shown(recovery.path))
    if recovery.incomplete:
        rebuilt = f"; rebuilt from the history: {', '.join(recovery.rebuilt)}" if recovery.rebuilt else ""
        click.echo(f"Warning: unreadable rows in {', '.join(recovery.incomplete)}{rebuilt}", err=True)


def main() -> None:
    """Run the ``workbench`` command line (the console script and ``python -m workbench``)."""
    cli(prog_name="workbench")
