"""Word statistics for sentence boundaries, learned from dependency treebanks.

Whether a period after an abbreviation ends a sentence depends on the word after it: "in the
U.S. Police met ..." ends a sentence because "police" is a word written in lower case inside
sentences, so its capital comes from starting one; "in the U.S. Treasury" does not, because
"Treasury" is written with a capital inside sentences too. This module counts that evidence in
hand-segmented text (Punkt's idea, Kiss and Strunk 2006, with our own counts):

- for each word (lower-cased): how often it is written in lower case inside a sentence, how
  often with a capital inside a sentence, and how often it opens a sentence;
- for each abbreviation-like word (letters and periods ending in a period: "U.S.", "etc.",
  "Inc.", "p.m.", "J."): how often it occurs, and how often it is the last word of a sentence.

The counts come from the training parts of two treebanks in ``../shared/data/syntax/``: UD
English-EWT train, and GUM's open genres without the documents kept for testing (per genre,
documents sorted by id: every fifth from the first is test, the one after it dev, the rest
train; dev and test are not counted). UD English-PUD and EWT dev and test are left for scoring.
The counts ship as ``workbench/data/sentence_words.tsv`` (read by :mod:`workbench.lexicon`) and
are reproduced byte for byte by::

    python -m workbench.segmenting_stats            # writes workbench/data/sentence_words.tsv
    python -m workbench.segmenting_stats --check    # exits 1 if the shipped file differs
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from workbench import lexicon
from workbench.evaluate.annotated import shared_data
from workbench.lexicon import AbbreviationCounts, SentenceStatistics, WordCounts, abbreviation_key

SYNTAX = shared_data() / "syntax"
EWT_TRAIN = SYNTAX / "ud_ewt" / "en_ewt-ud-train.conllu"
GUM = SYNTAX / "gum_open" / "gum_open.conllu"
OUTPUT = lexicon.data_path("sentence_words.tsv")
MIN_COUNT = 3
"""A word seen fewer times than this is left out: the segmenter reads too little evidence in it."""
CAPITALS = lexicon.CAPITALS

_ABBREVIATION = re.compile(r"[A-Za-z](?:[A-Za-z]|\.(?=[A-Za-z])){0,5}\.")
_CLOSING = frozenset(".\"')]}”’»")
_OPENING = frozenset("\"'([{“‘«:")
_TITLE_CASE_SHARE = 0.5  # a sentence with more capitalised words than this (after its first) is a headline


class TreebankSentence(NamedTuple):
    """One sentence of a CoNLL-U file: its document, whether it opens a paragraph, its text and its words.

    ``glued[i]`` tells that no space follows ``words[i]`` (CoNLL-U's ``SpaceAfter=No``).
    """

    document: str
    new_paragraph: bool
    text: str
    words: tuple[str, ...]
    glued: tuple[bool, ...]


def read_conllu(path: pathlib.Path) -> Iterator[TreebankSentence]:
    """Yield the sentences of a CoNLL-U file with their surface words (multi-word tokens whole).

    Raises
    ------
    FileNotFoundError
        When the file is missing: the shared data is not beside the checkout (set ``WORKBENCH_SHARED_DATA``).
    """
    if not path.is_file():
        raise FileNotFoundError(
            f"no treebank at {path}: the shared data is read from beside the checkout "
            "(../shared/data); set WORKBENCH_SHARED_DATA to the folder that holds syntax/"
        )
    document, new_paragraph, text, words, glued, skip_until = "", False, "", [], [], 0
    with path.open(encoding="utf-8") as lines:
        for raw in lines:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc id ="):
                document, new_paragraph = line.split("=", 1)[1].strip(), True
            elif line.startswith("# newpar"):
                new_paragraph = True
            elif line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif not line and words:
                yield TreebankSentence(document, new_paragraph, text, tuple(words), tuple(glued))
                new_paragraph, words, glued, skip_until = False, [], [], 0
            elif line and not line.startswith("#"):
                columns = line.split("\t")
                index, form = columns[0], columns[1]
                if "-" in index:  # "don't" = "do" + "n't": keep the written token
                    skip_until = int(index.split("-")[1])
                elif "." in index or int(index) <= skip_until:
                    continue
                words.append(form)
                glued.append("SpaceAfter=No" in columns[-1])
    if words:
        yield TreebankSentence(document, new_paragraph, text, tuple(words), tuple(glued))


def gum_split(document: str, documents: Sequence[str]) -> str:
    """Return ``train``, ``dev`` or ``test`` for a GUM document, by the project's fixed rule.

    Per genre (the second part of ``GUM_<genre>_<name>``), documents sorted by id: index 0, 5,
    10, ... are test, the one after each dev, the rest train.
    """
    genre = document.split("_")[1]
    same = sorted(other for other in documents if other.split("_")[1] == genre)
    return {0: "test", 1: "dev"}.get(same.index(document) % 5, "train")


def training_sentences(ewt: pathlib.Path = EWT_TRAIN, gum: pathlib.Path = GUM) -> Iterator[TreebankSentence]:
    """Yield the sentences the statistics are counted from: EWT train, then GUM's train documents."""
    yield from read_conllu(ewt)
    sentences = list(read_conllu(gum))
    documents = sorted({sentence.document for sentence in sentences})
    train = {document for document in documents if gum_split(document, documents) == "train"}
    yield from (sentence for sentence in sentences if sentence.document in train)


def count(sentences: Iterable[TreebankSentence], *, min_count: int = MIN_COUNT) -> SentenceStatistics:
    """Count how words are written inside and at the start of sentences, and where abbreviations fall.

    A word right after an opening quote, a bracket or a colon is not counted (a capital there says
    nothing), nor are the words of a headline in title case; a word seen fewer than ``min_count``
    times in all is left out. Words in capitals ("NATO", "U.S.") are counted together, as
    :data:`CAPITALS`, and so are initials ("J.", as :data:`workbench.lexicon.INITIALS`): one
    letter's own counts are few. The treebanks often cut a sentence-final abbreviation from its
    period ("etc" + "."): such a pair counts as the abbreviation when the word is seen with its
    period elsewhere.
    """
    sentences = list(sentences)
    written = {word for sentence in sentences for word in sentence.words if _ABBREVIATION.fullmatch(word)}
    known = {abbreviation_key(word[:-1]) for word in written}
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    start: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    before_capital: Counter[str] = Counter()
    for sentence in sentences:
        words = sentence.words
        last = max((i for i, word in enumerate(words) if not set(word) <= _CLOSING), default=-1)
        for i, word in enumerate(words):
            if i == last and words[i + 1 : i + 2] == (".",) and sentence.glued[i] and abbreviation_key(word) in known:
                ends[abbreviation_key(word)] += 1
            elif not _ABBREVIATION.fullmatch(word):
                continue
            elif i == last:
                ends[abbreviation_key(word[:-1])] += 1
            elif words[i + 1][0].isupper():
                before_capital[abbreviation_key(word[:-1])] += 1
        lettered = [i for i, word in enumerate(words) if word[0].isalpha()]
        if not lettered or _is_headline([words[i] for i in lettered]):
            continue
        first = next(i for i, word in enumerate(words) if word[0].isalnum())
        for i in lettered:
            word = words[i]
            key = CAPITALS if word.isupper() and len(word) > 1 else word.lower().removesuffix(".")
            if i == first:
                start[key] += word[0].isupper()
            elif words[i - 1][-1] in _OPENING:
                continue
            elif word[0].islower():
                lower[key] += 1
            else:
                capital[key] += 1
    keys = sorted(set(lower) | set(capital) | set(start))
    table = {key: WordCounts(lower[key], capital[key], start[key]) for key in keys}
    abbreviations = {
        key: AbbreviationCounts(ends[key], before_capital[key]) for key in sorted(set(ends) | set(before_capital))
    }
    return SentenceStatistics({key: row for key, row in table.items() if sum(row) >= min_count}, abbreviations)


def _is_headline(words: list[str]) -> bool:
    """Tell whether most words after the first are capitalised (a title: "Morphed Into GoogleOS")."""
    rest = [word for word in words[1:] if word != "I"]
    return len(rest) >= 2 and sum(word[0].isupper() for word in rest) > _TITLE_CASE_SHARE * len(rest)


def render(statistics: SentenceStatistics) -> str:
    """Return the text of ``sentence_words.tsv``: a header, then the abbreviations and the words, sorted."""
    lines = [
        "# How words are written inside and at the start of sentences, and how often abbreviation-like words end",
        "# one; read by the segmenter (workbench/segmenting.py) through workbench/lexicon.py.",
        "# Counted by `python -m workbench.segmenting_stats` from UD English-EWT train (CC BY-SA 4.0) and the",
        "# train documents of GUM's open genres (annotations CC BY 4.0; texts CC BY / CC BY-SA); see NOTICE.",
        "[abbreviations]",
        f"# word without its final period, lower case ({lexicon.INITIALS} for all initials together); as the last"
        " word of a sentence; before a capitalised word",
        *(f"{key}\t{counts.ends}\t{counts.before_capital}" for key, counts in statistics.abbreviations.items()),
        "[words]",
        f"# word, lower case (seen {MIN_COUNT} times or more; {CAPITALS} for all words in capitals together); in"
        " lower case inside a sentence; capitalised inside a sentence; capitalised as a sentence's first word",
        *(f"{key}\t{c.lower}\t{c.capital}\t{c.start}" for key, c in statistics.words.items()),
    ]
    return "\n".join(lines) + "\n"


def build() -> str:
    """Count the training treebanks and return the table's text (what ``sentence_words.tsv`` must hold)."""
    return render(count(training_sentences()))


def main(argv: Sequence[str] | None = None) -> None:
    """Write ``workbench/data/sentence_words.tsv`` from the treebanks, or check that it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs from a fresh count")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        text = build()
    except FileNotFoundError as error:
        parser.exit(1, f"{error}\n")
    if args.check:
        same = args.output.read_text(encoding="utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'differs from a fresh count'}")
        sys.exit(0 if same else 1)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
