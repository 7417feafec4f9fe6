"""The card view: read one sentence at a time in its context and tag it from the keyboard.

State lives in traitlets, behaviour in the Python methods below (the tests drive them); the front
end (``workbench/static/views.js``) only draws the traits and sends one message per click, key
press or pause in typing a note, which :meth:`Tagger.handle` dispatches to those same methods.
Here are the keys, moving and tagging; what the card draws is in :mod:`workbench.widgets._card_view`,
its filters in :mod:`workbench.widgets._card_filters`, corrections in :mod:`workbench.widgets._correcting`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import traitlets

from workbench import query
from workbench.errors import WidgetError
from workbench.selection import next_uncoded, sentence_rows
from workbench.widgets._card_filters import ASSIGNED, FILTER_TRAITS, CardFilters
from workbench.widgets._card_view import CardSentence
from workbench.widgets._common import CardView, open_store, reports_errors
from workbench.widgets._correcting import (
    ACTOR_KEY,
    CLAIM_KEY,
    CLOSE_KEYS,
    CardCorrections,
    Kind,
)
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._parts import SentenceParts
from workbench.widgets._words import TAKE_KEYS, WORD_KEY

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore


NEXT_KEYS = frozenset({"arrowright", "arrowdown", "j"})
PREVIOUS_KEYS = frozenset({"arrowleft", "arrowup", "k"})
NEXT_UNTAGGED_KEYS = frozenset({"n"})
UNDO_KEYS = frozenset({"u", "ctrl+z", "meta+z"})
HELP_KEYS = frozenset({"?"})


class Tagger(CardFilters, CardSentence, CardCorrections, CardView):
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
        self.observe(self._on_filter, names=[*FILTER_TRAITS.values(), ASSIGNED])
        self._apply_filters()

    # -- what the card shows ---------------------------------------------------------------

    @property
    def sentence_id(self) -> str | None:
        """The id of the sentence on the card, or None when the selection is empty."""
        return str(self._ids[self._selection[self.index]]) if self.count else None

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
