"""Noun phrases read off word tokens: the speakers that stand before or after a reporting cue.

Spans here are inclusive ``(first, last)`` token indices. The walks are shallow on purpose: a
speaker is a run of names, nouns, determiners and joining prepositions ("Conservatives in the
U.S.") that no function word, auxiliary or reporting verb interrupts, and every walk reads at
most a fixed number of words, so finding a speaker costs the same in a sentence of any length.
"""

from __future__ import annotations

from workbench.claims import _lexicon as lex
from workbench.claims._tokens import Tokens, Words
from workbench.lexicon import TITLE_HEADS, ordinary_word

MAX_WORDS = 12
"""Longest speaker read, in words: "Economists at the Council on Fiscal Policy" has 7; a run of
more than 12 words without a function word is a list or a headline, not a speaker."""
APPOSITIVE_REACH = 20
"""Tokens looked back from a comma for the speaker an appositive describes: a name and a role
("The bank's finance chief, Ada Moreno,") fit in 20 tokens."""
DOCUMENT_REACH = 9
"""Tokens looked back from "by" for the document it credits ("A study published in May by")."""
INTRODUCTION_REACH = 40
"""Tokens read for the comma that ends an introductory phrase ("Speaking in Oslo on Monday,")."""


def closed(tokens: Tokens, k: int, *, cues: bool = True) -> bool:
    """Return True when token ``k`` is a function word or verb that no speaker's name contains.

    Acronyms ("WHO", "US") are names; a capitalised function word between two capitalised words
    belongs to a name ("Doctors Without Borders").
    """
    raw, lower = tokens.text[k], tokens.lower[k]
    if len(raw) > 1 and raw.isupper():
        return False
    function = lower in lex.STOP or lower in lex.AUXILIARIES or lower in lex.PRONOUNS or lower.endswith(("n't", "n’t"))
    if raw.islower():
        return function or (cues and lower in lex.CUES and not lex.CUES[lower].noun)
    inside = 0 < k < tokens.size - 1 and tokens.capitalised(k - 1) and tokens.capitalised(k + 1)
    return function and not inside


def before(tokens: Tokens, j: int) -> Words | None:
    """Return the noun phrase that ends at token ``j``, walking left; None when there is none."""
    if j < 0 or tokens.punct(j):
        return None
    if tokens.lower[j] in lex.SPEAKING_PRONOUNS:
        return (j, j)
    first, k, words, text = None, j, 0, tokens.text
    while k >= 0 and words < MAX_WORDS and text[k][0].isalnum():  # stops at punctuation
        lower = tokens.lower[k]
        if lower in lex.DETERMINERS:
            first, k = k, k - 1
            while k >= 0 and tokens.lower[k] in lex.DETERMINERS:  # "the two sides", "all three parties"
                first, k = k, k - 1
            if k >= 0 and tokens.lower[k] in lex.APPROXIMATORS:  # "nearly all senators"
                first, k = k, k - 1
            two_places = k >= 2 and tokens.lower[k] == "and" and tokens.capitalised(k - 1)
            if two_places and _joins(tokens, k - 2):
                k -= 2  # "officials in Poland and the Baltic states": two places after one link
            if k >= 1 and _joins(tokens, k):
                k -= 1
                continue
            break
        names = lower == "and" and k >= 1 and tokens.capitalised(k - 1)  # "Ray and Berg said"
        if first is not None and (names or _joins(tokens, k)):
            k -= 1
            continue
        if closed(tokens, k):
            break
        first, k, words = k, k - 1, words + 1
    if first is None or words >= MAX_WORDS:
        return None
    return (first, j)


def _joins(tokens: Tokens, k: int) -> bool:
    """Return True when token ``k`` is a preposition that joins the speaker read leftward to what describes it.

    "Officials in Oslo", "Residents near the plant", "Lawmakers on both sides"; not "forces on
    Tuesday" (a time) nor "reneged on his promise" (a verb's preposition: the word before a
    preposition of [group_links] must name a speaker).
    """
    lower = tokens.lower[k]
    if lower in lex.LINKS:
        return True
    return (
        lower in lex.GROUP_LINKS
        and k >= 1
        and speaker_like(tokens, k - 1)
        and k + 1 < tokens.size
        and tokens.lower[k + 1] not in lex.CLAUSE_OPENERS
    )


