"""Who a claim's source is: the actor named in it, or the actor a pronoun or descriptor points back to.

A named source takes the actor mentioned in it. A pronoun ("he", "she", "it", "they") and a
descriptor ("the minister", "the company", "the spokeswoman") take the last compatible actor
mentioned before the source in the same article: a person for "he", "she" and people's roles; an
organisation, government body, armed group or country for "it", "they" and bodies. A descriptor
prefers the last compatible actor whose surroundings use its noun ("Foreign Minister Ann Ray" for
"the minister"). Mentions inside the claim's own content are skipped: a speaker is rarely the
person named in their own quote.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import pandas as pd

from workbench.claims import _lexicon as lex
from workbench.claims._article import Found

PERSON_TYPES = frozenset({"person", "role"})
"""Actor types "he", "she" and people's roles ("the minister") may refer to."""
BODY_TYPES = frozenset({"organization", "organisation", "government body", "armed group", "group", "party"})
"""Actor types that bodies ("the company", "the group") may refer to."""
STATE_TYPES = BODY_TYPES | {"country", "government"}
"""Actor types "it", "they" and state bodies ("the ministry", "the government") may refer to."""
_SUBJECTS = {"he": PERSON_TYPES, "she": PERSON_TYPES, "it": STATE_TYPES, "they": STATE_TYPES, "we": STATE_TYPES}
_POSSESSIVES = {"his": PERSON_TYPES, "her": PERSON_TYPES, "its": STATE_TYPES, "their": STATE_TYPES, "our": STATE_TYPES}
_PRONOUNS = _SUBJECTS | _POSSESSIVES
"""Pronouns a source may be: a verb's subject ("she said"), or a noun's possessive ("her claim that ...")."""
_DESCRIPTOR = re.compile(r"(?i)the\s+(?:[a-z-]+\s+){0,3}?([a-z]+)")
"""A definite phrase of up to four lower-case words ("the company", "the foreign ministry")."""
_OWNED = re.compile(r"(?i)the\s+(?:[a-z-]+\s+){0,2}?([a-z]+)['’]s\s+(?:[a-z-]+\s+){0,2}[a-z]+")
"""A descriptor owned by a body ("the company's chief executive", "the ministry's spokesman"): they
speak for the body, which is the actor the phrase points back to."""
_LINK = re.compile(r"\s(?:of|in|for|from|at)\s")

LOOKBACK = 60
"""Mentions read back for an antecedent: about the last five or six sentences of news text. Further
back, a pronoun rarely refers to the actor, and a bound keeps resolution linear in the article."""
CONTEXT = 40
"""Characters either side of a mention read for a descriptor's noun ("Foreign Minister Ann Ray")."""


class Mention(NamedTuple):
    """An actor mention, as the resolution reads it."""

    start: int
    end: int
    actor: str
    kind: str


def _by_article(mentions: pd.DataFrame) -> dict[str, list[Mention]]:
    """Group mentions per article, sorted by start."""
    if mentions is None or mentions.empty:
        return {}
    grouped: dict[str, list[Mention]] = {}
    columns = ("article_id", "start", "end", "actor", "actor_type")
    for article, start, end, actor, kind in zip(*(mentions[c].tolist() for c in columns), strict=True):
        grouped.setdefault(article, []).append(Mention(int(start), int(end), actor, str(kind).lower()))
    for found in grouped.values():
        found.sort(key=operator.itemgetter(0, 1))  # stable: mentions at one span keep their table order
    return grouped


def _kinds(source: str) -> tuple[frozenset[str], str] | None:
    """Return the actor types a pronoun or descriptor source may refer to, and the descriptor's noun."""
    lower = source.lower()
    if lower in _PRONOUNS:
        return _PRONOUNS[lower], ""
    owned = _OWNED.fullmatch(source)
    if owned is not None and owned.group(1).lower() in lex.BODY_NOUNS | lex.STATE_BODIES:
        match = owned  # "the company's spokesman" speaks for the company, "the minister's aide" for nobody named
    else:
        match = _DESCRIPTOR.fullmatch(source)
    if match is None:
        return None
    noun = match.group(1).lower()
    if noun in lex.PERSON_ROLES:
        return PERSON_TYPES, noun
    if noun in lex.STATE_BODIES:
        return STATE_TYPES, noun
    if noun in lex.BODY_NOUNS:
        return BODY_TYPES, noun
    return None


class _Article(NamedTuple):
    mentions: list[Mention]
    starts: list[int]
    text: str


def _antecedent(article: _Article, claim: Found, kinds: frozenset[str], noun: str) -> str | None:
    """Return the actor of the last mention of one of ``kinds`` before the claim's source, outside its content."""
    content = (claim.content_start, claim.content_end) if claim.content_start is not None else (-1, -1)
    first = None
    position = bisect.bisect_left(article.starts, claim.source_start)
    for index in range(position - 1, max(-1, position - 1 - LOOKBACK), -1):
        mention = article.mentions[index]
        if mention.end > claim.source_start or mention.kind not in kinds:
            continue
        if content[0] <= mention.start < content[1]:
            continue
        if not noun:
            return mention.actor
        first = first or mention.actor
        if noun in _around(article, index, claim.source_start) or noun in mention.actor.lower():
            return mention.actor
    return first


