"""What the words around a name say it is: bodies named bare, clubs and players in tables.

News names companies, parliaments and bodies known by their acronym bare ("the Bundesrat said",
"the NWRC said", "Halvorsen said its profit rose", "Northwind's Ann Ray"): the shapes read no
head noun in them, and the name finder, which learned mostly from people named by one word,
reads such a name as a person or not at all. Wire services also send sports results as plain
lines, where no sentence says what the names are. Four readings, each where no other is sure:

- :func:`bodies`: names where no person can be. A capitalised word after "the", or an acronym,
  right before a verb of saying (people are not written with "the"; an acronym that speaks is a
  body); a name an appositive calls a body ("Brennholt, the shipping group,").
- :func:`organisations`: people the words around them make bodies. The owner of a person
  ("Northwind's Ann Ray", "Vestland Energi chief executive Ola Berg"); a name an appositive
  calls a body; "X, which"; a one-word name with company words around it ("shares in
  Halvorsen", "Halvorsen said its"; the phrases of ``organisation_contexts.txt``), every use of
  it in the article, and the one full name that starts with it ("Olsvik Kraft").
- :func:`teams`: the clubs of results, fixtures and standings lines ("Oldham 2 Blackpool 1",
  "Oldham v Blackpool", "Barcelona 4 3 1 0 11 4 10").
- :func:`players`: the players of lists of scores or minutes ("Smith 3, Jones 2", "Lind (12th
  minute), Nyberg (45)").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from workbench.actors import shapes
from workbench.actors.candidates import Intervals
from workbench.actors.dictionary import Hit, demonyms, is_given_name
from workbench.lexicon import (
    FREQUENT_SURNAMES,
    ORG_HEADS,
    PERSON_NOUNS,
    STOP_WORDS,
    TITLE_HEADS,
    alternation,
    ordinary_word,
    phrases,
    word_list,
    word_set,
)

M = TypeVar("M", bound=tuple)

_SPEECH = re.compile(rf" (?:{'|'.join(word_list('speech_verbs.txt', 'after_name'))})\b")
_SPEAKING_POSSESSIVE = re.compile(rf"['’]s{_SPEECH.pattern}")
"""A possessive right before a verb of saying: part of a company's name ("Moody's said", "Sotheby's warned")."""
_SPEAKER = re.compile(r"(?:(?<![\w'’-])[Tt]he ([A-Z][a-z][\w'’-]*)|(?<![\w.&'’-])([A-Z][A-Z&]{2,6}))\Z")
"""Before a verb of saying (:data:`_SPEECH`), a capitalised word after "the" or an acronym of 3 to 7 capitals."""
_NOT_BODIES = TITLE_HEADS | STOP_WORDS
_DEMONYMS = demonyms()
"""Words of peoples and places ("European shares fell"), which own shares without naming a company."""
_PEOPLE_NOUNS = PERSON_NOUNS | word_set("speaker_nouns.txt", "roles", "groups", "documents")


def _phrase(text: str) -> str:
    return re.escape(text).replace("'s", "['’]s").replace(r"\ ", " ")


