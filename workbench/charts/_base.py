"""What every chart shares: parameter docs, empty figures, colours, escaped hover text, tag data."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from workbench import summaries
from workbench.errors import ChartError

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from workbench.store import TagStore
    from workbench.summaries._parts import AnyCorpus

NO_TAGS = "No tags yet: tag sentences in the card view or the grid"
TEMPLATE = "plotly_white"
INK = "#333333"
"""Colour of every text on a chart: 12.6:1 on white, where text needs 4.5:1. Colours of tags and
actor types go to bars, lines, markers and swatches, never to text."""
LOOK = {"template": TEMPLATE, "font": {"color": INK}, "hoverlabel": {"bgcolor": "white", "font": {"color": INK}}}
"""Layout every chart starts from: dark text, and hover labels on white instead of on the trace's
colour (where plotly would pick black or white text in the browser)."""
OTHER_COLOR = "#9e9e9e"
ACTOR_TYPE_COLORS = {
    "person": "#4477aa",
    "country": "#ee6677",
    "organization": "#228833",
    "group": "#ccbb44",
    "location": "#66ccee",
    "role": "#aa3377",
}
"""Colour of each actor type; other types get :data:`OTHER_COLOR`."""
ROW_HEIGHT = 24
"""Pixels per category on a category axis: room for each category's label, so plotly skips none."""
MARGINS = 160
"""Pixels a figure needs beyond its categories (title, axis titles, legend)."""
QUALITATIVE = ["#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499"]
"""Colours for categories without colours of their own (claim cues)."""

PARAMETERS = {
    "corpus": "corpus : Corpus or OnDiskCorpus\n    The articles and their tables, from ``workbench.load``, or on\n"
    "    disk from ``workbench.open_corpus`` (group-bys run on each partition; only their results are read).",
    "store": "store : TagStore\n    The tag store; the tags of every coder count, coloured as in its codebook.",
    "store_optional": "store : TagStore, optional\n    The tag store, for the tagged share (0 without one).",
    "top": "top : int\n    How many of the largest entries to show (the rest are left out, as the title says).",
    "min_sentences": "min_sentences : int\n    Draw a link only between actors who share at least this many sentences.",
    "cues": "cues : int\n    How many of the most common cues get a colour of their own; the rest are 'other cues'.",
    "period": "period : {'day', 'week', 'month', 'quarter', 'year'}\n    The time step over publication dates.",
}
"""Text of each chart parameter, written once and added to the docstrings by :func:`documented`."""
RETURNS = (
    "Returns\n-------\nplotly.graph_objects.Figure\n"
    "    Titled, with labelled axes and hover text; a figure that says why it is empty\n"
    "    (no actors, no claims, no tags yet) rather than an exception."
)

F = TypeVar("F", bound=Callable)


def documented(*names: str) -> Callable[[F], F]:
    """Append the shared Parameters and Returns sections for ``names`` to a chart's docstring."""

    def decorate(function: F) -> F:
        parameters = "\n".join(PARAMETERS[name] for name in names)
        summary = inspect.cleandoc(function.__doc__ or "")
        function.__doc__ = f"{summary}\n\nParameters\n----------\n{parameters}\n\n{RETURNS}\n"
        return function

    return decorate


def at_least_one(value: int, name: str) -> int:
    """Return ``value`` when it is a positive count; else raise :class:`ChartError` naming ``name``."""
    if value < 1:
        raise ChartError(f"{name} must be 1 or more, got {value}.")
    return value


def figure(title: str, x: str | None, y: str | None, **layout: object) -> go.Figure:
    """Return an empty figure with the workbench look, a title and axis titles."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(title=title, xaxis_title=x, yaxis_title=y, **LOOK)
    fig.update_layout(**layout)
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    """Return a figure with no data that says, in the middle, why there is nothing to show."""
    fig = figure(title, None, None)
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def escape(text: pd.Series) -> pd.Series:
    """Escape untrusted text for plotly's HTML-like labels (``&``, ``<``, ``>``)."""
    text = text.astype("string").fillna("")
    return (
        text.str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def label(value: object) -> str:
    """Return one untrusted value (an actor type, a tag, a cue) escaped as a legend or axis label."""
    return escape(pd.Series([value], dtype="string")).iloc[0]


def fit_categories(fig: go.Figure, count: int, *, axes: str = "y") -> None:
    """Size ``fig`` so each of ``count`` categories on ``axes`` ("x", "y" or "xy") is labelled, none skipped.

    Plotly leaves out every other category label when they do not fit; a figure that grows with
    the number of categories, with a tick on every category, names each bar and heatmap row.
    """
    size = max(450, MARGINS + ROW_HEIGHT * count)
    if "y" in axes:
        fig.update_layout(height=size + (MARGINS if "x" in axes else 0))  # slanted x labels need room below
        fig.update_yaxes(dtick=1, automargin=True)
    if "x" in axes:
        fig.update_layout(width=size + MARGINS)
        fig.update_xaxes(dtick=1, tickangle=-45, automargin=True)


def hover_text(text: pd.Series, *, width: int = 80, limit: int = 400) -> pd.Series:
    """Return sentences as escaped hover text, cut after ``limit`` characters and wrapped at ``width``."""
    text = text.astype("string").fillna("")
    cut = text.str.slice(0, limit).where(text.str.len() <= limit, text.str.slice(0, limit) + "…")
    wrapped = escape(cut).str.replace(rf"(.{{1,{width}}})(?:\s+|$)", r"\1<br>", regex=True)
    return wrapped.str.removesuffix("<br>")


def tag_data(corpus: AnyCorpus, store: TagStore | None) -> tuple[summaries.SummaryInputs, dict[str, str]]:
    """Return the corpus with its tags (see :func:`workbench.summaries.inputs`) and each tag's colour."""
    data = summaries.inputs(corpus, store, with_coded=False)
    colors = dict(data.codebook.colors) if data.codebook is not None else {}
    return data, {tag: colors.get(tag, OTHER_COLOR) for tag in data.tag_names}
