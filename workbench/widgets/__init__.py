"""The views of a store: a card view for reading, a spreadsheet grid for bulk work, a review of disagreements.

The card and the grid are views of the same :class:`~workbench.store.TagStore`: a tag set in one shows in the other
(and in ``store.tags()``) at once, through the store's change notifications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.codebook import Codebook
    from workbench.corpus import Corpus
    from workbench.store import TagStore
    from workbench.widgets._card import Tagger
    from workbench.widgets._review import Review
    from workbench.widgets._sheet import Sheet

__all__ = ["review", "sheet", "tagger"]


def tagger(corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> Tagger:
    """Return the card view: one sentence at a time, tagged with buttons or the codebook's keys.

    Parameters
    ----------
    corpus
        What to tag, from ``workbench.load``.
    codebook
        The tags to use; by default the store's codebook.
    store
        Where tags go; by default ``TagStore()`` (``workbench.sqlite`` in the working directory).
    """
    from workbench.widgets._card import Tagger

    return Tagger(corpus, codebook=codebook, store=store)


def sheet(corpus: Corpus, codebook: Codebook | None = None, store: TagStore | None = None) -> Sheet:
    """Return the spreadsheet view: one row per sentence, a column per tag, sortable, filterable, editable.

    Parameters are those of :func:`tagger`.
    """
    from workbench.widgets._sheet import Sheet

    return Sheet(corpus, codebook=codebook, store=store)


def review(corpus: Corpus, store: TagStore, reviewer: str = "consensus") -> Review:
    """Return the review view: the sentences where coders disagree, who chose what, and buttons to settle each tag.

    Parameters
    ----------
    corpus
        The corpus the coders tagged.
    store
        The tag store with every coder's work.
    reviewer
        The coder settled tags are stored under (through the store, so the history keeps them);
        ``"consensus"`` is left out of agreement figures.
    """
    from workbench.widgets._review import Review

    return Review(corpus, store, reviewer=reviewer)
