"""Readers of the formats analysts hold: PDF, Word, RTF, e-mail, feeds and web archives.

Every test file is written here by the writing side of a well-kept library (fpdf2 and pypdf for
PDF, python-docx for Word, warcio for WARC) or as text; none is fetched.
"""

from __future__ import annotations

import pathlib
import sys

import pandas as pd
import pytest

import workbench
from workbench.errors import LoadError
from workbench.readers import read_file

FIRST = [
    "The harbour strike ended on Monday after three weeks of nego-",
    "tiations between the dock workers' union and the port operators,",
    "who agreed to a pay rise of four percent.",
]
SECOND = [
    "Union leaders said the deal would hold until the next election of",
    "the harbour board, which is due in the spring.",
]
THIRD = [
    "Shipping lines had diverted vessels to other ports during the dispute,",
    "and traders said prices of imported grain rose by a tenth.",
]
FOURTH = [
    "The port authority expects the backlog of containers to clear within",
    "a fortnight, its director told reporters at the quay.",
]


def write_pdf(
    path: pathlib.Path,
    pages: list[list[list[str]]],
    *,
    title: str | None = None,
    heading: str | None = None,
    running: str | None = None,
    date: str | None = "5 March 2024",
) -> pathlib.Path:
    """Write a PDF whose pages hold the given paragraphs, line by line, with a header and page numbers.

    The first page opens with a line that is the article's date (``date``), as printed articles do.
    """
    from fpdf import FPDF

    class Document(FPDF):
        def header(self) -> None:
            if running:
                self.set_font("Helvetica", size=8)
                self.cell(0, 8, running, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            if running:
                self.set_y(-15)
                self.set_font("Helvetica", size=8)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Document()
    if title:
        pdf.set_title(title)
    pdf.set_author("Ana Diaz")
    for number, paragraphs in enumerate(pages):
        pdf.add_page()
        if heading and number == 0:
            pdf.set_font("Helvetica", "B", 18)
            pdf.cell(0, 12, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        if date and number == 0:
            pdf.cell(0, 6, date, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
        for lines in paragraphs:
            for line in lines:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
    pdf.output(str(path))
    return path


@pytest.fixture
def report(tmp_path: pathlib.Path) -> pathlib.Path:
    return write_pdf(
        tmp_path / "report.pdf",
        [[FIRST, SECOND], [THIRD], [FOURTH]],
        heading="Harbour strike ends",
        running="Harbour Authority - Annual Review 2024",
    )


def test_pdf_text_is_paragraphs_without_running_lines(report: pathlib.Path) -> None:
    record = read_file(report, columns={}).records[0]
    assert record["text"].split("\n\n") == [
        " ".join(FIRST).replace("nego- ", "nego"),
        " ".join(SECOND),
        " ".join(THIRD),
        " ".join(FOURTH),
    ]
    assert "Review" not in record["text"] and "Page" not in record["text"]


def test_pdf_title_is_the_first_heading_without_metadata(report: pathlib.Path) -> None:
    record = read_file(report, columns={}).records[0]
    assert (record["title"], record["author"]) == ("Harbour strike ends", "Ana Diaz")
    assert record["published"] == "2024-03-05" and record["file_created"] is not None


def test_pdf_title_from_metadata_comes_first(tmp_path: pathlib.Path) -> None:
    path = write_pdf(tmp_path / "a.pdf", [[FIRST]], title="Port deal", heading="Harbour strike ends")
    assert read_file(path, columns={}).records[0]["title"] == "Port deal"


def test_pdf_paragraph_runs_on_across_a_page_break(tmp_path: pathlib.Path) -> None:
    path = write_pdf(tmp_path / "a.pdf", [[FIRST[:2]], [FIRST[2:], SECOND]])
    text = read_file(path, columns={}).records[0]["text"]
    assert text.split("\n\n")[0].endswith("port operators, who agreed to a pay rise of four percent.")


def test_pdf_sentences_keep_exact_offsets_through_load(report: pathlib.Path) -> None:
    corpus = workbench.load(report, ner=None)
    text = corpus.articles.loc[0, "text"]
    assert len(corpus.sentences) == 4
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())
    assert corpus.sentences["paragraph"].nunique() == 4


def _scan(path: pathlib.Path) -> pathlib.Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def _locked(path: pathlib.Path, source: pathlib.Path) -> pathlib.Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as file:
        writer.write(file)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(lambda tmp, report: _scan(tmp / "scan.pdf"), r"^the PDF has no text layer \(1 page", id="scan"),
        pytest.param(
            lambda tmp, report: _write(tmp / "cut.pdf", report.read_bytes()[:400]), r"^not a readable PDF", id="cut"
        ),
        pytest.param(lambda tmp, report: _locked(tmp / "locked.pdf", report), r"password-protected", id="locked"),
        pytest.param(lambda tmp, report: _write(tmp / "empty.pdf", b""), r"^not a readable PDF", id="empty"),
    ],
)
def test_broken_pdf_is_an_error_row_and_the_folder_loads(tmp_path, report, make, message) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    report.rename(folder / "report.pdf")
    broken = make(folder, folder / "report.pdf")
    corpus = _load_with_errors(folder)
    assert len(corpus.articles) == 1
    assert corpus.errors["path"].tolist() == [str(broken)]
    assert corpus.errors["error"].str.contains(message).all()


