"""Attribution by a noun: "Ray's claim that the vote was rigged", "fears among officials that ...".

A noun of ``attribution_nouns.txt`` reports a clause when "that" follows it, and its source
stands right before it as a possessive ("Ray's claim", "the ministry's warning", "her
insistence") or right after it with "by", "from" or "among" ("the announcement by the company
that", "warnings from doctors that"). Without a source ("the fear that ...") it reports nothing
anyone said.

Where the clause ends is read from the noun's place. After the main verb ("Critics rejected
Ray's claim that the vote was rigged") it runs on like any content. As the subject ("Ray's claim
that the vote was rigged has been rejected") it ends before the auxiliary that opens the main
clause's verb; a subject whose end no auxiliary shows ("... would rise went unheeded") is not
read, rather than read with the main clause's words.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench.claims import _lexicon as lex
from workbench.claims import _phrases as ph
from workbench.claims._tokens import Span, Tokens

_AGENT_LINKS = frozenset({"by", "from", "among"})
"""Words between an attribution noun and its source ("the claim by the ministry", "fears among officials")."""


class NounClaim(NamedTuple):
    """A claim an attribution noun makes: character spans, and where its content ends (-1: where content does)."""

    source: Span
    cue: Span
    lemma: str
    after: int  # where the content starts: right after "that"
    end: int  # where the content ends when the noun phrase is the subject, else -1
    clause: int  # where the noun phrase starts


def read(tokens: Tokens, i: int) -> NounClaim | None:
    """Return the claim the attribution noun at token ``i`` makes, or None when it makes none."""
    lemma = lex.NOUNS.get(tokens.lower[i])
    if lemma is None or not tokens.text[i].islower():
        return None
    source, first, that = _owner(tokens, i), i, i + 1
    if source is not None:
        first = source[0]
    elif that < tokens.size and tokens.lower[that] in _AGENT_LINKS:
        source = ph.after(tokens, that + 1, tokens.size, cues=False)
        that = source[1] + 1 if source is not None else that
        first = i - 1 if i >= 1 and tokens.lower[i - 1] in lex.DETERMINERS else i
    if source is None or that + 1 >= tokens.size or tokens.lower[that] != "that":
        return None
    start, end = tokens.chars(*source)
    if tokens.text[source[1]].endswith(("'s", "’s")):
        end -= 2  # "the ministry's": the ministry
    elif tokens.text[source[1]].endswith(("'", "’")):
        end -= 1  # "the unions'": the unions
    after = tokens.start[that + 1]
    if not ph.opens_clause(tokens, first - 1):
        return NounClaim((start, end), tokens.chars(i, i), lemma, after, -1, tokens.start[first])
    main = _main_auxiliary(tokens, that + 1)
    if main is None:
        return None
    return NounClaim((start, end), tokens.chars(i, i), lemma, after, tokens.end(main - 1), tokens.start[first])


def _owner(tokens: Tokens, i: int) -> tuple[int, int] | None:
    """Return the possessive before the noun at token ``i`` ("Ray's", "the ministry's", "her"), or None."""
    if i < 1:
        return None
    word = tokens.lower[i - 1]
    if word in lex.PRONOUN_DETERMINERS:
        return (i - 1, i - 1)
    if not ph.possessive(word):
        return None
    return ph.before(tokens, i - 1)


def _main_auxiliary(tokens: Tokens, k: int) -> int | None:
    """Return the auxiliary that opens the main clause after a subject's "that" clause starting at token ``k``.

    "the vote was rigged has been rejected": the clause has its own verb ("was rigged"); an
    auxiliary after a word that is no auxiliary is the main clause's.
    """
    verb = False
    for m in range(k, tokens.size):
        if tokens.punct(m):
            return None
        auxiliary = tokens.lower[m] in lex.AUXILIARIES
        if auxiliary and verb and tokens.lower[m - 1] not in lex.AUXILIARIES:
            return m
        verb = verb or auxiliary
    return None
