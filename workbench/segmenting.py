"""Paragraphs and sentences with exact character offsets into the cleaned text.

Paragraphs are blocks separated by blank lines. Inside a paragraph a line break ends a
sentence unless the next line starts in lower case (a hard-wrapped sentence), so headlines,
datelines and bullet lines stand alone. Within the text one compiled regular expression,
built from the word lists in ``workbench/data/abbreviations.txt``, finds the candidate
boundaries: ``.``, ``!``, ``?`` or an ellipsis, optional closing quotes and brackets, white
space, and a next word that does not start in lower case. It settles the common cases
itself (a plain word, then a capital; a title, never); a small decision in Python looks at
the rest, from the word before the candidate and the words after it:

- ``?`` and ``!`` end a sentence, except inside a quote that a reporting verb continues
  (``"Why now?" Mendes asked.``);
- an ellipsis ends a sentence before a capital, not before a number;
- a period after a title (``Mr.``, ``Gen.``), ``e.g.`` or ``vs.`` never ends a sentence;
- a period after an abbreviation that may end a sentence (``Corp.``, ``Sept.``, ``Calif.``,
  ``U.S.``, ``p.m.``, an initial) ends it only when a known sentence starter follows
  (``...in the U.S. The talks ...``);
- ``No.``, ``Art.``, ``p.`` are abbreviations only before a number;
- a list number (``1.`` after a colon, a comma, ``and`` or a sentence end) starts an item,
  it does not end a sentence.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from typing import NamedTuple

import pandas as pd

from workbench import ids, schema

_OPENERS = "\"'“‘«([{"
_QUOTE_OPENERS = "\"'“‘«"
_TRAILING = ".,;:!?\"'”’»)]}"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_END_MARK = r"([.!?…](?:(?<=\.)(?: \.){{2,}}|[.!?…]*)){never}"  # 1: the end mark, not after a title
_CLOSERS = r"([\"'”’»)\]}]*)"  # 2: closing quotes and brackets
_SURE = (  # 3: matched when the boundary needs no decision
    r"(?:(?:(?<=[a-z]{{2}}\.){unlisted}|(?<=\w[?!])|(?<=\.[\"'”’»)\]}}]))(?=\s+[\"'“‘«(\[{{]*[A-Z])())?"
)
_NEXT = r"(\s+)(?![\"'“‘«(\[{]*[a-z])(?![.…])"  # 4: white space, then a word not in lower case
_TOKEN = re.compile(r"\S+")
_LINE_BREAK = re.compile(r"\n(?=[ \t]*[^\sa-z])")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}|[A-Z]")
_INITIAL = re.compile(r"[A-Z]\.")
_LIST_CONTEXT = re.compile(r"(?:[:;,.!?\n]|\band|\bor)[ \t]*\Z")

NEVER, ENDING, NUMBER = "never", "ending", "number"


class Abbreviations(NamedTuple):
    """The segmenter's word lists: abbreviation kind by word, sentence starters, reporting verbs."""

    kinds: dict[str, str]
    starters: frozenset[str]
    reporting: frozenset[str]
    candidates: re.Pattern[str]

    def kind(self, word: str) -> str | None:
        """Return ``never``, ``ending``, ``number`` or ``None`` (a plain word) for ``word``."""
        found = self.kinds.get(word) or self.kinds.get(word.lower())
        if found is None and ("." in word or len(word) == 1) and _DOTTED.fullmatch(word):
            return ENDING
        return found


