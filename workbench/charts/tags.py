"""Charts of what analysts tagged: counts, coders, actors, place in the article and dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
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
    from workbench.summaries import SummaryInputs
    from workbench.summaries._parts import AnyCorpus

    Draw = Callable[[SummaryInputs, dict[str, str], str], go.Figure]

SCATTERGL_FROM = 2000
"""Point count from which scatter charts draw with WebGL, which stays smooth at 100,000 points."""


def _when_tagged(corpus: AnyCorpus, store: TagStore, title: str, draw: Draw) -> go.Figure:
    """Return ``draw(data, colors, title)`` over the corpus's tags and their colours, or a figure saying none is set.

    Every chart of tags says the same thing when no sentence is tagged yet, under its own title.
    """
    data, colors = tag_data(corpus, store)
    if data.tags.empty:
        return empty_figure(title, NO_TAGS)
    return draw(data, colors, title)


def _per_tag(rows: pd.DataFrame, tag_names: Sequence[str]) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield each tag of ``tag_names`` (in codebook order) that has rows in ``rows``, with those rows."""
    for tag in tag_names:
        found = rows[rows["tag"] == tag]
        if not found.empty:
            yield tag, found


def _used(rows: pd.DataFrame, tag_names: Sequence[str]) -> list[str]:
    """Return the tags of ``tag_names`` that occur in ``rows["tag"]``, in codebook order."""
    present = set(rows["tag"].unique())
    return [tag for tag in tag_names if tag in present]


@documented("corpus", "store")
def tag_counts(corpus: AnyCorpus, store: TagStore) -> go.Figure:
    """Bar chart of how many sentences carry each tag of the codebook, in the codebook's colours."""
    return _when_tagged(corpus, store, "Tagged sentences per tag", _count_bars)


def _count_bars(data: SummaryInputs, colors: dict[str, str], title: str) -> go.Figure:
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
    return _when_tagged(corpus, store, "Tags by coder", _coder_bars)


def _coder_bars(data: SummaryInputs, colors: dict[str, str], title: str) -> go.Figure:
    counts = summaries.tags_by_coder(data)
    fig = figure(title, "Coder", "Sentences", barmode="group", legend_title_text="Tag")
    for tag, rows in _per_tag(counts, data.tag_names):
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
    return _when_tagged(corpus, store, "Tags by actor", partial(_actor_heatmap, top=top))


def _actor_heatmap(data: SummaryInputs, colors: dict[str, str], title: str, *, top: int) -> go.Figure:
    pairs = summaries.tag_by_actor(data)
    if pairs.empty:
        return empty_figure(title, "No tagged sentence names an actor yet")
    totals = pairs.groupby("actor")["sentences"].sum().rename("total").reset_index()
    actors = list(
        totals.sort_values(["total", "actor"], ascending=[False, True])["actor"].head(at_least_one(top, "top"))
    )
    used = _used(pairs, data.tag_names)
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
    return _when_tagged(corpus, store, "Tags through the article", _position_strips)


def _position_strips(data: SummaryInputs, colors: dict[str, str], title: str) -> go.Figure:
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
    used = _used(marks, data.tag_names)
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
    return _when_tagged(corpus, store, f"Tags over time (per {period})", partial(_time_lines, period=period))


def _time_lines(data: SummaryInputs, colors: dict[str, str], title: str, *, period: str) -> go.Figure:
    counts = summaries.tags_over_time(data, period=period)
    if counts.empty:
        return empty_figure(title, "No publication dates on the tagged articles: load articles with a date")
    fig = figure(title, "Publication date", "Tagged sentences", legend_title_text="Tag", hovermode="x unified")
    for tag, rows in _per_tag(counts, data.tag_names):
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