def test_missing_extra_is_an_error_row_naming_the_install(tmp_path, report, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(LoadError, match=r"pip install 'workbench\[formats\]'"):
        read_file(report, columns={})


def _write(path: pathlib.Path, data: bytes) -> pathlib.Path:
    path.write_bytes(data)
    return path


def _load_with_errors(source) -> workbench.Corpus:
    with pytest.warns(UserWarning, match="could not be loaded"):
        return workbench.load(source, ner=None)


def write_docx(path: pathlib.Path, *, title: str | None = "Port deal signed") -> pathlib.Path:
    """Write a Word document: a title heading, body paragraphs (one with a manual line break), a subheading."""
    import datetime

    import docx

    document = docx.Document()
    document.add_heading("Port deal signed", level=0)
    document.add_paragraph("5 March 2024")
    document.add_paragraph("The harbour strike ended on Monday. The union said workers would return.")
    broken = document.add_paragraph("Shipping lines said the deal")
    broken.add_run().add_break()
    broken.add_run("came in time.")
    document.add_heading("Reactions", level=1)
    document.add_paragraph("Traders welcomed the agreement.")
    document.add_paragraph("   ")
    document.core_properties.title = title or ""
    document.core_properties.author = "Ana Diaz"
    document.core_properties.created = datetime.datetime(2024, 3, 5, 9, 30)
    document.save(str(path))
    return path


def test_docx_paragraphs_headings_and_properties(tmp_path: pathlib.Path) -> None:
    record = read_file(write_docx(tmp_path / "deal.docx"), columns={}).records[0]
    assert record["text"].split("\n\n") == [
        "The harbour strike ended on Monday. The union said workers would return.",
        "Shipping lines said the deal came in time.",
        "Reactions",
        "Traders welcomed the agreement.",
    ]
    assert (record["title"], record["author"], record["published"], str(record["file_created"])) == (
        "Port deal signed",
        "Ana Diaz",
        "2024-03-05",
        "2024-03-05 09:30:00+00:00",
    )


def test_docx_without_title_property_takes_its_leading_heading(tmp_path: pathlib.Path) -> None:
    record = read_file(write_docx(tmp_path / "deal.docx", title=None), columns={}).records[0]
    assert record["title"] == "Port deal signed"
    assert not record["text"].startswith("Port deal")


RTF = (
    r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}{\info{\title Port deal signed}{\author Ana Diaz}"
    r"{\creatim\yr2024\mo3\dy5\hr9\min30}}"
    "\n"
    r"\pard\b Port deal signed\b0\par"
    "\n"
    r"The harbour strike ended on Monday. The union said caf\'e9 workers\line would return.\par"
    "\n"
    r"\par Shipping resumed.\par}"
)


def test_rtf_paragraphs_accents_and_info(tmp_path: pathlib.Path) -> None:
    found = read_file(_write(tmp_path / "deal.rtf", RTF.encode("ascii")), columns={})
    record = found.records[0]
    assert record["text"].split("\n\n") == [
        "The harbour strike ended on Monday. The union said café workers would return.",
        "Shipping resumed.",
    ]
    assert (record["title"], record["author"], record["published"], record["file_created"]) == (
        "Port deal signed",
        "Ana Diaz",
        None,
        "2024-03-05 09:30",
    )
    assert found.problems[0].startswith("no publication date written in the document")


def _zip(path: pathlib.Path) -> pathlib.Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(lambda folder: _zip(folder / "renamed.docx"), r"^not a readable Word document", id="zip-docx"),
        pytest.param(lambda folder: _write(folder / "cut.docx", b"PK\x03\x04\x14"), r"^not a readable Word", id="cut"),
        pytest.param(lambda folder: _write(folder / "plain.rtf", b"Just text."), r"^not an RTF file", id="not-rtf"),
        pytest.param(lambda folder: _write(folder / "empty.rtf", rb"{\rtf1 }"), r"no article text", id="empty-rtf"),
    ],
)
def test_broken_office_file_is_an_error_row(tmp_path, make, message) -> None:
    write_docx(tmp_path / "deal.docx")
    broken = make(tmp_path)
    corpus = _load_with_errors(tmp_path)
    assert corpus.articles["title"].tolist() == ["Port deal signed"]
    assert corpus.errors["path"].tolist() == [str(broken)]
    assert corpus.errors["error"].str.contains(message).all()


