"""Benchmark: load + clean + segment generated news, against pySBD and syntok in the same run.

Three parts, all run unless ``--only`` picks one:

- ``speed``: speed (MB/s of UTF-8 article text, sentences/s), peak memory, and the accuracy of
  the three segmenters on the hard cases of ``tests/test_segmenting.py``. pySBD and syntok are
  timed on a prefix of the same cleaned articles (pySBD is slow).
- ``linear``: the segmenter on a period-free text of 1 MB and of 2 MB (one paragraph made of
  the generated articles with every period removed), and the ratio of the two times; linear
  time gives about 2.
- ``quality``: the English Golden Rules of pySBD (``../shared/data/segmentation``) and sentence
  boundaries on hand-segmented treebanks of ``../shared/data/syntax``: UD English-EWT dev and
  test, GUM's open genres (the dev and test documents, which the word statistics of
  ``workbench/data/sentence_words.tsv`` are not counted from; see ``workbench.segmenting_stats``)
  and UD English-PUD (news and Wikipedia halves). Each document's text is rebuilt from the
  treebank's sentence texts, one space between sentences and a blank line between paragraphs
  (PUD marks none: a document is one paragraph). Every segmenter gets a paragraph's first
  sentence for free, so only the boundaries inside a paragraph are scored: a boundary is where a
  sentence that is not the first of its paragraph starts.

Times are CPU seconds of this process (``time.process_time``), so the figures are per core and
hold on a busy machine.

Run: ``.venv/bin/python bench/bench_segmenting.py [--only quality] [--megabytes 20] [--sample 1] [--no-peers]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from typing import NamedTuple

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT)]

from corpus import make_articles, prefix  # noqa: E402
from test_segmenting import CASES, golden_rules  # noqa: E402

from workbench import readers  # noqa: E402
from workbench.articles import articles_from_records  # noqa: E402
from workbench.evaluate.annotated import shared_data  # noqa: E402
from workbench.inputs import read_records  # noqa: E402
from workbench.segmenting import paragraphs, segment_articles, sentences  # noqa: E402
from workbench.segmenting_stats import TreebankSentence, gum_split, read_conllu  # noqa: E402

Spans = list[tuple[int, int]]
SYNTAX = shared_data() / "syntax"


def ours(text: str) -> Spans:
    """Split with the workbench's segmenter."""
    return [span for start, end in paragraphs(text) for span in sentences(text, start, end)]


def pysbd_splitter() -> Callable[[str], Spans]:
    """Return a pySBD splitter that works paragraph by paragraph, as pySBD does not find paragraphs."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> Spans:
        spans = []
        for p_start, p_end in paragraphs(text):
            for piece in segmenter.segment(text[p_start:p_end]):
                spans.append(_trim(text, p_start + piece.start, p_start + piece.end))
        return [span for span in spans if span[0] < span[1]]

    return split


def syntok_split(text: str) -> Spans:
    """Split with syntok, which finds paragraphs itself; spans run from first to last token."""
    import syntok.segmenter

    return [
        (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
        for paragraph in syntok.segmenter.analyze(text)
        for sentence in paragraph
    ]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def accuracy(split: Callable[[str], Spans]) -> tuple[int, float]:
    """Return (hard cases split exactly right, boundary F1) of ``split`` on the hard cases."""
    exact, found, gold, hits = 0, 0, 0, 0
    for _, text, expected in CASES:
        predicted = [text[s:e] for s, e in split(text)]
        exact += predicted == expected
        ends_found = _ends(text, predicted)
        ends_gold = _ends(text, expected)
        found, gold, hits = found + len(ends_found), gold + len(ends_gold), hits + len(ends_found & ends_gold)
    precision, recall = hits / max(found, 1), hits / max(gold, 1)
    return exact, 2 * precision * recall / max(precision + recall, 1e-9)


def _ends(text: str, pieces: Iterable[str]) -> set[int]:
    """Return the end offsets of ``pieces`` found in order in ``text`` (the sentence boundaries)."""
    ends, cursor = set(), 0
    for piece in pieces:
        start = text.find(piece, cursor)
        cursor = start + len(piece) if start >= 0 else cursor
        ends.add(cursor)
    return ends


class Score(NamedTuple):
    """Counts of predicted, gold and matching items, with precision, recall and F1 derived from them."""

    found: int
    gold: int
    hits: int

    def __add__(self, other: tuple) -> Score:
        return Score(self.found + other[0], self.gold + other[1], self.hits + other[2])

    @property
    def precision(self) -> float:
        """Share of predicted items that are in the gold."""
        return self.hits / max(self.found, 1)

    @property
    def recall(self) -> float:
        """Share of gold items that were predicted."""
        return self.hits / max(self.gold, 1)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return 2 * self.precision * self.recall / max(self.precision + self.recall, 1e-9)


class GoldDocument(NamedTuple):
    """A document rebuilt from a treebank: its text and the gold ``(start, end)`` offsets of its sentences."""

    text: str
    sentences: Spans


def gold_document(sentences: list[TreebankSentence]) -> GoldDocument:
    """Join a document's sentence texts: one space inside a paragraph, a blank line before a new one."""
    text, spans = "", []
    for sentence in sentences:
        if text:
            text += "\n\n" if sentence.new_paragraph else " "
        spans.append((len(text), len(text) + len(sentence.text)))
        text += sentence.text
    return GoldDocument(text, spans)


