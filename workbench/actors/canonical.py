"""What an actor is called: one canonical name per actor, from the dictionary, acronyms and people's names.

Three rules give the mentions of one article their canonical actors:

- a dictionary name stands for its entry (:func:`hit_mention`): an alias for its actor, a
  capital for its country unless it is a place ("in Damascus", "Paris-based"), a government
  body after another country for that country's body, a region after a compass word for a
  region of its own ("southern Africa");
- people are folded within the article (:func:`people`), so "President Biden", "Biden" and
  "Joe Biden" are one actor and "Ruiz said" joins "Ana Ruiz" named earlier;
- acronyms are learnt per article (:func:`fold`): a name spelt out once stands behind its
  acronym everywhere in the article.

News writes an organisation in full once, often with its acronym in parentheses ("the Union of
Coastal Fishing Cooperatives (UCFC)"), then uses the acronym alone. Two conventions are read,
article by article:

- ``Full Name (ACRONYM)``: the full name is one actor and the acronym is its alias, whatever
  the letters (acronyms often come from another language);
- an acronym whose letters are the initials of a capitalised name of three words or more in
  the same article ("NCFU" for "National Coalition of Farm Unions") is that name.

Mentions inside the full name are replaced by one mention of it, and every use of the acronym
becomes a mention of it. Articles without an unexplained acronym cost one regular-expression
search.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import NamedTuple, TypeVar

from workbench.actors import shapes
from workbench.actors.dictionary import ActorDictionary, Entry, Hit, is_given_name
from workbench.actors.shapes import written
from workbench.lexicon import (
    LEGAL_FORMS,
    LOCATIVES,
    NAME_SUFFIXES,
    ORG_HEADS,
    STOP_WORDS,
    TITLE_HEADS,
    sentence_statistics,
    word_list,
)

_LOCATIVE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(LOCATIVES))})\s+\Z", re.IGNORECASE)
_OWNER_GAP = re.compile(r" |['’]s? ")
_COMPASS_BEFORE = re.compile(r"\b(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)? \Z")
"""A compass word before a region names a region of its own: "southern Africa", "central Asia"."""


class Mention(NamedTuple):
    """One actor mention in an article's text: ``text[start:end]`` as written."""

    start: int
    end: int
    actor: str
    actor_type: str
    code: str


def hit_mention(text: str, hits: list[Hit], i: int, dictionary: ActorDictionary) -> Mention:
    """Resolve a dictionary name: a capital stands for its country unless a place ("in Damascus", "Paris-based")."""
    hit = hits[i]
    entry: Entry = hit.entry
    adjective = text.startswith("-", hit.end)  # "London-based": a place that qualifies a noun
    place = adjective or _dateline(text, hit) or _LOCATIVE_BEFORE.search(text, max(0, hit.start - 14), hit.start)
    if entry.stands_for and not place:
        entry = dictionary.get(entry.stands_for) or entry
    if entry.actor_type == "government body" and i and _OWNER_GAP.fullmatch(text, hits[i - 1].end, hit.start):
        owner = hits[i - 1].entry
        if owner.actor_type == "country" and entry.code and owner.code != entry.code:
            return Mention(hit.start, hit.end, shapes.owned(owner.actor, entry.actor), entry.actor_type, owner.code)
    region = entry.actor_type == "location"
    compass = _COMPASS_BEFORE.search(text, max(0, hit.start - 16), hit.start) if region else None
    if compass is not None:
        return Mention(compass.start(), hit.end, f"{compass.group()}{entry.actor}", entry.actor_type, entry.code)
    return Mention(hit.start, hit.end, entry.actor, entry.actor_type, entry.code)


def _dateline(text: str, hit: Hit) -> bool:
    """Whether ``hit`` is a dateline's place: in capitals at the start of a line, before a comma, bracket or dash."""
    line_start = hit.start == 0 or text[hit.start - 1] == "\n"
    before_date = text.startswith((",", " (", " -", " –", " —"), hit.end)
    return line_start and before_date and text[hit.start : hit.end].isupper()


