import json
import pathlib
import warnings

import pandas as pd
import pytest

import workbench
from workbench import inputs, schema
from workbench.articles import articles_from_records
from workbench.errors import AmbiguousDateWarning, DuplicateIdWarning, LoadError
from workbench.readers import MAX_ARTICLE_SIZE

INPUTS = pathlib.Path(__file__).parent / "data" / "inputs"
ARTICLE = "The council met on Tuesday. It agreed a budget of \u20ac4.5 million for the harbour."
OTHER = "Dock workers returned to work on Friday. The strike had lasted nine days."


def write(folder: pathlib.Path, name: str, content: str | bytes) -> pathlib.Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def quiet_load(source, **options) -> workbench.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return workbench.load(source, **options)


# Saved web pages ---------------------------------------------------------------------------


def test_html_page_gives_the_article_without_the_page_around_it():
    corpus = workbench.load(INPUTS / "news_page.html")
    article = corpus.articles.iloc[0]
    assert article["title"] == "Harbour strike ends after nine days"
    assert article["source"] == "The Coastal Ledger"
    assert article["url"] == "https://ledger.example.org/2025/03/harbour-strike-ends"
    assert article["published"] == pd.Timestamp("2025-03-14 08:30")
    assert article["text"].startswith("Dock workers in the port of Varnholm")
    assert article["n_paragraphs"] == 4
    for furniture in ("cookies", "Subscribe", "Share on", "Copy link", "Related stories", "Ferry fares", "rights"):
        assert furniture not in article["text"]
    for code in ("tracking", "font-family", "dataLayer"):
        assert code not in article["text"]


def test_html_page_in_windows_1252_keeps_its_accents_and_gets_no_footer_date():
    article = workbench.load(INPUTS / "greve-cp1252.htm").articles.iloc[0]
    assert article["title"] == "La grève des dockers est terminée"
    assert "après neuf jours de grève" in article["text"]
    assert "« C’est un résultat juste »" in article["text"]
    assert "Accueil" not in article["text"]
    assert pd.isna(article["published"])


# Text and Markdown -------------------------------------------------------------------------


def test_markdown_front_matter_fills_the_fields_and_markup_is_reduced_to_prose():
    article = workbench.load(INPUTS / "ferry-fares.md").articles.iloc[0]
    assert article["article_id"] == "ledger-2025-0412"
    assert article["title"] == "Ferry fares to rise in May"
    assert (article["source"], article["url"]) == (
        "The Coastal Ledger",
        "https://ledger.example.org/2025/04/ferry-fares",
    )
    assert article["published"] == pd.Timestamp("2025-04-02 07:15")
    text = article["text"]
    assert text.startswith(
        "Fares on the island ferry will rise by 8 percent from May, the operator Nordsund Lines said"
    )
    assert "\n\nWhy prices are going up\n\n" in text
    assert "Season tickets keep their current price until August.\nStudents" in text
    assert "money for three years" in text
    for markup in ("**", "](", "https://", "`", "# ", "> ", "- Season", "fare_table", "ferry.jpg", "[1]"):
        assert markup not in text


def test_sentence_offsets_index_the_cleaned_markdown_text():
    corpus = workbench.load(INPUTS / "ferry-fares.md")
    text = corpus.articles.iloc[0]["text"]
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())


@pytest.mark.parametrize(
    "name, content, title",
    [
        ("harbour-strike_ends.txt", ARTICLE, "Harbour strike ends"),
        ("a.txt", f"---\ntitle: Budget agreed\ndate: 2024-05-01\n---\n{ARTICLE}", "Budget agreed"),
        ("b.md", f"# Budget *agreed*\n\n{ARTICLE}", "Budget agreed"),
        ("c.md", ARTICLE, "C"),
        ("d.txt", f"---\nThis is a separator, not front matter.\n---\n{ARTICLE}", "D"),
    ],
)
def test_title_comes_from_front_matter_heading_or_file_name(tmp_path, name, content, title):
    article = workbench.load(write(tmp_path, name, content)).articles.iloc[0]
    assert article["title"] == title
    assert article["text"].endswith(ARTICLE)


def test_invalid_front_matter_is_an_error_row_with_its_line(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, "bad.md", f"---\ntitle: Budget\ndate: [2024\n---\n{OTHER}")
    corpus = quiet_load(tmp_path)
    assert corpus.errors["error"].str.contains(r"front matter is not valid YAML at line \d").all()


# Encodings ---------------------------------------------------------------------------------

