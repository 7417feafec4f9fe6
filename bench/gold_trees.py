"""Gold dependency trees of UD English in place of the parser's, to see how far perfect trees take the claims.

:func:`gold_parser` returns a drop-in for ``workbench.syntax.parse`` that answers with the gold
trees of the given CoNLL-U files, carried over to the workbench's tokens by
:func:`workbench.syntax.treebank.read` (the way the parser's training data is made), looked up by
the tokens' texts; a sentence it does not know gets a flat tree. An upper bound for the bench,
never a run-time dependency.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterable

import numpy as np

from workbench.syntax import Tree
from workbench.syntax.treebank import read


def gold_parser(paths: Iterable[pathlib.Path]) -> Callable[[list[list[str]]], list[Tree]]:
    """Return a ``parse`` that gives the gold tree of every sentence of ``paths`` (a flat tree for others)."""
    known: dict[tuple[str, ...], Tree] = {}
    for path in paths:
        for sentence in read(path)[0]:
            known[sentence.tokens] = Tree(sentence.heads, sentence.labels)

    def parse(sentences: list[list[str]]) -> list[Tree]:
        flat = [Tree(np.full(len(tokens), -1, dtype=np.int32), ("dep",) * len(tokens)) for tokens in sentences]
        return [known.get(tuple(tokens), tree) for tokens, tree in zip(sentences, flat, strict=True)]

    return parse
