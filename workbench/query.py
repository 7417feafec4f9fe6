r"""The query language of every search: ``Corpus.find(search=)``, ``Corpus.kwic``, the grid's and the card's boxes.

A query is read once into a typed tree (:func:`parse` returns a :class:`Query`) and answered over a
whole column of texts at once, in pyarrow's RE2 kernels:

- ``Israel Iran``: every word must occur, in any order, as a whole word ("Iran" does not match
  inside "Iranian"; it does in "Iran's"), case ignored, letters of every script counting as word
  characters;
- ``"President Biden"``: an exact phrase, its words in a row (any white space between them);
- ``sanction*``: ``*`` stands for any letters, so it finds "sanctions" and "sanctioned"; it works
  inside phrases too (``"sanction* on Iran"``);
- ``Iran OR Iraq``: either term. ``OR`` is written in capitals (a lower-case "or" is a word to
  find) and binds before the space: ``Israel Iran OR Iraq`` needs Israel and one of the others;
- ``-Iraq``, ``-"nuclear deal"``: leave out the sentences that hold it;
- ``(Iran OR Iraq) -sanction*``: brackets group terms;
- ``regex=True`` (in ``find`` and ``kwic``) reads the whole query as one RE2 regular expression
  instead, the syntax of pyarrow's and pandas' string methods (no look-arounds or back-references).

Any other character is part of a word and is matched as written (``U.S.``, ``al-Qaeda``, ``<img``).
A query that cannot be read (an unclosed quote, a lone ``OR``, a ``-`` with nothing after it,
unmatched brackets, ``AND`` or ``NOT`` in capitals as other search tools write them) raises
:class:`~workbench.errors.QueryError`, whose message says how to write it.

``find`` and the views count sentences: a sentence passes when the query holds for it. ``kwic``
shows the same sentences with one row per occurrence of each word or phrase the query looks for
(not those it leaves out), so a sentence that names Israel twice is one row in ``find`` and two in
``kwic``.

Examples
--------
>>> import pandas as pd
>>> texts = pd.Series(["Israel struck Iran.", "Iran's envoy left.", "The Iranian side met Israel."])
>>> parse("Israel Iran").matches(texts).tolist()
[True, False, False]
>>> parse('Iran OR "Iranian side" -struck').matches(texts).tolist()
[False, True, True]
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.errors import QueryError

SUMMARY = (
    'all the words, in any order (whole words, any case); "an exact phrase"; * for any letters (sanction*); '
    'OR between alternatives; -word or -"a phrase" to leave out; (brackets) to group'
)
"""The language in one line, in the words the search boxes' tooltips and every docstring that takes a query use."""
WORD = r"\p{L}\p{N}\p{M}_"
"""What a word is made of, as an RE2 character class body: letters, digits and marks of any script."""
MARK = "\x00"
"""No text read by :func:`arrow_strings` holds this character (a NUL is read as a space): kwic marks matches with it."""

REFUSED = {
    "AND": "words side by side must all occur already (Israel Iran); to find the word 'and', write it in lower case.",
    "NOT": "leave a word out with a - right before it (Iran -Iraq); to find the word 'not', write it in lower case.",
}
"""Operators of other search tools that this language writes otherwise: in capitals they are refused, with the fix."""
_TOKEN = re.compile(
    r'(?P<space>\s+)|"(?P<phrase>[^"]*)"|(?P<quote>")|(?P<open>\()|(?P<close>\))'
    r"|(?P<minus>-)(?=[^\s)])|(?P<dash>-)|(?P<word>[^\s\"()]+)"
)


@dataclasses.dataclass(frozen=True)
class Term:
    """Words in a row: one word, or the words of a quoted phrase; ``*`` in a word stands for any letters."""

    words: tuple[str, ...]

    def body(self) -> str:
        """Return the RE2 expression of the words themselves, without the word boundaries around them."""
        return r"\s+".join(f"[{WORD}]*".join(_escape(part) for part in word.split("*")) for word in self.words)


@dataclasses.dataclass(frozen=True)
class Pattern:
    """An RE2 regular expression (``regex=True``), matched as written."""

    expression: str


@dataclasses.dataclass(frozen=True)
class AllOf:
    """Every part must hold (terms written side by side)."""

    parts: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class AnyOf:
    """At least one part must hold (terms joined by ``OR``)."""

    parts: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class Without:
    """The part must not hold (a term after ``-``)."""

    part: Node


Node = Term | Pattern | AllOf | AnyOf | Without
"""A node of a parsed query."""


