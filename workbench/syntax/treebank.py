"""Dependency treebanks read onto the workbench's own tokens.

The parser reads sentences cut by the workbench's one word tokenizer
(:data:`workbench.lexicon.SPACED_TOKEN`), which keeps "Israel's", "don't" and "U.S." whole and
splits "5:30" or "--" into marks. Universal Dependencies cuts words otherwise ("Israel" + "'s",
"do" + "n't"), so every treebank sentence is re-tokenised from its ``# text`` line and its tree
is carried over by character offsets:

1. each UD word gets its characters in the text (the words of a multi-word token such as
   "don't" share the token's characters, or get their own when their forms spell it out);
2. each word belongs to the first workbench token its characters overlap;
3. a token holding several words takes the head and relation of the word among them whose head
   lies outside the token (the one nearest the root when several do: "don't" takes "do"'s
   ``aux``, "Israel's" takes "Israel"'s ``nmod``); the words headed by any of them hang from
   the token;
4. a token holding no word of its own (a piece of a UD word the tokenizer split, the second
   "-" of "--") hangs from the token that holds that word, as ``punct`` when it is a mark and as
   ``flat`` otherwise.

Relations are reduced to the coarse set :data:`workbench.syntax.model.LABELS` by
:func:`workbench.syntax.model.coarse`. A sentence whose words cannot be found in its text, or
whose carried-over tree has a cycle (words of one token on both sides of another), is left out
and counted.

Splits: UD English-EWT has its own train, dev and test files; GUM's open genres are split by
:func:`workbench.segmenting_stats.gum_split` (per genre, documents sorted by id: every fifth from
the first is test, the one after it dev, the rest train); UD English-PUD is test only, its news
sentences (ids ``n...``) and its Wikipedia sentences (``w...``) scored apart.
"""

from __future__ import annotations

import enum
import itertools
import pathlib
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from workbench.evaluate.annotated import shared_data
from workbench.lexicon import SPACED_TOKEN
from workbench.segmenting_stats import gum_split
from workbench.syntax.model import coarse

SYNTAX = shared_data() / "syntax"
"""The shared treebanks (``../shared/data/syntax`` beside the checkout, or ``$WORKBENCH_SHARED_DATA/syntax``)."""


class Part(enum.StrEnum):
    """The fixed parts the treebanks are cut into."""

    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class Sentence(NamedTuple):
    """A treebank sentence on workbench tokens: texts, gold heads (-1 for the root) and coarse relations.

    ``lemmas`` and ``tags`` (Penn Treebank parts of speech) are those of the UD word each token
    takes its head from (for scoring and for the tagger; a token holding no word is tagged
    ``NFP`` when it is a mark, ``ADD`` otherwise); ``document`` and ``sent_id`` say where the
    sentence comes from.
    """

    sent_id: str
    document: str
    tokens: tuple[str, ...]
    heads: np.ndarray
    labels: tuple[str, ...]
    lemmas: tuple[str, ...]
    tags: tuple[str, ...]


class _Word(NamedTuple):
    start: int
    end: int
    head: int  # 0-based index of the head word, -1 for the root
    deprel: str
    lemma: str
    tag: str


class Unreadable(ValueError):
    """A treebank sentence whose words cannot be placed in its text, or whose tree cannot be carried over."""


def _blocks(path: pathlib.Path) -> Iterator[tuple[dict[str, str], list[list[str]]]]:
    """Yield each sentence of a CoNLL-U file as its comments (key -> value) and its token lines (columns)."""
    if not path.is_file():
        raise FileNotFoundError(
            f"no treebank at {path}: the shared data is read from beside the checkout "
            "(../shared/data); set WORKBENCH_SHARED_DATA to the folder that holds syntax/"
        )
    comments: dict[str, str] = {}
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as lines:
        for raw in lines:
            line = raw.rstrip("\n")
            if not line:
                if rows:
                    yield comments, rows
                comments, rows = {}, []
            elif line.startswith("#"):
                key, _, value = line[1:].partition("=")
                comments[key.strip()] = value.strip()
            else:
                rows.append(line.split("\t"))
    if rows:
        yield comments, rows


