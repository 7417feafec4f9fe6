"""Charts of who is in the news: actors by mentions, who appears with whom, who claims what."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from workbench import summaries
from workbench.charts import _labels
from workbench.charts._base import (
    ACTOR_TYPE_COLORS,
    INK,
    MARGINS,
    OTHER_COLOR,
    QUALITATIVE,
    ROW_HEIGHT,
    at_least_one,
    documented,
    empty_figure,
    escape,
    figure,
    fit_categories,
    label,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.summaries._parts import AnyCorpus

NO_ACTORS = "No actors found in this selection"
OTHER_CUES = "other cues"
UNRESOLVED = "source as written"
"""The legend entry of sources that are no known actor ("The minister", "Officials")."""


def _type_color(actor_type: object) -> str:
    return ACTOR_TYPE_COLORS.get(str(actor_type), OTHER_COLOR)


@documented("corpus", "top")
def actors_by_mentions(corpus: AnyCorpus, *, top: int = 20) -> go.Figure:
    """Bar chart of the most mentioned actors, coloured by actor type."""
    title = "Actors by mentions"
    actors = summaries.actor_table(corpus)
    if actors.empty:
        return empty_figure(title, NO_ACTORS)
    shown = actors.sort_values(["n_mentions", "actor"], ascending=[False, True]).head(at_least_one(top, "top"))
    fig = figure(f"{title} (top {len(shown)} of {len(actors)})", "Mentions", "Actor", legend_title_text="Actor type")
    for actor_type, rows in shown.groupby("actor_type", sort=False):
        fig.add_bar(
            x=rows["n_mentions"],
            y=escape(rows["actor"]),
            orientation="h",
            name=label(actor_type),
            marker_color=_type_color(actor_type),
            customdata=np.column_stack([rows["n_sentences"], rows["n_articles"], escape(rows["aliases"])]),
            hovertemplate="<b>%{y}</b><br>%{x} mentions in %{customdata[0]} sentences, %{customdata[1]} articles"
            "<br>written as: %{customdata[2]}<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(escape(shown["actor"]))[::-1])
    fit_categories(fig, len(shown))
    return fig


@documented("corpus", "top")
def actor_cooccurrence(corpus: AnyCorpus, *, top: int = 20) -> go.Figure:
    """Heatmap of how many sentences name both actors of each pair, for the most present actors."""
    title = "Actors named in the same sentence"
    names = list(summaries.top_actors(corpus, at_least_one(top, "top")).index)
    if not names:
        return empty_figure(title, NO_ACTORS)
    pairs = summaries.cooccurrence(corpus, names)
    both = pd.concat([pairs, pairs.rename(columns={"actor_a": "actor_b", "actor_b": "actor_a"})])
    matrix = both.pivot_table(index="actor_a", columns="actor_b", values="sentences", aggfunc="sum")
    matrix = matrix.reindex(index=names, columns=names)
    labels = list(escape(pd.Series(names, dtype="string")))
    fig = figure(f"{title} (top {len(names)} actors)", "Actor", "Actor")
    fig.add_heatmap(
        z=matrix.to_numpy(dtype=float),
        x=labels,
        y=labels,
        colorscale="Blues",
        colorbar_title="Sentences",
        hoverongaps=False,
        hovertemplate="<b>%{y}</b> and <b>%{x}</b>: %{z} sentences<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    fit_categories(fig, len(names), axes="xy")
    return fig


@documented("corpus", "top", "min_sentences")
def actor_network(corpus: AnyCorpus, *, top: int = 30, min_sentences: int = 1) -> go.Figure:
    """Network of the most present actors on a circle, linked when they share sentences."""
    title = "Actor network"
    present = summaries.top_actors(corpus, at_least_one(top, "top"))
    if present.empty:
        return empty_figure(title, NO_ACTORS)
    types = summaries.actor_types(corpus, list(present.index))
    nodes = pd.DataFrame({"sentences": present, "actor_type": types}).sort_values(["actor_type", "sentences"])
    angle = np.linspace(0, 2 * np.pi, len(nodes), endpoint=False)
    nodes["x"], nodes["y"] = np.cos(angle), np.sin(angle)
    pairs = summaries.cooccurrence(corpus, list(nodes.index))
    pairs = pairs[pairs["sentences"] >= at_least_one(min_sentences, "min_sentences")]
    a, b = nodes.loc[pairs["actor_a"]], nodes.loc[pairs["actor_b"]]
    canvas = _labels.Canvas(
        width=NETWORK_WIDTH,
        height=max(650, MARGINS + ROW_HEIGHT * len(nodes) // 2),
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
        x_range=(-1.8, 1.8),
        y_range=(-1.3, 1.3),
    )
    size = 10 + 30 * np.sqrt(nodes["sentences"] / nodes["sentences"].max())
    names = escape(pd.Series(nodes.index, dtype="string", index=nodes.index))
    places = _labels.place(canvas, nodes["x"], nodes["y"], size, list(names), _outward_places(nodes["x"], nodes["y"]))
    nodes["place"] = [where or "" for where in places]
    hidden = sum(where is None for where in places)
    heading = f"{title} (top {len(nodes)} actors, {len(pairs)} links)"
    if hidden:
        heading += f"<br><sup>{hidden} smaller actors are named on hover</sup>"
    fig = figure(heading, None, None, legend_title_text="Actor type", **canvas.layout())
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0})
    gaps = np.full(len(pairs), np.nan)
    fig.add_scatter(
        x=np.column_stack([a["x"], b["x"], gaps]).ravel(),
        y=np.column_stack([a["y"], b["y"], gaps]).ravel(),
        mode="lines",
        line={"color": "#b0b0b0", "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )
    link_text = escape(pairs["actor_a"]) + " and " + escape(pairs["actor_b"]) + ": "
    fig.add_scatter(
        x=(a["x"].to_numpy() + b["x"].to_numpy()) / 2,
        y=(a["y"].to_numpy() + b["y"].to_numpy()) / 2,
        mode="markers",
        marker={"size": 6, "color": "#b0b0b0", "opacity": 0.4},
        text=link_text + pairs["sentences"].astype(str) + " shared sentences",
        hovertemplate="%{text}<extra></extra>",
        name="link",
        showlegend=False,
    )
    for actor_type, rows in nodes.groupby("actor_type", sort=False):
        shown = rows["place"] != ""
        fig.add_scatter(
            x=rows["x"],
            y=rows["y"],
            mode="markers+text",
            text=names[rows.index].where(shown, ""),
            hovertext=names[rows.index],
            textposition=rows["place"].where(shown, "middle right"),
            marker={
                "size": size[rows.index].to_numpy(),
                "color": _type_color(actor_type),
                "line": {"width": 1, "color": "white"},
            },
            customdata=rows["sentences"],
            hovertemplate="<b>%{hovertext}</b>: in %{customdata} sentences<extra>%{fullData.name}</extra>",
            name=label(actor_type),
        )
    fig.update_xaxes(visible=False, range=list(canvas.x_range))
    fig.update_yaxes(visible=False, scaleanchor="x", range=list(canvas.y_range))
    return fig


NETWORK_WIDTH = 1000
"""Pixel width of the network charts: labels are laid out for a known size (see :mod:`._labels`)."""


def _outward_places(x: pd.Series, y: pd.Series) -> list[tuple[str, ...]]:
    """Return, per node on the circle, the text positions that keep its label outside the circle, best first."""
    return [
        ("middle right", "top right", "bottom right")
        if a > 0.35
        else ("middle left", "top left", "bottom left")
        if a < -0.35
        else ("top center", "top right", "top left")
        if b > 0
        else ("bottom center", "bottom right", "bottom left")
        for a, b in zip(x, y, strict=True)
    ]


def _outward(x: pd.Series, y: pd.Series) -> list[str]:
    """Return a text position per node on the circle that puts its label outside it, away from its neighbours."""
    return [places[0] for places in _outward_places(x, y)]


@documented("corpus", "top", "cues")
def claims_by_source(corpus: AnyCorpus, *, top: int = 15, cues: int = 8) -> go.Figure:
    """Stacked bars of claims per source actor, split by the cue that reports them ("said", "warned")."""
    title = "Claims by source and cue"
    table = summaries.claims_by_source(corpus)
    if table.empty:
        return empty_figure(title, "No claims found in this selection")
    common = _largest(table, "cue", at_least_one(cues, "cues"))
    table = table.assign(cue=table["cue"].where(table["cue"].isin(common), OTHER_CUES))
    sources = _largest(table, "who", at_least_one(top, "top"))
    shown = table[table["who"].isin(sources)]
    counts = shown.groupby(["cue", "who"])["claims"].sum().reset_index()
    order = [*common, OTHER_CUES]
    fig = figure(
        f"{title} (top {len(sources)} of {table['who'].nunique()} sources)",
        "Claims",
        "Source",
        barmode="stack",
        legend_title_text="Cue",
    )
    for rank, name in enumerate(order):
        rows = counts[counts["cue"] == name]
        if rows.empty:
            continue
        fig.add_bar(
            x=rows["claims"],
            y=escape(rows["who"]),
            orientation="h",
            name=label(name),
            marker_color=QUALITATIVE[rank % len(QUALITATIVE)] if name != OTHER_CUES else OTHER_COLOR,
            hovertemplate="<b>%{y}</b>: %{x} claims with “%{fullData.name}”<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(escape(pd.Series(sources, dtype="string")))[::-1])
    fit_categories(fig, len(sources))
    return fig


def _largest(table: pd.DataFrame, column: str, top: int) -> list[str]:
    """Return the ``top`` values of ``column`` with the most claims, largest first, ties by name."""
    totals = table.groupby(column)["claims"].sum().rename("claims").reset_index()
    return list(totals.sort_values(["claims", column], ascending=[False, True])[column].head(top))


ARROW_COLOR = "#767676"
"""Colour of the arrows of who says what about whom: the lightest grey with 4.5:1 on white."""
MAX_ARROW = 8
"""Width in pixels of the arrow of the pair with the most claims; the others scale with their count."""


@documented("corpus", "top")
def who_says_about_whom(corpus: AnyCorpus, *, top: int = 30) -> go.Figure:
    """Network of who makes claims about whom: an arrow from a source to each actor its claims name.

    Actors sit on a circle as in :func:`actor_network`; an arrow's width is the number of claims
    (``summaries.claims_by_source_and_target``), and hovering over its middle says how many. The
    ``top`` pairs with the most claims are drawn; a source's claims about itself are counted on
    its node, not drawn.
    """
    title = "Who says what about whom"
    pairs = summaries.claims_by_source_and_target(corpus)
    if pairs.empty:
        return empty_figure(title, "No claims that name an actor in this selection")
    pairs = pairs.head(at_least_one(top, "top"))
    own = pairs[pairs["source"] == pairs["target"]].set_index("source")["claims"]
    edges = pairs[pairs["source"] != pairs["target"]].reset_index(drop=True)
    names = list(dict.fromkeys([*pairs["source"], *pairs["target"]]))
    said = pairs.groupby("source")["claims"].sum().reindex(names, fill_value=0)
    named = pairs.groupby("target")["claims"].sum().reindex(names, fill_value=0)
    types = summaries.actor_types(corpus, names).fillna(UNRESOLVED)
    nodes = pd.DataFrame({"said": said, "named": named, "own": own.reindex(names, fill_value=0), "actor_type": types})
    nodes = nodes.sort_values(["actor_type", "said"], kind="stable")
    angle = np.linspace(0, 2 * np.pi, len(nodes), endpoint=False)
    nodes["x"], nodes["y"] = np.cos(angle), np.sin(angle)
    a, b = nodes.loc[edges["source"]], nodes.loc[edges["target"]]
    fig = figure(f"{title} (top {len(pairs)} pairs, {len(nodes)} actors)", None, None, legend_title_text="Actor type")
    widths = 1 + (MAX_ARROW - 1) * edges["claims"] / edges["claims"].max() if len(edges) else edges["claims"]
    for (x0, y0, x1, y1), width in zip(
        np.column_stack([a["x"], a["y"], b["x"], b["y"]]).tolist(), widths.tolist(), strict=True
    ):
        fig.add_annotation(
            x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=2, arrowsize=1, arrowwidth=width, arrowcolor=ARROW_COLOR, standoff=12, startstandoff=12,
        )  # fmt: skip
    fig.add_scatter(
        x=(a["x"].to_numpy() + b["x"].to_numpy()) / 2,
        y=(a["y"].to_numpy() + b["y"].to_numpy()) / 2,
        mode="markers",
        marker={"size": 8, "color": ARROW_COLOR, "opacity": 0.5},
        text=escape(edges["source"])
        + " about "
        + escape(edges["target"])
        + ": "
        + edges["claims"].astype(str)
        + " claims",
        hovertemplate="%{text}<extra></extra>",
        hoverlabel={"bgcolor": "white", "font": {"color": INK}},
        name="claims",
        showlegend=False,
    )
    size = 10 + 30 * np.sqrt((nodes["said"] + nodes["named"]) / (nodes["said"] + nodes["named"]).max())
    for actor_type, rows in nodes.groupby("actor_type", sort=False):
        fig.add_scatter(
            x=rows["x"],
            y=rows["y"],
            mode="markers+text",
            text=escape(pd.Series(rows.index, dtype="string")),
            textposition=_outward(rows["x"], rows["y"]),
            textfont={"color": INK},
            marker={
                "size": size[rows.index].to_numpy(),
                "color": _type_color(actor_type),
                "line": {"width": 1, "color": "white"},
            },
            customdata=rows[["said", "named", "own"]].to_numpy(),
            hovertemplate="<b>%{text}</b>: makes %{customdata[0]} claims, named in %{customdata[1]}"
            " (%{customdata[2]} about itself)<extra>%{fullData.name}</extra>",
            hoverlabel={"bgcolor": "white", "font": {"color": INK}},
            name=label(actor_type),
        )
    fig.update_xaxes(visible=False, range=[-1.8, 1.8])
    fig.update_yaxes(visible=False, scaleanchor="x", range=[-1.3, 1.3])
    fig.update_layout(height=max(600, MARGINS + ROW_HEIGHT * len(nodes) // 2))
    return fig
