"""Labels beside the nodes of a network chart, placed so that no two overlap.

Plotly draws a marker's text at one of nine places around it and never moves it out of the way of
another. :func:`place` tries the places allowed for each node, largest node first, and keeps the
first where the label's box meets no label already placed and no other node, and stays inside the
plot; a label with no such place is left out of the chart and shown on hover only.

Sizes are estimated in pixels from a fixed figure size (:class:`Canvas`) and an upper bound of the
width of a character, so an estimate errs towards leaving a label out rather than overlapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

FONT_SIZE = 12
"""Pixel size of the labels' font."""
CHAR_WIDTH = 0.65
"""Width of a character as a share of the font size: an upper bound for names in plotly's fonts
(Open Sans, or Verdana, Arial and DejaVu Sans where it is missing), capitals included."""
LINE_HEIGHT = 1.25
"""Height of a line of text as a share of the font size."""
GAP = 3
"""Pixels between a marker's edge and its label."""


class Box(NamedTuple):
    """A rectangle in pixels, y upwards."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        """Return True when the two boxes share more than an edge."""
        return (
            self.left < other.right and other.left < self.right and self.bottom < other.top and other.bottom < self.top
        )

    def inside(self, other: Box) -> bool:
        """Return True when the box lies within ``other``."""
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.bottom >= other.bottom
            and self.top <= other.top
        )


class Canvas(NamedTuple):
    """A figure of fixed size in pixels, its margins, and the data ranges it must show on equal scales."""

    width: int
    height: int
    margin: dict[str, int]
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @property
    def scale(self) -> float:
        """Pixels per data unit on both axes: plotly widens the range of the axis with room to spare."""
        plot_width = self.width - self.margin["l"] - self.margin["r"]
        plot_height = self.height - self.margin["t"] - self.margin["b"]
        return min(plot_width / (self.x_range[1] - self.x_range[0]), plot_height / (self.y_range[1] - self.y_range[0]))

    @property
    def plot(self) -> Box:
        """The plot area in pixels, centred on the middle of the data ranges."""
        half_width = (self.width - self.margin["l"] - self.margin["r"]) / 2
        half_height = (self.height - self.margin["t"] - self.margin["b"]) / 2
        x0 = (self.x_range[0] + self.x_range[1]) / 2 * self.scale
        y0 = (self.y_range[0] + self.y_range[1]) / 2 * self.scale
        return Box(x0 - half_width, y0 - half_height, x0 + half_width, y0 + half_height)

    def layout(self) -> dict[str, object]:
        """Return the figure layout that gives this canvas."""
        return {"width": self.width, "height": self.height, "margin": self.margin, "autosize": False}


def label_box(x: float, y: float, radius: float, text: str, place: str) -> Box:
    """Return the box in pixels of ``text`` drawn at ``place`` around a marker of ``radius`` at (x, y)."""
    width, height = len(text) * CHAR_WIDTH * FONT_SIZE, LINE_HEIGHT * FONT_SIZE
    vertical, horizontal = place.split()
    offset = radius + GAP
    left = {"right": x + offset, "left": x - offset - width, "center": x - width / 2}[horizontal]
    bottom = {"middle": y - height / 2, "top": y + offset, "bottom": y - offset - height}[vertical]
    return Box(left, bottom, left + width, bottom + height)


def marker_box(x: float, y: float, radius: float) -> Box:
    """Return the square in pixels around a round marker."""
    return Box(x - radius, y - radius, x + radius, y + radius)


def place(
    canvas: Canvas,
    xs: Sequence[float],
    ys: Sequence[float],
    diameters: Sequence[float],
    texts: Sequence[str],
    places: Sequence[Sequence[str]],
) -> list[str | None]:
    """Return where to draw each node's label (a plotly ``textposition``), or None to show it on hover only.

    Parameters
    ----------
    canvas
        The figure's size, margins and data ranges.
    xs, ys
        Node positions in data units.
    diameters
        Marker sizes in pixels (plotly's ``marker.size``).
    texts
        The labels as drawn (escaped text counts as the characters it shows, about as wide).
    places
        Where each node's label may go (plotly ``textposition`` values: "middle right", "top center"...),
        in the order to try them.

    The largest nodes are placed first, so the labels left to the hover are those of the smallest.
    """
    scale, area = canvas.scale, canvas.plot
    centres = [(x * scale, y * scale) for x, y in zip(xs, ys, strict=True)]
    radii = [diameter / 2 for diameter in diameters]
    markers = [marker_box(x, y, r) for (x, y), r in zip(centres, radii, strict=True)]
    placed: list[Box] = []
    chosen: list[str | None] = [None] * len(texts)
    for node in sorted(range(len(texts)), key=lambda n: -radii[n]):
        x, y = centres[node]
        others = [box for n, box in enumerate(markers) if n != node]
        for where in places[node]:
            box = label_box(x, y, radii[node], texts[node], where)
            if box.inside(area) and not any(box.overlaps(other) for other in [*placed, *others]):
                placed.append(box)
                chosen[node] = where
                break
    return chosen
