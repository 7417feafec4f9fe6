"""Markdown to plain prose: headings become their own paragraphs, links keep their text.

Runs before cleaning, so sentence offsets index the plain text an analyst reads, never the
markup. Code blocks, images, link targets and reference definitions are not prose and go.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s(.*))?$")
_RULE_OR_UNDERLINE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|=+\s*|-+\s*)$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+")

_ESCAPABLE = "\\`*_{}[]()#+-.!>~|"
_HIDE = {ord(char): chr(0xE000 + n) for n, char in enumerate(_ESCAPABLE)}
_SHOW = {0xE000 + n: char for n, char in enumerate(_ESCAPABLE)}
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")

_SPAN = 300
"""The longest emphasis or strike-through span unmarked, in characters: a search for the end of a
span that never ends stops there, so a line of openers costs time linear in its length."""
_INLINE = (
    (re.compile(r"!\[[^\][\n]*\]\((?:[^()\n]|\([^()\n]*\))*\)"), ""),
    (re.compile(r"!\[[^\][\n]*\]\[[^\][\n]*\]"), ""),
    (re.compile(r"\[([^\][\n]+)\]\((?:[^()\n]|\([^()\n]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\][\n]+)\]\[[^\][\n]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>\n]*>"), ""),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(rf"(\*\*|__)(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(rf"~~(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)~~"), r"\1"),
)
"""Inline markup and what replaces it, applied in order (images before links). No pattern searches
past the next opener of its own kind (or past ``_SPAN`` characters), so that no line of a file
costs time growing with the square of its length."""


def first_heading(text: str) -> str | None:
    """Return the text of the document's first line when it is a level-1 ``#`` heading."""
    first = text.lstrip("\n").split("\n", 1)[0].strip()
    if not first.startswith("# "):
        return None
    return strip_inline(first[2:].rstrip("#")).strip() or None


def _heading_text(text: str) -> str:
    """Return a heading's text without its closing ``#`` run ("Talks ##" gives "Talks"), in linear time."""
    text = text.strip()
    unclosed = text.rstrip("#")
    return unclosed.rstrip() if unclosed != text and (not unclosed or unclosed[-1].isspace()) else text


def strip_markdown(text: str) -> str:
    """Return the prose of a Markdown document, one paragraph per block."""
    lines: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence:
                fence = None
            continue
        if opened:
            fence = opened.group(1)[0]
        elif _REFERENCE.match(line):
            continue
        elif _RULE_OR_UNDERLINE.match(line):
            lines.append("")
        elif heading := _ATX_HEADING.match(line):
            lines.extend(["", strip_inline(_heading_text(heading.group(1) or "")), ""])
        else:
            lines.append(strip_inline(_BULLET.sub("", _QUOTE.sub("", line))))
    return "\n".join(lines)


def strip_inline(text: str) -> str:
    """Drop emphasis, code and link markup from one line, keeping the words."""
    text = _ESCAPE.sub(lambda match: match.group(1).translate(_HIDE), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.translate(_SHOW)
