"""The words claims are found with: reporting cues and hedges (data files) and English function words.

Cues and hedges live in ``workbench/data/cues.csv`` and ``workbench/data/hedges.txt`` so they can be
extended without touching code; the small closed classes (determiners, auxiliaries, pronouns...)
are constants here. Every pattern is compiled once, on first import.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
from typing import NamedTuple


class Cue(NamedTuple):
    """What a reporting verb form means and needs.

    ``complement`` is ``"clause"`` for verbs that only report when a clause or quote follows
    ("added that", not "added two sites"), ``"quote"`` for verbs that report only a quoted label
    ("called the plan "reckless"", not "a town called Gao"); ``noun`` marks forms that are also common nouns
    ("claims", "a warning"), which need stronger evidence of a speaker.
    """

    lemma: str
    needs_clause: bool
    needs_quote: bool
    noun: bool
    hedged: bool
    participle: bool


ACCORDING_TO = "according to"


def _data_file(name: str) -> str:
    return (importlib.resources.files("workbench") / "data" / name).read_text(encoding="utf-8")


def _read_cues() -> dict[str, Cue]:
    """Map each cue as written (lower case, single spaces) to its :class:`Cue`."""
    cues: dict[str, Cue] = {}
    lines = [line for line in _data_file("cues.csv").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines):
        _, *particle = row["lemma"].split()
        nouns = set(row["noun_forms"].split())
        for form in row["forms"].split():
            surface = " ".join([form, *particle])
            cues[surface] = Cue(
                lemma=row["lemma"],
                needs_clause=row["complement"] == "clause",
                needs_quote=row["complement"] == "quote",
                noun=form in nouns,
                hedged=row["hedged"] == "yes",
                participle=form.endswith("ing"),
            )
    return cues


CUES: dict[str, Cue] = _read_cues()
"""Every reporting verb form with its particle ("said", "have called for" is "called for")."""


def _alternation(phrases: list[str]) -> str:
    """Return a regular expression matching any of ``phrases``, as a trie ("sa(?:id|ys?)").

    Python's ``re`` tries the branches of a flat alternation one by one at every position; a trie
    tests one character per branch level, several times faster on long lists. A space in a phrase
    matches any run of white space.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(root)


