"""``python -m workbench.evaluate [FOLDER] [--verbose]``: print the evaluation figures."""

from workbench.evaluate.running import main

main()
