"""The sheet's table, held in the kernel: its columns, their values, and the filters and sorts over them.

Opening the sheet reads only what every row needs at once: the ids, positions, text, and this
coder's tags and notes. The context columns (the article's title, the actors, the claims'
sources and the suggested tags) are worked out for the rows in sight when the page asks for
them, and for every row only when the analyst sorts or filters by them, so a million sentences
open in about the time it takes to read their tags.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from workbench import query
from workbench.errors import FilterError, WidgetError
from workbench.selection import Joined
from workbench.widgets._events import Action, StoreEvent
from workbench.widgets._html import text_color_on

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore


class ColumnKind(enum.StrEnum):
    """How a column is drawn, filtered and sorted."""

    NUMBER = "number"
    """Filtered by comparisons such as ``> 5``, ``<= 3``, ``2-10`` or a number."""
    TEXT = "text"
    """Filtered by a query (:mod:`workbench.query`); sorted ignoring case."""
    TAG = "tag"
    """A tick box per row; filtered to ticked or unticked rows."""
    NOTE = "note"
    """The coder's note: text, edited in place."""


class Ticked(enum.StrEnum):
    """The filter values of a tag column."""

    YES = "ticked"
    NO = "unticked"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of the sheet: its header, how it behaves, its width, and a tag's colours.

    ``short`` is the header drawn in a narrow column (the full ``name`` shows on hover); a
    ``pinned`` column stays in sight while the columns after it scroll sideways.
    """

    name: str
    kind: ColumnKind
    width: int
    tag: str | None = None
    color: str = ""
    short: str = ""
    pinned: bool = False

    def spec(self) -> dict[str, Any]:
        """Return what the front end needs to draw the column, with the tooltip of its filter box."""
        ink = text_color_on(self.color) if self.color else ""
        return {
            "name": self.name,
            "short": self.short or self.name,
            "kind": self.kind.value,
            "width": self.width,
            "pinned": self.pinned,
            "color": self.color,
            "ink": ink,
            "help": FILTER_HELP[self.kind],
        }


SENTENCE, TEXT, NOTE, SUGGESTED, ACTORS, SOURCES, ARTICLE = (
    "sentence",
    "text",
    "note",
    "suggested",
    "actors",
    "claim source",
    "article",
)
FIXED = frozenset({TEXT, ARTICLE, ACTORS, SOURCES})
"""Text columns whose values never change while the sheet is open (notes and suggestions do)."""
WIDTHS = {SENTENCE: 72, TEXT: 440, NOTE: 160, SUGGESTED: 130, ACTORS: 150, SOURCES: 110, ARTICLE: 150}
"""Column widths in pixels; the order is that of the grid, with the tag columns after the text.

The page narrows the text column (to no less than :data:`TEXT_MIN_WIDTH`) so that every tag
column fits beside it; ``sentence`` and ``text`` stay in sight while the others scroll sideways.
"""
PINNED = (SENTENCE, TEXT)
TEXT_MIN_WIDTH = 300
TAG_WIDTH = 50
"""A tag column holds a tick box under its key and a short name (:func:`short_name`)."""
SHORT_CHARS = 5
"""Letters of a tag's name a narrow tag column shows before "…"."""
FEW = 50
"""Up to this many rows a store change is read back row by row; more, and the tag table is read at once."""
NUMBER_HELP = "a number, > 5, <= 3 or a range 2-10"
FILTER_HELP = {
    ColumnKind.NUMBER: f"Show rows by the sentence's number in its article, counted from 1: {NUMBER_HELP}",
    ColumnKind.TEXT: f"Show rows whose text has {query.SUMMARY}",
    ColumnKind.NOTE: f"Show rows whose note has {query.SUMMARY}",
    ColumnKind.TAG: "Show ticked or unticked rows",
}
"""The tooltip of each kind of column's filter box."""
_COMPARISON = re.compile(r"^\s*(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)\s*$")
_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|\.\.|to)\s*(-?\d+(?:\.\d+)?)\s*$")


def tag_label(codebook: Codebook, tag: str) -> str:
    """Return a tag's column header: its key and name ("1 escalation"), or the name alone."""
    key = codebook.tag(tag).key
    return f"{key} {tag}" if key else tag


def short_label(codebook: Codebook, tag: str) -> str:
    """Return a tag's header in a narrow column: its key over :func:`short_name` ("2", then "de-es…")."""
    key = codebook.tag(tag).key
    return f"{key}\n{short_name(tag)}" if key else short_name(tag)


def short_name(tag: str) -> str:
    """Return the first :data:`SHORT_CHARS` letters of a tag's name, with "…" when it is longer.

    A narrow tag column shows it under the key ("de-es…" under "2"); the full name is its tooltip.
    """
    return tag if len(tag) <= SHORT_CHARS + 1 else f"{tag[:SHORT_CHARS].rstrip()}…"


