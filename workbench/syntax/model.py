"""A greedy transition-based dependency parser over the workbench's tokens, run on many sentences at once.

Transition system: arc-hybrid (Kuhlmann, Gómez-Rodríguez and Satta 2011). A configuration is a
stack, a buffer (always the rest of the sentence, so a pointer) and the arcs built so far; three
moves change it:

- ``SHIFT`` pushes the first word of the buffer;
- ``LEFT`` makes the first word of the buffer the head of the top of the stack, and pops it;
- ``RIGHT`` makes the second item of the stack the head of the top, and pops it.

A sentence of ``n`` tokens takes exactly ``2n - 1`` moves; the word left on the stack is the
root. Each move is chosen by a linear model over feature templates (:data:`TEMPLATES`), and when
it makes an arc a second linear model chooses its relation among :data:`LABELS`.

Features are built from a few *atoms* per token: its word (lower case, digits as ``0``, an index
into the model's vocabulary, or "unknown"), its class (the word itself for the most frequent
words, else its shape and last three letters), the relation it has been given and its number of
left and right dependents. A template combines the atoms of a few positions (top three of the
stack, first three of the buffer, outermost dependents of the top two and of the buffer's first)
and is hashed into :data:`ACTION_BITS` bits with integer arithmetic on ``uint64`` arrays (stable
across processes and machines: no Python ``hash``; strings become atoms through the vocabulary
or CRC-32).

Parsing is batched: every sentence of a call advances one move per step; the features of all
configurations are built as integer arrays, the weights gathered and summed with numpy, illegal
moves masked. Only the atoms of distinct token types are computed in Python.

The weights ship in ``workbench/data/parser_model.npz`` with the fingerprint of the feature
extractor (:func:`extractor_fingerprint`); ``python -m workbench.syntax.train`` reproduces them.
"""

from __future__ import annotations

import enum
import functools
import zlib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from workbench import fingerprint as fingerprints
from workbench.errors import WorkbenchError
from workbench.lexicon import SPACED_TOKEN

LABELS: tuple[str, ...] = (
    "root",
    "nsubj",
    "nsubj:pass",
    "csubj",
    "obj",
    "iobj",
    "obl",
    "ccomp",
    "xcomp",
    "advcl",
    "acl",
    "acl:relcl",
    "appos",
    "conj",
    "cc",
    "parataxis",
    "mark",
    "nmod",
    "amod",
    "det",
    "case",
    "compound",
    "flat",
    "aux",
    "cop",
    "advmod",
    "punct",
    "dep",
)
"""The relations the parser gives, a coarse set of Universal Dependencies' basic relations.

A UD relation maps to itself when listed, else to its part before the colon when that is listed
(``nsubj:outer`` → ``nsubj``, ``obl:tmod`` → ``obl``, ``nmod:poss`` → ``nmod``, ``compound:prt`` →
``compound``, ``aux:pass`` → ``aux``, ``flat:name`` → ``flat``, ``csubj:pass`` → ``csubj``,
``det:predet`` → ``det``, ``cc:preconj`` → ``cc``), else to ``dep`` (``nummod``, ``fixed``,
``expl``, ``discourse``, ``vocative``, ``list``, ``orphan``, ``goeswith``, ``reparandum``, ``dislocated``).
``root`` is only the relation of the sentence's root."""

ARC_LABELS = LABELS[1:]
"""The relations an arc can take (every one but ``root``)."""
_LABEL_INDEX = {label: k for k, label in enumerate(ARC_LABELS)}


def coarse(deprel: str) -> str:
    """Return the relation of :data:`LABELS` a Universal Dependencies relation maps to.

    Examples
    --------
    >>> coarse("nsubj:pass"), coarse("obl:tmod"), coarse("nummod")
    ('nsubj:pass', 'obl', 'dep')
    """
    if deprel in LABELS:
        return deprel
    base = deprel.split(":")[0]
    return base if base in LABELS else "dep"


class Tree(NamedTuple):
    """The dependency tree of one sentence, one entry per token.

    ``heads[i]`` is the index of token ``i``'s head, ``-1`` for the root; ``labels[i]`` its
    relation to that head, from :data:`LABELS`.
    """

    heads: np.ndarray
    labels: tuple[str, ...]


class Move(enum.IntEnum):
    """The moves of the arc-hybrid system; their order is the column order of the action weights."""

    SHIFT = 0
    LEFT = 1
    RIGHT = 2