@pytest.mark.parametrize("name", ["deal.docx", "deal.rtf"])
def test_office_sentences_keep_exact_offsets_through_load(tmp_path: pathlib.Path, name: str) -> None:
    path = write_docx(tmp_path / name) if name.endswith(".docx") else _write(tmp_path / name, RTF.encode("ascii"))
    corpus = workbench.load(path, ner=None)
    text = corpus.articles.loc[0, "text"]
    assert len(corpus.sentences) >= 3
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())


PLAIN_MESSAGE = """\
From: Harbour Weekly <news@harbour.example>
To: ana@example.org
Subject: Port deal signed
Date: Tue, 05 Mar 2024 09:30:00 +0100
Content-Type: text/plain; charset=utf-8

The harbour strike ended on Monday after three weeks of talks, and
the union said workers would return on Wednesday.

Shipping lines welcomed the deal.

On Mon, 4 Mar 2024 at 10:00, Ana Diaz <ana@example.org> wrote:
> Is the strike over yet?
> Ana

--
Harbour Weekly, 1 Quay Street
"""


def html_message(subject: str, body: str) -> str:
    """Return a message with a plain-text-free HTML body and a reply quoted in a blockquote."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "desk@wire.example"
    message["Subject"] = subject
    message["Date"] = "Wed, 06 Mar 2024 08:00:00 +0000"
    message.set_content(f"<html><body><p>{body}</p><p>Traders welcomed the agreement.</p></body></html>", "html")
    return message.as_string()


def test_eml_subject_date_sender_and_only_what_was_written(tmp_path: pathlib.Path) -> None:
    record = read_file(_write(tmp_path / "deal.eml", PLAIN_MESSAGE.encode()), columns={}).records[0]
    assert (record["title"], record["author"], record["published"]) == (
        "Port deal signed",
        "Harbour Weekly",
        "Tue, 05 Mar 2024 09:30:00 +0100",
    )
    assert record["text"].split("\n\n") == [
        "The harbour strike ended on Monday after three weeks of talks, and "
        "the union said workers would return on Wednesday.",
        "Shipping lines welcomed the deal.",
    ]


def test_eml_html_body_goes_through_the_html_reader(tmp_path: pathlib.Path) -> None:
    message = html_message("Grain prices", "Prices of imported grain <b>rose</b> by a tenth.")
    record = read_file(_write(tmp_path / "grain.eml", message.encode()), columns={}).records[0]
    assert (record["title"], record["author"]) == ("Grain prices", "desk@wire.example")
    assert record["text"] == "Prices of imported grain rose by a tenth.\n\nTraders welcomed the agreement."


def test_mbox_gives_one_article_per_message_and_reports_an_empty_one(tmp_path: pathlib.Path) -> None:
    empty = "From: a@b.example\nSubject: Photo\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\nAAAA\n"
    messages = [PLAIN_MESSAGE, html_message("Grain prices", "Prices of grain rose."), empty]
    box = "".join(f"From sender@example.org Tue Mar  5 09:30:00 2024\n{message}\n" for message in messages)
    corpus = _load_with_errors(_write(tmp_path / "inbox.mbox", box.encode()))
    assert corpus.articles["title"].tolist() == ["Port deal signed", "Grain prices"]
    assert corpus.articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-06"]
    assert corpus.errors["error"].tolist() == ["message 3: the message has no text or HTML part (only attachments?)"]
    for article in corpus.articles.itertuples():
        sentences = corpus.sentences[corpus.sentences["article_id"] == article.article_id]
        assert all(article.text[row.start : row.end] == row.text for row in sentences.itertuples())
    assert not corpus.sentences["text"].str.contains("Quay|strike over").any()


def test_mbox_without_messages_is_an_error_row(tmp_path: pathlib.Path) -> None:
    _write(tmp_path / "deal.eml", PLAIN_MESSAGE.encode())
    _write(tmp_path / "empty.mbox", b"")
    corpus = _load_with_errors(tmp_path)
    assert corpus.errors["error"].str.contains("^no messages in the mailbox").all()


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Weekly</title><link>https://harbour.example/</link>
<item><title>Port deal signed</title><link>https://harbour.example/deal</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
<description>The strike is over.</description>
<content:encoded><![CDATA[<p>The harbour strike ended on Monday after three weeks of talks.</p>
<p>Shipping lines welcomed the deal.</p>]]></content:encoded></item>
<item><title>Grain prices rise</title><link>https://harbour.example/grain</link>
<pubDate>Wed, 06 Mar 2024 08:00:00 +0000</pubDate>
<description>Prices of imported grain rose by a tenth.</description></item>
<item><title>Photo of the week</title><link>https://harbour.example/photo</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire desk</title>
<entry><title>Talks resume</title><link href="https://wire.example/talks"/>
<updated>2024-03-07T10:00:00Z</updated><author><name>Ben Osei</name></author>
<summary>Talks resumed.</summary>
<content type="html">&lt;p&gt;Talks resumed on Thursday in the capital.&lt;/p&gt;
&lt;p&gt;Both sides said progress was made.&lt;/p&gt;</content>
</entry></feed>
"""


