from __future__ import annotations

import json
import pathlib
import sqlite3
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import workbench
from workbench.cli import cli

SEEDS = pathlib.Path(__file__).resolve().parents[1] / "seeds"
SCRIPT = pathlib.Path(sys.executable).with_name("workbench")


def run(*args: str | pathlib.Path, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "workbench", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def store_file(sample_corpus, db_path):
    ids = sample_corpus.sentences["sentence_id"].tolist()
    with workbench.TagStore(db_path, coder="ana") as store:
        store.add_many(ids[:2], "escalation")
        store.add(ids[5], "diplomacy")
        store.set_note(ids[5], "=talks")
    return db_path


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"\n      workbench {command} " in result.output  # one example a line, as written
    assert "\\b" not in result.output


def test_console_script_reports_the_version():
    result = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"workbench, version {workbench.__version__}"


def test_load_writes_the_corpus_tables_as_csv(tmp_path, sample_corpus):
    result = run("load", SEEDS, "--out", "tables", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [f"tables/{name}.csv" for name in workbench.export.CORPUS_TABLES]
    sentences = pd.read_csv(tmp_path / "tables" / "sentences.csv")
    assert sentences["text"].tolist() == sample_corpus.sentences["text"].tolist()


def test_load_writes_parquet_that_reads_back_equal(tmp_path, sample_corpus):
    result = run("load", SEEDS, "--out", tmp_path, "--format", "parquet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "sentences.parquet"), sample_corpus.sentences)


def test_export_writes_the_summaries_of_the_store(tmp_path, store_file):
    result = run("export", "--store", store_file, "--corpus", SEEDS, "--out", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert pathlib.Path(result.stdout.split()[-1]).name == "manifest.json"
    summary = pd.read_csv(tmp_path / "out" / "tag_summary.csv").set_index("tag")
    assert summary.loc["escalation", "sentences"] == 2
    assert summary.loc["diplomacy", "coders"] == "ana"
    sentences = pd.read_csv(tmp_path / "out" / "sentences_tagged.csv")
    assert sentences["note"].dropna().tolist() == ["'=talks"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["files"]["sentences_tagged.csv"]["rows"] == 21


def test_bad_input_exits_with_one_and_a_one_line_message(tmp_path):
    result = run("load", "no-such-folder", "--out", "tables", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: No such file or folder: 'no-such-folder'. Check the path, or pass a list of files."
    ]
    assert not (tmp_path / "tables").exists()


def test_export_to_an_excel_workbook(tmp_path, store_file):
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store_file), "--corpus", str(SEEDS), "--out", str(tmp_path), "--format", "xlsx"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "summaries.xlsx").is_file()
    assert json.loads((tmp_path / "manifest.json").read_text())["format"] == "xlsx"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            ["export", "--store", "missing.sqlite", "--corpus", str(SEEDS), "--out", "out"],
            "No tag store at 'missing.sqlite'",
        ),
        (["export", "--store", "notes.txt", "--corpus", str(SEEDS), "--out", "out"], "Cannot open the tag store"),
        (["load", str(SEEDS), "--out", "notes.txt"], "is a file"),
    ],
)
def test_wrong_inputs_give_exit_code_one_and_say_what_to_do(tmp_path, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not a store, not a folder")
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_existing_files_are_kept_unless_overwrite_is_given(tmp_path):
    runner = CliRunner()
    arguments = ["load", str(SEEDS), "--out", str(tmp_path)]
    assert runner.invoke(cli, arguments).exit_code == 0
    refused = runner.invoke(cli, arguments)
    assert refused.exit_code == 1
    assert "already exist" in refused.output and "--overwrite" in refused.output
    assert runner.invoke(cli, [*arguments, "--overwrite"]).exit_code == 0


@pytest.mark.parametrize(
    "arguments", [["load"], ["export", "--corpus", "x"], ["load", "x", "--out", "y", "--format", "pdf"]]
)
def test_wrong_command_lines_exit_with_two(arguments):
    assert CliRunner().invoke(cli, arguments).exit_code == 2


def damaged(path: pathlib.Path) -> pathlib.Path:
    """Overwrite every page of an SQLite file but the first (its schema) with garbage, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = b"\xde\xad\xbe\xef" * ((len(data) - page) // 4)
    path.write_bytes(bytes(data))
    return path


def assert_one_line_failure(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for text in expected:
        assert text in lines[0]


def test_a_damaged_store_is_one_line_that_names_it(tmp_path, store_file):
    """Hardening item 15: a corrupted store gave a 34-line sqlite3 traceback."""
    damaged(store_file)
    result = run("export", "--store", store_file, "--corpus", SEEDS, "--out", "out", "--format", "xlsx", cwd=tmp_path)
    assert_one_line_failure(result, str(store_file), "damaged")


def test_control_characters_in_coder_and_note_do_not_break_the_workbook(tmp_path, sample_corpus, db_path):
    """Hardening item 15: a control character in a coder name gave a 51-line openpyxl traceback with --format xlsx."""
    with workbench.TagStore(db_path, coder="an\x01a") as store:
        store.add(sample_corpus.sentences["sentence_id"].iloc[0], "escalation")
        store.set_note(sample_corpus.sentences["sentence_id"].iloc[0], "\x02=note")
        store.coder = "ben\x1b[31m"
        store.add(sample_corpus.sentences["sentence_id"].iloc[0], "escalation")
    result = run("export", "--store", db_path, "--corpus", SEEDS, "--out", "out", "--format", "xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = next(openpyxl.load_workbook(tmp_path / "out" / "summaries.xlsx")["sentences_tagged"].values)
    assert {"tag:escalation:ana", "tag:escalation:ben[31m", "note:ana"} <= set(header)


def test_an_unexpected_error_is_one_line_and_traceback_shows_it(tmp_path, monkeypatch):
    """Hardening item 15: an error no command expected reached the user as a traceback."""

    def broken(*args, **kwargs):
        raise KeyError("article_id")

    monkeypatch.setattr(workbench.export, "corpus_tables", broken)
    arguments = ["load", str(SEEDS), "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: Unexpected KeyError: 'article_id'. This is a bug in the workbench: run the command again as "
        "'workbench --traceback ...' and report what it prints."
    ]
    assert isinstance(CliRunner().invoke(cli, ["--traceback", *arguments]).exception, KeyError)


def test_file_names_with_newlines_stay_on_one_line_in_messages(tmp_path):
    """Hardening item 15: a newline in the name of a file that could not be loaded split the stderr line."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Iran warned Israel on Monday.", encoding="utf-8")
    (folder / "bad\nname.txt").write_bytes(bytes(range(256)) * 8)
    result = run("load", folder, "--out", "tables", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert "1 input(s) not loaded, first: " in result.stderr and "bad\\nname.txt" in result.stderr


def test_printed_paths_with_a_newline_are_quoted(tmp_path):
    """Hardening item 15: written paths are printed one a line, quoted when they hold a control character."""
    result = run("load", SEEDS, "--out", "new\nfolder", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [repr(f"new\nfolder/{name}.csv") for name in workbench.export.CORPUS_TABLES]
    assert (tmp_path / "new\nfolder" / "articles.csv").is_file()


def _coder_store(path: pathlib.Path, coder: str, sentence_ids: list[str]) -> pathlib.Path:
    with workbench.TagStore(path, coder=coder) as store:
        store.add_many(sentence_ids, "escalation")
        store.mark_done(sentence_ids[-1])
    return path


def test_merge_gathers_coders_stores_into_a_team_store(tmp_path, sample_corpus):
    ids = sample_corpus.sentences["sentence_id"].tolist()
    ana = _coder_store(tmp_path / "ana.sqlite", "ana", ids[:3])
    ben = _coder_store(tmp_path / "ben.sqlite", "ben", ids[2:5])
    result = run("merge", ana.name, ben.name, "--out", "team.sqlite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ana.sqlite: added ana; 3 tag(s) and 4 change(s) copied",
        "ben.sqlite: added ben; 3 tag(s) and 4 change(s) copied",
    ]
    with workbench.TagStore(tmp_path / "team.sqlite") as team:
        assert team.coders() == ["ana", "ben"]
        assert workbench.agreement(team).set_index("tag").loc["escalation", "n_units"] == 1  # ids[2], coded by both
    again = run("merge", ana, ben, "--out", "team.sqlite", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.count("unchanged") == 2


def test_merge_with_a_conflict_merges_the_rest_and_exits_with_one(tmp_path, sample_corpus):
    ids = sample_corpus.sentences["sentence_id"].tolist()
    first = _coder_store(tmp_path / "ana.sqlite", "ana", ids[:3])
    second = _coder_store(tmp_path / "other-ana.sqlite", "ana", ids[5:6])
    result = run("merge", first, second, "--out", "team.sqlite", cwd=tmp_path)
    assert_one_line_failure(result, "1 coder(s) not merged", "other-ana.sqlite", "coder 'ana'")
    with workbench.TagStore(tmp_path / "team.sqlite") as team:
        assert team.tagged_ids("ana") == set(ids[:3])


def test_strict_merge_stops_at_the_conflict(tmp_path, sample_corpus):
    ids = sample_corpus.sentences["sentence_id"].tolist()
    first = _coder_store(tmp_path / "ana.sqlite", "ana", ids[:3])
    second = _coder_store(tmp_path / "other-ana.sqlite", "ana", ids[5:6])
    result = run("merge", first, second, "--out", "team.sqlite", "--strict", cwd=tmp_path)
    assert_one_line_failure(result, "Cannot merge", "other-ana.sqlite")
    assert result.stdout == ""


def test_merge_of_a_missing_store_is_one_line(tmp_path):
    result = run("merge", "nobody.sqlite", "--out", "team.sqlite", cwd=tmp_path)
    assert_one_line_failure(result, "Cannot merge 'nobody.sqlite': there is no such file")


def test_recover_copies_a_damaged_store_into_a_new_one(tmp_path, store_file):
    with workbench.TagStore(store_file) as store:
        expected = store.tags()[["sentence_id", "tag", "coder"]]
    raw = sqlite3.connect(store_file)
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tags'").fetchone()[0]
    size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    data = bytearray(store_file.read_bytes())
    data[(root - 1) * size : root * size] = b"\xde\xad\xbe\xef" * (size // 4)
    store_file.write_bytes(bytes(data))
    result = run("recover", store_file, "copy.sqlite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "copy.sqlite"
    assert result.stderr.strip() == "Warning: unreadable rows in tags; rebuilt from the history: tags"
    with workbench.TagStore(tmp_path / "copy.sqlite") as copy:
        pd.testing.assert_frame_equal(copy.tags()[["sentence_id", "tag", "coder"]], expected)


def test_recover_refuses_to_write_over_a_file(tmp_path, store_file):
    (tmp_path / "copy.sqlite").write_text("keep me")
    result = run("recover", store_file, "copy.sqlite", cwd=tmp_path)
    assert_one_line_failure(result, "the file already exists")
    assert (tmp_path / "copy.sqlite").read_text() == "keep me"


def test_load_reports_a_link_out_of_the_folder_and_follows_it_when_asked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran warned Israel on Monday.", encoding="utf-8")
    (tmp_path / "private.txt").write_text("The root password is swordfish.", encoding="utf-8")
    (folder / "b.txt").symlink_to(tmp_path / "private.txt")
    refused = run("load", "in", "--out", "refused", cwd=tmp_path)
    assert refused.returncode == 0, refused.stderr
    assert "1 input(s) not loaded, first: in/b.txt: it is a symbolic link to" in refused.stderr
    assert "swordfish" not in (tmp_path / "refused" / "articles.csv").read_text(encoding="utf-8")
    followed = run("load", "in", "--out", "followed", "--follow-links", cwd=tmp_path)
    assert followed.returncode == 0, followed.stderr
    assert "swordfish" in (tmp_path / "followed" / "articles.csv").read_text(encoding="utf-8")
