"""Untrusted stores, codebooks, split patterns and exports: what the checks cost, and what they stop.

Run with ``.venv/bin/python bench/bench_untrusted.py``. Prints one line per measure:

- ``split=``: RE2 (pyarrow, what ``load`` runs) beside Python's ``re`` (a backtracking engine, the
  alternative) on a digest of 2,000 articles with an ordinary separator, then on one line of
  ``n`` a's and a ``!`` with ``^(a+)+$``, where ``re`` doubles its time with each a;
- opening a store of 100,000 tags, and the schema check alone within it;
- ``workbench.store.merge`` of a coder's store whose history is an endless recursive view;
- ``read_qdc`` of a 64 MB codebook of 700,000 codes;
- the summary tables written as a staged set (each file replacing an old one) beside the same
  tables written file by file.

Wall seconds of the best of three runs (one run for the refusals); peak memory by ``tracemalloc``.
"""

from __future__ import annotations

import pathlib
import re
import sqlite3
import tempfile
import time
import tracemalloc
import warnings

import workbench
from workbench.articles import split_records
from workbench.errors import CodebookError, StoreError
from workbench.export.tables import SUMMARIES
from workbench.export.writing import staged, write_csv
from workbench.interchange import read_qdc
from workbench.store import merge
from workbench.store._opening import schema_problems


def best(function, runs: int = 3) -> float:
    """Return the best wall time of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def python_re_split(records: list[dict], separator: str) -> int:
    """Cut each text at the matches of ``separator`` with Python's ``re``; return the number of parts."""
    pattern = re.compile(separator, re.MULTILINE)
    parts = 0
    for record in records:
        text = record["text"]
        bounds = [match.span() for match in pattern.finditer(text)]
        starts = [0, *(end for _, end in bounds)]
        ends = [*(start for start, _ in bounds), len(text)]
        parts += sum(1 for start, end in zip(starts, ends, strict=True) if text[start:end].strip())
    return parts


def split_figures() -> None:
    article = "Port strike ends\nDockers voted to return to work on Monday, the union said.\n" * 20
    text = "=====\n".join([article] * 2000)
    records = [{"text": text, "path": "digest.txt"}]
    ours = best(lambda: split_records(records, r"^=+$"))
    theirs = best(lambda: python_re_split(records, r"^=+$"))
    size = len(text) / 1e6
    print(f"split, 2,000 articles ({size:.1f} M chars): RE2 {ours:.3f} s, re {theirs:.3f} s, ratio {theirs / ours:.2f}")
    for n in (18, 20, 22):
        line = [{"text": "a" * n + "!\nIran warned.", "path": "x"}]
        ours = best(lambda line=line: split_records(line, r"^(a+)+$"))
        theirs = best(lambda line=line: python_re_split(line, r"^(a+)+$"), runs=1)
        print(f"split ^(a+)+$ on {n} a's: RE2 {ours * 1000:.2f} ms, re {theirs * 1000:.0f} ms")


def store_figures(folder: pathlib.Path) -> None:
    path = folder / "big.sqlite"
    with workbench.TagStore(path, coder="ana") as store:
        store.add_many([f"s{i}" for i in range(100_000)], "escalation")
    opened = best(lambda: workbench.TagStore(path).close())
    raw = sqlite3.connect(path)
    checked = best(lambda: schema_problems(raw, 6))
    raw.close()
    print(f"open a store of 100,000 tags: {opened * 1000:.0f} ms, of which the schema check {checked * 1000:.2f} ms")
    coder = folder / "ana.sqlite"
    with workbench.TagStore(coder, coder="ana") as store:
        store.add("s1", "escalation")
    raw = sqlite3.connect(coder, isolation_level=None)
    raw.execute("DROP TABLE history")
    raw.execute(
        "CREATE VIEW history AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS change_id,"
        " 'x' AS at, 'ana' AS coder, 'add' AS action, 's' || i AS sentence_id, 'e' AS tag, NULL AS note,"
        " NULL AS previous, NULL AS undoes, NULL AS batch, NULL AS codebook FROM n"
    )
    raw.close()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        merge([coder], folder / "team.sqlite")
    except StoreError:
        refused = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"merge, history an endless view: refused in {refused * 1000:.1f} ms, peak {peak / 1e6:.1f} MB")


def codebook_figures(folder: pathlib.Path) -> None:
    path = folder / "huge.qdc"
    codes = "".join(f'<Code guid="G{i}" name="code {i}" isCodable="true"><Description>d</Description></Code>'
                    for i in range(700_000))  # fmt: skip
    path.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>', encoding="utf-8")
    del codes
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read_qdc(path)
    except CodebookError:
        refused = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = path.stat().st_size / 1e6
    print(f"read_qdc of {size:.0f} MB, 700,000 codes: refused in {refused:.3f} s, peak {peak / 1e6:.1f} MB")


def export_figures(folder: pathlib.Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = workbench.load(pathlib.Path(__file__).resolve().parents[1] / "seeds", ner=None)
    data = workbench.summaries.inputs(corpus, None)
    frames = {name: build(data) for name, build in SUMMARIES.items()}

    def file_by_file(out: pathlib.Path) -> None:
        for name, frame in frames.items():
            write_csv(frame, out / f"{name}.csv")

    def as_a_set(out: pathlib.Path) -> None:
        with staged(out, [f"{name}.csv" for name in frames]) as stage:
            file_by_file(stage)

    for out in (folder / "plain", folder / "set"):
        out.mkdir()
    plain = best(lambda: file_by_file(folder / "plain"))
    as_set = best(lambda: as_a_set(folder / "set"))
    rows = sum(len(frame) for frame in frames.values())
    print(f"summaries of the seeds ({rows:,} rows), replacing an old set: staged {as_set * 1000:.1f} ms, "
          f"file by file {plain * 1000:.1f} ms, ratio {as_set / plain:.2f}")  # fmt: skip


def main() -> None:
    split_figures()
    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(scratch)
        store_figures(folder)
        codebook_figures(folder)
        export_figures(folder)


if __name__ == "__main__":
    main()
