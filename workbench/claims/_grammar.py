"""Reported speech in one sentence: who (source), which words report (cue), and what (content).

A shallow grammar over word tokens (the shapes), with the sentence's dependency tree where the
shapes find no speaker. A cue verb is a claim when

- a plausible subject stands before it: a noun phrase that starts a clause, a pronoun or a name
  ("Officials in Kyiv say", "The report found that", "Critics argue"), possibly after an
  appositive ("Chile's trade minister, Rosa Ibarra, told");
- it follows the quote or clause it reports and its speaker follows it (``"...," said Foreign
  Minister Ann Ray, who ...``), or stands between them (``"...," the ministry said in a statement``);
- it opens ``According to X``, however long X is;
- it is a participle (``..., saying ...``) whose main clause has a subject;
- the shapes find no speaker, and the tree gives the cue a subject and a clause or quote it
  reports (:mod:`workbench.claims._trees`): "The engineer who designed the bridge said ...".
  The tree also gives the content of "told X ..." when a listener stands before it.

The shapes decide first and the trees add the claims the shapes miss: reading the tree first was
more often right on one annotated dev set and less often on another, and it would parse every
sentence with a cue, over three times the time of this stage (``bench/README.md``). A cue
inside quotation marks belongs to the quote, not to the sentence. Every step reads a fixed
number of words around its cue, so a sentence costs time in proportion to its length. Offsets
are character offsets into the sentence.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

from workbench.claims import _content as co
from workbench.claims import _following as fo
from workbench.claims import _lexicon as lex
from workbench.claims import _nouns, _trees
from workbench.claims import _phrases as ph
from workbench.claims._tokens import NO_SPAN, Quotes, Span, Tokens, Words
from workbench.lexicon import TITLE_HEADS


class Claim(NamedTuple):
    """One attributed statement in a sentence, as character offsets into the sentence."""

    source: Span
    cue: Span
    content: Span
    lemma: str
    hedged: bool


class Form(enum.Enum):
    """Where a claim's speaker stands relative to its cue."""

    SUBJECT = "subject"  # "Officials said", "The company, based in Ohio, denied"
    INVERTED = "inverted"  # "..., said the minister"
    PARTICIPLE = "participle"  # "The bank raised rates, saying ..." (the speaker of the main clause)
    ABSOLUTE = "absolute"  # "..., with one calling it ..."
    RELATIVE = "relative"  # "Ann Ray, who said ..., resigned": the noun described; the clause ends the content
    RESTRICTIVE = "restrictive"  # "a memo that said ...": the noun described, inside the clause that names it


class _Draft(NamedTuple):
    """A claim found in a sentence, before its content is cut off where the next claim begins."""

    source: Span
    cue: Span
    lemma: str
    hedged: bool
    after: int  # where content after the cue starts, or -1 when there is none
    clause: int  # where this claim's clause starts: the content of an earlier claim stops there
    before: int  # content before the speaker ends here (quote-first and "..., X said" forms), or -1
    before_wins: bool  # the content before the speaker is what was reported, whatever follows the cue
    fixed: Span = NO_SPAN  # the content read off the sentence's tree (``after`` and ``before`` are then -1)
    inside: bool = False  # a relative clause: the content of a claim around it holds it, and goes on past it
    until: int = -1  # where the content after the cue ends at the latest (a subordinate clause's comma), or -1


class _VerbGroup(NamedTuple):
    """A cue with its auxiliaries and adverbs ("has long argued")."""

    first: int  # the group's first token
    auxiliaries: list[str]
    left: int  # the token before the group (-1 at the start of the sentence)


BRACKET_REACH = 6
"""Tokens read back from ")" for its "(": a bracketed acronym or aside ("(WALHI)", "(R-S.C.)")."""
RIGHT_CONTEXT = 160
"""Characters after the last cue that the grammar may read (a speaker after it, the start of its content)."""

_NEGATIONS = frozenset({"not", "never"})
"""Words in a verb group that negate its cue ("did not say", "has never claimed")."""


def _negating(tokens: Tokens, first: int) -> bool:
    """Return True when the speaker opening at token ``first`` negates its cue ("Nobody said"; not "No 10 said")."""
    return tokens.lower[first] in _NOBODY and not (first + 1 < tokens.size and tokens.text[first + 1][0].isdigit())


_NOBODY = frozenset({"nobody", "none", "nothing", "neither", "no"})
"""First words of speakers that negate their cue ("Nobody said", "No official claimed that", "Neither
side confirmed"): nothing was stated."""
_NEVER_INVERTED = frozenset({"tell"})
"""Cues whose speaker never follows them: after "told" comes the listener ("told investors")."""
_NOT_BEFORE_TO = frozenset({"tell", "warn", "urge", "ask", "order"})
"""Verbs that report nothing when "to" follows at once: "residents told to leave" is a passive."""
_ENDS_INVERTED = frozenset({"who", "in", "on", "at", "during", "after", "before", "as", "when", "while"})
"""Words that may follow an inverted speaker ("said Ann Ray, who", "said the envoy in Oslo")."""
_SPEAKER_LINKS = lex.LINKS - _ENDS_INVERTED
"""Joining words inside an inverted speaker ("said a spokesman for the ministry"); the others start
where or when it spoke ("said the mayor in a statement", "said Ann Ray at a rally")."""
_COORDINATORS = frozenset({"and", "but"})
"""Conjunctions before a cue whose subject is that of the verb before them ("declined to comment, but said")."""
_RELATIVES = frozenset({"who", "which"})
"""Relative pronouns that stand for the noun before them as a cue's speaker ("that" also opens complements)."""
_POSTMODIFIERS = frozenset({"familiar", "close", "involved", "knowledgeable", "aware", "briefed"})
"""Adjectives that describe an inverted speaker ("said one aide familiar with the talks")."""


