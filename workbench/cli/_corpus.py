"""The commands that make and check corpus tables: ``load``, ``build`` (on Dask) and ``check``."""

from __future__ import annotations

import pathlib
import sys

import click

from workbench.cli import _common as shared


@click.command()
@click.argument("path", type=click.Path(path_type=pathlib.Path))
@shared.out_option
@shared.format_option(["csv", "parquet"], "File format of the tables.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Processes for extraction.")
@shared.follow_links_option
@shared.common_options
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

    with shared.one_line_errors():
        corpus = shared.load_corpus(path, workers=workers, progress=progress, follow_links=follow_links)
        shared.report(export.corpus_tables(corpus, out_dir, format=file_format, bom=bom, overwrite=overwrite), corpus)


@click.command()
@click.argument("source", type=click.Path(path_type=pathlib.Path))
@shared.out_option
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
@shared.follow_links_option
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
    follow_links: bool,
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
    with shared.one_line_errors():
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
            follow_links=follow_links,
        )
    click.echo(shared.shown(out_dir))


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


@click.command()
@click.argument("corpus_dir", metavar="DIR", type=click.Path(path_type=pathlib.Path))
def check(corpus_dir: pathlib.Path) -> None:
    """Check every part file of the on-disk corpus DIR against the size and checksum its build recorded.

    Prints each damaged or missing file with what is wrong, and exits with 1 when there is one;
    'workbench build SOURCE --out DIR --repair' then rebuilds just those partitions.

    Example:

    \b
        workbench check corpus/
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench import ondisk

    with shared.one_line_errors():
        found = ondisk.check_corpus(corpus_dir)
    for line in str(found).splitlines():
        click.echo(shared.one_line(line))
    if not found.ok:
        raise click.ClickException(
            f"{len(found.damaged)} damaged part file(s): rebuild them with "
            f"'workbench build SOURCE --out {shared.shown(corpus_dir)} --repair'"
        )
