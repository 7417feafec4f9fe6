"""What the name finder reads before its features: headlines and datelines written as the article writes them.

Headlines and datelines in capitals are first written the way the rest of the article writes
their words (:func:`truecased`), so "VESTRA HOLDINGS TO CLOSE PLANTS" reads like "Vestra Holdings
to close plants"; :func:`capitalised` says which words may start a name; :class:`Intervals`
answers overlap questions between names. The candidates and their features are in
:mod:`workbench.actors.features`.

The name model's shipped weights were trained on what these functions give: a change here
changes the extractor's fingerprint (:func:`workbench.actors.model.extractor_fingerprint`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

OPENING = frozenset(['"', "“", "‘", "'", "(", "[", ":", "-", "–", "—", "•"])
"""Tokens after which a capital may only mark the start of a quote or item, not a name."""


class Intervals:
    """Spans of a text, asked in logarithmic time whether one of them overlaps a given span.

    Long articles hold tens of thousands of names: comparing each with every other would make
    the actors stage quadratic in the length of an article.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))
        """The furthest end among the spans up to each position."""

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``text[start:end]``."""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start


def capitalised(word: str) -> bool:
    """Whether ``word`` starts a name: a capital first, or a prefix such as "al-" before one ("al-Assad")."""
    return word[0].isupper() or (len(word) > 3 and word[0].islower() and "-" in word[:4] and word[3:4].isupper())


_DATELINE_END = frozenset([",", "-", "–", "—", "(", ":"])
"""Tokens that end a dateline or a headline's topic in capitals ("OSLO, May 2 -", "MARKETS - ...")."""


def _in_capitals(words: Sequence[str]) -> int:
    """Return how many leading words of a sentence are written in capitals: all of a headline, a dateline's words."""
    first = words[0] if words and words[0][0].isalpha() else next((word for word in words if word[0].isalpha()), "")
    if not first.isupper():
        return 0  # most sentences: one look at their first word
    letters = [word for word in words if word[0].isalpha()]
    if len(letters) >= 2 and all(word.isupper() for word in letters):
        return len(words)
    k = 0
    while k < len(words) and words[k].isupper() and len(words[k]) > 1:
        k += 1
    return k if 0 < k < len(words) and words[k] in _DATELINE_END else 0


def truecased(sentences: Sequence[list[str]], common: frozenset[str]) -> None:
    """Write the headlines and datelines in capitals of a document's sentences (lists of words) as the document does.

    In "VESTRA HOLDINGS TO CLOSE PLANTS" capitals say nothing about names. Each such word takes
    the form the document gives it inside its other sentences ("Vestra", "NATO", "plants"); a
    word the document does not use elsewhere is written in lower case when it is a common word
    (``common``, the model's vocabulary), else with a capital ("OSLO" as "Oslo"). A form of
    another length is not taken, so offsets stay. The lists are changed in place.
    """
    spans = [_in_capitals(words) for words in sentences]
    if not any(spans):
        return
    forms: dict[str, str] = {}
    for words, capitals in zip(sentences, spans, strict=True):
        for word in words[max(capitals, 1) :]:
            if word[0].isalpha():
                known = forms.get(word.lower())
                if known is None or (known.isupper() and not word.isupper()) or (known.islower() and word[0].isupper()):
                    forms[word.lower()] = word
    for words, capitals in zip(sentences, spans, strict=True):
        words[:capitals] = [_recased(word, forms, common) for word in words[:capitals]]


def _recased(word: str, forms: dict[str, str], common: frozenset[str]) -> str:
    if not word[0].isalpha():
        return word
    lower = word.lower()
    form = forms.get(lower) or (lower if lower in common else word.capitalize())
    return form if len(form) == len(word) else word
