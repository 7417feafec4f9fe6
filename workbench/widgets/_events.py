"""One typed record of a store change, read once from the store's notification and consumed by every view.

The store notifies its subscribers with a plain dict; the card, the sheet and the review read it
through :meth:`StoreEvent.read` so each of them decides on the same :class:`Action` values rather
than interpreting strings in its own way.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any

from workbench.errors import WidgetError


class Action(enum.StrEnum):
    """What a store change did (the ``action`` column of the store's history, or a change to the codebook)."""

    ADD = "add"
    REMOVE = "remove"
    NOTE = "note"
    DONE = "done"
    NOT_DONE = "not_done"
    UNDO = "undo"
    CODEBOOK = "codebook"
    CORRECT = "correct"


@dataclasses.dataclass(frozen=True)
class StoreEvent:
    """A committed store change: what was done, to which sentences, with which tag, by whom.

    ``undone`` is the action an :attr:`Action.UNDO` reversed; ``note`` the note text a
    :attr:`Action.NOTE` stored (empty when it cleared one).
    """

    action: Action
    sentence_ids: tuple[str, ...]
    tag: str | None = None
    coder: str | None = None
    undone: Action | None = None
    note: str | None = None

    @classmethod
    def read(cls, event: Mapping[str, Any]) -> StoreEvent:
        """Return the typed form of one store notification (``action``, ``sentence_id(s)``, ``tag``, ``coder``...)."""
        try:
            action = Action(event["action"])
            undone = Action(event["undone"]) if event.get("undone") is not None else None
        except (KeyError, ValueError) as error:
            known = ", ".join(a.value for a in Action)
            raise WidgetError(f"A store change has no known action ({error}); the actions are {known}.") from None
        if event.get("sentence_ids") is not None:
            ids = tuple(str(i) for i in event["sentence_ids"])
        else:
            ids = () if event.get("sentence_id") is None else (str(event["sentence_id"]),)
        return cls(action, ids, event.get("tag"), event.get("coder"), undone, event.get("note"))

    @property
    def marks_coded(self) -> bool:
        """True when the change can only make its sentences coded (a tag, a done mark or a non-empty note)."""
        return self.action in (Action.ADD, Action.DONE) or (self.action is Action.NOTE and bool(self.note))

    @property
    def changes_codebook(self) -> bool:
        """True when the change, or the change an undo reversed, renamed, merged, retired or added a tag."""
        return Action.CODEBOOK in (self.action, self.undone)

    @property
    def tag_value(self) -> bool | None:
        """The value ``tag`` now has on every sentence of the change, when the change alone says it; else None."""
        if self.tag is None:
            return None
        if self.action in (Action.ADD, Action.REMOVE):
            return self.action is Action.ADD
        if self.action is Action.UNDO and self.undone in (Action.ADD, Action.REMOVE):
            return self.undone is Action.REMOVE
        return None
