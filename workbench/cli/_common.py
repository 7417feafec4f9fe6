"""What every ``workbench`` command shares: one-line errors and warnings, common options, loading.

Messages and printed paths show control characters escaped (a newline in a file name), so
every message stays on one line.
"""

from __future__ import annotations

import contextlib
import pathlib
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import click

from workbench.errors import WorkbenchError

F = Callable[..., Any]


_ESCAPED = {code: repr(chr(code))[1:-1] for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def one_line(text: str) -> str:
    r"""Return ``text`` on one line: control characters and line breaks shown escaped (``\n``, ``\x1b``)."""
    return text.translate(_ESCAPED)


def shown(path: pathlib.Path | str) -> str:
    """Return ``path`` as printed: as it is, or quoted with escapes when it holds a control character."""
    text = str(path)
    return repr(text) if one_line(text) != text else text


@contextlib.contextmanager
def one_line_errors(store: pathlib.Path | None = None) -> Iterator[None]:
    """Turn workbench, file-system and SQLite errors into a one-line ``Error: ...`` and exit code 1.

    ``store`` names the tag store the command reads, for the message of an SQLite error.
    """
    try:
        yield
    except (WorkbenchError, OSError) as error:
        raise click.ClickException(one_line(str(error))) from None
    except sqlite3.Error as error:
        where = "an SQLite file" if store is None else f"the tag store {str(store)!r}"
        raise click.ClickException(
            one_line(
                f"Cannot read {where}: {error}. The file may be damaged: restore a copy, or save what can be "
                "read into a new file with the sqlite3 shell's .recover command."
            )
        ) from None


class Group(click.Group):
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
                one_line(
                    f"Unexpected {type(error).__name__}: {error}. This is a bug in the workbench: run the command "
                    "again as 'workbench --traceback ...' and report what it prints."
                )
            ) from None
        for message in dict.fromkeys(str(warning.message) for warning in caught):
            click.echo(f"Warning: {one_line(message)}", err=True)
        return result


def path_option(*names: str, metavar: str, description: str) -> Callable[[F], F]:
    """Return a required option that takes a path (``names``: the option, then the parameter it fills)."""
    return click.option(
        *names, required=True, metavar=metavar, type=click.Path(path_type=pathlib.Path), help=description
    )


def out_option(function: F) -> F:
    return path_option("--out", "out_dir", metavar="DIR", description="Folder to write into; created when missing.")(
        function
    )


def common_options(function: F) -> F:
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


def format_option(choices: list[str], description: str) -> Callable[[F], F]:
    """Return the ``--format`` option (read as ``file_format``, CSV by default) offering ``choices``."""
    return click.option(
        "--format",
        "file_format",
        type=click.Choice(choices),
        default="csv",
        show_default=True,
        help=description,
    )


def follow_links_option(function: F) -> F:
    return click.option(
        "--follow-links",
        is_flag=True,
        help="Read files that symbolic links in the folder lead to outside it (by default each is an error row).",
    )(function)


def load_corpus(path: pathlib.Path, *, workers: int = 1, progress: bool | None = None, follow_links: bool = False):
    """Load the articles at ``path``; inputs that could not be loaded are told by :func:`report`, not warnings."""
    import workbench

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return workbench.load(path, workers=workers, progress=progress, follow_links=follow_links)


def open_or_load(path: pathlib.Path, *, progress: bool | None = None, follow_links: bool = False):
    """Open the on-disk corpus ``path`` when 'workbench build' wrote it there, else load the articles at ``path``."""
    from workbench.ondisk import _layout

    if _layout.holds_corpus(path):
        from workbench import ondisk

        return ondisk.open_corpus(path)
    return load_corpus(path, progress=progress, follow_links=follow_links)


def report(paths: list[pathlib.Path], corpus: Any) -> None:
    """Print the paths written, one a line, then on stderr how many inputs were not loaded and why the first.

    ``corpus`` is in memory or on disk (whose ``errors`` table is read here).
    """
    from workbench.summaries._parts import computed

    for path in paths:
        click.echo(shown(path))
    errors = computed(corpus.errors)
    if len(errors):
        first = errors.iloc[0]
        summary = f"{len(errors)} input(s) not loaded, first: {shown(first['path'])}: {first['error']}"
        click.echo(f"Warning: {one_line(summary)}", err=True)
