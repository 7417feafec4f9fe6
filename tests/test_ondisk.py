"""The on-disk corpus: built on a Dask cluster of two worker processes, it holds exactly the tables of load()."""

from __future__ import annotations

import codecs
import json
import os
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
from workbench.ondisk import _input, _reading

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
    """The inputs built with one file per partition (partition_size=1), and one line of the JSONL file each."""
    return build(inputs, tmp_path_factory.mktemp("ondisk") / "corpus", client)


@pytest.fixture(scope="module")
def loaded(inputs) -> workbench.Corpus:
    return quiet_load(inputs)


@pytest.mark.parametrize("table", list(ROW_KEYS))
def test_every_table_equals_that_of_load(built, loaded, table):
    on_disk = getattr(built, table).compute()
    pd.testing.assert_frame_equal(sorted_table(on_disk, table), sorted_table(getattr(loaded, table), table))


def test_each_file_and_each_jsonl_line_is_a_partition_and_the_manifest_counts_the_rows(built, loaded):
    manifest = json.loads((built.path / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["partitions"]) == 3 + len(TINY_ARTICLES)
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
    assert again.manifest["skipped_partitions"] == len(again.partitions) == 3 + len(TINY_ARTICLES)
    assert {path: path.stat().st_mtime_ns for path in built.path.glob("*/part-*.parquet")} == written


def test_a_killed_build_restarts_with_the_partitions_it_had_not_finished(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    unfinished = first.partitions[1]
    (first.path / "_done" / f"{unfinished}.json").unlink()
    (first.path / "claims" / f"part-{unfinished}.parquet").unlink()
    again = build(inputs, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == len(first.partitions) - 1
    assert again.partitions == first.partitions
    assert len(again.claims.compute()) == first.manifest["rows"]["claims"]


def test_a_changed_file_is_built_again_and_its_old_partition_removed(inputs, client, tmp_path):
    source = shutil.copytree(inputs, tmp_path / "inputs")
    first = build(source, tmp_path / "corpus", client)
    (source / "seed.txt").write_text("Iran warned Israel on Monday. Talks resumed.", encoding="utf-8")
    again = build(source, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == len(first.partitions) - 1
    seed = first.partitions[2]  # in path order: broken.json, more.csv, seed.txt, then a line of tiny.jsonl each
    assert sorted(set(first.partitions) - set(again.partitions)) == [seed]
    assert not list(again.path.glob(f"*/part-{seed}.parquet"))
    assert (again.sentences.compute()["text"] == "Talks resumed.").sum() == 1


def capri_finder(sentence: str) -> list[tuple[int, int, str]]:
    """A name finder that fails on one article's sentences (a user's own ``ner=`` function with a bug)."""
    if "Capri" in sentence:
        raise RuntimeError("name finder crashed")
    return []


def test_an_article_that_fails_is_an_error_row_and_the_rest_of_its_partition_is_written(client, tmp_path):
    frame = pd.DataFrame(TINY_ARTICLES + MORE_ARTICLES)
    with pytest.warns(UserWarning, match=r"1 input\(s\) or article\(s\) could not be built.*open_corpus\(.*\)\.errors"):
        corpus = ondisk.build_corpus(frame, tmp_path / "corpus", client=client, progress=False, ner=capri_finder)
    assert len(corpus.partitions) == 1  # every article in one partition: the failing one costs only itself
    failing = next(row["id"] for row in TINY_ARTICLES if "Capri" in row["text"])
    errors = corpus.errors.compute()
    assert len(errors) == 1
    assert errors["error"].iloc[0].startswith(f"article {failing} not built (RuntimeError: name finder crashed)")
    assert len(corpus.articles) == len(frame) - 1
    expected = quiet_load(frame[frame["id"] != failing])
    assert len(corpus.sentences) == len(expected.sentences)


def test_a_partition_that_keeps_failing_is_reported_and_the_others_are_written(client, tmp_path):
    import dask
    import dask.dataframe as dd

    def broken() -> pd.DataFrame:
        raise OSError("disk gone")

    meta = pd.DataFrame(TINY_ARTICLES[:0])
    parts = [dask.delayed(pd.DataFrame)(TINY_ARTICLES), dask.delayed(broken)()]
    with pytest.warns(UserWarning, match="could not be built"):
        corpus = ondisk.build_corpus(
            dd.from_delayed(parts, meta=meta, verify_meta=False),
            tmp_path / "corpus",
            client=client,
            retries=1,
            progress=False,
        )
    errors = corpus.errors.compute()
    assert errors["error"].str.contains("failed after its retries .OSError: disk gone").tolist() == [True]
    assert corpus.manifest["failed_partitions"] == [1]
    assert len(corpus.articles) == len(TINY_ARTICLES)


def damage(path: pathlib.Path) -> None:
    """Cut a file to half its size, as a full disk or a killed copy leaves it."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def test_a_truncated_part_is_found_by_the_next_build_and_built_again(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    truncated = first.path / "sentences" / f"part-{first.partitions[2]}.parquet"
    damage(truncated)
    again = build(inputs, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == len(first.partitions) - 1
    assert len(again.sentences.compute()) == first.manifest["rows"]["sentences"]


def test_check_names_each_damaged_or_missing_part_and_repair_rebuilds_only_those(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    assert workbench.check_corpus(first.path).ok
    cut = first.path / "mentions" / f"part-{first.partitions[0]}.parquet"
    gone = first.path / "articles" / f"part-{first.partitions[3]}.parquet"
    damage(cut)
    gone.unlink()
    found = workbench.check_corpus(first.path)
    assert {(damage.path, damage.problem) for damage in found.damaged} == {
        (cut, ondisk.Problem.SIZE),
        (gone, ondisk.Problem.MISSING),
    }
    with pytest.raises(LoadError, match=r"cannot be read .*workbench check") as raised:
        first.take(["x"])
    assert cut.name in str(raised.value) or gone.name in str(raised.value)
    with pytest.raises(LoadError, match=r"2 part file\(s\) of the corpus .* are damaged: .*--repair") as raised:
        workbench.open_corpus(first.path)
    assert cut.name in str(raised.value) and gone.name in str(raised.value)
    intact = {path: path.stat().st_mtime_ns for path in first.path.glob("*/part-*.parquet") if path not in (cut, gone)}
    untouched = {path: mtime for path, mtime in intact.items() if first.partitions[0] not in path.name}
    untouched = {path: mtime for path, mtime in untouched.items() if first.partitions[3] not in path.name}
    repaired = build(inputs, first.path, client, repair=True)
    assert workbench.check_corpus(first.path).ok
    assert repaired.manifest["skipped_partitions"] == len(first.partitions) - 2
    assert {path: path.stat().st_mtime_ns for path in untouched} == untouched
    assert len(repaired.mentions.compute()) == first.manifest["rows"]["mentions"]


def test_a_byte_changed_in_place_is_found_by_its_checksum(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    changed = first.path / "claims" / f"part-{first.partitions[1]}.parquet"
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(bytes(data))
    assert [(d.path, d.problem) for d in workbench.check_corpus(first.path).damaged] == [
        (changed, ondisk.Problem.CHECKSUM)
    ]


def test_a_damaged_actors_part_is_built_again_instead_of_failing_every_build(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    damage(first.path / "_actors" / f"part-{first.partitions[2]}.parquet")
    again = build(inputs, first.path, client)
    pd.testing.assert_frame_equal(again.actors.compute(), first.actors.compute())
    assert workbench.check_corpus(first.path).ok


def test_repair_refuses_other_options_than_the_build_used(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    with pytest.raises(LoadError, match="built with other options"):
        build(inputs, first.path, client, repair=True, junk=["Subscribe now"])


def test_the_check_command_lists_damaged_parts_and_exits_with_1(inputs, client, tmp_path):
    first = build(inputs, tmp_path / "corpus", client)
    assert CliRunner().invoke(cli, ["check", str(first.path)]).exit_code == 0
    cut = first.path / "errors" / f"part-{first.partitions[0]}.parquet"
    damage(cut)
    result = CliRunner().invoke(cli, ["check", str(first.path)])
    assert result.exit_code == 1
    assert f"{cut}: not the size it was written with" in result.output
    assert "--repair" in result.output


def test_the_same_folder_typed_relative_or_absolute_is_one_build(inputs, client, tmp_path, monkeypatch):
    monkeypatch.chdir(inputs.parent)
    first = build(inputs.name, tmp_path / "corpus", client)
    again = build(inputs, tmp_path / "corpus", client)
    assert again.manifest["skipped_partitions"] == len(first.partitions)
    assert pathlib.Path(first.articles["path"].compute().iloc[0]).is_absolute()


def refuse(*args, **kwargs):
    raise AssertionError("the input of a partition already written was read again")


def test_a_resumed_build_of_the_same_files_neither_reads_nor_extracts_them(inputs, tmp_path, monkeypatch):
    """On a cluster in this process, so that the readers replaced here are those the tasks run."""
    from workbench.ondisk import _partition

    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0") as local:
        first = build(inputs, tmp_path / "corpus", local)
        for name in ("_read_part", "_read_lines", "_scan"):
            monkeypatch.setattr(_reading, name, refuse)
        monkeypatch.setattr(_partition, "_extract", refuse)
        again = build(inputs, tmp_path / "corpus", local)
    assert again.manifest["skipped_partitions"] == len(again.partitions) == len(first.partitions)
    assert again.partitions == first.partitions
    assert len(again.sentences) == len(first.sentences)


def test_a_file_touched_but_unchanged_keeps_its_partitions_and_a_byte_changed_rebuilds_them(inputs, client, tmp_path):
    source = shutil.copytree(inputs, tmp_path / "inputs")
    first = build(source, tmp_path / "corpus", client)
    lines = source / "tiny.jsonl"
    os.utime(lines, ns=(lines.stat().st_atime_ns, lines.stat().st_mtime_ns + 5_000_000_000))
    touched = build(source, tmp_path / "corpus", client)
    assert touched.partitions == first.partitions
    assert touched.manifest["skipped_partitions"] == len(first.partitions)
    data = lines.read_bytes()
    lines.write_bytes(data.replace(b"Capri", b"Kapri", 1))
    assert len(lines.read_bytes()) == len(data)
    (tmp_path / "corpus" / "_inputs.json").write_text('{"' + str(lines) + '": "not a record"}', encoding="utf-8")
    changed = build(source, tmp_path / "corpus", client)
    # every line of the JSON Lines file is a partition, and each depends on the whole file (its keys, its line numbers)
    assert changed.manifest["skipped_partitions"] == len(first.partitions) - len(TINY_ARTICLES)
    assert changed.sentences["text"].str.contains("Kapri").any().compute()
    assert not changed.sentences["text"].str.contains("Capri").any().compute()


def test_a_relative_output_folder_is_written_where_the_build_was_started(inputs, client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = build(inputs, "corpus", client)
    assert corpus.path == tmp_path / "corpus"
    assert workbench.check_corpus(tmp_path / "corpus").ok


def test_an_unreachable_scheduler_is_refused_before_anything_is_written(inputs, tmp_path):
    with pytest.raises(LoadError, match=r"No Dask scheduler answers at 'tcp://127\.0\.0\.1:9'.*nothing was written"):
        ondisk.build_corpus(inputs, tmp_path / "corpus", client="tcp://127.0.0.1:9", timeout=2, progress=False)
    assert not (tmp_path / "corpus").exists()


def test_a_worker_that_cannot_see_the_input_says_what_workers_must_share(client, tmp_path):
    part = _input.Part(_input.PartKind.FILES, (str(tmp_path / "elsewhere" / "a.txt"),))
    with pytest.raises(ondisk.UnsharedPathError, match="every worker needs the input and output folders at the same"):
        _reading._read_part(part, reading=_reading.Reading())


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


def test_the_build_command_reads_a_link_out_of_the_folder_only_when_asked(client, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran warned Israel on Monday.", encoding="utf-8")
    (tmp_path / "private.txt").write_text("The root password is swordfish.", encoding="utf-8")
    (folder / "b.txt").symlink_to(tmp_path / "private.txt")
    command = ["build", str(folder), "--scheduler", client.scheduler.address, "--no-progress", "--out"]
    texts = {}
    for name, options in [("refused", []), ("followed", ["--follow-links"])]:
        result = CliRunner().invoke(cli, [*command, str(tmp_path / name), *options])
        assert result.exit_code == 0, result.output
        texts[name] = " ".join(ondisk.open_corpus(tmp_path / name).articles["text"].compute())
    refused = ondisk.open_corpus(tmp_path / "refused").errors.compute()
    assert refused["error"].str.contains("symbolic link").tolist() == [True]
    assert "swordfish" not in texts["refused"]
    assert "swordfish" in texts["followed"]


def test_the_export_command_writes_a_built_corpus_as_parquet_files_per_partition(built, loaded, tmp_path):
    with workbench.TagStore(tmp_path / "tags.sqlite", coder="ana") as store:
        store.add(loaded.sentences["sentence_id"].iloc[3], "escalation")
        workbench.export.summaries(loaded, store, tmp_path / "memory", format="parquet")
    options = ["--store", str(tmp_path / "tags.sqlite"), "--corpus", str(built.path), "--format", "parquet"]
    result = CliRunner().invoke(cli, ["export", *options, "--out", str(tmp_path / "disk")])
    assert result.exit_code == 0, result.output
    parts = sorted((tmp_path / "disk" / "sentences_tagged").glob("part-*.parquet"))
    assert len(parts) == len(built.partitions)
    on_disk = pd.concat([pd.read_parquet(path) for path in parts]).sort_values("sentence_id", ignore_index=True)
    in_memory = pd.read_parquet(tmp_path / "memory" / "sentences_tagged.parquet")
    pd.testing.assert_frame_equal(on_disk, in_memory.sort_values("sentence_id", ignore_index=True))
    assert "1 input(s) not loaded, first:" in result.stderr  # the broken file, from the built corpus's errors


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
    [
        {"actor": "Iran"},
        {"search": "said", "claims_only": True},
        {"hedged_only": True},
        {"article": "t2"},
        {"actor": "Egypt", "article": "m3"},
        {"actor": "Egypt", "search": "talks", "claims_only": True},
        {"actor": "Egypt", "article": "t1"},
    ],
)
def test_find_gives_the_rows_the_in_memory_find_gives(built, loaded, filters):
    pd.testing.assert_frame_equal(built.find(**filters), loaded.find(**filters))


def test_find_of_nothing_gives_the_columns_of_the_in_memory_find(built, loaded):
    pd.testing.assert_frame_equal(built.find(search="Atlantis"), loaded.find(search="Atlantis"))


def test_the_articles_of_what_find_gives_are_a_corpus_whose_sentences_hold_the_rows(built, loaded):
    found = built.find(actor="Egypt", search="talks")
    corpus = built.take(found["article_id"].unique())
    assert set(found["sentence_id"]) <= set(corpus.sentences["sentence_id"])
    pd.testing.assert_frame_equal(corpus.find(actor="Egypt", search="talks"), found)


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


@pytest.mark.parametrize(
    "span", [(None, "2024-04-15"), ("2024-04-16", None), ("2024-05", "2024-05"), ("2024-05-07", "2024-06-30")]
)
def test_between_gives_the_articles_of_the_span_whatever_partitions_it_skips(built, loaded, span):
    start, end = span
    found = built.between(start, end)
    published = loaded.articles["published"]
    low = pd.Timestamp.min if start is None else pd.Timestamp(start)
    high = pd.Timestamp.max if end is None else pd.Period(end).end_time
    expected = loaded.articles.loc[published.between(low, high).fillna(False), "article_id"]
    assert sorted(found.articles["article_id"]) == sorted(expected)
    pd.testing.assert_frame_equal(
        sorted_table(found.mentions, "mentions"),
        sorted_table(loaded.mentions[loaded.mentions["article_id"].isin(expected)], "mentions"),
    )


SLICES = {
    "take": lambda corpus: corpus.take(["m2", "t1", "m5"]),
    "between": lambda corpus: corpus.between("2024-05-02", "2024-05-05"),
    "sample": lambda corpus: corpus.sample(5, seed=4),
    "find actor": lambda corpus: corpus.find(actor="Egypt"),
    "find article": lambda corpus: corpus.find(article="m4"),
}
"""Slices of the built corpus: a ``Corpus``, or for find its rows; "find article" reads one partition."""


def sentences_of(result: workbench.Corpus | pd.DataFrame) -> pd.DataFrame:
    """The sentences a slice gives: a corpus's sentences table, or the rows find gives."""
    return result if isinstance(result, pd.DataFrame) else result.sentences


@pytest.mark.parametrize("slice_of", SLICES.values(), ids=SLICES.keys())
def test_a_slice_turns_into_rows_only_the_sentences_it_returns(built, monkeypatch, slice_of):
    import dask

    from workbench.ondisk import _layout

    read = []

    def counting(real):
        def counted(out, table, key, *args, **options):
            rows = real(out, table, key, *args, **options)  # a DataFrame, or Arrow rows of chosen articles
            if table == "sentences":
                read.append(len(rows))
            return rows

        return counted

    for name in ("read_part", "read_rows"):
        monkeypatch.setattr(_layout, name, counting(getattr(_layout, name)))
    with dask.config.set(scheduler="sync"):  # the partitions are read in this process, where the count is kept
        result = slice_of(ondisk.open_corpus(built.path))
    assert 0 < len(sentences_of(result)) == sum(read)


@pytest.mark.parametrize("slice_of", SLICES.values(), ids=SLICES.keys())
def test_a_slice_read_several_partitions_to_a_task_gives_the_rows_of_one_partition_a_task(
    built, client, monkeypatch, slice_of
):
    from workbench.ondisk import _open

    one_each = slice_of(built)
    monkeypatch.setattr(_open, "TASKS_PER_THREAD", 1)  # at most two tasks, on the two worker threads
    with distributed.get_task_stream(client) as tasks:
        several_each = slice_of(built)
    assert 0 < len([task for task in tasks.data if str(task["key"]).startswith("_pick")]) <= 2
    if isinstance(one_each, pd.DataFrame):  # the rows of find, in corpus order however they were read
        pd.testing.assert_frame_equal(several_each, one_each)
        return
    for table in ("articles", "sentences", "mentions", "claims"):
        pd.testing.assert_frame_equal(
            sorted_table(getattr(several_each, table), table), sorted_table(getattr(one_each, table), table)
        )


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


PEOPLE = ["Amira Haddad", "Tomas Ortiz", "Grace Adeyemi", "Kenji Morita"]
PLACES = ["Egypt", "Turkey", "France", "Japan"]


def briefing(number: int) -> dict[str, str]:
    """A made-up wire briefing; one in three has no id, so its id is a hash of its text."""
    person, place = PEOPLE[number % 4], PLACES[number // 4 % 4]
    record = {
        "title": f"Briefing {number}",
        "published": f"2024-06-{number % 28 + 1:02d}",
        "text": f'{person} said on day {number} that {place} would host the talks. "We are ready," officials said.',
    }
    return record | ({"id": f"b{number}"} if number % 3 else {})


BAD_LINES = {
    17: '{"text": "Cut off',
    60: json.dumps({"title": "No text here"}),
    95: "",
    131: "[1, 2]",
    170: json.dumps({"text": 42}),
    222: json.dumps({"text": "Talks went on at the port.", "published": "next week"}),
    250: "   ",
}
"""Lines (by position from 0) that are no article: invalid JSON, no text, blank, not an object,
a text that is a number, a date that is no date (the article loads, the date is an error row)."""


def news_lines(count: int, bad: dict[int, str] | None = None) -> list[str]:
    return [bad[number] if bad and number in bad else json.dumps(briefing(number)) for number in range(count)]


def write_lines(
    path: pathlib.Path, lines: list[str], *, newline: str = "\n", final: bool = True, bom: bool = False
) -> pathlib.Path:
    text = newline.join(lines) + (newline if final else "")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


def assert_built_as_loaded(corpus: ondisk.OnDiskCorpus, loaded: workbench.Corpus) -> None:
    for table in ROW_KEYS:
        on_disk = sorted_table(getattr(corpus, table).compute(), table)
        pd.testing.assert_frame_equal(on_disk, sorted_table(getattr(loaded, table), table), obj=table)


LINES_SIZE = 4000
"""Partition size for the JSON Lines file of 300 briefings (about 45 KB): some ten ranges."""


@pytest.fixture(scope="module")
def lines_file(tmp_path_factory) -> pathlib.Path:
    return write_lines(tmp_path_factory.mktemp("ondisk") / "wire.jsonl", news_lines(300, BAD_LINES))


@pytest.fixture(scope="module")
def lines_built(lines_file, client, tmp_path_factory) -> ondisk.OnDiskCorpus:
    out = tmp_path_factory.mktemp("ondisk") / "corpus"
    return ondisk.build_corpus(lines_file, out, client=client, partition_size=LINES_SIZE, progress=False)


def test_a_large_json_lines_file_is_built_in_ranges_with_the_tables_load_gives(lines_file, lines_built):
    assert len(lines_built.partitions) == len(_input.line_ranges(lines_file, LINES_SIZE)) > 5
    assert_built_as_loaded(lines_built, quiet_load(lines_file))


def test_the_error_rows_of_a_file_built_in_ranges_name_the_lines_of_the_file(lines_built):
    errors = lines_built.errors.compute()
    lines = errors["error"].str.extract(r"^line (\d+): ", expand=False).astype(int)
    blank = {95, 250}
    assert sorted(lines) == [number + 1 for number in sorted(set(BAD_LINES) - blank)]
    assert errors["error"].str.contains("line 223: the date 'next week' could not be read", regex=False).any()


def test_the_ranges_of_a_json_lines_file_start_at_line_starts_and_cover_every_byte_once(tmp_path):
    assert _input.line_ranges(write_lines(tmp_path / "abc.jsonl", ["ab", "cd", "ef"], final=False), 2) == [
        (0, 3),
        (3, 6),
        (6, 8),
    ]


@pytest.mark.parametrize(
    "lines, options, size",
    [
        (news_lines(40), {}, 500),
        (news_lines(40), {"newline": "\r\n"}, 500),
        (news_lines(40), {"final": False}, 500),
        (news_lines(40), {"bom": True}, 500),
        ([*news_lines(5), "x" * 3000, *news_lines(5)], {}, 500),
        (news_lines(40), {}, 1),
        (["ab"], {"final": False}, 1),
    ],
    ids=["lf", "crlf", "no final newline", "bom", "a line longer than a range", "a range per line", "one line"],
)
def test_line_ranges_cover_the_file_and_each_ends_at_the_first_line_end_past_its_size(tmp_path, lines, options, size):
    path = write_lines(tmp_path / "news.jsonl", lines, **options)
    data = path.read_bytes()
    ranges = _input.line_ranges(path, size)
    assert [start for start, _ in ranges] == [0, *(end for _, end in ranges[:-1])]
    assert ranges[-1].end == len(data)
    assert all(data[start - 1 : start] == b"\n" for start, _ in ranges[1:])
    assert all(end - 1 == data.index(b"\n", start + size - 1) for start, end in ranges[:-1])
    assert b"\n" not in data[ranges[-1].start + size - 1 : -1]  # the last range could not end sooner


@pytest.mark.parametrize(
    "options", [{}, {"newline": "\r\n"}, {"final": False}, {"bom": True}], ids=["lf", "crlf", "no final newline", "bom"]
)
def test_every_layout_of_lines_builds_the_tables_load_gives(client, tmp_path, options):
    path = write_lines(tmp_path / "news.jsonl", news_lines(60, BAD_LINES | {33: "", 45: '{"text": 7'}), **options)
    size = path.read_bytes().index(b"\n", 1000) + 1
    ranges = _input.line_ranges(path, size)
    assert ranges[0].end == size  # the first range ends exactly at a line end
    assert len(ranges) > 3
    corpus = ondisk.build_corpus(path, tmp_path / "corpus", client=client, partition_size=size, progress=False)
    assert len(corpus.partitions) == len(ranges)
    assert_built_as_loaded(corpus, quiet_load(path))


def renamed(record: dict[str, str], old: str, new: str) -> dict[str, str]:
    return {new if key == old else key: value for key, value in record.items()}


def write_briefings(path: pathlib.Path, records: list[dict[str, str]]) -> pathlib.Path:
    return write_lines(path, [json.dumps(record) for record in records])


@pytest.mark.parametrize(
    "records, columns",
    [
        ([renamed(briefing(n), "text", "body") for n in range(20)] + [briefing(n) for n in range(20, 40)], {}),
        ([briefing(n) for n in range(20)] + [briefing(n) | {"guid": f"g{n}"} for n in range(20, 40)], {"id": "guid"}),
    ],
    ids=["the text key is that of the whole file", "an id key only later lines hold"],
)
def test_each_range_takes_the_keys_the_whole_file_gives_each_field(client, tmp_path, records, columns):
    path = write_briefings(tmp_path / "news.jsonl", records)
    corpus = ondisk.build_corpus(
        path, tmp_path / "corpus", client=client, partition_size=600, progress=False, columns=columns
    )
    assert len(corpus.partitions) > 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        loaded = workbench.load(path, id_column=columns.get("id"))
    assert_built_as_loaded(corpus, loaded)


def test_an_error_of_the_whole_file_is_one_error_row_as_in_load(client, tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_briefings(folder / "news.jsonl", [briefing(n) for n in range(40)])
    write_briefings(folder / "stories.jsonl", [renamed(briefing(n), "text", "story") for n in range(40, 42)])
    corpus = ondisk.build_corpus(
        folder, tmp_path / "corpus", client=client, partition_size=600, progress=False, columns={"text": "story"}
    )
    assert len(corpus.partitions) > 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        loaded = workbench.load(folder, text_column="story")
    assert_built_as_loaded(corpus, loaded)
    assert corpus.errors.compute()["error"].str.startswith("no column 'story' (text_column='story')").tolist() == [True]


def test_a_file_not_utf8_throughout_is_read_whole_as_load_decodes_it(client, tmp_path, monkeypatch):
    monkeypatch.setattr(_input, "_HEAD", 200)  # the build plans ranges from the file's first bytes, which are UTF-8
    lines = news_lines(40)
    lines[30] = json.dumps({"text": "Le ministre a parlé à Paris."}, ensure_ascii=False)
    path = tmp_path / "news.jsonl"
    path.write_bytes("\n".join(lines).encode("cp1252"))
    corpus = ondisk.build_corpus(path, tmp_path / "corpus", client=client, partition_size=600, progress=False)
    assert len(corpus.partitions) > 3
    assert_built_as_loaded(corpus, quiet_load(path))
    assert corpus.articles["text"].compute().str.contains("parlé à Paris").any()


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("wire.csv", "text\n" + "Talks resumed.\n" * 100, "a quoted CSV value may hold line breaks"),
        ("wire.json", json.dumps([briefing(n) for n in range(10)]), "a JSON document is parsed whole"),
        ("wire.jsonl", "\n".join(news_lines(10)).encode("utf-16"), "it is not UTF-8 text"),
        ("wire.jsonl", "é\n".encode("cp1252") + "\n".join(news_lines(10)).encode(), "it is not UTF-8 text"),
    ],
    ids=["csv", "json", "utf-16 json lines", "cp1252 json lines"],
)
def test_a_large_file_read_whole_warns_why_and_how_to_fix_it(monkeypatch, tmp_path, name, data, reason):
    monkeypatch.setattr(_input, "_LARGE_FILE", 0)
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.warns(UserWarning, match=rf"read whole by one task \({reason}.*convert it to JSON Lines in UTF-8"):
        parts = _input.plan(path, 100)
    assert [part.kind for part in parts] == [_input.PartKind.FILES]


def test_a_large_json_lines_file_in_utf8_is_cut_without_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(_input, "_LARGE_FILE", 0)
    path = write_lines(tmp_path / "wire.jsonl", news_lines(10))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = _input.plan(path, 100)
    assert [part.span for part in parts] == _input.line_ranges(path, 100)
    assert {part.kind for part in parts} == {_input.PartKind.LINES}


def test_partitions_follow_the_order_load_reads_the_files_in(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks resumed in Cairo on Monday.", encoding="utf-8")
    write_lines(folder / "b.jsonl", news_lines(10))
    (folder / "c.txt").write_text("Talks ended in Ankara on Friday.", encoding="utf-8")
    pd.DataFrame([briefing(n) for n in range(4)]).to_parquet(folder / "d.parquet")
    (folder / "e.txt").write_text("Envoys left Tokyo on Sunday.", encoding="utf-8")
    parts = _input.plan(folder, 1000)
    names = [pathlib.Path(path).name for part in parts for path in part.paths]
    assert list(dict.fromkeys(names)) == ["a.txt", "b.jsonl", "c.txt", "d.parquet", "e.txt"]
    assert names.count("b.jsonl") == len(_input.line_ranges(folder / "b.jsonl", 1000)) > 1


def test_find_by_actor_reads_only_the_partitions_that_name_it(built, loaded, monkeypatch):
    read, real = [], type(built)._gather

    def gather(self, pick, keys, join):
        read.append(keys)
        return real(self, pick, keys, join)

    monkeypatch.setattr(type(built), "_gather", gather)
    found = built.find(actor="Iran")
    naming = set(loaded.mentions.loc[loaded.mentions["actor"] == "Iran", "article_id"])
    assert 0 < len(read[0]) == len(naming) < len(built.partitions)  # one article per partition here
    pd.testing.assert_frame_equal(found, loaded.find(actor="Iran"))


def test_the_build_command_sends_dask_log_to_a_file_and_keeps_it_off_stderr(inputs, tmp_path):
    import subprocess

    command = [sys.executable, "-m", "workbench", "build", str(inputs), "--out", str(tmp_path / "corpus")]
    options = ["--workers", "1", "--threads", "1", "--no-progress", "--log", str(tmp_path / "build.log")]
    done = subprocess.run([*command, *options], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "distributed." not in done.stderr  # the local cluster's start and the nanny's shutdown warnings
    assert "could not be built" in done.stderr  # the broken file, counted
    assert "distributed.scheduler INFO" in (tmp_path / "build.log").read_text(encoding="utf-8")
