"""The summary tables an export writes, in order: builders from :mod:`workbench.summaries`, the analysis layer.

Each builder is a function from :class:`~workbench.summaries.SummaryInputs` (see
:func:`~workbench.summaries.inputs`) to a table; charts draw the same tables, so a chart and the
CSV beside it always agree. :data:`SUMMARIES` lists the builders in the order files are written:
another summary joins the export by adding one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.summaries import (
    SummaryInputs,
    actor_summary,
    agreement_summary,
    articles,
    claims,
    claims_by_source_and_target,
    inputs,
    sentences_tagged,
    tag_by_actor,
    tag_summary,
)

if TYPE_CHECKING:
    from workbench.summaries._parts import Frame

__all__ = ["SUMMARIES", "Builder", "SummaryInputs", "inputs"]

Builder = Callable[[SummaryInputs], "Frame"]
"""A summary: pandas, or for rows per sentence or claim of an on-disk corpus a lazy Dask dataframe."""


def _sources_and_targets(data: SummaryInputs) -> Frame:
    """Who makes claims about whom (no tags needed): :func:`~workbench.summaries.claims_by_source_and_target`."""
    return claims_by_source_and_target(data.corpus)


SUMMARIES: dict[str, Builder] = {
    "sentences_tagged": sentences_tagged,
    "tag_summary": tag_summary,
    "actor_summary": actor_summary,
    "tag_by_actor": tag_by_actor,
    "claims": claims,
    "claims_by_source_and_target": _sources_and_targets,
    "articles": articles,
    "agreement": agreement_summary,
}
"""Every summary an export writes, by file stem, in writing order."""