def _according_to(text: str, tokens: Tokens, i: int, last: int) -> _Draft | None:
    """Return the claim of "according to X" spanning tokens ``i..last``: X, and the clause it qualifies.

    X may be long ("according to a senior engineer at the water utility who asked not to be
    named"): it runs to the next comma or the end of the sentence, or is cut
    after its noun phrase when a clause follows it.
    """
    span = ph.after(tokens, last + 1, tokens.size, links=lex.LINKS | {"by"}, cues=False)
    if span is None:
        return None
    after = span[1] + 1
    opens = ph.opens_clause(tokens, i - 1) and (i == 0 or tokens.text[i - 1] != ",")
    source = tokens.chars(*span)
    cue = tokens.chars(i, last)
    if opens:
        comma = named = _next_comma(tokens, after)
        while comma is not None and comma + 1 < tokens.size and tokens.lower[comma + 1] in _RELATIVES:
            comma = _next_comma(tokens, comma + 1)  # "According to Ray, who spoke on condition of anonymity, the"
        if comma is not None and named is not None:
            source = tokens.chars(span[0], named - 1)
            start = tokens.start[comma + 1] if comma + 1 < tokens.size else -1
            return _Draft(source, cue, lex.ACCORDING_TO, False, start, tokens.start[i], tokens.start[i], False)
    if any(_postmodifier(tokens, m) for m in range(span[0] + 1, min(after + 1, tokens.size))):
        # "according to a person familiar with the talks.": the speaker runs to the clause's end
        end = next((m for m in range(after, tokens.size) if tokens.punct(m) and tokens.text[m] != "-"), tokens.size)
        source = tokens.chars(span[0], end - 1)
    clause = i - 1 if i > 0 and tokens.text[i - 1] == "," else i
    end = tokens.index(source[1])
    aside = clause < i and end + 1 < tokens.size and tokens.text[end] == ","  # "a report that, according to X, was"
    aside = aside and tokens.lower[end + 1] not in _RELATIVES  # not ", according to X, who asked ..."
    resume = end + 2 if aside and tokens.lower[end + 1] == "that" and end + 2 < tokens.size else end + 1
    resumes = tokens.start[resume] if aside else -1
    return _Draft(source, cue, lex.ACCORDING_TO, False, resumes, tokens.start[clause], tokens.start[i], False)


def _next_comma(tokens: Tokens, k: int) -> int | None:
    """Return the comma that ends a long "According to X," within a speaker's length of token ``k``."""
    for m in range(k, min(k + ph.MAX_WORDS, tokens.size)):
        if tokens.text[m] == ",":
            return m
        if tokens.punct(m) and tokens.text[m] not in {"(", ")", "-"}:
            return None
    return None


def _verb_group(tokens: Tokens, i: int) -> _VerbGroup:
    """Return the verb group ending at token ``i``: its first token, its auxiliaries, and the token before it.

    A time between the subject and the group is skipped ("The company on Monday said", "Ray last
    week told"): the token before it is the subject's last.
    """
    first, auxiliaries, j = i, [], i - 1
    while j >= 0:
        lower = tokens.lower[j]
        if lower in lex.AUXILIARIES or lower.endswith(("n't", "n’t")):
            auxiliaries.append(lower)
            first = j
        elif not (
            lower in lex.ADVERBS
            or ((j == 0 or tokens.text[j].islower()) and lower.endswith("ly") and lower not in lex.NOT_ADVERBS)
        ):  # "reportedly said", "Highly recommended": a sentence's first word is capitalised whatever it is
            start = _time_before(tokens, j)
            if start < 1 or tokens.punct(start - 1):
                break
            j = start
        j -= 1
    return _VerbGroup(first, auxiliaries, j)


def _time_before(tokens: Tokens, j: int) -> int:
    """Return the first token of the time phrase that ends at token ``j`` ("late on Monday", "earlier this year").

    A weekday may stand alone ("The company Monday said"); another time word needs a word that
    opens it ("last week", not "week"). Returns -1 when no time phrase ends there.
    """
    if tokens.lower[j] not in lex.TIME_NOUNS:
        return -1
    k = j - 1
    while k >= 0 and tokens.lower[k] in lex.TIME_OPENERS and tokens.text[k].islower():
        k -= 1
    weekday = tokens.capitalised(j) and tokens.lower[j] in lex.WHEN
    return k + 1 if k + 1 < j or weekday else -1


class Miss(enum.Enum):
    """Why the shapes found no claim for a cue: what they could not read (a tree may), or no claim at all."""

    NO_SPEAKER = "no speaker"  # no subject the word patterns recognise, or a cue after "to"
    NO_CLAUSE_SEEN = "no clause seen"  # a cue that needs a clause, with words after it but no "that" or auxiliary
    NO_CLAIM = "no claim"  # a passive, a listener told to act, a cue that needs a clause and has only an adverbial