_BEFORE_PHRASES = phrases("organisation_contexts.txt", "before")
_BEFORE = re.compile(rf"\b(?i:{alternation(_BEFORE_PHRASES)}) \Z")
_NAMED_AFTER = re.compile(
    rf"\b(?:{alternation([*_BEFORE_PHRASES, *(p[0].upper() + p[1:] for p in _BEFORE_PHRASES)])})"
    r" ([A-Z][\w'’&-]+(?: [A-Z][\w'’&-]+){0,2})"
)
"""A capitalised name right after company words ("shares in Halvorsen", "Analysts at Korvik"). It is
searched over every article, so the words are matched in lower case or capitalised as a sentence
opens, not in any case, which took three times as long."""
_FIRST_WORDS = {p.split()[0].split("'")[0].lower() for p in _BEFORE_PHRASES}
_NAMED_AFTER_WORDS = tuple(sorted(w for w in _FIRST_WORDS if not any(o != w and o in w for o in _FIRST_WORDS)))
"""The first words of :data:`_BEFORE_PHRASES` in lower case (up to an apostrophe, which the pattern reads
either way), those that hold another left out ("analysts"): a text whose lower case holds none has no match
of :data:`_NAMED_AFTER`. A few substring tests cost a third less than the pattern's scan from every character."""
_AFTER_PHRASES = [p if p.startswith(("'", ",")) else f" {p}" for p in phrases("organisation_contexts.txt", "after")]
_SHARES = re.compile(" (?:shares|Shares|SHARES) ")
_SHARES_DID = re.compile(rf"(?i:{'|'.join(_phrase(p) for p in _AFTER_PHRASES if p.startswith(' shares'))})\b")
"""What a company's shares did ("shares fell"), in any case ("SHARES JUMP" in a headline)."""
_ALONE_WORDS = alternation(list(phrases("organisation_contexts.txt", "alone")))
_ALONE = re.compile(rf"(?<![\w'’&.-])(?:([Tt]he) )?({_ALONE_WORDS})\b")
"""A state's body named by one word, with or without "the" ("the Cabinet", "Parliament")."""
_ALONE_WORD = re.compile(rf"{_ALONE_WORDS}\b")
"""The words of :data:`_ALONE` alone: a text without them has no match of it. Starting at a capital, not at a
look-behind, the engine skips to the candidates (a seventh of the time over the bench's texts)."""
_LONGER = re.compile(r" (?:of|for|on)\b| [A-Z]")
"""What makes the word part of a longer name after it ("Parliament of Nordland", "Government House")."""
_NAMED_BEFORE = re.compile(r"(?<![\w.'’&-])([A-Z][\w'’&-]+(?: [A-Z][\w'’&-]+){0,2})\Z")
"""Capitalised words right before :data:`_SHARES_DID` ("Commerzbank shares fell", "NORTHWIND SHARES JUMP"):
a company no other reading may have found (a sentence's first word, a word in capitals). Found from
the few places where "shares" is written, which costs a sixth of searching every capital."""
_WEEKDAYS = "|".join(word_list("calendar.txt", "weekdays"))
_WHEN = rf"(?: (?:late |early )?on (?:{_WEEKDAYS})| yesterday| today| in a statement)?"
"""When or how a company spoke, between "said" and "its" ("Halvorsen said on Thursday its profit rose")."""
_AFTER = re.compile(rf"(?i:{'|'.join(_phrase(p).replace('said ', f'said{_WHEN} ') for p in _AFTER_PHRASES)})\b")

_ROLES = "|".join(word_list("speaker_nouns.txt", "roles"))
_TITLE_AFTER = re.compile(rf" (?:(?:{_ROLES}) ){{1,2}}")
"""A role written after a name and before a person's ("Vestland Energi chief executive Ola Berg")."""
_BODY_AFTER = re.compile(
    rf", (?:the|a|an) (?:[\w'’-]+ ){{0,3}}?(?:{'|'.join(word_list('speaker_nouns.txt', 'bodies'))}),"
)
"""An appositive that calls the name before it a body ("Brennholt, the Norwegian shipping group,")."""
_APPOSITIVE = re.compile(r", (?:the|a|an) ")
_DESCRIBED = re.compile(r"(?<![\w'’&-])(?:The )?([A-Z][\w'’&-]+(?: (?:[A-Z][\w'’&-]+|&)){0,3})\Z")
"""Capitalised words right before an appositive (:data:`_APPOSITIVE`) that calls them a body (:data:`_BODY_AFTER`),
without "The" ("The NWRC, the industry regulator,")."""
_ADJECTIVE_ENDINGS = ("ic", "an", "ese", "ish", "ist")
"""Endings of adjectives and demonyms, which own people without naming a body ("Republican's", "Christian's")."""
_OWNER_ROLES = list(phrases("organisation_contexts.txt", "roles"))
_OWNER_BEFORE = re.compile(
    r"(?<![\w'’&-])(?<!of )(?<!in )(?<!for )(?<!at )([A-Z][\w'’&-]+(?: [A-Z][\w'’&-]+){0,2})"
    rf"(?:['’]s|(?P<role> (?:{alternation(_OWNER_ROLES)}))) \Z"
)
"""A name right before a person's, with a possessive or a role between: the body the person belongs
to ("Halden's Ann Ray", "Galatasaray midfielder Hakan Sukur", "Korvik chief executive Ola Berg")."""
_OWNER_ENDS = ("'s", "’s", *dict.fromkeys(role.split()[-1] for role in _OWNER_ROLES))
"""What :data:`_OWNER_BEFORE` ends with before its last space: a person after anything else has no owner
there, which one look at the text tells without a search."""
_LOOK_BACK = 60
"""Characters read before a verb of saying or an appositive for the name: more than four long words."""

