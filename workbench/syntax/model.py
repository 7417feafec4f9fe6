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

Features are built from a few *atoms* per token (:class:`Atom`): its word (lower case, digits as
``0``, an index into the model's vocabulary, or "unknown"), its class (the word itself for the most
frequent words, else its shape and last three letters), its prefix, endings and shape, the part of
speech a first pass gives it (a tagger of the same kind over a window of words,
:func:`tag_features`), the relation it has been given and its number of left and right
dependents. A template combines the atoms of a few positions (top three of the
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
    """What a template reads of a token; the first five are columns of a batch's token table."""

    WORD = 0  # vocabulary index of the normalised word (1: unknown)
    CLASS = 1  # the word for frequent words, else shape and suffix
    SUFFIX = 2  # CRC-32 of the last three letters
    SHAPE = 3  # CRC-32 of the word's shape
    PREFIX = 4  # CRC-32 of the first three letters
    ENDING = 5  # CRC-32 of the last two letters
    TAG = 6  # the part of speech the tagger gave (1 + index in the model's tags)
    LABEL = 7  # the relation given to the token so far (0: none yet)
    LEFTS = 8  # number of left dependents (capped)
    RIGHTS = 9  # number of right dependents (capped)
    DISTANCE = 10  # for S0: tokens from S0 to B0 (capped); for S1: from S1 to S0


TABLE = 7
"""Columns of a token table: the atoms a token has before parsing (:class:`Atom` up to ``TAG``)."""
WORD_ATOMS = 6
"""The atoms that depend on the token's text alone (:class:`Atom` up to ``ENDING``)."""

P, A = Position, Atom
Template = tuple[tuple[Position, Atom], ...]


def _templates(*specs: str) -> tuple[Template, ...]:
    """Read templates written as ``"S0 w t, B0 t"``: positions, each with atom letters (w c x s t l < > d)."""
    letters = {"w": A.WORD, "c": A.CLASS, "x": A.SUFFIX, "s": A.SHAPE, "t": A.TAG, "l": A.LABEL}
    letters |= {"<": A.LEFTS, ">": A.RIGHTS, "d": A.DISTANCE}
    out = []
    for spec in specs:
        parts = []
        for group in spec.split(","):
            position, *atoms = group.split()
            parts.extend((Position[position], letters[atom]) for atom in atoms)
        out.append(tuple(parts))
    return tuple(out)


TEMPLATES = _templates(
    # single tokens
    *("S0 w t", "S0 w", "S0 t", "B0 w t", "B0 w", "B0 t", "B1 w t", "B1 w", "B1 t", "B2 w", "B2 t"),
    *("S1 w t", "S1 w", "S1 t", "S2 t", "S0 c", "B0 c", "S0 x", "B0 x"),
    # pairs
    *("S0 w t, B0 w t", "S0 w t, B0 w", "S0 w, B0 w t", "S0 w t, B0 t", "S0 t, B0 w t", "S0 w, B0 w", "S0 t, B0 t"),
    *("B0 t, B1 t", "S1 w, S0 w", "S1 t, S0 t", "S1 w, S0 t", "S1 t, S0 w", "S1 t, B0 t", "S0 c, B0 c"),
    # triples
    *("B0 t, B1 t, B2 t", "S0 t, B0 t, B1 t", "S1 t, S0 t, B0 t", "S2 t, S1 t, S0 t"),
    *("S0 t, S0L t, B0 t", "S0 t, S0R t, B0 t", "S0 t, B0 t, B0L t", "S1 t, S1R t, S0 t", "S1 t, S1L t, S0 t"),
    # distance and valency
    *("S0 w d", "S0 t d", "B0 w, S0 d", "B0 t, S0 d", "S0 w, B0 w, S0 d", "S0 t, B0 t, S0 d", "S1 t, S0 t, S1 d"),
    *("S0 w >", "S0 t >", "S0 w <", "S0 t <", "B0 w <", "B0 t <", "S1 w >", "S1 t >"),
    # dependents
    *("S0L w", "S0L t", "S0L l", "S0R w", "S0R t", "S0R l", "B0L w", "B0L t", "B0L l", "S1R w", "S1R t", "S1R l"),
    *("S0L2 t", "S0L2 l", "S0R2 t", "S0R2 l", "B0L2 t", "B0L2 l", "S1L t", "S1L l"),
    *("S0 t, S0L t, S0L2 t", "S0 t, S0R t, S0R2 t", "B0 t, B0L t, B0L2 t", "S1 t, S1R t, S1R2 t"),
    *("S0 w, S0L l, S0L2 l", "S0 t, S0L l, S0L2 l", "S0 w, S0R l, S0R2 l", "S0 t, S0R l, S0R2 l"),
    *("B0 w, B0L l, B0L2 l", "B0 t, B0L l, B0L2 l", "S1 t, S1R l, S1R2 l"),
)
"""The move model's feature templates (after Zhang and Nivre 2011, with S1 as the head S0 may take)."""

LABEL_TEMPLATES = _templates(
    *("S0 w", "S0 t", "S0 w t", "S0 c", "S0 x", "S1 w", "S1 t", "B0 w", "B0 t", "B1 t"),
    *("S0 t, B0 t", "S1 t, S0 t", "S0 w, B0 w", "S1 w, S0 w", "S0 t, B0 w", "S0 w, B0 t", "S1 w, S0 t", "S1 t, S0 w"),
    *("S0 t, B0 t, B1 t", "S2 t, S1 t, S0 t", "S0 t, B0 t, S0 d", "S1 t, S0 t, S1 d"),
    *("S0L l", "S0R l", "S0 t, S0L l, S0R l", "S0L t", "S0R t", "S0 t <", "S0 t >"),
    *("S0L w", "S0L2 w", "S0L2 l", "S0 t, S0L l, S0L2 l", "S0 w, S0L w, S0L2 w"),
)
"""The relation model's templates: the dependent (S0), both heads it can take (S1, B0) and its dependents."""

TAG_TEMPLATES: tuple[tuple[tuple[int, Atom], ...], ...] = (
    ((0, A.WORD),),
    ((-1, A.WORD),),
    ((1, A.WORD),),
    ((-2, A.WORD),),
    ((2, A.WORD),),
    ((0, A.SUFFIX),),
    ((0, A.SHAPE),),
    ((-1, A.SUFFIX),),
    ((1, A.SUFFIX),),
    ((-1, A.WORD), (0, A.WORD)),
    ((0, A.WORD), (1, A.WORD)),
    ((-1, A.CLASS), (0, A.CLASS)),
    ((0, A.CLASS), (1, A.CLASS)),
    ((-1, A.CLASS), (0, A.CLASS), (1, A.CLASS)),
    ((-1, A.SHAPE), (0, A.SHAPE), (1, A.SHAPE)),
    ((0, A.SUFFIX), (1, A.CLASS)),
    ((-1, A.CLASS), (0, A.SUFFIX)),
    ((0, A.PREFIX),),
    ((0, A.ENDING),),
    ((-1, A.WORD), (1, A.WORD)),
    ((0, A.SHAPE), (0, A.ENDING)),
    ((1, A.ENDING),),
    ((-1, A.ENDING),),
)
"""The tagger's templates: atoms of the token and of the two on each side (offset, atom)."""

ACTION_BITS = 20
"""Hashed feature space of the move model (2**20 rows of three weights)."""
LABEL_BITS = 17
"""Hashed feature space of the relation model (2**17 rows of one weight per relation and direction)."""
TAG_BITS = 17
"""Hashed feature space of the tagger (2**17 rows of one weight per tag)."""
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
    if word.isalpha() and word.islower():  # most words: one run of lower case, asked of the whole word at once
        return "x"
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
        self._atoms: dict[str, tuple[int, ...]] = {}

    def atoms(self, token: str) -> tuple[int, ...]:
        """Return a token's atoms that depend on its text alone (word, class, suffix, shape, prefix, ending)."""
        found = self._atoms.get(token)
        if found is None:
            norm = normalise(token)
            word = self._index.get(norm, UNKNOWN)
            suffix = _crc(norm[-3:])
            form = shape(token)
            klass = word if UNKNOWN < word < FREQUENT + 2 else (_crc(f"{form}|{norm[-3:]}") | (1 << 32))
            found = (word, klass, suffix, _crc(form), _crc(norm[:3]), _crc(norm[-2:]))
            if len(self._atoms) > 1 << 18:
                self._atoms.clear()
            self._atoms[token] = found
        return found

    def table(self, tokens: Sequence[str]) -> np.ndarray:
        """Return the token table of ``tokens``: ``(len(tokens), TABLE)`` uint64, tags left 0.

        Atoms are computed once per distinct token.
        """
        out = np.zeros((len(tokens), TABLE), dtype=np.uint64)
        if tokens:
            codes, uniques = _factorize(tokens)
            per_type = np.array([self.atoms(token) for token in uniques], dtype=np.uint64).reshape(-1, WORD_ATOMS)
            out[:, :WORD_ATOMS] = per_type[codes]
        return out


def _factorize(tokens: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(tokens, dtype=object), sort=False)
    return codes, list(uniques)


def tag_features(table: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Return the tagger's hashed features of every token of a token table, uint64, one column per template.

    ``table`` holds the tokens of sentences of ``lengths`` one after the other; a neighbour
    beyond a sentence's edge reads atoms 0.
    """
    total = len(table)
    padded = np.vstack([np.zeros((1, table.shape[1]), dtype=np.uint64), table])
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    start = (np.cumsum(lengths) - lengths)[sentence]
    end = start + lengths[sentence] if len(lengths) else start
    here = np.arange(total)
    # The row of ``padded`` each offset reads, found once per offset: 0 beyond the sentence.
    rows = {}
    for offset in sorted({offset for template in TAG_TEMPLATES for offset, _ in template}):
        there = here + offset
        rows[offset] = np.where((there >= start) & (there < end), there + 1, 0)
    out = np.empty((total, len(TAG_TEMPLATES)), dtype=np.uint64)
    for size in sorted({len(template) for template in TAG_TEMPLATES}):  # templates of a length hashed together
        chosen = [k for k, template in enumerate(TAG_TEMPLATES) if len(template) == size]
        values = np.stack([[padded[rows[offset], int(atom)] for offset, atom in TAG_TEMPLATES[k]] for k in chosen])
        out[:, chosen] = _hash(_starts([2000 + k for k in chosen]), values).T
    return out


class _Outer(enum.IntEnum):
    """The columns of :attr:`Batch.outer`: a token's outermost dependents on each side, as token numbers.

    Each side's second outermost comes right after its outermost, so a new dependent moves the
    outermost one column on (:meth:`Batch.apply`).
    """

    LEFT = 0
    LEFT2 = 1  # second leftmost
    RIGHT = 2
    RIGHT2 = 3


_DEPTHS = np.arange(3)
"""How deep into the stack (S0, S1, S2) and how far into the buffer (B0, B1, B2) positions read."""

_DEPENDENT_OF = {
    P.S0L: (P.S0, _Outer.LEFT),
    P.S0L2: (P.S0, _Outer.LEFT2),
    P.S0R: (P.S0, _Outer.RIGHT),
    P.S0R2: (P.S0, _Outer.RIGHT2),
    P.S1L: (P.S1, _Outer.LEFT),
    P.S1R: (P.S1, _Outer.RIGHT),
    P.S1R2: (P.S1, _Outer.RIGHT2),
    P.B0L: (P.B0, _Outer.LEFT),
    P.B0L2: (P.B0, _Outer.LEFT2),
}
"""Each dependent position: the position whose dependent it is, and which of its outermost dependents."""
_DEPENDENTS = np.array(list(_DEPENDENT_OF), dtype=np.intp)
_OWNERS = np.array([owner for owner, _ in _DEPENDENT_OF.values()], dtype=np.intp)
_RANKS = np.array([rank for _, rank in _DEPENDENT_OF.values()], dtype=np.intp)


class Batch:
    """The configurations of many sentences parsed together, as flat arrays over all their tokens.

    Tokens are numbered across sentences from 1 (0 stands for "no token" wherever a position is
    empty); ``stack`` holds one row per sentence.
    """

    def __init__(self, lengths: np.ndarray, table: np.ndarray) -> None:
        self.size = len(lengths)
        total = int(lengths.sum())
        self.start = np.concatenate([[1], 1 + np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.end = self.start + lengths
        self.buffer = self.start.copy()
        depth = int(lengths.max(initial=0)) + 1
        self.stack = np.zeros((self.size, depth), dtype=np.int64)
        self.height = np.zeros(self.size, dtype=np.int64)
        columns = np.zeros((TABLE, total + 1), dtype=np.uint64)  # one row per atom: gathers read contiguous memory
        columns[:, 1:] = table.T
        self.columns = columns
        self.heads = np.zeros(total + 1, dtype=np.int64)  # 0: no head (yet)
        self.labels = np.zeros(total + 1, dtype=np.int64)  # 1 + index in ARC_LABELS; 0: none yet
        self.outer = np.zeros((total + 1, len(_Outer)), dtype=np.int64)  # the outermost dependents, see _Outer
        self.dependents = np.zeros((total + 1, 2), dtype=np.int64)  # how many on the left (0) and the right (1)

    def active(self) -> np.ndarray:
        """Return the sentences not finished (buffer not empty, or more than the root on the stack)."""
        return np.flatnonzero((self.buffer < self.end) | (self.height > 1))

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Return the token at each :class:`Position` for the sentences ``rows``, shape ``(len(rows), 15)``.

        A few whole-array steps whatever the number of sentences: parsing makes one call per
        move, and late in a parse only the longest sentences are left, so calls, not
        arithmetic, set its cost.
        """
        out = np.empty((len(rows), len(Position)), dtype=np.int64)
        depth = self.height[rows][:, None] - 1 - _DEPTHS
        below = self.stack[rows[:, None], np.maximum(depth, 0)]
        out[:, : len(_DEPTHS)] = np.where(depth >= 0, below, 0)
        ahead = self.buffer[rows][:, None] + _DEPTHS
        out[:, len(_DEPTHS) : 2 * len(_DEPTHS)] = np.where(ahead < self.end[rows][:, None], ahead, 0)
        out[:, _DEPENDENTS] = self.outer[out[:, _OWNERS], _RANKS]
        return out

    def features(
        self, rows: np.ndarray, templates: Sequence[Template] = TEMPLATES, salt: int = 0, at: np.ndarray | None = None
    ) -> np.ndarray:
        """Return the hashed features of the sentences ``rows``: uint64, one column per template.

        Template ``k`` is hashed with the number ``salt + k``. ``at`` is :meth:`positions` of
        ``rows`` when the caller has it already.
        """
        return self._hashed(rows, _plan(((tuple(templates), salt),)), at)

    def move_and_relation_features(self, rows: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return :meth:`features` of the move templates and of the relation templates for ``rows``, at once.

        The relation features are computed for every row, also those that will shift: when
        few sentences are parsed, one call that reads each atom once costs less than a second
        call over the rows that make arcs.
        """
        both = self._hashed(rows, _plan(((TEMPLATES, 0), (LABEL_TEMPLATES, LABEL_SALT))), at)
        return both[:, : len(TEMPLATES)], both[:, len(TEMPLATES) :]

    def _hashed(self, rows: np.ndarray, plan: _Plan, at: np.ndarray | None) -> np.ndarray:
        at = self.positions(rows) if at is None else at
        values = np.empty((len(plan.atoms), len(rows)), dtype=np.uint64)
        for read in plan.reads:
            values[read.slots] = self._read(at, read)
        # Templates longest first: those that read an atom k are the first len(plan.rounds[k]), so
        # each round of the hash runs once, in place, over the templates it concerns.
        hashed = np.empty((len(plan.starts), len(rows)), dtype=np.uint64)
        hashed[:] = plan.starts[:, None]
        for parts in plan.rounds:
            reading = hashed[: len(parts)]
            np.bitwise_xor(reading, values[parts], out=reading)
            np.multiply(reading, _MIX2, out=reading)
            np.bitwise_xor(reading, reading >> _SHIFT, out=reading)
        np.multiply(hashed, _MIX, out=hashed)
        return hashed[plan.order].T

    def _read(self, at: np.ndarray, read: _Read) -> np.ndarray:
        """Return the atoms of one :class:`_Read` for each configuration, shape ``(len(read.slots), len(at))``.

        Token 0 stands for "no token": its atoms, relation and counts are all 0.
        """
        tokens = at[:, read.positions].T
        if read.kind < TABLE:
            return self.columns[read.atoms[:, None], tokens]
        if read.kind == _STEP.label:
            return self.labels[tokens].astype(np.uint64)
        if read.kind == _STEP.lefts:  # left and right counts in one gather
            return np.minimum(self.dependents[tokens, read.sides[:, None]], CAP).astype(np.uint64)
        other = at[:, read.others].T
        values = np.where(other > 0, np.minimum(np.abs(other - tokens), CAP), CAP + 1)
        return np.where(tokens > 0, values, 0).astype(np.uint64)

    def legal(self, rows: np.ndarray) -> np.ndarray:
        """Return which moves are allowed for the sentences ``rows``, shape ``(len(rows), 3)``."""
        height = self.height[rows]
        out = np.empty((len(rows), len(Move)), dtype=bool)
        has_buffer = np.less(self.buffer[rows], self.end[rows], out=out[:, _STEP.shift])
        np.logical_and(has_buffer, height >= 1, out=out[:, _STEP.left])
        np.greater_equal(height, 2, out=out[:, _STEP.right])
        return out

    def apply(self, rows: np.ndarray, moves: np.ndarray, labels: np.ndarray) -> None:
        """Make the moves ``moves`` in the sentences ``rows``; ``labels`` (indexes of ARC_LABELS) name the arcs made."""
        shift = moves == _STEP.shift
        r = rows[shift]
        self.stack[r, self.height[r]] = self.buffer[r]
        self.height[r] += 1
        self.buffer[r] += 1
        arc = ~shift
        r = rows[arc]
        top = self.stack[r, self.height[r] - 1]
        left = moves[arc] == _STEP.left
        head = np.where(left, self.buffer[r], self.stack[r, np.maximum(self.height[r] - 2, 0)])
        self.heads[top] = head
        self.labels[top] = labels[arc] + 1
        self.height[r] -= 1
        side = np.where(left, _STEP.left_outer, _STEP.right_outer)  # the new dependent is the outermost on its side
        self.outer[head, side + 1] = self.outer[head, side]
        self.outer[head, side] = top
        self.dependents[head, (~left).astype(np.intp)] += 1

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


def _hash(starts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Combine templates' atoms into 64-bit features: per atom an xor, a wrapping multiply and an xor-shift.

    ``starts`` has one entry per template (:func:`_starts` of its number) and ``values`` the
    shape ``(templates, atoms, examples)``: the tagger's templates of one length are hashed
    together. The parser's steps run the same rounds over all their templates at once
    (:meth:`Batch._hashed`). Returns ``(templates, examples)``.
    """
    h = starts[:, None]  # broadcast by the first xor
    for k in range(values.shape[1]):
        h = (h ^ values[:, k]) * _MIX2
        h ^= h >> _SHIFT
    return h * _MIX


def _starts(numbers: Sequence[int]) -> np.ndarray:
    """Return the state :func:`_hash` starts from for templates of these numbers: the number plus one, mixed."""
    return (np.asarray(numbers, dtype=np.uint64) + np.uint64(1)) * _MIX


class _Read(NamedTuple):
    """Atoms of a plan read with one gather: token-table atoms together, each other kind of atom apart."""

    kind: int  # the atom read (LEFTS for both counts of dependents), or -1 for token-table atoms
    slots: np.ndarray  # intp: rows of the plan's values they fill
    positions: np.ndarray  # intp: the position of each
    atoms: np.ndarray  # intp: the atom of each
    others: np.ndarray  # intp: for a distance, the position it is counted to (B0 from S0, else S0)
    sides: np.ndarray  # intp: for a count of dependents, its side (0: left, 1: right)


class _Step(NamedTuple):
    """The moves, atoms and sides every parsing step reads, as plain numbers: an enum member costs a call each time."""

    shift: int
    left: int
    right: int
    label: int
    lefts: int
    left_outer: int
    right_outer: int


_STEP = _Step(*map(int, (Move.SHIFT, Move.LEFT, Move.RIGHT, A.LABEL, A.LEFTS, _Outer.LEFT, _Outer.RIGHT)))


class _Plan(NamedTuple):
    """How to compute sets of templates at once: the atoms they read, and the templates longest first.

    The hash of :func:`_hash` runs one round per atom a template reads; with the templates
    longest first, those that read an atom ``k`` are a prefix, so each round is one pass.
    """

    atoms: tuple[tuple[Position, Atom], ...]
    reads: tuple[_Read, ...]
    starts: np.ndarray  # uint64: the :func:`_starts` of the templates, longest first
    rounds: tuple[np.ndarray, ...]  # intp: per round k, the ``atoms`` index of the k-th atom of the templates with one
    order: np.ndarray  # intp: for each template, its row among the templates longest first


@functools.cache
def _plan(sets: tuple[tuple[tuple[Template, ...], int], ...]) -> _Plan:
    """Return the :class:`_Plan` of ``sets`` of (templates, salt), their columns one set after the other.

    Template ``k`` of a set is hashed with the number ``salt + k``. Computed once per ``sets``.
    """
    templates = [template for chosen, _ in sets for template in chosen]
    numbers = [salt + k for chosen, salt in sets for k in range(len(chosen))]
    atoms = tuple(dict.fromkeys(part for template in templates for part in template))
    index = {part: k for k, part in enumerate(atoms)}
    longest_first = sorted(range(len(templates)), key=lambda k: -len(templates[k]))
    rounds = tuple(
        np.asarray([index[templates[k][depth]] for k in longest_first if len(templates[k]) > depth], dtype=np.intp)
        for depth in range(max(map(len, templates), default=0))
    )
    kinds: dict[int, list[int]] = {}
    for slot, (_, atom) in enumerate(atoms):
        kind = -1 if atom < TABLE else A.LEFTS if atom == A.RIGHTS else atom  # both counts read together
        kinds.setdefault(int(kind), []).append(slot)
    reads = tuple(
        _Read(
            kind,
            np.asarray(slots, dtype=np.intp),
            np.asarray([atoms[k][0] for k in slots], dtype=np.intp),
            np.asarray([atoms[k][1] for k in slots], dtype=np.intp),
            np.asarray([P.B0 if atoms[k][0] == P.S0 else P.S0 for k in slots], dtype=np.intp),
            np.asarray([int(atoms[k][1] == A.RIGHTS) for k in slots], dtype=np.intp),
        )
        for kind, slots in sorted(kinds.items())
    )
    starts = _starts([numbers[k] for k in longest_first])
    return _Plan(atoms, reads, starts, rounds, np.argsort(np.asarray(longest_first, dtype=np.intp)))


def summed(weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Return ``weights[rows].sum(axis=1)``: for each example, the sum of the weight rows of its features.

    The gathered rows are summed in blocks of about :data:`BLOCK` numbers, so a large batch
    (training) never copies its whole three-dimensional gather at once; the sums are the same
    to the bit whatever the block (numpy adds the features of an example one after the other).
    """
    step = max(1, BLOCK // max(rows.shape[1] * weights.shape[1], 1))
    if len(rows) <= step:  # every step of a parse: one gather, no copy
        return _feature_sums(weights, rows)
    out = np.empty((len(rows), weights.shape[1]), dtype=weights.dtype)
    for first in range(0, len(rows), step):
        block = rows[first : first + step]
        out[first : first + len(block)] = _feature_sums(weights, block)
    return out


def _feature_sums(weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Return ``weights[rows].sum(axis=1)`` with the rows gathered feature by feature.

    Gathered as ``(features, examples, weights)``, the sum adds whole contiguous slices, one
    feature after the other: the same additions in the same order as summing each example's
    features in turn, to the bit, a few times faster than reducing the middle axis of an
    ``(examples, features, weights)`` gather (whose innermost run is one row of weights).
    """
    gathered = weights.take(rows.T.ravel(), axis=0).reshape(rows.shape[1], len(rows), weights.shape[1])
    return np.add.reduce(gathered, axis=0)


BLOCK = 1 << 20
"""Numbers gathered at a time by :func:`summed` (4 MB of float32)."""


def rows_of(features: np.ndarray, bits: int) -> np.ndarray:
    """Return the weight rows hashed features select in a space of ``2**bits`` rows."""
    return (features >> np.uint64(64 - bits)).astype(np.intp)


LABEL_SALT = 1000
"""Added to the relation templates' numbers so that their features differ from the move model's."""


WEIGHTS_FILE = "parser_model.npz"
RETRAIN = "python -m workbench.syntax.train"


class ParserModel:
    """The weights of the tagger and the parser, with the vocabulary and the tags they were trained with.

    ``actions`` is ``(2**ACTION_BITS, 3)``: one weight per move. ``labels`` is
    ``(2**LABEL_BITS, 2, 27)``: ``labels[:, d, k]`` scores relation ``ARC_LABELS[k]`` for an arc
    made by ``LEFT`` (d = 0) or ``RIGHT`` (d = 1). ``tagger`` is ``(2**TAG_BITS, len(tags))``.
    ``fingerprint`` is the :func:`extractor_fingerprint` of the code the weights were trained with.
    """

    def __init__(
        self,
        actions: np.ndarray,
        labels: np.ndarray,
        tagger: np.ndarray,
        tags: Sequence[str],
        words: Sequence[str],
        fingerprint: str = "",
    ) -> None:
        self.actions = actions
        self.labels = labels
        self.tagger = tagger
        self.tags = tuple(tags)
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
            data["tagger"].astype(np.float32),
            data["tags"].tolist(),
            data["words"].tolist(),
            str(data["fingerprint"]),
        )

    def check(self) -> None:
        """Raise :class:`~workbench.fingerprint.FingerprintError` when the code's features are not the weights'."""
        fingerprints.check(
            self.fingerprint,
            extractor_fingerprint(self.vocabulary.words, self.tags),
            model=f"the parser (workbench/data/{WEIGHTS_FILE})",
            retrain=RETRAIN,
        )

    def table(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Return the lengths of ``sentences`` and the token table of all their tokens, tags not yet given."""
        lengths = np.array([len(tokens) for tokens in sentences], dtype=np.int64)
        return lengths, self.vocabulary.table([token for tokens in sentences for token in tokens])

    def tag(self, table: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Return the index of the best tag of every token of a token table."""
        if not len(table):
            return np.zeros(0, dtype=np.int64)
        return summed(self.tagger, rows_of(tag_features(table, lengths), TAG_BITS)).argmax(axis=1)

    def batch(self, sentences: Sequence[Sequence[str]], tags: np.ndarray | None = None) -> Batch:
        """Return the initial configurations of ``sentences``, tagged by the tagger unless ``tags`` are given."""
        lengths, table = self.table(sentences)
        table[:, A.TAG] = 1 + (self.tag(table, lengths) if tags is None else tags)
        return Batch(lengths, table)

    def choose(self, batch: Batch, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the best legal move of each sentence of ``rows``, and the best relation for the arc it makes."""
        moving, relating = batch.move_and_relation_features(rows, batch.positions(rows))
        scores = summed(self.actions, rows_of(moving, ACTION_BITS))
        moves = np.where(batch.legal(rows), scores, -np.inf).argmax(axis=1)
        relations = np.zeros(len(moves), dtype=np.int64)
        arcs = np.flatnonzero(moves != _STEP.shift)
        if len(arcs):
            weights = self.labels.reshape(-1, len(ARC_LABELS))
            chosen = rows_of(relating[arcs], LABEL_BITS) * 2 + (moves[arcs] - 1)[:, None]
            relations[arcs] = summed(weights, chosen).argmax(axis=1)
        return moves, relations

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[Tree]:
        """Return the tree of each sentence, all sentences parsed together."""
        batch = self.batch(sentences)
        rows = batch.active()
        while len(rows):
            moves, relations = self.choose(batch, rows)
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


def extractor_fingerprint(words: Sequence[str], tags: Sequence[str]) -> str:
    """Return the fingerprint of the atoms and features the code makes of :data:`PROBE`.

    ``words`` is the model's vocabulary and ``tags`` its tag set. The probe's tokens are given
    tags in turn and walked through a fixed sequence of moves (shift every token, then arcs to
    the right with every relation in turn), so the code alone decides the features.
    """
    vocabulary = Vocabulary(words)
    tags = tuple(tags)
    sentences = [tokens(text) for text in PROBE]
    lengths = np.array([len(s) for s in sentences])
    table = vocabulary.table([t for s in sentences for t in s])
    table[:, A.TAG] = 1 + np.arange(len(table)) % max(len(tags), 1)
    rows_out: list[list[object]] = [[*row] for row in table.tolist()]
    rows_out.extend(tag_features(table, lengths).tolist())
    batch = Batch(lengths, table)
    step = 0
    rows = batch.active()
    while len(rows):
        rows_out.extend(batch.features(rows).tolist())
        rows_out.extend(batch.features(rows, LABEL_TEMPLATES, LABEL_SALT).tolist())
        moves = np.where(batch.legal(rows)[:, Move.SHIFT], Move.SHIFT, Move.RIGHT)
        batch.apply(rows, moves, np.full(len(rows), step % len(ARC_LABELS)))
        step += 1
        rows = batch.active()
    description = (
        f"arc-hybrid; templates {TEMPLATES}; relation templates {LABEL_TEMPLATES}; tag templates {TAG_TEMPLATES}; "
        f"bits {ACTION_BITS}/{LABEL_BITS}/{TAG_BITS}; frequent {FREQUENT}; cap {CAP}; labels {LABELS}; tags {tags}"
    )
    return fingerprints.fingerprint(description, rows_out)
