"""The sheet in the page: JupyterLab in headless Chromium, at 100,000 and 1,000,000 sentences.

What an analyst waits for, timed from the click (or Shift+Enter) to what the page shows: the grid's
first rows after the cell runs, a sort by text, a text filter, a bulk change of every row (select
all, Apply, confirm) with its tick boxes drawn, its undo, and a jump to the last row. The corpus of
1,000,000 sentences is the 100,000-sentence one ten times over with new ids (so loading it does not
dominate the run). The kernel's resident memory is read after the sheet opens.

If ipydatagrid is installed, its plain ``DataGrid`` of the same sentences table is opened in the
same run, for the time to a visible grid (the sheet used to be built on it).

Run: ``.venv/bin/python bench/bench_grid_page.py [--sizes 100000 1000000]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT / "tests"))

from corpus import make_corpus_articles_for_sentences  # noqa: E402
from test_jupyterlab import CHROMIUM, CHROMIUM_ARGS, _free_port, _stop, _wait_for_status  # noqa: E402

import workbench  # noqa: E402
from workbench import query  # noqa: E402

TABLES = ("articles", "sentences", "mentions", "claims")
SETUP = """
import os, pandas as pd, workbench
from workbench.corpus import Corpus
corpus = Corpus(**{{t: pd.read_parquet(os.path.join({folder!r}, t + ".parquet")) for t in {tables!r}}})
store = workbench.TagStore({store!r}, coder="analyst")
store.add_many(corpus.sentences["sentence_id"].head(20000).tolist(), "diplomacy")
"""
MEMORY = 'print("RSS_MB", int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024)'


def write_corpus(base: workbench.Corpus, sentences: int, folder: pathlib.Path) -> workbench.Corpus:
    """Repeat ``base`` to about ``sentences`` rows with new ids and write its tables as Parquet in ``folder``."""
    copies = max(1, math.ceil(sentences / len(base.sentences)))
    tables = {}
    for name in TABLES:
        frame = getattr(base, name)
        parts = []
        for copy in range(copies):
            part = frame.copy()
            for column in ("article_id", "sentence_id", "claim_id", "mention_id"):
                if column in part and copy:
                    part[column] = part[column] + f"~{copy}"
            parts.append(part)
        tables[name] = pd.concat(parts, ignore_index=True)
    folder.mkdir(parents=True)
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet")
    return workbench.Corpus(**tables)


def notebook(path: pathlib.Path, cells: list[str]) -> None:
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(book, path)


def run_cell(page, index: int) -> float:
    """Run cell ``index`` of the open notebook; return the moment it was started."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.locator(".jp-InputArea-editor").click()
    began = time.perf_counter()
    page.keyboard.press("Shift+Enter")
    return began


def wait_idle(page) -> None:
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=600_000)


def open_set_up(browser, lab: dict, folder: pathlib.Path, name: str, cells: list[str]):
    """Write a notebook that reads the corpus in ``folder`` then runs ``cells``; open it and run the reading."""
    setup = SETUP.format(folder=str(folder), tables=TABLES, store=str(folder / f"{name}.sqlite"))
    notebook(lab["notebooks"] / f"{name}.ipynb", [setup, *cells])
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab['url']}/lab/tree/{name}.ipynb?reset&token={lab['token']}")
    wait_idle(page)
    run_cell(page, 0)
    page.wait_for_timeout(1000)
    wait_idle(page)
    return page


