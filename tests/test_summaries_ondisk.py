"""The analysis layer on an on-disk corpus: every summary, chart and export equals that of the in-memory corpus."""

from __future__ import annotations

import json
import pathlib
import warnings

import pandas as pd
import pytest
from conftest import SEEDS, TINY_ARTICLES

import workbench
from workbench import charts, export, ondisk, summaries
from workbench.errors import ExportError, FilterError

pytest.importorskip("distributed", reason="the on-disk corpus needs the dask extra")

DISPATCHES = [
    {
        "id": f"d{number}",
        "title": f"Dispatch {number}",
        "published": f"2024-05-{3 * number + 1:02d}",
        "source": "Wire" if number % 2 else "Courier",
        "text": f"Foreign Minister Amira Haddad said on day {number} that Egypt would host talks with Iran. "
        f'"We stand ready," said Haddad. NATO may send observers to Turkey, officials warned. '
        f"Israel and Iran exchanged messages through Egypt.",
    }
    for number in range(5)
]
"""Dated articles from two outlets, one per partition, naming the same actors in several sentences."""
UNDATED = {
    "id": "u1",
    "title": "Undated",
    "published": None,
    "source": None,
    "text": "Iran and Egypt held talks. Officials in Turkey said nothing.",
}
"""An article without a date or an outlet: left out of attention over time, an outlet of its own beside the others."""


def source_frame() -> pd.DataFrame:
    seed = {
        "id": "seed",
        "title": "Restraint",
        "published": "2024-04-20",
        "source": "Daily",
        "text": (SEEDS / "israel-iran-restraint.txt").read_text(encoding="utf-8"),
    }
    return pd.DataFrame([seed, *TINY_ARTICLES, UNDATED, *DISPATCHES])


@pytest.fixture(scope="module")
def opened(tmp_path_factory) -> ondisk.OnDiskCorpus:
    """The articles built on a one-worker LocalCluster, about one article per partition, then opened."""
    out = tmp_path_factory.mktemp("summaries") / "corpus"
    ondisk.build_corpus(source_frame(), out, workers=1, partition_size=1, progress=False)
    return workbench.open_corpus(out)


@pytest.fixture(scope="module")
def loaded() -> workbench.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return workbench.load(source_frame())


@pytest.fixture(scope="module")
def store(loaded, tmp_path_factory):
    """Two coders' tags on sentences of several articles, a note, a done mark, a tag on no sentence of the corpus."""
    ids = loaded.sentences["sentence_id"].tolist()
    tagged = workbench.TagStore(tmp_path_factory.mktemp("summaries") / "tags.sqlite", coder="ana")
    for position, tag in [(0, "diplomacy"), (3, "escalation"), (7, "threat or warning"), (-1, "diplomacy")]:
        tagged.add(ids[position], tag)
    tagged.add(ids[-4], "threat or warning")
    tagged.add("no-such-sentence", "diplomacy")
    tagged.coder = "ben"
    tagged.add(ids[3], "escalation")
    tagged.add(ids[-2], "diplomacy")
    tagged.set_note(ids[7], "A warning <b>& a threat</b>")
    tagged.mark_done(ids[1])
    yield tagged
    tagged.close()


