"""Hostile input files, made at run time: what a careless or malicious source may send an analyst.

Each function writes one file into ``folder`` and returns its path. The files are small on disk
(most well under 5 MB) and are built to cost a reader time or memory: very long paragraphs, nested
YAML aliases, archives that expand a thousandfold, random bytes under a text extension. The tests
in ``tests/test_hostile.py`` and ``bench/bench_hostile.py`` share them.
"""

from __future__ import annotations

import gzip
import io
import pathlib
import random
import zipfile
import zlib

WORDS = (
    "the", "delegates", "from", "northern", "harbour", "towns", "met", "again", "on", "Monday",
    "to", "discuss", "fishing", "quotas", "while", "ministers", "in", "the", "capital", "waited",
    "for", "a", "report", "on", "ferry", "prices", "and", "port", "fees",
)


def prose_lines(count: int, *, seed: int = 7, width: int = 8) -> list[str]:
    """Return ``count`` lines of news-like words, a sentence ending every third line, some words hyphenated."""
    chooser = random.Random(seed)
    lines = []
    for number in range(count):
        words = [chooser.choice(WORDS) for _ in range(width)]
        if number % 3 == 2:
            words[-1] += "."
        elif number % 5 == 1:
            words[-1] = words[-1][:3] + "-"
        lines.append(" ".join(words))
    return lines


def long_pdf(folder: pathlib.Path, *, pages: int = 400, lines: int = 52) -> pathlib.Path:
    """A PDF of ``pages`` pages of ``lines`` lines of ordinary text, a sentence every three lines (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", size=11)
    for number, line in enumerate(prose_lines(pages * lines)):
        if number % lines == 0:
            pdf.add_page()
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    path = folder / f"report-{pages}-pages.pdf"
    pdf.output(str(path))
    return path


def pdf_content_bomb(folder: pathlib.Path, *, pages: int = 20, unpacked: int = 50_000_000) -> pathlib.Path:
    """A PDF of a few MB whose ``pages`` pages each draw ``unpacked`` bytes of text-showing instructions.

    Written object by object: each page's content stream is compressed a thousandfold.
    """
    line = b"BT /F1 10 Tf 72 700 Td (Talks resumed.) Tj ET\n"
    content = zlib.compress(line * (unpacked // len(line)), 9)
    font = 3 + 2 * pages
    kids = " ".join(f"{3 + 2 * page} 0 R" for page in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    for page in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * page} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        stream = f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode()
        objects.append(stream + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table, table_at = b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets), len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode() + table
    data += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table_at}\n%%EOF\n".encode()
    path = folder / "expands.pdf"
    path.write_bytes(bytes(data))
    return path


def long_email(folder: pathlib.Path, *, lines: int = 30_000) -> pathlib.Path:
    """An ``.eml`` message whose plain text is one paragraph of ``lines`` wrapped lines."""
    body = "\n".join(prose_lines(lines))
    path = folder / "long-paragraph.eml"
    path.write_text(
        f"From: Desk <desk@example.org>\nSubject: One long paragraph\nDate: Mon, 4 Mar 2024 09:00:00 +0000\n"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def long_html(folder: pathlib.Path, *, lines: int = 30_000) -> pathlib.Path:
    """A saved page whose one ``<p>`` is ``lines`` source lines long."""
    body = "\n".join(prose_lines(lines))
    path = folder / "long-paragraph.html"
    path.write_text(f"<html><head><title>Long</title></head><body><p>\n{body}\n</p></body></html>", encoding="utf-8")
    return path


def yaml_alias_bomb(folder: pathlib.Path, *, levels: int = 9, suffix: str = ".md") -> pathlib.Path:
    """A file whose front matter nests YAML aliases ``levels`` deep (each level repeats the one before nine times)."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        name, before = chr(ord("a") + level), chr(ord("a") + level - 1)
        rows.append(f"{name}: &{name} [{','.join(['*' + before] * 9)}]")
    rows.append(f"title: *{chr(ord('a') + levels - 1)}")
    path = folder / f"aliases{suffix}"
    path.write_text("---\n" + "\n".join(rows) + "\n---\nThe talks resumed on Monday.\n", encoding="utf-8")
    return path


