"""Keyword in context, near-duplicate detection and the attention chart, at 100,000 sentences and beyond.

1. KWIC: ``Concordance`` over about 100,000 generated sentences (``bench/corpus.py``, segmented
   only), each query timed 7 times (median wall and CPU seconds); beside it the pandas filter an
   analyst would type, ``str.contains(case=False)``, which finds sentences but no matches or contexts.
2. Near duplicates: ``samples.news`` articles with ``samples.syndicate`` copies (one copy per four
   originals: new headlines, bylines, trimmed and extended endings); time of ``duplicate_groups``
   and the precision and recall of the pairs it puts in one group.
3. Attention: ``charts.attention_over_time`` (two actors and a keyword, weekly shares, 3-week mean,
   per outlet) on a fully loaded corpus of about 100,000 sentences.

Run: ``.venv/bin/python bench/bench_analysis.py [--articles 20000 100000]``.
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import statistics
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from corpus import make_corpus_articles_for_sentences

import workbench
from workbench import analysis, duplicates, samples, segmenting
from workbench.articles import articles_from_records

SENTENCES = 100_000
QUERIES = [
    ("sanction*", {}),
    ("ceasefire", {}),
    ("Iran", {"case": True}),
    ("nuclear deal", {}),
    ("*stan", {}),
    (r"\d+(\.\d+)? percent", {"regex": True}),
    ("said", {}),
    ("the", {}),
]


def timed(function, *args, repeat: int = 1, **kwargs):
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def bench_kwic() -> None:
    records = make_corpus_articles_for_sentences(SENTENCES, seed=0).to_dict("records")
    articles, _ = articles_from_records(records)
    sentences = segmenting.segment_articles(articles)
    size = sentences["text"].str.len().sum() / 1e6
    print(f"KWIC: {len(sentences):,} sentences, {size:.1f} M characters")
    wall, cpu, concordance = timed(analysis.Concordance, sentences)
    print(f"  prepare Concordance once: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"  {'query':<24}{'matches':>9}{'wall ms':>9}{'CPU ms':>8}{'pandas filter ms':>18}")
    for pattern, options in QUERIES:
        wall, cpu, rows = timed(concordance.search, pattern, repeat=7, **options)
        filter_wall, _, _ = timed(sentences["text"].str.contains, pattern.strip("*"), repeat=7, case=False, regex=False)
        label = f"{pattern} {options or ''}"
        print(f"  {label:<24}{len(rows):>9,}{1000 * wall:>9.0f}{1000 * cpu:>8.0f}{1000 * filter_wall:>18.0f}")
    wall, cpu, _ = timed(analysis.kwic, sentences, "sanction*")
    print(f"  kwic() without a prepared concordance (prepare + query): {wall:.2f} s wall, {cpu:.2f} s CPU")


def pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    members = pd.Series(np.arange(len(labels))).groupby(labels).agg(list)
    return {pair for group in members for pair in itertools.combinations(group, 2)}


def bench_duplicates(sizes: list[int]) -> None:
    print("Near duplicates (threshold 0.5, 5-word shingles, 128 permutations):")
    for size in sizes:
        originals = samples.news(size * 4 // 5, seed=5)
        frame, truth = samples.syndicate(originals, copies=size // 5, seed=6)
        articles = frame.rename(columns={"id": "article_id"}).assign(published=pd.to_datetime(frame["published"]))
        words = articles["text"].str.split().str.len().sum()
        wall, cpu, found = timed(duplicates.duplicate_groups, articles)
        predicted, expected = pairs(found["duplicate_group"].to_numpy()), pairs(truth.to_numpy())
        correct = len(predicted & expected)
        groups = truth.value_counts()
        exact = found.groupby(truth.to_numpy())["duplicate_group"].nunique()
        whole = (exact[groups[groups > 1].index] == 1).mean()
        print(
            f"  {len(articles):,} articles ({words / 1e6:.1f} M words, {len(expected):,} true pairs): "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU; precision {correct / max(len(predicted), 1):.3f}, "
            f"recall {correct / max(len(expected), 1):.3f}, groups found whole {whole:.3f}"
        )


def bench_attention() -> None:
    frame = samples.news(9_000, seed=8)
    load_wall, _, corpus = timed(workbench.load, frame)
    print(f"Attention: {corpus!r} (loaded in {load_wall:.0f} s, not part of the chart)")
    options = {"actors": ["Iran", "Israel"], "keywords": ["ceasefire"], "rolling": 3}
    wall, cpu, _ = timed(workbench.charts.attention_over_time, corpus, repeat=3, **options)
    print(f"  attention_over_time, weekly shares: {wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu, _ = timed(workbench.charts.attention_over_time, corpus, repeat=3, by_source=True, **options)
    print(f"  the same per outlet: {wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu, _ = timed(workbench.charts.sources_heatmap, corpus, repeat=3)
    print(f"  sources_heatmap (actors): {wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu, _ = timed(workbench.summaries.sources_compared, corpus, repeat=3)
    print(f"  sources_compared table: {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--only", choices=["kwic", "duplicates", "attention"])
    args = parser.parse_args()
    if args.only in (None, "kwic"):
        bench_kwic()
    if args.only in (None, "duplicates"):
        bench_duplicates(args.articles)
    if args.only in (None, "attention"):
        bench_attention()


if __name__ == "__main__":
    main()
