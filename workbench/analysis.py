"""Keyword in context: pure functions over the corpus tables.

**Keyword in context** (:func:`kwic`, :class:`Concordance`) answers a query with one row per
occurrence and the words around it. Queries are those of every search (:mod:`workbench.query`):
all the words, in any order (whole words, any case); "an exact phrase"; * for any letters
(sanction*); OR between alternatives; -word or -"a phrase" to leave out; (brackets) to group.
``regex=True`` reads the query as one RE2 regular expression instead. The sentences shown are
exactly those ``Corpus.find(search=...)`` keeps; each gets one row per occurrence of every word,
phrase or pattern the query looks for (words it leaves out are not shown), so ``find`` counts
sentences and ``kwic`` occurrences. The search runs in pyarrow's RE2 kernels over all sentences at
once; the contexts are cut out of one byte buffer by NumPy indexing, so a query costs a few
vectorised passes whatever the number of matches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.errors import FilterError, QueryError
from workbench.query import MARK, WORD, Pattern, Query, arrow_strings, parse

KWIC_COLUMNS = ["article_id", "sentence_id", "position", "left", "match", "right", "start", "end"]
"""Columns of :func:`kwic`: ``start``/``end`` are the match's offsets in ``articles.text``."""
_SPACE = 32
"""Byte values up to this one are white space (space, tab, newline) when a context is cut."""