def _clause_may_follow(tokens: Tokens, last: int, cue: lex.Cue, *, marks: bool) -> bool:
    """Return True when the cue ending at token ``last`` may report a clause a tree would find.

    A claim read off a tree needs a quote, or a clause after its cue ("said that", "fear the dam
    will fail"), or after the listener of "told" ("told reporters they had agreed"): a sentence
    with none of them is not parsed, which keeps the parser to a few sentences.
    """
    k = last + 1
    if cue.lemma in _NEVER_INVERTED:
        listener = ph.after(tokens, k, tokens.size)
        k = k if listener is None else listener[1] + 1
    if marks:
        return True
    opens = k < tokens.size and (tokens.text[k] == ":" or not tokens.punct(k))  # not "denied the report."
    bare = fo.bare_clause(tokens, k) or (cue.needs_clause and fo.verb_may_follow(tokens, k))
    return opens and (fo.clause_follows(tokens, k) or bare)


class _Attempt(NamedTuple):
    """What reading one cue gave: its claim (None when none), and whether the sentence's tree may do better."""

    draft: _Draft | None
    treeable: bool


_NOTHING = _Attempt(None, treeable=False)


def _draft(
    text: str, tokens: Tokens, i: int, last: int, drafts: list[_Draft], parsed: _trees.Parsed | None, *, marks: bool
) -> _Attempt:
    """Return the claim whose cue spans tokens ``i..last`` (None when it is not a claim), and whether a tree may help.

    ``marks`` says whether the sentence holds quotation marks at all; ``parsed`` is its tree, when
    it has one. The shapes read the cue first; the tree is read only where they find no claim,
    and for the content of "told X ...", where a listener stands between the cue and what was said
    and the shapes see no clause after it ("told police they had been beaten" needs no tree).
    """
    surface = " ".join(text[tokens.start[i] : tokens.end(last)].split())
    if surface.lower() == lex.ACCORDING_TO:
        return _Attempt(_according_to(text, tokens, i, last), treeable=False)
    cue = lex.CUES[surface]
    group = _verb_group(tokens, i)
    if any(tokens.lower[k] in _NEGATIONS or tokens.lower[k].endswith(("n't", "n’t")) for k in range(group.left + 1, i)):
        return _NOTHING  # "has not said whether", "didn't say": nothing was stated
    hedged = cue.hedged or any(a in lex.HEDGING_AUXILIARIES for a in group.auxiliaries)
    bare = _Draft(NO_SPAN, tokens.chars(group.first, last), cue.lemma, hedged, -1, -1, -1, False)
    draft = _shaped(tokens, last, drafts, cue, group, bare, surface=surface, marks=marks)
    if draft is Miss.NO_CLAIM:
        return _NOTHING
    if draft is Miss.NO_SPEAKER or draft is Miss.NO_CLAUSE_SEEN:
        if parsed is None:
            unseen = draft is Miss.NO_CLAUSE_SEEN
            return _Attempt(None, treeable=unseen or _clause_may_follow(tokens, last, cue, marks=marks))
        reading = parsed.read(i)
        if reading.source is None or not reading.sure or _negating(tokens, reading.source[0]):
            return _NOTHING
        # A clause the shapes could not see follows the cue and opens with its subject ("The survey
        # shows most voters want ..."), not with a verb ("What they found is that ...").
        if draft is Miss.NO_CLAUSE_SEEN and (
            reading.content[0] <= last or tokens.lower[reading.content[0]] in lex.AUXILIARIES
        ):
            return _NOTHING
        first, end = reading.content
        if cue.lemma in _NEVER_INVERTED and first == last + 1:  # "told reporters they had agreed"
            listener = ph.after(tokens, first, end)
            first = first if listener is None else listener[1] + 1
        source, content = _without_contraction(tokens, reading.source), tokens.chars(first, end)
        return _Attempt(bare._replace(source=source, clause=min(source[0], bare.cue[0]), fixed=content), False)
    listener = (
        cue.lemma in _NEVER_INVERTED
        and not draft.before_wins  # '"...," she told reporters': the quote before is the content
        and last + 1 < tokens.size
        and draft.after == tokens.start[last + 1]
    )
    if not listener:
        return _Attempt(draft, treeable=False)
    heard = ph.after(tokens, last + 1, tokens.size)
    if heard is not None and all(tokens.punct(k) for k in range(heard[1] + 1, tokens.size)):
        # a listener and nothing after: what was said stands before the speaker's comma ("Prices
        # will rise, he told reporters."), follows the colon in the next sentence ("She told
        # reporters:"), or is nowhere ("Those people can tell you.")
        speaker = tokens.index(draft.source[0])
        said = (speaker > 0 and tokens.text[speaker - 1] == ",") or text.rstrip().endswith(":")
        return _Attempt(draft._replace(after=-1), treeable=False) if said else _NOTHING
    if heard is not None and fo.bare_clause(tokens, heard[1] + 1):  # "told police they had been beaten"
        return _Attempt(draft._replace(after=tokens.start[heard[1] + 1]), treeable=False)
    if parsed is None:
        return _Attempt(draft, treeable=True)
    reading = parsed.read(i)  # "told police they had been beaten": the content is the clause, not the listener
    if not reading.sure or reading.content[0] <= i:
        return _Attempt(draft, treeable=False)
    return _Attempt(draft._replace(fixed=parsed.tokens.chars(*reading.content), after=-1, before=-1), False)


