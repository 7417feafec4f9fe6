"""Team work: merging coders' stores, a codebook that evolves, assignments with an overlap."""

from __future__ import annotations

import json
import pathlib
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

import workbench
from workbench import reliability
from workbench.codebook import Codebook
from workbench.errors import CodebookError, StoreError
from workbench.store import Conflict, Merge, TagStore, merge

ROOT = pathlib.Path(__file__).resolve().parents[1]

CODE = """
import json, sys
import workbench
path, coder, changes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with workbench.TagStore(path, coder=coder) as store:
    for method, *arguments in changes:
        getattr(store, method)(*arguments)
"""

ANA = [
    ["add_many", ["s1", "s2", "s3"], "escalation"],
    ["add", "s4", "diplomacy"],
    ["set_note", "s2", "a threat, or only a warning?"],
    ["mark_done", "s5"],
    ["toggle", "s3", "escalation"],
    ["mark_done", "s6"],
]
BEN = [
    ["add_many", ["s1", "s3"], "escalation"],
    ["add", "s2", "threat or warning"],
    ["mark_done", "s4"],
    ["mark_done", "s5"],
    ["set_note", "s1", "=SUM(A1)"],
    ["add", "s6", "escalation"],
]


def _code(path: pathlib.Path, coder: str, changes: list) -> None:
    """Make ``changes`` to the store at ``path`` in a Python process of its own, as a coder's notebook would."""
    command = [sys.executable, "-c", CODE, str(path), coder, json.dumps(changes)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120)


def _work(store: TagStore) -> dict[str, object]:
    """Return what the coders did, without the times and change numbers each store keeps on its own."""
    history = store.history()
    steps = history[["coder", "action", "sentence_id", "tag", "note", "previous"]].astype("string").fillna("")
    per_coder = {coder: rows.drop(columns="coder").values.tolist() for coder, rows in steps.groupby("coder")}
    return {
        "tags": store.tags()[["sentence_id", "tag", "coder"]].values.tolist(),
        "notes": store.notes()[["sentence_id", "coder", "note"]].values.tolist(),
        "done": {coder: store.done_ids(coder) for coder in store.coders()},
        "history": per_coder,
    }


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    """Ana's and Ben's stores, each written by its own process, and one shared store both processes wrote."""
    folder = tmp_path_factory.mktemp("coded")
    paths = {name: folder / f"{name}.sqlite" for name in ("ana", "ben", "shared")}
    _code(paths["ana"], "ana", ANA)
    _code(paths["ben"], "ben", BEN)
    _code(paths["shared"], "ana", ANA)
    _code(paths["shared"], "ben", BEN)
    return paths


@pytest.fixture
def team(tmp_path: pathlib.Path, coded: dict[str, pathlib.Path]):
    with TagStore(tmp_path / "team.sqlite", coder="lead") as opened:
        yield opened


# -- merging stores ----------------------------------------------------------------------------


def test_merging_two_coders_stores_equals_the_store_both_wrote(team: TagStore, coded) -> None:
    results = [team.merge_from(coded["ana"]), team.merge_from(coded["ben"])]
    assert [r.added for r in results] == [("ana",), ("ben",)]
    assert all(r.ok for r in results)
    with TagStore(coded["shared"], coder="lead") as shared:
        assert _work(team) == _work(shared)


def test_agreement_on_a_merged_store_equals_agreement_on_the_shared_store(team: TagStore, coded) -> None:
    team.merge_from(coded["ana"])
    team.merge_from(coded["ben"])
    with TagStore(coded["shared"], coder="lead") as shared:
        expected = workbench.agreement(shared)
        pd.testing.assert_frame_equal(workbench.agreement(team), expected)
        pd.testing.assert_frame_equal(reliability.disagreements(team), reliability.disagreements(shared))
    assert expected.set_index("tag").loc["escalation", "n_units"] == 5


