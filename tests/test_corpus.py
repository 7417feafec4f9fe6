import pandas as pd
import pytest

import workbench
from workbench import schema
from workbench.errors import FilterError, SchemaError


def test_sample_corpus_has_one_article_six_paragraphs_and_21_sentences(sample_corpus):
    assert len(sample_corpus.articles) == 1
    article = sample_corpus.articles.iloc[0]
    assert article["n_paragraphs"] == 6
    assert article["n_sentences"] == 21 == len(sample_corpus.sentences)


def test_sample_corpus_has_no_page_junk(sample_corpus):
    texts = set(sample_corpus.sentences["text"])
    assert not texts & {"Share.", "Exit mobile version"}
    assert "Exit mobile version" not in sample_corpus.articles.iloc[0]["text"]


def test_sentence_offsets_are_exact(sample_corpus):
    text = sample_corpus.articles.iloc[0]["text"]
    for row in sample_corpus.sentences.itertuples():
        assert text[row.start : row.end] == row.text


def test_every_table_has_its_contract_columns_and_dtypes(sample_corpus):
    for table, columns in schema.TABLES.items():
        frame = getattr(sample_corpus, table)
        assert list(frame.columns[: len(columns)]) == list(columns), table
        for name, dtype in columns.items():
            assert str(frame[name].dtype) == str(pd.Series(dtype=dtype).dtype), (table, name)


def test_ids_do_not_depend_on_where_the_file_lies(tmp_path, sample_corpus):
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text(sample_corpus.articles.iloc[0]["text"], encoding="utf-8")
    again = workbench.load(copy)
    assert list(again.sentences["sentence_id"]) == list(sample_corpus.sentences["sentence_id"])
    assert again.articles.iloc[0]["article_id"] == sample_corpus.articles.iloc[0]["article_id"]


def test_repr_and_summary_count_the_tables(sample_corpus):
    assert "1 article(s), 21 sentences" in repr(sample_corpus)
    summary = sample_corpus.summary()
    assert summary["sentences"] == 21 and summary["paragraphs"] == 6


def test_validate_names_missing_columns():
    with pytest.raises(SchemaError, match=r"sentences table lacks the columns \['start', 'end'"):
        schema.validate(
            pd.DataFrame(columns=["sentence_id", "article_id", "paragraph", "position", "text"]), "sentences"
        )


def test_find_keeps_the_sentences_that_mention_an_actor(sample_corpus):
    found = sample_corpus.find(actor="Hezbollah")
    assert list(found["position"]) == [2]
    assert "Hezbollah" in found.loc[0, "actors"]


def test_find_combines_filters(sample_corpus):
    found = sample_corpus.find(search="iran", claims_only=True)
    assert len(found) > 0
    assert found["text"].str.contains("iran", case=False).all()
    assert found["has_claim"].all()


def test_find_names_the_choices_for_an_unknown_actor(sample_corpus):
    with pytest.raises(FilterError, match=r"Unknown actor 'Atlantis'.*pick one of"):
        sample_corpus.find(actor="Atlantis")