def _shaped(
    tokens: Tokens,
    last: int,
    drafts: list[_Draft],
    cue: lex.Cue,
    group: _VerbGroup,
    bare: _Draft,
    *,
    surface: str,
    marks: bool,
) -> _Draft | Miss:
    """Return the claim the shapes find for the cue ``surface`` ending at token ``last``, or why there is none.

    ``bare`` holds the cue's span, lemma and hedging; ``group`` its verb group.
    """
    j, cue_span, hedged = group.left, bare.cue, bare.hedged
    following = tokens.lower[last + 1] if last + 1 < tokens.size else ""
    if following == "by" and not cue.participle and not cue.noun and not surface.endswith("s"):
        agent = ph.after(tokens, last + 2, tokens.size, links=_SPEAKER_LINKS)
        if agent is None:
            return Miss.NO_CLAIM
        reported = co.reported_after(tokens, agent[1] + 1)  # not "confirmed by the ministry on Monday"
        after = co.start_after(tokens, agent[1] + 1) if reported else -1  # else the passive subject ("X was denied by")
        return _Draft(tokens.chars(*agent), cue_span, cue.lemma, hedged, after, cue_span[0], cue_span[0], not reported)
    be = any(a in lex.BE_FORMS for a in group.auxiliaries)
    if not cue.verb and not be:
        return Miss.NO_CLAIM  # "a confident team", "sure enough": no belief stated
    passive = be and not cue.participle and not cue.adjective
    if passive or (following == "to" and cue.lemma in _NOT_BEFORE_TO) or fo.unnamed(tokens, last + 1):
        return Miss.NO_CLAIM
    if j >= 0 and tokens.lower[j] == "to":
        return Miss.NO_SPEAKER  # "The firm wants to stress that ...": the speaker is the subject of "wants"
    if j >= 0 and tokens.lower[j] in lex.SUBORDINATORS and not group.auxiliaries and not cue.participle:
        return Miss.NO_CLAIM  # "when asked if he would resign": asked, not asking
    found = _source(tokens, j, last, cue, bool(group.auxiliaries), drafts)
    if found is None:
        return Miss.NO_SPEAKER
    span, form = found
    if _negating(tokens, tokens.index(span[0])):
        return Miss.NO_CLAIM
    quoted = marks and co.quote_closes_before(tokens, group.first if form is Form.INVERTED else tokens.index(span[0]))
    believed = lex.cue_type(cue.lemma) is lex.CueType.BELIEF and fo.expected_clause(tokens, last + 1)
    # "a theory that would acknowledge the role of ...": a thing that no speaker noun names reports only a clause
    unlike = form is Form.RESTRICTIVE and not ph.speaker_like(tokens, tokens.index(span[1] - 1))
    if (cue.needs_clause or unlike) and not (
        quoted or believed or fo.clause_follows(tokens, last + 1) or fo.bare_clause(tokens, last + 1)
    ):
        if (cue.adjective and be) or fo.adverbial_tail(tokens, last + 1):
            return Miss.NO_CLAIM  # "were hopeful about the deal": an adjective's clause follows it at once
        return Miss.NO_CLAUSE_SEEN
    if cue.needs_quote and not fo.quote_follows(tokens, last + 1):
        return Miss.NO_CLAIM
    left = tokens.start[j] if j >= 0 else cue_span[0]
    if cue.adjective and be:  # what follows is the belief; no words before it are ("where the town is concerned")
        return _Draft(span, cue_span, cue.lemma, hedged, co.start_after(tokens, last + 1), left, -1, False)
    if form is Form.INVERTED:
        resumes = co.quote_resumes(tokens, tokens.index(span[1]))
        return _Draft(span, cue_span, cue.lemma, hedged, resumes, left, left, True)
    after = tokens.start[last + 1] if cue.needs_quote else co.start_after(tokens, last + 1)  # "called that idea "...""
    if last + 1 < tokens.size and after == tokens.start[last + 1] and not quoted and _said_where(tokens, last + 1, cue):
        after = -1  # "Ray said in a statement.": where it was said is not what was said
    resumes = co.quote_resumes(tokens, last + 1) if quoted else -1
    if resumes >= 0:  # '"This," he said, pointing at the map, "is where ..."', '"...," she said flatly, "but ..."'
        after = resumes
    if form is Form.PARTICIPLE or form is Form.ABSOLUTE:
        return _Draft(span, cue_span, cue.lemma, hedged, after, left, -1, False)
    if form is Form.RELATIVE and after >= 0:  # the clause between commas ends where the sentence goes on
        closing = _closing_comma(tokens, tokens.index(after))
        if closing is not None:
            return _Draft(span, cue_span, cue.lemma, hedged, -1, left, -1, False, (after, tokens.start[closing]), True)
    k = first = tokens.index(span[0])
    while k > 0 and (tokens.text[k - 1] == "," or tokens.lower[k - 1] in lex.CLAUSE_OPENERS):
        k -= 1
    after_comma = first > 0 and tokens.text[first - 1] == ","  # "Turnout was high, officials said in a statement."
    goes_on = fo.clause_goes_on(tokens, last + 1) if after_comma and not quoted else None
    if goes_on is not None:  # "The plan, he said in a statement, would cost billions": the whole clause
        return _Draft(
            span, cue_span, cue.lemma, hedged, tokens.start[goes_on], tokens.start[k], tokens.start[first], False
        )
    wins = (quoted or (after_comma and fo.adverbial_tail(tokens, last + 1))) and not co.reported_after(tokens, last + 1)
    if form is Form.RESTRICTIVE:  # "a report that showed prices rose": nothing before the noun is what it said
        return _Draft(span, cue_span, cue.lemma, hedged, after, tokens.start[k], -1, False, inside=True)
    # "When she said the plan would fail, nobody listened" (not "As Ray said, ...", whose main clause is what was said)
    if k == 0 and tokens.lower[0] in lex.SUBORDINATORS and tokens.lower[0] != "as" and after >= 0 and not quoted:
        comma = next((m for m in range(tokens.index(after) + 3, tokens.size) if tokens.text[m] == ","), None)
        if comma is not None:
            return _Draft(span, cue_span, cue.lemma, hedged, after, 0, -1, False, until=tokens.start[comma])
    return _Draft(span, cue_span, cue.lemma, hedged, after, tokens.start[k], tokens.start[first], wins)


