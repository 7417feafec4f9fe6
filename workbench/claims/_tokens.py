"""The words of one sentence and where its quotations open and close.

:class:`Tokens` holds a sentence's words and punctuation marks as parallel lists (start, end,
text, lower-case text), so the grammar reads ``tokens.lower[k]`` rather than a field of a tuple and
no object is built per word. :class:`Quotes` tells in constant time whether a character lies
inside quotation marks, which keeps the grammar linear in the length of a sentence: the marks are
read once, not counted again from the start for every cue.
"""

from __future__ import annotations

import bisect
import re

from workbench.claims import _lexicon as lex
from workbench.lexicon import SPACED_TOKEN

Span = tuple[int, int]
"""Characters ``(start, end)`` of a stretch of a sentence, ``end`` exclusive, as ``slice(*span)`` reads them."""
Words = tuple[int, int]
"""Tokens ``(first, last)`` of a phrase, both included."""
NO_SPAN: Span = (-1, -1)
"""The span of a part that is not there (a claim without content)."""


class Tokens:
    """The tokens of ``text[:limit]``: words ("U.S.", "Mr.", "Israel's" kept whole) and single marks.

    One ``findall`` of (space, token) strings of the word tokenizer (:data:`workbench.lexicon.TOKEN`);
    offsets are summed from their lengths.

    Examples
    --------
    >>> tokens = Tokens("Mr. Park said it.", 17)
    >>> tokens.text, tokens.start
    (['Mr.', 'Park', 'said', 'it', '.'], [0, 4, 9, 14, 16])
    """

    __slots__ = ("lower", "size", "start", "text")

    def __init__(self, text: str, limit: int) -> None:
        pieces = SPACED_TOKEN.findall(text, 0, limit)
        self.text: list[str] = [token for _, token in pieces]
        self.start: list[int] = []
        position = 0
        for space, token in pieces:
            position += len(space)
            self.start.append(position)
            position += len(token)
        self.lower: list[str] = [token.lower() for token in self.text]
        self.size = len(self.text)

    def index(self, char: int) -> int:
        """Return the index of the first token that starts at or after character ``char``."""
        return bisect.bisect_left(self.start, char)

    def end(self, k: int) -> int:
        """Return the character after token ``k``."""
        return self.start[k] + len(self.text[k])

    def chars(self, first: int, last: int) -> Span:
        """Return the characters of tokens ``first`` to ``last`` (inclusive)."""
        return self.start[first], self.start[last] + len(self.text[last])

    def punct(self, k: int) -> bool:
        """Return True when token ``k`` is a punctuation mark."""
        return not self.text[k][0].isalnum()

    def capitalised(self, k: int) -> bool:
        """Return True when token ``k`` starts with a capital letter."""
        return self.text[k][0].isupper()

    def quote(self, k: int) -> bool:
        """Return True when token ``k`` is a quotation mark."""
        return self.text[k] in lex.QUOTES


_APOSTROPHE_PAIR = re.compile("''|‘‘|’’|‘’")
"""A quotation mark some archives write as two apostrophes, straight or curly (''like this'', ‘‘so’’)."""


def straight_quotes(text: str) -> str:
    """Return ``text`` with each pair of apostrophes read as a straight quotation mark and a space.

    The text keeps its length, so offsets into it are offsets into ``text``: ``''No,'' she said``
    reads as ``" No," she said``, and ``‘’No,’’ she said`` alike.
    """
    return _APOSTROPHE_PAIR.sub('" ', text) if "''" in text or "‘" in text or "’’" in text else text


_MARK = re.compile('["“”]')
_OPENS_AFTER = frozenset(" \t\n([{—–-")
"""Characters after which a straight quote mark may open a quotation (``6'5"`` holds none)."""


class Quotes:
    """Where quotations open and close in one sentence, given whether it starts inside one.

    A quotation opens at "“" or at a straight mark that follows a space, a bracket or a dash,
    and closes at the next closing mark ("”" or straight). A quotation left open runs to the end
    of the sentence, and on into the next sentence of the paragraph, as in news a quote of
    several sentences is closed only after its last one.

    Examples
    --------
    >>> quotes = Quotes('He said "no" twice.', inside=False)
    >>> quotes.inside(9), quotes.inside(14), quotes.ends_inside
    (True, False, False)
    """

    __slots__ = ("first_close", "flips", "last_open", "starts_inside")

    def __init__(self, text: str, *, inside: bool) -> None:
        self.starts_inside = inside
        self.flips: list[int] = []  # characters from which the inside/outside state flips
        self.first_close = -1  # where the quotation open at the start closes (-1 when none is)
        self.last_open = -1  # where the quotation still open at the end opened (-1 when none is)
        if '"' not in text and "“" not in text and "”" not in text:
            return
        for match in _MARK.finditer(text):
            mark, at = match.group(), match.start()
            if inside:
                if mark != "“":
                    inside = False
                    self.flips.append(at + 1)
                    if self.starts_inside and self.first_close < 0:
                        self.first_close = at
            elif mark == "“" or (mark == '"' and (at == 0 or text[at - 1] in _OPENS_AFTER)):
                inside = True
                self.flips.append(at)
        if self.ends_inside:
            self.last_open = self.flips[-1] if self.flips else -1

    @property
    def ends_inside(self) -> bool:
        """Return True when a quotation is still open at the end of the sentence."""
        return self.starts_inside ^ (len(self.flips) % 2 == 1)

    def inside(self, char: int) -> bool:
        """Return True when character ``char`` lies inside a quotation."""
        return self.starts_inside ^ (bisect.bisect_right(self.flips, char) % 2 == 1)
