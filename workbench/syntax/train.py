"""Reproduce the parser's shipped weights from openly licensed treebanks, and score the parser.

From a checkout with the shared data beside it (``../shared/data/syntax``)::

    python -m workbench.syntax.train              # train, write workbench/data/parser_model.npz
    python -m workbench.syntax.train --dev        # train, print the dev figures, write nothing
    python -m workbench.syntax.train --report     # score the shipped weights on every test split

Training data: UD English-EWT train and the train documents of GUM's open genres (see
:mod:`workbench.syntax.treebank` for how their trees are carried over to the workbench's tokens
and how GUM is split); settings were chosen on EWT dev and GUM dev; EWT test, GUM test and
UD English-PUD (news and Wikipedia apart) are only scored.

Learning: first a part-of-speech tagger (averaged perceptron over a window of words), whose tags
the parser reads; the parser learns from tags given by taggers that had not seen the sentence
(:data:`FOLDS`-fold jackknifing), as at run time. Then the parser parses groups of training
sentences of about the same length with the weights being learned, one move of every sentence
per step, and an averaged perceptron corrects the moves the dynamic oracle of the arc-hybrid
system (Goldberg and Nivre 2013) finds costly: a move is right when it loses no more gold arcs
than the cheapest one, so the oracle also answers in configurations the gold tree never goes
through (crossing arcs are lifted first, :func:`workbench.syntax.treebank.projective`). From the
second of :data:`EPOCHS` passes on, sentences mostly follow the parser's own guesses
(:data:`EXPLORE`), so that it learns to go on well after its own mistakes. Against the static
oracle (which records only the configurations of the gold walk), on dev: UAS/LAS 0.831/0.792 both
ways on EWT, 0.803/0.762 -> 0.807/0.764 on GUM; arcs from reporting verbs right 287 -> 291 of 370
(EWT) and 360 -> 380 of 487 (GUM), ``nsubj`` 0.872 -> 0.890 (EWT) and 0.874 -> 0.903 (GUM).

Deterministic: sentences come in file order, features are hashed with integer arithmetic, the
shuffles use a fixed seed and updates are summed in a fixed order, and the archive is written
with sorted entries and a fixed date: the same code and data give the same file byte for byte.
The file stores the fingerprint of the feature extractor
(:func:`workbench.syntax.model.extractor_fingerprint`).
"""

from __future__ import annotations

import argparse
import pathlib
import time
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from workbench.fingerprint import save_weights
from workbench.lexicon import data_path
from workbench.syntax.model import (
    ACTION_BITS,
    ARC_LABELS,
    LABEL_BITS,
    LABEL_SALT,
    LABEL_TEMPLATES,
    TAG_BITS,
    WEIGHTS_FILE,
    Batch,
    Move,
    ParserModel,
    Tree,
    extractor_fingerprint,
    normalise,
    rows_of,
    summed,
    tag_features,
)
from workbench.syntax.model import (
    Position as P,
)
from workbench.syntax.treebank import Part, Sentence, Split, projective, splits

WEIGHTS = data_path(WEIGHTS_FILE)
EPOCHS = 8
"""Passes of the parser over its training sentences (chosen on dev with the static oracle, kept)."""
TAG_EPOCHS = 5
"""Passes over the tagger's training tokens, chosen on dev."""
BATCH = 16
"""Tokens the tagger scores together before their mistakes are corrected, chosen on dev."""
GROUP = 128
"""Sentences of about the same length the parser learns from together, one move of each per step."""
EXPLORE = 0.9
"""From the second pass on, the share of steps where a sentence follows its own guess (Goldberg and Nivre's)."""
FOLDS = 2
"""The parser learns from tags the tagger gave without having seen the sentence: it is trained on the other folds."""
MIN_COUNT = 2
"""A word seen fewer times than this in training is "unknown" to the parser."""
SEED = 20261207
_LABEL_OF = {label: k for k, label in enumerate(ARC_LABELS)}


