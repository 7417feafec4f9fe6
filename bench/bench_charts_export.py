"""Charts and exports on 100,000 sentences with 30,000 tags by two coders.

Each chart is timed from the corpus and the store to a finished ``Figure`` (reading the tags
included), with the size of its JSON (what the notebook sends to the browser). Where an analyst
would otherwise reach for a plotly express one-liner on the same tables, that is timed in the
same run. The CSV export is compared with a plain ``DataFrame.to_csv`` of the sentences table; the
workbook with a plain ``DataFrame.to_excel`` of the same summary frames (one sheet each), with each
of pandas' two writing engines (neither neutralises formulas: the xlsxwriter engine writes a text
cell starting with ``=`` as a live formula).
Run: ``.venv/bin/python bench/bench_charts_export.py`` (``--exports-only`` skips the charts).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import numpy as np
import pandas as pd
import plotly.express as px
from corpus import make_corpus_articles_for_sentences

import workbench
from workbench import charts, export
from workbench.export import tables
from workbench.store import TagStore

SENTENCES = 100_000
TAGS = {"ana": 20_000, "ben": 10_000}
NOTES = 1_000
SEED = 0
CORPUS_CHARTS = ["actors_by_mentions", "actor_cooccurrence", "actor_network", "claims_by_source"]
TAG_CHARTS = ["tag_counts", "tags_by_coder", "tags_by_actor", "tags_by_position", "tags_over_time", "article_overview"]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def row(label: str, ours: float, theirs: float | None = None, extra: str = "") -> None:
    ratio = f"  x{ours / theirs:5.1f} vs alternative ({theirs:.3f} s)" if theirs else ""
    print(f"{label:<44} {ours:7.3f} s{ratio}{extra}")


def fill(store: TagStore, ids: np.ndarray, names: list[str]) -> None:
    """Give each coder's share of sentences a random tag of the codebook, in one bulk call per tag."""
    rng = np.random.default_rng(SEED)
    for coder, count in TAGS.items():
        store.coder = coder
        chosen = rng.choice(ids, size=count, replace=False)
        tags = rng.choice(names, size=count)
        for name in names:
            store.add_many(list(chosen[tags == name]), name)
    for sentence in rng.choice(ids, size=NOTES, replace=False):
        store.set_note(str(sentence), "check the source")


def alternatives(corpus, store) -> dict[str, float]:
    """Time the plotly express one-liners an analyst would write on the raw tables, reading included."""
    mentions = corpus.mentions
    return {
        "tag_counts": timed(lambda: px.histogram(store.tags(), x="tag"))[0],
        "tags_by_coder": timed(lambda: px.histogram(store.tags(), x="coder", color="tag", barmode="group"))[0],
        "tags_by_position": timed(lambda: px.strip(store.tags(corpus), x="position", y="tag", hover_data=["text"]))[0],
        "actors_by_mentions": timed(px.bar, corpus.actors.head(20), x="n_mentions", y="actor", color="actor_type")[0],
        "actor_cooccurrence": timed(
            lambda: px.density_heatmap(mentions.merge(mentions, on="sentence_id"), x="actor_x", y="actor_y")
        )[0],
    }


def to_excel(frames: dict[str, pd.DataFrame], path: pathlib.Path, engine: str) -> None:
    """Write each frame to its own sheet with plain ``DataFrame.to_excel``, as an analyst would."""
    with warnings.catch_warnings(), pd.ExcelWriter(path, engine=engine) as writer:
        warnings.simplefilter("ignore")  # xlsxwriter's one line per URL past the 65,530 links a sheet holds
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)


def cpu_timed(function, *args, **kwargs) -> tuple[float, float]:
    """Return wall and CPU seconds of one call (the writers run in this process, on one core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def workbooks(corpus, store, root: pathlib.Path) -> None:
    """Time the workbook: our writer and plain ``to_excel`` on the same frames, then the whole export.

    CPU seconds are printed beside wall seconds: on a shared machine they are the fair comparison.
    """
    data = tables.inputs(corpus, store)
    # The frames the workbook holds: untagged cells left empty, as summaries(format="xlsx") leaves them.
    sheets = {name: export._blank_zero_tags(build(data)) for name, build in export.SUMMARIES.items()}
    cells = sum(int(frame.notna().to_numpy().sum()) + len(frame.columns) for frame in sheets.values())
    print(f"workbook: {len(sheets)} sheets, {cells:,} non-empty cells")
    runs = {
        "plain to_excel(engine='openpyxl')": lambda path: to_excel(sheets, path, "openpyxl"),
        "plain to_excel(engine='xlsxwriter')": lambda path: to_excel(sheets, path, "xlsxwriter"),
        "write_xlsx: the same frames, made safe": lambda path: export.writing.write_xlsx(sheets, path),
        "summaries(format='xlsx'): build + write": lambda path: export.summaries(
            corpus, store, path.parent / path.stem, format="xlsx"
        ),
    }
    base_wall, base_cpu = None, None
    for number, (label, run) in enumerate(runs.items()):
        wall, cpu = cpu_timed(run, root / f"workbook-{number}.xlsx")
        base_wall, base_cpu = base_wall or wall, base_cpu or cpu
        print(f"{label:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU  x{cpu / base_cpu:4.2f} CPU of to_excel(openpyxl)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports-only", action="store_true", help="skip the charts")
    exports_only = parser.parse_args().exports_only
    load_s, corpus = timed(workbench.load, make_corpus_articles_for_sentences(SENTENCES, seed=SEED), workers=2)
    print(f"corpus: {corpus!r} (loaded in {load_s:.1f} s, not part of the figures below)")
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        with TagStore(root / "tags.sqlite", coder="ana") as store:
            fill(store, corpus.sentences["sentence_id"].to_numpy(), store.codebook.tags)
            print(f"store: {len(store.tags()):,} tags by {store.coders()}, {len(store.notes()):,} notes")
            data_s, _ = timed(tables.inputs, corpus, store)
            row("read tags and notes for the corpus", data_s)
            theirs = {} if exports_only else alternatives(corpus, store)
            for name in [] if exports_only else CORPUS_CHARTS + TAG_CHARTS:
                args = (corpus,) if name in CORPUS_CHARTS else (corpus, store)
                seconds, fig = timed(getattr(charts, name), *args)
                size = len(fig.to_json()) / 1e6
                row(f"chart {name}", seconds, theirs.get(name), f"  [{size:.1f} MB JSON]")

            plain_s, _ = timed(corpus.sentences.to_csv, root / "plain.csv", index=False)
            row("plain sentences.to_csv (the alternative)", plain_s)
            sentences_s, frame = timed(tables.sentences_tagged, tables.inputs(corpus, store))
            write_s, _ = timed(export.writing.write_csv, frame, root / "sentences_tagged.csv")
            row("sentences_tagged.csv: build + write", sentences_s + write_s, plain_s)
            csv_s, _ = timed(export.summaries, corpus, store, root / "csv")
            row("summaries(format='csv'): all 6 files + manifest", csv_s, plain_s)
            bom_s, _ = timed(export.summaries, corpus, store, root / "bom", bom=True)
            row("summaries(format='csv', bom=True)", bom_s, plain_s)
            tables_csv_s, _ = timed(export.corpus_tables, corpus, root / "tables")
            row("corpus_tables(format='csv') (workbench load)", tables_csv_s, plain_s)
            tables_pq_s, _ = timed(export.corpus_tables, corpus, root / "parquet", format="parquet")
            row("corpus_tables(format='parquet')", tables_pq_s, plain_s)
            workbooks(corpus, store, root)


if __name__ == "__main__":
    main()