def _words(text: str, rows: list[list[str]]) -> list[_Word]:
    """Place the words of one sentence in its text; raise :class:`Unreadable` when a form is not where expected."""
    words: list[_Word] = []
    position = 0
    span_end = 0  # the last word index covered by the current multi-word token
    pieces: list[tuple[int, int]] = []
    for columns in rows:
        index = columns[0]
        if "." in index:  # an empty node of the enhanced graph
            continue
        if "-" in index:
            first, last = (int(part) for part in index.split("-"))
            start, end = _find(text, columns[1], position)
            forms = [row[1] for row in rows if row[0].isdigit() and first <= int(row[0]) <= last]
            if "".join(forms) == columns[1]:
                cuts = np.cumsum([0, *map(len, forms)])
                pieces = [(start + int(a), start + int(b)) for a, b in itertools.pairwise(cuts)]
            else:
                pieces = [(start, end)] * len(forms)
            position, span_end = end, last
            continue
        number = int(index)
        if number <= span_end:
            start, end = pieces[number - (span_end - len(pieces) + 1)]
        else:
            start, end = _find(text, columns[1], position)
            position = end
        words.append(_Word(start, end, int(columns[6]) - 1, columns[7], columns[2], columns[4]))
    return words


def _find(text: str, form: str, position: int) -> tuple[int, int]:
    """Return where ``form`` is in ``text`` after ``position`` and white space."""
    while position < len(text) and text[position].isspace():
        position += 1
    if not text.startswith(form, position):
        raise Unreadable(f"{form!r} is not at character {position} of {text!r}")
    return position, position + len(form)


def _depths(heads: list[int]) -> list[int]:
    """Return each word's number of arcs from the root."""
    depths = [-1] * len(heads)
    for word in range(len(heads)):
        chain = []
        node = word
        while node >= 0 and depths[node] < 0 and len(chain) <= len(heads):
            chain.append(node)
            node = heads[node]
        base = depths[node] if node >= 0 else -1
        for step, item in enumerate(reversed(chain)):
            depths[item] = base + step + 1
    return depths


def carry_over(text: str, words: list[_Word]) -> tuple[list[str], np.ndarray, list[str], list[int]]:
    """Return the workbench tokens of ``text``, their heads and coarse relations, and the word each token stands for.

    The rules are those of the module's docstring; the word index is -1 for a token holding no word.
    """
    pieces = SPACED_TOKEN.findall(text)
    tokens = [token for _, token in pieces]
    starts, position = [], 0
    for space, token in pieces:
        position += len(space)
        starts.append(position)
        position += len(token)
    ends = [start + len(token) for start, token in zip(starts, tokens, strict=True)]
    owner = []  # the token each word belongs to
    for word in words:
        found = next((k for k in range(len(tokens)) if starts[k] < word.end and ends[k] > word.start), None)
        if found is None:
            raise Unreadable(f"no token of {text!r} covers characters {word.start}-{word.end}")
        owner.append(found)
    depths = _depths([word.head for word in words])
    heads = np.full(len(tokens), -1, dtype=np.int32)
    labels = ["root"] * len(tokens)
    stands_for = [-1] * len(tokens)
    for k in range(len(tokens)):
        own = [i for i, o in enumerate(owner) if o == k]
        outside = [i for i in own if words[i].head < 0 or owner[words[i].head] != k]
        if own:
            chosen = min(outside, key=lambda i: (depths[i], i))
            stands_for[k] = chosen
            head = words[chosen].head
            heads[k] = owner[head] if head >= 0 else -1
            labels[k] = coarse(words[chosen].deprel)
            continue
        word = next(i for i, w in enumerate(words) if starts[k] < w.end and ends[k] > w.start)
        heads[k] = owner[word]
        labels[k] = "flat" if tokens[k][0].isalnum() else "punct"
    if int((heads < 0).sum()) != 1 or _cyclic(heads):
        raise Unreadable(f"the tree of {text!r} does not carry over to its tokens")
    return tokens, heads, labels, stands_for