def _char(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _trie(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


CUE_PATTERN = re.compile(rf"(?<![\w'’-]){_alternation([*CUES, ACCORDING_TO, ACCORDING_TO.capitalize()])}(?![\w'’-])")
"""One pass over a sentence finds every cue; sentences without a match are never looked at again."""


def _read_hedges() -> list[str]:
    lines = (line.strip() for line in _data_file("hedges.txt").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


HEDGES = _read_hedges()
HEDGE_PATTERN = re.compile(rf"(?<![\w'’-]){_alternation(HEDGES)}(?![\w'’-])")
HEDGE_START = re.compile(rf"[\"“‘']?{_alternation([h.capitalize() for h in HEDGES if h != 'may'])}(?![\w'’-])")
"""Hedges in lower case anywhere (``search``), capitalised at the start of a sentence (``match``; not "May")."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN_ABBREVIATION_SECTIONS = frozenset({"never", "ending", "number"})


def _read_abbreviations() -> frozenset[str]:
    """Return the capitalised abbreviations whose period belongs to the word ("Mr.", "Corp.", "Calif.").

    They are the words of the sentence segmenter's ``workbench/data/abbreviations.txt`` (titles that
    never end a sentence; suffixes, states and months that may; words abbreviated before a number,
    such as "No."), so the claims tokenizer and the segmenter agree on what "Sen." or "Co." is.
    Lower-case entries ("etc", "km") never start a name and are left to the plain word branch.
    """
    words, section = set(), ""
    for raw in _data_file("abbreviations.txt").splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif section in _TOKEN_ABBREVIATION_SECTIONS and len(line) > 1 and line.isalpha():
            if line[0].isupper():
                words.add(line)
            elif section == "number":
                words.add(line.capitalize())
    return frozenset(words)


ABBREVIATIONS = _read_abbreviations()
"""Titles, company suffixes, states and months whose period belongs to the word ("Mr.", "Corp.")."""
TOKEN = re.compile(
    rf"(?=[A-Za-z]\.)(?:(?:[A-Za-z]\.){{2,}}|[A-Z]\.(?=\s+[A-Z]))|(?=[A-Z]){_alternation(sorted(ABBREVIATIONS))}\."
    r"|\w+(?:[-'’.&]\w+)*(?:(?<=s)['’](?!\w))?|[^\w\s]"
)
"""Words (with "U.S.", "Mr.", "Corp.", "Israel's", "officials'" kept whole) and single punctuation marks.

The lookaheads send a plain word straight to the last branches: dotted forms ("U.S.", an initial)
start with a letter and a period, abbreviations with a capital; ordinary words pay for neither.
"""
SPACED_TOKEN = re.compile(rf"(\s*)({TOKEN.pattern})")
"""A token and the white space before it: every character that is not white space is in a token,
so ``findall`` yields the text piece by piece and the offsets follow from the lengths."""

AUXILIARIES = _words(
    "has have had having will would could should can may might must shall did does do is are was were be been being am"
)
BE_FORMS = _words("is are was were be been being am")
HEDGING_AUXILIARIES = _words("may might could")
ADVERBS = _words(
    "also not never already still again now then later earlier once often just first further "
    "since long even previously recently repeatedly publicly privately reportedly separately"
)
NOT_ADVERBS = _words("family ally assembly supply rally monopoly reply anomaly july italy")
DETERMINERS = _words(
    "the a an some many several most few both all these those this his her their its our my your "
    "each every other another any no one two three four five six seven eight nine ten dozens "
    "hundreds thousands"
)
LINKS = _words("of in for from at")
"""Prepositions that may join two parts of one speaker ("Conservatives in the U.S.")."""
PRONOUNS = _words("he she they we i it")
STOP = _words(
    "that which who whom whose what while but and or nor because as when whenever after before if "
    "although though since so whereas where however meanwhile yet moreover additionally instead "
    "despite without against into over under about through during amid amidst among toward towards "
    "between by on with to via per than like upon within across behind beyond near not there here "
    "also only even just then now thus hence therefore indeed overall still why how"
)
"""Words that never belong to a speaker's noun phrase."""
CLAUSE_OPENERS = _words(
    "that while but and or because as when after before if although though since so whereas where "
    "however meanwhile yet moreover additionally instead also now then still overall indeed thus "
    "today yesterday tonight earlier later recently ago week month year weekend morning afternoon "
    "evening night monday tuesday wednesday thursday friday saturday sunday january february march "
    "april june july august september october november december"
)
"""Words after which a new clause (and so a new subject) may start without a comma."""
PERSON_ROLES = _words(
    "spokesperson spokesman spokeswoman minister president premier chancellor secretary senator "
    "lawmaker legislator representative congressman congresswoman governor mayor ambassador envoy "
    "diplomat negotiator official officer commander general colonel chief executive chairman "
    "chairwoman chair director head adviser advisor aide deputy manager owner founder judge justice "
    "prosecutor lawyer attorney commissioner inspector analyst economist expert strategist researcher "
    "scientist professor doctor physician coach captain player candidate leader activist campaigner "
    "witness resident author editor source monarch king queen prince pope cleric"
)
"""Roles of one person: "the minister said" is a person, and "he" or "she" may be the same one."""
BODY_NOUNS = _words(
    "company firm bank lender insurer airline carmaker retailer group organisation organization "
    "ministry department agency regulator commission council committee government administration "
    "cabinet parliament court tribunal police army military navy party union campaign coalition "
    "alliance federation league club university hospital network broadcaster newspaper embassy "
    "office authority board"
)
"""Bodies that speak as one: "the ministry said", "the company denied" (``it`` may refer to one)."""
STATE_BODIES = _words(
    "ministry department government administration cabinet embassy office authority agency regulator "
    "commission council committee parliament court tribunal police army military navy"
)
"""Bodies of a state: "the ministry" may be a government body or stand for its country."""
SPEAKER_GROUPS = _words(
    "officials analysts experts critics economists scientists researchers prosecutors lawyers "
    "diplomats leaders investors traders doctors authorities observers activists campaigners "
    "lawmakers legislators senators residents witnesses sources authors negotiators delegations "
    "spokespeople regulators aides rebels militants protesters demonstrators workers farmers voters "
    "employees staff troops forces police democrats republicans conservatives liberals supporters "
    "opponents members organisers organizers executives managers teachers students parents families "
    "villagers survivors refugees medics engineers"
)
"""Plural speakers that name no one in particular ("officials say", "critics argue")."""
DOCUMENT_NOUNS = _words("report study survey review analysis audit investigation poll assessment paper statement")
"""Documents that speak for their authors: "A report released on Monday by the WHO found that"."""
SPEAKER_NOUNS = PERSON_ROLES | BODY_NOUNS | SPEAKER_GROUPS | DOCUMENT_NOUNS
"""Lower-case nouns that are speakers often enough to accept a noun-like cue after them."""
ADVERBIAL_STARTS = _words(
    "in on at during after before earlier later last this late yesterday today monday tuesday wednesday thursday "
    "friday saturday sunday again also repeatedly publicly privately separately"
)
"""Words that start an adverbial between a cue and its "that" clause ("said on Tuesday that")."""
PARTICIPLE_OPENERS = _words("while after before when thereby and")
INTRODUCTIONS = _words(
    "despite after before following in on at with while although though when as since however "
    "meanwhile additionally still also overall amid during by for under over from yet but and "
    "moreover instead earlier later last"
)
"""Sentence-initial words that start an introductory phrase, not the subject."""
QUOTES = frozenset('"“”')