def test_merging_a_store_twice_changes_nothing(team: TagStore, coded) -> None:
    team.merge_from(coded["ana"])
    team.merge_from(coded["ben"])
    once = _work(team), team.history()
    again = [team.merge_from(coded["ana"]), team.merge_from(coded["ben"])]
    assert [r.unchanged for r in again] == [("ana",), ("ben",)]
    assert [r.copied["history"] + r.copied["tags"] for r in again] == [0, 0]
    assert _work(team) == once[0]
    pd.testing.assert_frame_equal(team.history(), once[1])


def test_a_coder_who_went_on_coding_is_updated(team: TagStore, coded, tmp_path: pathlib.Path) -> None:
    later = tmp_path / "ana-later.sqlite"
    with TagStore(coded["ana"]) as store:
        store.backup(later)
    _code(later, "ana", [["remove", "s1", "escalation"], ["add", "s7", "diplomacy"]])
    team.merge_from(coded["ana"])
    result = team.merge_from(later)
    assert result.updated == ("ana",)
    assert result.copied["history"] == 2
    assert team.tags_of("s1", "ana") == set() and team.tags_of("s7", "ana") == {"diplomacy"}
    with TagStore(later) as store:
        assert _work(team) == _work(store)


def test_undo_batches_survive_a_merge(team: TagStore, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ana.sqlite"
    with TagStore(path, coder="ana") as store:
        store.add_many(["s1", "s2"], "escalation")
        store.set_note("s1", "first")
        store.undo()
    team.merge_from(path)
    history = team.history()
    assert history["batch"].tolist() == [1, 1, 3, 4]
    assert history["undoes"].tolist()[-1] == 3


def test_a_codebook_change_across_coders_stays_one_batch_after_a_merge(team: TagStore, tmp_path) -> None:
    path = tmp_path / "pair.sqlite"
    with TagStore(path, coder="ana") as pair:
        pair.add_many(["s1", "s2"], "escalation")
        pair.coder = "ben"
        pair.add("s1", "escalation")
        pair.rename_tag("escalation", "conflict widens")
    team.merge_from(path)
    history = team.history()
    renamed = history[history["tag"].isin(["escalation", "conflict widens"]) & (history["change_id"] > 3)]
    assert len(renamed) == 6 and renamed["batch"].nunique() == 1
    assert sorted(renamed["coder"]) == ["ana"] * 4 + ["ben"] * 2


def test_after_a_codebook_change_a_coder_goes_on_in_a_copy_of_the_team_store(team: TagStore, coded, tmp_path) -> None:
    team.merge_from(coded["ana"])
    team.merge_from(coded["ben"])
    team.rename_tag("escalation", "conflict widens")
    copy = team.backup(tmp_path / "ana-next.sqlite")
    _code(copy, "ana", [["add", "s8", "conflict widens"]])
    result = team.merge_from(copy)
    assert (result.updated, result.unchanged, result.conflicts) == (("ana",), ("ben",), ())
    assert team.tags_of("s8", "ana") == {"conflict widens"}
    assert team.tags_of("s1", "ana") == {"conflict widens"}


def test_the_same_coder_with_two_histories_is_a_conflict_and_nothing_is_overwritten(
    team: TagStore, coded, tmp_path: pathlib.Path
) -> None:
    other = tmp_path / "another-ana.sqlite"
    _code(other, "ana", [["add", "s9", "uncertainty"]])
    team.merge_from(coded["ana"])
    before = _work(team)
    result = team.merge_from(other)
    assert result.conflicts == (Conflict("ana", here=len(team.history()), there=1, parted_at=1),)
    assert not result.ok and result.added == result.updated == ()
    assert _work(team) == before
    assert "conflict for ana" in str(result)


def test_strict_merge_raises_on_a_conflict_before_writing(team: TagStore, coded, tmp_path: pathlib.Path) -> None:
    other = tmp_path / "another-ana.sqlite"
    _code(other, "ana", [["add", "s9", "uncertainty"]])
    _code(other, "cleo", [["add", "s9", "diplomacy"]])
    team.merge_from(coded["ana"])
    with pytest.raises(StoreError, match=r"coder 'ana' has 8 change\(s\) here and 1 in the merged store"):
        team.merge_from(other, strict=True)
    assert "cleo" not in team.coders()


def test_stores_with_different_codebooks_merge_by_tag_name_and_list_the_differences(
    team: TagStore, tmp_path: pathlib.Path
) -> None:
    theirs = Codebook.from_dict(
        {"name": "protests", "tags": [{"name": "escalation", "color": "#000000"}, {"name": "protest"}]}
    )
    path = tmp_path / "cleo.sqlite"
    with TagStore(path, coder="cleo", codebook=theirs) as store:
        store.add("s1", "protest")
        store.add("s2", "escalation")
    result = team.merge_from(path)
    assert result.only_there == ("protest",)
    assert result.redefined == ("escalation",)
    assert "diplomacy" in result.only_here
    assert result.unknown == ("protest",)
    assert team.codebook == Codebook.default()
    assert team.tags()["tag"].tolist() == ["protest", "escalation"]
    unknown = team.unknown_tags()
    assert unknown.to_dict("records") == [
        {"tag": "protest", "n_tags": 1, "n_sentences": 1, "coders": "cleo", "last_version": 2}
    ]
    assert team.codebook_versions()["name"].tolist() == ["international-news", "protests"]


def test_the_merged_store_is_only_read(team: TagStore, coded, tmp_path: pathlib.Path) -> None:
    source = tmp_path / "ana.sqlite"
    source.write_bytes(coded["ana"].read_bytes())
    before = source.read_bytes()
    team.merge_from(source)
    assert source.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("ana")) == ["ana.sqlite"]


