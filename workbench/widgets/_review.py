"""The review view: walk through the sentences where coders disagree and settle each disputed tag.

Settled tags are written under a reviewer coder (``"consensus"`` by default) through the store's
normal changes, so the history keeps who settled what and when, and agreement figures leave the
consensus coder out. On the first settlement in a sentence, the tags every coder of it agreed on
are copied to the reviewer too, so the reviewer's tags are the sentence's full, final coding; once
every disputed tag of a sentence is settled, the sentence is marked done for the reviewer.

State lives in traitlets, behaviour in the methods below (the tests drive them); the front end
(``workbench/static/views.js``) only draws and sends one message per click.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd
import traitlets

from workbench import reliability
from workbench.errors import WidgetError
from workbench.widgets import _html
from workbench.widgets._common import CardView, reports_errors
from workbench.widgets._events import StoreEvent

if TYPE_CHECKING:
    from workbench.corpus import Corpus
    from workbench.store import TagStore

DECISIONS = {True: "accepted", False: "rejected"}


class Review(CardView):
    """Review of disagreements: a sentence, who gave or withheld each disputed tag, and buttons to settle it.

    The sentences are those where the coders (every coder but the reviewer) disagree on at
    least one tag, in corpus order, fixed when the view opens. A decision taken in this session
    shows at once; after a restart, kept tags show as accepted, and the disputed tags of
    sentences the reviewer finished (marked done) as rejected when the reviewer does not have them.
    """

    view = traitlets.Unicode("review").tag(sync=True)
    rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    coders_here = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, corpus: Corpus, store: TagStore, reviewer: str = reliability.CONSENSUS) -> None:
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise WidgetError(f"The reviewer must be a coder name such as 'consensus', got {reviewer!r}.")
        super().__init__(store)
        self.corpus, self.reviewer = corpus, reviewer.strip()
        coders = [coder for coder in store.coders() if coder != self.reviewer]
        self.disputes = reliability.disagreements(store, corpus, coders=coders)
        self._sentences = list(dict.fromkeys(self.disputes["sentence_id"].tolist()))
        self._titles = corpus.articles.set_index("article_id")["title"]
        self.count = len(self._sentences)
        self._decisions = self._saved_decisions()
        self._render()

    # -- state ---------------------------------------------------------------------------------

    def _saved_decisions(self) -> dict[tuple[str, str], bool]:
        """Return the decisions the store already holds: reviewer's tags kept, finished sentences' others rejected."""
        mine = self.store.tags(coder=self.reviewer)
        kept = set(zip(mine["sentence_id"].astype(str), mine["tag"].astype(str), strict=True))
        finished = self.store.done_ids(self.reviewer)
        decisions = {}
        for sid, tag in zip(self.disputes["sentence_id"].astype(str), self.disputes["tag"].astype(str), strict=True):
            if (sid, tag) in kept or sid in finished:
                decisions[(sid, tag)] = (sid, tag) in kept
        return decisions

    @property
    def sentence_id(self) -> str | None:
        """The id of the sentence under review, or None when there is no disagreement."""
        return self._sentences[self.index] if self.count else None

    def _current(self) -> str:
        sid = self.sentence_id
        if sid is None:
            raise WidgetError("There is no disagreement to review: every coder coded these sentences alike.")
        return sid

    def _disputed(self, sid: str) -> pd.DataFrame:
        return self.disputes[self.disputes["sentence_id"] == sid]

    def _coders_of(self, sid: str) -> list[str]:
        """Return the coders who coded a sentence (each appears among the yes or no of every disputed tag)."""
        first = self._disputed(sid).iloc[0]
        names = f"{first['yes']}{reliability.JOIN}{first['no']}".split(reliability.JOIN)
        return sorted({name for name in names if name})

    def settled(self) -> int:
        """Return how many disputed (sentence, tag) pairs are settled."""
        return len(self._decisions)

    def _render(self) -> None:
        self.progress = f"{self.settled():,} of {len(self.disputes):,} settled"
        sid = self.sentence_id
        if sid is None:
            self.show_empty("No disagreements: the coders agree on every sentence they share.")
            self.rows, self.coders_here = [], []
            return
        disputed = self._disputed(sid)
        first = disputed.iloc[0]
        title = self._titles.get(first["article_id"], first["article_id"])
        self.card_html = _html.card(
            heading=f"{title} · sentence {int(first['position']) + 1}",
            previous=None,
            current_html=_html.esc(first["text"]),
            following=None,
            claims=[],
        )
        codebook = self.store.codebook
        self.rows = [
            {
                "tag": row.tag,
                "color": codebook.colors.get(row.tag, "#999999"),
                "description": codebook.tag(row.tag).description if row.tag in codebook.tags else "",
                "yes": row.yes,
                "no": row.no,
                "decision": DECISIONS.get(self._decisions.get((sid, row.tag)), ""),
            }
            for row in disputed.itertuples()
        ]
        self.coders_here = self._coders_of(sid)

    # -- what the reviewer does ------------------------------------------------------------------

    @contextlib.contextmanager
    def _as_reviewer(self) -> Iterator[None]:
        """Write to the store as the reviewer for the duration of a block, then restore its coder."""
        previous = self.store.coder
        self.store.coder = self.reviewer
        try:
            yield
        finally:
            self.store.coder = previous

    def settle(self, tag: str, keep: bool) -> None:
        """Settle a disputed tag of the sentence under review: keep it (True) or leave it off (False)."""
        sid = self._current()
        disputed = self._disputed(sid)
        if tag not in set(disputed["tag"]):
            raise WidgetError(
                f"The coders do not disagree on {tag!r} here: settle one of {', '.join(disputed['tag'])}."
            )
        with self._as_reviewer():
            if not any(key[0] == sid for key in self._decisions):
                agreed = set.intersection(*(self.store.tags_of(sid, coder) for coder in self._coders_of(sid)))
                for name in sorted(agreed):
                    self.store.add(sid, name)
            if keep:
                self.store.add(sid, tag)
            else:
                self.store.remove(sid, tag)
            self._decisions[(sid, tag)] = bool(keep)
            if all((sid, name) in self._decisions for name in disputed["tag"]):
                self.store.mark_done(sid)
        self._render()
        self.show_status(f"{tag} {DECISIONS[bool(keep)]} under {self.reviewer!r}.")

    def take(self, coder: str) -> None:
        """Settle every disputed tag of the sentence under review as ``coder`` coded it."""
        sid = self._current()
        if coder not in self._coders_of(sid):
            raise WidgetError(f"{coder!r} did not code this sentence: take one of {', '.join(self._coders_of(sid))}.")
        chosen = self.store.tags_of(sid, coder)
        for tag in self._disputed(sid)["tag"].tolist():
            self.settle(tag, tag in chosen)
        self.show_status(f"Took {coder}'s tags.")

    def next(self) -> None:
        """Show the next sentence with a disagreement."""
        self._move(self.index + 1)

    def previous(self) -> None:
        """Show the previous sentence with a disagreement."""
        self._move(self.index - 1)

    def _move(self, index: int) -> None:
        if not 0 <= index < self.count:
            self.show_status("This is the last disagreement." if index > 0 else "This is the first disagreement.")
            return
        self.index = index
        self._render()
        self.show_status("")

    # -- wiring to the front end -----------------------------------------------------------------

    @reports_errors
    def handle(self, message: dict[str, Any]) -> None:
        """Do what one front-end message asks: ``{"event": "settle", "tag": ..., "keep": ...}``, "take"..."""
        event = message.get("event")
        if event == "settle":
            self.settle(str(message["tag"]), bool(message["keep"]))
        elif event == "take":
            self.take(str(message["coder"]))
        elif event in ("next", "previous"):
            getattr(self, event)()
        else:
            raise WidgetError(f"Unknown message {message!r} from the review view's front end.")

    def store_changed(self, event: StoreEvent) -> None:
        """Redraw when the reviewer's coding of the sentence under review changed (an undo, or code)."""
        if event.coder == self.reviewer and self.sentence_id in event.sentence_ids:
            self._render()
