"""The card view: read one sentence at a time in its context and tag it from the keyboard.

State lives in traitlets, behaviour in the Python methods below (the tests drive them); the front
end (``workbench/static/views.js``) only draws the traits and sends one message per click, key
press or pause in typing a note, which :meth:`Tagger.handle` dispatches to those same methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import traitlets

from workbench import query
from workbench.errors import QueryError, WidgetError
from workbench.selection import (
    Filters,
    check_choice,
    next_uncoded,
    select,
    sentence_rows,
)
from workbench.widgets import _html
from workbench.widgets._common import CardView, open_store, reports_errors
from workbench.widgets._correcting import (
    ACTOR_KEY,
    CLAIM_KEY,
    CLOSE_KEYS,
    TAKE_KEYS,
    WORD_KEY,
    CardCorrections,
    Kind,
)
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._parts import SentenceParts

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore


NEXT_KEYS = frozenset({"arrowright", "arrowdown", "j"})
PREVIOUS_KEYS = frozenset({"arrowleft", "arrowup", "k"})
NEXT_UNTAGGED_KEYS = frozenset({"n"})
UNDO_KEYS = frozenset({"u", "ctrl+z", "meta+z"})
HELP_KEYS = frozenset({"?"})

ASSIGNED = "assigned_only"
"""The filter (and trait) that keeps the sentences assigned to the store's coder."""

_FILTER_TRAITS = {
    "article": "filter_article",
    "actor": "filter_actor",
    "tag": "filter_tag",
    "claims_only": "claims_only",
    "untagged_only": "untagged_only",
    "hedged_only": "hedged_only",
    "search": "search",
}


