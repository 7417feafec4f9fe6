"""The card view and the sheet, driven through the handlers their front ends call, without a browser."""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import workbench
from workbench import schema
from workbench.codebook import Codebook
from workbench.corpus import Corpus
from workbench.errors import CodebookError, FilterError, QueryError, WidgetError
from workbench.store import TagStore
from workbench.widgets import sheet, tagger
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._html import contrast_ratio, text_color_on
from workbench.widgets._rows import FEW, number_filter
from workbench.widgets._sheet import CONFIRM_ABOVE, WINDOW_LIMIT

ARTICLES = {
    "a1": [
        "Iran warned Israel not to respond.",
        "Both sides agreed to a ceasefire on Sunday.",
        "Officials said the talks may resume.",
    ],
    "a2": [
        "<script>alert(1)</script> was posted by a reader.",
        "A comment read <img src=x onerror=alert(1)> and nothing else.",
    ],
}
MENTIONS = [
    ("a1", 0, "Iran", "Iran", "country"),
    ("a1", 0, "Israel", "Israel", "country"),
    ("a1", 2, "Officials", "officials", "role"),
]
# (article, sentence, source, cue, with offsets, hedged)
CLAIMS = [("a1", 0, "Iran", "warned", True, False), ("a1", 2, "Officials", "said", False, True)]


def make_corpus(articles: dict[str, list[str]], mentions=(), claims=()) -> Corpus:
    """Build a corpus by hand, with exact offsets, so highlights and filters have known answers."""
    article_rows, sentence_rows, offsets = [], [], {}
    for article_id, sentences in articles.items():
        text, start = "", 0
        for position, sentence in enumerate(sentences):
            sid = f"{article_id}-s{position}"
            offsets[article_id, position] = (sid, start, sentence)
            sentence_rows.append(
                {"sentence_id": sid, "article_id": article_id, "paragraph": 0, "position": position}
                | {"text": sentence, "start": start, "end": start + len(sentence)}
            )
            text += sentence + " "
            start = len(text)
        article_rows.append({"article_id": article_id, "title": f"Title {article_id}", "text": text.rstrip()})
        article_rows[-1]["n_sentences"] = len(sentences)

    def at(article_id, position, surface):
        sid, start, sentence = offsets[article_id, position]
        return sid, start + sentence.index(surface), start + sentence.index(surface) + len(surface)

    mention_rows = []
    for article_id, position, surface, actor, kind in mentions:
        sid, start, end = at(article_id, position, surface)
        mention_rows.append({"article_id": article_id, "sentence_id": sid, "actor": actor, "actor_type": kind})
        mention_rows[-1] |= {"surface": surface, "start": start, "end": end}
    claim_rows = []
    for number, (article_id, position, source, cue, with_offsets, hedged) in enumerate(claims):
        sid, source_start, source_end = at(article_id, position, source)
        _, cue_start, cue_end = at(article_id, position, cue)
        row = {"claim_id": f"c{number}", "article_id": article_id, "sentence_id": sid, "source": source, "cue": cue}
        row |= {"content": "", "hedged": hedged}
        if with_offsets:
            row |= {"source_start": source_start, "source_end": source_end, "cue_start": cue_start, "cue_end": cue_end}
        claim_rows.append(row)
    return Corpus(
        articles=schema.conform(pd.DataFrame(article_rows), "articles"),
        sentences=schema.conform(pd.DataFrame(sentence_rows), "sentences"),
        mentions=schema.conform(pd.DataFrame(mention_rows, columns=list(schema.TABLES["mentions"])), "mentions"),
        claims=schema.conform(pd.DataFrame(claim_rows, columns=list(schema.TABLES["claims"])), "claims"),
    )


@pytest.fixture
def corpus() -> Corpus:
    return make_corpus(ARTICLES, MENTIONS, CLAIMS)


@pytest.fixture
def store():
    with TagStore(memory=True, coder="ana") as store:
        yield store


@pytest.fixture
def card(corpus, store):
    widget = tagger(corpus, store=store)
    yield widget
    widget.close()


@pytest.fixture
def grid(corpus, store):
    widget = sheet(corpus, store=store)
    yield widget
    widget.close()


# -- card view ------------------------------------------------------------------------------------


def test_card_opens_on_the_sample_corpus(sample_corpus, store):
    card = tagger(sample_corpus, store=store)
    following = sample_corpus.sentences["text"].iloc[1]
    assert (card.count, card.index, card.progress) == (21, 0, "0 of 21 coded")
    assert f'<div class="wb-context">{following}</div>' in card.card_html
    assert [state["name"] for state in card.tag_states] == store.codebook.tags


@pytest.mark.parametrize(
    "keys, index, tags",
    [
        (["1"], 0, {"escalation"}),
        (["1", "1"], 0, set()),
        (["1", "2"], 0, {"escalation", "de-escalation"}),
        (["j"], 1, set()),
        (["ArrowRight"], 1, set()),
        (["ArrowDown", "ArrowDown", "k"], 1, set()),
        (["j", "ArrowLeft"], 0, set()),
        (["1", "u"], 0, set()),
        (["1", "Ctrl+z"], 0, set()),
    ],
)
def test_keys_tag_and_move_through_the_front_end_handler(card, store, keys, index, tags):
    for key in keys:
        card.handle({"event": "press", "key": key})
    assert card.index == index
    assert store.tags_of("a1-s0") == tags
    assert {state["name"] for state in card.tag_states if state["on"]} == store.tags_of(card.sentence_id)


def test_tag_button_toggles_the_tag_in_the_store(card, store):
    card.handle({"event": "toggle", "tag": "diplomacy"})
    assert store.tags(coder="ana")["tag"].tolist() == ["diplomacy"]
    assert card.status == "diplomacy on."
    card.handle({"event": "toggle", "tag": "diplomacy"})
    assert store.tags(coder="ana").empty


def test_moving_on_marks_the_sentence_done_and_counts_it(card, store):
    card.next()
    assert store.done_ids() == {"a1-s0"}
    assert card.progress == "1 of 5 coded"
    card.previous()
    assert store.done_ids() == {"a1-s0"}


def test_next_untagged_skips_coded_sentences_and_wraps(card, store):
    store.add("a1-s1", "diplomacy")
    store.add("a1-s2", "diplomacy")
    card.handle({"event": "next_untagged"})
    assert card.sentence_id == "a2-s0"
    card.go_to(5)
    card.next_untagged()
    assert card.sentence_id == "a2-s0"  # a1-s0 was marked done, a2-s1 now too: wraps to the first left


def test_next_untagged_says_when_everything_is_coded(card, store):
    store.add_many(["a1-s1", "a1-s2", "a2-s0", "a2-s1"], "diplomacy")
    card.next_untagged()
    assert card.status == "Every sentence in this selection is coded."


@pytest.mark.parametrize("target, sentence_id", [(3, "a1-s2"), ("4", "a2-s0"), ("a2-s1", "a2-s1")])
def test_go_to_a_number_or_an_id(card, target, sentence_id):
    card.handle({"event": "go_to", "target": target})
    assert card.sentence_id == sentence_id
    assert card.status_error is False


