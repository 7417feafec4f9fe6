"""The words claims are found with: reporting cues, hedges and English function words by role.

Cues are the table ``workbench/data/cues.csv`` (each verb with its forms and what it needs after
it); hedges, function words and speaker nouns are word lists of ``workbench/data/`` read through
:mod:`workbench.lexicon`, as is the word tokenizer the grammar reads sentences with. Every
pattern is compiled once, on first import.
"""

from __future__ import annotations

import csv
import enum
import re
from typing import NamedTuple

from workbench.lexicon import alternation, data_text, phrases, word_list, word_set


class Cue(NamedTuple):
    """What a reporting verb form means and needs.

    ``complement`` is ``"clause"`` for verbs that only report when a clause or quote follows
    ("added that", not "added two sites"), ``"quote"`` for verbs that report only a quoted label
    ("called the plan "reckless"", not "a town called Gao"); ``noun`` marks forms that are also common nouns
    ("claims", "a warning"), which need stronger evidence of a speaker; ``adjective`` marks the
    adjectives that report a clause after a form of "be" ("are confident that", "were worried that"),
    and ``verb`` is False for those that are no verb form too ("confident").
    """

    lemma: str
    needs_clause: bool
    needs_quote: bool
    noun: bool
    hedged: bool
    participle: bool
    adjective: bool = False
    verb: bool = True


ACCORDING_TO = "according to"


class CueType(enum.Enum):
    """What the source did with the content: said it, holds it, or shows it (``claims.cue_type``)."""

    SPEECH = "speech"  # "said", "told", "warned", "according to"
    BELIEF = "belief"  # "believes", "fears", "expects", "hopes"
    EVIDENCE = "evidence"  # "shows", "found", "indicates", "reveals"


_KINDS = {
    **dict.fromkeys(word_set("attribution_verbs.txt", "belief"), CueType.BELIEF),
    **dict.fromkeys(word_set("attribution_verbs.txt", "evidence"), CueType.EVIDENCE),
}


def cue_type(lemma: str) -> CueType:
    """Return the kind of attribution of a cue's lemma (``workbench/data/attribution_verbs.txt``); speech by default."""
    return _KINDS.get(lemma, CueType.SPEECH)


def _read_cues() -> dict[str, Cue]:
    """Map each cue as written (lower case, single spaces) to its :class:`Cue`.

    The verbs of cues.csv, and the adjectives of attribution_adjectives.txt.
    """
    cues: dict[str, Cue] = {}
    lines = [line for line in data_text("cues.csv").splitlines() if not line.startswith("#")]
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
    for line in phrases("attribution_adjectives.txt", "adjectives"):
        adjective, lemma = line.split()
        verb = cues.get(adjective)  # "worried" is also the past of "worry"
        cues[adjective] = (
            verb._replace(adjective=True)
            if verb
            else Cue(
                lemma,
                needs_clause=True,
                needs_quote=False,
                noun=False,
                hedged=False,
                participle=False,
                adjective=True,
                verb=False,
            )
        )
    return cues


CUES: dict[str, Cue] = _read_cues()
"""Every reporting verb form with its particle ("said", "have called for" is "called for")."""


def _read_nouns() -> dict[str, str]:
    """Map each attribution noun, singular and plural, to the verb of cues.csv it names."""
    nouns: dict[str, str] = {}
    for line in phrases("attribution_nouns.txt", "nouns"):
        noun, lemma = line.split()
        nouns[noun] = nouns[f"{noun}s"] = lemma
    return nouns


NOUNS = _read_nouns()
"""Attribution nouns ("claim", "claims", "warning") and the verb lemma each names ("claim", "warn")."""

CUE_PATTERN = re.compile(
    rf"(?<![\w'’-]){alternation([*CUES, *NOUNS, ACCORDING_TO, ACCORDING_TO.capitalize()])}(?![\w'’-])"
)
"""One pass over a sentence finds every cue, verb or noun; sentences without a match are never looked at again."""


HEDGES = list(phrases("hedges.txt"))
HEDGE_PATTERN = re.compile(rf"(?<![\w'’-]){alternation(HEDGES)}(?![\w'’-])")
HEDGE_START = re.compile(rf"[\"“‘']?{alternation([h.capitalize() for h in HEDGES if h != 'may'])}(?![\w'’-])")
"""Hedges in lower case anywhere (``search``), capitalised at the start of a sentence (``match``; not "May")."""


