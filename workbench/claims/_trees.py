"""Who said what, read off a sentence's dependency tree: the source and the content of a cue verb.

The source of a cue verb is its subject (``nsubj``); a verb without one takes it from the verb it
depends on: the first verb of a coordination ("The minister declined to apologise, but said"),
the verb that controls it ("X declined to say"), the main clause of a participle ("..., saying");
a relative clause's "who" stands for the noun the clause describes. The source phrase is the
subject's subtree without its appositions, relative clauses and other clauses ("Ann Ray, a tax
expert who advised two governments, said" gives "Ann Ray"), determiners and adjectives kept
("The two companies").

The content is the cue's clausal complement (``ccomp``) without its "that"; a cue that hangs
from the clause it reports (``"...," she said``) reports that clause, without the cue's own
words; a parataxis after the cue (``She said: ...``) is content too. The object of "told" is
the listener, never the content.

Spans are inclusive ``(first, last)`` token indices into the sentence's :class:`Tokens`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

from workbench import syntax
from workbench.claims._lexicon import BE_FORMS, SUBORDINATORS
from workbench.claims._tokens import Tokens, Words

MAX_TOKENS = 60
"""Longest sentence parsed, in tokens: longer ones (lists, run-on text) are read by the shapes alone,
so no single sentence makes the parse slow. All sentences of a call are parsed together, one move
of each per step, so the longest sets the number of steps (two per token). Of the dev and test
sentences of EWT, GUM and PUD (6,857), 28 are longer, none in PUD; reading those by the shapes
alone lost no right dev claim (one wrong one went), and the parse of the 0.25 MB speed text fell
from 165 steps to 120."""
MAX_CHARACTERS = 20 * MAX_TOKENS
"""Longer sentences are not even cut into tokens: they hold more than :data:`MAX_TOKENS` tokens or
words of unusual length (a period-free page pasted as one sentence)."""
_SUBJECTS = frozenset({"nsubj"})
_INHERITED_SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
"""Subjects a cue verb without its own may take from the verb it depends on ("He was arrested and said")."""
_INHERITS = frozenset({"conj", "xcomp", "advcl"})
"""Relations through which a verb shares the subject of its head: coordination, control, participle."""
_NOT_SOURCE = frozenset({"appos", "acl", "acl:relcl", "parataxis", "advcl", "ccomp", "punct"})
"""Parts of a subject's subtree that describe the speaker rather than name it."""
_RELATIVE = frozenset({"who", "which", "that"})
_COMPLEMENTISERS = frozenset({"that"})
_CONDITIONS = frozenset({"if", "unless", "whether"})
_CLAUSE_MARKS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl", "aux", "cop"})
"""Dependents that make a complement a clause (a subject, an auxiliary, a copula), not an object read as one."""
_REFUSALS = frozenset({"decline", "declined", "declines", "declining", "refuse", "refused", "refuses", "refusing"})
"""Verbs whose controlled cue was not said ("declined to say whether"): it reports nothing."""
MAX_INHERITANCE = 3
"""Heads climbed for a subject ("declined to comment, but said": two); more is a parse gone astray."""


class Tree(Protocol):
    """A dependency tree over a sentence's tokens (``workbench.syntax.Tree``)."""

    heads: np.ndarray
    labels: tuple[str, ...]


class Reading(NamedTuple):
    """What the tree says of one cue verb: its subject's head token, source and content phrases (token spans).

    Each is None when the tree does not give it.
    """

    subject: int | None
    source: Words | None
    content: Words | None
    sure: bool = False  # the content is a clause with a subject of its own or a quote, and no condition holds the cue


class _Clause(NamedTuple):
    """The clause a cue reports: its root, its tokens, and whether the cue stands inside or after it.

    ``small`` marks an object and the verb or adjective predicated of it, which the parser hung
    from the cue ("show the mayor paid for the trip", "found the drug effective").
    """

    root: int
    words: list[int]
    inside: bool
    small: bool = False


