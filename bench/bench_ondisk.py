"""Benchmark: building an on-disk corpus on Dask against the in-memory ``workbench.load``.

Generates news (bench/corpus.py, fixed seed) at two sizes, each written as a folder of JSONL
files of about 1 MB (a partitioned export), then for each size:

- ``workbench.build_corpus(folder, out, partition_size=...)`` on a fresh ``LocalCluster`` of N
  single-threaded worker processes: wall time, MB/s of article text, MB per CPU-second (the
  workers' and the driver's CPU, which other jobs on a shared machine do not distort), and each
  worker's peak resident memory (``VmHWM``) above its memory when idle;
- ``workbench.load(folder, workers=N)`` in a fresh process: the same figures, with the peak memory
  of the main process and of the largest worker;
- on the built corpus: opening it, the actors table, a sample of 200 articles, a search, and each
  summary of :mod:`workbench.summaries` over the whole corpus (with 2,000 tags), and the export.

A worker's peak should follow the partition size and stay the same for both corpus sizes, while
``load()``'s main process grows with the corpus. Run it on an otherwise idle machine for speed-ups.

With ``--resume``, only what a build checks when it resumes is measured, for each size: the first
build, a second build of the same input (every partition's files checked against their recorded
sizes and SHA-256, then skipped), ``check_corpus``, the same check by sizes only, a repair after
one part file is truncated, and, on one partition's articles in this process, the extraction of
the whole partition against one article at a time (what a partition with a failing article costs).

With ``--export``, for each size: ``export.summaries`` of the opened corpus (with 2,000 tags) on a
``LocalCluster``, the workers writing a file per partition of the rows per sentence and per claim,
against those rows computed a partition at a time into this process and written by it into one
file each (how the export wrote them before); wall time and this process's peak memory
(``tracemalloc``, and the growth of its resident memory).

With ``--acceptance DIR``, on one large corpus (``--megabytes 345``: about 204,000 articles): the
input is written to ``DIR/news`` and built into ``DIR/corpus`` unless they are there (a build that
stopped resumes). Then, on a fresh ``LocalCluster`` of ``--workers`` single-threaded workers, each
of these runs in a fresh client process that connects to it and opens the corpus with
``client=``: ``find(actor=...)`` for the actor with the most mentions and for one with the
fewest, ``sample(500)``, ``between`` of one month, and ``export.summaries`` (with 2,000 tags) to a
folder. For each: wall time, the client process's peak resident memory (``VmHWM``: the
interpreter and its imports included) and its growth over the step, the rows it got back (for the
export: the paths it returned, and the files of sentence rows the workers wrote, with their size),
the time the workers spent in its tasks (summed over them: above the wall time times the workers
when other jobs share the cores), and the load average before and after. ``--only find sample``
runs only the steps of those kinds (``find``, ``sample``, ``between``, ``export``). ``--busy N``
keeps N processes spinning on the CPU while the steps run, as another job holding N cores would.
The size of the corpus's part files is printed per table, with their row groups per file.

With ``--resume-against ROOT``, for each size: a first build then a resumed build of the same
files, by the workbench in ROOT (a checkout of an earlier version) and by this one, each in a
fresh process, on the same input.

Run: ``.venv/bin/python bench/bench_ondisk.py [--megabytes 5 20] [--workers 2] [--partition-size 2MB]
[--one-worker] [--load-up-to 100] [--resume] [--export] [--resume-against ROOT]
[--acceptance DIR [--only KIND...] [--busy N]]``
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

from corpus import make_articles  # noqa: E402

import workbench  # noqa: E402

LOAD = """
import json, resource, sys, time, warnings
import workbench
warnings.simplefilter("ignore")
began, cpu = time.perf_counter(), time.process_time()
corpus = workbench.load(sys.argv[1], workers=int(sys.argv[2]), progress=False)
seconds = time.perf_counter() - began
children = resource.getrusage(resource.RUSAGE_CHILDREN)
status = open("/proc/self/status").read()
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": time.process_time() - cpu + children.ru_utime + children.ru_stime,
    "peak_mb": int(status.split("VmHWM:")[1].split()[0]) / 1024,
    "worker_peak_mb": children.ru_maxrss / 1024,
    "sentences": len(corpus.sentences),
}))
"""


def write_parts(megabytes: float, folder: pathlib.Path) -> float:
    """Write ``megabytes`` of generated articles as JSONL files of about 1 MB; return the MB of text."""
    frame = make_articles(megabytes, seed=11)
    sizes = frame["text"].str.encode("utf-8").str.len()
    part = (sizes.cumsum() // 1_000_000).to_numpy()
    folder.mkdir()
    for number in sorted(set(part)):
        rows = frame[part == number]
        rows.to_json(folder / f"part-{number:04d}.jsonl", orient="records", lines=True, force_ascii=False)
    return float(sizes.sum()) / 1e6


def _worker_state() -> dict[str, float]:
    """Resident memory now and at its peak, and CPU seconds, of the worker process this runs in."""
    status = pathlib.Path("/proc/self/status").read_text()
    usage = resource.getrusage(resource.RUSAGE_SELF)

    def field(name: str) -> float:
        return int(status.split(f"{name}:")[1].split()[0]) / 1024

    return {"rss_mb": field("VmRSS"), "peak_mb": field("VmHWM"), "cpu_seconds": usage.ru_utime + usage.ru_stime}


def _warm() -> None:
    """Import what a task imports, so a worker's idle memory includes the libraries."""
    import workbench.ondisk  # noqa: F401
    from workbench.actors.model import NameModel

    NameModel.shipped()


