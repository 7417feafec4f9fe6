"""A learned name finder: capitalised spans of a sentence scored as person, organisation or place.

News names most actors with no title and no speech verb near them ("Tomas Brandvik",
"Nordlys", "Harbour Watch"), which rules read from shapes alone cannot tell from other
capitalised words. Here every *candidate* of :mod:`workbench.actors.features` (a span of
capitalised words) is described by hashed features (its words, shapes, affixes, the words
around it, dictionary hits, whether its words appear in lower case elsewhere in the document)
and scored by a multinomial logistic regression. The best-scoring candidates that do not
overlap are the names. A batch of documents is scored at once: features are array gathers, and
the scores one sum per candidate.

The weights ship in ``workbench/data/names_model.npz`` and load once, on first use;
``python -m workbench.actors.train`` reproduces them from openly licensed annotated text
(see NOTICE). Features are strings hashed with CRC-32, so training and use agree across
processes and machines. The weights carry a fingerprint of the feature extractor
(:func:`extractor_fingerprint`): a test compares it with the code's, so a change to candidates
or features cannot ship without retraining.
"""

from __future__ import annotations

import bisect
import enum
import functools
import io
import itertools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from workbench import fingerprint as fingerprints
from workbench.actors import features as extractor
from workbench.actors.dictionary import shipped
from workbench.actors.features import DIMENSIONS, MAX_TOKENS, Document, Features
from workbench.lexicon import data_bytes


class Kind(enum.IntEnum):
    """The classes the model scores; their order is the row order of the shipped weights."""

    NONE = 0
    PERSON = 1
    ORGANIZATION = 2
    PLACE = 3


_KINDS = tuple(Kind)
"""The kinds by number, looked up without a call to the enum per candidate."""


class Name(NamedTuple):
    """A name the model found: ``text[start:end]``, its kind and the model's probability."""

    start: int
    end: int
    kind: Kind
    probability: float


PROBE = (
    "Maren Solberg-Aas, who chairs Fjordline Shipping ASA, told the Vestby Courier on Tuesday that talks had stalled.",
    "KORVIK SHARES SLIDE AFTER HALDEN BANK CUTS FORECAST",
    "BERGSTAD, March 3 - The Tidewater Workers' Union said its members at Orrin Metals Ltd would strike.",
    "Squad: Tomas Lind, Ake Nyberg, Per-Olof Dahl-Vik and Juhani Kettu.",
    "The head of the Council of Coastal Mayors, Ines Valdemar, met Ruud's deputy in Greyhaven.",
    "A spokesman for the NWCF said Brightfield Energy's chief, Dr. Olu Adebayo, had resigned.",
    "nobody in the tarnow city council voted for the plan, said councillor anna breza.",
)
"""Sentences written for the fingerprint: names in the shapes the features read (mixed case,
capitals, a dateline, a list, hyphens, possessives, an acronym, lower case)."""


def extractor_fingerprint(common: frozenset[str]) -> str:
    """Return the fingerprint of the candidates and feature columns the code makes of :data:`PROBE`.

    ``common`` is the model's lower-case vocabulary (features read it). The shipped dictionary's
    hits count too, so a change to candidates, feature templates, word lists or the dictionary
    changes the fingerprint. See :mod:`workbench.fingerprint`.
    """
    text = "\n".join(PROBE)
    bounds = list(itertools.accumulate((len(line) + 1 for line in PROBE[:-1]), initial=0))
    sentences = [(start, start + len(line)) for start, line in zip(bounds, PROBE, strict=True)]
    found = extractor.extract([Document(text, sentences, shipped().hits(text))], common)
    order = np.argsort(found.rows, kind="stable")
    rows, columns = found.rows[order], found.columns[order]
    columns = np.split(columns, np.searchsorted(rows, np.arange(1, len(found.start))))
    rows = [
        (start, end, *sorted(row.tolist()))
        for start, end, row in zip(found.start.tolist(), found.end.tolist(), columns, strict=True)
    ]
    description = f"name_tokens; CRC-32 mod {DIMENSIONS}; at most {MAX_TOKENS} tokens; classes {[k.name for k in Kind]}"
    return fingerprints.fingerprint(description, rows)


