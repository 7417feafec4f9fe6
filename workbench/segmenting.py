"""Paragraphs and sentences with exact character offsets into the cleaned text.

Paragraphs are blocks separated by blank lines. Inside a paragraph a line break ends a
sentence unless the next line starts in lower case (a hard-wrapped sentence), so headlines,
datelines and bullet lines stand alone. A paragraph that opens with a list marker (``1.``,
``2.)``, ``(3)``, ``a.``, ``•``, ``⁃9.``) is a list: each later marker of the same shape with
the next number or letter starts a new item, with or without a period before it
(``1. The first item 2. The second item``), and a marker's own period ends nothing
(:mod:`workbench.list_items`).

Within the text one compiled regular expression, built from the abbreviations that
:mod:`workbench.lexicon` reads (``workbench/data/abbreviations.txt`` and ``calendar.txt``),
finds the candidate boundaries: ``.``, ``!``, ``?`` or an ellipsis, optional closing quotes
and brackets and footnote marks (``... in 1805.[6] He``), white space, and a next word that
does not start in lower case (``eBay`` and ``iPhone`` may start a sentence) nor with a dash.
It settles the common cases itself (a plain word, then a capital; a title, never); a small
decision in Python looks at the rest, from the word before the candidate and the words after it:

- ``?`` and ``!`` end a sentence, except inside a quote that a reporting verb continues
  (``"Why now?" Mendes asked.``);
- an ellipsis ends a sentence before a capital, not before a number, not inside brackets
  (``"Bohr [...] used ..."``) and not before the pronoun "I", which is written with a capital
  anywhere (``the thing is . . . I didn't mean it``); four dots are a period and an ellipsis and
  always end one, at the period when it sticks to the word (``compounds. | . . . The practice``);
- a period after a title (``Mr.``, ``Gen.``), ``e.g.`` or ``vs.`` never ends a sentence;
- a period after an abbreviation that may end a sentence (``Corp.``, ``Sept.``, ``Calif.``,
  ``U.S.``, ``p.m.``, an initial, ``c.`` for circa) ends it when the evidence of
  :mod:`workbench.sentence_evidence` says the capitalised word after it starts one: a word
  written in lower case inside sentences, in the article or in word counts learned from
  treebanks (``...in the U.S. Police met ...``), or the odds of the abbreviation and the word
  (``...at 5 p.m. Ortiz then spoke``, not ``...at 7 a.m. Monday in ...``); also before an opening
  quote, never before another initial (``J. R. Halvorsen``), and never when the abbreviation
  opens the sentence (``U.S. Ambassador ...``) or all that comes before it is a short phrase
  opened by a preposition (``Before 8 a.m. Mr. Ortiz had left ...``) or by
  an article (``The U.S. Treasury ...``, also when "treasury" is in lower case elsewhere);
- ``No.``, ``Art.``, ``p.`` are abbreviations only before a number; ``N°`` and ``Nº`` read as
  ``No``;
- a list number (``1.`` after a colon, a comma, ``and`` or a sentence end) starts an item,
  it does not end a sentence.

Words in capitals match their listed abbreviation (``GEN.`` is ``Gen.``). Every step looks at
a bounded stretch of text around a candidate, so the time grows linearly with the text.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import pandas as pd

from workbench import ids, lexicon, schema
from workbench.list_items import list_items, opening_marker
from workbench.sentence_evidence import abbreviation_ends

_OPENERS = "\"'“‘«([{"
_QUOTE_OPENERS = "\"'“‘«"
_BRACKET_CLOSERS = ")]}"
_TRAILING = ".,;:!?\"'”’»)]}"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_END_MARK = r"([.!?…](?:(?<=\.)(?: \.){{2,}}|[.!?…]*)){never}"  # 1: the end mark, not after a title
_FOOTNOTE = r" ?\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\]"  # "[6]", " [1 - 3]": belongs to the sentence before
_CLOSERS = rf"((?:[\"'”’»)\]}}]|{_FOOTNOTE})*+)"  # 2: closing quotes, brackets and footnote marks
_SURE = (  # 3: matched when the boundary needs no decision
    r"(?:(?:(?<=[a-z]{{2}}\.){unlisted}|(?<=\w[?!])|(?<=\.[\"'”’»]))(?=\s+[\"'“‘«(\[{{]*[A-Z])())?"
)
# 4: white space, then a word not in lower case (unless it has a capital inside: "eBay"), no dash, no dot
_NEXT = r"(\s++)(?![\"'“‘«(\[{]*[a-z](?![a-z]*[A-Z]))(?![.…–—])"
_TOKEN = re.compile(r"\S+")
_CAMEL = re.compile(r"[a-z]+[A-Z]")
_PRONOUN_I = re.compile(r"I(?:['’]\w+)?\b")  # "I", "I'm", "I’d"
_LETTERS = re.compile(r"[^\W\d_]+")
_LINE_BREAK = re.compile(r"\n(?=[ \t]*[^\sa-z])")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}|[A-Za-z]")
_INITIAL = re.compile(r"[A-Z]\.")
_LIST_CONTEXT = re.compile(r"(?:[:;,.!?\n]|\band|\bor)[ \t]*\Z")
_ORDINAL_SIGNS = "°º"  # "N°", "Nº": the numero sign written with a raised o
_AS_LETTER_O = str.maketrans(_ORDINAL_SIGNS, "oo")
_LONGEST_WORD = 64  # a word is looked for this far back; a longer one is a plain word (a URL, a run of symbols)
_FRAGMENT_WORDS = 3  # "At 5 a.m.": a preposition and at most this many words before an abbreviation is no sentence
_NOUN_PHRASE_WORDS = 2  # "The U.S.", "The Acme Corp.": an article and at most this many words is no sentence either

NEVER, ENDING, NUMBER = lexicon.NEVER, lexicon.ENDING, lexicon.NUMBER


class Abbreviations(NamedTuple):
    """The segmenter's word lists: abbreviation kind by word, reporting verbs, prepositions, articles."""

    kinds: dict[str, str]
    reporting: frozenset[str]
    prepositions: frozenset[str]
    articles: frozenset[str]
    candidates: re.Pattern[str]

    def kind(self, word: str) -> str | None:
        """Return ``never``, ``ending``, ``number`` or ``None`` (a plain word) for ``word``.

        A word in capitals matches its listed spelling ("GEN" is "Gen"); single letters and
        words with inner periods ("U.S", "p.m", "Ph.D") may end a sentence without being listed.
        """
        if word and word[-1] in _ORDINAL_SIGNS:
            word = word.translate(_AS_LETTER_O)
        found = self.kinds.get(word) or self.kinds.get(word.lower())
        if found is None and word.isupper() and len(word) > 1:
            found = self.kinds.get(word.capitalize())
        if found is None and ("." in word or len(word) == 1) and _DOTTED.fullmatch(word):
            return ENDING
        return found