def test_a_store_of_an_older_schema_merges(team: TagStore, tmp_path: pathlib.Path) -> None:
    from workbench.store import migrations

    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path, isolation_level=None)
    for migration in migrations.MIGRATIONS[:1]:
        for statement in migration.statements:
            raw.execute(statement)
    raw.execute("INSERT INTO tags VALUES ('s1', 'escalation', 'ana', '2024-04-15T10:00:00+00:00')")
    raw.execute("INSERT INTO history (at, coder, action, sentence_id, tag) VALUES "
                "('2024-04-15T10:00:00+00:00', 'ana', 'add', 's1', 'escalation')")  # fmt: skip
    raw.execute("PRAGMA user_version = 1")
    raw.close()
    result = team.merge_from(path)
    assert result.added == ("ana",)
    assert _tags_of(team) == [["s1", "escalation", "ana"]]
    assert team.history()[["action", "batch"]].values.tolist() == [["add", 1]]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: None, r"there is no such file"),
        (lambda path: path.write_bytes(b""), r"it is an empty file, not a tag store"),
        (lambda path: sqlite3.connect(path).execute("CREATE TABLE t (x)"), r"another application's SQLite database"),
    ],
    ids=["missing", "empty", "foreign"],
)
def test_merging_something_that_is_not_a_store_says_so(team: TagStore, tmp_path: pathlib.Path, make, message) -> None:
    path = tmp_path / "other.sqlite"
    make(path)
    with pytest.raises(StoreError, match=message):
        team.merge_from(path)


def test_a_bad_store_anywhere_in_the_list_leaves_the_team_store_unmade(coded, tmp_path: pathlib.Path) -> None:
    """Every store is checked before the team store is made: the good stores before the bad one are not merged."""
    forged = tmp_path / "forged.sqlite"
    raw = sqlite3.connect(forged)
    raw.execute("CREATE TABLE tags (sentence_id TEXT)")
    raw.execute("CREATE TABLE notes (note TEXT)")
    raw.execute("CREATE TABLE history (at TEXT)")
    raw.execute("PRAGMA user_version = 1")
    raw.close()
    with pytest.raises(StoreError, match=rf"'{forged}': it is not a workbench tag store"):
        merge([coded["ana"], coded["ben"], forged], tmp_path / "team.sqlite")
    assert not (tmp_path / "team.sqlite").exists()


def test_a_store_cannot_merge_itself(team: TagStore) -> None:
    with pytest.raises(StoreError, match="into itself"):
        team.merge_from(team.path)