def test_rss_gives_one_article_per_entry_with_its_fullest_content(tmp_path: pathlib.Path) -> None:
    found = read_file(_write(tmp_path / "harbour.rss", RSS.encode()), columns={})
    first, second = found.records
    assert (first["title"], first["url"], first["source"], first["published"]) == (
        "Port deal signed",
        "https://harbour.example/deal",
        "Harbour Weekly",
        "Tue, 05 Mar 2024 09:30:00 +0000",
    )
    assert (
        first["text"]
        == "The harbour strike ended on Monday after three weeks of talks.\n\nShipping lines welcomed the deal."
    )
    assert second["text"] == "Prices of imported grain rose by a tenth."
    assert found.problems == ["entry 3: the entry has no content or summary"]


def test_atom_entry_takes_its_html_content_author_and_updated_date(tmp_path: pathlib.Path) -> None:
    record = read_file(_write(tmp_path / "wire.atom", ATOM.encode()), columns={}).records[0]
    assert (record["title"], record["author"], record["published"], record["url"]) == (
        "Talks resume",
        "Ben Osei",
        "2024-03-07T10:00:00Z",
        "https://wire.example/talks",
    )
    assert record["text"] == "Talks resumed on Thursday in the capital.\n\nBoth sides said progress was made."


def test_feed_sentences_keep_exact_offsets_through_load(tmp_path: pathlib.Path) -> None:
    corpus = _load_with_errors(_write(tmp_path / "harbour.xml", RSS.encode()))
    assert corpus.articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-06"]
    for article in corpus.articles.itertuples():
        sentences = corpus.sentences[corpus.sentences["article_id"] == article.article_id]
        assert len(sentences) > 0
        assert all(article.text[row.start : row.end] == row.text for row in sentences.itertuples())


@pytest.mark.parametrize(
    "name, content",
    [
        pytest.param("news.rss", b"This is not a feed at all.", id="not-xml"),
        pytest.param("config.xml", b"<settings><colour>blue</colour></settings>", id="xml-not-feed"),
        pytest.param("cut.atom", ATOM.encode()[:60], id="cut"),
    ],
)
def test_file_that_is_not_a_feed_is_an_error_row(tmp_path, name, content) -> None:
    _write(tmp_path / "harbour.rss", RSS.encode())
    broken = _write(tmp_path / name, content)
    corpus = _load_with_errors(tmp_path)
    assert len(corpus.articles) == 2
    errors = corpus.errors[corpus.errors["path"] == str(broken)]["error"]
    assert errors.str.contains(r"^not an RSS or Atom feed with entries").all() and len(errors) == 1


