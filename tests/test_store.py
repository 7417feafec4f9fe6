from __future__ import annotations

import doctest
import getpass
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench.codebook import Codebook
from workbench.errors import CodebookError, StoreError
from workbench.store import TagStore, _store, migrations

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTICLES = [
    {"id": "t1", "title": "Talks", "text": "Iran warned Israel on Sunday. The talks in Oman were paused."},
    {"id": "t2", "title": "Summit", "text": "The Group of 7 met in Capri. Leaders may discuss sanctions."},
]


@pytest.fixture
def store():
    with TagStore(memory=True, coder="ana") as opened:
        yield opened


@pytest.fixture
def file_store(db_path: pathlib.Path):
    with TagStore(db_path, coder="ana") as opened:
        yield opened


def _corpus(articles: list[dict] = ARTICLES) -> workbench.Corpus:
    return workbench.load(pd.DataFrame(articles))


def _python(script: str, *args: str) -> subprocess.Popen:
    """Start a real Python process running ``script`` with the workbench importable."""
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


# -- opening ---------------------------------------------------------------------------------


def test_file_store_uses_wal_mode_and_a_busy_timeout(file_store: TagStore, db_path: pathlib.Path) -> None:
    other = sqlite3.connect(db_path)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    assert file_store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == _store.BUSY_TIMEOUT_MS > 0


def test_every_change_is_committed_at_once(file_store: TagStore, db_path: pathlib.Path) -> None:
    file_store.add("s1", "escalation")
    file_store.set_note("s1", "check the date")
    reader = sqlite3.connect(db_path)
    assert reader.execute("SELECT sentence_id, tag, coder FROM tags").fetchall() == [("s1", "escalation", "ana")]
    assert reader.execute("SELECT note FROM notes").fetchall() == [("check the date",)]
    reader.close()


def test_tag_store_is_a_public_name_and_memory_store_has_no_path(store: TagStore) -> None:
    assert workbench.TagStore is TagStore
    assert store.path is None


def test_coder_defaults_to_the_operating_system_user() -> None:
    with TagStore(memory=True) as opened:
        assert opened.coder == getpass.getuser()


def test_coder_falls_back_when_there_is_no_user(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    with TagStore(memory=True) as opened:
        assert opened.coder == _store.FALLBACK_CODER


def test_coder_can_be_set_and_changes_are_recorded_under_it(store: TagStore) -> None:
    store.add("s1", "escalation")
    store.coder = "ben"
    store.add("s1", "diplomacy")
    assert store.tags_of("s1") == {"diplomacy"}
    assert store.tags_of("s1", coder="ana") == {"escalation"}
    assert store.coders() == ["ana", "ben"]
    assert list(store.history()["coder"]) == ["ana", "ben"]


@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_coder_name_is_refused(store: TagStore, name: object) -> None:
    with pytest.raises(StoreError, match="A coder name must be a non-empty string"):
        store.coder = name


# -- changes ---------------------------------------------------------------------------------


def test_toggle_switches_a_tag_on_and_off(store: TagStore) -> None:
    assert store.toggle("s1", "escalation") is True
    assert store.tags_of("s1") == {"escalation"}
    assert store.toggle("s1", "escalation") is False
    assert store.tags_of("s1") == set()
    assert list(store.history()["action"]) == ["add", "remove"]


@pytest.mark.parametrize("change", ["add", "remove", "toggle", "add_many", "remove_many"])
def test_unknown_tag_is_a_codebook_error_and_changes_nothing(store: TagStore, change: str) -> None:
    argument = ["s1"] if change.endswith("_many") else "s1"
    with pytest.raises(CodebookError, match=r"Unknown tag 'escalate': the codebook 'international-news' has"):
        getattr(store, change)(argument, "escalate")
    assert store.history().empty


def test_bad_sentence_id_is_a_store_error(store: TagStore) -> None:
    with pytest.raises(StoreError, match="A sentence id must be a non-empty string"):
        store.add(None, "escalation")


def test_add_and_remove_report_whether_anything_changed(store: TagStore) -> None:
    assert store.add("s1", "escalation") is True
    assert store.add("s1", "escalation") is False
    assert store.remove("s1", "escalation") is True
    assert store.remove("s1", "escalation") is False
    assert len(store.history()) == 2


def test_bulk_changes_count_what_changed_and_share_one_batch(store: TagStore) -> None:
    store.add("s2", "diplomacy")
    assert store.add_many(["s1", "s2", "s3", "s3"], "diplomacy") == 2
    assert store.tagged_ids() == {"s1", "s2", "s3"}
    assert store.remove_many(["s1", "s3", "s9"], "diplomacy") == 2
    assert store.tagged_ids() == {"s2"}
    history = store.history()
    assert history.groupby("batch").size().tolist() == [1, 2, 2]


def test_notes_are_set_replaced_and_cleared(store: TagStore) -> None:
    store.set_note("s1", "first")
    store.set_note("s1", "second")
    assert store.note_of("s1") == "second"
    store.set_note("s1", "second")  # unchanged: not a change
    store.set_note("s1", "  ")
    assert store.note_of("s1") == ""
    assert store.notes().empty
    history = store.history()
    assert list(history["note"]) == ["first", "second", ""]
    assert list(history["previous"]) == ["", "first", "second"]


def test_a_note_over_the_limit_is_refused_and_one_at_the_limit_is_kept(store: TagStore) -> None:
    """A pasted file as a note: a clear message, and neither the notes nor the history hold any of it."""
    store.set_note("s1", "a" * workbench.store.MAX_NOTE_CHARS)
    with pytest.raises(StoreError, match=r"'s2' has 32,768 characters, more than a note may hold \(32,767"):
        store.set_note("s2", "b" * (workbench.store.MAX_NOTE_CHARS + 1))
    assert len(store.note_of("s1")) == workbench.store.MAX_NOTE_CHARS
    assert store.note_of("s2") == ""
    assert store.history()["sentence_id"].tolist() == ["s1"]


def test_mark_done_records_coded_sentences_without_tags(store: TagStore) -> None:
    assert store.mark_done("s1") is True
    assert store.mark_done("s1") is False
    assert store.done_ids() == {"s1"}
    assert store.done_ids(coder="ben") == set()
    assert store.tagged_ids() == set()
    assert store.coders() == ["ana"]


def test_history_is_append_only(file_store: TagStore, db_path: pathlib.Path) -> None:
    file_store.add("s1", "escalation")
    raw = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM history")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE history SET coder = 'mallory'")
    raw.close()


