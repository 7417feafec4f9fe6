"""The card view in the page: JupyterLab in headless Chromium, time from Shift+Enter to the sentence drawn.

The card (``workbench.tagger``) and, in the same run on the same corpus and store, the grid
(``workbench.sheet``) are each opened three times, each in a cell of its own, and timed from
Shift+Enter to their first sentence on screen; the best of three is kept, with the time the
kernel spent building the view in the same cell (the rest is the page: messages, JavaScript and
drawing). The corpus is the
generated one of ``bench/corpus.py`` (about 111,000 sentences at the default size), written as
Parquet and read by the notebook, with 20,000 tags in the store (as ``bench_grid_page.py``).

Run: ``.venv/bin/python bench/bench_card_page.py [--sentences 100000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT / "tests"))

from bench_grid_page import open_set_up, run_cell, wait_idle, write_corpus  # noqa: E402
from corpus import make_corpus_articles_for_sentences  # noqa: E402
from test_jupyterlab import CHROMIUM, CHROMIUM_ARGS, _free_port, _stop, _wait_for_status  # noqa: E402

import workbench  # noqa: E402

VIEWS = {
    "card": ("workbench.tagger", ".wb-card .wb-sentence"),
    "grid": ("workbench.sheet", '.wb-grid-row[aria-rowindex="1"] .wb-cell[data-col="1"]'),
}
"""Each view: the function that opens it, and what shows once its first sentence is drawn."""
CELL = """import time
began = time.perf_counter()
view = {function}(corpus, store=store)
print("KERNEL_S", time.perf_counter() - began)
view"""


def measure(browser, lab: dict, folder: pathlib.Path, runs: int) -> dict[str, list[float]]:
    """Open each view ``runs`` times in one notebook; return the seconds from Shift+Enter to its first sentence.

    The kernel's own time for each opening is returned under "<view> in the kernel".
    """
    cells = [CELL.format(function=function) for function, _ in VIEWS.values() for _ in range(runs)]
    page = open_set_up(browser, lab, folder, "views", cells)
    times: dict[str, list[float]] = {}
    cell = 1
    for name, (_, drawn) in VIEWS.items():
        for run in range(runs):
            began = run_cell(page, cell)
            page.locator(drawn).nth(run).wait_for(timeout=600_000)
            times.setdefault(name, []).append(time.perf_counter() - began)
            wait_idle(page)
            printed = (
                page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".jp-OutputArea-output", has_text="KERNEL_S")
            )
            kernel = float(re.search(r"KERNEL_S ([\d.]+)", printed.first.text_content()).group(1))
            times.setdefault(f"{name} in the kernel", []).append(kernel)
            cell += 1
    page.close()
    return times


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = pathlib.Path(temp)
        (work / "notebooks").mkdir()
        base = workbench.load(make_corpus_articles_for_sentences(args.sentences, seed=0), progress=False)
        corpus = write_corpus(base, len(base.sentences), work / "corpus")
        port, token = _free_port(), secrets.token_hex(8)
        command = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={work / 'notebooks'}",
            f"--LabApp.workspaces_dir={work / 'workspaces'}",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            lab = {"url": f"http://127.0.0.1:{port}", "token": token, "notebooks": work / "notebooks"}
            _wait_for_status(lab["url"], token, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                times = measure(browser, lab, work / "corpus", args.runs)
                browser.close()
        finally:
            _stop(process)
            shutil.rmtree(work / "workspaces", ignore_errors=True)
    print(f"== {len(corpus.sentences):,} sentences, best of {args.runs}, Shift+Enter to the view drawn")
    for name, seconds in times.items():
        every = ", ".join(f"{value:.2f}" for value in seconds)
        print(f"{name}: best {min(seconds):.2f} s (all: {every})")
    print(f"card / grid: {min(times['card']) / min(times['grid']):.2f}")
    print(json.dumps({"sentences": len(corpus.sentences), **{name: seconds for name, seconds in times.items()}}))


if __name__ == "__main__":
    main()