@pytest.mark.parametrize(
    "target, message",
    [(0, "pick a number from 1 to 5"), (6, "pick a number from 1 to 5"), ("zz", "not in this selection")],
)
def test_go_to_outside_the_selection_is_a_clear_error(card, target, message):
    with pytest.raises(WidgetError, match=message):
        card.go_to(target)
    card.handle({"event": "go_to", "target": target})
    assert card.status_error and message in card.status


@pytest.mark.parametrize(
    "filters, ids",
    [
        ({"article": "a2"}, ["a2-s0", "a2-s1"]),
        ({"actor": "Israel"}, ["a1-s0"]),
        ({"claims_only": True}, ["a1-s0", "a1-s2"]),
        ({"hedged_only": True}, ["a1-s2"]),
        ({"search": "CEASEFIRE"}, ["a1-s1"]),
        ({"search": "<img"}, ["a2-s1"]),
        ({"article": "a1", "search": "s*"}, ["a1-s1", "a1-s2"]),
        ({"search": "cease*"}, ["a1-s1"]),
        ({"search": "cease"}, []),
        ({"tag": "diplomacy"}, ["a1-s1"]),
        ({"untagged_only": True}, ["a1-s0", "a1-s2", "a2-s0", "a2-s1"]),
    ],
)
def test_filters_select_the_matching_sentences(card, store, filters, ids):
    store.add("a1-s1", "diplomacy")
    card.set_filter(**filters)
    assert card.count == len(ids)
    assert [card.go_to(n) or card.sentence_id for n in range(1, card.count + 1)] == ids


def test_front_end_filter_traits_apply_the_filter(card):
    card.search = "talks"
    assert (card.count, card.sentence_id) == (1, "a1-s2")
    assert card.progress == "0 of 1 coded (filtered from 5 sentences)"


@pytest.mark.parametrize(
    "filters, error, message",
    [
        ({"colour": "red"}, WidgetError, "Unknown filter"),
        ({"actor": "Atlantis"}, FilterError, "Unknown actor 'Atlantis'"),
        ({"tag": "war"}, FilterError, "Unknown tag 'war'"),
    ],
)
def test_unknown_filters_are_refused(card, filters, error, message):
    with pytest.raises(error, match=message):
        card.set_filter(**filters)


@pytest.mark.parametrize("search, message", [('"ceasefire on', "never closed"), ("OR talks", "OR at character 1")])
def test_a_search_that_cannot_be_read_says_so_under_the_box_and_matches_nothing(card, search, message):
    card.set_filter(search="talks")  # an earlier search that finds a sentence
    card.search = search  # as the page sets it
    assert (card.count, card.sentence_id) == (0, None)  # never the sentences of the earlier search
    assert message in card.search_error and card.status_error and message in card.status
    assert "The search cannot be read." in card.card_html
    with pytest.raises(QueryError, match=message):
        card.set_filter(search=search)
    card.set_filter(search="ceasefire OR talks")
    assert card.search_error == "" and card.count == 2


def test_the_search_box_tooltip_states_the_query_language(card, grid):
    from workbench.query import SUMMARY

    assert SUMMARY in card.search_help
    assert {column["name"] for column in grid.columns if SUMMARY in column["help"]} == {
        "text",
        "note",
        "suggested",
        "actors",
        "claim source",
        "article",
    }


def test_an_empty_selection_shows_a_message_and_refuses_tags(card):
    card.set_filter(search="no such words")
    assert "No sentence matches these filters." in card.card_html
    with pytest.raises(WidgetError, match="clear a filter"):
        card.toggle("escalation")


def test_notes_are_stored_from_the_method_and_the_note_box(card, store):
    card.set_note("check the date")
    assert store.note_of("a1-s0") == "check the date"
    card.next()
    card.handle({"event": "note", "text": "typed in the box", "id": 7})  # sent after a pause in typing
    assert store.note_of("a1-s1") == "typed in the box"
    assert card.status == "Note saved."
    card.previous()
    assert card.note == "check the date"


def test_moving_around_writes_no_notes(card, store):
    card.set_note("kept")
    for key in ["j", "k", "j", "k"]:
        card.press(key)
    assert (store.history()["action"] == "note").sum() == 1


def test_mentions_and_claims_are_highlighted(card):
    html = card.card_html
    assert '<span class="wb-mention wb-source" title="Iran (country); claim source">Iran</span>' in html
    assert '<span class="wb-mention" title="Israel (country)">Israel</span>' in html
    assert '<span class="wb-cue" title="claim cue">warned</span>' in html
    assert "Claim — source: Iran · cue: warned" in html


def test_claims_without_offsets_are_found_in_the_text(card):
    card.go_to("a1-s2")
    assert '<span class="wb-cue" title="claim cue">said</span>' in card.card_html
    assert "· hedged" in card.card_html