@dataclasses.dataclass(frozen=True)
class Query:
    """A parsed query: what to find in each text, ready to run over a column of texts.

    Attributes
    ----------
    text
        The query as written.
    root
        Its tree (:data:`Node`).
    case
        Match case exactly; by default case is folded ("iran" finds "Iran" and "IRAN").
    """

    text: str
    root: Node
    case: bool = False

    def matches(self, texts: pd.Series | pa.Array) -> np.ndarray:
        """Return a boolean array: True where the text holds the query (missing text holds nothing)."""
        array = texts if isinstance(texts, pa.StringArray) else arrow_strings(texts)
        return _holds(self.root, array, self._flags())

    def shown(self) -> tuple[Term | Pattern, ...]:
        """Return the terms whose occurrences a match shows: every word, phrase or pattern not left out, once each."""
        return tuple(dict.fromkeys(_shown(self.root)))

    def expression(self, term: Term | Pattern) -> str:
        r"""Return the RE2 expression that finds ``term``'s occurrences, for marking them in the text.

        For words the expression captures the character before the match (group 1) and the match
        (group 2); RE2 has no look-ahead, so the caller checks that no word character follows. A
        pattern is returned as written.

        Examples
        --------
        >>> query = parse("sanction*")
        >>> query.expression(query.root)
        '(?i)(^|[^\\p{L}\\p{N}\\p{M}_])(sanction[\\p{L}\\p{N}\\p{M}_]*)'
        """
        if isinstance(term, Pattern):
            return self._flags() + term.expression
        return f"{self._flags()}(^|[^{WORD}])({term.body()})"

    def _flags(self) -> str:
        return "" if self.case else "(?i)"


def parse(text: str, *, regex: bool = False, case: bool = False) -> Query:
    """Read a query (the language of the module docstring) into a :class:`Query`.

    Parameters
    ----------
    text
        The query as the analyst wrote it.
    regex
        Read ``text`` as one RE2 regular expression instead of the query language.
    case
        Match case exactly.

    Raises
    ------
    QueryError
        When the query is empty or cannot be read; the message says how to write it.
    """
    if not text or not text.strip():
        raise QueryError("The search is empty: give a word such as 'sanction*', a \"phrase\" or words to find.")
    if regex:
        root: Node = Pattern(text)
        _check_pattern(text, ("" if case else "(?i)") + text)
    else:
        root = _Parser(text).parse()
    return Query(text, root, case)


def contains(texts: pd.Series, query: str, *, regex: bool = False, case: bool = False) -> pd.Series:
    """Return a boolean Series aligned with ``texts``: True where the text holds ``query``.

    ``query`` takes :data:`SUMMARY`'s language (see :mod:`workbench.query`), or RE2 with ``regex=True``.

    Raises
    ------
    QueryError
        When the query cannot be read.
    """
    return pd.Series(parse(query, regex=regex, case=case).matches(texts), index=texts.index, dtype=bool)


