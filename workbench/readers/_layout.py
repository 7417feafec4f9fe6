"""Turning the wrapped lines of a laid-out page back into paragraphs.

PDF pages (and the source of many web pages) break lines where the page ran out of width, not
where the writer ended a thought. Segmenting such text would split sentences at every line
break, so the lines of one paragraph are joined with a space, and a word hyphenated at the end of
a line ("nego-" / "tiations") is joined into one word ("negotiations"). A hyphen stays when the
document writes the same word with a hyphen elsewhere ("long-standing"), or when the next line
does not start with a small letter ("Franco-" / "German" is a compound).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

_HYPHENS = "-\u00ad"
"""A line that ends in letters and one of these (a hyphen or a soft hyphen) ends in a word broken at the line end."""
_LETTERS = re.compile(r"[^\W\d_]*")
_NEXT_WORD = re.compile(r"([^\W\d_]+)")
_HYPHENATED_WORD = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")


def hyphenated_words(text: str) -> frozenset[str]:
    """Return the hyphenated words ``text`` writes within a line (lower case), to keep their hyphen."""
    return frozenset(word.lower() for word in _HYPHENATED_WORD.findall(text))


class _Tail(NamedTuple):
    """The end of the text joined so far, when it ends in a word broken at the line end.

    ``letters`` are the pieces of the letters before the final hyphen (a word glued together
    from several lines has several), ``length`` their total length and ``soft`` whether the
    hyphen is a soft hyphen. Kept in pieces so that no line makes the joined text be searched
    or copied again: joining is linear in the length of the paragraph.
    """

    letters: list[str]
    length: int
    soft: bool


def join_lines(lines: Sequence[str], *, keep: frozenset[str] = frozenset()) -> str:
    """Join the wrapped ``lines`` of one paragraph into one line.

    Parameters
    ----------
    lines
        The lines, in reading order.
    keep
        Hyphenated words (lower case, see :func:`hyphenated_words`) whose hyphen is part of the
        word, kept when such a word is broken at a line end.

    Examples
    --------
    >>> join_lines(["The nego-", "tiations lasted a long-", "standing week."], keep=frozenset({"long-standing"}))
    'The negotiations lasted a long-standing week.'
    """
    longest = max(map(len, keep), default=0)
    pieces: list[str] = []
    tail: _Tail | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        following = _NEXT_WORD.match(line)
        glued = tail is not None and following is not None
        word = following.group(1) if following is not None else ""
        if glued and (tail.soft or (word[0].islower() and not _kept(tail, word, keep, longest))):
            pieces[-1] = pieces[-1][:-1]
            pieces.append(line)
            tail = _tail_after(line, tail)
        else:
            pieces.append(line if glued or not pieces else f" {line}")
            tail = _tail_after(line, None)
    return "".join(pieces)


def _kept(tail: _Tail, following: str, keep: frozenset[str], longest: int) -> bool:
    """Tell whether the word broken at ``tail`` and continued by ``following`` is one ``keep`` writes with a hyphen."""
    if tail.length + 1 + len(following) > longest:
        return False
    return f"{''.join(tail.letters)}-{following}".lower() in keep


def _tail_after(line: str, before: _Tail | None) -> _Tail | None:
    """Return the broken word at the end of the text once ``line`` is added.

    ``before`` is the broken word the line continues with no space and no hyphen between them,
    if any: when the line is all letters up to its own final hyphen, the word runs on from it.
    """
    if line[-1] not in _HYPHENS:
        return None
    body = line[:-1]
    letters = _LETTERS.match(body[::-1]).group()[::-1]
    if before is not None and len(letters) == len(body):
        tail = _Tail([*before.letters, letters], before.length + len(letters), line[-1] == "\u00ad")
    else:
        tail = _Tail([letters], len(letters), line[-1] == "\u00ad")
    return tail if tail.length else None


def paragraphs_text(paragraphs: Iterable[Sequence[str]], *, keep: frozenset[str] = frozenset()) -> str:
    """Join each paragraph's lines (:func:`join_lines`) and separate paragraphs by a blank line."""
    return "\n\n".join(text for text in (join_lines(lines, keep=keep) for lines in paragraphs) if text)