@pytest.mark.parametrize(
    "sentence_id, escaped, raw",
    [
        ("a2-s0", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
        ("a2-s1", "&lt;img src=x onerror=alert(1)&gt;", "<img"),
    ],
)
def test_article_text_is_escaped_on_the_card_and_in_its_context(card, sentence_id, escaped, raw):
    card.go_to(sentence_id)
    assert escaped in card.card_html
    assert raw not in card.card_html
    card.go_to("a2-s1" if sentence_id == "a2-s0" else "a2-s0")
    assert escaped in card.card_html and raw not in card.card_html  # shown as the neighbouring sentence


def test_hostile_titles_and_actor_names_are_escaped(store):
    corpus = make_corpus({"x": ["<b>Bold</b> claims."]}, [("x", 0, "<b>Bold</b>", '"><img src=x>', "person")])
    card = tagger(corpus, store=store)
    assert "<img" not in card.card_html and "<b>" not in card.card_html
    assert "&quot;&gt;&lt;img src=x&gt;" in card.card_html


def quoting_corpus(sentences: list[str], source: str, content: str, *, offsets: bool = True) -> Corpus:
    """A one-article corpus with one claim by ``source`` (cue "said", in the first sentence) quoting ``content``.

    The claim covers every sentence ``content`` reaches; without ``offsets`` it has no stored offsets.
    """
    hand_made = make_corpus({"q": sentences})
    text = hand_made.articles.at[0, "text"]
    sentence_rows = hand_made.sentences
    start, end = text.index(content), text.index(content) + len(content)
    covered = tuple(sentence_rows.loc[(sentence_rows["start"] < end) & (sentence_rows["end"] > start), "sentence_id"])
    row = {"claim_id": "c0", "article_id": "q", "sentence_id": "q-s0", "source": source, "cue": "said"}
    row |= {"content": content, "hedged": False, "sentence_ids": covered}
    if offsets:
        row |= {"source_start": text.index(source), "source_end": text.index(source) + len(source)}
        row |= {"cue_start": text.index("said"), "cue_end": text.index("said") + 4}
        row |= {"content_start": start, "content_end": end}
    claims = schema.conform(pd.DataFrame([row], columns=list(schema.TABLES["claims"])), "claims")
    return Corpus(hand_made.articles, hand_made.sentences, hand_made.mentions, claims)


def well_formed(html: str) -> bool:
    """True when ``html`` parses as XML: every element closed, in order, and every entity known."""
    ET.fromstring(f"<root>{html}</root>")
    return True


def test_the_content_of_a_claim_is_marked_with_its_source(store):
    corpus = make_corpus({"q": ["Iran said Israel must not respond."]}, [("q", 0, "Israel", "Israel", "country")])
    claims = quoting_corpus(["Iran said Israel must not respond."], "Iran", "Israel must not respond").claims
    card = tagger(Corpus(corpus.articles, corpus.sentences, corpus.mentions, claims), store=store)
    html = card.card_html
    assert '<span class="wb-content wb-mention" title="Israel (country); said by Iran">Israel</span>' in html
    assert '<span class="wb-content" title="said by Iran"> must not respond</span>.' in html
    assert '<span class="wb-source" title="claim source">Iran</span>' in html and well_formed(html)
    card.close()


def test_a_quote_over_two_sentences_is_marked_in_both(store):
    sentences = ['Ana said: "We will not leave.', 'We stay here." Then she left.']
    card = tagger(quoting_corpus(sentences, "Ana", "We will not leave. We stay here."), store=store)
    shown = {}
    for sid in ("q-s0", "q-s1"):
        card.go_to(sid)
        shown[sid] = card.card_html.split('<div class="wb-sentence">')[1].split("</div>")[0]
        assert well_formed(card.card_html)
    assert shown == {
        "q-s0": '<span class="wb-source" title="claim source">Ana</span> '
        '<span class="wb-cue" title="claim cue">said</span>: &quot;'
        '<span class="wb-content" title="said by Ana">We will not leave.</span>',
        "q-s1": '<span class="wb-content" title="said by Ana">We stay here.</span>&quot; Then she left.',
    }
    card.close()


def _sentence_html(card, sentence_id: str) -> str:
    card.go_to(sentence_id)
    return card.card_html.split('<div class="wb-sentence">')[1].split("</div>")[0]


@pytest.mark.parametrize("form", ["parquet", "filtered"])
def test_a_quote_is_marked_alike_whatever_form_the_claims_table_takes(store, tmp_path, form):
    """Claims read back from Parquet hold arrays of sentence ids; a filtered table keeps its old row labels."""
    sentences = ['Ana said: "We will not leave.', 'We stay here." Then she left.']
    corpus = quoting_corpus(sentences, "Ana", "We will not leave. We stay here.")
    if form == "parquet":
        corpus.claims.to_parquet(tmp_path / "claims.parquet")
        claims = pd.read_parquet(tmp_path / "claims.parquet")
        assert not isinstance(claims.at[0, "sentence_ids"], tuple)
    else:
        claims = corpus.claims.set_axis([7])
    expected = tagger(corpus, store=store)
    card = tagger(Corpus(corpus.articles, corpus.sentences, corpus.mentions, claims), store=store)
    for sid in ("q-s0", "q-s1"):
        assert _sentence_html(card, sid) == _sentence_html(expected, sid)
    assert "said by Ana" in _sentence_html(card, "q-s1")
    card.close()
    expected.close()


def test_a_claim_without_sentence_ids_covers_its_own_sentence_only(store):
    sentences = ['Ana said: "We will not leave.', 'We stay here." Then she left.']
    corpus = quoting_corpus(sentences, "Ana", "We will not leave. We stay here.")
    claims = corpus.claims.assign(sentence_ids=[()])
    card = tagger(Corpus(corpus.articles, corpus.sentences, corpus.mentions, claims), store=store)
    assert "said by Ana" in _sentence_html(card, "q-s0")
    assert "said by Ana" not in _sentence_html(card, "q-s1")
    card.close()


def test_a_claims_content_without_offsets_is_found_in_its_sentence(store):
    card = tagger(quoting_corpus(['Ana said "we stay" today.'], "Ana", "we stay", offsets=False), store=store)
    assert '&quot;<span class="wb-content" title="said by Ana">we stay</span>&quot; today.' in card.card_html
    card.close()


@pytest.mark.parametrize(
    "source, content, escaped",
    [
        ("Ana", "<img src=x onerror=alert(1)>", '<span class="wb-content" title="said by Ana">&lt;img src=x'),
        ('x" onmouseover="alert(1)', "<b>bold</b>", 'title="said by x&quot; onmouseover=&quot;alert(1)">&lt;b&gt;'),
        ("<b>Ana</b>", "a &amp; b", 'title="said by &lt;b&gt;Ana&lt;/b&gt;">a &amp;amp; b</span>'),
    ],
)
def test_hostile_text_inside_a_claims_content_stays_escaped(store, source, content, escaped):
    corpus = quoting_corpus([f'{source} said "{content}".'], source, content)
    card = tagger(corpus, store=store)
    assert escaped in card.card_html
    assert "<img" not in card.card_html and "<b>" not in card.card_html and '" onmouseover' not in card.card_html
    assert well_formed(card.card_html)
    card.close()


@pytest.mark.parametrize("coder, shown", [("ana", True), ("cleo", False)])
def test_the_my_assignment_box_is_offered_only_to_a_coder_with_an_assignment(corpus, coder, shown):
    with TagStore(memory=True, coder=coder) as store:
        card = tagger(corpus, store=store)
        assert card.has_assignment is False  # nothing assigned yet
        card.close()
        workbench.assign(corpus, coders=["ana", "ben"], overlap=0.4, seed=2, store=store)
        card = tagger(corpus, store=store)
        assert card.has_assignment is shown
        card.close()


def test_suggested_tags_are_shown_apart_until_confirmed(card):
    card.go_to("a1-s1")
    states = {state["name"]: state for state in card.tag_states}
    assert (states["de-escalation"]["suggested"], states["de-escalation"]["on"]) == (True, False)
    card.handle({"event": "toggle", "tag": "de-escalation"})
    states = {state["name"]: state for state in card.tag_states}
    assert (states["de-escalation"]["suggested"], states["de-escalation"]["on"]) == (False, True)


@pytest.mark.parametrize(
    "message, shown",
    [
        ({"event": "toggle", "tag": "war"}, "Unknown tag 'war'"),
        ({"event": "dance"}, "Unknown message"),
        ({"event": "press", "key": "z"}, "No shortcut on 'z'"),
    ],
)
def test_front_end_errors_reach_the_status_line(card, message, shown):
    card.handle(message)
    assert shown in card.status


def test_unexpected_errors_are_shown_and_raised(card, store, monkeypatch):
    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(store, "toggle", broken)
    with pytest.raises(OSError, match="disk full"):
        card.handle({"event": "press", "key": "1"})
    assert card.status == "OSError: disk full" and card.status_error


def test_undo_with_nothing_to_undo_says_so(card):
    card.press("u")
    assert card.status == "Nothing to undo."


def test_question_mark_lists_the_keys(card):
    card.press("?")
    assert card.status.startswith("Keys: 1 escalation, 2 de-escalation")
    assert "n next uncoded" in card.status and not card.status_error


@pytest.mark.parametrize(
    "message", [{"event": "press", "key": "1", "id": 4}, {"event": "dance", "id": 4}, {"event": "go_to", "id": 4}]
)
def test_every_front_end_message_is_acknowledged_even_when_it_fails(card, monkeypatch, message):
    """The front end shows "the kernel is not answering" when a message gets no acknowledgement."""
    sent = []
    monkeypatch.setattr(card, "send", sent.append)
    with contextlib.suppress(KeyError):  # a malformed message is raised to the kernel's log, and still acknowledged
        card._on_message(card, message, [])
    assert sent == [{"event": "ack", "id": 4}]


@pytest.mark.parametrize("color", ["#88ccee", "#ddcc77", "#999933", "#882255", "#332288", "#117733", "#ffffff"])
def test_text_on_a_tag_colour_meets_wcag_contrast(color):
    assert contrast_ratio(text_color_on(color), color) >= 4.5


def test_tag_buttons_carry_a_readable_text_colour(card):
    states = {state["name"]: state for state in card.tag_states}
    assert states["de-escalation"]["text_color"] == "#000000"  # light blue: black text
    assert states["domestic politics"]["text_color"] == "#ffffff"  # dark blue: white text


@pytest.mark.parametrize(
    "raw, action, ids, value",
    [
        ({"action": "add", "sentence_id": "s1", "sentence_ids": ["s1"], "tag": "x"}, Action.ADD, ("s1",), True),
        ({"action": "remove", "sentence_ids": ["a", "b"], "tag": "x"}, Action.REMOVE, ("a", "b"), False),
        ({"action": "undo", "sentence_ids": ["a"], "tag": "x", "undone": "add"}, Action.UNDO, ("a",), False),
        ({"action": "undo", "sentence_ids": ["a"], "tag": None, "undone": "note"}, Action.UNDO, ("a",), None),
        ({"action": "note", "sentence_id": "a", "tag": None, "note": "n"}, Action.NOTE, ("a",), None),
    ],
)
def test_store_notifications_read_as_one_typed_event(raw, action, ids, value):
    event = StoreEvent.read(raw)
    assert (event.action, event.sentence_ids, event.tag_value) == (action, ids, value)


def test_a_store_notification_with_an_unknown_action_is_a_clear_error():
    with pytest.raises(WidgetError, match="the actions are add, remove, note, done, not_done, undo"):
        StoreEvent.read({"action": "explode", "sentence_ids": []})


def test_a_codebook_other_than_the_stores_is_refused(corpus, store):
    other = Codebook.from_dict({"name": "mine", "tags": [{"name": "a"}]})
    with pytest.raises(WidgetError, match="codes with the codebook 'international-news'"):
        tagger(corpus, codebook=other, store=store)


# -- sheet ----------------------------------------------------------------------------------------


def cell(grid, sentence_id, column):
    """The value of one cell as the sheet holds it, whatever the sort and filters."""
    return grid.table().at[sentence_id, grid.labels.get(column, column)]


def send(grid, **message):
    """Send a message the way the sheet's front end does; return the rows messages the sheet sent back."""
    sent = []
    grid.send = sent.append
    try:
        grid.handle(message)
    finally:
        del grid.send
    return [m for m in sent if m.get("event") == "rows"]


def shown_numbers(grid):
    """The sentence numbers the grid shows, in its order (each sentence's number in its article, from 1)."""
    return grid.shown()["sentence"].tolist()


def test_sheet_has_one_row_per_sentence_with_context_and_tag_columns(corpus, store):
    store.add("a1-s0", "escalation")
    store.set_note("a1-s1", "later")
    data = sheet(corpus, store=store).table()
    assert data.index.tolist() == corpus.sentences["sentence_id"].tolist()
    labels = [f"{store.codebook.tag(tag).key} {tag}" for tag in store.codebook.tags]
    after = ["note", "suggested", "actors", "claim source", "article"]
    assert data.columns.tolist() == ["sentence", "text", *labels, *after]
    assert labels[:2] == ["1 escalation", "2 de-escalation"]
    assert data.loc["a1-s0", ["actors", "claim source", "1 escalation"]].tolist() == ["Iran; Israel", "Iran", True]
    assert data.loc["a1-s1", ["1 escalation", "note"]].tolist() == [False, "later"]


def test_the_page_gets_the_rows_in_sight_with_their_cells_in_column_order(grid, store):
    store.add("a1-s1", "de-escalation")
    (rows,) = send(grid, event="window", start=1, count=2)
    names = [column["name"] for column in grid.columns]
    assert rows["start"] == 1 and rows["revision"] == grid.revision
    assert [dict(zip(names, cells, strict=True))["text"] for cells in rows["cells"]] == ARTICLES["a1"][1:3]
    assert [cells[names.index("2 de-escalation")] for cells in rows["cells"]] == [True, False]
    assert rows["selected"] == [False, False]


def test_rows_in_sight_show_the_same_context_as_the_whole_table(grid):
    """Context columns are worked out for the rows in sight; they must equal those of the full table."""
    grid.show_suggestions(pd.DataFrame({"sentence_id": ["a2-s1"], "tag": ["diplomacy"]}))
    names = [column["name"] for column in grid.columns]
    for row in range(5):
        (cells,) = grid.window(row, 1)["cells"]
        assert dict(zip(names, cells, strict=True)) == grid.table().iloc[row].to_dict()
    assert grid.table().loc["a2-s1", ["article", "suggested"]].tolist() == ["Title a2", "diplomacy"]


def test_a_window_is_capped_and_clipped_to_the_rows_shown(grid):
    assert len(grid.window(3, 100)["cells"]) == 2
    assert grid.window(99, 10)["cells"] == []
    assert WINDOW_LIMIT < 1000  # a request can never pull the whole of a large table into one message


def test_tag_columns_are_tick_boxes_in_the_tag_colour_with_readable_text(grid):
    spec = {column["name"]: column for column in grid.columns}
    assert spec["2 de-escalation"] | {"width": 0} == {
        "name": "2 de-escalation",
        "short": "2\nde-es…",
        "kind": "tag",
        "width": 0,
        "pinned": False,
        "color": "#88ccee",
        "ink": "#000000",
        "help": "Show ticked or unticked rows",
    }
    assert contrast_ratio(spec["2 de-escalation"]["color"], spec["2 de-escalation"]["ink"]) >= 4.5
    assert {spec[name]["kind"] for name in ("text", "actors", "article")} == {"text"}
    assert (spec["sentence"]["kind"], spec["note"]["kind"]) == ("number", "note")
    assert "sentence_id" not in spec  # the id is not a column to read


def test_sheet_suggests_tags_from_keywords_and_from_a_learned_model(grid, store):
    assert cell(grid, "a1-s0", "suggested") == "threat or warning"
    assert cell(grid, "a1-s1", "suggested") == "de-escalation"
    before = grid.revision
    grid.show_suggestions(pd.DataFrame({"sentence_id": ["a1-s2"], "tag": ["diplomacy"], "probability": [0.9]}))
    assert "diplomacy" in cell(grid, "a1-s2", "suggested") and grid.revision > before
    assert store.tags_of("a1-s2") == set()  # a suggestion is never a tag until ticked


def test_one_click_on_a_tick_box_toggles_the_tag(grid, store):
    send(grid, event="toggle", row=2, column="5 diplomacy")
    assert store.tags_of("a1-s2") == {"diplomacy"} and cell(grid, "a1-s2", "diplomacy")
    assert grid.status == "diplomacy on for the sentence in row 3."
    send(grid, event="toggle", row=2, column="5 diplomacy")
    assert store.tags_of("a1-s2") == set() and not cell(grid, "a1-s2", "diplomacy")


def test_toggling_outside_a_tag_column_says_where_to_click(grid, store):
    send(grid, event="toggle", row=2, column="text")
    assert store.tags().empty
    assert grid.status_error and "'text' is not a tag column" in grid.status


def test_a_note_typed_in_a_row_is_stored(grid, store):
    send(grid, event="note", row=3, text="odd source")
    assert store.note_of("a2-s0") == "odd source" and cell(grid, "a2-s0", "note") == "odd source"
    send(grid, event="note", row=3, text="odd source")  # the same text again writes nothing
    assert len(store.history()) == 1


@pytest.mark.parametrize(
    "column, descending, expected",
    [
        ("sentence", True, [3, 2, 2, 1, 1]),
        ("sentence", False, [1, 1, 2, 2, 3]),
        ("text", False, [1, 2, 2, 1, 3]),  # "<script>", "A comment", "Both", "Iran", "Officials": case ignored
        (None, False, [1, 2, 3, 1, 2]),
    ],
)
def test_sorting_sorts_the_column_it_names(grid, column, descending, expected):
    send(grid, event="sort", column=column or "", descending=descending)
    assert shown_numbers(grid) == expected
    assert (grid.sort_column, grid.sort_descending) == (column or "", descending)


def test_sorting_a_tag_column_puts_ticked_rows_first_when_descending(grid, store):
    store.add_many(["a1-s2", "a2-s1"], "uncertainty")
    grid.sort_by("9 uncertainty", descending=True)
    assert grid.shown().index[:2].tolist() == ["a1-s2", "a2-s1"]


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("text", "ceasefire", ["a1-s1"]),
        ("text", "talk*", ["a1-s2"]),
        ("text", "alert", ["a2-s0", "a2-s1"]),
        ("actors", "Israel", ["a1-s0"]),
        ("sentence", "> 1", ["a1-s1", "a1-s2", "a2-s1"]),
        ("sentence", "2-3", ["a1-s1", "a1-s2", "a2-s1"]),
        ("sentence", "1", ["a1-s0", "a2-s0"]),
        ("4 threat or warning", "ticked", ["a1-s0"]),
        ("4 threat or warning", "unticked", ["a1-s1", "a1-s2", "a2-s0", "a2-s1"]),
    ],
)
def test_filters_keep_the_rows_that_pass(grid, store, column, value, expected):
    store.add("a1-s0", "threat or warning")
    assert (
        send(grid, event="filter", column=column, value=value) == []
    )  # the page asks for rows when it sees the change
    assert grid.shown().index.tolist() == expected
    assert (grid.row_count, grid.total, grid.filters) == (len(expected), 5, {column: value})
    assert grid.status == f"{len(expected)} of 5 sentences shown."


