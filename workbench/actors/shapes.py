"""Reading capitalised phrases the way news writes names: titles, full names, roles, organisations.

A text is cut into *chunks*: capitalised words joined by single spaces, lower-case
connectors ("of", "for the", "von der") or a possessive ("Israel's"). Dictionary names
split a chunk into *pieces*; each run of words between them is read by shape:

- a title with a name after it is a person ("Gen. Herzi Halevi", "Mr. Ortiz");
- a title alone after a country or organisation is a role ("Israel's Defense Minister");
- words ending in a head noun are an organisation ("Ministry of Defense", "Acme Corp."), unless
  name words without a head noun come before its "of" ("Ann Ray of the Pilots Association": a
  name, then the organisation);
- a known given name and a surname are a person ("Ana Ruiz");
- a lone capitalised word is kept aside: it is a person if an earlier or later full name in
  the article ends with it ("Ruiz said").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

from workbench.actors.dictionary import Entry, Hit, is_given_name
from workbench.lexicon import (
    CONNECTORS,
    FREQUENT_SURNAMES,
    GOVERNMENT_HEADS,
    LOCATIVES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NOT_NAMES,
    ORG_HEADS,
    PERSON_NOUNS,
    PERSONAL_TITLES,
    STOP_WORDS,
    TITLE_HEADS,
    TITLE_QUALIFIERS,
    ordinary_word,
    word_list,
    word_set,
)

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_SAINTS = word_set("name_words.txt", "saints")
_DOTTED = sorted((w for w in TITLE_HEADS | ORG_HEADS | NAME_SUFFIXES | _SAINTS if w.endswith(".")), key=len)[::-1]
_TOKEN = re.compile(
    # Starts with a bare character class so the regex engine skips ahead fast; the look-behind
    # then checks the character before the capital.
    rf"[{_UPPER}](?<![\w'’.-].)(?:"
    rf"(?:{'|'.join(f'(?<={re.escape(w[0])}){re.escape(w[1:])}' for w in _DOTTED)})(?!\w)"
    rf"|\.(?:[{_UPPER}]\.)+"
    rf"|\.(?=\s[{_UPPER}])"
    rf"|\w*(?:-\w+|['’](?!s\b)\w+)*"
    rf")"
)
_CONNECTOR_GAP = re.compile(rf" (?:(?:{'|'.join(re.escape(w) for w in CONNECTORS)}) )+")
_POSSESSIVE_GAPS = frozenset(["'s ", "’s ", "' ", "’ "])
_NAME_LIKE = re.compile(rf"(?:(?:al|el|ad|as|ash|at|bin|ibn)-)?[{_UPPER}](?:\.|[\w'’-]*[a-zß-ÿ][\w'’-]*)")
_PERSON_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(PERSON_NOUNS))}),?\s+\Z")
_PERSON_AFTER = re.compile(
    rf",? (?:{'|'.join([*word_list('speech_verbs.txt', 'after_name'), 'who', 'whose'])})\b"
    rf"|, (?:a|an|the) (?:[\w'’-]+ ){{0,3}}?(?:{'|'.join(sorted(PERSON_NOUNS))})\b"
    r"|, (?:1[0-9]|[2-9][0-9]|1[01][0-9]),"
)
"""After a capitalised pair, words that make it a person: a speech verb, an appositive ("Ann Ray, a lawyer")
or an age between commas ("Jens Aas, 58, has fished there")."""
_PLACE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(LOCATIVES))}) \Z")
_ADJECTIVE = re.compile(r"-(?:based|led|backed|owned|born|made|run|funded|style|era|linked|aligned|allied)$")
_LONGEST_GAP = max(len(word) for word in CONNECTORS) * 2 + 4
_TITLE_WORDS = TITLE_HEADS | TITLE_QUALIFIERS
_OWNER_TYPES = frozenset(["country", "organization", "government body", "armed group"])

SPACE, POSSESSIVE = " ", "'s"
"""Links between two words of a chunk; any other link is the connector text (" of the ")."""


class Token(NamedTuple):
    """A capitalised word and how it is joined to the word before it (``None``: starts a chunk)."""

    start: int
    end: int
    text: str
    link: str | None


class Piece(NamedTuple):
    """A dictionary name inside a chunk (``hit``) or a run of other words (``tokens``)."""

    start: int
    end: int
    link: str | None
    hit: Hit | None = None
    tokens: tuple[Token, ...] = ()


class Found(NamedTuple):
    """An actor read from a run: ``kind`` is person, role, organization, candidate, loose or thing.

    A *candidate* is a capitalised pair that is a person if its context says so (``code`` is
    then "person") or if the article names a person with its surname; a *loose* word is a
    person if it is such a surname; a *thing* names no actor but absorbs a dictionary name
    ("Paris" in "the Paris Agreement").
    """

    start: int
    end: int
    kind: str
    name: str
    code: str = ""
    absorbs: tuple[Hit, ...] = ()


def chunks(text: str) -> Iterator[list[Token]]:
    """Yield the capitalised phrases of ``text`` as lists of tokens.

    A phrase of one word that ends a run (:func:`_cuts`: most are a sentence's opener, "The",
    "We") is not yielded: it holds no run to read, whatever dictionary name it is part of.
    """
    chunk: list[Token] = []
    last_end = -_LONGEST_GAP - 1
    for match in _TOKEN.finditer(text):
        begin, end = match.span()
        word = match.group()
        if begin - last_end > _LONGEST_GAP:
            link = None
        elif begin - last_end == 1 and text[last_end] == " ":
            link = SPACE
        else:
            link = _link(text[last_end:begin], word in ORG_HEADS)
        if link is None:
            if _readable(chunk):
                yield chunk
            chunk = []
        chunk.append(Token(begin, end, word, link))
        last_end = end
    if _readable(chunk):
        yield chunk


def _readable(chunk: list[Token]) -> bool:
    """Whether ``chunk`` holds a run to read: two words or more, or one that does not end a run."""
    return len(chunk) > 1 or (len(chunk) == 1 and not _cuts(chunk[0].text))


@functools.lru_cache(maxsize=1 << 12)
def _link(gap: str, before_head: bool) -> str | None:
    """Return how ``gap`` joins two capitalised words, or None when it ends the chunk; cached per gap.

    A bare apostrophe before a head noun belongs to the name ("Workers' Party"): a link, not a possessive.
    """
    if gap == " ":
        return SPACE
    if gap in _POSSESSIVE_GAPS:
        return gap if gap[0] in "'’" and gap[1] == " " and before_head else POSSESSIVE
    return gap if _CONNECTOR_GAP.fullmatch(gap) else None


def pieces(chunk: list[Token], hits: list[Hit], first_hit: int) -> list[Piece]:
    """Split a chunk into dictionary names and runs of other words; stop words end a run.

    ``hits`` are the article's dictionary names in order and ``first_hit`` the index of the
    first that may overlap the chunk.
    """
    h, n_hits = first_hit, len(hits)
    out: list[Piece] = []
    run: list[Token] = []
    cut = False
    for k, token in enumerate(chunk):
        while h < n_hits and hits[h].end <= token.start:
            h += 1
        if h < n_hits and hits[h].start < token.end:
            out += _run_piece(run)
            if not (out and out[-1].hit is hits[h]):
                out.append(Piece(hits[h].start, hits[h].end, None if cut else token.link, hit=hits[h]))
            cut = False
        elif _cuts(token.text):
            out += _run_piece(run)
            cut = True
        else:
            if run and token.link == POSSESSIVE:
                out += _run_piece(run)
            elif run and token.link.strip() in ("and", "and the") and not _continues(run, chunk[k:]):
                out += _run_piece(run)
                cut = True
            run.append(token._replace(link=None) if cut else token)
            cut = False
    out += _run_piece(run)
    return out


def _run_piece(run: list[Token]) -> list[Piece]:
    """Empty ``run`` into a piece: return it as a one-piece list, or no piece when the run is empty."""
    if not run:
        return []
    piece = Piece(run[0].start, run[-1].end, run[0].link, tokens=tuple(run))
    run.clear()
    return [piece]


@functools.lru_cache(maxsize=1 << 16)
def _cuts(word: str) -> bool:
    """Whether ``word`` ends a run of name words: a stop word, an acronym or an adjective ("Paris-based").

    Cached: news vocabulary repeats heavily, so most words are decided once per process.
    """
    return bool(word in STOP_WORDS or word.rstrip(".") in STOP_WORDS or _acronym(word) or _ADJECTIVE.search(word))


def _continues(run: list[Token], rest: list[Token]) -> bool:
    """Whether an "and" before ``rest`` continues an organisation's "of" phrase ("Ministry of Trade and Industry").

    It does when the run is an open "of"/"for" phrase and the words after "and" do not end
    in a head noun of their own ("... Study of War and Harvard University" is two names).
    """
    if rest[0].link.strip() != "and":
        return False
    heads = [i for i, token in enumerate(run) if token.text in ORG_HEADS]
    if not heads or heads[-1] == len(run) - 1 or _link_word(run[heads[-1] + 1]) not in ("of", "for", "on"):
        return False
    right = [rest[0], *itertools.takewhile(lambda token: token.link == SPACE, rest[1:])]
    return not (len(right) >= 2 and right[-1].text in ORG_HEADS)


def _link_word(token: Token) -> str:
    """Return the first word of the link before ``token`` ("of" for " of the ")."""
    return token.link.split()[0] if token.link and token.link.strip() else ""


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) > 1 and letters.isupper() and word not in ORG_HEADS


@functools.lru_cache(maxsize=1 << 16)
def _name_like(word: str) -> bool:
    """Whether ``word`` can be part of a person's name; cached like ``_cuts``."""
    return (
        bool(_NAME_LIKE.fullmatch(word)) and word not in NOT_NAMES and word not in ORG_HEADS and word not in TITLE_HEADS
    )


