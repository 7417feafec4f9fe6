"""Reported speech in one sentence: who (source), which words report (cue), and what (content).

A shallow grammar over word tokens, no parser: a cue verb is a claim when a plausible subject
stands before it (a noun phrase that starts a clause, a pronoun or a name), when it follows the
quote it reports (``"...," said X``), when it opens ``According to X``, or when it is a
participle (``..., saying ...``) whose main clause has a subject. Offsets are character offsets
into the sentence.
"""

from __future__ import annotations

import bisect
import operator
from typing import NamedTuple

from workbench.claims import _lexicon as lex
from workbench.claims import _phrases as ph
from workbench.claims._phrases import Span, Token


class Claim(NamedTuple):
    """One attributed statement in a sentence, as character offsets into the sentence."""

    source: Span
    cue: Span
    content: Span
    lemma: str
    hedged: bool


class _Draft(NamedTuple):
    source: Span
    cue: Span
    lemma: str
    hedged: bool
    after: int  # where content after the cue starts, or -1 when it stands before the source
    clause: int  # where this claim's clause starts: content of an earlier claim stops there
    before: int  # content before the claim ends here (quote-first and "..., X said" forms)


def _inside_quote(text: str, position: int) -> bool:
    """Return True when ``position`` lies between an opening and a closing quote mark."""
    if text.count('"', 0, position) % 2 == 1 and text.find('"', position) >= 0:
        return True
    return text.rfind("“", 0, position) > text.rfind("”", 0, position) and text.find("”", position) >= 0


def _clause_follows(tokens: list[Token], k: int) -> bool:
    """Return True when a quote, a "that" clause or nothing follows the cue ending before token ``k``.

    Only adverbials may stand between the cue and "that" ("wrote in an opinion that"), not an
    object ("add weight to the idea that").
    """
    if k >= len(tokens) or tokens[k][2] in lex.QUOTES or tokens[k][2] in {":", ",", ".", "—", "–"}:
        return True
    if ph.word(tokens[k]) != "that" and ph.word(tokens[k]) not in lex.ADVERBIAL_STARTS:
        return False
    for m in range(k, min(k + 9, len(tokens))):
        if ph.word(tokens[m]) == "that":
            return True
        if ph.is_punct(tokens[m]):
            return False
    return False


def _quote_follows(tokens: list[Token], k: int) -> bool:
    """Return True when a quote opens within a few words after token ``k`` ("called the plan "a gift"")."""
    for m in range(k, min(k + 6, len(tokens))):
        if tokens[m][2] in lex.QUOTES:
            return True
        if ph.is_punct(tokens[m]):
            return False
    return False


def _verb_reading(tokens: list[Token], head: int, k: int) -> bool:
    """Return True when a cue that is also a noun ("claims", "estimate") is a verb after subject ``head``.

    It is when its subject is a pronoun or a speaker noun ("analysts estimate"), or when a name is
    followed by "that", a quote or a colon ("Reuters reports that"), not in "EU rules" or "growing doubts".
    """
    lower = ph.word(tokens[head])
    if lower in lex.PRONOUNS or lower in lex.SPEAKER_NOUNS:
        return True
    reports = k < len(tokens) and (ph.word(tokens[k]) == "that" or tokens[k][2] in lex.QUOTES or tokens[k][2] == ":")
    return reports and ph.speaker_like(tokens[head])


def _according_to(tokens: list[Token], i: int, last: int) -> tuple[Span, int, int] | None:
    """Return ``(source, content_after, clause)`` token positions of an "according to X" claim."""
    span = ph.after(tokens, last + 1, len(tokens), links=lex.LINKS | {"by"}, cues=False)
    if span is None:
        return None
    after = span[1] + 1
    opens = ph.opens_clause(tokens, i - 1) and (i == 0 or tokens[i - 1][2] != ",")
    if opens and after < len(tokens) and tokens[after][2] == ",":
        return span, after + 1, i
    clause = i - 1 if i > 0 and tokens[i - 1][2] == "," else i
    return span, -1, clause