def test_filters_combine_and_an_empty_one_is_dropped(grid):
    grid.filter("sentence", "< 3")
    grid.filter("text", "Iran")
    assert grid.shown().index.tolist() == ["a1-s0"]
    grid.filter("text", "")
    assert grid.filters == {"sentence": "< 3"} and grid.row_count == 4
    grid.clear_filters()
    assert grid.row_count == 5


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("sentence", "abc", "is not a number filter"),
        ("1 escalation", "maybe", "filtered by 'ticked' or 'unticked'"),
        ("text", '"ceasefire on', "never closed"),
        ("text", "Iran OR", "OR at character 6 needs"),
        ("text", "Iran -", "leaves nothing out"),
    ],
)
def test_a_filter_that_cannot_be_read_says_so_under_its_box_and_shows_no_rows(grid, column, value, message):
    grid.filter("text", "Iran")  # an earlier filter that shows a row
    send(grid, event="filter", column=column, value=value)
    assert grid.row_count == 0 and grid.shown().empty  # never the rows of the earlier filter
    assert message in grid.filter_errors[column] and grid.filters[column] == value
    assert grid.status_error and message in grid.status
    grid.filter(column, "")
    assert column not in grid.filter_errors and grid.row_count == (5 if column == "text" else 1)


def test_a_query_that_cannot_be_read_raises_from_python(grid):
    with pytest.raises(QueryError, match="never closed"):
        grid.filter("text", '"Iran warned')
    assert grid.filter_errors == {"text": grid.filter_errors["text"]} and grid.row_count == 0


