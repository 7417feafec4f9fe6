"""What a claim says: the clause or quote around its cue, trimmed to the words that were reported."""

from __future__ import annotations

import re

from workbench.claims import _lexicon as lex
from workbench.claims import _nouns
from workbench.claims import _phrases as ph
from workbench.claims._tokens import Span, Tokens

THAT_REACH = 9
"""Tokens read after a cue for its "that": adverbials may stand between them ("said on Tuesday in a
statement that" has 7); further away, "that" belongs to something else."""
_STRIP = " \t\n,.;:—–-\"“”‘’'"
_COORDINATORS = frozenset({"and", "but"})
_TRAILING = frozenset({"while", "and", "but", "as", "whereas", "though", "although", "with", "adding", "saying"})


def start_after(tokens: Tokens, k: int) -> int:
    """Return where the reported content after a cue ending before token ``k`` starts: after "that" when it comes soon.

    A participle phrase after a comma ("said, speaking from Geneva") is no content, nor is a
    coordinated word ("said and did"): -1.
    """
    n = tokens.size
    if _comma_participle(tokens, k) and _aside_end(tokens, k) is None:  # not "said, according to state media, that"
        return -1
    if k < n and tokens.lower[k] in _COORDINATORS:  # "is welcoming and fun": a second verb or adjective, not content
        return -1
    m = k
    while m < min(k + THAT_REACH, n):
        if tokens.lower[m] == "that":
            return tokens.start[m + 1] if m + 1 < n else tokens.end(m)
        aside = _aside_end(tokens, m) if m == k else None  # "said, first of all, that"
        if aside is not None:
            m = aside + 1
            continue
        if tokens.punct(m) or tokens.lower[m] in _COORDINATORS:  # "denied it and added that": not its "that"
            break
        if m > k and (tokens.lower[m] in lex.AUXILIARIES or tokens.lower[m] in lex.CUES or _past_after_name(tokens, m)):
            break  # "said Russia will have weapons that", "said the vote showed that": a clause began
        if tokens.lower[m] in lex.NOUNS and _nouns.read(tokens, m) is not None:
            break  # "rejected Ray's claim that", "dismissed fears among residents that": the noun's "that"
        m += 1
    if k + 2 < n and tokens.lower[k] in lex.TIME_OPENERS and tokens.lower[k + 1] in lex.WHEN:
        k += 1  # "said on Wednesday it would invest"
    while k + 1 < n and tokens.lower[k] in lex.WHEN and (tokens.text[k + 1][0].isalnum() or tokens.text[k + 1] == ","):
        k += 1  # "said Monday it would veto the bill", "said on Monday, adding": when it was said is no part of it
    k = _after_adverbial(tokens, k)
    if _comma_participle(tokens, k):
        return -1  # "said on Monday, adding that": the participle is a claim of its own
    while k < n and (tokens.text[k] in {":", ","} or tokens.quote(k)):
        k += 1
    return tokens.start[k] if k < n else -1


def _after_adverbial(tokens: Tokens, k: int) -> int:
    """Return the comma or colon that ends an adverbial opening at token ``k`` with what follows it, else ``k``.

    "As Ray said in her speech, the ferry will sail", 'Ray said in a calm voice: "We will sail."':
    where and how she said it is no part of what she said.
    """
    if k >= tokens.size or tokens.lower[k] not in lex.ADVERBIAL_STARTS:
        return k
    for m in range(k + 1, min(k + THAT_REACH, tokens.size - 1)):
        if tokens.punct(m):
            said = tokens.quote(m + 1) or not (tokens.punct(m + 1) or _comma_participle(tokens, m))
            return m if tokens.text[m] in {",", ":"} and said else k  # not "said on Monday, adding that"
    return k


def _comma_participle(tokens: Tokens, k: int) -> bool:
    """Return True when a comma at token ``k`` is followed by a participle ("said, adding that")."""
    if k + 1 >= tokens.size or tokens.text[k] != ",":
        return False
    return tokens.text[k + 1].islower() and tokens.text[k + 1].endswith("ing")


def _past_after_name(tokens: Tokens, m: int) -> bool:
    """Return True when token ``m`` is a past tense right after a name: a clause's verb ("said Ray confessed that")."""
    previous = tokens.text[m - 1]
    return (
        tokens.text[m].islower()
        and tokens.lower[m].endswith("ed")
        and previous[0].isupper()
        and not ph.possessive(previous)
    )


