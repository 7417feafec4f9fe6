"""The query language: one table of queries answered alike by find, kwic, the grid's filter and the card's search."""

from __future__ import annotations

import doctest
import inspect
import pathlib
import re

import pandas as pd
import pytest

import workbench
from workbench import analysis, query, selection
from workbench.errors import FilterError, QueryError
from workbench.ondisk._open import OnDiskCorpus
from workbench.widgets import _card, _sheet

SENTENCES = [
    "President Biden met the Iranian envoy in Geneva.",
    "Israel and Iran traded threats after the strike.",
    "Iran warned Israel that sanctions would not stop it.",
    "The sanctioned banks in Tehran closed early.",
    "Biden said the president of Iraq would visit.",
    "Iraq and Syria signed a water agreement.",
    "The U.S. Treasury added new sanctions on Monday.",
    "Fighters from al-Qaeda left the town.",
    "No one mentioned the nuclear deal or the talks.",
    "The ÉTAT report was published in Zürich.",
]
"""Two articles of five sentences each; queries below name the sentences they find by index."""


@pytest.fixture(scope="module")
def corpus() -> workbench.Corpus:
    articles = pd.DataFrame(
        {
            "article_id": ["first", "second"],
            "title": ["Threats", "Visits"],
            "text": [" ".join(SENTENCES[:5]), " ".join(SENTENCES[5:])],
        }
    )
    loaded = workbench.load(articles)
    assert loaded.sentences["text"].tolist() == SENTENCES
    return loaded


@pytest.fixture(scope="module")
def views(corpus, tmp_path_factory):
    store = workbench.TagStore(tmp_path_factory.mktemp("query") / "tags.sqlite", coder="ana")
    grid, card = workbench.sheet(corpus, store=store), workbench.tagger(corpus, store=store)
    yield grid, card
    grid.close()
    card.close()
    store.close()


def _walk(card) -> list[str]:
    """Return the ids of the sentences the card walks through, as the analyst would see them one by one."""
    return [card.go_to(number) or card.sentence_id for number in range(1, card.count + 1)]


QUERIES = [
    ("Iran", [1, 2]),
    ("iran", [1, 2]),
    ("IRAN", [1, 2]),
    ("Iran*", [0, 1, 2]),
    ("Ira*", [0, 1, 2, 4, 5]),
    ("Israel Iran", [1, 2]),
    ("Iran Israel", [1, 2]),
    ('"Israel and Iran"', [1]),
    ('"Iran and Israel"', []),
    ('"President Biden"', [0]),
    ('"president biden"', [0]),
    ("President Biden", [0, 4]),
    ('Biden -"President Biden"', [4]),
    ("sanction*", [2, 3, 6]),
    ("sanctions", [2, 6]),
    ('"sanction* on"', [6]),
    ("sanction* -Iran", [3, 6]),
    ("Iran OR Iraq", [1, 2, 4, 5]),
    ("Israel Iran OR Iraq", [1, 2]),
    ("Iraq -Syria", [4]),
    ("Iran -Israel", []),
    ("(Iran OR Iraq) -Israel", [4, 5]),
    ("-Israel (Iran OR Iraq)", [4, 5]),
    ("Tehran OR Geneva OR Zürich", [0, 3, 9]),
    ('"Iran warned" OR "Israel and"', [1, 2]),
    ('"nuclear deal" OR talks', [8]),
    ("or", [8]),
    ("the not", []),
    ("Iraq and", [5]),
    ("U.S.", [6]),
    ("al-Qaeda", [7]),
    ("Qaeda", [7]),
    ("état", [9]),
    ("zürich", [9]),
    ("Syria Iraq water", [5]),
    ("ceasefire", []),
]


@pytest.mark.parametrize("text, expected", QUERIES, ids=[text for text, _ in QUERIES])
def test_find_kwic_grid_and_card_agree_on_every_query(corpus, views, text, expected):
    grid, card = views
    wanted = corpus.sentences["sentence_id"].iloc[expected].tolist()
    found = corpus.find(search=text)["sentence_id"].tolist()
    in_context = corpus.kwic(text)
    grid.filter("text", text)
    card.set_filter(search=text)
    carded = _walk(card)
    assert found == wanted
    assert list(dict.fromkeys(in_context["sentence_id"])) == wanted  # kwic covers find's sentences, in order
    assert grid.shown().index.tolist() == wanted and grid.filter_errors == {}
    assert carded == wanted and card.search_error == ""


@pytest.mark.parametrize(
    "text, matches",
    [
        ("Israel Iran", ["Israel", "Iran", "Iran", "Israel"]),
        ('"President Biden"', ["President Biden"]),
        ("President Biden", ["President", "Biden", "Biden", "president"]),
        ("sanction* -Iran", ["sanctioned", "sanctions"]),
        ('Iran OR "Iran warned"', ["Iran", "Iran", "Iran warned"]),  # overlapping occurrences of two terms
    ],
)
def test_kwic_shows_one_row_per_occurrence_of_each_term_looked_for(corpus, text, matches):
    assert corpus.kwic(text)["match"].tolist() == matches


