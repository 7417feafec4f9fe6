"""The query language at 111,484 sentences: the grid's text filter and kwic, beside the search they replace.

The sentences are generated (``bench/corpus.py``, segmented only, as in ``bench_analysis.py``). For
each query, the median of 7 runs of:

- the grid's text filter as the sheet runs it (``SheetRows.passes``: parse, then RE2 over the
  column's Arrow array, kept once made) and the whole ``Sheet.filter`` (with the rows arranged);
- the filter it replaces: ``contains`` of the previous ``workbench/analysis.py``, read from git at
  ``--before`` (a phrase reading of the words, a pandas-to-Arrow copy per call, a second pass to
  check word ends); "-" where that search had no such query;
- pandas ``str.contains(word, case=False)``, what an analyst would type without the workbench;
- ``Concordance.search`` (kwic), now and before.

Run: ``.venv/bin/python bench/bench_query.py [--sentences 100000] [--before e0e1856]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from types import ModuleType

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from corpus import make_corpus_articles_for_sentences

import workbench
from workbench import analysis, schema, segmenting
from workbench.articles import articles_from_records
from workbench.store import TagStore

ROOT = pathlib.Path(__file__).resolve().parents[1]
QUERIES = [
    # (query, the previous search's equivalent or None, the word pandas looks for)
    ("ceasefire", "ceasefire", "ceasefire"),
    ("sanction*", "sanction*", "sanction"),
    ('"nuclear deal"', "nuclear deal", "nuclear deal"),
    ("said", "said", "said"),
    ("Israel Iran", None, "Iran"),
    ("Iran OR Iraq", None, "Ira"),
    ("sanction* -Iran", None, "sanction"),
    ("(Iran OR Iraq) said -sanction*", None, "said"),
]


def median_ms(function, *args, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times), result


def previous_analysis(commit: str) -> ModuleType:
    """Import ``workbench/analysis.py`` as it was at ``commit``."""
    source = subprocess.run(
        ["git", "show", f"{commit}:workbench/analysis.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = pathlib.Path(tempfile.mkdtemp()) / "previous_analysis.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("previous_analysis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--before", default="e0e1856", help="the commit whose search is compared")
    args = parser.parse_args()
    records = make_corpus_articles_for_sentences(args.sentences, seed=0).to_dict("records")
    articles, _ = articles_from_records(records)
    sentences = segmenting.segment_articles(articles)
    articles = articles.assign(n_sentences=0, n_paragraphs=0)
    corpus = workbench.Corpus(articles, sentences, schema.empty("mentions"), schema.empty("claims"))
    before = previous_analysis(args.before)
    texts = sentences["text"].astype("string")
    size = texts.str.len().sum() / 1e6
    print(f"{len(sentences):,} sentences, {size:.1f} M characters; previous search at {args.before}")
    with tempfile.TemporaryDirectory() as folder, TagStore(pathlib.Path(folder) / "tags.sqlite", coder="ana") as store:
        sheet = workbench.sheet(corpus, store=store)
        sheet.rows.passes("text", "warmup")  # the text column's Arrow array is made once, when first filtered
        concordance, old_concordance = analysis.Concordance(sentences), before.Concordance(sentences)
        header = ["query", "rows", "grid filter", "Sheet.filter", "before", "pandas", "kwic", "kwic before"]
        print("| " + " | ".join(header) + " |")
        print("|" + " --- |" * len(header))
        for text, old, word in QUERIES:
            passes_ms, kept = median_ms(sheet.rows.passes, "text", text)
            sheet_ms, _ = median_ms(sheet.filter, "text", text)
            pandas_ms, _ = median_ms(lambda word=word: texts.str.contains(word, case=False, regex=False))
            kwic_ms, _ = median_ms(concordance.search, text)
            old_ms = old_kwic_ms = None
            if old is not None:
                old_ms, _ = median_ms(before.contains, texts, old)
                old_kwic_ms, _ = median_ms(old_concordance.search, old)
            cells = [f"`{text}`", f"{int(kept.sum()):,}", f"{passes_ms:.0f}", f"{sheet_ms:.0f}"]
            cells += [f"{old_ms:.0f}" if old_ms is not None else "-", f"{pandas_ms:.0f}", f"{kwic_ms:.0f}"]
            cells += [f"{old_kwic_ms:.0f}" if old_kwic_ms is not None else "-"]
            print("| " + " | ".join(cells) + " |")
        sheet.close()


if __name__ == "__main__":
    main()
