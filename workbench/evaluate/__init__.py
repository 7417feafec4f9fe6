"""Scoring extraction against a hand-annotated evaluation set, so quality is a number, not an impression.

An evaluation folder holds articles (``NAME.txt``) with gold annotations (``NAME.gold.yaml``:
sentences, actors, claims); see ``tests/data/eval/README.md``. :func:`evaluate` runs the
pipeline on them and returns scores (precision, recall, F1 per task, per article and overall)
and outcomes (every hit, miss and false positive). From a shell::

    python -m workbench.evaluate [FOLDER] [--verbose]

:func:`from_corrections` measures the extractor on the analyst's own corpus instead, taking the
sentences she reviewed in the tag store, with her corrections, as the gold.
"""

from __future__ import annotations

from workbench.evaluate.corrected import from_corrections
from workbench.evaluate.gold import read_gold
from workbench.evaluate.running import evaluate, main, report
from workbench.evaluate.scoring import (
    ALL,
    TARGETS,
    match_actors,
    match_claims,
    match_sentences,
    meets_targets,
    score,
    score_actors,
    score_claims,
    score_sentences,
)

__all__ = [
    "ALL",
    "TARGETS",
    "evaluate",
    "from_corrections",
    "main",
    "match_actors",
    "match_claims",
    "match_sentences",
    "meets_targets",
    "read_gold",
    "report",
    "score",
    "score_actors",
    "score_claims",
    "score_sentences",
]