def _around(article: _Article, index: int, limit: int) -> str:
    """Return the words next to mention ``index`` that may describe it ("Foreign Minister" Ann Ray, "a spokeswoman").

    They stop at the neighbouring mentions: a title belongs to the nearest name.
    """
    mention, mentions = article.mentions[index], article.mentions
    start = max(mention.start - CONTEXT, mentions[index - 1].end if index > 0 else 0)
    end = min(mention.end + CONTEXT, limit, mentions[index + 1].start if index + 1 < len(mentions) else limit)
    return article.text[start:end].lower()


def _named(article: _Article, claim: Found) -> str | None:
    """Return the actor named in the source span: the one on its head word, else in its core, else any."""
    start, end, source = claim.source_start, claim.source_end, claim.source
    low, high = bisect.bisect_left(article.starts, start), bisect.bisect_left(article.starts, end)
    inside = [m for m in article.mentions[low:high] if m.end <= end]
    if not inside:
        return None
    link = _LINK.search(source)
    comma = source.find(",")  # "Sen. Tom Hale, R-Texas", "Ray, a former prosecutor": the name before the comma
    core_end = start + min(link.start() if link else len(source), comma if comma > 0 else len(source))
    head_start = start + source.rfind(" ", 0, core_end - start) + 1
    for chosen in (
        [m for m in inside if m.start < core_end and m.end > head_start],
        [m for m in inside if m.end <= core_end],
        inside,
    ):
        if chosen:
            return max(chosen, key=lambda m: m.end - m.start).actor
    return None


class Resolved(NamedTuple):
    """The actors of a claim: who says it (None when unresolved) and whom its content names, in order."""

    source_actor: str | None
    about: tuple[str, ...]


_UNRESOLVED = Resolved(None, ())


def _about(article: _Article, claim: Found) -> tuple[str, ...]:
    """Return the actors mentioned inside the claim's content, in order of first mention, each once.

    A speaker set inside the content it interrupts ('"...," said Ann Ray, "..."') is not what it names.
    """
    if claim.content_start is None or claim.content_end is None:
        return ()
    low = bisect.bisect_left(article.starts, claim.content_start)
    high = bisect.bisect_left(article.starts, claim.content_end)
    speaker = _attribution(article.text, claim)
    inside = (m.actor for m in article.mentions[low:high] if m.end <= claim.content_end and m.start not in speaker)
    return tuple(dict.fromkeys(inside))


def _attribution(text: str, claim: Found) -> range:
    """Return where the words that attribute a claim with content stand inside it, when they interrupt it.

    '"Nobody wants a wider war," he told reporters in Doha. "But we are concerned."': from the
    quote's closing mark before the speaker to the mark that opens it again after the cue; else
    the speaker alone.
    """
    speaker = range(claim.source_start, claim.source_end)
    if not claim.content_start <= claim.source_start < claim.content_end:
        return speaker
    closing = max(text.rfind(mark, claim.content_start, claim.source_start) for mark in _CLOSING_MARKS)
    reopened = [text.find(mark, claim.cue_end, claim.content_end) for mark in _OPENING_MARKS]
    opening = min((at for at in reopened if at >= 0), default=-1)
    return range(closing, opening) if 0 <= closing < opening else speaker


_CLOSING_MARKS = ('"', "”")
_OPENING_MARKS = ('"', "“")


def resolve(claims: Sequence[Found], mentions: pd.DataFrame, texts: Mapping[str, str]) -> list[Resolved]:
    """Resolve each claim's source to a canonical actor from ``mentions``, and list the actors its content names.

    The source actor is None when nothing fits; ``about`` is empty when the content names no actor.
    """
    grouped = _by_article(mentions)
    articles = {
        article: _Article(found, [m.start for m in found], texts.get(article, "")) for article, found in grouped.items()
    }
    resolved: list[Resolved] = []
    for n, claim in enumerate(claims):
        article = articles.get(claim.article_id)
        if article is None:
            resolved.append(_UNRESOLVED)
            continue
        actor = _named(article, claim)
        if actor is None:
            reporter = _reporter(article, claims, n) if claim.source.lower() in _SUBJECTS else None
            if reporter is not None:
                actor = resolved[reporter].source_actor  # "A resident said she feared ...": the resident
            else:
                refers = _kinds(claim.source)
                actor = refers and _antecedent(article, claim, *refers)
        resolved.append(Resolved(actor or None, _about(article, claim)))
    return resolved


def _reporter(article: _Article, claims: Sequence[Found], n: int) -> int | None:
    """Return the claim whose content holds claim ``n``'s source, when no mention names that claim's speaker.

    "Another resident said she feared the library would close": "she" is the resident, whom no
    mention names, not the last person named before. A named speaker ("Ann Ray said he ...") and
    a pronoun ("He said she ...") are left to the usual search: a name is itself the last mention.
    """
    claim = claims[n]
    for m in range(n - 1, -1, -1):
        earlier = claims[m]
        if earlier.sentence_id != claim.sentence_id:
            return None
        if earlier.content_start is not None and earlier.content_start <= claim.source_start < earlier.content_end:
            described = earlier.source.lower() not in _PRONOUNS and _named(article, earlier) is None
            return m if described else None
    return None
