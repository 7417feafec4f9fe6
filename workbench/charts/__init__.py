"""Plotly charts of actors, claims and tags: one function per chart, the corpus first, a Figure back.

No chart calls ``.show()``: display the figure in a notebook cell, or save it with
``fig.write_html(...)``. A chart with nothing to draw returns a figure that says why.

Example
-------
>>> import workbench
>>> corpus = workbench.load_text("Iran warned Israel. The talks went on.")
>>> fig = workbench.charts.article_overview(corpus)
>>> fig.layout.title.text
'Articles at a glance (1 of 1 articles, most sentences first)'
"""

from __future__ import annotations

from workbench.charts._base import NO_TAGS
from workbench.charts.actors import (
    actor_cooccurrence,
    actor_network,
    actors_by_mentions,
    claims_by_source,
    who_says_about_whom,
)
from workbench.charts.articles import article_overview
from workbench.charts.tags import tag_counts, tags_by_actor, tags_by_coder, tags_by_position, tags_over_time
from workbench.charts.team import agreement
from workbench.charts.trends import attention_over_time, sources_heatmap

__all__ = [
    "NO_TAGS",
    "actor_cooccurrence",
    "actor_network",
    "actors_by_mentions",
    "agreement",
    "article_overview",
    "attention_over_time",
    "claims_by_source",
    "sources_heatmap",
    "tag_counts",
    "tags_by_actor",
    "tags_by_coder",
    "tags_by_position",
    "tags_over_time",
    "who_says_about_whom",
]
