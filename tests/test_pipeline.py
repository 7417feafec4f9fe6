"""The pipeline is a pure function of its batch: workers and batch sizes never change the tables."""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest

import workbench
from workbench import pipeline

EVAL = pathlib.Path(__file__).resolve().parent / "data" / "eval"


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return workbench.load(sorted(EVAL.glob("*.txt"))).articles


def test_batches_of_any_size_give_the_same_tables(articles):
    whole = pipeline.extract_all(articles, batch_size=len(articles)).tables
    small = pipeline.extract_all(articles, batch_size=3).tables
    for name in pipeline.Tables._fields:
        pd.testing.assert_frame_equal(getattr(small, name), getattr(whole, name), check_like=False)


def test_two_worker_processes_give_the_same_tables_as_one(articles):
    one = pipeline.extract_all(articles, batch_size=4).tables
    two = pipeline.extract_all(articles, batch_size=4, workers=2).tables
    for name in pipeline.Tables._fields:
        pd.testing.assert_frame_equal(getattr(two, name), getattr(one, name))


def test_load_with_workers_keeps_ids_and_counts():
    paths = sorted(EVAL.glob("*.txt"))
    pd.testing.assert_frame_equal(workbench.load(paths, workers=2).sentences, workbench.load(paths).sentences)


def test_a_batch_without_articles_or_words_gives_empty_tables(articles):
    # a partition whose inputs all failed to read hands the pipeline no articles; an empty file gives no words
    for batch in (articles.iloc[:0], pd.DataFrame({"article_id": ["empty"], "text": [""]})):
        tables = pipeline.extract(batch)
        assert len(tables.sentences) == len(tables.mentions) == len(tables.claims) == 0
        assert list(tables.mentions.columns) == list(pipeline.extract(articles.head(1)).mentions.columns)


def test_an_article_whose_extraction_raises_costs_only_itself(monkeypatch):
    from workbench.actors import mentions

    read = mentions.article_mentions

    def failing(text, *args, **kwargs):
        if "Kestrel" in text:
            raise ValueError("a reading went wrong")
        return read(text, *args, **kwargs)

    monkeypatch.setattr(mentions, "article_mentions", failing)
    texts = ["Ann Ray said the talks failed.", "The Kestrel project stalled, Tom Berg said.", "Oslo is calm."]
    frame = pd.DataFrame({"article_id": ["a", "b", "c"], "text": texts})
    with pytest.warns(UserWarning, match="1 article"):
        corpus = workbench.load(frame)
    assert set(corpus.articles["article_id"]) == {"a", "c"}
    assert "Ann Ray" in set(corpus.mentions["actor"])
    (error,) = corpus.errors["error"]
    assert error.startswith("article b not built (ValueError: a reading went wrong)")