@functools.cache
def abbreviations() -> Abbreviations:
    """Return the shipped word lists, read once from ``workbench/data/abbreviations.txt``."""
    kinds: dict[str, str] = {}
    sets: dict[str, set[str]] = {"starters": set(), "reporting": set()}
    section = ""
    for raw in (files("workbench") / "data" / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section in sets:
            sets[section].add(line)
        else:
            kinds[line] = section
    return Abbreviations(kinds, frozenset(sets["starters"]), frozenset(sets["reporting"]), _candidates(kinds))


def _candidates(kinds: dict[str, str]) -> re.Pattern[str]:
    """Compile the finder of candidate boundaries, flagging those that need no decision.

    A period after a word that never ends a sentence (a title) is no candidate at all. A
    boundary is sure (group 3 matches) when a capital comes next and the end mark follows a
    closing quote or bracket, or is ``?`` or ``!`` after a word, or is a period after two
    lower-case letters that do not end a listed abbreviation. This common case then stays
    inside the regular expression engine.
    """
    never: dict[int, set[str]] = {}
    ending: dict[int, set[str]] = {}
    for word, kind in kinds.items():
        if kind == NEVER:
            never.setdefault(len(word), set()).update({word, word.capitalize()})
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
    """
    start, end = _strip(text, start, len(text) if end is None else end)
    words = abbreviations()
    spans, begin = [], start
    for match in words.candidates.finditer(text, start, end):
        if match.start(3) >= 0 or _ends_sentence(text, start, match, words):
            spans.append((begin, match.start(4)))
            begin = match.end()
    if begin < end:
        spans.append((begin, end))
    if text.find("\n", start, end) == -1:
        return spans
    return [line for span in spans for line in _split_lines(text, *span)]


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at line breaks that are not followed by a lower-case word."""
    spans, begin = [], start
    for brk in _LINE_BREAK.finditer(text, start, end):
        spans.append(_strip(text, begin, brk.start()))
        begin = brk.end()
    spans.append(_strip(text, begin, end))
    return [span for span in spans if span[0] < span[1]]


def _ends_sentence(text: str, paragraph_start: int, match: re.Match[str], words: Abbreviations) -> bool:
    """Decide whether the candidate boundary ``match`` ends a sentence."""
    punct, close = match.group(1, 2)
    head = match.end()
    while head < len(text) - 1 and text[head] in _OPENERS:
        head += 1
    first = text[head]
    if first.islower():
        return False
    if "?" in punct or "!" in punct:
        return not (close and _next_word(text, _TOKEN.match(text, head).end()) in words.reporting)
    if len(punct) > 1:
        return not first.isdigit()
    stop = match.start()
    word_start = _word_start(text, paragraph_start, stop)
    word = text[word_start:stop].lstrip(_OPENERS)
    kind = None if close else words.kind(word)
    if first.isdigit():
        return kind is None
    if kind == NEVER:
        return False
    if kind == ENDING:
        return text[match.end()] in _QUOTE_OPENERS or _starts_sentence(text, head, words)
    return not (word.isdigit() and len(word) <= 2 and _is_list_number(text, paragraph_start, word_start, words))


def _next_word(text: str, position: int) -> str:
    """Return the word after white space at ``position``, without surrounding punctuation."""
    found = _TOKEN.search(text, position)
    return found.group().strip(_TRAILING + _OPENERS) if found else ""


def _word_start(text: str, lower: int, upper: int) -> int:
    """Return where the word ending at ``upper`` begins (no earlier than ``lower``)."""
    space = text.rfind(" ", lower, upper)
    begin = lower if space < 0 else space + 1
    if not text[begin:upper].isprintable():
        begin = max(begin, text.rfind("\n", begin, upper) + 1, text.rfind("\t", begin, upper) + 1)
    return begin


def _starts_sentence(text: str, head: int, words: Abbreviations) -> bool:
    """Tell whether the word at ``head``, after an abbreviation, opens a new sentence."""
    token = _TOKEN.match(text, head).group()
    if _INITIAL.fullmatch(token):
        return False
    return token.rstrip(_TRAILING) in words.starters


def _is_list_number(text: str, paragraph_start: int, word_start: int, words: Abbreviations) -> bool:
    """Tell whether the number before a period is an item number ("demands: 1. a ceasefire").

    A number right after an abbreviation is a day or a count ("on Oct. 1.", "No. 10."), not an item.
    """
    if word_start == paragraph_start:
        return True
    window = text[max(paragraph_start, word_start - 6) : word_start]
    if _LIST_CONTEXT.search(window) is None:
        return False
    period = paragraph_start + len(text[paragraph_start:word_start].rstrip()) - 1
    if text[period] != ".":
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
