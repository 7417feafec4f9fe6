"""Benchmark: hostile input files, each loaded in a process of its own, its time and peak memory.

Three measures:

1. Every hostile file of ``tests/hostile_files.py`` (long paragraphs in a PDF, an e-mail and a
   page, nested YAML aliases, a Word file and a web archive that expand a thousandfold, random
   bytes under text extensions) goes through ``workbench.load`` in a fresh Python process. The
   wall and CPU time of the load and the process's peak resident memory (``ru_maxrss``, so the
   interpreter and its imports count too; the same process's peak before the load is printed
   beside it) are reported, with what came out: articles loaded or the error row. A process is
   stopped after ``--timeout`` seconds, or fails past 6 GB of address space. ``--code`` points
   these processes at another copy of the package (an older one, for figures before a change).
2. A text PDF of ``--pages`` pages through the reader and ``workbench.load`` beside pypdf's
   own ``page.extract_text()`` over the same pages, in the same process, one after the other
   (CPU seconds: the machine may be shared).
3. ``join_lines`` over one paragraph of 3,000, 30,000 and 300,000 lines (CPU seconds, best of
   three): the time per line should not grow with the paragraph.

Run: ``.venv/bin/python bench/bench_hostile.py [--timeout 60] [--pages 1000]``
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(1, str(ROOT))

import hostile_files  # noqa: E402

PDF_LINES = 36
"""Lines on each page of the PDF read beside pypdf: 1,000 such pages hold 1.6 million characters,
under the limit of one article (``MAX_ARTICLE_SIZE``)."""

MEMORY_CEILING = 6 * 1024**3
"""Address-space limit of each measured process, so a file that would take the machine's memory fails instead."""

CHILD = """
import json, resource, sys, time, warnings
import workbench
from workbench.errors import LoadError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
warnings.simplefilter("ignore")
start, cpu = time.perf_counter(), time.process_time()
try:
    corpus = workbench.load(sys.argv[1])
except LoadError as error:  # nothing loaded: the message quotes the file's error row after its path
    articles, characters, errors = 0, 0, [str(error).split(sys.argv[1] + ": ", 1)[-1]]
else:
    articles, characters = len(corpus.articles), int(corpus.articles["text"].str.len().sum())
    errors = corpus.errors["error"].tolist()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({
    "seconds": seconds,
    "cpu": cpu,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "before_mb": before / 1024,
    "articles": articles,
    "characters": characters,
    "error": errors[0] if errors else None,
}))
"""


def hostile_set(folder: pathlib.Path) -> list[pathlib.Path]:
    """Write every hostile file into ``folder`` and return their paths."""
    made = [
        hostile_files.long_pdf(folder),
        hostile_files.long_email(folder),
        hostile_files.long_html(folder),
        hostile_files.yaml_alias_bomb(folder),
        hostile_files.yaml_alias_bomb(folder, levels=8, suffix=".txt"),
        hostile_files.yaml_nesting(folder),
        hostile_files.markdown_unclosed(folder),
        hostile_files.docx_bomb(folder, unpacked=450_000_000),
        hostile_files.pdf_content_bomb(folder),
        hostile_files.warc_gzip_bomb(folder, unpacked=1_500_000_000),
    ]
    made += [hostile_files.random_bytes(folder, suffix) for suffix in hostile_files.TEXT_SUFFIXES]
    return made


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))


def measure(path: pathlib.Path, timeout: float, code: pathlib.Path) -> dict:
    """Load ``path`` in a new process; return its figures, or how it ended when it did not finish.

    The process imports the ``workbench`` package found in the folder ``code``.
    """
    command = [sys.executable, "-c", CHILD, str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory, cwd=code
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"outcome": f"crashed: {last[:90]}"}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["stderr_lines"] = len(done.stderr.strip().splitlines())
    return figures


def hostile_table(folder: pathlib.Path, timeout: float, code: pathlib.Path) -> None:
    print(f"{'file':<24}{'size KB':>9}{'load s':>8}{'CPU s':>7}{'peak MB':>9}{'(start)':>9}  outcome")
    for path in hostile_set(folder):
        figures = measure(path, timeout, code)
        size = path.stat().st_size / 1000
        if "outcome" in figures:
            print(f"{path.name:<24}{size:>9.0f}{'':>8}{'':>7}{'':>9}{'':>9}  {figures['outcome']}")
            continue
        outcome = (
            f"error: {figures['error'][:70]}"
            if figures["error"] and not figures["articles"]
            else f"{figures['articles']} article(s), {figures['characters']:,} characters"
        )
        noise = f" [{figures['stderr_lines']} stderr lines]" if figures["stderr_lines"] else ""
        print(
            f"{path.name:<24}{size:>9.0f}{figures['seconds']:>8.2f}{figures['cpu']:>7.2f}{figures['peak_mb']:>9.0f}"
            f"{figures['before_mb']:>9.0f}  {outcome}{noise}"
        )


def pdf_side_by_side(folder: pathlib.Path, pages: int) -> None:
    import warnings

    import pypdf

    import workbench
    from workbench.readers import read_file

    path = hostile_files.long_pdf(folder, pages=pages, lines=PDF_LINES)
    start = time.process_time()
    reader = pypdf.PdfReader(path)
    characters = sum(len(page.extract_text()) for page in reader.pages)
    pypdf_seconds = time.process_time() - start
    start = time.process_time()
    read_file(path, columns={})
    read_seconds = time.process_time() - start
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = workbench.load(path)
    load_seconds = time.process_time() - start
    print(f"\n{pages}-page text PDF ({path.stat().st_size / 1000:.0f} KB, {characters:,} characters), CPU seconds")
    print(f"  pypdf extract_text, every page:   {pypdf_seconds:6.2f} s")
    print(f"  workbench reader (read_file):     {read_seconds:6.2f} s  ({read_seconds / pypdf_seconds:.2f}x pypdf)")
    print(
        f"  workbench.load (whole pipeline):  {load_seconds:6.2f} s  ({load_seconds / pypdf_seconds:.2f}x pypdf; "
        f"{len(corpus.sentences):,} sentences)"
    )


def join_scaling() -> None:
    from workbench.readers._layout import join_lines

    print(f"\n{'lines':>9}{'join_lines CPU s':>18}{'µs per line':>13}   (best of 3)")
    for count in (3_000, 30_000, 300_000):
        lines = hostile_files.prose_lines(count)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            join_lines(lines)
            best = min(best, time.process_time() - start)
        print(f"{count:>9,}{best:>18.3f}{best / count * 1e6:>13.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a load is stopped")
    parser.add_argument("--pages", type=int, default=1000, help="pages of the PDF read beside pypdf")
    parser.add_argument("--skip", nargs="*", default=[], choices=["files", "pdf", "join"])
    parser.add_argument(
        "--code", type=pathlib.Path, default=ROOT, help="folder holding the workbench package the hostile files go to"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if "files" not in args.skip:
            hostile_table(pathlib.Path(folder), args.timeout, args.code)
        if "pdf" not in args.skip:
            pdf_side_by_side(pathlib.Path(folder), args.pages)
    if "join" not in args.skip:
        join_scaling()


if __name__ == "__main__":
    main()
