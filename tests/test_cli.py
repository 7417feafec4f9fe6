from __future__ import annotations

import json
import pathlib
import subprocess
import sys

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