def test_history_says_who_changed_what_and_when(store: TagStore) -> None:
    before = pd.Timestamp.now(tz="UTC").tz_localize(None)
    store.add("s1", "escalation")
    store.set_note("s1", "why")
    history = store.history()
    assert list(history.columns[:7]) == ["change_id", "at", "coder", "action", "sentence_id", "tag", "note"]
    assert history[["coder", "action", "sentence_id"]].values.tolist() == [["ana", "add", "s1"], ["ana", "note", "s1"]]
    assert (history["at"] >= before - pd.Timedelta(seconds=1)).all()
    assert history["change_id"].is_monotonic_increasing


# -- undo ------------------------------------------------------------------------------------


def _state(store: TagStore) -> tuple[set[str], str, set[str]]:
    return store.tags_of("s1"), store.note_of("s1"), store.done_ids()


@pytest.mark.parametrize(
    "changes, undos, expected",
    [
        ([("add", "escalation")], 1, (set(), "", set())),
        ([("add", "escalation"), ("add", "diplomacy")], 1, ({"escalation"}, "", set())),
        ([("add", "escalation"), ("remove", "escalation")], 1, ({"escalation"}, "", set())),
        ([("add", "escalation"), ("remove", "escalation")], 2, (set(), "", set())),
        ([("toggle", "escalation"), ("toggle", "escalation")], 1, ({"escalation"}, "", set())),
        ([("set_note", "one"), ("set_note", "two")], 1, (set(), "one", set())),
        ([("set_note", "one"), ("set_note", "")], 1, (set(), "one", set())),
        ([("set_note", "one"), ("set_note", "two")], 2, (set(), "", set())),
        ([("add", "escalation"), ("mark_done", None)], 1, ({"escalation"}, "", set())),
        ([("add", "escalation"), ("set_note", "x"), ("mark_done", None)], 5, (set(), "", set())),
    ],
)
def test_undo_walks_back_this_coders_changes(store: TagStore, changes: list, undos: int, expected: tuple) -> None:
    for method, value in changes:
        getattr(store, method)("s1", *([] if value is None else [value]))
    for _ in range(undos):
        store.undo()
    assert _state(store) == expected


def test_undo_reverses_a_bulk_change_as_a_whole(store: TagStore) -> None:
    store.add("s0", "escalation")
    store.add_many(["s1", "s2", "s3"], "escalation")
    event = store.undo()
    assert event["undone"] == "add" and event["sentence_ids"] == ["s1", "s2", "s3"] and event["tag"] == "escalation"
    assert store.tagged_ids() == {"s0"}


def test_undo_leaves_other_coders_alone(store: TagStore) -> None:
    store.add("s1", "escalation")
    store.coder = "ben"
    store.add("s1", "diplomacy")
    store.coder = "ana"
    store.undo()
    assert store.tags_of("s1", coder="ana") == set()
    assert store.tags_of("s1", coder="ben") == {"diplomacy"}


