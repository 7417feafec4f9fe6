"""Whether a period after an abbreviation ends a sentence, decided from how the next word is written.

Punkt's idea (Kiss and Strunk 2006), with our own code and counts. After "U.S.", "Inc.", "p.m."
or an initial, a capitalised word may start a new sentence or continue the old one ("U.S.
Treasury"). Two kinds of evidence settle it:

1. **How the next word is written inside sentences.** A word that is nearly always written in
   lower case inside a sentence ("police", "the", "troops") has its capital only because it
   starts one: "He flew to the U.S. Police met him there." splits. The counts are those of
   ``workbench/data/sentence_words.tsv`` (learned from treebanks by
   ``python -m workbench.segmenting_stats``) plus the same counts in the article itself, each of
   the article's own uses (within :data:`ARTICLE_WINDOW` characters of the period) weighing
   :data:`ARTICLE_WEIGHT` times a treebank use: a word written in lower case elsewhere in the
   article is an ordinary word there too. It is ordinary when at most
   :data:`ORDINARY_CAPITAL_SHARE` of its uses inside sentences are capitalised (names share
   spellings with words: "the Oslo Police Department").
2. **Otherwise, odds.** For a word that is capitalised inside sentences too ("Monday", "Mr",
   "Senate") or that the table has not seen ("Ortiz"), the sentence ends when the odds are above
   one: the abbreviation's own odds of ending a sentence when a capitalised word follows it
   ("p.m." ends 6 of the 10 sentences in the treebanks where a capital follows it, "U.S." 1 of
   15; initials are counted together; an abbreviation never seen has even odds), times how much
   more often the word opens a sentence than it appears capitalised inside one, against all
   words (words in capitals, "CDT", "NATO", count as one word; a word the table has not seen
   gives no evidence either way). "We met at 5 p.m. Ortiz then spoke." splits; "Voting opens at
   7 a.m. Monday" and "the U.S. Senate" do not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

from workbench import lexicon

ORDINARY_CAPITAL_SHARE = 0.1
"""A word capitalised in at most this share of its uses inside sentences is an ordinary (lower-case) word."""
ARTICLE_WEIGHT = 5
"""How many treebank uses one use of the word in the article itself is worth."""

ARTICLE_WINDOW = 20_000
"""The article's uses of the word are counted this many characters either side of the period (time stays linear)."""

_UNSEEN = lexicon.WordCounts(0, 0, 0)


class _Totals(NamedTuple):
    """All words' capitalised openings and capitalised uses inside sentences, the base rates of the odds."""

    start: int
    capital: int


def _lower_uses(text: str, word: str, start: int, end: int) -> int:
    """Count the uses of ``word`` in ``text[start:end]`` as a word of its own, not after a period ("U.S.")."""
    return _uses(text, word, start, end, _after_no_word)


def _capital_uses(text: str, word: str, start: int, end: int) -> int:
    """Count the uses of the capitalised ``word`` in ``text[start:end]`` right after a lower-case word or a comma."""
    return _uses(text, word.capitalize(), start, end, _after_lower_case)


def _uses(text: str, word: str, start: int, end: int, opens: Callable[[str, int], bool]) -> int:
    """Count the uses of ``word`` in ``text[start:end]`` where ``opens`` holds and no character of a word follows.

    What ``findall`` of the word between look-arounds counts, without compiling a pattern per
    word (a cold process met some forty words, and their patterns cost more than the search): the
    word is found with ``str.find``, then what stands before it is read from the whole text, as
    a look-behind reads before the search's start, and ``end`` ends the text for what follows it,
    as a search's end does.
    """
    end = min(end, len(text))
    count = 0
    at = text.find(word, start, end)
    while at >= 0:
        stop = at + len(word)
        if opens(text, at) and (stop == end or not _in_word(text[stop])):
            count += 1
            at = text.find(word, max(stop, at + 1), end)  # an empty word moves on too
        else:
            at = text.find(word, at + 1, end)
    return count