SAMPLE = "The minister\u2019s \u201ccaf\u00e9\u201d plan cost \u20ac20 \u2014 na\u00efve, critics said."


LATIN = "Le caf\u00e9 de la gare a ferm\u00e9, d\u00e9clare le maire \u00e0 l\u2019h\u00f4tel de ville."


@pytest.mark.parametrize(
    "encoded, expected",
    [
        pytest.param(SAMPLE.encode("utf-8"), SAMPLE, id="utf-8"),
        pytest.param(SAMPLE.encode("utf-8-sig"), SAMPLE, id="utf-8 with BOM"),
        pytest.param(SAMPLE.encode("cp1252"), SAMPLE, id="cp1252"),
        pytest.param(SAMPLE.encode("utf-16"), SAMPLE, id="utf-16 with BOM"),
        pytest.param(LATIN.replace("\u2019", "'").encode("latin-1"), LATIN.replace("\u2019", "'"), id="latin-1"),
        pytest.param(LATIN.encode("cp1252"), LATIN, id="cp1252 french"),
    ],
)
def test_encodings_are_detected(tmp_path, encoded, expected):
    assert workbench.load(write(tmp_path, "a.txt", encoded)).articles.iloc[0]["text"] == expected


def test_undecodable_bytes_are_replaced_and_reported(tmp_path):
    path = write(tmp_path, "damaged.txt", SAMPLE.encode("utf-8") + b" Then \xff\xfe garbage. " + OTHER.encode())
    first_bad = len(SAMPLE.encode("utf-8") + b" Then ")
    corpus = quiet_load(path)
    assert corpus.articles.iloc[0]["text"].startswith(SAMPLE)
    assert "\ufffd" in corpus.articles.iloc[0]["text"]
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(path),
            "error": f"2 undecodable byte sequence(s) replaced with U+FFFD (first at byte {first_bad}); "
            "the rest loaded. Re-save the file as UTF-8 to fix it",
        }
    ]


# Records: DataFrames, CSV, JSON, JSON Lines ------------------------------------------------


@pytest.mark.parametrize(
    "columns",
    [
        {"text": "text", "title": "title", "date": "published", "source": "source", "url": "url", "id": "id"},
        {
            "text": "Body",
            "title": "Headline",
            "date": "publish_date",
            "source": "Outlet",
            "url": "link",
            "id": "doc_id",
        },
        {"text": "full_text", "title": "heading", "date": "pubdate", "source": "publisher", "url": "URL", "id": "uid"},
        {
            "text": "content",
            "title": "title",
            "date": "timestamp",
            "source": "media",
            "url": "link",
            "id": "article_id",
        },
        {"text": "article", "title": "title", "date": "date", "source": "source", "url": "url", "id": "ID"},
    ],
)
def test_dataframe_columns_are_found_by_common_names(columns):
    values = {"text": ARTICLE, "title": "Budget", "date": "2024-05-01", "source": "Wire", "url": "https://x.test/1"}
    frame = pd.DataFrame([{columns[field]: value for field, value in values.items()} | {columns["id"]: "n1"}])
    article = workbench.load(frame).articles.iloc[0]
    assert (article["article_id"], article["title"], article["source"]) == ("n1", "Budget", "Wire")
    assert (article["url"], article["published"]) == ("https://x.test/1", pd.Timestamp("2024-05-01"))


def test_column_overrides_name_unusual_columns():
    frame = pd.DataFrame([{"story_body": ARTICLE, "hed": "Budget", "when": "2024-05-01", "outlet_name": "Wire"}])
    corpus = workbench.load(
        frame, text_column="story_body", title_column="hed", date_column="when", source_column="outlet_name"
    )
    article = corpus.articles.iloc[0]
    assert (article["title"], article["source"], article["published"]) == ("Budget", "Wire", pd.Timestamp("2024-05-01"))


def test_csv_records_load_with_dates_parsed(tmp_path):
    path = write(
        tmp_path,
        "export.csv",
        'id,headline,date,outlet,text\n1,Budget,2024-05-01T10:00:00+02:00,Wire,"' + ARTICLE + '"\n'
        '2,Strike,"Mon, 15 Apr 2024 09:00:00 GMT",Daily,"' + OTHER + '"\n',
    )
    articles = workbench.load(path).articles
    assert list(articles["article_id"]) == ["1", "2"]
    assert list(articles["published"]) == [pd.Timestamp("2024-05-01 08:00"), pd.Timestamp("2024-04-15 09:00")]
    assert list(articles["path"]) == [str(path), str(path)]


