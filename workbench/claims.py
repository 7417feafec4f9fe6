"""Claims: who says what, with hedged statements flagged (placeholder)."""

from __future__ import annotations

import pandas as pd

from workbench import schema


def find_claims(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the ``claims`` table of ``sentences``."""
    return schema.empty("claims")


def hedged_sentences(sentences: pd.DataFrame) -> pd.Series:
    """Return a boolean Series: True where a sentence hedges (``may``, ``appears to``, ``unclear``)."""
    return pd.Series(False, index=sentences.index, dtype=bool)
