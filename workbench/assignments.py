"""Assignments: split a corpus among coders so that a chosen share of it is coded by two of them.

Double coding a share of the sentences is how a team measures its agreement without everyone
coding everything. :func:`assign` shuffles the units (sentences, or whole articles with
``by="article"``) with a seeded random generator, so the same seed gives the same split on every
laptop; picks the shared units until their sentences come closest to the asked share; and gives
each shared unit to the two coders with the least work so far, then each other unit to the one
with the least, so every coder ends with as many sentences as the others (within one sentence,
or one article's length with ``by="article"``).

Example
-------
>>> import workbench
>>> corpus = workbench.load_text("Iran warned Israel. The talks were paused. Oman hosted them. Both sides agreed.")
>>> plan = workbench.assign(corpus, coders=["ana", "ben"], overlap=0.5, seed=1)
>>> plan.groupby("coder")["sentence_id"].count().to_dict()
{'ana': 3, 'ben': 3}
>>> int(plan.drop_duplicates("sentence_id")["shared"].sum())
2
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from workbench.errors import StoreError

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore

__all__ = ["Unit", "assign", "progress"]


class Unit(enum.StrEnum):
    """What :func:`assign` hands out: single sentences, or whole articles (read with every sentence in context)."""

    SENTENCE = "sentence"
    ARTICLE = "article"


COLUMNS = ["sentence_id", "article_id", "coder", "shared"]
"""Columns of the table :func:`assign` returns."""


def _check(coders: Sequence[str], overlap: float, by: str) -> tuple[list[str], Unit]:
    names = list(dict.fromkeys(coders)) if not isinstance(coders, str) else []
    if not names or any(not isinstance(name, str) or not name.strip() for name in names):
        raise StoreError(f"Name the coders as a list of names, e.g. coders=['ana', 'ben'], got {coders!r}.")
    if not 0 <= overlap <= 1:
        raise StoreError(f"overlap is the share of sentences two coders code, from 0 to 1; got {overlap!r}.")
    if overlap > 0 and len(names) < 2:
        raise StoreError("Double coding needs two coders or more: name another coder, or pass overlap=0.")
    try:
        return names, Unit(by)
    except ValueError:
        raise StoreError(f"by must be 'sentence' or 'article', got {by!r}.") from None


def _shared(weights: np.ndarray, target: float) -> np.ndarray:
    """Return a mask of the units (in the shuffled order) whose total weight comes closest to ``target``."""
    mask = np.zeros(len(weights), dtype=bool)
    total = 0.0
    for index, weight in enumerate(weights):
        if abs(total + weight - target) < abs(total - target):
            mask[index] = True
            total += weight
    return mask


def assign(
    corpus: Corpus,
    coders: Sequence[str],
    *,
    overlap: float = 0.2,
    seed: int | None = 0,
    by: str = "sentence",
    store: TagStore | None = None,
) -> pd.DataFrame:
    """Split the corpus's sentences among coders, a share ``overlap`` of them to two coders; save it in ``store``.

    Parameters
    ----------
    corpus
        The corpus to code.
    coders
        The coders' names, as they set ``store.coder``.
    overlap
        The share of the sentences coded by two coders (0 to 1), for measuring agreement.
    seed
        The seed of the shuffle: the same corpus, coders, overlap and seed give the same split.
    by
        ``"sentence"`` hands out single sentences; ``"article"`` whole articles.
    store
        When given, the assignment is saved in it as the one in use (see ``store.assignments()``
        and :func:`progress`); the card view's "my assignment" filter reads it.

    Returns
    -------
    pandas.DataFrame
        One row per (sentence, coder): ``sentence_id``, ``article_id``, ``coder`` (``string``)
        and ``shared`` (bool: two coders have the sentence), in corpus order.

    Raises
    ------
    StoreError
        When no coder is named, ``overlap`` is outside 0 to 1 (or above 0 with one coder), or
        ``by`` is neither ``"sentence"`` nor ``"article"``.
    """
    names, unit = _check(coders, overlap, by)
    sentences = corpus.sentences[["sentence_id", "article_id"]].astype("string").reset_index(drop=True)
    key = "sentence_id" if unit is Unit.SENTENCE else "article_id"
    units = sentences.groupby(key, sort=False).size()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(units))
    weights = units.to_numpy()[order]
    shared = _shared(weights, overlap * len(sentences))
    preference = {name: rank for rank, name in enumerate(rng.permutation(names).tolist())}
    load = dict.fromkeys(names, 0)
    given: list[tuple[str, str, bool]] = []
    for is_shared in (True, False):
        picked = np.flatnonzero(shared == is_shared)
        for index in picked[np.argsort(-weights[picked], kind="stable")]:
            lightest = sorted(names, key=lambda name: (load[name], preference[name]))[: 2 if is_shared else 1]
            for name in lightest:
                load[name] += int(weights[index])
                given.append((str(units.index[order[index]]), name, is_shared))
    chosen = pd.DataFrame(given, columns=[key, "coder", "shared"]).astype({key: "string", "coder": "string"})
    frame = sentences.reset_index().merge(chosen, on=key).sort_values(["index", "coder"], kind="stable")
    frame = frame[COLUMNS].astype({"shared": bool}).reset_index(drop=True)
    if store is not None:
        store.save_assignments(frame, unit=unit.value, coders=names, overlap=overlap, seed=seed)
    return frame


def _coded(store: TagStore, coder: str) -> set[str]:
    """Return the sentences a coder has coded: tagged, noted or marked done."""
    notes = store.notes(coder=coder)["sentence_id"]
    return store.tagged_ids(coder) | store.done_ids(coder) | set(notes.astype(str))


def progress(store: TagStore) -> pd.DataFrame:
    """Return each coder's progress against the assignment in use, one row per coder.

    Returns
    -------
    pandas.DataFrame
        ``coder``, ``assigned`` (sentences), ``coded`` (of those, tagged, noted or marked done),
        ``remaining``, ``share_coded`` (0 to 1), ``shared`` (assigned sentences another coder
        also has) and ``shared_coded``; empty when nothing was assigned.
    """
    assigned = store.assignments()
    rows = []
    for coder, mine in assigned.groupby("coder", sort=True):
        done = mine["sentence_id"].isin(_coded(store, str(coder)))
        n = len(mine)
        rows.append((coder, n, int(done.sum()), n - int(done.sum()), float(done.mean()) if n else 0.0,
                     int(mine["shared"].sum()), int((done & mine["shared"]).sum())))  # fmt: skip
    columns = ["coder", "assigned", "coded", "remaining", "share_coded", "shared", "shared_coded"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"coder": "string", **dict.fromkeys(columns[1:], "int64"), "share_coded": "float64"})
