"""Corrections of actors and claims: kept in the tag store like tags, applied to the tables, measured."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import workbench
from workbench.errors import StoreError
from workbench.evaluate import from_corrections
from workbench.store import TagStore

TEXT = (
    "Iran said the talks failed. Reuters reported that Tehran blamed Washington. "
    "The envoy Anna Berg spoke to farmers. Nothing else happened."
)
# Offsets into TEXT, as in the mentions and claims tables.
REUTERS, TEHRAN, WASHINGTON, FARMERS = (28, 35), (50, 56), (64, 74), (105, 112)
BLAMED, SPOKE, ANNA_BERG, TO_FARMERS = (57, 63), (96, 101), (86, 95), (102, 112)


@pytest.fixture(scope="module")
def corpus() -> workbench.Corpus:
    return workbench.load_text(TEXT, title="Talks")


@pytest.fixture
def store() -> TagStore:
    with TagStore(memory=True, coder="ana") as store:
        yield store


def sid(corpus: workbench.Corpus, position: int) -> str:
    return corpus.sentences["sentence_id"].iloc[position]


def mention(corpus: workbench.Corpus, span: tuple[int, int]) -> pd.DataFrame:
    m = corpus.mentions
    return m[(m["start"] == span[0]) & (m["end"] == span[1])]


def test_the_extractor_output_these_tests_correct(corpus):
    # The premise of every test below: what the extractor finds in TEXT.
    assert mention(corpus, REUTERS)["actor"].tolist() == ["Reuters"]
    assert mention(corpus, WASHINGTON)[["actor", "actor_type"]].values.tolist() == [["United States", "country"]]
    assert mention(corpus, FARMERS).empty
    assert corpus.claims["cue"].tolist() == ["said", "reported", "blamed"]
    assert not corpus.mentions["corrected"].any()


def test_same_actor_as_renames_the_mention_recounts_actors_and_claims_follow(corpus, store):
    store.correct("actor", sid(corpus, 1), *TEHRAN, actor="Tehran")
    fixed = corpus.with_corrections(store)
    row = mention(fixed, TEHRAN).iloc[0]
    assert (row["actor"], bool(row["corrected"])) == ("Tehran", True)
    assert fixed.actors.set_index("actor").loc["Iran", "n_mentions"] == 1  # was 2
    assert bool(fixed.actors.set_index("actor").loc["Tehran", "corrected"])
    assert fixed.claims.set_index("cue").loc["blamed", "source_actor"] == "Tehran"
    assert fixed.corrections_applied == 1
    assert corpus.actors.set_index("actor").loc["Iran", "n_mentions"] == 2  # the corpus itself is unchanged


def test_type_change(corpus, store):
    store.correct("actor", sid(corpus, 1), *WASHINGTON, actor_type="government body")
    fixed = corpus.with_corrections(store)
    assert mention(fixed, WASHINGTON)["actor_type"].tolist() == ["government body"]


def test_not_an_actor_here_drops_the_mention_and_the_claim_loses_its_source_actor(corpus, store):
    store.reject("actor", sid(corpus, 1), *REUTERS)
    fixed = corpus.with_corrections(store)
    assert mention(fixed, REUTERS).empty
    assert "Reuters" not in set(fixed.actors["actor"])
    claim = fixed.claims.set_index("cue").loc["reported"]
    assert pd.isna(claim["source_actor"]) and bool(claim["corrected"])


def test_not_an_actor_everywhere_drops_every_mention_of_the_surface():
    corpus = workbench.load_text("Reuters reported gains. Later Reuters reported losses.", title="Wire")
    with TagStore(memory=True, coder="ana") as store:
        first = corpus.mentions[corpus.mentions["surface"] == "Reuters"].iloc[0]
        store.reject("actor", first["sentence_id"], int(first["start"]), int(first["end"]), everywhere=True,
                     surface="Reuters")  # fmt: skip
        fixed = corpus.with_corrections(store)
    assert (corpus.mentions["surface"] == "Reuters").sum() == 2
    assert (fixed.mentions["surface"] == "Reuters").sum() == 0


def test_add_as_actor_adds_a_missed_mention_with_its_words(corpus, store):
    store.correct("actor", sid(corpus, 2), *FARMERS, actor_type="group")
    fixed = corpus.with_corrections(store)
    row = mention(fixed, FARMERS).iloc[0]
    assert (row["surface"], row["actor"], row["actor_type"], row["article_id"]) == (
        "farmers", "farmers", "group", corpus.articles["article_id"].iloc[0])  # fmt: skip
    assert fixed.actors.set_index("actor").loc["farmers", "n_mentions"] == 1


def test_claim_not_a_claim_source_is_what_was_said_and_a_missed_claim(corpus, store):
    store.reject("claim", sid(corpus, 1), *BLAMED)
    store.correct("claim", sid(corpus, 0), 5, 9, content_start=10, content_end=19)  # "the talks"
    store.correct("claim", sid(corpus, 1), 36, 44, source_start=50, source_end=56, source_actor="Iran")
    store.correct("claim", sid(corpus, 2), *SPOKE, source_start=ANNA_BERG[0], source_end=ANNA_BERG[1],
                  content_start=TO_FARMERS[0], content_end=TO_FARMERS[1])  # fmt: skip
    claims = corpus.with_corrections(store).claims.set_index("cue")
    assert "blamed" not in claims.index
    assert claims.loc["said", "content"] == "the talks failed"  # a column not named keeps its value...
    assert (claims.loc["said", "content_start"], claims.loc["said", "content_end"]) == (10, 19)
    assert claims.loc["reported", ["source_actor", "source_start"]].tolist() == ["Iran", 50]
    added = claims.loc["spoke"]
    assert (added["source"], added["content"], bool(added["corrected"])) == ("Anna Berg", "to farmers", True)
    assert added["sentence_ids"] == (sid(corpus, 2),)


def test_offsets_and_values_read_from_the_tables_are_taken_as_they_come(corpus, store):
    claim = corpus.claims.iloc[0]  # NumPy integers and booleans, as a script or a notebook reads them
    source = {"source_start": claim["source_start"], "source_end": claim["source_end"]}
    span = (claim["cue_start"], claim["cue_end"])
    store.correct("claim", claim["sentence_id"], *span, hedged=~claim["hedged"], **source)
    corrected = corpus.with_corrections(store).claims
    changed = corrected.loc[corrected["cue_start"] == claim["cue_start"]].iloc[0]
    assert bool(changed["hedged"]) is not bool(claim["hedged"]) and bool(changed["corrected"])


def test_each_correction_is_one_undoable_change_with_history(corpus, store):
    store.correct("actor", sid(corpus, 1), *TEHRAN, actor="Tehran")
    store.correct("actor", sid(corpus, 1), *TEHRAN, actor="Tehran government")
    assert store.corrections()["fields"].tolist() == [{"actor": "Tehran government"}]
    event = store.undo()
    assert (event["action"], event["undone"]) == ("undo", "correct")
    assert store.corrections()["fields"].tolist() == [{"actor": "Tehran"}]
    store.undo()
    assert store.corrections().empty
    assert corpus.with_corrections(store).mentions.equals(corpus.mentions)
    assert store.history()["action"].tolist() == ["correct"] * 4


def test_corrections_survive_a_reload_and_reattach(tmp_path, corpus):
    path = tmp_path / "ana.sqlite"
    with TagStore(path, coder="ana") as store:
        store.reject("actor", sid(corpus, 1), *REUTERS)
    again = workbench.load_text(TEXT, title="Talks")
    with TagStore(path, coder="ana") as store:
        assert mention(again.with_corrections(store), REUTERS).empty
        loaded = workbench.load(pd.DataFrame([{"text": TEXT, "title": "Talks"}]), corrections=store)
        assert mention(loaded, REUTERS).empty and loaded.corrections_applied == 1


def test_merge_across_two_coders_stores(tmp_path, corpus):
    with TagStore(tmp_path / "ana.sqlite", coder="ana") as ana:
        ana.reject("actor", sid(corpus, 1), *REUTERS)
    with TagStore(tmp_path / "ben.sqlite", coder="ben") as ben:
        ben.correct("actor", sid(corpus, 2), *FARMERS, actor_type="group")
        ben.mark_done(sid(corpus, 3))
    with TagStore(tmp_path / "team.sqlite", coder="lead") as team:
        reports = [team.merge_from(tmp_path / f"{name}.sqlite") for name in ("ana", "ben")]
        assert [r.added for r in reports] == [("ana",), ("ben",)]
        assert team.corrections()["coder"].tolist() == ["ana", "ben"]
        assert team.corrections(coder="ben")["kind"].tolist() == ["actor"]  # each coder's own, for blind coding
        assert team.merge_from(tmp_path / "ana.sqlite").unchanged == ("ana",)
        fixed = corpus.with_corrections(team)
        assert mention(fixed, REUTERS).empty and len(mention(fixed, FARMERS)) == 1
        assert team.reviewed_ids() == {sid(corpus, 1), sid(corpus, 2), sid(corpus, 3)}


def test_a_correction_whose_sentence_changed_is_listed_not_dropped(corpus, store):
    store.reject("actor", sid(corpus, 1), *REUTERS)
    edited = workbench.load_text(TEXT.replace("Reuters reported", "Reuters wrote"), title="Talks")
    with pytest.warns(UserWarning, match="1 correction"):
        fixed = edited.with_corrections(store)
    assert "Reuters" in set(fixed.mentions["surface"])
    assert fixed.corrections_applied == 0
    assert fixed.unplaced_corrections["sentence_id"].tolist() == [sid(corpus, 1)]
    assert store.corrections(edited)["found"].tolist() == [False]
    assert store.corrections(corpus)["found"].tolist() == [True]


def test_corrections_as_actors_file_is_taken_by_load(tmp_path, corpus, store):
    store.reject("actor", sid(corpus, 1), *REUTERS, everywhere=True, surface="Reuters")
    store.correct("actor", sid(corpus, 1), *WASHINGTON, actor="US government", actor_type="government body",
                  surface="Washington")  # fmt: skip
    path = store.corrections_as_actors_file(tmp_path / "my_actors.csv")
    new = workbench.load(pd.DataFrame([{"text": "Reuters said Washington would wait.", "title": "New"}]), actors=path)
    assert "Reuters" not in set(new.mentions["actor"])
    assert new.mentions[["surface", "actor", "actor_type"]].values.tolist() == [
        ["Washington", "US government", "government body"]
    ]
    assert new.claims["source"].tolist() == ["Reuters"] and new.claims["source_actor"].isna().all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.correct("person", "s1", 0, 4, actor="X"), "kind 'actor' or 'claim'"),
        (lambda s: s.correct("actor", "s1", 0, 4, colour="red"), "sets some of the columns"),
        (lambda s: s.correct("actor", "s1", 4, 4, actor="X"), "0 <= start < end"),
        (lambda s: s.reject("claim", "s1", 0, 4, everywhere=True, surface="x"), "for actors"),
    ],
)
def test_bad_corrections_are_refused_with_how_to_fix(store, call, message):
    with pytest.raises(StoreError, match=message):
        call(store)
    assert store.corrections().empty


def test_from_corrections_with_hand_computed_figures(corpus, store):
    s0, s1, s2 = sid(corpus, 0), sid(corpus, 1), sid(corpus, 2)
    store.mark_done(s0)  # reviewed, nothing to correct
    store.reject("actor", s1, *REUTERS)
    store.correct("actor", s1, *WASHINGTON, actor_type="government body")
    store.correct("actor", s2, *FARMERS, actor_type="group")
    store.reject("claim", s1, *BLAMED)
    store.correct("claim", s2, *SPOKE, source_start=ANNA_BERG[0], source_end=ANNA_BERG[1],
                  content_start=TO_FARMERS[0], content_end=TO_FARMERS[1])  # fmt: skip
    scores = from_corrections(corpus, store).set_index("task")
    # Actors on s0-s2: predicted Iran, Reuters, Iran (Tehran), United States (country), Anna Berg;
    # gold Iran, Iran (Tehran), United States (government body), Anna Berg, farmers: 3 hits of 5 and 5.
    assert scores.loc["actors", ["sentences", "gold", "predicted", "hits"]].tolist() == [3, 5, 5, 3]
    assert math.isclose(scores.loc["actors", "precision"], 3 / 5)
    assert math.isclose(scores.loc["actors", "recall"], 3 / 5)
    # Claims: predicted said, reported, blamed; gold said, reported, spoke: 2 hits of 3 and 3.
    assert scores.loc["claims", ["gold", "predicted", "hits"]].tolist() == [3, 3, 2]
    assert math.isclose(scores.loc["claims", "precision"], 2 / 3) and math.isclose(scores.loc["claims", "f1"], 2 / 3)


def test_from_corrections_with_nothing_reviewed_rests_on_no_sentence(corpus, store):
    scores = from_corrections(corpus, store)
    assert scores["sentences"].tolist() == [0, 0]
    assert scores["precision"].isna().all()


def test_export_manifest_counts_the_corrections_applied(tmp_path, corpus, store):
    store.reject("actor", sid(corpus, 1), *REUTERS)
    store.reject("actor", "an-edited-sentence", 0, 4)
    with pytest.warns(UserWarning, match="found no sentence"):
        fixed = corpus.with_corrections(store)
    written = workbench.export.summaries(fixed, store, tmp_path / "out")
    manifest = json.loads(written[-1].read_text(encoding="utf-8"))
    assert manifest["corrections"] == {"applied": 1, "unplaced": 1}
    plain = json.loads(workbench.export.summaries(corpus, None, tmp_path / "plain")[-1].read_text(encoding="utf-8"))
    assert plain["corrections"] == {"applied": 0, "unplaced": 0}


def test_a_correction_and_its_undo_reach_subscribers_as_one_change_each(corpus, store):
    events = []
    store.subscribe(events.append)
    store.correct("actor", sid(corpus, 1), *TEHRAN, actor="Tehran")
    store.undo()
    assert [(e["action"], e["sentence_ids"], e["tag"]) for e in events] == [
        ("correct", [sid(corpus, 1)], None),
        ("undo", [sid(corpus, 1)], None),
    ]
    assert (events[0]["kind"], events[0]["start"], events[0]["end"]) == ("actor", *TEHRAN)


def test_recover_copies_the_corrections(tmp_path, corpus):
    path = tmp_path / "ana.sqlite"
    with TagStore(path, coder="ana") as store:
        store.reject("actor", sid(corpus, 1), *REUTERS)
    recovery = TagStore.recover(path, tmp_path / "copy.sqlite")
    assert recovery.copied["corrections"] == 1
    with TagStore(recovery.path, coder="ana") as copy:
        assert mention(corpus.with_corrections(copy), REUTERS).empty


def test_not_an_actor_everywhere_holds_in_a_corpus_without_its_sentence(corpus, store):
    store.reject("actor", sid(corpus, 1), *REUTERS, everywhere=True, surface="Reuters")
    other = workbench.load_text("Reuters said prices rose.", title="Other")
    fixed = other.with_corrections(store)
    assert "Reuters" in set(other.mentions["surface"]) and "Reuters" not in set(fixed.mentions["surface"])
    assert fixed.unplaced_corrections.empty and fixed.corrections_applied == 1
