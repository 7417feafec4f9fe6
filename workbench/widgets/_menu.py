"""The correction menus' records: what on the card can be corrected, and the menus the page draws.

A :class:`Target` is an actor mention or a claim keyed by its cue; a :class:`Menu` is a title and
numbered :class:`Item` lines, an item that asks for values first showing its :class:`Field` boxes;
an :class:`Awaiting` is a selection of words a menu waits for. They hold plain values and
callables only: the card's correcting methods (:mod:`workbench.widgets._correcting`) build and run them.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Any, NamedTuple

import pandas as pd

from workbench.corrections import Kind


class Target(NamedTuple):
    """Something on the card a correction can be about: an actor mention, or a claim keyed by its cue.

    ``start`` and ``end`` are offsets into the article text: the mention's, or the claim's cue's.
    ``actor`` is the mention's actor; ``source`` the claim's source span (None for a mention or a
    claim without one).
    """

    kind: Kind
    start: int
    end: int
    label: str
    actor: str = ""
    source: tuple[int, int] | None = None

    def covers(self, offset: int) -> bool:
        """Return True when ``offset`` falls on the mention, or on the claim's cue or source."""
        spans = [(self.start, self.end), *([self.source] if self.source else [])]
        return any(first <= offset < last for first, last in spans)


@dataclasses.dataclass(frozen=True)
class Field:
    """A value a menu item asks for before it runs: a name (offered from the actors table) or a choice."""

    name: str
    label: str
    value: str = ""
    choices: tuple[str, ...] = ()
    actors: bool = False
    """True when the page offers the corpus' actors as it is typed."""


@dataclasses.dataclass(frozen=True)
class Item:
    """One line of a menu: its label, what it does (given the fields' values), and the fields it asks for."""

    label: str
    run: Callable[..., None]
    fields: tuple[Field, ...] = ()


@dataclasses.dataclass(frozen=True)
class Menu:
    """The menu the card shows: a title, numbered items, and the item whose fields are open (None: none)."""

    title: str
    items: tuple[Item, ...]
    active: int | None = None

    def as_trait(self) -> dict[str, Any]:
        """Return what the page draws: plain values only, each item's fields shown when it is the active one."""
        return {
            "title": self.title,
            "active": -1 if self.active is None else self.active,
            "items": [
                {"label": item.label, "fields": [dataclasses.asdict(field) for field in item.fields]}
                for item in self.items
            ],
        }


class Part(enum.StrEnum):
    """Which part of a claim the next selection of words gives."""

    SOURCE = "source"
    CONTENT = "content"


@dataclasses.dataclass(frozen=True)
class Awaiting:
    """A selection of words the card waits for: which part, and what to do with the words (None: skipped)."""

    part: Part
    then: Callable[[tuple[int, int] | None], None]
    skippable: bool = False


def targets(mentions: pd.DataFrame, claims: pd.DataFrame) -> tuple[Target, ...]:
    """Return the targets of a sentence's mentions and claims (a claim without cue offsets has no key: left out)."""
    found = [
        Target(Kind.ACTOR, int(m.start), int(m.end), f"{m.surface} — {m.actor} ({m.actor_type})", str(m.actor))
        for m in mentions.itertuples()
    ]
    for claim in claims.itertuples():
        if pd.isna(claim.cue_start) or pd.isna(claim.cue_end):
            continue
        source = None if pd.isna(claim.source_start) else (int(claim.source_start), int(claim.source_end))
        label = f"claim — {cell_text(claim.source) or 'no source'} {cell_text(claim.cue)}"
        found.append(Target(Kind.CLAIM, int(claim.cue_start), int(claim.cue_end), label, source=source))
    return tuple(found)


def cell_text(value: Any) -> str:
    """Return a table cell as text, missing values (None, NA, NaN) as the empty string."""
    return "" if value is None or pd.isna(value) else str(value)
