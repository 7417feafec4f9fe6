"""Reported speech in one sentence: who (source), which words report (cue), and what (content).

A shallow grammar over word tokens, no parser: a cue verb is a claim when a plausible subject
stands before it (a noun phrase that starts a clause, a pronoun or a name), when it follows the
quote it reports (``"...," said X``), when it opens ``According to X``, or when it is a
participle (``..., saying ...``) whose main clause has a subject. Offsets are character offsets
into the sentence.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench.claims import _lexicon as lex

Token = tuple[int, int, str]
Span = tuple[int, int]


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


def _word(token: Token) -> str:
    return token[2].lower()


def _is_punct(token: Token) -> bool:
    return not token[2][0].isalnum()


def _inside_quote(text: str, position: int) -> bool:
    """Return True when ``position`` lies between an opening and a closing quote mark."""
    head, tail = text[:position], text[position:]
    if head.count('"') % 2 == 1 and '"' in tail:
        return True
    return head.rfind("“") > head.rfind("”") and "”" in tail


def _np_before(tokens: list[Token], j: int) -> Span | None:
    """Return the token span of the noun phrase that ends at token ``j``, walking left."""
    if j < 0 or _is_punct(tokens[j]):
        return None
    if _word(tokens[j]) in lex.PRONOUNS:
        return j, j
    first, k, words = None, j, 0
    while k >= 0 and words < 12:
        word = _word(tokens[k])
        if _is_punct(tokens[k]):
            break
        if word in lex.DETERMINERS:
            first, k = k, k - 1
            if k >= 1 and _word(tokens[k]) in lex.LINKS:
                k -= 1
                continue
            break
        if word in lex.LINKS and first is not None:
            k -= 1
            continue
        if word == "and" and first is not None and k >= 1 and tokens[k - 1][2][0].isupper():
            k -= 1
            continue
        if word in lex.STOP or word in lex.AUXILIARIES or word in lex.PRONOUNS or word in lex.CUES:
            break
        first, k, words = k, k - 1, words + 1
    if first is None or words >= 12:
        return None
    return first, j


def _np_after(tokens: list[Token], k: int, end: int, links: frozenset[str] = lex.LINKS) -> Span | None:
    """Return the token span of the noun phrase that starts at token ``k``, walking right."""
    if k >= end or _is_punct(tokens[k]):
        return None
    if _word(tokens[k]) in lex.PRONOUNS:
        return k, k
    first, last = k, None
    while k < end and k - first < 12:
        word = _word(tokens[k])
        if _is_punct(tokens[k]):
            break
        after_link = last is not None and _word(tokens[k - 1]) in links
        if word in lex.DETERMINERS:
            if last is not None and not after_link:
                break
        elif word in links:
            if last is None or k + 1 >= end or _is_punct(tokens[k + 1]):
                break
            k += 1
            continue
        elif _ends_phrase(tokens[k]):
            break
        last, k = k, k + 1
    if last is None or _word(tokens[last]) in lex.DETERMINERS:
        return None
    return first, last


def _ends_phrase(token: Token) -> bool:
    """Return True for a word that cannot continue a noun phrase read left to right."""
    word = token[2].lower()
    closed = word in lex.STOP or word in lex.AUXILIARIES or word in lex.CUES or word in lex.PRONOUNS
    return closed or (token[2].islower() and word.endswith("ed"))


def _head(tokens: list[Token], span: Span) -> Token:
    """Return the head word of a noun phrase: its last word before a joining preposition."""
    for k in range(span[0] + 1, span[1] + 1):
        if _word(tokens[k]) in lex.LINKS:
            return tokens[k - 1]
    return tokens[span[1]]


def _speaker_like(token: Token) -> bool:
    word = _word(token)
    return token[2][0].isupper() or word in lex.PRONOUNS or word in lex.SPEAKER_NOUNS


def _opens_clause(tokens: list[Token], k: int) -> bool:
    return k < 0 or _is_punct(tokens[k]) or _word(tokens[k]) in lex.CLAUSE_OPENERS


def _subject(tokens: list[Token], span: Span) -> Span | None:
    """Return ``span`` if it can be the subject of the next verb, else its part after an inner "and"."""
    head = tokens[span[1]][2]
    word = head.lower()
    if word in lex.DETERMINERS or head.endswith(("'s", "’s", "s'", "s’")):
        return None
    if _opens_clause(tokens, span[0] - 1):
        return span
    for k in range(span[1] - 1, span[0], -1):
        if _word(tokens[k]) == "and":
            return (k + 1, span[1])
    return None


def _clause_follows(tokens: list[Token], k: int) -> bool:
    """Return True when a reported clause or quote (or nothing) follows the cue ending before ``k``."""
    if k >= len(tokens):
        return True
    nxt = tokens[k][2]
    return nxt.lower() == "that" or nxt in lex.QUOTES or nxt in {":", ",", ".", "—", "–"}


def _main_subject(tokens: list[Token], upto: int) -> Span | None:
    """Return the subject of the sentence's main clause, before token ``upto``."""
    start = 0
    while start < upto and tokens[start][2] in lex.QUOTES:
        start += 1
    if start < upto and (_word(tokens[start]) in lex.INTRODUCTIONS or _word(tokens[start]).endswith("ly")):
        commas = [k for k in range(start, upto) if tokens[k][2] == ","]
        if not commas:
            return None
        start = commas[0] + 1
    span = _np_after(tokens, start, upto)
    if span is None or not _speaker_like(_head(tokens, span)):
        return None
    return span