def test_merge_makes_a_team_store_with_the_first_stores_codebook(coded, tmp_path: pathlib.Path) -> None:
    mine = Codebook.from_dict({"name": "mine", "tags": ["escalation", "diplomacy", "threat or warning"]})
    path = tmp_path / "dana.sqlite"
    with TagStore(path, coder="dana", codebook=mine) as store:
        store.add("s1", "diplomacy")
    results = merge([path, coded["ben"]], tmp_path / "new" / "team.sqlite")
    assert [type(r) for r in results] == [Merge, Merge]
    with TagStore(tmp_path / "new" / "team.sqlite") as made:
        assert made.codebook == mine
        assert made.coders() == ["ben", "dana"]


# -- a codebook that evolves -------------------------------------------------------------------


@pytest.fixture
def store():
    """Two coders' tags in one store: ana and ben both used escalation; ana also threat or warning."""
    with TagStore(memory=True, coder="ana") as opened:
        opened.add_many(["s1", "s2", "s3"], "escalation")
        opened.add("s2", "threat or warning")
        opened.set_note("s1", "check")
        opened.coder = "ben"
        opened.add_many(["s1", "s4"], "escalation")
        opened.coder = "lead"
        yield opened


def _tags_of(store: TagStore) -> list[list[str]]:
    return store.tags()[["sentence_id", "tag", "coder"]].values.tolist()


def test_rename_moves_every_coders_tags_and_keeps_the_tags_look(store: TagStore) -> None:
    key, color = store.codebook.tag("escalation").key, store.codebook.tag("escalation").color
    assert store.rename_tag("escalation", "conflict widens") == 5
    assert store.tags_of("s1", "ana") == {"conflict widens"} and store.tags_of("s4", "ben") == {"conflict widens"}
    assert store.codebook.tags[0] == "conflict widens"
    assert (store.codebook.tag("conflict widens").key, store.codebook.tag("conflict widens").color) == (key, color)
    assert "escalation" not in store.codebook.tags


def test_a_rename_followed_by_undo_restores_every_tag(store: TagStore) -> None:
    before, codebook = _tags_of(store), store.codebook
    store.rename_tag("escalation", "conflict widens")
    event = store.undo()
    assert event["undone"] == "codebook"
    assert sorted(event["sentence_ids"]) == ["s1", "s2", "s3", "s4"]
    assert _tags_of(store) == before
    assert store.codebook == codebook


def test_codebook_changes_are_recorded_with_their_versions(store: TagStore) -> None:
    store.rename_tag("escalation", "conflict widens")
    store.undo()
    changes = store.codebook_changes()
    assert changes[["coder", "action", "tags", "into"]].values.tolist() == [
        ["lead", "rename_tag", "escalation", "conflict widens"],
        ["lead", "undo", "escalation", "conflict widens"],
    ]
    assert changes[["version_before", "version_after"]].values.tolist() == [[1, 2], [2, 1]]
    assert changes["undoes"].tolist()[1] == changes["change_id"].tolist()[0]
    versions = store.codebook_versions()
    assert versions["version"].tolist() == [1, 2]
    assert versions["in_use"].tolist() == [True, False]
    assert versions["tags"].iloc[1].startswith("conflict widens; ")


def test_each_tag_names_the_codebook_version_it_was_made_under(store: TagStore) -> None:
    store.add_tag("protest", description="Street protests.")
    store.add("s5", "protest")
    versions = store.tags(versions=True).set_index(["sentence_id", "tag", "coder"])["codebook_version"]
    assert versions.loc[("s1", "escalation", "ana")] == 1
    assert versions.loc[("s5", "protest", "lead")] == 2
    assert store.codebook_versions()["n_tags"].tolist() == [6, 1]


@pytest.mark.parametrize(
    "sources, into, expected",
    [
        (["escalation", "threat or warning"], "pressure", {"s2": {"pressure"}, "s1": {"pressure"}}),
        (["threat or warning"], "escalation", {"s2": {"escalation"}, "s1": {"escalation"}}),
        (["escalation", "threat or warning"], "threat or warning", {"s2": {"threat or warning"}}),
    ],
    ids=["into a new tag", "into another tag", "into one of them"],
)
def test_merge_tags_gives_each_sentence_the_merged_tag_once(store: TagStore, sources, into, expected) -> None:
    store.merge_tags(sources, into=into)
    for sid, tags in expected.items():
        assert store.tags_of(sid, "ana") == tags
    assert into in store.codebook.tags
    assert not (set(sources) - {into}) & set(store.codebook.tags)
    assert store.tags()["tag"].value_counts()[into] == len(store.tags())


