"""What could be a name: spans of capitalised words of a sentence, and what the name finder reads around them.

Every span of capitalised words of a sentence (lower-case connectors such as "of the" allowed
inside: "Friends of the Baltic Sea") is a *candidate* (:func:`candidates`); the name model
(:mod:`workbench.actors.model`) scores each. Headlines and datelines in capitals are first
written the way the rest of the article writes their words (:func:`truecased`), so "VESTRA
HOLDINGS TO CLOSE PLANTS" reads like "Vestra Holdings to close plants". :func:`context` gathers
the document-level facts the features look at (words written in lower case, dictionary hits,
repeated capitalised words).

The name model's shipped weights were trained on these candidates: a change here changes the
extractor's fingerprint (:func:`workbench.actors.model.extractor_fingerprint`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from workbench.actors.dictionary import Hit, given_names
from workbench.lexicon import STOP_WORDS, Token, word_set

MAX_TOKENS = 8
"""Longest candidate, in tokens ("Institute for the Study of War" is six)."""

_CONNECTORS = word_set("name_words.txt", "candidate_connectors")
"""Lower-case words a name may hold between capitalised words."""
OPENING = frozenset(['"', "“", "‘", "'", "(", "[", ":", "-", "–", "—", "•"])
"""Tokens after which a capital may only mark the start of a quote or item, not a name."""
_CONNECTED = 2
"""At most this many connectors in a row inside a name ("of the")."""


class Candidate(NamedTuple):
    """A span of capitalised tokens ``tokens[first:last + 1]`` of one sentence."""

    first: int
    last: int


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


def candidates(sentence: Sequence[Token]) -> list[Candidate]:
    """Return every span of capitalised tokens, connectors allowed inside, up to ``MAX_TOKENS`` long.

    A lone capitalised function word ("The", "However") is no candidate. Only the capitalised
    tokens are visited: most tokens of a sentence are not.
    """
    words = [token.text for token in sentence]
    capitals = [i for i, word in enumerate(words) if capitalised(word)]
    out: list[Candidate] = []
    c, count = 0, len(capitals)
    while c < count:
        run = [capitals[c]]
        c += 1
        # A run: capitalised words, up to _CONNECTED connectors between two of them, no line break.
        while c < count:
            following, last = capitals[c], run[-1]
            between = range(last + 1, following)
            if len(between) > _CONNECTED or any(words[k] not in _CONNECTORS for k in between):
                break
            spaced = sentence[last + 1].start - sentence[last].end > 1
            if spaced or sentence[following].start - sentence[following - 1].end > 1:
                break
            run.append(following)
            c += 1
        if len(run) == 1 and words[run[0]] in STOP_WORDS:
            continue  # most runs are one capitalised function word opening a sentence ("The", "But")
        for a, first in enumerate(run):
            for last in run[a:]:
                if last - first < MAX_TOKENS:
                    out.append(Candidate(first, last))
    return out


class Sentence(NamedTuple):
    """A tokenised sentence with what every candidate's features read, computed once per sentence."""

    tokens: Sequence[Token]
    words: list[str]
    lower: list[str]
    headline: bool
    """Most of its words are capitalised, as in a headline: capitals then say little."""


def sentence(tokens: Sequence[Token]) -> Sentence:
    """Return ``tokens`` as a :class:`Sentence`."""
    words = [token.text for token in tokens]
    capitals = sum(1 for word in words if word[0].isupper())
    headline = len(words) > 3 and capitals > 0.6 * sum(1 for word in words if word[0].isalpha())
    return Sentence(tokens, words, [word.lower() for word in words], headline)


_DATELINE_END = frozenset([",", "-", "–", "—", "(", ":"])
"""Tokens that end a dateline or a headline's topic in capitals ("OSLO, May 2 -", "MARKETS - ...")."""