def treebank_sets() -> dict[str, list[GoldDocument]]:
    """Return the scored sets, by name: EWT dev and test, GUM open dev and test, PUD news and Wikipedia."""
    by_document: dict[str, dict[str, list[TreebankSentence]]] = {}
    for name, path in [
        ("EWT", SYNTAX / "ud_ewt" / "en_ewt-ud-dev.conllu"),
        ("EWT test", SYNTAX / "ud_ewt" / "en_ewt-ud-test.conllu"),
        ("GUM", SYNTAX / "gum_open" / "gum_open.conllu"),
        ("PUD", SYNTAX / "ud_pud" / "en_pud-ud-test.conllu"),
    ]:
        documents = by_document.setdefault(name, {})
        for sentence in read_conllu(path):
            documents.setdefault(sentence.document, []).append(sentence)
    gum = sorted(by_document["GUM"])
    return {
        "EWT dev": [gold_document(doc) for doc in by_document["EWT"].values()],
        "EWT test": [gold_document(doc) for doc in by_document["EWT test"].values()],
        **{
            f"GUM {part}": [gold_document(by_document["GUM"][doc]) for doc in gum if gum_split(doc, gum) == part]
            for part in ("dev", "test")
        },
        **{
            f"PUD {half}": [gold_document(doc) for key, doc in by_document["PUD"].items() if key[0] == half[0]]
            for half in ("news", "wiki")
        },
    }


def boundary_scores(split: Callable[[str], Spans], documents: list[GoldDocument]) -> tuple[Score, Score]:
    """Score ``split`` on ``documents`` inside paragraphs: (boundaries, exact sentences).

    A boundary is the start of a sentence that does not open its paragraph (the paragraphs are
    the blocks between blank lines, as both the gold and every segmenter split them). An exact
    sentence is a span, trimmed of white space, equal to a gold span, counted only in paragraphs
    that hold more than one gold sentence, since a one-sentence paragraph is given.
    """
    boundaries, exact = Score(0, 0, 0), Score(0, 0, 0)
    for document in documents:
        text = document.text
        blocks = paragraphs(text)
        opens = {start for start, _ in blocks}
        gold = {_trim(text, start, end) for start, end in document.sentences}
        predicted = {_trim(text, start, end) for start, end in split(text)}
        gold_starts = {start for start, _ in gold} - opens
        predicted_starts = {start for start, _ in predicted} - opens
        boundaries += (len(predicted_starts), len(gold_starts), len(predicted_starts & gold_starts))
        several = [(s, e) for s, e in blocks if any(s < start < e for start in gold_starts)]
        inside = [{span for span in spans if any(s <= span[0] < e for s, e in several)} for spans in (predicted, gold)]
        exact += (len(inside[0]), len(inside[1]), len(inside[0] & inside[1]))
    return boundaries, exact


def golden_score(split: Callable[[str], Spans]) -> int:
    """Return how many of the English Golden Rules ``split`` passes."""
    return sum([text[s:e] for s, e in split(text)] == expected for text, expected in golden_rules())


def quality(peers: bool) -> None:
    """Print the Golden Rules score and the boundary scores on the treebanks, of ours and (``peers``) the others."""
    sets = treebank_sets()
    print("quality: Golden Rules, and sentence boundaries inside paragraphs (P / R / F1, gold boundaries)")
    print(f"{'segmenter':<12}{'Golden':>8}" + "".join(f"{name:>24}" for name in sets))
    segmenters = [("workbench", ours)]
    if peers:
        segmenters += [("syntok", syntok_split), ("pySBD", pysbd_splitter())]
    for name, split in segmenters:
        cells = []
        for documents in sets.values():
            boundaries, _ = boundary_scores(split, documents)
            cells.append(f"{boundaries.precision:.3f}/{boundaries.recall:.3f}/{boundaries.f1:.3f} {boundaries.gold:>5}")
        print(f"{name:<12}{golden_score(split):>5}/48" + "".join(f"{cell:>24}" for cell in cells))


def period_free(megabytes: float, *, separator: str = " ", end_mark: str = "") -> str:
    """Return one paragraph of about ``megabytes`` MB of the generated articles without a single period.

    Every period becomes ``end_mark`` and every run of white space ``separator``: with ``"\t"``
    and ``"…"`` no word has a space before it, the shape that makes a backward search for the
    start of a word run to the start of the paragraph.
    """
    words = " ".join(make_articles(megabytes * 1.2, seed=3)["text"]).replace(".", end_mark).split()
    return separator.join(words).encode("utf-8")[: int(megabytes * 1_000_000)].decode("utf-8", errors="ignore")


