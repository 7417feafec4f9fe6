"""Actor mentions of a batch of articles: dictionary names and names read by shape, one canonical actor each.

Each article is read in one pass of the dictionary's multi-pattern matcher and one pass of
a regular expression over its capitalised words (:mod:`workbench.actors.shapes`), with the
names a name finder found added where the rules found none; :mod:`workbench.actors.canonical`
then gives each mention its one canonical actor (dictionary aliases, people folded within the
article, acronyms spelt out once).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

import pandas as pd

from workbench import schema
from workbench.actors import context, shapes
from workbench.actors.candidates import Intervals
from workbench.actors.canonical import Mention, fold, hit_mention, people, short_forms
from workbench.actors.dictionary import ActorDictionary, Hit, demonyms, is_given_name, shipped
from workbench.actors.features import Document
from workbench.actors.model import Kind, Name
from workbench.actors.ner import Finder, finder
from workbench.lexicon import (
    LEGAL_FORMS,
    NAME_SUFFIXES,
    ORG_HEADS,
    TITLE_HEADS,
    TITLE_QUALIFIERS,
    ordinary_word,
    word_set,
)


def article_mentions(
    text: str, dictionary: ActorDictionary, names: Sequence[Name] = (), hits: list[Hit] | None = None
) -> list[Mention]:
    """Return the actor mentions of one article's text, in order of position.

    ``names`` are the names a name finder found in the article; each counts where the rules
    found no actor, and goes through the same canonical naming. ``hits`` are the dictionary's
    names in the text, when already found; the names the text writes in capitals are added to
    them (:meth:`~workbench.actors.dictionary.ActorDictionary.with_capitals`).
    """
    hits = dictionary.with_capitals(text, dictionary.hits(text) if hits is None else hits)
    hit_ends = [hit.end for hit in hits]
    found: list[shapes.Found] = []
    for chunk in shapes.chunks(text):
        pieces = shapes.pieces(chunk, hits, bisect_right(hit_ends, chunk[0].start))
        for i, piece in enumerate(pieces):
            if piece.tokens:
                before = pieces[i - 1] if i else None
                after = pieces[i + 1] if i + 1 < len(pieces) else None
                found.extend(shapes.read(text, piece, before, after))
    if names:
        found = _with_learned(text, found, _learned(text, names, hits, found))
    tables = context.teams(text, hits, [item for item in found if item.kind == "person"])
    tables += context.players(text, hits, found)
    if tables:
        spans = Intervals((item.start, item.end) for item in tables)
        found = [item for item in found if not spans.overlaps(item.start, item.end)] + tables
    openings = context.role_openings(text, found)
    if openings:  # "Striker Erling Haaland is fit": the role is no part of the name the shapes left open
        opened = Intervals((item.start, item.end) for item in openings)
        found = [item for item in found if item.kind != "candidate" or not opened.overlaps(item.start, item.end)]
        found += openings
    read = [(item.start, item.end) for item in found if item.kind != "loose"]
    found += context.bodies(text, Intervals([*((hit.start, hit.end) for hit in hits), *read]))
    absorbed = {hit.start for item in found for hit in item.absorbs}
    mentions = [hit_mention(text, hits, i, dictionary) for i, hit in enumerate(hits) if hit.start not in absorbed]
    mentions += people(found, [h for h in hits if h.entry.actor_type == "person"], text)
    mentions += [_organisation(text, _listed(text, item)) for item in found if item.kind in ("role", "organization")]
    folded = fold(text, mentions, Mention, {text[hit.start : hit.end] for hit in hits})
    # one mention per span: "shares in Halvorsen" is read as a body, and as the person another
    # sentence's "Halvorsen said" makes of it, which the words around it then make a body too
    first: dict[tuple[int, int], Mention] = {}
    for mention in folded:
        first.setdefault((mention.start, mention.end), mention)
    return context.organisations(text, short_forms(text, list(first.values()), Mention), Mention)


def _organisation(text: str, item: shapes.Found) -> Mention:
    """Return the mention of a role or organisation the rules or the name finder read.

    An organisation whose name is a company of the dictionary, then only company words (heads
    and legal forms: "Tesla Inc.", "Siemens AG") is that company, so the article's later "Tesla"
    is the same actor.
    """
    first = item.absorbs[0] if item.absorbs else None
    if item.kind == "organization" and first is not None and first.start == item.start:
        rest = text[first.end : item.end].split()
        if first.entry.actor_type == "organization" and rest and all(_company_word(word) for word in rest):
            return Mention(item.start, item.end, first.entry.actor, "organization", first.entry.code)
    return Mention(item.start, item.end, item.name, item.kind, item.code)


_LISTED = re.compile(r"(?:, [A-Z][a-z]+)+,? and [A-Z][a-z]+\b")
"""More fields after the first one an organisation's name is "of" ("of Economy, Trade and Industry")."""


