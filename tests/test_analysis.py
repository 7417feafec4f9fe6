"""Keyword in context, near-duplicate groups, attention over time and outlets compared, on known answers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench import analysis, duplicates, query, samples, summaries
from workbench.errors import FilterError


def sentences_table(articles: dict[str, list[str]]) -> pd.DataFrame:
    """A sentences table from article id -> sentences, offsets as if sentences were joined by one space."""
    rows = []
    for article_id, texts in articles.items():
        start = 0
        for position, text in enumerate(texts):
            rows.append((f"{article_id}-{position}", article_id, 0, position, text, start, start + len(text), False))
            start += len(text) + 1
    columns = ["sentence_id", "article_id", "paragraph", "position", "text", "start", "end", "hedged"]
    return workbench.schema.from_rows(rows, columns, "sentences")


WORDS = sentences_table(
    {
        "a": [
            "Sanctions on Iran were tightened.",
            "Iran's envoy called the sanctioned banks innocent; desanctioned firms agreed.",
            "The Iranian side said nothing about the nuclear   deal.",
        ],
        "b": [
            "In Zürich, ÉTAT and état met Москва officials.",
            "Pakistan and Kazakhstan joined; 4.6 percent of 12 percent.",
        ],
    }
)


@pytest.mark.parametrize(
    "pattern, options, matches",
    [
        ("sanction*", {}, ["Sanctions", "sanctioned"]),
        ("Iran", {}, ["Iran", "Iran"]),
        ("iran", {"case": True}, []),
        ("Iran*", {"case": True}, ["Iran", "Iran", "Iranian"]),
        ('"nuclear deal"', {}, ["nuclear   deal"]),
        ("deal nuclear", {}, ["nuclear", "deal"]),
        ("zürich", {}, ["Zürich"]),
        ("état", {}, ["ÉTAT", "état"]),
        ("москва", {}, ["Москва"]),
        ("*stan", {}, ["Pakistan", "Kazakhstan"]),
        (r"\d+(\.\d+)? percent", {"regex": True}, ["4.6 percent", "12 percent"]),
        (r"(?-i)ÉTAT|Iran\b", {"regex": True}, ["Iran", "Iran", "ÉTAT"]),
    ],
)
def test_kwic_finds_whole_words_wildcards_phrases_and_regexes(pattern, options, matches):
    assert analysis.kwic(WORDS, pattern, **options)["match"].tolist() == matches


def test_kwic_context_runs_over_sentences_and_stops_at_article_edges():
    rows = analysis.kwic(WORDS, "sanctions", window=200)
    assert rows[["article_id", "left", "match"]].values.tolist() == [["a", "", "Sanctions"]]
    assert rows.loc[0, "right"].startswith("on Iran were tightened. Iran's envoy")
    assert rows.loc[0, "right"].endswith("nuclear   deal.")  # the end of article a, nothing of article b
    last = analysis.kwic(WORDS, "Москва", window=200).iloc[0]
    assert last["left"] == "In Zürich, ÉTAT and état met"
    assert last["right"] == "officials. Pakistan and Kazakhstan joined; 4.6 percent of 12 percent."
    edge = analysis.kwic(WORDS, "percent", window=200).iloc[-1]
    assert edge["right"] == "."


def test_kwic_window_drops_a_word_it_cuts_in_two():
    row = analysis.kwic(WORDS, "called", window=10).iloc[0]
    assert (row["left"], row["right"]) == ("envoy", "the")  # "Iran's envoy " and " the sanctio" were cut


def test_kwic_offsets_point_into_the_article_text():
    corpus = workbench.load_text(
        "Talks on sanctions stalled.\n\nNew sanctions on Iran came on Monday. Sanctions bite.", title="Talks"
    )
    rows = corpus.kwic("sanction*")
    text = corpus.articles.loc[0, "text"]
    assert [text[start:end] for start, end in zip(rows["start"], rows["end"], strict=True)] == rows["match"].tolist()
    assert len(rows) == 3
    assert rows["title"].tolist() == ["Talks"] * 3


def test_contains_agrees_with_kwic():
    found = query.contains(WORDS["text"], "iran")
    assert found.tolist() == [True, True, False, False, False]


@pytest.mark.parametrize(
    "pattern, options, message",
    [
        ("", {}, "empty"),
        ("   ", {}, "empty"),
        (r"(?<=a)b", {"regex": True}, "RE2"),
        ("iran", {"window": -1}, "window"),
    ],
)
def test_kwic_rejects_bad_patterns_with_a_fix(pattern, options, message):
    with pytest.raises(FilterError, match=message):
        analysis.kwic(WORDS, pattern, **options)


def test_kwic_on_no_match_has_the_columns():
    rows = analysis.kwic(WORDS, "ceasefire")
    assert rows.empty and list(rows.columns) == analysis.KWIC_COLUMNS


STORY = (
    "The foreign ministers of the two countries met in Vienna on Tuesday to discuss a prisoner exchange "
    "that has been under negotiation for months. Officials close to the talks said the sides had agreed on "
    "a list of names and on the route of the flights. A second meeting is planned for next week in Doha, "
    "where the details of the handover are to be settled. Neither ministry would confirm the number of "
    "prisoners involved, but diplomats put it at about forty."
)
OTHER = (
    "Heavy rain flooded the lower districts of the port city overnight, cutting power to thousands of homes "
    "and closing the main bridge. Emergency crews pumped water from tunnels while the mayor asked residents "
    "to stay indoors. Forecasters expect the storm to move north by the weekend."
)
THIRD = (
    "The central bank kept its key lending rate on hold on Thursday, saying inflation was easing more "
    "slowly than it had hoped. Two members of the board voted for a cut. Markets had expected the decision "
    "and the currency barely moved."
)


def planted_articles() -> pd.DataFrame:
    """Three stories; a copy of the first with a byline, a new headline and its last sentence cut, dated earlier."""
    copy = "By Mei Lin, Global Wire\n\n" + STORY.rsplit(". ", 1)[0] + "."
    return pd.DataFrame(
        [
            {"id": "original", "title": "Ministers meet", "published": "2024-03-05", "source": "Daily", "text": STORY},
            {"id": "flood", "title": "Flood", "published": "2024-03-05", "source": "Daily", "text": OTHER},
            {"id": "rates", "title": "Rates", "published": "2024-03-06", "source": "Post", "text": THIRD},
            {"id": "wire", "title": "UPDATE 1-Swap", "published": "2024-03-04", "source": "Wire", "text": copy},
        ]
    )


def test_duplicates_group_a_edited_copy_with_its_original_and_call_the_earliest_canonical():
    corpus = workbench.load(planted_articles(), ner=None)
    groups = corpus.duplicates()
    assert groups[["duplicate_group", "article_id", "canonical"]].values.tolist() == [
        ["wire", "wire", True],
        ["wire", "original", False],
    ]
    assert 0.7 < groups.loc[1, "similarity"] < 1


def test_dedupe_group_marks_articles_and_drop_keeps_the_canonical_ones():
    corpus = workbench.load(planted_articles(), ner=None, dedupe="group")
    assert corpus.articles.set_index("article_id")["duplicate_group"].to_dict() == {
        "original": "wire",
        "flood": "flood",
        "rates": "rates",
        "wire": "wire",
    }
    dropped = corpus.dedupe("drop")
    assert sorted(dropped.articles["article_id"]) == ["flood", "rates", "wire"]
    assert set(dropped.sentences["article_id"]) == {"flood", "rates", "wire"}


def pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    """Every pair of positions that share a label."""
    members = pd.Series(np.arange(len(labels))).groupby(labels).agg(list)
    return {pair for group in members for pair in itertools.combinations(group, 2)}


def test_duplicate_groups_recover_planted_copies():
    """Copies with edited headlines, bylines, trimmed or extended endings: precision and recall of pairs >= 0.95."""
    originals = samples.news(400, seed=11)
    frame, truth = samples.syndicate(originals, copies=150, seed=12)
    articles = frame.rename(columns={"id": "article_id"}).assign(published=pd.to_datetime(frame["published"]))
    found = duplicates.duplicate_groups(articles)
    predicted, expected = pairs(found["duplicate_group"].to_numpy()), pairs(truth.to_numpy())
    correct = len(predicted & expected)
    assert correct / len(predicted) >= 0.95
    assert correct / len(expected) >= 0.95
    canonical = found[found["canonical"]]["article_id"]
    assert canonical.str.startswith("news-").mean() >= 0.95  # originals are never later than their copies


@pytest.mark.parametrize("threshold", [0, 1.5])
def test_duplicate_threshold_must_be_a_similarity(threshold):
    with pytest.raises(FilterError, match="threshold"):
        duplicates.duplicate_groups(planted_articles().rename(columns={"id": "article_id"}), threshold=threshold)


def dated_corpus() -> workbench.Corpus:
    """Week of 1 Jan: 4 articles, 1 on sanctions; week of 8 Jan: 2, both; week of 15 Jan: none; 22 Jan: 1, none."""
    plan = [
        ("2024-01-01", "A", "Sanctions were discussed."),
        ("2024-01-02", "A", "Rain fell on the city."),
        ("2024-01-03", "B", "The match ended in a draw."),
        ("2024-01-07", "B", "Markets were calm."),
        ("2024-01-08", "A", "New sanctions came. Officials were silent."),
        ("2024-01-10", "B", "Sanctions bite, traders said."),
        ("2024-01-22", "A", "A quiet week ended."),
    ]
    frame = pd.DataFrame(
        [
            {"id": f"d{n}", "published": day, "source": source, "text": text}
            for n, (day, source, text) in enumerate(plan)
        ]
    )
    return workbench.load(frame, ner=None)


def test_attention_weekly_shares_are_hand_counted():
    table = summaries.attention(dated_corpus(), keywords=["sanction*"], period="week", rolling=2)
    assert table["period"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    assert table["count"].tolist() == [1, 2, 0, 0]
    assert table["total"].tolist() == [4, 2, 0, 1]
    assert table["share"].tolist()[:2] == [0.25, 1.0]
    assert np.isnan(table["share"].iloc[2]) and table["share"].iloc[3] == 0
    assert table["share_rolling"].tolist()[:2] == [0.25, 0.625]
    assert table["series"].unique().tolist() == ["keyword: sanction*"]


def test_attention_counts_sentences_and_shares_within_each_outlet():
    sentences = summaries.attention(dated_corpus(), keywords=["sanction*"], unit="sentences")
    assert sentences["count"].tolist()[:2] == [1, 2] and sentences["total"].tolist()[:2] == [4, 3]
    outlets = summaries.attention(dated_corpus(), keywords=["sanction*"], by_source=True)
    first_week = outlets[outlets["period"] == "2024-01-01"].set_index("source")
    assert first_week["share"].to_dict() == {"A": 0.5, "B": 0.0}


def test_attention_with_distinct_stories_counts_a_group_once():
    corpus = workbench.load(planted_articles(), ner=None)
    every = summaries.attention(corpus, keywords=["prisoner*"], period="month")
    once = summaries.attention(corpus, keywords=["prisoner*"], period="month", distinct_stories=True)
    assert (every["count"].iloc[0], every["total"].iloc[0]) == (2, 4)
    assert (once["count"].iloc[0], once["total"].iloc[0]) == (1, 3)


@pytest.mark.parametrize(
    "options, message",
    [
        ({}, "at least one series"),
        ({"keywords": ["x"], "period": "hour"}, "period"),
        ({"keywords": ["x"], "rolling": 0}, "rolling"),
    ],
)
def test_attention_rejects_bad_options(options, message):
    with pytest.raises(FilterError, match=message):
        summaries.attention(dated_corpus(), **options)


def test_source_shares_sit_beside_the_corpus(news_corpus):
    shares = summaries.source_shares(news_corpus, by="actor", top=2).set_index(["source", "name"])
    sentences = news_corpus.sentences.merge(news_corpus.articles[["article_id", "source"]], on="article_id")
    for (source, name), row in shares.iterrows():
        pool = sentences if source == summaries.ALL_SOURCES else sentences[sentences["source"] == source]
        naming = news_corpus.mentions.loc[news_corpus.mentions["actor"] == name, "sentence_id"]
        assert row["count"] == pool["sentence_id"].isin(set(naming)).sum()
        assert row["total"] == len(pool)
    assert shares.index.get_level_values("source")[-1] == summaries.ALL_SOURCES


def test_sources_compared_has_a_row_per_outlet_and_the_corpus(news_corpus):
    table = summaries.sources_compared(news_corpus)
    assert list(table.index) == ["Daily", "Wire", summaries.ALL_SOURCES]
    assert table.loc[summaries.ALL_SOURCES, "articles"] == len(news_corpus.articles)
    assert table["sentences"].iloc[:-1].sum() == len(news_corpus.sentences)


def test_trend_charts_escape_labels_and_draw_one_line_per_series_and_outlet():
    corpus = dated_corpus()
    fig = workbench.charts.attention_over_time(corpus, keywords=["<b>rain</b>", "sanction*"], by_source=True)
    assert len(fig.data) == 4
    assert all("<b>" not in trace.name for trace in fig.data)


def test_sources_heatmap_rows_are_outlets_then_the_corpus(news_corpus):
    heat = workbench.charts.sources_heatmap(news_corpus, by="quoted")
    assert list(heat.data[0].y) == ["Daily", "Wire", summaries.ALL_SOURCES]
    assert list(heat.data[0].x) == ["Iran", "Joe Biden"]
    assert heat.data[0].z[2].tolist() == [0.5, 0.5]  # two claims in the corpus, one by each
    assert np.isnan(heat.data[0].z[0]).all()  # Daily has no claims: no share, not zero


def test_tag_series_and_tag_shares_count_sentences_of_any_coder(news_corpus, tagged_store):
    table = summaries.attention(news_corpus, tags=["diplomacy", "threat or warning"], store=tagged_store)
    assert table.set_index("series")["share"].to_dict() == {"tag: diplomacy": 0.5, "tag: threat or warning": 0.5}
    shares = summaries.source_shares(news_corpus, tagged_store, by="tag", top=10).set_index(["source", "name"])
    assert shares.loc[("Wire", "threat or warning"), ["count", "total"]].tolist() == [1, 3]
    assert shares.loc[("Daily", "economic impact"), ["count", "total"]].tolist() == [1, 2]
    wide = summaries.sources_compared(news_corpus, tagged_store)
    assert wide.loc["Wire", "tag:threat or warning"] == pytest.approx(1 / 3)


def test_tags_need_a_store(news_corpus):
    with pytest.raises(FilterError, match="store"):
        summaries.attention(news_corpus, tags=["diplomacy"])


@pytest.mark.parametrize("module", [analysis, samples, workbench.corpus])
def test_docstring_examples_run(module):
    import doctest

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