def _aside_end(tokens: Tokens, k: int) -> int | None:
    """Return the comma closing an aside that opens with the comma at token ``k`` and is followed by "that", else None.

    "said, first of all, that ...", "argued, in a statement on Monday, that ...": the aside is
    a few words without other punctuation.
    """
    if tokens.text[k] != ",":
        return None
    for m in range(k + 1, min(k + THAT_REACH, tokens.size - 1)):
        if tokens.punct(m):
            return m if tokens.text[m] == "," and m > k + 1 and tokens.lower[m + 1] == "that" else None
    return None


def interrupted(text: str, source: int, cue_end: int, after: int) -> bool:
    """Return True when a speaker and cue set off by commas interrupt the clause they report.

    "The plan, he said, would cost billions": the speaker starts at ``source`` after a comma, the
    cue ends at ``cue_end`` before a comma, and the words from ``after`` go on with the clause
    (a lower-case word that starts no new clause of its own).
    """
    between = text[cue_end:after].strip(' "“')
    if after < 0 or not text[:source].rstrip().endswith(",") or not between.endswith(","):
        return False
    if between != "," and (between.split()[0].lower() not in lex.ADVERBIAL_STARTS or "," in between[:-1]):
        return False  # only a short adverbial may stand between the cue and its comma ("said in a statement,")
    words = text[after:].split(maxsplit=1)
    return bool(words) and words[0][:1].islower() and not trailing(text, after)


_NARRATED = re.compile(rf", (?i:and|but|so) (?:(?i:{'|'.join(sorted(lex.SPEAKING_PRONOUNS - {'it'}))})\b|[a-z]+ed\b)")
"""A comma, a coordinator and a personal subject pronoun ("it" may stand for what was said) or a
verb in the past tense with no subject ("said the border would reopen, but declined to give a
date"): the writer's own next clause or the speaker's next act, not more of what was said."""


def narrated(text: str, start: int, stop: int) -> int:
    """Return where the content from ``start`` ends before the writer's own clause ("..., and you have all seen it").

    "I told you there was water in it, and you have all seen it boil": after a comma, "and",
    "but" or "so" with a subject of its own goes on with the story. Inside a quotation every
    word is what was said. Returns ``stop`` when no such clause starts before it.
    """
    if text.find('"', start, stop) >= 0 or text.find("“", start, stop) >= 0:
        return stop
    found = _NARRATED.search(text, start, stop)
    return found.start() if found else stop


def trailing(text: str, after: int) -> bool:
    """Return True when the words from ``after`` open with a word joining the writer's own clause ("and", "while").

    After "that" they open what was said ("testified that while they had not been briefed, they had prepared").
    """
    words = text[after:].split(maxsplit=1) if after >= 0 else []
    if not words or words[0].lower() not in _TRAILING:
        return False
    previous = text[:after].rsplit(maxsplit=1)
    return not previous or previous[-1].lower() != "that"


def opens_quote(text: str, start: int) -> bool:
    """Return True when the content starting at ``start`` opens with a quotation mark just before it."""
    return text[:start].rstrip(" ").endswith(('"', "“"))


def resumed(text: str, before: int, after: int) -> bool:
    """Return True when a quote broken by its speaker goes on after the cue.

    '"We have a mandate," she said, "and we intend to use it."': the quote before the speaker
    (ending at ``before``) closes on a comma, and the content after the cue (from ``after``)
    opens another.
    """
    return after >= 0 and opens_quote(text, after) and text[:before].rstrip(' "”').endswith(",")


def quote_resumes(tokens: Tokens, k: int) -> int:
    """Return where a quote that opens after a comma at token ``k`` starts its words, else -1.

    '"...," said Ann Ray, "and ..."': the speaker after the cue ends at the comma ``k``. A short
    participle phrase may stand between ('"This," he said, pointing at the map, "is where ..."'),
    or a few words of how or where it was said ('"He lied," Hale wrote on Facebook, "and ..."').
    """
    if _comma_participle(tokens, k) or (k < tokens.size and tokens.text[k].islower()):
        aside = next((m for m in range(k + 1, min(k + ASIDE_WORDS + 2, tokens.size)) if tokens.punct(m)), -1)
        k = aside if aside > 0 else k
    if k + 2 < tokens.size and tokens.text[k] == "," and tokens.quote(k + 1):
        return tokens.start[k + 2]
    return -1


