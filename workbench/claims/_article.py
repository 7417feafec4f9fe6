"""Claims of the sentences of articles, with quotations that run over several sentences.

News quotes a speaker for several sentences and attributes the quote once: ``"First part.
Second part," she said.`` or ``She said: "First. Second."``. Sentences are read in order; a
quotation still open at the end of one sentence carries into the next sentence of the same
paragraph, so a cue inside it is no claim of its own, and the claim that attributes the quote
takes all of it as content and lists every sentence it covers. The walk reads each sentence once
and keeps only the claims whose quote is still open, so it is linear in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from workbench.claims import _content as co
from workbench.claims import _lexicon as lex
from workbench.claims import _trees
from workbench.claims._grammar import read_sentence
from workbench.claims._tokens import Quotes, straight_quotes

MAX_QUOTE_SENTENCES = 60
"""Sentences a quotation may run over, across its paragraphs: a mark left open in a long document is a
slip, not a quote, and a bound keeps the claims waiting for its end linear in the text."""


class Sentence(NamedTuple):
    """A row of the ``sentences`` table, as the walk reads it."""

    text: str
    sentence_id: str
    article_id: str
    start: int
    paragraph: int


class Found(NamedTuple):
    """A claim placed in its article: offsets index the article text.

    ``sentence_ids`` lists the sentences a quote over several sentences covers; it is empty for the
    common claim that stays in its own sentence (no container kept alive per claim).
    """

    claim_id: str
    article_id: str
    sentence_id: str
    source: str
    cue: str
    cue_type: str
    content: str
    hedged: bool
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int
    content_start: int | None
    content_end: int | None
    sentence_ids: tuple[str, ...]


_NO_QUOTES = Quotes("", inside=False)
"""The quotations of a sentence that has none and starts outside any (never changed)."""


@dataclass(slots=True)
class _OpenQuote:
    """The quotation open at the end of the sentence read last: where it opened, which sentences it covers."""

    opened: int  # character of the opening mark in the article
    sentences: list[str]
    waiting: list[int]  # claims (positions in the list of claims found) whose content runs on until it closes
    closed: int = -1  # where it closed (or its paragraph ended), once it has
    closing: str = ""  # the sentence it closed in


class _Retry(NamedTuple):
    """A sentence to read again with its tree: its row, its claims' place in the list found, how it was read."""

    first: int  # position of its first claim in the list of claims found
    count: int  # how many claims it had
    row: tuple
    marked: str
    first_cue: int
    quotes: Quotes


