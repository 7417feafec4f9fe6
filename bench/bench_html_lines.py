"""Benchmark: sentences cut at the hard line breaks of a page's source, titles and navigation lines.

Writes generated news (bench/corpus.py, fixed seed) as saved web pages in three layouts whose
source is hard-wrapped at 72 columns, as documentation generators and hand-written pages are,
with code and links inside the paragraphs: a manual page with a "Next: ..., Previous: ...,
Up: ... [Index]" line, a book page whose keyboard-help popup has its own heading, and a news
page with breadcrumbs and ``og:title``.
Then loads them and counts

- sentences that end at a source line break: the sentence ends where a line of a paragraph
  ended without ending a sentence (the line's last word is not followed by . ! ? or a quote);
- pages whose title is the article's headline;
- navigation lines (Next/Previous/Up, breadcrumbs, "Keyboard shortcuts") left in the text.

Run: ``.venv/bin/python bench/bench_html_lines.py [--articles 60]``
"""

from __future__ import annotations

import argparse
import html
import pathlib
import sys
import tempfile
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

from corpus import make_articles  # noqa: E402

import workbench  # noqa: E402

LAYOUTS = ("manual", "book", "news")
NAVIGATION = ("Next:", "Previous:", " > ", "Keyboard shortcuts")


def wrapped(paragraph: str) -> list[str]:
    return textwrap.wrap(paragraph, width=72, break_long_words=False, break_on_hyphens=False)


def marked_up(paragraph: str) -> str:
    """The paragraph's wrapped lines, the second word of every other line in code or a link (inline markup)."""
    lines = []
    for number, line in enumerate(wrapped(paragraph)):
        words = [html.escape(word) for word in line.split(" ")]
        if number % 2 and len(words) > 2:
            words[1] = f"<code>{words[1]}</code>" if number % 4 == 1 else f'<a href="#n{number}">{words[1]}</a>'
        lines.append(" ".join(words))
    return "\n".join(lines)


def page(layout: str, title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{marked_up(text)}\n</p>" for text in paragraphs)
    name = html.escape(title)
    if layout == "manual":
        return (
            f"<html><head><title>{name} (Harbour manual)</title></head><body>\n"
            '<div class="nav-panel"><p>Next: <a href="b.html">Ferry fares</a>, '
            'Previous: <a href="a.html">Overview</a>, Up: <a href="index.html">Port</a> '
            '[<a href="ix.html">Index</a>]</p></div><hr>\n'
            f"<h3>{name}</h3>\n{body}\n</body></html>"
        )
    if layout == "book":
        return (
            f"<html><head><title>{name} - The Harbour Book</title></head><body>\n"
            '<div id="help" class="hidden"><div><h2>Keyboard shortcuts</h2><ul>'
            "<li>Press arrow keys to move between chapters</li><li>Press S to search</li></ul></div></div>\n"
            '<nav class="sidebar"><ol><li><a href="a.html">Overview</a></li>'
            '<li><a href="b.html">Fares</a></li></ol></nav>\n'
            '<div class="menu-bar"><h1 class="menu-title">The Harbour Book</h1></div>\n'
            f"<main><h1>{name}</h1>\n{body}\n</main></body></html>"
        )
    return (
        f'<html><head><title>{name} | Coastal Ledger</title><meta property="og:title" content="{name}">'
        "</head><body>\n"
        '<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/world">World</a> &gt; '
        '<a href="/world/europe">Europe</a></nav>\n'
        f"<article><h1>{name}</h1>\n{body}\n</article></body></html>"
    )


def line_ends(paragraphs: list[str]) -> set[str]:
    """The last words of paragraph lines that end without ending a sentence."""
    ends = set()
    for text in paragraphs:
        for line in wrapped(text)[:-1]:
            if not line.rstrip().endswith((".", "!", "?", '"', "\u201d", ":")):
                ends.add(" ".join(line.split()[-2:]))
    return ends


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    options = parser.parse_args(argv)
    articles = make_articles(megabytes=1).head(options.articles)
    with tempfile.TemporaryDirectory() as folder:
        expected = {}
        for number, row in enumerate(articles.itertuples()):
            layout = LAYOUTS[number % len(LAYOUTS)]
            paragraphs = [part for part in row.text.split("\n\n") if part.strip()]
            path = pathlib.Path(folder, f"{layout}-{number:03}.html")
            path.write_text(page(layout, row.title, paragraphs), encoding="utf-8")
            expected[str(path)] = (layout, row.title, line_ends(paragraphs))
        started = time.process_time()
        corpus = workbench.load(folder)
        seconds = time.process_time() - started
    sentences = corpus.sentences.merge(corpus.articles[["article_id", "path"]], on="article_id")
    sentence_layouts = sentences["path"].map(lambda path: expected[path][0])
    page_layouts = corpus.articles["path"].map(lambda path: expected[path][0])
    print(f"{len(corpus.articles)} pages, {len(sentences)} sentences, {len(corpus.articles) / seconds:.1f} pages/cpu-s")
    print("layout  sentences  cut-at-line-break  share  right-title  navigation-lines")
    for layout in LAYOUTS:
        rows = sentences[sentence_layouts == layout]
        cut = sum(
            any(text.rstrip().endswith(end) for end in expected[path][2])
            for text, path in zip(rows["text"], rows["path"], strict=True)
        )
        pages = corpus.articles[page_layouts == layout]
        titles = sum(title == expected[path][1] for title, path in zip(pages["title"], pages["path"], strict=True))
        navigation = sum(any(mark in text for mark in NAVIGATION) for text in pages["text"])
        print(
            f"{layout:7} {len(rows):9} {cut:18} {cut / max(len(rows), 1):6.1%} "
            f"{titles:5}/{len(pages):<5} {navigation:10}"
        )


if __name__ == "__main__":
    main()
