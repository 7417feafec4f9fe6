"""Benchmark: the readers of PDF, Word, RTF, e-mail, feeds and web archives.

Writes generated news (bench/corpus.py, fixed seed) in each format with the writing side of a
library (fpdf2 for PDF, python-docx for Word, warcio for WARC; RTF, e-mail and feeds as text),
then times ``workbench.readers.read_file`` on each file: the reading stage only (no cleaning,
segmentation or extraction). Prints articles per second for every format and pages per second
for PDF. Times are CPU seconds of this process (``time.process_time``), so figures are per core.

Run: ``.venv/bin/python bench/bench_readers.py [--articles 200]``
"""

from __future__ import annotations

import argparse
import email.message
import html
import io
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).parent))
sys.path.insert(1, str(ROOT))

import pandas as pd  # noqa: E402
from corpus import make_articles  # noqa: E402

from workbench.readers import read_file  # noqa: E402


def paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n") if part.strip()]


def write_pdfs(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    from fpdf import FPDF

    paths = []
    for number, article in enumerate(articles.itertuples()):
        pdf = FPDF()
        pdf.set_title(article.title)
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs(article.text):
            safe = paragraph.encode("latin-1", errors="replace").decode("latin-1")
            pdf.multi_cell(0, 6, safe, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        path = folder / f"a{number}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


def write_docx(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    import docx

    paths = []
    for number, article in enumerate(articles.itertuples()):
        document = docx.Document()
        document.core_properties.title = article.title
        for paragraph in paragraphs(article.text):
            document.add_paragraph(paragraph)
        path = folder / f"a{number}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


def write_rtf(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    paths = []
    for number, article in enumerate(articles.itertuples()):
        body = "".join(
            "".join(char if ord(char) < 128 else f"\\u{ord(char)}?" for char in paragraph) + "\\par\n"
            for paragraph in paragraphs(article.text)
        )
        path = folder / f"a{number}.rtf"
        path.write_text(f"{{\\rtf1\\ansi{{\\info{{\\title {article.title}}}}}\n{body}}}", encoding="ascii")
        paths.append(path)
    return paths


def write_mbox(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    chunks = []
    for article in articles.itertuples():
        message = email.message.EmailMessage()
        message["From"] = f"{article.source} <desk@example.org>"
        message["Subject"] = article.title
        message["Date"] = "Tue, 05 Mar 2024 09:30:00 +0000"
        message.set_content(article.text + "\n\n-- \nThe desk\n")
        chunks.append(f"From desk@example.org Tue Mar  5 09:30:00 2024\n{message.as_string()}\n")
    path = folder / "inbox.mbox"
    path.write_text("".join(chunks), encoding="utf-8")
    return [path]


def write_feed(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    items = "".join(
        f"<item><title>{html.escape(article.title)}</title><link>https://example.org/{number}</link>"
        f"<pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate><description>"
        + html.escape("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(article.text)))
        + "</description></item>"
        for number, article in enumerate(articles.itertuples())
    )
    path = folder / "feed.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
    return [path]


def write_warc(articles: pd.DataFrame, folder: pathlib.Path) -> list[pathlib.Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = folder / "crawl.warc.gz"
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        for number, article in enumerate(articles.itertuples()):
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(article.text))
            page = f"<html><head><title>{html.escape(article.title)}</title></head><body><article>{body}</article>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{number}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
            )
            writer.write_record(record)
    return [path]


WRITERS = {
    "PDF": write_pdfs,
    "Word .docx": write_docx,
    "RTF": write_rtf,
    "mbox": write_mbox,
    "RSS feed": write_feed,
    "WARC (gzip)": write_warc,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    articles = make_articles(megabytes=2.0, seed=0).head(args.articles)
    megabytes = articles["text"].str.len().sum() / 1e6
    print(f"{len(articles)} generated articles, {megabytes:.2f} MB of text")
    print(f"{'format':<14}{'articles':>9}{'CPU s':>8}{'articles/s':>12}{'MB/s':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for name, write in WRITERS.items():
            where = pathlib.Path(folder) / name.split()[0]
            where.mkdir()
            paths = write(articles, where)
            start = time.process_time()
            read = sum(len(read_file(path, columns={}).records) for path in paths)
            seconds = time.process_time() - start
            print(f"{name:<14}{read:>9}{seconds:>8.2f}{read / seconds:>12.0f}{megabytes / seconds:>7.2f}")
            if name == "PDF":
                import pypdf

                pages = sum(len(pypdf.PdfReader(path).pages) for path in paths)
                print(f"{'':<14}{pages:>9} pages: {pages / seconds:.0f} pages/s")


if __name__ == "__main__":
    main()
