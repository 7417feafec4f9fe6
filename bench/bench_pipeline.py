"""Benchmark: the whole pipeline (load JSONL, clean, segment, actors, claims) on generated news.

Prints, for one process and for all cores (``workbench.load(path, workers=N)``): wall time,
MB/s of UTF-8 article text, MB/s per core, MB per CPU-second (which other load on a shared
machine does not distort), and peak resident memory (of the main process and of the largest
worker). Each load runs in a fresh process so peak memory figures do not mix. A single-process
breakdown in CPU seconds shows where the time goes. For scale, pySBD and syntok (what an
analyst would otherwise use just to split sentences, with no actors or claims) are timed in CPU
seconds on a prefix of the same cleaned text.

Run: ``.venv/bin/python bench/bench_pipeline.py [--megabytes 20] [--workers 2] [--sample 1]``
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

from corpus import make_articles, prefix  # noqa: E402

import workbench  # noqa: E402


def _peak_mb() -> float:
    """Peak resident set size of this process since it started (VmHWM, reset by exec), in MB."""
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_load(path: pathlib.Path, workers: int) -> dict[str, float]:
    """Load ``path`` with ``workbench.load`` in this process; return seconds, counts and peak memory."""
    before, cpu = _peak_mb(), _cpu_seconds()
    began = time.perf_counter()
    corpus = workbench.load(path, workers=workers, progress=False)
    seconds = time.perf_counter() - began
    cpu = _cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "articles": len(corpus.articles),
        "sentences": len(corpus.sentences),
        "mentions": len(corpus.mentions),
        "actors": len(corpus.actors),
        "claims": len(corpus.claims),
        "peak_before_mb": before,
        "peak_mb": _peak_mb(),
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure_stages(path: pathlib.Path) -> dict[str, object]:
    """Time each stage in this process (CPU seconds); return seconds per stage and the cleaned texts."""
    from workbench import actors, claims, inputs, segmenting
    from workbench.articles import articles_from_records

    times = {}
    began = time.process_time()
    records, _ = inputs.read_records(path)
    articles, _ = articles_from_records(records)
    times["read + clean"] = time.process_time() - began
    began = time.process_time()
    sentences = segmenting.segment_articles(articles)
    times["segment"] = time.process_time() - began
    began = time.process_time()
    mentions = actors.find_mentions(articles, sentences)
    times["actors"] = time.process_time() - began
    began = time.process_time()
    claims.find_claims(articles, sentences, mentions)
    claims.hedged_sentences(sentences)
    times["claims + hedges"] = time.process_time() - began
    return {"times": times, "texts": list(articles["text"])}


def in_fresh_process(path: pathlib.Path, workers: int) -> dict[str, float]:
    """Run :func:`measure_load` in a new Python process so its peak memory is its own."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--workers", str(workers)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def baseline_speeds(texts: list[str], megabytes: float) -> dict[str, float]:
    """Return MB per CPU-second of pySBD and syntok sentence splitting on the first ``megabytes`` of ``texts``."""
    import pysbd
    import syntok.segmenter

    sample = prefix(texts, megabytes)
    size = sum(len(text.encode("utf-8")) for text in sample) / 1e6
    segmenter = pysbd.Segmenter(language="en", clean=False)
    splitters = {
        "pySBD": lambda text: [s for p in text.split("\n\n") for s in segmenter.segment(p)],
        "syntok": lambda text: [s for p in syntok.segmenter.analyze(text) for s in p],
    }
    speeds = {}
    for name, split in splitters.items():
        began = time.process_time()
        for text in sample:
            split(text)
        speeds[name] = size / (time.process_time() - began)
    return speeds


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=float, default=1.0, help="MB of text given to pySBD and syntok")
    parser.add_argument("--child", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_load(args.child, args.workers)))
        return

    frame = make_articles(args.megabytes, seed=0)
    megabytes = sum(len(text.encode("utf-8")) for text in frame["text"]) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "articles.jsonl"
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
        runs = {workers: in_fresh_process(path, workers) for workers in sorted({1, args.workers})}
        stages = measure_stages(path)

    first = runs[1]
    print(
        f"corpus: {first['articles']:,} articles, {megabytes:.1f} MB of text, {first['sentences']:,} sentences, "
        f"{first['mentions']:,} mentions of {first['actors']:,} actors, {first['claims']:,} claims"
    )
    print("\nworkbench.load(path, workers=N): read JSONL, clean, segment, actors, claims")
    header = f"{'workers':>7} {'seconds':>8} {'MB/s':>6} {'MB/s/core':>9} {'MB/cpu-s':>8} {'speed-up':>8}"
    print(f"{header} {'peak MB':>8} {'growth':>7} {'worker MB':>9}")
    for workers, run in runs.items():
        speed = megabytes / run["seconds"]
        worker_peak = f"{run['worker_peak_mb']:.0f}" if workers > 1 else "-"
        print(
            f"{workers:>7} {run['seconds']:>8.2f} {speed:>6.2f} {speed / workers:>9.2f} "
            f"{megabytes / run['cpu_seconds']:>8.2f} {first['seconds'] / run['seconds']:>8.2f} {run['peak_mb']:>8.0f} "
            f"{run['peak_mb'] - run['peak_before_mb']:>7.0f} {worker_peak:>9}"
        )
    print(
        "(MB/cpu-s: MB per CPU-second of the process and its workers, robust to other load; peak MB: resident\n"
        " memory of the main process; growth: above its peak after imports; worker MB: largest worker)"
    )
    print(f"load average during the run (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    times = stages["times"]
    total = sum(times.values())
    print("\none process, stage by stage (CPU seconds):")
    for stage, seconds in times.items():
        print(f"  {stage:<16} {seconds:>7.2f} s  {megabytes / seconds:>7.2f} MB/cpu-s  {seconds / total:>4.0%}")

    speeds = baseline_speeds(stages["texts"], args.sample)
    ours = megabytes / first["cpu_seconds"]
    print(f"\nfor scale, sentence splitting alone on the first {args.sample:g} MB, one process (CPU time):")
    for name, speed in speeds.items():
        print(f"  {name:<7} {speed:>6.2f} MB/cpu-s; the whole pipeline ({ours:.2f}) is {ours / speed:.1f}x it")


if __name__ == "__main__":
    main()
