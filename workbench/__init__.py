"""An analyst workbench for news articles: sentences, actors, claims, tags, charts and exports.

Example
-------
>>> import workbench
>>> corpus = workbench.load_text("President Biden spoke with Prime Minister Netanyahu. Iran warned Israel.")
>>> len(corpus.sentences)
2
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from workbench.corpus import Corpus
from workbench.loading import load, load_text

if TYPE_CHECKING:
    from workbench import charts, export
    from workbench.assignments import assign
    from workbench.codebook import Codebook
    from workbench.ondisk import build_corpus, check_corpus, open_corpus
    from workbench.reliability import agreement
    from workbench.store import TagStore
    from workbench.widgets import sheet, tagger

__all__ = [
    "Codebook",
    "Corpus",
    "TagStore",
    "agreement",
    "assign",
    "build_corpus",
    "charts",
    "check_corpus",
    "export",
    "load",
    "load_text",
    "open_corpus",
    "sheet",
    "tagger",
]
__version__ = "0.1.0"

# Heavier names load on first use, so ``import workbench`` stays fast.
_LAZY = {
    "Codebook": ("workbench.codebook", "Codebook"),
    "TagStore": ("workbench.store", "TagStore"),
    "tagger": ("workbench.widgets", "tagger"),
    "sheet": ("workbench.widgets", "sheet"),
    "agreement": ("workbench.reliability", "agreement"),
    "assign": ("workbench.assignments", "assign"),
    "charts": ("workbench.charts", None),
    "export": ("workbench.export", None),
    "build_corpus": ("workbench.ondisk", "build_corpus"),
    "check_corpus": ("workbench.ondisk", "check_corpus"),
    "open_corpus": ("workbench.ondisk", "open_corpus"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
