"""The on-disk corpus: built on a Dask cluster of two worker processes, it holds exactly the tables of load()."""

from __future__ import annotations

import json
import pathlib
import shutil
import sys
import warnings

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import SEEDS, TINY_ARTICLES

import workbench
from workbench import ondisk
from workbench.cli import cli
from workbench.errors import FilterError, LoadError, MissingExtraError

distributed = pytest.importorskip("distributed", reason="the on-disk corpus needs the dask extra")

ROW_KEYS = {
    "articles": ["article_id"],
    "sentences": ["sentence_id"],
    "mentions": ["sentence_id", "start", "end"],
    "claims": ["claim_id"],
    "errors": ["path", "error"],
    "actors": ["actor", "actor_type"],
}
"""The columns that order each table's rows for a comparison."""

MORE_ARTICLES = [
    {
        "id": f"m{number}",
        "title": f"Briefing {number}",
        "published": f"2024-05-{number + 1:02d}",
        "source": "Wire",
        "text": f"Foreign Minister Amira Haddad said on day {number} that Egypt would host talks. "
        f'"We are ready," said Haddad. NATO may send observers to Turkey, officials said.',
    }
    for number in range(6)
]


def sorted_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return frame.sort_values(ROW_KEYS[table]).reset_index(drop=True)


def quiet_load(source) -> workbench.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return workbench.load(source)


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two single-threaded worker processes, shared by the module's tests."""
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def write_inputs(folder: pathlib.Path) -> pathlib.Path:
    """A folder of the kinds analysts hold: a saved article, JSONL and CSV records, and a broken JSON file."""
    folder.mkdir()
    shutil.copy(SEEDS / "israel-iran-restraint.txt", folder / "seed.txt")
    pd.DataFrame(TINY_ARTICLES).to_json(folder / "tiny.jsonl", orient="records", lines=True)
    pd.DataFrame(MORE_ARTICLES).to_csv(folder / "more.csv", index=False)
    (folder / "broken.json").write_text('{"articles": [{"text": "Cut off', encoding="utf-8")
    return folder


def build(source, out: pathlib.Path, client, **options) -> ondisk.OnDiskCorpus:
    return ondisk.build_corpus(source, out, client=client, partition_size=1, progress=False, **options)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> pathlib.Path:
    return write_inputs(tmp_path_factory.mktemp("ondisk") / "inputs")


@pytest.fixture(scope="module")
def built(inputs, client, tmp_path_factory) -> ondisk.OnDiskCorpus:
    """The inputs built with one file per partition (partition_size=1)."""
    return build(inputs, tmp_path_factory.mktemp("ondisk") / "corpus", client)


@pytest.fixture(scope="module")
def loaded(inputs) -> workbench.Corpus:
    return quiet_load(inputs)


@pytest.mark.parametrize("table", list(ROW_KEYS))
def test_every_table_equals_that_of_load(built, loaded, table):
    on_disk = getattr(built, table).compute()
    pd.testing.assert_frame_equal(sorted_table(on_disk, table), sorted_table(getattr(loaded, table), table))