def test_undo_with_nothing_to_undo_returns_none(store: TagStore) -> None:
    assert store.undo() is None
    store.add("s1", "escalation")
    store.undo()
    assert store.undo() is None


def test_undo_is_recorded_in_the_history(store: TagStore) -> None:
    store.add("s1", "escalation")
    store.undo()
    history = store.history()
    assert list(history["action"]) == ["add", "remove"]
    assert history["undoes"].tolist() == [pd.NA, 1]


# -- reads -----------------------------------------------------------------------------------


def test_tags_is_a_tidy_table_of_every_coder(store: TagStore) -> None:
    store.add("s2", "diplomacy")
    store.coder = "ben"
    store.add("s1", "escalation")
    tags = store.tags()
    assert list(tags.columns) == ["sentence_id", "tag", "coder", "updated_at"]
    assert tags[["sentence_id", "tag", "coder"]].values.tolist() == [
        ["s1", "escalation", "ben"],
        ["s2", "diplomacy", "ana"],
    ]
    assert str(tags["updated_at"].dtype) == "datetime64[ns]"
    assert store.tags(coder="ana")["sentence_id"].tolist() == ["s2"]


def test_empty_store_reads_give_empty_tables_with_columns(store: TagStore) -> None:
    assert list(store.tags().columns) == ["sentence_id", "tag", "coder", "updated_at"]
    assert list(store.notes().columns) == ["sentence_id", "coder", "note", "updated_at"]
    assert store.tags().empty and store.notes().empty and store.history().empty


def test_tags_and_notes_join_the_corpus_sentences(store: TagStore) -> None:
    corpus = _corpus()
    first, second = corpus.sentences["sentence_id"].iloc[:2]
    store.add(second, "diplomacy")
    store.add(first, "threat or warning")
    store.set_note(first, "who warned whom")
    tags = store.tags(corpus)
    assert tags["sentence_id"].tolist() == [first, second]
    assert tags["text"].tolist() == corpus.sentences["text"].iloc[:2].tolist()
    assert {"article_id", "position", "text"} <= set(store.notes(corpus).columns)


# -- survival --------------------------------------------------------------------------------


def test_tags_survive_closing_and_reopening_the_store(db_path: pathlib.Path) -> None:
    with TagStore(db_path, coder="ana") as first:
        first.add("s1", "escalation")
        first.set_note("s1", "note")
        first.mark_done("s2")
    with TagStore(db_path, coder="ana") as again:
        assert again.tags_of("s1") == {"escalation"}
        assert again.note_of("s1") == "note"
        assert again.done_ids() == {"s2"}
        assert again.undo() is None  # undo takes back changes made through this object only


def test_tags_reattach_after_reloading_the_corpus(db_path: pathlib.Path) -> None:
    with TagStore(db_path, coder="ana") as first:
        first.add_many(_corpus().sentences["sentence_id"], "diplomacy")
    reloaded = _corpus()
    with TagStore(db_path, coder="ana") as again:
        tags = again.tags(reloaded)
        assert tags["text"].tolist() == reloaded.sentences["text"].tolist()
        assert again.orphans(reloaded).empty


def test_tags_of_edited_sentences_are_reported_as_orphans_and_kept(store: TagStore) -> None:
    store.add_many(_corpus().sentences["sentence_id"], "diplomacy")
    edited = [dict(ARTICLES[0], text="Iran warned Israel on Monday. The talks in Oman were paused."), ARTICLES[1]]
    corpus = _corpus(edited)
    orphans = store.orphans(corpus)
    assert len(orphans) == 1
    assert orphans["sentence_id"].iloc[0] not in set(corpus.sentences["sentence_id"])
    assert len(store.tags()) == 4
    assert store.tags(corpus)["text"].isna().sum() == 1


def test_codebook_in_use_is_saved_with_the_tags(db_path: pathlib.Path) -> None:
    mine = Codebook.from_dict({"name": "mine", "tags": [{"name": "protest", "key": "p"}]})
    with TagStore(db_path, codebook=mine) as first:
        first.add("s1", "protest")
    with TagStore(db_path) as again:
        assert again.codebook == mine
        assert again.codebook.hash() == mine.hash()
    with TagStore(db_path, codebook=Codebook.default()) as switched:
        assert switched.codebook.name == "international-news"
        with pytest.raises(CodebookError, match="Unknown tag 'protest'"):
            switched.add("s2", "protest")
        assert switched.tags()["tag"].tolist() == ["protest"]
    with TagStore(db_path) as last:
        assert last.codebook.name == "international-news"


