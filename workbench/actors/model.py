"""A learned name finder: capitalised spans of a sentence scored as person, organisation or place.

News names most actors with no title and no speech verb near them ("Tomas Brandvik",
"Nordlys", "Harbour Watch"), which rules read from shapes alone cannot tell from other
capitalised words. Here every *candidate* of :mod:`workbench.actors.candidates` (a span of
capitalised words) is described by hashed features (its words, shapes, affixes, the words
around it, dictionary hits, whether its words appear in lower case elsewhere in the document)
and scored by a multinomial logistic regression. The best-scoring candidates that do not
overlap are the names.

The weights ship in ``workbench/data/names_model.npz`` and load once, on first use;
``python -m workbench.actors.train`` reproduces them from openly licensed annotated text
(see NOTICE). Features are strings hashed with CRC-32, so training and use agree across
processes and machines; each distinct feature is hashed once per process. The weights carry a
fingerprint of the feature extractor (:func:`extractor_fingerprint`): a test compares it with the
code's, so a change to candidates or features cannot ship without retraining.
"""

from __future__ import annotations

import bisect
import enum
import functools
import io
import itertools
import zlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from workbench import fingerprint as fingerprints
from workbench.actors.candidates import (
    MAX_TOKENS,
    OPENING,
    Candidate,
    Context,
    Sentence,
    candidates,
    capitalised,
    context,
    sentence,
    truecased,
)
from workbench.actors.dictionary import ActorDictionary, Hit, shipped
from workbench.lexicon import (
    FREQUENT_SURNAMES,
    GIVEN_NAMES,
    LEGAL_FORMS,
    NOT_NAMES,
    ORG_HEADS,
    PERSON_NOUNS,
    STOP_WORDS,
    SURNAMES,
    TITLE_HEADS,
    Token,
    data_bytes,
    name_tokens,
)

DIMENSIONS = 1 << 18
"""Hashed feature space; collisions at this size cost nothing measurable on the dev split."""


class Kind(enum.IntEnum):
    """The classes the model scores; their order is the row order of the shipped weights."""

    NONE = 0
    PERSON = 1
    ORGANIZATION = 2
    PLACE = 3


class Name(NamedTuple):
    """A name the model found: ``text[start:end]``, its kind and the model's probability."""

    start: int
    end: int
    kind: Kind
    probability: float


@functools.lru_cache(maxsize=1 << 16)
def _shape(word: str) -> str:
    """Return the shape of ``word`` ("Xx" as "X", "U.S." as "A.", "Yiu-chung" as "X-"); cached per word."""
    if len(word) > 1 and word.replace(".", "").isupper():
        return "A." if "." in word else "AA"
    shape = "X" if word[0].isupper() else "x" if word[0].isalpha() else "d" if word[0].isdigit() else word[0]
    if "-" in word:
        shape += "-"
    if any(c.isdigit() for c in word[1:]):
        shape += "d"
    if any(c.isupper() for c in word[1:]):
        shape += "X"
    return shape