def _listed(text: str, item: shapes.Found) -> shapes.Found:
    """Return an organisation whose name ends "of" a field with the fields listed after it.

    "The Ministry of Economy, Trade and Industry said": the name goes on after its comma. Each
    field is one capitalised word the treebanks write in lower case ("Trade", "Industry"), so a
    list of names after a body ("the Ministry of Defence, Ann Ray and Tom Hale") is not taken in.
    """
    if item.kind != "organization" or " of " not in item.name:
        return item
    tail = _LISTED.match(text, item.end)
    if tail is None or not all(ordinary_word(word.lower()) for word in re.findall(r"[A-Z][a-z]+", tail.group())):
        return item
    return item._replace(end=tail.end(), name=f"{item.name}{tail.group()}")


def _company_word(word: str) -> bool:
    """Whether ``word`` is a head of organisations' names, in the singular too, or a legal form.

    "Motors", "Motor" ("Toyota Motor Corp."), "Group", "Corp.", "plc".
    """
    return word in ORG_HEADS or f"{word}s" in ORG_HEADS or word.lower() in LEGAL_FORMS


_KINDS = {Kind.PERSON: "person", Kind.ORGANIZATION: "organization"}
"""Learned names that become actors. Places the dictionary does not know (streets, towns, parks) are
where things happen, not who acts: the countries, capitals and regions that act are in the dictionary."""
_READ_KINDS = frozenset(["person", "role", "organization", "thing"])
"""What the rules read with confidence; a learned name never overrides them."""
_TITLE_WORDS = TITLE_HEADS | TITLE_QUALIFIERS
_PEOPLE_WORDS = word_set("speaker_nouns.txt", "roles", "groups")
"""Nouns for people ("Negotiators from the two sides left"): capitalised at a sentence's start, still no name."""
_JOINING = word_set("name_words.txt", "joining")
"""Words that join a title's parts ("Minister for the Middle East"), never a person's name's."""


def _learned(
    text: str, names: Sequence[Name], hits: Sequence[Hit], found: Sequence[shapes.Found]
) -> list[shapes.Found]:
    """Return the learned names the rules left open, as items read from the text.

    A name that overlaps what the rules read is left to the rules; one that cuts a dictionary
    name is dropped; one that holds dictionary names whole takes them in ("Friends of the Baltic
    Sea"). A person's title is not part of the name ("Dr. Ana Ruiz" is "Ana Ruiz").
    """
    read = Intervals((item.start, item.end) for item in found if item.kind in _READ_KINDS)
    starts = [hit.start for hit in hits]
    out = []
    for name in names:
        if name.kind not in _KINDS or read.overlaps(name.start, name.end) or _ordinary_words(text, name):
            continue
        if _shouted_words(text, name) or _people_opening(text, name):
            continue
        if _PARTY_AND_STATE.fullmatch(text, name.start, name.end):
            continue  # "Sen. Tom Hale, R-Texas,": a politician's party and state, not a body of its own
        k = bisect_right(starts, name.start) - 1
        near = hits[max(k, 0) : bisect_right(starts, name.end)]
        overlapping = [hit for hit in near if hit.start < name.end and name.start < hit.end]
        inside = [hit for hit in overlapping if name.start <= hit.start and hit.end <= name.end]
        if len(inside) < len(overlapping):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (name.start, name.end):
            continue
        start = _after_title(text, name.start, name.end, inside) if name.kind is Kind.PERSON else name.start
        if start < name.end:
            named = _actor_name(shapes.written(text, start, name.end))
            kind = "organization" if _named_after_a_place(named, name, inside) else _KINDS[name.kind]
            out.append(shapes.Found(start, name.end, kind, named, "", tuple(inside)))
    return out