_CLUB = r"[A-Z][\w.'’&-]*(?: (?:[A-Z][\w.'’&-]*|de|del|and|&)){0,3}"
"""A club's name: up to four capitalised words ("Queens Park Rangers"), "de", "and" or "&" between them."""
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+|-)"
"""A figure of a table: a count, a share (".547") or a dash; one way to read each, so a line is read in linear time."""
_TABLE_LINES = (
    # Two clubs, each with its score, and a bracket after (half time, scorers) or nothing.
    re.compile(rf"[ \t]*(?P<one>{_CLUB})[ \t]+\d{{1,3}}[ \t]+(?P<two>{_CLUB})[ \t]+\d{{1,3}}[ \t]*(?:\(.*)?$", re.M),
    # A fixture: two clubs with "v" or "vs" between them.
    re.compile(rf"[ \t]*(?P<one>{_CLUB})[ \t]+(?:v|vs)\.?[ \t]+(?P<two>{_CLUB})[ \t]*$", re.M),
    # A standings line: a place in the table, a club and three numbers or more.
    re.compile(rf"[ \t]*(?:\d{{1,2}}\.?[ \t]+)?(?P<one>{_CLUB})(?:[ \t]+{_NUMBER}){{3,}}[ \t]*$", re.M),
)
"""Each matched at the start of a line (``$`` is a line's end)."""
_TABLE_WIDTH = 120
"""The longest line read as a table's: results and standings are short lines, paragraphs long ones."""


_TITLE_NOUNS = frozenset(word.lower() for word in TITLE_HEADS)
"""Roles that are titles ("Judge Ann Ray", "Coach Tom Hale"): the shapes read them with the name."""
_ROLES_OPENING = frozenset(word.capitalize() for word in PERSON_NOUNS - _TITLE_NOUNS)
"""People's roles, capitalised as a sentence's first word ("Striker", "Economist"); not titles."""
_NEXT_IN_SENTENCE = re.compile(r" [a-z]|[,.;:!?]")
"""What follows a name inside a sentence, not a headline's next capital."""


def role_openings(text: str, found: Sequence[shapes.Found]) -> list[shapes.Found]:
    """Return the people named after the role that opens their sentence, which the shapes left open.

    A sentence's first word is capitalised, so a role there reads as part of a name: "Striker
    Erling Haaland is fit" leaves the candidate "Striker Erling Haaland", which the name finder
    may not read. When its first word is a person's role (not a title, which the shapes read with
    the name), its two or three other words are a person's name. Not in a headline, where the
    words after the name are capitalised too.
    """
    out = []
    for item in found:
        words = item.name.split()
        if item.kind != "candidate" or words[0] not in _ROLES_OPENING or not 3 <= len(words) <= 4:
            continue
        opens = (
            item.start == 0
            or text[max(0, item.start - 2) : item.start] in (". ", "? ", "! ")
            or text[item.start - 1] == "\n"
        )
        if opens and _NEXT_IN_SENTENCE.match(text, item.end) and not ordinary_word(words[1]):
            start = text.find(words[1], item.start + len(words[0]), item.end)
            out.append(shapes.Found(start, item.end, "person", " ".join(words[1:])))
    return out


