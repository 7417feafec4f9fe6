"""Keyword in context: pure functions over the corpus tables.

**Keyword in context** (:func:`kwic`, :class:`Concordance`) answers a pattern with one row per
match and the words around it. A pattern is words by default: ``sanction*`` (``*`` stands for any
letters, so it finds "sanctions" and "sanctioned"), ``"nuclear deal"`` (words in a row, any white
space between), whole words only ("Iran" does not match inside "Iranian"; it does in "Iran's"),
letters of every script counting as word characters. ``regex=True`` takes a regular expression in
RE2 syntax instead, the syntax pandas' and pyarrow's string methods use. The search runs in
pyarrow's RE2 kernels over all sentences at once; the contexts are cut out of one byte buffer by
NumPy indexing, so a query costs a few vectorised passes whatever the number of matches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.errors import FilterError

KWIC_COLUMNS = ["article_id", "sentence_id", "position", "left", "match", "right", "start", "end"]
"""Columns of :func:`kwic`: ``start``/``end`` are the match's offsets in ``articles.text``."""
WORD = r"\p{L}\p{N}\p{M}_"
"""What a word is made of, as an RE2 character class body: letters, digits and marks of any script."""
_MARK = "\x00"
"""Put around each match before splitting; cleaned text holds no NUL (and a NUL in the input is read as a space)."""
_SPACE = 32
"""Byte values up to this one are white space (space, tab, newline) when a context is cut."""
_SPACES = r"\s+"


def pattern_regex(pattern: str, *, regex: bool = False, case: bool = False) -> str:
    r"""Return the RE2 regular expression that finds ``pattern`` (see the module docstring for the syntax).

    Word patterns match whole words: the expression captures the character before the match
    (group 1) and the match (group 2); the character after it is checked by the caller. A regular
    expression (``regex=True``) is returned as given. ``case=False`` folds case (Unicode-aware).

    Raises
    ------
    FilterError
        When the pattern is empty, or not a valid RE2 expression.

    Examples
    --------
    >>> pattern_regex("sanction*")
    '(?i)(^|[^\\p{L}\\p{N}\\p{M}_])(sanction[\\p{L}\\p{N}\\p{M}_]*)'
    """
    if not pattern or not pattern.strip():
        raise FilterError("The search pattern is empty: give a word such as 'sanction*' or a phrase.")
    flags = "" if case else "(?i)"
    if regex:
        expression = flags + pattern
    else:
        words = _SPACES.join(_word(word) for word in pattern.split())
        expression = f"{flags}(^|[^{WORD}])({words})"
    try:
        pc.match_substring_regex(pa.array([""]), expression)
    except pa.ArrowInvalid as error:
        raise FilterError(
            f"{pattern!r} is not a regular expression the search can run ({error}). Patterns use RE2 syntax "
            "(no look-arounds or back-references); pass regex=False to search words with * wildcards."
        ) from None
    return expression


def _word(word: str) -> str:
    """Return one word of a word pattern as RE2: literal text, ``*`` for any word characters."""
    return f"[{WORD}]*".join(_escape(part) for part in word.split("*"))


def _escape(text: str) -> str:
    """Escape RE2's special characters (letters and digits stay as they are)."""
    return "".join(f"\\{char}" if not char.isalnum() and ord(char) < 128 else char for char in text)


def contains(texts: pd.Series, pattern: str, *, regex: bool = False, case: bool = False) -> pd.Series:
    """Return a boolean Series: True where the text holds a match of ``pattern`` (same patterns as :func:`kwic`).

    For filters over sentences (a search box, a keyword series): one RE2 pass, no contexts.
    """
    expression = pattern_regex(pattern, regex=regex, case=case)
    array = arrow_strings(texts)
    found = pc.match_substring_regex(array, expression).fill_null(False).to_numpy(zero_copy_only=False)
    if not regex and found.any():
        rows = np.flatnonzero(found)
        hits = _Matches.find(array.take(pa.array(rows)), expression, regex=False)
        found = np.zeros(len(texts), dtype=bool)
        found[rows[np.unique(hits.row)]] = True
    return pd.Series(found, index=texts.index, dtype=bool)


def arrow_strings(texts: pd.Series) -> pa.StringArray:
    """Return ``texts`` as one contiguous Arrow string array, missing text as "" and NUL as a space."""
    array = pa.array(texts.astype("string").fillna(""), type=pa.string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pc.any(pc.match_substring(array, _MARK)).as_py():
        array = pc.replace_substring(array, _MARK, " ")
    return array


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
        rewrite = f"{_MARK}\\0{_MARK}" if regex else f"\\1{_MARK}\\2{_MARK}"
        pieces = pc.split_pattern(pc.replace_substring_regex(texts, expression, rewrite), _MARK)
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

    def search(self, pattern: str, *, window: int = 60, regex: bool = False, case: bool = False) -> pd.DataFrame:
        """Return one row per match of ``pattern``, with ``window`` characters of context on each side.

        Contexts are cut back to whole words and stop at the article's edges.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`KWIC_COLUMNS`, in corpus order.

        Raises
        ------
        FilterError
            When the pattern is empty or invalid, or ``window`` is negative.
        """
        if window < 0:
            raise FilterError(f"window must be 0 or more characters, got {window}.")
        expression = pattern_regex(pattern, regex=regex, case=case)
        hit = pc.match_substring_regex(self.texts, expression).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(hit)
        found = _Matches.find(self.texts.take(pa.array(rows, type=pa.int64())), expression, regex=regex)
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
    sentences: pd.DataFrame, pattern: str, *, window: int = 60, regex: bool = False, case: bool = False
) -> pd.DataFrame:
    """Return every match of ``pattern`` in the sentences with its context: keyword in context.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table.
    pattern : str
        Words (``sanction*``, ``"nuclear deal"``), or an RE2 regular expression with ``regex=True``.
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
        One row per match, columns :data:`KWIC_COLUMNS`: ``left``, ``match`` and ``right`` text,
        ``start``/``end`` the match's offsets in ``articles.text``.

    Raises
    ------
    FilterError
        When the pattern is empty or invalid, or ``window`` is negative.

    Examples
    --------
    >>> import workbench
    >>> corpus = workbench.load_text("Iran's envoy spoke. The Iranian side said nothing.")
    >>> kwic(corpus.sentences, "iran")[["left", "match", "right"]].values.tolist()
    [['', 'Iran', "'s envoy spoke. The Iranian side said nothing."]]
    """
    return Concordance(sentences).search(pattern, window=window, regex=regex, case=case)