def arrow_strings(texts: pd.Series) -> pa.StringArray:
    """Return ``texts`` as one contiguous Arrow string array, missing text as "" and NUL as a space."""
    array = pa.array(texts.astype("string").fillna(""), type=pa.string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pc.any(pc.match_substring(array, MARK)).as_py():
        array = pc.replace_substring(array, MARK, " ")
    return array


def _escape(text: str) -> str:
    """Escape RE2's special characters (letters and digits stay as they are)."""
    return "".join(f"\\{char}" if not char.isalnum() and ord(char) < 128 else char for char in text)


def _check_pattern(pattern: str, expression: str) -> None:
    """Raise :class:`QueryError` when a regular expression is not RE2, or matches empty text (it would pass all)."""
    try:
        empty = pc.match_substring_regex(pa.array([""]), expression)[0].as_py()
    except pa.ArrowInvalid as error:
        raise QueryError(
            f"{pattern!r} is not a regular expression the search can run ({error}). Patterns use RE2 syntax "
            "(no look-arounds or back-references); pass regex=False to search words with * wildcards."
        ) from None
    if empty:
        raise QueryError(
            f"The regular expression {pattern!r} matches empty text, so it would keep every sentence: "
            "make it need at least one character (write 'x+' rather than 'x*')."
        )


def _holds(node: Node, texts: pa.StringArray, flags: str) -> np.ndarray:
    """Return, for each text, whether ``node`` holds; later parts of AND and OR run only on the undecided texts."""
    if isinstance(node, Term):
        return _words(texts, (node,), flags)
    if isinstance(node, Pattern):
        return _search(texts, flags + node.expression)
    if isinstance(node, Without):
        return ~_holds(node.part, texts, flags)
    wanted = isinstance(node, AllOf)  # AND decides a text when a part fails, OR when one holds
    steps: list[Node | tuple[Term, ...]] = list(node.parts)
    alternatives = tuple(part for part in node.parts if isinstance(part, Term))
    if not wanted and len(alternatives) > 1:  # words and phrases joined by OR: one RE2 pass for all of them
        steps = [alternatives, *(part for part in node.parts if not isinstance(part, Term))]
    result = np.full(len(texts), wanted)
    for step in steps:
        rows = np.flatnonzero(result == wanted)
        if not len(rows):
            break
        subset = texts if len(rows) == len(texts) else texts.take(pa.array(rows))
        result[rows] = _words(subset, step, flags) if isinstance(step, tuple) else _holds(step, subset, flags)
    return result


def _words(texts: pa.StringArray, terms: tuple[Term, ...], flags: str) -> np.ndarray:
    """Return, for each text, whether it holds one of ``terms`` as whole words."""
    bodies = "|".join(term.body() for term in terms)
    return _search(texts, f"{flags}(?:^|[^{WORD}])(?:{bodies})(?:[^{WORD}]|$)")


def _search(texts: pa.StringArray, expression: str) -> np.ndarray:
    return pc.match_substring_regex(texts, expression).fill_null(False).to_numpy(zero_copy_only=False)


def _shown(node: Node) -> Iterator[Term | Pattern]:
    if isinstance(node, Term | Pattern):
        yield node
    elif isinstance(node, AllOf | AnyOf):
        for part in node.parts:
            yield from _shown(part)


class _Token(NamedTuple):
    """One token of a query: its kind (a group name of ``_TOKEN``), its text and where it starts."""

    kind: str
    text: str
    at: int


class _Parser:
    """Recursive descent over the tokens: ``all := any+``, ``any := one (OR one)*``, ``one := [-] (term | (all))``."""

    def __init__(self, text: str) -> None:
        self.tokens = list(self._tokens(text))
        self.next = 0

    @staticmethod
    def _tokens(text: str) -> Iterator[_Token]:
        for found in _TOKEN.finditer(text):
            kind = str(found.lastgroup)
            at = found.start() + 1
            if kind == "quote":
                raise QueryError(
                    f'The quote at character {at} is never closed: add a closing " after the phrase, '
                    "or remove the quote to find the words anywhere in the sentence."
                )
            if kind == "dash":
                raise QueryError(
                    f'The - at character {at} leaves nothing out: write the word or "phrase" to leave out '
                    'right after it, with no space (-Iraq, -"nuclear deal"), or remove it.'
                )
            if kind == "word" and found.group() in REFUSED:
                raise QueryError(f"{found.group()} at character {at}: {REFUSED[found.group()]}")
            if kind != "space":
                value = found.group(kind)
                yield _Token("or" if kind == "word" and value == "OR" else kind, value, at)

    def _peek(self) -> _Token | None:
        return self.tokens[self.next] if self.next < len(self.tokens) else None

    def _take(self) -> _Token | None:
        token = self._peek()
        self.next += token is not None
        return token

    def parse(self) -> Node:
        root = self._all()
        extra = self._peek()
        if extra is not None:  # only a closing bracket stops _all early
            raise QueryError(f"The ) at character {extra.at} closes no bracket: remove it or add a ( before it.")
        return root

    def _all(self) -> Node:
        parts = []
        while (token := self._peek()) is not None and token.kind != "close":
            parts.append(self._any())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def _any(self) -> Node:
        parts = [self._one()]
        while (token := self._peek()) is not None and token.kind == "or":
            self._take()
            parts.append(self._one(after_or=token))
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def _one(self, after_or: _Token | None = None) -> Node:
        token = self._take()
        if token is not None and token.kind == "minus":
            return Without(self._one(after_or=after_or))
        if token is None or token.kind in ("or", "close"):
            where = token or after_or
            at = f" at character {where.at}" if where is not None else ""
            raise QueryError(
                f'OR{at} needs a word, "phrase" or (group) on each side, as in Iran OR Iraq; '
                'to find the word "or" itself, write it in lower case.'
            )
        if token.kind == "open":
            if (inner := self._peek()) is not None and inner.kind == "close":
                raise QueryError(f"The brackets at character {token.at} hold nothing: put words inside or remove them.")
            group = self._all()
            if self._take() is None:
                raise QueryError(f"The ( at character {token.at} is never closed: add a ) after the group.")
            return group
        words = tuple(token.text.split())
        if token.kind == "phrase" and not words:
            raise QueryError(f"The phrase at character {token.at} is empty: write the words to find inside the quotes.")
        if not "".join(words).strip("*"):
            raise QueryError(
                f"{token.text!r} at character {token.at} is only a wildcard: * stands for the rest of a word, "
                "so write letters with it, as in sanction*."
            )
        return Term(words)