def find(rows: Iterable[tuple], texts: Mapping[str, str]) -> list[Found]:
    """Return the claims of sentence ``rows`` (in article order), quotes over several sentences attributed once.

    ``rows`` are ``(text, sentence_id, article_id, start, paragraph)`` tuples; ``texts`` maps each
    ``article_id`` to its text (without it a quote is cut at its sentence).

    The sentences whose shapes leave a cue unread are parsed afterwards, all in one call of the
    parser, and read again with their trees; a sentence that a quotation runs into or out of
    keeps the claims the walk gave it.
    """
    found: list[Found] = []
    retries: list[_Retry] = []
    colons: dict[str, _Colon] = {}
    open_quote: _OpenQuote | None = None
    quoted_last: int | None = None  # the claim whose quotation the next sentence may go on with
    place, last = None, None
    search = lex.CUE_PATTERN.search
    for row in rows:
        text, _, article, _, paragraph = row
        colon = None
        if last is not None and last[2] == article and isinstance(last[0], str) and last[0].rstrip().endswith(":"):
            colon = colons[last[1]] = _Colon(last[1], last[3] + len(last[0].rstrip()) - 1, row)
        reopened = False
        if (article, paragraph) != place:
            # news writes a quotation over paragraphs with an opening mark on each, a closing one on the last
            reopened = open_quote is not None and article == place[0] and _opens_quote(text)
            if not reopened:
                _close(open_quote, found, last, texts)
                open_quote = None
            place, quoted_last = (article, paragraph), None
        last = row
        if not isinstance(text, str):
            quoted_last = None
            continue
        cue = search(text)
        marked = straight_quotes(text)
        if reopened:  # the mark that opens the paragraph goes on with the quotation, it closes nothing
            at = len(marked) - len(marked.lstrip())
            marked = f"{marked[:at]} {marked[at + 1 :]}"
        marks = '"' in marked or "“" in marked
        if open_quote is None and not marks:
            if cue is not None:  # most sentences with a cue: no quotation to carry
                claims, treeable = _sentence_claims(row, marked, cue.start(), _NO_QUOTES, None, texts)
                if treeable:  # a sentence without quotation marks stands alone
                    retries.append(_Retry(len(found), len(claims), row, marked, cue.start(), _NO_QUOTES))
                found += claims
            quoted_last = None
            continue
        sentence = Sentence._make(row)
        quotes = Quotes(marked, inside=open_quote is not None)
        if open_quote is not None:
            for n in open_quote.waiting:
                found[n] = found[n]._replace(sentence_ids=(*covered(found[n]), sentence.sentence_id))
            if quotes.first_close >= 0:
                _close(open_quote, found, row, texts, at=sentence.start + quotes.first_close)
        first = len(found)
        retried = False
        if cue is not None:
            claims, treeable = _sentence_claims(row, marked, cue.start(), quotes, open_quote, texts)
            retried = treeable and open_quote is None and not quotes.ends_inside
            if retried:
                retries.append(_Retry(first, len(claims), row, marked, cue.start(), quotes))
            found += claims
        going_on = quoted_last is not None and first == len(found) and _opens_quote(marked)
        if going_on:  # '"It's over," one aide said. "We lost."': the aide said both
            _go_on(found, quoted_last, sentence, marked, texts)
        open_quote = _carry(sentence, quotes, open_quote, found, first)
        if open_quote is not None and len(open_quote.sentences) >= MAX_QUOTE_SENTENCES:
            _close(open_quote, found, row, texts)  # a mark left open, not a quotation: it ends here
            open_quote = None
        if going_on and open_quote is not None:
            open_quote.waiting.append(quoted_last)
        quoted_last = None
        if len(found) > first and open_quote is None and not retried and _said_last(found[-1], sentence, marked):
            quoted_last = len(found) - 1
        if colon is not None and open_quote is not None and open_quote.opened >= sentence.start:
            colons[colon.sentence_id] = colon._replace(quote=open_quote)  # 'said:' and a quote over several sentences
    _close(open_quote, found, last, texts)
    return _introduced(_with_trees(found, retries, texts), colons, texts)


def _opens_quote(text: object) -> bool:
    """Return True when ``text`` is a sentence that opens with a quotation mark."""
    return isinstance(text, str) and straight_quotes(text.lstrip()[:2]).startswith(('"', "“"))


SPEAKER_TAIL = 4
"""Words after the cue of a quotation's speaker that may end its sentence ("one aide said on Monday")."""


def _said_last(claim: Found, sentence: Sentence, marked: str) -> bool:
    """Return True when ``claim`` reports the quotation before its speaker, and the sentence ends soon after.

    '"It's over," one aide said.': a quotation that opens the next sentence goes on with it.
    """
    if claim.content_end is None or claim.content_end > min(claim.source_start, claim.cue_start):
        return False
    rest = marked[max(claim.source_end, claim.cue_end) - sentence.start :]
    return '"' not in rest and "“" not in rest and len(rest.split()) <= SPEAKER_TAIL


def _go_on(found: list[Found], n: int, sentence: Sentence, marked: str, texts: Mapping[str, str]) -> None:
    """Let claim ``n`` go on with the quotation that opens ``sentence``: to where it closes, or on to later ones."""
    found[n] = found[n]._replace(sentence_ids=(*covered(found[n]), sentence.sentence_id))
    opening = len(marked) - len(marked.lstrip())
    closing = marked.find("”" if marked[opening] == "“" else '"', opening + 1)
    text = texts.get(sentence.article_id)
    if closing >= 0 and text is not None and found[n].content_start is not None:
        found[n] = _with_content(found[n], text, found[n].content_start, sentence.start + closing)


