"""Acronyms learnt per article: a name spelt out once stands behind its acronym everywhere in the article.

News writes an organisation in full once, often with its acronym in parentheses ("the Union of Coastal
Fishing Cooperatives (UCFC)"), then uses the acronym alone. Two conventions are
read here, article by article:

- ``Full Name (ACRONYM)``: the full name is one actor and the acronym is its alias, whatever
  the letters (acronyms often come from another language);
- an acronym whose letters are the initials of a capitalised name of three words or more in
  the same article ("NCFU" for "National Coalition of Farm Unions") is that name.

Mentions inside the full name are replaced by one mention of it, and every use of the acronym
becomes a mention of it. Articles without an unexplained acronym cost one regular-expression
search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from workbench.actors.shapes import written
from workbench.lexicon import ORG_HEADS, STOP_WORDS, TITLE_HEADS, word_list

_WORD = r"(?:(?:al|el|ad|as|ash|at|bin|ibn|wal)-)?[A-ZÀ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*"
_LINK = f"(?:{'|'.join(map(re.escape, word_list('name_words.txt', 'acronym_links')))})"
_NAME = re.compile(rf"{_WORD}(?: (?:{_LINK} ){{0,2}}{_WORD})+")
"""A capitalised name of two words or more, lower-case connectors allowed between its words."""
_BRACKETED = re.compile(r" \(([A-Z][A-Z&-]*[A-Z])\)")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-]){_WORD}(?: (?:{_LINK} ){{0,2}}{_WORD}){{0,12}}\Z")
"""The name before `` (ACRONYM)``, found in a short window so that only bracketed acronyms cost a search."""
_WINDOW = 200
_ACRONYM = re.compile(r"[A-Z](?<![\w.&-].)[A-Z&]{2,7}(?![\w&-])")
"""An acronym of three to eight capitals; a bare class first lets the engine skip ahead, then the look-behind."""
_PARTS = re.compile(r"[\w'’]+")

M = TypeVar("M", bound=tuple)


def _initials(name: str) -> str:
    """Return a pattern matching the acronyms of ``name``: capitals required, small words optional."""
    letters = []
    for part in _PARTS.findall(name):
        letter = re.escape(part[0].upper())
        letters.append(letter if part[0].isupper() else f"{letter}?")
    return "".join(letters)


def _spelt_from(words: list[str], acronym: str) -> int | None:
    """Return the first of ``words`` from which the words' initials spell ``acronym``, or None."""
    for i, word in enumerate(words):
        if word[:1] == acronym[0] and re.fullmatch(_initials(" ".join(words[i:])), acronym):
            return i
    return None


def _definitions(text: str, known: Collection[str]) -> dict[str, tuple[int, int, bool]]:
    """Return ``{acronym: (start, end, spelt)}`` of the full names an article gives its acronyms.

    ``spelt`` says whether the name's initials spell the acronym (else it was bracketed after it).
    Acronyms ``known`` (as dictionary names) are only learnt from brackets.
    """
    found: dict[str, tuple[int, int, bool]] = {}
    for bracket in _BRACKETED.finditer(text) if " (" in text else ():
        match = _NAME_BEFORE.search(text, max(0, bracket.start() - _WINDOW), bracket.start())
        if match is None:
            continue
        words, acronym = match.group().split(" "), bracket.group(1)
        k = next((i for i, word in enumerate(words) if word not in STOP_WORDS and not word.islower()), len(words))
        spelt = _spelt_from(words, acronym)
        k = spelt if spelt is not None and spelt >= k else k
        kept = words[k:]
        named = spelt is not None or len(kept) >= 3 or any(word in ORG_HEADS for word in kept)
        if len(kept) >= 2 and kept[-1] not in TITLE_HEADS and named:
            end = match.end()
            found.setdefault(acronym, (end - len(" ".join(kept)), end, spelt is not None))
    acronyms = {m.group() for m in _ACRONYM.finditer(text)} - found.keys()
    if acronyms:
        acronyms -= set(known)
    for match in _NAME.finditer(text) if acronyms else ():
        words = match.group().split(" ")
        if words[-1] in TITLE_HEADS:
            continue
        for acronym in sorted(acronyms):
            k = _spelt_from(words, acronym)
            if k is not None and len(_PARTS.findall(" ".join(words[k:]))) >= 3:
                found[acronym] = (match.end() - len(" ".join(words[k:])), match.end(), True)
                acronyms.discard(acronym)
    return found


def fold(
    text: str, mentions: Sequence[M], make: Callable[[int, int, str, str, str], M], known: Collection[str] = ()
) -> list[M]:
    """Return ``mentions`` with each spelt-out name made one actor and its acronym's uses mentions of it.

    ``mentions`` are ``(start, end, actor, actor_type, code)`` tuples in any order; ``make`` builds
    a new one from those fields. ``known`` are the article's dictionary names: such an acronym
    ("NATO") keeps its dictionary actor unless the article brackets it after a name. A mention
    of an acronym found otherwise (by the name finder) gives way to the name it spells. The
    result is sorted.
    """
    definitions = _definitions(text, known)
    if not definitions:
        return list(mentions)
    out = list(mentions)
    for acronym, (start, end, spelt) in definitions.items():
        inside = [m for m in out if m[0] < end and start < m[1]]
        if any(m[3] == "person" for m in inside):
            continue  # "Chancellor Olaf Scholz (SPD)": the acronym is the person's party
        # A name the letters do not spell may start too early ("Members of the ... League (KAN)"):
        # a mention that ends with it is the name.
        whole = [m for m in inside if m[0] <= start and end <= m[1]] or [
            m for m in inside if m[1] == end and not spelt and " " in text[m[0] : m[1]]
        ]
        if whole:
            start, end, actor, kind, code = max(whole, key=lambda m: m[1] - m[0])[:5]
        else:
            actor, kind, code = written(text, start, end), "organization", ""
        uses = [(u.start(), u.end()) for u in re.finditer(rf"(?<![\w.&-]){re.escape(acronym)}(?![\w&-])", text)]
        spans = [(start, end), *uses]
        out = [m for m in out if not any(m[0] < e and s < m[1] for s, e in spans)]
        out += [make(s, e, actor, kind, code) for s, e in spans]
    return sorted(out)