@pytest.mark.parametrize("column, value, error", [("text", "   ", None), ("colour", "red", "has no column 'colour'")])
def test_a_blank_filter_or_an_unknown_column_changes_nothing(grid, column, value, error):
    send(grid, event="filter", column=column, value=value)
    assert grid.row_count == 5 and grid.filter_errors == {}
    assert grid.status_error == bool(error) and (error or "") in grid.status


@pytest.mark.parametrize(
    "expression, values, expected",
    [
        (">= 2", [1, 2, 3], [False, True, True]),
        ("<3", [1, 2, 3], [True, True, False]),
        ("3 to 1", [0, 2, 4], [False, True, False]),
    ],
)
def test_number_filters(expression, values, expected):
    import numpy as np

    assert number_filter(expression)(np.array(values)).tolist() == expected


def test_clicks_select_a_row_a_range_and_one_more(grid):
    grid.sort_by("sentence", descending=True)  # view order a1-s2, a1-s1, a2-s1, a1-s0, a2-s0
    send(grid, event="select", row=1)
    assert grid.selected_ids() == ["a1-s1"] and grid.selected == 1
    send(grid, event="select", row=3, extend=True)
    assert grid.selected_ids() == ["a1-s0", "a1-s1", "a2-s1"]
    send(grid, event="select", row=0, toggle=True)
    assert grid.selected_ids() == ["a1-s0", "a1-s1", "a1-s2", "a2-s1"]
    assert grid.window(0, 5)["selected"] == [True, True, True, True, False]
    send(grid, event="clear_selection")
    assert grid.selected_ids() == []


