"""Noun phrases read off word tokens: the speakers that stand before or after a reporting cue.

Tokens are ``(start, end, text)`` triples from :data:`workbench.claims._lexicon.TOKEN`; spans are
inclusive ``(first, last)`` token indices. The walks are shallow on purpose: a speaker is a run of
names, nouns, determiners and joining prepositions ("Conservatives in the U.S.") that no function
word, auxiliary or reporting verb interrupts.
"""

from __future__ import annotations

from workbench.claims import _lexicon as lex

Token = tuple[int, int, str]
Span = tuple[int, int]

_MAX_WORDS = 12


def tokenize(text: str, end: int) -> list[Token]:
    """Return the tokens of ``text[:end]`` as ``(start, end, text)`` triples.

    One ``findall`` of strings, offsets summed from their lengths: no match object per word.
    """
    tokens = []
    position = 0
    for space, token in lex.SPACED_TOKEN.findall(text, 0, end):
        start = position + len(space)
        position = start + len(token)
        tokens.append((start, position, token))
    return tokens


def word(token: Token) -> str:
    """Return the token's text in lower case."""
    return token[2].lower()


def is_punct(token: Token) -> bool:
    """Return True for a punctuation token."""
    return not token[2][0].isalnum()


def _capitalised(token: Token) -> bool:
    return token[2][0].isupper()


def closed(tokens: list[Token], k: int, *, cues: bool = True) -> bool:
    """Return True when token ``k`` is a function word or verb that no speaker's name contains.

    Acronyms ("WHO", "US") are names; a capitalised function word between two capitalised words
    belongs to a name ("Doctors Without Borders").
    """
    raw = tokens[k][2]
    lower = raw.lower()
    if len(raw) > 1 and raw.isupper():
        return False
    function = lower in lex.STOP or lower in lex.AUXILIARIES or lower in lex.PRONOUNS
    if raw.islower():
        return function or (cues and lower in lex.CUES and not lex.CUES[lower].noun)
    inside = 0 < k < len(tokens) - 1 and _capitalised(tokens[k - 1]) and _capitalised(tokens[k + 1])
    return function and not inside


def before(tokens: list[Token], j: int) -> Span | None:
    """Return the noun phrase that ends at token ``j``, walking left; None when there is none."""
    if j < 0 or is_punct(tokens[j]):
        return None
    if word(tokens[j]) in lex.PRONOUNS:
        return j, j
    first, k, words = None, j, 0
    while k >= 0 and words < _MAX_WORDS and not is_punct(tokens[k]):
        lower = word(tokens[k])
        if lower in lex.DETERMINERS:
            first, k = k, k - 1
            if k >= 1 and word(tokens[k]) in lex.LINKS:
                k -= 1
                continue
            break
        joins = lower in ("and", "on") and k >= 1 and _capitalised(tokens[k - 1])  # "Council on Foreign Relations"
        if first is not None and (lower in lex.LINKS or (joins and (lower == "and" or _capitalised(tokens[k + 1])))):
            k -= 1
            continue
        if closed(tokens, k):
            break
        first, k, words = k, k - 1, words + 1
    if first is None or words >= _MAX_WORDS:
        return None
    return first, j


def after(
    tokens: list[Token], k: int, end: int, *, links: frozenset[str] = lex.LINKS, cues: bool = True
) -> Span | None:
    """Return the noun phrase that starts at token ``k``, walking right up to token ``end``.

    After a name, a lower-case word continues the phrase only when it is a speaker noun
    ("U.S. officials") or follows a possessive ("Iran's foreign ministry").
    """
    if k >= end or is_punct(tokens[k]):
        return None
    if word(tokens[k]) in lex.PRONOUNS:
        return k, k
    first, last, named = k, None, False
    while k < end and k - first < _MAX_WORDS and not is_punct(tokens[k]):
        lower, raw = word(tokens[k]), tokens[k][2]
        previous = tokens[k - 1][2] if last is not None else ""
        if lower in lex.DETERMINERS:
            if last is not None and previous.lower() not in links:
                break
        elif lower in links and raw.islower():
            if last is None or k + 1 >= end or is_punct(tokens[k + 1]) or tokens[k + 1][2].endswith("ing"):
                break
            k += 1
            continue
        elif closed(tokens, k, cues=cues) or (raw.islower() and _ends_name(lower, named, previous)):
            break
        named = named or (_capitalised(tokens[k]) and lower not in lex.DETERMINERS)
        last, k = k, k + 1
    if last is None or word(tokens[last]) in lex.DETERMINERS:
        return None
    return first, last


