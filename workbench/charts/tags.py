"""Charts of what analysts tagged: counts, coders, actors, place in the article and dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from workbench import summaries
from workbench.charts._base import (
    NO_TAGS,
    at_least_one,
    documented,
    empty_figure,
    escape,
    figure,
    fit_categories,
    hover_text,
    label,
    tag_data,
)
from workbench.errors import ChartError

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus

SCATTERGL_FROM = 2000
"""Point count from which scatter charts draw with WebGL, which stays smooth at 100,000 points."""


@documented("corpus", "store")
def tag_counts(corpus: AnyCorpus, store: TagStore) -> go.Figure:
    """Bar chart of how many sentences carry each tag of the codebook, in the codebook's colours."""
    title = "Tagged sentences per tag"
    data, colors = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    summary = summaries.tag_summary(data)
    fig = figure(title, "Tag", "Sentences", showlegend=False)
    fig.add_bar(
        x=escape(summary["tag"]),
        y=summary["sentences"],
        marker_color=[colors[tag] for tag in summary["tag"]],
        customdata=np.column_stack([summary["articles"], 100 * summary["share"], escape(summary["coders"])]),
        hovertemplate="<b>%{x}</b>: %{y} sentences in %{customdata[0]} articles"
        " (%{customdata[1]:.1f}% of sentences)<br>coders: %{customdata[2]}<extra></extra>",
    )
    return fig


@documented("corpus", "store")
def tags_by_coder(corpus: AnyCorpus, store: TagStore) -> go.Figure:
    """Draw grouped bars of the sentences each coder gave each tag, to compare how coders use the codebook."""
    title = "Tags by coder"
    data, colors = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    counts = summaries.tags_by_coder(data)
    fig = figure(title, "Coder", "Sentences", barmode="group", legend_title_text="Tag")
    for tag in data.tag_names:
        rows = counts[counts["tag"] == tag]
        if rows.empty:
            continue
        fig.add_bar(
            x=escape(rows["coder"]),
            y=rows["sentences"],
            name=label(tag),
            marker_color=colors[tag],
            hovertemplate="<b>%{x}</b> tagged %{y} sentences <b>%{fullData.name}</b><extra></extra>",
        )
    fig.update_xaxes(categoryorder="category ascending")
    return fig


@documented("corpus", "store", "top")
def tags_by_actor(corpus: AnyCorpus, store: TagStore, *, top: int = 20) -> go.Figure:
    """Heatmap of the tagged sentences that name each actor, per tag: which actors go with which tags."""
    title = "Tags by actor"
    data, _ = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    pairs = summaries.tag_by_actor(data)
    if pairs.empty:
        return empty_figure(title, "No tagged sentence names an actor yet")
    totals = pairs.groupby("actor")["sentences"].sum().rename("total").reset_index()
    actors = list(
        totals.sort_values(["total", "actor"], ascending=[False, True])["actor"].head(at_least_one(top, "top"))
    )
    present = set(pairs["tag"].unique())
    used = [tag for tag in data.tag_names if tag in present]
    counts = pairs.pivot_table(index="actor", columns="tag", values="sentences", aggfunc="sum")
    counts = counts.reindex(index=actors, columns=used)
    fig = figure(f"{title} (top {len(actors)} actors)", "Tag", "Actor")
    fig.add_heatmap(
        z=counts.to_numpy(dtype=float),
        x=list(escape(pd.Series(used, dtype="string"))),
        y=list(escape(pd.Series(actors, dtype="string"))),
        colorscale="Blues",
        colorbar_title="Sentences",
        hoverongaps=False,
        hovertemplate="<b>%{y}</b> in %{z} sentences tagged <b>%{x}</b><extra></extra>",
    )
    fit_categories(fig, len(actors))
    fig.update_yaxes(autorange="reversed")
    return fig


@documented("corpus", "store")
def tags_by_position(corpus: AnyCorpus, store: TagStore) -> go.Figure:
    """Strip chart of where tagged sentences sit in their article (0 = first, 1 = last sentence), per tag."""
    title = "Tags through the article"
    data, colors = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    marks = summaries.tagged_sentences(data)
    marks["where"] = marks["position"] / (marks["n_sentences"] - 1).clip(lower=1)
    rank = {tag: index for index, tag in enumerate(data.tag_names)}
    jitter = np.random.default_rng(0).uniform(-0.3, 0.3, len(marks))
    marks["row"] = marks["tag"].map(rank) + jitter
    marks["hover"] = (
        "<b>"
        + escape(marks["title"])
        + "</b><br>sentence "
        + (marks["position"] + 1).astype(str)
        + " of "
        + marks["n_sentences"].astype(str)
        + "<br>"
        + hover_text(marks["text"])
    )
    present = set(marks["tag"].unique())
    used = [tag for tag in data.tag_names if tag in present]
    fig = figure(title, "Position in the article (0 = first sentence, 1 = last)", "Tag", legend_title_text="Tag")
    import plotly.graph_objects as go

    scatter = go.Scattergl if len(marks) >= SCATTERGL_FROM else go.Scatter
    for tag in used:
        rows = marks[marks["tag"] == tag]
        fig.add_trace(
            scatter(
                x=rows["where"],
                y=rows["row"],
                mode="markers",
                name=label(tag),
                marker={"color": colors[tag], "size": 7, "opacity": 0.6},
                text=rows["hover"],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_xaxes(range=[-0.03, 1.03])
    labels = escape(pd.Series(used, dtype="string"))
    fig.update_yaxes(tickmode="array", tickvals=[rank[tag] for tag in used], ticktext=list(labels))
    return fig


@documented("corpus", "store", "period")
def tags_over_time(corpus: AnyCorpus, store: TagStore, *, period: str = "week") -> go.Figure:
    """Lines of tagged sentences per tag over the articles' publication dates."""
    if period not in summaries.PERIODS:
        raise ChartError(f"Unknown period {period!r}: use one of {', '.join(summaries.PERIODS)}.")
    title = f"Tags over time (per {period})"
    data, colors = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    counts = summaries.tags_over_time(data, period=period)
    if counts.empty:
        return empty_figure(title, "No publication dates on the tagged articles: load articles with a date")
    fig = figure(title, "Publication date", "Tagged sentences", legend_title_text="Tag", hovermode="x unified")
    for tag in data.tag_names:
        rows = counts[counts["tag"] == tag]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["start"],
            y=rows["sentences"],
            mode="lines+markers",
            name=label(tag),
            line={"color": colors[tag]},
            customdata=rows["articles"],
            hovertemplate="%{y} sentences in %{customdata} articles<extra>%{fullData.name}</extra>",
        )
    return fig