def vocabulary(sentences: Sequence[Sentence]) -> list[str]:
    """Return the words seen at least :data:`MIN_COUNT` times, most frequent first (ties alphabetical)."""
    counts = Counter(normalise(token) for sentence in sentences for token in sentence.tokens)
    return [word for word, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n >= MIN_COUNT]


class Averaged:
    """Perceptron weights with the running sums that give their average over every step (Daume's trick).

    A step scores some examples with :attr:`table`, corrects their mistakes with :meth:`update`
    and ends with :meth:`tick`; :meth:`averaged` is the mean of the weights over all steps.
    """

    def __init__(self, rows: int, width: int) -> None:
        self.width = width
        self.weights = np.zeros(rows * width, dtype=np.float64)
        self.sums = np.zeros(rows * width, dtype=np.float64)
        self.table = self.weights.reshape(rows, width)
        self.clock = 1

    def update(self, rows: np.ndarray, gold: np.ndarray, guess: np.ndarray) -> None:
        """Add 1 to the right class and take 1 from the guessed one, on every feature row of each example."""
        if not len(gold):
            return
        at = rows.astype(np.int64) * self.width
        up = (at + gold[:, None]).ravel()
        down = (at + guess[:, None]).ravel()
        np.add.at(self.weights, up, 1.0)
        np.add.at(self.weights, down, -1.0)
        np.add.at(self.sums, up, float(self.clock))
        np.add.at(self.sums, down, -float(self.clock))

    def tick(self) -> None:
        """End a step."""
        self.clock += 1

    def averaged(self) -> np.ndarray:
        """Return the average weights, float32, one row per feature row."""
        return (self.weights - self.sums / self.clock).reshape(-1, self.width).astype(np.float32)


def perceptron(rows: np.ndarray, gold: np.ndarray, width: int, *, epochs: int, batch: int = BATCH) -> np.ndarray:
    """Return averaged perceptron weights ``(rows.max() + 1, width)`` for examples given by their feature rows.

    Each mini-batch of ``batch`` examples is scored with the weights as they are; every mistake
    in it is then corrected at once. The order is shuffled (fixed seed) at each of the ``epochs`` passes.
    """
    learner = Averaged(int(rows.max(initial=0)) + 1, width)
    rng = np.random.default_rng(SEED)
    for _ in range(epochs):
        order = rng.permutation(len(gold))
        for first in range(0, len(order), batch):
            take = order[first : first + batch]
            guess = summed(learner.table, rows[take]).argmax(axis=1)
            wrong = take[guess != gold[take]]
            learner.update(rows[wrong], gold[wrong], guess[guess != gold[take]])
            learner.tick()
    return learner.averaged()


