"""The package's layout: imports run one way, and the in-memory corpus knows no extractor.

The import graph is read from the source with ``ast``, so an import inside a function (run
only when the function is called) or under ``if TYPE_CHECKING:`` (read by type checkers) counts
as much as one at the top of a module: a module that needs another only for a type still
depends on it. Imports of the top package itself (``from workbench import __version__``) are
left out: it is the door to the public names, above every module, and loads them on first use.
"""

from __future__ import annotations

import ast
import graphlib
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "workbench"
EXTRACTORS = ("workbench.actors", "workbench.claims", "workbench.segmenting", "workbench.pipeline")
"""The modules that find sentences, actors and claims in text (with everything below them)."""


def _module_name(path: pathlib.Path, package: pathlib.Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, package: str, modules: set[str]) -> list[str]:
    """Return the workbench modules an import statement runs (a name imported from a package may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
    found = []
    for alias in node.names:
        full = f"{base}.{alias.name}"
        found.append(full if full in modules else base)
    return [name for name in found if name in modules]


def import_graph(package: pathlib.Path = PACKAGE) -> dict[str, set[str]]:
    """Return, for each module of ``package``, the modules of it that it imports anywhere (the top package aside)."""
    paths = {_module_name(path, package): path for path in package.rglob("*.py")}
    modules = set(paths)
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package_name = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _imported(node, package_name, modules)
            if target not in (name, package.name)
        }
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import circle: {' -> '.join(error.args[1])}")


def test_the_graph_sees_imports_inside_functions_and_for_types(tmp_path):
    package = tmp_path / "workbench"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def rows():\n    from workbench import high\n\n    return high.X\n")
    (package / "high.py").write_text("from workbench.low import rows\n\nX = 1\n")
    (package / "typed.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from workbench import high\n"
    )
    graph = import_graph(package)
    assert graph["workbench.low"] == {"workbench.high"} and graph["workbench.high"] == {"workbench.low"}
    assert graph["workbench.typed"] == {"workbench.high"}
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(graph).prepare()


def test_the_corpus_imports_no_extractor():
    graph = import_graph()
    reached = _reachable(graph, "workbench.corpus")
    found = sorted(name for name in reached if name.startswith(EXTRACTORS))
    assert not found, f"workbench.corpus imports extractors: {found}"
    assert "workbench.selection" in reached  # the graph does follow the corpus' imports


def test_sentence_rows_take_tables_not_a_corpus():
    import pandas as pd

    from workbench import pipeline, selection

    tables = pipeline.extract(pd.DataFrame({"article_id": ["a1"], "title": ["Talks"], "text": ["Iran warned Israel."]}))
    rows = selection.sentence_rows(tables)
    assert rows[["article", "text", "actors"]].values.tolist() == [["Talks", "Iran warned Israel.", "Iran; Israel"]]


def test_the_readme_layout_names_every_module_and_package():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("- Layout of `workbench/`") :].split("\n- ", 1)[0]
    named = {line.split("`")[1] for line in layout.splitlines() if line.startswith("  - `")}
    present = {path.name + ("/" if path.is_dir() else "") for path in PACKAGE.iterdir()}
    present = {name for name in present if name.endswith((".py", "/")) and name != "__pycache__/"}
    assert not present - named, f"modules the README's layout does not name: {sorted(present - named)}"
    assert not named - present, f"the README's layout names what is not in workbench/: {sorted(named - present)}"


def _imports_resources(node: ast.AST) -> bool:
    names = [f"{node.module}.{alias.name}" for alias in node.names] if isinstance(node, ast.ImportFrom) else []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    return any(name.startswith("importlib.resources") for name in names)


def data_readers(package: pathlib.Path = PACKAGE) -> dict[str, list[str]]:
    """Return the modules of ``package`` other than ``lexicon.py`` that reach its ``data/`` folder themselves, and how.

    Package data is reached through ``importlib.resources`` or through a path that goes into a
    folder ``data`` right from where a module is (``Path(__file__).parent / "data"``,
    ``files("workbench").joinpath("data", name)``); a path of literal parts (``parents[2] / "tests"
    / "data"``) is someone else's data, not the package's.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        if path == package / "lexicon.py":
            continue
        ways = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _imports_resources(node):
                ways.append(f"line {node.lineno}: imports importlib.resources")
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Div)
                and isinstance(node.right, ast.Constant)
                and node.right.value == "data"
                and not (isinstance(node.left, ast.BinOp) and isinstance(node.left.right, ast.Constant))
            ):
                ways.append(f"line {node.lineno}: a path into data/")
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "joinpath"
                and any(isinstance(arg, ast.Constant) and arg.value == "data" for arg in node.args)
            ):
                ways.append(f"line {node.lineno}: joinpath('data', ...)")
        if ways:
            found[_module_name(path, package)] = ways
    return found


def test_every_data_file_is_reached_only_through_the_lexicon():
    readers = data_readers()
    assert not readers, f"modules that reach workbench/data/ without workbench.lexicon: {readers}"


def test_the_data_check_sees_each_way_of_reaching_package_data(tmp_path):
    package = tmp_path / "workbench"
    package.mkdir()
    (package / "lexicon.py").write_text("from importlib.resources import files\n")
    (package / "weights.py").write_text(
        "import pathlib\n\nWEIGHTS = pathlib.Path(__file__).resolve().parent / 'data' / 'model.npz'\n"
    )
    (package / "table.py").write_text("from importlib import resources\n\nresources.files('x').joinpath('data', 'a')\n")
    (package / "split.py").write_text("import pathlib\n\nSPLIT = pathlib.Path(__file__).parents[1] / 'test' / 'data'\n")
    readers = data_readers(package)
    assert sorted(readers) == ["workbench.table", "workbench.weights"]
    assert len(readers["workbench.table"]) == 2