def written(text: str, start: int, end: int) -> str:
    """Return ``text[start:end]`` as a name: single spaces, straight apostrophes."""
    return " ".join(text[start:end].split()).replace("’", "'")


def _title_length(tokens: tuple[Token, ...]) -> int:
    """Return how many leading tokens form a title ("Secretary of State"), 0 when none."""
    length, seen_head = 0, False
    for i, token in enumerate(tokens):
        joined = i == 0 or token.link == SPACE or token.link.strip() in ("of", "of the", "for")
        if not joined or token.text not in _TITLE_WORDS:
            break
        after_of = i > 0 and token.link.strip().startswith("of")
        if token.text in TITLE_HEADS:
            seen_head = True
            length = i + 1
        elif seen_head and after_of:
            length = i + 1
    return length if seen_head else 0


def _name_length(tokens: tuple[Token, ...]) -> int:
    """Return how many leading tokens form a person's name (at most five words)."""
    length = 0
    for i, token in enumerate(tokens[:5]):
        joined = i == 0 or token.link == SPACE or token.link.strip() in NAME_PARTICLES
        if not joined or not (_name_like(token.text) or (i and token.text in NAME_SUFFIXES) or _saint(tokens, i)):
            break
        length = i + 1
    return length if length == 0 or tokens[length - 1].text not in _SAINTS else length - 1


