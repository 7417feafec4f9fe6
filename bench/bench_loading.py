"""Benchmark: reading and cleaning articles (the loading stage, before segmentation).

Writes generated news (bench/corpus.py, fixed seed) as a folder of .txt files, a CSV, a JSONL
file, saved HTML pages and Windows-1252 text files, then times ``workbench.loading``'s read +
decode + clean + id stage on each, side by side with what an analyst would otherwise write
(``read_text``/``pd.read_csv``/``pd.read_json``/``trafilatura.extract``, which neither detect
encodings nor clean). Also: encoding detection on Windows-1252 files against charset-normalizer
alone (share of files decoded exactly), single-line files of the largest article size and of
50 MB (refused), with the peak resident memory of a whole ``load()`` of each in a fresh process,
and peak traced memory of the loading stage.
Times are CPU seconds of this process (``time.process_time``), so figures are per core and
other load on a shared machine does not distort them.

Run: ``.venv/bin/python bench/bench_loading.py [--megabytes 20]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

import pandas as pd  # noqa: E402
from corpus import make_articles  # noqa: E402

from workbench import _encoding, inputs  # noqa: E402
from workbench.articles import articles_from_records  # noqa: E402
from workbench.readers import MAX_ARTICLE_SIZE  # noqa: E402

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{source}"><meta property="article:published_time" content="{published}">
<script>var tracker = {{id: 1}};</script><style>nav {{ color: red; }}</style></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept all cookies</button></div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>{title}</h1><div class="share"><a>Share on Facebook</a> <a>Copy link</a></div>{body}</article>
<footer><p>(c) 2025 {source}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer></body></html>"""


def stage(source) -> pd.DataFrame:
    """The loading stage measured: read, decode, clean and give ids."""
    records, _ = inputs.read_records(source)
    articles, _ = articles_from_records(records)
    return articles


WHOLE_LOAD = """
import json, sys, time, warnings
import workbench
from workbench.errors import LoadError
start = time.process_time()
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = workbench.load(sys.argv[1])
    outcome = f"{len(corpus.sentences):,} sentences in {time.process_time() - start:.1f} s"
except LoadError as exc:
    outcome = f"refused in {time.process_time() - start:.2f} s ({str(exc)[-150:]})"
status = open("/proc/self/status").read()
print(json.dumps([int(status.split("VmHWM:")[1].split()[0]) / 1e3, outcome]))
"""


def whole_load(path: pathlib.Path) -> tuple[float, str]:
    """Run ``workbench.load(path)`` in a fresh process; return its peak resident memory (MB) and what it did.

    The peak is the process's ``VmHWM`` (Linux), which starts afresh at ``exec``; ``ru_maxrss``
    would include the memory of the benchmark process it was forked from.
    """
    import json
    import subprocess

    done = subprocess.run([sys.executable, "-c", WHOLE_LOAD, str(path)], capture_output=True, text=True, check=True)
    peak, outcome = json.loads(done.stdout.strip().splitlines()[-1])
    return peak, outcome


def timed(function, *args) -> tuple[float, object]:
    start = time.process_time()
    result = function(*args)
    return time.process_time() - start, result


def row(name: str, megabytes: float, ours: float, theirs: float, their_name: str) -> None:
    print(
        f"{name:<24} {megabytes:7.1f} MB  workbench {megabytes / ours:7.1f} MB/s  "
        f"{their_name:<22} {megabytes / theirs:7.1f} MB/s  ratio {theirs / ours:5.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    frame = make_articles(args.megabytes, seed=7)
    megabytes = frame["text"].str.len().sum() / 1e6
    print(f"{len(frame)} articles, {megabytes:.1f} M characters of text")
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        folder = root / "txt"
        folder.mkdir()
        for number, text in enumerate(frame["text"]):
            (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
        csv_path, jsonl_path = root / "a.csv", root / "a.jsonl"
        frame.to_csv(csv_path, index=False)
        frame.to_json(jsonl_path, orient="records", lines=True, force_ascii=False)

        def plain_read(path: pathlib.Path) -> pd.DataFrame:
            files = sorted(path.rglob("*.txt"))
            return pd.DataFrame({"path": [str(p) for p in files], "text": [p.read_text("utf-8") for p in files]})

        print("\nRead + decode + clean (workbench) against a plain read (no detection, no cleaning)")
        row("folder of .txt", megabytes, timed(stage, folder)[0], timed(plain_read, folder)[0], "read_text")
        row("CSV", megabytes, timed(stage, csv_path)[0], timed(pd.read_csv, csv_path)[0], "pd.read_csv")
        jsonl = (timed(stage, jsonl_path)[0], timed(lambda p: pd.read_json(p, lines=True), jsonl_path)[0])
        row("JSONL", megabytes, *jsonl, "pd.read_json(lines)")

        import trafilatura

        pages = root / "html"
        pages.mkdir()
        sample = frame.head(args.pages)
        for number, article in enumerate(sample.itertuples()):
            body = "".join(f"<p>{para}</p>" for para in article.text.split("\n\n"))
            html = PAGE.format(title=article.title, source=article.source, published=article.published, body=body)
            (pages / f"{number:04d}.html").write_text(html, encoding="utf-8")
        page_mb = sum(p.stat().st_size for p in pages.iterdir()) / 1e6
        theirs = timed(lambda: [trafilatura.extract(p.read_text("utf-8")) for p in sorted(pages.iterdir())])[0]
        ours, articles = timed(stage, pages)
        row(f"HTML ({args.pages} pages)", page_mb, ours, theirs, "trafilatura.extract")
        junk = articles["text"].str.contains("cookies|Share on|All rights reserved|Privacy policy").sum()
        print(f"  pages whose text kept page furniture: {junk} of {len(articles)}")

        print("\nWindows-1252 files: exact decodes, workbench against charset-normalizer alone")
        from charset_normalizer import from_bytes

        legacy = [text.encode("cp1252", errors="replace") for text in frame["text"].head(500)]
        expected = [data.decode("cp1252") for data in legacy]
        ours, decoded = timed(lambda: [_encoding.decode(data).text for data in legacy])
        theirs, guessed = timed(lambda: [str(from_bytes(data).best()) for data in legacy])
        exact_ours = sum(a == b for a, b in zip(decoded, expected, strict=True))
        exact_theirs = sum(a == b for a, b in zip(guessed, expected, strict=True))
        print(
            f"  workbench {exact_ours}/{len(legacy)} exact in {ours:.2f} s; "
            f"charset-normalizer {exact_theirs}/{len(legacy)} exact in {theirs:.2f} s"
        )

        print("\nSingle-line files: the largest article read (MAX_ARTICLE_SIZE) and a 50 MB one")
        line = " ".join(frame["text"].str.replace("\n", " "))
        for size in (MAX_ARTICLE_SIZE, 50_000_000):
            huge = root / f"line-{size}.txt"
            data = (line * (size // len(line) + 1)).encode("utf-8")[:size]
            huge.write_bytes(data.decode("utf-8", errors="ignore").encode("utf-8"))
            seconds, articles = timed(stage, huge)
            peak, outcome = whole_load(huge)
            print(
                f"  {size / 1e6:.0f} MB: read + decode + clean {seconds:.2f} s, {len(articles)} article; "
                f"whole load(): {outcome}, peak resident memory {peak:.0f} MB"
            )

        tracemalloc.start()
        stage(jsonl_path)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"\nPeak traced memory, loading stage on the JSONL: {peak:.0f} MB for {megabytes:.1f} MB of text")


if __name__ == "__main__":
    main()
