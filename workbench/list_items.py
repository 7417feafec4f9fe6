"""List items inside a paragraph: a paragraph that opens with a list marker is split at its later markers.

Markers are ``1.``, ``2.)``, ``(3)``, ``a.``, a bullet (``•``) or a bullet and a number
(``⁃9.``). After the opening marker, each later marker of the same shape with the next number or
letter starts a new item, with or without a period before it (``1. The first item 2. The second
item``); a number out of order (``... 3 years ...``) is text. The sentence segmenter
(:mod:`workbench.segmenting`) then splits each item on its own, from after its marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_BULLETS = "•‣⁃◦▪▫●○■□►▶➢➤"
_LIST_MARKER = re.compile(
    rf"(?P<bullet>[{_BULLETS}][ \t]*)?"
    r"(?:(?P<open>\()(?P<inner>\d{1,2}|[A-Za-z])(?P<close>\))"
    r"|(?P<label>\d{1,2}(?:\.\d{1,2})*|[a-z]|[A-Z](?=\.?\)))(?P<mark>\.\)|[.)]))"
    rf"(?=\s)|(?P<alone>[{_BULLETS}])(?=\s)"
)


class Item(NamedTuple):
    """A stretch of a paragraph split on its own: ``start``, where candidates are looked for, ``end``."""

    start: int
    scan: int
    end: int


def opening_marker(text: str, start: int, end: int) -> re.Match[str] | None:
    """Return the list marker that opens the paragraph ``text[start:end]``, if any (most open with a word)."""
    if (
        text[start].isdigit()
        or text[start] in _BULLETS
        or text[start] == "("
        or text[start + 1 : start + 2] in (".", ")")
    ):
        return _LIST_MARKER.match(text, start, end)
    return None


def list_items(text: str, marker: re.Match[str], end: int) -> Iterator[Item]:
    """Yield the items of a paragraph that opens with the list marker ``marker`` and ends at ``end``.

    After the opening marker, each later marker of the same shape whose number or letter comes
    next in order starts a new item; others (a number in the text) do not.
    """
    while True:
        following = _next_marker(text, marker, end)
        item_end = end if following is None else marker.start() + len(text[marker.start() : following.start()].rstrip())
        yield Item(marker.start(), marker.end(), item_end)
        if following is None:
            return
        marker = following


def _next_marker(text: str, marker: re.Match[str], end: int) -> re.Match[str] | None:
    """Return the next list marker after ``marker`` with the same shape and the next label, if any."""
    bullet = (marker["bullet"] or marker["alone"] or "").strip()
    if marker["alone"]:
        rest = ""
    elif marker["open"]:
        rest = re.escape(f"({_successor(marker['inner'])})")
    else:
        rest = re.escape(_successor(marker["label"]) + marker["mark"])
    shape = rf"(?<=\s){re.escape(bullet)}[ \t]*{rest}(?=\s)" if bullet else rf"(?<=\s){rest}(?=\s)"
    found = re.compile(shape).search(text, marker.end(), end)
    return None if found is None else _LIST_MARKER.match(text, found.start(), end)


def _successor(label: str) -> str:
    """Return the label after ``label``: ``2`` after ``1``, ``2.2`` after ``2.1``, ``b`` after ``a``."""
    head, _, last = label.rpartition(".")
    following = str(int(last) + 1) if last.isdigit() else chr(ord(last) + 1)
    return f"{head}.{following}" if head else following