def _said_where(tokens: Tokens, k: int, cue: lex.Cue) -> bool:
    """Return True when a short adverbial from token ``k``, right after a cue of speech, ends the sentence.

    "said in a statement.": not one before a colon, a comma or a quote, after which what was said
    comes ("said on Wednesday, "We ...""); nor one after a cue of belief ("believed in the plan"
    holds what is believed).
    """
    if lex.cue_type(cue.lemma) is not lex.CueType.SPEECH or not fo.adverbial_tail(tokens, k):
        return False
    end = next((m for m in range(k, tokens.size) if tokens.punct(m)), tokens.size)
    return end == tokens.size or tokens.text[end] in {".", "!", "?"}


def _source(
    tokens: Tokens, j: int, last: int, cue: lex.Cue, has_auxiliary: bool, drafts: list[_Draft]
) -> tuple[Span, Form] | None:
    """Find the speaker of the cue whose verb group starts after token ``j``; return its span and form."""
    left = tokens.text[j] if j >= 0 else ""
    if cue.participle and not has_auxiliary:
        return _participle_source(tokens, j, drafts)
    if left == ")":
        return _bracketed(tokens, j, last, cue, has_auxiliary)
    span = _described(tokens, ph.before(tokens, j))
    if span is not None:
        span = ph.subject(tokens, span)
        if span is None:
            return None
        if cue.noun and not has_auxiliary and not fo.verb_reading(tokens, span, last + 1, cue):
            return None
        return _without_contraction(tokens, span), Form.SUBJECT
    lower = left.lower()
    if lower in _COORDINATORS:  # "The firm cut jobs and said ...", "She declined to comment, but said ..."
        if drafts:
            return drafts[-1].source, Form.PARTICIPLE
        subject = _coordinated_subject(tokens, j)
        return (tokens.chars(*subject), Form.PARTICIPLE) if subject else _main_source(tokens, j, drafts)
    # "a memo that said": "that" right before a verb is a relative pronoun (not before a noun, "that claims")
    restrictive = lower == "that" and j >= 1 and not tokens.punct(j - 1) and (has_auxiliary or not cue.noun)
    if lower in _RELATIVES or restrictive:  # "Ann Ray, who said ...", "The ministry, which said ...": the noun
        between_commas = j >= 1 and tokens.text[j - 1] == ","
        span = ph.before(tokens, j - 2 if between_commas else j - 1)
        span = span and ph.described(tokens, span)
        return (tokens.chars(*span), Form.RELATIVE if between_commas else Form.RESTRICTIVE) if span else None
    if left not in lex.QUOTES and left not in {",", "—", "–"}:
        return None
    if not has_auxiliary and cue.lemma not in _NEVER_INVERTED:
        found = _inverted(tokens, j, last)
        if found is not None:
            return found, Form.INVERTED
    if left == ",":
        span = ph.appositive(tokens, j)
        if span:
            return tokens.chars(*span), Form.SUBJECT
    return None


_CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|s)", re.IGNORECASE)
"""A contraction written onto a pronoun ("She's", "I'm", "they'll")."""


def _without_contraction(tokens: Tokens, span: tuple[int, int]) -> Span:
    """Return the characters of ``span``, a pronoun's contraction left out ("She's said" has the source "She")."""
    start, end = tokens.chars(*span)
    if span[0] == span[1]:
        word = tokens.text[span[0]]
        cut = _CONTRACTION.search(word)
        if cut is not None and cut.end() == len(word) and word[: cut.start()].lower() in lex.SPEAKING_PRONOUNS:
            return start, start + cut.start()
    return start, end