class Position(enum.IntEnum):
    """Where a template reads a token: stack, buffer and the outermost dependents of three of them."""

    S0 = 0
    S1 = 1
    S2 = 2
    B0 = 3
    B1 = 4
    B2 = 5
    S0L = 6  # leftmost dependent of S0
    S0R = 7  # rightmost dependent of S0
    S1L = 8
    S1R = 9
    B0L = 10
    S0L2 = 11  # second leftmost dependent of S0
    S0R2 = 12
    S1R2 = 13
    B0L2 = 14


class Atom(enum.IntEnum):
    """What a template reads of a token (or of a pair of positions, for distances)."""

    WORD = 0  # vocabulary index of the normalised word
    CLASS = 1  # the word for frequent words, else shape and suffix
    LABEL = 2  # the relation given to the token so far (0: none yet)
    LEFTS = 3  # number of left dependents (capped)
    RIGHTS = 4  # number of right dependents (capped)
    SUFFIX = 5  # CRC-32 of the last three letters
    SHAPE = 6  # CRC-32 of the word's shape


P, A = Position, Atom
TEMPLATES: tuple[tuple[tuple[Position, Atom], ...], ...] = (
    ((P.S0, A.WORD),),
    ((P.S0, A.CLASS),),
    ((P.S0, A.SUFFIX),),
    ((P.S1, A.WORD),),
    ((P.S1, A.CLASS),),
    ((P.S2, A.CLASS),),
    ((P.B0, A.WORD),),
    ((P.B0, A.CLASS),),
    ((P.B0, A.SUFFIX),),
    ((P.B1, A.WORD),),
    ((P.B1, A.CLASS),),
    ((P.B2, A.CLASS),),
    ((P.S0L, A.CLASS),),
    ((P.S0R, A.CLASS),),
    ((P.S1L, A.CLASS),),
    ((P.S1R, A.CLASS),),
    ((P.B0L, A.CLASS),),
    ((P.S0L, A.LABEL), (P.S0R, A.LABEL)),
    ((P.S1L, A.LABEL), (P.S1R, A.LABEL)),
    ((P.S0, A.CLASS), (P.S0L, A.LABEL), (P.S0L2, A.LABEL)),
    ((P.S0, A.CLASS), (P.S0R, A.LABEL), (P.S0R2, A.LABEL)),
    ((P.S1, A.CLASS), (P.S1R, A.LABEL), (P.S1R2, A.LABEL)),
    ((P.B0, A.CLASS), (P.B0L, A.LABEL), (P.B0L2, A.LABEL)),
    ((P.S0, A.WORD), (P.B0, A.WORD)),
    ((P.S0, A.CLASS), (P.B0, A.CLASS)),
    ((P.S0, A.WORD), (P.B0, A.CLASS)),
    ((P.S0, A.CLASS), (P.B0, A.WORD)),
    ((P.S1, A.WORD), (P.S0, A.WORD)),
    ((P.S1, A.CLASS), (P.S0, A.CLASS)),
    ((P.S1, A.WORD), (P.S0, A.CLASS)),
    ((P.S1, A.CLASS), (P.S0, A.WORD)),
    ((P.S1, A.CLASS), (P.B0, A.CLASS)),
    ((P.S0, A.CLASS), (P.B0, A.CLASS), (P.B1, A.CLASS)),
    ((P.S1, A.CLASS), (P.S0, A.CLASS), (P.B0, A.CLASS)),
    ((P.S2, A.CLASS), (P.S1, A.CLASS), (P.S0, A.CLASS)),
    ((P.B0, A.CLASS), (P.B1, A.CLASS), (P.B2, A.CLASS)),
    ((P.S0, A.CLASS), (P.S0L, A.CLASS), (P.B0, A.CLASS)),
    ((P.S0, A.CLASS), (P.S0R, A.CLASS), (P.B0, A.CLASS)),
    ((P.S1, A.CLASS), (P.S1R, A.CLASS), (P.S0, A.CLASS)),
    ((P.S1, A.CLASS), (P.S1L, A.CLASS), (P.S0, A.CLASS)),
    ((P.S0, A.CLASS), (P.B0, A.CLASS), (P.B0L, A.CLASS)),
    ((P.S0, A.WORD), (P.S0, A.LEFTS), (P.S0, A.RIGHTS)),
    ((P.S1, A.WORD), (P.S1, A.LEFTS), (P.S1, A.RIGHTS)),
    ((P.B0, A.WORD), (P.B0, A.LEFTS)),
    ((P.S0, A.SHAPE), (P.B0, A.SHAPE)),
)
"""The feature templates: each combines atoms of positions into one hashed feature."""
DISTANCE_TEMPLATES: tuple[tuple[tuple[Position, Atom], ...], ...] = (
    ((P.S0, A.WORD),),
    ((P.S0, A.CLASS), (P.B0, A.CLASS)),
    ((P.S1, A.CLASS), (P.S0, A.CLASS)),
)
"""Templates also combined with the distance between S0 and B0 (the first two) or S1 and S0 (the last)."""
LABEL_TEMPLATES: tuple[int, ...] = (0, 1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 17, 19, 20, 22, 23, 24, 27, 28, 32, 33, 41, 43)
"""Indexes of the templates the relation model reads (a subset, to keep its weights small)."""

