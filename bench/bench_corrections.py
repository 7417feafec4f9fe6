"""A correction applied to the tables of a 100,000-sentence corpus: ``corpus.with_corrections(store)``.

Run: ``.venv/bin/python bench/bench_corrections.py [--sentences 100000] [--repeat 5]``. The corpus
is one extracted article of four sentences copied under new ids until it holds ``--sentences``
sentences (no extraction is timed). Prints the best wall time of ``with_corrections`` with one
correction and with 100, beside what the tables cost anyway: building the ``Corpus`` from the same
tables (which counts the actors again) and ``corpus.merge_actors``, the way to fix an actor before.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import pandas as pd

import workbench
from workbench.store import TagStore

TEXT = (
    "Iran said the talks failed. Reuters reported that Tehran blamed Washington. "
    "The envoy Anna Berg spoke to farmers. Nothing else happened."
)


def tiled(sentences: int) -> workbench.Corpus:
    """Return a corpus of ``sentences`` sentences: one article's tables repeated under new ids."""
    one = workbench.load_text(TEXT, title="Talks")
    copies = -(-sentences // len(one.sentences))

    def repeat(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.concat([frame] * copies, ignore_index=True)
        n = pd.Series(range(copies)).repeat(len(frame)).astype(str).to_numpy()
        for column in ("article_id", "sentence_id", "claim_id"):
            if column in out:
                out[column] = (out[column].astype(str) + "-" + n).astype("string")
        if "sentence_ids" in out:
            pairs = zip(out["sentence_ids"], n, strict=True)
            out["sentence_ids"] = [tuple(f"{s}-{i}" for s in ids) for ids, i in pairs]
        # One Arrow chunk per text column, as a loaded corpus has a few: concat leaves one per copy.
        texts = [column for column in out.columns if out[column].dtype == "string"]
        return out.astype(dict.fromkeys(texts, object)).astype(dict.fromkeys(texts, "string"))

    return workbench.Corpus(repeat(one.articles), repeat(one.sentences), repeat(one.mentions), repeat(one.claims))


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus = tiled(args.sentences)
    print(corpus)
    mention = corpus.mentions.iloc[len(corpus.mentions) // 2]
    one = TagStore(memory=True, coder="ana")
    one.correct("actor", mention["sentence_id"], int(mention["start"]), int(mention["end"]), actor="Tehran")
    many = TagStore(memory=True, coder="ana")
    for row in corpus.mentions.iloc[:: max(1, len(corpus.mentions) // 100)].head(100).itertuples():
        many.correct("actor", row.sentence_id, int(row.start), int(row.end), actor_type="group")
    fixed = corpus.with_corrections(one)
    assert fixed.corrections_applied == 1 and fixed.mentions["corrected"].sum() == 1
    timings = {
        "with_corrections, 1 correction": best(lambda: corpus.with_corrections(one), args.repeat),
        "with_corrections, 100 corrections": best(lambda: corpus.with_corrections(many), args.repeat),
        "Corpus(...) from the same tables": best(
            lambda: workbench.Corpus(corpus.articles, corpus.sentences, corpus.mentions, corpus.claims), args.repeat
        ),
        "corpus.merge_actors (one actor)": best(lambda: corpus.merge_actors("Iran", "Reuters"), args.repeat),
    }
    floor = timings["Corpus(...) from the same tables"]
    for name, seconds in timings.items():
        print(f"{name:38s} {seconds:7.3f} s  ({seconds / floor:4.2f}x the Corpus build)")


if __name__ == "__main__":
    main()
