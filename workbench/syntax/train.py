"""Reproduce the parser's shipped weights from openly licensed treebanks, and score the parser.

From a checkout with the shared data beside it (``../shared/data/syntax``)::

    python -m workbench.syntax.train              # train, write workbench/data/parser_model.npz
    python -m workbench.syntax.train --dev        # train, print the dev figures, write nothing
    python -m workbench.syntax.train --report     # score the shipped weights on every test split

Training data: UD English-EWT train and the train documents of GUM's open genres (see
:mod:`workbench.syntax.treebank` for how their trees are carried over to the workbench's tokens
and how GUM is split); settings were chosen on EWT dev and GUM dev; EWT test, GUM test and
UD English-PUD (news and Wikipedia apart) are only scored.

Learning: the static oracle of the arc-hybrid system walks each training tree (crossing arcs
lifted first, :func:`workbench.syntax.treebank.projective`) and records the features of every
configuration with the right move and relation; an averaged perceptron learns from them in
mini-batches (each batch scored with the weights as they are, then every mistake of it
corrected at once), :data:`EPOCHS` passes in an order shuffled by a fixed seed.

Deterministic: sentences come in file order, features are hashed with integer arithmetic, the
shuffles use a fixed seed and updates are summed in a fixed order, and the archive is written
with sorted entries and a fixed date: the same code and data give the same file byte for byte.
The file stores the fingerprint of the feature extractor
(:func:`workbench.syntax.model.extractor_fingerprint`).
"""

from __future__ import annotations

import argparse
import io
import pathlib
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from workbench.lexicon import data_path
from workbench.syntax.model import (
    ACTION_BITS,
    ARC_LABELS,
    LABEL_BITS,
    WEIGHTS_FILE,
    Move,
    ParserModel,
    Tree,
    action_index,
    extractor_fingerprint,
    label_index,
    normalise,
)
from workbench.syntax.treebank import Part, Sentence, Split, projective, splits

WEIGHTS = data_path(WEIGHTS_FILE)
EPOCHS = 8
"""Passes over the training configurations, chosen on dev."""
BATCH = 16
"""Configurations scored together before their mistakes are corrected, chosen on dev."""
MIN_COUNT = 2
"""A word seen fewer times than this in training is "unknown" to the parser."""
SEED = 20261207
CHUNK = 2000
"""Sentences walked together when recording configurations (bounds the memory of one batch)."""
_LABEL_OF = {label: k for k, label in enumerate(ARC_LABELS)}


class Examples(NamedTuple):
    """The configurations of the oracle's walks: features (hashed), legal moves, the right move and relation."""

    features: np.ndarray  # uint64 (configurations, templates)
    legal: np.ndarray  # bool (configurations, 3)
    moves: np.ndarray  # int64
    labels: np.ndarray  # int64, index of ARC_LABELS (0 for SHIFT)


def vocabulary(sentences: Sequence[Sentence]) -> list[str]:
    """Return the words seen at least :data:`MIN_COUNT` times, most frequent first (ties alphabetical)."""
    counts = Counter(normalise(token) for sentence in sentences for token in sentence.tokens)
    return [word for word, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n >= MIN_COUNT]