class _Colon(NamedTuple):
    """A sentence that ends in a colon: where the colon stands in the article, and what follows it."""

    sentence_id: str
    at: int
    following: tuple  # the next sentence's row
    quote: _OpenQuote | None = None  # the quotation the next sentence opens, when it runs on


def _introduced(found: list[Found], colons: Mapping[str, _Colon], texts: Mapping[str, str]) -> list[Found]:
    """Return ``found`` with what a colon introduces as content, and without the claims that have none.

    "In a statement, the ministry said:" or "She told reporters:" introduce what was said in the
    next sentence (a quotation or a paragraph of its own): a claim whose sentence ends in a colon
    right after its cue, listener or adverbials (not after a "that" clause or a quote) takes the
    next sentence as its content. A claim with no content at all ("Enough said.", "Those people
    can tell you.") says nothing an analyst can read, and is left out.
    """
    kept = []
    for claim in found:
        colon = colons.get(claim.sentence_id)
        if colon is not None and claim.cue_end <= colon.at and _introduces(claim, texts.get(claim.article_id, "")):
            claim = _content_after(claim, colon, texts)
        if claim.content:
            kept.append(claim)
    return kept


def _content_after(claim: Found, colon: _Colon, texts: Mapping[str, str]) -> Found:
    """Return ``claim`` with the sentence after its colon as content, or the quotation that sentence opens."""
    text, sentence_id, _, start, _ = colon.following
    quote, article = colon.quote, texts.get(claim.article_id)
    if quote is not None and quote.closed >= 0 and article is not None:
        found = _with_content(claim, article, quote.opened + 1, quote.closed)
        covers = dict.fromkeys([*covered(claim), *quote.sentences, quote.closing])
        return found._replace(sentence_ids=tuple(covers))
    first, last = co.trim(text, 0, len(text))
    if last <= first:
        return claim
    return claim._replace(
        content=text[first:last],
        content_start=start + first,
        content_end=start + last,
        sentence_ids=(*covered(claim), sentence_id),
    )


def _introduces(claim: Found, text: str) -> bool:
    """Return True when ``claim`` reports nothing before the colon that ends its sentence.

    It reports nothing when it has no content, or when its content is the listener or adverbials
    right after the cue ("announced this in January:"), with no "that" and no quotation mark.
    """
    if claim.content_start is None:
        return True
    between = text[claim.cue_end : claim.content_start].lower().split()
    return "that" not in between and not lex.QUOTES.intersection(claim.content) and "'" * 2 not in claim.content


def _with_trees(found: list[Found], retries: list[_Retry], texts: Mapping[str, str]) -> list[Found]:
    """Return ``found`` with the claims of the ``retries`` sentences read again with their trees.

    One call of the parser reads every distinct sentence once: news repeats sentences (agency copy,
    boilerplate), and a tree depends only on the sentence's words.
    """
    if not retries:
        return found
    distinct = list(dict.fromkeys(retry.marked for retry in retries))
    trees = dict(zip(distinct, _trees.parse_sentences(distinct), strict=True))
    merged: list[Found] = []
    done = 0
    for retry in retries:
        parsed = trees[retry.marked]
        if parsed is None:
            continue
        merged += found[done : retry.first]
        merged += _sentence_claims(retry.row, retry.marked, retry.first_cue, retry.quotes, None, texts, parsed).claims
        done = retry.first + retry.count
    return merged + found[done:]


def covered(claim: Found) -> tuple[str, ...]:
    """Return the sentences ``claim`` covers, in order."""
    return claim.sentence_ids or (claim.sentence_id,)


