"""Corrections on the card, 100,000 sentences: moving with and without corrections, and one correction.

The card draws each sentence with the coder's corrections applied to that sentence's rows alone.
This times, in the kernel, moving to the previous sentence (which draws it) with no correction in
the store, then with 500 corrections spread over the corpus and one actor's words rejected
everywhere, on sentences without a correction and on corrected ones; and one correction made
from the card's menu (store commit and the sentence drawn again) against ``store.reject`` alone.
Medians of many runs. Run: ``.venv/bin/python bench/bench_card_corrections.py [--sentences 100000]``.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from corpus import make_corpus_articles_for_sentences

import workbench
from workbench.store import TagStore

MOVES = 200
CORRECTIONS = 500
SEED = 0


def median_ms(function, count: int) -> float:
    times = []
    for n in range(count):
        start = time.perf_counter()
        function(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def row(label: str, ours: float, theirs: float | None = None) -> None:
    ratio = f"  x{ours / theirs:5.1f} vs alternative ({theirs:.2f} ms)" if theirs else ""
    print(f"{label:<64} {ours:8.2f} ms{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    corpus = workbench.load(make_corpus_articles_for_sentences(parser.parse_args().sentences, seed=SEED))
    print(f"corpus: {corpus!r}")
    mentions = corpus.mentions.drop_duplicates("sentence_id")
    with tempfile.TemporaryDirectory() as folder, TagStore(pathlib.Path(folder) / "tags.sqlite", coder="ana") as store:
        card = workbench.tagger(corpus, store=store)
        card.go_to(MOVES + 2)
        plain = median_ms(lambda n: card.previous() if n % 2 else card.next(), MOVES)
        row("move on the card, no correction in the store", plain)

        step = max(1, len(mentions) // CORRECTIONS)
        for m in mentions.iloc[::step].head(CORRECTIONS).itertuples():
            store.correct("actor", m.sentence_id, int(m.start), int(m.end), actor_type="group")
        first = mentions.iloc[0]
        store.reject("actor", first["sentence_id"], int(first["start"]), int(first["end"]), everywhere=True,
                     surface=str(first["surface"]))  # fmt: skip
        card.close()
        card = workbench.tagger(corpus, store=store)
        card.go_to(MOVES + 2)
        spread = median_ms(lambda n: card.previous() if n % 2 else card.next(), MOVES)
        row(f"the same, {CORRECTIONS} corrections + 1 rejected everywhere", spread, plain)
        corrected = [sid for sid in store.corrections()["sentence_id"] if sid in set(card._ids)][:MOVES]
        on_fixed = median_ms(lambda n: card.go_to(corrected[n % len(corrected)]), len(corrected))
        row("go to a corrected sentence (drawn with its corrections)", on_fixed, plain)

        others = corpus.mentions[corpus.mentions["surface"] != first["surface"]].drop_duplicates("sentence_id")
        targets = others.iloc[1::step].head(MOVES)
        bare = median_ms(lambda n: store.reject("actor", targets["sentence_id"].iloc[n % len(targets)],
                                                int(targets["start"].iloc[n % len(targets)]),
                                                int(targets["end"].iloc[n % len(targets)])), 50)  # fmt: skip

        def from_menu(n: int) -> None:
            card.go_to(str(targets["sentence_id"].iloc[50 + n]))
            card.press("a")
            card.press("1")

        menu = median_ms(from_menu, 50)
        row("reject an actor from the card's menu (go to, a, 1): drawn", menu, bare)
        card.close()


if __name__ == "__main__":
    main()
