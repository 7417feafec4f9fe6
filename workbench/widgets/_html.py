"""Escaped HTML for the card view: article text is untrusted, so every piece of it is escaped here.

Highlights are computed on character offsets within one sentence and rendered by splitting the
sentence at every span boundary; each piece is escaped with :func:`html.escape` and wrapped in one
``<span>`` carrying the classes of every highlight that covers it, so overlapping highlights (an
actor mention inside a claim source) need no nesting.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from typing import NamedTuple


class Span(NamedTuple):
    """A highlight on a sentence: offsets within the sentence, a CSS class and a tooltip."""

    start: int
    end: int
    kind: str
    title: str


def esc(text: object) -> str:
    """Return ``text`` escaped for HTML text and attribute values (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def highlight(text: str, spans: Iterable[Span]) -> str:
    """Return ``text`` as escaped HTML with each span wrapped in a classed ``<span>``.

    Spans outside the text are clipped; empty spans are ignored; overlapping spans combine their
    classes and tooltips on the characters they share.
    """
    clipped = [
        Span(max(0, s.start), min(len(text), s.end), s.kind, s.title) for s in spans if min(len(text), s.end) > s.start
    ]
    cuts = sorted({0, len(text)} | {s.start for s in clipped} | {s.end for s in clipped})
    pieces = []
    for left, right in itertools.pairwise(cuts):
        piece = esc(text[left:right])
        covering = [s for s in clipped if s.start <= left and right <= s.end]
        if covering:
            kinds = " ".join(sorted({f"wb-{s.kind}" for s in covering}))
            title = esc("; ".join(dict.fromkeys(s.title for s in covering if s.title)))
            piece = f'<span class="{kinds}" title="{title}">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def card(
    *,
    heading: str,
    previous: str | None,
    current_html: str,
    following: str | None,
    claims: Sequence[str],
) -> str:
    """Return the card's body: heading, the previous sentence, the highlighted one, the next, claim lines.

    ``current_html`` is already escaped (see :func:`highlight`); every other argument is plain text.
    """
    parts = [f'<div class="wb-heading">{esc(heading)}</div>']
    if previous is not None:
        parts.append(f'<div class="wb-context">{esc(previous)}</div>')
    parts.append(f'<div class="wb-sentence">{current_html}</div>')
    if following is not None:
        parts.append(f'<div class="wb-context">{esc(following)}</div>')
    parts.extend(f'<div class="wb-claim">{esc(line)}</div>' for line in claims)
    return "".join(parts)


def _luminance(color: str) -> float:
    """Return the WCAG relative luminance of a ``#rrggbb`` (or ``#rgb``) colour."""
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21; text needs at least 4.5)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_color_on(background: str) -> str:
    """Return black or white, whichever contrasts more with ``background`` (a ``#rrggbb`` tag colour)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") else "#ffffff"
