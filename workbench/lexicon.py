"""The words every stage reads text with: the word lists of ``workbench/data/`` and the word tokenizers.

Word lists
    Every list of words the segmenter, the actors stage and the claims stage use lives in one
    plain-text file of ``workbench/data/`` and is read here, once per process:

    - ``abbreviations.txt``: abbreviations by how their period behaves, and prepositions (the
      segmenter; the word tokenizer keeps the abbreviations whole);
    - ``calendar.txt``: weekdays, months, seasons and holidays, written out and abbreviated;
    - ``titles.txt``, ``organisations.txt``, ``not_names.txt``, ``name_words.txt``: how news
      writes people's titles, organisations' head nouns, places and things, and the small words
      inside names;
    - ``stop_words.txt``: capitalised words that are never part of a name;
    - ``function_words.txt``: English function words by grammatical role;
    - ``speaker_nouns.txt``: lower-case nouns that name people, bodies, groups and documents;
    - ``speech_verbs.txt``: short lists of reporting verbs read after a name or a quotation
      (the claims stage's full list, with forms and complements, is the table ``cues.csv``);
    - ``hedges.txt``: hedging words and phrases, one per line;
    - ``junk_lines.txt``: regular expressions of page-junk lines, one per line (the cleaning
      rules, :func:`patterns`);
    - ``sentence_words.tsv``: how often words are written in lower case, capitalised inside a
      sentence and capitalised at its start, and how often abbreviations end one, counted from
      treebanks by ``python -m workbench.segmenting_stats`` (:func:`sentence_statistics`).

    The other files of ``workbench/data/`` are reached here too, so no module reads that folder
    itself: the actor dictionary's tables (``actors_countries.csv``, ``actors_entities.csv``,
    :func:`data_table`), the name finder's weights (``names_model.npz``, :func:`data_bytes`), the
    parser's weights (``parser_model.npz``, :func:`parser_weights`), and
    the paths of files written by commands or read by a reader an analyst also uses (the default
    codebook, :func:`data_path`).

    A file starts with ``#`` comment lines that say where its words come from; words are
    separated by white space (one a line or several); an optional ``[section]`` line starts a
    named list. :func:`word_set` and :func:`word_list` return the words of some or all sections.

Tokenizers
    :data:`TOKEN` cuts a sentence into words and single punctuation marks, keeping "U.S.",
    "Mr.", "Corp.", "Israel's" and "officials'" whole; the claims grammar reads sentences with it.
    :func:`name_tokens` cuts finer, splitting a possessive "'s" from its word and keeping only
    short abbreviations before a capital: the name finder reads candidate names with it, and its
    shipped weights were trained on these tokens, so the two cannot become one without
    retraining the model and changing which claims are found.

    Two regular expressions elsewhere look at words without being word tokenizers, and stay in
    their modules: the segmenter's boundary finder (``workbench/segmenting.py``: end marks and
    what follows them) and the actors' capitalised-chunk finder (``workbench/actors/shapes.py``:
    runs of capitalised words and their joining words).
"""

from __future__ import annotations

import functools
import io
import pathlib
import re
from importlib.resources import files
from typing import NamedTuple

import numpy as np
import pandas as pd


def data_text(name: str) -> str:
    """Return the text of the data file ``workbench/data/<name>``."""
    return (files("workbench") / "data" / name).read_text(encoding="utf-8")


def data_bytes(name: str) -> bytes:
    """Return the bytes of the data file ``workbench/data/<name>`` (the name finder's weights)."""
    return (files("workbench") / "data" / name).read_bytes()


def parser_weights() -> dict[str, np.ndarray]:
    """Return the arrays of the dependency parser's weights file ``parser_model.npz``, by name."""
    with np.load(io.BytesIO(data_bytes("parser_model.npz"))) as data:
        return {name: data[name] for name in data.files}


def data_table(name: str) -> pd.DataFrame:
    """Return the CSV data file ``workbench/data/<name>`` as text columns, ``#`` lines left out (the actor tables)."""
    return pd.read_csv(io.StringIO(data_text(name)), dtype=str, keep_default_na=False, comment="#")