def after(tokens: Tokens, k: int, end: int, *, links: frozenset[str] = lex.LINKS, cues: bool = True) -> Words | None:
    """Return the noun phrase that starts at token ``k``, walking right up to token ``end``.

    After a name, a lower-case word continues the phrase only when it is a speaker noun
    ("U.S. officials") or follows a possessive ("Iran's foreign ministry"); a joining word starts
    a phrase of its own ("Tom Hale of the farmers' union").
    """
    if k >= end or tokens.punct(k):
        return None
    if tokens.lower[k] in lex.PRONOUNS:
        return (k, k)
    first, last, named, text = k, None, False, tokens.text
    while k < end and k - first < MAX_WORDS and text[k][0].isalnum():  # stops at punctuation
        lower, raw = tokens.lower[k], text[k]
        previous = tokens.lower[k - 1] if last is not None else ""
        if lower in lex.DETERMINERS:
            if last is not None and previous not in links:
                break
        elif lower in links and raw.islower():
            if last is None or k + 1 >= end or tokens.punct(k + 1) or tokens.text[k + 1].endswith("ing"):
                break
            k, named = k + 1, False
            continue
        elif (
            closed(tokens, k, cues=cues)
            or (raw.islower() and lower in lex.LINKS)  # a joining word the caller does not let join
            or (raw.islower() and _ends_name(lower, named, previous) and not _title_chain(tokens, k, end))
        ):
            break
        named = named or (tokens.capitalised(k) and lower not in lex.DETERMINERS)
        last, k = k, k + 1
    while last is not None and last >= first and (tokens.lower[last] in lex.DETERMINERS or tokens.lower[last] in links):
        last -= 1  # "Tom Hale of the ..." whose next word ends the phrase: "Tom Hale"
    if last is None or last < first:
        return None
    return (first, last)


TITLE_REACH = 4
"""Longest run of lower-case words in a title between two names ("Nordland foreign policy chief Ann Ray" has 3)."""


def _title_chain(tokens: Tokens, k: int, end: int) -> bool:
    """Return True when lower-case words from token ``k`` end in a role before a name ("ministry spokesman Karl").

    They may also lead to a title written with a capital ("retired Col. Tom Hale", "embattled Mayor Ray").
    """
    for m in range(k, min(k + TITLE_REACH, end - 1)):
        if tokens.text[m + 1] in TITLE_HEADS and m + 2 < end and tokens.capitalised(m + 2):
            return tokens.text[m].islower() and tokens.lower[m] not in lex.STOP
        if not tokens.text[m].islower() or tokens.lower[m] in lex.STOP:
            return False
        if tokens.lower[m] in lex.PERSON_ROLES and tokens.capitalised(m + 1):
            return True
    return False


def _ends_name(lower: str, named: bool, previous: str) -> bool:
    """Return True when a lower-case word cannot continue a phrase read left to right (a verb, say)."""
    if lower.endswith("ed"):
        return True
    return named and lower not in lex.SPEAKER_NOUNS and not possessive(previous)


def possessive(text: str) -> bool:
    """Return True for a possessive word ("Israel's", "officials'")."""
    return text.endswith(("'s", "’s", "s'", "s’"))


def head(tokens: Tokens, span: Words) -> int:
    """Return the index of a noun phrase's head word: its last word before a joining preposition."""
    for k in range(span[0] + 1, span[1] + 1):
        if tokens.lower[k] in lex.GROUP_LINKS:
            return k - 1
    return span[1]


def speaker_like(tokens: Tokens, k: int) -> bool:
    """Return True for a word that names a speaker: a name, a pronoun or a speaker noun ("officials")."""
    return tokens.capitalised(k) or tokens.lower[k] in lex.PRONOUNS or tokens.lower[k] in lex.SPEAKER_NOUNS


def opens_clause(tokens: Tokens, k: int) -> bool:
    """Return True when a new clause, and so a subject, may start right after token ``k``."""
    return k < 0 or tokens.punct(k) or tokens.lower[k] in lex.CLAUSE_OPENERS


def subject(tokens: Tokens, span: Words) -> Words | None:
    """Return ``span`` if it can be the subject of the verb after it, else its part after an inner "and".

    A possessive or a bare determiner is no subject ("Iran's claims", "the said agreement"), nor
    is a phrase that follows a verb or preposition ("fired at Israel"), nor one in a condition
    ("if the commission finds").
    """
    last = tokens.text[span[1]]
    m = span[1]
    while m > span[0] and tokens.lower[m] in lex.DETERMINERS:
        m -= 1
    counted = m > span[0] and tokens.lower[m] in lex.LINKS and last.lower() in lex.QUANTIFIERS  # "mother of three"
    if last.lower() in lex.DETERMINERS and not counted:
        return _quantifier(tokens, span[1])
    if possessive(last):
        return None
    left = span[0] - 1
    if left >= 0 and tokens.lower[left] in {"if", "unless", "whether"}:
        return None
    if opens_clause(tokens, left):
        return span
    if left >= 0 and tokens.lower[left] == "by":
        return _document_by(tokens, left, span)
    for k in range(span[1] - 1, span[0], -1):
        if tokens.lower[k] == "and":
            return (k + 1, span[1])
    return None