WEIGHTS_FILE = "names_model.npz"
RETRAIN = "python -m workbench.actors.train"


class NameModel:
    """The shipped weights: a class-by-feature matrix and one bias per class.

    ``fingerprint`` is the :func:`extractor_fingerprint` of the code the weights were trained
    with; :meth:`check` compares it with the code's now.
    """

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        threshold: float,
        common: frozenset[str],
        fingerprint: str = "",
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.common = common
        self.fingerprint = fingerprint
        self._by_kind = weights.astype(np.float32).astype(np.float64)
        """The weights of each class, rounded to float32 and held as float64: the scores are summed
        in float64 anyway, and a class's weights gathered from a contiguous row need no conversion."""

    @classmethod
    @functools.cache
    def shipped(cls) -> NameModel:
        """Return the model shipped in ``workbench/data/names_model.npz``, loaded once per process."""
        with np.load(io.BytesIO(data_bytes(WEIGHTS_FILE))) as data:
            return cls(
                data["weights"].astype(np.float32),
                data["bias"].astype(np.float32),
                float(data["threshold"]),
                frozenset(data["common"].tolist()),
                str(data["fingerprint"]) if "fingerprint" in data else "",
            )

    def check(self) -> None:
        """Raise :class:`~workbench.fingerprint.FingerprintError` when the code's features are not the weights'."""
        fingerprints.check(
            self.fingerprint,
            extractor_fingerprint(self.common),
            model=f"the name finder (workbench/data/{WEIGHTS_FILE})",
            retrain=RETRAIN,
        )

    def probabilities(self, found: Features) -> np.ndarray:
        """Return the class probabilities of the candidates ``found``, one row each."""
        if not len(found.start):
            return np.zeros((0, len(Kind)), dtype=np.float32)
        count = len(found.start)
        scores = np.column_stack(
            [np.bincount(found.rows, weights=row.take(found.columns), minlength=count) for row in self._by_kind]
        )
        scores += self.bias
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        return scores / scores.sum(axis=1, keepdims=True)

    def names(self, documents: Sequence[Document]) -> list[list[Name]]:
        """Return the names of each document: its likeliest candidates that do not overlap.

        A candidate is a name when the probability that it is one (of any kind) reaches the
        threshold; its kind is the likeliest of the three.
        """
        found = extractor.extract(documents, self.common)
        probabilities = self.probabilities(found)
        best = list(map(_KINDS.__getitem__, (probabilities[:, 1:].argmax(axis=1) + 1).tolist()))
        score = 1.0 - probabilities[:, Kind.NONE]
        # Likeliest first within each document; the documents stay in order.
        order = np.lexsort((-score, found.document)).tolist()
        starts, ends, values = found.start.tolist(), found.end.tolist(), score.tolist()
        bounds = np.searchsorted(found.document, np.arange(len(documents) + 1)).tolist()
        return [self._best(order[low:high], values, best, starts, ends) for low, high in itertools.pairwise(bounds)]

    def _best(
        self, order: list[int], score: list[float], best: list[Kind], starts: list[int], ends: list[int]
    ) -> list[Name]:
        """Return the names among one document's candidates (``order``, likeliest first) that do not overlap."""
        # The names taken so far do not overlap, so sorted by start their ends are sorted too.
        taken_starts: list[int] = []
        taken_ends: list[int] = []
        found: list[Name] = []
        for k in order:
            probability = score[k]
            if probability < self.threshold:
                break
            start, end = starts[k], ends[k]
            before = bisect.bisect_left(taken_starts, end)
            if before and taken_ends[before - 1] > start:
                continue
            taken_starts.insert(before, start)
            taken_ends.insert(before, end)
            found.append(Name(start, end, best[k], probability))
        found.sort()
        return found
