"""Charts and exports on 100,000 sentences with 30,000 tags by two coders.

Each chart is timed from the corpus and the store to a finished ``Figure`` (reading the tags
included), with the size of its JSON (what the notebook sends to the browser). Where an analyst
would otherwise reach for a plotly express one-liner on the same tables, that is timed in the
same run. The export is compared with a plain ``DataFrame.to_csv`` of the sentences table.
Run: ``.venv/bin/python bench/bench_charts_export.py``.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import numpy as np
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


def main() -> None:
    load_s, corpus = timed(workbench.load, make_corpus_articles_for_sentences(SENTENCES, seed=SEED), workers=2)
    print(f"corpus: {corpus!r} (loaded in {load_s:.1f} s, not part of the figures below)")
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        with TagStore(root / "tags.sqlite", coder="ana") as store:
            fill(store, corpus.sentences["sentence_id"].to_numpy(), store.codebook.tags)
            print(f"store: {len(store.tags()):,} tags by {store.coders()}, {len(store.notes()):,} notes")
            data_s, _ = timed(tables.inputs, corpus, store)
            row("read tags and notes for the corpus", data_s)
            theirs = alternatives(corpus, store)
            for name in CORPUS_CHARTS + TAG_CHARTS:
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
            xlsx_s, _ = timed(export.summaries, corpus, store, root / "xlsx", format="xlsx")
            row("summaries(format='xlsx'): one workbook", xlsx_s, plain_s)
            tables_csv_s, _ = timed(export.corpus_tables, corpus, root / "tables")
            row("corpus_tables(format='csv') (workbench load)", tables_csv_s, plain_s)
            tables_pq_s, _ = timed(export.corpus_tables, corpus, root / "parquet", format="parquet")
            row("corpus_tables(format='parquet')", tables_pq_s, plain_s)


if __name__ == "__main__":
    main()
