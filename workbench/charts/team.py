"""Charts of team work: how far coders agree on each tag."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench import reliability as _agreement
from workbench.charts._base import empty_figure, escape, figure

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.corpus import Corpus
    from workbench.store import TagStore

FIGURES = {"alpha": ("Krippendorff's alpha", "#332288"), "kappa": ("Cohen's kappa", "#88ccee")}
"""The agreement figures drawn, with their legend names and colours."""
NO_UNITS = "No sentence coded by two coders yet: let a second coder tag some of the same sentences"


def agreement(store: TagStore, corpus: Corpus | None = None) -> go.Figure:
    """Draw grouped bars of Krippendorff's alpha and Cohen's kappa per tag, to see which tags coders read alike.

    Parameters
    ----------
    store : TagStore
        The tag store holding every coder's work; the consensus coder of a review is left out.
    corpus : Corpus, optional
        When given, only its sentences count (see :func:`workbench.reliability.agreement`).

    Returns
    -------
    plotly.graph_objects.Figure
        Bars per tag (the pooled ``(all)`` row last), the units, coders and percent agreement
        behind each bar in the hover text; a figure that says why it is empty when no sentence
        was coded by two coders. Undefined figures (no variation) draw no bar.
    """
    title = "Agreement between coders per tag"
    table = _agreement.agreement(store, corpus)
    if not int(table["n_units"].max()):
        return empty_figure(title, NO_UNITS)
    fig = figure(title, "Tag", "Agreement", barmode="group", legend_title_text="Figure")
    labels = escape(table["tag"])
    hover = np.column_stack([table["n_units"], table["n_coders"], 100 * table["percent_agreement"].astype(float)])
    for column, (name, color) in FIGURES.items():
        fig.add_bar(
            x=list(labels),
            y=table[column].astype(float),
            name=name,
            marker_color=color,
            customdata=hover,
            hovertemplate=f"<b>%{{x}}</b>: {name} %{{y:.2f}}<br>%{{customdata[0]}} sentences coded by "
            "%{customdata[1]} coders, %{customdata[2]:.0f}% of pairs agree<extra></extra>",
        )
    fig.update_yaxes(range=[min(-0.1, float(np.nanmin(table[list(FIGURES)].to_numpy(float), initial=0.0))), 1.05])
    fig.add_hline(y=0.8, line_dash="dot", line_color="#999999", annotation_text="0.8: reliable")
    fig.add_hline(y=0.667, line_dash="dot", line_color="#cccccc", annotation_text="0.667: tentative")
    return fig