def test_semicolon_csv_from_a_spreadsheet_loads(tmp_path):
    path = write(tmp_path, "export.csv", f'titel;text\nBudget;"{ARTICLE}"\n'.encode("cp1252"))
    articles = workbench.load(path, title_column="titel").articles
    assert articles.iloc[0]["text"] == ARTICLE


@pytest.mark.parametrize(
    "payload",
    [
        [{"title": "Budget", "body": ARTICLE}, {"title": "Strike", "body": OTHER}],
        {"articles": [{"title": "Budget", "body": ARTICLE}, {"title": "Strike", "body": OTHER}]},
    ],
)
def test_json_records_load(tmp_path, payload):
    articles = workbench.load(write(tmp_path, "a.json", json.dumps(payload))).articles
    assert list(articles["title"]) == ["Budget", "Strike"]


def test_epoch_and_odd_dates_parse_or_become_missing(tmp_path):
    rows = [
        {"id": 1, "text": ARTICLE, "date": 1713139200},
        {"id": 2, "text": OTHER, "date": "1713139200000"},
        {"id": 3, "text": "Third article here.", "date": "yesterday-ish"},
        {"id": 4, "text": "Fourth article here.", "date": "2024-13-45"},
        {"id": 5, "text": "Fifth article here.", "date": None},
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(row) for row in rows))
    published = quiet_load(path).articles["published"]
    assert published.dtype == schema.DATE
    assert list(published[:2]) == [pd.Timestamp("2024-04-15")] * 2
    assert published[2:].isna().all()


# Folders and lists -------------------------------------------------------------------------


def test_folder_loads_recursively_in_a_stable_order_with_paths_as_given(tmp_path, monkeypatch):
    write(tmp_path, "corpus/b.txt", OTHER)
    write(tmp_path, "corpus/a/z.md", ARTICLE)
    write(tmp_path, "corpus/.hidden/x.txt", "Hidden article text.")
    monkeypatch.chdir(tmp_path)
    corpus = workbench.load("corpus/")
    assert list(corpus.articles["path"]) == ["corpus/a/z.md", "corpus/b.txt"]
    assert corpus.errors.empty


def test_list_of_paths_loads_each(tmp_path):
    paths = [write(tmp_path, "b.txt", OTHER), write(tmp_path, "a.txt", ARTICLE)]
    assert list(workbench.load(paths).articles["title"]) == ["B", "A"]


def test_load_text_takes_metadata():
    article = workbench.load_text(ARTICLE, title="Budget", date="2024-05-01", source="Wire", id="x1").articles.iloc[0]
    assert (article["article_id"], article["title"], article["published"]) == (
        "x1",
        "Budget",
        pd.Timestamp("2024-05-01"),
    )


# Bad input ---------------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param("empty.txt", b"", r"^empty file \(0 bytes\)", id="empty file"),
    pytest.param("blank.txt", b"  \n\t\r\n  ", r"^only white space \(8 bytes\), no article text$", id="whitespace"),
    pytest.param("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"^looks binary \(a PNG image\)", id="png"),
    pytest.param("data.md", b"abc\x00\x01\x02" * 50, r"^looks binary \(binary data \(it contains NUL", id="nul"),
    pytest.param("page.html", b"<<<>>><html<body </p></div>", r"^no article text found in the HTML page", id="html"),
    pytest.param(
        "export.csv",
        b"headline,summary\nBudget,The council met.\n",
        r"no text column: the columns found are \['headline', 'summary'\]; .* text_column='...'",
        id="csv without text column",
    ),
    pytest.param("broken.json", b'[{"text": "A"', r"^invalid JSON at line 1 column 14", id="broken json"),
    pytest.param("slides.key", b"PK\x03\x04", r"^unsupported file type '.key'", id="unsupported type"),
]


@pytest.mark.parametrize("name, content, message", BAD_INPUTS)
def test_bad_input_becomes_an_error_row_and_the_rest_loads(tmp_path, name, content, message):
    write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, name, content)
    with pytest.warns(UserWarning, match=r"1 input\(s\) could not be loaded"):
        corpus = workbench.load([tmp_path / "good.txt", bad])
    assert len(corpus.articles) == 1
    assert list(corpus.errors["path"]) == [str(bad)]
    assert corpus.errors["error"].str.contains(message).all(), corpus.errors.iloc[0]["error"]


