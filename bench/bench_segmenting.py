"""Benchmark: load + clean + segment generated news, against pySBD and syntok in the same run.

Prints speed (MB/s of UTF-8 article text, sentences/s), peak memory, and the accuracy of the
three segmenters on the hard cases of ``tests/test_segmenting.py``. pySBD and syntok are
timed on a prefix of the same cleaned articles (pySBD is slow). Times are CPU seconds of this
process (``time.process_time``), so the figures are per core and hold on a busy machine.

Run: ``.venv/bin/python bench/bench_segmenting.py [--megabytes 20] [--sample 1]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT)]

from corpus import make_articles, prefix  # noqa: E402
from test_segmenting import CASES  # noqa: E402

from workbench import loading  # noqa: E402
from workbench.segmenting import paragraphs, segment_articles, sentences  # noqa: E402

Spans = list[tuple[int, int]]


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


def load_clean_segment(path: pathlib.Path) -> dict[str, float]:
    """Time the three stages on the JSONL file at ``path``; return seconds and counts."""
    began = time.process_time()
    if ".jsonl" in loading.READERS:
        records, _ = loading.read_records(path)
    else:
        records = pd.read_json(path, lines=True, dtype=False).to_dict("records")
    loaded = time.process_time()
    articles, _ = loading.articles_from_records(records)
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
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--sample", type=float, default=1.0, help="MB of text given to pySBD and syntok")
    args = parser.parse_args()

    frame = make_articles(args.megabytes, seed=0)
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
    sample = prefix(texts, args.sample)
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