def bodies(text: str, taken: Intervals) -> list[shapes.Found]:
    """Return the bodies of ``text`` named bare where no person can be.

    Before a verb of saying, a capitalised word after "the" or an acronym ("the Bundesrat
    said", "NWRC said"); before an appositive that calls it a body, a capitalised name
    ("Brennholt, the Norwegian shipping group,"); after company words, a capitalised name
    ("shares in Halvorsen", "analysts at Korvik"). A name that overlaps ``taken`` (what the
    dictionary and the other rules read) is left to them; a title or a noun for people ("the
    Minister said", "the CEO said") names no body.
    """
    out = []
    for verb in _SPEECH.finditer(text):
        match = _SPEAKER.search(text, max(0, verb.start() - _LOOK_BACK), verb.start())
        if match is None:
            continue
        group = 1 if match.group(1) else 2
        start, end = match.span(group)
        word = match.group(group)
        if word in _NOT_BODIES or word.lower() in _PEOPLE_NOUNS or taken.overlaps(start, end):
            continue
        out.append(shapes.Found(start, end, "organization", word))
    for appositive in _APPOSITIVE.finditer(text):
        if _BODY_AFTER.match(text, appositive.start()) is None:
            continue
        match = _DESCRIBED.search(text, max(0, appositive.start() - _LOOK_BACK), appositive.start())
        if match is None or match.group(1).split()[0] in _NOT_BODIES or taken.overlaps(*match.span(1)):
            continue
        out.append(shapes.Found(*match.span(1), "organization", match.group(1)))
    lowered = text.lower()
    for match in _NAMED_AFTER.finditer(text) if any(word in lowered for word in _NAMED_AFTER_WORDS) else ():
        if _bare_company(match.group(1).split(), taken.overlaps(*match.span(1))):
            out.append(shapes.Found(*match.span(1), "organization", match.group(1)))
    for match in _ALONE.finditer(text) if _ALONE_WORD.search(text) else ():
        start = match.start(1) if match.group(1) else match.start(2)
        if _LONGER.match(text, match.end()) or _after_name(text, start) or taken.overlaps(*match.span(2)):
            continue  # "the European Parliament", "the Parliament of Nordland": another reading's
        out.append(shapes.Found(*match.span(2), "organization", match.group(2)))
    clubs = [span for span in results(text) if not taken.overlaps(*span)]  # "Molde beat Viking 3-0"
    out += [shapes.Found(*span, "organization", text[span[0] : span[1]]) for span in clubs]
    openers: frozenset[str] | None = None  # first words of longer names, read once when a name owns shares
    for shares in _SHARES.finditer(text):
        if not _SHARES_DID.match(text, shares.start()):
            continue
        match = _NAMED_BEFORE.search(text, max(0, shares.start() - _LOOK_BACK), shares.start())
        if match is None:
            continue
        words = match.group(1).split()
        if len(words) == 1:
            openers = _name_openers(text) if openers is None else openers
            if (
                words[0].capitalize() in ORG_HEADS  # "Bank shares"
                or words[0].endswith(_ADJECTIVE_ENDINGS)  # "Asian shares"
                or words[0] in openers  # "Olsvik Kraft ... Olsvik shares": the short form of a name read later
            ):
                continue
        if _bare_company(words, taken.overlaps(*match.span(1))):
            out.append(shapes.Found(*match.span(1), "organization", match.group(1)))
    return sorted(out)


_TEAM = r"[A-Z][\w'’&/-]*(?: [A-Z][\w'’&/-]*){0,2}"
_SCORE = r"\d{1,2}-\d{1,2}"
_RESULT = re.compile(
    rf"(?<![\w'’&.-])(?P<a>{_TEAM}) (?:"
    rf"(?:beat|defeated|thrashed|edged|routed|overcame|stunned|held) (?P<b>{_TEAM}) {_SCORE}"
    rf"|(?:drew|lost|won|fell) {_SCORE} (?:with|to|at|against|over|in) (?P<c>{_TEAM}))"
)
"""A match's result written in a sentence: "Molde beat Viking 3-0", "Brann drew 1-1 with Lillestrom"."""
_ANY_SCORE = re.compile(_SCORE)