@pytest.mark.parametrize("name, content, message", BAD_INPUTS)
def test_strict_mode_raises_on_bad_input(tmp_path, name, content, message):
    good = write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, name, content)
    with pytest.raises(LoadError, match=rf"Could not load {bad}: .*Pass strict=False"):
        workbench.load([good, bad], strict=True)


def test_jsonl_with_a_broken_line_loads_the_others_and_names_the_line(tmp_path):
    lines = [json.dumps({"text": ARTICLE}), '{"text": "Broken', "", json.dumps({"text": OTHER})]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines))
    corpus = quiet_load(path)
    assert len(corpus.articles) == 2
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(path),
            "error": "line 2: invalid JSON (Unterminated string starting at at column 10); the other lines loaded",
        }
    ]


def test_records_without_text_and_duplicates_are_reported(tmp_path):
    frame = pd.DataFrame(
        [
            {"id": "a", "text": ARTICLE},
            {"id": "b", "text": "   "},
            {"id": "c", "text": None},
            {"id": "a", "text": ARTICLE},
            {"id": "d", "text": "Share.\nAdvertisement"},
        ]
    )
    corpus = quiet_load(frame)
    assert list(corpus.articles["article_id"]) == ["a"]
    assert list(corpus.errors["error"]) == [
        "row 1: no article text (the text is empty or only page junk)",
        "row 2: no article text (the text is empty or only page junk)",
        "row 3: duplicate of article 'a' from <DataFrame> row 0; kept the first",
        "row 4: no article text (the text is empty or only page junk)",
    ]


def test_several_failures_warn_once(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", b"\n\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = workbench.load(tmp_path)
    assert len(caught) == 1 and "2 input(s) could not be loaded" in str(caught[0].message)
    assert list(corpus.errors["path"]) == [str(tmp_path / "blank.md"), str(tmp_path / "empty.txt")]


def test_a_path_that_does_not_exist_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match=r"No such file or folder: '.*nowhere.txt'. Check the path"):
        workbench.load(tmp_path / "nowhere.txt")


def test_a_missing_path_in_a_list_is_an_error_row(tmp_path):
    good = write(tmp_path, "good.txt", ARTICLE)
    corpus = quiet_load([good, tmp_path / "nowhere.txt"])
    assert corpus.errors.iloc[0]["error"].startswith("No such file or folder")


@pytest.mark.parametrize(
    "files, message",
    [
        ({}, r"No articles in the folder '.*': it is empty"),
        ({"slides.key": b"PK", "notes.pages": b"PK"}, r"it holds 1 \.pages, 1 \.key file\(s\)\. Supported files"),
        ({"empty.txt": b"", "blank.txt": b" "}, r"No articles found in .* \(2 input\(s\) failed; first: .*blank.txt"),
    ],
)
def test_a_folder_with_no_articles_is_a_load_error(tmp_path, files, message):
    for name, content in files.items():
        write(tmp_path, name, content)
    with pytest.raises(LoadError, match=message):
        workbench.load(tmp_path)


LONG_LINE = "The council met on Tuesday and agreed a budget of 4.5 million euros for the harbour. "


