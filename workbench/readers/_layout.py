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

_BROKEN_WORD = re.compile(r"([^\W\d_]+)[-\u00ad]$")
"""A line that ends in letters and a hyphen (or a soft hyphen): a word broken at the line end."""
_NEXT_WORD = re.compile(r"([^\W\d_]+)")
_HYPHENATED_WORD = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")


def hyphenated_words(text: str) -> frozenset[str]:
    """Return the hyphenated words ``text`` writes within a line (lower case), to keep their hyphen."""
    return frozenset(word.lower() for word in _HYPHENATED_WORD.findall(text))


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
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        broken = _BROKEN_WORD.search(joined)
        following = _NEXT_WORD.match(line)
        if broken is None or following is None:
            joined = f"{joined} {line}" if joined else line
        elif joined.endswith("\u00ad") or (
            following.group(1)[0].islower() and f"{broken.group(1)}-{following.group(1)}".lower() not in keep
        ):
            joined = joined[:-1] + line
        else:
            joined += line
    return joined


def paragraphs_text(paragraphs: Iterable[Sequence[str]], *, keep: frozenset[str] = frozenset()) -> str:
    """Join each paragraph's lines (:func:`join_lines`) and separate paragraphs by a blank line."""
    return "\n\n".join(text for text in (join_lines(lines, keep=keep) for lines in paragraphs) if text)
