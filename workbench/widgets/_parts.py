"""The mentions and claims of one sentence, found when the card shows that sentence.

The card shows one sentence at a time, so opening it builds no table over every mention or claim:
each lookup compares the sentence's id with an Arrow array of ids (a scan in C, about a
millisecond for 100,000 rows), which keeps opening the card on 100,000 sentences about as fast
as reading their ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from workbench.corpus import Corpus


def _strings(values: pd.Series) -> pa.StringArray:
    """Return ``values`` as one Arrow string array, missing values as ""."""
    array = pa.array(values.astype("string").fillna(""), type=pa.string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _equal(array: pa.StringArray, value: str) -> np.ndarray:
    """Return the positions of ``array`` that hold ``value``, in order."""
    return np.flatnonzero(pc.fill_null(pc.equal(array, value), False).to_numpy(zero_copy_only=False))


class SentenceParts:
    """Row positions, in the corpus' mentions and claims tables, of what belongs to one sentence.

    Parameters
    ----------
    corpus
        The corpus the card walks through; its ``mentions`` and ``claims`` tables are read by position.
    """

    def __init__(self, corpus: Corpus) -> None:
        claims = corpus.claims
        self._mention_ids = _strings(corpus.mentions["sentence_id"])
        self._claim_ids = _strings(claims["sentence_id"])
        lists = pa.array(
            [ids if isinstance(ids, tuple | list | np.ndarray) else None for ids in claims["sentence_ids"]],
            type=pa.list_(pa.string()),
        )
        own = np.flatnonzero(pc.fill_null(pc.list_value_length(lists), 0).to_numpy() == 0)
        self._covered_ids = pa.concat_arrays([pc.list_flatten(lists), self._claim_ids.take(own)])
        self._covering = np.concatenate([pc.list_parent_indices(lists).to_numpy(), own])

    def mentions(self, sentence_id: str) -> np.ndarray:
        """Return the positions of the sentence's mentions."""
        return _equal(self._mention_ids, sentence_id)

    def claims(self, sentence_id: str) -> np.ndarray:
        """Return the positions of the claims made in the sentence (their source and cue are in it)."""
        return _equal(self._claim_ids, sentence_id)

    def quotes(self, sentence_id: str) -> np.ndarray:
        """Return the positions of the claims whose quote covers the sentence, each once, in table order.

        A claim covers the sentences of its ``sentence_ids``; one without them (a table made by
        hand) covers its own sentence only. A table read back from Parquet may hold arrays rather
        than tuples.
        """
        return np.unique(self._covering[_equal(self._covered_ids, sentence_id)])
