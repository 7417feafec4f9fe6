"""The workbench in a real JupyterLab: `make lab` answers, and tagging works in headless Chromium.

The browser tests copy the notebooks and the sample corpus to a temporary folder, start
JupyterLab there and drive the page as an analyst would: run ``02_tag_sentences.ipynb`` and tag
with a click and a key in the card view; sort, filter, tick (by click and by Space) and bulk-tag
in the grid through its headers and cells, reading the order from the page and from the kernel;
search the grid and the card with a phrase and with words in any order, and read the message a
search that cannot be read leaves under their boxes;
write notes in the grid with one click and by typing in a note cell; measure rows and columns (row
height, the last row after scrolling, every tag column beside the text at 1280x800, numbers from 1);
kill the kernel while a note is typed and read the card's note state, banner and the store; restart
the kernel from the menu and read both views' banners; then read the SQLite store the notebooks
wrote. They save the screenshots of the grid, the card and two charts that the README shows, in ``docs/``.
"""

from __future__ import annotations

import itertools
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
VIEWS_NOTEBOOK = {
    "setup": 'import workbench\ncorpus = workbench.load("../seeds/")\n'
    'store = workbench.TagStore("views.sqlite", coder="analyst")',
    "sheet": "view = workbench.sheet(corpus, store=store)\nview",
    "order": 'shown = view.shown()\nprint("FIRST", *shown["sentence"].head(3), "COUNT", len(shown))',
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
    page.console_texts = []  # what the page logs, read by the test of a clean console
    page.on("console", lambda message: page.console_texts.append(message.text))
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
    page.locator(".wb-grid .wb-grid-row .wb-cell").first.wait_for(timeout=120_000)
    page.locator(".wb-tagger .wb-sentence").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    yield page
    page.close()


def _grid(page):
    return page.locator(".wb-grid").first


def _grid_cell(page, row: int, column: str):
    """The cell of view row ``row`` (from 0) under the column headed ``column``, as the page draws it."""
    grid = _grid(page)
    names = [cell.get_attribute("data-name") for cell in grid.locator(".wb-grid-hcell").all()]
    return grid.locator(f'.wb-grid-row[aria-rowindex="{row + 1}"] .wb-cell[data-col="{names.index(column)}"]')


def _shown_positions(page, rows: int = 3) -> list[int]:
    return [int(_grid_cell(page, row, "sentence").text_content()) for row in range(rows)]


def _wait_for_counts(page, text: str) -> None:
    _grid(page).locator(".wb-grid-counts", has_text=text).wait_for(timeout=15_000)
    page.wait_for_timeout(500)  # the rows of the new order arrive after the counts


def _grid_order(page) -> tuple[list[int], int]:
    """Run the cell that prints the sheet's rows in the order shown; return the first positions and the count."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(list(VIEWS_NOTEBOOK).index("order"))
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output").last
    page.wait_for_timeout(1500)
    found = re.search(r"FIRST ([\d ]+) COUNT (\d+)", output.text_content() or "")
    assert found, output.text_content()
    return [int(n) for n in found.group(1).split()], int(found.group(2))


@pytest.mark.parametrize("clicks, first", [(2, [21, 20, 19]), (1, [1, 2, 3])])
def test_sorting_the_grid_by_sentence_number_sorts_them(views, clicks, first):
    sort = _grid(views).locator('.wb-grid-hcell[data-name="sentence"] .wb-grid-sort')
    for _ in range(clicks):
        sort.click()
        views.wait_for_timeout(700)
    shown = _shown_positions(views)
    kernel = _grid_order(views)
    for _ in range(3 - clicks):  # back to corpus order
        sort.click()
        views.wait_for_timeout(700)
    assert (shown, kernel) == (first, (first, 21))


def test_filtering_text_by_a_word_keeps_the_sentences_with_it(views, sample_corpus):
    expected = int(sample_corpus.sentences["text"].str.contains(r"\bIran", regex=True).sum())
    search = _grid(views).locator('.wb-grid-filter[aria-label="Filter text"]')
    search.fill("Iran*")  # Iran, Iranian
    search.press("Enter")
    _wait_for_counts(views, f"{expected} of 21 shown")
    texts = [_grid_cell(views, row, "text").text_content() for row in range(expected)]
    _, count = _grid_order(views)
    search.fill("")
    search.press("Enter")
    _wait_for_counts(views, "21 of 21 shown")
    assert count == expected == 13
    assert all("Iran" in text for text in texts)


def _search_both(views, query: str, count: int) -> tuple[list[str], str]:
    """Type ``query`` into the grid's text filter and the card's search box, expecting ``count`` sentences.

    Return the texts of the rows the grid shows and the first sentence the card shows; both boxes
    are cleared again.
    """
    box = _grid(views).locator('.wb-grid-filter[aria-label="Filter text"]')
    box.fill(query)
    box.press("Enter")
    _wait_for_counts(views, f"{count} of 21 shown")
    rows = [_grid_cell(views, row, "text").text_content() for row in range(count)]
    box.fill("")
    box.press("Enter")
    _wait_for_counts(views, "21 of 21 shown")
    card = views.locator(".wb-tagger").first
    search = card.locator(".wb-search")
    search.fill(query)
    search.press("Enter")
    card.locator(".wb-position", has_text=f"1 of {count}").wait_for(timeout=15_000)
    views.wait_for_timeout(500)
    first = card.locator(".wb-sentence").text_content()
    search.fill("")
    search.press("Enter")
    card.locator(".wb-position", has_text="of 21").wait_for(timeout=15_000)
    return rows, first or ""


@pytest.mark.parametrize(
    "query, pattern",
    [('"President Biden"', r"President Biden"), ("Israel Iran", r"(?=.*\bIsrael\b)(?=.*\bIran\b)")],
)
def test_a_phrase_and_words_in_any_order_filter_the_grid_and_the_card(views, sample_corpus, query, pattern):
    texts = sample_corpus.sentences["text"]
    expected = texts[texts.str.contains(pattern, regex=True)].tolist()
    assert 0 < len(expected) < 21
    rows, first = _search_both(views, query, len(expected))
    assert rows == expected
    assert first.strip() == expected[0]


def test_a_search_that_cannot_be_read_says_so_under_the_grid_and_card_boxes(views):
    box = _grid(views).locator('.wb-grid-filter[aria-label="Filter text"]')
    box.fill('"President Biden')
    box.press("Enter")
    grid_message = _grid(views).locator(".wb-grid-filter-errors", has_text="never closed")
    grid_message.wait_for(timeout=15_000)
    _wait_for_counts(views, "0 of 21 shown")
    box.fill("")
    box.press("Enter")
    _wait_for_counts(views, "21 of 21 shown")
    card = views.locator(".wb-tagger").first
    search = card.locator(".wb-search")
    search.fill("Iran OR")
    search.press("Enter")
    card_message = card.locator(".wb-search-error", has_text="needs a word")
    card_message.wait_for(timeout=15_000)
    position = card.locator(".wb-position").text_content()
    search.fill("")
    search.press("Enter")
    card.locator(".wb-position", has_text="of 21").wait_for(timeout=15_000)
    assert position == "0 of 0"
    assert grid_message.is_hidden() and card_message.is_hidden()


def test_one_click_ticks_a_tag_cell_and_stores_it(views, lab, sample_corpus):
    box = _grid_cell(views, 3, "2 de-escalation")
    box.click()
    _grid(views).locator(".wb-status", has_text="de-escalation on").wait_for(timeout=15_000)
    tags = _stored_tags(lab["notebooks"] / "views.sqlite")
    assert (sample_corpus.sentences["sentence_id"].iloc[3], "de-escalation") in tags
    assert box.get_attribute("aria-checked") == "true" and box.text_content() == "☑"


def test_space_ticks_the_tag_under_the_cursor_and_keys_stay_in_the_grid(views, lab, sample_corpus):
    cells_before = views.locator(".jp-Notebook .jp-Cell").count()
    _grid_cell(views, 5, "text").click()
    views.keyboard.press("ArrowRight")  # from the text to the first tag column
    views.keyboard.press("Space")
    _grid(views).locator(".wb-status", has_text="escalation on for the sentence in row 6").wait_for(timeout=15_000)
    views.keyboard.press("b")  # in command mode, JupyterLab would add a cell below
    views.wait_for_timeout(500)
    tags = _stored_tags(lab["notebooks"] / "views.sqlite")
    assert (sample_corpus.sentences["sentence_id"].iloc[5], "escalation") in tags
    assert views.locator(".jp-Notebook .jp-Cell").count() == cells_before


def test_bulk_apply_to_selected_rows_says_how_many_sentences_it_tagged(views, lab):
    _grid_cell(views, 0, "text").click()
    _grid_cell(views, 4, "text").click(modifiers=["Shift"])
    _wait_for_counts(views, "5 selected")
    _grid(views).locator(".wb-grid-picker").select_option(label="3 military action")
    _grid(views).locator("button", has_text="Apply tag to selected rows").click()
    status = _grid(views).locator(".wb-status", has_text="military action added")
    status.wait_for(timeout=15_000)
    views.wait_for_timeout(500)
    DOCS.mkdir(exist_ok=True)
    _grid(views).screenshot(path=str(DOCS / "grid.png"))
    tagged = {sid for sid, tag in _stored_tags(lab["notebooks"] / "views.sqlite") if tag == "military action"}
    assert "military action added to 5 sentences" in status.text_content()
    assert len(tagged) == 5
    assert _grid_cell(views, 4, "3 military action").get_attribute("aria-checked") == "true"


def _stored_notes(store: Path) -> dict[str, str]:
    with sqlite3.connect(store) as connection:
        return dict(connection.execute("SELECT sentence_id, note FROM notes"))


def test_one_click_on_a_note_cell_opens_its_editor_and_typing_in_a_chosen_note_cell_writes(views, lab, sample_corpus):
    ids = sample_corpus.sentences["sentence_id"]
    _grid_cell(views, 7, "note").click()
    editor = _grid(views).locator('.wb-grid-note[aria-label="Note on row 8"]')
    editor.wait_for(timeout=5_000)
    views.keyboard.type("check the date")
    views.keyboard.press("Enter")
    _grid(views).locator(".wb-status", has_text="Note saved for the sentence in row 8").wait_for(timeout=15_000)
    # keys alone: from the text of row 9 to its note cell, then type as in a spreadsheet
    _grid_cell(views, 8, "text").click()
    names = [cell.get_attribute("data-name") for cell in _grid(views).locator(".wb-grid-hcell").all()]
    for _ in range(names.index("note") - names.index("text")):
        views.keyboard.press("ArrowRight")
    views.keyboard.type("second source")
    views.keyboard.press("Enter")
    _grid(views).locator(".wb-status", has_text="Note saved for the sentence in row 9").wait_for(timeout=15_000)
    notes = _stored_notes(lab["notebooks"] / "views.sqlite")
    assert notes[ids.iloc[7]] == "check the date" and notes[ids.iloc[8]] == "second source"
    assert _grid_cell(views, 8, "note").text_content() == "second source"


def test_rows_and_sentences_count_from_one_in_the_grid_the_card_and_their_messages(views):
    _grid_cell(views, 2, "5 diplomacy").click()
    status = _grid(views).locator(".wb-status", has_text="diplomacy")
    status.wait_for(timeout=15_000)
    card = views.locator(".wb-tagger").first
    first_row = _grid(views).locator('.wb-grid-row[aria-rowindex="1"]')
    assert "in row 3" in status.text_content()
    assert _grid_cell(views, 2, "sentence").text_content() == "3"  # the third sentence of the article
    assert first_row.locator(".wb-cell").first.text_content() == "1"
    assert card.locator(".wb-position").text_content() == "1 of 21"
    assert "sentence 1" in card.locator(".wb-heading").text_content()


def _grid_geometry(page) -> dict:
    """Where the grid draws its rows and columns, in page pixels."""
    return page.evaluate(
        """() => {
        const grid = document.querySelector(".wb-grid");
        const scroller = grid.querySelector(".wb-grid-scroll");
        const box = scroller.getBoundingClientRect();
        const rows = [...grid.querySelectorAll(".wb-grid-row")].map((row) => {
          const r = row.getBoundingClientRect();
          return { index: Number(row.getAttribute("aria-rowindex")), top: r.top, bottom: r.bottom };
        });
        const heads = [...grid.querySelectorAll(".wb-grid-hcell")].map((cell) => {
          const r = cell.getBoundingClientRect();
          const sort = cell.querySelector(".wb-grid-sort");
          return { name: cell.dataset.name, left: r.left, right: r.right, shown: sort.textContent, title: sort.title };
        });
        const top = box.top + scroller.clientTop;  // inside the border: what is in sight
        const left = box.left + scroller.clientLeft;
        return { left, right: left + scroller.clientWidth, top, bottom: top + scroller.clientHeight, rows, heads };
      }"""
    )


def test_rows_are_as_tall_as_the_grid_counts_and_the_last_row_shows_whole(views):
    _grid_cell(views, 0, "text").click()
    views.keyboard.press("End")
    _grid(views).locator('.wb-grid-row[aria-rowindex="21"] .wb-cell').first.wait_for(timeout=10_000)
    views.wait_for_timeout(500)
    geometry = _grid_geometry(views)
    rows = sorted(geometry["rows"], key=lambda row: row["index"])
    views.keyboard.press("Home")
    assert {round(row["bottom"] - row["top"]) for row in rows} == {26}
    assert all(round(b["top"] - a["top"]) == 26 for a, b in itertools.pairwise(rows))
    assert rows[-1]["index"] == 21 and rows[-1]["bottom"] <= geometry["bottom"] + 0.5


def test_every_tag_column_fits_beside_the_text_at_1280_pixels_and_text_stays_while_they_scroll(views):
    views.set_viewport_size({"width": 1280, "height": 800})
    try:
        _grid(views).scroll_into_view_if_needed()
        views.wait_for_timeout(800)
        before = _grid_geometry(views)
        heads = {head["name"]: head for head in before["heads"]}
        tags = [head for head in before["heads"] if head["name"][:2] in {f"{n} " for n in range(1, 10)}]
        scroll = "(left) => { const s = document.querySelector('.wb-grid .wb-grid-scroll'); s.scrollLeft = left; }"
        views.evaluate(scroll, 100_000)
        views.wait_for_timeout(500)
        after = {head["name"]: head for head in _grid_geometry(views)["heads"]}
        views.evaluate(scroll, 0)
    finally:
        views.set_viewport_size({"width": 1400, "height": 1000})
    assert len(tags) == 9 and all(head["right"] <= before["right"] + 0.5 for head in tags)
    assert heads["text"]["right"] - heads["text"]["left"] >= 300
    narrow = heads["2 de-escalation"]
    assert narrow["shown"] == "2\nde-es…" and narrow["title"].startswith("2 de-escalation")  # the full name on hover
    assert after["3 military action"]["left"] < before["left"]  # the tag columns scrolled away
    for name in ("sentence", "text"):  # ...while the sentence number and its text stayed
        assert abs(after[name]["left"] - heads[name]["left"]) < 1


def test_the_page_logs_no_version_conflicts(views):
    conflicts = [text for text in views.console_texts if "Unsatisfied version" in text or "model not found" in text]
    assert conflicts == []


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


def _dismiss_kernel_dialog(page) -> None:
    dialog = page.locator(".jp-Dialog .jp-Dialog-button")  # JupyterLab's "the kernel died" notice, if shown
    if dialog.count():
        dialog.last.click()


def test_a_note_typed_as_the_kernel_dies_is_never_shown_saved_and_stays_to_copy(views, lab):
    card = views.locator(".wb-tagger").first
    card.scroll_into_view_if_needed()
    card.click(position={"x": 5, "y": 5})
    views.keyboard.press("1")
    views.wait_for_timeout(1000)
    assert card.locator(".wb-banner").is_hidden()
    card.screenshot(path=str(DOCS / "card.png"))
    kernel = _kernel_pid(lab, "views.ipynb")
    text = "ask the desk which day the strike was"
    card.locator(".wb-note").click()
    views.keyboard.type(text)
    os.kill(kernel, signal.SIGKILL)  # before the pause after typing that sends the note
    state = card.locator(".wb-note-state", has_text="not saved")
    state.wait_for(timeout=30_000)
    _dismiss_kernel_dialog(views)
    card.locator(".wb-tag", has_text="diplomacy").first.click()
    card.locator(".wb-refused", has_text="the tag diplomacy").wait_for(timeout=5_000)
    views.wait_for_timeout(1000)
    assert card.locator(".wb-note").input_value() == text  # kept in the box, to copy
    assert state.text_content().startswith("not saved") and "copy" in state.text_content().lower()
    assert text not in _stored_notes(lab["notebooks"] / "views.sqlite").values()


def test_after_a_kernel_restart_the_views_say_at_once_that_their_connection_is_gone(views, lab):
    views.click("text=Run")  # the kernel was restarted above: new views first
    views.click('li[data-command="runmenu:run-all"]')
    card, grid = views.locator(".wb-tagger").first, _grid(views)
    views.wait_for_timeout(3000)
    card.locator(".wb-sentence").wait_for(timeout=120_000)
    grid.locator(".wb-grid-row .wb-cell").first.wait_for(timeout=120_000)
    views.wait_for_timeout(1500)
    assert card.locator(".wb-banner").is_hidden() and grid.locator(".wb-banner").is_hidden()
    views.click("text=Kernel")
    views.click('li[data-command="kernelmenu:restart"]')
    views.locator(".jp-Dialog .jp-mod-accept").click(timeout=10_000)
    for view in (card, grid):  # no key pressed, no click in the view
        banner = view.locator(".wb-banner")
        banner.wait_for(state="visible", timeout=15_000)
        text = banner.text_content().lower()
        assert "nothing you do here is stored" in text and "run this cell again" in text
    assert card.locator(".wb-focus-hint").is_hidden()  # no "Click here to tag with keys" on a dead card


# -- corrections in the card ---------------------------------------------------------------------

CORRECTIONS_NOTEBOOK = {
    "setup": 'import workbench\ncorpus = workbench.load("../seeds/")\n'
    'store = workbench.TagStore("corrections.sqlite", coder="analyst")',
    "card": "workbench.tagger(corpus, store=store)",
    "counts": "fixed = corpus.with_corrections(store)\n"
    "actors = dict(zip(fixed.actors['actor'], fixed.actors['n_mentions']))\n"
    "sources = fixed.claims['source_actor'].value_counts().to_dict()\n"
    'print("COUNTS", {a: actors.get(a, 0) for a in ("Iran", "Biden team")}, '
    '{a: sources.get(a, 0) for a in ("Israel", "United States")})\n'
    "workbench.charts.actors_by_mentions(fixed, top=50)",
}
"""Cells of the notebook the correction test runs: a card, then the actors and claim sources counted, and a chart."""


def _counts_cell(page):
    """Run the cell that counts actors and claim sources with the corrections; return its chart and printed counts."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(list(CORRECTIONS_NOTEBOOK).index("counts"))
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_timeout(2500)
    printed = cell.locator(".jp-OutputArea-output", has_text="COUNTS").text_content() or ""
    plot = cell.locator(".js-plotly-plot")
    plot.locator(".main-svg").first.wait_for(timeout=60_000)
    labels = plot.locator(".yaxislayer-above .ytick text").all_text_contents()
    return re.search(r"COUNTS (.*)", printed).group(1), labels


def _select_words(card, words: str) -> None:
    """Select ``words`` in the card's sentence as a mouse drag does, and let go of the button."""
    card.locator(".wb-sentence").evaluate(
        """(sentence, words) => {
        const walker = document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf(words);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          sentence.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
          return;
        }
        throw new Error(`no text node holds ${words}`);
      }""",
        words,
    )


def test_corrections_in_the_card_show_in_the_tables_and_the_chart_when_the_cell_runs_again(browser, lab):
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code) for code in CORRECTIONS_NOTEBOOK.values()]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab["notebooks"] / "corrections.ipynb")
    page = _open_and_run_all(browser, lab, "corrections.ipynb")
    card = page.locator(".wb-tagger").first
    card.locator(".wb-sentence").wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    before, labels_before = _counts_cell(page)
    menu = card.locator(".wb-menu")

    card.locator(".wb-sentence .wb-mention", has_text="Iranian").click()  # a false actor: the airstrikes' adjective
    menu.locator("button", has_text="not an actor (this mention)").click()
    card.locator(".wb-status", has_text="not an actor").wait_for(timeout=15_000)

    _select_words(card, "his team")  # a missed actor
    menu.locator(".wb-menu-title", has_text="his team").wait_for(timeout=15_000)
    menu.locator("button", has_text="add as actor").click()
    menu.locator('input[aria-label="name"]').fill("Biden team")
    menu.locator('select[aria-label="type"]').select_option("group")
    menu.locator('input[aria-label="name"]').press("Enter")
    card.locator(".wb-status", has_text="actor Biden team").wait_for(timeout=15_000)
    marked = card.locator(".wb-sentence .wb-corrected").all_text_contents()

    cells_before = page.locator(".jp-Notebook .jp-Cell").count()
    card.focus()
    page.keyboard.press("j")  # the next sentence: "... U.S. officials believe that ..."
    card.locator(".wb-heading", has_text="sentence 2").wait_for(timeout=15_000)
    card.locator(".wb-sentence .wb-cue", has_text="believe").click()
    menu.locator("button", has_text="source is the actor").click()
    menu.locator('input[aria-label="name"]').fill("Israel")
    menu.locator("button", has_text="OK").click()
    card.locator(".wb-status", has_text="Source: Israel").wait_for(timeout=15_000)

    after, labels_after = _counts_cell(page)
    cells_after = page.locator(".jp-Notebook .jp-Cell").count()
    page.close()
    assert before == "{'Iran': 15, 'Biden team': 0} {'Israel': 0, 'United States': 3}"
    assert after == "{'Iran': 14, 'Biden team': 1} {'Israel': 1, 'United States': 2}"
    assert "Biden team" in labels_after and "Biden team" not in labels_before
    assert marked == ["his team"]
    assert cells_after == cells_before  # "j" never reached the notebook


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
