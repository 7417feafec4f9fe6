"""The extractor measured on the analyst's own corpus: the sentences she reviewed are the gold.

A sentence counts as reviewed when a coder marked it done or corrected anything in it. On
those sentences, the tables with the corrections applied (:mod:`workbench.corrections`) are
the gold and the tables as extracted are the prediction: :func:`from_corrections` gives the
precision and recall of actors and claims, and how many sentences they rest on.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from workbench import corrections
from workbench.corpus import Corpus

ACTOR_KEY = ("sentence_id", "start", "end", "actor", "actor_type")
"""A predicted mention is right when the gold has one with the same span, actor and type."""
CLAIM_KEY = ("sentence_id", "cue_start", "cue_end", "source_start", "source_end", "content_start", "content_end")
"""A predicted claim is right when the gold has one with the same cue, source and content spans."""
COLUMNS = ("task", "sentences", "gold", "predicted", "hits", "precision", "recall", "f1")
"""Columns of the table :func:`from_corrections` returns."""


class Reviewed(corrections.Corrections, Protocol):
    """A store that knows which sentences were reviewed: a :class:`~workbench.store.TagStore`."""

    def reviewed_ids(self, coder: str | None = None) -> set[str]:
        """Return the sentences marked done or corrected."""


def _keys(frame: pd.DataFrame, key: tuple[str, ...], reviewed: set[str]) -> set[tuple]:
    """Return the distinct keys of the rows of reviewed sentences, missing offsets as None."""
    rows = frame.loc[frame["sentence_id"].isin(reviewed), list(key)].astype(object)
    rows = rows.where(rows.notna(), None)
    return set(rows.itertuples(index=False, name=None))


def _row(task: str, sentences: int, gold: set[tuple], predicted: set[tuple]) -> dict[str, object]:
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else float("nan")
    recall = hits / len(gold) if gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
    return dict(zip(COLUMNS, (task, sentences, len(gold), len(predicted), hits, precision, recall, f1), strict=True))


def from_corrections(corpus: Corpus, store: Reviewed, *, coder: str | None = None) -> pd.DataFrame:
    """Return the precision and recall of actors and claims on the sentences an analyst reviewed.

    Parameters
    ----------
    corpus
        The corpus as extracted (not one returned by ``with_corrections``).
    store
        The tag store holding the corrections and done marks.
    coder
        Count only this coder's reviews and corrections; by default every coder's.

    Returns
    -------
    pandas.DataFrame
        One row per task (``actors``, ``claims``): ``sentences`` (reviewed sentences of the
        corpus the figures rest on), ``gold``, ``predicted``, ``hits``, ``precision``,
        ``recall``, ``f1`` (NaN where nothing was counted).
    """
    reviewed = store.reviewed_ids(coder) & set(corpus.sentences["sentence_id"])
    fixed = corrections.apply(corpus, store.corrections(coder=coder))
    rows = [
        _row("actors", len(reviewed), _keys(fixed.mentions, ACTOR_KEY, reviewed),
             _keys(corpus.mentions, ACTOR_KEY, reviewed)),
        _row("claims", len(reviewed), _keys(fixed.claims, CLAIM_KEY, reviewed),
             _keys(corpus.claims, CLAIM_KEY, reviewed)),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))
