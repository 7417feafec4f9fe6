"""The workbench in a real JupyterLab: `make lab` answers, and tagging works in headless Chromium.

The browser tests copy the notebooks and the sample corpus to a temporary folder, start
JupyterLab there and drive the page as an analyst would: run ``02_tag_sentences.ipynb`` and tag
with a click and a key in the card view; sort, filter, tick and bulk-tag in the grid (through
its header menus and cells, reading the order back from the kernel); kill the kernel under a card
and read the card's banner; then read the SQLite store the notebooks wrote. They save the
screenshots of the grid, the card and two charts that the README shows, in ``docs/``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from workbench.widgets._sheet import HEADER_HEIGHT, ROW_HEIGHT, TAG_WIDTH, WIDTHS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DOCS = ROOT / "docs"
GRID_COLUMNS = {
    "position": (0, WIDTHS["position"]),
    "text": (WIDTHS["position"], WIDTHS["text"]),
    "2 de-escalation": (WIDTHS["position"] + WIDTHS["text"] + TAG_WIDTH, TAG_WIDTH),
}
"""Left edge and width of the grid columns the tests click, in pixels (the sheet shows no row header)."""
VIEWS_NOTEBOOK = {
    "setup": 'import workbench\ncorpus = workbench.load("../seeds/")\n'
    'store = workbench.TagStore("views.sqlite", coder="analyst")',
    "sheet": "view = workbench.sheet(corpus, store=store)\nview",
    "order": 'shown = view.grid.get_visible_data()\nprint("FIRST", *shown["position"].head(3), "COUNT", len(shown))',
    "card": "workbench.tagger(corpus, store=store)",
}
"""Cells of the notebook the grid and card tests run: the sheet, a cell that prints the grid's order, a card."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_status(url: str, token: str, process: subprocess.Popen, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_lab_starts_jupyterlab_that_answers(tmp_path):
    port, token = _free_port(), secrets.token_hex(8)
    lab_args = f"--ServerApp.ip=127.0.0.1 --ServerApp.token={token} --LabApp.workspaces_dir={tmp_path}"
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"LAB_ARGS={lab_args}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status = _wait_for_status(f"http://127.0.0.1:{port}", token, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as response:
            listing = {item["name"] for item in json.load(response)["content"]}
    finally:
        _stop(process)
    assert "started" in status
    assert "02_tag_sentences.ipynb" in listing


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[dict]:
    """JupyterLab serving a copy of notebooks/ and seeds/, on a free port with a token."""
    workdir = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", workdir / "notebooks", ignore=shutil.ignore_patterns("*.sqlite*", "out"))
    shutil.copytree(ROOT / "seeds", workdir / "seeds")
    shutil.copy(ROOT / "tests" / "data" / "hostile.ipynb", workdir / "notebooks" / "hostile.ipynb")
    _write_views_notebook(workdir / "notebooks")
    port, token = _free_port(), secrets.token_hex(8)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={workdir / 'notebooks'}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_status(url, token, process)
        yield {"url": url, "token": token, "notebooks": workdir / "notebooks"}
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open_and_run_all(browser, lab: dict, notebook: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab['url']}/lab/tree/{notebook}?reset&token={lab['token']}")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    page.click("text=Run", timeout=30_000)
    page.click('li[data-command="runmenu:run-all"]', timeout=30_000)
    return page


def _write_views_notebook(folder: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in VIEWS_NOTEBOOK.values()])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "views.ipynb")


def _stored_tags(store: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(store) as connection:
        return set(connection.execute("SELECT sentence_id, tag FROM tags"))


def test_tagging_in_the_real_page_reaches_the_store(browser, lab):
    page = _open_and_run_all(browser, lab, "02_tag_sentences.ipynb")
    card = page.locator(".wb-tagger").first
    card.locator(".wb-sentence").wait_for(timeout=120_000)
    # text_content, not inner_text: JupyterLab may leave cells outside the viewport unrendered.
    first_sentence = card.locator(".wb-sentence").text_content()

    card.locator(".wb-tag", has_text="diplomacy").first.click()
    card.focus()
    page.keyboard.press("1")  # the default codebook's key for its first tag
    page.wait_for_timeout(1500)

    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "tagging.png"), full_page=False)
    tags = {tag for _, tag in _stored_tags(lab["notebooks"] / "workbench.sqlite")}
    page.close()

    assert first_sentence.strip()
    assert {"diplomacy", "escalation"} <= tags


def test_hostile_article_html_is_shown_as_text_and_never_runs(browser, lab):
    page = _open_and_run_all(browser, lab, "hostile.ipynb")
    card = page.locator(".wb-tagger").first
    card.locator(".wb-sentence").wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    shown = card.locator(".wb-sentence").text_content()
    script_ran = page.evaluate("() => window.__workbench_xss === true")
    page.close()

    assert "<img src=x" in shown
    assert not script_ran


# -- the grid and the card in one notebook -------------------------------------------------------


@pytest.fixture(scope="module")
def views(browser, lab):
    """The page of a notebook showing the sheet and a card on the sample corpus, every cell run."""
    page = _open_and_run_all(browser, lab, "views.ipynb")
    page.locator(".lm-DataGrid").first.wait_for(timeout=120_000)
    page.locator(".wb-tagger .wb-sentence").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    yield page
    page.close()


def _grid_point(page, column: str, row: int | None = None) -> tuple[float, float]:
    """Return page coordinates of a body cell (``row`` from 0) or, with no row, of a column's header menu icon."""
    box = page.locator(".lm-DataGrid").first.bounding_box()
    left, width = GRID_COLUMNS[column]
    if row is None:
        return box["x"] + left + width - 8, box["y"] + HEADER_HEIGHT - 8
    return box["x"] + left + width / 2, box["y"] + HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2