def _according_to(tokens: list[Token], i: int, last: int) -> tuple[Span, int, int] | None:
    """Return ``(source, content_after, clause)`` token positions of an "according to X" claim."""
    span = _np_after(tokens, last + 1, len(tokens), lex.LINKS | {"by"})
    if span is None:
        return None
    after = span[1] + 1
    opens = _opens_clause(tokens, i - 1) and (i == 0 or tokens[i - 1][2] != ",")
    if opens and after < len(tokens) and tokens[after][2] == ",":
        return span, after + 1, i
    clause = i - 1 if i > 0 and tokens[i - 1][2] == "," else i
    return span, -1, clause


def _draft(text: str, tokens: list[Token], i: int, last: int, drafts: list[_Draft]) -> _Draft | None:
    """Return the claim whose cue spans tokens ``i..last``, or None when it is not a claim."""
    surface = " ".join(text[tokens[i][0] : tokens[last][1]].split())
    cue_end = tokens[last][1]
    if surface.lower() == lex.ACCORDING_TO:
        found = _according_to(tokens, i, last)
        if found is None:
            return None
        span, after, clause = found
        after_char = tokens[after][0] if 0 <= after < len(tokens) else -1
        return _Draft(_chars(tokens, span), (tokens[i][0], cue_end), lex.ACCORDING_TO, False, after_char,
                      tokens[clause][0], tokens[clause][0])  # fmt: skip
    cue = lex.CUES[surface]
    if _inside_quote(text, tokens[i][0]):
        return None
    first, auxiliaries, j = i, [], i - 1
    while j >= 0:
        word, raw = _word(tokens[j]), tokens[j][2]
        if word in lex.AUXILIARIES or word.endswith(("n't", "n’t")):
            auxiliaries.append(word)
            first = j
        elif not (word in lex.ADVERBS or (raw.islower() and word.endswith("ly") and word not in lex.NOT_ADVERBS)):
            break
        j -= 1
    left = _word(tokens[j]) if j >= 0 else ""
    passive = any(a in lex.BE_FORMS for a in auxiliaries) and not cue.participle
    follows_to = last + 1 < len(tokens) and _word(tokens[last + 1]) == "to"
    if left == "to" or passive or (follows_to and cue.lemma in {"tell", "warn", "urge"}):
        return None
    hedged = cue.hedged or any(a in lex.HEDGING_AUXILIARIES for a in auxiliaries)
    source = _source(tokens, j, last, cue, bool(auxiliaries), drafts)
    if source is None:
        return None
    span, kind = source
    if cue.needs_clause and not _clause_follows(tokens, last + 1):
        return None
    cue_span = (tokens[first][0], cue_end)
    if kind == "inverted":
        clause = tokens[j][0] if j >= 0 else cue_span[0]
        return _Draft(span, cue_span, cue.lemma, hedged, -1, clause, clause)
    if kind == "participle":
        clause = tokens[j][0] if j >= 0 else cue_span[0]
        return _Draft(span, cue_span, cue.lemma, hedged, _content_start(tokens, last + 1), clause, clause)
    k = span_start = tokens_index(tokens, span[0])
    while k > 0 and (tokens[k - 1][2] == "," or _word(tokens[k - 1]) in lex.CLAUSE_OPENERS):
        k -= 1
    return _Draft(span, cue_span, cue.lemma, hedged, _content_start(tokens, last + 1), tokens[k][0],
                  tokens[span_start][0])  # fmt: skip


