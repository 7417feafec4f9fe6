"""Functions that pass their keyword arguments on to another, with that function's parameters in their signature.

A chart that draws a summary, or a corpus method that builds a record of filters, takes the
same keywords as the function it calls. Stating them once, in that function, keeps the two from
drifting apart; :func:`keywords_of` then shows them in the caller's signature, so ``help()``,
a notebook's completion and :func:`inspect.signature` list each with its default.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def keywords_of(source: Callable[..., Any]) -> Callable[[F], F]:
    """Show the decorated function's ``**keywords`` as the keyword-only parameters of ``source``.

    Only the signature shown changes: the function still receives the keywords as a dict and
    passes them on (to ``source`` or to :func:`bound`), which checks their names.
    """

    def decorate(function: F) -> F:
        own = inspect.signature(function)
        kept = [parameter for parameter in own.parameters.values() if parameter.kind is not parameter.VAR_KEYWORD]
        passed = [p for p in inspect.signature(source).parameters.values() if p.kind is p.KEYWORD_ONLY]
        function.__signature__ = own.replace(parameters=[*kept, *passed])  # type: ignore[attr-defined]
        return function

    return decorate


def bound(source: Callable[..., Any], *args: Any, **keywords: Any) -> inspect.BoundArguments:
    """Return the arguments of a call of ``source``, with its defaults filled in.

    Raises
    ------
    TypeError
        For a keyword ``source`` does not take, or a missing argument, as calling it would.
    """
    arguments = inspect.signature(source).bind(*args, **keywords)
    arguments.apply_defaults()
    return arguments
