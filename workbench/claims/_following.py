"""What follows a cue verb: a clause, a quote or only an adverbial, and whether a noun-like cue is a verb.

The grammar of :mod:`workbench.claims._grammar` asks these questions of the few words after a
cue (or of its subject before it) to tell a reporting verb from the same word used otherwise:
"said that ...", "called the plan "a gift"", "said in a statement." and "analysts estimate" report;
"add weight to the idea", "EU rules" do not. Token indices are into :class:`Tokens`.
"""

from __future__ import annotations

from workbench.claims import _content as co
from workbench.claims import _lexicon as lex
from workbench.claims import _phrases as ph
from workbench.claims._tokens import Tokens, Words

QUOTE_REACH = 6
"""Tokens read after "called" for the quoted label it needs ("called the plan "reckless""): a short
object fits; further away, a quote is not the label."""
ADVERBIAL_TAIL = 8
"""Longest adverbial after a cue that ends the sentence, in words ("said in an interview with Fox
News"): such a tail reports nothing, and the clause before the speaker is the content."""


def clause_follows(tokens: Tokens, k: int) -> bool:
    """Return True when a quote, a "that" clause or nothing follows the cue ending before token ``k``.

    Only adverbials may stand between the cue and "that" ("wrote in an opinion that"), not an
    object ("add weight to the idea that").
    """
    if k >= tokens.size or tokens.quote(k) or tokens.text[k] in {":", ",", ".", "—", "–"}:
        return True
    if tokens.lower[k] != "that" and tokens.lower[k] not in lex.ADVERBIAL_STARTS:
        return False
    for m in range(k, min(k + co.THAT_REACH, tokens.size)):
        if tokens.lower[m] == "that":
            return True
        if tokens.punct(m):
            return False
    return False


def bare_clause(tokens: Tokens, k: int) -> bool:
    """Return True when a clause without "that" starts at token ``k``: a subject, then an auxiliary.

    "Officials hope the talks will resume", "Analysts expect prices could rise": the phrase after
    the cue is the subject of a clause, not its object ("The team expected a long night").
    """
    span = ph.after(tokens, k, tokens.size)
    return span is not None and span[1] + 1 < tokens.size and tokens.lower[span[1] + 1] in lex.AUXILIARIES


def verb_may_follow(tokens: Tokens, k: int) -> bool:
    """Return True when a phrase with a lower-case open-class word after its first noun starts at token ``k``.

    The word may be the verb of a clause whose subject is the phrase ("Ray paid no tax", "the
    mayor paid for the trip"); only a tree can tell ("Records show the way forward" is none).
    """
    span = ph.after(tokens, k, tokens.size)
    if span is None:
        return False
    head = span[0]
    while head < span[1] and tokens.lower[head] in lex.DETERMINERS:
        head += 1
    return any(
        tokens.text[m].isalpha() and tokens.text[m].islower() and tokens.lower[m] not in lex.STOP
        for m in range(head + 1, min(span[1] + 2, tokens.size))
    )


def unnamed(tokens: Tokens, k: int) -> bool:
    """Return True when "not to be" and a participle follow the cue ending before token ``k``.

    "who asked not to be named", "requested not to be identified": a source's wish to stay
    anonymous, which news writes of its sources, not something the source says.
    """
    words = tokens.lower[k : k + 4]
    return words[:3] == ["not", "to", "be"] and len(words) == 4 and words[3].endswith(("ed", "en"))


def expected_clause(tokens: Tokens, k: int) -> bool:
    """Return True when a phrase and "to" with a verb start at token ``k``: what a belief verb holds of it.

    "Analysts expect the bank to cut rates", "Police suspect the fire to be arson": the phrase is
    the subject of the proposition, not the object of the belief.
    """
    span = ph.after(tokens, k, tokens.size)
    nxt = -1 if span is None else span[1] + 1
    return 0 <= nxt < tokens.size - 1 and tokens.lower[nxt] == "to" and tokens.text[nxt + 1].isalpha()


def quote_follows(tokens: Tokens, k: int) -> bool:
    """Return True when a quote opens within a few words after token ``k`` ("called the plan "a gift"")."""
    for m in range(k, min(k + QUOTE_REACH, tokens.size)):
        if tokens.quote(m):
            return True
        if tokens.punct(m):
            return False
    return False


def adverbial_tail(tokens: Tokens, k: int) -> bool:
    """Return True when only a short adverbial follows the cue ending before token ``k`` ("said in a statement.")."""
    if k >= tokens.size or tokens.lower[k] not in lex.ADVERBIAL_STARTS:
        return False
    for m in range(k, min(k + ADVERBIAL_TAIL + 1, tokens.size)):
        if tokens.lower[m] == "that" or tokens.quote(m):
            return False
        if tokens.punct(m):
            return True
    return tokens.size - k <= ADVERBIAL_TAIL


def clause_goes_on(tokens: Tokens, k: int) -> int | None:
    """Return the token where the clause a speaker interrupts goes on after the cue's short adverbial and comma.

    "The plan, he said in a statement, would cost billions": after "said", "in a statement" and
    a comma, a lower-case word goes on with the clause ("would"). Not "that", a participle or a
    word that starts the writer's own clause ("adding", "and").
    """
    if not adverbial_tail(tokens, k):
        return None
    comma = next((m for m in range(k, min(k + ADVERBIAL_TAIL + 1, tokens.size)) if tokens.punct(m)), None)
    if comma is None or tokens.text[comma] != "," or comma + 1 >= tokens.size:
        return None
    word = tokens.text[comma + 1]
    if not word.isalpha() or not word.islower() or word == "that" or word.endswith("ing") or co.trailing(word, 0):
        return None
    return comma + 1


def verb_reading(tokens: Tokens, subject: Words, k: int, cue: lex.Cue) -> bool:
    """Return True when a cue that is also a noun ("claims", "estimate") is a verb after ``subject``.

    It is when its subject is a pronoun or a speaker noun ("analysts estimate"), or when a name is
    followed by "that", a quote (after a comma or not) or a colon ("Reuters reports that"), not in
    "EU rules" or "growing doubts".
    A cue that reports only a clause reads as a verb before "that" or a clause after any noun ("New
    figures show that", "Polls show turnout will"): the noun reading would need the noun right after
    a determiner or possessive. A name and its cue set off by commas inside a clause ("The plan,
    Ann Ray claims, will fail") are a speaker and a verb.
    """
    head = subject[1]
    if subject[0] > 0 and tokens.text[subject[0] - 1] == "," and k < tokens.size and tokens.text[k] == ",":
        return ph.speaker_like(tokens, head)
    lower = tokens.lower[head]
    if lower in lex.PRONOUNS or lower in lex.SPEAKER_NOUNS:
        return True
    that = k < tokens.size and tokens.lower[k] == "that"
    if cue.needs_clause and (that or bare_clause(tokens, k)):
        return True
    quoted = k < tokens.size and (
        tokens.quote(k) or (tokens.text[k] == "," and k + 1 < tokens.size and tokens.quote(k + 1))
    )
    reports = that or quoted or (k < tokens.size and tokens.text[k] == ":")
    return reports and ph.speaker_like(tokens, head)
