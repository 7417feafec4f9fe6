"""Charts of attention over time and of outlets side by side, drawn from :mod:`workbench.summaries`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench import summaries
from workbench._signatures import bound, keywords_of
from workbench.charts._base import at_least_one, empty_figure, escape, figure, fit_categories, label

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus

DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star"]
"""Line styles and marker shapes: with a colour each, they keep lines that share their values apart
(a dashed line over a solid one shows both, and each point shows two shapes)."""


@keywords_of(summaries.attention)
def attention_over_time(corpus: AnyCorpus, *, share: bool = True, **options: Any) -> go.Figure:
    """Draw lines of the attention each actor, tag or keyword gets per period, as a share of the period's output.

    ``options`` are the keyword parameters of :func:`workbench.summaries.attention` (``actors``,
    ``tags``, ``keywords``, ``store``, ``period``, ``unit``, ``rolling``, ``by_source``,
    ``distinct_stories``), passed on with its defaults, so the chart draws exactly the table the
    summary gives; ``share=False`` draws counts.

    Each line (a series, or with ``by_source`` a series in one outlet) has its own colour, line
    style and marker shape from plotly's Dark24 colours (each at least 3:1 on white), and its own
    legend entry, shown even for a single line. Lines show the rolling mean when ``rolling`` is
    above 1; the hover gives the period's count and total.

    Returns
    -------
    plotly.graph_objects.Figure
        Titled, with labelled axes; a figure that says why it is empty when no article is dated.
    """
    asked = bound(summaries.attention, corpus, **options)
    period, unit, rolling, by_source = (asked.arguments[name] for name in ("period", "unit", "rolling", "by_source"))
    table = summaries.attention(*asked.args, **asked.kwargs)
    measure = "share" if share else "count"
    what = f"share of {unit}" if share else unit
    smoothed = f", {rolling}-{period} mean" if rolling > 1 else ""
    title = f"Attention per {period} ({what}{smoothed})"
    if table.empty:
        return empty_figure(title, "No dated articles: load articles with a publication date")
    from plotly.colors import qualitative

    fig = figure(
        title,
        "Period starting",
        what.capitalize(),
        hovermode="x unified",
        legend_title_text="Series · outlet" if by_source else "Series",
        showlegend=True,
    )
    colors = qualitative.Dark24
    lines = table.groupby(["series", "source"], sort=False)
    for number, ((series, source), rows) in enumerate(lines):
        name = label(series) if not by_source else f"{label(series)} · {label(source)}"
        fig.add_scatter(
            x=rows["period"],
            y=rows[f"{measure}_rolling"],
            mode="lines+markers",
            name=name,
            showlegend=True,
            line={"color": colors[number % len(colors)], "dash": DASHES[number % len(DASHES)], "width": 2},
            marker={"symbol": SYMBOLS[number % len(SYMBOLS)], "size": 7},
            customdata=np.column_stack([rows["count"], rows["total"]]),
            hovertemplate=f"%{{y:{'.1%' if share else '.1f'}}} (%{{customdata[0]}} of %{{customdata[1]}} {unit})"
            "<extra>%{fullData.name}</extra>",
        )
    if share:
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return fig


def sources_heatmap(
    corpus: AnyCorpus,
    store: TagStore | None = None,
    *,
    by: str = "actor",
    top: int = 12,
    distinct_stories: bool = False,
) -> go.Figure:
    """Heatmap of each outlet's share of sentences per actor or tag (or of claims per quoted actor), beside the corpus.

    Parameters are those of :func:`workbench.summaries.source_shares`. Rows are outlets with the
    whole corpus last; the hover gives the count, the share and the ratio to the corpus share.

    Returns
    -------
    plotly.graph_objects.Figure
        Titled, with labelled axes; a figure that says why it is empty when nothing is counted.
    """
    shares = summaries.source_shares(
        corpus, store, by=by, top=at_least_one(top, "top"), distinct_stories=distinct_stories
    )
    what = {"actor": "sentences naming each actor", "tag": "sentences with each tag", "quoted": "claims by each source"}
    title = f"Outlets compared: share of {what[by]}"
    if shares.empty or not shares["count"].any():
        return empty_figure(title, f"Nothing to compare: no {what[by].split(' ')[0]} in the corpus")
    sources = list(dict.fromkeys(shares["source"]))
    names = list(dict.fromkeys(shares["name"]))
    wide = shares.pivot(index="source", columns="name").reindex(index=sources)
    fig = figure(title, {"actor": "Actor", "tag": "Tag", "quoted": "Quoted source"}[by], "Outlet")
    fig.add_heatmap(
        z=wide["share"][names].to_numpy(dtype=float),
        x=list(escape(shares["name"].drop_duplicates())),
        y=list(escape(shares["source"].drop_duplicates())),
        customdata=np.dstack([wide["count"][names].to_numpy(), wide["ratio"][names].to_numpy(dtype=float)]),
        colorscale="Blues",
        colorbar={"title": "Share", "tickformat": ".0%"},
        hoverongaps=False,
        hovertemplate="<b>%{y}</b> · %{x}: %{z:.1%} (%{customdata[0]}), %{customdata[1]:.2f}x the corpus"
        "<extra></extra>",
    )
    fit_categories(fig, len(sources), axes="xy" if len(names) > 8 else "y")
    fig.update_yaxes(autorange="reversed")
    return fig