class _Matches(NamedTuple):
    """Matches found in an array of texts: the text's row, offsets in that text (bytes and characters), the text."""

    row: np.ndarray
    byte_start: np.ndarray
    byte_end: np.ndarray
    char_start: np.ndarray
    char_end: np.ndarray
    text: pa.Array

    @classmethod
    def find(cls, texts: pa.StringArray, expression: str, *, regex: bool) -> _Matches:
        """Mark every match with RE2's global replace, split at the marks and read offsets off the pieces."""
        rewrite = f"{MARK}\\0{MARK}" if regex else f"\\1{MARK}\\2{MARK}"
        pieces = pc.split_pattern(pc.replace_substring_regex(texts, expression, rewrite), MARK)
        flat = pieces.flatten()
        parent = pc.list_parent_indices(pieces).to_numpy()
        first = np.asarray(pieces.offsets)[:-1][parent]
        keep = (np.arange(len(flat)) - first) % 2 == 1
        if not regex:  # the word must end there: the next piece may not start with a word character
            following = flat.take(pa.array(np.flatnonzero(keep) + 1))
            keep[keep] = ~pc.match_substring_regex(following, f"^[{WORD}]").to_numpy(zero_copy_only=False)
        byte_start, byte_length = _starts(pc.binary_length(flat), first)
        char_start, char_length = _starts(pc.utf8_length(flat), first)
        chosen = np.flatnonzero(keep & (byte_length > 0))
        return cls(
            parent[chosen],
            byte_start[chosen],
            byte_start[chosen] + byte_length[chosen],
            char_start[chosen],
            char_start[chosen] + char_length[chosen],
            flat.take(pa.array(chosen)),
        )

    @classmethod
    def of(cls, texts: pa.StringArray, query: Query) -> _Matches:
        """Return the occurrences of every term ``query`` shows in ``texts``, in text order, each span once."""
        terms = query.shown()
        if not terms:
            raise QueryError(
                f"{query.text!r} only leaves words out, so there is nothing to show in context: "
                "add a word to find, as in Iran -Iraq."
            )
        parts = [cls.find(texts, query.expression(term), regex=isinstance(term, Pattern)) for term in terms]
        arrays = [np.concatenate(column) for column in list(zip(*parts, strict=True))[:-1]]
        text = pa.concat_arrays([part.text for part in parts])
        row, byte_start, byte_end = arrays[:3]
        order = np.lexsort((byte_end, byte_start, row))
        row, byte_start, byte_end = row[order], byte_start[order], byte_end[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (np.diff(row) != 0) | (np.diff(byte_start) != 0) | (np.diff(byte_end) != 0)
        chosen = order[first]
        return cls(*(array[chosen] for array in arrays), text.take(pa.array(chosen)))


def _starts(lengths: pa.Array, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return where each piece starts in its text (``first`` is the index of its text's first piece), and its length."""
    length = lengths.to_numpy().astype(np.int64)
    before = np.cumsum(length) - length
    return before - before[first], length


class Concordance:
    """The sentences of a corpus prepared for keyword-in-context queries; build once, query many times.

    Sentences are read in corpus order (articles in their first order, sentences by position) and
    joined by a space into one byte buffer, so a context runs over neighbouring sentences of the
    same article and stops at the article's edges.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (``sentence_id``, ``article_id``, ``position``, ``text``, ``start``).

    Examples
    --------
    >>> import workbench
    >>> corpus = workbench.load_text("Talks on sanctions stalled. New sanctions came on Monday.")
    >>> Concordance(corpus.sentences).search("sanction*", window=20)[["left", "match", "right"]].values.tolist()
    [['Talks on', 'sanctions', 'stalled. New'], ['stalled. New', 'sanctions', 'came on Monday.']]
    """

    def __init__(self, sentences: pd.DataFrame) -> None:
        articles = pd.factorize(sentences["article_id"])[0]
        order = np.lexsort((sentences["position"].to_numpy(), articles))
        self.sentences = sentences.iloc[order].reset_index(drop=True)
        self.texts = arrow_strings(self.sentences["text"])
        count = len(self.texts)
        offsets = np.frombuffer(self.texts.buffers()[1], dtype=np.int32)[self.texts.offset :][: count + 1]
        offsets = offsets.astype(np.int64) - offsets[0]
        data = np.frombuffer(self.texts.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
        self.buffer = np.insert(data, offsets[1:-1], _SPACE) if count > 1 else data
        self.byte_start = offsets[:-1] + np.arange(count)
        lengths = pc.utf8_length(self.texts).to_numpy().astype(np.int64)
        self.char_start = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        leading = np.ones(len(self.buffer) + 1, dtype=bool)
        leading[:-1] = (self.buffer & 0xC0) != 0x80
        self.char_at = np.flatnonzero(leading).astype(np.int64)
        codes = articles[order]
        first = np.searchsorted(codes, codes, side="left")
        last = np.searchsorted(codes, codes, side="right") - 1
        self.article_start = self.char_start[first]
        self.article_end = self.char_start[last] + lengths[last]

    def search(self, query: str, *, window: int = 60, regex: bool = False, case: bool = False) -> pd.DataFrame:
        """Return one row per occurrence of a term of ``query``, with ``window`` characters of context on each side.

        The sentences are those the query holds for (as ``Corpus.find`` keeps them); contexts are
        cut back to whole words and stop at the article's edges.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`KWIC_COLUMNS`, in corpus order.

        Raises
        ------
        QueryError
            When the query is empty, cannot be read, or only leaves words out.
        FilterError
            When ``window`` is negative.
        """
        if window < 0:
            raise FilterError(f"window must be 0 or more characters, got {window}.")
        parsed = parse(query, regex=regex, case=case)
        rows = np.flatnonzero(parsed.matches(self.texts))
        found = _Matches.of(self.texts.take(pa.array(rows, type=pa.int64())), parsed)
        row = rows[found.row]
        first = self.char_start[row] + found.char_start
        last = self.char_start[row] + found.char_end
        low = np.maximum(first - window, self.article_start[row])
        high = np.minimum(last + window, self.article_end[row])
        left = self._cut(
            *self._strip(
                self._skip(self.char_at[low], cut=low > self.article_start[row], forward=True),
                self.byte_start[row] + found.byte_start,
            )
        )
        right = self._cut(
            *self._strip(
                self.byte_start[row] + found.byte_end,
                self._skip(self.char_at[high], cut=high < self.article_end[row], forward=False),
            )
        )
        start = self.sentences["start"].to_numpy()[row] + found.char_start
        table = self.sentences.iloc[row]
        return pd.DataFrame(
            {
                "article_id": table["article_id"].to_numpy(),
                "sentence_id": table["sentence_id"].to_numpy(),
                "position": table["position"].to_numpy(),
                "left": pd.array(left, dtype="string"),
                "match": pd.array(found.text, dtype="string"),
                "right": pd.array(right, dtype="string"),
                "start": start.astype("int64"),
                "end": (start + found.char_end - found.char_start).astype("int64"),
            },
            columns=KWIC_COLUMNS,
        ).astype({"article_id": "string", "sentence_id": "string"})

    def _spaces(self, at: np.ndarray) -> np.ndarray:
        """Return True where the byte at ``at`` is white space (or the end of the buffer)."""
        inside = at < len(self.buffer)
        return ~inside | (self.buffer[np.where(inside, at, 0)] <= _SPACE)

    def _skip(self, at: np.ndarray, *, cut: np.ndarray, forward: bool) -> np.ndarray:
        """Move a window edge that cut a word in two past the rest of that word, away from the match."""
        before = np.maximum(at - 1, 0)
        partial = cut & ~self._spaces(before) & ~self._spaces(at)
        return self._walk(at, partial, forward=forward, over_spaces=False)

    def _strip(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Move ``low`` forward and ``high`` back past white space: the bytes ``[low, high)`` without it."""
        low = np.minimum(self._walk(low, low < high, forward=True, over_spaces=True), high)
        return low, np.maximum(self._walk(high, high > low, forward=False, over_spaces=True), low)

    def _walk(self, at: np.ndarray, active: np.ndarray, *, forward: bool, over_spaces: bool) -> np.ndarray:
        """Step each active offset byte by byte while it sits on (or, backwards, after) a space or not."""
        at = at.copy()
        step = 1 if forward else -1
        while active.any():
            probe = at if forward else at - 1
            moving = active & (probe >= 0) & (probe < len(self.buffer))
            moving &= self._spaces(np.maximum(probe, 0)) == over_spaces
            at[moving] += step
            active = moving
        return at

    def _cut(self, low: np.ndarray, high: np.ndarray) -> pa.Array:
        """Return the bytes ``[low, high)`` of the buffer for each match, as one Arrow string array."""
        lengths = np.maximum(high - low, 0).astype(np.int32)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
        np.cumsum(lengths, out=offsets[1:])
        index = np.arange(offsets[-1], dtype=np.int32)
        index += np.repeat((low - offsets[:-1]).astype(np.int32), lengths)
        return pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(self.buffer[index]))


def kwic(
    sentences: pd.DataFrame, query: str, *, window: int = 60, regex: bool = False, case: bool = False
) -> pd.DataFrame:
    """Return every occurrence of what ``query`` looks for, with its context: keyword in context.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table.
    query : str
        The query language of every search (:mod:`workbench.query`): all the words, in any order
        (whole words, any case); "an exact phrase"; * for any letters (sanction*); OR between
        alternatives; -word or -"a phrase" to leave out; (brackets) to group. Or an RE2 regular
        expression with ``regex=True``.
    window : int
        Characters of context on each side, cut back to whole words; contexts run over neighbouring
        sentences of the same article and stop at its edges.
    regex : bool
        Read ``pattern`` as a regular expression.
    case : bool
        Match case exactly; by default case is folded ("iran" finds "Iran" and "IRAN").

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, columns :data:`KWIC_COLUMNS`: ``left``, ``match`` and ``right``
        text, ``start``/``end`` the occurrence's offsets in ``articles.text``. The sentences covered
        are those ``Corpus.find(search=query)`` returns; a sentence with two occurrences (or with
        two of the words asked for) gives two rows.

    Raises
    ------
    QueryError
        When the query is empty, cannot be read, or only leaves words out.
    FilterError
        When ``window`` is negative.

    Examples
    --------
    >>> import workbench
    >>> corpus = workbench.load_text("Iran's envoy spoke. The Iranian side said nothing.")
    >>> kwic(corpus.sentences, "iran")[["left", "match", "right"]].values.tolist()
    [['', 'Iran', "'s envoy spoke. The Iranian side said nothing."]]
    """
    return Concordance(sentences).search(query, window=window, regex=regex, case=case)