def test_a_single_line_file_of_the_largest_article_size_is_read_and_cleaned(tmp_path):
    path = write(tmp_path, "huge.txt", (LONG_LINE * (MAX_ARTICLE_SIZE // len(LONG_LINE) + 1))[:MAX_ARTICLE_SIZE])
    records, failures = inputs.read_records(path)
    articles, skipped = articles_from_records(records)
    assert failures == skipped == []
    assert len(articles) == 1 and len(articles.iloc[0]["text"]) == MAX_ARTICLE_SIZE


def test_articles_over_the_size_limit_are_error_rows_with_a_clear_message(tmp_path):
    """Hardening item 17: a one-article file or an article text over MAX_ARTICLE_SIZE is refused, not read whole."""
    too_long = LONG_LINE * (MAX_ARTICLE_SIZE // len(LONG_LINE) + 1)
    good = write(tmp_path, "good.txt", ARTICLE)
    huge = write(tmp_path, "huge.txt", too_long)
    feed = write(tmp_path, "feed.jsonl", json.dumps({"text": too_long}) + "\n" + json.dumps({"text": OTHER}))
    corpus = quiet_load([good, huge, feed])
    assert list(corpus.articles["text"]) == [ARTICLE, OTHER]
    advice = "for one article; split it into articles (one file each, or one per line of a .jsonl file)"
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(huge),
            "error": f"the file is {len(too_long):,} bytes, over the limit of {MAX_ARTICLE_SIZE:,} bytes {advice}",
        },
        {
            "path": str(feed),
            "error": f"line 1: the article text is {len(too_long):,} characters, "
            f"over the limit of {MAX_ARTICLE_SIZE:,} characters {advice}",
        },
    ]


def test_reloading_the_articles_table_keeps_ids_and_dates(sample_corpus):
    again = workbench.load(sample_corpus.articles)
    columns = ["article_id", "title", "published", "path", "text"]
    pd.testing.assert_frame_equal(again.articles[columns], sample_corpus.articles[columns])
    assert list(again.sentences["sentence_id"]) == list(sample_corpus.sentences["sentence_id"])


def test_nested_json_source_objects_give_their_name(tmp_path):
    payload = {"articles": [{"title": "Budget", "content": ARTICLE, "source": {"id": "w", "name": "Wire"}}]}
    assert workbench.load(write(tmp_path, "news.json", json.dumps(payload))).articles.iloc[0]["source"] == "Wire"


def test_docstring_examples_run():
    import doctest

    from workbench import articles, cleaning, ids, loading
    from workbench.readers import _dates

    for module in (loading, inputs, articles, cleaning, ids, _dates):
        assert doctest.testmod(module).failed == 0, module.__name__


# Hardening: inputs read wrongly, silently --------------------------------------------------


@pytest.mark.parametrize(
    "content, kept, line",
    [
        pytest.param(
            "id,text\n1,Iran warned Israel, officials said on Monday.\n2,France agreed.\n",
            {"2": "France agreed."},
            2,
            id="first row (pandas took the id as an index)",
        ),
        pytest.param(
            "id,text\n1,France agreed.\n2,Iran warned Israel, officials said.\n3,Talks resumed.\n",
            {"1": "France agreed.", "3": "Talks resumed."},
            3,
            id="a later row",
        ),
    ],
)
def test_csv_row_with_more_fields_than_the_header_is_an_error_row_naming_its_line(tmp_path, content, kept, line):
    """Hardening item 4: no index column is inferred; the long row is reported by its line, the others load."""
    path = write(tmp_path, "export.csv", content)
    corpus = quiet_load(path)
    assert dict(zip(corpus.articles["article_id"], corpus.articles["text"], strict=True)) == kept
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(path),
            "error": f"line {line}: 3 fields where the header has 2; "
            "put quotes around values that hold the delimiter ','",
        }
    ]


def test_csv_records_that_span_lines_are_named_by_their_first_line(tmp_path):
    """Hardening item 4: a quoted record over several lines does not shift the line numbers after it."""
    path = write(tmp_path, "export.csv", f'id,text\n1,"{ARTICLE}\n\n{OTHER}"\n2,a,b\n')
    corpus = quiet_load(path)
    assert list(corpus.articles["article_id"]) == ["1"]
    assert corpus.errors.iloc[0]["error"].startswith("line 5: 3 fields")


def test_an_unreadable_date_is_an_error_row_and_the_article_loads(tmp_path):
    """Hardening item 5: '2024-13-45' is reported in corpus.errors, the article loads without a date."""
    rows = [{"text": ARTICLE, "date": "2024-05-01"}, {"text": OTHER, "date": "2024-13-45"}]
    path = write(tmp_path, "feed.jsonl", "\n".join(json.dumps(row) for row in rows))
    corpus = quiet_load(path)
    assert list(corpus.articles["text"]) == [ARTICLE, OTHER]
    assert corpus.articles.iloc[0]["published"] == pd.Timestamp("2024-05-01")
    assert pd.isna(corpus.articles.iloc[1]["published"])
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(path),
            "error": "line 2: the date '2024-13-45' could not be read, so published is left empty; "
            "write dates as YYYY-MM-DD",
        }
    ]


AMBIGUOUS = pd.DataFrame([{"text": ARTICLE, "date": "03/04/2024"}, {"text": OTHER, "date": "11/04/2024"}])
"""Numeric dates that read either way: nothing in the frame settles day first or month first."""