def measure_build(folder: pathlib.Path, out: pathlib.Path, workers: int, partition_size: str) -> dict[str, object]:
    """Build ``folder`` on a fresh LocalCluster of ``workers`` processes; return times and each worker's memory."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        idle = client.run(_worker_state)
        began, cpu = time.perf_counter(), time.process_time()
        corpus = workbench.build_corpus(folder, out, client=client, partition_size=partition_size, progress=False)
        seconds = time.perf_counter() - began
        driver_cpu = time.process_time() - cpu
        after = client.run(_worker_state)
    return {
        "seconds": seconds,
        "cpu_seconds": driver_cpu + sum(after[w]["cpu_seconds"] - idle[w]["cpu_seconds"] for w in after),
        "idle_mb": [idle[w]["rss_mb"] for w in sorted(idle)],
        "peak_mb": [after[w]["peak_mb"] for w in sorted(after)],
        "partitions": len(corpus.partitions),
        "sentences": corpus.manifest["rows"]["sentences"],
        "articles": corpus.manifest["rows"]["articles"],
    }


def measure_load(folder: pathlib.Path, workers: int) -> dict[str, float]:
    """Run ``workbench.load(folder, workers=...)`` in a fresh process; return its times and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder), str(workers)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(times: dict[str, float], name: str, function, *args, **options):
    """Run ``function``, store its wall time under ``name`` in ``times`` and return its result."""
    began = time.perf_counter()
    result = function(*args, **options)
    times[name] = time.perf_counter() - began
    return result


def measure_queries(out: pathlib.Path) -> dict[str, float]:
    """Time opening the built corpus, pulling slices of it into memory, and each summary over all of it.

    Runs on the threaded scheduler in this process. The tag store holds two tags on each of 1,000
    sentences (of a sample of articles), as after a few days of coding.
    """
    from workbench import export, summaries

    times: dict[str, float] = {}
    corpus = _timed(times, "open_corpus", workbench.open_corpus, out)
    actors = _timed(times, "actors.compute()", corpus.actors.compute)
    sample = _timed(times, "sample(200)", corpus.sample, 200, seed=0)
    first = actors.sort_values("n_mentions", ascending=False)["actor"].iloc[0]
    _timed(times, f"find(actor={first!r}, search='said')", corpus.find, actor=first, search="said")
    names = list(_timed(times, "summaries.top_actors(top=20)", summaries.top_actors, corpus, 20).index)
    _timed(times, "summaries.cooccurrence(20 actors)", summaries.cooccurrence, corpus, names)
    _timed(times, "summaries.actor_types(20 actors)", summaries.actor_types, corpus, names)
    _timed(times, "summaries.claims_by_source", summaries.claims_by_source, corpus)
    with tempfile.TemporaryDirectory() as folder:
        store = workbench.TagStore(pathlib.Path(folder) / "tags.sqlite", coder="ana")
        tags = list(store.codebook.tags)
        for number, sentence_id in enumerate(sample.sentences["sentence_id"].head(1000)):
            store.add(sentence_id, tags[number % len(tags)])
            store.add(sentence_id, tags[(number + 1) % len(tags)])
        data = _timed(times, "summaries.inputs (tags meet sentences)", summaries.inputs, corpus, store)
        for name in ["tag_summary", "tag_by_actor", "actor_summary", "articles", "tagged_sentences", "tags_over_time"]:
            _timed(times, f"summaries.{name}", getattr(summaries, name), data)
        for name in ["sentences_tagged", "claims"]:
            rows = getattr(summaries, name)(data)
            _timed(times, f"summaries.{name} (lazy, computed)", rows.compute)
        written = pathlib.Path(folder) / "export"
        _timed(times, "export.summaries (csv, every table)", export.summaries, corpus, store, written)
        store.close()
    return times


