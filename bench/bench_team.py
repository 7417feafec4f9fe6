"""Team work speed: merging two coders' stores of 100,000 tags each, and renaming a tag used 50,000 times.

Each coder's store holds 100,000 tags (ten tags on 10,000 sentences each, given in bulk)  and
200 done marks. The figures: a first merge of both into a new team store, the same merge
again (nothing to do), a merge after one coder added 1,000 tags, and as a floor what copying
the rows alone costs (``ATTACH`` and ``INSERT ... SELECT`` of the tags and history, with none of
the merge's checks). Then, in a store where two coders used one tag 25,000 times each, among
50,000 other tags: ``rename_tag``, its ``undo`` and ``merge_tags`` of two tags.
Run: ``.venv/bin/python bench/bench_team.py``.
"""

from __future__ import annotations

import pathlib
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable

from workbench.codebook import Codebook
from workbench.store import TagStore

PER_TAG = 10_000
DONE = 200
RUNS = 3


def _coder_store(path: pathlib.Path, coder: str, offset: int) -> None:
    tags = Codebook.default().tags
    with TagStore(path, coder=coder) as store:
        for number, tag in enumerate([*tags, tags[0]]):
            start = offset + number * PER_TAG // 2
            store.add_many([f"s{i:07d}" for i in range(start, start + PER_TAG)], tag)
        for i in range(DONE):
            store.mark_done(f"s{offset + i:07d}")


def _best(action: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _show(label: str, figures: tuple[float, float]) -> None:
    print(f"{label:<58} best {figures[0] * 1000:8.1f} ms   median {figures[1] * 1000:8.1f} ms")


def merges(folder: pathlib.Path) -> None:
    ana, ben = folder / "ana.sqlite", folder / "ben.sqlite"
    _coder_store(ana, "ana", 0)
    _coder_store(ben, "ben", 3_000)
    with TagStore(ana) as store:
        print(f"each store: {len(store.tags()):,} tags, {len(store.history()):,} history rows")
    counter = iter(range(1_000))

    def first() -> None:
        with TagStore(folder / f"team{next(counter)}.sqlite") as team:
            team.merge_from(ana)
            team.merge_from(ben)

    _show("first merge of both into a new team store", _best(first))
    team_path = folder / "team.sqlite"
    with TagStore(team_path) as team:
        team.merge_from(ana)
        team.merge_from(ben)
        _show("the same merge again (nothing new)", _best(lambda: (team.merge_from(ana), team.merge_from(ben))))
        later = folder / "ana-later.sqlite"
        with TagStore(ana) as store:
            store.backup(later)
        with TagStore(later, coder="ana") as store:
            store.add_many([f"n{i:05d}" for i in range(1_000)], "diplomacy")

        def updated() -> None:
            with TagStore(folder / f"again{next(counter)}.sqlite") as again:
                again.merge_from(ana)
                start = time.perf_counter()
                again.merge_from(later)
                timings.append(time.perf_counter() - start)

        timings: list[float] = []
        for _ in range(RUNS):
            updated()
        _show("a coder who added 1,000 tags since (merge of her store)", (min(timings), statistics.median(timings)))

    def copy_only() -> None:
        raw = sqlite3.connect(folder / f"floor{next(counter)}.sqlite", isolation_level=None)
        raw.execute("CREATE TABLE tags (sentence_id, tag, coder, updated_at, codebook)")
        raw.execute(
            "CREATE TABLE history (change_id, at, coder, action, sentence_id, tag, note, previous, undoes, batch, "
            "codebook)"
        )
        raw.execute("BEGIN")
        for path in (ana, ben):
            raw.execute("ATTACH ? AS other", (str(path),))
            raw.execute("INSERT INTO tags SELECT * FROM other.tags")
            raw.execute("INSERT INTO history SELECT * FROM other.history")
            raw.execute("COMMIT")
            raw.execute("DETACH other")
            raw.execute("BEGIN")
        raw.execute("COMMIT")
        raw.close()

    _show("floor: ATTACH + INSERT ... SELECT of tags and history", _best(copy_only))


def renames(folder: pathlib.Path) -> None:
    path = folder / "rename.sqlite"
    with TagStore(path, coder="ana") as store:
        for coder in ("ana", "ben"):
            store.coder = coder
            store.add_many([f"s{i:07d}" for i in range(25_000)], "escalation")
            store.add_many([f"s{i:07d}" for i in range(25_000, 50_000)], "diplomacy")
        store.coder = "lead"
        used = store.tags()["tag"].eq("escalation").sum()
        print(f"rename store: {len(store.tags()):,} tags, escalation used {used:,} times")
        rename, undo, merge = [], [], []
        for _ in range(RUNS):
            start = time.perf_counter()
            store.rename_tag("escalation", "conflict widens")
            rename.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.undo()
            undo.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.merge_tags(["escalation", "diplomacy"], into="pressure")
            merge.append(time.perf_counter() - start)
            store.undo()
        _show("rename_tag of a tag used 50,000 times", (min(rename), statistics.median(rename)))
        _show("undo of that rename", (min(undo), statistics.median(undo)))
        _show("merge_tags of two tags used 50,000 times each", (min(merge), statistics.median(merge)))


def main() -> None:
    """Print merge and codebook-change figures."""
    with tempfile.TemporaryDirectory() as tmp:
        merges(pathlib.Path(tmp))
        renames(pathlib.Path(tmp))


if __name__ == "__main__":
    main()
