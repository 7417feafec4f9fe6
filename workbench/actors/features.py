"""The candidates of a batch of documents and their hashed features, computed with arrays.

A *candidate* is a span of capitalised words of a sentence (lower-case connectors such as "of
the" allowed inside: "Friends of the Baltic Sea"), a hashtag ("#Halvorsen"), or, in a sentence
written all in lower case, words of the census name lists or words the document writes
capitalised elsewhere ("tom brennan"); at most :data:`MAX_TOKENS` tokens long; the
name model (:mod:`workbench.actors.model`) scores each. Its features are strings ("word=halden",
"before=said", "gazetteer_first=gS|2", ...) hashed with CRC-32 into :data:`DIMENSIONS` columns.

Most of what a feature reads is a property of one word (its lower case, shape, affixes, whether
it is a head noun or a census name), of a word's place in its sentence, or of its document
(written in lower case elsewhere, repeated, a dictionary name). So the work is done per
distinct word once per process (:class:`Words`), and per candidate only with array gathers over
the tokens of the whole batch: no Python runs per candidate and feature, and feature strings
are built and hashed once per distinct value. The columns of a batch are :class:`Features`, a
list of (candidate, column) pairs that the model sums into scores and training turns into a
sparse matrix.
"""

from __future__ import annotations

import functools
import itertools
import operator
import zlib
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from workbench.actors.candidates import OPENING, capitalised, truecased
from workbench.actors.dictionary import Hit, given_names
from workbench.lexicon import (
    _SPACED_NAME_TOKEN,  # the tokens of name_tokens, without a record per token
    FREQUENT_SURNAMES,
    GIVEN_NAMES,
    LEGAL_FORMS,
    NOT_NAMES,
    ORG_HEADS,
    PERSON_NOUNS,
    STOP_WORDS,
    SURNAMES,
    TITLE_HEADS,
    word_set,
)

DIMENSIONS = 1 << 18
"""Hashed feature space; collisions at this size cost nothing measurable on the dev split."""
MAX_TOKENS = 8
"""Longest candidate, in tokens ("Institute for the Study of War" is six)."""
_CONNECTED = 2
"""At most this many connectors in a row inside a candidate ("of the")."""
_CONNECTORS = word_set("name_words.txt", "candidate_connectors")
"""Lower-case words a name may hold between capitalised words."""
_LEGAL_FORMS = frozenset(form.rstrip(".") for form in LEGAL_FORMS)
"""Legal forms without a final period ("Ltd." is read as "ltd"); multi-word forms are matched whole."""
_LEGAL_FIRST = frozenset(form.split()[0] for form in LEGAL_FORMS if " " in form)
START, END = "<s>", "</s>"
"""What stands before a sentence's first word and after its last."""

_COLUMNS: dict[str, int] = {}