@functools.cache
def abbreviations() -> Abbreviations:
    """Return the shipped word lists (``abbreviations.txt``, ``calendar.txt``, ``speech_verbs.txt``), read once."""
    kinds = {word: kind for kind in (NEVER, ENDING, NUMBER) for word in lexicon.abbreviations(kind)}
    return Abbreviations(
        kinds,
        lexicon.word_set("speech_verbs.txt", "after_quote"),
        lexicon.word_set("abbreviations.txt", "prepositions"),
        lexicon.word_set("abbreviations.txt", "articles"),
        _candidates(kinds),
    )


def _candidates(kinds: dict[str, str]) -> re.Pattern[str]:
    """Compile the finder of candidate boundaries, flagging those that need no decision.

    A period after a word that never ends a sentence (a title) is no candidate at all. A
    boundary is sure (group 3 matches) when a capital comes next and the end mark follows a
    closing quote, or is ``?`` or ``!`` after a word, or is a period after two lower-case
    letters that do not end a listed abbreviation. This common case then stays inside the
    regular expression engine.
    """
    never: dict[int, set[str]] = {}
    ending: dict[int, set[str]] = {}
    for word, kind in kinds.items():
        if kind == NEVER:
            never.setdefault(len(word), set()).update({word, word.capitalize(), word.upper()})
        elif kind == ENDING and len(word) >= 2 and word[-2:].isalpha() and word[-2:].islower():
            ending.setdefault(len(word), set()).update({word, word.capitalize()})
    return re.compile(
        _END_MARK.format(never=_not_after(never)) + _CLOSERS + _SURE.format(unlisted=_not_after(ending)) + _NEXT
    )