def test_memory_store_uses_the_default_codebook(store: TagStore) -> None:
    assert store.codebook == Codebook.default()


# -- schema versions -------------------------------------------------------------------------


def test_store_from_a_newer_workbench_is_refused(db_path: pathlib.Path) -> None:
    TagStore(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    message = (
        rf"made by a newer workbench \(schema 99, this one knows {migrations.LATEST}\): upgrade with pip install -U"
    )
    with pytest.raises(StoreError, match=message):
        TagStore(db_path)


def test_store_of_schema_version_1_is_migrated(db_path: pathlib.Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.executescript(
        """
        CREATE TABLE tags (sentence_id TEXT NOT NULL, tag TEXT NOT NULL, coder TEXT NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (sentence_id, tag, coder)) WITHOUT ROWID;
        CREATE TABLE notes (sentence_id TEXT NOT NULL, coder TEXT NOT NULL, note TEXT NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (sentence_id, coder)) WITHOUT ROWID;
        CREATE TABLE history (change_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, coder TEXT NOT NULL,
            action TEXT NOT NULL, sentence_id TEXT NOT NULL, tag TEXT, note TEXT);
        INSERT INTO tags VALUES ('s1', 'escalation', 'ana', '2024-04-15T10:00:00+00:00');
        INSERT INTO tags VALUES ('s2', 'diplomacy', 'ana', '2024-04-15T10:01:00+00:00');
        INSERT INTO history (at, coder, action, sentence_id, tag)
            VALUES ('2024-04-15T10:00:00+00:00', 'ana', 'add', 's1', 'escalation'),
                   ('2024-04-15T10:01:00+00:00', 'ana', 'add', 's2', 'diplomacy');
        PRAGMA user_version = 1;
        """
    )
    raw.close()
    with TagStore(db_path, coder="ana") as migrated:
        assert migrations.version(migrated._conn) == migrations.LATEST
        assert migrations.applied(migrated._conn) == [migration.name for migration in migrations.MIGRATIONS]
        assert migrated.tagged_ids() == {"s1", "s2"}
        migrated.remove("s2", "diplomacy")
        assert migrated.tagged_ids() == {"s1"}
        assert migrated._conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        migrated.mark_done("s3")
        assert migrated.history()["action"].tolist() == ["add", "add", "remove", "done"]


def test_a_file_that_is_not_a_store_is_refused(db_path: pathlib.Path) -> None:
    db_path.write_text("sentence_id,tag\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError, match=r"Cannot open the tag store .*: file is not a database"):
        TagStore(db_path)


# -- subscribers -----------------------------------------------------------------------------


def test_subscribers_hear_every_committed_change_until_they_unsubscribe(store: TagStore) -> None:
    events: list[dict] = []
    unsubscribe = store.subscribe(events.append)
    store.toggle("s1", "escalation")
    store.add_many(["s2", "s3"], "diplomacy")
    store.add("s1", "escalation")  # already there: no change, no event
    store.undo()
    unsubscribe()
    store.set_note("s1", "quiet")
    assert [(e["action"], e["sentence_id"], e["sentence_ids"], e["tag"]) for e in events] == [
        ("add", "s1", ["s1"], "escalation"),
        ("add", None, ["s2", "s3"], "diplomacy"),
        ("undo", None, ["s2", "s3"], "diplomacy"),
    ]
    assert {e["coder"] for e in events} == {"ana"}


def test_a_failing_subscriber_is_surfaced_after_the_change_is_committed(store: TagStore) -> None:
    heard: list[dict] = []

    def broken(event: dict) -> None:
        raise RuntimeError("view failed")

    store.subscribe(broken)
    store.subscribe(heard.append)
    with pytest.raises(RuntimeError, match="view failed"):
        store.add("s1", "escalation")
    assert store.tags_of("s1") == {"escalation"}
    assert len(heard) == 1


# -- real processes --------------------------------------------------------------------------

WRITER = """
import pathlib, sys, time
from workbench.store import TagStore
path, coder, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
with TagStore(path, coder=coder) as store:
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.01)
    for i in range(n):
        store.add(f"s{i}", "escalation")
        if i % 3 == 0:
            store.set_note(f"s{i}", f"note {i} by {coder}")
"""


def test_two_processes_tagging_one_store_at_once_lose_nothing(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    TagStore(db_path).close()
    go = tmp_path / "go"
    n = 300
    writers = [_python(WRITER, str(db_path), coder, str(n), str(go)) for coder in ("ana", "ben")]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    with TagStore(db_path) as store:
        for coder in ("ana", "ben"):
            assert store.tagged_ids(coder) == {f"s{i}" for i in range(n)}
            assert store.note_of("s3", coder) == f"note 3 by {coder}"
        assert len(store.history()) == 2 * (n + len(range(0, n, 3)))


KILLED = """
import sys
from workbench.store import TagStore
store = TagStore(sys.argv[1], coder="ana")
i = 0
while True:
    store.add(f"s{i}", "military action")
    print(f"s{i}", flush=True)
    i += 1
"""


def test_a_process_killed_mid_tagging_leaves_every_committed_tag(db_path: pathlib.Path) -> None:
    TagStore(db_path).close()
    tagger = _python(KILLED, str(db_path))
    committed = []
    while len(committed) < 150:
        line = tagger.stdout.readline()
        assert line, tagger.stderr.read()
        committed.append(line.strip())
    os.kill(tagger.pid, signal.SIGKILL)
    rest, _ = tagger.communicate(timeout=30)
    committed += rest.split()
    assert tagger.returncode == -signal.SIGKILL
    with TagStore(db_path, coder="ana") as store:
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert set(committed) <= store.tagged_ids()
        assert len(store.tagged_ids()) - len(committed) in (0, 1)  # at most the one committed but not yet printed


def test_docstring_examples_run() -> None:
    result = doctest.testmod(_store)
    assert result.attempted > 0 and result.failed == 0


def test_a_change_waits_for_another_writer_instead_of_failing(file_store: TagStore, db_path: pathlib.Path) -> None:
    blocker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, blocker.execute, args=("COMMIT",))
    release.start()
    file_store.add("s1", "escalation")
    release.join()
    blocker.close()
    assert file_store.tags_of("s1") == {"escalation"}


def test_a_store_opened_in_one_thread_tags_from_another(db_path):
    """The kernel runs widget callbacks on another thread than the cell that opened the store."""
    store = workbench.TagStore(db_path, coder="ana")
    errors: list[BaseException] = []

    def tag_from_another_thread() -> None:
        try:
            store.add("s1", "diplomacy")
        except BaseException as error:  # collected so the assertion below reports it
            errors.append(error)

    worker = threading.Thread(target=tag_from_another_thread)
    worker.start()
    worker.join()
    assert errors == []
    assert store.tags_of("s1") == {"diplomacy"}


# -- damaged stores ----------------------------------------------------------------------------

PAGE = 4096


def _filled(path: pathlib.Path, n: int = 3000) -> dict[str, pd.DataFrame]:
    """Make a store with enough tags, notes and done marks to span many pages; return its tables."""
    with TagStore(path, coder="ana") as made:
        made.add_many([f"s{i}" for i in range(n)], "escalation")
        for i in range(0, n, 10):
            made.set_note(f"s{i}", f"note {i}")
        made.remove_many([f"s{i}" for i in range(0, n, 7)], "escalation")
        made.mark_done("s1")
        return {"tags": made.tags(), "notes": made.notes(), "history": made.history(), "done": made.done_ids()}


def _pages(path: pathlib.Path, table: str, kind: str) -> list[int]:
    """Return the numbers of the pages of one kind ('leaf', 'internal') of a table's b-tree."""
    raw = sqlite3.connect(path)
    rows = raw.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno", (table, kind))
    pages = [row[0] for row in rows]
    raw.close()
    return pages


def _garble(path: pathlib.Path, offset: int, size: int, seed: int = 7) -> None:
    """Overwrite ``size`` bytes of ``path`` at ``offset`` with random bytes (a fixed seed)."""
    with path.open("r+b") as file:
        file.seek(offset)
        file.write(np.random.default_rng(seed).bytes(size))


def _same(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].astype(object).values.tolist()


def test_a_store_damaged_in_the_middle_is_refused_on_open_without_writing(db_path: pathlib.Path) -> None:
    """Hardening item 10: garbage in the middle of the file is found on open, and the file is left alone."""
    _filled(db_path)
    _garble(db_path, db_path.stat().st_size // 2, 512)
    damaged = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"The tag store '.*tags\.sqlite' is damaged .*TagStore\.recover\("):
        TagStore(db_path, coder="ana")
    assert db_path.read_bytes() == damaged
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["tags.sqlite"]


def test_recover_rebuilds_lost_tags_from_the_history(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Hardening item 10: with the tags table unreadable, recover() replays the history into a new store."""
    before = _filled(db_path)
    (root,) = _pages(db_path, "tags", "internal")[:1]
    _garble(db_path, (root - 1) * PAGE, PAGE)
    recovery = TagStore.recover(db_path, tmp_path / "recovered.sqlite")
    assert recovery.rebuilt == ("tags",) and recovery.incomplete == ("tags",)
    with TagStore(recovery.path, coder="ana") as recovered:
        assert _same(recovered.tags(), ["sentence_id", "tag", "coder"]) == _same(
            before["tags"], ["sentence_id", "tag", "coder"]
        )
        pd.testing.assert_frame_equal(recovered.notes(), before["notes"])
        pd.testing.assert_frame_equal(recovered.history(), before["history"])
        assert recovered.done_ids() == before["done"]
        assert recovered._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_recover_reads_no_view_in_a_tables_place(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """A recursive view named tags would never end: it counts as unreadable and the tags come from the history."""
    with TagStore(db_path, coder="ana") as store:
        store.add_many(["s1", "s2"], "escalation")
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("DROP TABLE tags")
    raw.execute(
        "CREATE VIEW tags AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 100000) "
        "SELECT 's' || i AS sentence_id, 'escalation' AS tag, 'ana' AS coder, 'x' AS updated_at, NULL AS codebook "
        "FROM n"
    )
    raw.close()
    recovery = TagStore.recover(db_path, tmp_path / "recovered.sqlite")
    assert recovery.incomplete == ("tags",) and recovery.rebuilt == ("tags",)
    with TagStore(recovery.path, coder="ana") as recovered:
        assert recovered.tagged_ids() == {"s1", "s2"}


def test_recover_keeps_what_it_can_read_of_a_damaged_history(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Hardening item 10: a damaged history page loses only its own rows; the tags come across whole."""
    before = _filled(db_path)
    leaves = _pages(db_path, "history", "leaf")
    _garble(db_path, (leaves[len(leaves) // 2] - 1) * PAGE, PAGE)
    recovery = TagStore.recover(db_path, tmp_path / "recovered.sqlite")
    assert recovery.incomplete == ("history",) and recovery.rebuilt == ()
    with TagStore(recovery.path, coder="ana") as recovered:
        pd.testing.assert_frame_equal(recovered.tags(), before["tags"])
        history = recovered.history()
        lost = len(before["history"]) - len(history)
        assert 0 < lost < 200  # one leaf page of rows
        assert recovery.copied["history"] == len(history)
        assert set(history["change_id"]) < set(before["history"]["change_id"])
        assert history["change_id"].max() == before["history"]["change_id"].max()


def test_recover_refuses_to_overwrite_a_file(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Hardening item 10: the recovered copy never replaces an existing file."""
    _filled(db_path, 10)
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="already exists"):
        TagStore.recover(db_path, taken)
    assert taken.read_bytes() == b"keep me"


def test_damage_found_while_open_stops_every_later_write(db_path: pathlib.Path) -> None:
    """Hardening item 10: a read that meets a damaged page raises StoreError, and no write follows it."""
    _filled(db_path)
    store = TagStore(db_path, coder="ana")
    leaves = _pages(db_path, "tags", "leaf")
    _garble(db_path, (leaves[len(leaves) // 2] - 1) * PAGE + 100, 3000)
    other = sqlite3.connect(db_path)  # another notebook's write makes the store re-read its pages
    other.execute("INSERT INTO settings VALUES ('seen', 'yes')")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match=r"is damaged .*TagStore\.recover\("):
        store.tags()
    with pytest.raises(StoreError, match="is damaged"):
        store.add("new", "escalation")
    store.close()
    with TagStore(TagStore.recover(db_path, db_path.with_name("copy.sqlite")).path, coder="ana") as copy:
        assert "new" not in copy.tagged_ids() and "s1" in copy.tagged_ids()


# -- only our own files ------------------------------------------------------------------------


def test_a_new_store_is_marked_as_a_workbench_store(file_store: TagStore, db_path: pathlib.Path) -> None:
    """Hardening item 11: every store carries the workbench's application id."""
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID != 0
    raw.close()


def _foreign_table(raw: sqlite3.Connection) -> None:
    raw.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    raw.execute("INSERT INTO customers (name) VALUES ('Ada')")


def _foreign_mark(raw: sqlite3.Connection) -> None:
    raw.execute("PRAGMA application_id = 1296122946")


def _foreign_look_alike(raw: sqlite3.Connection) -> None:
    for table in ("tags", "notes", "history"):
        raw.execute(f"CREATE TABLE {table} (id INTEGER)")
    raw.execute("PRAGMA application_id = 42")


def _foreign_wal(raw: sqlite3.Connection) -> None:
    raw.execute("PRAGMA journal_mode = WAL")
    _foreign_table(raw)


def _our_names_other_columns(raw: sqlite3.Connection) -> None:
    for table in ("tags", "notes", "history"):
        raw.execute(f"CREATE TABLE {table} (id INTEGER)")
    raw.execute("PRAGMA user_version = 1")


def _our_mark_no_tables(raw: sqlite3.Connection) -> None:
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")


def _our_schema_and_a_trigger(raw: sqlite3.Connection) -> None:
    for migration in migrations.MIGRATIONS:
        for statement in migration.statements:
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {migrations.LATEST}")
    raw.execute("CREATE TRIGGER copy_notes AFTER INSERT ON notes BEGIN INSERT INTO done VALUES ('s', 'x', 'x'); END")


@pytest.mark.parametrize(
    "make", [_foreign_table, _foreign_mark, _foreign_look_alike, _foreign_wal], ids=lambda make: make.__name__
)
def test_another_applications_database_is_refused_without_a_write(db_path: pathlib.Path, make) -> None:
    """Hardening item 11: no tables are added and the journal mode is untouched: the file stays byte for byte."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    make(raw)
    raw.close()
    original = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"Cannot open the tag store '.*': it is another application's SQLite"):
        TagStore(db_path)
    assert db_path.read_bytes() == original
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["tags.sqlite"]


@pytest.mark.parametrize(
    "make, found",
    [
        (_our_names_other_columns, "the table 'tags' lacks the column(s) coder, sentence_id, tag, updated_at"),
        (_our_mark_no_tables, "our mark with schema version 0"),
        (_our_schema_and_a_trigger, "a trigger 'copy_notes' of its own"),
    ],
    ids=["our table names with other columns", "our mark and no tables", "our schema and a trigger"],
)
def test_a_file_that_only_looks_like_a_store_is_refused_without_a_write(db_path: pathlib.Path, make, found) -> None:
    """Our table names, our mark or our schema with more: refused by what differs, before WAL mode is set."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    make(raw)
    raw.close()
    original = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"Cannot open the tag store '.*': it is not a workbench tag store") as error:
        TagStore(db_path)
    assert found in str(error.value)
    assert db_path.read_bytes() == original
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["tags.sqlite"]


def test_a_store_made_before_stores_were_marked_is_marked_on_open(db_path: pathlib.Path) -> None:
    """Hardening item 11: our older stores (our tables, no application id) still open, and get the mark."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    for migration in migrations.MIGRATIONS[:3]:
        for statement in migration.statements:
            raw.execute(statement)
    raw.execute("INSERT INTO tags VALUES ('s1', 'escalation', 'ana', '2024-04-15T10:00:00+00:00')")
    raw.execute("PRAGMA user_version = 3")
    raw.close()
    with TagStore(db_path, coder="ana") as older:
        assert older.tags_of("s1") == {"escalation"}
        assert older._conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert migrations.applied(older._conn)[-1] == migrations.MIGRATIONS[-1].name


# -- copies ----------------------------------------------------------------------------------


def _copied_alone(path: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """Copy only the .sqlite file, as a file manager would, into an empty folder."""
    folder.mkdir()
    return pathlib.Path(shutil.copyfile(path, folder / path.name))


def test_closing_a_store_writes_every_tag_into_the_file(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Hardening item 12: after close, a copy of the .sqlite file alone has every tag, other notebooks open or not."""
    other = TagStore(db_path, coder="ben")
    store = TagStore(db_path, coder="ana")
    store.add_many([f"s{i}" for i in range(50)], "escalation")
    store.close()
    with TagStore(_copied_alone(db_path, tmp_path / "copy"), coder="ana") as copy:
        assert len(copy.tagged_ids()) == 50
    other.close()


def test_backup_copies_every_tag_while_the_store_is_in_use(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Hardening item 12: backup() writes one self-contained file with every committed change."""
    other = TagStore(db_path, coder="ben")
    store = TagStore(db_path, coder="ana")
    store.add_many([f"s{i}" for i in range(50)], "escalation")
    other.set_note("s1", "seen")
    target = store.backup(tmp_path / "backups" / "copy.sqlite")
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite"]
    with TagStore(_copied_alone(target, tmp_path / "moved"), coder="ana") as copy:
        assert len(copy.tagged_ids()) == 50 and copy.note_of("s1", coder="ben") == "seen"
        pd.testing.assert_frame_equal(copy.history(), store.history())
    store.close()
    other.close()


def test_backup_refuses_to_overwrite_unless_asked(file_store: TagStore, tmp_path: pathlib.Path) -> None:
    """Hardening item 12: a backup never replaces a file by accident."""
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"keep me")
    with pytest.raises(StoreError, match=r"already exists: pass overwrite=True"):
        file_store.backup(target)
    assert target.read_bytes() == b"keep me"
    file_store.add("s1", "escalation")
    with TagStore(file_store.backup(target, overwrite=True)) as copy:
        assert copy.tags_of("s1", coder="ana") == {"escalation"}


def test_backup_of_a_memory_store(store: TagStore, tmp_path: pathlib.Path) -> None:
    """Hardening item 12: a memory store can be kept by backing it up to a file."""
    store.add("s1", "escalation")
    with TagStore(store.backup(tmp_path / "kept.sqlite"), coder="ana") as kept:
        assert kept.tags_of("s1") == {"escalation"}


# -- undo per notebook -------------------------------------------------------------------------


def test_undo_never_takes_back_another_notebooks_change(db_path: pathlib.Path) -> None:
    """Hardening item 13: two notebooks, one coder, one file: each undo takes back its own notebook's change."""
    first = TagStore(db_path, coder="ana")
    second = TagStore(db_path, coder="ana")
    first.add("s1", "escalation")
    second.add("s2", "diplomacy")
    assert first.undo()["sentence_ids"] == ["s1"]
    assert first.tagged_ids() == {"s2"}
    assert first.undo() is None
    assert second.undo()["sentence_ids"] == ["s2"]
    assert second.tagged_ids() == set()
    first.close()
    second.close()


# -- paths -------------------------------------------------------------------------------------


@pytest.fixture
def read_only():
    """Make a file or folder read-only, for root too (chmod, then the immutable flag where modes do not bind)."""
    made: list[pathlib.Path] = []

    def make(path: pathlib.Path) -> pathlib.Path:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        made.append((path, mode))
        if os.access(path, os.W_OK):  # root: modes do not stop it
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
                pytest.skip("this system cannot make a path read-only for the current user")
        return path

    yield make
    for path, mode in reversed(made):
        if shutil.which("chattr"):
            subprocess.run([shutil.which("chattr"), "-i", str(path)], capture_output=True)
        path.chmod(mode)


def test_a_new_store_in_a_read_only_folder_says_so(tmp_path: pathlib.Path, read_only) -> None:
    """Hardening item 14: the message names the folder and what to do."""
    (tmp_path / "shared").mkdir()
    folder = read_only(tmp_path / "shared")
    with pytest.raises(StoreError, match=r"tag store '.*shared/tags\.sqlite': its folder '.*shared' is read-only"):
        TagStore(folder / "tags.sqlite")


def test_an_existing_store_in_a_read_only_folder_says_so(tmp_path: pathlib.Path, read_only) -> None:
    """Hardening item 14: WAL needs the -wal and -shm files beside the store, so the folder must be writable."""
    (tmp_path / "shared").mkdir()
    _filled(tmp_path / "shared" / "tags.sqlite", 10)
    read_only(tmp_path / "shared")
    with pytest.raises(StoreError, match=r"its folder '.*shared' is read-only.*copy the store"):
        TagStore(tmp_path / "shared" / "tags.sqlite")


def test_a_read_only_store_file_says_so(db_path: pathlib.Path, read_only) -> None:
    """Hardening item 14: a read-only file is named before any change fails."""
    _filled(db_path, 10)
    read_only(db_path)
    with pytest.raises(StoreError, match=r"tag store '.*tags\.sqlite': the file is read-only"):
        TagStore(db_path)


def test_a_missing_folder_under_a_read_only_folder_says_so(tmp_path: pathlib.Path, read_only) -> None:
    """Hardening item 14: the folder that cannot be made is named, with the reason."""
    (tmp_path / "shared").mkdir()
    read_only(tmp_path / "shared")
    with pytest.raises(StoreError, match=r"Cannot create the folder '.*shared/project' for the tag store"):
        TagStore(tmp_path / "shared" / "project" / "tags.sqlite")


@pytest.mark.parametrize(
    "where, message",
    [
        ("notes.txt/tags.sqlite", r"'.*notes\.txt' is a file, not a folder"),
        ("notes.txt/deeper/tags.sqlite", r"'.*notes\.txt' is a file, not a folder"),
        (".", r"The tag store path '.*' is a folder: give a file name inside it, such as '.*workbench\.sqlite'"),
    ],
    ids=["file as folder", "file as grandparent", "folder as store"],
)
def test_a_path_that_cannot_hold_a_store_says_why(tmp_path: pathlib.Path, where: str, message: str) -> None:
    """Hardening item 14: a file where a folder should be, or a folder where the file should be."""
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match=message):
        TagStore(tmp_path / where)


def test_missing_folders_are_created(tmp_path: pathlib.Path) -> None:
    """A store in folders that do not exist yet creates them, as documented."""
    with TagStore(tmp_path / "a" / "b" / "tags.sqlite", coder="ana") as made:
        made.add("s1", "escalation")
    assert (tmp_path / "a" / "b" / "tags.sqlite").is_file()