def data_path(name: str) -> pathlib.Path:
    """Return where the data file ``workbench/data/<name>`` is on disk.

    For the commands that write generated data (the name finder's weights, the treebank word
    counts) and for files an analyst's own reader also takes (the default codebook); the word
    lists are read with the functions of this module.
    """
    return pathlib.Path(str(files("workbench") / "data" / name))


@functools.cache
def _sections(name: str) -> dict[str, tuple[str, ...]]:
    """Return the lines of a word-list file by section (``""`` before any header), comments and blanks left out."""
    sections: dict[str, list[str]] = {"": []}
    lines = sections[""]
    for raw in data_text(name).splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            lines = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#"):
            lines.append(line)
    return {section: tuple(lines) for section, lines in sections.items()}


@functools.cache
def patterns(name: str) -> tuple[str, ...]:
    """Return the lines of a file of regular expressions, one per line, comments and blanks left out.

    Unlike a word list, such a file has no sections: a line in square brackets is a pattern (a
    character class such as ``[«‹←]``), not a section header.
    """
    lines = (raw.strip() for raw in data_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def phrases(name: str, *sections: str) -> tuple[str, ...]:
    """Return the lines of ``sections`` of a word-list file (every section when none is named), in file order.

    A line is one entry, spaces included ("appears to").

    Raises
    ------
    KeyError
        When the file has no such section: the shipped file and the code that reads it disagree.
    """
    found = _sections(name)
    missing = [section for section in sections if section not in found]
    if missing:
        raise KeyError(f"workbench/data/{name} has no section {missing[0]!r}; it has {sorted(found)}")
    return tuple(line for section in sections or found for line in found[section])


def word_list(name: str, *sections: str) -> tuple[str, ...]:
    """Return the words of ``sections`` of a word-list file (every section when none is named), in file order.

    Examples
    --------
    >>> word_list("calendar.txt", "weekdays")[:2]
    ('Monday', 'Tuesday')
    """
    return tuple(word for line in phrases(name, *sections) for word in line.split())


@functools.cache
def word_set(name: str, *sections: str) -> frozenset[str]:
    """Return the words of ``sections`` of a word-list file (every section when none is named) as a set.

    Examples
    --------
    >>> "Gen." in word_set("titles.txt", "heads", "personal")
    True
    """
    return frozenset(word_list(name, *sections))


NEVER, ENDING, NUMBER = "never", "ending", "number"
"""How an abbreviation's period behaves: it never ends a sentence, it may, or the word is one only before a number."""


@functools.cache
def abbreviations(kind: str) -> frozenset[str]:
    """Return the abbreviations of one ``kind`` (:data:`NEVER`, :data:`ENDING` or :data:`NUMBER`), without their period.

    They are the sections of ``abbreviations.txt``; the abbreviated weekdays and months of
    ``calendar.txt`` are of kind :data:`ENDING` ("on Sept. 3", "... by Oct. The talks").
    """
    words = word_set("abbreviations.txt", kind)
    if kind == ENDING:
        words |= word_set("calendar.txt", "weekday_abbreviations", "month_abbreviations")
    return words


class WordCounts(NamedTuple):
    """How a word is written: in lower case inside a sentence, capitalised inside one, capitalised opening one."""

    lower: int
    capital: int
    start: int


class AbbreviationCounts(NamedTuple):
    """How often an abbreviation ends its sentence, and how often a capitalised word follows it inside one."""

    ends: int
    before_capital: int


CAPITALS = "CAPITALS"
"""The row of :func:`sentence_statistics` that counts every word written in capitals ("NATO", "U.S.") together."""
INITIALS = "INITIALS"
"""The row of :func:`sentence_statistics` that counts every initial ("J.", "K.") together."""


def abbreviation_key(word: str) -> str:
    """Return the row of an abbreviation (without its final period) in :func:`sentence_statistics`.

    Examples
    --------
    >>> abbreviation_key("U.S"), abbreviation_key("K"), abbreviation_key("c")
    ('u.s', 'INITIALS', 'c')
    """
    return INITIALS if len(word) == 1 and word.isupper() else word.lower()


class SentenceStatistics(NamedTuple):
    """Counts learned from hand-segmented text: per word (lower case), per abbreviation (no final period)."""

    words: dict[str, WordCounts]
    abbreviations: dict[str, AbbreviationCounts]


@functools.cache
def sentence_statistics() -> SentenceStatistics:
    """Return the counts of ``sentence_words.tsv`` (written by ``python -m workbench.segmenting_stats``), read once.

    Examples
    --------
    >>> sentence_statistics().words["the"].lower > sentence_statistics().words["the"].capital
    True
    """
    rows = {section: [line.split("\t") for line in lines] for section, lines in _sections("sentence_words.tsv").items()}
    return SentenceStatistics(
        {key: WordCounts(*map(int, counts)) for key, *counts in rows["words"]},
        {key: AbbreviationCounts(*map(int, counts)) for key, *counts in rows["abbreviations"]},
    )


def ordinary_word(word: str) -> bool:
    """Whether the treebanks read ``word`` (any case) as an ordinary word, not a name.

    Inside sentences it is written in lower case more often than capitalised, or it was seen
    only opening them ("Furthermore"). A word they never saw is not known to be ordinary.

    Examples
    --------
    >>> ordinary_word("Chapter"), ordinary_word("Obama")
    (True, False)
    """
    seen = sentence_statistics().words.get(word.lower())
    return seen is not None and (seen.lower > seen.capital or (seen.capital == 0 and seen.start > 0))


def alternation(entries: list[str]) -> str:
    """Return a regular expression matching any of ``entries``, as a trie ("sa(?:id|ys?)").

    Python's ``re`` tries the branches of a flat alternation one by one at every position; a trie
    tests one character per branch level, several times faster on long lists. A space in an entry
    matches any run of white space.

    Examples
    --------
    >>> alternation(["said", "says", "say"])
    'sa(?:id|y(?:s)?)'
    """
    root: dict[str, dict] = {}
    for entry in entries:
        node = root
        for char in " ".join(entry.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(root)


def _trie(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _token_abbreviations() -> frozenset[str]:
    """Return the capitalised abbreviations whose period belongs to the word ("Mr.", "Corp.", "Calif.", "No.").

    They are the segmenter's abbreviations, so the tokenizer and the segmenter agree on what "Sen."
    or "Co." is. Lower-case entries ("etc", "km") never start a name and are left to the plain word
    branch, except those abbreviated before a number, which are kept capitalised ("No.", "Art.").
    """
    listed = [
        word for kind in (NEVER, ENDING, NUMBER) for word in abbreviations(kind) if len(word) > 1 and word.isalpha()
    ]
    before_number = abbreviations(NUMBER)
    return frozenset(
        word if word[0].isupper() else word.capitalize()
        for word in listed
        if word[0].isupper() or word in before_number
    )


TOKEN = re.compile(
    rf"(?=[A-Za-z]\.)(?:(?:[A-Za-z]\.){{2,}}|[A-Z]\.(?=\s+[A-Z]))"
    rf"|(?=[A-Z]){alternation(sorted(_token_abbreviations()))}\."
    r"|\w+(?:[-'’.&]\w+)*(?:(?<=s)['’](?!\w))?|[^\w\s]"
)
"""Words (with "U.S.", "Mr.", "Corp.", "Israel's", "officials'" kept whole) and single punctuation marks.

The lookaheads send a plain word straight to the last branches: dotted forms ("U.S.", an initial)
start with a letter and a period, abbreviations with a capital; ordinary words pay for neither.
"""
SPACED_TOKEN = re.compile(rf"(\s*)({TOKEN.pattern})")
"""A token and the white space before it: every character that is not white space is in a token,
so ``findall`` yields the text piece by piece and the offsets follow from the lengths."""

_NAME_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[A-Z][a-z]{0,3}\.(?=\s+[A-Z])|\w+(?:[-'’](?![sS]\b)\w+)*|['’][sS]\b|\S")
"""Words (hyphens and inner apostrophes kept: "Yiu-chung", "O'Brien"), dotted initials ("U.S."),
an initial or short abbreviation before a capital ("J. Fillmore", "Dr. Bailey", "St. Louis"), a
possessive "'s" and any other single character."""


_SPACED_NAME_TOKEN = re.compile(rf"(\s*)({_NAME_TOKEN.pattern})")
"""A name-finder token with the white space before it (the pattern reads every other character)."""


class Token(NamedTuple):
    """A token of a sentence: ``text[start:end]``."""

    start: int
    end: int
    text: str


def name_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens the name finder reads in ``text[start:end]``, with offsets into ``text``.

    Examples
    --------
    >>> [token.text for token in name_tokens("Dr. O'Brien's visit to the U.S.")]
    ['Dr.', "O'Brien", "'s", 'visit', 'to', 'the', 'U.S.']
    """
    stop = len(text) if end is None else end
    out = []
    at = start
    # One findall of (space, token) pairs: offsets from their lengths, no match object per token.
    for space, word in _SPACED_NAME_TOKEN.findall(text, start, stop):
        at += len(space)
        out.append(Token(at, at + len(word), word))
        at += len(word)
    return out


# The words names are read with: a title before a name makes a person, a title alone after a
# country makes a role, a head noun at the end of a capitalised phrase makes an organisation,
# and function words, weekdays and months that happen to be capitalised are never actors. The
# name finder's shipped weights were trained with these sets, so a change to them changes its
# features (and its fingerprint).

TITLE_HEADS = word_set("titles.txt", "heads", "personal")
"""Words that end a title: "Prime *Minister*", "Secretary of *State*" ends at its head "Secretary"."""
PERSONAL_TITLES = word_set("titles.txt", "personal")
"""Titles that only address a person; alone they name no role."""
TITLE_QUALIFIERS = word_set("titles.txt", "qualifiers")
"""Words that may stand inside a title: "*Defense* Minister", "Secretary of *State*"."""
ORG_HEADS = word_set("organisations.txt")
"""Words that end an organisation's name: "Ministry of Defense", "Institute for the Study of War"."""
GOVERNMENT_HEADS = word_set("organisations.txt", "government")
"""Organisation heads that belong to a state: "Israel's Defense Ministry" is Israel's own ministry."""
NOT_NAMES = word_set("not_names.txt")
"""Words that make a capitalised phrase a place, event or thing, never a person."""
NAME_PARTICLES = word_set("name_words.txt", "particles")
"""Lower-case words that may stand inside a person's name: "Ursula von der Leyen"."""
CONNECTORS = word_set("name_words.txt", "joining", "particles")
"""Lower-case words that may join capitalised words into one name: "Ministry of Foreign Affairs"."""
NAME_SUFFIXES = word_set("name_words.txt", "suffixes")
"""Suffixes after a surname that are not the surname."""
STOP_WORDS = word_set("stop_words.txt") | word_set("calendar.txt")
"""Capitalised words that are never part of an actor's name (sentence openers, weekdays, months)."""
LOCATIVES = word_set("function_words.txt", "locatives")
"""Prepositions after which a capital city is a place ("in Damascus"), not its government."""
PERSON_NOUNS = word_set("speaker_nouns.txt", "appositive")
"""Lower-case nouns before or after a capitalised pair that make it a person ("its founder, Oskar Brandt")."""
LEGAL_FORMS = frozenset(phrases("legal_forms.txt"))
"""Companies' legal forms in lower case, as written after a name ("Orrin Metals Ltd", "Halden Bank AG")."""
FREQUENT_SURNAMES = word_set("name_gazetteer.txt", "surnames_frequent")
"""The most frequent surnames (1990 US Census), in lower case."""
SURNAMES = word_set("name_gazetteer.txt", "surnames")
"""Less frequent surnames (1990 US Census), in lower case."""
GIVEN_NAMES = word_set("name_gazetteer.txt", "given")
"""Every given name of the 1990 US Census files, in lower case (the rules' shorter list is ``given_names.txt``)."""