def _closing_comma(tokens: Tokens, k: int) -> int | None:
    """Return the comma from token ``k`` (where the clause's content starts) on that closes the clause, or None.

    It is the first comma the main clause's verb follows ("Orban, who had threatened to veto the
    move, left the room, diplomats said") within :data:`RELATIVE_REACH` tokens, else the last one.
    """
    text, lower = tokens.text, tokens.lower
    for m in range(k, min(tokens.size - 1, k + RELATIVE_REACH)):
        if text[m] == "," and text[m + 1].islower() and lower[m + 1] not in _NOT_PREDICATES:
            return m
    return next((m for m in range(tokens.size - 1, k - 1, -1) if text[m] == ","), None)


RELATIVE_REACH = 40
"""Tokens read for the comma that closes a relative clause: such a clause is short, and a bound keeps a
sentence of many of them linear."""
_NOT_PREDICATES = lex.STOP | lex.LINKS | lex.DETERMINERS | lex.PRONOUNS
"""Words after a comma that do not go on with a main clause's verb ("in a statement", "that", "he said")."""


def _participle_source(tokens: Tokens, j: int, drafts: list[_Draft]) -> tuple[Span, Form] | None:
    """Return the speaker of a participle cue ("..., saying", "while stating"): the main clause's subject."""
    left = tokens.text[j] if j >= 0 else ""
    after_quote = left in lex.QUOTES and j >= 1 and tokens.text[j - 1] == ","
    if left == "," or after_quote or left.lower() in lex.PARTICIPLE_OPENERS:
        return _main_source(tokens, j, drafts)
    quoted = _quoted_before(tokens, j) if left.lower() == "as" else None
    if quoted is not None:  # "The minister was quoted as saying", "was quoted by Interfax as saying"
        span = ph.before(tokens, _verb_group(tokens, quoted).left)
        span = span and ph.subject(tokens, span)
        return (tokens.chars(*span), Form.PARTICIPLE) if span else None
    span = ph.before(tokens, j)
    if span and span[0] > 0 and tokens.lower[span[0] - 1] == "with":
        return tokens.chars(*span), Form.ABSOLUTE
    return None


def _quoted_before(tokens: Tokens, j: int) -> int | None:
    """Return the token "quoted" that the "as" at token ``j`` follows, directly or after "by" and who quoted."""
    if j >= 1 and tokens.lower[j - 1] == "quoted":
        return j - 1
    by = next((m for m in range(j - 2, max(-1, j - QUOTED_BY_REACH), -1) if tokens.lower[m] == "by"), None)
    return by - 1 if by is not None and by >= 1 and tokens.lower[by - 1] == "quoted" else None


QUOTED_BY_REACH = 8
"""Tokens read back from "as saying" for "quoted by": the outlet that quoted is a short name."""


def _coordinated_subject(tokens: Tokens, j: int) -> Words | None:
    """Return the subject of the last clause joined before the coordinator at token ``j``, else None.

    "I called the store and the clerk laughed, but said it was not her problem": the clerk said it,
    not the subject of the sentence's first clause. A clause joined by "and" or "but" opens with a
    speaker (a name, a pronoun, a speaker noun or a phrase with "the") whose next word is a verb, an
    auxiliary or an adverb (not a comma, a joining word or a relative pronoun: "declined to comment
    on the report and the claims, but said"), and follows no speaker of its own ("Ray and I will").
    """
    for m in range(j - 1, 0, -1):
        if tokens.lower[m] not in _COORDINATORS or not tokens.text[m].islower():
            continue
        before = ph.before(tokens, m - 1) if ph.speaker_like(tokens, m - 1) else None
        if before is not None and ph.subject(tokens, before) is not None:  # "Ray and I will", "Officials and experts"
            continue
        span = ph.after(tokens, m + 1, j)
        if span is None or not (ph.speaker_like(tokens, ph.head(tokens, span)) or tokens.lower[span[0]] == "the"):
            continue
        verb = span[1] + 1
        if verb < j and not tokens.punct(verb) and tokens.text[verb].islower() and tokens.lower[verb] not in lex.STOP:
            return span
    return None


def _main_source(tokens: Tokens, j: int, drafts: list[_Draft]) -> tuple[Span, Form] | None:
    """Return the speaker of the sentence's last claim, else the subject of its main clause."""
    if drafts:
        return drafts[-1].source, Form.PARTICIPLE
    main = ph.main_subject(tokens, j)
    if main is None:
        return None
    start, end = tokens.chars(*main)
    last = tokens.text[main[1]]
    if ph.possessive(last):  # "President Ray's statements ..., emphasizing": Ray speaks
        end -= 1 if last.endswith(("s'", "s’")) else 2
    return (start, end), Form.PARTICIPLE