def _not_after(words_by_length: dict[int, set[str]]) -> str:
    """Return negative lookbehinds (one per word length) for ``word.`` at the current position."""
    return "".join(
        rf"(?<!\b(?:{'|'.join(sorted(map(re.escape, group)))})\.)" for _, group in sorted(words_by_length.items())
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the paragraphs of ``text``, blank ones skipped."""
    spans, begin = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((begin, brk.start()))
        begin = brk.end()
    spans.append((begin, len(text)))
    return [span for span in (_strip(text, s, e) for s, e in spans) if span[0] < span[1]]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences in ``text[start:end]``.

    ``text[start:end]`` is one paragraph; offsets index ``text`` itself, so
    ``text[s:e]`` is each sentence, without surrounding white space.

    Examples
    --------
    >>> text = "Acme Corp. reported a loss. Mr. Ortiz left at 6 p.m. The talks resumed."
    >>> [text[s:e] for s, e in sentences(text)]
    ['Acme Corp. reported a loss.', 'Mr. Ortiz left at 6 p.m.', 'The talks resumed.']
    >>> text = "1. The first item 2. The second item"
    >>> [text[s:e] for s, e in sentences(text)]
    ['1. The first item', '2. The second item']
    """
    start, end = _strip(text, start, len(text) if end is None else end)
    if start == end:
        return []
    words = abbreviations()
    marker = opening_marker(text, start, end)
    if marker is None:
        spans = _split(text, start, start, end, words)
    else:
        spans = [span for item in list_items(text, marker, end) for span in _split(text, *item, words)]
    if text.find("\n", start, end) == -1:
        return spans
    return [line for span in spans for line in _split_lines(text, *span)]


def _split(text: str, start: int, scan: int, end: int, words: Abbreviations) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (a paragraph or a list item) at the boundaries found from ``scan`` on."""
    spans, begin = [], start
    for match in words.candidates.finditer(text, scan, end):
        if match.start(3) >= 0:
            spans.append((begin, match.start(4)))
            begin = match.end()
        elif not _ends_sentence(text, start, begin, match, words):
            continue
        elif _period_then_ellipsis(text, begin, match):  # "compounds. . . . The": the period ends the sentence
            spans.append((begin, match.start() + 1))
            begin = match.start() + 2
        else:
            spans.append((begin, match.start(4)))
            begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at line breaks that are not followed by a lower-case word."""
    spans, begin = [], start
    for brk in _LINE_BREAK.finditer(text, start, end):
        spans.append(_strip(text, begin, brk.start()))
        begin = brk.end()
    spans.append(_strip(text, begin, end))
    return [span for span in spans if span[0] < span[1]]


def _period_then_ellipsis(text: str, sentence_start: int, match: re.Match[str]) -> bool:
    """Tell whether the end mark is a period stuck to its word, then a spaced ellipsis (``word. . . .``)."""
    punct = match[1]
    return (
        len(punct) > 4
        and punct[1] == " "
        and match.start() > sentence_start
        and text[match.start() - 1] != " "
        and punct.count(".") >= 4
    )


def _ends_sentence(
    text: str, paragraph_start: int, sentence_start: int, match: re.Match[str], words: Abbreviations
) -> bool:
    """Decide whether the candidate boundary ``match`` ends a sentence."""
    punct, close = match.group(1, 2)
    head = match.end()
    while head < len(text) - 1 and text[head] in _OPENERS:
        head += 1
    first = text[head]
    if first.islower() and not _CAMEL.match(text, head):
        return False
    if "?" in punct or "!" in punct:
        return not (close and _next_word(text, head + len(_token(text, head))) in words.reporting)
    if len(punct) > 1:
        return _ellipsis_ends(text, match, head)
    stop = match.start()
    word_start = _word_start(text, paragraph_start, stop)
    word = text[word_start:stop].lstrip(_OPENERS)
    kind = words.kind(word) if not close.strip(_BRACKET_CLOSERS) else None
    if first.isdigit():
        return kind is None
    if kind == NEVER:
        return False
    if kind == ENDING:
        starts = text[match.end()] in _QUOTE_OPENERS or _starts_sentence(text, head, word)
        return starts and not _is_fragment(text, sentence_start, word_start, words)
    return not (word.isdigit() and len(word) <= 2 and _is_list_number(text, paragraph_start, word_start, words))


def _ellipsis_ends(text: str, match: re.Match[str], head: int) -> bool:
    """Decide whether an ellipsis (or a doubled period) before the word at ``head`` ends a sentence."""
    punct, close = match.group(1, 2)
    if text[head].isdigit():
        return False
    if close and close[0] in _BRACKET_CLOSERS and match.start() and text[match.start() - 1] in "[({":
        return False  # "[...]" marks words left out of a quotation
    if punct.count(".") + 3 * punct.count("…") >= 4:
        return True  # a period and an ellipsis
    return text[head] != "I" or _PRONOUN_I.match(text, head) is None


def _token(text: str, position: int) -> str:
    """Return the run of non-space characters at ``position`` ('' at white space)."""
    found = _TOKEN.match(text, position)
    return found.group() if found else ""


def _next_word(text: str, position: int) -> str:
    """Return the word after white space at ``position``, without surrounding punctuation."""
    found = _TOKEN.search(text, position)
    return found.group().strip(_TRAILING + _OPENERS) if found else ""


def _word_start(text: str, lower: int, upper: int) -> int:
    """Return where the word ending at ``upper`` begins (no earlier than ``lower``, at most a long word back)."""
    lower = max(lower, upper - _LONGEST_WORD)
    space = text.rfind(" ", lower, upper)
    begin = lower if space < 0 else space + 1
    if not text[begin:upper].isprintable():
        begin = max(begin, text.rfind("\n", begin, upper) + 1, text.rfind("\t", begin, upper) + 1)
    return begin


def _is_fragment(text: str, sentence_start: int, word_start: int, words: Abbreviations) -> bool:
    """Tell whether the sentence so far is the abbreviation alone or a short phrase opened by a preposition or article.

    "U.S.", "At 5 a.m." and "The U.S." have no verb: the abbreviation's period cannot end a sentence there.
    """
    if word_start - sentence_start > _LONGEST_WORD:
        return False
    opening = text[sentence_start:word_start].split()
    if not opening:
        return True
    first = opening[0].lstrip(_OPENERS).lower()
    if first in words.articles:
        return len(opening) <= _NOUN_PHRASE_WORDS
    return len(opening) <= _FRAGMENT_WORDS and first in words.prepositions


def _starts_sentence(text: str, head: int, abbreviation: str) -> bool:
    """Tell whether the capitalised word at ``head``, after ``abbreviation`` and its period, opens a new sentence."""
    if _INITIAL.fullmatch(_token(text, head)):
        return False  # another initial: "J. R. Halvorsen"
    letters = _LETTERS.match(text, head)
    return letters is not None and abbreviation_ends(abbreviation, letters.group(), text, head)


def _is_list_number(text: str, paragraph_start: int, word_start: int, words: Abbreviations) -> bool:
    """Tell whether the number before a period is an item number ("demands: 1. a ceasefire").

    A number right after an abbreviation is a day or a count ("on Oct. 1.", "No. 10."), not an item.
    """
    if word_start == paragraph_start:
        return True
    lower = max(paragraph_start, word_start - _LONGEST_WORD)
    window = text[lower:word_start]
    if _LIST_CONTEXT.search(window[-6:]) is None:
        return False
    period = lower + len(window.rstrip()) - 1
    if period < lower or text[period] != ".":
        return True
    previous = text[_word_start(text, paragraph_start, period) : period]
    return words.kind(previous.lstrip(_OPENERS)) is None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def segment_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each article of an ``articles`` table into the ``sentences`` table.

    Parameters
    ----------
    articles
        An ``articles`` table (at least ``article_id`` and cleaned ``text``).

    Returns
    -------
    pandas.DataFrame
        The ``sentences`` table: ``sentence_id``, ``article_id``, ``paragraph`` (0-based in
        the article), ``position`` (0-based in the article), ``text``, ``start`` and
        ``end``, with ``article_text[start:end] == text``.
    """
    rows = []
    for article, text in zip(articles["article_id"].tolist(), articles["text"].tolist(), strict=True):
        seen: dict[str, int] = {}
        position = 0
        for paragraph, (p_start, p_end) in enumerate(paragraphs(text)):
            for start, end in sentences(text, p_start, p_end):
                sentence = text[start:end]
                occurrence = seen.get(sentence, 0)
                seen[sentence] = occurrence + 1
                rows.append(
                    (ids.sentence_id(article, sentence, occurrence), article, paragraph, position, sentence, start, end)
                )
                position += 1
    return schema.from_rows(rows, _COLUMNS, "sentences")


_COLUMNS = ("sentence_id", "article_id", "paragraph", "position", "text", "start", "end")