def _surname(name: str) -> str:
    words = [word for word in name.split() if word not in NAME_SUFFIXES]
    return words[-1] if words else name


def people(found: list[shapes.Found], person_hits: list[Hit], text: str) -> list[Mention]:
    """Fold the people of one article: a lone surname or title+surname takes the fullest name seen.

    A capitalised pair with no given name or title ("Dana Whitcombe") is a person when its
    context says so or when the article names a person with its surname ("Ms. Whitcombe").
    """
    known: dict[str, str] = {}
    for hit in person_hits:
        known[_surname(hit.entry.actor)] = hit.entry.actor
        known[_surname(text[hit.start : hit.end])] = hit.entry.actor
    people = [item for item in found if item.kind == "person"]
    surnames = {_surname(item.name) for item in people} | known.keys()
    people += [
        item
        for item in found
        if item.kind == "candidate" and (item.code == "person" or _surname(item.name) in surnames)
    ]
    fullest: dict[str, str] = {}
    for item in people:
        key = _surname(item.name)
        if len(item.name) > len(fullest.get(key, "")):
            fullest[key] = item.name
    out = []
    for item in people:
        key = _surname(item.name)
        actor = known.get(key) or (fullest[key] if " " not in item.name else item.name)
        out.append(Mention(item.start, item.end, actor, "person", ""))
    for item in found:
        if item.kind == "loose" and (item.name in known or item.name in fullest):
            out.append(Mention(item.start, item.end, known.get(item.name) or fullest[item.name], "person", ""))
    return out


_PREFIXES = ("al", "el", "ad", "as", "ash", "at", "bin", "ibn", "wal")
"""Arabic particles joined to a name by a hyphen ("al-Assad"), part of the name's word."""
_CAPITALISED = r"[A-ZÀ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*"
_WORD = rf"(?:(?:{'|'.join(_PREFIXES)})-)?{_CAPITALISED}"
_LINK = f"(?:{'|'.join(map(re.escape, word_list('name_words.txt', 'acronym_links')))})"
_NAME_FROM_CAPITAL = re.compile(rf"{_CAPITALISED}(?: (?:{_LINK} ){{0,2}}{_WORD})+")
"""A capitalised name of two words or more, lower-case connectors allowed between its words, from its
first capital: a bare class first lets the engine skip ahead; :func:`_names` reads a particle before it."""
_BRACKETED = re.compile(r" \(([A-Z][A-Z&-]*[A-Z])\)")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-]){_WORD}(?: (?:{_LINK} ){{0,2}}{_WORD}){{0,12}}\Z")
"""The name before `` (ACRONYM)``, found in a short window so that only bracketed acronyms cost a search."""
_WINDOW = 200
_ACRONYM = re.compile(r"[A-Z](?<![\w.&-].)[A-Z&]{2,7}(?![\w&-])")
"""An acronym of three to eight capitals; a bare class first lets the engine skip ahead, then the look-behind."""
_PARTS = re.compile(r"[\w'’]+")

M = TypeVar("M", bound=tuple)


def _spells(name: str, acronym: str) -> bool:
    """Return whether the initials of ``name``'s words spell ``acronym`` (capitalised words' letters required).

    "Organisation of Petroleum Exporting Countries" spells "OPEC" and "OOPEC"; the acronym's
    letters are compared in upper case, one per word, in order.
    """
    reached = {0}  # how many of the acronym's letters the words so far can spell
    for part in _PARTS.findall(name):
        letter = part[0].upper()
        spelt = {k + 1 for k in reached if k < len(acronym) and acronym[k] == letter}
        reached = spelt if part[0].isupper() else spelt | reached
        if not reached:
            return False
    return len(acronym) in reached


def _spelt_from(words: list[str], acronym: str) -> int | None:
    """Return the first of ``words`` from which the words' initials spell ``acronym``, or None."""
    for i, word in enumerate(words):
        if word[:1] == acronym[0] and _spells(" ".join(words[i:]), acronym):
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
    for start, end in _names(text) if acronyms else ():
        words = text[start:end].split(" ")
        if words[-1] in TITLE_HEADS:
            continue
        for acronym in sorted(acronyms):
            k = _spelt_from(words, acronym)
            if k is not None and len(_PARTS.findall(" ".join(words[k:]))) >= 3:
                found[acronym] = (end - len(" ".join(words[k:])), end, True)
                acronyms.discard(acronym)
    return found


