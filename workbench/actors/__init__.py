"""Actor mentions: who is mentioned, under one canonical name per actor.

``find_mentions`` builds the ``mentions`` table of a batch of articles, ``summarise`` the
``actors`` table from it (``combine`` from the summaries of parts of a corpus),
``dictionary_for`` the dictionary an analyst's own CSV makes, and ``merge`` folds actors an
analyst decides are one.
"""

from __future__ import annotations

from workbench.actor_table import combine, merge, summarise
from workbench.actors import ner
from workbench.actors.dictionary import ActorDictionary, dictionary_for, shipped
from workbench.actors.mentions import BUILTIN, find_mentions

__all__ = [
    "BUILTIN",
    "ActorDictionary",
    "combine",
    "dictionary_for",
    "find_mentions",
    "merge",
    "ner",
    "shipped",
    "summarise",
]
