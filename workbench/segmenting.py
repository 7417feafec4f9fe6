"""Paragraphs and sentences with exact character offsets into the cleaned text.

Paragraphs are blocks separated by blank lines. Inside a paragraph a line break ends a
sentence unless the next line starts in lower case (a hard-wrapped sentence), so headlines,
datelines and bullet lines stand alone. Within the text one compiled regular expression
finds the candidate boundaries: ``.``, ``!``, ``?`` or an ellipsis, optional closing quotes
and brackets, white space, and a next word that does not start in lower case. A small
decision then looks at the word before the candidate and the words after it, using the
abbreviation lists in ``workbench/data/abbreviations.txt``:

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
_CANDIDATE = re.compile(
    r"(?P<punct>\.(?: \.){2,}|[.!?…]+)"
    r"(?P<close>[\"'”’»)\]}]*)"
    r"(?=(?P<space>\s+)(?P<next>(?![\"'“‘«(\[{]*[a-z])(?![.…])\S+)(?:\s+(?P<after>\S+))?)"
)
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

    def kind(self, word: str) -> str | None:
        """Return ``never``, ``ending``, ``number`` or ``None`` (a plain word) for ``word``."""
        found = self.kinds.get(word) or self.kinds.get(word.lower())
        if found is None and _DOTTED.fullmatch(word):
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
    return Abbreviations(kinds, frozenset(sets["starters"]), frozenset(sets["reporting"]))


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
    end = len(text) if end is None else end
    words = abbreviations()
    cuts = [m.end() for m in _CANDIDATE.finditer(text, start, end) if _ends_sentence(text, start, m, words)]
    if text.find("\n", start, end) != -1:
        cuts = sorted(set(cuts).union(m.start() for m in _LINE_BREAK.finditer(text, start, end)))
    spans, begin = [], start
    for cut in cuts:
        spans.append(_strip(text, begin, cut))
        begin = cut
    spans.append(_strip(text, begin, end))
    return [span for span in spans if span[0] < span[1]]


def _ends_sentence(text: str, paragraph_start: int, match: re.Match[str], words: Abbreviations) -> bool:
    """Decide whether the candidate boundary ``match`` ends a sentence."""
    punct, close, following, after = match.group("punct", "close", "next", "after")
    head = following.lstrip(_OPENERS)
    if not head:
        return True
    if head[0].islower():
        return False
    if "?" in punct or "!" in punct:
        return not (close and after is not None and after.rstrip(_TRAILING) in words.reporting)
    if len(punct) > 1:
        return not head[0].isdigit()
    word_start = _word_start(text, paragraph_start, match.start())
    word = text[word_start : match.start()].lstrip(_OPENERS)
    kind = None if close else words.kind(word)
    if head[0].isdigit():
        return kind is None
    if kind == NEVER:
        return False
    if kind == ENDING:
        return _starts_sentence(following, head, words)
    if word.isdigit() and len(word) <= 2:
        return not _is_list_number(text, paragraph_start, word_start)
    return True


def _word_start(text: str, lower: int, upper: int) -> int:
    """Return where the word ending at ``upper`` begins (no earlier than ``lower``)."""
    space = max(text.rfind(" ", lower, upper), text.rfind("\n", lower, upper), text.rfind("\t", lower, upper))
    return lower if space < 0 else space + 1


def _starts_sentence(following: str, head: str, words: Abbreviations) -> bool:
    """Tell whether the word after an abbreviation opens a new sentence."""
    if following[0] in _QUOTE_OPENERS:
        return True
    if _INITIAL.fullmatch(head):
        return False
    return head.rstrip(_TRAILING) in words.starters


def _is_list_number(text: str, paragraph_start: int, word_start: int) -> bool:
    """Tell whether the number before a period is an item number ("demands: 1. a ceasefire")."""
    window = text[max(paragraph_start, word_start - 6) : word_start]
    return word_start == paragraph_start or _LIST_CONTEXT.search(window) is not None


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
    columns: dict[str, list] = {name: [] for name in ("sentence_id", "article_id", "paragraph", "position", "text")}
    starts: list[int] = []
    ends: list[int] = []
    for article, text in zip(articles["article_id"], articles["text"], strict=True):
        seen: dict[str, int] = {}
        position = 0
        for paragraph, (p_start, p_end) in enumerate(paragraphs(text)):
            for s_start, s_end in sentences(text, p_start, p_end):
                sentence = text[s_start:s_end]
                occurrence = seen.get(sentence, 0)
                seen[sentence] = occurrence + 1
                columns["sentence_id"].append(ids.sentence_id(article, sentence, occurrence))
                columns["article_id"].append(article)
                columns["paragraph"].append(paragraph)
                columns["position"].append(position)
                columns["text"].append(sentence)
                starts.append(s_start)
                ends.append(s_end)
                position += 1
    return schema.conform(pd.DataFrame({**columns, "start": starts, "end": ends}), "sentences")