def results(text: str) -> list[tuple[int, int]]:
    """Return the spans of the clubs that a sentence gives a result between ("Molde beat Viking 3-0").

    Only where a score stands in the text; a name opening with a title or a function word is none.
    """
    if _ANY_SCORE.search(text) is None:
        return []
    spans = []
    for match in _RESULT.finditer(text):
        for group in ("a", "b", "c"):
            if match.group(group) and match.group(group).split()[0] not in _NOT_BODIES:
                spans.append(match.span(group))
    return spans


_WORD_BEFORE = re.compile(r"([\w'’&.-]+) \Z")


def _after_name(text: str, start: int) -> bool:
    """Whether a capitalised word other than "The" stands right before ``start`` ("European Parliament")."""
    word = _WORD_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
    return word is not None and word.group(1)[0].isupper()


_NAME_OPENER = re.compile(r"(?<![\w'’&-])([A-Z][\w'’&-]*) (?!Shares\b)[A-Z][a-z]")


def _name_openers(text: str) -> frozenset[str]:
    """Return the words ``text`` writes as the first word of a longer capitalised name ("Olsvik" of "Olsvik Kraft").

    One pass over the text, so an article that names many companies' shares stays linear.
    """
    return frozenset(match.group(1) for match in _NAME_OPENER.finditer(text))


def _bare_company(words: list[str], taken: bool) -> bool:
    """Whether capitalised ``words`` that company words surround name a company no other reading took.

    Not when they open with a title, a function word, a given name or a people's name ("Chinese
    shares"), nor when one word that the treebanks read as an ordinary word ("Oil shares").
    """
    first = words[0].capitalize()
    if taken or first in _NOT_BODIES or first in _DEMONYMS or is_given_name(first):
        return False
    return len(words) > 1 or not ordinary_word(first)


def organisations(text: str, mentions: Sequence[M], make: Callable[[int, int, str, str, str], M]) -> list[M]:
    """Return ``mentions`` with the people that the words around them mark as organisations.

    ``mentions`` are ``(start, end, actor, actor_type, code)`` tuples in text order; ``make``
    builds a new one. A person the article names as written, not starting with a given name,
    is an organisation when it owns a person ("Northwind's Ann Ray", "Vestland Energi chief
    executive Ola Berg") or an appositive calls it a body ("Brennholt, the shipping group,");
    one named by one word also when company words surround it ("shares in Halvorsen",
    "Halvorsen said its"), and one of any length, given name or not, after words only a body
    may follow ("shares in Leroy Seafood"). So is a full name whose first word company words surround alone
    ("Olsvik Kraft said ... Olsvik shares fell"): that word then stands for it, a mention of
    it wherever it has company words. "Ray" after "Ann Ray" stays a person. A name whose
    possessive a verb of saying follows names a company with it ("Moody's said": a possessive
    owns a noun, never a verb).
    """
    bare = [
        m
        for m in mentions
        if m[3] == "person"
        and text[m[0] : m[1]] == m[2]
        and m[2][0].isupper()
        and (not is_given_name(m[2].split()[0]) or _held(text, m[0]))
    ]
    taken = Intervals((m[0], m[1]) for m in mentions)
    added = [make(*span, text[span[0] : span[1]], "organization", "") for span in _owners(text, mentions, taken)]
    if not bare:
        return sorted([*mentions, *added]) if added else list(mentions)
    people_at = {m[0] for m in mentions if m[3] == "person"}
    clubs = set(results(text))
    marked = {m[2] for m in bare if (m[0], m[1]) in clubs}  # "Molde beat Viking 3-0": two clubs, not people
    for m in bare:
        start, end = m[0], m[1]
        titled = _TITLE_AFTER.match(text, end)
        possessive = text.startswith(("'s ", "’s "), end) and end + 3 in people_at
        owner = possessive or (titled is not None and titled.end() in people_at)
        if (
            owner
            or (" " not in m[2] and _company(text, start, end))
            or _held(text, start)
            or _BODY_AFTER.match(text, end)
        ):
            marked.add(m[2])
    longer: dict[str, set[str]] = {}
    for m in bare:
        words = m[2].split()
        if len(words) > 1:
            longer.setdefault(words[0], set()).add(m[2])
    full: dict[str, str] = {}
    for word, names in longer.items():
        if len(names) > 1:
            continue
        (name,) = names
        alone = [(start, end) for start, end in _uses(text, word) if _company(text, start, end)]
        if word in marked or alone:
            marked.add(name)
            full[word] = name
            added += [make(s, e, name, "organization", "") for s, e in alone if not taken.overlaps(s, e)]
    possessive_names: dict[str, str] = {}
    for m in bare:
        if _SPEAKING_POSSESSIVE.match(text, m[1]):
            possessive_names.setdefault(m[2], text[m[0] : m[1] + 2])
    if not marked and not added and not possessive_names:
        return list(mentions)
    bare_at = {m[0] for m in bare}
    kept = []
    for m in mentions:
        # a person of a marked name, also where another word stands for it ("Seafood" for "Leroy Seafood")
        if (m[3] == "person" and m[2] in marked) or (m[0] in bare_at and m[2] in possessive_names):
            kept.append(_as_organisation(text, m, full, possessive_names, make))
        elif m[3] == "organization" and m[2] in full and not m[4] and text[m[0] : m[1]] == m[2]:
            kept.append(make(m[0], m[1], full[m[2]], "organization", ""))  # "Analysts at Olsvik": Olsvik Kraft
        else:
            kept.append(m)
    return sorted(kept + added) if added else kept