def _cyclic(heads: np.ndarray) -> bool:
    """Return True when following heads from some token never reaches the root."""
    for start in range(len(heads)):
        node, steps = start, 0
        while node >= 0 and steps <= len(heads):
            node, steps = int(heads[node]), steps + 1
        if node >= 0:
            return True
    return False


def projective(heads: np.ndarray) -> np.ndarray:
    """Return ``heads`` with every crossing arc lifted to its head's head until no arc crosses.

    The transition system builds projective trees only; lifting the shortest crossing arc first
    (Nivre and Nilsson's pseudo-projective lifting, without encoding the lift in the relation)
    keeps each word in the subtree of an ancestor of its true head.
    """
    heads = heads.copy()
    while True:
        crossing = [d for d in range(len(heads)) if heads[d] >= 0 and not _covers(heads, int(heads[d]), d)]
        if not crossing:
            return heads
        worst = min(crossing, key=lambda d: (abs(int(heads[d]) - d), d))
        heads[worst] = heads[heads[worst]]


def _covers(heads: np.ndarray, head: int, dependent: int) -> bool:
    """Return True when every token strictly between ``head`` and ``dependent`` descends from ``head``."""
    low, high = sorted((head, dependent))
    for k in range(low + 1, high):
        node = k
        while node >= 0 and node != head:
            node = int(heads[node])
        if node != head:
            return False
    return True


def read(path: pathlib.Path) -> tuple[list[Sentence], int]:
    """Return the sentences of a CoNLL-U file carried over to workbench tokens, and how many were left out."""
    sentences: list[Sentence] = []
    dropped = 0
    document = ""
    for comments, rows in _blocks(path):
        document = comments.get("newdoc id", document)
        text = comments.get("text", "")
        try:
            words = _words(text, rows)
            tokens, heads, labels, stands_for = carry_over(text, words)
        except Unreadable:
            dropped += 1
            continue
        lemmas = tuple(words[i].lemma if i >= 0 else "" for i in stands_for)
        tags = tuple(
            words[i].tag if i >= 0 else ("ADD" if token[0].isalnum() else "NFP")
            for i, token in zip(stands_for, tokens, strict=True)
        )
        sentences.append(
            Sentence(comments.get("sent_id", ""), document, tuple(tokens), heads, tuple(labels), lemmas, tags)
        )
    return sentences, dropped


class Split(NamedTuple):
    """One named set of sentences for training or scoring (``ewt``, ``gum``, ``pud-news``, ``pud-wiki``)."""

    name: str
    part: Part
    sentences: list[Sentence]


def splits(folder: pathlib.Path = SYNTAX) -> list[Split]:
    """Return every fixed split of the shared treebanks, in a fixed order."""
    ewt = folder / "ud_ewt"
    found = [Split("ewt", part, read(ewt / f"en_ewt-ud-{part}.conllu")[0]) for part in Part]
    gum, _ = read(folder / "gum_open" / "gum_open.conllu")
    documents = sorted({sentence.document for sentence in gum})
    of = {document: gum_split(document, documents) for document in documents}
    found += [Split("gum", part, [s for s in gum if of[s.document] == part]) for part in Part]
    pud, _ = read(folder / "ud_pud" / "en_pud-ud-test.conllu")
    found.append(Split("pud-news", Part.TEST, [s for s in pud if s.sent_id.startswith("n")]))
    found.append(Split("pud-wiki", Part.TEST, [s for s in pud if s.sent_id.startswith("w")]))
    return found
