"""Read openly licensed, human-annotated English text as documents with gold name spans.

Three corpora written and annotated by others train and test the name finder (see the
project's NOTICE for their licences): GUM (``gum_open.jsonl``: five genres, entity types with
the words of each name), UNER English-EWT (IOB2 columns) and wikigold (CoNLL, IOB1). Each
reader returns :class:`Document` records with the same three labels, so training and scoring
never care where a document came from. The split into train, dev and test is fixed once in
``tests/data/eval/shared_split.yaml``; :func:`split` applies it.
"""

from __future__ import annotations

import enum
import json
import os
import pathlib
from collections.abc import Iterator
from typing import NamedTuple

import yaml


def shared_data() -> pathlib.Path:
    """Return the shared annotated data: ``$WORKBENCH_SHARED_DATA``, else ``../shared/data`` beside the checkout."""
    folder = os.environ.get("WORKBENCH_SHARED_DATA")
    return pathlib.Path(folder) if folder else pathlib.Path(__file__).resolve().parents[3] / "shared" / "data"


DEFAULT_DATA = shared_data() / "actors"
"""Where the annotated actor data is (``../shared/data/actors`` beside a checkout)."""

SPLIT_FILE = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "eval" / "shared_split.yaml"


class Label(enum.StrEnum):
    """The kinds of name the finder is trained on: people, organisations and places."""

    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"


class Part(enum.StrEnum):
    """A part of the fixed split: tune on train and dev, report on test."""

    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class Span(NamedTuple):
    """A gold name: ``text[start:end]`` is a name of kind ``label``."""

    start: int
    end: int
    label: Label


class Document(NamedTuple):
    """One annotated document: its text, its sentences as offsets and its gold names."""

    doc_id: str
    corpus: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...]


_GUM_LABELS = {"person": Label.PER, "organization": Label.ORG, "place": Label.LOC}
_TAG_LABELS = {"PER": Label.PER, "ORG": Label.ORG, "LOC": Label.LOC}


def read_gum(path: pathlib.Path) -> Iterator[Document]:
    """Yield the GUM documents of ``gum_open.jsonl``; a name spans the name words of a named mention.

    "the Spanish painter Pablo Picasso" is annotated as one mention whose name words (its
    ``anchor``) are "Pablo Picasso": the gold span is those words, the way news names people.
    """
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            words = doc["words"]
            spans = set()
            for entity in doc["entities"]:
                label = _GUM_LABELS.get(entity["type"])
                if label is None:
                    continue
                for mention in entity["mentions"]:
                    anchor = mention.get("anchor") or []
                    if not mention.get("named") or not anchor:
                        continue
                    first, last = _name_words(words, mention["words"], min(anchor), max(anchor))
                    if words[first][0] is None or words[last][1] is None:
                        continue
                    spans.add(Span(words[first][0], words[last][1], label))
            sentences = tuple((int(s), int(e)) for s, e in doc["sentences"])
            yield Document(doc["id"], "gum", doc["text"], sentences, tuple(sorted(spans)))


_PROPER = frozenset(["NNP", "NNPS"])
_INNER = frozenset(["of", "the", "for", "and", "&", "de", "du", "la", "von", "van", "der"])


def _name_words(words: list[list], mention: list[int], first: int, last: int) -> tuple[int, int]:
    """Widen a mention's name words to the proper nouns next to them ("United" of "United States").

    GUM's name words are the head and its ``flat`` parts, which leaves out compound parts of a
    name; a connector ("of the") stays inside when a proper noun follows it in the mention.
    """
    begin, stop = mention
    while first > begin and words[first - 1][3] in _PROPER:
        first -= 1
    k = last + 1
    while k < stop:
        if words[k][3] in _PROPER:
            last = k
        elif words[k][0] is None or words[k][1] is None or words[k][3] not in ("IN", "DT", "CC"):
            break
        k += 1
    return first, last


def _tagged_spans(tokens: list[tuple[int, int, str]]) -> list[Span]:
    """Return the names of tokens tagged IOB1 or IOB2 (``(start, end, tag)``, tag "O" or "B-X"/"I-X")."""
    spans: list[Span] = []
    current: list[int] | None = None
    kind = ""
    for start, end, tag in tokens:
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and current is not None and label == kind
        if current is not None and not continues:
            if kind in _TAG_LABELS:
                spans.append(Span(current[0], current[1], _TAG_LABELS[kind]))
            current = None
        if prefix in ("B", "I") and not continues:
            current, kind = [start, end], label
        elif continues and current is not None:
            current[1] = end
    if current is not None and kind in _TAG_LABELS:
        spans.append(Span(current[0], current[1], _TAG_LABELS[kind]))
    return spans