def measure_resume(folder: pathlib.Path, out: pathlib.Path, workers: int, partition_size: str) -> dict[str, float]:
    """Time a first build, a resumed one, the checks, and a repair of one truncated part file."""
    from distributed import Client, LocalCluster

    from workbench.ondisk import _layout

    times: dict[str, float] = {}
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        options = {"client": client, "partition_size": partition_size, "progress": False}
        corpus = _timed(times, "first build", workbench.build_corpus, folder, out, **options)
        _timed(
            times,
            "second build (every partition checked, then skipped)",
            workbench.build_corpus,
            folder,
            out,
            **options,
        )
        _timed(times, "check_corpus (sizes and SHA-256)", workbench.check_corpus, out)
        _timed(
            times,
            "the same check by sizes only",
            lambda: [_layout.verify(out, key, checksums=False) for key in corpus.partitions],
        )
        truncated = _layout.part_path(out, "sentences", corpus.partitions[0])
        truncated.write_bytes(truncated.read_bytes()[:100])
        _timed(times, "repair of one truncated part", workbench.build_corpus, folder, out, repair=True, **options)
    times["partitions"] = len(corpus.partitions)
    times["part files (MB)"] = sum(path.stat().st_size for path in out.glob("*/part-*.parquet")) / 1e6
    return times


RESUME = """
import json, sys, time, warnings
sys.path.insert(0, sys.argv[1])
import workbench
from distributed import Client, LocalCluster
warnings.simplefilter("ignore")
times = {"workbench": workbench.__file__}
cluster = LocalCluster(n_workers=int(sys.argv[4]), threads_per_worker=1, dashboard_address=":0")
with cluster, Client(cluster) as client:
    for run in ("first build", "resumed build"):
        began = time.perf_counter()
        options = {"client": client, "partition_size": sys.argv[5], "progress": False}
        corpus = workbench.build_corpus(sys.argv[2], sys.argv[3], **options)
        times[run] = time.perf_counter() - began
    times["skipped"] = corpus.manifest["skipped_partitions"]
    times["partitions"] = len(corpus.partitions)
print(json.dumps(times))
"""


def measure_resume_against(
    root: pathlib.Path, folder: pathlib.Path, out: pathlib.Path, workers: int, size: str
) -> dict[str, Any]:
    """Run a first and a resumed build of ``folder`` with the workbench in ``root``, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", RESUME, str(root), str(folder), str(out), str(workers), size],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _one_file_per_table(frame: Any, path: pathlib.Path) -> None:
    """Write a Dask dataframe as the export wrote it before: each partition computed here, appended to one file."""
    from workbench.export import neutralise
    from workbench.export.writing import CSV_LINE_END

    with path.open("w", encoding="utf-8", newline="") as handle:
        for number in range(frame.npartitions):
            chunk = frame.get_partition(number).compute()
            neutralise(chunk).to_csv(handle, index=False, header=number == 0, lineterminator=CSV_LINE_END)


def _peak(function, *args, **options) -> dict[str, float]:
    """Run ``function``; return its wall time, this process's tracemalloc peak and resident memory growth (MB)."""
    import tracemalloc

    import psutil

    process = psutil.Process()
    before = process.memory_info().rss
    tracemalloc.start()
    began = time.perf_counter()
    function(*args, **options)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    growth = (process.memory_info().rss - before) / 1e6
    return {"seconds": seconds, "traced peak MB": peak / 1e6, "RSS growth MB": growth}


