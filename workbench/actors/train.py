"""Reproduce the name finder's shipped weights from the openly licensed annotated text.

From a checkout with the annotated data beside it (``../shared/data/actors``)::

    python -m workbench.actors.train            # train on train + dev, write workbench/data/names_model.npz
    python -m workbench.actors.train --dev      # only train on train and print the dev figures per source

The sources, their fixed splits and how their labels map to person, organisation and place are
in :mod:`workbench.actors.sources` (in short: PER, politician and person are people; ORG,
organisation, politicalparty, group and corporation are organisations; LOC, location and
country are places; every other label, such as UNER's OTH, events, products or nationalities,
is no name). Every source's train part is learned from, weighted by :data:`MIXING`; the
threshold is the one of best F1 on the dev parts of the news-like sources pooled, among those
whose precision there reaches ``MIN_PRECISION``; the test parts are never read.

Deterministic: the documents come in a fixed order, features are hashed with CRC-32 and the
solver (L-BFGS) has no randomness; the archive is written with sorted entries and a fixed date,
so the same code and data give the same file byte for byte. The file also stores the
fingerprint of the feature extractor (:func:`workbench.actors.model.extractor_fingerprint`).
scikit-learn is needed here only, never to use the weights.
"""

from __future__ import annotations

import argparse
import pathlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from workbench.actors import features
from workbench.actors.dictionary import shipped
from workbench.actors.features import DIMENSIONS
from workbench.actors.model import WEIGHTS_FILE, Kind, Name, NameModel, extractor_fingerprint
from workbench.actors.sources import NEWS_LIKE, Source, sources
from workbench.evaluate import names
from workbench.evaluate.annotated import DEFAULT_DATA, Document, Label, Part, Span
from workbench.fingerprint import save_weights
from workbench.lexicon import data_path
from workbench.lexicon import name_tokens as tokens

REGULARISATION = 1.0
"""Inverse L2 strength (scikit-learn's ``C``), chosen on dev."""
MIN_PRECISION = 0.80
"""Dev precision of exact name spans (news-like sources pooled) the threshold must keep.

The news-like sources mark nationalities, elections and events in their own ways, so exact-span
precision there runs lower than on GUM, UNER EWT and wikigold: at 0.80 on them it is about
0.85 on those. The rules and the dictionary add precision on top."""
MIXING: dict[str, float] = dict.fromkeys(NEWS_LIKE, 2.0)
"""Weight of each source's examples in training (1 when not listed), chosen on the news-like dev parts.

The news-like sources count twice: against 1 and 3 their pooled dev F1 ties (0.736 / 0.737 /
0.735) while the mean over the four sources is best at 2 (0.691 / 0.698 / 0.695), the gain
coming from PUD news and re3d, the sources closest to wire news."""
WEIGHTS = data_path(WEIGHTS_FILE)

_KIND_OF = {Label.PER: Kind.PERSON, Label.ORG: Kind.ORGANIZATION, Label.LOC: Kind.PLACE}
LABEL_OF = {kind: label for label, kind in _KIND_OF.items()}


def vocabulary(documents: Iterable[Document]) -> frozenset[str]:
    """Return the words ``documents`` write in lower case at least twice: the model's common words."""
    counts: dict[str, int] = {}
    for document in documents:
        for token in tokens(document.text):
            if token.text[0].islower():
                counts[token.text] = counts.get(token.text, 0) + 1
    return frozenset(word for word, count in counts.items() if count >= 2)


class Examples(NamedTuple):
    """Every candidate of some documents: its hashed features (one sparse row each), gold class and weight."""

    matrix: object
    """A ``scipy.sparse.csr_matrix`` of candidates by hashed feature columns."""
    labels: np.ndarray
    weights: np.ndarray


_BATCH = 500
"""Documents whose features are extracted together: large enough for arrays to pay, small enough for memory."""


def _documents(documents: Sequence[Document]) -> list[features.Document]:
    dictionary = shipped()
    return [features.Document(doc.text, doc.sentences, dictionary.hits(doc.text)) for doc in documents]


def examples(documents: Sequence[Document], common: frozenset[str], mixing: dict[str, float] | None = None) -> Examples:
    """Return the candidates of ``documents`` as :class:`Examples` (columns, not feature strings, are kept).

    ``mixing`` weighs each source's examples (1 when not listed); :data:`MIXING` when omitted.
    """
    mixing = MIXING if mixing is None else mixing
    from scipy import sparse

    blocks = []
    labels: list[int] = []
    weights: list[float] = []
    for first in range(0, len(documents), _BATCH):
        batch = documents[first : first + _BATCH]
        found = features.extract(_documents(batch), common)
        gold = [{(span.start, span.end): _KIND_OF[span.label] for span in document.spans} for document in batch]
        for number, start, end in zip(found.document.tolist(), found.start.tolist(), found.end.tolist(), strict=True):
            labels.append(int(gold[number].get((start, end), Kind.NONE)))
            weights.append(mixing.get(batch[number].corpus, 1.0))
        shape = (len(found.start), DIMENSIONS)
        data = np.ones(len(found.columns), dtype=np.float64)
        blocks.append(sparse.csr_matrix((data, (found.rows, found.columns)), shape=shape))
    matrix = sparse.vstack(blocks, format="csr")
    matrix.sum_duplicates()
    return Examples(matrix, np.asarray(labels), np.asarray(weights))


