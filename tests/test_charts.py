from __future__ import annotations

import doctest
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import pytest

import workbench
from workbench import charts, schema
from workbench.errors import ChartError

CORPUS_CHARTS = [charts.actors_by_mentions, charts.actor_cooccurrence, charts.actor_network, charts.claims_by_source]
TAG_CHARTS = [
    charts.tag_counts,
    charts.tags_by_coder,
    charts.tags_by_actor,
    charts.tags_by_position,
    charts.tags_over_time,
]
ALL_CHARTS = [*CORPUS_CHARTS, *TAG_CHARTS, charts.article_overview]


def draw(chart, corpus, store):
    return chart(corpus) if chart in CORPUS_CHARTS else chart(corpus, store)


def annotations(fig: go.Figure) -> list[str]:
    return [note.text for note in fig.layout.annotations]


@pytest.fixture
def empty_corpus() -> workbench.Corpus:
    return workbench.Corpus(*(schema.empty(table) for table in ("articles", "sentences", "mentions", "claims")))


@pytest.fixture
def empty_store():
    store = workbench.TagStore(memory=True, coder="ana")
    yield store
    store.close()


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda chart: chart.__name__)
def test_every_chart_draws_the_tagged_corpus_with_a_title_and_data(chart, news_corpus, tagged_store):
    fig = draw(chart, news_corpus, tagged_store)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.data
    assert not annotations(fig) or chart is charts.article_overview


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda chart: chart.__name__)
def test_every_chart_on_an_empty_selection_says_so_instead_of_raising(chart, empty_corpus, empty_store):
    fig = draw(chart, empty_corpus, empty_store)
    assert not fig.data
    assert len(annotations(fig)) == 1


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda chart: chart.__name__)
def test_every_chart_works_on_the_sample_article(chart, sample_corpus, empty_store):
    assert isinstance(draw(chart, sample_corpus, empty_store), go.Figure)


@pytest.mark.parametrize("chart", TAG_CHARTS, ids=lambda chart: chart.__name__)
def test_tag_charts_without_tags_tell_the_analyst_to_tag(chart, news_corpus, empty_store):
    fig = chart(news_corpus, empty_store)
    assert annotations(fig) == [charts.NO_TAGS]


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda chart: chart.__name__)
def test_every_chart_documents_its_parameters_and_figure(chart):
    assert "Parameters\n----------\ncorpus : Corpus" in chart.__doc__
    assert "plotly.graph_objects.Figure" in chart.__doc__


def test_actors_by_mentions_counts_and_colours_by_type(news_corpus):
    fig = charts.actors_by_mentions(news_corpus)
    bars = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in fig.data}
    assert bars["person"] == {"Joe Biden": 2, "Benjamin Netanyahu": 1}
    assert bars["country"]["Israel"] == 2
    assert len({trace.marker.color for trace in fig.data}) == len(fig.data)
    assert fig.layout.xaxis.title.text == "Mentions"


def test_actors_by_mentions_keeps_the_top_n(news_corpus):
    fig = charts.actors_by_mentions(news_corpus, top=2)
    assert sum(len(trace.y) for trace in fig.data) == 2
    assert "top 2 of 6" in fig.layout.title.text


def test_actor_cooccurrence_is_symmetric_and_counts_shared_sentences(news_corpus):
    heat = charts.actor_cooccurrence(news_corpus).data[0]
    names = list(heat.x)
    z = np.array(heat.z, dtype=float)
    assert z[names.index("Iran"), names.index("Israel")] == 1
    assert z[names.index("Israel"), names.index("Joe Biden")] == 1
    np.testing.assert_array_equal(np.nan_to_num(z), np.nan_to_num(z.T))
    assert np.isnan(z[names.index("Iran"), names.index("Group of 7")])


def test_actor_network_links_actors_that_share_a_sentence(news_corpus):
    fig = charts.actor_network(news_corpus, min_sentences=1)
    links = next(trace for trace in fig.data if trace.name == "link")
    assert "Iran and Israel: 1 shared sentences" in links.text
    assert len(links.text) == 5
    assert {trace.name for trace in fig.data} >= {"person", "country", "organization"}


def test_claims_by_source_stacks_cues_per_source(news_corpus):
    fig = charts.claims_by_source(news_corpus)
    assert {trace.name: tuple(trace.y) for trace in fig.data} == {"said": ("Joe Biden",), "warned": ("Iran",)}
    assert fig.layout.barmode == "stack"


