import json
import pathlib
import warnings

import pandas as pd
import pytest

import workbench
from workbench import loading, schema
from workbench.errors import LoadError

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
    published = workbench.load(path).articles["published"]
    assert published.dtype == schema.DATE
    assert list(published[:2]) == [pd.Timestamp("2024-04-15")] * 2
    assert published[2:].isna().all()


# Folders and lists -------------------------------------------------------------------------


def test_folder_loads_recursively_in_a_stable_order_with_paths_as_given(tmp_path, monkeypatch):
    write(tmp_path, "corpus/b.txt", OTHER)
    write(tmp_path, "corpus/a/z.md", ARTICLE)
    write(tmp_path, "corpus/.hidden/x.txt", "Hidden article text.")
    write(tmp_path, "corpus/notes.docx", b"PK\x03\x04")
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
    pytest.param("scan.pdf", b"%PDF-1.7", r"^unsupported file type '.pdf'", id="unsupported type"),
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
            {"id": "a", "text": OTHER},
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
        ({"scan.pdf": b"%PDF", "notes.docx": b"PK"}, r"it holds 1 \.docx, 1 \.pdf file\(s\)\. Supported files"),
        ({"empty.txt": b"", "blank.txt": b" "}, r"No articles found in .* \(2 input\(s\) failed; first: .*blank.txt"),
    ],
)
def test_a_folder_with_no_articles_is_a_load_error(tmp_path, files, message):
    for name, content in files.items():
        write(tmp_path, name, content)
    with pytest.raises(LoadError, match=message):
        workbench.load(tmp_path)


def test_a_50_mb_single_line_file_is_read_and_cleaned(tmp_path):
    sentence = "The council met on Tuesday and agreed a budget of 4.5 million euros for the harbour. "
    path = write(tmp_path, "huge.txt", (sentence * (50_000_000 // len(sentence) + 1))[:50_000_000])
    records, failures = loading.read_records(path)
    articles, skipped = loading.articles_from_records(records)
    assert failures == skipped == []
    assert len(articles) == 1 and len(articles.iloc[0]["text"]) == 50_000_000


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

    from workbench import cleaning

    for module in (loading, cleaning):
        assert doctest.testmod(module).failed == 0, module.__name__