class Parsed:
    """A sentence's tokens with its tree, read for each of its cues.

    No list of dependents is built per sentence: most sentences are read for one cue, and a scan
    of the heads costs less than listing every token's dependents.
    """

    __slots__ = ("heads", "labels", "tokens")

    def __init__(self, tokens: Tokens, tree: Tree) -> None:
        self.tokens = tokens
        self.heads: list[int] = tree.heads.tolist()
        self.labels: Sequence[str] = tree.labels

    def _dependents(self, head: int) -> list[int]:
        """Return the tokens whose head is ``head``, in order."""
        return [k for k, h in enumerate(self.heads) if h == head and k != head]

    def _subtree(self, root: int, skip: frozenset[str] = frozenset()) -> list[int]:
        """Return the tokens under ``root`` (itself included), in order, not entering dependents labelled in ``skip``.

        A token is under ``root`` when its chain of heads reaches it without passing a relation in ``skip``.
        """
        heads, labels, size, found = self.heads, self.labels, len(self.heads), []
        for k in range(size):
            m = k
            for _ in range(size):
                if m == root:
                    found.append(k)
                    break
                if m < 0 or labels[m] in skip:
                    break
                m = heads[m]
        return found

    def _trimmed(self, tokens: list[int]) -> Words | None:
        """Return the span of ``tokens`` without punctuation at its edges."""
        first, last = min(tokens), max(tokens)
        while first < last and self.tokens.punct(first):
            first += 1
        while last > first and self.tokens.punct(last):
            last -= 1
        return None if self.tokens.punct(first) else (first, last)

    def subject(self, verb: int) -> int | None:
        """Return the token heading the subject of ``verb``, from the verb it depends on when it has none."""
        subjects = _SUBJECTS
        for _ in range(MAX_INHERITANCE):
            dependents = self._dependents(verb)
            if subjects is _SUBJECTS and not self._passive(dependents):
                subjects = _INHERITED_SUBJECTS  # a passive subject without a form of "be" is the parser's slip
            own = next((c for c in dependents if self.labels[c] in subjects), None)
            if own is not None:
                if self.tokens.lower[own] in _RELATIVE and self.labels[verb] == "acl:relcl" and self.heads[verb] >= 0:
                    return self.heads[verb]  # "Ann Ray, who said ...": the noun the clause describes
                return own
            head = self.heads[verb]
            if head < 0 or self.labels[verb] not in _INHERITS:
                return None
            if self.labels[verb] == "xcomp" and self.tokens.lower[head] in _REFUSALS:
                return None
            verb, subjects = head, _INHERITED_SUBJECTS
        return None

    def _passive(self, dependents: list[int]) -> bool:
        """Return True when a verb with these dependents is passive: one of its auxiliaries is a form of "be"."""
        return any(self.labels[c] == "aux" and self.tokens.lower[c] in BE_FORMS for c in dependents)

    def source(self, subject: int) -> Words | None:
        """Return the source phrase headed by ``subject``: its subtree without appositions and clauses.

        A noun that a relative clause describes loses its own preposition ("the views of critics who
        say" gives "critics").
        """
        marks = {c for c in self._dependents(subject) if self.labels[c] == "case"}
        return self._trimmed([k for k in self._subtree(subject, _NOT_SOURCE) if k not in marks])

    def _clause(self, verb: int) -> _Clause | None:
        """Return the clause cue ``verb`` reports, or None when it has none."""
        dependents = self._dependents(verb)
        complement = next((c for c in dependents if self.labels[c] == "ccomp"), None)
        complement = complement if complement is not None else self._unmarked_adverbial(verb, dependents)
        if complement is not None:
            words = self._subtree(complement)
            if words[0] > verb and self.tokens.lower[words[0]] in _COMPLEMENTISERS:
                words = words[1:]  # "that", whatever relation the parser gave it
            cut = self._next_clause(complement)
            return _Clause(complement, [k for k in words if k < cut], inside=False)
        small = self._small_clause(verb, dependents)
        if small is not None:
            return small
        head = self.heads[verb]
        if self.labels[verb] == "parataxis" and 0 <= head < verb:  # "...," she said: the words before the cue
            own = self._subtree(verb)
            return _Clause(head, [k for k in self._subtree(head) if k < own[0]], inside=True)
        after = next((c for c in dependents if self.labels[c] == "parataxis" and c > verb), None)
        return None if after is None else _Clause(after, self._subtree(after), inside=False)

    def _unmarked_adverbial(self, verb: int, dependents: list[int]) -> int | None:
        """Return a clause right after the cue that the parser hung from it as an adverbial, with no marker.

        "Polls show Ray leads the race" is parsed with "leads" an ``advcl`` of "show": a clause
        with a subject of its own right after the cue and no "if", "when" or "because" is what
        the cue reports, not when or why.
        """
        for c in dependents:
            if c <= verb or self.labels[c] != "advcl":
                continue
            own, first = self._dependents(c), self._subtree(c)[0]
            marked = any(self.labels[d] == "mark" for d in own) or self.tokens.lower[first] in SUBORDINATORS
            if not marked and first == verb + 1 and any(self.labels[d] in _SUBJECTS for d in own):
                return c
        return None

    def _small_clause(self, verb: int, dependents: list[int]) -> _Clause | None:
        """Return the object of ``verb`` and the predicate right after it, when the parser hung both from the cue.

        "Receipts show the mayor paid for the trip" parses as an object ("the mayor") and an
        ``xcomp`` ("paid"): a clause whose subject is the object. An ``xcomp`` with "to" or another
        marker ("urged lawmakers to act") is what the object is asked to do, not said of it.
        """
        objects = [c for c in dependents if c > verb and self.labels[c] == "obj"]
        if len(objects) != 1:
            return None
        subject = self._subtree(objects[0])
        predicate = next((c for c in dependents if self.labels[c] == "xcomp" and c == subject[-1] + 1), None)
        if predicate is None or any(
            self.labels[d] in {"mark", "aux"} or self.tokens.lower[d] == "to" for d in self._dependents(predicate)
        ):
            return None
        return _Clause(predicate, subject + self._subtree(predicate), inside=False, small=True)

    def _next_clause(self, complement: int) -> int:
        """Return where a clause of the narrator's own starts after ``complement``, else the sentence's end.

        "I told you there was water in it, and you have all seen it boil": a conjunct after a comma
        with a subject of its own goes on with the story, not with what was said.
        """
        for c in self._dependents(complement):
            if (
                c > complement
                and self.labels[c] == "conj"
                and any(self.labels[d] in _SUBJECTS for d in self._dependents(c))
            ):
                first = self._subtree(c)[0]  # the comma, when the parser hung it from the conjunct
                if self.tokens.text[first] == ",":
                    return first
                if first > 0 and self.tokens.text[first - 1] == ",":
                    return first - 1
        return len(self.heads)

    def _sure(self, verb: int, clause: _Clause, span: Words) -> bool:
        """Return True when a clause read off the tree is surely reported by cue ``verb``.

        A clause the cue stands inside or after is sure when it is quoted; any other when it has a
        subject, an auxiliary or a copula of its own, or is quoted (an object taken for a clause,
        "found no differences", has none). A cue in a condition ("if the court finds that")
        reports nothing.
        """
        if any(self.labels[c] == "mark" and self.tokens.lower[c] in _CONDITIONS for c in self._dependents(verb)):
            return False
        quoted = (span[0] > 0 and self.tokens.quote(span[0] - 1)) or self.tokens.quote(span[0])
        if clause.inside:
            return quoted
        return quoted or clause.small or any(self.labels[c] in _CLAUSE_MARKS for c in self._dependents(clause.root))

    def read(self, verb: int) -> Reading:
        """Return the subject, source and content of the cue verb at token ``verb``."""
        subject = self.subject(verb)
        source = None if subject is None else self.source(subject)
        clause = self._clause(verb)
        content = self._trimmed(clause.words) if clause and clause.words else None
        sure = content is not None and self._sure(verb, clause, content)
        return Reading(subject, source, content, sure)


def parse_sentences(texts: Sequence[str]) -> list[Parsed | None]:
    """Return each sentence's tokens and tree, from one call of the parser; None for a sentence too long to parse.

    The claims stage gives only the sentences whose cues the shapes could not read, so the parser
    reads a small part of the text.
    """
    tokens = [Tokens(text, len(text)) if len(text) <= MAX_CHARACTERS else None for text in texts]
    chosen = [n for n, words in enumerate(tokens) if words is not None and 0 < words.size <= MAX_TOKENS]
    trees = syntax.parse([tokens[n].text for n in chosen]) if chosen else []
    parsed: list[Parsed | None] = [None] * len(texts)
    for n, tree in zip(chosen, trees, strict=True):
        parsed[n] = Parsed(tokens[n], tree)  # type: ignore[arg-type]  # chosen tokens are never None
    return parsed