def number_filter(expression: str) -> Callable[[np.ndarray], np.ndarray]:
    """Return the test a number filter stands for: ``> 5``, ``>= 5``, ``< 5``, ``<= 5``, ``= 5``, ``5`` or ``2-10``.

    Raises
    ------
    FilterError
        When the expression is none of these.
    """
    if found := _RANGE.match(expression):
        low, high = sorted(float(found[group]) for group in (1, 2))
        return lambda values: (values >= low) & (values <= high)
    if found := _COMPARISON.match(expression):
        operator, number = found[1] or "=", float(found[2])
        tests: dict[str, Callable[[np.ndarray], np.ndarray]] = {
            "<": lambda values: values < number,
            "<=": lambda values: values <= number,
            ">": lambda values: values > number,
            ">=": lambda values: values >= number,
            "=": lambda values: values == number,
        }
        return tests[operator]
    raise FilterError(f"{expression!r} is not a number filter: write {NUMBER_HELP}.")


class SheetRows:
    """One row per sentence of a corpus, in corpus order, with a column per :class:`Column` of the sheet.

    Rows are addressed by position (0 to ``len - 1``); the sheet keeps the order it shows them in.
    """

    def __init__(self, corpus: Corpus, codebook: Codebook) -> None:
        self.corpus, self.codebook = corpus, codebook
        self.labels = {tag: tag_label(codebook, tag) for tag in codebook.tags}
        sentences = corpus.sentences
        self.ids = sentences["sentence_id"].astype(object).to_numpy(dtype=object)
        self.index = pd.Index(self.ids)
        tags = [
            Column(label, ColumnKind.TAG, TAG_WIDTH, tag, codebook.tag(tag).color, short=short_label(codebook, tag))
            for tag, label in self.labels.items()
        ]
        kinds = {SENTENCE: ColumnKind.NUMBER, NOTE: ColumnKind.NOTE}
        fixed = [
            Column(name, kinds.get(name, ColumnKind.TEXT), width, pinned=name in PINNED)
            for name, width in WIDTHS.items()
        ]
        self.columns = [*fixed[:2], *tags, *fixed[2:]]
        self.by_name = {column.name: column for column in self.columns}
        self._full: dict[str, Any] = {
            SENTENCE: sentences["position"].to_numpy(dtype=np.int64) + 1,  # counted from 1, as the card counts
            TEXT: sentences["text"].astype("string").fillna("").reset_index(drop=True),
        }
        self._learned = pd.DataFrame({"sentence_id": pd.Series(dtype=object), "tag": pd.Series(dtype=object)})
        self._joined: dict[str, Joined] = {}
        self._arrow: dict[str, pa.StringArray] = {}
        self._context: dict[str, Callable[[np.ndarray], list[str]]] = {
            ARTICLE: self._titles,
            ACTORS: lambda rows: self._joined_of(ACTORS, rows),
            SOURCES: lambda rows: self._joined_of(SOURCES, rows),
            SUGGESTED: self._suggested,
        }

    def __len__(self) -> int:
        return len(self.ids)

    # -- values ----------------------------------------------------------------------------------

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        if name not in self.by_name:
            raise WidgetError(f"The sheet has no column {name!r}; its columns are {list(self.by_name)}.")
        return self.by_name[name]

    def values(self, name: str) -> Any:
        """Return every row's value of a column, in corpus order (a context column is worked out once)."""
        if name not in self._full:
            self._full[name] = np.array(self._context[name](np.arange(len(self))), dtype=object)
        return self._full[name]

    def cells(self, rows: np.ndarray) -> list[list[Any]]:
        """Return the cells of ``rows`` in column order, as JSON carries them."""
        by_column = [self._of(column.name, rows) for column in self.columns]
        return [list(row) for row in zip(*by_column, strict=True)] if len(rows) else []

    def _of(self, name: str, rows: np.ndarray) -> list[Any]:
        if name in self._full:
            values = self._full[name]
            return (values.iloc[rows] if isinstance(values, pd.Series) else values[rows]).tolist()
        return self._context[name](rows)

    def frame(self, rows: np.ndarray) -> pd.DataFrame:
        """Return ``rows`` as a table, one column per sheet column, indexed by sentence id."""
        frame = pd.DataFrame({column.name: self._of(column.name, rows) for column in self.columns})
        frame = frame.astype({label: bool for label in self.labels.values()} | {SENTENCE: np.int64})
        frame.index = pd.Index(self.ids[rows], name="sentence_id")
        return frame

    @functools.cached_property
    def _title_of(self) -> dict[str, str]:
        articles = self.corpus.articles
        return dict(zip(articles["article_id"].tolist(), articles["title"].fillna("").tolist(), strict=True))

    def _titles(self, rows: np.ndarray) -> list[str]:
        """Return the title of each row's article (its id when the title is empty)."""
        return [self._title_of.get(a) or a for a in self.corpus.sentences["article_id"].iloc[rows].tolist()]

    def _joined_of(self, name: str, rows: np.ndarray) -> list[str]:
        if name not in self._joined:
            table, column = (self.corpus.mentions, "actor") if name == ACTORS else (self.corpus.claims, "source")
            self._joined[name] = Joined(self.index, table, column)
        return self._joined[name].of(rows)

    def _suggested(self, rows: np.ndarray) -> list[str]:
        """Return the suggested tags of ``rows`` (the codebook's keywords, then learned ones), joined by "; "."""
        ids = self.ids[rows]
        found = pd.concat([self.codebook.suggestions(self.corpus.sentences.iloc[rows]), self._learned])
        found = found[found["sentence_id"].isin(set(ids))].drop_duplicates()
        joined: dict[str, list[str]] = {}
        for sid, tag in zip(found["sentence_id"].tolist(), found["tag"].tolist(), strict=True):
            joined.setdefault(sid, []).append(tag)
        return ["; ".join(joined.get(sid, ())) for sid in ids]

    def learn(self, suggestions: pd.DataFrame) -> None:
        """Add learned suggestions (``sentence_id``, ``tag`` rows) to the keyword ones of the ``suggested`` column."""
        self._learned = suggestions[["sentence_id", "tag"]].astype(object)
        self._full.pop(SUGGESTED, None)

    # -- the store -------------------------------------------------------------------------------

    def read_store(self, store: TagStore) -> None:
        """Read the store's coder's tags and notes for every row."""
        tags = store.tags(coder=store.coder)
        where = self.index.get_indexer(tags["sentence_id"].astype(object))
        for tag, label in self.labels.items():
            ticked = np.zeros(len(self), dtype=bool)
            ticked[where[(tags["tag"] == tag).to_numpy() & (where >= 0)]] = True
            self._full[label] = ticked
        notes = store.notes(coder=store.coder)
        written = np.full(len(self), "", dtype=object)
        where = self.index.get_indexer(notes["sentence_id"].astype(object))
        written[where[where >= 0]] = notes["note"].to_numpy(dtype=object)[where >= 0]
        self._full[NOTE] = written

    def store_changed(self, event: StoreEvent, store: TagStore) -> bool:
        """Bring the tag and note cells of the rows a store change touched up to date; return True when any did."""
        rows = self.index.get_indexer(list(event.sentence_ids))
        rows = rows[rows >= 0]
        if not len(rows):
            return False
        if event.tag_value is not None and event.tag in self.labels:
            self._full[self.labels[event.tag]][rows] = event.tag_value
        elif event.action is Action.NOTE:
            self._full[NOTE][rows] = event.note or ""
        elif len(rows) <= FEW:
            for row in rows:
                held = store.tags_of(self.ids[row])
                for tag, label in self.labels.items():
                    self._full[label][row] = tag in held
                self._full[NOTE][row] = store.note_of(self.ids[row])
        else:
            self.read_store(store)
        return True

    # -- filters and sorts -----------------------------------------------------------------------

    def passes(self, name: str, value: str) -> np.ndarray:
        """Return, for every row in corpus order, whether it passes ``value`` as a filter of column ``name``.

        Raises
        ------
        FilterError
            When ``value`` is not a filter of the column's kind (a :class:`~workbench.errors.QueryError`
            for a query that cannot be read).
        """
        column = self.column(name)
        if not value.strip():
            return np.ones(len(self), dtype=bool)
        if column.kind is ColumnKind.NUMBER:
            return number_filter(value)(self.values(name))
        if column.kind is ColumnKind.TAG:
            try:
                return self.values(name) == (Ticked(value.strip().lower()) is Ticked.YES)
            except ValueError:
                raise FilterError(f"A tag column is filtered by {Ticked.YES.value!r} or {Ticked.NO.value!r}.") from None
        return query.parse(value).matches(self._texts(name))

    def _texts(self, name: str) -> pa.StringArray:
        """Return a text column's values as one Arrow array; those of columns that never change are kept."""
        if name in self._arrow:
            return self._arrow[name]
        texts = query.arrow_strings(pd.Series(self.values(name), dtype="string"))
        if name in FIXED:
            self._arrow[name] = texts
        return texts

    def sorted(self, rows: np.ndarray, name: str, *, descending: bool) -> np.ndarray:
        """Return ``rows`` sorted by column ``name`` (text ignoring case); ties keep their order."""
        values = self.values(name)
        keys = pd.Series(values.iloc[rows] if isinstance(values, pd.Series) else values[rows]).reset_index(drop=True)
        if self.column(name).kind in (ColumnKind.TEXT, ColumnKind.NOTE):
            keys = keys.astype("string").str.casefold()
        return rows[keys.sort_values(ascending=not descending, kind="stable").index.to_numpy()]