def _inverted(tokens: Tokens, j: int, last: int) -> Span | None:
    """Return the speaker after a cue that follows a quote or clause ("...," said Foreign Minister Ann Ray).

    The speaker ends the sentence or a clause ("who ...", ", the union's president", "in a
    statement"); a quote opening right after it makes it the object of a "said" whose subject came
    first ("A spokesman, Leo Marsh, said Senator Dale "fully backs" it").
    """
    span = ph.after(tokens, last + 1, tokens.size, links=_SPEAKER_LINKS)
    k = last + 1
    if span is None and k < tokens.size and tokens.lower[k] in lex.QUANTIFIERS:  # '"It's over," said one.'
        span = (k, k)
    if span is None:
        return None
    nxt = span[1] + 1
    if nxt < tokens.size and tokens.lower[nxt] == "and" and ph.speaker_like(tokens, ph.head(tokens, span)):
        other = ph.after(tokens, nxt + 1, tokens.size, links=_SPEAKER_LINKS)  # "said Ray and Berg in a statement"
        if other is not None and ph.speaker_like(tokens, ph.head(tokens, other)):
            span, nxt = (span[0], other[1]), other[1] + 1
    named = _named_after_role(tokens, span, nxt)  # "said the ministry's spokesman, Ola Berg."
    if named is not None:
        span, nxt = (span[0], named), named + 1
    ends = nxt >= tokens.size or (tokens.punct(nxt) and not tokens.quote(nxt))
    ends = ends or tokens.lower[nxt] in _ENDS_INVERTED
    pronoun = span[0] == span[1] and tokens.lower[span[0]] in lex.PRONOUNS
    ends = ends or (not pronoun and _postmodifier(tokens, nxt))
    quoted = tokens.quote(j) or (j >= 1 and tokens.quote(j - 1))
    if not (ends and (quoted or ph.speaker_like(tokens, ph.head(tokens, span)))):
        return None
    return tokens.chars(*span)


def _named_after_role(tokens: Tokens, span: Words, k: int) -> int | None:
    """Return the last token of the name an inverted speaker's role gives after a comma at ``k``, else None.

    '"...," said the ministry's spokesman, Ola Berg.' or '"...," said Nordland's Minister for Fisheries,
    Ann Ray.': the role and the name are one speaker, so the name resolves it. The name is
    capitalised words that end the sentence or a clause, no day or month.
    """
    role = tokens.text[ph.head(tokens, span)]
    if k + 1 >= tokens.size or tokens.text[k] != "," or not (role.islower() or role in TITLE_HEADS):
        return None
    name = ph.after(tokens, k + 1, tokens.size, links=frozenset())
    if name is None or any(
        not tokens.capitalised(m) or tokens.lower[m] in lex.CLAUSE_OPENERS for m in range(name[0], name[1] + 1)
    ):
        return None
    after = name[1] + 1
    ends = after >= tokens.size or (tokens.punct(after) and not tokens.quote(after)) or tokens.lower[after] == "who"
    return name[1] if ends else None


def _described(tokens: Tokens, span: Words | None) -> Words | None:
    """Return ``span`` with the speaker it ends a description of ("Officials familiar with the talks").

    A noun phrase after a describing adjective and its preposition ("close to the minister") is
    no speaker of its own: the speaker is the phrase described, with the description.
    """
    if span is None or span[0] < 3 or tokens.lower[span[0] - 2] not in _POSTMODIFIERS:
        return span
    if not tokens.text[span[0] - 1].islower() or tokens.lower[span[0] - 1] not in _DESCRIBING_LINKS:
        return span
    described = ph.before(tokens, span[0] - 3)
    return span if described is None else (described[0], span[1])


_DESCRIBING_LINKS = frozenset({"with", "to", "on", "of", "in"})
"""Prepositions after a describing adjective ("familiar with", "close to", "briefed on", "aware of")."""


def _postmodifier(tokens: Tokens, k: int) -> bool:
    """Return True when token ``k`` starts a phrase that describes the speaker before it.

    "said one aide familiar with the talks", "said a diplomat briefed on the meeting", "said an
    official speaking from Geneva"; not a finite verb ("said he supported the sale").
    """
    lower = tokens.lower[k]
    return lower in _POSTMODIFIERS or (tokens.text[k].islower() and lower.endswith("ing"))


def _bracketed(tokens: Tokens, j: int, last: int, cue: lex.Cue, has_auxiliary: bool) -> tuple[Span, Form] | None:
    """Return the speaker ending in a bracket at token ``j``: "The Forum for the Environment (WALHI) said"."""
    opening = next((k for k in range(j - 1, max(0, j - BRACKET_REACH), -1) if tokens.text[k] == "("), 0)
    span = ph.before(tokens, opening - 1) if opening else None
    span = span and ph.subject(tokens, span)
    if not span or (cue.noun and not has_auxiliary and not fo.verb_reading(tokens, span, last + 1, cue)):
        return None
    return (tokens.start[span[0]], tokens.end(j)), Form.SUBJECT


class SentenceClaims(NamedTuple):
    """The claims of one sentence, and whether its dependency tree may find more or better ones."""

    claims: list[Claim]
    treeable: bool


