"""The curated notebooks run on another corpus by changing only their parameters cell.

nbval (``make test``) checks them on the sample corpus against their saved outputs; here each
runs top to bottom on the evaluation articles, with its own store, as an analyst would run it on
her own folder.
"""

from __future__ import annotations

import pathlib
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from workbench.inputs import files_in
from workbench.readers import READERS

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
OTHER_CORPUS = ROOT / "tests" / "data" / "eval"


def _parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", []))


def test_every_notebook_has_a_parameters_cell_naming_the_corpus_and_the_store():
    for path in NOTEBOOKS:
        source = _parameters_cell(nbformat.read(path, as_version=4)).source
        assert "CORPUS = " in source and "STORE = " in source and "CODER = " in source, path.name


WIDGET_TAG = "widget"
"""Cells that show a view carry this tag, and are saved without outputs.

A saved widget output is stale: before the cell runs it shows ``<... object at 0x...>``, and
after a restart "Error displaying widget: model not found". After executing the notebooks, clear
those outputs with ``jupyter nbconvert --to notebook --inplace --TagRemovePreprocessor.enabled=True
--TagRemovePreprocessor.remove_all_outputs_tags='{"widget"}' notebooks/0*.ipynb``.
"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_notebooks_hold_no_stale_widget_outputs_and_no_tracebacks(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = [output for cell in code for output in cell.get("outputs", [])]
    shows_a_view = [cell for cell in code if re.search(r"\b(tagger|sheet|review)\(", cell.source)]
    assert all(WIDGET_TAG in cell.metadata.get("tags", []) and not cell.outputs for cell in shows_a_view)
    assert not [output for output in outputs if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    assert not [output for output in outputs if " object at 0x" in str(output.get("data", {}).get("text/plain", ""))]
    assert not [output for output in outputs if output.output_type == "error"]
    assert "widgets" not in notebook.metadata


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
    # Displayed values only: load() warns on stderr about the folder's gold annotations (.yaml), which it cannot read.
    shown = [str(output["data"].get("text/plain", "")) for output in outputs if "data" in output]
    if path.name.startswith("01"):
        readable = [file for file in files_in(OTHER_CORPUS) if file.suffix.lower() in READERS]
        n_articles = len(readable)  # the articles and the folder's README
        assert shown[0].startswith(f"<Corpus: {n_articles} article(s)")