def _saint(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether token ``i`` is a "St." inside a name, a name word after it ("Carol St. Clair")."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        i > 0
        and tokens[i].text in _SAINTS
        and following is not None
        and following.link == SPACE
        and _name_like(following.text)
    )


def _org_head(tokens: tuple[Token, ...]) -> str | None:
    """Return the head noun when the run names an organisation ("Ministry of Defense"), else None."""
    for i, token in enumerate(tokens):
        if token.text in ORG_HEADS and (i == len(tokens) - 1 or _link_word(tokens[i + 1]) in ("of", "for", "on")):
            return token.text
    return None


def read(text: str, run: Piece, before: Piece | None, after: Piece | None) -> list[Found]:
    """Read one run of capitalised words by its shape and its neighbours in the chunk."""
    tokens = run.tokens
    owner = (
        before.hit.entry if before is not None and before.hit is not None and run.link in (SPACE, POSSESSIVE) else None
    )
    title = _title_length(tokens)
    name = _name_length(tokens[title:])
    rest = tokens[title + name :]
    if name and (title or (name >= 2 and is_given_name(tokens[0].text))) and not (rest and rest[0].link == SPACE):
        person = _person(text, tokens[title].start, tokens[title + name - 1].end)
        return (
            [person, *read(text, run._replace(start=rest[0].start, link=None, tokens=rest), None, after)]
            if rest
            else [person]
        )
    if name >= 2 and not title and rest and _link_word(rest[0]) == "of" and _org_head(rest) is not None:
        # "Chan Wai-keung of the Harbour Pilots Association": a name tied to a body by "of" is two
        # names; the name words before "of" hold no head noun ("Bank of England" is one). The pair
        # is the body's person when one of its words is a frequent surname, a given name or
        # hyphenated like a Chinese or Korean given name ("Wai-keung").
        end = tokens[name - 1].end
        code = "person" if any(_person_word(token.text) for token in tokens[:name]) else ""
        pair = Found(run.start, end, "candidate", written(text, run.start, end), code)
        return [pair, *read(text, run._replace(start=rest[0].start, link=None, tokens=rest), None, after)]
    head = _org_head(tokens)
    if head is not None:
        return _organization(text, run, head, owner, before, after)
    if title:
        if (after is None or after.hit is None) and owner is not None and owner.actor_type in _OWNER_TYPES:
            return _role(text, tokens[:title], owner)
        return []
    if name and _given_name_hit(text, before) and run.link == SPACE:
        return [_person(text, before.start, tokens[name - 1].end, before.hit)]
    if name == 1 and is_given_name(tokens[0].text) and _surname_hit(text, after):
        return [_person(text, run.start, after.end, after.hit)]
    if _capital_before(before) and run.link == SPACE and tokens[0].text in NOT_NAMES:
        return [Found(before.start, run.end, "thing", written(text, before.start, run.end), "", (before.hit,))]
    if name == len(tokens) and _named_organization(text, after):
        return [Found(run.start, after.end, "organization", written(text, run.start, after.end), "", (after.hit,))]
    if 2 <= name == len(tokens) and (before is None or before.hit is None or run.link is None):
        named = written(text, run.start, run.end)
        tied = _TIED_TO_ACRONYM.match(text, run.end) and any(_person_word(t.text) for t in tokens)
        return [Found(run.start, run.end, "candidate", named, "person" if tied or _named_as_person(text, run) else "")]
    return [Found(t.start, t.end, "loose", t.text) for t in tokens if _name_like(t.text)]


