"""Every text on every chart is readable: at least 4.5:1 against what it is drawn on (WCAG AA for text).

Each public chart function of ``workbench.charts`` is found by enumeration and drawn on a tagged
corpus and on an empty one. The figure is walked as plotly will draw it: each font (layout, title,
legend, axis ticks and titles, colour bars, annotations, trace text, hover labels) with the colour
it gets, from itself or inherited from the layout and the template, against the background behind
it (the plot and the paper, an annotation's box, a hover label's box); and every inline
``color:`` style in a label. Hover labels must name their colours: plotly would otherwise choose
them in the browser from the trace's colour, where no test can read them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import plotly.graph_objects as go
import plotly.io as pio
import pytest

import workbench
from workbench import charts, schema
from workbench.widgets._html import contrast_ratio

MINIMUM = 4.5
NAMED = {"white": "#ffffff", "black": "#000000"}
FONT_KEYS = {"font", "tickfont", "textfont", "insidetextfont", "outsidetextfont", "titlefont"}
INLINE = re.compile(r"color\s*:\s*([^;\"'>]+)")


class Ink(NamedTuple):
    """One text colour found in a figure, the background it sits on, and where it was found."""

    where: str
    color: str
    background: str


def hex_color(value: str) -> str:
    """Return a CSS colour (#rgb, #rrggbb, rgb(), rgba() with full alpha, white, black) as #rrggbb."""
    value = NAMED.get(value.strip().lower(), value.strip())
    if match := re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", value):
        assert match[4] is None or float(match[4]) == 1, f"translucent colour {value}: its contrast depends on below"
        return "#" + "".join(f"{int(match[i]):02x}" for i in (1, 2, 3))
    assert re.fullmatch(r"#([0-9a-fA-F]{3}){1,2}", value), f"colour {value!r} is not one this test reads"
    return value


def public_charts() -> list[Callable[..., go.Figure]]:
    """Every chart function ``workbench.charts`` exports."""
    return [getattr(charts, name) for name in charts.__all__ if inspect.isfunction(getattr(charts, name))]


def draw(chart: Callable[..., go.Figure], corpus: workbench.Corpus, store: workbench.TagStore) -> go.Figure:
    """Call ``chart`` with the corpus and store where it takes them, and series to draw where it asks for them."""
    known: dict[str, Any] = {"corpus": corpus, "store": store, "actors": ["Iran", "Israel"], "keywords": ["talks"]}
    arguments = {}
    for name, parameter in inspect.signature(chart).parameters.items():
        if name in known:
            arguments[name] = known[name]
        else:
            assert parameter.default is not inspect.Parameter.empty, f"{chart.__name__}: no value for {name}"
    return chart(**arguments)


def inks(fig: go.Figure) -> Iterator[Ink]:
    """Yield every text colour of ``fig`` with its background."""
    layout = fig.to_plotly_json()["layout"]
    base = (layout.get("template") or pio.templates[pio.templates.default].to_plotly_json()).get("layout", {})
    base_font = (layout.get("font") or {}).get("color") or (base.get("font") or {}).get("color") or "#444444"
    grounds = {hex_color(layout.get(key) or base.get(key) or "white") for key in ("paper_bgcolor", "plot_bgcolor")}
    hover = {**(base.get("hoverlabel") or {}), **(layout.get("hoverlabel") or {})}
    for ground in grounds:
        yield Ink("layout font", base_font, ground)
        drawn = {key: item for key, item in layout.items() if key not in ("template", "hoverlabel")}
        yield from _walk(drawn, "layout", base_font, ground)
    yield from _hover("layout hover label", hover)
    for index, trace in enumerate(fig.to_plotly_json()["data"]):
        where = f"trace {index} ({trace.get('name')})"
        label = {**hover, **(trace.get("hoverlabel") or {})}
        if trace.get("hoverinfo") not in ("skip", "none"):
            yield from _hover(f"{where} hover label", label)
        for ground in grounds:
            yield from _walk({k: v for k, v in trace.items() if k != "hoverlabel"}, where, base_font, ground)


def _hover(where: str, label: dict) -> Iterator[Ink]:
    """Yield a hover label's font on its box; a colour left unset is yielded as "" and reported."""
    font = (label.get("font") or {}).get("color")
    yield Ink(where, font or "", label.get("bgcolor") or "")


def _walk(value: Any, where: str, inherited: str, ground: str) -> Iterator[Ink]:
    """Yield the fonts and inline colours inside ``value`` (a part of the figure's JSON)."""
    if isinstance(value, dict):
        behind = value.get("bgcolor") if isinstance(value.get("bgcolor"), str) else ground
        for key, item in value.items():
            if key in FONT_KEYS and isinstance(item, dict):
                colors = item.get("color") or inherited
                for color in colors if isinstance(colors, list | tuple) else [colors]:
                    yield Ink(f"{where}.{key}", color, hex_color(behind))
            else:
                yield from _walk(item, f"{where}.{key}", inherited, hex_color(behind))
    elif isinstance(value, list | tuple):
        for position, item in enumerate(value):
            yield from _walk(item, f"{where}[{position}]", inherited, ground)
    elif isinstance(value, str):
        for color in INLINE.findall(value):
            yield Ink(f"{where}: {value[:60]}", color, ground)


@pytest.fixture
def empty_corpus() -> workbench.Corpus:
    return workbench.Corpus(*(schema.empty(table) for table in ("articles", "sentences", "mentions", "claims")))


def test_every_public_chart_is_checked():
    names = {chart.__name__ for chart in public_charts()}
    assert {"tag_counts", "actor_network", "attention_over_time", "agreement", "who_says_about_whom"} <= names


@pytest.mark.parametrize("chart", public_charts(), ids=lambda chart: chart.__name__)
@pytest.mark.parametrize("data", ["tagged", "empty"])
def test_every_text_on_every_chart_has_a_contrast_of_at_least_4_5(chart, data, news_corpus, tagged_store, empty_corpus):
    corpus = news_corpus if data == "tagged" else empty_corpus
    fig = draw(chart, corpus, tagged_store)
    found = list(inks(fig))
    assert found
    assert not weak(found), "\n".join(weak(found))


def weak(found: list[Ink]) -> list[str]:
    """Describe each text colour under the minimum contrast, or left for plotly to choose."""
    out = []
    for ink in found:
        if not ink.color or not ink.background:
            out.append(f"{ink.where}: colour not set (plotly would choose it from the trace's colour)")
        elif (ratio := contrast_ratio(hex_color(ink.color), hex_color(ink.background))) < MINIMUM:
            out.append(f"{ink.where}: {ink.color} on {ink.background} is {ratio:.2f}:1")
    return out


def test_the_check_finds_a_pale_label():
    """The walk reaches an inline colour in a tick label and a trace's text colour, and measures them."""
    fig = go.Figure(go.Scatter(x=[1], y=[1], mode="text", text=["x"], textfont={"color": "#88ccee"}))
    fig.update_layout(template="plotly_white", hoverlabel={"bgcolor": "white", "font": {"color": "#333333"}})
    fig.update_xaxes(tickmode="array", tickvals=[1], ticktext=['<span style="color:#44aa99">diplomacy</span>'])
    ratios = {ink.color: contrast_ratio(hex_color(ink.color), hex_color(ink.background)) for ink in inks(fig)}
    assert ratios["#88ccee"] < 2 and ratios["#44aa99"] < 3
    assert ratios["#333333"] > 12
