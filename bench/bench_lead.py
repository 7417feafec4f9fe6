"""What recognising bylines, date lines and datelines costs the loading of a table of articles.

Every record of a table goes through :func:`workbench.readers._byline.settle`. This times the
loading stage (``inputs.read_records`` + ``articles_from_records``: read, decode,
clean, give ids) on the same DataFrame with the recognition and with it switched off, in the same
run, as CPU seconds of this process (the machine's cores are shared). Two corpora: the benchmark
articles (``make_articles``, no bylines) and the generated outlets with syndicated copies
(``samples.syndicate``: a byline over each copy).

    .venv/bin/python bench/bench_lead.py --megabytes 5
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import pandas as pd

sys.path.insert(0, "bench")
from corpus import make_articles

from workbench import inputs, samples
from workbench.articles import articles_from_records
from workbench.readers import records


def _stage(frame: pd.DataFrame) -> pd.DataFrame:
    found, _ = inputs.read_records(frame)
    articles, _ = articles_from_records(found)
    return articles


def _best(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args(argv)
    plain = make_articles(options.megabytes, seed=7)
    originals = samples.news(2000, seed=3)
    with_copies, _ = samples.syndicate(originals, copies=500, seed=3)
    settle = records.settle
    for name, frame in (("benchmark articles", plain), ("outlets with bylined copies", with_copies)):
        megabytes = frame["text"].str.len().sum() / 1e6
        on = _best(lambda frame=frame: _stage(frame), options.repeats)
        records.settle = lambda record: (record, None)
        try:
            off = _best(lambda frame=frame: _stage(frame), options.repeats)
        finally:
            records.settle = settle
        authors = _stage(frame)["author"].notna().sum()
        print(
            f"{name}: {len(frame):,} articles, {megabytes:.1f} M characters; loading stage {on:.2f} s with "
            f"recognition, {off:.2f} s without (x{on / off:.2f}); {authors:,} authors found"
        )


if __name__ == "__main__":
    main()
