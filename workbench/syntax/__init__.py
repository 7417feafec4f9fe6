"""Dependency trees of sentences: a small greedy parser trained on openly licensed treebanks.

``parse(sentences)`` takes sentences as lists of token texts (the workbench's word tokenizer,
:func:`workbench.syntax.model.tokens`) and returns one :class:`Tree` per sentence: each token's
head (``-1`` for the root) and its relation, from the coarse set :data:`LABELS` of Universal
Dependencies relations. See :mod:`workbench.syntax.model` for how it works and
:mod:`workbench.syntax.train` for how its weights are made.
"""

from workbench.syntax.model import LABELS, ParserError, Tree, parse, tokens

__all__ = ["LABELS", "ParserError", "Tree", "parse", "tokens"]