def _ends_name(lower: str, named: bool, previous: str) -> bool:
    """Return True when a lower-case word cannot continue a phrase read left to right (a verb, say)."""
    if lower.endswith("ed"):
        return True
    return named and lower not in lex.SPEAKER_NOUNS and not possessive(previous)


def possessive(text: str) -> bool:
    """Return True for a possessive word ("Israel's", "officials'")."""
    return text.endswith(("'s", "’s", "s'", "s’"))


def head(tokens: list[Token], span: Span) -> Token:
    """Return the head word of a noun phrase: its last word before a joining preposition."""
    for k in range(span[0] + 1, span[1] + 1):
        if word(tokens[k]) in lex.LINKS:
            return tokens[k - 1]
    return tokens[span[1]]


def speaker_like(token: Token) -> bool:
    """Return True for a word that names a speaker: a name, a pronoun or a speaker noun ("officials")."""
    return _capitalised(token) or word(token) in lex.PRONOUNS or word(token) in lex.SPEAKER_NOUNS


def opens_clause(tokens: list[Token], k: int) -> bool:
    """Return True when a new clause, and so a subject, may start right after token ``k``."""
    return k < 0 or is_punct(tokens[k]) or word(tokens[k]) in lex.CLAUSE_OPENERS


def subject(tokens: list[Token], span: Span) -> Span | None:
    """Return ``span`` if it can be the subject of the verb after it, else its part after an inner "and".

    A possessive or a bare determiner is no subject ("Iran's claims", "the said agreement"), nor
    is a phrase that follows a verb or preposition ("fired at Israel"), nor one in a condition
    ("if the commission finds").
    """
    last = tokens[span[1]][2]
    if last.lower() in lex.DETERMINERS or possessive(last):
        return None
    left = span[0] - 1
    if left >= 0 and word(tokens[left]) in {"if", "unless", "whether"}:
        return None
    if opens_clause(tokens, left):
        return span
    if left >= 0 and word(tokens[left]) == "by":
        return _document_by(tokens, left, span)
    for k in range(span[1] - 1, span[0], -1):
        if word(tokens[k]) == "and":
            return (k + 1, span[1])
    return None


def _document_by(tokens: list[Token], by: int, agent: Span) -> Span | None:
    """Return "A report released on Monday by the WHO" when a document noun opens a clause before ``by``."""
    for k in range(by - 1, max(-1, by - 9), -1):
        if is_punct(tokens[k]):
            return None
        if word(tokens[k]) in lex.DOCUMENT_NOUNS:
            noun = before(tokens, k)
            return (noun[0], agent[1]) if noun and opens_clause(tokens, noun[0] - 1) else None
    return None


def appositive(tokens: list[Token], j: int) -> Span | None:
    """Return the speaker of ``X, <appositive>,`` ending at the comma ``j``, appositive included when it is a name.

    "Guyana's foreign minister, Hugh Tennant-Rowe, told" gives "Guyana's foreign minister, Hugh
    Tennant-Rowe"; "The company, based in San Jose, Calif., denied" gives "The company".
    """
    commas = [k for k in range(max(0, j - 20), j) if tokens[k][2] == ","]
    for comma in commas:
        span = before(tokens, comma - 1)
        span = span and subject(tokens, span)
        if not span:
            continue
        inner = comma + 1
        if not (speaker_like(head(tokens, span)) or _capitalised(tokens[inner])):
            continue
        if _capitalised(tokens[inner]) and not closed(tokens, inner):
            stop = next((k for k in range(inner, j) if tokens[k][2] == ","), j)
            return span[0], stop - 1
        return span
    return None


def main_subject(tokens: list[Token], upto: int) -> Span | None:
    """Return the subject of the sentence's main clause, before token ``upto`` (for "..., saying")."""
    start = 0
    while start < upto and tokens[start][2] in lex.QUOTES:
        start += 1
    if start < upto and (word(tokens[start]) in lex.INTRODUCTIONS or word(tokens[start]).endswith("ly")):
        commas = [k for k in range(start, upto) if tokens[k][2] == ","]
        if not commas:
            return None
        start = commas[0] + 1
    span = after(tokens, start, upto)
    if span is None or speaker_like(head(tokens, span)):
        return span
    # A verb read as a noun ("The firm cut 200 jobs"): keep the phrase up to its first speaker noun.
    nouns = [k for k in range(span[0], span[1] + 1) if word(tokens[k]) in lex.SPEAKER_NOUNS]
    return (span[0], nouns[0]) if nouns else None