def fit(
    documents: Sequence[Document], regularisation: float = REGULARISATION, mixing: dict[str, float] | None = None
) -> NameModel:
    """Return a model trained on ``documents`` (threshold 0.5 until :func:`calibrate` sets one)."""
    from sklearn.linear_model import LogisticRegression

    common = vocabulary(documents)
    found = examples(documents, common, mixing)
    classifier = LogisticRegression(C=regularisation, max_iter=2000)
    classifier.fit(found.matrix, found.labels, sample_weight=found.weights)
    weights = np.zeros((len(Kind), DIMENSIONS), dtype=np.float32)
    bias = np.zeros(len(Kind), dtype=np.float32)
    for row, kind in enumerate(classifier.classes_):
        weights[kind] = classifier.coef_[row]
        bias[kind] = classifier.intercept_[row]
    return NameModel(weights, bias, 0.5, common, extractor_fingerprint(common))


def found_names(model: NameModel, documents: Sequence[Document]) -> dict[int, list[Name]]:
    """Return the names ``model`` finds in each of ``documents``, by the document's ``id``, scored in batches."""
    out: dict[int, list[Name]] = {}
    for first in range(0, len(documents), _BATCH):
        batch = documents[first : first + _BATCH]
        out |= {id(doc): found for doc, found in zip(batch, model.names(_documents(batch)), strict=True)}
    return out


def finder(model: NameModel, documents: Sequence[Document]) -> names.Finder:
    """Return the model as a finder of ``documents`` for :func:`workbench.evaluate.names.score` (read at once)."""
    found = found_names(model, documents)

    def find(document: Document) -> list[Span]:
        return [Span(name.start, name.end, LABEL_OF[name.kind]) for name in found[id(document)]]

    return find


THRESHOLDS = np.arange(0.3, 0.96, 0.05)
"""The decision thresholds :func:`calibrate` tries."""


def calibrate(model: NameModel, documents: Sequence[Document]) -> NameModel:
    """Return ``model`` with the threshold of best dev F1 among those with precision >= ``MIN_PRECISION``.

    Names are taken likeliest first, so the names at a threshold are those found at the lowest
    threshold whose probability reaches it: the documents are read once, not once per threshold.
    """
    model.threshold = float(THRESHOLDS[0])
    found = found_names(model, documents)
    best = (-1.0, 0.5)
    for threshold in THRESHOLDS:

        def find(document: Document, at: float = float(threshold)) -> list[Span]:
            return [Span(n.start, n.end, LABEL_OF[n.kind]) for n in found[id(document)] if n.probability >= at]

        figures = names.score(documents, find)[names.ANY]
        if figures.precision >= MIN_PRECISION and figures.f1 > best[0]:
            best = (figures.f1, float(threshold))
    model.threshold = best[1]
    return model


def save(model: NameModel, path: pathlib.Path = WEIGHTS) -> None:
    """Write the weights as float16 in a compressed ``.npz`` that ``np.load`` reads, the same bytes on every run.

    Unused hashed columns are zeros, so compression keeps the file small; entries are written in
    name order with a fixed date and fixed permissions, whatever the clock or the numpy version.
    """
    arrays = {
        "bias": model.bias.astype(np.float32),
        "common": np.array(sorted(model.common)),
        "fingerprint": np.array(model.fingerprint),
        "threshold": np.float32(model.threshold),
        "weights": model.weights.astype(np.float16),
    }
    save_weights(path, arrays)


def part(found: Sequence[Source], which: Part, news_only: bool = False) -> list[Document]:
    """Return the documents of one part of every source (only the news-like ones with ``news_only``), in order."""
    return [doc for source in found if source.news or not news_only for doc in source.parts[which]]


def dev_table(model: NameModel, found: Sequence[Source], label: str) -> str:
    """Return the dev figures of ``model`` per source as a Markdown table (news-like sources marked)."""
    results = {
        f"{label} | {source.name}{' (news)' if source.news else ''}": names.score(
            source.parts[Part.DEV], finder(model, source.parts[Part.DEV])
        )
        for source in found
    }
    return names.table(results)


def _mixing(text: str) -> dict[str, float]:
    """Read ``--mix``: comma-separated ``source=weight`` pairs."""
    try:
        return {name.strip(): float(weight) for name, weight in (pair.split("=") for pair in text.split(",") if pair)}
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write source=weight pairs, such as pud_news=3,re3d=2") from None


def main(argv: Sequence[str] | None = None) -> None:
    """Train on train, calibrate and print the dev figures, then train on train + dev and write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA, help="folder of the annotated data")
    parser.add_argument("--dev", action="store_true", help="stop after the dev figures of a model trained on train")
    parser.add_argument("--C", type=float, default=REGULARISATION, help="inverse regularisation strength")
    parser.add_argument("--out", type=pathlib.Path, default=WEIGHTS, help="where to write the weights")
    parser.add_argument(
        "--mix",
        type=_mixing,
        default=MIXING,
        help="weights of sources' examples, such as pud_news=3,re3d=2 (others 1; default: the chosen MIXING)",
    )
    args = parser.parse_args(argv)
    found = sources(args.data)
    model = calibrate(fit(part(found, Part.TRAIN), args.C, args.mix), part(found, Part.DEV, news_only=True))
    print(f"threshold {model.threshold:.2f}")
    print(dev_table(model, found, "trained on train"), flush=True)
    if args.dev:
        return
    final = fit([*part(found, Part.TRAIN), *part(found, Part.DEV)], args.C, args.mix)
    final.threshold = model.threshold
    save(final, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