def test_kwic_counts_occurrences_where_find_counts_sentences(sample_corpus):
    sentences = sample_corpus.find(search="Israel")
    rows = sample_corpus.kwic("Israel")
    assert set(rows["sentence_id"]) == set(sentences["sentence_id"])
    per_sentence = rows.groupby("sentence_id").size()
    assert len(rows) == per_sentence.sum() and (per_sentence >= 1).all() and len(per_sentence) == len(sentences)


def test_a_quoted_phrase_and_words_in_any_order_find_the_sample_sentences(sample_corpus):
    phrase = sample_corpus.find(search='"President Biden"')
    assert len(phrase) == sample_corpus.sentences["text"].str.contains("President Biden").sum() > 0
    both = sample_corpus.find(search="Israel Iran")["text"]
    assert len(both) > 0 and both.str.contains(r"\bIsrael\b").all() and both.str.contains(r"\bIran\b").all()


@pytest.mark.parametrize(
    "text, expected",
    [(r"\bIra[nq]\b", [1, 2, 4, 5]), (r"(?-i)ÉTAT", [9]), (r"\d", [])],
)
def test_regex_reads_the_query_as_one_re2_pattern_in_find_and_kwic(corpus, text, expected):
    wanted = corpus.sentences["sentence_id"].iloc[expected].tolist()
    assert corpus.find(search=text, regex=True)["sentence_id"].tolist() == wanted
    assert list(dict.fromkeys(corpus.kwic(text, regex=True)["sentence_id"])) == wanted


def test_a_query_that_only_leaves_words_out_filters_but_has_nothing_to_show_in_context(corpus, views):
    grid, card = views
    wanted = corpus.sentences["sentence_id"].drop(index=[1, 2]).tolist()
    grid.filter("text", "-Israel")
    card.set_filter(search="-Israel")
    assert corpus.find(search="-Israel")["sentence_id"].tolist() == wanted
    assert grid.shown().index.tolist() == wanted
    assert _walk(card) == wanted
    with pytest.raises(QueryError, match="add a word to find"):
        corpus.kwic("-Israel")


@pytest.mark.parametrize(
    "text, message",
    [
        ('"President Biden', "quote at character 1 is never closed"),
        ('Iran "', "quote at character 6 is never closed"),
        ("OR", "OR at character 1 needs"),
        ("Iran OR", "OR at character 6 needs"),
        ("OR Iran", "OR at character 1 needs"),
        ("Iran OR OR Iraq", "OR at character 9 needs"),
        ("Iran -", "- at character 6 leaves nothing out"),
        ("Iran - Iraq", "- at character 6 leaves nothing out"),
        ("(Iran OR Iraq", "( at character 1 is never closed"),
        ("Iran)", "closes no bracket"),
        ("()", "hold nothing"),
        ('""', "phrase at character 1 is empty"),
        ("*", "only a wildcard"),
        ("Iran AND Israel", "AND at character 6: words side by side must all occur already"),
        ("Iran NOT Iraq", "NOT at character 6: leave a word out with a -"),
        ("   ", "The search is empty"),
    ],
)
def test_a_query_that_cannot_be_read_is_a_query_error_everywhere(corpus, views, text, message):
    grid, card = views
    with pytest.raises(QueryError, match=re.escape(message)):
        query.parse(text)
    with pytest.raises(QueryError, match=re.escape(message)):
        corpus.kwic(text)
    if text.strip():  # a blank search box means no filter
        with pytest.raises(QueryError, match=re.escape(message)):
            corpus.find(search=text)
        with pytest.raises(QueryError, match=re.escape(message)):
            grid.filter("text", text)
        with pytest.raises(QueryError, match=re.escape(message)):
            card.set_filter(search=text)
        assert grid.row_count == card.count == 0


@pytest.mark.parametrize("pattern, message", [(r"(?<=a)b", "RE2 syntax"), (r"x*", "matches empty text"), ("", "empty")])
def test_a_regex_that_cannot_run_is_a_query_error(corpus, pattern, message):
    with pytest.raises(QueryError, match=message):
        corpus.kwic(pattern, regex=True)
    if pattern:  # an empty search means no filter in find
        with pytest.raises(QueryError, match=message):
            corpus.find(search=pattern, regex=True)


def test_query_errors_are_filter_errors_for_callers_that_catch_those():
    assert issubclass(QueryError, FilterError)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "documented",
    [
        workbench.Corpus.find,
        workbench.Corpus.kwic,
        analysis.kwic,
        analysis,
        selection.Filters,
        _sheet.Sheet.filter,
        _card.Tagger.set_filter,
        OnDiskCorpus.find,
    ],
    ids=lambda thing: thing.__qualname__ if hasattr(thing, "__qualname__") else thing.__name__,
)
def test_every_docstring_that_takes_a_query_states_the_language_in_the_same_words(documented):
    assert _flat(query.SUMMARY) in _flat(inspect.getdoc(documented) or "")


def test_the_readme_states_the_language_in_the_same_words():
    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert _flat(query.SUMMARY) in _flat(readme)


def test_the_module_examples_run():
    result = doctest.testmod(query)
    assert result.failed == 0 and result.attempted > 0
