"""The commands over tag stores: ``export`` the summaries of tags, ``merge`` stores, ``recover`` a damaged one."""

from __future__ import annotations

import pathlib
import sys

import click

from workbench.cli import _common as shared


@click.command(name="export")
@shared.path_option("--store", "store_path", metavar="FILE", description="The tag store (.sqlite).")
@shared.path_option(
    "--corpus",
    "corpus_path",
    metavar="PATH",
    description="The articles that were tagged (file or folder), or a corpus folder 'workbench build' wrote.",
)
@shared.out_option
@shared.format_option(
    ["csv", "parquet", "xlsx"], "CSV files, Parquet files (dtypes kept), or one Excel workbook with a sheet per table."
)
@shared.follow_links_option
@shared.common_options
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
    agreement (CSV or Parquet files, or sheets of summaries.xlsx) and manifest.json, and prints the
    paths written. Cells that a spreadsheet would run as formulas are neutralised. A corpus built
    with 'workbench build' is opened where it lies: sentences_tagged and claims are then folders of
    one file per partition, and no table of one row per sentence passes through memory whole.

    Example:

    \b
        workbench export --store tags.sqlite --corpus seeds/ --out summaries/
        workbench export --store tags.sqlite --corpus seeds/ --out summaries/ --format xlsx
        workbench export --store tags.sqlite --corpus corpus/ --out summaries/ --format parquet
    """  # noqa: D301 (click reads the backspace character as "keep these lines as written")
    from workbench import TagStore, export

    show = sys.stderr.isatty() if progress is None else progress
    with shared.one_line_errors(store_path):
        if not store_path.is_file():
            raise click.ClickException(
                shared.one_line(f"No tag store at {str(store_path)!r}: give the .sqlite file the tagging views use.")
            )
        corpus = shared.open_or_load(corpus_path, progress=progress, follow_links=follow_links)
        with TagStore(store_path) as store:
            paths = export.summaries(
                corpus, store, out_dir, format=file_format, bom=bom, overwrite=overwrite, progress=show
            )
        shared.report(paths, corpus)


@click.command()
@click.argument("stores", metavar="STORE...", nargs=-1, required=True, type=click.Path(path_type=pathlib.Path))
@shared.path_option(
    "--out",
    metavar="TEAM.sqlite",
    description="The team store to merge into; made, with the first store's codebook, when missing.",
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

    with shared.one_line_errors(out):
        merged = merge_stores(list(stores), out, strict=strict)
    for result in merged:
        click.echo(shared.one_line(str(result)))
    conflicts = [f"{result.source}: {conflict}" for result in merged for conflict in result.conflicts]
    if conflicts:
        raise click.ClickException(shared.one_line(f"{len(conflicts)} coder(s) not merged. First, {conflicts[0]}"))


@click.command()
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

    with shared.one_line_errors(store):
        recovery = TagStore.recover(store, out)
    click.echo(shared.shown(recovery.path))
    if recovery.incomplete:
        rebuilt = f"; rebuilt from the history: {', '.join(recovery.rebuilt)}" if recovery.rebuilt else ""
        click.echo(f"Warning: unreadable rows in {', '.join(recovery.incomplete)}{rebuilt}", err=True)