def read_uner(path: pathlib.Path) -> Iterator[Document]:
    """Yield the documents of a UNER IOB2 file, each sentence placed by its ``# text =`` line."""
    doc_id, parts, sentences, spans, offset = "", [], [], [], 0

    def finish() -> Document | None:
        if not parts:
            return None
        return Document(doc_id, "uner_ewt", "\n".join(parts), tuple(sentences), tuple(spans))

    sentence_text, tokens = "", []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# newdoc id = "):
            done = finish()
            if done is not None:
                yield done
            doc_id, parts, sentences, spans, offset = line.split("= ", 1)[1], [], [], [], 0
        elif line.startswith("# text = "):
            sentence_text = line.split("= ", 1)[1]
        elif not line.strip():
            if tokens:
                placed, cursor = [], 0
                for word, tag in tokens:
                    at = sentence_text.find(word, cursor)
                    if at < 0:
                        continue
                    placed.append((offset + at, offset + at + len(word), tag))
                    cursor = at + len(word)
                sentences.append((offset, offset + len(sentence_text)))
                spans.extend(_tagged_spans(placed))
                parts.append(sentence_text)
                offset += len(sentence_text) + 1
            tokens = []
        elif not line.startswith("#"):
            columns = line.split("\t")
            if len(columns) >= 3 and columns[0].isdigit():
                tokens.append((columns[1], columns[2]))
    done = finish()
    if done is not None:
        yield done


def read_wikigold(path: pathlib.Path) -> Iterator[Document]:
    """Yield the wikigold documents (split at ``-DOCSTART-``), tokens joined by single spaces."""
    index = 0
    sentences: list[list[tuple[str, str]]] = [[]]

    def finish() -> Document | None:
        rows = [sentence for sentence in sentences if sentence]
        if not rows:
            return None
        parts, bounds, spans, offset = [], [], [], 0
        for sentence in rows:
            placed, cursor = [], offset
            for word, tag in sentence:
                placed.append((cursor, cursor + len(word), tag))
                cursor += len(word) + 1
            text = " ".join(word for word, _ in sentence)
            parts.append(text)
            bounds.append((offset, offset + len(text)))
            spans.extend(_tagged_spans(placed))
            offset += len(text) + 1
        return Document(f"wikigold-{index:03d}", "wikigold", "\n".join(parts), tuple(bounds), tuple(spans))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            done = finish()
            if done is not None:
                yield done
                index += 1
            sentences = [[]]
        elif not line.strip():
            sentences.append([])
        else:
            word, _, tag = line.rpartition(" ")
            sentences[-1].append((word, tag))
    done = finish()
    if done is not None:
        yield done


def split(data: pathlib.Path = DEFAULT_DATA) -> dict[Part, list[Document]]:
    """Return the annotated documents of ``data`` in the fixed train, dev and test parts."""
    rule = yaml.safe_load(SPLIT_FILE.read_text(encoding="utf-8"))
    parts: dict[Part, list[Document]] = {part: [] for part in Part}
    gum_part = {doc_id: Part(name) for name, ids in rule["gum"].items() for doc_id in ids}
    for doc in read_gum(data / "gum_open.jsonl"):
        parts[gum_part[doc.doc_id]].append(doc)
    wiki = rule["wikigold"]
    for i, doc in enumerate(read_wikigold(data / "wikigold" / "wikigold.conll.txt")):
        position = i % wiki["test_every"]
        part = Part.TRAIN
        if position == wiki["test_offset"]:
            part = Part.TEST
        elif position == wiki["dev_offset"]:
            part = Part.DEV
        parts[part].append(doc)
    uner = rule["uner_ewt"]
    for i, doc in enumerate(read_uner(data / "uner_ewt" / uner["train_dev"])):
        parts[Part.DEV if i % uner["dev_every"] == uner["dev_offset"] else Part.TRAIN].append(doc)
    parts[Part.TEST].extend(read_uner(data / "uner_ewt" / uner["test"]))
    return parts
