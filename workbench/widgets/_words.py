"""Word selection on the card: words chosen with keys, and a selection widened to whole words.

The key ``w`` selects the next word of the sentence (Shift+W adds one more) and Enter takes the
words selected as a selection made with the mouse. Every span is offsets into the article text,
clipped to the sentence on the card and trimmed of spaces, quotes and commas.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.errors import WidgetError
from workbench.widgets._menu import Menu

WORD_KEY = "w"
"""Selects the next word of the sentence; with Shift, adds the next word to the words selected."""
TAKE_KEYS = frozenset({"enter"})
"""Take the words selected with keys, as a selection with the mouse."""
_WORD = re.compile(r"\w(?:[\w'’.-]*\w)?")
_TRIM = " \t\n,;:!?\"'()[]{}“”‘’«»—–"


class WordSelection:
    """The words selected on the card (mixed into :class:`~workbench.widgets._correcting.CardCorrections`)."""

    _keyed: tuple[int, int] | None = None

    # hooks the card provides
    _sentence: Callable[[], tuple[str, int]]
    show_status: Callable[..., None]
    _render: Callable[[], None]
    select_words: Callable[[int, int], Menu | None]

    def select_next_word(self, *, extend: bool = False) -> tuple[int, int]:
        """Select the next word of the sentence with keys (``extend``: add it to the words selected); return their span.

        The words selected are marked on the card; :meth:`take_selected` (Enter) uses them as a
        selection made with the mouse. After the last word the selection starts again at the first.
        """
        text, base = self._sentence()
        words = [(base + found.start(), base + found.end()) for found in _WORD.finditer(text)]
        if not words:
            raise WidgetError("This sentence has no word to select.")
        after = self._keyed[1] if self._keyed else base
        following = next((word for word in words if word[0] >= after), None)
        if following is None:
            following, extend = words[0], False
        self._keyed = (self._keyed[0], following[1]) if extend and self._keyed else following
        self._render()
        self.show_status(f"Selected “{self._text_of(self._keyed)}”: Enter for its menu, Shift+W adds the next word.")
        return self._keyed

    def take_selected(self) -> Menu | None:
        """Take the words selected with keys as words selected with the mouse (see :meth:`select_words`)."""
        if self._keyed is None:
            keys = f"{WORD_KEY} selects the next word, Shift+{WORD_KEY.upper()} adds one"
            raise WidgetError(f"Select words first: {keys}.")
        span, self._keyed = self._keyed, None
        return self.select_words(*span)

    def keyed_span(self, start: int) -> list[tuple[int, int]]:
        """Return the words selected with keys as offsets within the sentence that starts at ``start`` (none: [])."""
        return [] if self._keyed is None else [(self._keyed[0] - start, self._keyed[1] - start)]

    # -- whole words --------------------------------------------------------------------------------------

    def words(self, start: int, end: int) -> tuple[int, int]:
        """Return ``start:end`` clipped to the sentence on the card, trimmed of spaces and quotes, as whole words.

        Raises
        ------
        WidgetError
            When no word of the sentence is left.
        """
        text, base = self._sentence()
        first, last = max(0, int(start) - base), min(len(text), int(end) - base)
        while first < last and text[first] in _TRIM:
            first += 1
        while last > first and text[last - 1] in _TRIM:
            last -= 1
        if first >= last:
            raise WidgetError("Select some words of the sentence on the card.")
        while first > 0 and text[first - 1].isalnum():
            first -= 1
        while last < len(text) and text[last].isalnum():
            last += 1
        return base + first, base + last

    def _text_of(self, span: tuple[int, int]) -> str:
        text, base = self._sentence()
        return text[span[0] - base : span[1] - base]
