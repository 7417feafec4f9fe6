"""Dates, bylines, datelines and authors read where they belong, in files made here.

A PDF printed today is not an article of today; "By Maria Keller, Brussels" is a byline, not a
sentence with an actor; "OSLO, March 3 (Newswire) -" is a dateline, not a mention of Oslo; a
CSV holding 15/03/2024 writes its dates day first. Every file is written by the test: PDF with
fpdf2, Word with python-docx, HTML, e-mail and CSV as text.
"""

from __future__ import annotations

import datetime
import pathlib
import warnings

import pandas as pd
import pytest

import workbench
from workbench.errors import AmbiguousDateWarning
from workbench.readers._byline import byline, read_lead

BODY = [
    "The harbour strike ended on Monday after three weeks of talks between the dock workers'",
    "union and the port operators, who agreed to a pay rise of four percent in the new contract.",
    "Union leaders said the deal would hold until the next election of the harbour board.",
]
MORE = [
    "Shipping lines had diverted their vessels to other ports during the long dispute, and",
    "traders said that the prices of imported grain rose by a tenth in the second week.",
]


def load(source, **options) -> workbench.Corpus:
    """Load with the dictionary and rules only (fast), keeping the warnings out of the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return workbench.load(source, ner=None, **options)


def write_pdf(path: pathlib.Path, top: list[str], *, title: str | None = None) -> pathlib.Path:
    """Write a one-page PDF: a large headline, the ``top`` lines in body type, then two paragraphs.

    fpdf2 stamps the document's creation time (now) in its metadata, as a browser printing a
    page to PDF does.
    """
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if title:
        pdf.set_title(title)
    pdf.set_author("Print Service")
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 12, "Harbour strike ends", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in top:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    for lines in (BODY, MORE):
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    pdf.output(str(path))
    return path


def write_docx(path: pathlib.Path, top: list[str]) -> pathlib.Path:
    """Write a Word file made this year by an office account, whose text opens with the ``top`` paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading("Harbour strike ends", level=0)
    for paragraph in [*top, " ".join(BODY), " ".join(MORE)]:
        document.add_paragraph(paragraph)
    document.core_properties.author = "Office User"
    document.core_properties.created = datetime.datetime(2026, 12, 1, 8, 0)
    document.save(str(path))
    return path


def sentences_of(corpus: workbench.Corpus) -> list[str]:
    return corpus.sentences["text"].tolist()


def assert_lead_gone(corpus: workbench.Corpus, *words: str) -> None:
    """The byline and dateline are in no sentence, no mention and no claim."""
    text = " ".join(sentences_of(corpus))
    for word in words:
        assert word not in text
        assert not corpus.mentions["surface"].str.contains(word).any()
        assert not corpus.claims["source"].fillna("").str.contains(word).any()
    assert sentences_of(corpus)[0].startswith("The harbour strike ended on Monday")


# Dates ------------------------------------------------------------------------------------------


def test_pdf_printed_today_has_no_publication_date_and_says_so(tmp_path: pathlib.Path) -> None:
    corpus = load(write_pdf(tmp_path / "printed.pdf", []))
    article = corpus.articles.iloc[0]
    assert pd.isna(article["published"])
    assert article["file_created"].year == datetime.datetime.now(datetime.UTC).year
    assert corpus.errors["path"].tolist() == [str(tmp_path / "printed.pdf")]
    assert corpus.errors["error"].iloc[0].startswith("no publication date written in the document")


def test_pdf_date_comes_from_its_text_not_its_metadata(tmp_path: pathlib.Path) -> None:
    corpus = load(write_pdf(tmp_path / "dated.pdf", ["Tuesday, 5 March 2024, 09:30 CET"]))
    article = corpus.articles.iloc[0]
    assert article["published"] == pd.Timestamp("2024-03-05")
    assert article["file_created"] > pd.Timestamp("2025-01-01")
    assert corpus.errors.empty
    assert "2024" not in " ".join(sentences_of(corpus))


