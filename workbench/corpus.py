"""The ``Corpus``: the tables of the contract for a set of articles, and a few views of them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbench import actors as _actors
from workbench import schema


@dataclass(repr=False)
class Corpus:
    """Articles and the tables extracted from them, as pandas DataFrames.

    Attributes
    ----------
    articles, sentences, mentions, claims, errors
        The tables of the contract (see ``workbench.schema.TABLES``).
    actors
        One row per canonical actor, derived from ``mentions``.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=lambda: schema.empty("errors"))
    actors: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        for table in ("articles", "sentences", "mentions", "claims", "errors"):
            schema.validate(getattr(self, table), table)
        self.actors = _actors.summarise(self.mentions)

    def __repr__(self) -> str:
        return (
            f"<Corpus: {len(self.articles):,} article(s), {len(self.sentences):,} sentences, "
            f"{len(self.actors):,} actors, {len(self.mentions):,} mentions, {len(self.claims):,} claims, "
            f"{len(self.errors):,} error(s)>"
        )

    def merge_actors(self, keep: str, *others: str) -> Corpus:
        """Return a new corpus in which the actors ``others`` are one actor with ``keep``.

        Their mentions are renamed (taking ``keep``'s type and code) and ``claims.source_actor``
        follows, so ``actors`` has one row for them all. Example:
        ``corpus.merge_actors("Joe Biden", "Biden administration")``.

        Raises
        ------
        KeyError
            When a name is not in ``corpus.actors["actor"]``.
        """
        mentions, claims = _actors.merge(self.mentions, self.claims, keep, others)
        return Corpus(self.articles, self.sentences, mentions, claims, self.errors)

    def find(
        self,
        *,
        article: str = "",
        actor: str = "",
        search: str = "",
        claims_only: bool = False,
        hedged_only: bool = False,
    ) -> pd.DataFrame:
        """Return the sentences that pass every filter given, with their article, actors and claim sources.

        Parameters
        ----------
        article
            An ``article_id``.
        actor
            A canonical actor name, as in ``corpus.actors.actor``.
        search
            Words the sentence contains (case-insensitive, taken literally).
        claims_only, hedged_only
            Keep only sentences with a claim, or hedged sentences.

        Returns
        -------
        pandas.DataFrame
            Columns ``sentence_id``, ``article_id``, ``article`` (title), ``position``, ``text``,
            ``actors``, ``claim_source``, ``has_claim`` and ``hedged``, in corpus order.

        Raises
        ------
        FilterError
            When ``article`` or ``actor`` is not in the corpus; the message lists the choices.
        """
        from workbench import selection

        selection.check_choice("article", article, set(self.articles["article_id"]))
        selection.check_choice("actor", actor, set(self.actors["actor"]))
        filters = selection.Filters(
            article=article, actor=actor, search=search, claims_only=claims_only, hedged_only=hedged_only
        )
        rows = selection.sentence_rows(self)
        keep = selection.select(rows, filters, mentions=self.mentions)
        return rows.iloc[keep].reset_index(drop=True)

    def summary(self) -> pd.Series:
        """Return the corpus at a glance: counts of every table and the date range."""
        published = self.articles["published"].dropna()
        return pd.Series(
            {
                "articles": len(self.articles),
                "paragraphs": int(self.articles["n_paragraphs"].sum()),
                "sentences": len(self.sentences),
                "actors": len(self.actors),
                "mentions": len(self.mentions),
                "claims": len(self.claims),
                "hedged sentences": int(self.sentences["hedged"].sum()),
                "first published": published.min() if len(published) else pd.NaT,
                "last published": published.max() if len(published) else pd.NaT,
                "errors": len(self.errors),
            },
            name="corpus",
            dtype=object,
        )