_TIED_TO_ACRONYM = re.compile(r",? of (?:the )?[A-Z]{2,}\b")
"""A pair tied to a body named by its acronym ("Wong Siu-ming of the HKTDC"), read like one tied to a named body."""
_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
"""A given name written with a hyphen and a lower-case second syllable ("Siu-ming", "Jae-in")."""


def _person_word(word: str) -> bool:
    """Whether ``word`` is a word of people's names: a frequent surname, a given name, or hyphenated as one.

    The census's rarer surnames hold ordinary words ("Real", "Quick", "Keys"): they are no evidence.
    """
    return word.lower() in FREQUENT_SURNAMES or is_given_name(word) or _HYPHENATED_GIVEN.fullmatch(word) is not None


def _named_as_person(text: str, run: Piece) -> bool:
    """Whether the words around a capitalised pair mark it as a person ("founder, Oskar Brandt, said").

    After a preposition of place the pair is a place, whatever follows ("Leithead in New Orleans says").
    """
    if _PLACE_BEFORE.search(text, max(0, run.start - 12), run.start):
        return False
    return bool(_PERSON_BEFORE.search(text, max(0, run.start - 40), run.start) or _PERSON_AFTER.match(text, run.end))


def _capital_before(piece: Piece | None) -> bool:
    return piece is not None and piece.hit is not None and bool(piece.hit.entry.stands_for)


