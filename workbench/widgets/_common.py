"""What the views of a store share: opening the store and codebook, their base classes, reporting errors."""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import anywidget
import traitlets

from workbench.errors import WidgetError, WorkbenchError
from workbench.widgets import _html
from workbench.widgets._events import StoreEvent

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.store import TagStore

Method = TypeVar("Method", bound=Callable[..., Any])

STATIC = pathlib.Path(__file__).resolve().parents[1] / "static"
"""Front-end files of the views (JavaScript and CSS)."""
PING = "ping"
"""The message the page sends to learn whether the kernel still answers; it is acknowledged and does nothing."""


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


def bundle(name: str) -> pathlib.Path:
    """Return the built front end of one view: ``static/dist/<name>``, an ES module anywidget loads.

    The sources in :data:`STATIC` are ES modules that import what they use from ``common.js``;
    ``make static`` bundles each view's module with its imports into ``static/dist`` (esbuild),
    and the package ships those bundles, so nothing is built at run time.

    Raises
    ------
    WidgetError
        When the bundle is missing (a source tree that was never built).
    """
    path = STATIC / "dist" / name
    if not path.is_file():
        raise WidgetError(f"The front end {path} is missing: build it with `make static` (needs npm) from the project.")
    return path


class StoreView(anywidget.AnyWidget):
    """Base of every view of a store: a status line, store notifications, acknowledged messages.

    The front end sends one message per click, key press or pause in typing, each with an ``id``;
    :meth:`handle` does what it asks and every message is acknowledged (``{"event": "ack", "id":
    ...}``) even when it fails, so the front end can tell a kernel that stopped answering from
    one that is merely slow. It also sends :data:`PING` every two seconds, which is only
    acknowledged: a restarted kernel no longer knows the view and never answers, so the page says
    at once that its kernel is gone, before the analyst types into a dead view. Subclasses define
    :meth:`handle`, :meth:`store_changed` and their own traits.
    """

    _css = STATIC / "views.css"

    status = traitlets.Unicode("").tag(sync=True)
    status_error = traitlets.Bool(False).tag(sync=True)

    def __init__(self, store: TagStore) -> None:
        super().__init__()
        self.store = store
        self._unsubscribe = store.subscribe(self._on_store_change)
        self.on_msg(self._on_message)

    def _unsubscribe(self) -> None:
        """Stop listening to the store: nothing to stop until ``__init__`` subscribes (replaced there)."""

    def show_status(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` on the status line (in red when ``error``); the front end shows it as text."""
        self.status = message
        self.status_error = error

    def handle(self, message: dict[str, Any]) -> None:
        """Do what one front-end message asks (defined by each view)."""
        raise NotImplementedError

    def store_changed(self, event: StoreEvent) -> None:
        """Bring the view up to date after a store change (defined by each view)."""
        raise NotImplementedError

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        try:
            if content.get("event") != PING:
                self.handle(content)
        finally:
            self.send({"event": "ack", "id": content.get("id")})

    @reports_errors
    def _on_store_change(self, raw: dict[str, Any]) -> None:
        self.store_changed(StoreEvent.read(raw))

    def close(self) -> None:
        """Stop listening to the store and close the widget."""
        self._unsubscribe()
        super().close()


class CardView(StoreView):
    """Base of the card and review views: a card of escaped HTML, a position and progress.

    The front end (``static/views.js``, bundled as ``static/dist/views.js``, one module for both
    views, chosen by :attr:`view`) draws the card the Python side renders.
    """

    _esm = bundle("views.js")

    view = traitlets.Unicode("").tag(sync=True)
    card_html = traitlets.Unicode("").tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    count = traitlets.Int(0).tag(sync=True)
    progress = traitlets.Unicode("").tag(sync=True)

    def show_empty(self, message: str) -> None:
        """Show ``message`` on the card in place of a sentence (nothing to code or review)."""
        self.card_html = _html.card(heading=message, previous=None, current_html="", following=None, claims=[])
