"""What the card view shows of its sentence: the card's HTML, its highlights, tag buttons and progress line.

The sentence on the card is drawn with its neighbours in the same article, its actor mentions,
claim sources, cues and contents highlighted (with the coder's corrections holding in them), the
claim lines under it, one button per tag of the codebook and the coder's note. The progress line
counts the sentences of the selection this coder has coded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbench.widgets import _html
from workbench.widgets._menu import cell_text

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore
    from workbench.widgets._parts import SentenceParts


class CardSentence:
    """The drawing part of the card view (mixed into :class:`~workbench.widgets.Tagger`)."""

    corpus: Corpus
    codebook: Codebook
    store: TagStore
    card_html: str
    progress: str
    tag_states: list[dict[str, Any]]
    note: str
    index: int
    search_error: str
    assigned_only: bool
    _rows: pd.DataFrame
    _starts: np.ndarray
    _parts: SentenceParts
    _selection: np.ndarray
    _selected: set[str]
    _assigned: frozenset[str]
    _learned: dict[str, set[str]]
    _shown: str | None
    _cursor: dict[Any, int]

    # hooks the card provides
    sentence_id: str | None
    coded_ids: Callable[[], set[str]]
    show_empty: Callable[[str], None]
    close_menu: Callable[[], None]
    corrected_rows: Callable[[str, pd.DataFrame, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]
    set_targets: Callable[[pd.DataFrame, pd.DataFrame], None]
    keyed_span: Callable[[int], list[tuple[int, int]]]

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
            lines.append(f"Claim — source: {cell_text(claim.source)} · cue: {cell_text(claim.cue)}{hedged}{fixed}")
        spans += _corrected_spans(here, start, ("cue_start", "cue_end"))
        for claim in claims.itertuples():
            span = _claim_span(text, start, claim.content, claim.content_start, claim.content_end)
            if span is not None:
                spans.append(_html.Span(*span, "content", f"said by {cell_text(claim.source)}"))
        return spans, lines

    def show_suggestions(self, suggestions: pd.DataFrame) -> None:
        """Show learned suggestions (``sentence_id``, ``tag`` rows from ``Suggester.suggestions``) beside keyword ones.

        They stay suggestions: a tag is stored only when the coder confirms it.
        """
        self._learned = {str(sid): set(tags) for sid, tags in suggestions.groupby("sentence_id")["tag"]}
        self._render()


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
    if cell_text(first) and cell_text(last):
        return int(first) - start, int(last) - start
    found = text.find(cell_text(part)) if cell_text(part) else -1
    return (found, found + len(cell_text(part))) if found >= 0 else None