ACTION_BITS = 20
"""Hashed feature space of the move model (2**20 rows of three weights)."""
LABEL_BITS = 17
"""Hashed feature space of the relation model (2**17 rows of one weight per relation and direction)."""
FREQUENT = 300
"""Words among this many most frequent in training are their own class; others are shape plus suffix."""
CAP = 4
"""Dependent counts and distances are capped at this value."""
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT = np.uint64(31)
NONE = 0
UNKNOWN = 1


def normalise(word: str) -> str:
    """Return the form a word is looked up under: lower case, every digit written ``0``."""
    return word.lower().translate(_DIGITS)


_DIGITS = str.maketrans("0123456789", "0000000000")


def shape(word: str) -> str:
    """Return a word's shape: capitals as ``X``, lower case as ``x``, digits as ``d``, runs kept to one, at most 5.

    Examples
    --------
    >>> shape("Israel's"), shape("U.S."), shape("2024")
    ("Xx'x", 'X.X.', 'd')
    """
    out: list[str] = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out[:5])


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class ParserError(WorkbenchError, ValueError):
    """The parser was given something it cannot parse (a sentence that is not a list of token strings)."""


class Vocabulary:
    """The model's words, most frequent first, and the atoms of token types (cached per process)."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        self._index = {word: k + 2 for k, word in enumerate(self.words)}
        self._atoms: dict[str, tuple[int, int, int, int]] = {}

    def atoms(self, token: str) -> tuple[int, int, int, int]:
        """Return a token's word, class, suffix and shape atoms."""
        found = self._atoms.get(token)
        if found is None:
            norm = normalise(token)
            word = self._index.get(norm, UNKNOWN)
            suffix = _crc(norm[-3:])
            form = shape(token)
            klass = word if UNKNOWN < word < FREQUENT + 2 else (_crc(f"{form}|{norm[-3:]}") | (1 << 32))
            found = (word, klass, suffix, _crc(form))
            if len(self._atoms) > 1 << 18:
                self._atoms.clear()
            self._atoms[token] = found
        return found

    def table(self, tokens: Sequence[str]) -> np.ndarray:
        """Return the atoms of ``tokens`` as a ``(len(tokens), 4)`` uint64 array, computed once per distinct token."""
        if not tokens:
            return np.zeros((0, 4), dtype=np.uint64)
        codes, uniques = _factorize(tokens)
        per_type = np.array([self.atoms(token) for token in uniques], dtype=np.uint64).reshape(-1, 4)
        return per_type[codes]


def _factorize(tokens: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(tokens, dtype=object), sort=False)
    return codes, list(uniques)