def measure(browser, lab: dict, corpus: workbench.Corpus, folder: pathlib.Path, name: str) -> dict[str, float]:
    """Open a notebook on the corpus in ``folder`` and time what the analyst waits for."""
    figures: dict[str, float] = {}
    total = len(corpus.sentences)
    texts = corpus.sentences["text"]
    by_text = texts.astype(str).str.casefold().sort_values(kind="stable")
    first_sorted = str(texts.loc[by_text.index[0]])
    ceasefire = int(query.parse("ceasefire").matches(texts).sum())
    page = open_set_up(browser, lab, folder, name, ["view = workbench.sheet(corpus, store=store)\nview", MEMORY])
    began = run_cell(page, 1)
    page.locator('.wb-grid-row[aria-rowindex="1"] .wb-cell').first.wait_for(timeout=600_000)
    figures["grid visible after the cell runs"] = time.perf_counter() - began
    wait_idle(page)
    run_cell(page, 2)
    page.locator(".jp-OutputArea-output", has_text="RSS_MB").wait_for(timeout=60_000)
    rss = re.search(r"RSS_MB (\d+)", page.locator(".jp-OutputArea-output", has_text="RSS_MB").text_content())
    figures["kernel memory after opening (MB)"] = float(rss.group(1))
    grid = page.locator(".wb-grid").first

    began = time.perf_counter()
    grid.locator(".wb-grid-sort", has_text="text").click()
    page.wait_for_function(
        'expected => document.querySelector(\'.wb-grid-row[aria-rowindex="1"] .wb-cell[data-col="1"]\')'
        "?.textContent === expected",
        arg=first_sorted,
        timeout=600_000,
    )
    figures["sort by text, click to rows drawn"] = time.perf_counter() - began
    for _ in range(2):
        grid.locator(".wb-grid-sort", has_text="text").click()
        page.wait_for_timeout(300)
    wait_idle(page)

    search = grid.locator('.wb-grid-filter[aria-label="Filter text"]')
    search.fill("ceasefire")
    began = time.perf_counter()
    search.press("Enter")
    grid.locator(".wb-grid-counts", has_text=f"{ceasefire:,} of {total:,} shown").wait_for(timeout=600_000)
    figures[f"filter text 'ceasefire' ({ceasefire:,} rows), Enter to count"] = time.perf_counter() - began
    search.fill("")
    search.press("Enter")
    grid.locator(".wb-grid-counts", has_text=f"{total:,} of {total:,} shown").wait_for(timeout=600_000)
    wait_idle(page)

    grid.locator("button", has_text="Select all shown").click()
    grid.locator(".wb-grid-counts", has_text=f"{total:,} selected").wait_for(timeout=600_000)
    grid.locator(".wb-grid-picker").select_option("economic impact")
    grid.locator("button", has_text="Apply tag to selected rows").click()
    yes = grid.locator("button", has_text="Yes, change them")
    yes.wait_for(state="visible", timeout=600_000)
    tick = grid.locator('.wb-grid-row[aria-rowindex="1"] .wb-cell[aria-label^="8 economic impact"]')
    began = time.perf_counter()
    yes.click()
    grid.locator(".wb-status", has_text="economic impact added to").wait_for(timeout=600_000)
    page.wait_for_function(
        '() => document.querySelector(\'.wb-grid-row[aria-rowindex="1"] [aria-label^="8 economic impact"]\')'
        "?.getAttribute('aria-checked') === 'true'",
        timeout=600_000,
    )
    figures[f"apply a tag to all {total:,} rows, confirm to ticks drawn"] = time.perf_counter() - began
    began = time.perf_counter()
    grid.locator("button", has_text="Undo last change").click()
    grid.locator(".wb-status", has_text="Undone: add economic impact").wait_for(timeout=600_000)
    page.wait_for_function(
        '() => document.querySelector(\'.wb-grid-row[aria-rowindex="1"] [aria-label^="8 economic impact"]\')'
        "?.getAttribute('aria-checked') === 'false'",
        timeout=600_000,
    )
    figures["undo it, click to ticks drawn"] = time.perf_counter() - began
    assert tick.count() == 1

    began = time.perf_counter()
    page.evaluate("() => { const s = document.querySelector('.wb-grid-scroll'); s.scrollTop = s.scrollHeight; }")
    grid.locator(f'.wb-grid-row[aria-rowindex="{total}"] .wb-cell').first.wait_for(timeout=600_000)
    figures["jump to the last row, rows drawn"] = time.perf_counter() - began
    page.close()
    return figures


def measure_datagrid(browser, lab: dict, folder: pathlib.Path, name: str) -> float:
    """Time a plain ipydatagrid ``DataGrid`` of the sentences table to its first drawn canvas."""
    page = open_set_up(browser, lab, folder, name, ["from ipydatagrid import DataGrid\nDataGrid(corpus.sentences)"])
    began = run_cell(page, 1)
    page.locator(".lm-DataGrid canvas").first.wait_for(timeout=600_000)
    seconds = time.perf_counter() - began
    page.close()
    return seconds


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = pathlib.Path(temp)
        (work / "notebooks").mkdir()
        base = workbench.load(make_corpus_articles_for_sentences(min(args.sizes), seed=0), progress=False)
        corpora = {size: write_corpus(base, size, work / f"corpus-{size}") for size in args.sizes}
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
                for size, corpus in corpora.items():
                    print(f"== {len(corpus.sentences):,} sentences")
                    figures = measure(browser, lab, corpus, work / f"corpus-{size}", f"sheet{size}")
                    if importlib.util.find_spec("ipydatagrid"):
                        figures["plain ipydatagrid DataGrid visible after the cell runs"] = measure_datagrid(
                            browser, lab, work / f"corpus-{size}", f"datagrid{size}"
                        )
                    for label, value in figures.items():
                        print(f"{label:<62} {value:9.2f}")
                    print(json.dumps({"sentences": len(corpus.sentences), **figures}))
                browser.close()
        finally:
            _stop(process)
            shutil.rmtree(work / "workspaces", ignore_errors=True)


if __name__ == "__main__":
    main()