def test_merge_tags_into_a_new_name_takes_the_first_tags_place_and_key(store: TagStore) -> None:
    first = store.codebook.tag("escalation")
    store.merge_tags(["escalation", "threat or warning"], into="pressure")
    assert store.codebook.tags[0] == "pressure"
    assert store.codebook.tag("pressure").key == first.key


def test_merge_tags_then_undo_restores_both_tags(store: TagStore) -> None:
    before = _tags_of(store)
    store.merge_tags(["escalation", "threat or warning"], into="pressure")
    store.undo()
    assert _tags_of(store) == before
    assert store.codebook == Codebook.default()


def test_a_retired_tag_leaves_the_keys_and_is_reported_never_dropped(store: TagStore) -> None:
    key = store.codebook.tag("escalation").key
    store.retire_tag("escalation")
    assert "escalation" not in store.codebook.tags
    assert store.codebook.tag_for_key(key) is None
    with pytest.raises(CodebookError, match="Unknown tag 'escalation'"):
        store.add("s9", "escalation")
    assert len(store.tags()) == 6
    assert store.unknown_tags()[["tag", "n_tags", "coders", "last_version"]].values.tolist() == [
        ["escalation", 5, "ana; ben", 1]
    ]
    agreement = workbench.agreement(store)
    assert "escalation" in agreement["tag"].tolist()
    store.undo()
    assert "escalation" in store.codebook.tags and store.unknown_tags().empty


def test_an_added_tag_can_be_used_at_once_and_undone(store: TagStore) -> None:
    store.add_tag("protest", key="p", group="domestic")
    store.add("s5", "protest")
    assert store.codebook.tag_for_key("p") == "protest"
    store.undo()  # the tag given
    store.undo()  # the tag added
    assert "protest" not in store.codebook.tags


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s.rename_tag("escalation", "diplomacy"), r"merge_tags\(\['escalation'\], into='diplomacy'\)"),
        (lambda s: s.rename_tag("no such tag", "x"), r"No tag 'no such tag' in the codebook"),
        (lambda s: s.rename_tag("escalation", "  "), r"The new name must be a non-empty tag name"),
        (lambda s: s.merge_tags([], into="x"), r"Name the tags to merge into 'x'"),
        (lambda s: s.merge_tags(["escalation", "nope"], into="x"), r"No tag 'nope'"),
        (lambda s: s.retire_tag("nope"), r"Unknown tag 'nope'"),
        (lambda s: s.add_tag("diplomacy"), r"has a tag 'diplomacy' already"),
        (lambda s: s.add_tag("protest", key="1"), r"duplicate key '1'"),
    ],
    ids=["rename onto a tag", "rename unknown", "blank name", "merge nothing", "merge unknown", "retire unknown",
         "add twice", "add a used key"],
)  # fmt: skip
def test_a_codebook_change_that_cannot_be_made_says_why_and_changes_nothing(store: TagStore, change, message) -> None:
    before, codebook = _tags_of(store), store.codebook
    with pytest.raises(CodebookError, match=message):
        change(store)
    assert _tags_of(store) == before and store.codebook == codebook
    assert store.codebook_changes().empty


def test_a_tag_only_in_the_store_can_be_renamed_into_the_codebook(store: TagStore, tmp_path) -> None:
    store.retire_tag("escalation")
    store.merge_tags(["escalation"], into="threat or warning")
    assert store.unknown_tags().empty
    assert store.tags_of("s1", "ben") == {"threat or warning"}


def test_a_codebook_change_is_saved_for_the_next_session(db_path: pathlib.Path) -> None:
    with TagStore(db_path, coder="ana") as first:
        first.add("s1", "escalation")
        first.rename_tag("escalation", "conflict widens")
    with TagStore(db_path, coder="ana") as again:
        assert again.codebook.tags[0] == "conflict widens"
        assert again.tags_of("s1") == {"conflict widens"}
        assert again.undo() is None


