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
    LABEL_SALT,
    LABEL_TEMPLATES,
    TAG_BITS,
    WEIGHTS_FILE,
    Move,
    ParserModel,
    Tree,
    extractor_fingerprint,
    normalise,
    rows_of,
    tag_features,
)
from workbench.syntax.treebank import Part, Sentence, Split, projective, splits

WEIGHTS = data_path(WEIGHTS_FILE)
EPOCHS = 8
"""Passes over the parser's training configurations, chosen on dev."""
TAG_EPOCHS = 5
"""Passes over the tagger's training tokens, chosen on dev."""
BATCH = 16
"""Examples scored together before their mistakes are corrected, chosen on dev."""
FOLDS = 2
"""The parser learns from tags the tagger gave without having seen the sentence: it is trained on the other folds."""
MIN_COUNT = 2
"""A word seen fewer times than this in training is "unknown" to the parser."""
SEED = 20261207
CHUNK = 2000
"""Sentences walked together when recording configurations (bounds the memory of one batch)."""
_LABEL_OF = {label: k for k, label in enumerate(ARC_LABELS)}


class Examples(NamedTuple):
    """The configurations of the oracle's walks: weight rows of their features, legal and right moves, relations.

    ``label_rows`` and ``labels`` hold only the configurations whose right move makes an arc.
    """

    action_rows: np.ndarray  # int32 (configurations, templates)
    legal: np.ndarray  # bool (configurations, 3)
    moves: np.ndarray  # int64
    label_rows: np.ndarray  # int32 (arc configurations, relation templates): row * 2 + direction
    labels: np.ndarray  # int64, index of ARC_LABELS


def vocabulary(sentences: Sequence[Sentence]) -> list[str]:
    """Return the words seen at least :data:`MIN_COUNT` times, most frequent first (ties alphabetical)."""
    counts = Counter(normalise(token) for sentence in sentences for token in sentence.tokens)
    return [word for word, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n >= MIN_COUNT]


