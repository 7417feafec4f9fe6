"""Actor matching speed: ``find_mentions`` against what an analyst would write instead.

Run: ``.venv/bin/python bench/bench_actors.py [--megabytes 4]``. Fixed seed; prints MB/s of
article text for

- ``find_mentions``: dictionary (Aho-Corasick, one pass) + names read by shape + folding;
- a loop over the dictionary, one compiled word-bounded regex per name (the usual first try);
- one compiled regex alternation of every name, longest first (the usual second try).

The two alternatives only look names up; they find no people, roles or organisations by shape.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

sys.path.insert(0, "bench")

from corpus import make_articles

from workbench import actors, cleaning, ids
from workbench.segmenting import segment_articles


def _articles(megabytes: float):
    frame = make_articles(megabytes, seed=7)
    texts = [cleaning.clean_text(text) for text in frame["text"]]
    import pandas as pd

    return pd.DataFrame({"article_id": [ids.article_id(t) for t in texts], "text": texts})


def _names(dictionary) -> list[str]:
    return sorted({name for e in dictionary.entries for name in (e.actor, *e.aliases)}, key=len, reverse=True)


def loop_per_name(texts: list[str], names: list[str]) -> int:
    patterns = [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names]
    return sum(1 for text in texts for pattern in patterns for _ in pattern.finditer(text))


def one_alternation(texts: list[str], names: list[str]) -> int:
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?!\w)")
    return sum(1 for text in texts for _ in pattern.finditer(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=4.0)
    args = parser.parse_args()
    articles = _articles(args.megabytes)
    sentences = segment_articles(articles)
    texts = list(articles["text"])
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    dictionary = actors.shipped()
    names = _names(dictionary)
    dictionary.hits("warm up")
    print(f"{len(texts):,} articles, {size:.1f} MB of text, {len(dictionary):,} actors, {len(names):,} names")

    started = time.perf_counter()
    mentions = actors.find_mentions(articles, sentences)
    ours = time.perf_counter() - started
    print(
        f"find_mentions      {size / ours:7.2f} MB/s  {len(mentions):,} mentions, "
        f"{mentions['actor'].nunique():,} actors"
    )

    for label, function in (("loop per name", loop_per_name), ("one alternation", one_alternation)):
        started = time.perf_counter()
        found = function(texts, names)
        spent = time.perf_counter() - started
        print(
            f"{label:18} {size / spent:7.2f} MB/s  {found:,} name matches  "
            f"(find_mentions is {spent / ours:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