def _carry(
    sentence: Sentence, quotes: Quotes, open_quote: _OpenQuote | None, found: list[Found], first: int
) -> _OpenQuote | None:
    """Return the quotation open at the end of ``sentence`` (None when all are closed).

    The claims of the sentence (``found[first:]``) whose content reaches into it wait for its end.
    """
    if not quotes.ends_inside:
        return None
    reach = sentence.start + quotes.last_open
    waiting = [n for n in range(first, len(found)) if (found[n].content_end or -1) > reach]
    if quotes.last_open >= 0:
        return _OpenQuote(sentence.start + quotes.last_open, [sentence.sentence_id], waiting)
    if open_quote is None:  # cannot happen: a sentence that starts and ends inside continues a quotation
        return None
    open_quote.sentences.append(sentence.sentence_id)
    open_quote.waiting += waiting
    return open_quote


def _close(
    open_quote: _OpenQuote | None, found: list[Found], row: tuple | None, texts: Mapping[str, str], *, at: int = -1
) -> None:
    """End the content of the claims waiting on ``open_quote`` at ``at`` (by default where sentence ``row`` ends)."""
    if open_quote is None or row is None:
        return
    sentence = Sentence._make(row)
    text = texts.get(sentence.article_id)
    end = at if at >= 0 else sentence.start + len(sentence.text)
    open_quote.closed, open_quote.closing = end, sentence.sentence_id
    for n in open_quote.waiting:
        if text is not None and found[n].content_start is not None:
            found[n] = _with_content(found[n], text, found[n].content_start, end)
    open_quote.waiting.clear()


def _with_content(claim: Found, text: str, start: int, end: int) -> Found:
    """Return ``claim`` with its content set to ``text[start:end]``, trimmed."""
    first, last = co.trim(text, start, end)
    return claim._replace(content_start=first, content_end=last, content=text[first:last])


class _Read(NamedTuple):
    """The claims of one sentence placed in its article, and whether its tree may change them."""

    claims: list[Found]
    treeable: bool


def _sentence_claims(
    row: tuple,
    marked: str,
    first_cue: int,
    quotes: Quotes,
    open_quote: _OpenQuote | None,
    texts: Mapping[str, str],
    parsed: _trees.Parsed | None = None,
) -> _Read:
    """Return the claims of the sentence ``row``, whose first cue starts at ``first_cue``.

    The grammar reads ``marked``, the sentence with its quotation marks made straight (same offsets),
    with its dependency tree ``parsed`` when it has one; the parts of a claim are cut from the
    sentence as written. Content that starts in a quotation opened in an earlier sentence starts
    where it opened.
    """
    text, sentence_id, article_id, offset, _ = row
    hedge, hedge_start = lex.HEDGE_PATTERN.search, lex.HEDGE_START.match
    found = []
    article_text = texts.get(article_id)
    carried = quotes.first_close if quotes.first_close >= 0 else len(text)
    claims, treeable = read_sentence(marked, quotes, first_cue=first_cue, parsed=parsed)
    for (source, end_source), (cue, end_cue), (content, end_content), lemma, hedged in claims:
        lo = min(source, cue, content if content >= 0 else len(text))
        hi = max(end_source, end_cue, end_content)
        hedged = hedged or bool(hedge(text, lo, hi) or (lo == 0 and hedge_start(text)))
        row = Found(
            f"{sentence_id}-c{cue}",
            article_id,
            sentence_id,
            text[source:end_source],
            text[cue:end_cue],
            lex.cue_type(lemma).value,
            text[content:end_content] if content >= 0 else "",
            hedged,
            offset + source,
            offset + end_source,
            offset + cue,
            offset + end_cue,
            offset + content if content >= 0 else None,
            offset + end_content if content >= 0 else None,
            (),
        )
        if open_quote is not None and 0 <= content < carried and article_text is not None:
            row = _with_content(row, article_text, open_quote.opened + 1, offset + end_content)
            row = row._replace(sentence_ids=(*open_quote.sentences, sentence_id))
        found.append(row)
    return _Read(found, treeable)
