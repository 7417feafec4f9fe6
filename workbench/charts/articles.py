"""The per-article overview: one row per article with its sentences, actors, claims and tagged share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench import summaries
from workbench.charts._base import LOOK, at_least_one, documented, empty_figure, escape, tag_data

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus

PANELS = {
    "n_sentences": "Sentences",
    "n_actors": "Actors",
    "n_claims": "Claims",
    "tagged_percent": "Tagged (%)",
}
"""The overview's panels: the column of :func:`workbench.summaries.articles` each shows, and its title."""
LABEL_LENGTH = 48


@documented("corpus", "store_optional", "top")
def article_overview(corpus: AnyCorpus, store: TagStore | None = None, *, top: int = 40) -> go.Figure:
    """Side-by-side bars with one row per article: sentences, distinct actors, claims and tagged share."""
    from plotly.subplots import make_subplots

    title = "Articles at a glance"
    data, _ = tag_data(corpus, store)
    frame = summaries.articles(data)
    if frame.empty:
        return empty_figure(title, "No articles in this selection")
    shown = frame.sort_values(["n_sentences", "article_id"], ascending=[False, True]).head(at_least_one(top, "top"))
    shown = shown.assign(tagged_percent=100 * shown["tagged_share"])
    name = shown["title"].fillna(shown["article_id"]).astype("string")
    short = name.str.slice(0, LABEL_LENGTH).where(name.str.len() <= LABEL_LENGTH, name.str.slice(0, LABEL_LENGTH) + "…")
    repeat = short.groupby(short).cumcount()
    labels = escape(short.where(repeat == 0, short + " (" + (repeat + 1).astype(str) + ")"))
    fig = make_subplots(rows=1, cols=len(PANELS), shared_yaxes=True, subplot_titles=list(PANELS.values()))
    details = np.column_stack([escape(name), shown["article_id"]])
    for column, (field, panel) in enumerate(PANELS.items(), start=1):
        fig.add_bar(
            x=shown[field],
            y=labels,
            orientation="h",
            name=panel,
            marker_color="#4477aa" if field != "tagged_percent" else "#228833",
            customdata=details,
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{panel}: %{{x}}<extra></extra>",
            row=1,
            col=column,
        )
        fig.update_xaxes(title_text=panel, row=1, col=column)
    heading = f"{title} ({len(shown)} of {len(frame)} articles, most sentences first)"
    fig.update_layout(title=heading, showlegend=False, height=max(400, 120 + 22 * len(shown)), **LOOK)
    fig.update_yaxes(title_text="Article", autorange="reversed", dtick=1, row=1, col=1)
    return fig
