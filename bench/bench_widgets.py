"""Tagging views on 100,000 sentences: opening, filtering, a tag reaching the store, bulk tagging and its undo.

Compared in the same run with what an analyst would do without the views: pandas one-liners (for
filters and sorts), a bare ``store.toggle`` (for the widget's overhead on a tag click) and, when
ipydatagrid is installed, a plain ``DataGrid`` of the sentences table (for opening the sheet). The
store is a file on disk (WAL, committed per change) holding 20,000 tags. The bulk change of every
row is timed through the sheet (store transaction, both views brought up to date, one window of
rows for the page) and through the store alone. Opening each view is the best of three. Kernel
side only; ``bench_grid_page.py`` and ``bench_card_page.py`` time the same steps in the page.
Run: ``.venv/bin/python bench/bench_widgets.py [--sentences 100000]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from corpus import make_corpus_articles_for_sentences

import workbench
from workbench.store import TagStore

EXISTING_TAGS = 20_000
OPENS = 3
CLICKS = 200
BULK = 10_000
SEED = 0


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def best_open(view, corpus, store):
    """Open ``view`` on the corpus :data:`OPENS` times; return the shortest time and the last view."""
    times = []
    for _ in range(OPENS):
        seconds, opened = timed(view, corpus, store=store)
        times.append(seconds)
        if len(times) < OPENS:
            opened.close()
    return min(times), opened


def median_ms(function, count: int) -> float:
    times = []
    for n in range(count):
        start = time.perf_counter()
        function(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def row(label: str, ours: float, theirs: float | None = None, unit: str = "s") -> None:
    ratio = f"  x{ours / theirs:5.1f} vs alternative ({theirs:.3f} {unit})" if theirs else ""
    print(f"{label:<52} {ours:9.3f} {unit}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    load_s, corpus = timed(workbench.load, make_corpus_articles_for_sentences(parser.parse_args().sentences, seed=SEED))
    print(f"corpus: {corpus!r} (loaded in {load_s:.1f} s, not part of the views)")
    ids = corpus.sentences["sentence_id"].tolist()
    actor = corpus.actors.sort_values("n_sentences").iloc[-1]["actor"] if len(corpus.actors) else ""
    with tempfile.TemporaryDirectory() as folder, TagStore(pathlib.Path(folder) / "tags.sqlite", coder="ana") as store:
        store.add_many(ids[:EXISTING_TAGS], "diplomacy")

        raw_grid_s = None
        if importlib.util.find_spec("ipydatagrid"):
            from ipydatagrid import DataGrid

            raw_grid_s, raw = timed(DataGrid, corpus.sentences, editable=True)
            raw.close()
        sheet_s, sheet = best_open(workbench.sheet, corpus, store)
        card_s, card = best_open(workbench.tagger, corpus, store)
        row("open sheet, best of 3 (vs plain DataGrid of sentences)", sheet_s, raw_grid_s)
        row("open card view, best of 3 (vs the sheet)", card_s, sheet_s)

        sentences, mentions = corpus.sentences, corpus.mentions
        pandas_actor_s, _ = timed(
            lambda: sentences[sentences["sentence_id"].isin(mentions.loc[mentions["actor"] == actor, "sentence_id"])]
        )
        actor_s, _ = timed(card.set_filter, actor=actor)
        row(f"filter by actor {actor!r} -> {card.count:,} (vs pandas)", actor_s, pandas_actor_s)
        card.set_filter(actor="")
        pandas_text_s, _ = timed(
            lambda: sentences[sentences["text"].str.contains("ceasefire", case=False, regex=False)]
        )
        text_s, _ = timed(card.set_filter, search="ceasefire")
        row(f"filter by text 'ceasefire' -> {card.count:,} (vs pandas)", text_s, pandas_text_s)
        card.set_filter(search="")
        uncoded_s, _ = timed(card.set_filter, untagged_only=True)
        row(f"filter uncoded -> {card.count:,}", uncoded_s)
        card.set_filter(untagged_only=False)

        bare_ms = median_ms(lambda n: store.toggle(ids[EXISTING_TAGS + n], "escalation"), CLICKS)
        card_ms = median_ms(lambda n: card.press("1"), CLICKS)
        row("tag key press on the card -> committed, both views (vs store.toggle)", card_ms, bare_ms, "ms")
        edit_ms = median_ms(lambda n: sheet.toggle_cell(EXISTING_TAGS + n, "9 uncertainty"), CLICKS)
        row("tick box click in the sheet -> committed, both views", edit_ms, bare_ms, "ms")
        window_ms = median_ms(lambda n: sheet.window(n * 97, 100), CLICKS)
        row("a window of 100 rows for the page (scrolling)", window_ms, unit="ms")

        pandas_sort_s, _ = timed(lambda: sentences["text"].str.casefold().sort_values(kind="stable"))
        sort_s, _ = timed(sheet.sort_by, "text")
        row("sheet: sort by text (vs pandas casefold + sort)", sort_s, pandas_sort_s)
        sheet.sort_by(None)
        pandas_contains_s, _ = timed(lambda: sentences["text"].str.contains(r"\bceasefire\b", case=False))
        shown_s, shown = timed(sheet.filter, "text", "ceasefire")
        row(f"sheet: filter text 'ceasefire' -> {shown:,} (vs pandas)", shown_s, pandas_contains_s)
        sheet.clear_filters()
        move_ms = median_ms(lambda n: card.press("j"), CLICKS)
        row("next sentence on the card (marks done)", move_ms, unit="ms")

        sheet.select(0)
        sheet.select(BULK - 1, extend=True)
        bulk_s, added = timed(sheet.apply_tag, "economic impact")
        row(f"apply a tag to {BULK:,} selected rows ({added:,} new), both views", bulk_s)

        sheet.select_all()
        all_s, added = timed(sheet.apply_tag, "domestic politics")
        row(f"apply a tag to all {len(ids):,} rows ({added:,} new), both views", all_s)
        print(f"{'':<52} status: {sheet.status}")
        undo_s, _ = timed(sheet.undo)
        row("undo that change (one step), both views", undo_s)
        sheet.close()
        card.close()
        store_add_s, _ = timed(store.add_many, ids, "humanitarian impact")
        store_undo_s, _ = timed(store.undo)
        row(f"store alone: add_many of {len(ids):,} rows", store_add_s)
        row("store alone: its undo", store_undo_s)


if __name__ == "__main__":
    main()