def linear() -> None:
    """Print the segmenter's time on period-free texts of 1 MB and of 2 MB, best of three each."""
    print("linear time: one paragraph without periods, 1 MB and 2 MB, best of 3")
    print(f"{'text':<44}{'1 MB s':>9}{'2 MB s':>9}{'ratio':>7}")
    for name, options in [
        ("news prose, periods removed", {}),
        ("periods as '…', tabs between words", {"separator": "\t", "end_mark": "…"}),
    ]:
        times = [min(timed(ours, [period_free(size, **options)])[0] for _ in range(3)) for size in (1, 2)]
        print(f"{name:<44}{times[0]:>9.3f}{times[1]:>9.3f}{times[1] / times[0]:>7.2f}")


def load_clean_segment(path: pathlib.Path) -> dict[str, float]:
    """Time the three stages on the JSONL file at ``path``; return seconds and counts."""
    began = time.process_time()
    if ".jsonl" in readers.READERS:
        records, _ = read_records(path)
    else:
        records = pd.read_json(path, lines=True, dtype=False).to_dict("records")
    loaded = time.process_time()
    articles, _ = articles_from_records(records)
    cleaned = time.process_time()
    table = segment_articles(articles)
    done = time.process_time()
    return {
        "load": loaded - began,
        "clean": cleaned - loaded,
        "segment": done - cleaned,
        "sentences": len(table),
        "texts": articles["text"],
    }


def timed(split: Callable[[str], Spans], texts: list[str]) -> tuple[float, int]:
    """Return (seconds, sentences) for ``split`` over ``texts``."""
    began = time.process_time()
    count = sum(len(split(text)) for text in texts)
    return time.process_time() - began, count


def _megabytes(texts: Iterable[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in texts) / 1_000_000


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["speed", "linear", "quality"], help="run one part only")
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--sample", type=float, default=1.0, help="MB of text given to pySBD and syntok")
    parser.add_argument("--no-peers", action="store_true", help="score the workbench only, not syntok and pySBD")
    args = parser.parse_args()
    if args.only in (None, "quality"):
        quality(not args.no_peers)
    if args.only in (None, "linear"):
        linear()
    if args.only in (None, "speed"):
        speed(args.megabytes, args.sample)


def speed(megabytes: float, sample_megabytes: float) -> None:
    """Print the speed of the segmentation stage, and of the three segmenters side by side."""
    frame = make_articles(megabytes, seed=0)
    raw_mb = _megabytes(frame["text"])
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "articles.jsonl"
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
        stages = load_clean_segment(path)
        tracemalloc.start()
        load_clean_segment(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    total = stages["load"] + stages["clean"] + stages["segment"]
    print(f"corpus: {len(frame):,} articles, {raw_mb:.1f} MB of text, {stages['sentences']:,} sentences")
    print(
        f"workbench load + clean + segment: {total:.2f} s = {raw_mb / total:.1f} MB/s, "
        f"{stages['sentences'] / total:,.0f} sentences/s (load {stages['load']:.2f} s, "
        f"clean {stages['clean']:.2f} s, segment table {stages['segment']:.2f} s)"
    )
    print(f"peak traced memory of load + clean + segment: {peak / 1e6:.0f} MB")

    texts = list(stages["texts"])
    sample = prefix(texts, sample_megabytes)
    sample_mb = _megabytes(sample)
    rows = []
    for name, split, inputs in [
        ("workbench", ours, texts),
        ("workbench (same sample)", ours, sample),
        ("syntok", syntok_split, sample),
        ("pySBD", pysbd_splitter(), sample),
    ]:
        seconds, count = timed(split, inputs)
        megabytes = _megabytes(inputs) if inputs is texts else sample_mb
        exact, f1 = accuracy(split)
        rows.append((name, megabytes, seconds, megabytes / seconds, count / seconds, exact, f1))
    ours_speed = rows[1][3]
    print(f"\nsegmentation only, cleaned text, one core (pySBD and syntok on the first {sample_mb:.1f} MB):")
    print(f"{'segmenter':<26}{'MB':>6}{'s':>8}{'MB/s':>8}{'sent/s':>10}{'x slower':>10}  hard cases  boundary F1")
    for name, megabytes, seconds, speed, rate, exact, f1 in rows:
        print(
            f"{name:<26}{megabytes:>6.1f}{seconds:>8.2f}{speed:>8.2f}{rate:>10,.0f}{ours_speed / speed:>10.1f}"
            f"  {exact:>3}/{len(CASES)}     {f1:.3f}"
        )


if __name__ == "__main__":
    main()
