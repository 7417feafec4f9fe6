"""Suggestions learned from tags: training time on 5,000 coded sentences, prediction speed and quality.

Compared side by side in the same run with what an analyst would use instead:

- the codebook's keyword suggestions (``Codebook.suggestions``), which need no training;
- a plain scikit-learn pipeline, ``TfidfVectorizer`` + ``OneVsRestClassifier(LogisticRegression())``
  with default settings, cross-validated with ``cross_val_predict`` the same way.

Sentences are generated from templates (fixed seed): each has zero to two tags, shown by cue words
that overlap only partly with the codebook's keywords; 2% of (sentence, tag) labels are flipped as coder noise.
Run: ``python bench/bench_suggest.py``.
"""

from __future__ import annotations

import random
import time
import types

import numpy as np
import pandas as pd

import workbench
from workbench import suggest

SEED = 7
TRAIN, HELD_OUT = 5_000, 2_000
FLIP = 0.02
"""Chance that a (sentence, tag) label is flipped, as coder noise."""
CUES = {
    "escalation": ["escalated the conflict", "widened the war", "retaliated", "stepped up attacks"],
    "de-escalation": ["agreed to a ceasefire", "pulled back troops", "called a truce", "eased tensions"],
    "military action": ["launched airstrikes", "shelled the town", "fired missiles", "sent troops"],
    "threat or warning": ["warned of consequences", "threatened a response", "issued an ultimatum", "vowed revenge"],
    "diplomacy": ["held talks", "met the envoy", "opened negotiations", "hosted a summit"],
    "domestic politics": ["faced a vote", "lost the election", "quit the coalition", "met protesters"],
    "humanitarian impact": ["left civilians wounded", "displaced families", "blocked aid convoys", "hit a hospital"],
    "economic impact": ["pushed up oil prices", "disrupted shipping", "hurt the currency", "rattled markets"],
    "uncertainty": ["could not be confirmed", "remained unclear", "was disputed", "may have been exaggerated"],
}
ACTORS = ["The government", "Rebel forces", "The ministry", "Officials", "The army", "Neighbouring states", "Leaders"]
FILLER = ["on Tuesday", "late at night", "according to reports", "near the border", "in the capital", "this week"]


def make_sentences(n: int, rng: random.Random, start: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``n`` sentences (``sentence_id``, ``text``) and their true (``sentence_id``, ``tag``) labels."""
    tags = list(CUES)
    rows, labels = [], []
    for index in range(start, start + n):
        chosen = rng.sample(tags, rng.choice([0, 1, 1, 2]))
        clauses = [rng.choice(CUES[tag]) for tag in chosen] or ["made a statement"]
        text = f"{rng.choice(ACTORS)} {' and '.join(clauses)} {rng.choice(FILLER)}."
        sid = f"s{index:06d}"
        rows.append((sid, text))
        noisy = {tag for tag in tags if (tag in chosen) != (rng.random() < FLIP)}
        labels.extend((sid, tag) for tag in noisy)
    return pd.DataFrame(rows, columns=["sentence_id", "text"]), pd.DataFrame(labels, columns=["sentence_id", "tag"])


def scores(truth: pd.DataFrame, found: pd.DataFrame) -> tuple[float, float]:
    """Micro precision and recall of found (sentence, tag) pairs against the truth."""
    true_pairs = set(truth.itertuples(index=False, name=None))
    found_pairs = set(found.astype(str).itertuples(index=False, name=None))
    hits = len(true_pairs & found_pairs)
    return hits / max(len(found_pairs), 1), hits / max(len(true_pairs), 1)


def timed(function, *args, **kwargs):
    """Call ``function``; return its result and its CPU seconds (the machine is shared, so wall time varies)."""
    started = time.process_time()
    result = function(*args, **kwargs)
    return result, time.process_time() - started


def plain_pipeline(sentences: pd.DataFrame, labels: pd.DataFrame) -> tuple[object, float]:
    """Train and cross-validate the default scikit-learn one-vs-rest pipeline; return it and its seconds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    grouped = labels.groupby("sentence_id")["tag"].agg(list).reindex(sentences["sentence_id"])
    target = MultiLabelBinarizer(classes=list(CUES)).fit_transform(
        grouped.map(lambda v: v if isinstance(v, list) else [])
    )
    pipeline = make_pipeline(TfidfVectorizer(), OneVsRestClassifier(LogisticRegression(max_iter=1000)))
    started = time.process_time()
    cross_val_predict(pipeline, sentences["text"], target, cv=suggest.FOLDS)
    pipeline.fit(sentences["text"], target)
    return pipeline, time.process_time() - started


def main() -> None:
    rng = random.Random(SEED)
    sentences, labels = make_sentences(TRAIN, rng)
    held_out, held_labels = make_sentences(HELD_OUT, rng, start=TRAIN)
    corpus = types.SimpleNamespace(sentences=sentences)  # train() reads only corpus.sentences
    store = workbench.TagStore(memory=True, coder="bench")
    for tag, rows in labels.groupby("tag"):
        store.add_many(rows["sentence_id"].tolist(), tag)
    for sid in sentences["sentence_id"]:
        store.mark_done(sid)

    suggest._sklearn()  # import scikit-learn before timing
    suggester, train_seconds = timed(suggest.train, corpus, store)
    _, plain_seconds = plain_pipeline(sentences, labels)
    big = pd.concat([held_out] * 10, ignore_index=True).assign(sentence_id=lambda f: [f"p{i}" for i in range(len(f))])
    _, predict_seconds = timed(suggester.predict, big)
    ours = suggester.suggestions(held_out)
    keywords, keyword_seconds = timed(workbench.Codebook.default().suggestions, held_out)

    folds = suggest.FOLDS
    print(f"training on {TRAIN:,} coded sentences, {len(suggester.tags)} tags, {folds}-fold cross-validated report:")
    print(f"  workbench suggest.train        {train_seconds:6.2f} CPU s")
    ratio = plain_seconds / train_seconds
    print(f"  plain sklearn OvR pipeline     {plain_seconds:6.2f} CPU s  (ours is {ratio:.1f}x faster)")
    rate = len(big) / predict_seconds
    print(f"predicting {len(big):,} sentences: {predict_seconds:.2f} CPU s ({rate:,.0f} sentences/s)")
    print(f"keyword suggestions on {HELD_OUT:,} sentences: {keyword_seconds:.2f} CPU s")
    print(f"held-out quality on {HELD_OUT:,} sentences (micro, against the noisy labels):")
    for name, found in (("learned (p >= 0.5)", ours), ("codebook keywords", keywords)):
        precision, recall = scores(held_labels, found)
        print(f"  {name:<20} precision {precision:.3f}  recall {recall:.3f}")
    report = suggester.report
    trained = report[report["status"] == "trained"]
    precision, recall = trained["precision"].mean(), trained["recall"].mean()
    print(f"cross-validated report: mean precision {precision:.3f}, recall {recall:.3f}")
    print(f"numpy {np.__version__}, pandas {pd.__version__}")


if __name__ == "__main__":
    main()
