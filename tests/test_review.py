"""The review view, driven through its methods and front-end messages: settle, take, move, reopen."""

from __future__ import annotations

import pandas as pd
import pytest

import workbench
from workbench.errors import WidgetError
from workbench.widgets import review


@pytest.fixture
def store(news_corpus: workbench.Corpus):
    """ana and ben disagree on s0 (escalation), s1 (escalation) and s4 (three tags); they agree on s2."""
    s = news_corpus.sentences["sentence_id"].tolist()
    store = workbench.TagStore(memory=True, coder="ana")
    for sid, tags in (
        (s[0], ["diplomacy"]),
        (s[1], ["escalation"]),
        (s[2], ["threat or warning"]),
        (s[3], ["uncertainty"]),
    ):
        for tag in tags:
            store.add(sid, tag)
    store.add(s[4], "economic impact")
    store.add(s[4], "uncertainty")
    store.coder = "ben"
    store.add(s[0], "diplomacy")
    store.add(s[0], "escalation")
    store.mark_done(s[1])
    store.add(s[2], "threat or warning")
    store.add(s[4], "diplomacy")
    yield store
    store.close()


def _ids(corpus: workbench.Corpus) -> list[str]:
    return corpus.sentences["sentence_id"].tolist()


def test_opens_on_the_first_disagreement_with_who_chose_what(news_corpus, store) -> None:
    view = review(news_corpus, store)
    assert (view.count, view.index, view.sentence_id) == (3, 0, _ids(news_corpus)[0])
    assert view.progress == "0 of 5 settled"
    assert view.rows == [
        {
            "tag": "escalation",
            "color": store.codebook.colors["escalation"],
            "description": store.codebook.tag("escalation").description,
            "yes": "ben",
            "no": "ana",
            "decision": "",
        }
    ]
    assert view.coders_here == ["ana", "ben"]
    assert "President Biden spoke with" in view.card_html


def test_accepting_stores_the_full_coding_under_consensus_with_history(news_corpus, store) -> None:
    s = _ids(news_corpus)
    view = review(news_corpus, store)
    view.settle("escalation", keep=True)
    assert store.tags_of(s[0], "consensus") == {"diplomacy", "escalation"}
    assert s[0] in store.done_ids("consensus")
    assert view.rows[0]["decision"] == "accepted"
    assert view.progress == "1 of 5 settled"
    history = store.history()
    mine = history[history["coder"] == "consensus"]
    assert mine[["action", "tag"]].values.tolist() == [
        ["add", "diplomacy"],
        ["add", "escalation"],
        ["done", pd.NA],
    ]
    assert store.coder == "ben"


def test_rejecting_leaves_the_tag_off_and_finishes_the_sentence(news_corpus, store) -> None:
    s = _ids(news_corpus)
    view = review(news_corpus, store)
    view.next()
    view.settle("escalation", keep=False)
    assert store.tags_of(s[1], "consensus") == set()
    assert s[1] in store.done_ids("consensus")
    assert view.rows[0]["decision"] == "rejected"


def test_take_a_coders_tags(news_corpus, store) -> None:
    s = _ids(news_corpus)
    view = review(news_corpus, store)
    view.next()
    view.next()
    assert [row["tag"] for row in view.rows] == ["diplomacy", "economic impact", "uncertainty"]
    view.take("ben")
    assert store.tags_of(s[4], "consensus") == {"diplomacy"}
    assert [row["decision"] for row in view.rows] == ["accepted", "rejected", "rejected"]
    assert view.progress == "3 of 5 settled"
    assert view.status == "Took ben's tags."


def test_decisions_survive_reopening(news_corpus, store) -> None:
    view = review(news_corpus, store)
    view.settle("escalation", keep=True)
    view.next()
    view.settle("escalation", keep=False)
    again = review(news_corpus, store)
    assert again.progress == "2 of 5 settled"
    assert again.rows[0]["decision"] == "accepted"
    again.next()
    assert again.rows[0]["decision"] == "rejected"


def test_review_does_not_change_the_agreement_figures(news_corpus, store) -> None:
    before = workbench.agreement(store, news_corpus)
    view = review(news_corpus, store)
    view.take("ana")
    pd.testing.assert_frame_equal(workbench.agreement(store, news_corpus), before)


@pytest.mark.parametrize(
    "message, status",
    [
        ({"event": "settle", "tag": "diplomacy", "keep": True}, "do not disagree on 'diplomacy' here"),
        ({"event": "take", "coder": "zoe"}, "'zoe' did not code this sentence: take one of ana, ben"),
        ({"event": "previous"}, "This is the first disagreement."),
        ({"event": "dance"}, "Unknown message"),
    ],
)
def test_front_end_messages_report_problems_on_the_status_line(news_corpus, store, message, status) -> None:
    view = review(news_corpus, store)
    view.handle(message)
    assert status in view.status
    assert view.progress == "0 of 5 settled"


def test_front_end_messages_drive_the_review(news_corpus, store) -> None:
    view = review(news_corpus, store)
    view.handle({"event": "next"})
    view.handle({"event": "settle", "tag": "escalation", "keep": True})
    assert store.tags_of(_ids(news_corpus)[1], "consensus") == {"escalation"}
    assert not view.status_error


def test_sentence_text_is_escaped() -> None:
    corpus = workbench.load_text('Iran warned that <script>alert(1)</script> & "more" would follow.')
    store = workbench.TagStore(memory=True, coder="ana")
    sid = corpus.sentences["sentence_id"].iloc[0]
    store.add(sid, "threat or warning")
    store.coder = "ben"
    store.mark_done(sid)
    view = review(corpus, store)
    assert "<script>" not in view.card_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;" in view.card_html


def test_no_disagreement_says_so(news_corpus) -> None:
    store = workbench.TagStore(memory=True, coder="ana")
    view = review(news_corpus, store, reviewer="maria")
    assert view.count == 0 and view.rows == []
    assert "No disagreements" in view.card_html
    with pytest.raises(WidgetError, match="no disagreement to review"):
        view.settle("escalation", keep=True)


def test_reviewer_needs_a_name(news_corpus, store) -> None:
    with pytest.raises(WidgetError, match="reviewer must be a coder name"):
        review(news_corpus, store, reviewer=" ")
