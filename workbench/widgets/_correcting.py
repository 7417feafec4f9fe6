"""Corrections of actors and claims in the card view: the menus and the store calls.

Clicking a highlighted actor, claim source or cue (or the keys ``a`` and ``c``) opens a menu of
what can be corrected there; selecting words in the sentence opens one for the words. Each
choice is one correction in the store (:meth:`~workbench.store.TagStore.correct` or
:meth:`~workbench.store.TagStore.reject`), one change that the card's undo takes back. The card
draws its highlights from the sentence's mentions and claims with the coder's corrections
applied (:func:`workbench.corrections.apply` on the rows of that sentence alone), so a change
shows at once. The page only draws :attr:`CardCorrections.menu` and sends what was clicked, as
offsets within the sentence; every decision is taken here. The menus' records are in
:mod:`workbench.widgets._menu`, the words selected in :mod:`workbench.widgets._words`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from workbench import corrections
from workbench.corrections import Kind, Verdict
from workbench.errors import WidgetError
from workbench.widgets._menu import Awaiting, Field, Item, Menu, Part, Target, targets
from workbench.widgets._words import WordSelection

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore
    from workbench.widgets._events import StoreEvent

ACTOR_TYPES = ("person", "organization", "country", "group")
"""The types the actor menu offers (any other can be set from Python with :meth:`CardCorrections.correct_actor`)."""
ACTOR_KEY = "a"
CLAIM_KEY = "c"
CLOSE_KEYS = frozenset({"escape"})


class _Tables(NamedTuple):
    """The rows of a few sentences, in the shape :func:`workbench.corrections.apply` reads."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame


