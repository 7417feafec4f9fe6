"""What both tagging views share: opening the store and codebook, reading store events, reporting errors."""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.errors import WidgetError, WorkbenchError

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.store import TagStore

Method = TypeVar("Method", bound=Callable[..., Any])

STATIC = pathlib.Path(__file__).resolve().parents[1] / "static"
"""Front-end files of the views (JavaScript and CSS)."""


def front_end(name: str) -> str:
    """Return the JavaScript module of a view: the shared helpers of ``views.js``, then ``static/<name>``."""
    return (STATIC / "views.js").read_text(encoding="utf-8") + "\n" + (STATIC / name).read_text(encoding="utf-8")


def open_store(codebook: Codebook | None, store: TagStore | None) -> tuple[TagStore, Codebook]:
    """Return the store and codebook a view works with.

    With no store, the default one (``workbench.sqlite`` in the working directory) is opened with
    ``codebook``; with no codebook, the store's own is used. A codebook that differs from the
    store's is refused, since the store checks every tag against its own.
    """
    from workbench.store import TagStore

    if store is None:
        store = TagStore(codebook=codebook)
    if codebook is not None and codebook.hash() != store.codebook.hash():
        raise WidgetError(
            f"The store {str(store.path)!r} codes with the codebook {store.codebook.name!r}, not "
            f"{codebook.name!r}: open it with TagStore(path, codebook=...) or leave codebook out."
        )
    return store, store.codebook


def event_ids(event: dict[str, Any]) -> list[str]:
    """Return the sentence ids a store event concerns (``sentence_id`` or ``sentence_ids``)."""
    if event.get("sentence_ids") is not None:
        return [str(i) for i in event["sentence_ids"]]
    if event.get("sentence_id") is not None:
        return [str(event["sentence_id"])]
    return []


def reports_errors(method: Method) -> Method:
    """Wrap a front-end entry point so its errors reach the view's status line, never vanish.

    Expected errors (:class:`WorkbenchError`) are shown and end there; anything else is shown and
    raised again, so its traceback also reaches the kernel's log.
    """

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except WorkbenchError as error:
            self.show_status(str(error), error=True)
        except Exception as error:
            self.show_status(f"{type(error).__name__}: {error}", error=True)
            raise
        return None

    return wrapper  # type: ignore[return-value]
