"""The curated notebooks run on another corpus by changing only their parameters cell.

nbval (``make test``) checks them on the sample corpus against their saved outputs; here each
runs top to bottom on the evaluation articles, with its own store, as an analyst would run it on
her own folder.
"""

from __future__ import annotations

import pathlib
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from workbench.loading import files_in

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
OTHER_CORPUS = ROOT / "tests" / "data" / "eval"


def _parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", []))


def test_every_notebook_has_a_parameters_cell_naming_the_corpus_and_the_store():
    for path in NOTEBOOKS:
        source = _parameters_cell(nbformat.read(path, as_version=4)).source
        assert "CORPUS = " in source and "STORE = " in source and "CODER = " in source, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_another_folder_with_only_its_parameters_changed(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    cell = _parameters_cell(notebook)
    cell.source = "\n".join(
        f'CORPUS = "{OTHER_CORPUS}"' if line.startswith("CORPUS = ")
        else f'STORE = "{tmp_path / "tags.sqlite"}"' if line.startswith("STORE = ")
        else line
        for line in cell.source.splitlines()
    )  # fmt: skip
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "notebooks").mkdir()
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path / "notebooks"}}
    ).execute()
    outputs = [output for code in notebook.cells if code.cell_type == "code" for output in code.get("outputs", [])]
    errors = [output for output in outputs if output.output_type == "error"]
    expected = [cell for cell in notebook.cells if "raises-exception" in cell.metadata.get("tags", [])]
    assert len(errors) == len(expected)
    shown = [str(output.get("data", {}).get("text/plain", "")) for output in outputs]
    if path.name.startswith("01"):
        n_articles = len(files_in(OTHER_CORPUS))  # the articles and the folder's README
        assert shown[0].startswith(f"<Corpus: {n_articles} article(s)")
