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
    open_quote: _OpenQuote | None = None
    place, last = None, None
    search = lex.CUE_PATTERN.search
    for row in rows:
        text, _, article, _, paragraph = row
        if (article, paragraph) != place:
            _close(open_quote, found, last, texts)
            open_quote, place = None, (article, paragraph)
        last = row
        if not isinstance(text, str):
            continue
        cue = search(text)
        marked = straight_quotes(text)
        marks = '"' in marked or "“" in marked
        if open_quote is None and not marks:
            if cue is not None:  # most sentences with a cue: no quotation to carry
                claims, treeable = _sentence_claims(row, marked, cue.start(), _NO_QUOTES, None, texts)
                if treeable:  # a sentence without quotation marks stands alone
                    retries.append(_Retry(len(found), len(claims), row, marked, cue.start(), _NO_QUOTES))
                found += claims
            continue
        sentence = Sentence._make(row)
        quotes = Quotes(marked, inside=open_quote is not None)
        if open_quote is not None:
            for n in open_quote.waiting:
                found[n] = found[n]._replace(sentence_ids=(*covered(found[n]), sentence.sentence_id))
            if quotes.first_close >= 0:
                _close(open_quote, found, row, texts, at=sentence.start + quotes.first_close)
        first = len(found)
        if cue is not None:
            claims, treeable = _sentence_claims(row, marked, cue.start(), quotes, open_quote, texts)
            if treeable and open_quote is None and not quotes.ends_inside:
                retries.append(_Retry(first, len(claims), row, marked, cue.start(), quotes))
            found += claims
        open_quote = _carry(sentence, quotes, open_quote, found, first)
    _close(open_quote, found, last, texts)
    return _with_trees(found, retries, texts)


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