def test_select_all_takes_the_rows_shown_and_filtering_drops_hidden_ones(grid):
    grid.filter("text", "alert")
    send(grid, event="select_all")
    assert grid.selected_ids() == ["a2-s0", "a2-s1"]
    grid.clear_filters()
    send(grid, event="select", row=0, toggle=True)
    grid.filter("sentence", "1")
    assert grid.selected_ids() == ["a1-s0", "a2-s0"] and grid.selected == 2  # a2-s1 is filtered out


def test_clicks_and_toggles_map_view_rows_to_sentences_under_a_sort(grid, store):
    grid.sort_by("sentence", descending=True)
    send(grid, event="toggle", row=0, column="5 diplomacy")
    assert store.tagged_ids() == {"a1-s2"}


def test_apply_and_remove_act_on_the_selected_rows(grid, store):
    send(grid, event="select", row=1)
    send(grid, event="select", row=3, extend=True)
    send(grid, event="apply", tag="uncertainty")
    assert store.tagged_ids() == {"a1-s1", "a1-s2", "a2-s0"}
    assert grid.status == "uncertainty added to 3 sentences; 0 had it already."
    send(grid, event="select", row=2)
    send(grid, event="remove", tag="uncertainty")
    assert store.tagged_ids() == {"a1-s1", "a2-s0"}
    assert [cell(grid, sid, "uncertainty") for sid in ["a1-s1", "a1-s2", "a2-s0"]] == [True, False, True]


def test_apply_with_nothing_selected_says_how_to_select(grid):
    send(grid, event="apply", tag="uncertainty")
    assert grid.status_error and "No rows are selected" in grid.status


def test_apply_tag_to_given_ids_counts_new_ones(grid, store):
    store.add("a1-s0", "diplomacy")
    assert grid.apply_tag("diplomacy", ["a1-s0", "a1-s1"]) == 1
    with pytest.raises(CodebookError, match="Unknown tag 'war'"):
        grid.apply_tag("war", ["a1-s0"])


def test_an_unknown_message_is_reported(grid):
    send(grid, event="paste")
    assert grid.status_error and "does not know the message 'paste'" in grid.status


def test_every_message_is_acknowledged_even_when_it_fails(grid):
    sent = []
    grid.send = sent.append
    grid._on_message(grid, {"event": "toggle", "row": 99, "column": "1 escalation", "id": 7}, [])
    assert sent[-1] == {"event": "ack", "id": 7} and "Row 100 is not shown" in grid.status


@pytest.mark.parametrize("view", ["card", "grid"])
def test_the_pages_question_whether_the_kernel_answers_is_acknowledged_and_changes_nothing(request, store, view):
    widget = request.getfixturevalue(view)
    sent, status, history = [], widget.status, len(store.history())
    widget.send = sent.append
    widget._on_message(widget, {"event": "ping", "id": 41}, [])
    assert sent == [{"event": "ack", "id": 41}]
    assert (widget.status, widget.status_error, len(store.history())) == (status, False, history)


def test_rows_and_sentences_are_counted_from_one_in_the_grid_the_card_and_their_messages(card, grid):
    assert grid.table().loc[["a1-s0", "a1-s2"], "sentence"].tolist() == [1, 3]  # corpus positions 0 and 2
    assert "sentence 1" in card.card_html and card.index == 0  # the card shows "1 of 5"
    send(grid, event="select", row=5)
    assert "Row 6 is not shown: the grid shows rows 1 to 5." in grid.status
    send(grid, event="note", row=4, text="x")
    assert grid.status == "Note saved for the sentence in row 5."


def test_tag_columns_are_narrow_and_keep_their_full_name_for_the_tooltip(grid):
    from workbench.widgets._rows import TEXT_MIN_WIDTH

    spec = {column["name"]: column for column in grid.columns}
    tags = [column for column in grid.columns if column["kind"] == "tag"]
    assert [column["short"] for column in tags[:3]] == ["1\nescal…", "2\nde-es…", "3\nmilit…"]
    assert spec["5 diplomacy"]["short"] == "5\ndiplo…" and spec["9 uncertainty"]["name"] == "9 uncertainty"
    assert [column["name"] for column in grid.columns if column["pinned"]] == ["sentence", "text"]
    # every tag of the default codebook beside a readable text column in a notebook output about 850 px wide
    assert spec["sentence"]["width"] + TEXT_MIN_WIDTH + sum(column["width"] for column in tags) <= 850


# -- both views of one store ------------------------------------------------------------------------


def test_a_tag_set_on_the_card_shows_in_the_sheet(card, grid):
    card.press("3")
    assert cell(grid, "a1-s0", "military action")
    card.set_note("see map")
    assert cell(grid, "a1-s0", "note") == "see map"


def test_a_tag_set_in_the_sheet_shows_on_the_card(card, grid):
    send(grid, event="toggle", row=0, column="4 threat or warning")
    assert {s["name"] for s in card.tag_states if s["on"]} == {"threat or warning"}
    assert card.progress == "1 of 5 coded"


def test_changes_from_code_and_undo_show_in_both(card, grid, store):
    store.add_many(["a1-s0", "a1-s1"], "uncertainty")
    assert cell(grid, "a1-s1", "uncertainty") and card.tag_states[-1]["on"]
    card.undo()
    assert not cell(grid, "a1-s1", "uncertainty") and not card.tag_states[-1]["on"]
    assert card.status == "Undone: add uncertainty on 2 sentences."


@pytest.fixture
def big_sheet(store):
    corpus = make_corpus({"big": [f"Sentence {n}." for n in range(CONFIRM_ABOVE + 10)]})
    view = sheet(corpus, store=store)
    yield view
    view.close()


def test_a_bulk_change_updates_the_rows_and_sends_no_table(big_sheet, store):
    """A change to every row costs the page one new window, not the table: the page asks again on a new revision."""
    (before,) = send(big_sheet, event="window", start=0, count=40)
    store.add_many(big_sheet.corpus.sentences["sentence_id"].tolist(), "economic impact")
    assert big_sheet.table()["8 economic impact"].all()
    (after,) = send(big_sheet, event="window", start=0, count=40)
    assert after["revision"] > before["revision"] and len(after["cells"]) == 40
    big_sheet.undo()
    assert not big_sheet.table()["8 economic impact"].any()
    assert big_sheet.status == "Undone: add economic impact on 310 sentences."


@pytest.mark.parametrize("count", [2, FEW + 1])
def test_undo_of_a_change_reads_back_the_rows_it_touched(big_sheet, store, count):
    ids = big_sheet.corpus.sentences["sentence_id"].tolist()[:count]
    store.set_note(ids[0], "keep")
    big_sheet.apply_tag("diplomacy", ids)
    big_sheet.undo()
    big_sheet.undo()
    table = big_sheet.table()
    assert not table["5 diplomacy"].any() and table.at[ids[0], "note"] == ""