@pytest.mark.parametrize(
    "dayfirst, expected",
    [(True, ["2024-04-03", "2024-04-11"]), (False, ["2024-03-04", "2024-11-04"])],
)
def test_ambiguous_dates_follow_dayfirst_without_a_warning(dayfirst, expected):
    """Hardening item 5: '03/04/2024' is 3 April with dayfirst=True and 4 March with dayfirst=False."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = workbench.load(AMBIGUOUS, dayfirst=dayfirst)
    assert list(corpus.articles["published"]) == [pd.Timestamp(day) for day in expected]


def test_ambiguous_dates_without_dayfirst_warn_once():
    """Hardening item 5: a corpus with ambiguous dates and no dayfirst= gets one named warning."""
    frame = pd.concat([AMBIGUOUS, pd.DataFrame([{"text": "Third article here.", "date": "2024-06-05"}])])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = workbench.load(frame)
    assert [type(warning.message) for warning in caught] == [AmbiguousDateWarning]
    assert "2 dates such as '03/04/2024' could be day/month or month/day" in str(caught[0].message)
    assert "dayfirst=True" in str(caught[0].message)
    assert corpus.articles.iloc[0]["published"] == pd.Timestamp("2024-03-04")


@pytest.mark.parametrize("dayfirst", [None, True, False])
@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-04", "2024-03-04"),
        ("2024-03-04T10:00:00+02:00", "2024-03-04 08:00"),
        ("2024-03-04 10:00", "2024-03-04 10:00"),
        ("20240304", "2024-03-04"),
    ],
)
def test_iso_dates_are_never_ambiguous(dayfirst, value, expected):
    """Hardening item 5: ISO 8601 dates are read year, month, day whatever dayfirst says, and never warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = workbench.load(pd.DataFrame([{"text": ARTICLE, "date": value}]), dayfirst=dayfirst)
    assert corpus.articles.iloc[0]["published"] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "value, message",
    [
        (123, r"^row 1: the text is a number \(int\), not text; "),
        (True, r"^row 1: the text is a bool, not text; "),
        (4.5, r"^row 1: the text is a number \(float\), not text; "),
        (pd.Timestamp("2024-05-01"), r"^row 1: the text is a Timestamp, not text; "),
        (b"%PDF-1.7 \x00\x01", r"^row 1: the text bytes could not be decoded: looks binary \(a PDF document\)"),
    ],
)
def test_dataframe_text_that_is_not_a_string_is_an_error_row(value, message):
    """Hardening item 6: a number, flag or time stamp in the text column is reported, not stored as its repr."""
    corpus = quiet_load(pd.DataFrame({"text": [ARTICLE, value]}, dtype=object))
    assert list(corpus.articles["text"]) == [ARTICLE]
    assert list(corpus.errors["path"]) == ["<DataFrame>"]
    assert corpus.errors["error"].str.contains(message).all(), corpus.errors.iloc[0]["error"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_dataframe_text_given_as_bytes_is_decoded_like_a_file(encoding):
    """Hardening item 6: bytes in the text column go through the same encoding detection as files."""
    corpus = workbench.load(pd.DataFrame({"text": [LATIN.encode(encoding)]}))
    assert corpus.articles.iloc[0]["text"] == LATIN


def test_a_dataframe_with_two_text_columns_is_a_clear_load_error():
    """Hardening item 6: two columns named 'text' raise a LoadError that says how to fix the frame."""
    frame = pd.DataFrame([[ARTICLE, OTHER]], columns=["text", "text"])
    with pytest.raises(LoadError, match=r"2 columns named 'text'; rename or drop one"):
        workbench.load(frame)


@pytest.mark.parametrize("field", ["text", "title"])
def test_a_lone_surrogate_is_an_error_row_for_its_row_only(field):
    """Hardening item 6: one row with a lone surrogate (not valid Unicode) is reported; the rest loads."""
    rows = [{"text": ARTICLE, "title": "Budget"}, {"text": OTHER, "title": "Strike"}]
    rows[1][field] += " \ud800"
    corpus = quiet_load(pd.DataFrame(rows, dtype=object))
    assert list(corpus.articles["text"]) == [ARTICLE]
    assert corpus.errors.to_dict("records") == [
        {
            "path": "<DataFrame>",
            "error": f"row 1: the {field} holds a lone surrogate (U+D800), which is not valid Unicode; "
            "decode the source with errors='replace' or drop the character",
        }
    ]


def test_a_file_name_that_is_not_utf_8_loads_with_a_replacement_character(tmp_path):
    """Hardening item 6: a file name's undecodable byte (a lone surrogate in Python) never breaks the load."""
    import os

    folder = os.fsencode(tmp_path)
    with open(folder + b"/caf\xe9.txt", "wb") as file:
        file.write(ARTICLE.encode())
    with open(folder + b"/scan\xe9.pdf", "wb") as file:
        file.write(b"%PDF-1.7")
    corpus = quiet_load(tmp_path)
    assert list(corpus.articles["title"]) == ["Caf\ufffd"]
    assert list(corpus.articles["path"]) == [f"{tmp_path}/caf\ufffd.txt"]
    assert list(corpus.errors["path"]) == [f"{tmp_path}/scan\ufffd.pdf"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf_16_without_a_byte_order_mark_is_detected(tmp_path, codec):
    """Hardening item 7: UTF-16 without a BOM is read as text, not rejected as binary."""
    for name, text in [("a.txt", SAMPLE), ("b.txt", LATIN)]:
        write(tmp_path, name, text.encode(codec))
    assert list(workbench.load(tmp_path).articles["text"]) == [SAMPLE, LATIN]


def test_a_csv_with_one_nul_byte_reports_that_row_and_loads_the_rest(tmp_path):
    """Hardening item 7: one NUL byte makes its record an error row, not the whole file."""
    path = write(tmp_path, "export.csv", f"id,text\n1,{ARTICLE}\n2,Damaged \x00 record.\n3,{OTHER}\n".encode())
    corpus = quiet_load(path)
    assert list(corpus.articles["article_id"]) == ["1", "3"]
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(path),
            "error": "line 3: a NUL byte (the file is damaged here); re-export the record or remove the byte",
        }
    ]