def _function_words(section: str) -> frozenset[str]:
    return word_set("function_words.txt", section)


def _lower(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


_WEEKDAYS = _lower(word_list("calendar.txt", "weekdays"))
_MONTHS = _lower(word_list("calendar.txt", "months")) - {"may"}
"""Months in lower case, without "may": in lower case it is the modal verb far more often than the month."""

AUXILIARIES = _function_words("auxiliaries")
BE_FORMS = _function_words("be")
HEDGING_AUXILIARIES = _function_words("hedging_auxiliaries")
ADVERBS = _function_words("adverbs")
NOT_ADVERBS = _function_words("not_adverbs")
DETERMINERS = _function_words("determiners")
APPROXIMATORS = _function_words("approximators")
"""Adverbs that may stand before a determiner in a speaker ("nearly all senators", "almost every member")."""
PRONOUN_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_POINTING = frozenset({"the", "a", "an", "this", "these", "those", "no", "every", "any", "other"}) | PRONOUN_DETERMINERS
"""Determiners that need a noun after them: articles, demonstratives and possessives."""
QUANTIFIERS = DETERMINERS - _POINTING
"""Determiners that stand for people on their own ("Another said", "Many say", "The two said")."""
LINKS = _function_words("links")
"""Prepositions that may join two parts of one speaker ("Conservatives in the U.S.")."""
GROUP_LINKS = LINKS | _function_words("group_links")
"""Prepositions that may join a speaker read leftward from its cue ("Residents near the plant said"); after a
cue most of them start an adverbial instead ("said Ray on Monday")."""
PRONOUNS = _function_words("pronouns")
SPEAKING_PRONOUNS = PRONOUNS | _function_words("second_person")
"""Pronouns a speaker may be: those that stand for an actor named before, and "you"."""
STOP = _function_words("stop")
"""Words that never belong to a speaker's noun phrase."""
CLAUSE_OPENERS = _function_words("clause_openers") | _WEEKDAYS | _MONTHS
"""Words after which a new clause (and so a new subject) may start without a comma."""
WHEN = _WEEKDAYS | _function_words("when")
"""Words of a bare time after a cue ("said Monday it would", "said Tuesday night")."""
TIME_NOUNS = WHEN | _function_words("time_nouns")
"""Words that end a time phrase ("on Monday", "last week")."""
TIME_OPENERS = _function_words("time_openers")
"""Words that may open a time phrase ("on Wednesday", "late last week", "this morning")."""
NOTHING_SAID = _function_words("nothing_said")
"""Words that, as all of a cue's object, report no content ("said little", "said so")."""
SUBORDINATORS = _function_words("subordinators")
"""Conjunctions that open a subordinate clause ("if", "because")."""
PERSON_ROLES = word_set("speaker_nouns.txt", "roles")
"""Roles of one person: "the minister said" is a person, and "he" or "she" may be the same one."""
BODY_NOUNS = word_set("speaker_nouns.txt", "bodies")
"""Bodies that speak as one: "the ministry said", "the company denied" (``it`` may refer to one)."""
STATE_BODIES = word_set("speaker_nouns.txt", "state_bodies")
"""Bodies of a state: "the ministry" may be a government body or stand for its country."""
SPEAKER_GROUPS = word_set("speaker_nouns.txt", "groups")
"""Plural speakers that name no one in particular ("officials say", "critics argue")."""
DOCUMENT_NOUNS = word_set("speaker_nouns.txt", "documents")
"""Documents that speak for their authors: "A report released on Monday by the WHO found that"."""
SPEAKER_NOUNS = PERSON_ROLES | BODY_NOUNS | SPEAKER_GROUPS | DOCUMENT_NOUNS
"""Lower-case nouns that are speakers often enough to accept a noun-like cue after them."""
ADVERBIAL_STARTS = _function_words("adverbial_starts") | _WEEKDAYS
"""Words that start an adverbial between a cue and its "that" clause ("said on Tuesday that")."""
PARTICIPLE_OPENERS = _function_words("participle_openers")
INTRODUCTIONS = _function_words("introductions")
"""Sentence-initial words that start an introductory phrase, not the subject."""
GIVEN_NAMES = word_set("given_names.txt")
"""Given names ("Kelly", "Beverly"): a capitalised word ending in "-ly" that is one is no adverb."""
QUOTES = frozenset('"“”')