PAGE = """<html><head><title>Port deal signed | Harbour Weekly</title>
<meta property="og:title" content="Port deal signed"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Port deal signed</h1>
<p>The harbour strike ended on Monday after three weeks of talks between the union and the operators.</p>
<p>Shipping lines welcomed the deal, and traders said prices of imported grain would fall again.</p>
</article><footer>Copyright 2019 Harbour Weekly</footer></body></html>"""


def write_warc(path: pathlib.Path, *, gzip: bool = True) -> pathlib.Path:
    """Write a crawl: a request, the HTML page's response, an image response and a metadata record."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gzip)
        url = "https://harbour.example/deal"
        date = {"WARC-Date": "2024-03-05T09:30:00Z"}
        request = StatusAndHeaders("GET /deal HTTP/1.1", [("Host", "harbour.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request, warc_headers_dict=date))
        for target, kind, body in [
            (url, "text/html; charset=utf-8", PAGE.encode()),
            ("https://harbour.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    target, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict=date
                )
            )
        writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"outlinks: none")))
    return path


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_html_response_is_an_article_with_its_url_and_crawl_time(tmp_path, name, gzip) -> None:
    found = read_file(write_warc(tmp_path / name, gzip=gzip), columns={})
    (record,) = found.records
    assert (record["title"], record["url"], record["published"], record["file_created"]) == (
        "Port deal signed",
        "https://harbour.example/deal",
        None,
        "2024-03-05T09:30:00Z",
    )
    assert record["text"].startswith("The harbour strike ended on Monday")
    assert "Home" not in record["text"] and "Copyright" not in record["text"]
    assert found.problems[0] == "skipped 1 responses that are not HTML pages (image/png: 1)"
    assert found.problems[1].startswith("record 2: no publication date written in the document")


def test_warc_sentences_keep_exact_offsets_through_load(tmp_path: pathlib.Path) -> None:
    corpus = _load_with_errors(write_warc(tmp_path / "crawl.warc.gz"))
    text = corpus.articles.loc[0, "text"]
    assert len(corpus.sentences) == 2
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())


def test_folder_of_warc_gz_files_is_read(tmp_path: pathlib.Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz")
    assert _load_with_errors(tmp_path).articles["url"].tolist() == ["https://harbour.example/deal"]


def _damaged(data: bytes, record: int) -> bytes:
    """Return the archive ``data`` with the whole gzip stream of its ``record``-th record (from 1) overwritten.

    The whole stream, not a few bytes of it: record ids are random, and a few garbled bytes in
    a compressed stream sometimes still decode into a record.
    """
    import io

    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = [iterator.get_record_offset() for _ in iterator] + [len(data)]
    start, end = offsets[record - 1], offsets[record]
    return data[:start] + b"\xff" * (end - start) + data[end:]


def _without_pages() -> bytes:
    """Return a readable archive that holds an image response and no HTML page."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    image = io.BytesIO(b"\x89PNG\r\n\x1a\n")
    writer.write_record(
        writer.create_warc_record("https://harbour.example/logo.png", "response", payload=image, http_headers=headers)
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "damage, message, pages",
    [
        pytest.param(lambda data: _damaged(data, 3), r"^the archive is damaged after record 2 \(", 1, id="gzip-error"),
        pytest.param(lambda data: _damaged(data, 1), r"^not a readable WARC file", 0, id="gzip-error-at-start"),
        pytest.param(lambda data: b"Not an archive.", r"^not a readable WARC file", 0, id="not-warc"),
        pytest.param(lambda data: b"Some text, no archive at all.", r"^not a readable WARC file", 0, id="text"),
        pytest.param(lambda data: _without_pages(), r"^no HTML page in the archive", 0, id="no-page"),
    ],
)
def test_damaged_warc_is_an_error_row_and_the_folder_loads(tmp_path, damage, message, pages) -> None:
    _write(tmp_path / "note.txt", b"Talks resumed on Monday.")
    good = write_warc(tmp_path / "crawl.warc.gz").read_bytes()
    bad = _write(tmp_path / "crawl.warc.gz", damage(good))
    corpus = _load_with_errors(tmp_path)
    assert len(corpus.articles) == 1 + pages
    errors = corpus.errors[corpus.errors["path"] == str(bad)]["error"]
    assert errors.str.contains(message).sum() == 1, errors.tolist()
    assert errors.str.len().max() < 300