def yaml_nesting(folder: pathlib.Path, *, depth: int = 30_000) -> pathlib.Path:
    """A ``.md`` file whose front matter's title is a list nested ``depth`` levels deep (60 KB at 30,000)."""
    path = folder / "nested.md"
    path.write_text(f"---\ntitle: {'[' * depth}{']' * depth}\n---\nThe talks resumed on Monday.\n", encoding="utf-8")
    return path


def markdown_unclosed(folder: pathlib.Path, *, size: int = 1_000_000) -> pathlib.Path:
    """A ``.md`` file of one line of ``size`` characters: links and bold spans opened and never closed."""
    path = folder / "unclosed.md"
    path.write_text("Talks resumed. " + "[a **a " * (size // 7) + "\n", encoding="utf-8")
    return path


def _write_repeated(archive: zipfile.ZipFile, name: str, ends: tuple[bytes, bytes], filler: bytes, size: int) -> None:
    """Write member ``name``: ``ends[0]``, then ``filler`` repeated to about ``size`` bytes, then ``ends[1]``.

    The member is compressed as it is written, so it never sits whole in memory.
    """
    info = zipfile.ZipInfo(name, date_time=(2024, 3, 4, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        member.write(ends[0])
        block = filler * ((1 << 20) // len(filler))
        for _ in range(max(1, size // len(block))):
            member.write(block)
        member.write(ends[1])


DOCX_ENDS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    b"</w:body></w:document>",
)
"""The start and the end of a Word document's ``document.xml``."""


def docx_bomb(folder: pathlib.Path, *, unpacked: int = 300_000_000) -> pathlib.Path:
    """A ``.docx`` of a few hundred KB whose ``word/document.xml`` expands to ``unpacked`` bytes of paragraphs."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    path = folder / "expands.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                paragraph = b"<w:p><w:r><w:t>Talks.</w:t></w:r></w:p>"
                _write_repeated(out, info.filename, DOCX_ENDS, paragraph, unpacked)
            else:
                out.writestr(info, source.read(info))
    return path


_HTTP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"


def _warc_head(url: str, length: int) -> bytes:
    """The WARC headers of a response record for ``url`` whose block (HTTP headers and page) is ``length`` bytes."""
    return (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
        f"WARC-Date: 2024-03-04T09:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def warc_response(url: str, page: str) -> bytes:
    """One gzip-compressed WARC response record holding ``page`` (records concatenate into an archive)."""
    block = _HTTP_HEAD + page.encode("utf-8")
    return gzip.compress(_warc_head(url, len(block)) + block + b"\r\n\r\n")


def warc_gzip_bomb(folder: pathlib.Path, *, unpacked: int = 300_000_000) -> pathlib.Path:
    """A ``.warc.gz`` whose one HTML response expands to ``unpacked`` bytes (a page of one repeated paragraph)."""
    page = _HTTP_HEAD + b"<html><body><p>"
    path = folder / "expands.warc.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        out.write(compressor.compress(_warc_head("https://news.example/talks", unpacked) + page))
        block = b"Talks resumed. " * (1 << 16)
        written = len(page)
        while written < unpacked:
            out.write(compressor.compress(block[: unpacked - written]))
            written += len(block)
        out.write(compressor.compress(b"\r\n\r\n"))
        out.write(compressor.flush())
    return path


def random_bytes(folder: pathlib.Path, suffix: str, *, size: int = 50_000, seed: int = 3) -> pathlib.Path:
    """``size`` random bytes saved under a text extension (``.eml``, ``.txt``, ``.html``, ``.csv``...)."""
    path = folder / f"junk{suffix}"
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


TEXT_SUFFIXES = (".eml", ".mbox", ".txt", ".md", ".html", ".csv", ".tsv", ".json", ".jsonl", ".rtf", ".rss")
"""Extensions of the text-like formats, each of which must refuse random bytes."""
