"""Benchmark: claims and hedges on generated news, against the regex an analyst would write instead.

Times ``find_claims`` and ``hedged_sentences`` on the sentences of a generated corpus (segmented
once, outside the timing) and reports MB/s of article text in CPU time (the machine is shared),
best of ``--repeat`` runs. The alternative is a vectorised pandas ``str.extractall`` of
"<Capitalised words> <reporting verb>", the quick pattern an analyst writes in a notebook. Both are
also scored on the evaluation set (tests/data/eval) with the project's own claim matching, so speed
is read next to quality.

Run: ``.venv/bin/python bench/bench_claims.py [--megabytes 5] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

from corpus import make_articles  # noqa: E402

from workbench import schema  # noqa: E402
from workbench.claims import find_claims, hedged_sentences  # noqa: E402
from workbench.evaluate.gold import read_gold  # noqa: E402
from workbench.evaluate.running import evaluate  # noqa: E402
from workbench.evaluate.scoring import ALL, match_claims, score  # noqa: E402
from workbench.segmenting import segment_articles  # noqa: E402

NAIVE = (
    r"(?P<source>(?:[A-Z][\w.'’-]*\s)+)"
    r"(?P<cue>said|says|told|added|warned|urged|believes?|argued|estimated|denied|claimed|noted|called for)\b"
)
"""The pattern an analyst would write: capitalised words, then a common reporting verb."""


def naive_claims(sentences: pd.DataFrame) -> pd.DataFrame:
    """Claims by one vectorised regex: one row per match, source and cue as matched."""
    found = sentences["text"].str.extractall(NAIVE).reset_index(level=1, drop=True)
    return found.join(sentences[["sentence_id", "article_id", "start"]])


def best_of(repeat: int, function, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.process_time()
        result = function(*args)
        times.append(time.process_time() - began)
    return min(times), result


def naive_quality() -> tuple[float, float]:
    """Precision and recall of the naive regex on the evaluation set, matched like the real claims."""
    gold = read_gold(ROOT / "tests" / "data" / "eval")
    articles = gold["articles"].rename(columns={"article": "article_id"})[["article_id", "text"]]
    sentences = segment_articles(articles)
    found = sentences["text"].str.extractall(NAIVE)
    found = found.reset_index(level=1, drop=True).join(sentences[["article_id", "start", "end"]])
    predicted = pd.DataFrame(
        {
            "article": found["article_id"],
            "start": found["start"],
            "end": found["end"],
            "source": found["source"].str.strip(),
            "source_actor": pd.NA,
            "cue": found["cue"],
        }
    )
    spans = {}
    for article, text in zip(articles["article_id"], articles["text"], strict=True):
        group = gold["sentences"][gold["sentences"]["article"] == article]
        starts, cursor = [], 0
        for sentence in group["text"]:
            begin = text.find(sentence, cursor)
            starts.append((begin, begin + len(sentence)))
            cursor = begin + len(sentence)
        spans[article] = starts
    claims = gold["claims"].assign(
        start=[spans[a][i][0] for a, i in zip(gold["claims"]["article"], gold["claims"]["sentence"], strict=True)],
        end=[spans[a][i][1] for a, i in zip(gold["claims"]["article"], gold["claims"]["sentence"], strict=True)],
    )
    overall = score(match_claims(predicted, claims)).set_index("article").loc[ALL]
    return float(overall["precision"]), float(overall["recall"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    raw = make_articles(args.megabytes, seed=0)
    articles = pd.DataFrame({"article_id": raw["id"].astype(str), "text": raw["text"]})
    megabytes = articles["text"].str.len().sum() / 1e6
    sentences = segment_articles(articles)
    mentions = schema.empty("mentions")
    print(f"corpus: {len(articles):,} articles, {len(sentences):,} sentences, {megabytes:.1f} MB")

    seconds, claims = best_of(args.repeat, find_claims, articles, sentences, mentions)
    hedge_seconds, hedged = best_of(args.repeat, hedged_sentences, sentences)
    naive_seconds, naive = best_of(args.repeat, naive_claims, sentences)
    rows = [
        ("find_claims", seconds, len(claims)),
        ("hedged_sentences", hedge_seconds, int(hedged.sum())),
        ("naive str.extractall", naive_seconds, len(naive)),
    ]
    for name, spent, count in rows:
        print(f"{name:<22} {spent:6.2f} s  {megabytes / spent:6.1f} MB/s  {count:>8,} rows")
    print(f"find_claims time / naive regex time: {seconds / naive_seconds:.2f}")

    scores, _ = evaluate()
    ours = scores[(scores["task"] == "claims") & (scores["article"] == ALL)].iloc[0]
    precision, recall = naive_quality()
    print(f"evaluation set, find_claims: precision {ours['precision']:.3f}, recall {ours['recall']:.3f}")
    print(f"evaluation set, naive regex: precision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
