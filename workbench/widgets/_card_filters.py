"""The card view's filters: which sentences the card walks through, fixed until a filter changes.

Each filter is a trait the page sets (an article, an actor, a tag, claims only, untagged only,
hedged only, a search, the coder's assignment); :meth:`CardFilters.set_filter` sets them from
Python. A search that cannot be read is kept as typed and matches no sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench.errors import QueryError, WidgetError
from workbench.selection import Filters, check_choice, select
from workbench.widgets._common import reports_errors

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore

ASSIGNED = "assigned_only"
"""The filter (and trait) that keeps the sentences assigned to the store's coder."""

FILTER_TRAITS = {
    "article": "filter_article",
    "actor": "filter_actor",
    "tag": "filter_tag",
    "claims_only": "claims_only",
    "untagged_only": "untagged_only",
    "hedged_only": "hedged_only",
    "search": "search",
}


class CardFilters:
    """The filtering part of the card view (mixed into :class:`~workbench.widgets.Tagger`)."""

    corpus: Corpus
    codebook: Codebook
    store: TagStore
    article_options: list[list[str]]
    actor_options: list[str]
    assigned_only: bool
    has_assignment: bool
    search_error: str
    count: int
    index: int
    _rows: pd.DataFrame
    _ids: np.ndarray
    _index: pd.Index
    _selection: np.ndarray
    _selected: set[str]
    _assigned: frozenset[str]
    _applying: bool

    # hooks the card provides
    sentence_id: str | None
    coded_ids: Callable[[], set[str]]
    show_status: Callable[..., None]
    _render: Callable[[], None]

    @property
    def filters(self) -> Filters:
        """The filters in force."""
        return Filters(**{name: getattr(self, trait) for name, trait in FILTER_TRAITS.items()})

    def _assigned_ids(self) -> frozenset[str]:
        """Return the sentences of the corpus assigned to this coder in the store (none without an assignment)."""
        mine = self.store.assignments(coder=self.store.coder)["sentence_id"]
        return frozenset(sid for sid in mine.astype(str) if sid in self._index)

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
        unknown = sorted(set(filters) - {*FILTER_TRAITS, ASSIGNED})
        if unknown:
            raise WidgetError(f"Unknown filter(s) {unknown}: the filters are {', '.join([*FILTER_TRAITS, ASSIGNED])}.")
        check_choice("article", filters.get("article", ""), {a for a, _ in self.article_options})
        check_choice("actor", filters.get("actor", ""), set(self.actor_options))
        check_choice("tag", filters.get("tag", ""), set(self.codebook.tags))
        self._applying = True
        try:
            for name, value in filters.items():
                setattr(self, FILTER_TRAITS.get(name, name), value)
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
        # One message to the page: the search's error, the count and the sentence arrive together.
        with self.hold_sync():
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

    @reports_errors
    def _on_filter(self, _change: dict[str, Any]) -> None:
        if not self._applying:
            self._apply_filters()