def described(tokens: Tokens, span: Words) -> Words | None:
    """Return ``span`` if it can be the noun a relative clause after it describes, wherever it stands.

    A subject or an object may be described ("hired a lawyer who said", "Those who say"); a
    possessive, a determiner that needs a noun, the noun after a preposition ("wise beyond her
    years, who") or words after an auxiliary ("graves have been uncovered that suggest") may not.
    """
    last, left = tokens.lower[span[1]], span[0] - 1
    if possessive(last) or (last in lex.DETERMINERS and last not in lex.QUANTIFIERS and last != "those"):
        return None
    if left >= 0 and (
        tokens.lower[left] in lex.AUXILIARIES or (tokens.lower[left] in lex.STOP and not opens_clause(tokens, left))
    ):
        return None
    return span


def _quantifier(tokens: Tokens, k: int) -> Words | None:
    """Return a quantifier that stands for people at the start of a clause ("Another said", "The two said").

    Articles, demonstratives and possessives need a noun ("the said agreement" has no speaker).
    """
    if tokens.lower[k] not in lex.QUANTIFIERS:
        return None
    first = k - 1 if k >= 1 and tokens.lower[k - 1] == "the" else k
    return (first, k) if opens_clause(tokens, first - 1) else None


def _document_by(tokens: Tokens, by: int, agent: Words) -> Words | None:
    """Return "A report released on Monday by the WHO" when a document noun opens a clause before ``by``."""
    for k in range(by - 1, max(-1, by - DOCUMENT_REACH), -1):
        if tokens.punct(k):
            return None
        if tokens.lower[k] in lex.DOCUMENT_NOUNS:
            noun = before(tokens, k)
            return (noun[0], agent[1]) if noun and opens_clause(tokens, noun[0] - 1) else None
    return None


def appositive(tokens: Tokens, j: int) -> Words | None:
    """Return the speaker of ``X, <appositive>,`` ending at the comma ``j``, appositive included when it is a name.

    "Chile's trade minister, Rosa Ibarra, told" gives "Chile's trade minister, Rosa Ibarra";
    "The firm, based in Austin, Tex., denied" gives "The firm".
    """
    for comma in range(max(0, j - APPOSITIVE_REACH), j):
        if tokens.text[comma] != ",":
            continue
        span = before(tokens, comma - 1)
        span = span and subject(tokens, span)
        if not span or (span == (0, 0) and _introductory(tokens, 0)):
            continue
        inner = comma + 1
        relative = tokens.lower[inner] == "who"  # "A nurse at the clinic, who asked not to be named, said"
        if not (speaker_like(tokens, head(tokens, span)) or tokens.capitalised(inner) or relative):
            continue
        if tokens.capitalised(inner) and not closed(tokens, inner):
            stop = next((k for k in range(inner, j) if tokens.text[k] == ","), j)
            return (span[0], stop - 1)
        return span
    return None


def _introductory(tokens: Tokens, k: int) -> bool:
    """Return True when token ``k`` is an introductory word ("Earlier,", "Separately,"), not a speaker.

    A capitalised word ending in "-ly" is taken for an adverb unless it is a given name ("Kelly").
    """
    lower = tokens.lower[k]
    return lower in lex.INTRODUCTIONS or (lower.endswith("ly") and tokens.text[k] not in lex.GIVEN_NAMES)


def main_subject(tokens: Tokens, upto: int) -> Words | None:
    """Return the subject of the sentence's main clause, before token ``upto`` (for "..., saying")."""
    start = 0
    while start < upto and tokens.quote(start):
        start += 1
    if start < upto and _introductory(tokens, start):
        reach = min(upto, start + INTRODUCTION_REACH)
        comma = next((k for k in range(start, reach) if tokens.text[k] == ","), None)
        if comma is None:
            return None
        start = comma + 1
    span = after(tokens, start, upto)
    lone = span is not None and span[0] == span[1] and span[1] + 1 < upto and tokens.text[span[1] + 1] == ","
    if lone and ordinary_word(tokens.lower[span[0]]):  # "Furthermore, limb retraction ..., suggesting"
        span = after(tokens, span[0] + 2, upto)
    if span is None or speaker_like(tokens, head(tokens, span)):
        return span
    # A verb read as a noun ("The firm cut 200 jobs"): keep the phrase up to its first speaker noun,
    # and the name that follows it ("President Ray's plan ...": "President Ray's").
    noun = next((k for k in range(span[0], span[1] + 1) if tokens.lower[k] in lex.SPEAKER_NOUNS), None)
    if noun is None:
        return None
    while noun < span[1] and tokens.capitalised(noun + 1) and not possessive(tokens.text[noun]):
        noun += 1
    return span[0], noun