def _in_word(char: str) -> bool:
    """Whether ``char`` belongs to the word beside it: a word character of a pattern, an apostrophe or a hyphen."""
    return char.isalnum() or char in "_'’-"


def _after_no_word(text: str, at: int) -> bool:
    """Whether no character of a word nor a period stands right before ``text[at]``."""
    return at == 0 or not (_in_word(text[at - 1]) or text[at - 1] == ".")


def _after_lower_case(text: str, at: int) -> bool:
    """Whether a lower-case letter, a comma or a semicolon, then a space, stand right before ``text[at]``."""
    return at >= 2 and text[at - 1] == " " and text[at - 2] in _LOWER_OR_COMMA


_LOWER_OR_COMMA = frozenset("abcdefghijklmnopqrstuvwxyz,;")


@functools.cache
def _totals() -> _Totals:
    words = lexicon.sentence_statistics().words.values()
    return _Totals(sum(row.start for row in words), sum(row.capital for row in words))


def abbreviation_ends(abbreviation: str, word: str, text: str, position: int = 0) -> bool:
    """Decide whether the period after ``abbreviation`` ends a sentence when the capitalised ``word`` follows.

    Parameters
    ----------
    abbreviation
        The abbreviation without its final period ("U.S", "p.m", "Inc", "J").
    word
        The next word, without punctuation around it ("Police").
    text
        The whole article, whose own spelling of ``word`` counts as evidence.
    position
        Where in ``text`` the period is: the article's uses are counted within :data:`ARTICLE_WINDOW` of it.

    Examples
    --------
    >>> abbreviation_ends("U.S", "Police", "He flew to the U.S. Police met him there.")
    True
    >>> abbreviation_ends("U.S", "Senate", "Ortiz briefed the U.S. Senate on the talks.")
    False
    """
    key = lexicon.CAPITALS if word.isupper() and len(word) > 1 else word.lower()
    seen = lexicon.sentence_statistics().words.get(key, _UNSEEN)
    if key != lexicon.CAPITALS and _ordinary(seen, key, text, position):
        return True
    return _odds(lexicon.abbreviation_key(abbreviation), key) > 1


def _is_ordinary(lower: float, capital: float) -> bool:
    """Tell whether a word with these uses inside sentences is a lower-case word (capitalised in few of them)."""
    return lower > 0 and (capital + 0.5) / (lower + capital + 1) <= ORDINARY_CAPITAL_SHARE


def _ordinary(seen: lexicon.WordCounts, key: str, text: str, position: int) -> bool:
    """Tell whether the word ``key`` is a lower-case word by the table and the article's uses near ``position``.

    Lower-case uses only make a word more ordinary and capitalised ones less, so each search of
    the article runs only when it can change the answer.
    """
    window = max(0, position - ARTICLE_WINDOW), position + ARTICLE_WINDOW
    lower, capital = seen.lower, seen.capital
    if not _is_ordinary(lower, capital):
        lower += ARTICLE_WEIGHT * _lower_uses(text, key, *window)
        if not _is_ordinary(lower, capital):
            return False
        return _is_ordinary(lower, capital + ARTICLE_WEIGHT * _capital_uses(text, key, *window))
    capital += ARTICLE_WEIGHT * _capital_uses(text, key, *window)
    if _is_ordinary(lower, capital):
        return True
    return _is_ordinary(lower + ARTICLE_WEIGHT * _lower_uses(text, key, *window), capital)


@functools.lru_cache(maxsize=4096)
def _odds(abbreviation: str, key: str) -> float:
    """Return the odds that a sentence ends between ``abbreviation`` (a row key) and the capitalised word ``key``."""
    statistics = lexicon.sentence_statistics()
    ending = statistics.abbreviations.get(abbreviation, lexicon.AbbreviationCounts(0, 0))
    odds = (ending.ends + 1) / (ending.before_capital + 1)
    seen = statistics.words.get(key)
    if seen is not None:
        totals = _totals()
        odds *= ((seen.start + 0.5) / totals.start) / ((seen.capital + 0.5) / totals.capital)
    return odds