def _auxiliaries(tokens: list[Token], i: int) -> tuple[int, list[str], int]:
    """Return the first token of the verb group ending at token ``i``, its auxiliaries, and the token before it."""
    first, auxiliaries, j = i, [], i - 1
    while j >= 0:
        lower, raw = ph.word(tokens[j]), tokens[j][2]
        if lower in lex.AUXILIARIES or lower.endswith(("n't", "n’t")):
            auxiliaries.append(lower)
            first = j
        elif not (lower in lex.ADVERBS or (raw.islower() and lower.endswith("ly") and lower not in lex.NOT_ADVERBS)):
            break
        j -= 1
    return first, auxiliaries, j


def _draft(text: str, tokens: list[Token], i: int, last: int, drafts: list[_Draft]) -> _Draft | None:
    """Return the claim whose cue spans tokens ``i..last``, or None when it is not a claim."""
    surface = " ".join(text[tokens[i][0] : tokens[last][1]].split())
    if surface.lower() == lex.ACCORDING_TO:
        found = _according_to(tokens, i, last)
        if found is None:
            return None
        span, after, clause = found
        return _Draft(_chars(tokens, span), _chars(tokens, (i, last)), lex.ACCORDING_TO, False,
                      _start(tokens, after), tokens[clause][0], tokens[clause][0])  # fmt: skip
    cue = lex.CUES[surface]
    if _inside_quote(text, tokens[i][0]):
        return None
    first, auxiliaries, j = _auxiliaries(tokens, i)
    if any(ph.word(tokens[k]) in _NEGATIONS or tokens[k][2].endswith(("n't", "n’t")) for k in range(j + 1, i)):
        return None  # "has not said whether", "didn't say": nothing was stated
    cue_span = _chars(tokens, (first, last))
    hedged = cue.hedged or any(a in lex.HEDGING_AUXILIARIES for a in auxiliaries)
    following = ph.word(tokens[last + 1]) if last + 1 < len(tokens) else ""
    if following == "by" and not cue.participle and not cue.noun and not surface.endswith("s"):
        agent = ph.after(tokens, last + 2, len(tokens))
        if agent is None:
            return None
        return _Draft(_chars(tokens, agent), cue_span, cue.lemma, hedged, _content_start(tokens, agent[1] + 1),
                      cue_span[0], cue_span[0])  # fmt: skip
    passive = any(a in lex.BE_FORMS for a in auxiliaries) and not cue.participle
    if passive or (j >= 0 and ph.word(tokens[j]) == "to") or (following == "to" and cue.lemma in _NOT_BEFORE_TO):
        return None
    found = _source(tokens, j, last, cue, bool(auxiliaries), drafts)
    if found is None or (cue.needs_clause and not _clause_follows(tokens, last + 1)):
        return None
    if cue.needs_quote and not _quote_follows(tokens, last + 1):
        return None
    span, kind = found
    left = tokens[j][0] if j >= 0 else cue_span[0]
    if kind == "inverted":
        return _Draft(span, cue_span, cue.lemma, hedged, -1, left, left)
    after = tokens[last + 1][0] if cue.needs_quote else _content_start(tokens, last + 1)  # "called that idea "..."
    if kind == "participle":
        return _Draft(span, cue_span, cue.lemma, hedged, after, left, -1)
    k = ph_start = tokens_index(tokens, span[0])
    while k > 0 and (tokens[k - 1][2] == "," or ph.word(tokens[k - 1]) in lex.CLAUSE_OPENERS):
        k -= 1
    return _Draft(span, cue_span, cue.lemma, hedged, after, tokens[k][0], tokens[ph_start][0])


_NEGATIONS = frozenset({"not", "never"})
"""Words in a verb group that negate its cue ("did not say", "has never claimed")."""
_NEVER_INVERTED = frozenset({"tell"})
"""Cues whose speaker never follows them: after "told" comes the listener ("told investors")."""
_NOT_BEFORE_TO = frozenset({"tell", "warn", "urge", "ask", "order"})
"""Verbs that report nothing when "to" follows at once: "residents told to leave" is a passive."""