def oracle_examples(model: ParserModel, sentences: Sequence[Sentence], tags: np.ndarray) -> Examples:
    """Walk every sentence's (projective) gold tree with the static oracle and record each configuration.

    ``tags`` gives the tag index of every token of ``sentences``, one after the other.
    """
    parts: list[Examples] = []
    first_tag = 0
    for first in range(0, len(sentences), CHUNK):
        chunk = sentences[first : first + CHUNK]
        size = sum(len(sentence.tokens) for sentence in chunk)
        batch = model.batch([sentence.tokens for sentence in chunk], tags[first_tag : first_tag + size])
        first_tag += size
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
            arcs = moves != Move.SHIFT
            label_rows = rows_of(batch.features(rows[arcs], LABEL_TEMPLATES, LABEL_SALT), LABEL_BITS)
            parts.append(
                Examples(
                    rows_of(batch.features(rows), ACTION_BITS).astype(np.int32),
                    batch.legal(rows),
                    moves,
                    (label_rows * 2 + (moves[arcs] - 1)[:, None]).astype(np.int32),
                    labels[arcs],
                )
            )
            batch.apply(rows, moves, labels)
            rows = batch.active()
    return Examples(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def perceptron(
    rows: np.ndarray,
    gold: np.ndarray,
    width: int,
    *,
    legal: np.ndarray | None = None,
    epochs: int,
    batch: int = BATCH,
    seed: int = SEED,
) -> np.ndarray:
    """Return averaged perceptron weights ``(rows.max() + 1, width)`` for examples given by their feature rows.

    Each mini-batch of ``batch`` examples is scored with the weights as they are (only among
    the ``legal`` classes when given); every mistake in it then adds 1 to the right class and
    takes 1 from the guessed one on each of its feature rows. The order of the examples is
    shuffled by ``seed`` at each of the ``epochs`` passes.
    """
    size = (int(rows.max(initial=0)) + 1) * width
    weights = np.zeros(size, dtype=np.float64)
    sums = np.zeros(size, dtype=np.float64)
    table = weights.reshape(-1, width)
    rng = np.random.default_rng(seed)
    clock = 1
    for _ in range(epochs):
        order = rng.permutation(len(gold))
        for first in range(0, len(order), batch):
            take = order[first : first + batch]
            scores = table[rows[take]].sum(axis=1)
            if legal is not None:
                scores = np.where(legal[take], scores, -np.inf)
            guess = scores.argmax(axis=1)
            wrong = guess != gold[take]
            if wrong.any():
                at = rows[take[wrong]].astype(np.int64) * width
                up = (at + gold[take[wrong]][:, None]).ravel()
                down = (at + guess[wrong][:, None]).ravel()
                np.add.at(weights, up, 1.0)
                np.add.at(weights, down, -1.0)
                np.add.at(sums, up, float(clock))
                np.add.at(sums, down, -float(clock))
            clock += 1
    return (weights - sums / clock).reshape(-1, width).astype(np.float32)


def _padded(weights: np.ndarray, bits: int) -> np.ndarray:
    """Return ``weights`` with zero rows added up to ``2**bits`` rows (rows never seen in training)."""
    out = np.zeros((1 << bits, weights.shape[1]), dtype=np.float32)
    out[: len(weights)] = weights
    return out


def learn_tagger(
    model: ParserModel, sentences: Sequence[Sentence], epochs: int = TAG_EPOCHS, batch: int = BATCH
) -> np.ndarray:
    """Return the tagger's weights learned from ``sentences`` (with ``model``'s vocabulary and tags)."""
    lengths, table = model.table([sentence.tokens for sentence in sentences])
    index = {tag: k for k, tag in enumerate(model.tags)}
    gold = np.array([index[tag] for sentence in sentences for tag in sentence.tags], dtype=np.int64)
    rows = rows_of(tag_features(table, lengths), TAG_BITS).astype(np.int32)
    return _padded(perceptron(rows, gold, len(model.tags), epochs=epochs, batch=batch), TAG_BITS)


def jackknifed_tags(model: ParserModel, sentences: Sequence[Sentence], **settings: int) -> np.ndarray:
    """Return the tags of every token of ``sentences``, each fold tagged by a tagger trained on the other folds."""
    fold_of = np.arange(len(sentences)) % FOLDS
    lengths = np.array([len(sentence.tokens) for sentence in sentences])
    token_fold = np.repeat(fold_of, lengths)
    tags = np.zeros(int(lengths.sum()), dtype=np.int64)
    for fold in range(FOLDS):
        model.tagger = learn_tagger(
            model, [s for s, f in zip(sentences, fold_of, strict=True) if f != fold], **settings
        )
        held_out = [s.tokens for s, f in zip(sentences, fold_of, strict=True) if f == fold]
        _, table = model.table(held_out)
        tags[token_fold == fold] = model.tag(table, lengths[fold_of == fold])
    return tags


def train(
    found: Sequence[Split], *, epochs: int = EPOCHS, tag_epochs: int = TAG_EPOCHS, batch: int = BATCH
) -> ParserModel:
    """Return a model trained on the train parts of ``found``, with its fingerprint."""
    sentences = [sentence for split in found if split.part == Part.TRAIN for sentence in split.sentences]
    words = vocabulary(sentences)
    tags = sorted({tag for sentence in sentences for tag in sentence.tags})
    model = ParserModel(np.zeros((1, 3)), np.zeros((1, 2, len(ARC_LABELS))), np.zeros((1, len(tags))), tags, words)
    predicted = jackknifed_tags(model, sentences, epochs=tag_epochs, batch=batch)
    model.tagger = learn_tagger(model, sentences, epochs=tag_epochs, batch=batch)
    examples = oracle_examples(model, sentences, predicted)
    actions = perceptron(examples.action_rows, examples.moves, 3, legal=examples.legal, epochs=epochs, batch=batch)
    labels = perceptron(examples.label_rows, examples.labels, len(ARC_LABELS), epochs=epochs, batch=batch)
    model.actions = _padded(actions, ACTION_BITS)
    model.labels = _padded(labels, LABEL_BITS + 1).reshape(-1, 2, len(ARC_LABELS))
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


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
    parser.add_argument("--batch", type=int, default=BATCH)
    args = parser.parse_args(argv)
    found = splits()
    if args.report:
        print(table(evaluate(ParserModel.shipped(), found, [Part.TEST])))
        return
    started = time.perf_counter()
    model = train(found, epochs=args.epochs, tag_epochs=args.tag_epochs, batch=args.batch)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    if args.dev:
        print(table(evaluate(model, found, [Part.DEV])))
        return
    save(model, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