_PLACES = frozenset({"location", "country"})


def _named_after_a_place(named: str, name: Name, inside: Sequence[Hit]) -> bool:
    """Whether a learned person's name ends with a place and does not open with a given name: a club or company.

    "Ajax Amsterdam", "Dynamo Kyiv": a person is rarely named after a city, and a person who is
    ("Jack London", "George Washington") opens with a given name.
    """
    last = inside[-1] if inside else None
    return (
        name.kind is Kind.PERSON
        and last is not None
        and last.end == name.end
        and last.start > name.start
        and last.entry.actor_type in _PLACES
        and named.split()[-1] not in demonyms()  # "Native Americans" are people
        and not is_given_name(named.split()[0])
    )


_PARTY_AND_STATE = re.compile(r"[RDI]-[A-Z][A-Za-z.]*")
"""A US politician's party and state as news abbreviates them ("R-Texas", "D-Calif.", "I-Vt.")."""


def _ordinary_words(text: str, name: Name) -> bool:
    """Whether a learned name is ordinary words in lower case where the writer capitalises names.

    "Republicans argued the bill was ...": the finder, which learned lower-case names from social
    media, may read "bill" as a person. It is none when every word of it is one the treebanks
    write in lower case more often than capitalised, and the sentence it stands in opens with a
    capital: its writer capitalises. "max and jen are looking for you" keeps "max"; a lower-case
    name with a word the treebanks rarely write so ("barack obama") stays.
    """
    written = text[name.start : name.end]
    if not written.islower() or not all(ordinary_word(word) for word in written.split()):
        return False
    floor = max(0, name.start - SENTENCE_REACH)
    boundary = max(text.rfind(mark, floor, name.start) for mark in (". ", "? ", "! ", "\n"))
    if boundary < 0 and floor > 0:
        return False  # no sentence start near: nothing known of how the writer writes
    first = next((ch for ch in text[boundary + 1 : name.start] if ch.isalnum()), "")
    return first.isupper()


def _shouted_words(text: str, name: Name) -> bool:
    """Whether a learned person's name stands in a headline in capitals, and nowhere as names are written.

    "KORVEX SHARES SLUMP AFTER PROFIT WARNING": in a line of capitals every word looks like a name,
    and the finder may read "SLUMP" as a person. A story below such a headline names its people in
    capitals and small letters: a person it never writes so is none ("MERKEL SAYS" keeps "MERKEL"
    when the story names "Merkel"). Text written all in capitals (a shouted post) keeps its names,
    and so does an acronym, an organisation's.
    """
    written = text[name.start : name.end]
    if name.kind is not Kind.PERSON or not written.isupper() or written.title() in text:
        return False
    start, end = text.rfind("\n", 0, name.start) + 1, text.find("\n", name.end)
    line = text[start : end if end >= 0 else len(text)]
    return not any(char.islower() for char in line) and any(char.islower() for char in text)


def _people_opening(text: str, name: Name) -> bool:
    """Whether a learned name is a noun for people that opens a sentence ("Negotiators from both sides left").

    Its capital says where it stands, not that it is a name; inside a sentence a capitalised
    "Conservatives" may be a party.
    """
    if text[name.start : name.end].lower() not in _PEOPLE_WORDS:
        return False
    before = text[max(0, name.start - 8) : name.start].rstrip(" \t\"“'‘")  # a few characters: a sentence's end
    return not before or before[-1] in ".!?\n"


SENTENCE_REACH = 400
"""Characters read back from a name for the start of its sentence."""


def _actor_name(written: str) -> str:
    """Return the actor a learned name stands for, so it folds with the name written as usual.

    A hashtag stands for its word ("#Halvorsen" is Halvorsen), a name written all in lower case
    for the name capitalised ("ilse marquardt" is Ilse Marquardt); the surface keeps the text.
    """
    name = written.removeprefix("#")
    return name.title() if name.islower() else name


