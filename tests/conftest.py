"""Shared fixtures: the sample corpus, a tiny corpus, an in-memory-like store under tmp_path."""

from __future__ import annotations

import pathlib

import pytest

import workbench

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def sample_corpus() -> workbench.Corpus:
    """The sample article in seeds/, loaded once per test session (treat it as read-only)."""
    return workbench.load(SEEDS)


@pytest.fixture
def tiny_corpus() -> workbench.Corpus:
    """Two short articles with actors and a claim, fast to build."""
    import pandas as pd

    return workbench.load(
        pd.DataFrame(
            [
                {
                    "id": "t1",
                    "title": "Talks",
                    "published": "2024-04-15",
                    "source": "Wire",
                    "text": "President Biden spoke with Prime Minister Benjamin Netanyahu on Sunday. "
                    "Biden said that the United States would defend Israel.\n\nIran warned Israel not to respond.",
                },
                {
                    "id": "t2",
                    "title": "Summit",
                    "published": "2024-04-16",
                    "source": "Daily",
                    "text": "The Group of 7 met in Capri. Leaders may discuss sanctions on Iran.",
                },
            ]
        )
    )


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "tags.sqlite"