def plain(frame: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Return a frame in a row order that does not depend on the partitions: sorted by every column."""
    frame = summaries._parts.computed(frame)
    frame = frame.reset_index() if isinstance(frame, pd.Series) or frame.index.name else frame
    frame = frame.reset_index(drop=True)
    keys = [name for name in frame.columns if not isinstance(frame[name].iloc[0] if len(frame) else None, list)]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


SUMMARIES = {
    **{name: builder for name, builder in export.SUMMARIES.items()},
    "tag_matrix": summaries.tag_matrix,
    "tags_by_coder": summaries.tags_by_coder,
    "tagged_mentions": summaries.tagged_mentions,
    "tagged_sentences": summaries.tagged_sentences,
    "tags_over_time": summaries.tags_over_time,
}
"""Summaries of the corpus with its tags (from ``summaries.inputs``)."""


@pytest.mark.parametrize("name", list(SUMMARIES))
def test_each_tag_summary_on_disk_equals_that_in_memory(opened, loaded, store, name):
    on_disk = SUMMARIES[name](summaries.inputs(opened, store))
    in_memory = SUMMARIES[name](summaries.inputs(loaded, store))
    assert len(in_memory), "the store's tags reach every summary"
    pd.testing.assert_frame_equal(plain(on_disk), plain(in_memory))


def test_the_tags_meet_the_same_sentences_and_orphans(opened, loaded, store):
    on_disk, in_memory = summaries.inputs(opened, store), summaries.inputs(loaded, store)
    assert on_disk.orphans == in_memory.orphans == 1
    assert on_disk.coders == in_memory.coders == ["ana", "ben"]
    pd.testing.assert_frame_equal(on_disk.tags, in_memory.tags)
    pd.testing.assert_frame_equal(on_disk.notes, in_memory.notes)
    pd.testing.assert_frame_equal(on_disk.coded, in_memory.coded)


CORPUS_SUMMARIES = {
    "top_actors": lambda corpus: summaries.top_actors(corpus, 6),
    "cooccurrence": lambda corpus: summaries.cooccurrence(corpus, ["Egypt", "Iran", "Israel", "NATO", "Turkey"]),
    "actor_types": lambda corpus: summaries.actor_types(corpus, ["Egypt", "Iran", "Amira Haddad"]),
    "claims_by_source": summaries.claims_by_source,
    "actor_table": summaries.actor_table,
}


@pytest.mark.parametrize("name", list(CORPUS_SUMMARIES))
def test_each_actor_summary_on_disk_equals_that_in_memory(opened, loaded, name):
    on_disk, in_memory = CORPUS_SUMMARIES[name](opened), CORPUS_SUMMARIES[name](loaded)
    assert isinstance(on_disk, pd.DataFrame | pd.Series)
    assert len(in_memory) > 1
    if isinstance(in_memory, pd.Series):
        pd.testing.assert_series_equal(on_disk, in_memory)
    else:
        pd.testing.assert_frame_equal(plain(on_disk), plain(in_memory))


def test_actors_named_together_are_counted_across_partitions(opened, loaded):
    pairs = summaries.cooccurrence(opened, ["Egypt", "Iran"]).set_index(["actor_a", "actor_b"])["sentences"]
    assert pairs[("Egypt", "Iran")] >= len(DISPATCHES) * 2  # two such sentences in each dispatch
    assert len(opened.partitions) >= len(DISPATCHES)


CHARTS = [
    charts.actors_by_mentions,
    charts.actor_cooccurrence,
    charts.actor_network,
    charts.claims_by_source,
    charts.tag_counts,
    charts.tags_by_coder,
    charts.tags_by_actor,
    charts.tags_by_position,
    charts.tags_over_time,
    charts.article_overview,
]
TAG_CHARTS = {charts.tag_counts, charts.tags_by_coder, charts.tags_by_actor, charts.tags_by_position}


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart.__name__)
def test_each_chart_of_the_opened_corpus_is_that_of_the_loaded_one(opened, loaded, store, chart):
    def draw(corpus):
        if chart in TAG_CHARTS or chart is charts.article_overview:
            return chart(corpus, store)
        if chart is charts.tags_over_time:
            return chart(corpus, store, period="week")
        return chart(corpus)

    on_disk, in_memory = draw(opened), draw(loaded)
    assert in_memory.data, "the chart draws something"
    assert json.loads(on_disk.to_json()) == json.loads(in_memory.to_json())


def read_export(path, format: str) -> pd.DataFrame:
    """Read one exported table as text: a file, or a folder of partition files stacked in their order."""
    files = sorted(path.glob(f"part-*.{format}")) if path.is_dir() else [path]
    if format == "parquet":
        frames = [pd.read_parquet(file).astype(str) for file in files]
    else:
        frames = [pd.read_csv(file, dtype=str, keep_default_na=False) for file in files]
    return pd.concat(frames, ignore_index=True)


PER_PARTITION = {"sentences_tagged", "claims"}
"""The tables with a row per sentence or claim, which an on-disk export writes as a folder of partition files."""


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_the_export_of_the_opened_corpus_holds_the_rows_of_the_loaded_one(opened, loaded, store, tmp_path, format):
    on_disk = export.summaries(opened, store, tmp_path / "disk", format=format)
    in_memory = export.summaries(loaded, store, tmp_path / "memory", format=format)
    assert [path.name for path in on_disk] == [
        name if name in PER_PARTITION else path.name
        for name, path in zip([*export.SUMMARIES, "manifest"], in_memory, strict=True)
    ]
    for disk_path, memory_path in zip(on_disk[:-1], in_memory[:-1], strict=True):
        written, expected = read_export(disk_path, format), read_export(memory_path, format)
        if format == "parquet":
            written, expected = written.replace({"<NA>": "nan", "None": "nan"}), expected.replace({"<NA>": "nan"})
        pd.testing.assert_frame_equal(plain(written), plain(expected), obj=disk_path.name)
    manifests = [json.loads(paths[-1].read_text(encoding="utf-8")) for paths in (on_disk, in_memory)]
    assert sorted(manifests[0]["corpus"]["article_ids"]) == sorted(manifests[1]["corpus"]["article_ids"])
    for name in export.SUMMARIES:
        files = manifests[0]["files"].items()
        listed = [shape["rows"] for file, shape in files if file.split(".")[0].split("/")[0] == name]
        assert sum(listed) == manifests[1]["files"][f"{name}.{format}"]["rows"]
    if format == "csv":
        notes = (tmp_path / "disk" / "sentences_tagged").glob("part-*.csv")
        assert any("A warning <b>& a threat</b>" in part.read_text(encoding="utf-8") for part in notes)


def test_each_partition_writes_its_own_sentence_file_listed_in_the_manifest(opened, store, tmp_path):
    paths = export.summaries(opened, store, tmp_path)
    folder = tmp_path / "sentences_tagged"
    assert folder in paths and folder.is_dir()
    parts = sorted(folder.iterdir())
    assert len(parts) == len(opened.partitions) > 1
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {f"sentences_tagged/{part.name}" for part in parts} <= set(manifest["files"])
    for number, part in enumerate(parts):
        rows = pd.read_csv(part, dtype=str, keep_default_na=False)
        assert manifest["files"][f"sentences_tagged/{part.name}"]["rows"] == len(rows)
        assert set(rows["article_id"]) <= set(opened.articles.get_partition(number).compute()["article_id"])
    assert not list(tmp_path.glob(".staging-*")), "the staging folder is removed"


def test_a_new_export_of_the_opened_corpus_replaces_the_partition_folder_whole(opened, loaded, store, tmp_path):
    export.summaries(opened, None, tmp_path)
    (tmp_path / "sentences_tagged" / "part-99999.csv").write_text("left from another export\r\n")
    with pytest.raises(ExportError, match="already exist"):
        export.summaries(opened, store, tmp_path)
    export.summaries(opened, store, tmp_path, overwrite=True)
    assert not (tmp_path / "sentences_tagged" / "part-99999.csv").exists()
    rows = read_export(tmp_path / "sentences_tagged", "csv")
    assert len(rows) == len(loaded.sentences)
    assert rows.filter(like="tag:").astype(int).to_numpy().sum() > 0, "the second export's tags are in the files"


def test_a_file_where_the_partition_folder_goes_is_refused_before_anything_moves(opened, store, tmp_path):
    (tmp_path / "sentences_tagged").write_text("not a folder")
    with pytest.raises(ExportError, match=r"'sentences_tagged' .* is a file, where the export writes a folder"):
        export.summaries(opened, store, tmp_path, overwrite=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sentences_tagged"]


def test_a_failed_move_puts_the_old_partition_folder_back(opened, store, tmp_path, monkeypatch):
    import os

    export.summaries(opened, None, tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    replace = os.replace

    def full_disk_at_the_manifest(source, target):
        if pathlib.Path(source).parent.name.startswith(".staging-") and pathlib.Path(target).name == "manifest.json":
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk_at_the_manifest)
    with pytest.raises(OSError, match="No space left"):
        export.summaries(opened, store, tmp_path, overwrite=True)
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_the_workbook_of_the_opened_corpus_has_the_sheets_of_the_loaded_one(opened, loaded, store, tmp_path):
    on_disk = export.summaries(opened, store, tmp_path / "disk", format="xlsx")
    in_memory = export.summaries(loaded, store, tmp_path / "memory", format="xlsx")
    sheets = [pd.read_excel(paths[0], sheet_name=None) for paths in (on_disk, in_memory)]
    assert list(sheets[0]) == list(export.SUMMARIES)
    for name in export.SUMMARIES:
        pd.testing.assert_frame_equal(plain(sheets[0][name]), plain(sheets[1][name]), obj=name)


def test_rows_per_sentence_stay_lazy_with_a_partition_per_partition(opened, store):
    rows = summaries.sentences_tagged(summaries.inputs(opened, store))
    assert summaries._parts.lazy(rows)
    assert rows.npartitions == len(opened.partitions)
    assert len(rows.get_partition(0).compute()) < len(opened.sentences)


class LargestResult:
    """A Dask callback that remembers the most rows any task returned."""

    def __init__(self) -> None:
        self.rows = 0

    def __call__(self, key, result, dsk, state, worker_id) -> None:
        if isinstance(result, pd.DataFrame | pd.Series):
            self.rows = max(self.rows, len(result))


@pytest.mark.parametrize(
    "summary",
    [
        lambda corpus, store: summaries.top_actors(corpus, 5),
        lambda corpus, store: summaries.cooccurrence(corpus, ["Egypt", "Iran", "Israel"]),
        lambda corpus, store: summaries.claims_by_source(corpus),
        lambda corpus, store: summaries.tag_by_actor(summaries.inputs(corpus, store)),
        lambda corpus, store: summaries.tagged_sentences(summaries.inputs(corpus, store)),
        lambda corpus, store: summaries.attention(corpus, actors=["Iran"], keywords=["talks"]),
    ],
    ids=["top_actors", "cooccurrence", "claims_by_source", "tag_by_actor", "tagged_sentences", "attention"],
)
def test_a_summary_on_disk_never_reads_a_whole_table_into_one_task(opened, store, summary):
    from dask.callbacks import Callback

    largest = LargestResult()
    with Callback(posttask=largest):
        result = summary(opened, store)
    assert isinstance(result, pd.DataFrame | pd.Series)
    assert 0 < largest.rows < opened.manifest["rows"]["mentions"] / 2
    assert len(result) < opened.manifest["rows"]["sentences"] / 2


def test_tags_over_time_on_disk_counts_per_week_and_per_month(opened, store):
    weekly = summaries.tags_over_time(summaries.inputs(opened, store), period="week")
    monthly = summaries.tags_over_time(summaries.inputs(opened, store), period="month")
    assert weekly["sentences"].sum() == monthly["sentences"].sum() > 0
    assert set(monthly["start"].dt.day) == {1}


def test_an_empty_store_gives_empty_tag_summaries_without_reading_the_sentences(opened, tmp_path):
    from dask.callbacks import Callback

    largest = LargestResult()
    with workbench.TagStore(tmp_path / "empty.sqlite", coder="ana") as empty:
        with Callback(posttask=largest):
            data = summaries.inputs(opened, empty)
        assert largest.rows == 0
        assert data.tags.empty
        assert summaries.tag_by_actor(data).empty
        assert summaries.tagged_sentences(data).empty
        assert charts.tag_counts(opened, empty).layout.annotations[0].text == charts.NO_TAGS


ATTENTION = {
    "actors, articles per week": {"actors": ["Iran", "Egypt"]},
    "actors, sentences, rolling": {"actors": ["Iran", "NATO"], "unit": "sentences", "rolling": 3},
    "keywords per outlet": {"keywords": ["talks", "observer*"], "by_source": True},
    "tags per month and outlet": {"tags": ["diplomacy", "escalation"], "period": "month", "by_source": True},
    "every kind per day": {
        "actors": ["Iran", "Iran"],
        "tags": ["threat or warning"],
        "keywords": ["Egypt"],
        "period": "day",
        "unit": "sentences",
        "rolling": 2,
    },
}


@pytest.mark.parametrize("options", ATTENTION.values(), ids=list(ATTENTION))
def test_attention_on_disk_equals_that_in_memory(opened, loaded, store, options):
    on_disk = summaries.attention(opened, store=store, **options)
    in_memory = summaries.attention(loaded, store=store, **options)
    assert in_memory["count"].sum() > 0
    assert in_memory["period"].nunique() > 1, "the periods span several partitions"
    pd.testing.assert_frame_equal(on_disk, in_memory)


@pytest.mark.parametrize("top", [1, 4, 50])
@pytest.mark.parametrize("by", summaries.SHARES_BY)
def test_source_shares_on_disk_equal_those_in_memory(opened, loaded, store, by, top):
    on_disk = summaries.source_shares(opened, store, by=by, top=top)
    in_memory = summaries.source_shares(loaded, store, by=by, top=top)
    assert in_memory["count"].sum() > 0
    assert summaries.NO_SOURCE in set(in_memory["source"]), "the undated article's outlet has a row"
    pd.testing.assert_frame_equal(on_disk, in_memory)


@pytest.mark.parametrize("with_store", [False, True], ids=["without tags", "with tags"])
@pytest.mark.parametrize("top", [1, 3])
def test_sources_compared_on_disk_equals_that_in_memory(opened, loaded, store, top, with_store):
    tags = store if with_store else None
    on_disk = summaries.sources_compared(opened, tags, top=top)
    in_memory = summaries.sources_compared(loaded, tags, top=top)
    assert in_memory.loc[summaries.ALL_SOURCES, "articles"] == len(loaded.articles)
    assert ("tag:diplomacy" in in_memory.columns) == with_store
    pd.testing.assert_frame_equal(on_disk, in_memory)


TREND_CHARTS = {
    "attention shares per outlet": lambda corpus, store: charts.attention_over_time(
        corpus, actors=["Iran"], keywords=["talks"], by_source=True, rolling=2
    ),
    "attention counts of tags": lambda corpus, store: charts.attention_over_time(
        corpus, tags=["diplomacy"], store=store, unit="sentences", period="month", share=False
    ),
    "outlets by actor": lambda corpus, store: charts.sources_heatmap(corpus),
    "outlets by tag": lambda corpus, store: charts.sources_heatmap(corpus, store, by="tag"),
    "outlets by quoted": lambda corpus, store: charts.sources_heatmap(corpus, by="quoted", top=3),
}


@pytest.mark.parametrize("chart", TREND_CHARTS.values(), ids=list(TREND_CHARTS))
def test_each_trend_chart_of_the_opened_corpus_is_that_of_the_loaded_one(opened, loaded, store, chart):
    on_disk, in_memory = chart(opened, store), chart(loaded, store)
    assert in_memory.data, "the chart draws something"
    assert json.loads(on_disk.to_json()) == json.loads(in_memory.to_json())


@pytest.mark.parametrize(
    "trend",
    [
        lambda corpus: summaries.attention(corpus, actors=["Iran"], distinct_stories=True),
        lambda corpus: summaries.source_shares(corpus, distinct_stories=True),
        lambda corpus: summaries.sources_compared(corpus, distinct_stories=True),
        lambda corpus: charts.attention_over_time(corpus, actors=["Iran"], distinct_stories=True),
        lambda corpus: charts.sources_heatmap(corpus, distinct_stories=True),
    ],
    ids=["attention", "source_shares", "sources_compared", "attention_over_time", "sources_heatmap"],
)
def test_counting_stories_once_on_disk_says_to_pass_a_slice(opened, trend):
    with pytest.raises(FilterError, match=r"distinct_stories=True needs .* whole corpus.*pass a slice.*between"):
        trend(opened)


def test_a_trend_runs_on_a_slice_of_the_opened_corpus(opened, loaded):
    weekly = summaries.attention(opened.between("2024-05-01", "2024-05-31"), actors=["Egypt"], unit="sentences")
    assert weekly["count"].sum() == summaries.attention(loaded, actors=["Egypt"], unit="sentences")["count"].sum()