def _as_organisation(
    text: str, m: M, full: dict[str, str], possessive_names: dict[str, str], make: Callable[..., M]
) -> M:
    """Return the person mention ``m`` as the organisation it names: its full name, or with its possessive."""
    name = possessive_names.get(m[2])
    if name is None:
        return make(m[0], m[1], full.get(m[2], m[2]), "organization", "")
    end = m[1] + 2 if text.startswith(("'s", "’s"), m[1]) else m[1]
    return make(m[0], end, name, "organization", "")


def _owners(text: str, mentions: Sequence[M], taken: Intervals) -> Iterator[tuple[int, int]]:
    """Yield the spans of the names no mention holds that own a person (:data:`_OWNER_BEFORE`).

    Before a role, one word the treebanks read as an ordinary word is an adjective, not a body
    ("Veteran midfielder Hakan Sukur").
    """
    for m in mentions:
        if m[3] != "person" or m[0] < 2 or text[m[0] - 1] != " " or not text.endswith(_OWNER_ENDS, 0, m[0] - 1):
            continue
        match = _OWNER_BEFORE.search(text, max(0, m[0] - _LOOK_BACK), m[0])
        if match is None or taken.overlaps(*match.span(1)):
            continue
        words = match.group(1).split()
        if is_given_name(words[0]) or words[0] in _NOT_BODIES or match.group(1).endswith(_ADJECTIVE_ENDINGS):
            continue
        if not (match.group("role") and len(words) == 1 and ordinary_word(words[0])):
            yield match.span(1)


def _uses(text: str, word: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of ``word`` written as a word of its own in ``text``."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and (text[start - 1].isalnum() or text[start - 1] in "'’-")) and not (
            end < len(text) and (text[end].isalnum() or text[end] in "'’-")
        ):
            yield start, end
        start = text.find(word, end)


def _held(text: str, start: int) -> bool:
    """Whether company words that only a body may follow stand before ``start`` ("shares in Leroy Seafood").

    They make a name of any length a company, even one that opens with a given name.
    """
    return _BEFORE.search(text, max(0, start - 24), start) is not None


def _company(text: str, start: int, end: int) -> bool:
    """Whether company words stand around ``text[start:end]`` ("shares in X", "X's chief executive", "X said its")."""
    return bool(_AFTER.match(text, end) or _held(text, start))


