"""The annotated text the name finder learns from and is scored on, source by source, in fixed parts.

Every source is openly licensed text annotated by others (see NOTICE), read from the shared
data folder (``../shared/data/actors``) as :class:`~workbench.evaluate.annotated.Document`
records with three labels. Their label sets differ; they map to person, organisation and place
as :data:`LABELS` states, and every other label (events, products, nationalities, works) is no
name here. Each source has one fixed split into train, dev and test:

==================  ====================================================================  =====
source              split                                                                 news
==================  ====================================================================  =====
gum, wikigold       ``tests/data/eval/shared_split.yaml`` (documents by index)
uner_ewt            its train file and 3 of 4 documents of its dev file: train; the 4th
                    document of dev: dev; its test file: test (the yaml file again)
pud_news, pud_wiki  UNER English-PUD, its news (``n...``) and Wikipedia (``w...``)           yes (news)
                    documents in file order: even index test, index % 4 == 1 dev, the rest train
re3d                per publisher folder, documents sorted by id: index % 5 == 0 test,      yes
                    == 1 dev, the rest train
crossner_politics   its own train, dev and test files                                        yes
btc                 its own train, dev and test files (one tweet a document)                 yes
wnut17              its own train, dev and test files (one post a document)
==================  ====================================================================  =====

Token files (BTC, WNUT-17, CrossNER) have no running text: a sentence is its tokens joined by
single spaces, one sentence a line. Social-media user handles ("@" and the word after it) are
no names here, whatever their tag: news does not name people that way.

re3d marks names with character offsets and no sentences: the workbench's segmenter cuts its
text, and the lower-case words before a name's first capital are left out of it ("the city of
Mosul" is "Mosul"), the way the other sources and news name it; a marked span with no capital
letter ("service members") is a description, not a name, and is left out.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from workbench.evaluate.annotated import (
    DEFAULT_DATA,
    Document,
    Label,
    Part,
    Span,
    _tagged_spans,
    read_uner,
    split,
)
from workbench.segmenting import sentences as segment

LABELS: dict[str, Label] = {
    # UNER (EWT, PUD), BTC: PER, ORG, LOC; UNER's OTH (other names) and stray "O" tags are no name.
    "PER": Label.PER,
    "ORG": Label.ORG,
    "LOC": Label.LOC,
    # CrossNER politics.
    "politician": Label.PER,
    "person": Label.PER,
    "politicalparty": Label.ORG,
    "organisation": Label.ORG,
    "country": Label.LOC,
    "location": Label.LOC,
    # WNUT-17: person, location, group (bands, teams, bodies) and corporation; products and creative works are no name.
    "group": Label.ORG,
    "corporation": Label.ORG,
    # re3d: Person, Organisation, Location; Nationality, Weapon, MilitaryPlatform... are no name.
    "Person": Label.PER,
    "Organisation": Label.ORG,
    "Location": Label.LOC,
}
"""Every source's labels that name a person, an organisation or a place, and which of the three."""


class Source(NamedTuple):
    """One annotated source: its name, whether it is news-like (weighed when choosing), its parts."""

    name: str
    news: bool
    parts: dict[Part, list[Document]]


NEWS_LIKE = ("pud_news", "re3d", "crossner_politics", "btc")
"""The sources closest to news: features, thresholds and mixing weights are chosen on their dev parts."""


def _tag(tag: str) -> str:
    """Return a source's IOB tag as one of ``B-PER``, ``I-ORG``... or ``O``."""
    prefix, _, label = tag.partition("-")
    kind = LABELS.get(label)
    return f"{prefix}-{kind.value}" if kind is not None and prefix in ("B", "I") else "O"


def _token_sentences(path: pathlib.Path) -> Iterator[list[tuple[str, str]]]:
    """Yield the sentences of a token-per-line file (token, white space, tag) as ``(token, tag)`` lists."""
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            sentence.append((fields[0], fields[-1]))
        elif not fields and sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def read_tokens(path: pathlib.Path, corpus: str) -> list[Document]:
    """Return every sentence of a token-per-line file as a document of its own (tokens joined by spaces)."""
    out = []
    for number, sentence in enumerate(_token_sentences(path)):
        placed, cursor, previous = [], 0, ""
        for word, tag in sentence:
            handle = word.startswith("@") or previous == "@"  # "@ name": a user handle, not a name
            placed.append((cursor, cursor + len(word), "O" if handle else _tag(tag)))
            cursor += len(word) + 1
            previous = word
        text = " ".join(word for word, _ in sentence)
        spans = tuple(_tagged_spans(placed))
        out.append(Document(f"{corpus}-{path.name}-{number:05d}", corpus, text, ((0, len(text)),), spans))
    return out


