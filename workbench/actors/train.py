"""Reproduce the name finder's shipped weights from the openly licensed annotated text.

From a checkout with the annotated data beside it (``../shared/data/actors``)::

    python -m workbench.actors.train            # train on train + dev, write workbench/data/names_model.npz
    python -m workbench.actors.train --dev      # train on train only and print the dev figures

Deterministic: the documents come in a fixed order, features are hashed with CRC-32 and the
solver (L-BFGS) has no randomness; the archive is written with sorted entries and a fixed date,
so the same code and data give the same file byte for byte. The file also stores the
fingerprint of the feature extractor (:func:`workbench.actors.model.extractor_fingerprint`).
scikit-learn is needed here only, never to use the weights.
The decision threshold is the one that maximises F1 on dev among thresholds whose dev
precision reaches ``MIN_PRECISION``; the test split is never read.
"""

from __future__ import annotations

import argparse
import io
import pathlib
import zipfile
from collections.abc import Iterable, Sequence

import numpy as np

from workbench.actors.dictionary import shipped
from workbench.actors.model import (
    DIMENSIONS,
    Kind,
    NameModel,
    candidates,
    context,
    extractor_fingerprint,
    features,
    index,
    sentence,
)
from workbench.evaluate import names
from workbench.evaluate.annotated import DEFAULT_DATA, Document, Label, Part, Span, split
from workbench.lexicon import name_tokens as tokens

REGULARISATION = 1.0
"""Inverse L2 strength (scikit-learn's ``C``), chosen on dev."""
MIN_PRECISION = 0.85
"""Dev precision of exact name spans the threshold must keep; the rules and the dictionary add precision on top."""
WEIGHTS = pathlib.Path(__file__).resolve().parents[1] / "data" / "names_model.npz"

_KIND_OF = {Label.PER: Kind.PERSON, Label.ORG: Kind.ORGANIZATION, Label.LOC: Kind.PLACE}
LABEL_OF = {kind: label for label, kind in _KIND_OF.items()}


def _sentences(document: Document) -> list[list]:
    return [tokens(document.text, start, end) for start, end in document.sentences]


def vocabulary(documents: Iterable[Document]) -> frozenset[str]:
    """Return the words ``documents`` write in lower case at least twice: the model's common words."""
    counts: dict[str, int] = {}
    for document in documents:
        for token in tokens(document.text):
            if token.text[0].islower():
                counts[token.text] = counts.get(token.text, 0) + 1
    return frozenset(word for word, count in counts.items() if count >= 2)


def examples(documents: Sequence[Document], common: frozenset[str]) -> tuple[list[list[str]], list[int]]:
    """Return the features and the gold class of every candidate of ``documents``."""
    dictionary = shipped()
    rows: list[list[str]] = []
    labels: list[int] = []
    for document in documents:
        gold = {(span.start, span.end): _KIND_OF[span.label] for span in document.spans}
        sentences = _sentences(document)
        ctx = context(document.text, sentences, dictionary.hits(document.text), common)
        for words in sentences:
            view = sentence(words)
            for candidate in candidates(words):
                span = (words[candidate.first].start, words[candidate.last].end)
                rows.append(features(view, candidate, ctx))
                labels.append(int(gold.get(span, Kind.NONE)))
    return rows, labels


def _matrix(rows: Sequence[Sequence[str]]):
    from scipy import sparse

    columns = [index(feature) for row in rows for feature in row]
    pointers = np.cumsum([0, *(len(row) for row in rows)])
    data = np.ones(len(columns), dtype=np.float64)
    matrix = sparse.csr_matrix((data, columns, pointers), shape=(len(rows), DIMENSIONS))
    matrix.sum_duplicates()
    return matrix


def fit(documents: Sequence[Document], regularisation: float = REGULARISATION) -> NameModel:
    """Return a model trained on ``documents`` (threshold 0.5 until :func:`calibrate` sets one)."""
    from sklearn.linear_model import LogisticRegression

    common = vocabulary(documents)
    rows, labels = examples(documents, common)
    classifier = LogisticRegression(C=regularisation, max_iter=2000)
    classifier.fit(_matrix(rows), np.asarray(labels))
    weights = np.zeros((len(Kind), DIMENSIONS), dtype=np.float32)
    bias = np.zeros(len(Kind), dtype=np.float32)
    for row, kind in enumerate(classifier.classes_):
        weights[kind] = classifier.coef_[row]
        bias[kind] = classifier.intercept_[row]
    return NameModel(weights, bias, 0.5, common, extractor_fingerprint(common))


def finder(model: NameModel) -> names.Finder:
    """Return the model as a finder for :func:`workbench.evaluate.names.score`."""
    dictionary = shipped()

    def find(document: Document) -> list[Span]:
        found = model.names(document.text, _sentences(document), dictionary.hits(document.text))
        return [Span(name.start, name.end, LABEL_OF[name.kind]) for name in found]

    return find


THRESHOLDS = np.arange(0.3, 0.96, 0.05)
"""The decision thresholds :func:`calibrate` tries."""


def calibrate(model: NameModel, documents: Sequence[Document]) -> NameModel:
    """Return ``model`` with the threshold of best dev F1 among those with precision >= ``MIN_PRECISION``.

    Names are taken likeliest first, so the names at a threshold are those found at the lowest
    threshold whose probability reaches it: the documents are read once, not once per threshold.
    """
    dictionary = shipped()
    model.threshold = float(THRESHOLDS[0])
    found = {id(doc): model.names(doc.text, _sentences(doc), dictionary.hits(doc.text)) for doc in documents}
    best = (-1.0, 0.5)
    for threshold in THRESHOLDS:

        def find(document: Document, at: float = float(threshold)) -> list[Span]:
            return [Span(n.start, n.end, LABEL_OF[n.kind]) for n in found[id(document)] if n.probability >= at]

        figures = names.score(documents, find)[names.ANY]
        if figures.precision >= MIN_PRECISION and figures.f1 > best[0]:
            best = (figures.f1, float(threshold))
    model.threshold = best[1]
    return model


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date every entry of the weights archive carries: the file's bytes depend on the arrays alone."""


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
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(arrays[name]), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> None:
    """Train, calibrate on dev, and write the weights (or print the dev figures with ``--dev``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA, help="folder of the annotated data")
    parser.add_argument("--dev", action="store_true", help="train on train only and print the dev figures")
    parser.add_argument("--C", type=float, default=REGULARISATION, help="inverse regularisation strength")
    parser.add_argument("--out", type=pathlib.Path, default=WEIGHTS, help="where to write the weights")
    args = parser.parse_args(argv)
    parts = split(args.data)
    model = calibrate(fit(parts[Part.TRAIN], args.C), parts[Part.DEV])
    print(f"threshold {model.threshold:.2f}")
    if args.dev:
        print(names.table({"model (train)": names.score(parts[Part.DEV], finder(model))}))
        return
    final = fit([*parts[Part.TRAIN], *parts[Part.DEV]], args.C)
    final.threshold = model.threshold
    save(final, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