def test_a_bulk_change_above_the_limit_waits_for_confirmation_with_the_count(big_sheet, store):
    send(big_sheet, event="select_all")
    send(big_sheet, event="apply", tag="diplomacy")
    assert store.tags().empty
    assert big_sheet.question == "Add diplomacy to 310 sentences? One undo takes it back."
    send(big_sheet, event="confirm")
    assert len(store.tags()) == CONFIRM_ABOVE + 10
    assert big_sheet.question == ""
    assert big_sheet.status == "diplomacy added to 310 sentences; 0 had it already."


def test_a_cancelled_bulk_change_changes_nothing(big_sheet, store):
    send(big_sheet, event="select_all")
    big_sheet.request(Action.ADD, "diplomacy")
    send(big_sheet, event="cancel")
    send(big_sheet, event="confirm")
    assert store.tags().empty
    assert "No change is waiting for confirmation" in big_sheet.status


def test_a_bulk_change_is_one_undo_step(grid, store):
    grid.apply_tag("uncertainty", ["a1-s0", "a1-s1", "a2-s0"])
    send(grid, event="undo")
    assert store.tags().empty
    assert grid.status == "Undone: add uncertainty on 3 sentences."
    assert not any(cell(grid, sid, "uncertainty") for sid in ["a1-s0", "a1-s1", "a2-s0"])


def test_the_tag_order_stays_until_the_analyst_sorts_again(grid, store):
    grid.filter("1 escalation", "unticked")
    send(grid, event="toggle", row=0, column="1 escalation")
    assert grid.row_count == 5 and cell(grid, "a1-s0", "escalation")  # still in sight, ticked
    grid.filter("1 escalation", "unticked")
    assert grid.row_count == 4


def test_closed_views_stop_listening(corpus, store):
    card, grid = tagger(corpus, store=store), sheet(corpus, store=store)
    card.close()
    grid.close()
    store.add("a1-s0", "escalation")
    assert not cell(grid, "a1-s0", "escalation")
    assert not any(state["on"] for state in card.tag_states)


def test_views_resolve_from_the_package():
    assert (workbench.tagger, workbench.sheet) == (tagger, sheet)


# -- corrections on the card ------------------------------------------------------------------------


def _say(card, event, **message):
    """Send one message as the card's page does (offsets within the sentence on the card)."""
    card.handle({"event": event, **message})
    assert not card.status_error, card.status


def _offset(card, words):
    """Return where ``words`` start and end within the sentence on the card."""
    text = card._sentence()[0]
    return text.index(words), text.index(words) + len(words)


def _marked(card, kind):
    """Return the words of the sentence on the card under a highlight of ``kind`` ("mention", "corrected"...)."""
    sentence = ET.fromstring(f"<root>{card.card_html}</root>").find("div[@class='wb-sentence']")
    return [span.text for span in sentence.iter("span") if f"wb-{kind}" in span.get("class").split()]


def _item(card, label):
    return next(i for i, item in enumerate(card.menu["items"]) if item["label"].startswith(label))


def test_clicking_an_actor_opens_its_menu_and_not_an_actor_drops_the_mention(card, store, corpus):
    _say(card, "pick", offset=1)  # inside "Iran"
    assert card.menu["title"] == "Iran — Iran (country)"
    assert [item["label"] for item in card.menu["items"]] == [
        "not an actor (this mention)",
        "not an actor (every “Iran” in the corpus)",
        "is the same actor as …",
        "type: person",
        "type: organization",
        "type: country",
        "type: group",
        "claim — Iran warned …",  # the claim whose source it is, one step away
    ]
    _say(card, "choose", item=0)
    assert card.menu == {}
    assert _marked(card, "mention") == ["Israel"]
    assert store.corrections()[["kind", "verdict", "start", "end"]].values.tolist() == [["actor", "reject", 0, 4]]
    assert "Iran" not in set(corpus.with_corrections(store).actors["actor"])


def test_not_an_actor_everywhere_keeps_the_words_for_the_whole_corpus(card, store):
    _say(card, "pick", offset=_offset(card, "Israel")[0])
    _say(card, "choose", item=1)
    row = store.corrections().iloc[0]
    assert (bool(row["everywhere"]), row["fields"]) == (True, {"surface": "Israel"})
    assert _marked(card, "mention") == ["Iran"]


def test_words_rejected_everywhere_lose_their_highlight_in_every_sentence(store):
    mentions = [("a1", 0, "Israel", "Israel", "country"), ("a1", 1, "Israel", "Israel", "country")]
    card = tagger(make_corpus({"a1": ["Iran warned Israel.", "Israel replied."]}, mentions), store=store)
    card.next()
    assert _marked(card, "mention") == ["Israel"]
    card.previous()
    _say(card, "pick", offset=_offset(card, "Israel")[0])
    _say(card, "choose", item=1)
    card.next()
    assert _marked(card, "mention") == []
    card.close()


def test_same_actor_as_asks_for_a_name_then_the_card_shows_it_corrected(card, store, corpus):
    _say(card, "pick", offset=_offset(card, "Israel")[0])
    _say(card, "choose", item=2)  # asks for the name first
    assert card.menu["active"] == 2 and card.menu["items"][2]["fields"][0]["actors"]
    assert store.corrections().empty
    _say(card, "choose", item=2, values={"actor": "State of Israel"})
    assert 'title="State of Israel (country); corrected"' in card.card_html
    assert _marked(card, "corrected") == ["Israel"]
    assert corpus.with_corrections(store).actors.set_index("actor").loc["State of Israel", "n_mentions"] == 1


def test_a_type_from_the_menu_retypes_the_mention(card, store):
    _say(card, "pick", offset=0)
    _say(card, "choose", item=_item(card, "type: group"))
    assert store.corrections()["fields"].tolist() == [{"actor_type": "group", "surface": "Iran"}]
    assert 'title="Iran (group); corrected' in card.card_html
    _say(card, "pick", offset=0)
    _say(card, "choose", item=2, values={"actor": "Islamic Republic"})  # the type chosen before stays
    assert 'title="Islamic Republic (group); corrected' in card.card_html


def test_selected_words_widen_to_whole_words_and_are_added_as_an_actor(card, store, corpus):
    card.go_to(2)  # "Both sides agreed to a ceasefire on Sunday."
    start, end = _offset(card, "th sides ")
    _say(card, "select", start=start, end=end)
    assert card.menu["title"] == "“Both sides”"
    _say(card, "choose", item=0, values={"actor": "warring parties", "actor_type": "group"})
    assert _marked(card, "mention") == ["Both sides"]
    fixed = corpus.with_corrections(store)
    assert fixed.mentions.loc[fixed.mentions["surface"] == "Both sides", ["actor", "actor_type"]].values.tolist() == [
        ["warring parties", "group"]
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [({"actor": "", "actor_type": "group"}, "Type a name"), ({"actor": "x", "actor_type": "planet"}, "one of person")],
)
def test_a_menu_value_that_cannot_be_used_says_why_and_stores_nothing(card, store, values, message):
    _say(card, "select", start=0, end=4)
    card.handle({"event": "choose", "item": 0, "values": values})
    assert card.status_error and message in card.status
    assert store.corrections().empty


