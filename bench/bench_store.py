"""Tag store speed: committed toggle latency, bulk add and table reads, against a CSV rewritten by pandas.

The alternative is what an analyst does without a store: keep tags in a CSV file, append a row
and rewrite the file with ``DataFrame.to_csv`` after each click, as a spreadsheet saves. Both
start from 100,000 existing tags. A second part times opening a store of 1,000,000 tags, whose
``PRAGMA quick_check`` reads every page, and what that check costs alone.
Run: ``.venv/bin/python bench/bench_store.py``.
"""

from __future__ import annotations

import pathlib
import statistics
import tempfile
import time
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from workbench.codebook import Codebook
from workbench.store import TagStore

SEED = 20261124
EXISTING = 100_000
TOGGLES = 1_000
CSV_TOGGLES = 50  # each rewrite of 100k rows takes a few hundred ms; 50 give a stable median
BULK = 10_000
LARGE = 1_000_000
OPENS = 5


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def _latencies(action, count: int) -> list[float]:
    out = []
    for i in range(count):
        start = time.perf_counter()
        action(i)
        out.append(time.perf_counter() - start)
    return out


def _summary(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies), float(np.percentile(latencies, 95))


def main() -> None:
    """Print the store's figures and the CSV alternative's, side by side with ratios."""
    rng = np.random.default_rng(SEED)
    tags = Codebook.default().tags
    ids = [f"a{i // 20:07d}-{i % 20:02d}" for i in range(EXISTING)]
    toggle_ids = rng.choice(ids, size=TOGGLES)
    toggle_tags = rng.choice(tags, size=TOGGLES)
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        _run(pathlib.Path(tmp), ids, toggle_ids, toggle_tags, tags)


def _run(
    folder: pathlib.Path, ids: list[str], toggle_ids: np.ndarray, toggle_tags: np.ndarray, tags: list[str]
) -> None:

    store = TagStore(folder / "tags.sqlite", coder="ana")
    for tag_index, tag in enumerate(tags):
        store.add_many(ids[tag_index :: len(tags)], tag)
    toggle = _latencies(lambda i: store.toggle(str(toggle_ids[i]), str(toggle_tags[i])), TOGGLES)
    bulk_ids = [f"b{i:07d}" for i in range(BULK)]
    bulk, _ = _timed(store.add_many, bulk_ids, tags[0])
    read, frame = _timed(store.tags)
    one, _ = _summary(_latencies(lambda i: store.tags_of(ids[i * 97]), TOGGLES))

    csv_path = folder / "tags.csv"
    table = pd.DataFrame({"sentence_id": ids, "tag": [tags[i % len(tags)] for i in range(EXISTING)], "coder": "ana"})
    table["updated_at"] = datetime.now(UTC).isoformat()
    table.to_csv(csv_path, index=False)

    def csv_toggle(i: int) -> None:
        nonlocal table
        row = {"sentence_id": str(toggle_ids[i]), "tag": str(toggle_tags[i]), "coder": "ana"}
        row["updated_at"] = datetime.now(UTC).isoformat()
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
        table.to_csv(csv_path, index=False)

    csv_latency = _latencies(csv_toggle, CSV_TOGGLES)
    new_rows = pd.DataFrame({"sentence_id": bulk_ids, "tag": tags[0], "coder": "ana", "updated_at": "now"})
    csv_bulk, _ = _timed(lambda: pd.concat([table, new_rows], ignore_index=True).to_csv(csv_path, index=False))
    csv_read, _ = _timed(pd.read_csv, csv_path)

    median, p95 = _summary(toggle)
    csv_median, csv_p95 = _summary(csv_latency)
    print(f"tag store: {len(frame):,} tags after the run")
    print(f"{'':34}{'TagStore':>12}{'CSV + to_csv':>16}{'CSV / store':>14}")
    print(f"{'toggle, committed, median':34}{_ms(median):>12}{_ms(csv_median):>16}{csv_median / median:>13.0f}x")
    print(f"{'toggle, committed, p95':34}{_ms(p95):>12}{_ms(csv_p95):>16}{csv_p95 / p95:>13.0f}x")
    print(f"{'bulk add of 10,000 rows':34}{_ms(bulk):>12}{_ms(csv_bulk):>16}{csv_bulk / bulk:>13.1f}x")
    print(f"{'read of ~110,000 tags':34}{_ms(read):>12}{_ms(csv_read):>16}{csv_read / read:>13.1f}x")
    print(f"{'tags_of(one sentence), median':34}{_ms(one):>12}")
    print(f"(store: {TOGGLES} toggles; CSV: {CSV_TOGGLES} toggles; target: toggle median under 20 ms)")
    store.close()
    opens = _latencies(lambda i: TagStore(store.path, coder="ana").close(), OPENS)
    print(f"{'open this store (quick_check), median':34}{_ms(statistics.median(opens)):>12}")


def open_large(folder: pathlib.Path) -> None:
    """Print the time to open a store of :data:`LARGE` tags (with its check) and the check's share of it."""
    import sqlite3

    tags = Codebook.default().tags
    path = folder / "large.sqlite"
    with TagStore(path, coder="ana") as store:
        for tag_index, tag in enumerate(tags):
            store.add_many([f"a{i:08d}" for i in range(tag_index, LARGE, len(tags))], tag)
        count = len(store.tagged_ids())
    opens = _latencies(lambda i: TagStore(path, coder="ana").close(), OPENS)
    raw = sqlite3.connect(path)
    checks = _latencies(lambda i: raw.execute("PRAGMA quick_check").fetchall(), OPENS)
    integrity, _ = _timed(lambda: raw.execute("PRAGMA integrity_check").fetchall())
    raw.close()
    size = path.stat().st_size / 1e6
    print(f"\nopening a store of {count:,} tagged sentences ({size:.0f} MB, tags and their history), {OPENS} runs:")
    print(f"{'TagStore(path), median / max':34}{_ms(statistics.median(opens)):>12}{_ms(max(opens)):>12}")
    print(f"{'PRAGMA quick_check alone, median':34}{_ms(statistics.median(checks)):>12}")
    print(f"{'PRAGMA integrity_check, once':34}{_ms(integrity):>12}")


if __name__ == "__main__":
    main()
    with tempfile.TemporaryDirectory(prefix="bench_store_") as large_folder:
        open_large(pathlib.Path(large_folder))