def test_a_codebook_changed_by_another_notebook_is_not_changed_over_it(db_path: pathlib.Path) -> None:
    with TagStore(db_path, coder="ana") as first, TagStore(db_path, coder="ben") as second:
        first.rename_tag("escalation", "conflict widens")
        with pytest.raises(StoreError, match="Another notebook changed this store's codebook"):
            second.retire_tag("diplomacy")


def test_recover_keeps_codebook_versions_and_changes(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    with TagStore(db_path, coder="ana") as first:
        first.add("s1", "escalation")
        first.rename_tag("escalation", "conflict widens")
    recovery = TagStore.recover(db_path, tmp_path / "copy.sqlite")
    with TagStore(recovery.path) as copy:
        assert copy.codebook.tags[0] == "conflict widens"
        assert copy.codebook_changes()["action"].tolist() == ["rename_tag"]
        assert copy.tags(versions=True)["codebook_version"].tolist() == [2]


def test_charts_and_exports_show_a_renamed_tag_at_once(store: TagStore, news_corpus, tmp_path) -> None:
    ids = news_corpus.sentences["sentence_id"].tolist()
    store.add_many(ids[:3], "escalation")
    store.rename_tag("escalation", "conflict widens")
    figure = workbench.charts.tag_counts(news_corpus, store)
    assert "conflict widens" in {str(label) for trace in figure.data for label in trace.x}
    workbench.export.summaries(news_corpus, store, tmp_path / "out")
    summary = pd.read_csv(tmp_path / "out" / "tag_summary.csv")
    assert "conflict widens" in summary["tag"].tolist() and "escalation" not in summary["tag"].tolist()


# -- assignments -------------------------------------------------------------------------------


def _articles(n_articles: int, sentences: int) -> workbench.Corpus:
    rows = [
        {"id": f"a{a}", "title": f"Article {a}",
         "text": " ".join(f"Sentence {s} of article {a} is here." for s in range(sentences + a % 3))}
        for a in range(n_articles)
    ]  # fmt: skip
    return workbench.load(pd.DataFrame(rows), ner=None)


@pytest.fixture(scope="module")
def many() -> workbench.Corpus:
    return _articles(20, 10)


@pytest.mark.parametrize("coders", [["ana", "ben"], ["ana", "ben", "cleo"], ["a", "b", "c", "d", "e"]])
@pytest.mark.parametrize("overlap", [0.0, 0.2, 0.35, 1.0])
def test_assignment_shares_the_asked_part_within_one_sentence_and_is_balanced(many, coders, overlap) -> None:
    plan = workbench.assign(many, coders=coders, overlap=overlap, seed=3)
    n = len(many.sentences)
    per_sentence = plan.groupby("sentence_id")["coder"].nunique()
    assert set(per_sentence.index) == set(many.sentences["sentence_id"])  # every sentence assigned
    assert abs((per_sentence == 2).sum() - overlap * n) <= 1
    assert set(per_sentence) <= {1, 2}
    loads = plan["coder"].value_counts().reindex(coders, fill_value=0)
    assert loads.max() - loads.min() <= 1
    assert (plan.groupby("sentence_id")["shared"].first() == (per_sentence == 2)).all()


def test_the_same_seed_gives_the_same_split_and_another_seed_another(many) -> None:
    first = workbench.assign(many, coders=["ana", "ben", "cleo"], overlap=0.2, seed=11)
    pd.testing.assert_frame_equal(first, workbench.assign(many, coders=["ana", "ben", "cleo"], overlap=0.2, seed=11))
    other = workbench.assign(many, coders=["ana", "ben", "cleo"], overlap=0.2, seed=12)
    assert not first.equals(other)


def test_assignment_by_article_keeps_each_article_with_its_coders(many) -> None:
    plan = workbench.assign(many, coders=["ana", "ben", "cleo"], overlap=0.3, seed=5, by="article")
    coders_per_article = plan.groupby("article_id")["coder"].agg(lambda coders: frozenset(coders))
    by_sentence = plan.groupby(["article_id", "sentence_id"])["coder"].agg(frozenset).reset_index()
    assert (by_sentence["coder"] == by_sentence["article_id"].map(coders_per_article)).all()
    shared = plan.drop_duplicates("sentence_id")["shared"].sum()
    longest = many.sentences.groupby("article_id").size().max()
    assert abs(shared - 0.3 * len(many.sentences)) <= longest
    loads = plan["coder"].value_counts()
    assert loads.max() - loads.min() <= longest


def test_an_assignment_saved_in_the_store_gives_each_coder_a_table_and_progress(many) -> None:
    with TagStore(memory=True, coder="lead") as store:
        plan = workbench.assign(many, coders=["ana", "ben"], overlap=0.2, seed=1, store=store)
        assert store.assignment_plan().coders == ("ana", "ben") and store.assignment_plan().seed == 1
        mine = store.assignments(coder="ana")
        assert set(mine["sentence_id"]) == set(plan.loc[plan["coder"] == "ana", "sentence_id"])
        store.coder = "ana"
        store.add_many(mine["sentence_id"].iloc[:10], "escalation")
        store.mark_done(mine["sentence_id"].iloc[10])
        table = workbench.assignments.progress(store).set_index("coder")
        assert table.loc["ana", ["assigned", "coded", "remaining"]].tolist() == [len(mine), 11, len(mine) - 11]
        assert table.loc["ben", "coded"] == 0
        assert table.loc["ana", "shared"] == int(mine["shared"].sum())


def test_a_new_assignment_replaces_the_one_in_use(many) -> None:
    with TagStore(memory=True, coder="lead") as store:
        workbench.assign(many, coders=["ana", "ben"], overlap=0.2, seed=1, store=store)
        workbench.assign(many, coders=["ana", "ben", "cleo"], overlap=0.2, seed=1, store=store)
        assert sorted(store.assignments()["coder"].unique()) == ["ana", "ben", "cleo"]


def test_a_team_store_made_by_merging_takes_the_coders_assignment(many, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ana.sqlite"
    with TagStore(path, coder="ana") as store:
        workbench.assign(many, coders=["ana", "ben"], overlap=0.2, seed=1, store=store)
        expected = store.assignments()
    with TagStore(tmp_path / "team.sqlite") as team:
        assert team.merge_from(path).copied["assignments"] == len(expected)
        pd.testing.assert_frame_equal(team.assignments(), expected)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"coders": []}, r"Name the coders as a list of names"),
        ({"coders": "ana"}, r"Name the coders as a list of names"),
        ({"coders": ["ana"], "overlap": 0.2}, r"Double coding needs two coders or more"),
        ({"coders": ["ana", "ben"], "overlap": 1.5}, r"overlap is the share of sentences two coders code"),
        ({"coders": ["ana", "ben"], "by": "paragraph"}, r"by must be 'sentence' or 'article'"),
    ],
)
def test_an_assignment_that_cannot_be_made_says_why(many, arguments, message) -> None:
    with pytest.raises(StoreError, match=message):
        workbench.assign(many, **arguments)