def oracle_examples(model: ParserModel, sentences: Sequence[Sentence]) -> Examples:
    """Walk every sentence's (projective) gold tree with the static oracle and record each configuration."""
    parts: list[Examples] = []
    for first in range(0, len(sentences), CHUNK):
        chunk = sentences[first : first + CHUNK]
        batch = model.batch([sentence.tokens for sentence in chunk])
        gold_head = np.zeros(len(batch.heads), dtype=np.int64)
        gold_label = np.zeros(len(batch.heads), dtype=np.int64)
        for k, sentence in enumerate(chunk):
            heads = projective(sentence.heads)
            start = batch.start[k]
            gold_head[start : start + len(heads)] = np.where(heads >= 0, heads + start, 0)
            gold_label[start : start + len(heads)] = [_LABEL_OF.get(label, 0) for label in sentence.labels]
        children = np.bincount(gold_head, minlength=len(gold_head))
        children[0] = 0
        rows = batch.active()
        while len(rows):
            at = batch.positions(rows)
            s0, s1, b0 = at[:, 0], at[:, 1], at[:, 3]
            done = batch.n_left[s0] + batch.n_right[s0] == children[s0]
            left = (s0 > 0) & (b0 > 0) & (gold_head[s0] == b0)
            right = ~left & (s1 > 0) & (gold_head[s0] == s1) & done
            moves = np.where(left, Move.LEFT, np.where(right, Move.RIGHT, Move.SHIFT))
            labels = np.where(moves == Move.SHIFT, 0, gold_label[s0])
            parts.append(Examples(batch.features(rows), batch.legal(rows), moves, labels))
            batch.apply(rows, moves, labels)
            rows = batch.active()
    return Examples(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def learn(
    examples: Examples, *, epochs: int = EPOCHS, batch: int = BATCH, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Return averaged perceptron weights for moves ``(2**ACTION_BITS, 3)`` and relations ``(2**LABEL_BITS, 2, 27)``."""
    actions = np.zeros(3 << ACTION_BITS, dtype=np.float64)
    actions_sum = np.zeros_like(actions)
    n_labels = len(ARC_LABELS)
    labels = np.zeros((2 * n_labels) << LABEL_BITS, dtype=np.float64)
    labels_sum = np.zeros_like(labels)
    action_rows = action_index(examples.features)
    arcs = examples.moves != Move.SHIFT
    label_rows = label_index(examples.features) * 2 + (examples.moves - 1)[:, None].clip(0)
    rng = np.random.default_rng(seed)
    clock = 1
    for _ in range(epochs):
        order = rng.permutation(len(examples.moves))
        for first in range(0, len(order), batch):
            take = order[first : first + batch]
            rows = action_rows[take]
            scores = actions.reshape(-1, 3)[rows].sum(axis=1)
            guess = np.where(examples.legal[take], scores, -np.inf).argmax(axis=1)
            gold = examples.moves[take]
            wrong = guess != gold
            if wrong.any():
                _update(actions, actions_sum, rows[wrong], gold[wrong], guess[wrong], 3, clock)
            take = take[arcs[take]]
            if len(take):
                rows = label_rows[take]
                guess = labels.reshape(-1, n_labels)[rows].sum(axis=1).argmax(axis=1)
                gold = examples.labels[take]
                wrong = guess != gold
                if wrong.any():
                    _update(labels, labels_sum, rows[wrong], gold[wrong], guess[wrong], n_labels, clock)
            clock += 1
    averaged_actions = (actions - actions_sum / clock).reshape(-1, 3)
    averaged_labels = (labels - labels_sum / clock).reshape(-1, 2, n_labels)
    return averaged_actions.astype(np.float32), averaged_labels.astype(np.float32)


def _update(
    weights: np.ndarray, sums: np.ndarray, rows: np.ndarray, gold: np.ndarray, guess: np.ndarray, width: int, clock: int
) -> None:
    """Add 1 to the gold class and take 1 from the guessed one on every feature row (and the averaging sums)."""
    up = (rows * width + gold[:, None]).ravel()
    down = (rows * width + guess[:, None]).ravel()
    np.add.at(weights, up, 1.0)
    np.add.at(weights, down, -1.0)
    np.add.at(sums, up, float(clock))
    np.add.at(sums, down, -float(clock))


class Scores(NamedTuple):
    """How well trees match gold ones: attachment scores and the arcs attribution reads."""

    tokens: int
    uas: float
    las: float
    cue_arcs: dict[str, tuple[int, float]]  # relation -> (gold arcs from a cue verb, share right with relation)


CUE_RELATIONS = ("nsubj", "nsubj:pass", "ccomp", "parataxis", "conj")
"""The relations whose arcs from a reporting verb attribution reads (source, content, second verb)."""


def cue_lemmas() -> frozenset[str]:
    """Return the one-word lemmas of the claims stage's reporting verbs."""
    from workbench.claims._lexicon import CUES

    return frozenset(cue.lemma for cue in CUES.values() if " " not in cue.lemma)


def score(sentences: Sequence[Sentence], trees: Sequence[Tree]) -> Scores:
    """Return UAS and LAS over every token (marks included) and the accuracy of arcs from reporting verbs.

    A cue arc is a gold arc of a relation of :data:`CUE_RELATIONS` whose head's lemma is a
    reporting verb; it is right when the parser gives the same head and the same relation.
    """
    lemmas = cue_lemmas()
    total = heads_right = both_right = 0
    cue: dict[str, list[int]] = {relation: [0, 0] for relation in CUE_RELATIONS}
    for sentence, tree in zip(sentences, trees, strict=True):
        same_head = tree.heads == sentence.heads
        same_label = np.array(tree.labels) == np.array(sentence.labels)
        total += len(sentence.tokens)
        heads_right += int(same_head.sum())
        both_right += int((same_head & same_label).sum())
        for k, (head, label) in enumerate(zip(sentence.heads, sentence.labels, strict=True)):
            if label in cue and head >= 0 and sentence.lemmas[head] in lemmas:
                cue[label][0] += 1
                cue[label][1] += int(same_head[k] and same_label[k])
    return Scores(
        total,
        heads_right / max(total, 1),
        both_right / max(total, 1),
        {relation: (n, right / max(n, 1)) for relation, (n, right) in cue.items()},
    )


def table(results: dict[str, Scores]) -> str:
    """Return scores per split as a Markdown table."""
    head = "| split | tokens | UAS | LAS | " + " | ".join(f"{r} (n)" for r in CUE_RELATIONS) + " |"
    lines = [head, "|" + " --- |" * (4 + len(CUE_RELATIONS))]
    for name, found in results.items():
        cells = " | ".join(f"{share:.3f} ({n})" for n, share in found.cue_arcs.values())
        lines.append(f"| {name} | {found.tokens:,} | {found.uas:.3f} | {found.las:.3f} | {cells} |")
    return "\n".join(lines)


def train(found: Sequence[Split], **settings: int) -> ParserModel:
    """Return a model trained on the train parts of ``found``, with its fingerprint."""
    sentences = [sentence for split in found if split.part == Part.TRAIN for sentence in split.sentences]
    words = vocabulary(sentences)
    model = ParserModel(np.zeros((1, 3), np.float32), np.zeros((1, 2, len(ARC_LABELS)), np.float32), words)
    examples = oracle_examples(model, sentences)
    model.actions, model.labels = learn(examples, **settings)
    model.fingerprint = extractor_fingerprint(words)
    return model


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def save(model: ParserModel, path: pathlib.Path = WEIGHTS) -> None:
    """Write the weights as float16 in a compressed ``.npz`` that ``np.load`` reads, the same bytes on every run."""
    arrays = {
        "actions": model.actions.astype(np.float16),
        "fingerprint": np.array(model.fingerprint),
        "labels": model.labels.astype(np.float16),
        "words": np.array(model.vocabulary.words),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(arrays[name]), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, buffer.getvalue())


def evaluate(model: ParserModel, found: Sequence[Split], parts: Sequence[Part]) -> dict[str, Scores]:
    """Return the scores of ``model`` on the splits of ``found`` in ``parts``, by split name and part."""
    return {
        f"{split.name} {split.part}": score(split.sentences, model.parse([s.tokens for s in split.sentences]))
        for split in found
        if split.part in parts
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Train and write the weights, or print dev or test figures."""
    parser = argparse.ArgumentParser(prog="python -m workbench.syntax.train", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=WEIGHTS, help="where to write the weights")
    parser.add_argument("--dev", action="store_true", help="print the dev figures instead of writing weights")
    parser.add_argument("--report", action="store_true", help="score the shipped weights on the test splits")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch", type=int, default=BATCH)
    args = parser.parse_args(argv)
    found = splits()
    if args.report:
        print(table(evaluate(ParserModel.shipped(), found, [Part.TEST])))
        return
    started = time.perf_counter()
    model = train(found, epochs=args.epochs, batch=args.batch)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    if args.dev:
        print(table(evaluate(model, found, [Part.DEV])))
        return
    save(model, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