class Tagger(CardCorrections, CardView):
    """Card view over a corpus: a sentence with its neighbours, highlights, tag buttons and a note.

    Keys: the codebook's keys toggle tags (they win over the navigation keys); arrows or j/k move;
    n goes to the next sentence not yet coded; u or Ctrl+Z undoes the coder's last change; ? lists
    the keys; a and c open the correction menu of the sentence's next actor or claim, whose items
    the digits then choose (Esc closes it); w selects the next word (Shift+W one more) and Enter
    opens the menu of the words. Clicking a highlight or selecting words opens one too
    (:class:`~workbench.widgets._correcting.CardCorrections`). Moving
    on with next or next-untagged marks the sentence done in the store (coded, even with no tag).
    Filters select which sentences the card walks through; the selection is fixed until a filter
    changes, so coding a sentence never makes the card jump.
    """

    view = traitlets.Unicode("card").tag(sync=True)
    tag_states = traitlets.List(traitlets.Dict()).tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    article_options = traitlets.List(traitlets.List()).tag(sync=True)
    actor_options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    filter_article = traitlets.Unicode("").tag(sync=True)
    filter_actor = traitlets.Unicode("").tag(sync=True)
    filter_tag = traitlets.Unicode("").tag(sync=True)
    claims_only = traitlets.Bool(False).tag(sync=True)
    untagged_only = traitlets.Bool(False).tag(sync=True)
    hedged_only = traitlets.Bool(False).tag(sync=True)
    search = traitlets.Unicode("").tag(sync=True)
    """A query (:mod:`workbench.query`): all the words, in any order (whole words, any case); "an exact phrase";
    * for any letters (sanction*); OR between alternatives; -word or -"a phrase" to leave out; (brackets) to group."""
    search_error = traitlets.Unicode("").tag(sync=True)
    """Why the search cannot be read ("" when it can); the page shows it under the box, and no sentence matches."""
    search_help = traitlets.Unicode(f"Sentences with {query.SUMMARY}").tag(sync=True)
    """The search box's tooltip."""
    assigned_only = traitlets.Bool(False).tag(sync=True)
    has_assignment = traitlets.Bool(False).tag(sync=True)
    """True when the store assigns sentences of this corpus to the coder: the front end then offers "My assignment"."""
    menu = traitlets.Dict({}).tag(sync=True)
    """The open correction menu as the page draws it (empty when none is open)."""

    def __init__(self, corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> None:
        store, self.codebook = open_store(codebook, store)
        super().__init__(store)
        self.corpus = corpus
        self._rows = sentence_rows(corpus, context=False)
        self._ids = self._rows["sentence_id"].to_numpy(dtype=object)
        self._index = pd.Index(self._ids)
        self._starts = corpus.sentences["start"].to_numpy()
        self._parts = SentenceParts(corpus)
        self._coded: set[str] | None = None
        self._learned: dict[str, set[str]] = {}
        self._done: set[str] = set()
        self._selection = np.arange(len(self._rows))
        self._selected: set[str] = set()
        self._applying = False
        self._cursor: dict[Kind, int] = {}
        self._shown: str | None = None
        articles = self._rows.drop_duplicates("article_id")
        self.article_options = [
            [str(a), str(t)] for a, t in zip(articles["article_id"], articles["article"], strict=True)
        ]
        self.actor_options = sorted(str(a) for a in corpus.mentions["actor"].dropna().unique())
        self._assigned: frozenset[str] = frozenset()
        self.observe(self._on_filter, names=[*_FILTER_TRAITS.values(), ASSIGNED])
        self._apply_filters()

    # -- what the card shows ---------------------------------------------------------------

    @property
    def sentence_id(self) -> str | None:
        """The id of the sentence on the card, or None when the selection is empty."""
        return str(self._ids[self._selection[self.index]]) if self.count else None

    @property
    def filters(self) -> Filters:
        """The filters in force."""
        return Filters(**{name: getattr(self, trait) for name, trait in _FILTER_TRAITS.items()})

    def coded_ids(self) -> set[str]:
        """Return the ids of sentences this coder has coded: tagged, noted or marked done."""
        if self._coded is None:
            coder = self.store.coder
            notes = self.store.notes(coder=coder)["sentence_id"]
            self._done = self.store.done_ids(coder)
            self._coded = self.store.tagged_ids(coder) | self._done | set(notes.astype(str))
        return self._coded

    def _recount(self, event: StoreEvent) -> None:
        """Keep the set of coded sentences in step with one store change, asking the store as little as possible."""
        ids = event.sentence_ids
        if self._coded is None or Action.CORRECT in (event.action, event.undone):
            return  # a correction codes no sentence
        if event.marks_coded:
            self._coded.update(ids)
            self._done.update(ids if event.action is Action.DONE else ())
        elif event.action in (Action.REMOVE, Action.NOTE) and len(ids) <= 50:
            still = {sid for sid in ids if sid in self._done or self.store.tags_of(sid) or self.store.note_of(sid)}
            self._coded.difference_update(set(ids) - still)
        else:
            self._coded = None  # an undo or a large removal: recount from the store when next shown

    def _render(self) -> None:
        """Refresh every trait that depends on the sentence on the card or on the store."""
        self._render_progress()
        sid = self.sentence_id
        if sid is None:
            self.show_empty("The search cannot be read." if self.search_error else "No sentence matches these filters.")
            self.tag_states, self.note = [], ""
            return
        if sid != self._shown:
            self._shown, self._cursor = sid, {}
            self.close_menu()
        row = int(self._selection[self.index])
        text = str(self._rows.at[row, "text"])
        spans, claim_lines = self._highlights(sid, row, text)
        self.card_html = _html.card(
            heading=f"{self._rows.at[row, 'article']} · sentence {int(self._rows.at[row, 'position']) + 1}",
            previous=self._neighbour(row, -1),
            current_html=_html.highlight(text, spans),
            following=self._neighbour(row, +1),
            claims=claim_lines,
        )
        on = self.store.tags_of(sid)
        suggested = set(self.codebook.suggest(text)) | self._learned.get(sid, set())
        self.tag_states = [
            {
                "name": tag.name,
                "color": tag.color,
                "text_color": _html.text_color_on(tag.color),
                "key": tag.key or "",
                "description": tag.description,
                "on": tag.name in on,
                "suggested": tag.name in suggested and tag.name not in on,
            }
            for tag in (self.codebook.tag(name) for name in self.codebook.tags)
        ]
        self.note = self.store.note_of(sid)

    def _assigned_ids(self) -> frozenset[str]:
        """Return the sentences of the corpus assigned to this coder in the store (none without an assignment)."""
        mine = self.store.assignments(coder=self.store.coder)["sentence_id"]
        return frozenset(sid for sid in mine.astype(str) if sid in self._index)

    def _render_progress(self) -> None:
        coded = self.coded_ids()
        total = len(self._selection)
        done = len(self._selected & coded)
        text = f"{done:,} of {total:,} coded"
        if total != len(self._rows):
            text += f" (filtered from {len(self._rows):,} sentences)"
        if self._assigned and not self.assigned_only:
            text += f" · my assignment: {len(self._assigned & coded):,} of {len(self._assigned):,} coded"
        elif self.assigned_only:
            text += " in my assignment"
        self.progress = text

    def _neighbour(self, row: int, step: int) -> str | None:
        """Return the text of the sentence ``step`` away in the same article, or None at its edge."""
        other = row + step
        if not 0 <= other < len(self._rows) or self._rows.at[other, "article_id"] != self._rows.at[row, "article_id"]:
            return None
        return str(self._rows.at[other, "text"])

    def _highlights(self, sid: str, row: int, text: str) -> tuple[list[_html.Span], list[str]]:
        """Return the spans (mentions, claim sources, cues and contents) and the claim lines of one sentence.

        A claim's source and cue are marked in its own sentence; its content in every sentence its
        quote covers, each mark clipped to the sentence by :func:`_html.highlight`.
        """
        start = int(self._starts[row])
        claims = self.corpus.claims
        mentions, claims = self.corrected_rows(
            sid,
            self.corpus.mentions.iloc[self._parts.mentions(sid)],
            claims.iloc[np.union1d(self._parts.claims(sid), self._parts.quotes(sid))],
        )
        here = claims[claims["sentence_id"] == sid]
        self.set_targets(mentions, here)
        spans = [
            _html.Span(int(m.start) - start, int(m.end) - start, "mention", f"{m.actor} ({m.actor_type})")
            for m in mentions.itertuples()
        ]
        spans += _corrected_spans(mentions, start, ("start", "end"))
        spans += [_html.Span(*words, "selected", "selected with keys") for words in self.keyed_span(start)]
        lines = []
        for claim in here.itertuples():
            for part, kind in ((claim.source, "source"), (claim.cue, "cue")):
                span = _claim_span(text, start, part, getattr(claim, f"{kind}_start"), getattr(claim, f"{kind}_end"))
                if span is not None:
                    spans.append(_html.Span(*span, kind, f"claim {kind}"))
            hedged = " · hedged" if claim.hedged else ""
            fixed = " · corrected" if getattr(claim, "corrected", False) else ""
            lines.append(f"Claim — source: {_text(claim.source)} · cue: {_text(claim.cue)}{hedged}{fixed}")
        spans += _corrected_spans(here, start, ("cue_start", "cue_end"))
        for claim in claims.itertuples():
            span = _claim_span(text, start, claim.content, claim.content_start, claim.content_end)
            if span is not None:
                spans.append(_html.Span(*span, "content", f"said by {_text(claim.source)}"))
        return spans, lines

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Show learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) beside keyword ones.

        They stay suggestions: a tag is stored only when the coder confirms it.
        """
        self._learned = {str(sid): set(tags) for sid, tags in suggestions.groupby("sentence_id")["tag"]}
        self._render()

    # -- what the coder does -----------------------------------------------------------------

    def _sentence(self) -> tuple[str, int]:
        """Return the text of the sentence on the card and its offset in the article text."""
        self._current()
        row = int(self._selection[self.index])
        return str(self._rows.at[row, "text"]), int(self._starts[row])

    def _current(self) -> str:
        sid = self.sentence_id
        if sid is None:
            raise WidgetError("No sentence matches these filters: clear a filter with set_filter(...) first.")
        return sid

    def toggle(self, tag: str) -> bool:
        """Toggle ``tag`` on the sentence on the card; return True when the tag is now on."""
        now_on = self.store.toggle(self._current(), self.codebook.check(tag))
        self.show_status(f"{tag} {'on' if now_on else 'off'}.")
        return now_on

    def set_note(self, text: str) -> None:
        """Store ``text`` as the coder's note on the sentence on the card (empty text clears it).

        The front end sends the note box after each pause in typing, so a note is saved as it is
        typed, not when the box loses focus.
        """
        sid = self._current()
        if text != self.store.note_of(sid):
            self.store.set_note(sid, text)
            self.show_status("Note saved.")
        self.note = text

    def next(self) -> None:
        """Mark the sentence done and move to the next one in the selection."""
        self._move_to(self.index + 1, mark_done=True)

    def previous(self) -> None:
        """Move to the previous sentence in the selection."""
        self._move_to(self.index - 1, mark_done=False)

    def next_untagged(self) -> None:
        """Mark the sentence done and move to the next one not yet coded, wrapping round."""
        self._mark_done()
        found = next_uncoded(self._ids[self._selection], self.index, self.coded_ids()) if self.count else None
        if found is None:
            self.show_status("Every sentence in this selection is coded.")
            return
        self.index = found
        self._render()
        self.show_status("")

    def go_to(self, target: int | str) -> None:
        """Show number ``target`` of the selection (1-based, as the card shows), or the sentence with that id."""
        if isinstance(target, str) and not target.strip().lstrip("-").isdigit():
            found = np.flatnonzero(self._ids[self._selection] == target)
            if not len(found):
                raise WidgetError(f"Sentence {target!r} is not in this selection: clear the filters or check the id.")
            self.index = int(found[0])
        else:
            number = int(target)
            if not 1 <= number <= self.count:
                raise WidgetError(f"There is no sentence {number} here: pick a number from 1 to {self.count:,}.")
            self.index = number - 1
        self._render()
        self.show_status("")

    def undo(self) -> StoreEvent | None:
        """Undo the coder's last change in the store and show the sentence it touched."""
        raw = self.store.undo()
        if raw is None:
            self.show_status("Nothing to undo.")
            return None
        change = StoreEvent.read(raw)
        ids = change.sentence_ids
        if ids and ids[0] in self._index:
            found = np.flatnonzero(self._ids[self._selection] == ids[0])
            if len(found):
                self.index = int(found[0])
                self._render()
        what = f"{change.undone or 'change'} {change.tag or ''}".rstrip()
        if change.undone is Action.CORRECT:
            what = "correction"
        self.show_status(f"Undone: {what} on {len(ids):,} sentence{'' if len(ids) == 1 else 's'}.")
        return change

    def press(self, key: str) -> None:
        """Do what key ``key`` means (as the browser names it, "Ctrl+z" for a chord); see the class docstring."""
        tag = self.codebook.tag_for_key(key)
        normal = key.lower()
        if self._menu is not None and (normal in CLOSE_KEYS or normal.isdigit()):
            self.close_menu() if normal in CLOSE_KEYS else self.choose(int(normal) - 1)
        elif normal in CLOSE_KEYS and self._awaiting is not None:
            self.close_menu()
        elif tag is not None:
            self.toggle(tag)
        elif normal in NEXT_KEYS:
            self.next()
        elif normal in PREVIOUS_KEYS:
            self.previous()
        elif normal in NEXT_UNTAGGED_KEYS:
            self.next_untagged()
        elif normal in UNDO_KEYS:
            self.undo()
        elif normal in (ACTOR_KEY, CLAIM_KEY):
            self.next_target(Kind.ACTOR if normal == ACTOR_KEY else Kind.CLAIM)
        elif normal == WORD_KEY:
            self.select_next_word(extend=key == WORD_KEY.upper())
        elif normal in TAKE_KEYS and self._keyed is not None:
            self.take_selected()
        elif normal in HELP_KEYS:
            self.show_status(f"Keys: {self.key_help()}.")
        else:
            self.show_status(f"No shortcut on {key!r}. Keys: {self.key_help()}.")

    def key_help(self) -> str:
        """Return the list of keys the card answers to, as the status line shows it."""
        tags = ", ".join(f"{t.key} {t.name}" for t in map(self.codebook.tag, self.codebook.tags) if t.key)
        return (
            f"{tags}; →/j next, ←/k previous, n next uncoded, u undo, {ACTOR_KEY} correct an actor, "
            f"{CLAIM_KEY} correct a claim (then 1-9 choose, Esc closes), {WORD_KEY} select the next word "
            f"(Shift+{WORD_KEY.upper()} one more, Enter its menu), ? these keys"
        )

    def set_filter(self, **filters: Any) -> None:
        """Set filters (names as in :class:`Filters`; empty or False clears one) and show the first match.

        ``search`` takes a query (:mod:`workbench.query`): all the words, in any order (whole words,
        any case); "an exact phrase"; * for any letters (sanction*); OR between alternatives;
        -word or -"a phrase" to leave out; (brackets) to group. ``assigned_only=True`` keeps the
        sentences assigned to this coder (``workbench.assign``).

        Raises
        ------
        QueryError
            When the search cannot be read. The search is kept as typed and no sentence matches
            it, and :attr:`search_error` holds the message the page shows under the box, so the
            card never walks through the sentences of an earlier search.
        """
        unknown = sorted(set(filters) - {*_FILTER_TRAITS, ASSIGNED})
        if unknown:
            raise WidgetError(f"Unknown filter(s) {unknown}: the filters are {', '.join([*_FILTER_TRAITS, ASSIGNED])}.")
        check_choice("article", filters.get("article", ""), {a for a, _ in self.article_options})
        check_choice("actor", filters.get("actor", ""), set(self.actor_options))
        check_choice("tag", filters.get("tag", ""), set(self.codebook.tags))
        self._applying = True
        try:
            for name, value in filters.items():
                setattr(self, _FILTER_TRAITS.get(name, name), value)
        finally:
            self._applying = False
        self._apply_filters()

    def _apply_filters(self) -> None:
        current = self.sentence_id
        filters = self.filters
        tag_ids: set[str] = set()
        if filters.tag:
            tags = self.store.tags(coder=self.store.coder)
            tag_ids = set(tags.loc[tags["tag"] == filters.tag, "sentence_id"].astype(str))
        self._assigned = self._assigned_ids()
        self.has_assignment = bool(self._assigned)
        if self.assigned_only and not self._assigned:
            applying, self._applying = self._applying, True
            try:
                self.assigned_only = False
            finally:
                self._applying = applying
            raise WidgetError(
                f"Nothing in this corpus is assigned to {self.store.coder!r} in this store: assign it with "
                "workbench.assign(corpus, coders=[...], store=store), or check the coder's name."
            )
        try:
            selection = select(
                self._rows, filters, mentions=self.corpus.mentions, tag_ids=tag_ids, coded_ids=self.coded_ids()
            )
            self.search_error = ""
        except QueryError as error:
            self.search_error = str(error)
            selection = np.array([], dtype=np.int64)
        if self.assigned_only:
            selection = selection[np.isin(self._ids[selection], list(self._assigned))]
        self._selection = selection
        self._selected = set(self._ids[self._selection])
        self.count = len(self._selection)
        found = np.flatnonzero(self._ids[self._selection] == current) if current is not None else []
        self.index = int(found[0]) if len(found) else 0
        self._render()
        if self.search_error:
            raise QueryError(f"Search: {self.search_error} No sentence is shown until the search is mended.")
        self.show_status(f"{self.count:,} sentence(s) match." if self.count else "No sentence matches these filters.")

    def _move_to(self, index: int, *, mark_done: bool) -> None:
        if not 0 <= index < self.count:
            self.show_status("This is the last sentence of the selection." if index > 0 else "This is the first one.")
            return
        if mark_done:
            self._mark_done()
        self.index = index
        self._render()
        self.show_status("")

    def _mark_done(self) -> None:
        sid = self.sentence_id
        if sid is not None and sid not in self.coded_ids():
            self.store.mark_done(sid)

    # -- wiring to the front end and the store ----------------------------------------------------

    @reports_errors
    def handle(self, message: dict[str, Any]) -> None:
        """Do what one front-end message asks: ``{"event": "press", "key": ...}``, "toggle", "note", "go_to"..."""
        event = message.get("event")
        if event == "press":
            self.press(str(message["key"]))
        elif event == "note":
            self.set_note(str(message["text"]))
        elif event == "toggle":
            self.toggle(str(message["tag"]))
        elif event == "go_to":
            self.go_to(message["target"])
        elif event in ("next", "previous", "next_untagged", "undo", "close_menu"):
            getattr(self, event)()
        elif event == "pick":
            self.pick(self._sentence()[1] + int(message["offset"]))
        elif event == "select":
            base = self._sentence()[1]
            self.select_words(base + int(message["start"]), base + int(message["end"]))
        elif event == "choose":
            self.choose(int(message["item"]), **{str(k): str(v) for k, v in (message.get("values") or {}).items()})
        else:
            raise WidgetError(f"Unknown message {message!r} from the card view's front end.")

    @reports_errors
    def _on_filter(self, _change: dict[str, Any]) -> None:
        if not self._applying:
            self._apply_filters()

    def store_changed(self, event: StoreEvent) -> None:
        """Redraw the card when the change touched its sentence, else only the progress line."""
        if event.coder not in (None, self.store.coder):
            return
        if event.changes_codebook:
            self.codebook = self.store.codebook
        self._recount(event)
        self.corrections_changed(event)
        sid = self.sentence_id
        if sid is None or not event.sentence_ids or sid in event.sentence_ids:
            self._render()
        else:
            self._render_progress()


def _text(value: Any) -> str:
    """Return ``value`` as text, missing values (None, NA, NaN) as the empty string."""
    return "" if value is None or pd.isna(value) else str(value)


def _corrected_spans(rows: pd.DataFrame, start: int, span: tuple[str, str]) -> list[_html.Span]:
    """Return a "corrected" mark over each row a correction changed or added (``span`` names its offset columns)."""
    if "corrected" not in rows or not rows["corrected"].any():
        return []
    fixed = rows[rows["corrected"].fillna(False).astype(bool)]
    return [
        _html.Span(int(first) - start, int(last) - start, "corrected", "corrected")
        for first, last in zip(fixed[span[0]], fixed[span[1]], strict=True)
        if not (pd.isna(first) or pd.isna(last))
    ]


def _claim_span(text: str, start: int, part: Any, first: Any, last: Any) -> tuple[int, int] | None:
    """Return a claim part's offsets within the sentence: stored offsets, else its first occurrence."""
    if _text(first) and _text(last):
        return int(first) - start, int(last) - start
    found = text.find(_text(part)) if _text(part) else -1
    return (found, found + len(_text(part))) if found >= 0 else None