class Batch:
    """The configurations of many sentences parsed together, as flat arrays over all their tokens.

    Tokens are numbered across sentences from 1 (0 stands for "no token" wherever a position is
    empty); ``stack`` holds one row per sentence.
    """

    def __init__(self, lengths: np.ndarray, atoms: np.ndarray) -> None:
        self.size = len(lengths)
        total = int(lengths.sum())
        self.start = np.concatenate([[1], 1 + np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.end = self.start + lengths
        self.buffer = self.start.copy()
        depth = int(lengths.max(initial=0)) + 1
        self.stack = np.zeros((self.size, depth), dtype=np.int64)
        self.height = np.zeros(self.size, dtype=np.int64)
        self.atoms = np.zeros((total + 1, 4), dtype=np.uint64)
        self.atoms[1:] = atoms
        self.heads = np.zeros(total + 1, dtype=np.int64)  # 0: no head (yet)
        self.labels = np.zeros(total + 1, dtype=np.int64)  # 1 + index in ARC_LABELS; 0: none yet
        self.lefts = np.zeros((total + 1, 2), dtype=np.int64)  # leftmost, second leftmost dependent
        self.rights = np.zeros((total + 1, 2), dtype=np.int64)  # rightmost, second rightmost
        self.n_left = np.zeros(total + 1, dtype=np.int64)
        self.n_right = np.zeros(total + 1, dtype=np.int64)

    def active(self) -> np.ndarray:
        """Return the sentences not finished (buffer not empty, or more than the root on the stack)."""
        return np.flatnonzero((self.buffer < self.end) | (self.height > 1))

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Return the token at each :class:`Position` for the sentences ``rows``, shape ``(len(rows), 15)``."""
        height = self.height[rows]
        stack = self.stack[rows]
        out = np.zeros((len(rows), len(Position)), dtype=np.int64)
        for k, item in ((0, P.S0), (1, P.S1), (2, P.S2)):
            out[:, item] = np.where(height > k, stack[np.arange(len(rows)), np.maximum(height - 1 - k, 0)], 0)
        buffer, end = self.buffer[rows], self.end[rows]
        for k, item in ((0, P.B0), (1, P.B1), (2, P.B2)):
            out[:, item] = np.where(buffer + k < end, buffer + k, 0)
        out[:, P.S0L] = self.lefts[out[:, P.S0], 0]
        out[:, P.S0L2] = self.lefts[out[:, P.S0], 1]
        out[:, P.S0R] = self.rights[out[:, P.S0], 0]
        out[:, P.S0R2] = self.rights[out[:, P.S0], 1]
        out[:, P.S1L] = self.lefts[out[:, P.S1], 0]
        out[:, P.S1R] = self.rights[out[:, P.S1], 0]
        out[:, P.S1R2] = self.rights[out[:, P.S1], 1]
        out[:, P.B0L] = self.lefts[out[:, P.B0], 0]
        out[:, P.B0L2] = self.lefts[out[:, P.B0], 1]
        return out

    def atom(self, tokens: np.ndarray, atom: Atom) -> np.ndarray:
        """Return one atom of the tokens ``tokens`` (0 for "no token") as uint64."""
        if atom < Atom.LABEL:
            values = self.atoms[tokens, int(atom)]
        elif atom == Atom.LABEL:
            values = self.labels[tokens].astype(np.uint64)
        elif atom == Atom.LEFTS:
            values = np.minimum(self.n_left[tokens], CAP).astype(np.uint64)
        elif atom == Atom.RIGHTS:
            values = np.minimum(self.n_right[tokens], CAP).astype(np.uint64)
        else:
            values = self.atoms[tokens, int(atom) - 3]
        return np.where(tokens > 0, values, np.uint64(0))

    def features(self, rows: np.ndarray) -> np.ndarray:
        """Return the hashed features of the sentences ``rows``: uint64, one column per template."""
        at = self.positions(rows)
        cache: dict[tuple[Position, Atom], np.ndarray] = {}

        def value(position: Position, atom: Atom) -> np.ndarray:
            if (position, atom) not in cache:
                cache[position, atom] = self.atom(at[:, position], atom)
            return cache[position, atom]

        s0, s1, b0 = at[:, P.S0], at[:, P.S1], at[:, P.B0]
        far = np.uint64(CAP + 1)
        gap_b = np.where((s0 > 0) & (b0 > 0), np.minimum(b0 - s0, CAP), far).astype(np.uint64)
        gap_s = np.where((s0 > 0) & (s1 > 0), np.minimum(s0 - s1, CAP), far).astype(np.uint64)
        columns = []
        for number, template in enumerate(TEMPLATES):
            columns.append(_hash(number, [value(*part) for part in template]))
        for number, template in enumerate(DISTANCE_TEMPLATES):
            gap = gap_s if number == len(DISTANCE_TEMPLATES) - 1 else gap_b
            columns.append(_hash(1000 + number, [*(value(*part) for part in template), gap]))
        return np.stack(columns, axis=1)

    def legal(self, rows: np.ndarray) -> np.ndarray:
        """Return which moves are allowed for the sentences ``rows``, shape ``(len(rows), 3)``."""
        height = self.height[rows]
        has_buffer = self.buffer[rows] < self.end[rows]
        return np.stack([has_buffer, has_buffer & (height >= 1), height >= 2], axis=1)

    def apply(self, rows: np.ndarray, moves: np.ndarray, labels: np.ndarray) -> None:
        """Make the moves ``moves`` in the sentences ``rows``; ``labels`` (indexes of ARC_LABELS) name the arcs made."""
        shift = moves == Move.SHIFT
        r = rows[shift]
        self.stack[r, self.height[r]] = self.buffer[r]
        self.height[r] += 1
        self.buffer[r] += 1
        arc = ~shift
        r = rows[arc]
        top = self.stack[r, self.height[r] - 1]
        left = moves[arc] == Move.LEFT
        head = np.where(left, self.buffer[r], self.stack[r, np.maximum(self.height[r] - 2, 0)])
        self.heads[top] = head
        self.labels[top] = labels[arc] + 1
        self.height[r] -= 1
        h = head[left]
        self.lefts[h, 1] = self.lefts[h, 0]
        self.lefts[h, 0] = top[left]
        self.n_left[h] += 1
        h = head[~left]
        self.rights[h, 1] = self.rights[h, 0]
        self.rights[h, 0] = top[~left]
        self.n_right[h] += 1

    def trees(self) -> list[Tree]:
        """Return the finished trees, one per sentence."""
        out = []
        for k in range(self.size):
            start, end = self.start[k], self.end[k]
            heads = self.heads[start:end]
            labels = self.labels[start:end]
            out.append(
                Tree(
                    np.where(heads > 0, heads - start, -1).astype(np.int32),
                    tuple(ARC_LABELS[label - 1] if label > 0 else "root" for label in labels),
                )
            )
        return out


def _hash(number: int, values: Sequence[np.ndarray]) -> np.ndarray:
    """Combine a template's number and its atoms into one 64-bit feature (wrapping multiply and xor-shift)."""
    h = np.full(len(values[0]), number + 1, dtype=np.uint64) * _MIX
    for value in values:
        h = (h ^ value) * _MIX2
        h ^= h >> _SHIFT
    return h * _MIX


def action_index(features: np.ndarray) -> np.ndarray:
    """Return the rows of the move weights that hashed features select."""
    return (features >> np.uint64(64 - ACTION_BITS)).astype(np.intp)


def label_index(features: np.ndarray) -> np.ndarray:
    """Return the rows of the relation weights that hashed features select (the relation model's templates only)."""
    return (features[:, list(LABEL_TEMPLATES)] >> np.uint64(64 - LABEL_BITS)).astype(np.intp)


WEIGHTS_FILE = "parser_model.npz"
RETRAIN = "python -m workbench.syntax.train"


class ParserModel:
    """The weights of the parser: moves (``2**ACTION_BITS`` x 3), relations (``2**LABEL_BITS`` x 2 x 27), vocabulary.

    ``labels[:, d, k]`` scores relation ``ARC_LABELS[k]`` for an arc made by move ``LEFT`` (d = 0)
    or ``RIGHT`` (d = 1). ``fingerprint`` is the :func:`extractor_fingerprint` of the code the
    weights were trained with.
    """

    def __init__(self, actions: np.ndarray, labels: np.ndarray, words: Sequence[str], fingerprint: str = "") -> None:
        self.actions = actions
        self.labels = labels
        self.vocabulary = Vocabulary(words)
        self.fingerprint = fingerprint

    @classmethod
    @functools.cache
    def shipped(cls) -> ParserModel:
        """Return the model shipped in ``workbench/data/parser_model.npz``, loaded once per process."""
        from workbench.lexicon import parser_weights

        data = parser_weights()
        return cls(
            data["actions"].astype(np.float32),
            data["labels"].astype(np.float32),
            data["words"].tolist(),
            str(data["fingerprint"]),
        )

    def check(self) -> None:
        """Raise :class:`~workbench.fingerprint.FingerprintError` when the code's features are not the weights'."""
        fingerprints.check(
            self.fingerprint,
            extractor_fingerprint(self.vocabulary.words),
            model=f"the parser (workbench/data/{WEIGHTS_FILE})",
            retrain=RETRAIN,
        )

    def batch(self, sentences: Sequence[Sequence[str]]) -> Batch:
        """Return the initial configurations of ``sentences``."""
        lengths = np.array([len(tokens) for tokens in sentences], dtype=np.int64)
        return Batch(lengths, self.vocabulary.table([token for tokens in sentences for token in tokens]))

    def choose(self, features: np.ndarray, legal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the best legal move and the best relation for it, for each row of features."""
        scores = self.actions[action_index(features)].sum(axis=1)
        moves = np.where(legal, scores, -np.inf).argmax(axis=1)
        relations = np.zeros(len(moves), dtype=np.int64)
        arcs = np.flatnonzero(moves != Move.SHIFT)
        if len(arcs):
            direction = moves[arcs] - 1
            rows = label_index(features[arcs]) * 2 + direction[:, None]
            relations[arcs] = self.labels.reshape(-1, len(ARC_LABELS))[rows].sum(axis=1).argmax(axis=1)
        return moves, relations

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[Tree]:
        """Return the tree of each sentence, all sentences parsed together."""
        batch = self.batch(sentences)
        rows = batch.active()
        while len(rows):
            moves, relations = self.choose(batch.features(rows), batch.legal(rows))
            batch.apply(rows, moves, relations)
            rows = batch.active()
        return batch.trees()


def parse(sentences: Sequence[Sequence[str]]) -> list[Tree]:
    """Return the dependency tree of each sentence, given as the texts of its tokens.

    The tokens are those of the workbench's word tokenizer (:data:`workbench.lexicon.SPACED_TOKEN`,
    as :func:`tokens` gives them); other tokens parse, less well. All sentences are parsed
    together, so one call over many sentences is much faster than many calls.

    Raises
    ------
    ParserError
        When ``sentences`` is not a list of lists of non-empty strings.

    Examples
    --------
    >>> tree = parse([["Ann", "said", "it", "rained", "."]])[0]
    >>> tree.heads.tolist(), tree.labels[0]
    ([1, -1, 3, 1, 1], 'nsubj')
    """
    if isinstance(sentences, str) or any(isinstance(tokens, str) for tokens in sentences):
        raise ParserError(
            "parse() takes a list of sentences, each a list of token strings: wrap one sentence as [tokens]"
        )
    for tokens in sentences:
        if not all(isinstance(token, str) and token and not token.isspace() for token in tokens):
            raise ParserError(f"a sentence's tokens must be non-empty strings without spaces: got {list(tokens)!r}")
    return ParserModel.shipped().parse(sentences)


def tokens(text: str) -> list[str]:
    """Return the tokens of ``text`` as the parser reads them (the workbench's word tokenizer)."""
    return [token for _, token in SPACED_TOKEN.findall(text)]


PROBE = (
    "Ann Ray, a spokeswoman for the U.S. ministry, said on Monday that talks had failed.",
    '"We will not give up," said Israel\'s Defense Minister, who declined to comment further.',
    "The company declined to comment, but said 3,500 jobs were at risk in 2024.",
)
"""Sentences written for the fingerprint: their tokens' atoms and the features of a fixed walk through them."""


def extractor_fingerprint(words: Sequence[str]) -> str:
    """Return the fingerprint of the atoms and features the code makes of :data:`PROBE` with vocabulary ``words``.

    The walk shifts every token, then makes arcs to the right until one token is left, with every
    relation in turn: a fixed sequence, so only the code decides the features.
    """
    vocabulary = Vocabulary(words)
    sentences = [tokens(text) for text in PROBE]
    batch = Batch(np.array([len(s) for s in sentences]), vocabulary.table([t for s in sentences for t in s]))
    rows_out: list[list[object]] = [[token, *vocabulary.atoms(token)] for s in sentences for token in s]
    step = 0
    rows = batch.active()
    while len(rows):
        features = batch.features(rows)
        rows_out.extend(features.tolist())
        legal = batch.legal(rows)
        moves = np.where(legal[:, Move.SHIFT], Move.SHIFT, Move.RIGHT)
        batch.apply(rows, moves, np.full(len(rows), step % len(ARC_LABELS)))
        step += 1
        rows = batch.active()
    description = (
        f"arc-hybrid; templates {TEMPLATES} {DISTANCE_TEMPLATES}; relation templates {LABEL_TEMPLATES}; "
        f"bits {ACTION_BITS}/{LABEL_BITS}; frequent {FREQUENT}; cap {CAP}; labels {LABELS}"
    )
    return fingerprints.fingerprint(description, rows_out)