def teams(text: str, hits: Sequence[Hit], people: Sequence[shapes.Found]) -> list[shapes.Found]:
    """Return the clubs named on the results, fixtures and standings lines of ``text``.

    A name that is exactly a dictionary name stays what the dictionary says (national teams
    are written by their country's name); a line in capitals is a headline, not a table. A
    name of two words or more that starts with a given name or was read as a person ("Tiger
    Woods 70 68 72"), and the surname of a person the article names in full, are players, not
    clubs: ``people`` are the people read so far. A club takes in the dictionary names inside
    it ("Real Madrid").
    """
    if "\n" not in text:
        return []
    surnames = {item.name.split()[-1] for item in people if " " in item.name}
    read_as_people = {(item.start, item.end) for item in people}
    places = {(hit.start, hit.end) for hit in hits}
    starts = [hit.start for hit in hits]
    out = []
    lengths = [len(line) + 1 for line in text.split("\n")]
    offsets = itertools.accumulate(lengths[:-1], initial=0)
    lines = [offset for offset, length in zip(offsets, lengths, strict=True) if length <= _TABLE_WIDTH]
    for pattern in _TABLE_LINES:
        groups = ("one", "two") if "two" in pattern.groupindex else ("one",)
        for match in filter(None, (pattern.match(text, line) for line in lines)):
            if all(match.group(group).isupper() for group in groups):
                continue  # a headline in capitals ("ENGLAND v NORLAND"), not a table
            for group in groups:
                start, end = match.span(group)
                words = match.group(group).split()
                if (start, end) in places or words[0] in STOP_WORDS or (len(words) == 1 and ordinary_word(words[0])):
                    continue
                if (len(words) == 1 and words[0] in surnames) or (
                    len(words) > 1 and (is_given_name(words[0]) or (start, end) in read_as_people)
                ):
                    continue
                first = bisect.bisect_left(starts, start)
                inside = tuple(hit for hit in hits[first : bisect.bisect_left(starts, end)] if hit.end <= end)
                out.append(shapes.Found(start, end, "organization", match.group(group), "", inside))
    return out


_PLAYER = rf"({_CLUB}) \(?\d{{1,3}}(?:st|nd|rd|th)?(?: (?:minute|min|pen|penalty))?\)?"
_PLAYER_LIST = re.compile(rf"{_PLAYER}(?:, {_PLAYER})+")
"""Two names or more, each with its score or minute, separated by commas."""
_PLAYER_ITEM = re.compile(_PLAYER)
_PLAYER_JOIN = re.compile(r"[\d)], [A-Z]")
"""Where two items of such a list meet: read first, as few texts hold one."""


def players(text: str, hits: Sequence[Hit], read: Sequence[shapes.Found]) -> list[shapes.Found]:
    """Return the players named in lists of scores or minutes ("Smith 3, Jones 2", "Lind (12th), Nyberg (45)").

    ``read`` are the names read so far. A name the dictionary knows ("Norway 3, Sweden 2"
    counts medals) or an ordinary word is left alone; so is a name read as an organisation
    ("Boeing 737, Airbus 320"), unless the list is one of players: minutes in brackets, or a
    name in it read as a person, the surname of one or a frequent surname of the census lists
    ("Smith 3, Jones 2").
    """
    if _PLAYER_JOIN.search(text) is None:
        return []
    dictionary = {(hit.start, hit.end) for hit in hits}
    organisations = {(item.start, item.end) for item in read if item.kind == "organization"}
    people = {(item.start, item.end) for item in read if item.kind == "person"}
    surnames = {item.name.split()[-1] for item in read if item.kind == "person"}
    out = []
    for match in _PLAYER_LIST.finditer(text):
        items = [item.span(1) for item in _PLAYER_ITEM.finditer(text, match.start(), match.end())]
        of_players = "(" in match.group() or any(
            span in people
            or text[span[0] : span[1]] in surnames
            or text[span[0] : span[1]].lower() in FREQUENT_SURNAMES
            for span in items
        )
        for start, end in items:
            name = text[start:end]
            words = name.split()
            if (start, end) in dictionary or words[0] in STOP_WORDS or name.endswith(".") or ordinary_word(words[-1]):
                continue  # a known place, a citation ("Vol. 6, No. 12", "Act 3, Scene 2") or ordinary words
            if of_players or (start, end) not in organisations:
                out.append(shapes.Found(start, end, "person", name))
    return out