def _header_menu(page, column: str, item: str) -> None:
    page.mouse.click(*_grid_point(page, column))
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()
    page.wait_for_timeout(800)


def _grid_order(page) -> tuple[list[int], int]:
    """Run the cell that prints the grid's rows in the front end's order; return the first positions and the count."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(list(VIEWS_NOTEBOOK).index("order"))
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output").last
    page.wait_for_timeout(1500)
    found = re.search(r"FIRST ([\d ]+) COUNT (\d+)", output.text_content() or "")
    assert found, output.text_content()
    return [int(n) for n in found.group(1).split()], int(found.group(2))


@pytest.mark.parametrize("order, first", [("Sort Descending", [20, 19, 18]), ("Sort Ascending", [0, 1, 2])])
def test_sorting_the_grid_by_position_sorts_positions(views, order, first):
    _header_menu(views, "position", order)
    shown, count = _grid_order(views)
    _header_menu(views, "position", "No Sort")
    assert (shown, count) == (first, 21)


def test_filtering_text_by_a_word_keeps_the_sentences_with_it(views, sample_corpus):
    _header_menu(views, "text", "Filter by condition")
    views.locator(".ipydatagrid-filter-condition-select select").select_option("contains")
    views.locator(".ipydatagrid-filter-apply input").first.fill("Iran")
    views.locator(".ipydatagrid-filter-apply button", has_text="Apply").click()
    views.wait_for_timeout(800)
    _, count = _grid_order(views)
    _header_menu(views, "text", "Clear This Filter")
    assert count == int(sample_corpus.sentences["text"].str.contains("Iran", regex=False).sum()) == 13


def test_one_click_ticks_a_tag_cell_and_stores_it(views, lab, sample_corpus):
    views.mouse.click(*_grid_point(views, "2 de-escalation", row=3))
    views.wait_for_timeout(1500)
    status = views.locator(".wb-sheet-status").text_content()
    tags = _stored_tags(lab["notebooks"] / "views.sqlite")
    assert (sample_corpus.sentences["sentence_id"].iloc[3], "de-escalation") in tags
    assert "de-escalation on for sentence 4." in status


def test_bulk_apply_to_selected_rows_says_how_many_sentences_it_tagged(views, lab):
    views.mouse.click(*_grid_point(views, "text", row=0))
    views.keyboard.down("Shift")
    views.mouse.click(*_grid_point(views, "text", row=4))
    views.keyboard.up("Shift")
    views.locator(".widget-dropdown select").first.select_option(label="9 uncertainty")
    views.locator("button", has_text="Apply tag to selected rows").click()
    status = views.locator(".wb-sheet-status", has_text="uncertainty added")
    status.wait_for(timeout=15_000)
    DOCS.mkdir(exist_ok=True)
    views.locator(".jp-OutputArea-output").filter(has=views.locator(".lm-DataGrid")).screenshot(
        path=str(DOCS / "grid.png")
    )
    tagged = {sid for sid, tag in _stored_tags(lab["notebooks"] / "views.sqlite") if tag == "uncertainty"}
    assert "uncertainty added to 5 sentences" in status.text_content()
    assert len(tagged) == 5


def _kernel_pid(lab: dict, notebook: str) -> int:
    """Return the process id of the kernel JupyterLab runs for ``notebook``."""
    url = f"{lab['url']}/api/sessions?token={lab['token']}"
    with urllib.request.urlopen(url, timeout=5) as response:
        kernel = next(s["kernel"]["id"] for s in json.load(response) if s["path"].endswith(notebook))
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f"kernel-{kernel}.json" in cmdline.read_bytes().decode(errors="replace"):
                return int(cmdline.parent.name)
        except OSError:
            continue
    raise LookupError(f"No process runs kernel {kernel}")


def test_the_card_says_when_its_kernel_has_died(views, lab):
    card = views.locator(".wb-tagger").first
    card.scroll_into_view_if_needed()
    card.click(position={"x": 5, "y": 5})
    views.keyboard.press("1")
    views.wait_for_timeout(1000)
    assert card.locator(".wb-banner").is_hidden()
    card.screenshot(path=str(DOCS / "card.png"))
    os.kill(_kernel_pid(lab, "views.ipynb"), signal.SIGKILL)
    views.wait_for_timeout(2000)
    dialog = views.locator(".jp-Dialog .jp-Dialog-button")  # JupyterLab's "the kernel died" notice, if shown
    if dialog.count():
        dialog.last.click()
    card.click(position={"x": 5, "y": 5})
    views.keyboard.press("2")
    banner = card.locator(".wb-banner")
    banner.wait_for(state="visible", timeout=10_000)
    assert "kernel is not answering" in banner.text_content()


def test_charts_label_every_bar_and_are_saved_for_the_readme(browser, lab):
    page = _open_and_run_all(browser, lab, "03_chart_findings.ipynb")
    plots = page.locator(".jp-OutputArea-output.js-plotly-plot")
    bars, heatmap = plots.nth(0), plots.nth(1)
    for plot, name in [(bars, "chart_actors.png"), (heatmap, "chart_cooccurrence.png")]:
        plot.wait_for(state="attached", timeout=120_000)  # cells out of view are drawn once scrolled to
        plot.scroll_into_view_if_needed()
        plot.locator(".main-svg").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        plot.screenshot(path=str(DOCS / name))
    labels = bars.locator(".yaxislayer-above .ytick text").all_text_contents()
    bar_count = bars.locator(".bars .point").count()
    page.close()
    assert len(labels) == bar_count > 10
    assert {"Iran", "United States"} <= set(labels)