def measure_export(out: pathlib.Path, workers: int) -> dict[str, dict[str, float]]:
    """Export the summaries of the opened corpus: a file per partition by the workers, against one file written here."""
    from distributed import Client, LocalCluster

    from workbench import export, summaries

    results = {}
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory() as folder,
    ):
        corpus = workbench.open_corpus(out, client=client)
        store = workbench.TagStore(pathlib.Path(folder) / "tags.sqlite", coder="ana")
        tags = list(store.codebook.tags)
        for number, sentence_id in enumerate(corpus.sample(300, seed=0).sentences["sentence_id"].head(1000)):
            store.add(sentence_id, tags[number % len(tags)])
            store.add(sentence_id, tags[(number + 1) % len(tags)])
        export.summaries(corpus, store, pathlib.Path(folder) / "warm")  # each worker imports what it writes with
        results["export.summaries, a file per partition by the workers"] = _peak(
            export.summaries, corpus, store, pathlib.Path(folder) / "per-partition"
        )
        data = summaries.inputs(corpus, store)
        for name in ["sentences_tagged", "claims"]:
            rows = getattr(summaries, name)(data)
            results[f"{name}: a partition at a time into this process, one file"] = _peak(
                _one_file_per_table, rows, pathlib.Path(folder) / f"{name}.csv"
            )
        store.close()
    return results


ACCEPTANCE_KINDS = ("find", "sample", "between", "export")
"""The kinds of step of the acceptance run, for ``--only``."""
ACCEPTANCE_STEP = """
import json, os, pathlib, sys, time, warnings
warnings.simplefilter("ignore")
import workbench
from distributed import Client, get_task_stream
from workbench import export


def status(name):
    text = pathlib.Path("/proc/self/status").read_text()
    return int(text.split(name + ":")[1].split()[0]) / 1024


def run(corpus, step):
    if step["what"] == "find":
        return len(corpus.find(actor=step["actor"]))
    if step["what"] == "sample":
        return len(corpus.sample(step["n"], seed=0).articles)
    if step["what"] == "between":
        return len(corpus.between(step["start"], step["end"]).articles)
    store = workbench.TagStore(step["store"], coder="ana")
    paths = export.summaries(corpus, store, step["out"])
    store.close()
    return len(paths)


address, path, step = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
written = {}
with Client(address) as client:
    corpus = workbench.open_corpus(path, client=client)
    before = status("VmRSS")
    load = os.getloadavg()[0]
    with get_task_stream(client) as stream:
        began = time.perf_counter()
        rows = run(corpus, step)
        seconds = time.perf_counter() - began
    spans = [span for task in stream.data for span in task["startstops"] if span["action"] == "compute"]
    if step["what"] == "export":
        parts = list(pathlib.Path(step["out"], "sentences_tagged").glob("part-*"))
        written = {"sentence_files": len(parts), "sentence_mb": sum(part.stat().st_size for part in parts) / 1e6}
print(json.dumps({
    "seconds": seconds, "peak_mb": status("VmHWM"), "rss_before_mb": before,
    "growth_mb": status("VmHWM") - before, "rows": rows, "load": [load, os.getloadavg()[0]],
    "task_seconds": sum(span["stop"] - span["start"] for span in spans), **written,
}))
"""


def build_acceptance(folder: pathlib.Path, megabytes: float, workers: int, partition_size: str) -> pathlib.Path:
    """Write ``megabytes`` of articles to ``folder/news`` and build them into ``folder/corpus`` (each unless there)."""
    from distributed import Client, LocalCluster

    news, out = folder / "news", folder / "corpus"
    if not news.exists():
        write_parts(megabytes, news)
    if not (out / "actors" / "actors.parquet").exists():
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
            Client(cluster) as client,
        ):
            workbench.build_corpus(news, out, client=client, partition_size=partition_size, progress=True)
    return out


def _tag_store(corpus: Any, path: pathlib.Path) -> None:
    """Write a tag store of two tags on each of 1,000 sentences of a sample, as after a few days of coding."""
    store = workbench.TagStore(path, coder="ana")
    tags = list(store.codebook.tags)
    for number, sentence_id in enumerate(corpus.sample(300, seed=0).sentences["sentence_id"].head(1000)):
        store.add(sentence_id, tags[number % len(tags)])
        store.add(sentence_id, tags[(number + 1) % len(tags)])
    store.close()


def part_files(out: pathlib.Path) -> dict[str, str]:
    """Return the size of each table's part files in the corpus ``out``, and the row groups of its first file."""
    import pyarrow.parquet as pq

    from workbench.ondisk import _layout

    sizes = {}
    for folder in _layout.part_folders():
        files = sorted((out / folder).glob("part-*.parquet"))
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        sizes[folder] = f"{megabytes:.1f} MB, {pq.ParquetFile(files[0]).num_row_groups} row group(s) in the first"
    return sizes


SPIN = "while True: pass"
"""What a ``--busy`` process runs: one core's worth of another job."""


