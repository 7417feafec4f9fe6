"""The ``workbench`` command: load articles into tables and export tag summaries from a shell.

Each command opens its inputs, calls one library function and turns a workbench, file-system or
SQLite error into a one-line message on stderr with exit code 1; any other error is a bug and
also ends as one line (``workbench --traceback ...`` shows where it happened). A wrong command
line exits with 2, success with 0. Control characters in messages and printed paths (a newline
in a file name) are shown escaped, so every message stays on one line.
"""

from __future__ import annotations

import click

from workbench import __version__
from workbench.cli._common import Group
from workbench.cli._corpus import build, check, load
from workbench.cli._stores import export_command, merge, recover


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
@click.option("--traceback", is_flag=True, help="Show the whole traceback of an unexpected error, for a bug report.")
def cli(traceback: bool) -> None:
    """Load news articles into tables and export the tags analysts gave their sentences.

    Exit codes: 0 when everything was written, 1 with a one-line message on stderr when
    something failed (missing file, files that exist, a damaged store...), 2 for a wrong
    command line.
    """


for command in (load, build, check, export_command, merge, recover):
    cli.add_command(command)


def main() -> None:
    """Run the ``workbench`` command line (the console script and ``python -m workbench``)."""
    cli(prog_name="workbench")