class CardCorrections(WordSelection):
    """The correcting part of the card view (mixed into :class:`~workbench.widgets.Tagger`).

    Every method takes offsets into the article text, as the ``mentions`` and ``claims`` tables
    give them, and acts on the sentence on the card.
    """

    menu: dict[str, Any]
    """The open menu as the page draws it (a trait of the card; empty when none is open), see :meth:`Menu.as_trait`."""
    corpus: Corpus
    store: TagStore
    actor_options: list[str]
    _index: pd.Index
    _menu: Menu | None = None
    _awaiting: Awaiting | None = None
    _fixes: pd.DataFrame | None = None
    _shown_rows: tuple[pd.DataFrame, pd.DataFrame] | None = None
    _target_cache: tuple[Target, ...] | None = None
    _cursor: dict[Kind, int]

    # hooks the card provides (and those of WordSelection)
    sentence_id: str | None
    _current: Callable[[], str]

    # -- what the card draws ----------------------------------------------------------------------

    def corrected_rows(
        self, sid: str, mentions: pd.DataFrame, claims: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Return the rows of one sentence's mentions and claims with this coder's corrections holding in them.

        Only the corrections of that sentence are applied, and the rejections everywhere of the
        words of its mentions; the rows are found by id, so no whole table is scanned or copied.
        """
        fixes = self._own_corrections()
        if fixes.empty:
            return mentions, claims
        surfaces = set(mentions["surface"].dropna())
        everywhere = (fixes["verdict"] == Verdict.REJECT.value) & fixes["everywhere"]
        here = [bool(e) and f.get("surface") in surfaces for e, f in zip(everywhere, fixes["fields"], strict=True)]
        wanted = fixes[(fixes["sentence_id"] == sid) | pd.Series(here, index=fixes.index, dtype=bool)]
        if wanted.empty:
            return mentions, claims
        positions = self._index.get_indexer(list({sid, *wanted["sentence_id"]}))
        sentences = self.corpus.sentences.iloc[positions[positions >= 0]]
        articles = self.corpus.articles
        articles = articles[articles["article_id"].isin(sentences["article_id"])]
        fixed = corrections.apply(_Tables(articles, sentences, mentions, claims), wanted)
        return fixed.mentions, fixed.claims

    def set_targets(self, mentions: pd.DataFrame, claims: pd.DataFrame) -> None:
        """Keep the mentions and claims of the sentence in sight; what can be corrected is read from them when asked."""
        self._shown_rows, self._target_cache = (mentions, claims), None

    @property
    def _targets(self) -> tuple[Target, ...]:
        """What on the sentence in sight can be corrected: its mentions, and its claims with a cue."""
        if self._target_cache is None:
            self._target_cache = () if self._shown_rows is None else targets(*self._shown_rows)
        return self._target_cache

    def _own_corrections(self) -> pd.DataFrame:
        """Return this coder's corrections (kept until a correction or its undo changes them)."""
        if self._fixes is None:
            self._fixes = self.store.corrections(coder=self.store.coder)
        return self._fixes

    def corrections_changed(self, event: StoreEvent) -> None:
        """Forget the corrections read, and the menu, after a correction or its undo."""
        from workbench.widgets._events import Action

        if Action.CORRECT in (event.action, event.undone):
            self._fixes = None
            self._close()

    # -- menus --------------------------------------------------------------------------------------

    def pick(self, offset: int) -> Menu:
        """Open the menu of what is highlighted at ``offset``: the actor there, else the claim it is part of."""
        found = sorted(
            (t for t in self._targets if t.covers(offset)), key=lambda t: (t.kind is Kind.CLAIM, t.end - t.start)
        )
        if not found:
            raise WidgetError("Nothing to correct there: click a highlighted actor, or a claim's source or cue.")
        return self._open(self._menu_for(found[0], also=found[1:]))

    def next_target(self, kind: Kind) -> Menu:
        """Open the menu of the next actor (or claim) of the sentence, in order, wrapping round."""
        of_kind = [t for t in self._targets if t.kind is kind]
        if not of_kind:
            raise WidgetError(f"This sentence has no {kind.value} to correct; select words to add one.")
        self._cursor[kind] = (self._cursor.get(kind, -1) + 1) % len(of_kind)
        return self._open(self._menu_for(of_kind[self._cursor[kind]]))

    def select_words(self, start: int, end: int) -> Menu | None:
        """Take words selected in the sentence: the part a claim menu waits for, else open the menu of the words.

        The selection is widened to whole words and trimmed of spaces, quotes and commas.
        """
        span = self.words(start, end)
        if self._awaiting is not None:
            awaiting, self._awaiting = self._awaiting, None
            awaiting.then(span)
            return self._menu
        text = self._text_of(span)
        menu = Menu(
            f"“{text}”",
            (
                Item(
                    "add as actor",
                    lambda actor, actor_type: self.add_actor(*span, actor=actor, actor_type=actor_type),
                    (Field("actor", "name", text, actors=True), Field("actor_type", "type", "person", ACTOR_TYPES)),
                ),
                Item("a missed claim: these words are its cue", lambda: self._new_claim(span)),
            ),
        )
        return self._open(menu)

    def choose(self, item: int, **values: str) -> None:
        """Run item number ``item`` (from 0) of the open menu; an item that asks for values first opens its fields."""
        menu = self._menu
        if menu is None:
            raise WidgetError("No menu is open: click a highlighted actor or claim, or select words first.")
        if not 0 <= item < len(menu.items):
            raise WidgetError(f"The menu has items 1 to {len(menu.items)}.")
        chosen = menu.items[item]
        if chosen.fields and not values:
            self._open(dataclasses.replace(menu, active=item))
            return
        expected = {field.name for field in chosen.fields}
        if set(values) != expected:
            raise WidgetError(
                f"{chosen.label!r} takes {', '.join(sorted(expected)) or 'no value'}, got {sorted(values)}."
            )
        for field in chosen.fields:
            value = str(values[field.name]).strip()
            if not value:
                raise WidgetError(f"Type a {field.label} for {chosen.label!r}.")
            if field.choices and value not in field.choices:
                raise WidgetError(f"The {field.label} is one of {', '.join(field.choices)}.")
            values[field.name] = value
        self._close()
        chosen.run(**values)

    def close_menu(self) -> None:
        """Close the menu and forget any selection of words it waited for."""
        self._close()
        self.show_status("")

    def _open(self, menu: Menu) -> Menu:
        self._menu = menu
        self.menu = menu.as_trait()
        return menu

    def _close(self) -> None:
        self._menu, self._awaiting, self._keyed = None, None, None
        self.menu = {}

    def _await(self, part: Part, then: Callable[[tuple[int, int] | None], None], title: str, *, skip: str = "") -> None:
        """Wait for the words of ``part``; ``skip`` labels the item that goes on without them."""
        items = (Item(skip, lambda: then(None)),) if skip else ()
        self._open(Menu(title, items))
        self._awaiting = Awaiting(part, then, bool(skip))

    def _menu_for(self, target: Target, also: list[Target] | tuple[Target, ...] = ()) -> Menu:
        span = (target.start, target.end)
        if target.kind is Kind.ACTOR:
            surface = self._text_of(span)
            items = [
                Item("not an actor (this mention)", lambda: self.reject_actor(*span)),
                Item(
                    f"not an actor (every “{surface}” in the corpus)", lambda: self.reject_actor(*span, everywhere=True)
                ),
                Item(
                    "is the same actor as …",
                    lambda actor: self.correct_actor(*span, actor=actor),
                    (Field("actor", "name", actors=True),),
                ),
                *(
                    Item(f"type: {kind}", lambda kind=kind: self.correct_actor(*span, actor_type=kind))
                    for kind in ACTOR_TYPES
                ),
            ]
        else:
            items = [
                Item("not a claim", lambda: self.reject_claim(*span)),
                Item(
                    "source is the actor …",
                    lambda actor: self.set_claim_source(*span, actor=actor),
                    (Field("actor", "name", actors=True),),
                ),
                Item(
                    "source is the words I select next",
                    lambda: self._await(
                        Part.SOURCE,
                        lambda words: self.set_claim_source(*span, words=words),
                        "Select the words of the source in the sentence (Esc cancels).",
                    ),
                ),
                Item(
                    "what was said is the words I select next",
                    lambda: self._await(
                        Part.CONTENT,
                        lambda words: self.set_claim_content(*span, *words),
                        "Select what was said in the sentence (Esc cancels).",
                    ),
                ),
            ]
        items += [Item(f"{other.label} …", lambda other=other: self._open(self._menu_for(other))) for other in also]
        return Menu(target.label, tuple(items))

    def _new_claim(self, cue: tuple[int, int]) -> None:
        """Mark a missed claim from its cue: then wait for its source, then for what was said, then store it once."""

        def with_source(source: tuple[int, int] | None) -> None:
            self._await(
                Part.CONTENT,
                lambda content: self.add_claim(*cue, source=source, content=content),
                "Select what was said (Esc cancels).",
                skip="nothing said in this sentence: store the claim",
            )

        self._await(
            Part.SOURCE, with_source, "Select the source of the claim (Esc cancels).", skip="no source in this sentence"
        )

    # -- corrections (offsets into the article text) --------------------------------------------------

    def reject_actor(self, start: int, end: int, *, everywhere: bool = False) -> None:
        """Record that the mention at ``start:end`` is not an actor; ``everywhere``: no mention with its words is."""
        surface = self._text_of((start, end))
        self.store.reject(Kind.ACTOR, self._current(), start, end, everywhere=everywhere, surface=surface)
        self.show_status(f"“{surface}”: not an actor{' anywhere in the corpus' if everywhere else ''}.")

    def correct_actor(self, start: int, end: int, *, actor: str | None = None, actor_type: str | None = None) -> None:
        """Record that the mention at ``start:end`` is the actor ``actor`` and/or of type ``actor_type``.

        A span with no mention (a missed actor) is added with these values.
        """
        fields = {name: value for name, value in (("actor", actor), ("actor_type", actor_type)) if value}
        if not fields:
            raise WidgetError("Give the actor's name (actor=...) or its type (actor_type=...).")
        surface = self._text_of((start, end))
        self._correct(Kind.ACTOR, start, end, surface=surface, **fields)
        self.show_status(
            f"“{surface}”: " + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in fields.items()) + "."
        )

    def add_actor(self, start: int, end: int, *, actor: str = "", actor_type: str = "person") -> None:
        """Add the words at ``start:end`` (widened to whole words) as a mention of ``actor`` (default: the words)."""
        first, last = self.words(start, end)
        self.correct_actor(first, last, actor=actor or self._text_of((first, last)), actor_type=actor_type)

    def reject_claim(self, cue_start: int, cue_end: int) -> None:
        """Record that the claim whose cue is at ``cue_start:cue_end`` is not a claim."""
        self.store.reject(Kind.CLAIM, self._current(), cue_start, cue_end)
        self.show_status(f"“{self._text_of((cue_start, cue_end))}”: not a claim.")

    def set_claim_source(
        self, cue_start: int, cue_end: int, *, actor: str | None = None, words: tuple[int, int] | None = None
    ) -> None:
        """Record the source of the claim whose cue is at ``cue_start:cue_end``: the actor ``actor``, or the ``words``.

        An actor mentioned in the sentence takes its mention as the source's words; words that
        are an actor's mention take that actor, other words none.
        """
        if (actor is None) == (words is None):
            raise WidgetError(
                "Give the source as an actor (actor=...) or as words of the sentence (words=(start, end))."
            )
        fields = self._source_fields(actor, words)
        self._correct(Kind.CLAIM, cue_start, cue_end, **fields)
        self.show_status(f"Source: {fields.get('source_actor') or fields['source']}.")

    def set_claim_content(self, cue_start: int, cue_end: int, start: int, end: int) -> None:
        """Record that what the claim with its cue at ``cue_start:cue_end`` says is the words at ``start:end``."""
        first, last = self.words(start, end)
        self._correct(
            Kind.CLAIM,
            cue_start,
            cue_end,
            content=self._text_of((first, last)),
            content_start=first,
            content_end=last,
        )
        self.show_status(f"What was said: “{self._text_of((first, last))}”.")

    def add_claim(
        self,
        cue_start: int,
        cue_end: int,
        *,
        source: tuple[int, int] | None = None,
        content: tuple[int, int] | None = None,
    ) -> None:
        """Add a claim the extractor missed: its cue at ``cue_start:cue_end``, its source and content spans if any."""
        cue = self.words(cue_start, cue_end)
        fields: dict[str, Any] = {"cue": self._text_of(cue)}
        if source is not None:
            fields |= self._source_fields(None, source)
        if content is not None:
            first, last = self.words(*content)
            fields |= {"content": self._text_of((first, last)), "content_start": first, "content_end": last}
        self._correct(Kind.CLAIM, *cue, **fields)
        self.show_status(f"Claim added: {fields.get('source', 'no source')} {fields['cue']}.")

    def _correct(self, kind: Kind, start: int, end: int, **fields: Any) -> None:
        """Store a correction that keeps what this coder corrected before on the same span, with ``fields`` over it.

        The store keeps one correction per span and coder, so a source set after a type, or a
        content after a source, would otherwise replace the earlier fix.
        """
        sid = self._current()
        fixes = self._own_corrections()
        same = fixes[(fixes["kind"] == kind.value) & (fixes["sentence_id"] == sid) & (fixes["start"] == start)
                     & (fixes["end"] == end) & (fixes["verdict"] == Verdict.CORRECT.value)]  # fmt: skip
        before = same["fields"].iloc[0] if len(same) else {}
        self.store.correct(kind, sid, start, end, **{**before, **fields})

    def _source_fields(self, actor: str | None, words: tuple[int, int] | None) -> dict[str, Any]:
        mentions = [t for t in self._targets if t.kind is Kind.ACTOR]
        if words is not None:
            first, last = self.words(*words)
            named = next((t.actor for t in mentions if (t.start, t.end) == (first, last)), None)
            return {
                "source": self._text_of((first, last)),
                "source_start": first,
                "source_end": last,
                "source_actor": named,
            }
        mention = next((t for t in mentions if t.actor == actor), None)
        if mention is None:
            return {"source": actor, "source_actor": actor, "source_start": None, "source_end": None}
        return {
            "source": self._text_of((mention.start, mention.end)),
            "source_start": mention.start,
            "source_end": mention.end,
            "source_actor": actor,
        }
