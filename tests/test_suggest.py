"""Suggestions learned from tags: a separable toy rule is learned, too few tags are reported plainly."""

from __future__ import annotations

import doctest
import sys

import pandas as pd
import pytest

import workbench
from workbench import suggest
from workbench.codebook import Codebook, Tag
from workbench.errors import MissingExtraError, NotEnoughTagsError, SchemaError

PLACES = ["Aden", "Basra", "Cork", "Dili", "Enna", "Faro", "Gori", "Hilo", "Ica", "Jena", "Kobe", "Lima"]
ATTACKS = [f"Troops attacked a post near {place} at dawn." for place in PLACES]
TALKS = [f"Ministers met for talks in {place} on trade." for place in PLACES]


@pytest.fixture(scope="module")
def toy_corpus() -> workbench.Corpus:
    """24 sentences: half about attacks, half about talks, interleaved."""
    return workbench.load_text(" ".join(s for pair in zip(ATTACKS, TALKS, strict=True) for s in pair))


def _coded_store(corpus: workbench.Corpus, *, coder: str = "ana", limit: int | None = None) -> workbench.TagStore:
    """Tag attack sentences "military action" (the first ``limit`` of them) and mark every sentence done."""
    store = workbench.TagStore(memory=True, coder=coder)
    attacks = corpus.sentences[corpus.sentences["text"].str.contains("attacked")]["sentence_id"].tolist()
    store.add_many(attacks[:limit], "military action")
    for sid in corpus.sentences["sentence_id"]:
        store.mark_done(sid)
    return store


def test_learns_a_separable_rule(toy_corpus: workbench.Corpus) -> None:
    suggester = suggest.train(toy_corpus, _coded_store(toy_corpus))
    assert suggester.tags == ["military action"]
    row = suggester.report.set_index("tag").loc["military action"]
    assert (row["positives"], row["negatives"], row["status"]) == (12, 12, "trained")
    assert row["precision"] == 1.0 and row["recall"] == 1.0
    new = pd.DataFrame(
        {"sentence_id": ["a", "b"], "text": ["Rebels attacked a post near Oslo.", "Ministers met for talks on trade."]}
    )
    predicted = suggester.predict(new)
    assert predicted["tag"].tolist() == ["military action", "military action"]
    assert predicted["probability"].iloc[0] > 0.5 > predicted["probability"].iloc[1]
    assert suggester.suggestions(new).values.tolist() == [["a", "military action"]]


def test_report_names_tags_with_too_few_examples(toy_corpus: workbench.Corpus) -> None:
    report = suggest.train(toy_corpus, _coded_store(toy_corpus)).report.set_index("tag")
    assert len(report) == len(workbench.Codebook.default().tags)
    assert report.loc["diplomacy", "status"] == (
        "too few to learn from: 0 tagged and 24 untagged coded sentences, need 5"
    )
    assert pd.isna(report.loc["diplomacy", "precision"])


def test_too_few_tags_raise_a_plain_error(toy_corpus: workbench.Corpus) -> None:
    with pytest.raises(NotEnoughTagsError, match="Too few tags to learn from: the coders coded 24 sentence"):
        suggest.train(toy_corpus, _coded_store(toy_corpus, limit=3))


def test_learns_from_one_coder_when_asked(toy_corpus: workbench.Corpus) -> None:
    store = _coded_store(toy_corpus, limit=3)
    store.coder = "ben"
    store.add_many(toy_corpus.sentences["sentence_id"][::2].tolist(), "military action")
    for sid in toy_corpus.sentences["sentence_id"]:
        store.mark_done(sid)
    with pytest.raises(NotEnoughTagsError, match="coder 'ana' coded 24"):
        suggest.train(toy_corpus, store, coder="ana")
    assert suggest.train(toy_corpus, store, coder="ben").tags == ["military action"]


def test_uncertain_sentences_come_first_and_nothing_is_tagged(toy_corpus: workbench.Corpus) -> None:
    store = _coded_store(toy_corpus)
    before = store.tags()
    suggester = suggest.train(toy_corpus, store)
    new = pd.DataFrame(
        {
            "sentence_id": ["sure", "unsure", "no"],
            "text": ["Troops attacked a post near Aden at dawn.", "Troops met at dawn.", "Ministers met for talks."],
        }
    )
    ranked = suggester.uncertain(new)
    assert ranked["sentence_id"].iloc[0] == "unsure"
    assert ranked["uncertainty"].is_monotonic_decreasing
    assert list(ranked.columns) == ["sentence_id", "tag", "probability", "uncertainty"]
    pd.testing.assert_frame_equal(store.tags(), before)


def test_sentences_need_id_and_text(toy_corpus: workbench.Corpus) -> None:
    suggester = suggest.train(toy_corpus, _coded_store(toy_corpus))
    with pytest.raises(SchemaError, match=r"it lacks \['text'\]"):
        suggester.predict(pd.DataFrame({"sentence_id": ["a"]}))


def test_missing_scikit_learn_names_the_extra(toy_corpus: workbench.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(MissingExtraError, match=r"Suggestions learned from tags needs .*workbench\[team\]"):
        suggest.train(toy_corpus, _coded_store(toy_corpus))


def test_docstring_examples_run() -> None:
    result = doctest.testmod(suggest)
    assert result.attempted > 0 and result.failed == 0


def test_card_view_shows_learned_suggestions_without_tagging(toy_corpus: workbench.Corpus) -> None:
    store = workbench.TagStore(memory=True, coder="ana", codebook=Codebook("plain", [Tag("military action")]))
    first = toy_corpus.sentences.iloc[:12]  # 6 attacks tagged, 6 talks coded without a tag; the rest uncoded
    store.add_many(first.loc[first["text"].str.contains("attacked"), "sentence_id"].tolist(), "military action")
    for sid in first["sentence_id"]:
        store.mark_done(sid)
    suggester = suggest.train(toy_corpus, store)
    card = workbench.tagger(toy_corpus, store=store)
    unseen = toy_corpus.sentences["sentence_id"].iloc[14]  # an attack sentence left untagged
    card.go_to(unseen)
    assert not any(state["suggested"] for state in card.tag_states if state["name"] == "military action")
    card.show_suggestions(suggester.suggestions(toy_corpus.sentences))
    state = next(state for state in card.tag_states if state["name"] == "military action")
    assert state["suggested"] and not state["on"]
    assert store.tags_of(unseen) == set()