# Saved web pages as they are: wrapped source lines, navigation, titles --------------------------


def wrapped_page(*, head: str = "<title>Harbour strike ends (Port handbook)</title>", top: str = "") -> str:
    """A page whose paragraphs are hard-wrapped in the source, with inline links and code in them."""
    first = "\n".join(FIRST).replace("union", '<a href="/union">union</a>')
    second = "\n".join(SECOND).replace("harbour board", "<code>harbour board</code>")
    return (
        f"<html><head>{head}</head><body>\n{top}\n<h2>1 Harbour strike ends</h2>\n"
        f"<p>{first}\n</p>\n<p>{second}\n</p>\n<p>{chr(10).join(THIRD)}</p>\n"
        f"<pre>berth  ships\nnorth  4\nsouth  2</pre>\n<p>{FOURTH[0]}<br>{FOURTH[1]}</p>\n</body></html>"
    )


TEXINFO_NAVIGATION = (
    '<div class="header"><p>\nNext: <a href="fares.html">Ferry fares</a>, Previous: <a href="intro.html">'
    'Overview</a>, Up: <a href="index.html">Port</a> &nbsp; [<a href="ix.html">Index</a>]</p></div><hr>'
)


def test_html_lines_of_one_paragraph_are_joined_and_sentences_whole(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path / "strike.html", wrapped_page(top=TEXINFO_NAVIGATION).encode())
    corpus = workbench.load(path)
    text = corpus.articles.loc[0, "text"]
    assert " ".join(FIRST).replace("nego- tiations", "negotiations") in text
    assert " ".join(SECOND) in text and " ".join(THIRD) in text
    assert "berth ships\n\nnorth 4" in text, "a <pre> keeps its lines"
    assert f"{FOURTH[0]}\n\n{FOURTH[1]}" in text, "a <br> still breaks the line"
    assert set(corpus.sentences["text"]) >= {
        " ".join(FIRST).replace("nego- tiations", "negotiations"),
        " ".join(SECOND),
        " ".join(THIRD),
    }
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())


def test_html_navigation_lines_are_dropped(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path / "strike.html", wrapped_page(top=TEXINFO_NAVIGATION).encode())
    text = workbench.load(path).articles.loc[0, "text"]
    assert "Next:" not in text and "[Index]" not in text
    assert text.startswith("The harbour strike ended on Monday")


@pytest.mark.parametrize(
    "line",
    [
        "Next: Ferry fares, Previous: Overview, Up: Port [Index]",
        "Previous: Overview, Up: Port [Contents][Index]",
        "Home > World > Europe",
        "Home / News",
        "News » Ports » Northern harbours",
        "Next article »",
        "« Previous",
        "Table of contents",
        "Keyboard shortcuts",
    ],
)
def test_navigation_line_is_page_furniture(line: str) -> None:
    text = workbench.load_text(f"{line}\n\nThe harbour strike ended on Monday.").articles.loc[0, "text"]
    assert text == "The harbour strike ended on Monday."


@pytest.mark.parametrize(
    "line",
    [
        "Next: the board votes on the deal.",
        "Up: 3 percent on the day, traders said.",
        "Prices rose > 3 percent > than forecast.",
        "Home is where the harbour is.",
        "Next week the board meets again.",
    ],
)
def test_prose_that_looks_like_navigation_is_kept(line: str) -> None:
    assert line in workbench.load_text(f"{line}\n\nThe strike ended.").articles.loc[0, "text"]


BOOK_TOP = (
    '<div id="help" class="hidden"><h2>Keyboard shortcuts</h2><ul><li>Press arrow keys to move</li>'
    '<li>Press S to search</li></ul></div><div class="menu-bar"><h1 class="menu-title">The Port Handbook</h1></div>'
)