def tokens_index(tokens: list[Token], char: int) -> int:
    """Return the index of the first token that starts at or after character ``char``."""
    return bisect.bisect_left(tokens, char, key=_first)


_first = operator.itemgetter(0)


def _chars(tokens: list[Token], span: Span) -> Span:
    return tokens[span[0]][0], tokens[span[1]][1]


def _start(tokens: list[Token], k: int) -> int:
    return tokens[k][0] if 0 <= k < len(tokens) else -1


def _source(
    tokens: list[Token], j: int, last: int, cue: lex.Cue, has_auxiliary: bool, drafts: list[_Draft]
) -> tuple[Span, str] | None:
    """Find the speaker of the cue whose verb group starts after token ``j``; return its span and form."""
    left = tokens[j][2] if j >= 0 else ""
    if cue.participle and not has_auxiliary:
        after_quote = left in lex.QUOTES and j >= 1 and tokens[j - 1][2] == ","
        if left == "," or after_quote or left.lower() in lex.PARTICIPLE_OPENERS:
            if drafts:
                return drafts[-1].source, "participle"
            main = ph.main_subject(tokens, j)
            return (_chars(tokens, main), "participle") if main else None
        span = ph.before(tokens, j)
        if span and span[0] > 0 and ph.word(tokens[span[0] - 1]) == "with":
            return _chars(tokens, span), "absolute"
        return None
    if left == ")":
        return _bracketed(tokens, j, last, cue, has_auxiliary)
    span = ph.before(tokens, j)
    if span is not None:
        span = ph.subject(tokens, span)
        if span is None:
            return None
        if cue.noun and not has_auxiliary and not _verb_reading(tokens, span[1], last + 1):
            return None
        return _chars(tokens, span), "subject"
    if left.lower() == "and":
        if drafts:
            return drafts[-1].source, "participle"
        main = ph.main_subject(tokens, j)
        return (_chars(tokens, main), "participle") if main else None
    if left.lower() == "who":
        k = j - 1 if j >= 1 and tokens[j - 1][2] == "," else j
        span = ph.before(tokens, k - 1)
        span = span and ph.subject(tokens, span)
        return (_chars(tokens, span), "subject") if span else None
    if left not in lex.QUOTES and left != ",":
        return None
    span = ph.after(tokens, last + 1, len(tokens))
    if span is not None and not has_auxiliary and cue.lemma not in _NEVER_INVERTED:
        nxt = span[1] + 1
        # A quote opening after the phrase makes it the object of a "said" whose subject came
        # first ("A spokeswoman, Dana Kerr, said President Biden "strongly supports" it").
        ends = nxt >= len(tokens) or (ph.is_punct(tokens[nxt]) and tokens[nxt][2] not in lex.QUOTES)
        ends = ends or ph.word(tokens[nxt]) in {"who", "in", "on", "at"}
        quoted = left in lex.QUOTES or (j >= 1 and tokens[j - 1][2] in lex.QUOTES)
        if ends and (quoted or ph.speaker_like(ph.head(tokens, span))):
            return _chars(tokens, span), "inverted"
    if left == ",":
        span = ph.appositive(tokens, j)
        if span:
            return _chars(tokens, span), "subject"
    return None


def _bracketed(tokens: list[Token], j: int, last: int, cue: lex.Cue, has_auxiliary: bool) -> tuple[Span, str] | None:
    """Return the speaker ending in a bracket at token ``j``: "The Forum for the Environment (WALHI) said"."""
    opening = next((k for k in range(j - 1, max(0, j - 6), -1) if tokens[k][2] == "("), 0)
    span = ph.before(tokens, opening - 1) if opening else None
    span = span and ph.subject(tokens, span)
    if not span or (cue.noun and not has_auxiliary and not _verb_reading(tokens, span[1], last + 1)):
        return None
    return (tokens[span[0]][0], tokens[j][1]), "subject"