def _names(text: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of the capitalised names of two words or more of ``text``, in order, not overlapping.

    The names a scan from the left for ``_WORD`` and more words finds. The scan starts at
    capitals, so the engine skips ahead instead of trying the particles at every character; a
    name that opens with a particle ("al-Assad Foundation") is found from its capital and the
    particle read back, unless the name before took it. Particles are lower case, so a name's
    capital and its end are the same either way.
    """
    reach = 0
    for match in _NAME_FROM_CAPITAL.finditer(text):
        start, end = match.span()
        for length in (4, 3):  # "wal-" before "al-": the earlier start, as a scan from the left finds it
            if start - length >= reach and text[start - 1] == "-" and text[start - length : start - 1] in _PREFIXES:
                start -= length
                break
        yield start, end
        reach = end


@functools.lru_cache(maxsize=4096)
def _uses(acronym: str) -> re.Pattern[str]:
    """Return the finder of ``acronym`` written as a word of its own (compiled once per acronym).

    The acronym comes first, so the search skips ahead to it; what stands before it is checked after.
    """
    escaped = re.escape(acronym)
    return re.compile(rf"{escaped}(?![\w&-])(?<![\w.&-]{escaped})")


def short_forms(text: str, mentions: Sequence[M], make: Callable[[int, int, str, str, str], M]) -> list[M]:
    """Return ``mentions`` with a person or bare organisation written as an organisation's short form read as it.

    News names a company or a club in full once ("Northwind Holdings") and then by its first
    word ("Northwind said"), which the name finder reads as a person, or, for a company named
    with its legal form, as an organisation of its own ("Shares of Korvex" after "Korvex
    Semiconductor Inc."). A first word is a short
    form when it is no ordinary word (never written in lower case in the treebanks' sentences,
    not a stop word nor a given name), one organisation of the article starts with it, and no
    person of the article ends with it ("Ann Northwind"). ``mentions`` are ``(start, end, actor,
    actor_type, code)`` tuples; ``make`` builds a new one.
    """
    owners: dict[str, set[tuple[str, str]]] = {}
    surnames = {m[2].split()[-1] for m in mentions if m[3] == "person" and " " in m[2]}
    for m in mentions:
        words = text[m[0] : m[1]].split()
        if m[3] == "organization" and len(words) >= 2 and _may_shorten(words[0]) and words[0] not in surnames:
            owners.setdefault(words[0], set()).add((m[2], m[4]))
    forms = {word: next(iter(names)) for word, names in owners.items() if len(names) == 1}
    out = []
    for m in mentions:
        written = text[m[0] : m[1]]
        owner = forms.get(written) if m[3] in ("person", "organization") else None
        if owner is not None and m[3] == "organization" and not (m[2] == written and not m[4] and _company(owner[0])):
            owner = None  # a body of its own ("Korvex ... the Korvex Foundation")
        out.append(make(m[0], m[1], owner[0], "organization", owner[1]) if owner else m)
    return out


def _company(name: str) -> bool:
    """Whether ``name`` ends with a legal form ("Korvex Semiconductor Inc."): a company its first word stands for."""
    return name.split()[-1].lower() in LEGAL_FORMS


def _may_shorten(word: str) -> bool:
    """Whether an organisation's first word may stand for it alone: a name-like word, not an ordinary one."""
    if len(word) < 3 or not word[0].isupper() or word.lower() in STOP_WORDS or is_given_name(word):
        return False
    seen = sentence_statistics().words.get(word.lower())
    return seen is None or seen.lower == 0


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
        uses = [(u.start(), u.end()) for u in _uses(acronym).finditer(text)]
        spans = [(start, end), *uses]
        out = [m for m in out if not any(m[0] < e and s < m[1] for s, e in spans)]
        out += [make(s, e, actor, kind, code) for s, e in spans]
    return sorted(out)