ASIDE_WORDS = 6
"""Words of a participle phrase or an adverbial between a speaker and the quote they go on with."""


EMBEDDING_WINDOW = 12
"""Characters read before a clause for the "that" that embeds it."""


def embedded(text: str, start: int) -> bool:
    """Return True when the clause starting at ``start`` follows a "that": it is reported by an earlier cue."""
    words = text[max(0, start - EMBEDDING_WINDOW) : start].split()  # the last word only: linear in the sentence
    return bool(words) and words[-1].lower() == "that"


def reported_after(tokens: Tokens, k: int) -> bool:
    """Return True when "that", a colon or a quotation follows the cue ending before token ``k`` soon.

    Such content is what the cue reports, even when a quotation stands before the speaker.
    """
    for m in range(k, min(k + THAT_REACH, tokens.size)):
        if tokens.lower[m] == "that" or tokens.text[m] == ":" or tokens.quote(m):
            return True
        if tokens.punct(m):
            return False
    return False


def trim(text: str, start: int, end: int) -> Span:
    """Return ``(start, end)`` without surrounding punctuation, quote marks and dangling conjunctions."""
    limit = end
    while True:
        while start < end and text[start] in _STRIP:
            start += 1
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        cut = text.rfind(" ", start, end)
        if cut > start and text[cut + 1 : end].lower() in _TRAILING:
            end = cut
            continue
        return _balance(text, start, end, limit)


def _balance(text: str, start: int, end: int, limit: int) -> Span:
    """Return ``(start, end)`` widened to the quote marks that close (before ``limit``) or open its quotes."""
    straight = text.count('"', start, end) % 2 == 1
    opened, closed = text.count("“", start, end), text.count("”", start, end)
    if straight or opened > closed:
        closing = text.find('"' if straight else "”", end, limit)
        if closing >= 0:
            return start, closing + 1
    opening = '"' if straight else "“"
    if start > 0 and text[start - 1] == opening and (straight or closed > opened):
        return start - 1, end
    if end < limit and text[end] in "'’" and _SINGLE_OPENING.search(text, start, end):
        return start, end + 1  # "ceasefire is 'within reach'": the single quote that closes the one it opens
    return start, end


_SINGLE_OPENING = re.compile(r"(?<!\S)['‘]\w")
"""A single quotation mark that opens a quote: at a word's start, after a space (not "Ray's")."""


def scene(text: str, span: Span) -> bool:
    """Return True when ``span`` is one subordinate clause or introductory phrase ("If prices rise", "In his speech").

    Such a part only sets the scene of the sentence's main clause: it is no content before its
    speaker. One with the main clause after its comma ("If it rains, the match is off") is.
    """
    words = text[span[0] : span[1]].lower().split()
    while words and words[0] in _COORDINATORS:
        words = words[1:]
    opens = bool(words) and (words[0] in lex.SUBORDINATORS or words[0] in lex.INTRODUCTIONS)
    return opens and "," not in text[span[0] : span[1]]


def before(text: str, end: int, floor: int) -> Span:
    """Return the content before a speaker: the quote that closes just before ``end``, else the clause.

    A clause joined to an earlier claim's starts after its conjunction ("Prices will rise, Ray said,
    and wages will fall, Berg said": Berg said that wages will fall).
    """
    start, stop = trim(text, floor, end)
    words = text[start:stop].split(maxsplit=1)
    if len(words) == 2 and words[0].lower() in _COORDINATORS:
        start, stop = trim(text, start + len(words[0]), stop)
    last = stop - 1 if stop > start and text[stop - 1] in '"”' else stop  # the closing mark itself
    opening = max(text.rfind("“", start, last), text.rfind('"', start, last))
    if opening >= 0 and text[floor:end].rstrip(" ,").endswith(("”", '"')):
        return trim(text, opening, stop)
    return start, stop


def quote_closes_before(tokens: Tokens, k: int) -> bool:
    """Return True when a quotation closes right before token ``k`` ("...," said X; "...," X said)."""
    m = k - 1 if k >= 1 and tokens.text[k - 1] in {"—", "–"} else k
    return m >= 2 and tokens.quote(m - 1) and tokens.text[m - 2] in {",", "?", "!", "."}