def _re3d_spans(text: str, entities: Iterable[dict]) -> tuple[Span, ...]:
    """Return re3d's person, organisation and place names of one document, trimmed, not overlapping."""
    found: list[Span] = []
    for entity in entities:
        label = LABELS.get(entity["type"])
        start, end = int(entity["begin"]), int(entity["end"])
        if label is None:
            continue
        while start < end and not text[start].isupper():  # "the", "city of": the name starts at its capital
            start = text.find(" ", start, end) + 1 or end
        if start < end:
            found.append(Span(start, end, label))
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return tuple(kept)


def read_re3d(folder: pathlib.Path) -> list[Document]:
    """Return the documents of one re3d publisher folder, sorted by id, sentences cut by the workbench."""
    entities: dict[str, list[dict]] = {}
    for line in (folder / "entities.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entity = json.loads(line)
            entities.setdefault(entity["documentId"], []).append(entity)
    documents = []
    for line in (folder / "documents.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            text = doc["text"]
            spans = _re3d_spans(text, entities.get(doc["_id"], ()))
            documents.append(Document(doc["_id"], "re3d", text, tuple(segment(text)), spans))
    return sorted(documents, key=lambda d: d.doc_id)


def _every(documents: list[Document], test: set[int], dev: set[int], modulo: int) -> dict[Part, list[Document]]:
    """Split ``documents`` by index: ``index % modulo`` in ``test`` is test, in ``dev`` dev, the rest train."""
    parts: dict[Part, list[Document]] = {part: [] for part in Part}
    for i, doc in enumerate(documents):
        position = i % modulo
        parts[Part.TEST if position in test else Part.DEV if position in dev else Part.TRAIN].append(doc)
    return parts


def _given(folder: pathlib.Path, corpus: str, train: str, dev: str, test: str) -> dict[Part, list[Document]]:
    return {
        Part.TRAIN: read_tokens(folder / train, corpus),
        Part.DEV: read_tokens(folder / dev, corpus),
        Part.TEST: read_tokens(folder / test, corpus),
    }


_CROSSNER = ("train.txt", "dev.txt", "test.txt")
_PUD = ({0, 2}, {1}, 4)


def sources(data: pathlib.Path = DEFAULT_DATA) -> list[Source]:
    """Return every annotated source of ``data`` in its fixed parts, in a fixed order.

    Each document's ``corpus`` is its source's name.
    """
    shared = split(data)
    by_corpus: dict[str, dict[Part, list[Document]]] = {}
    for part, documents in shared.items():
        for doc in documents:
            by_corpus.setdefault(doc.corpus, {p: [] for p in Part})[part].append(doc)
    by_corpus["uner_ewt"][Part.TRAIN].extend(read_uner(data / "uner_ewt" / "en_ewt-ud-train.iob2"))
    pud = list(read_uner(data / "uner_pud" / "en_pud-ud-test.iob2"))
    re3d: dict[Part, list[Document]] = {part: [] for part in Part}
    for folder in sorted(path for path in (data / "re3d").iterdir() if path.is_dir()):
        for part, documents in _every(read_re3d(folder), {0}, {1}, 5).items():
            re3d[part].extend(documents)
    out = [
        Source("gum", False, by_corpus["gum"]),
        Source("wikigold", False, by_corpus["wikigold"]),
        Source("uner_ewt", False, by_corpus["uner_ewt"]),
        Source("pud_news", True, _every([d._replace(corpus="pud_news") for d in pud if d.doc_id[0] == "n"], *_PUD)),
        Source("pud_wiki", False, _every([d._replace(corpus="pud_wiki") for d in pud if d.doc_id[0] == "w"], *_PUD)),
        Source("re3d", True, re3d),
        Source("crossner_politics", True, _given(data / "crossner_politics", "crossner_politics", *_CROSSNER)),
        Source("btc", True, _given(data / "btc", "btc", "btc.train", "btc.dev", "btc.test")),
        Source(
            "wnut17",
            False,
            _given(data / "wnut17", "wnut17", "wnut17train.conll", "emerging.dev.conll", "emerging.test.annotated"),
        ),
    ]
    return [source._replace(news=source.name in NEWS_LIKE) for source in out]