def _after_title(text: str, start: int, end: int, inside: Sequence[Hit] = ()) -> int:
    """Return where a person's name starts once the title it opens with is skipped.

    A name that opens with a title word loses everything up to its last title or joining word
    that has a name after it, and the dictionary names right after that word: "Dr. Ana Ruiz",
    "Foreign Office Minister Tobias Ellwood" and "Minister for the Middle East Tobias Ellwood"
    give the names at their ends; a name of title words alone gives none ("Mr. President").
    Inside a name that opens otherwise a title word is a name's ("Muhammed Sheikh Khalil").
    """
    opening = text[start:end].split(maxsplit=1)  # the first word, as the words below (most names: no title)
    if not opening or opening[0] not in _TITLE_WORDS:
        return start
    words = [(start + word.start(), word.group()) for word in re.finditer(r"\S+", text[start:end])]
    first = len(words)
    for k, (_, word) in enumerate(words):
        rest = [later for _, later in words[k + 1 :] if later not in NAME_SUFFIXES]
        if word in _TITLE_WORDS or word in _JOINING:
            if not rest or not rest[0][:1].isupper() or all(later in _TITLE_WORDS for later in rest):
                continue
            first = k + 1
    position = words[first][0] if first < len(words) else end
    for hit in inside:
        if hit.start == position:
            position = next((at for at, _ in words if at > hit.end), end)
    return position


def _with_learned(text: str, found: list[shapes.Found], learned: list[shapes.Found]) -> list[shapes.Found]:
    """Return the rules' items with the learned names added; pairs and lone words they cover give way."""
    spans = Intervals((item.start, item.end) for item in learned)
    kept = [item for item in found if item.kind in _READ_KINDS or not spans.overlaps(item.start, item.end)]
    return kept + learned


MENTION_COLUMNS = ["article_id", "sentence_id", "actor", "actor_type", "surface", "start", "end", "code"]


BUILTIN = finder("builtin")
"""The shipped name finder, the default of :func:`find_mentions`."""


def find_mentions(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    dictionary: ActorDictionary | None = None,
    names: Finder | None = BUILTIN,
) -> pd.DataFrame:
    """Return the ``mentions`` table of a batch of articles.

    Parameters
    ----------
    articles
        An ``articles`` table (``article_id``, ``text``).
    sentences
        Its ``sentences`` table (``sentence_id``, ``article_id``, ``start``, ``end``).
    dictionary
        The actors to match; the shipped dictionary when omitted.
    names
        The name finder (see :func:`workbench.actors.ner.finder`): the shipped model by
        default, ``None`` for the dictionary and rules alone.

    Returns
    -------
    pandas.DataFrame
        The ``mentions`` table: ``article_id``, ``sentence_id``, ``actor``, ``actor_type``,
        ``surface``, ``start``, ``end`` (offsets into ``articles.text``, so
        ``text[start:end] == surface``) and ``code`` (ISO alpha-3 of the country, when known).
        A possessive "'s" is not part of the surface. Mentions are in text order.
    """
    dictionary = dictionary if dictionary is not None else shipped()
    spans: dict[str, list[tuple[int, int, str]]] = {}
    columns = (sentences[name].tolist() for name in ("article_id", "start", "end", "sentence_id"))
    for article, start, end, sentence in zip(*columns, strict=True):
        spans.setdefault(article, []).append((int(start), int(end), sentence))
    read = []
    batch = []
    for article, text in zip(articles["article_id"].tolist(), articles["text"].tolist(), strict=True):
        inside = sorted(spans.get(article, ()))
        if inside:
            read.append((article, inside))
            batch.append(Document(text, [span[:2] for span in inside], dictionary.hits(text)))
    learned = names(batch) if names is not None else [()] * len(read)
    rows = []
    for (article, inside), document, found in zip(read, batch, learned, strict=True):
        starts = [span[0] for span in inside]
        text = document.text
        for mention in article_mentions(text, dictionary, found, document.hits):
            k = bisect_right(starts, mention.start) - 1
            if k < 0 or mention.end > inside[k][1]:
                continue
            rows.append(
                (
                    article,
                    inside[k][2],
                    mention.actor,
                    mention.actor_type,
                    text[mention.start : mention.end],
                    mention.start,
                    mention.end,
                    mention.code,
                )
            )
    return schema.from_rows(rows, MENTION_COLUMNS, "mentions")