def tokens_index(tokens: list[Token], char: int) -> int:
    """Return the index of the token that starts at character ``char``."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid][0] < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _chars(tokens: list[Token], span: Span) -> Span:
    return tokens[span[0]][0], tokens[span[1]][1]


def _source(
    tokens: list[Token], j: int, last: int, cue: lex.Cue, has_auxiliary: bool, drafts: list[_Draft]
) -> tuple[Span, str] | None:
    """Find the speaker of the cue whose auxiliaries start after token ``j``; return its span and form."""
    left = tokens[j][2] if j >= 0 else ""
    if cue.participle and not has_auxiliary:
        if left == "," or left.lower() in lex.PARTICIPLE_OPENERS:
            if drafts:
                return drafts[-1].source, "participle"
            subject = _main_subject(tokens, j)
            return (_chars(tokens, subject), "participle") if subject else None
        span = _np_before(tokens, j)
        if span and span[0] > 0 and _word(tokens[span[0] - 1]) == "with":
            return _chars(tokens, span), "absolute"
        return None
    span = _np_before(tokens, j)
    if span is not None:
        span = _subject(tokens, span)
        if span is None:
            return None
        strong = _speaker_like(tokens[span[1]]) or has_auxiliary or _clause_follows(tokens, last + 1)
        return (_chars(tokens, span), "subject") if strong or not cue.noun else None
    if left.lower() == "who":
        k = j - 1 if j >= 1 and tokens[j - 1][2] == "," else j
        span = _np_before(tokens, k - 1)
        span = span and _subject(tokens, span)
        return (_chars(tokens, span), "subject") if span else None
    if left not in lex.QUOTES and left != ",":
        return None
    span = _np_after(tokens, last + 1, len(tokens))
    if span is not None and not has_auxiliary:
        nxt = span[1] + 1
        ends = nxt >= len(tokens) or _is_punct(tokens[nxt]) or _word(tokens[nxt]) in {"who", "in", "on", "at"}
        quoted = left in lex.QUOTES or (j >= 1 and tokens[j - 1][2] in lex.QUOTES)
        if ends and (quoted or _speaker_like(_head(tokens, span))):
            return _chars(tokens, span), "inverted"
    if left == ",":
        commas = [k for k in range(max(0, j - 16), j) if tokens[k][2] == ","]
        span = _np_before(tokens, commas[-1] - 1) if commas else None
        span = span and _subject(tokens, span)
        if span and _speaker_like(tokens[span[1]]):
            return _chars(tokens, span), "subject"
    return None


def _content_start(tokens: list[Token], k: int) -> int:
    """Return where the reported content after a cue starts: after "that" when it comes soon."""
    for m in range(k, min(k + 9, len(tokens))):
        if _word(tokens[m]) == "that":
            return tokens[m + 1][0] if m + 1 < len(tokens) else tokens[m][1]
        if _is_punct(tokens[m]):
            break
    while k < len(tokens) and tokens[k][2] in {":", ",", *lex.QUOTES}:
        k += 1
    return tokens[k][0] if k < len(tokens) else -1


_TRAILING = frozenset({"while", "and", "but", "as", "whereas", "with", "adding", "saying"})


def _trim(text: str, start: int, end: int) -> Span:
    """Return ``(start, end)`` without surrounding punctuation, quote marks and dangling conjunctions."""
    strip = " \t\n,.;:—–-\"“”‘’'"
    while True:
        while start < end and text[start] in strip:
            start += 1
        while end > start and text[end - 1] in strip:
            end -= 1
        words = text[start:end].rsplit(None, 1)
        if len(words) == 2 and words[1].lower() in _TRAILING:
            end = start + len(words[0])
            continue
        return start, end


def _before(text: str, end: int, floor: int) -> Span:
    """Return the content before a speaker: the quote that closes just before ``end``, else the clause."""
    start, stop = _trim(text, floor, end)
    head = text[start:stop]
    opening = max(head.rfind("“"), head.rfind('"'))
    if opening >= 0 and text[floor:end].rstrip(" ,").endswith(("”", '"')):
        return _trim(text, start + opening, stop)
    return start, stop


def claims_in_sentence(text: str) -> list[Claim]:
    """Return the claims of one sentence, in the order of their cues.

    Examples
    --------
    >>> [text[slice(*c.source)] for c in claims_in_sentence(text := "Officials said that talks resumed.")]
    ['Officials']
    """
    matches = list(lex.CUE_PATTERN.finditer(text))
    if not matches:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in lex.TOKEN.finditer(text)]
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
        if len(text[content[0] : content[1]].split()) < 3:
            floor = drafts[n - 1].cue[1] if n and drafts[n - 1].cue[1] <= draft.before else 0
            previous = _before(text, draft.before, floor)
            if len(text[previous[0] : previous[1]].split()) >= 3 or content[0] < 0:
                content = previous
        claims.append(Claim(draft.source, draft.cue, content, draft.lemma, draft.hedged))
    return claims
