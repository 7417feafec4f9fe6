"""The workbench in a real JupyterLab: `make lab` answers, and tagging works in headless Chromium.

The browser test copies the notebooks and the sample corpus to a temporary folder, starts
JupyterLab there, runs ``02_tag_sentences.ipynb`` through the page, clicks a tag and presses a
tag's keyboard shortcut in the card view, then reads the SQLite store the notebook wrote.
"""

from __future__ import annotations

import json
import os
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
ARTIFACTS = ROOT / "tests" / "artifacts"


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

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tagging.png"), full_page=False)
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