def _hashed(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


def index(feature: str) -> int:
    """Return the column of ``feature`` in the hashed space (CRC-32, the same in every process); cached."""
    column = _COLUMNS.get(feature)
    if column is None:
        if len(_COLUMNS) > 1 << 21:
            _COLUMNS.clear()
        column = _COLUMNS[feature] = _hashed(feature)
    return column


@functools.lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """Return the shape of ``word`` ("Xx" as "X", "U.S." as "A.", "Yiu-chung" as "X-"); cached per word."""
    if len(word) > 1 and word.replace(".", "").isupper():
        return "A." if "." in word else "AA"
    out = "X" if word[0].isupper() else "x" if word[0].isalpha() else "d" if word[0].isdigit() else word[0]
    if "-" in word:
        out += "-"
    rest = word[1:]
    # Most words are letters, in lower case after the first: one test of the whole rest then
    # settles each question (no letter is a digit; a string in lower case holds no capital).
    if not rest.isalpha() and any(map(str.isdigit, rest)):
        out += "d"
    if not rest.islower() and any(map(str.isupper, rest)):
        out += "X"
    return out


def gazetteer(word: str) -> str:
    """Return which census name lists hold the lower-case ``word``: "g" given, "S" frequent or "s" other surname."""
    return ("g" if word in GIVEN_NAMES else "") + (
        "S" if word in FREQUENT_SURNAMES else "s" if word in SURNAMES else ""
    ) or "-"


class Words:
    """Every distinct word seen in this process, with what the features read of it.

    What every token needs (is it capitalised, in lower case, a connector) is computed when a
    word is first seen; anything else (a feature's column, a word list's verdict) when a
    candidate first needs it, by :meth:`lookup`. Forgotten past a million words, so a long-lived
    process over a large corpus does not grow without end.
    """

    LIMIT = 1 << 20

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self._lazy: dict[str, np.ndarray] = {}
        self.basic = np.zeros((0, len(BASIC)), dtype=bool)
        self.spans: dict[tuple[int, ...], int] = {}
        """The shape feature's column of each span, keyed by its words' shapes and ids."""
        self.keyed: dict[str, dict[int, int]] = {}
        """Columns of templates read from keys (word ids, shapes, lengths), per template, by key."""
        self.lower = np.zeros(0, dtype=np.int64)
        self.encode([START, END, "#"])

    def encode(self, words: Sequence[str]) -> np.ndarray:
        """Return the ids of ``words``, adding the new ones (then their lower-case forms) in order of first use."""
        if len(self.ids) > self.LIMIT:
            self.__init__()
        ids = self.ids
        new = [word for word in dict.fromkeys(words) if word not in ids]
        if new:
            seen = len(self.words)
            ids.update(zip(new, range(seen, seen + len(new)), strict=True))
            self.words += new
            lowered = list(map(str.lower, new))
            fresh = [word for word in dict.fromkeys(lowered) if word not in ids]
            ids.update(zip(fresh, range(len(self.words), len(self.words) + len(fresh)), strict=True))
            self.words += fresh
            lower = list(map(ids.__getitem__, lowered))
            new = self.words[seen:]
            self.basic = np.concatenate([self.basic, _basic(new)])
            self.lower = np.concatenate([self.lower, np.arange(seen, len(self.words), dtype=np.int64)])
            self.lower[seen : seen + len(lower)] = lower  # lower-case forms added here are their own lower case
        return np.fromiter(map(ids.__getitem__, words), dtype=np.int64, count=len(words))

    def lookup(self, name: str, ids: np.ndarray, value: Callable[[str], int]) -> np.ndarray:
        """Return ``value(word)`` for each id, computed once per word and kept under ``name``."""
        table, new = self._missing(name, ids)
        if new:
            table[new] = list(map(value, map(self.words.__getitem__, new)))
        return table[ids]

    def columns(self, prefix: str, ids: np.ndarray, part: slice = slice(None)) -> np.ndarray:
        """Return the column of the feature ``prefix`` + ``part`` of the word in lower case, for each id.

        What :meth:`lookup` with ``_hashed(f"{prefix}{word.lower()[part]}")`` gives, in one loop
        without a call per word: the first batch of a process meets thousands of new words. The
        CRC-32 of the prefix is computed once and continued over each word.
        """
        table, new = self._missing(prefix, ids)
        if new:
            words = self.words
            crc32, mask, opened = zlib.crc32, DIMENSIONS - 1, zlib.crc32(prefix.encode())
            lowered = self.lower[new].tolist()
            table[new] = [crc32(words[word_id][part].encode(), opened) & mask for word_id in lowered]
        return table[ids]

    def _missing(self, name: str, ids: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """Return the table kept under ``name`` (grown to every word; -1 where not computed) and the ids it lacks."""
        table = self._lazy.get(name)
        size = len(self.words)
        if table is None or len(table) < size:
            grown = np.full(max(size, 1024) * 2, -1, dtype=np.int64)
            if table is not None:
                grown[: len(table)] = table
            table = self._lazy[name] = grown
        missing = table[ids] < 0
        return table, pd.unique(ids[missing]).tolist() if missing.any() else []


def _basic(words: list[str]) -> np.ndarray:
    """Return what every token of each word needs, one row per word in the order of the :data:`BASIC` columns.

    Built column by column with ``map`` over built-in tests, without a Python call per word
    and flag: the first batch of a process meets thousands of new words. A word is capitalised
    (:func:`~workbench.actors.candidates.capitalised`) when its first letter is a capital, or,
    asked only of the few with a hyphen among their first four characters, after a prefix.
    """
    firsts = [word[0] for word in words]
    columns = (
        map(str.isupper, firsts),
        map(str.islower, firsts),
        map(str.isalpha, firsts),
        map(str.isupper, words),
        map(_CONNECTORS.__contains__, words),
        map(OPENING.__contains__, words),
        map(STOP_WORDS.__contains__, words),
    )
    out = np.empty((len(words), len(BASIC)), dtype=bool)
    for k, column in enumerate(columns, start=UPPER_FIRST):
        out[:, k] = np.fromiter(column, dtype=bool, count=len(words))
    out[:, LONG] = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) > 1
    out[:, CAPITALISED] = out[:, UPPER_FIRST]
    heads = map(operator.getitem, words, itertools.repeat(slice(4)))
    prefixed = np.fromiter(map(operator.contains, heads, itertools.repeat("-")), dtype=bool, count=len(words))
    for k in np.flatnonzero(prefixed & ~out[:, UPPER_FIRST]).tolist():
        out[k, CAPITALISED] = capitalised(words[k])
    return out


BASIC = ("capitalised", "upper_first", "lower_first", "alpha_first", "upper", "connector", "opening", "stop", "long")
"""Columns of :attr:`Words.basic`: capitalised (may start a name), upper, lower or letter first, all capitals,
a connector, a token after which a capital opens a quote or item (:data:`OPENING`), a stop word, over one character."""
CAPITALISED, UPPER_FIRST, LOWER_FIRST, ALPHA_FIRST, UPPER, CONNECTOR, OPENS, STOP, LONG = range(len(BASIC))

WORDS = Words()


class Document(NamedTuple):
    """A document as the name finder reads it: its text, its sentences' offsets and its dictionary names."""

    text: str
    sentences: Sequence[tuple[int, int]]
    hits: Sequence[Hit]


class Features(NamedTuple):
    """The candidates of a batch and their feature columns.

    Candidate ``c`` is ``documents[document[c]].text[start[c]:end[c]]``; its features are the
    ``columns[k]`` with ``rows[k] == c``, in no particular order (a feature may occur twice in a
    row, and then counts twice).
    """

    document: np.ndarray
    start: np.ndarray
    end: np.ndarray
    rows: np.ndarray
    columns: np.ndarray


class _Pieces:
    """Feature columns gathered per template, as (candidate, column) arrays."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []

    def add(self, rows: np.ndarray, columns: np.ndarray) -> None:
        self.rows.append(rows)
        self.columns.append(columns)

    def keyed(self, name: str, rows: np.ndarray, keys: np.ndarray, feature: Callable[[int], str]) -> None:
        """Add, for each row, the column of ``feature(key)``; each distinct key is hashed once per process.

        ``name`` names the template, whose columns are kept by key in :attr:`Words.keyed`.
        """
        self._keyed(name, rows, keys, lambda missing: [_hashed(feature(key)) for key in missing])

    def pairs(self, name: str, rows: np.ndarray, left: np.ndarray, right: np.ndarray) -> None:
        """Add, for each row, the column of ``f"{name}={left} {right}"`` of two words (ids) in lower case.

        Keyed by the lower-case forms' ids. The first batch of a process meets thousands of new
        pairs, far fewer first words: the CRC-32 of ``f"{name}={left} "`` is computed once per
        first word and continued over each second word.
        """
        words, crc32, mask = WORDS.words, zlib.crc32, DIMENSIONS - 1

        def columns(missing: list[int]) -> list[int]:
            opened: dict[int, int] = {}
            out = []
            for key in missing:
                first, second = divmod(key, _PAIR)
                state = opened.get(first)
                if state is None:
                    state = opened[first] = crc32(f"{name}={words[first]} ".encode())
                out.append(crc32(words[second].encode(), state) & mask)
            return out

        self._keyed(name, rows, WORDS.lower[left] * _PAIR + WORDS.lower[right], columns)

    def _keyed(self, name: str, rows: np.ndarray, keys: np.ndarray, columns: Callable[[list[int]], list[int]]) -> None:
        """Add, for each row, the column of its key; ``columns`` gives those of the keys new to the process."""
        if len(keys):
            known = WORDS.keyed.setdefault(name, {})
            inverse, distinct = pd.factorize(keys)
            distinct = distinct.tolist()
            missing = [key for key in distinct if key not in known]
            if missing:
                known.update(zip(missing, columns(missing), strict=True))
            found = np.fromiter(map(known.__getitem__, distinct), dtype=np.int64, count=len(distinct))
            self.add(rows, found[inverse])


class _Tokens(NamedTuple):
    """Every token of a batch: its text, offsets into its document's text, and its sentence (counted over the batch)."""

    words: list[str]
    start: np.ndarray
    end: np.ndarray
    sentence: np.ndarray


def _tokens(documents: Sequence[Document], common: frozenset[str]) -> _Tokens:
    """Return the name finder's tokens of every sentence (see :func:`workbench.lexicon.name_tokens`), truecased.

    One ``findall`` per sentence gives (space, word) pairs, split into spaces and words by one
    ``zip``; offsets follow from their lengths, counted in one pass over the batch.
    """
    words: list[str] = []
    spaces: list[str] = []
    lengths: list[int] = []
    sentence_start: list[int] = []
    for document in documents:
        sentences = []
        for start, end in document.sentences:
            pairs = _SPACED_NAME_TOKEN.findall(document.text, start, end)
            gaps, found = zip(*pairs, strict=True) if pairs else ((), ())
            sentences.append(list(found))
            spaces += gaps
            lengths.append(len(pairs))
            sentence_start.append(start)
        truecased(sentences, common)
        for sentence in sentences:
            words += sentence
    sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    # Within a sentence a token ends where its space and text end: a running sum restarted per sentence.
    steps = np.fromiter(map(len, spaces), dtype=np.int64, count=len(spaces)) + sizes
    total = np.cumsum(steps)
    before = np.r_[0, total][np.r_[0, np.cumsum(lengths, dtype=np.int64)][:-1]]
    end = total - np.repeat(before, lengths) + np.repeat(np.asarray(sentence_start, dtype=np.int64), lengths)
    return _Tokens(words, end - sizes, end, sentence)


def extract(documents: Sequence[Document], common: frozenset[str]) -> Features:
    """Return the candidates of ``documents`` and their features; ``common`` is the model's lower-case vocabulary.

    Candidates come in the order of the documents, their sentences, and within a run of
    capitalised words by first then last word.
    """
    words, start, end, sentence = _tokens(documents, common)
    per_document = np.asarray([len(document.sentences) for document in documents], dtype=np.int64)
    sentence_document = np.repeat(np.arange(len(documents)), per_document)
    ids = WORDS.encode(words)
    basic = WORDS.basic[ids]
    n_tokens = len(words)
    if n_tokens == 0:
        return _empty()
    document = sentence_document[sentence]
    # Position of each token in its sentence, and the sentence's bounds.
    first_of = np.r_[0, np.flatnonzero(np.diff(sentence)) + 1]
    sentence_start = np.zeros(sentence[-1] + 1, dtype=np.int64)
    sentence_end = np.zeros(sentence[-1] + 1, dtype=np.int64)
    sentence_start[sentence[first_of]] = first_of
    sentence_end[sentence[first_of]] = np.r_[first_of[1:], n_tokens]
    k = np.arange(n_tokens) - sentence_start[sentence]
    batch = _Batch(ids, basic, start, end, sentence, k, document, sentence_end)
    facts = _DocumentFacts(ids, basic, k, document, len(WORDS.words))
    shown = _shown(batch, facts)
    first, last = _candidates(batch, shown)
    if not len(first):
        return _empty()
    pieces = _Pieces()
    _span_features(pieces, ids, basic, first, last)
    _context_features(pieces, documents, common, batch, first, last, facts)
    _shown_features(pieces, first, shown)
    return Features(
        document[first], start[first], end[last], np.concatenate(pieces.rows), np.concatenate(pieces.columns)
    )


class _Batch(NamedTuple):
    """The tokens of a batch of documents, one entry per token, as the feature steps read them."""

    ids: np.ndarray  # index in WORDS
    basic: np.ndarray  # bool (tokens, len(BASIC)): WORDS.basic of each
    start: np.ndarray  # character offsets in the token's document
    end: np.ndarray
    sentence: np.ndarray  # sentence number across the batch
    k: np.ndarray  # position in the sentence
    document: np.ndarray  # document number in the batch
    sentence_end: np.ndarray  # per sentence: the token after its last


def _empty() -> Features:
    none = np.zeros(0, dtype=np.int64)
    return Features(none, none, none, none, none)


class _Shown(NamedTuple):
    """Which tokens may be part of a name, and how they show it."""

    name_like: np.ndarray
    """Capitalised, a hashtag's "#" and word, or a name in a sentence written all in lower case."""
    hashes: np.ndarray
    """The "#" of a hashtag ("#Halden"): a name may start there, never end there."""
    lower_sentence: np.ndarray
    """Tokens of sentences with no capital after their first word, as tweets are written."""


def _shown(batch: _Batch, facts: _DocumentFacts) -> _Shown:
    """Return which tokens may be part of a name.

    Capitals are the usual sign. A hashtag's "#" joined to a word ("#Halden", "#halden") starts a
    name as the hashtag. In a sentence written all in lower case, a word of the census name lists
    or one the document writes capitalised elsewhere may be a name too ("met tom brennan").
    """
    ids, basic, start, end, sentence, k, document, _ = batch
    count = len(ids)
    following = np.minimum(np.arange(count) + 1, count - 1)
    touching = np.r_[start[1:] - end[:-1], 1] == 0
    hashes = (ids == WORDS.ids["#"]) & touching & (sentence[following] == sentence) & basic[following, ALPHA_FIRST]
    hashes[-1] = False
    tagged = np.r_[False, hashes[:-1]]
    capitals = basic[:, CAPITALISED]
    lower_sentence = (np.bincount(sentence, weights=capitals & (k > 0)) == 0)[sentence]
    maybe = np.flatnonzero(lower_sentence & basic[:, LOWER_FIRST] & ~tagged)
    words = ids[maybe]
    lower = WORDS.lower[words]
    known = WORDS.lookup("gazetteer", lower, _gazetteer_code) > 0
    known |= facts.mixed(document[maybe], lower)
    known &= ~basic[maybe, STOP] & basic[maybe, LONG]
    name_like = capitals | hashes | tagged
    name_like[maybe[known]] = True
    return _Shown(name_like, hashes, lower_sentence)


def _candidates(batch: _Batch, shown: _Shown) -> tuple[np.ndarray, np.ndarray]:
    """Return the first and last token of every candidate: spans of name-like tokens, connectors inside.

    A run is name-like tokens (:func:`_shown`) with at most ``_CONNECTED`` connectors between two
    of them, in one sentence and on one line (no wider gap than one space). A lone capitalised
    function word ("The", "However") is no candidate, nor is a span that ends with a hashtag's "#".
    """
    basic, start, end, sentence = batch.basic, batch.start, batch.end, batch.sentence
    capitals = np.flatnonzero(shown.name_like)
    if not len(capitals):
        return capitals, capitals
    # Between two capitals only connectors, at most _CONNECTED of them, and single spaces around.
    a, b = capitals[:-1], capitals[1:]
    gap_after = np.r_[start[1:] - end[:-1], 2]
    joined = (
        (sentence[a] == sentence[b])
        & (b - a - 1 <= _CONNECTED)
        & (_between_capitals(basic, a, b) == 0)
        & (gap_after[a] <= 1)
        & (gap_after[b - 1] <= 1)
    )
    run = np.r_[0, np.cumsum(~joined)]
    lone = np.bincount(run) == 1
    skip = lone[run] & basic[capitals, STOP]
    firsts: list[np.ndarray] = []
    lasts: list[np.ndarray] = []
    for distance in range(MAX_TOKENS):
        i = np.arange(len(capitals) - distance)
        j = i + distance
        keep = (run[i] == run[j]) & (capitals[j] - capitals[i] < MAX_TOKENS) & ~skip[i] & ~shown.hashes[capitals[j]]
        firsts.append(i[keep])
        lasts.append(j[keep])
    i, j = np.concatenate(firsts), np.concatenate(lasts)
    order = np.lexsort((j, i))
    return capitals[i[order]], capitals[j[order]]


def _between_capitals(basic: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return how many tokens strictly between ``a`` and ``b`` are not connectors."""
    not_connector = np.r_[0, np.cumsum(~basic[:, CONNECTOR])]
    return not_connector[b] - not_connector[a + 1]


_GAZETTEER = ("-", "g", "S", "s", "gS", "gs")
"""The census codes :func:`gazetteer` returns, numbered."""


class _Registry:
    """Strings numbered in the order first seen (shapes, dictionary kinds), so they can be array keys."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.names: list[str] = []

    def number(self, name: str) -> int:
        found = self.numbers.get(name)
        if found is None:
            found = self.numbers[name] = len(self.names)
            self.names.append(name)
        return found


_SHAPES = _Registry()
_SHAPE_KEY = 1 << 24
_PAIR = 1 << 31
"""Keys of two words: the first's id times this plus the second's."""
"""Keys of two shapes: the first times this plus the second."""
_KINDS = _Registry()


def _flag(name: str, ids: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    return WORDS.lookup(name, ids, test).astype(bool)


def _spread(first: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return, for every token of every span, the span's number and the token's position."""
    rows = np.repeat(np.arange(len(first)), length)
    offsets = np.cumsum(length) - length
    return rows, first[rows] + np.arange(len(rows)) - offsets[rows]


def _span_sum(flags: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Return how many tokens of ``first..last`` (inclusive) have ``flags``."""
    total = np.r_[0, np.cumsum(flags)]
    return total[last + 1] - total[first]


def _span_features(pieces: _Pieces, ids: np.ndarray, basic: np.ndarray, first: np.ndarray, last: np.ndarray) -> None:
    """Add the features a span's own words make, whatever stands around it."""
    count = len(first)
    rows = np.arange(count)
    length = last - first + 1
    n = np.minimum(length, 5)
    head, tail = ids[first], ids[last]
    pieces.add(rows, np.full(count, index("bias"), dtype=np.int64))
    pieces.keyed("n", rows, n, lambda v: f"n={v}")
    pieces.add(rows, _span_shapes(ids, basic, first, last))
    pieces.add(rows, WORDS.columns("first=", head))
    pieces.add(rows, WORDS.columns("last=", tail))
    pieces.add(rows, WORDS.columns("suffix=", tail, slice(-3, None)))
    pieces.add(rows, WORDS.columns("prefix=", head, slice(None, 3)))
    inside, positions = _spread(first, length)
    pieces.add(inside, WORDS.columns("word=", ids[positions]))
    pieces.add(rows, WORDS.columns("suffix2=", tail, slice(-2, None)))
    pieces.add(rows, WORDS.columns("suffix4=", tail, slice(-4, None)))
    org = _flag("org_head", ids[positions], ORG_HEADS.__contains__)
    several = length > 1
    inner_org = np.bincount(inside, weights=org & (positions != last[inside]), minlength=count) > 0
    for name, flags in (
        ("org_head", _flag("org_head", tail, ORG_HEADS.__contains__)),
        ("inner_org_head", several & inner_org),
        ("thing_head", _flag("not_name", tail, NOT_NAMES.__contains__)),
        ("title_head", _flag("title_head", tail, TITLE_HEADS.__contains__)),
    ):
        pieces.add(rows[flags], np.full(int(flags.sum()), index(name), dtype=np.int64))
    stop = basic[first, STOP]
    pieces.keyed("stop_word_first", rows[stop], n[stop], lambda v: f"stop_word_first|{v}")
    legal = several & (_flag("legal", tail, lambda w: w.lower().rstrip(".") in _LEGAL_FORMS) | _legal_pairs(ids, last))
    pieces.add(rows[legal], np.full(int(legal.sum()), index("legal_form"), dtype=np.int64))
    code_first = WORDS.lookup("gazetteer", WORDS.lower[head], _gazetteer_code)
    code_last = WORDS.lookup("gazetteer", WORDS.lower[tail], _gazetteer_code)
    pieces.keyed("gazetteer_first", rows, code_first * 8 + n, lambda v: f"gazetteer_first={_GAZETTEER[v // 8]}|{v % 8}")
    pieces.keyed("gazetteer_last", rows[several], code_last[several], lambda v: f"gazetteer_last={_GAZETTEER[v]}")
    pair = code_first * 8 + code_last
    pieces.keyed(
        "gazetteer_pair",
        rows[several],
        pair[several],
        lambda v: f"gazetteer_pair={_GAZETTEER[v // 8]}|{_GAZETTEER[v % 8]}",
    )
    capitals = _span_sum(basic[:, UPPER], first, last) == length
    pieces.keyed("all_capitals", rows[capitals], n[capitals], lambda v: f"all_capitals|{v}")


def _legal_pairs(ids: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Whether the last two words of each span are a legal form of two words ("Pty Ltd"); only read for spans of 2+."""
    before = WORDS.lower[ids[np.maximum(last - 1, 0)]]
    out = np.zeros(len(last), dtype=bool)
    maybe = np.flatnonzero(_flag("legal_first", before, _LEGAL_FIRST.__contains__))
    words = WORDS.words
    for c in maybe.tolist():
        out[c] = f"{words[before[c]]} {words[WORDS.lower[ids[last[c]]]]}" in LEGAL_FORMS
    return out


def _span_shapes(ids: np.ndarray, basic: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Return the column of each span's shape ("X X", "X of the X"): capitalised words by shape, others as written.

    A span is keyed by its words' shape numbers (capitalised words) and ids (the others), so
    spans of the same shape share one key and their string is built and hashed once. Spans of
    one word, two thirds of them, are looked up once per distinct key, not once per span.
    """
    capital = basic[:, CAPITALISED]
    token = ids.copy()
    token[capital] = -2 - WORDS.lookup("shape", ids[capital], _shape_number)
    columns = np.empty(len(first), dtype=np.int64)
    single = first == last
    inverse, distinct = pd.factorize(token[first[single]])
    columns[single] = np.asarray([_span_column((key,)) for key in distinct.tolist()], dtype=np.int64)[inverse]
    several = ~single
    words = token.tolist()
    columns[several] = [
        _span_column(tuple(words[a : b + 1]))
        for a, b in zip(first[several].tolist(), last[several].tolist(), strict=True)
    ]
    return columns


def _span_column(key: tuple[int, ...]) -> int:
    """Return the shape feature's column of a span keyed by its words' shape numbers and ids; cached per key."""
    found = WORDS.spans
    column = found.get(key)
    if column is None:
        if len(found) > 1 << 18:
            found.clear()
        text = " ".join(_SHAPES.names[-2 - i] if i < 0 else WORDS.words[i] for i in key)
        column = found[key] = _hashed(f"shape={text}")
    return column


def _context_features(
    pieces: _Pieces,
    documents: Sequence[Document],
    common: frozenset[str],
    batch: _Batch,
    first: np.ndarray,
    last: np.ndarray,
    facts: _DocumentFacts,
) -> None:
    """Add the features of each candidate that depend on what stands around it, in its sentence and its document."""
    ids, basic, sentence, k, document = batch.ids, batch.basic, batch.sentence, batch.k, batch.document
    sentence_end = batch.sentence_end
    count, n_tokens = len(first), len(ids)
    rows = np.arange(count)
    length = last - first + 1
    n = np.minimum(length, 5)
    head, tail = ids[first], ids[last]
    begins = k[first] == 0
    ends = sentence_end[sentence[last]]
    start_id, end_id = WORDS.ids[START], WORDS.ids[END]
    before = np.where(k[first] > 0, ids[np.maximum(first - 1, 0)], start_id)
    before2 = np.where(k[first] > 1, ids[np.maximum(first - 2, 0)], start_id)
    after = np.where(last + 1 < ends, ids[np.minimum(last + 1, n_tokens - 1)], end_id)
    after2 = np.where(last + 2 < ends, ids[np.minimum(last + 2, n_tokens - 1)], end_id)
    pieces.add(rows, WORDS.columns("before=", before))
    pieces.pairs("before2", rows, before2, before)
    pieces.add(rows, WORDS.columns("after=", after))
    pieces.pairs("after2", rows, after, after2)
    shape_head = WORDS.lookup("shape", head, _shape_number)
    shape_before = WORDS.lookup("shape", before, _shape_number)
    shape_after = WORDS.lookup("shape", after, _shape_number)
    pieces.keyed("before_shape", rows, shape_before, lambda v: f"before_shape={_SHAPES.names[v]}")
    pieces.keyed("after_shape", rows, shape_after, lambda v: f"after_shape={_SHAPES.names[v]}")
    pieces.keyed("opens", rows, begins * 8 + n, lambda v: f"opens={bool(v // 8)}|{v % 8}")
    opens = begins | WORDS.basic[before, OPENS]
    pieces.keyed("first_shape", rows, shape_head * 16 + opens * 8 + n, lambda v: f"first_shape={_shape_key(v)}")
    pieces.add(rows[opens], WORDS.columns("opener=", head[opens]))
    inner = facts.inner(document[first], head)
    pieces.keyed("opener_inner", rows[opens], (inner * 8 + n)[opens], lambda v: f"opener_inner={bool(v // 8)}|{v % 8}")
    headline = _headlines(basic, sentence)[sentence[first]]
    pieces.add(rows[headline], np.full(int(headline.sum()), index("headline"), dtype=np.int64))
    capitals = basic[last, UPPER] & basic[last, LONG]
    inside, positions = _spread(first, length)
    mixed = facts.mixed(document[positions], WORDS.lower[ids[positions]])
    elsewhere = np.bincount(inside, weights=mixed, minlength=count) == length
    key = (elsewhere * 2 + headline)[capitals]
    pieces.keyed(
        "capitals_mixed_elsewhere",
        rows[capitals],
        key,
        lambda v: f"capitals_mixed_elsewhere={bool(v // 2)}|{bool(v % 2)}",
    )
    pieces.keyed("around", rows, shape_before * _SHAPE_KEY + shape_after, _around)
    low_head, low_tail = WORDS.lower[head], WORDS.lower[tail]
    for name, flags, feature in (
        ("common_first", _member(low_head, common), lambda v: f"common|True|{v}"),
        ("common_last", _member(low_tail, common), lambda v: f"common|False|{v}"),
    ):
        pieces.keyed(name, rows[flags], n[flags], feature)
    lowered = facts.lowered(document[first], low_head)
    pieces.keyed(
        "first_lowered", rows[lowered], (n * 2 + begins)[lowered], lambda v: f"first_lowered|{v // 2}|{bool(v % 2)}"
    )
    lowered = facts.lowered(document[first], low_tail)
    pieces.keyed("last_lowered", rows[lowered], n[lowered], lambda v: f"last_lowered|{v}")
    one = length == 1
    pieces.keyed(
        "repeats", rows[one], np.minimum(facts.counts(document[first], head), 3)[one], lambda v: f"repeats={v}"
    )
    _dictionary_features(pieces, documents, batch, first, last)
    given = _flag("given", head, given_names().__contains__)
    pieces.keyed("given", rows[given], n[given], lambda v: f"given|{v}")
    titled = _flag("after_title", before, lambda w: w.rstrip(".") in TITLE_HEADS or w in TITLE_HEADS)
    pieces.add(rows[titled], np.full(int(titled.sum()), index("after_title"), dtype=np.int64))
    noun = _flag("person_noun", WORDS.lower[before], PERSON_NOUNS.__contains__)
    noun |= _flag("person_noun", WORDS.lower[before2], PERSON_NOUNS.__contains__)
    pieces.add(rows[noun], np.full(int(noun.sum()), index("after_person_noun"), dtype=np.int64))


def _shape_number(word: str) -> int:
    """Return the number of the shape of ``word`` in :data:`_SHAPES`."""
    return _SHAPES.number(shape(word))


def _gazetteer_code(word: str) -> int:
    """Return the number of the census code of the lower-case ``word`` in :data:`_GAZETTEER`."""
    return _GAZETTEER.index(gazetteer(word))


def _shape_key(v: int) -> str:
    return f"{_SHAPES.names[v // 16]}|{bool(v // 8 % 2)}|{v % 8}"


def _around(v: int) -> str:
    return f"around={_SHAPES.names[v // _SHAPE_KEY]}|{_SHAPES.names[v % _SHAPE_KEY]}"


def _member(ids: np.ndarray, words: frozenset[str]) -> np.ndarray:
    """Whether each word id's word is in ``words``."""
    inverse, distinct = pd.factorize(ids)
    found = np.array([WORDS.words[i] in words for i in distinct.tolist()], dtype=bool)
    return found[inverse]


def _headlines(basic: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """Whether each sentence reads as a headline: over three tokens, most of its words capitalised."""
    n_sentences = sentence[-1] + 1
    tokens = np.bincount(sentence, minlength=n_sentences)
    capitals = np.bincount(sentence, weights=basic[:, UPPER_FIRST], minlength=n_sentences)
    letters = np.bincount(sentence, weights=basic[:, ALPHA_FIRST], minlength=n_sentences)
    return (tokens > 3) & (capitals > 0.6 * letters)


class _DocumentFacts:
    """What each document of the batch says of its words: written in lower case, inside a sentence, how often."""

    def __init__(self, ids: np.ndarray, basic: np.ndarray, k: np.ndarray, document: np.ndarray, size: int) -> None:
        self.size = size
        keys = document * size + ids
        self._lowered = np.sort(keys[basic[:, LOWER_FIRST]])
        upper = basic[:, UPPER_FIRST]
        inner = upper & (k > 0) & ~basic[np.maximum(np.arange(len(ids)) - 1, 0), OPENS]
        self._inner = np.sort(keys[inner])
        self._mixed = np.sort((document * size + WORDS.lower[ids])[inner & ~basic[:, UPPER]])
        codes, capitalised = pd.factorize(keys[upper])
        self._capitalised = pd.Index(capitalised)
        self._counts = np.r_[np.bincount(codes, minlength=len(capitalised)), 0]

    def lowered(self, document: np.ndarray, lower: np.ndarray) -> np.ndarray:
        """Whether the document writes each word (given in lower case) in lower case somewhere."""
        return _within(self._lowered, document * self.size + lower)

    def inner(self, document: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Whether the document writes each word capitalised inside a sentence, not only at its start."""
        return _within(self._inner, document * self.size + ids)

    def mixed(self, document: np.ndarray, lower: np.ndarray) -> np.ndarray:
        """Whether the document writes each word (in lower case) in mixed case inside a sentence ("Halvorsen")."""
        return _within(self._mixed, document * self.size + lower)

    def counts(self, document: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Return how often the document writes each word with a capital first."""
        return self._counts[self._capitalised.get_indexer(document * self.size + ids)]


def _within(ordered: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``keys`` is in the sorted array ``ordered``: ``np.isin``, by binary search.

    Each fact is sorted once per batch and asked several times; ``np.isin`` makes both arrays
    unique on every call, which cost ten times as much on the benchmark's batch.
    """
    if not len(ordered):
        return np.zeros(len(keys), dtype=bool)
    found = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
    return ordered[found] == keys


_SPAN = 1 << 23
"""Offsets of a batch's texts laid end to end, times this, plus a span's length: one key per span."""


def _dictionary_features(
    pieces: _Pieces, documents: Sequence[Document], batch: _Batch, first: np.ndarray, last: np.ndarray
) -> None:
    """Add the dictionary's verdict: the candidate is a dictionary name, or holds some (and where)."""
    start, end, document = batch.start, batch.end, batch.document
    base = np.r_[0, np.cumsum([len(d.text) + 1 for d in documents])]
    spans: dict[int, int] = {}
    starts: dict[int, int] = {}
    has_hits = np.zeros(len(documents), dtype=bool)
    for number, doc in enumerate(documents):
        offset = int(base[number])
        for hit in doc.hits:
            kind = _KINDS.number(hit.entry.actor_type)
            spans[(offset + hit.start) * _SPAN + hit.end - hit.start] = kind
            starts[offset + hit.start] = kind
            has_hits[number] = True
    if not spans:
        return
    rows = np.arange(len(first))
    token_start = base[document] + start
    begin = token_start[first]
    kind = _lookup(spans, begin * _SPAN + end[last] - start[first])
    whole = kind >= 0
    pieces.keyed("dictionary", rows[whole], kind[whole], lambda v: f"dictionary={_KINDS.names[v]}")
    open_rows = rows[~whole & has_hits[document[first]]]
    inside, positions = _spread(first[open_rows], (last - first + 1)[open_rows])
    kind = _lookup(starts, token_start[positions])
    found = kind >= 0
    key = kind[found] * 2 + (positions == first[open_rows][inside])[found]
    pieces.keyed(
        "dictionary_inside",
        open_rows[inside][found],
        key,
        lambda v: f"dictionary_inside={_KINDS.names[v // 2]}|{bool(v % 2)}",
    )


def _lookup(table: dict[int, int], keys: np.ndarray) -> np.ndarray:
    """Return ``table[key]`` for each key, -1 when absent."""
    values = np.fromiter([*table.values(), -1], dtype=np.int64, count=len(table) + 1)
    return values[pd.Index(np.fromiter(table, dtype=np.int64, count=len(table))).get_indexer(keys)]


def _shown_features(pieces: _Pieces, first: np.ndarray, shown: _Shown) -> None:
    """Mark a hashtag, and a candidate of a sentence written all in lower case, as such."""
    rows = np.arange(len(first))
    for name, flags in (("hashtag", shown.hashes[first]), ("lower_sentence", shown.lower_sentence[first])):
        pieces.add(rows[flags], np.full(int(flags.sum()), index(name), dtype=np.int64))