@pytest.mark.parametrize("module", ["workbench.assignments", "workbench.store._evolve"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# -- the views while coding: blind, assigned, and following the codebook ----------------------


@pytest.fixture
def two_coders(news_corpus):
    """A store where ben tagged and noted the first sentences; the views are opened as ana."""
    ids = news_corpus.sentences["sentence_id"].tolist()
    with TagStore(memory=True, coder="ben") as store:
        store.add_many(ids[:2], "escalation")
        store.set_note(ids[0], "ben's reading")
        store.coder = "ana"
        store.add(ids[1], "diplomacy")
        yield store, ids


def test_the_card_shows_only_the_coders_own_tags_and_notes(news_corpus, two_coders) -> None:
    from workbench.widgets import tagger

    store, ids = two_coders
    card = tagger(news_corpus, store=store)
    assert card.sentence_id == ids[0]
    assert not any(state["on"] for state in card.tag_states) and card.note == ""
    card.next()
    assert [state["name"] for state in card.tag_states if state["on"]] == ["diplomacy"]
    card.set_filter(tag="escalation")
    assert card.count == 0  # ben's escalation tags do not count as ana's
    assert card.progress.startswith("0 of 0 coded")
    card.close()


def test_the_grid_shows_only_the_coders_own_tags_and_notes(news_corpus, two_coders) -> None:
    from workbench.widgets import sheet

    store, _ = two_coders
    grid = sheet(news_corpus, store=store)
    frame = grid.table()
    label = grid.labels["escalation"]
    assert not frame[label].any()
    assert frame[grid.labels["diplomacy"]].tolist() == [False, True, False, False, False]
    assert (frame["note"] == "").all()
    grid.close()


def test_the_review_view_shows_every_coders_tags(news_corpus, two_coders) -> None:
    from workbench.widgets import review

    store, ids = two_coders
    store.mark_done(ids[0])
    view = review(news_corpus, store)
    assert {"ana", "ben"} <= set(view.coders_here)
    view.close()


def test_the_card_filters_to_my_assignment_and_shows_progress_against_it(news_corpus) -> None:
    from workbench.widgets import tagger

    with TagStore(memory=True, coder="ana") as store:
        plan = workbench.assign(news_corpus, coders=["ana", "ben"], overlap=0.4, seed=2, store=store)
        mine = plan.loc[plan["coder"] == "ana", "sentence_id"].tolist()
        card = tagger(news_corpus, store=store)
        assert card.progress == f"0 of 5 coded · my assignment: 0 of {len(mine)} coded"
        card.set_filter(assigned_only=True)
        assert card.count == len(mine) and card.sentence_id == mine[0]
        card.toggle("escalation")
        assert card.progress == f"1 of {len(mine)} coded (filtered from 5 sentences) in my assignment"
        card.assigned_only = False  # as the front end's checkbox does
        assert card.count == 5
        assert card.progress == f"1 of 5 coded · my assignment: 1 of {len(mine)} coded"
        card.close()


def test_the_my_assignment_filter_without_an_assignment_says_how_to_make_one(news_corpus) -> None:
    from workbench.errors import WidgetError
    from workbench.widgets import tagger

    with TagStore(memory=True, coder="cleo") as store:
        workbench.assign(news_corpus, coders=["ana", "ben"], overlap=0.4, seed=2, store=store)
        card = tagger(news_corpus, store=store)
        with pytest.raises(WidgetError, match=r"Nothing in this corpus is assigned to 'cleo'.*workbench.assign"):
            card.set_filter(assigned_only=True)
        assert card.assigned_only is False and card.count == 5
        card.close()


def test_the_card_follows_a_renamed_tag_at_once_and_back_on_undo(news_corpus, two_coders) -> None:
    from workbench.widgets import tagger

    store, ids = two_coders
    card = tagger(news_corpus, store=store)
    card.go_to(2)
    store.rename_tag("diplomacy", "talks")
    assert [state["name"] for state in card.tag_states if state["on"]] == ["talks"]
    card.toggle("talks")
    assert store.tags_of(ids[1]) == set()
    store.undo()  # the toggle
    store.undo()  # the rename
    assert [state["name"] for state in card.tag_states if state["on"]] == ["diplomacy"]
    assert "talks" not in card.codebook.tags
    card.close()


def test_the_grid_says_when_the_codebook_changed(news_corpus, two_coders) -> None:
    from workbench.widgets import sheet

    store, _ = two_coders
    grid = sheet(news_corpus, store=store)
    store.retire_tag("uncertainty")
    assert "open the sheet again" in grid.status
    grid.close()


def test_charts_and_exports_keep_a_retired_tag(store: TagStore, news_corpus, tmp_path) -> None:
    ids = news_corpus.sentences["sentence_id"].tolist()
    store.add_many(ids[:3], "escalation")
    store.retire_tag("escalation")
    figure = workbench.charts.tag_counts(news_corpus, store)
    assert "escalation" in {str(label) for trace in figure.data for label in trace.x}
    workbench.export.summaries(news_corpus, store, tmp_path / "out")
    summary = pd.read_csv(tmp_path / "out" / "tag_summary.csv").set_index("tag")
    assert summary.loc["escalation", "sentences"] == 3