def read_sentence(
    text: str, quotes: Quotes | None = None, *, first_cue: int = 0, parsed: _trees.Parsed | None = None
) -> SentenceClaims:
    """Return the claims of one sentence, in the order of their cues, and whether a tree may help.

    ``quotes`` says where the sentence's quotations are, and whether it starts inside one that
    opened in an earlier sentence; by default the sentence is read on its own. ``first_cue`` is
    where cues may start, when the caller has already searched the sentence for one. ``parsed``
    is the sentence's dependency tree: without one, ``treeable`` says whether reading the
    sentence again with its tree may change its claims (a cue the shapes found no claim for).
    """
    quotes = quotes or Quotes(text, inside=False)
    matches = list(lex.CUE_PATTERN.finditer(text, first_cue))
    if quotes.flips or quotes.starts_inside:
        matches = [match for match in matches if not quotes.inside(match.start())]
    if not matches:
        return SentenceClaims([], treeable=False)
    tokens = parsed.tokens if parsed is not None else Tokens(text, min(len(text), matches[-1].end() + RIGHT_CONTEXT))
    marks = '"' in text or "“" in text or "”" in text
    drafts: list[_Draft] = []
    treeable = False
    for match in matches:
        i, last = tokens.index(match.start()), tokens.index(match.end()) - 1
        if i >= tokens.size or tokens.start[i] != match.start() or last < i or tokens.end(last) != match.end():
            continue  # not whole words: "state" of "state.gov"
        noun = _nouns.read(tokens, i)
        if noun is not None:  # "Ray's claim that ...", "the warning by the ministry that ..."
            fixed = (noun.after, noun.end) if noun.end >= 0 else NO_SPAN
            after = -1 if noun.end >= 0 else noun.after
            drafts.append(
                _Draft(noun.source, noun.cue, noun.lemma, False, after, noun.clause, -1, False, fixed, inside=True)
            )
            continue
        if match.group() not in lex.CUES and match.group().lower() != lex.ACCORDING_TO:
            continue  # a noun that reports nothing here ("the statement was brief")
        attempt = _draft(text, tokens, i, last, drafts, parsed, marks=marks)
        treeable = treeable or attempt.treeable
        if attempt.draft is not None:
            drafts.append(attempt.draft)
    return SentenceClaims([_claim(text, drafts, n) for n in range(len(drafts))], treeable)


def claims_in_sentence(text: str, quotes: Quotes | None = None, *, first_cue: int = 0) -> list[Claim]:
    """Return the claims of one sentence, in the order of their cues, read without a tree (see :func:`read_sentence`).

    Examples
    --------
    >>> text = "Officials said that talks resumed."
    >>> [(text[slice(*c.source)], text[slice(*c.cue)], text[slice(*c.content)]) for c in claims_in_sentence(text)]
    [('Officials', 'said', 'talks resumed')]
    """
    return read_sentence(text, quotes, first_cue=first_cue).claims


def _claim(text: str, drafts: list[_Draft], n: int) -> Claim:
    """Return draft ``n`` as a claim: its content runs to where the next claim's clause starts."""
    draft = drafts[n]
    content = co.trim(text, *draft.fixed) if draft.fixed != NO_SPAN else NO_SPAN
    if draft.after >= 0:
        stop, m = len(text) if draft.until < 0 else draft.until, n + 1
        while m < len(drafts):  # the first later claim whose clause starts after this content does
            if drafts[m].clause > draft.after and not drafts[m].inside:
                stop = min(stop, drafts[m].clause)
                break
            m += 1
        content = co.trim(text, draft.after, co.narrated(text, draft.after, stop))
    if draft.before >= 0 and not co.embedded(text, draft.before):
        # the content before the speaker starts after the last claim before it, not counting claims
        # with a clause of their own inside it ("Orban, who had threatened to veto it, left, diplomats said")
        last = next((drafts[m] for m in range(n - 1, -1, -1) if not drafts[m].inside), None)
        floor = last.cue[1] if last is not None and last.cue[1] <= draft.before else 0
        if floor and last.source[1] <= last.cue[0] and not text[: last.source[0]].strip(' "“'):
            floor = 0  # "We believe the deal is fair, he said.": the claim that opens the sentence is what he said
        previous = co.before(text, draft.before, floor)
        short = (_few_words(text, content) or co.trailing(text, draft.after)) and not (
            draft.after >= 0 and co.opens_quote(text, draft.after)
        )
        if previous[1] > previous[0] and (
            co.interrupted(text, draft.before, max(draft.cue[1], draft.source[1]), draft.after)
            or (draft.before_wins and co.resumed(text, draft.before, draft.after))
        ):
            content = (previous[0], content[1])  # "The plan, he said, would cost billions": the whole clause
        elif (draft.before_wins and previous[1] > previous[0]) or (short and _reported_before(text, content, previous)):
            content = previous
    if content[1] <= content[0] or text[content[0] : content[1]].lower() in lex.NOTHING_SAID:
        content = NO_SPAN  # "said little", "said so"
    return Claim(draft.source, draft.cue, content, draft.lemma, draft.hedged)


def _reported_before(text: str, content: Span, previous: Span) -> bool:
    """Return True when the words before the speaker are what a claim with little after its cue reported.

    They are unless they only set the scene: a lone subordinate clause or introductory phrase is
    none when words follow the cue ("If prices rise, one can hardly blame them"; "In his speech,
    he called for unity"), nor two words of introduction ("For example, Ann Ray writes:"). Two
    words of a clause are ("Prices rose, he said.").
    """
    if previous[1] <= previous[0]:
        return False
    scene = co.scene(text, previous)
    if content[1] > content[0]:
        return not _few_words(text, previous) and not scene
    return not (scene and _few_words(text, previous))


MIN_CONTENT_WORDS = 3
"""Fewer words after a cue ("said on Monday") are no content when a clause or quote stands before the speaker."""


def _few_words(text: str, span: Span) -> bool:
    """Return True when ``span`` holds fewer than :data:`MIN_CONTENT_WORDS` words.

    Contents never overlap, so counting the words of them all stays linear in the sentence.
    """
    return len(text[span[0] : span[1]].split()) < MIN_CONTENT_WORDS