@functools.lru_cache(maxsize=1 << 16)
def _span_features(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return the features a span's own words make, whatever stands around it; cached (names repeat)."""
    lower = [word.lower() for word in words]
    head, tail = words[0], words[-1]
    n = min(len(words), 5)
    shapes = " ".join(_shape(word) if capitalised(word) else word for word in words)
    out = [
        "bias",
        f"n={n}",
        f"shape={shapes}",
        f"first={lower[0]}",
        f"last={lower[-1]}",
        f"suffix={lower[-1][-3:]}",
        f"prefix={lower[0][:3]}",
        *(f"word={word}" for word in lower),
        f"suffix2={lower[-1][-2:]}",
        f"suffix4={lower[-1][-4:]}",
    ]
    if tail in ORG_HEADS:
        out.append("org_head")
    if n > 1 and any(word in ORG_HEADS for word in words[:-1]):
        out.append("inner_org_head")
    if tail in NOT_NAMES:
        out.append("thing_head")
    if tail in TITLE_HEADS:
        out.append("title_head")
    if head in STOP_WORDS:
        out.append(f"stop_word_first|{n}")
    if n > 1 and (lower[-1].rstrip(".") in _LEGAL_FORMS or " ".join(lower[-2:]) in LEGAL_FORMS):
        out.append("legal_form")
    out.append(f"gazetteer_first={_gazetteer(lower[0])}|{n}")
    if n > 1:
        out.append(f"gazetteer_last={_gazetteer(lower[-1])}")
        out.append(f"gazetteer_pair={_gazetteer(lower[0])}|{_gazetteer(lower[-1])}")
    if all(word.isupper() for word in words):
        out.append(f"all_capitals|{n}")
    return tuple(out)


_LEGAL_FORMS = frozenset(form.rstrip(".") for form in LEGAL_FORMS)
"""Legal forms without a final period ("Ltd." is read as "ltd"); multi-word forms are matched whole."""


@functools.lru_cache(maxsize=1 << 16)
def _gazetteer(word: str) -> str:
    """Return which census name lists hold the lower-case ``word``: "g" given, "S" frequent or "s" other surname."""
    return (
        ("g" if word in GIVEN_NAMES else "")
        + ("S" if word in FREQUENT_SURNAMES else "s" if word in SURNAMES else "")
        or "-"
    )


def features(view: Sentence, candidate: Candidate, ctx: Context) -> list[str]:
    """Return the feature strings of one candidate: its words, shapes and neighbours."""
    words = tuple(view.words[candidate.first : candidate.last + 1])
    return [*_span_features(words), *_context_features(view, candidate, ctx)]


def _context_features(view: Sentence, candidate: Candidate, ctx: Context) -> list[str]:
    """Return the features of a candidate that depend on what stands around it, in the sentence and the document."""
    first, last = candidate
    size = len(view.words)
    words = view.words[first : last + 1]
    head, low_head, low_tail = words[0], view.lower[first], view.lower[last]
    before = view.words[first - 1] if first else "<s>"
    before2 = view.words[first - 2] if first > 1 else "<s>"
    after = view.words[last + 1] if last + 1 < size else "</s>"
    after2 = view.words[last + 2] if last + 2 < size else "</s>"
    before_lower, after_lower = before.lower(), after.lower()
    n = min(len(words), 5)
    opens = first == 0 or before in OPENING
    out = [
        f"before={before_lower}",
        f"before2={before2.lower()} {before_lower}",
        f"after={after_lower}",
        f"after2={after_lower} {after2.lower()}",
        f"before_shape={_shape(before)}",
        f"after_shape={_shape(after)}",
        f"opens={first == 0}|{n}",
        f"first_shape={_shape(head)}|{opens}|{n}",
    ]
    if opens:
        out.append(f"opener={low_head}")
        out.append(f"opener_inner={head in ctx.inner}|{n}")
    if view.headline:
        out.append("headline")
    if words[-1].isupper() and len(words[-1]) > 1:
        # All capitals (a headline, a dateline, an acronym): does the article write it in mixed case?
        out.append(f"capitals_mixed_elsewhere={all(word.lower() in ctx.mixed for word in words)}|{view.headline}")
    out.append(f"around={_shape(before)}|{_shape(after)}")
    if low_head in ctx.common:
        out.append(f"common|True|{n}")
    if low_tail in ctx.common:
        out.append(f"common|False|{n}")
    if low_head in ctx.lowered:
        out.append(f"first_lowered|{n}|{first == 0}")
    if low_tail in ctx.lowered:
        out.append(f"last_lowered|{n}")
    if n == 1:
        out.append(f"repeats={min(ctx.counts.get(head, 0), 3)}")
    tokens = view.tokens
    kind = ctx.hits.get((tokens[first].start, tokens[last].end))
    if kind is not None:
        out.append(f"dictionary={kind}")
    elif ctx.hit_starts:
        out += [
            f"dictionary_inside={ctx.hit_starts[token.start]}|{k == 0}"
            for k, token in enumerate(tokens[first : last + 1])
            if token.start in ctx.hit_starts
        ]
    if head in ctx.given:
        out.append(f"given|{n}")
    if before.rstrip(".") in TITLE_HEADS or before in TITLE_HEADS:
        out.append("after_title")
    if before_lower in PERSON_NOUNS or before2.lower() in PERSON_NOUNS:
        out.append("after_person_noun")
    return out


_COLUMNS: dict[str, int] = {}


def index(feature: str) -> int:
    """Return the column of ``feature`` in the hashed space (CRC-32, the same in every process); cached."""
    column = _COLUMNS.get(feature)
    if column is None:
        if len(_COLUMNS) > 1 << 21:
            _COLUMNS.clear()
        column = _COLUMNS[feature] = zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)
    return column


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
    """Return the fingerprint of the candidates and features the code makes of :data:`PROBE`.

    ``common`` is the model's lower-case vocabulary (features read it). The shipped dictionary's
    hits count too, so a change to candidates, feature templates, word lists or the dictionary
    changes the fingerprint. See :mod:`workbench.fingerprint`.
    """
    text = "\n".join(PROBE)
    bounds = list(itertools.accumulate((len(line) + 1 for line in PROBE[:-1]), initial=0))
    sentences = [name_tokens(text, start, start + len(line)) for start, line in zip(bounds, PROBE, strict=True)]
    sentences = truecased(sentences, common)
    ctx = context(text, sentences, shipped().hits(text), common)
    rows = [
        (tokens[candidate.first].start, tokens[candidate.last].end, *sorted(features(view, candidate, ctx)))
        for tokens in sentences
        for view in [sentence(tokens)]
        for candidate in candidates(tokens)
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
        self._span_scores: dict[tuple[str, ...], np.ndarray] = {}

    def _span_score(self, words: tuple[str, ...]) -> np.ndarray:
        """Return the summed weights of the features a span's own words make; cached, since names repeat."""
        score = self._span_scores.get(words)
        if score is None:
            if len(self._span_scores) > 1 << 16:
                self._span_scores.clear()
            columns = [index(feature) for feature in _span_features(words)]
            score = self._span_scores[words] = self.weights[:, columns].sum(axis=1)
        return score

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

    def probabilities(self, rows: Sequence[Sequence[str]], base: np.ndarray | None = None) -> np.ndarray:
        """Return the class probabilities of candidates given by their features, one row each.

        ``base`` adds scores already summed for part of each row's features (see :meth:`names`).
        """
        if not rows:
            return np.zeros((0, len(Kind)), dtype=np.float32)
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
        cache = _COLUMNS
        found = (cache[f] if f in cache else index(f) for row in rows for f in row)
        columns = np.fromiter(found, dtype=np.int64, count=int(lengths.sum()))
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        scores = np.add.reduceat(self.weights[:, columns], offsets, axis=1).T + self.bias
        if base is not None:
            scores += base
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        return scores / scores.sum(axis=1, keepdims=True)

    def names(self, text: str, sentences: Sequence[Sequence[Token]], dictionary_hits: Iterable[Hit] = ()) -> list[Name]:
        """Return the names of a document's tokenised sentences: the likeliest candidates that do not overlap.

        A candidate is a name when the probability that it is one (of any kind) reaches the
        threshold; its kind is the likeliest of the three.
        """
        sentences = truecased(sentences, self.common)
        ctx = context(text, sentences, dictionary_hits, self.common)
        spans: list[tuple[int, int]] = []
        rows: list[list[str]] = []
        base: list[np.ndarray] = []
        for tokens in sentences:
            found = candidates(tokens)
            if not found:
                continue
            view = sentence(tokens)
            for candidate in found:
                spans.append((tokens[candidate.first].start, tokens[candidate.last].end))
                base.append(self._span_score(tuple(view.words[candidate.first : candidate.last + 1])))
                rows.append(_context_features(view, candidate, ctx))
        probabilities = self.probabilities(rows, np.array(base) if base else None)
        best = probabilities[:, 1:].argmax(axis=1) + 1
        score = 1.0 - probabilities[:, Kind.NONE]
        order = np.argsort(-score, kind="stable")
        # The names taken so far do not overlap, so sorted by start their ends are sorted too.
        starts: list[int] = []
        ends: list[int] = []
        found: list[Name] = []
        for k in order:
            if score[k] < self.threshold:
                break
            start, end = spans[k]
            before = bisect.bisect_left(starts, end)
            if before and ends[before - 1] > start:
                continue
            starts.insert(before, start)
            ends.insert(before, end)
            found.append(Name(start, end, Kind(int(best[k])), float(score[k])))
        found.sort()
        return found


def document_names(
    text: str,
    sentence_spans: Iterable[tuple[int, int]],
    dictionary: ActorDictionary | None = None,
    model: NameModel | None = None,
) -> list[Name]:
    """Return the names the model finds in ``text``, sentence by sentence (offsets into ``text``)."""
    model = model if model is not None else NameModel.shipped()
    sentences = [name_tokens(text, start, end) for start, end in sentence_spans]
    hits = dictionary.hits(text) if dictionary is not None else ()
    return model.names(text, sentences, hits)