def measure_acceptance(
    out: pathlib.Path, workers: int, only: Sequence[str] = (), busy: int = 0
) -> dict[str, dict[str, Any]]:
    """Run each query and the export of the corpus in ``out`` in a fresh client process of one LocalCluster.

    ``only`` names the kinds of step to run (``find``, ``sample``, ``between``, ``export``; all
    when empty). ``busy`` processes spin on the CPU from before the first step to after the last.
    Prints each step's figures as it ends, and returns them all.
    """
    import os

    from distributed import Client, LocalCluster

    results: dict[str, dict[str, Any]] = {}
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory(dir=out.parent) as folder,
    ):
        client.run(_warm)
        corpus = workbench.open_corpus(out, client=client)
        actors = corpus.actors.compute().sort_values(["n_mentions", "actor"], ascending=[False, True])
        common, rare = actors.iloc[0], actors.iloc[-1]
        published = corpus.articles["published"].dropna()
        middle = published.min().compute() + (published.max().compute() - published.min().compute()) / 2
        month = f"{middle:%Y-%m}"
        steps = {
            f"find(actor={common['actor']!r}), {common['n_mentions']:,} mentions": {
                "what": "find",
                "actor": common["actor"],
            },
            f"find(actor={rare['actor']!r}), {rare['n_mentions']:,} mention(s)": {
                "what": "find",
                "actor": rare["actor"],
            },
            "sample(500)": {"what": "sample", "n": 500},
            f"between({month!r}, {month!r})": {"what": "between", "start": month, "end": month},
            "export.summaries (csv, 2,000 tags)": {
                "what": "export",
                "store": str(pathlib.Path(folder) / "tags.sqlite"),
                "out": str(pathlib.Path(folder) / "export"),
            },
        }
        steps = {name: step for name, step in steps.items() if not only or step["what"] in only}
        if any(step["what"] == "export" for step in steps.values()):
            _tag_store(corpus, pathlib.Path(folder) / "tags.sqlite")
        spinning = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(busy)]
        try:
            _run_steps(steps, cluster.scheduler_address, out, results)
        finally:
            for process in spinning:
                process.kill()
                process.wait()
        results["load average (1, 5, 15 min) at the end"] = dict(zip(["1", "5", "15"], os.getloadavg(), strict=True))
    return results


def _run_steps(steps: dict[str, dict[str, Any]], address: str, out: pathlib.Path, results: dict) -> None:
    """Run each step in a fresh client process connected to ``address``; print and keep its figures."""
    for name, step in steps.items():
        done = subprocess.run(
            [sys.executable, "-c", ACCEPTANCE_STEP, address, str(out), json.dumps(step)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"{name} failed:\n{done.stderr}")
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name}: {json.dumps(results[name])}", flush=True)


@dataclass(frozen=True)
class _FailsOn:
    """The shipped name finder, except that it raises on one article's text (a failing article)."""

    finder: Any
    text: str

    def __call__(self, text: str, spans: Any, dictionary: Any) -> Any:
        if text == self.text:
            raise RuntimeError("this article fails")
        return self.finder(text, spans, dictionary)