def test_tag_counts_count_distinct_sentences_in_codebook_colours(news_corpus, tagged_store):
    bar = charts.tag_counts(news_corpus, tagged_store).data[0]
    counts = dict(zip(bar.x, bar.y, strict=True))
    assert list(bar.x) == tagged_store.codebook.tags
    assert counts["threat or warning"] == 1
    assert counts["escalation"] == 1
    assert counts["uncertainty"] == 0
    assert list(bar.marker.color) == [tagged_store.codebook.colors[tag] for tag in bar.x]


def test_tags_by_coder_has_one_bar_per_coder_and_tag(news_corpus, tagged_store):
    fig = charts.tags_by_coder(news_corpus, tagged_store)
    threat = next(trace for trace in fig.data if trace.name == "threat or warning")
    assert dict(zip(threat.x, threat.y, strict=True)) == {"ana": 1, "ben": 1}
    assert threat.marker.color == tagged_store.codebook.colors["threat or warning"]


def test_tags_by_actor_counts_tagged_sentences_naming_each_actor(news_corpus, tagged_store):
    heat = charts.tags_by_actor(news_corpus, tagged_store).data[0]
    z = np.array(heat.z, dtype=float)
    row, column = list(heat.y).index("Iran"), list(heat.x).index("threat or warning")
    assert z[row, column] == 1
    assert np.isnan(z[list(heat.y).index("Joe Biden"), column])
    assert "Group of 7" not in heat.y


def test_tags_by_position_puts_sentences_on_their_place_with_their_text(news_corpus, tagged_store):
    fig = charts.tags_by_position(news_corpus, tagged_store)
    threat = next(trace for trace in fig.data if trace.name == "threat or warning")
    assert list(threat.x) == [1.0]
    assert "Iran warned Israel not to respond." in threat.text[0]
    assert "sentence 3 of 3" in threat.text[0]


def test_hover_text_escapes_hostile_article_text(tagged_store):
    corpus = workbench.load_text('<img src=x onerror="alert(1)"> Iran warned Israel.', title="<b>x</b>")
    tagged_store.add(corpus.sentences["sentence_id"].iloc[0], "escalation")
    trace = charts.tags_by_position(corpus, tagged_store).data[0]
    assert "<img" not in trace.text[0]
    assert "&lt;img src=x" in trace.text[0]


def test_tags_over_time_counts_per_week_of_publication(news_corpus, tagged_store):
    fig = charts.tags_over_time(news_corpus, tagged_store, period="week")
    threat = next(trace for trace in fig.data if trace.name == "threat or warning")
    assert list(threat.y) == [1]
    assert fig.layout.xaxis.title.text == "Publication date"


def test_tags_over_time_without_dates_says_so(tiny_corpus, tagged_store):
    undated = workbench.load_text("Iran warned Israel.")
    tagged_store.add(undated.sentences["sentence_id"].iloc[0], "escalation")
    assert "No publication dates" in annotations(charts.tags_over_time(undated, tagged_store))[0]


def test_article_overview_has_one_row_per_article_in_every_panel(news_corpus, tagged_store):
    fig = charts.article_overview(news_corpus, tagged_store)
    sentences, actors, claims, tagged = fig.data
    assert list(actors.x) == [5, 2]
    assert list(sentences.y) == ["Talks", "Summit"]
    assert list(sentences.x) == [3, 2]
    assert list(claims.x) == [2, 0]
    assert list(tagged.x) == [100.0, 50.0]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda corpus, store: charts.actors_by_mentions(corpus, top=0), "top must be 1 or more"),
        (lambda corpus, store: charts.actor_network(corpus, min_sentences=0), "min_sentences must be 1 or more"),
        (lambda corpus, store: charts.tags_over_time(corpus, store, period="fortnight"), "Unknown period 'fortnight'"),
    ],
)
def test_bad_options_raise_a_chart_error_that_names_them(call, message, news_corpus, tagged_store):
    with pytest.raises(ChartError, match=message):
        call(news_corpus, tagged_store)


def test_importing_workbench_does_not_import_plotly():
    code = "import sys, workbench; print('plotly' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_docstring_example_runs():
    result = doctest.testmod(charts)
    assert result.attempted > 0 and result.failed == 0


HOSTILE_TYPE = '<a href="https://evil.example">click</a>'


def _hostile_corpus(news_corpus: workbench.Corpus) -> workbench.Corpus:
    """The news corpus with an actor type that an analyst's actors file could hold: a link in HTML."""
    mentions = news_corpus.mentions.assign(
        actor_type=news_corpus.mentions["actor_type"].replace("person", HOSTILE_TYPE)
    )
    return workbench.Corpus(news_corpus.articles, news_corpus.sentences, mentions, news_corpus.claims)