def _in_capitals(tokens: Sequence[Token]) -> int:
    """Return how many leading tokens of a sentence are written in capitals: all of a headline, a dateline's words."""
    first = next((token.text for token in tokens if token.text[0].isalpha()), "")
    if not first.isupper():
        return 0  # most sentences: one look at their first word
    letters = [token.text for token in tokens if token.text[0].isalpha()]
    if len(letters) >= 2 and all(word.isupper() for word in letters):
        return len(tokens)
    k = 0
    while k < len(tokens) and tokens[k].text.isupper() and len(tokens[k].text) > 1:
        k += 1
    return k if 0 < k < len(tokens) and tokens[k].text in _DATELINE_END else 0


def truecased(sentences: Sequence[Sequence[Token]], common: frozenset[str]) -> list[Sequence[Token]]:
    """Return ``sentences`` with headlines and datelines in capitals written the way the document writes their words.

    In "VESTRA HOLDINGS TO CLOSE PLANTS" capitals say nothing about names. Each such word takes
    the form the document gives it inside its other sentences ("Vestra", "NATO", "plants"); a
    word the document does not use elsewhere is written in lower case when it is a common word
    (``common``, the model's vocabulary), else with a capital ("OSLO" as "Oslo"). Offsets stay.
    """
    spans = [_in_capitals(tokens) for tokens in sentences]
    if not any(spans):
        return list(sentences)
    forms: dict[str, str] = {}
    for tokens, capitals in zip(sentences, spans, strict=True):
        for token in tokens[max(capitals, 1) :]:
            word = token.text
            if word[0].isalpha():
                known = forms.get(word.lower())
                if known is None or (known.isupper() and not word.isupper()) or (known.islower() and word[0].isupper()):
                    forms[word.lower()] = word
    out: list[Sequence[Token]] = []
    for tokens, capitals in zip(sentences, spans, strict=True):
        if capitals:
            tokens = [_recased(token, forms, common) for token in tokens[:capitals]] + list(tokens[capitals:])
        out.append(tokens)
    return out


def _recased(token: Token, forms: dict[str, str], common: frozenset[str]) -> Token:
    word = token.text
    if not word[0].isalpha():
        return token
    lower = word.lower()
    form = forms.get(lower) or (lower if lower in common else word.capitalize())
    return token._replace(text=form) if len(form) == len(word) else token


class Context(NamedTuple):
    """What the features of one document's candidates look at beyond the span itself."""

    lowered: frozenset[str]
    """Words the document writes in lower case somewhere."""
    hits: dict[tuple[int, int], str]
    """Dictionary names by their offsets, with their actor type."""
    hit_starts: dict[int, str]
    counts: dict[str, int]
    """How often each capitalised word occurs in the document."""
    inner: frozenset[str]
    """Capitalised words the document writes inside a sentence, not only at its start."""
    given: frozenset[str]
    common: frozenset[str]
    """Words the training text writes in lower case (shipped with the weights)."""
    mixed: frozenset[str]
    """Words, in lower case, the document writes with a capital and lower-case letters inside a sentence
    ("Halvorsen"): a headline's "HALVORSEN" is then that name."""


def context(
    text: str, sentences: Iterable[Sequence[Token]], dictionary_hits: Iterable[Hit], common: frozenset[str]
) -> Context:
    """Return the document-level facts the features use; ``common`` is the model's lower-case vocabulary."""
    lowered: set[str] = set()
    inner: set[str] = set()
    counts: dict[str, int] = {}
    for sentence in sentences:
        for k, token in enumerate(sentence):
            word = token.text
            if word[0].islower():
                lowered.add(word)
            elif word[0].isupper():
                counts[word] = counts.get(word, 0) + 1
                if k and sentence[k - 1].text not in OPENING:
                    inner.add(word)
    hits = {(hit.start, hit.end): hit.entry.actor_type for hit in dictionary_hits}
    starts = {start: kind for (start, _), kind in hits.items()}
    mixed = frozenset(word.lower() for word in inner if not word.isupper())
    return Context(frozenset(lowered), hits, starts, counts, frozenset(inner), given_names(), common, mixed)