def _content_start(tokens: list[Token], k: int) -> int:
    """Return where the reported content after a cue starts: after "that" when it comes soon.

    A participle phrase after a comma ("said, speaking on condition of anonymity") is no content: -1.
    """
    if k + 1 < len(tokens) and tokens[k][2] == "," and tokens[k + 1][2].islower() and tokens[k + 1][2].endswith("ing"):
        return -1
    for m in range(k, min(k + 9, len(tokens))):
        if ph.word(tokens[m]) == "that":
            return tokens[m + 1][0] if m + 1 < len(tokens) else tokens[m][1]
        if ph.is_punct(tokens[m]):
            break
    while k < len(tokens) and tokens[k][2] in {":", ",", *lex.QUOTES}:
        k += 1
    return tokens[k][0] if k < len(tokens) else -1


_TRAILING = frozenset({"while", "and", "but", "as", "whereas", "with", "adding", "saying"})


def _trim(text: str, start: int, end: int) -> Span:
    """Return ``(start, end)`` without surrounding punctuation, quote marks and dangling conjunctions."""
    strip = " \t\n,.;:—–-\"“”‘’'"
    limit = end
    while True:
        while start < end and text[start] in strip:
            start += 1
        while end > start and text[end - 1] in strip:
            end -= 1
        words = text[start:end].rsplit(None, 1)
        if len(words) == 2 and words[1].lower() in _TRAILING:
            end = start + len(words[0])
            continue
        return _balance(text, start, end, limit)


def _balance(text: str, start: int, end: int, limit: int) -> Span:
    """Return ``(start, end)`` widened to the quote marks that close (before ``limit``) or open its quotes."""
    inside = text[start:end]
    straight = inside.count('"') % 2 == 1
    if straight or inside.count("“") > inside.count("”"):
        closing = text.find('"' if straight else "”", end, limit)
        if closing >= 0:
            return start, closing + 1
    opening = '"' if straight else "“"
    if start > 0 and text[start - 1] == opening and (straight or inside.count("”") > inside.count("“")):
        return start - 1, end
    return start, end


def _before(text: str, end: int, floor: int) -> Span:
    """Return the content before a speaker: the quote that closes just before ``end``, else the clause."""
    start, stop = _trim(text, floor, end)
    head = text[start:stop]
    opening = max(head.rfind("“"), head.rfind('"'))
    if opening >= 0 and text[floor:end].rstrip(" ,").endswith(("”", '"')):
        return _trim(text, start + opening, stop)
    return start, stop


_RIGHT_CONTEXT = 160
"""Characters after the last cue that the grammar may read (a speaker after it, the start of its content)."""


def claims_in_sentence(text: str) -> list[Claim]:
    """Return the claims of one sentence, in the order of their cues.

    Examples
    --------
    >>> text = "Officials said that talks resumed."
    >>> [(text[slice(*c.source)], text[slice(*c.cue)], text[slice(*c.content)]) for c in claims_in_sentence(text)]
    [('Officials', 'said', 'talks resumed')]
    """
    matches = list(lex.CUE_PATTERN.finditer(text))
    if not matches:
        return []
    window = min(len(text), matches[-1].end() + _RIGHT_CONTEXT)
    tokens = ph.tokenize(text, window)
    drafts: list[_Draft] = []
    for match in matches:
        i = tokens_index(tokens, match.start())
        if i >= len(tokens) or tokens[i][0] != match.start():
            continue
        last = tokens_index(tokens, match.end()) - 1
        draft = _draft(text, tokens, i, last, drafts)
        if draft is not None:
            drafts.append(draft)
    claims = []
    for n, draft in enumerate(drafts):
        content = (-1, -1)
        if draft.after >= 0:
            later = [d.clause for d in drafts[n + 1 :] if d.clause > draft.after]
            content = _trim(text, draft.after, min(later, default=len(text)))
        if len(text[content[0] : content[1]].split()) < 3 and draft.before >= 0:
            floor = drafts[n - 1].cue[1] if n and drafts[n - 1].cue[1] <= draft.before else 0
            previous = _before(text, draft.before, floor)
            if len(text[previous[0] : previous[1]].split()) >= 3 or content[0] < 0:
                content = previous
        claims.append(Claim(draft.source, draft.cue, content, draft.lemma, draft.hedged))
    return claims
