"""The on-disk build on a real cluster: ``dask scheduler`` and two ``dask worker`` processes on loopback.

Each test starts its own scheduler and workers with the commands a user runs, each in its own
process group, from a folder other than the test's (so the workers resolve nothing relative to
where the build was typed), and stops them by their process ids.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pytest

import workbench
from workbench import ondisk

distributed = pytest.importorskip("distributed", reason="the on-disk corpus needs the dask extra")

BIN = pathlib.Path(sys.executable).parent
WORKBENCH = [sys.executable, "-m", "workbench"]
ARTICLES = [
    {
        "id": f"c{number}",
        "title": f"Briefing {number}",
        "published": f"2024-06-{number % 28 + 1:02d}",
        "source": "Wire",
        "text": f"Foreign Minister Amira Haddad said on day {number} that Egypt would host talks with Iran. "
        f'"We are ready," said Haddad. NATO may send observers to Turkey, officials said on Monday.',
    }
    for number in range(36)
]
"""A few dozen articles: with a partition size of one byte, each line of their JSON Lines file is a partition."""
TABLES = {
    "articles": ["article_id"],
    "sentences": ["sentence_id"],
    "mentions": ["sentence_id", "start", "end"],
    "claims": ["claim_id"],
}


@dataclass
class Cluster:
    """A running scheduler's address and the process ids of its scheduler and worker commands."""

    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop a command started in its own process group (its children included), by its process id."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@pytest.fixture
