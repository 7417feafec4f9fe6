"""Score name finders on annotated documents: precision, recall and F1 of name spans, per kind.

A found name counts when its offsets equal a gold name's and, for the per-kind figures, its
kind matches too. Any finder is a function from a :class:`~workbench.evaluate.annotated.Document`
to ``(start, end, label)`` spans, so the shipped model, the whole actors stage and other
libraries are scored the same way, on the same documents, in the same run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from workbench.evaluate.annotated import Document, Label, Span

Finder = Callable[[Document], Iterable[Span]]
"""A name finder under test: the names it finds in a document."""

ANY = "all"
"""The row of the figures that ignores the kind: a name found with the right span but another kind counts."""


class Figures(NamedTuple):
    """Precision, recall and F1 of one kind of name (or of all), with the counts behind them."""

    kind: str
    gold: int
    found: int
    right: int

    @property
    def precision(self) -> float:
        """Share of the names found that are right."""
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        """Share of the gold names found."""
        return self.right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(documents: Iterable[Document], finder: Finder) -> dict[str, Figures]:
    """Return the figures of ``finder`` on ``documents``: one row per kind and one for all kinds."""
    gold: dict[str, int] = {}
    found: dict[str, int] = {}
    right: dict[str, int] = {}
    for document in documents:
        truth = set(document.spans)
        untyped_truth = {(s.start, s.end) for s in truth}
        guesses = set(finder(document))
        for key, spans, hits in (
            (ANY, untyped_truth, {(s.start, s.end) for s in guesses} & untyped_truth),
            *((kind.value, {s for s in truth if s.label is kind}, None) for kind in Label),
        ):
            if hits is None:
                mine = {s for s in guesses if s.label is Label(key)}
                gold[key] = gold.get(key, 0) + len(spans)
                found[key] = found.get(key, 0) + len(mine)
                right[key] = right.get(key, 0) + len(mine & spans)
            else:
                gold[key] = gold.get(key, 0) + len(spans)
                found[key] = found.get(key, 0) + len({(s.start, s.end) for s in guesses})
                right[key] = right.get(key, 0) + len(hits)
    return {key: Figures(key, gold[key], found.get(key, 0), right.get(key, 0)) for key in gold}


def table(results: dict[str, dict[str, Figures]]) -> str:
    """Return the figures of several finders as a Markdown table, one row per finder and kind."""
    lines = ["| finder | kind | gold | found | precision | recall | F1 |", "| --- " * 7 + "|"]
    for name, figures in results.items():
        for row in figures.values():
            figures_text = f"{row.precision:.3f} | {row.recall:.3f} | {row.f1:.3f}"
            lines.append(f"| {name} | {row.kind} | {row.gold} | {row.found} | {figures_text} |")
    return "\n".join(lines)


_ACTOR_LABELS = {
    "person": Label.PER,
    "organization": Label.ORG,
    "government body": Label.ORG,
    "armed group": Label.ORG,
    "country": Label.LOC,
    "location": Label.LOC,
}
"""How the actors table's types map to the three kinds of the annotated text (roles are not names)."""


def actors_finder(**options: object) -> Finder:
    """Return the whole actors stage (dictionary, rules and name finder) as a finder.

    ``options`` go to :func:`workbench.actors.find_mentions` (``names=None`` scores the rules
    alone). The document's gold sentences are used, so only the actors stage is measured.
    """
    import pandas as pd

    from workbench.actors import find_mentions
    from workbench.actors.dictionary import demonyms

    # A demonym ("Iranian") is a mention of its country in the actors table, but not a name in
    # the annotated text: it is left out of the comparison.
    not_names = demonyms()

    def find(document: Document) -> list[Span]:
        articles = pd.DataFrame({"article_id": ["a"], "text": [document.text]})
        sentences = pd.DataFrame(
            {
                "article_id": ["a"] * len(document.sentences),
                "sentence_id": [str(k) for k in range(len(document.sentences))],
                "start": [start for start, _ in document.sentences],
                "end": [end for _, end in document.sentences],
            }
        )
        mentions = find_mentions(articles, sentences, **options)
        rows = zip(mentions["start"].tolist(), mentions["end"].tolist(), mentions["actor_type"].tolist(), strict=True)
        return [
            Span(start, end, _ACTOR_LABELS[kind])
            for start, end, kind in rows
            if kind in _ACTOR_LABELS and document.text[start:end] not in not_names
        ]

    return find


__all__ = ["ANY", "Figures", "Finder", "Span", "actors_finder", "score", "table"]
