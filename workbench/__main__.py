"""Run the ``workbench`` command line as ``python -m workbench``."""

from workbench.cli import main

main()