def cluster(tmp_path) -> Iterator[Cluster]:
    """A scheduler and two single-threaded workers, started as a user starts them, stopped after the test."""
    elsewhere = tmp_path / "workers-start-here"
    elsewhere.mkdir()
    address = f"tcp://127.0.0.1:{free_port()}"
    start = {"cwd": elsewhere, "start_new_session": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
        **start,
    )
    workers: list[subprocess.Popen] = []
    try:
        workers += [
            subprocess.Popen(
                [BIN / "dask", "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **start
            )
            for _ in range(2)
        ]
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield Cluster(address, scheduler, workers)
    finally:
        for process in [*workers, scheduler]:
            stop(process)


@pytest.fixture
def news(tmp_path) -> pathlib.Path:
    folder = tmp_path / "news"
    folder.mkdir()
    pd.DataFrame(ARTICLES).to_json(folder / "briefings.jsonl", orient="records", lines=True)
    return folder


def sorted_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return frame.sort_values(TABLES[table]).reset_index(drop=True)


def build_command(cluster: Cluster, *options: str) -> list[str]:
    """The build command for ``news/`` into ``corpus/``, both typed relative to the test's folder."""
    return [*WORKBENCH, "build", "news", "--out", "corpus", "--scheduler", cluster.address, *options]


def test_a_build_that_loses_a_worker_gives_the_tables_of_the_local_build(cluster, news, tmp_path):
    build = subprocess.Popen(
        build_command(cluster, "--partition-size", "1", "--no-progress"),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    done = tmp_path / "corpus" / "_done"
    deadline = time.monotonic() + 300
    while build.poll() is None and len(list(done.glob("*.json")) if done.is_dir() else []) < 3:
        assert time.monotonic() < deadline, "the build wrote no partition in 300 s"
        time.sleep(0.2)
    assert build.poll() is None, "the build ended before a worker could be stopped: it is too small for this test"
    stop(cluster.workers[1])  # the worker command and its worker process, mid-build
    _, errors = build.communicate(timeout=600)
    assert build.returncode == 0, errors

    corpus = ondisk.open_corpus(tmp_path / "corpus")
    assert corpus.manifest["failed_partitions"] == []
    local = workbench.load(news)
    for table in TABLES:
        pd.testing.assert_frame_equal(
            sorted_table(getattr(corpus, table).compute(), table), sorted_table(getattr(local, table), table)
        )
    assert workbench.check_corpus(tmp_path / "corpus").ok


def test_check_finds_a_truncated_part_and_repair_heals_it_on_the_cluster(cluster, news, tmp_path):
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 600}
    built = subprocess.run(build_command(cluster, "--partition-size", "2kB", "--no-progress"), **run)
    assert built.returncode == 0, built.stderr
    corpus = ondisk.open_corpus(tmp_path / "corpus")
    before = {table: sorted_table(getattr(corpus, table).compute(), table) for table in TABLES}
    truncated = corpus.path / "sentences" / f"part-{corpus.partitions[1]}.parquet"
    truncated.write_bytes(truncated.read_bytes()[:100])

    checked = subprocess.run([*WORKBENCH, "check", "corpus"], **run)
    assert checked.returncode == 1
    assert f"{pathlib.Path('corpus', 'sentences', truncated.name)}: not the size it was written with" in checked.stdout

    repaired = subprocess.run(build_command(cluster, "--partition-size", "2kB", "--no-progress", "--repair"), **run)
    assert repaired.returncode == 0, repaired.stderr
    assert "1 damaged part file(s) to rebuild" in repaired.stderr
    assert subprocess.run([*WORKBENCH, "check", "corpus"], **run).returncode == 0
    healed = ondisk.open_corpus(tmp_path / "corpus")
    assert healed.manifest["skipped_partitions"] == len(corpus.partitions) - 1
    for table in TABLES:
        pd.testing.assert_frame_equal(sorted_table(getattr(healed, table).compute(), table), before[table])


def test_a_search_of_the_opened_corpus_runs_on_the_workers(cluster, news, tmp_path):
    built = subprocess.run(build_command(cluster, "--no-progress"), cwd=tmp_path, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    expected = workbench.load(news).find(actor="Egypt", search="talks")
    for given in (True, False):  # client= given, then the current client
        with distributed.Client(cluster.address, set_as_default=not given) as client:
            corpus = ondisk.open_corpus(tmp_path / "corpus", client=client if given else None)
            with distributed.get_task_stream(client) as tasks:
                found = corpus.find(actor="Egypt", search="talks")
            workers = set(client.scheduler_info()["workers"])
        picks = [task for task in tasks.data if str(task["key"]).startswith("_pick")]
        assert picks and {task["worker"] for task in picks} <= workers
        pd.testing.assert_frame_equal(found, expected)


def test_the_export_of_the_opened_corpus_is_written_by_the_workers(cluster, news, tmp_path):
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 600}
    built = subprocess.run(build_command(cluster, "--partition-size", "2kB", "--no-progress"), **run)
    assert built.returncode == 0, built.stderr
    local = workbench.load(news)
    with workbench.TagStore(tmp_path / "tags.sqlite", coder="ana") as store:
        store.add(local.sentences["sentence_id"].iloc[4], "diplomacy")
        expected = workbench.export.summaries(local, store, tmp_path / "from-memory")
        with distributed.Client(cluster.address, set_as_default=False) as client:
            corpus = ondisk.open_corpus(tmp_path / "corpus", client=client)
            with distributed.get_task_stream(client) as tasks:
                written = workbench.export.summaries(corpus, store, tmp_path / "from-disk")
            workers = set(client.scheduler_info()["workers"])
    writes = [task for task in tasks.data if str(task["key"]).startswith("_write_file")]
    assert len(writes) == 2 * len(corpus.partitions) > 2  # sentences_tagged and claims, a file per partition each
    assert {task["worker"] for task in writes} <= workers
    parts = sorted((tmp_path / "from-disk" / "sentences_tagged").glob("part-*.csv"))
    assert len(parts) == len(corpus.partitions)
    rows = pd.concat([pd.read_csv(part, dtype=str, keep_default_na=False) for part in parts], ignore_index=True)
    whole = pd.read_csv(expected[0], dtype=str, keep_default_na=False)
    assert rows["tag:diplomacy"].tolist().count("1") == 1
    pd.testing.assert_frame_equal(
        rows.sort_values("sentence_id").reset_index(drop=True), whole.sort_values("sentence_id").reset_index(drop=True)
    )
    for disk, memory in zip(written[1:-1], expected[1:-1], strict=True):
        if disk.is_file():  # the summaries, added up from the partitions, are those of the corpus in memory
            tables = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in (disk, memory)]
            ordered = [table.sort_values(list(table.columns)).reset_index(drop=True) for table in tables]
            pd.testing.assert_frame_equal(*ordered, obj=disk.name)
