"""Shared fixtures: the sample corpus, a tiny corpus, an in-memory-like store under tmp_path."""

from __future__ import annotations

import os
import pathlib

import pytest

import workbench
from workbench.evaluate.annotated import shared_data

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

REQUIRE_SHARED = "WORKBENCH_REQUIRE_SHARED"
"""When this variable is set (CI sets it), missing shared data fails the run instead of skipping its tests."""


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once when the shared annotated data is required but absent, naming where it was looked for."""
    if os.environ.get(REQUIRE_SHARED) and not shared_data().is_dir():
        raise pytest.UsageError(
            f"{REQUIRE_SHARED} is set but the shared data is not at {shared_data()}: put it beside the checkout "
            "(../shared/data) or point WORKBENCH_SHARED_DATA at it."
        )


@pytest.fixture(scope="session")
def sample_corpus() -> workbench.Corpus:
    """The sample article in seeds/, loaded once per test session (treat it as read-only)."""
    return workbench.load(SEEDS)


TINY_ARTICLES = [
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


@pytest.fixture
def tiny_corpus() -> workbench.Corpus:
    """Two short articles with actors and a claim, fast to build."""
    import pandas as pd

    return workbench.load(pd.DataFrame(TINY_ARTICLES))


@pytest.fixture
def db_path(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "tags.sqlite"


@pytest.fixture(scope="session")
def news_corpus() -> workbench.Corpus:
    """The tiny corpus with hand-made actor mentions and claims, independent of the extractors (read-only)."""
    import pandas as pd

    from workbench import schema

    tiny_corpus = workbench.load(pd.DataFrame(TINY_ARTICLES))
    s = tiny_corpus.sentences["sentence_id"].tolist()
    mentions = [
        ("t1", s[0], "Joe Biden", "person", "President Biden"),
        ("t1", s[0], "Benjamin Netanyahu", "person", "Benjamin Netanyahu"),
        ("t1", s[1], "Joe Biden", "person", "Biden"),
        ("t1", s[1], "United States", "country", "the United States"),
        ("t1", s[1], "Israel", "country", "Israel"),
        ("t1", s[2], "Iran", "country", "Iran"),
        ("t1", s[2], "Israel", "country", "Israel"),
        ("t2", s[3], "Group of 7", "organization", "Group of 7"),
        ("t2", s[4], "Iran", "country", "Iran"),
    ]
    claims = [
        ("c1", "t1", s[1], "Biden", "Joe Biden", "said", "the United States would defend Israel", False),
        ("c2", "t1", s[2], "Iran", "Iran", "warned", "Israel not to respond", False),
    ]
    mention_frame = pd.DataFrame(mentions, columns=["article_id", "sentence_id", "actor", "actor_type", "surface"])
    claim_columns = ["claim_id", "article_id", "sentence_id", "source", "source_actor", "cue", "content", "hedged"]
    return workbench.Corpus(
        tiny_corpus.articles,
        tiny_corpus.sentences,
        schema.conform(mention_frame, "mentions"),
        schema.conform(pd.DataFrame(claims, columns=claim_columns), "claims"),
    )


@pytest.fixture
def tagged_store(news_corpus: workbench.Corpus):
    """An in-memory store where coders ana and ben tagged the news corpus (ben also left a note)."""
    s = news_corpus.sentences["sentence_id"].tolist()
    store = workbench.TagStore(memory=True, coder="ana")
    store.add(s[1], "escalation")
    store.add(s[2], "threat or warning")
    store.add(s[4], "economic impact")
    store.coder = "ben"
    store.add(s[2], "threat or warning")
    store.add(s[0], "diplomacy")
    store.set_note(s[2], "Iran's warning")
    yield store
    store.close()