@pytest.mark.parametrize("chart", [charts.actors_by_mentions, charts.actor_network], ids=lambda chart: chart.__name__)
def test_legend_labels_escape_html_from_the_data(chart, news_corpus):
    """Hardening item 3: plotly renders legend text as HTML, so an actor type must never become a live link."""
    fig = chart(_hostile_corpus(news_corpus))
    names = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert '&lt;a href="https://evil.example"&gt;click&lt;/a&gt;' in names
    assert not any("<a" in name for name in names)


def _strings(value) -> list[str]:
    """Every string inside a figure's JSON: names, labels, texts, hover templates, titles."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple | np.ndarray):
        return [text for item in value for text in _strings(item)]
    return []


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda chart: chart.__name__)
def test_no_chart_draws_a_live_link_from_the_data(chart, news_corpus, tagged_store):
    """Hardening item 3: nothing plotly renders as HTML holds a tag from the data, wherever the value appears."""
    fig = draw(chart, _hostile_corpus(news_corpus), tagged_store)
    assert not [text for text in _strings(fig.to_plotly_json()) if "<a " in text]


@pytest.mark.parametrize(
    "chart, axes",
    [
        (charts.actors_by_mentions, "y"),
        (charts.actor_cooccurrence, "xy"),
        (charts.claims_by_source, "y"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_category_gets_a_tick_and_room_for_its_label(chart, axes, news_corpus):
    """Plotly skips every other category label when they do not fit: a tick per category and a figure that grows."""
    fig = chart(news_corpus)
    small = chart(news_corpus, top=1)
    for axis in axes:
        assert fig.layout[f"{axis}axis"].dtick == 1
    assert fig.layout.height >= 24 * len(fig.data[0].y)
    big = chart(_many_actors(60), top=60)
    assert big.layout.height >= 24 * 60 > small.layout.height


def _many_actors(count: int) -> workbench.Corpus:
    """A corpus of one article naming ``count`` countries, each in a sentence of its own with a claim."""
    import pycountry

    names = [country.name for country in list(pycountry.countries)[:count]]
    return workbench.load_text(" ".join(f"{name} said that talks would resume." for name in names))


def test_network_labels_sit_outside_the_circle(news_corpus):
    fig = charts.actor_network(news_corpus)
    for trace in fig.data[2:]:
        for x, position in zip(trace.x, trace.textposition, strict=True):
            assert position.endswith("right") if x > 0.35 else position.endswith("left") if x < -0.35 else True


WHO_ABOUT_WHOM = (
    "Iran said that Israel had attacked Syria. Israel warned that Iran was arming Hezbollah. "
    "Iran said Israel was lying. The minister said that the United States would stay out."
)


def _arrows(fig: go.Figure) -> dict[tuple[float, float, float, float], float]:
    return {(note.ax, note.ay, note.x, note.y): note.arrowwidth for note in fig.layout.annotations}


def test_who_says_about_whom_draws_an_arrow_per_pair_as_wide_as_its_claims() -> None:
    corpus = workbench.load_text(WHO_ABOUT_WHOM)
    fig = charts.who_says_about_whom(corpus)
    pairs = next(trace for trace in fig.data if trace.name == "claims")
    assert set(pairs.text) == {
        "Iran about Israel: 2 claims", "Iran about Syria: 1 claims", "Israel about Iran: 1 claims",
        "Israel about Hezbollah: 1 claims", "The minister about United States: 1 claims",
    }  # fmt: skip
    nodes = {name: (x, y) for trace in fig.data[1:] for name, x, y in zip(trace.text, trace.x, trace.y, strict=True)}
    arrows = _arrows(fig)
    iran_israel = arrows[(*nodes["Iran"], *nodes["Israel"])]
    israel_iran = arrows[(*nodes["Israel"], *nodes["Iran"])]
    assert iran_israel > israel_iran  # two claims draw a wider arrow than one, from the source to the target
    assert "source as written" in {trace.name for trace in fig.data}  # "The minister" is no known actor


def test_who_says_about_whom_on_claims_naming_no_actor_says_so(empty_corpus) -> None:
    for corpus in (empty_corpus, workbench.load_text("Officials said that prices would rise.")):
        fig = charts.who_says_about_whom(corpus)
        assert not fig.data
        assert annotations(fig) == ["No claims that name an actor in this selection"]


def test_who_says_about_whom_text_meets_wcag_contrast_on_white() -> None:
    from workbench.widgets._html import contrast_ratio

    fig = charts.who_says_about_whom(workbench.load_text(WHO_ABOUT_WHOM))
    inks = {trace.textfont.color for trace in fig.data if trace.mode == "markers+text"}
    inks |= {trace.hoverlabel.font.color for trace in fig.data}
    assert inks and all(contrast_ratio(ink, "#ffffff") >= 4.5 for ink in inks)
    assert all(contrast_ratio(note.arrowcolor, "#ffffff") >= 4.5 for note in fig.layout.annotations)
    assert "Parameters\n----------\ncorpus : Corpus" in charts.who_says_about_whom.__doc__


def test_who_says_about_whom_draws_the_top_pairs_only() -> None:
    fig = charts.who_says_about_whom(workbench.load_text(WHO_ABOUT_WHOM), top=1)
    assert next(trace for trace in fig.data if trace.name == "claims").text == ("Iran about Israel: 2 claims",)


def _line_styles(fig: go.Figure) -> list[tuple[str, str, str]]:
    return [(trace.line.color, trace.line.dash, trace.marker.symbol) for trace in fig.data]


def test_attention_lines_with_the_same_values_each_keep_a_colour_dash_and_legend_entry(news_corpus):
    fig = charts.attention_over_time(news_corpus, actors=["Israel"], keywords=["Israel"])
    first, second = fig.data
    assert list(first.y) == list(second.y)  # one line lies on the other
    colors, dashes, symbols = zip(*_line_styles(fig), strict=True)
    assert len(set(colors)) == len(set(dashes)) == len(set(symbols)) == 2
    assert fig.layout.showlegend and all(trace.showlegend for trace in fig.data)


def test_attention_by_outlet_gives_each_outlet_its_own_colour(news_corpus):
    fig = charts.attention_over_time(news_corpus, actors=["Iran"], by_source=True)
    assert sorted(trace.name for trace in fig.data) == ["actor: Iran · Daily", "actor: Iran · Wire"]
    colors, dashes, _ = zip(*_line_styles(fig), strict=True)
    assert len(set(colors)) == len(set(dashes)) == 2


def test_a_single_attention_line_keeps_its_legend_entry(news_corpus):
    fig = charts.attention_over_time(news_corpus, actors=["Iran"])
    assert len(fig.data) == 1 and fig.layout.showlegend and fig.data[0].showlegend


def _label_boxes(fig: go.Figure) -> list[tuple[str, float, float, float, float]]:
    """Each drawn node label's box in pixels (left, bottom, right, top), from the figure's size, ranges and markers.

    A character is taken as 0.62 of the 12-pixel font: the widest names measured in Chromium take 0.60.
    """
    layout = fig.layout
    width = layout.width - layout.margin.l - layout.margin.r
    height = layout.height - layout.margin.t - layout.margin.b
    x0, x1 = layout.xaxis.range
    y0, y1 = layout.yaxis.range
    scale = min(width / (x1 - x0), height / (y1 - y0))
    boxes = []
    for trace in fig.data:
        if trace.mode != "markers+text":
            continue
        nodes = zip(trace.text, trace.x, trace.y, trace.marker.size, trace.textposition, strict=True)
        for text, x, y, size, place in nodes:
            if not text:
                continue
            w, h, gap = 0.62 * 12 * len(text), 15, size / 2 + 3
            vertical, horizontal = place.split()
            left = {"right": x * scale + gap, "left": x * scale - gap - w, "center": x * scale - w / 2}[horizontal]
            bottom = {"middle": y * scale - h / 2, "top": y * scale + gap, "bottom": y * scale - gap - h}[vertical]
            boxes.append((text, left, bottom, left + w, bottom + h))
    return boxes


def test_network_labels_do_not_overlap_and_the_others_are_named_on_hover():
    fig = charts.actor_network(_many_actors(40), top=40)
    boxes = _label_boxes(fig)
    clashes = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert not clashes
    nodes = [trace for trace in fig.data if trace.mode == "markers+text"]
    named = [name for trace in nodes for name in trace.hovertext]
    hidden = [name for trace in nodes for name, text in zip(trace.hovertext, trace.text, strict=True) if not text]
    assert len(named) == 40 and 20 <= len(boxes) < 40  # most are labelled, the rest only on hover
    assert f"{len(hidden)} smaller actors are named on hover" in fig.layout.title.text
    assert "%{hovertext}" in nodes[0].hovertemplate