@pytest.mark.parametrize(
    "head, top, title",
    [
        pytest.param(
            "<title>Harbour strike ends - The Port Handbook</title>", BOOK_TOP, "Harbour strike ends", id="help-popup"
        ),
        pytest.param(
            '<title>Port news | Ledger</title><meta property="og:title" content="Strike over at the port">',
            "",
            "Strike over at the port",
            id="og-title",
        ),
        pytest.param("<title>Harbour strike ends (Port handbook)</title>", "", "Harbour strike ends", id="numbered"),
        pytest.param("<title>St. Anne harbour news</title>", BOOK_TOP, "St. Anne harbour news", id="title-alone"),
        pytest.param("", BOOK_TOP, "The Port Handbook", id="first-h1"),
    ],
)
def test_html_title_is_the_declared_headline_not_a_small_heading(tmp_path, head, top, title) -> None:
    path = _write(tmp_path / "page.html", wrapped_page(head=head, top=top).encode())
    (record,) = read_file(path, columns={}).records
    assert record["title"] == title
    assert "Keyboard shortcuts" not in record["text"]


# News-database exports: many articles in one file --------------------------------------------

NEXIS_EXPORT = """Harbour strike ends after three weeks
The Coastal Ledger
March 5, 2024 Tuesday
Copyright 2024 The Coastal Ledger All Rights Reserved
Section: NEWS; Pg. 3
Length: 48 words
Byline: Ana Ruiz
Body
The harbour strike ended on Monday after three weeks of talks.
Union leaders said the deal would hold until the spring.
Classification
Language: ENGLISH
Load-Date: March 6, 2024
End of Document
Grain prices fall at the port
Northern Wire
March 7, 2024 Thursday
Length: 30 words
Body
Prices of imported grain fell by a tenth once the ships returned.
Load-Date: March 8, 2024
End of Document
"""

FACTIVA_EXPORT = """HD
Harbour strike ends after three weeks
BY
By Ana Ruiz
WC
48 words
PD
5 March 2024
SN
The Coastal Ledger
SC
CLEDG
LP
The harbour strike ended on Monday after three weeks of talks.
TD
Union leaders said the deal would hold until the spring.
CO
hrbaut : Harbour Authority
Document CLEDG00020240305ek350000a
HD  Grain prices fall at the port
PD  7 March 2024
SN  Northern Wire
TD  Prices of imported grain fell by a tenth once the ships returned.
Document NWIRE00020240307ek370000b
"""


def _export_file(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    """Write ``text`` as a plain-text, RTF (one paragraph a line) or Word file, as databases export it."""
    path = tmp_path / name
    if name.endswith(".docx"):
        import docx

        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        document.save(str(path))
    elif name.endswith(".rtf"):
        path.write_text("{\\rtf1\\ansi\n" + "".join(f"{line}\\par\n" for line in text.splitlines()) + "}")
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["nexis.txt", "nexis.rtf", "nexis.docx", "factiva.txt", "factiva.rtf", "factiva.docx"])
def test_news_database_export_is_split_into_its_articles(tmp_path: pathlib.Path, name: str) -> None:
    text = NEXIS_EXPORT if name.startswith("nexis") else FACTIVA_EXPORT
    corpus = workbench.load(_export_file(tmp_path, name, text))
    articles = corpus.articles.sort_values("published").reset_index(drop=True)
    assert list(articles["title"]) == ["Harbour strike ends after three weeks", "Grain prices fall at the port"]
    assert list(articles["source"]) == ["The Coastal Ledger", "Northern Wire"]
    assert list(articles["published"].dt.strftime("%Y-%m-%d")) == ["2024-03-05", "2024-03-07"]
    assert articles.loc[0, "author"] == "Ana Ruiz" and pd.isna(articles.loc[1, "author"])
    assert articles.loc[0, "text"] == (
        "The harbour strike ended on Monday after three weeks of talks.\n\n"
        "Union leaders said the deal would hold until the spring."
    )
    for furniture in ("Length", "Load-Date", "Classification", "Document", "Harbour Authority", "words"):
        assert not articles["text"].str.contains(furniture).any()
    assert all(
        articles.set_index("article_id").loc[row.article_id, "text"][row.start : row.end] == row.text
        for row in corpus.sentences.itertuples()
    )


def test_text_mentioning_end_of_document_in_prose_stays_one_article(tmp_path: pathlib.Path) -> None:
    path = _export_file(tmp_path, "note.txt", "The clerk wrote End of Document at the foot of the page.\n")
    assert len(workbench.load(path).articles) == 1