def measure_fallback(out: pathlib.Path) -> dict[str, float]:
    """Time one partition's extraction whole, with one failing article, and one article at a time."""
    from workbench import pipeline
    from workbench.actors import BUILTIN
    from workbench.ondisk import _layout, _partition

    articles = _layout.read_part(out, "articles", workbench.open_corpus(out).partitions[0])
    pipeline.extract(articles.head(5), names=BUILTIN)  # load the word lists and the name finder's weights first
    failing = _partition.Extraction(None, _FailsOn(BUILTIN, articles["text"].iloc[len(articles) // 3]), "bench")
    times: dict[str, float] = {"articles": len(articles)}
    _timed(times, "whole partition", pipeline.extract, articles, names=BUILTIN)
    _, errors = _timed(times, "one failing article, found by halving", _partition._extract, articles, failing)
    assert len(errors) == 1
    _timed(
        times,
        "one article at a time",
        lambda: [pipeline.extract(articles.iloc[[n]], names=BUILTIN) for n in range(len(articles))],
    )
    return times


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[5.0, 20.0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", default="2MB")
    parser.add_argument("--one-worker", action="store_true", help="also build the largest corpus on one worker")
    parser.add_argument(
        "--load-up-to", type=float, default=100.0, help="MB up to which load() is run too (it holds the whole corpus)"
    )
    parser.add_argument("--resume", action="store_true", help="measure only resuming, checking and repairing")
    parser.add_argument("--export", action="store_true", help="measure only the export of an opened corpus")
    parser.add_argument("--resume-against", type=pathlib.Path, help="an earlier checkout to time resumed builds with")
    parser.add_argument(
        "--acceptance", type=pathlib.Path, help="a folder to build the largest corpus in, then time queries and export"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=ACCEPTANCE_KINDS,
        default=(),
        help="with --acceptance, run only these steps (all by default)",
    )
    parser.add_argument(
        "--busy", type=int, default=0, help="with --acceptance, processes kept spinning on the CPU during the steps"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.acceptance:
        import dask

        out = build_acceptance(args.acceptance.resolve(), max(args.megabytes), args.workers, args.partition_size)
        print(f"{workbench.open_corpus(out)!r}; dask {dask.__version__}, {args.workers} workers, {args.busy} busy")
        print(f"part files: {json.dumps(part_files(out))}")
        ends = measure_acceptance(out, args.workers, args.only, args.busy)["load average (1, 5, 15 min) at the end"]
        print(f"load average (1, 5, 15 min) at the end: {json.dumps(ends)}")
        return
    if args.resume_against or args.export:
        for megabytes in args.megabytes:
            with tempfile.TemporaryDirectory() as temporary:
                folder = pathlib.Path(temporary) / "news"
                size = write_parts(megabytes, folder)
                out = pathlib.Path(temporary) / "corpus"
                if args.resume_against:
                    for label, root in [("before", args.resume_against), ("after", ROOT)]:
                        times = measure_resume_against(
                            root, folder, pathlib.Path(temporary) / label, args.workers, args.partition_size
                        )
                        print(f"{size:6.1f} MB resume, {label} ({root}): {json.dumps(times)}")
                if args.export:
                    options = {"workers": args.workers, "partition_size": args.partition_size, "progress": False}
                    workbench.build_corpus(folder, out, **options)
                    for name, figures in measure_export(out, args.workers).items():
                        shown = ", ".join(f"{key} {value:.2f}" for key, value in figures.items())
                        print(f"{size:6.1f} MB {name}: {shown}")
        return
    if args.resume:
        for megabytes in args.megabytes:
            with tempfile.TemporaryDirectory() as temporary:
                folder = pathlib.Path(temporary) / "news"
                size = write_parts(megabytes, folder)
                out = pathlib.Path(temporary) / "corpus"
                for name, value in measure_resume(folder, out, args.workers, args.partition_size).items():
                    print(f"{size:6.1f} MB resume: {name}: {value:.2f}")
                for name, value in measure_fallback(out).items():
                    print(f"{size:6.1f} MB one partition's extraction: {name}: {value:.2f}")
        return
    print(f"workers: {args.workers}, partition size: {args.partition_size}, input: JSONL files of about 1 MB")
    for megabytes in args.megabytes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = pathlib.Path(temporary) / "news"
            size = write_parts(megabytes, folder)
            counts = [args.workers, 1] if args.one_worker and megabytes == max(args.megabytes) else [args.workers]
            for workers in counts:
                out = pathlib.Path(temporary) / f"corpus-{workers}"
                build = measure_build(folder, out, workers, args.partition_size)
                peaks = ", ".join(
                    f"{peak:.0f} MB (+{peak - idle:.0f})"
                    for peak, idle in zip(build["peak_mb"], build["idle_mb"], strict=True)
                )
                print(
                    f"{size:6.1f} MB build_corpus, {workers} worker(s): {build['seconds']:6.1f} s, "
                    f"{size / build['seconds']:.2f} MB/s, {size / build['cpu_seconds']:.2f} MB/cpu-s, "
                    f"{build['partitions']} partitions, {build['articles']:,} articles, "
                    f"{build['sentences']:,} sentences; "
                    f"peak per worker {peaks}"
                )
            if megabytes > args.load_up_to:
                print(f"{size:6.1f} MB load(): not run, over --load-up-to {args.load_up_to:g} MB")
            else:
                loaded = measure_load(folder, args.workers)
                print(
                    f"{size:6.1f} MB load(workers={args.workers}):          {loaded['seconds']:6.1f} s, "
                    f"{size / loaded['seconds']:.2f} MB/s, {size / loaded['cpu_seconds']:.2f} MB/cpu-s, "
                    f"{loaded['sentences']:,} sentences; peak main process {loaded['peak_mb']:.0f} MB, "
                    f"largest worker {loaded['worker_peak_mb']:.0f} MB"
                )
            for name, seconds in measure_queries(pathlib.Path(temporary) / f"corpus-{args.workers}").items():
                print(f"{size:6.1f} MB on disk: {name}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