def test_zero_width_joiners_stay_and_offsets_stay_exact():
    """Hardening item 7: ZWJ in emoji sequences and ZWNJ in Persian words are kept, offsets index them."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    corpus = workbench.load_text(f"The family {family} arrived. He wrote {persian} on Monday. Talks resumed.")
    text = corpus.articles.iloc[0]["text"]
    assert family in text and persian in text
    assert all(text[row.start : row.end] == row.text for row in corpus.sentences.itertuples())
    assert persian in corpus.sentences.iloc[1]["text"]


def test_unsupported_files_in_a_folder_are_error_rows_with_the_reason(tmp_path):
    """Hardening item 8: .key, .pages and .png files next to articles are listed in corpus.errors, not skipped."""
    write(tmp_path, "good.txt", ARTICLE)
    for name, content in [("slides.key", b"PK\x03\x04"), ("notes.pages", b"PK\x03\x04"), ("photo.png", b"\x89PNG")]:
        write(tmp_path, name, content)
    corpus = quiet_load(tmp_path)
    assert list(corpus.articles["text"]) == [ARTICLE]
    assert list(corpus.errors["path"]) == [str(tmp_path / name) for name in ("notes.pages", "photo.png", "slides.key")]
    for suffix, error in zip([".pages", ".png", ".key"], corpus.errors["error"], strict=True):
        assert error.startswith(f"unsupported file type {suffix!r}; supported: ["), error


@pytest.fixture
def alarm():
    """Fail a test that blocks for 10 s instead of letting it hang (the code under test must not open a FIFO)."""
    import signal

    def timeout(signum, frame):
        raise TimeoutError("the load blocked: it opened a file that is not a regular file")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_in_a_folder_is_an_error_row_and_never_read(tmp_path, alarm):
    """Hardening item 8: a named pipe is reported, not opened (opening it would wait for a writer forever)."""
    import os

    write(tmp_path, "good.txt", ARTICLE)
    os.mkfifo(tmp_path / "pipe.txt")
    corpus = quiet_load(tmp_path)
    assert list(corpus.articles["text"]) == [ARTICLE]
    assert corpus.errors.to_dict("records") == [
        {
            "path": str(tmp_path / "pipe.txt"),
            "error": "not a regular file (a named pipe); only regular files are read",
        }
    ]


def test_devices_and_sockets_given_as_paths_are_error_rows(tmp_path, alarm):
    """Hardening item 8: /dev/zero would read forever and a socket cannot be read; both are error rows."""
    import socket

    good = write(tmp_path, "good.txt", ARTICLE)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.txt"))
        corpus = quiet_load([good, "/dev/zero", tmp_path / "s.txt"])
    assert list(corpus.articles["text"]) == [ARTICLE]
    assert list(corpus.errors["error"]) == [
        "not a regular file (a character device); only regular files are read",
        "not a regular file (a socket); only regular files are read",
    ]


def test_two_files_numbering_their_articles_alike_keep_every_article_with_stable_ids(tmp_path):
    """Hardening item 9: ids that collide with different text are kept apart by their source and a warning."""
    write(tmp_path, "wire.csv", f'id,text\n1,"{ARTICLE}"\n2,"{OTHER}"\n')
    write(tmp_path, "daily.csv", f'id,text\n1,"{OTHER}"\n2,Third article here.\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = workbench.load(tmp_path)
    assert list(corpus.articles["article_id"]) == ["1", "2", "1@wire.csv", "2@wire.csv"]
    assert list(corpus.articles["text"]) == [OTHER, "Third article here.", ARTICLE, OTHER]
    assert corpus.errors.empty
    assert [type(warning.message) for warning in caught] == [DuplicateIdWarning]
    assert "2 articles" in str(caught[0].message) and "'1@wire.csv'" in str(caught[0].message)
    again = quiet_load(tmp_path)
    assert list(again.sentences["sentence_id"]) == list(corpus.sentences["sentence_id"])


def test_ids_that_collide_inside_one_input_are_told_apart_by_their_text():
    """Hardening item 9: two rows of one frame with the same id and different text both load."""
    frame = pd.DataFrame([{"id": "a", "text": ARTICLE}, {"id": "a", "text": OTHER}, {"id": "a", "text": ARTICLE}])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = workbench.load(frame)
    renamed = [str(warning.message) for warning in caught if warning.category is DuplicateIdWarning]
    assert len(renamed) == 1 and renamed[0].startswith("1 article had an id")
    first, second = corpus.articles["article_id"]
    assert first == "a" and second.startswith("a@")
    assert list(corpus.errors["error"]) == ["row 2: duplicate of article 'a' from <DataFrame> row 0; kept the first"]


def test_the_author_is_read_from_a_byline_column(tmp_path):
    path = write(tmp_path, "wire.csv", b"headline,byline,body\nTalks,Ana Ruiz,Both sides met on Monday.\n")
    corpus = workbench.load(path)
    assert list(corpus.articles["author"]) == ["Ana Ruiz"]


def test_author_column_names_the_field(tmp_path):
    path = write(tmp_path, "wire.csv", b"headline,reporter,body\nTalks,Ana Ruiz,Both sides met on Monday.\n")
    assert list(workbench.load(path, author_column="reporter").articles["author"]) == ["Ana Ruiz"]


def test_split_cuts_a_multi_article_file_at_the_separator(tmp_path):
    text = "Port strike ends\nDockers voted to return on Monday.\n=====\nRail fares rise\nFares go up in May.\n=====\n"
    corpus = workbench.load(write(tmp_path, "digest.txt", text), split=r"^=+$")
    assert list(corpus.articles["title"]) == ["Port strike ends", "Rail fares rise"]
    assert list(corpus.articles["text"]) == [
        "Port strike ends\nDockers voted to return on Monday.",
        "Rail fares rise\nFares go up in May.",
    ]


def test_split_leaves_a_file_without_the_separator_whole(tmp_path):
    corpus = workbench.load(write(tmp_path, "one.txt", ARTICLE), split=r"^=+$")
    assert list(corpus.articles["text"]) == [ARTICLE]


def test_split_that_is_not_a_regular_expression_says_so(tmp_path):
    with pytest.raises(LoadError, match=r"split='\[' is not a regular expression"):
        workbench.load(write(tmp_path, "one.txt", ARTICLE), split="[")


def test_a_separator_that_matches_empty_lines_cuts_at_them(tmp_path):
    """RE2 steps past an empty match: a pattern for blank lines cuts paragraphs apart and the load ends."""
    text = "Port strike ends\nDockers voted.\n\nRail fares rise\nFares go up.\n\n\n"
    corpus = workbench.load(write(tmp_path, "digest.txt", text), split=r"^\s*$")
    assert list(corpus.articles["title"]) == ["Port strike ends", "Rail fares rise"]


def test_links_that_stay_in_the_folder_and_a_link_given_by_path_are_read(tmp_path):
    """Only a link out of a folder being walked is refused: the analyst chose a path given directly."""
    outside = write(tmp_path, "elsewhere.txt", "Fares go up in May, the rail company said.")
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.txt", ARTICLE)
    (folder / "sub").mkdir()
    (folder / "sub" / "same.txt").symlink_to(folder / "a.txt")
    (folder / "out.txt").symlink_to(outside)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        corpus = workbench.load(folder)
    reasons = corpus.errors.set_index("path")["error"]
    assert reasons[str(folder / "sub" / "same.txt")].startswith("duplicate of article")
    assert "outside the folder being loaded" in reasons[str(folder / "out.txt")]
    assert list(workbench.load(folder / "out.txt").articles["path"]) == [str(folder / "out.txt")]