def _named_organization(text: str, piece: Piece | None) -> bool:
    """Whether ``piece`` is a known organisation named by its head noun, which the run extends.

    "Progressive" before "Conservative Party" names another party.
    """
    if piece is None or piece.hit is None or piece.link != SPACE:
        return False
    kind = piece.hit.entry.actor_type
    return kind in ("organization", "government body") and text[piece.start : piece.end].split()[-1] in ORG_HEADS


def owned(owner: str, name: str) -> str:
    """Return the canonical name of a role or body that belongs to ``owner``: "Israel's Defense Minister"."""
    return f"{owner}' {name}" if owner.endswith("s") else f"{owner}'s {name}"


def _person(text: str, start: int, end: int, absorbs: Hit | None = None) -> Found:
    return Found(start, end, "person", written(text, start, end), "", (absorbs,) if absorbs else ())


def _given_name_hit(text: str, piece: Piece | None) -> bool:
    """Whether ``piece`` is a place name that is also a given name ("Jordan" in "Jordan Peterson")."""
    if piece is None or piece.hit is None or piece.hit.entry.actor_type not in ("country", "location"):
        return False
    return is_given_name(text[piece.start : piece.end])


def _surname_hit(text: str, piece: Piece | None) -> bool:
    """Whether ``piece`` is a one-word place name right after a given name ("Denzel Washington")."""
    if piece is None or piece.hit is None or piece.link != SPACE:
        return False
    return piece.hit.entry.actor_type in ("country", "location") and " " not in text[piece.start : piece.end]


def _role(text: str, title: tuple[Token, ...], owner: Entry) -> list[Found]:
    if len(title) == 1 and title[0].text in PERSONAL_TITLES:
        return []
    name = owned(owner.actor, written(text, title[0].start, title[-1].end))
    return [Found(title[0].start, title[-1].end, "role", name, owner.code)]


_CAMPUS_HEADS = frozenset(["College", "University", "School"])


def _city_after(piece: Piece | None) -> bool:
    """Whether ``piece`` is a city written right after a name ("College London")."""
    if piece is None or piece.hit is None or piece.link != SPACE:
        return False
    entry = piece.hit.entry
    return bool(entry.stands_for) or entry.actor_type == "location"


def _common_owner(run: Piece, before: Piece | None) -> bool:
    """Whether ``run`` is owned by a capitalised ordinary word, which names no owner but the body itself.

    "People's Party", "Korvex People's Party", "Women's League": the treebanks write the word
    before the possessive in lower case; "Korvex's board" and "Israel's Defense Ministry" have owners.
    """
    if run.link != POSSESSIVE or before is None or before.hit is not None or not before.tokens:
        return False
    return ordinary_word(before.tokens[-1].text.lower())


def _organization(
    text: str, run: Piece, head: str, owner: Entry | None, before: Piece | None, after: Piece | None
) -> list[Found]:
    start, end, absorbs = run.start, run.end, []
    if after is not None and after.hit is not None and (after.link or "").strip() in ("of", "for", "of the", "for the"):
        end = after.end
        absorbs.append(after.hit)
    elif head in _CAMPUS_HEADS and run.tokens[-1].text == head and _city_after(after):
        end = after.end  # "Imperial College London": the city names the college
        absorbs.append(after.hit)
        if run.link == POSSESSIVE and before is not None and before.hit is None:
            start = before.start  # "King's College London"
    # A place written before the head is part of the name ("Africa Corps"), unless it owns it ("Gaza's").
    place = owner is not None and owner.actor_type == "location" and run.link == SPACE
    if owner is not None and head in GOVERNMENT_HEADS and not place:
        name = owned(owner.actor, written(text, start, end))
        return [Found(start, end, "organization", name, owner.code, tuple(absorbs))]
    if owner is not None and run.link == SPACE and text[before.end] != "-":
        start = before.start
        absorbs.append(before.hit)
    words = len(run.tokens) + len(absorbs)
    if _common_owner(run, before):  # "People's Party", "Fishermen's Association": the owner is in the name
        start, words = before.start, words + len(before.tokens)
    if words < 2:
        return []
    return [Found(start, end, "organization", written(text, start, end), "", tuple(absorbs))]