def test_each_file_is_a_partition_and_the_manifest_counts_the_rows(built, loaded):
    manifest = json.loads((built.path / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["partitions"]) == 4
    assert manifest["rows"] == {table: len(getattr(loaded, table)) for table in ROW_KEYS} | {"errors": 1}
    assert manifest["schema"]["sentences"]["sentence_id"] == "string"


def test_the_broken_file_is_an_error_row_and_the_rest_is_built(built):
    errors = built.errors.compute()
    assert errors["path"].str.endswith("broken.json").tolist() == [True]
    assert errors["error"].str.contains("invalid JSON").all()
    assert len(built.articles) == 1 + len(TINY_ARTICLES) + len(MORE_ARTICLES)


def test_a_second_build_skips_every_partition_and_rewrites_nothing(inputs, built, client):
    written = {path: path.stat().st_mtime_ns for path in built.path.glob("*/part-*.parquet")}
    again = build(inputs, built.path, client)
    assert again.manifest["skipped_partitions"] == len(again.partitions) == 4
    assert {path: path.stat().st_mtime_ns for path in built.path.glob("*/part-*.parquet")} == written


def test_a_killed_build_restarts_with_the_partitions_it_had_not_finished(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    unfinished = first.partitions[1]
    (first.path / "_done" / f"{unfinished}.json").unlink()
    (first.path / "claims" / f"part-{unfinished}.parquet").unlink()
    again = build(inputs, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == 3
    assert again.partitions == first.partitions
    assert len(again.claims.compute()) == first.manifest["rows"]["claims"]


def test_a_changed_file_is_built_again_and_its_old_partition_removed(inputs, client, tmp_path):
    source = shutil.copytree(inputs, tmp_path / "inputs")
    first = build(source, tmp_path / "corpus", client)
    (source / "seed.txt").write_text("Iran warned Israel on Monday. Talks resumed.", encoding="utf-8")
    again = build(source, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == 3
    seed = first.partitions[2]  # partitions in path order: broken.json, more.csv, seed.txt, tiny.jsonl
    assert sorted(set(first.partitions) - set(again.partitions)) == [seed]
    assert not list(again.path.glob(f"*/part-{seed}.parquet"))
    assert (again.sentences.compute()["text"] == "Talks resumed.").sum() == 1


def test_a_partition_that_keeps_failing_is_reported_and_the_others_are_written(client, tmp_path):
    def finder(sentence: str) -> list[tuple[int, int, str]]:
        if "Capri" in sentence:
            raise RuntimeError("name finder crashed")
        return []

    frame = pd.DataFrame(TINY_ARTICLES + MORE_ARTICLES)
    corpus = ondisk.build_corpus(
        frame, tmp_path / "corpus", client=client, partition_size=1, retries=1, progress=False, ner=finder
    )
    errors = corpus.errors.compute()
    assert errors["error"].str.contains("failed after its retries .RuntimeError: name finder crashed").tolist() == [
        True
    ]
    assert len(corpus.manifest["failed_partitions"]) == 1
    assert len(corpus.articles) == len(frame) - 1


@pytest.fixture(scope="module")
def frame_built(client, tmp_path_factory) -> ondisk.OnDiskCorpus:
    """The tiny and the extra articles as one DataFrame, split into partitions of about 300 bytes."""
    frame = pd.DataFrame(TINY_ARTICLES + MORE_ARTICLES)
    out = tmp_path_factory.mktemp("ondisk") / "corpus"
    return ondisk.build_corpus(frame, out, client=client, partition_size=300, progress=False)


@pytest.mark.parametrize("table", list(ROW_KEYS))
def test_a_dataframe_builds_the_tables_load_gives(frame_built, table):
    assert len(frame_built.partitions) > 1
    expected = getattr(quiet_load(pd.DataFrame(TINY_ARTICLES + MORE_ARTICLES)), table)
    on_disk = getattr(frame_built, table).compute()
    pd.testing.assert_frame_equal(sorted_table(on_disk, table), sorted_table(expected, table))


def test_parquet_row_groups_are_read_as_articles(client, tmp_path):
    frame = pd.DataFrame(TINY_ARTICLES + MORE_ARTICLES)
    (tmp_path / "parts").mkdir()
    frame.to_parquet(tmp_path / "parts" / "news.parquet", row_group_size=3)
    corpus = ondisk.build_corpus(
        tmp_path / "parts", tmp_path / "corpus", client=client, partition_size=1, progress=False
    )
    assert len(corpus.partitions) == 3
    expected = quiet_load(frame).sentences
    pd.testing.assert_frame_equal(
        sorted_table(corpus.sentences.compute(), "sentences"), sorted_table(expected, "sentences")
    )
    assert set(corpus.articles["path"].compute()) == {str(tmp_path / "parts" / "news.parquet")}


def test_a_scheduler_address_runs_the_build_on_that_cluster(inputs, client, tmp_path, loaded):
    corpus = ondisk.build_corpus(inputs, tmp_path / "corpus", client=client.scheduler.address, progress=False)
    assert len(corpus.sentences) == len(loaded.sentences)


def test_the_build_command_writes_an_on_disk_corpus(inputs, client, tmp_path, loaded):
    result = CliRunner().invoke(
        cli, ["build", str(inputs), "--out", str(tmp_path / "corpus"), "--scheduler", client.scheduler.address]
    )
    assert result.exit_code == 0, result.output
    assert len(ondisk.open_corpus(tmp_path / "corpus").sentences) == len(loaded.sentences)


def test_a_sample_is_a_corpus_whose_ids_are_those_of_the_whole(built, loaded):
    sample = built.sample(3, seed=7)
    assert isinstance(sample, workbench.Corpus)
    assert len(sample.articles) == 3
    whole = loaded.sentences[loaded.sentences["article_id"].isin(sample.articles["article_id"])]
    pd.testing.assert_frame_equal(sorted_table(sample.sentences, "sentences"), sorted_table(whole, "sentences"))
    assert built.sample(3, seed=7).articles["article_id"].tolist() == sample.articles["article_id"].tolist()


def test_tags_given_on_a_sample_are_tags_on_the_whole_corpus(built, loaded, tmp_path):
    sample = built.sample(2, seed=1)
    with workbench.TagStore(tmp_path / "tags.sqlite", coder="ana") as store:
        store.add_many(sample.sentences["sentence_id"].tolist(), "escalation")
        tagged = set(store.tags()["sentence_id"])
    assert tagged <= set(loaded.sentences["sentence_id"])
    assert len(tagged) == len(sample.sentences)


@pytest.mark.parametrize(
    "filters",
    [{"actor": "Iran"}, {"search": "said", "claims_only": True}, {"hedged_only": True}, {"article": "t2"}],
)
def test_find_gives_the_sentences_the_in_memory_find_gives(built, loaded, filters):
    found = built.find(**filters)
    assert isinstance(found, workbench.Corpus)
    expected = loaded.find(**filters)["sentence_id"]
    assert sorted(found.sentences["sentence_id"]) == sorted(expected)
    assert set(found.articles["article_id"]) == set(loaded.find(**filters)["article_id"])


@pytest.mark.parametrize("name, value", [("actor", "Atlantis"), ("article", "no-such-article")])
def test_find_names_an_unknown_actor_or_article(built, name, value):
    with pytest.raises(FilterError, match=f"Unknown {name} '{value}'"):
        built.find(**{name: value})


def test_take_and_between_slice_by_article_and_by_date(built, loaded):
    assert sorted(built.take(["t1", "m2", "nope"]).articles["article_id"]) == ["m2", "t1"]
    in_may = built.between("2024-05-02", "2024-05-03")
    assert sorted(in_may.articles["article_id"]) == ["m1", "m2"]
    expected = loaded.sentences[loaded.sentences["article_id"].isin(["m1", "m2"])]
    pd.testing.assert_frame_equal(sorted_table(in_may.sentences, "sentences"), sorted_table(expected, "sentences"))


def test_opening_a_folder_that_is_no_corpus_says_how_to_build_one(tmp_path):
    with pytest.raises(LoadError, match=r"build one with workbench\.build_corpus"):
        ondisk.open_corpus(tmp_path)


def test_a_size_that_is_no_size_is_refused(tmp_path):
    with pytest.raises(LoadError, match="partition_size='big' is not a size"):
        ondisk.build_corpus(SEEDS, tmp_path / "corpus", partition_size="big", progress=False)


def test_without_dask_the_error_names_the_extra_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'workbench\[dask\]'"):
        ondisk.build_corpus(SEEDS, tmp_path / "corpus")