def test_keys_walk_the_actors_and_choose_in_the_menu_without_tagging(card, store):
    card.press("a")
    assert card.menu["title"].startswith("Iran")
    card.press("a")
    assert card.menu["title"].startswith("Israel")
    card.press("7")  # type: group, not the tag on key 7
    assert store.tags().empty
    assert store.corrections()["fields"].tolist() == [{"actor_type": "group", "surface": "Israel"}]
    card.press("c")
    assert card.menu["title"] == "claim — Iran warned"
    card.press("Escape")
    assert card.menu == {}
    card.press("1")  # with no menu open, the key tags again
    assert not store.tags().empty


def test_the_undo_key_takes_back_a_correction_in_one_step(card, store):
    _say(card, "pick", offset=0)
    _say(card, "choose", item=0)
    card.press("u")
    assert store.corrections().empty
    assert _marked(card, "mention") == ["Iran", "Israel"]
    assert card.status == "Undone: correction on 1 sentence."


def test_a_claims_source_is_set_to_an_actor_of_the_sentence(card, store, corpus):
    _say(card, "pick", offset=_offset(card, "warned")[0])
    assert card.menu["title"] == "claim — Iran warned"
    _say(card, "choose", item=_item(card, "source is the actor"), values={"actor": "Israel"})
    claim = corpus.with_corrections(store).claims.set_index("claim_id").loc["c0"]
    start = corpus.mentions.set_index("actor").loc["Israel", "start"]
    assert (claim["source"], claim["source_actor"], claim["source_start"]) == ("Israel", "Israel", start)
    assert "claim — Israel warned" in [t.label for t in card._targets]


def test_a_claims_source_named_from_outside_the_sentence_has_no_words_in_it(card, store, corpus):
    _say(card, "pick", offset=_offset(card, "warned")[0])
    _say(card, "choose", item=_item(card, "source is the actor"), values={"actor": "Tehran officials"})
    claim = corpus.with_corrections(store).claims.set_index("claim_id").loc["c0"]
    assert (claim["source"], claim["source_actor"]) == ("Tehran officials", "Tehran officials")
    assert pd.isna(claim["source_start"]) and _marked(card, "source") == []


def test_a_claims_source_and_content_are_set_from_selected_words(card, store, corpus):
    cue = _offset(card, "warned")
    _say(card, "pick", offset=cue[0])
    _say(card, "choose", item=_item(card, "source is the words"))
    assert card.menu["title"].startswith("Select the words of the source")
    _say(card, "select", start=_offset(card, "Israel")[0], end=_offset(card, "Israel")[1])
    _say(card, "pick", offset=cue[0])
    _say(card, "choose", item=_item(card, "what was said"))
    _say(card, "select", start=_offset(card, "not to")[0], end=_offset(card, "respond")[1] + 1)  # with the period
    claim = corpus.with_corrections(store).claims.set_index("claim_id").loc["c0"]
    assert (claim["source"], claim["source_actor"], claim["content"]) == ("Israel", "Israel", "not to respond.")
    assert len(store.history()) == 2


def test_not_a_claim_drops_it(card, store, corpus):
    _say(card, "pick", offset=_offset(card, "warned")[0])
    _say(card, "choose", item=_item(card, "not a claim"))
    assert "c0" not in set(corpus.with_corrections(store).claims["claim_id"])
    assert "wb-cue" not in card.card_html


def test_a_missed_claim_is_marked_from_three_selections_as_one_undoable_change(card, store, corpus):
    card.go_to(2)
    for words in ("agreed", "Both sides"):
        _say(card, "select", start=_offset(card, words)[0], end=_offset(card, words)[1])
        if words == "agreed":
            _say(card, "choose", item=_item(card, "a missed claim"))
    assert card.menu["title"].startswith("Select what was said")
    _say(card, "select", start=_offset(card, "to a")[0], end=_offset(card, "Sunday")[1])
    added = corpus.with_corrections(store).claims.set_index("cue").loc["agreed"]
    assert (added["source"], added["content"]) == ("Both sides", "to a ceasefire on Sunday")
    assert bool(added["corrected"])
    assert _marked(card, "cue") == ["agreed"]
    card.undo()
    assert store.corrections().empty


def test_a_missed_claim_without_source_or_content_is_stored_with_its_cue(card, store):
    card.go_to(2)
    _say(card, "select", start=_offset(card, "agreed")[0], end=_offset(card, "agreed")[1])
    _say(card, "choose", item=_item(card, "a missed claim"))
    _say(card, "choose", item=0)  # no source in this sentence
    _say(card, "choose", item=0)  # nothing said here: store it
    assert store.corrections()["fields"].tolist() == [{"cue": "agreed"}]


def test_moving_to_another_sentence_closes_the_menu(card, store):
    _say(card, "pick", offset=0)
    card.next()
    assert card.menu == {}


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ({"event": "pick", "offset": 20}, "Nothing to correct there"),
        ({"event": "choose", "item": 0}, "No menu is open"),
        ({"event": "select", "start": 4, "end": 5}, "Select some words"),
    ],
)
def test_corrections_asked_for_nothing_say_how_to_ask(card, store, message, shown):
    card.handle(message)
    assert card.status_error and shown in card.status
    assert store.corrections().empty


def test_hostile_words_added_as_an_actor_stay_escaped(store):
    card = tagger(make_corpus(ARTICLES, MENTIONS, CLAIMS), store=store)
    card.go_to("a2-s0")
    _say(card, "select", start=0, end=len("<script>alert(1)</script>"))
    _say(card, "choose", item=0, values={"actor": "<b onmouseover=alert(1)>x</b>", "actor_type": "person"})
    assert well_formed(card.card_html)
    assert "<script>" not in card.card_html and "<b onmouseover" not in card.card_html
    assert _marked(card, "mention") == ["<script>alert(1)</script>"]  # read back as text, never as markup
    card.close()


def test_words_are_selected_with_keys_and_added_as_an_actor(card, store, corpus):
    card.go_to(2)  # "Both sides agreed to a ceasefire on Sunday."
    card.press("w")
    card.press("W")  # one more word
    assert _marked(card, "selected") == ["Both sides"]
    card.press("Enter")
    assert card.menu["title"] == "“Both sides”"
    card.press("1")  # add as actor: its fields open
    card.handle({"event": "choose", "item": 0, "values": {"actor": "the parties", "actor_type": "group"}})
    assert "the parties" in set(corpus.with_corrections(store).actors["actor"])
    assert _marked(card, "selected") == []


def test_keyed_words_give_a_claim_its_source(card, store, corpus):
    card.press("c")
    card.press("3")  # source is the words I select next
    for _ in range(3):
        card.press("w")  # Iran, warned, Israel
    card.press("Enter")
    claim = corpus.with_corrections(store).claims.set_index("claim_id").loc["c0"]
    assert (claim["source"], claim["source_actor"]) == ("Israel", "Israel")


def test_enter_without_words_selected_is_no_shortcut(card, store):
    card.press("Enter")
    assert "No shortcut" in card.status and card.menu == {}