class Gold:
    """The gold trees of a group of sentences on a batch's token numbers, and what the dynamic oracle counts.

    ``waiting[h]`` counts the gold dependents of ``h`` still in the buffer, ``stacked[h]`` those on
    the stack; ``on_stack`` marks the tokens on the stack.
    """

    def __init__(self, batch: Batch, sentences: Sequence[Sentence]) -> None:
        size = len(batch.heads)
        self.head = np.zeros(size, dtype=np.int64)
        self.label = np.zeros(size, dtype=np.int64)
        for k, sentence in enumerate(sentences):
            heads = projective(sentence.heads)
            start = batch.start[k]
            self.head[start : start + len(heads)] = np.where(heads >= 0, heads + start, 0)
            self.label[start : start + len(heads)] = [_LABEL_OF.get(label, 0) for label in sentence.labels]
        self.waiting = np.bincount(self.head, minlength=size)
        self.waiting[0] = 0
        self.stacked = np.zeros(size, dtype=np.int64)
        self.on_stack = np.zeros(size, dtype=bool)

    def costs(self, batch: Batch, rows: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Return how many gold arcs each move makes unreachable, ``(len(rows), 3)``; illegal moves cost ``inf``.

        The arc-hybrid dynamic oracle (Goldberg and Nivre 2013): ``LEFT`` loses the arcs from S0
        to its dependents in the buffer and to its head when that is S1 or in the buffer past B0;
        ``RIGHT`` the same with any head in the buffer; ``SHIFT`` the arcs from B0 to its dependents
        on the stack and to its head when that is on the stack under S0. The gold root loses its
        place when it takes a head from the bottom of the stack or is pushed onto other tokens.
        """
        s0, s1, b0 = at[:, P.S0], at[:, P.S1], at[:, P.B0]
        buffer, end, height = batch.buffer[rows], batch.end[rows], batch.height[rows]
        h0, hb = self.head[s0], self.head[b0]
        head_waits = (h0 >= buffer) & (h0 < end)
        s0_root = (s0 > 0) & (h0 == 0)
        left = self.waiting[s0] + ((h0 != b0) & (((h0 == s1) & (s1 > 0)) | head_waits)) + (s0_root & (height == 1))
        right = self.waiting[s0] + head_waits
        shift = self.stacked[b0] + (self.on_stack[hb] & (hb != s0)) + ((b0 > 0) & (hb == 0) & (height >= 1))
        costs = np.stack([shift, left, right], axis=1).astype(np.float64)
        return np.where(batch.legal(rows), costs, np.inf)

    def moved(self, at: np.ndarray, moves: np.ndarray) -> None:
        """Follow the moves about to be made: tokens pushed leave the buffer, tokens given a head leave the stack."""
        pushed = at[moves == Move.SHIFT, P.B0]
        self.on_stack[pushed] = True
        np.subtract.at(self.waiting, self.head[pushed], 1)
        np.add.at(self.stacked, self.head[pushed], 1)
        popped = at[moves != Move.SHIFT, P.S0]
        self.on_stack[popped] = False
        np.subtract.at(self.stacked, self.head[popped], 1)


def walk(
    model: ParserModel,
    sentences: Sequence[Sentence],
    tags: np.ndarray,
    actions: Averaged,
    relations: Averaged,
    explore: float,
    rng: np.random.Generator,
) -> None:
    """Parse a group of sentences with the weights being learned, correcting them at every step.

    Each step scores the moves of every sentence; where the best legal move is not among the
    cheapest (:meth:`Gold.costs`), the move weights learn the best-scoring cheapest move. The
    sentence then follows its guess with probability ``explore`` (so that training sees the
    configurations its own mistakes lead to), else that cheapest move. An arc that is gold
    teaches the relation weights its gold relation.
    """
    batch = model.batch([sentence.tokens for sentence in sentences], tags)
    gold = Gold(batch, sentences)
    rows = batch.active()
    while len(rows):
        at = batch.positions(rows)
        features = rows_of(batch.features(rows, at=at), ACTION_BITS)
        scores = summed(actions.table, features)
        costs = gold.costs(batch, rows, at)
        guess = np.where(np.isfinite(costs), scores, -np.inf).argmax(axis=1)
        cheapest = costs == costs.min(axis=1, keepdims=True)
        target = np.where(cheapest, scores, -np.inf).argmax(axis=1)
        wrong = ~cheapest[np.arange(len(rows)), guess]
        actions.update(features[wrong], target[wrong], guess[wrong])
        follow = np.where(rng.random(len(rows)) < explore, guess, target) if explore else target
        arcs = np.flatnonzero(follow != Move.SHIFT)
        labels = np.zeros(len(rows), dtype=np.int64)
        if len(arcs):
            direction = follow[arcs] - 1
            found = batch.features(rows[arcs], LABEL_TEMPLATES, LABEL_SALT, at=at[arcs])
            label_rows = rows_of(found, LABEL_BITS) * 2 + direction[:, None]
            label_guess = summed(relations.table, label_rows).argmax(axis=1)
            dependent = at[arcs, P.S0]
            head = np.where(direction == 0, at[arcs, P.B0], at[arcs, P.S1])
            right_arc = gold.head[dependent] == head
            right_label = gold.label[dependent]
            teach = right_arc & (label_guess != right_label)
            relations.update(label_rows[teach], right_label[teach], label_guess[teach])
            labels[arcs] = np.where(right_arc, right_label, label_guess)
        gold.moved(at, follow)
        batch.apply(rows, follow, labels)
        actions.tick()
        relations.tick()
        rows = batch.active()


def learn_parser(
    model: ParserModel, sentences: Sequence[Sentence], tags: np.ndarray, *, epochs: int = EPOCHS
) -> tuple[np.ndarray, np.ndarray]:
    """Return the move and relation weights learned from ``sentences`` (tagged ``tags``, one after the other).

    Each pass cuts the sentences, sorted by length (ties in a shuffled order), into groups of
    :data:`GROUP` parsed together, and walks the groups in a shuffled order; from the second pass
    on, sentences follow their own guesses with probability :data:`EXPLORE`.
    """
    actions = Averaged(1 << ACTION_BITS, len(Move))
    relations = Averaged(2 << LABEL_BITS, len(ARC_LABELS))
    lengths = np.array([len(sentence.tokens) for sentence in sentences])
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    rng = np.random.default_rng(SEED)
    for epoch in range(epochs):
        order = np.lexsort((rng.random(len(sentences)), lengths))
        groups = [order[first : first + GROUP] for first in range(0, len(order), GROUP)]
        for number in rng.permutation(len(groups)):
            members = groups[number]
            group_tags = np.concatenate([tags[offsets[k] : offsets[k + 1]] for k in members])
            walk(model, [sentences[k] for k in members], group_tags, actions, relations, EXPLORE * (epoch > 0), rng)
    return actions.averaged(), relations.averaged().reshape(-1, 2, len(ARC_LABELS))


def _padded(weights: np.ndarray, bits: int) -> np.ndarray:
    """Return ``weights`` with zero rows added up to ``2**bits`` rows (rows never seen in training)."""
    out = np.zeros((1 << bits, weights.shape[1]), dtype=np.float32)
    out[: len(weights)] = weights
    return out


def learn_tagger(model: ParserModel, sentences: Sequence[Sentence], epochs: int = TAG_EPOCHS) -> np.ndarray:
    """Return the tagger's weights learned from ``sentences`` (with ``model``'s vocabulary and tags)."""
    lengths, table = model.table([sentence.tokens for sentence in sentences])
    index = {tag: k for k, tag in enumerate(model.tags)}
    gold = np.array([index[tag] for sentence in sentences for tag in sentence.tags], dtype=np.int64)
    rows = rows_of(tag_features(table, lengths), TAG_BITS).astype(np.int32)
    return _padded(perceptron(rows, gold, len(model.tags), epochs=epochs), TAG_BITS)


def jackknifed_tags(model: ParserModel, sentences: Sequence[Sentence], epochs: int = TAG_EPOCHS) -> np.ndarray:
    """Return the tags of every token of ``sentences``, each fold tagged by a tagger trained on the other folds."""
    fold_of = np.arange(len(sentences)) % FOLDS
    lengths = np.array([len(sentence.tokens) for sentence in sentences])
    token_fold = np.repeat(fold_of, lengths)
    tags = np.zeros(int(lengths.sum()), dtype=np.int64)
    for fold in range(FOLDS):
        model.tagger = learn_tagger(model, [s for s, f in zip(sentences, fold_of, strict=True) if f != fold], epochs)
        held_out = [s.tokens for s, f in zip(sentences, fold_of, strict=True) if f == fold]
        _, table = model.table(held_out)
        tags[token_fold == fold] = model.tag(table, lengths[fold_of == fold])
    return tags


def train(found: Sequence[Split], *, epochs: int = EPOCHS, tag_epochs: int = TAG_EPOCHS) -> ParserModel:
    """Return a model trained on the train parts of ``found``, with its fingerprint."""
    sentences = [sentence for split in found if split.part == Part.TRAIN for sentence in split.sentences]
    words = vocabulary(sentences)
    tags = sorted({tag for sentence in sentences for tag in sentence.tags})
    model = ParserModel(np.zeros((1, 3)), np.zeros((1, 2, len(ARC_LABELS))), np.zeros((1, len(tags))), tags, words)
    predicted = jackknifed_tags(model, sentences, epochs=tag_epochs)
    model.tagger = learn_tagger(model, sentences, epochs=tag_epochs)
    model.actions, model.labels = learn_parser(model, sentences, predicted, epochs=epochs)
    model.fingerprint = extractor_fingerprint(words, tags)
    return model


class Scores(NamedTuple):
    """How well trees match gold ones: attachment scores and the arcs attribution reads."""

    tokens: int
    uas: float
    las: float
    cue_arcs: dict[str, tuple[int, float]]  # relation -> (gold arcs from a cue verb, share right with relation)
    tagging: float = float("nan")  # share of tokens given their gold part of speech


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
    head = "| split | tokens | tags | UAS | LAS | " + " | ".join(f"{r} (n)" for r in CUE_RELATIONS) + " |"
    lines = [head, "|" + " --- |" * (5 + len(CUE_RELATIONS))]
    for name, found in results.items():
        cells = " | ".join(f"{share:.3f} ({n})" for n, share in found.cue_arcs.values())
        lines.append(
            f"| {name} | {found.tokens:,} | {found.tagging:.3f} | {found.uas:.3f} | {found.las:.3f} | {cells} |"
        )
    return "\n".join(lines)


def save(model: ParserModel, path: pathlib.Path = WEIGHTS) -> None:
    """Write the weights as float16 in a compressed ``.npz`` that ``np.load`` reads, the same bytes on every run."""
    arrays = {
        "actions": model.actions.astype(np.float16),
        "fingerprint": np.array(model.fingerprint),
        "labels": model.labels.astype(np.float16),
        "tagger": model.tagger.astype(np.float16),
        "tags": np.array(model.tags),
        "words": np.array(model.vocabulary.words),
    }
    save_weights(path, arrays)


def evaluate(model: ParserModel, found: Sequence[Split], parts: Sequence[Part]) -> dict[str, Scores]:
    """Return the scores of ``model`` on the splits of ``found`` in ``parts``, by split name and part."""
    results = {}
    for split in found:
        if split.part not in parts:
            continue
        sentences = [sentence.tokens for sentence in split.sentences]
        lengths, table = model.table(sentences)
        gold = [tag for sentence in split.sentences for tag in sentence.tags]
        tagging = float(np.mean(np.array(model.tags)[model.tag(table, lengths)] == np.array(gold)))
        results[f"{split.name} {split.part}"] = score(split.sentences, model.parse(sentences))._replace(tagging=tagging)
    return results


def main(argv: Sequence[str] | None = None) -> None:
    """Train and write the weights, or print dev or test figures."""
    parser = argparse.ArgumentParser(prog="python -m workbench.syntax.train", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=WEIGHTS, help="where to write the weights")
    parser.add_argument("--dev", action="store_true", help="print the dev figures instead of writing weights")
    parser.add_argument("--report", action="store_true", help="score the shipped weights on the test splits")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--tag-epochs", type=int, default=TAG_EPOCHS)
    args = parser.parse_args(argv)
    found = splits()
    if args.report:
        print(table(evaluate(ParserModel.shipped(), found, [Part.TEST])))
        return
    started = time.perf_counter()
    model = train(found, epochs=args.epochs, tag_epochs=args.tag_epochs)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    if args.dev:
        print(table(evaluate(model, found, [Part.DEV])))
        return
    save(model, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