def test_docx_creation_time_is_file_created_and_its_dateline_dates_it(tmp_path: pathlib.Path) -> None:
    path = write_docx(tmp_path / "deal.docx", ["LONDON, 4 March 2024 (Newswire) - Talks went on overnight."])
    corpus = load(path)
    article = corpus.articles.iloc[0]
    assert (article["published"], article["file_created"]) == (
        pd.Timestamp("2024-03-04"),
        pd.Timestamp("2026-12-01 08:00"),
    )
    assert (article["dateline_place"], article["source"]) == ("London", "Newswire")
    assert sentences_of(corpus)[0] == "Talks went on overnight."


def test_docx_without_a_written_date_is_reported(tmp_path: pathlib.Path) -> None:
    corpus = load(write_docx(tmp_path / "deal.docx", []))
    assert pd.isna(corpus.articles.iloc[0]["published"])
    assert corpus.errors["error"].str.startswith("no publication date written in the document").tolist() == [True]


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_a_day_over_twelve_is_read_day_first_without_a_warning(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "eu.csv", "text,date\nTalks began in Oslo.,15/03/2024\nTalks ended in Oslo.,03/04/2024\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = workbench.load(path, ner=None)
    assert corpus.articles["published"].tolist() == [pd.Timestamp("2024-03-15"), pd.Timestamp("2024-04-03")]


def test_each_file_settles_its_own_day_month_order(tmp_path: pathlib.Path) -> None:
    write(tmp_path / "eu.csv", "text,date\nTalks began in Oslo.,15/03/2024\nTalks ended in Oslo.,03/04/2024\n")
    write(tmp_path / "us.csv", "text,date\nTalks began in Lima.,03/15/2024\nTalks ended in Lima.,04/03/2024\n")
    articles = load(tmp_path).articles.set_index("text")["published"]
    assert articles["Talks ended in Oslo."] == pd.Timestamp("2024-04-03")
    assert articles["Talks ended in Lima."] == pd.Timestamp("2024-04-03")


def test_csv_where_nothing_settles_the_order_still_warns(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "any.csv", "text,date\nTalks began in Oslo.,05/03/2024\nTalks ended in Oslo.,03/04/2024\n")
    with pytest.warns(AmbiguousDateWarning, match="2 dates such as '05/03/2024'"):
        workbench.load(path, ner=None)


# Bylines, datelines, authors --------------------------------------------------------------------


def test_pdf_byline_and_dateline_are_fields_not_sentences(tmp_path: pathlib.Path) -> None:
    lines = ["By Maria Keller, Brussels", "March 5, 2024"]
    path = write_pdf(tmp_path / "strike.pdf", lines, title="Harbour strike ends | Harbour Weekly")
    corpus = load(path)
    article = corpus.articles.iloc[0]
    assert (article["author"], article["dateline_place"], article["published"]) == (
        "Maria Keller",
        "Brussels",
        pd.Timestamp("2024-03-05"),
    )
    assert article["title"] == "Harbour strike ends | Harbour Weekly"
    assert "Harbour strike ends" not in article["text"]
    assert_lead_gone(corpus, "Keller", "Brussels")


def test_docx_byline_comes_before_the_file_author(tmp_path: pathlib.Path) -> None:
    corpus = load(write_docx(tmp_path / "deal.docx", ["By Maria Keller and Ben Osei", "5 March 2024"]))
    assert corpus.articles.iloc[0]["author"] == "Maria Keller; Ben Osei"
    assert_lead_gone(corpus, "Keller", "Osei")


def page(head: str, top: str) -> str:
    paragraphs = "".join(f"<p>{' '.join(lines)}</p>\n" for lines in (BODY, MORE))
    head = f"<head><title>Harbour strike ends</title>{head}</head>"
    return f"<html>{head}<body><article>\n{top}\n{paragraphs}</article></body></html>"


@pytest.mark.parametrize(
    "head, author",
    [
        ('<meta name="author" content="Maria Keller">', "Maria Keller"),
        ('<meta property="article:author" content="Maria Keller">', "Maria Keller"),
        ('<meta property="article:author" content="https://social.example/mkeller">', None),
    ],
)
def test_html_author_from_its_metadata(tmp_path: pathlib.Path, head: str, author: str | None) -> None:
    article = load(write(tmp_path / "strike.html", page(head, ""))).articles.iloc[0]
    assert (article["author"] if pd.notna(article["author"]) else None) == author


def test_html_byline_and_wire_dateline_leave_the_text(tmp_path: pathlib.Path) -> None:
    top = "<p>By Maria Keller</p>\n<p>OSLO, March 3 (Newswire) - Talks resumed in the capital on Sunday.</p>"
    corpus = load(write(tmp_path / "strike.html", page("", top)))
    article = corpus.articles.iloc[0]
    assert (article["author"], article["dateline_place"]) == ("Maria Keller", "Oslo")
    assert sentences_of(corpus)[0] == "Talks resumed in the capital on Sunday."
    assert not corpus.mentions["surface"].isin(["OSLO", "Oslo", "Keller", "Maria Keller"]).any()


MESSAGE = """\
From: Maria Keller <maria@harbour.example>
Subject: Harbour strike ends
Date: Tue, 05 Mar 2024 09:30:00 +0100
Content-Type: text/plain; charset=utf-8

{body}
"""


def test_email_sender_is_the_author_not_the_source(tmp_path: pathlib.Path) -> None:
    article = load(write(tmp_path / "strike.eml", MESSAGE.format(body=" ".join(BODY)))).articles.iloc[0]
    assert article["author"] == "Maria Keller"
    assert pd.isna(article["source"])


def test_email_forwarding_an_article_takes_the_byline(tmp_path: pathlib.Path) -> None:
    body = "By Ben Osei, Oslo\n\n" + " ".join(BODY)
    corpus = load(write(tmp_path / "strike.eml", MESSAGE.format(body=body)))
    assert (corpus.articles.iloc[0]["author"], corpus.articles.iloc[0]["dateline_place"]) == ("Ben Osei", "Oslo")
    assert_lead_gone(corpus, "Osei")


def test_text_file_headline_byline_date_and_dateline(tmp_path: pathlib.Path) -> None:
    text = "Harbour strike ends\nBy Maria Keller\nPublished: 5 March 2024\n\nWASHINGTON — " + "\n".join(BODY)
    corpus = load(write(tmp_path / "strike.txt", text))
    article = corpus.articles.iloc[0]
    assert (article["title"], article["author"], article["published"], article["dateline_place"]) == (
        "Harbour strike ends",
        "Maria Keller",
        pd.Timestamp("2024-03-05"),
        "Washington",
    )
    assert_lead_gone(corpus, "Keller", "WASHINGTON", "Harbour strike ends")
    assert corpus.errors.empty


def test_csv_text_with_a_byline_keeps_the_author_column(tmp_path: pathlib.Path) -> None:
    frame = pd.DataFrame([{"text": "By Maria Keller\n\n" + " ".join(BODY), "author": "Harbour desk"}])
    corpus = load(frame)
    assert corpus.articles.iloc[0]["author"] == "Harbour desk"
    assert_lead_gone(corpus, "Keller")


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Weekly</title>
<item><title>Harbour strike ends</title><link>https://harbour.example/strike</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><author>desk@harbour.example (Maria Keller)</author>
<description>{body}</description></item></channel></rss>
"""


def test_rss_author_is_the_name_not_the_address(tmp_path: pathlib.Path) -> None:
    article = load(write(tmp_path / "feed.rss", FEED.format(body=" ".join(BODY)))).articles.iloc[0]
    assert article["author"] == "Maria Keller"


# The shapes, one by one -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, authors, place",
    [
        ("By Maria Keller, Brussels", ("Maria Keller",), "Brussels"),
        ("By Maria Keller in Brussels", ("Maria Keller",), "Brussels"),
        ("BY MARIA KELLER", ("Maria Keller",), None),
        ("By J. R. Osei | Senior correspondent | 5 March 2024", ("J. R. Osei",), None),
        ("By Ana de la Cruz, Ben Osei and Li Wen", ("Ana de la Cruz", "Ben Osei", "Li Wen"), None),
        ("Written by: Sofia Lindqvist-Berg, Stockholm", ("Sofia Lindqvist-Berg",), "Stockholm"),
        ("By Monday the strike was over.", None, None),
        ("By 2030 the port will have doubled.", None, None),
        ("By Maria Keller, who covered the strike, the talks were long.", None, None),
        ("By Reuters", None, None),
        ("By far the largest port in the region.", None, None),
    ],
)
def test_byline_shapes(line: str, authors: tuple[str, ...] | None, place: str | None) -> None:
    found = byline(line)
    assert (found.authors, found.place) == (authors, place) if authors else found is None


@pytest.mark.parametrize(
    "text, place, date, agency, rest",
    [
        ("OSLO, March 3 (Newswire) - Talks resumed.", "Oslo", None, "Newswire", "Talks resumed."),
        ("WASHINGTON — Talks resumed.", "Washington", None, None, "Talks resumed."),
        (
            "SAN FRANCISCO, Calif., 4 May 2024 (AP) -- Talks resumed.",
            "San Francisco",
            "2024-05-04",
            "AP",
            "Talks resumed.",
        ),
        ("NATO said talks resumed.", None, None, None, "NATO said talks resumed."),
        ("EU - UK talks resumed on Monday.", None, None, None, "EU - UK talks resumed on Monday."),
        ("UN — and EU — envoys met.", None, None, None, "UN — and EU — envoys met."),
        ("NATO - The alliance met. NATO said so.", None, None, None, "NATO - The alliance met. NATO said so."),
        ("BERLIN - The talks resumed.", "Berlin", None, None, "The talks resumed."),
        ("RIO DE JANEIRO — The talks resumed.", "Rio de Janeiro", None, None, "The talks resumed."),
        ("Kyiv, 4 May 2024 (AFP) - Talks resumed.", "Kyiv", "2024-05-04", "AFP", "Talks resumed."),
        ("Talks in Kyiv - the first - resumed.", None, None, None, "Talks in Kyiv - the first - resumed."),
    ],
)
def test_dateline_shapes(text: str, place: str | None, date: str | None, agency: str | None, rest: str) -> None:
    lead = read_lead(text)
    assert (lead.place, lead.date, lead.agency, lead.text) == (place, date, agency, rest)


def test_a_text_that_is_only_a_byline_is_left_whole() -> None:
    assert read_lead("By Maria Keller").text == "By Maria Keller"


@pytest.mark.parametrize("module", ["workbench.readers._byline", "workbench.readers._dates", "workbench.readers.feeds"])
def test_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    "text, headline, rest",
    [
        ("HARBOUR SHARES JUMP ON MERGER TALK\n\nOSLO, May 5 (Newswire) - Talks resumed.",
         "HARBOUR SHARES JUMP ON MERGER TALK", "Talks resumed."),
        ("Harbour strike ends\n\nBERLIN - Talks resumed.", "Harbour strike ends", "Talks resumed."),
        # no dateline after it: a first line is text
        ("Harbour strike ends\n\nTalks resumed.", None, "Harbour strike ends\n\nTalks resumed."),
    ],
)  # fmt: skip
def test_a_headline_above_a_wire_dateline_is_the_headline(text: str, headline: str | None, rest: str) -> None:
    lead = read_lead(text)
    assert (lead.headline, lead.text) == (headline, rest)


def test_a_dateline_names_the_place_before_a_byline_does() -> None:
    lead = read_lead("By Maria Keller, Global Wire\n\nOSLO (Newswire) - Talks resumed.")
    assert (lead.authors, lead.place, lead.text) == (("Maria Keller",), "Oslo", "Talks resumed.")


def test_undated_articles_of_one_file_are_one_error_line() -> None:
    from workbench.readers._base import Found
    from workbench.readers._byline import settled

    pages = [{"text": "Talks resumed.", "file_created": "2026-12-01", "where": f"record {n}"} for n in (2, 5, 9, 12)]
    found = settled(Found([*pages, {"text": "March 5, 2024\n\nTalks ended.", "file_created": "2026-12-01"}], []))
    assert [record["published"] for record in found.records] == [None, None, None, None, "2024-03-05"]
    assert len(found.problems) == 1
    assert found.problems[0].startswith("4 articles (record 2, record 5, record 9, ...): no publication date")
